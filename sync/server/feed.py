"""Reading the change feed in pages with an opaque, resumable cursor.

The feed is ordered by (writing transaction, id). On PostgreSQL ids are
handed out before commit, so a transaction can commit a smaller id after a
larger one is visible; a cursor over ids alone would skip it. Rows of every
transaction older than the oldest one still running (pg_snapshot_xmin) are
final, and no later write can land before them: the pull shows exactly that
prefix. SQLite has one writer at a time, so ids alone are safe there.
"""

from __future__ import annotations

import base64
import json

from sqlalchemy import text
from sqlmodel import Session

from sync.protocol import Change, PullResponse


class BadCursor(ValueError):
    pass


def encode_cursor(txid: int, change_id: int) -> str:
    return base64.urlsafe_b64encode(json.dumps([1, txid, change_id]).encode()).decode()


def decode_cursor(cursor: str | None) -> tuple[int, int]:
    if not cursor:
        return 0, 0
    try:
        version, txid, change_id = json.loads(base64.urlsafe_b64decode(cursor.encode()))
        if version != 1 or not all(type(v) is int and 0 <= v <= 2**62 for v in (txid, change_id)):
            raise ValueError  # 64-bit columns: anything larger is no cursor of ours
    except Exception as exc:
        raise BadCursor("invalid cursor: start again without one") from exc
    return txid, change_id


_VISIBLE = {  # the rows a pull may show, one index range per scope (sync/server/models.py: ix_change_feed)
    "postgresql": "(txid, id) > (:t, :i) AND txid < pg_snapshot_xmin(pg_current_snapshot())::text::bigint",
    "sqlite": "txid = 0 AND id > :i",  # one writer: every txid is 0, the ids are final
}
_DATA = {"postgresql": "data::text", "sqlite": "data"}


def _rows(session: Session, store_id: str, cursor: str | None, limit: int, kinds: list[str] | None = None):
    """The next rows of the store's feed after the cursor: its own rows and the chain-wide ones (store_id NULL),
    read as two index ranges and merged, so a caught-up register costs two index probes however many other
    stores' rows the feed holds."""
    txid, after = decode_cursor(cursor)
    conn = session.connection()
    dialect = "postgresql" if conn.dialect.name == "postgresql" else "sqlite"
    params = {"t": txid, "i": after, "store": store_id, "n": limit + 1}
    only = ""
    if kinds:  # a register catching up on kinds it skipped before it knew them
        only = " AND kind IN (" + ", ".join(f":k{i}" for i in range(len(kinds))) + ")"
        params.update({f"k{i}": k for i, k in enumerate(kinds)})
    scope = (f"SELECT txid, id, kind, key, {_DATA[dialect]} AS data FROM change WHERE {{}} AND {_VISIBLE[dialect]}"
             f"{only} ORDER BY txid, id LIMIT :n")
    rows = conn.execute(text(
        f"SELECT txid, id, kind, key, data FROM ({scope.format('store_id = :store')}) AS own"
        f" UNION ALL SELECT txid, id, kind, key, data FROM ({scope.format('store_id IS NULL')}) AS chain"
        " ORDER BY txid, id LIMIT :n"), params).all()
    has_more = len(rows) > limit
    rows = rows[:limit]
    if rows:
        txid, after = rows[-1][0], rows[-1][1]
    estimate = None
    if not cursor and has_more and not kinds:
        estimate = conn.execute(text("SELECT count(*) FROM change WHERE store_id IS NULL OR store_id = :store"),
                                {"store": store_id}).scalar_one()  # this register's feed, not other stores' rows
    return rows, encode_cursor(txid, after), has_more, estimate


def read_page(session: Session, *, store_id: str, cursor: str | None, limit: int) -> PullResponse:
    rows, next_cursor, has_more, estimate = _rows(session, store_id, cursor, limit)
    changes = [Change(kind=r[2], key=r[3], data=json.loads(r[4]) if r[4] is not None else None) for r in rows]
    return PullResponse(changes=changes, cursor=next_cursor, has_more=has_more, total_estimate=estimate)


def read_page_json(session: Session, *, store_id: str, cursor: str | None, limit: int,
                   kinds: list[str] | None = None) -> bytes:
    """The same page as `read_page`, as JSON bytes: the stored data is spliced in as it is
    (it was serialised when written), which makes a catalog bootstrap several times faster."""
    rows, next_cursor, has_more, estimate = _rows(session, store_id, cursor, limit, kinds)
    parts = [f'{{"kind":{json.dumps(r[2])},"key":{json.dumps(r[3])},"data":{r[4] if r[4] is not None else "null"}}}'
             for r in rows]
    return (f'{{"changes":[{",".join(parts)}],"cursor":{json.dumps(next_cursor)},'
            f'"has_more":{"true" if has_more else "false"},"total_estimate":{json.dumps(estimate)}}}').encode()
