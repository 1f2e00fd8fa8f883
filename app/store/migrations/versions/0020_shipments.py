"""Ship from store (issue 15 §2): this store's parts of web orders to pick, pack and hand to the carrier.

Revision ID: 0020
Revises: 0019
Create Date: 2026-11-30
"""
from alembic import op
import sqlalchemy as sa

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "shipment",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("order_no", sa.String(32), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("parcel_no", sa.String(18), nullable=True),
    )


def downgrade() -> None:
    op.drop_table("shipment")
