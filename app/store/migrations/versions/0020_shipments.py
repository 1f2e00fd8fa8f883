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
    # A replica that pulled before: its earlier version skipped the new kinds and pulled past them. It fetches them
    # once from the start of the feed (sync.client.engine.SyncEngine.catch_up).
    op.execute("INSERT INTO setting (key, value) SELECT 'catch_up_kinds', '[\"notification\", \"shipment\"]'"
               " WHERE EXISTS (SELECT 1 FROM setting WHERE key = 'pull_cursor')"
               " AND NOT EXISTS (SELECT 1 FROM setting WHERE key = 'catch_up_kinds')")


def downgrade() -> None:
    op.execute("DELETE FROM setting WHERE key IN ('catch_up_kinds', 'catch_up_cursor')")
    op.drop_table("shipment")
