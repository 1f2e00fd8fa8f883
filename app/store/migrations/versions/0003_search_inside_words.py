"""Product search finds text inside words ("schoko" finds "Vollmilchschokolade").

German product names are compound words, which a word-prefix index cannot
search into. The trigram tokenizer indexes every three-letter run instead.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25
"""
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

TRIGGERS = [
    """CREATE TRIGGER product_fts_ai AFTER INSERT ON product BEGIN
        INSERT INTO product_fts(rowid, name, brand) VALUES (new.id, new.name, new.brand); END""",
    """CREATE TRIGGER product_fts_ad AFTER DELETE ON product BEGIN
        INSERT INTO product_fts(product_fts, rowid, name, brand) VALUES ('delete', old.id, old.name, old.brand); END""",
    """CREATE TRIGGER product_fts_au AFTER UPDATE OF name, brand ON product BEGIN
        INSERT INTO product_fts(product_fts, rowid, name, brand) VALUES ('delete', old.id, old.name, old.brand);
        INSERT INTO product_fts(rowid, name, brand) VALUES (new.id, new.name, new.brand); END""",
]


def _recreate(options: str) -> None:
    for name in ("product_fts_au", "product_fts_ad", "product_fts_ai"):
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute("DROP TABLE IF EXISTS product_fts")
    op.execute(f"CREATE VIRTUAL TABLE product_fts USING fts5(name, brand, content='product', content_rowid='id',"
               f" {options})")
    op.execute("INSERT INTO product_fts(product_fts) VALUES ('rebuild')")
    for statement in TRIGGERS:
        op.execute(statement)


def upgrade() -> None:
    _recreate("tokenize='trigram'")


def downgrade() -> None:
    _recreate("tokenize='unicode61 remove_diacritics 2', prefix='2 3'")
