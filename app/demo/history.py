"""Thirty days of a demo store's life, made by a register through the real services and the real sync.

Each store gets a second register (`<store>-02`; the demo's own register is `-01`) that enrolls with the
backend like any new PC, then replays past days with the clock set to them (`app.core.clock`, this thread
only; its TSE simulator gets the same clock): the float counted in the morning, sales in cash and by card
(some with a discount, some voided), returns of earlier receipts, click & collect orders placed in the web
shop and handed out (paid online, or paid at the counter), online carts taken over at the counter, delivery
orders from the warehouse, cash taken to the bank, and a blind count with a Z closing in the evening. Every
evening the register syncs, so the backend holds the receipts, the journal and the closings as if the store
had run for a month.

Resumable: a day that already has a closing is not replayed (the register's files stay in `folder`).
"""

from __future__ import annotations

import logging
import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Callable, Protocol
from zoneinfo import ZoneInfo

import httpx
from sqlalchemy import text

from app.core import clock
from app.demo import HISTORY_DAYS as DAYS
from app.demo.replica import seed_associates
from app.core.cart import Discount
from app.core.cash import CashCount, CashMovementKind
from app.payment.simulator import TerminalSimulator
from app.services import pickup, returns
from app.services.auth import AssociateSession, Role
from app.services.context import RegisterContext
from app.services.day_closing import close_day
from app.services.delivery import prepare as prepare_delivery
from app.services.return_sources import find_source
from app.services.sale_session import SaleSession
from app.services.till import current_till, expected_cash, move_cash, open_till
from app.store.db import open_replica
from app.tse.simulator import TseSimulator
from sync.client.credentials import TokenStore
from sync.client.engine import SyncEngine
from sync.client.http import BackendClient
from sync.client.setup import bootstrap, configured_backend, enroll
from sync.common.demo_data import DEMO_ASSOCIATES, LOCATIONS

__all__ = ["DemoBackend", "HistoryReport", "seed_history", "seed_history_once"]

log = logging.getLogger(__name__)

STORE_TIME = ZoneInfo("Europe/Berlin")  # the demo stores' opening hours are German local time
OPENING, CLOSING_TIME = time(8, 50), time(19, 5)
FLOAT = CashCount({5000: 1, 2000: 2, 1000: 3, 500: 4, 200: 5, 100: 10, 50: 10, 20: 10, 10: 10})  # 150 €
MANAGER_PIN = next(pin for _, _, role, pin in DEMO_ASSOCIATES if role == "manager")
CUSTOMERS = ["Anna Meier", "Kemal Yilmaz", "Sophie Wagner", "Lukas Becker", "Marie Hoffmann", "Paul Schulz",
             "Emma Koch", "Ben Richter", "Mia Klein", "Elias Wolf", "Lea Schröder", "Noah Neumann"]


class DemoBackend(Protocol):
    """What the history needs from the demo's backend: where it listens, the web shop's key, and IT's
    one-time enrollment secret for a register."""

    url: str
    shop_key: str

    def new_enrollment_secret(self, register_id: str) -> str: ...


@dataclass
class HistoryReport:
    days: int = 0
    sales: int = 0
    returns: int = 0
    pickups: int = 0
    handovers: int = 0
    deliveries: int = 0
    cash_movements: int = 0
    closings: int = 0
    stores: list[str] = field(default_factory=list)


class _Clock:
    """The replayed time; read from the history's thread and from its TSE's signing thread."""

    def __init__(self) -> None:
        self.at = datetime.now().astimezone()

    def __call__(self) -> datetime:
        return self.at

    def advance(self, minutes: float) -> None:
        self.at += timedelta(minutes=minutes)


