"""Stock movements: every change of a count goes through here, recorded as a movement and added to the count.

One rule for every source (sale, delivery, pickup, import, …): a movement that takes a count below zero opens
or deepens that product's negative-stock conflict at that location (sync/server/stock.py), naming the event
that caused it. A count (`inventory`) follows its own rule.

The statements are the same however many movements there are: a register coming back online pushes
thousands of sales at once, and each sale's own statements were most of a push's time (issue 17).
"""

from __future__ import annotations

from sqlalchemy import bindparam, text
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from sync.protocol import MovementReason
from sync.server.db import record_changes
from sync.server.models import utcnow
from sync.server.operations import Rejected
from sync.server.stock import flag_negative_stock

__all__ = ["Movement", "move_stock", "move_stock_for_events", "move_stock_many", "stock_feed_scope"]

Movement = tuple[int, int, str]
"""(product id, delta, movement id): the movement id makes a replayed movement count once."""

_MOVEMENT = text("INSERT INTO stockmovement (id, location_id, product_id, delta, reason, register_id, created_at)"
                 " VALUES (:id, :l, :p, :d, :reason, :reg, :at)")
_SEEN = text("SELECT id FROM stockmovement WHERE id IN :ids").bindparams(bindparam("ids", expanding=True))
_STOCK = text("INSERT INTO stock (location_id, product_id, quantity) VALUES (:l, :p, :d)"
              " ON CONFLICT (location_id, product_id) DO UPDATE SET quantity = stock.quantity + excluded.quantity")
_COUNTS = text("SELECT product_id, quantity FROM stock WHERE location_id = :l AND product_id IN :ps").bindparams(
    bindparam("ps", expanding=True))
_SKUS = text("SELECT id, sku FROM product WHERE id IN :ps").bindparams(bindparam("ps", expanding=True))
_KIND = text("SELECT kind FROM location WHERE id = :l")
_CHUNK = 900  # ids per IN (…): under every SQLite's limit of bound parameters


def stock_feed_scope(conn, location_id: str) -> str | None:
    """Whose feed a location's stock goes to: a store's to that store's registers only, a warehouse's to every
    register (the ship-from choice offline). Sent to every register, every store's sales would reach every
    register of the chain: thousands of rows a second for each (issue 17). Other stores' stock is asked for
    online (`GET /v1/stock`)."""
    kind = conn.execute(_KIND, {"l": location_id}).scalar()
    return location_id if kind == "store" else None


def move_stock(session: Session, *, location_id: str, product_id: int, delta: int, reason: str,
               movement_id: str, register_id: str | None = None, event: dict | None = None) -> int:
    """Record a movement and add it to the count, atomically; returns the new count."""
    return move_stock_many(session, location_id=location_id, moves=[(product_id, delta, movement_id)], reason=reason,
                           register_id=register_id, event=event)[product_id]


def move_stock_many(session: Session, *, location_id: str, moves: list[Movement], reason: str,
                    register_id: str | None = None, event: dict | None = None) -> dict[int, int]:
    """Record one event's movements at one location; returns the new count per product it moved."""
    return move_stock_for_events(session, location_id=location_id, events=[(moves, event)], reason=reason,
                                 register_id=register_id)[0]


def move_stock_for_events(session: Session, *, location_id: str, events: list[tuple[list[Movement], dict | None]],
                          reason: str, register_id: str | None = None) -> list[dict[int, int]]:
    """Record the movements of several events at one location, in their order, in a fixed number of statements;
    returns, for each event, the count of each product it moved as it stood right after that event.

    The same as moving them one event after another: each event that left a product below zero is flagged with
    the count it left, in order. `event` ({sale_id, receipt_no, at}, or None) says what caused it. A movement id
    seen before, or twice, is Rejected: nothing moves."""
    moves = [m for event_moves, _ in events for m in event_moves]
    if not moves:
        return [{} for _ in events]
    conn = session.connection()
    ids = [m[2] for m in moves]
    if len(set(ids)) != len(ids):
        raise Rejected(f"stock movement {_first_repeated(ids)} was already recorded")
    for start in range(0, len(ids), _CHUNK):
        seen = conn.execute(_SEEN, {"ids": ids[start:start + _CHUNK]}).first()
        if seen is not None:
            raise Rejected(f"stock movement {seen[0]} was already recorded")
    now = utcnow()
    per_event = [_net(event_moves) for event_moves, _ in events]
    deltas = _net(moves)
    try:
        conn.execute(_MOVEMENT, [{"id": mid, "l": location_id, "p": p, "d": d, "reason": reason,
                                  "reg": register_id, "at": now} for p, d, mid in moves])
        conn.execute(_STOCK, [{"l": location_id, "p": p, "d": d} for p, d in sorted(deltas.items())])
    except IntegrityError as exc:  # a product or location the backend does not know
        raise Rejected(f"stock of products {sorted(deltas)} cannot be moved: {type(exc).__name__}") from exc
    final: dict[int, int] = {}
    products = sorted(deltas)
    for start in range(0, len(products), _CHUNK):
        final.update(conn.execute(_COUNTS, {"l": location_id, "ps": products[start:start + _CHUNK]}).all())
    record_changes(session, kind="stock", store_id=stock_feed_scope(conn, location_id), items=[
        (f"{location_id}:{p}", {"location_id": location_id, "product_id": p, "quantity": q}) for p, q in final.items()])
    after = _counts_after_each(final, per_event)
    if reason != MovementReason.INVENTORY.value:
        _flag_shortfalls(session, location_id=location_id, reason=reason, register_id=register_id, at=now,
                         events=events, per_event=per_event, after=after)
    return after


def _net(moves: list[Movement]) -> dict[int, int]:
    deltas: dict[int, int] = {}
    for p, d, _ in moves:
        deltas[p] = deltas.get(p, 0) + d
    return deltas


def _first_repeated(ids: list[str]) -> str:
    seen: set[str] = set()
    for i in ids:
        if i in seen:
            return i
        seen.add(i)
    raise ValueError("no id repeats")


def _counts_after_each(final: dict[int, int], per_event: list[dict[int, int]]) -> list[dict[int, int]]:
    """Walk back from the counts after the last event: before an event, its own deltas were not yet added."""
    running = dict(final)
    after: list[dict[int, int]] = []
    for deltas in reversed(per_event):
        after.append({p: running[p] for p in deltas if p in running})
        for p, d in deltas.items():
            if p in running:
                running[p] -= d
    after.reverse()
    return after


def _flag_shortfalls(session: Session, *, location_id: str, reason: str, register_id: str | None, at,
                     events: list[tuple[list[Movement], dict | None]], per_event: list[dict[int, int]],
                     after: list[dict[int, int]]) -> None:
    short = [sorted(p for p, q in counts.items() if q < 0 and deltas[p] < 0) for counts, deltas in zip(after, per_event)]
    wanted = sorted({p for products in short for p in products})
    if not wanted:
        return
    conn = session.connection()
    skus: dict[int, str] = {}
    for start in range(0, len(wanted), _CHUNK):
        skus.update(conn.execute(_SKUS, {"ps": wanted[start:start + _CHUNK]}).all())
    for products, counts, deltas, (_, event) in zip(short, after, per_event, events):
        for p in products:
            flag_negative_stock(session, store_id=location_id, product_id=p, sku=skus.get(p, ""), quantity=counts[p],
                                delta=deltas[p], sale={"reason": reason, "register_id": register_id,
                                                       "at": at.isoformat(), **(event or {})})
