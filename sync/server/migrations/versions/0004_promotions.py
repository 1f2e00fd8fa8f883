"""The chain's offers and coupons (issue 14, sync/server/promotions.py): what a coupon was used for, and what an
online order's lines saved.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30
"""
from alembic import op
import sqlalchemy as sa

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

BIG = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "promotion",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "coupon",
        sa.Column("code", sa.String(24), primary_key=True),
        sa.Column("promotion_id", sa.String(32), nullable=False),
        sa.Column("customer_id", BIG, nullable=True),  # a personal coupon's customer
        sa.Column("data", sa.JSON(), nullable=False),
    )
    op.create_index("ix_coupon_customer_id", "coupon", ["customer_id"])
    op.create_table(
        "couponuse",
        sa.Column("source_id", sa.String(32), primary_key=True),  # the sale or the online order
        sa.Column("code", sa.String(24), primary_key=True),
        sa.Column("customer_id", BIG, nullable=True),
        sa.Column("store_id", sa.String(16), nullable=True),
        sa.Column("channel", sa.String(8), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_couponuse_code", "couponuse", ["code"])
    with op.batch_alter_table("onlineorderline") as batch:
        batch.add_column(sa.Column("offer_cents", BIG, nullable=False, server_default="0"))
        batch.add_column(sa.Column("offers", sa.JSON(), nullable=False, server_default="[]"))


def downgrade() -> None:
    with op.batch_alter_table("onlineorderline") as batch:
        batch.drop_column("offers")
        batch.drop_column("offer_cents")
    op.drop_index("ix_couponuse_code", "couponuse")
    op.drop_table("couponuse")
    op.drop_index("ix_coupon_customer_id", "coupon")
    op.drop_table("coupon")
    op.drop_table("promotion")