class _StoreHistory:
    def __init__(self, backend: DemoBackend, folder: Path, store_id: str, seed: int):
        self.backend, self.store_id = backend, store_id
        self.register_id = f"{store_id}-02"
        self.rng = random.Random(f"{seed}-{store_id}")
        self.clock = _Clock()
        folder.mkdir(parents=True, exist_ok=True)
        self.replica = open_replica(folder / "replica.sqlite3")
        tokens = TokenStore(self.register_id, allow_memory=True)
        if configured_backend(self.replica) is None:
            seed_associates(self.replica)
        # Every run enrolls again (the token lives only in memory): IT's secret replaces this same PC.
        enroll(self.replica, base_url=backend.url, store_id=store_id, register_no=2, tokens=tokens,
               secret=backend.new_enrollment_secret(self.register_id))
        self.client = BackendClient(backend.url, token=tokens.get)
        bootstrap(self.replica, self.client)
        self.sync = SyncEngine(self.replica, self.client)
        self.tse = TseSimulator(folder / "tse.sqlite3", clock=self.clock)
        self.ctx = RegisterContext.load(self.replica, terminal=TerminalSimulator("approve"), tse=self.tse)
        self.staff = [AssociateSession(aid, name, Role(role)) for aid, name, role, _ in DEMO_ASSOCIATES]
        with self.replica.connect() as c:
            self.products = [r[0] for r in c.execute(text(
                "SELECT p.id FROM product p JOIN stock s ON s.product_id = p.id AND s.location_id = :s"
                " WHERE p.active AND NOT p.weighed AND s.quantity > 50 ORDER BY p.id"), {"s": store_id})]
        self.receipts: list[str] = []  # barcodes of this register's sales, for returns

    def close(self) -> None:
        self.client.close()
        self.ctx.signing.drain()
        self.replica.dispose()

    def closed_days(self) -> set[date]:
        with self.replica.connect() as c:
            return {_store_day(r[0]) for r in c.execute(text("SELECT closed_at FROM dayclosing"))}

    # -- one day -----------------------------------------------------------------------------------------
    def day(self, day: date, report: HistoryReport) -> None:
        self.clock.at = datetime.combine(day, OPENING, STORE_TIME)
        associate = self.staff[day.toordinal() % 2]  # Lena and Murat take turns
        manager = self.staff[2]
        with clock.set_clock(self.clock):
            self.ctx.signing.ensure_ready()
            if current_till(self.ctx, associate) is None:
                open_till(self.ctx, associate, float_count=FLOAT)
                report.cash_movements += 1
            orders = self._web_orders(day)
            sale = SaleSession(self.ctx, associate)
            actions = (["sale"] * self.rng.randint(18, 28) + ["return"] * self.rng.choice((0, 1, 1, 2))
                       + ["handover"] * self.rng.choice((0, 1)) + ["delivery"] * self.rng.choice((0, 0, 1))
                       + ["void"] * self.rng.choice((0, 1)) + ["pickup"] * len(orders))
            self.rng.shuffle(actions)
            minutes = (CLOSING_TIME.hour * 60 - OPENING.hour * 60 - 30) / (len(actions) + 2)
            for n, action in enumerate(actions):
                self.clock.advance(self.rng.uniform(0.4, 1.6) * minutes)
                if action == "sale":
                    self._sale(sale, report)
                elif action == "return" and self.receipts:
                    self._return(associate, report)
                elif action == "pickup":
                    self._pickup(sale, orders.pop(), report)
                elif action == "handover":
                    self._handover(sale, day, report)
                elif action == "delivery":
                    self._delivery(sale, report)
                elif action == "void":
                    self._void(sale, report)
                if n == len(actions) // 2:  # at midday the notes above the float go to the bank
                    surplus = (_expected(self.ctx, associate) - FLOAT.total_cents) // 5_000 * 5_000
                    if surplus >= 5_000:
                        move_cash(self.ctx, manager, kind=CashMovementKind.TRANSIT_OUT, amount_cents=surplus,
                                  note="Bankeinzahlung")
                        report.cash_movements += 1
            self.clock.at = datetime.combine(day, CLOSING_TIME, STORE_TIME)
            expected = _expected(self.ctx, associate)
            counted = expected + self.rng.choice((0, 0, 0, 0, -10, -50, 20, 100))
            close_day(self.ctx, associate, counted=CashCount.fewest_pieces(max(counted, 0)), approver_pin=MANAGER_PIN)
            report.closings += 1
        self._sync_all()
        report.days += 1

    def _basket(self, sale: SaleSession, items: int | None = None) -> None:
        for _ in range(items or self.rng.choice((1, 1, 2, 2, 3, 3, 4, 5, 7))):
            sale.add_product(self.rng.choice(self.products))
            if self.rng.random() < 0.15:
                sale.set_quantity(sale.cart.lines[-1].line_id, self.rng.randint(2, 4))

    def _pay(self, sale: SaleSession) -> None:
        self.clock.advance(self.rng.uniform(0.5, 3))  # scanning takes a while
        due = sale.remaining_cents
        if self.rng.random() < 0.45:
            sale.pay_card(due)
        else:
            given = due if self.rng.random() < 0.3 else -(-due // 500) * 500  # exact, or the next 5 €
            sale.pay_cash(given)

    def _sale(self, sale: SaleSession, report: HistoryReport) -> None:
        self._basket(sale)
        if self.rng.random() < 0.05:
            sale.set_basket_discount(Discount("percent", 1000), approver_pin=MANAGER_PIN)  # 10 %, a regular
        self._pay(sale)
        self.receipts.append(sale.complete().barcode)
        report.sales += 1

    def _void(self, sale: SaleSession, report: HistoryReport) -> None:
        self._basket(sale, 2)
        sale.void(approver_pin=MANAGER_PIN)

    def _return(self, associate: AssociateSession, report: HistoryReport) -> None:
        source = find_source(self.ctx, self.rng.choice(self.receipts[-150:]))
        open_lines = [l for l in returns.returnable(self.ctx, source) if l.returnable]
        if not open_lines:
            return
        line = self.rng.choice(open_lines)
        returns.record_return(self.ctx, associate, source=source, quantities={line.product_id: 1},
                              reason=self.rng.choice(("dislike", "defect", "wrong_item")), refund_method="cash",
                              approver_pin=MANAGER_PIN)
        report.returns += 1

    def _delivery(self, sale: SaleSession, report: HistoryReport) -> None:
        self._basket(sale, 2)
        name = self.rng.choice(CUSTOMERS)
        sale.set_links(delivery=prepare_delivery(self.ctx, ship_from="9000", customer_name=name,
                                                 address="Musterweg 7, 34117 Kassel", customer_email=""))
        self._pay(sale)
        sale.complete()
        report.deliveries += 1

    # -- omnichannel: what the web shop's customers did ----------------------------------------------------
    def _shop(self, path: str, body: dict) -> dict:
        answer = httpx.post(f"{self.backend.url}/v1/shop/{path}", json=body, timeout=30,
                            headers={"X-Shop-Key": self.backend.shop_key})
        answer.raise_for_status()
        return answer.json()

    def _web_orders(self, day: date) -> list[str]:
        """Click & collect orders for today, placed in the shop; the register gets them with a sync."""
        numbers = []
        for n in range(self.rng.choice((0, 1, 1, 2))):
            number = f"WEB-{self.store_id}-{day:%y%m%d}{n}"
            if pickup.find_pickup(self.ctx, order_no=number) is None:
                self._shop("orders", {
                    "order_no": number, "customer_name": self.rng.choice(CUSTOMERS),
                    "customer_email": f"kunde{self.rng.randint(1, 999)}@example.org",
                    "paid_online": self.rng.random() < 0.7, "fulfilment": "pickup", "pickup_store_id": self.store_id,
                    "lines": [{"product_id": p, "quantity": 1} for p in self.rng.sample(self.products, 2)]})
            numbers.append(number)
        if numbers:
            for _ in range(20):  # the feed shows an order once its write is visible (PostgreSQL: see PROTOCOL)
                self.sync.sync_once()
                if all(pickup.find_pickup(self.ctx, order_no=n) for n in numbers):
                    break
        return [n for n in numbers if pickup.find_pickup(self.ctx, order_no=n)]

    def _pickup(self, sale: SaleSession, number: str, report: HistoryReport) -> None:
        order = pickup.find_pickup(self.ctx, order_no=number)
        quantities = {l.product_id: l.open for l in order.lines if l.open}
        if not quantities:
            return
        if order.paid:
            pickup.hand_out(self.ctx, sale.associate, order_id=order.id, quantities=quantities,
                            identity_checked=True)
        else:
            items, link = pickup.cart_for_payment(self.ctx, order_id=order.id, quantities=quantities,
                                                  identity_checked=True)
            sale.start_linked_cart(items, pickup=link)
            self._pay(sale)
            sale.complete()
        report.pickups += 1

    def _handover(self, sale: SaleSession, day: date, report: HistoryReport) -> None:
        """A customer shows the online cart on the phone; the register takes it over and sells it."""
        cart = self._shop("carts", {"customer_email": f"kunde{self.rng.randint(1, 999)}@example.org",
                                    "lines": [{"product_id": p, "quantity": 1}
                                              for p in self.rng.sample(self.products, 3)]})
        claim = self.client.claim_cart(cart["code"])
        sale.take_over_online_cart(claim)
        self._pay(sale)
        sale.complete()
        report.handovers += 1

    def _sync_all(self) -> None:
        for _ in range(10):
            self.sync.sync_once()
            with self.replica.connect() as c:
                if not c.execute(text("SELECT count(*) FROM outboxentry WHERE sent_at IS NULL")).scalar():
                    return


def _expected(ctx: RegisterContext, associate: AssociateSession) -> int:
    return expected_cash(ctx, current_till(ctx, associate))


def _store_day(value) -> date:
    """The store's day of a time the replica stored (UTC, naive)."""
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return (moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)).astimezone(STORE_TIME).date()


