"""Till sessions (the drawer's day, its counted float), cash movements, and where a sale came from (issue 12).

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-30
"""
from alembic import op
import sqlalchemy as sa

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "tillsession",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("register_id", sa.String(length=32), nullable=False),
        sa.Column("associate_id", sa.Integer(), sa.ForeignKey("associate.id"), nullable=True),
        sa.Column("opened_by", sa.Integer(), sa.ForeignKey("associate.id"), nullable=False),
        sa.Column("opened_at", sa.DateTime(), nullable=False),
        sa.Column("float_count", sa.JSON(), nullable=False),
        sa.Column("float_cents", sa.Integer(), nullable=False),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_tillsession_closed_at", "tillsession", ["closed_at"])
    op.create_table(
        "cashmovement",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("till_id", sa.String(length=32), sa.ForeignKey("tillsession.id"), nullable=False),
        sa.Column("receipt_no", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("amount_cents", sa.Integer(), nullable=False),
        sa.Column("note", sa.String(), nullable=False, server_default=""),
        sa.Column("associate_id", sa.Integer(), sa.ForeignKey("associate.id"), nullable=False),
        sa.Column("approved_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_cashmovement_till_id", "cashmovement", ["till_id"])
    op.create_table(
        "dayclosing",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("till_id", sa.String(length=32), sa.ForeignKey("tillsession.id"), nullable=False),
        sa.Column("z_no", sa.Integer(), nullable=False),
        sa.Column("register_id", sa.String(length=32), nullable=False),
        sa.Column("closed_at", sa.DateTime(), nullable=False),
        sa.Column("counted", sa.JSON(), nullable=False),
        sa.Column("counted_cents", sa.Integer(), nullable=False),
        sa.Column("expected_cents", sa.Integer(), nullable=False),
        sa.Column("difference_cents", sa.Integer(), nullable=False),
        sa.Column("figures", sa.JSON(), nullable=False),
        sa.Column("associate_id", sa.Integer(), sa.ForeignKey("associate.id"), nullable=False),
        sa.Column("approved_by", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("till_id"),
    )
    op.create_index("ix_dayclosing_z_no", "dayclosing", ["z_no"])
    with op.batch_alter_table("sale") as batch:
        batch.add_column(sa.Column("origin", sa.String(length=16), nullable=False, server_default="store"))


def downgrade() -> None:
    with op.batch_alter_table("sale") as batch:
        batch.drop_column("origin")
    op.drop_index("ix_dayclosing_z_no", "dayclosing")
    op.drop_table("dayclosing")
    op.drop_index("ix_cashmovement_till_id", "cashmovement")
    op.drop_table("cashmovement")
    op.drop_index("ix_tillsession_closed_at", "tillsession")
    op.drop_table("tillsession")
