"""The manager's dashboard at the register: the store's figures per channel as the backend computed them
(sync/server/figures.py), kept in the replica with the time they were fetched, so that offline the register shows
the last figures it had and how old they are; beside them what the replica itself knows now (open conflicts,
pickups waiting here)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timezone

from app.services import pickup
from app.services.context import LocalSettings, RegisterContext

__all__ = ["StoreFigures", "cached", "remember", "local_now", "CACHE_KEY"]

CACHE_KEY = "figures_cache"


@dataclass(frozen=True)
class StoreFigures:
    data: dict  # one store's figures: today, period per channel, hours, top_products, pickups, conflicts, outages
    days: int
    fetched_at: datetime

    def age_minutes(self, now: datetime | None = None) -> int:
        return max(0, int(((now or datetime.now(timezone.utc)) - self.fetched_at).total_seconds() // 60))


def remember(ctx: RegisterContext, answer: dict) -> StoreFigures:
    """Keep the backend's answer (`/v1/figures`) for this store; returns it as figures."""
    fetched = datetime.now(timezone.utc)
    LocalSettings(ctx.engine).set(CACHE_KEY, json.dumps({"answer": answer, "fetched_at": fetched.isoformat()}))
    return _figures(ctx, answer, fetched)


def cached(ctx: RegisterContext) -> StoreFigures | None:
    """The last figures fetched, or None before the first."""
    raw = LocalSettings(ctx.engine).get(CACHE_KEY)
    if not raw:
        return None
    try:
        stored = json.loads(raw)
        return _figures(ctx, stored["answer"], datetime.fromisoformat(stored["fetched_at"]))
    except (ValueError, KeyError, TypeError):  # a cache of an older version: fetched again
        return None


def _figures(ctx: RegisterContext, answer: dict, fetched: datetime) -> StoreFigures:
    return StoreFigures(answer["stores"][ctx.store.id], int(answer["window"]["days"]), fetched)


def local_now(ctx: RegisterContext) -> dict:
    """What the replica knows now, online or not."""
    with ctx.engine.connect() as c:
        conflicts = c.exec_driver_sql("SELECT count(*) FROM conflict WHERE status = 'open'").scalar_one()
    return {"open_conflicts": conflicts, "pickups_waiting": len(pickup.pickup_orders(ctx))}
