"""Loyalty points (issue 14 §2, sync/server/loyalty.py): one id-keyed entry per event, so nothing is booked twice;
and gift cards (§3): a voucher is store credit of a return or a gift card sold (`kind`).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30
"""
from alembic import op
import sqlalchemy as sa

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

BIG = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "loyaltyentry",
        sa.Column("id", sa.String(48), primary_key=True),
        sa.Column("customer_id", BIG, nullable=False),
        sa.Column("points", BIG, nullable=False),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("source_id", sa.String(32), nullable=True),
        sa.Column("store_id", sa.String(16), nullable=True),
        sa.Column("channel", sa.String(8), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_loyaltyentry_customer_id", "loyaltyentry", ["customer_id"])
    with op.batch_alter_table("voucher") as batch:
        batch.add_column(sa.Column("kind", sa.String(16), nullable=False, server_default="store_credit"))


def downgrade() -> None:
    with op.batch_alter_table("voucher") as batch:
        batch.drop_column("kind")
    op.drop_index("ix_loyaltyentry_customer_id", "loyaltyentry")
    op.drop_table("loyaltyentry")
