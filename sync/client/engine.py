"""The register's side of replication: push the outbox, then pull the change feed.

Push: outbox entries go in sequence order, in batches; each answer is stored
with its entry. An entry the backend rejects for good is marked and never
blocks the entries behind it. A lost answer only means the batch is sent
again: the backend answers a replay with the original result.

Pull: each page is applied in one transaction together with the cursor, so a
crash mid-pull resumes at the last whole page, and a garbled page changes
nothing.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Callable

from sqlalchemy.engine import Engine

from sync.client.http import BackendClient, BackendFailed, BackendRejected
from sync.client.orders import apply_orders
from sync.protocol import Change, ChangeKind, Op, Operation

log = logging.getLogger(__name__)

CURSOR_KEY = "pull_cursor"
#: Set by a replica migration that adds kinds (JSON list): pulled once from the feed's start (`SyncEngine.catch_up`).
CATCH_UP_KEY = "catch_up_kinds"
CATCH_UP_CURSOR = "catch_up_cursor"
LAST_PULL_KEY = "last_pull_at"  # read by app.services.stock


MAX_BATCH_BYTES = 4 * 1024 * 1024  # half the backend's push limit
#: What the register shows as "offen": its business operations not yet answered (a sale, a return …);
#: the fiscal journal's own entries travel with them and are not counted again.
PENDING_SQL = f"SELECT count(*) FROM outboxentry WHERE sent_at IS NULL AND op <> '{Op.FISCAL_EVENT.value}'"
OUTAGE = (502, 503, 504)  # a gateway, or a backend that says "busy, nothing applied": try the batch later


class _Stuck:
    """Operations held back this round: those a server error answered when sent alone, and every operation
    that refers to what one of them records (a return or a pickup payment of a held-back sale)."""

    REFERENCES = ("source_id", "sale_id")

    def __init__(self) -> None:
        self.ops: set[str] = set()
        self.entities: set[str] = set()

    def add(self, op: Operation, entity_id: str | None = None) -> None:
        self.ops.add(op.id)
        self.entities.update(v for v in (entity_id, op.payload.get("sale_id"), op.payload.get("return_id"),
                                         op.payload.get("collection_id")) if v)

    def holds(self, op: Operation, entity_id: str | None) -> bool:
        if op.id in self.ops:
            return True
        if self.entities and any(op.payload.get(k) in self.entities for k in self.REFERENCES):
            self.add(op, entity_id)
            return True
        return False


@dataclass
class SyncReport:
    pushed: int = 0
    conflicts: int = 0
    rejected: int = 0
    pulled: int = 0
    pages: int = 0
    rejected_reasons: list[str] = field(default_factory=list)


class SyncEngine:
    def __init__(self, replica: Engine, client: BackendClient, *, batch_size: int = 500, page_size: int = 2000):
        self.replica, self.client = replica, client
        self.batch_size, self.page_size = batch_size, page_size
        self._failed_head: str | None = None  # the first operation of the batch a server error answered last
        self._suspects: set[str] = set()  # operations a server error answered when sent alone

    # -- state ---------------------------------------------------------------
    def pending_count(self) -> int:
        with self.replica.connect() as c:
            return c.exec_driver_sql(PENDING_SQL).scalar_one()

    def open_conflicts(self) -> int:
        with self.replica.connect() as c:
            return c.exec_driver_sql("SELECT count(*) FROM conflict WHERE status = 'open'").scalar_one()

    # -- push ------------------------------------------------------------------
    def push_pending(self, report: SyncReport | None = None, should_stop: Callable[[], bool] = lambda: False
                     ) -> SyncReport:
        report = report or SyncReport()
        stuck = _Stuck()  # operations a server error answered alone this round, and those that need them
        while not should_stop():
            with self.replica.connect() as c:
                rows = c.exec_driver_sql(
                    "SELECT id, seq, op, payload, entity_id FROM outboxentry WHERE sent_at IS NULL ORDER BY seq"
                    " LIMIT ?", (self.batch_size + len(stuck.ops),)).all()
            ops, size = [], 0
            for r in rows:  # a batch stays well below the backend's body limit (sync/server/limits.py)
                op = Operation(id=r[0], seq=r[1], op=r[2], payload=json.loads(r[3]))
                if stuck.holds(op, r[4]):
                    continue
                size += len(r[3]) + 200
                if ops and size > MAX_BATCH_BYTES:
                    break
                ops.append(op)
            if not ops:
                break
            try:
                results = [(r.id, r.status, r.reason) for r in self.client.push(ops).results]
            except BackendRejected as exc:
                if exc.status not in (413, 422):
                    raise
                results = self._push_one_by_one(ops, stuck)  # find the one the backend cannot read (or take)
            except BackendFailed as exc:
                # Once may be a passing failure: the round ends and the batch is retried later. The same
                # batch again, or one holding an operation that failed alone before: isolate the culprit.
                # A gateway or a busy backend (502, 503, 504) is an outage, never an operation's fault.
                if exc.status in OUTAGE or (self._failed_head != ops[0].id
                                            and not self._suspects.intersection(op.id for op in ops)):
                    self._failed_head = ops[0].id
                    raise
                self._failed_head = None
                results = self._push_one_by_one(ops, stuck)
            self._store_results(results, report)
        return report

    def _push_one_by_one(self, ops: list[Operation], stuck: "_Stuck") -> list[tuple[str, str, str]]:
        """Each operation alone. One the backend cannot read is rejected for good. One it fails on (500)
        becomes a suspect: it stays pending and is skipped this round with every operation that refers to
        it (a return of that sale), so the others go through; a suspect is tried again each round (the
        backend may have been mended). An outage (502, 503, 504), or two operations in a row failing that
        were no suspects, mean the backend itself is failing: the round ends, what was answered stored.
        A 500 is the backend's own error, which rolled the operation back: nothing of it was counted."""
        results: list[tuple[str, str, str]] = []
        last_new_suspect: str | None = None
        for op in ops:
            if stuck.holds(op, None):
                continue
            try:
                r = self.client.push([op]).results[0]
                results.append((r.id, r.status, r.reason))
                last_new_suspect = None
                self._suspects.discard(op.id)
            except BackendRejected as exc:
                if exc.status not in (413, 422):
                    raise
                results.append((op.id, "rejected", exc.detail))
            except BackendFailed as exc:
                if exc.status in OUTAGE or (op.id not in self._suspects and (last_new_suspect or len(ops) == 1)):
                    if last_new_suspect:  # not that one's fault after all
                        self._suspects.discard(last_new_suspect)
                    self._store_results(results, SyncReport())
                    raise
                if op.id not in self._suspects:
                    log.warning("operation %s (%s, seq %s) fails on the backend; the others go first", op.id,
                                op.op, op.seq)
                    self._suspects.add(op.id)
                    last_new_suspect = op.id
                stuck.add(op)
        return results

    def _store_results(self, results, report: SyncReport) -> None:
        now = datetime.now(timezone.utc).isoformat(sep=" ")
        if not results:
            return
        with self.replica.begin() as c:
            c.exec_driver_sql("UPDATE outboxentry SET sent_at = ?, status = ?, result_reason = ? WHERE id = ?",
                              [(now, status, reason, op_id) for op_id, status, reason in results])
        for _, status, reason in results:
            report.pushed += 1
            if status == "conflict":
                report.conflicts += 1
            elif status == "rejected":
                report.rejected += 1
                report.rejected_reasons.append(reason)

    # -- pull ------------------------------------------------------------------
    def cursor(self) -> str | None:
        with self.replica.connect() as c:
            return c.exec_driver_sql("SELECT value FROM setting WHERE key = ?", (CURSOR_KEY,)).scalar()

    def pull_all(self, report: SyncReport | None = None, progress: Callable[[int, int | None], None] | None = None,
                 should_stop: Callable[[], bool] = lambda: False) -> SyncReport:
        report = report or SyncReport()
        cursor = self.cursor()
        estimate = None
        while not should_stop():
            page = self.client.pull(cursor=cursor, limit=self.page_size)
            estimate = page.total_estimate or estimate
            with self.replica.begin() as c:
                c.exec_driver_sql("PRAGMA defer_foreign_keys = ON")
                apply_changes(c, page.changes)
                c.exec_driver_sql("INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE"
                                  " SET value = excluded.value", (CURSOR_KEY, page.cursor))
            cursor = page.cursor
            report.pulled += len(page.changes)
            report.pages += 1
            if progress:
                progress(report.pulled, estimate)
            if not page.has_more:
                with self.replica.begin() as c:  # how fresh this register's view of the chain is
                    c.exec_driver_sql("INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE"
                                      " SET value = excluded.value",
                                      (LAST_PULL_KEY, datetime.now(timezone.utc).isoformat()))
                break
        return report

    def catch_up(self, report: SyncReport, should_stop: Callable[[], bool] = lambda: False) -> None:
        """Once after an upgrade (the replica's migration names the kinds): the feed's rows of kinds this register
        skipped while it did not know them, from the start of the feed, with a cursor of its own."""
        with self.replica.connect() as c:
            raw = c.exec_driver_sql("SELECT value FROM setting WHERE key = ?", (CATCH_UP_KEY,)).scalar()
            cursor = c.exec_driver_sql("SELECT value FROM setting WHERE key = ?", (CATCH_UP_CURSOR,)).scalar()
        if not raw:
            return
        kinds = json.loads(raw)
        while not should_stop():
            page = self.client.pull(cursor=cursor, limit=self.page_size, kinds=kinds)
            with self.replica.begin() as c:
                c.exec_driver_sql("PRAGMA defer_foreign_keys = ON")
                apply_changes(c, page.changes)
                c.exec_driver_sql("INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE"
                                  " SET value = excluded.value", (CATCH_UP_CURSOR, page.cursor))
                if not page.has_more:
                    c.exec_driver_sql("DELETE FROM setting WHERE key IN (?, ?)", (CATCH_UP_KEY, CATCH_UP_CURSOR))
            cursor = page.cursor
            report.pulled += len(page.changes)
            if not page.has_more:
                return

    def sync_once(self, should_stop: Callable[[], bool] = lambda: False, progress=None) -> SyncReport:
        report = self.push_pending(should_stop=should_stop)
        self.catch_up(report, should_stop=should_stop)
        return self.pull_all(report, progress=progress, should_stop=should_stop)


