"""The chain's offers and coupons (issue 14): replicated from the backend and applied offline; each sale line
keeps the offers it got, each sale the coupons it used.

Revision ID: 0017
Revises: 0016
Create Date: 2026-11-30
"""
from alembic import op
import sqlalchemy as sa

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "promotion",
        sa.Column("id", sa.String(length=32), primary_key=True),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
    )
    op.create_table(
        "coupon",
        sa.Column("code", sa.String(length=24), primary_key=True),
        sa.Column("promotion_id", sa.String(length=32), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
    )
    op.create_table(
        "salecoupon",
        sa.Column("sale_id", sa.String(length=32), sa.ForeignKey("sale.id"), primary_key=True),
        sa.Column("code", sa.String(length=24), primary_key=True),
        sa.Column("customer_id", sa.Integer(), nullable=True),
    )
    with op.batch_alter_table("saleline") as batch:
        batch.add_column(sa.Column("offers", sa.JSON(), nullable=False, server_default="[]"))


def downgrade() -> None:
    with op.batch_alter_table("saleline") as batch:
        batch.drop_column("offers")
    op.drop_table("salecoupon")
    op.drop_table("coupon")
    op.drop_table("promotion")
