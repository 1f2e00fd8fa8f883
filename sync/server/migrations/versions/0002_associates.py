"""The chain's associates, managed centrally, and the stores they work in (sync/server/associates.py).

Changed once before any release (its integers made 64-bit on PostgreSQL); from now on a change is a new revision.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-30
"""
from alembic import op
import sqlalchemy as sa

BIG = sa.BigInteger().with_variant(sa.Integer(), "sqlite")  # every integer 64-bit, as in sync/server/models.py

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "associate",
        sa.Column("id", BIG, nullable=False, autoincrement=True),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("pin_hash", sa.String(200), nullable=False),
        sa.Column("pin_change_due", sa.Boolean(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("version", BIG, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "associatestore",
        sa.Column("associate_id", BIG, nullable=False),
        sa.Column("store_id", sa.String(16), nullable=False),
        sa.ForeignKeyConstraint(["associate_id"], ["associate.id"]),
        sa.ForeignKeyConstraint(["store_id"], ["location.id"]),
        sa.PrimaryKeyConstraint("associate_id", "store_id"),
    )


def downgrade() -> None:
    op.drop_table("associatestore")
    op.drop_table("associate")
