"""Scheduled prices from the chain's systems: per product, store ('' for all) and first day (sync/server/prices.py).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30
"""
from alembic import op
import sqlalchemy as sa

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

BIG = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "productprice",
        sa.Column("product_id", BIG, nullable=False),
        sa.Column("store_id", sa.String(16), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("price_cents", BIG, nullable=False),
        sa.ForeignKeyConstraint(["product_id"], ["product.id"]),
        sa.PrimaryKeyConstraint("product_id", "store_id", "valid_from"),
    )


def downgrade() -> None:
    op.drop_table("productprice")
