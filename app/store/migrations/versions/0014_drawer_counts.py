"""A drawer's own count: where each associate counts a drawer, the Z closing comes with the last one, and the
drawers closed before it keep what was counted and the difference (issue 12).

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-30
"""
from alembic import op
import sqlalchemy as sa

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("tillsession") as batch:
        batch.add_column(sa.Column("counted", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("counted_cents", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("difference_cents", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("tillsession") as batch:
        batch.drop_column("difference_cents")
        batch.drop_column("counted_cents")
        batch.drop_column("counted")
