"""Online orders replicated from the backend, and returns taken at this register.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-25
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "onlineorder",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("order_no", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("customer_email", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("paid_online", sa.Boolean(), nullable=False),
        sa.Column("total_cents", sa.Integer(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_onlineorder_order_no"), "onlineorder", ["order_no"], unique=False)
    op.create_table(
        "returnrecord",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("source", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("source_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("associate_id", sa.Integer(), nullable=False),
        sa.Column("refund_cents", sa.Integer(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["associate_id"], ["associate.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_returnrecord_source_id"), "returnrecord", ["source_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_returnrecord_source_id"), table_name="returnrecord")
    op.drop_table("returnrecord")
    op.drop_index(op.f("ix_onlineorder_order_no"), table_name="onlineorder")
    op.drop_table("onlineorder")
