"""The change feed read per store (issue 17 §1, sync/server/feed.py): an index on (store_id, txid, id), so a pull
reads its store's rows and the chain-wide ones as two index ranges from its cursor, however many other stores'
rows lie in between; it replaces the index on txid alone. On SQLite every row's txid becomes 0 (one writer: the
ids alone order the feed), so the same index serves it. A store's stock rows move to that store's feed
(sync.server.movements.stock_feed_scope, then in apply.py); other stores' stock is looked up online.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01
"""
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        op.execute("UPDATE change SET txid = 0 WHERE txid IS NULL")
    op.execute("UPDATE change SET store_id = (SELECT l.id FROM location l WHERE l.kind = 'store'"
               " AND substr(change.key, 1, length(l.id) + 1) = l.id || ':') WHERE kind = 'stock' AND store_id IS NULL")
    op.create_index("ix_change_feed", "change", ["store_id", "txid", "id"])
    op.drop_index("ix_change_txid", table_name="change")


def downgrade() -> None:
    op.create_index("ix_change_txid", "change", ["txid"])
    op.drop_index("ix_change_feed", table_name="change")
