"""Stock of one product across the chain, with how old that knowledge is.

This store's and the warehouses' counts come from the replica (they are in this
register's feed); this store's includes its own movements the backend has not yet
acknowledged, and pickup orders waiting here are shown as reserved. Other stores'
counts are not in the feed (a chain's every sale would reach every register):
they are looked up online (`look_up_elsewhere`) and passed in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from app.services.context import RegisterContext
from app.services.pickup import reserved_quantities
from sync.protocol import MAX_STOCK_LOOKUP, StockLevel

LAST_PULL_KEY = "last_pull_at"


@dataclass(frozen=True)
class LocationStock:
    location_id: str
    name: str
    kind: str  # store | warehouse
    region: str
    quantity: int
    reserved: int = 0

    @property
    def free(self) -> int:
        return self.quantity - self.reserved


def look_up_elsewhere(client, product_ids) -> list[StockLevel]:
    """Every location's count of these products, asked of the backend now (on the network executor: it may
    raise the sync client's errors when the backend cannot be reached)."""
    return client.stock(list(product_ids)[:MAX_STOCK_LOOKUP]).stock


def stock_overview(ctx: RegisterContext, *, product_id: int, elsewhere: list[StockLevel] | None = None
                   ) -> tuple[list[LocationStock], datetime | None]:
    """This store first, then the other stores by name, then warehouses; and when the data was pulled. Other
    stores only with `elsewhere` (the backend's answer to `look_up_elsewhere`): the replica knows none."""
    with Session(ctx.engine) as s:
        c = s.connection()
        rows = c.exec_driver_sql(
            "SELECT l.id, l.name, l.kind, l.region, COALESCE(st.quantity, 0)"
            " + CASE WHEN l.id = ? THEN COALESCE((SELECT SUM(delta) FROM stockmovement m WHERE m.product_id = ?"
            "   AND m.location_id = l.id AND NOT m.synced), 0) ELSE 0 END"
            " FROM location l LEFT JOIN stock st ON st.location_id = l.id AND st.product_id = ?",
            (ctx.store.id, product_id, product_id)).all()
        reserved = reserved_quantities(s, store_id=ctx.store.id, product_ids={product_id}).get(product_id, 0)
        pulled = c.exec_driver_sql("SELECT value FROM setting WHERE key = ?", (LAST_PULL_KEY,)).scalar()
    asked = {level.location_id: level.quantity for level in elsewhere or () if level.product_id == product_id}
    result = []
    for r in rows:
        quantity = r[4]
        if r[2] == "store" and r[0] != ctx.store.id:  # another store: only what the backend said just now
            if elsewhere is None:
                continue
            quantity = asked.get(r[0], 0)
        result.append(LocationStock(r[0], r[1], r[2], r[3], quantity, reserved if r[0] == ctx.store.id else 0))
    result.sort(key=lambda x: (x.location_id != ctx.store.id, x.kind != "store", x.name))
    return result, datetime.fromisoformat(pulled) if pulled else None
