"""Simulated registers for `tests.bench.chain`: asynchronous clients that speak the real protocol.

Each one enrolls with its one-time secret, bootstraps the feed once, and then does what a register's sync
thread does: a round (push what the outbox holds, then pull) after every sale and every few seconds. Its
requests go one at a time, as a register's single sync thread sends them. Payloads are built with the
protocol's models; nothing here knows the backend's code.
"""

from __future__ import annotations

import asyncio
import json
import random
import statistics
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone

import httpx

from sync.protocol import (
    EnrollRequest, EnrollResponse, FiscalEventKind, FiscalEventPayload, Op, Operation, PushRequest, SaleLinePayload,
    SalePayload, TenderPayload, journal_hash,
)

__all__ = ["Figures", "PriceWatch", "SimRegister", "percentile"]

PAGE = 2000


def percentile(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


@dataclass
class Figures:
    """What the registers measured in one phase (wall-clock times in seconds)."""

    push_s: list[float] = field(default_factory=list)
    pull_s: list[float] = field(default_factory=list)  # one request (a page)
    sales_applied: int = 0
    pulls: int = 0
    errors: list[str] = field(default_factory=list)

    def summary(self, seconds: float) -> dict:
        return {"sales_per_s": round(self.sales_applied / seconds, 1), "pulls_per_s": round(self.pulls / seconds, 1),
                "push_p50_ms": round(1000 * percentile(self.push_s, 50), 1),
                "push_p99_ms": round(1000 * percentile(self.push_s, 99), 1),
                "pull_p50_ms": round(1000 * percentile(self.pull_s, 50), 1),
                "pull_p99_ms": round(1000 * percentile(self.pull_s, 99), 1),
                "errors": len(self.errors)}


@dataclass
class PriceWatch:
    """Price changes made at headquarters, and when each register first had them."""

    changed_at: dict[tuple[str, int], float] = field(default_factory=dict)  # (product key, cents) -> sent at
    seen: dict[tuple[str, int], list[float]] = field(default_factory=dict)  # -> each register's lag

    def note(self, key: str, data: dict | None, now: float) -> None:
        for period in (data or {}).get("prices", ()):
            change = (key, period.get("price_cents"))
            if change in self.changed_at:
                self.seen.setdefault(change, []).append(now - self.changed_at[change])

    def lags(self, registers: int) -> tuple[list[float], list[float], int]:
        """Each change's time until every register had it; each register's lag; changes some register missed."""
        everyone, each, missed = [], [], 0
        for change in self.changed_at:
            lags = self.seen.get(change, [])
            each += lags
            if len(lags) < registers:
                missed += 1
            else:
                everyone.append(max(lags))
        return everyone, each, missed


class SimRegister:
    def __init__(self, base_url: str, store_id: str, register_no: int, secret: str, products: list[tuple]):
        self.store_id, self.register_no, self.secret = store_id, register_no, secret
        self.products = products  # (id, sku, price cents, vat class) it sells from
        self.install_id = uuid.uuid4().hex
        self.http = httpx.AsyncClient(base_url=base_url, timeout=120, limits=httpx.Limits(max_connections=1))
        self.lock = asyncio.Lock()  # one sync thread: one request at a time
        self.register_id = ""
        self.cursor: str | None = None
        self.receipt_no = self.seq = self.journal_seq = 0
        self.prev_hash = ""
        self.rng = random.Random(hash((store_id, register_no)))

    async def close(self) -> None:
        await self.http.aclose()

    async def enroll(self) -> None:
        body = EnrollRequest(store_id=self.store_id, enrollment_secret=self.secret, register_no=self.register_no,
                             install_id=self.install_id)
        r = await self.http.post("/v1/enroll", json=body.model_dump())
        r.raise_for_status()
        answer = EnrollResponse.model_validate(r.json())
        self.register_id = answer.register_id
        self.http.headers["Authorization"] = f"Bearer {answer.token}"
        self.receipt_no = answer.counters.get("receipt_no", 0)
        self.seq = answer.counters.get("outbox_seq", 0)

    async def pull(self, figures: Figures, watch: PriceWatch | None = None) -> int:
        """Pages until the feed has no more; returns the changes received."""
        received = 0
        while True:
            params = {"limit": PAGE} | ({"cursor": self.cursor} if self.cursor else {})
            t = time.monotonic()
            r = await self.http.get("/v1/pull", params=params)
            if r.status_code != 200:
                figures.errors.append(f"pull {r.status_code}: {r.text[:200]}")
                return received
            page = json.loads(r.content)
            now = time.monotonic()
            figures.pull_s.append(now - t)
            figures.pulls += 1
            self.cursor = page["cursor"]
            received += len(page["changes"])
            if watch is not None:
                for change in page["changes"]:
                    if change["kind"] == "price":
                        watch.note(change["key"], change["data"], now)
            if not page["has_more"]:
                return received

    def _sale(self) -> list[Operation]:
        """A sale of 1–5 lines paid in cash, and its fiscal journal entry, as the outbox holds them."""
        self.receipt_no += 1
        now = datetime.now(timezone.utc).isoformat()
        lines = []
        for position, (pid, sku, cents, vat) in enumerate(self.rng.sample(self.products, self.rng.randint(1, 5)), 1):
            quantity = self.rng.randint(1, 3)
            lines.append(SaleLinePayload(position=position, product_id=pid, sku=sku, quantity=quantity,
                                         unit_price_cents=cents, vat_class=vat, total_cents=cents * quantity,
                                         stock_delta=-quantity, movement_id=uuid.uuid4().hex))
        total = sum(line.total_cents for line in lines)
        given = -(-total // 500) * 500
        sale = SalePayload(sale_id=uuid.uuid4().hex, receipt_no=self.receipt_no, register_id=self.register_id,
                           location_id=self.store_id, associate_id=1, started_at=now, ended_at=now,
                           total_cents=total, lines=lines,
                           tenders=[TenderPayload(kind="cash", amount_cents=total, given_cents=given,
                                                  change_cents=given - total)])
        self.journal_seq += 1
        entry = {"chain": self.install_id, "seq": self.journal_seq, "at": now, "register_id": self.register_id,
                 "location_id": self.store_id, "kind": FiscalEventKind.SALE.value, "entity_id": sale.sale_id,
                 "data": {"receipt_no": self.receipt_no, "total_cents": total}, "prev_hash": self.prev_hash}
        entry["hash"] = self.prev_hash = journal_hash(self.prev_hash, entry)
        ops = []
        for op, payload in ((Op.SALE_COMPLETED, sale.model_dump(mode="json")),
                            (Op.FISCAL_EVENT, FiscalEventPayload(**entry).model_dump(mode="json"))):
            self.seq += 1
            ops.append(Operation(id=uuid.uuid4().hex, seq=self.seq, op=op.value, payload=payload))
        return ops

    async def sell(self, figures: Figures, watch: PriceWatch | None = None) -> None:
        """A sale, then the round it wakes: push it, then pull."""
        async with self.lock:
            body = PushRequest(operations=self._sale()).model_dump(mode="json")
            t = time.monotonic()
            try:
                r = await self.http.post("/v1/push", json=body)
            except httpx.HTTPError as exc:
                figures.errors.append(f"push: {type(exc).__name__} {exc}")
                return
            figures.push_s.append(time.monotonic() - t)
            if r.status_code != 200:
                figures.errors.append(f"push {r.status_code}: {r.text[:200]}")
                return
            results = r.json()["results"]
            bad = [res for res in results if res["status"] != "applied"]
            if bad:
                figures.errors.append(f"push: {bad[0]}")
                return
            figures.sales_applied += 1
            try:
                await self.pull(figures, watch)
            except httpx.HTTPError as exc:
                figures.errors.append(f"pull: {type(exc).__name__} {exc}")

    async def round(self, figures: Figures, watch: PriceWatch | None = None) -> None:
        async with self.lock:
            try:
                await self.pull(figures, watch)
            except httpx.HTTPError as exc:
                figures.errors.append(f"pull: {type(exc).__name__} {exc}")


def median_ms(values: list[float]) -> float:
    return round(1000 * statistics.median(values), 1) if values else 0.0
