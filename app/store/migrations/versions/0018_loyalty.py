"""Loyalty points and gift cards on a sale (issue 14 §2, §3): what it earned and spent, the balance printed on
its receipt, and the gift cards sold with it.

Revision ID: 0018
Revises: 0017
Create Date: 2026-11-30
"""
from alembic import op
import sqlalchemy as sa

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("sale") as batch:
        batch.add_column(sa.Column("points_earned", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("points_redeemed", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("points_balance", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("gift_cards", sa.JSON(), nullable=False, server_default="[]"))


def downgrade() -> None:
    with op.batch_alter_table("sale") as batch:
        batch.drop_column("gift_cards")
        batch.drop_column("points_balance")
        batch.drop_column("points_redeemed")
        batch.drop_column("points_earned")
