"""Journal of card authorisations, so a terminal timeout never charges twice.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "cardpayment",
        sa.Column("reference", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("cart_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("amount_cents", sa.Integer(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("approval_code", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("reference"),
    )
    op.create_index(op.f("ix_cardpayment_cart_id"), "cardpayment", ["cart_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_cardpayment_cart_id"), table_name="cardpayment")
    op.drop_table("cardpayment")
