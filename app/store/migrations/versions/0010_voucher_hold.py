"""A voucher can be held: the return that issued it refunded more than was paid (issue 10, security 2).

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-30
"""
from alembic import op
import sqlalchemy as sa

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("voucher") as batch:
        batch.add_column(sa.Column("held", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("voucher") as batch:
        batch.drop_column("held")