#: The replica's setting that grows with every change of the offers (app.services.promotions.Offers).
PROMOTIONS_VERSION = "promotions_version"
#: How many times this process applied changed offers: the register's own sync tells its pricing at once,
#: without a query at every scan (app.services.promotions.Offers reads the setting only now and then).
offers_applied = [0]
#: How many pulled pages brought notifications: the UI looks for new ones when this grows.
notifications_applied = [0]


def apply_changes(c, changes: list[Change]) -> None:
    """Upsert a page of changes into the replica (inside the caller's transaction)."""
    by_kind: dict[str, list[Change]] = {}
    for ch in changes:
        by_kind.setdefault(ch.kind, []).append(ch)
    if "location" in by_kind:
        c.exec_driver_sql(
            "INSERT INTO location (id, name, kind, street, city, region, vat_id, settings) VALUES (?,?,?,?,?,?,?,?)"
            " ON CONFLICT(id) DO UPDATE SET name=excluded.name, kind=excluded.kind, street=excluded.street,"
            " city=excluded.city, region=excluded.region, vat_id=excluded.vat_id, settings=excluded.settings",
            [(d["id"], d["name"], d["kind"], d["street"], d["city"], d["region"], d["vat_id"],
              json.dumps(d["settings"])) for d in (ch.data for ch in by_kind["location"] if ch.data)])
    products = [ch.data for ch in by_kind.get("product", []) if ch.data]
    if products:
        c.exec_driver_sql(
            "INSERT INTO product (id, sku, name, brand, category, gross_price_cents, vat_class, base_unit, net_content,"
            " weighed, plu, active) VALUES (?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT(id) DO UPDATE SET sku=excluded.sku,"
            " name=excluded.name, brand=excluded.brand, category=excluded.category,"
            " gross_price_cents=excluded.gross_price_cents, vat_class=excluded.vat_class,"
            " base_unit=excluded.base_unit, net_content=excluded.net_content, weighed=excluded.weighed,"
            " plu=excluded.plu, active=excluded.active",
            [(d["id"], d["sku"], d["name"], d["brand"], d["category"], d["gross_price_cents"], d["vat_class"],
              d["base_unit"], d["net_content"], d["weighed"], d["plu"], d["active"]) for d in products])
        c.exec_driver_sql(
            "INSERT INTO productgtin (gtin, product_id) VALUES (?, ?) ON CONFLICT(gtin) DO UPDATE"
            " SET product_id = excluded.product_id",
            [(g, d["id"]) for d in products for g in d.get("gtins", [])])
    prices = [ch.data for ch in by_kind.get(ChangeKind.PRICE, []) if ch.data]
    if prices:  # a product's schedule for one scope (this store, or '' for all) replaces what was held for it
        c.exec_driver_sql("DELETE FROM productprice WHERE product_id = ? AND store_id = ?",
                          [(d["product_id"], d["store_id"] or "") for d in prices])
        periods = [(d["product_id"], d["store_id"] or "", p["valid_from"], p["valid_to"], p["price_cents"])
                   for d in prices for p in d["prices"]]
        if periods:
            c.exec_driver_sql("INSERT INTO productprice (product_id, store_id, valid_from, valid_to, price_cents)"
                              " VALUES (?,?,?,?,?)", periods)
    stock = [ch.data for ch in by_kind.get("stock", []) if ch.data]
    if stock:
        c.exec_driver_sql(
            "INSERT INTO stock (location_id, product_id, quantity) VALUES (?,?,?) ON CONFLICT(location_id,"
            " product_id) DO UPDATE SET quantity = excluded.quantity",
            [(d["location_id"], d["product_id"], d["quantity"]) for d in stock])
        # The backend's count for these keys now includes this register's acknowledged movements.
        if c.exec_driver_sql("SELECT 1 FROM stockmovement WHERE NOT synced LIMIT 1").first():
            c.exec_driver_sql(
                "UPDATE stockmovement SET synced = 1 WHERE NOT synced AND location_id = ? AND product_id = ? AND ("
                " sale_id IN (SELECT entity_id FROM outboxentry WHERE status IN ('applied', 'conflict'))"
                " OR id IN (SELECT json_extract(l.value, '$.movement_id') FROM outboxentry o,"
                "           json_each(o.payload, '$.lines') l WHERE o.op IN ('return.recorded', 'order.collected')"
                "           AND o.status IN ('applied', 'conflict'))"
                " OR id IN (SELECT entity_id FROM outboxentry WHERE op = ? AND status IN ('applied', 'conflict')))",
                [(d["location_id"], d["product_id"], Op.STOCK_COUNTED.value) for d in stock])
    associates = [ch.data for ch in by_kind.get(ChangeKind.ASSOCIATE, []) if ch.data]
    if associates:
        # A PIN set here is ahead of the backend (version + 1) until the backend's row catches up.
        c.exec_driver_sql(
            "INSERT INTO associate (id, name, role, pin_hash, pin_change_due, active, version) VALUES (?,?,?,?,?,?,?)"
            " ON CONFLICT(id) DO UPDATE SET name=excluded.name, role=excluded.role, pin_hash=excluded.pin_hash,"
            " pin_change_due=excluded.pin_change_due, active=excluded.active, version=excluded.version"
            " WHERE excluded.version >= associate.version",
            [(d["id"], d["name"], d["role"], d["pin_hash"], d["pin_change_due"], d["active"], d["version"])
             for d in associates])
    apply_orders(c, [ch.data for ch in by_kind.get("order", []) if ch.data])  # this store's pickups, no e-mail
    vouchers = [ch.data for ch in by_kind.get("voucher", []) if ch.data]
    if vouchers:
        c.exec_driver_sql(
            "INSERT INTO voucher (code, amount_cents, redeemed_cents, sale_ids, held) VALUES (?,?,?,?,?)"
            " ON CONFLICT(code) DO UPDATE SET amount_cents = excluded.amount_cents,"
            " redeemed_cents = excluded.redeemed_cents, sale_ids = excluded.sale_ids, held = excluded.held",
            [(d["code"], d["amount_cents"], d["redeemed_cents"], json.dumps(d.get("sale_ids", [])),
              bool(d.get("held"))) for d in vouchers])
    promotions = by_kind.get(ChangeKind.PROMOTION, [])
    if promotions:  # a new version of the offers: the register indexes them again (app.services.promotions)
        version = int(c.exec_driver_sql("SELECT COALESCE(MAX(version), 0) FROM promotion").scalar_one())
        version = max(version, int(c.exec_driver_sql("SELECT value FROM setting WHERE key = ?",
                                                     (PROMOTIONS_VERSION,)).scalar() or 0)) + 1
        c.exec_driver_sql("DELETE FROM promotion WHERE id = ?", [(ch.key,) for ch in promotions])
        rows = [(ch.key, json.dumps(ch.data), version) for ch in promotions if ch.data]
        if rows:
            c.exec_driver_sql("INSERT INTO promotion (id, data, version) VALUES (?, ?, ?)", rows)
        c.exec_driver_sql("INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE"
                          " SET value = excluded.value", (PROMOTIONS_VERSION, str(version)))
        offers_applied[0] += 1
    coupons = by_kind.get(ChangeKind.COUPON, [])
    if coupons:
        c.exec_driver_sql("DELETE FROM coupon WHERE code = ?", [(ch.key,) for ch in coupons])
        rows = [(ch.key, ch.data["promotion_id"], json.dumps(ch.data)) for ch in coupons if ch.data]
        if rows:
            c.exec_driver_sql("INSERT INTO coupon (code, promotion_id, data) VALUES (?, ?, ?)", rows)
    notifications = [ch.data for ch in by_kind.get(ChangeKind.NOTIFICATION, []) if ch.data]
    if notifications:  # an acknowledgement made here and not yet reflected by the backend is kept
        c.exec_driver_sql(
            "INSERT INTO notification (id, kind, ref, params, created_at, acknowledged_at, acknowledged_by)"
            " VALUES (?,?,?,?,?,?,?) ON CONFLICT(id) DO UPDATE SET params = excluded.params,"
            " acknowledged_at = coalesce(excluded.acknowledged_at, notification.acknowledged_at),"
            " acknowledged_by = coalesce(excluded.acknowledged_by, notification.acknowledged_by)",
            [(d["id"], d["kind"], d.get("ref", ""), json.dumps(d.get("params", {})), d["created_at"],
              d.get("acknowledged_at"), d.get("acknowledged_by")) for d in notifications])
        notifications_applied[0] += 1
    # Once the parcel is with the carrier (as the backend confirms), the register forgets where it went.
    shipments = [{**ch.data, "address": ""} if ch.data.get("status") in ("handed_over", "missing") else ch.data
                 for ch in by_kind.get(ChangeKind.SHIPMENT, []) if ch.data]
    if shipments:  # what this register did (packed, handed over) is kept until the backend has it too
        c.exec_driver_sql(
            "INSERT INTO shipment (id, order_no, data, status, parcel_no) VALUES (?,?,?,?,?) ON CONFLICT(id) DO UPDATE"
            " SET data = excluded.data, status = CASE WHEN shipment.status IN ('packed', 'handed_over', 'missing')"
            " AND excluded.status = 'routed' THEN shipment.status WHEN shipment.status = 'handed_over'"
            " THEN shipment.status ELSE excluded.status END, parcel_no = coalesce(shipment.parcel_no, excluded.parcel_no)",
            [(d["id"], d["order_no"], json.dumps(d), d["status"], d.get("parcel_no")) for d in shipments])
    conflicts = [ch.data for ch in by_kind.get("conflict", []) if ch.data]
    if conflicts:
        c.exec_driver_sql(
            "INSERT INTO conflict (id, kind, entity_id, details, status, resolution, resolved_by, created_at)"
            " VALUES (?,?,?,?,?,?,?,?) ON CONFLICT(id) DO UPDATE SET status=excluded.status,"
            " resolution=excluded.resolution, resolved_by=excluded.resolved_by, details=excluded.details",
            [(d["id"], d["kind"], d["entity_id"], json.dumps(d["details"]), d["status"], d["resolution"],
              d["resolved_by"], d["created_at"]) for d in conflicts])
