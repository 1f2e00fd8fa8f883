"""The fiscal journal: append-only, hash-chained (issue 11). UPDATE and DELETE are refused by triggers.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-30
"""
from alembic import op
import sqlalchemy as sa

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "fiscalevent",
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("chain", sa.String(length=32), nullable=False),
        sa.Column("at", sa.String(length=40), nullable=False),
        sa.Column("register_id", sa.String(length=32), nullable=False),
        sa.Column("location_id", sa.String(length=16), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("entity_id", sa.String(length=64), nullable=False),
        sa.Column("data", sa.String(), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("seq"),
        sa.UniqueConstraint("hash"),
    )
    op.execute("CREATE TRIGGER fiscalevent_no_update BEFORE UPDATE ON fiscalevent"
               " BEGIN SELECT RAISE(ABORT, 'the fiscal journal is append-only'); END")
    op.execute("CREATE TRIGGER fiscalevent_no_delete BEFORE DELETE ON fiscalevent"
               " BEGIN SELECT RAISE(ABORT, 'the fiscal journal is append-only'); END")


def downgrade() -> None:
    op.execute("DROP TRIGGER fiscalevent_no_delete")
    op.execute("DROP TRIGGER fiscalevent_no_update")
    op.drop_table("fiscalevent")
