"""Click & collect: pickup orders of this store found fast, and collections taken at this register.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-25
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("onlineorder") as batch:
        batch.add_column(sa.Column("pickup_store_id", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True))
        batch.add_column(sa.Column("pickup_open", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.create_index("ix_onlineorder_pickup", "onlineorder", ["pickup_store_id", "pickup_open"], unique=False)
    op.execute("UPDATE onlineorder SET pickup_store_id = json_extract(data, '$.pickup_store_id'),"
               " pickup_open = json_extract(data, '$.fulfilment') = 'pickup'")
    op.create_table(
        "collection",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("order_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("associate_id", sa.Integer(), nullable=False),
        sa.Column("sale_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["associate_id"], ["associate.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_collection_order_id"), "collection", ["order_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_collection_order_id"), table_name="collection")
    op.drop_table("collection")
    op.drop_index("ix_onlineorder_pickup", table_name="onlineorder")
    with op.batch_alter_table("onlineorder") as batch:
        batch.drop_column("pickup_open")
        batch.drop_column("pickup_store_id")