def seed_history(backend: DemoBackend, folder: Path, *, days: int = DAYS, stores: list[str] | None = None,
                 seed: int = 42, today: date | None = None,
                 progress: Callable[[str, int, int], None] = lambda store, done, total: None,
                 should_stop: Callable[[], bool] = lambda: False) -> HistoryReport:
    """Replay `days` days before `today` in every demo store (or `stores`); the registers' files in `folder`."""
    today = today or clock.now().astimezone(STORE_TIME).date()
    report = HistoryReport()
    for store_id in stores or [lid for lid, _, kind, *_ in LOCATIONS if kind == "store"]:
        history = _StoreHistory(backend, Path(folder) / f"register-{store_id}-02", store_id, seed)
        try:
            done = history.closed_days()
            wanted = [today - timedelta(days=d) for d in range(days, 0, -1)]
            for n, day in enumerate(wanted):
                if should_stop():
                    return report
                if day not in done:
                    history.day(day, report)
                progress(store_id, n + 1, len(wanted))
        finally:
            history.close()
        report.stores.append(store_id)
    return report


DONE_MARK = "complete"


def seed_history_once(backend: DemoBackend, folder: Path, *, days: int = DAYS,
                      should_stop: Callable[[], bool] = lambda: False,
                      progress: Callable[[str, int, int], None] = lambda store, done, total: None
                      ) -> HistoryReport | None:
    """The demo app's first start: replay the history unless a finished run left its mark in `folder`
    (an interrupted one continues where it stopped). Runs in a background thread of the demo; logs, never
    raises: the demo sells without a history."""
    mark = Path(folder) / DONE_MARK
    if days <= 0 or mark.exists():
        return None
    try:
        report = seed_history(backend, folder, days=days, should_stop=should_stop, progress=progress)
    except Exception:
        log.exception("the demo history stopped; it continues at the next start")
        return None
    if len(report.stores) == len([1 for _, _, kind, *_ in LOCATIONS if kind == "store"]):
        mark.write_text(f"{report}\n", encoding="utf-8")
        log.info("demo history made: %s", report)
    return report
