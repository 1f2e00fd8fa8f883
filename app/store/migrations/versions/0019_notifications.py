"""Store notifications (issue 15 §1): what the backend tells this store at once, kept until acknowledged.

Revision ID: 0019
Revises: 0018
Create Date: 2026-11-30
"""
from alembic import op
import sqlalchemy as sa

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "notification",
        sa.Column("id", sa.String(96), primary_key=True),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("ref", sa.String(), nullable=False),
        sa.Column("params", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.String(), nullable=False),
        sa.Column("acknowledged_at", sa.String(), nullable=True),
        sa.Column("acknowledged_by", sa.String(), nullable=True),
    )
    op.create_index("ix_notification_open", "notification", ["acknowledged_at", "created_at"])


def downgrade() -> None:
    op.drop_index("ix_notification_open", "notification")
    op.drop_table("notification")
