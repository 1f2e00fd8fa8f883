"""Associates come from the chain's backend (issue 13): a starting PIN that must be changed at the first login,
and when the backend last changed the row (a PIN set at this register is not overwritten by an older pull).

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-30
"""
from alembic import op
import sqlalchemy as sa

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("associate") as batch:
        batch.add_column(sa.Column("pin_change_due", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("associate") as batch:
        batch.drop_column("version")
        batch.drop_column("pin_change_due")
