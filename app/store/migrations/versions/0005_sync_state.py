"""Sync state: the backend's answer per outbox entry, and the conflict inbox.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("outboxentry") as batch:
        batch.add_column(sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False,
                                   server_default="pending"))
        batch.add_column(sa.Column("result_reason", sqlmodel.sql.sqltypes.AutoString(), nullable=False,
                                   server_default=""))
    op.create_table(
        "conflict",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("entity_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("resolution", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("resolved_by", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_outboxentry_pending", "outboxentry", ["sent_at", "seq"])


def downgrade() -> None:
    op.drop_index("ix_outboxentry_pending", table_name="outboxentry")
    op.drop_table("conflict")
    with op.batch_alter_table("outboxentry") as batch:
        batch.drop_column("result_reason")
        batch.drop_column("status")
