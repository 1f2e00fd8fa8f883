"""TSE transactions and outages on the register; training sales (issue 11).

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-30
"""
from alembic import op
import sqlalchemy as sa

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "tsetransaction",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("cart_id", sa.String(length=32), nullable=False, server_default=""),
        sa.Column("receipt_id", sa.String(length=32), nullable=False, server_default=""),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("client_id", sa.String(length=32), nullable=False),
        sa.Column("tse_serial", sa.String(length=128), nullable=False, server_default=""),
        sa.Column("transaction_number", sa.Integer(), nullable=True),
        sa.Column("process_type", sa.String(), nullable=False, server_default=""),
        sa.Column("process_data", sa.String(), nullable=False, server_default=""),
        sa.Column("start_time", sa.String(), nullable=False, server_default=""),
        sa.Column("log_time", sa.String(), nullable=False, server_default=""),
        sa.Column("signature_counter", sa.Integer(), nullable=True),
        sa.Column("signature", sa.String(), nullable=False, server_default=""),
        sa.Column("public_key", sa.String(), nullable=False, server_default=""),
        sa.Column("signature_algorithm", sa.String(), nullable=False, server_default=""),
        sa.Column("time_format", sa.String(), nullable=False, server_default=""),
        sa.Column("error", sa.String(), nullable=False, server_default=""),
        sa.Column("outage_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_tsetransaction_cart_id", "tsetransaction", ["cart_id"])
    op.create_index("ix_tsetransaction_receipt_id", "tsetransaction", ["receipt_id"])
    op.create_index("ix_tsetransaction_state", "tsetransaction", ["state"])
    op.create_table(
        "tseoutage",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("ended_at", sa.DateTime(), nullable=True),
        sa.Column("reason", sa.String(), nullable=False, server_default=""),
        sa.Column("receipts_affected", sa.Integer(), nullable=False, server_default="0"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("sale") as batch:
        batch.add_column(sa.Column("training", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("sale") as batch:
        batch.drop_column("training")
    op.drop_table("tseoutage")
    op.drop_index("ix_tsetransaction_state", "tsetransaction")
    op.drop_index("ix_tsetransaction_receipt_id", "tsetransaction")
    op.drop_index("ix_tsetransaction_cart_id", "tsetransaction")
    op.drop_table("tsetransaction")
