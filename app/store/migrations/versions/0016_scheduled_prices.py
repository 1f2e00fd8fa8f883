"""Scheduled prices from the chain's backend (issue 13 §3): a price valid from a store day (and until one), for
this store or for every store; the register picks the one valid on the day of the scan, online or not.

Revision ID: 0016
Revises: 0015
Create Date: 2026-11-30
"""
from alembic import op
import sqlalchemy as sa

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "productprice",
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("store_id", sa.String(length=16), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("price_cents", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("product_id", "store_id", "valid_from"),
        sqlite_with_rowid=False,
    )


def downgrade() -> None:
    op.drop_table("productprice")
