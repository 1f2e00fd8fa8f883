"""Stock of one product across the chain, from the replica, with how old that knowledge is.

This store's count includes its own movements the backend has not yet
acknowledged; pickup orders waiting here are shown as reserved.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from app.services.context import RegisterContext
from app.services.pickup import reserved_quantities

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


def stock_overview(ctx: RegisterContext, *, product_id: int) -> tuple[list[LocationStock], datetime | None]:
    """This store first, then the other stores by name, then warehouses; and when the data was pulled."""
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
    result = [LocationStock(r[0], r[1], r[2], r[3], r[4], reserved if r[0] == ctx.store.id else 0) for r in rows]
    result.sort(key=lambda x: (x.location_id != ctx.store.id, x.kind != "store", x.name))
    return result, datetime.fromisoformat(pulled) if pulled else None
