"""Store notifications (issue 15 §1, sync/server/notifications.py), customers' e-mails through an outbox
(sync/server/mail.py), and when a click & collect order was made ready.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30
"""
from alembic import op
import sqlalchemy as sa

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "notification",
        sa.Column("id", sa.String(96), primary_key=True),
        sa.Column("store_id", sa.String(16), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("ref", sa.String(64), nullable=False),
        sa.Column("params", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("acknowledged_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("acknowledged_by", sa.String(32), nullable=True),
    )
    op.create_index("ix_notification_store_id", "notification", ["store_id"])
    op.create_table(
        "mailoutbox",
        sa.Column("id", sa.String(96), primary_key=True),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("recipient", sa.String(320), nullable=False),
        sa.Column("subject", sa.String(200), nullable=False),
        sa.Column("body", sa.String(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("claimed_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.String(), nullable=False),
    )
    op.create_index("ix_mailoutbox_sent_at", "mailoutbox", ["sent_at"])
    with op.batch_alter_table("onlineorder") as batch:
        batch.add_column(sa.Column("ready_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("onlineorder") as batch:
        batch.drop_column("ready_at")
    op.drop_index("ix_mailoutbox_sent_at", "mailoutbox")
    op.drop_table("mailoutbox")
    op.drop_index("ix_notification_store_id", "notification")
    op.drop_table("notification")
