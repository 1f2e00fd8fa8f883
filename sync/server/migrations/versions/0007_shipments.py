"""Ship from store (issue 15 §2, sync/server/shipping.py): a location's part of a web order for delivery; and which
counter sale paid an order for delivery placed there (the figures per channel, sync/server/figures.py).

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30
"""
from alembic import op
import sqlalchemy as sa

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "shipment",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("order_id", sa.String(32), nullable=False),
        sa.Column("location_id", sa.String(16), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("lines", sa.JSON(), nullable=False),
        sa.Column("picked", sa.JSON(), nullable=False),
        sa.Column("missing", sa.JSON(), nullable=False),
        sa.Column("excluded", sa.JSON(), nullable=False),
        sa.Column("parcel_no", sa.String(18), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("packed_at", sa.String(40), nullable=True),
    )
    op.create_index("ix_shipment_order_id", "shipment", ["order_id"])
    op.create_index("ix_shipment_location_id", "shipment", ["location_id"])
    with op.batch_alter_table("onlineorder") as batch:  # the counter sale that paid an order for delivery
        batch.add_column(sa.Column("sale_id", sa.String(32), nullable=True))
    # the figures per channel (sync/server/figures.py) find a sale's order and a store's sales of a period by these
    op.create_index("ix_onlineorder_sale_id", "onlineorder", ["sale_id"])
    op.create_index("ix_collection_sale_id", "collection", ["sale_id"])
    op.create_index("ix_sale_store_ended", "sale", ["store_id", "ended_at"])


def downgrade() -> None:
    op.drop_index("ix_sale_store_ended", "sale")
    op.drop_index("ix_collection_sale_id", "collection")
    op.drop_index("ix_onlineorder_sale_id", "onlineorder")
    with op.batch_alter_table("onlineorder") as batch:
        batch.drop_column("sale_id")
    op.drop_index("ix_shipment_location_id", "shipment")
    op.drop_index("ix_shipment_order_id", "shipment")
    op.drop_table("shipment")
