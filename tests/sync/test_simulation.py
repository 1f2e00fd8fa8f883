"""Several registers in two stores sell overlapping items and take back online orders (delivered ones,
looked up online, recorded at the counter and pushed later), then sync in random order under random
faults; a manager acknowledges conflicts through the sync worker, also while a push's answer is lost;
IT replaces a register's PC. Afterwards: every sale and every return exists exactly once on the backend,
no receipt number of a register repeats, stock is initial − sold + returned, every replica agrees with the
backend and shows no movement twice, every negative count is flagged, and every over-return is flagged."""

from __future__ import annotations

import json
import shutil
import tempfile
from collections import Counter
from pathlib import Path

from hypothesis import HealthCheck, settings, strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule
from sqlalchemy import text

from app.services.auth import AssociateSession, Role
from app.services.returns import find_order, record_return, returnable
from sync.client.http import BackendUnavailable, BadResponse
from sync.client.worker import SyncWorker
from sync.server.db import create_schema
from sync.server.enrollment import replace_register
from sync.server.seed import seed_backend
from tests.conftest import gtin_of
from tests.sync.conftest import LiveBackend, create_register, place_order
from tests.sync.faults import FAULTS, FaultTransport

PRODUCTS = [2, 3, 4, 6, 7]  # few products, so registers sell the same ones
REGISTERS = [("1001", 1), ("1001", 2), ("1002", 1)]


class ChainSimulation(RuleBasedStateMachine):
    def __init__(self):
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="tresen-sim-"))
        self.backend = LiveBackend(f"sqlite:///{self.folder / 'backend.sqlite3'}")
        create_schema(self.backend.engine)
        seed_backend(self.backend.engine, products=12, stock_locations=["1001", "1002", "9000"])
        self.backend.start()
        with self.backend.engine.connect() as c:
            self.initial = {(l, p): q for l, p, q in c.execute(text("SELECT location_id, product_id, quantity"
                                                                     " FROM stock"))}
        self.transports = [FaultTransport() for _ in REGISTERS]
        self.registers = [create_register(self.backend, self.folder, store, no, t)
                          for (store, no), t in zip(REGISTERS, self.transports)]
        self.codes = {pid: gtin_of(self.registers[0].replica, pid) for pid in PRODUCTS}
        self.orders = [place_order(self.backend, f"WEB-{n}", {PRODUCTS[n]: 2, PRODUCTS[n + 1]: 1})
                       for n in range(2)]
        for reg in self.registers:
            reg.sync.sync_once()
        self.sold: Counter = Counter()
        self.returned_to_stock: Counter = Counter()
        self.returned_of_order: Counter = Counter()
        self.sales = 0
        self.returns = 0
        self.retired: list = []  # replicas of replaced PCs: their sales count, their stock view no longer
        self.acknowledged = 0

    @rule(who=st.integers(0, len(REGISTERS) - 1),
          basket=st.lists(st.tuples(st.sampled_from(PRODUCTS), st.integers(1, 40)), min_size=1, max_size=3))
    def sell_offline(self, who, basket):
        reg = self.registers[who]
        store = REGISTERS[who][0]
        for pid, qty in basket:
            reg.sale.scan(self.codes[pid])
            line = next(l for l in reg.sale.cart.lines if l.product_id == pid)
            reg.sale.set_quantity(line.line_id, line.quantity + qty - 1)
            self.sold[(store, pid)] += qty
        reg.sale.pay_cash(reg.sale.remaining_cents)
        reg.sale.complete()
        self.sales += 1

    @rule(who=st.integers(0, len(REGISTERS) - 1), which=st.integers(0, 1), everything=st.booleans())
    def return_online_order_offline(self, who, which, everything):
        reg = self.registers[who]
        order = self.orders[which]
        source = find_order(reg.sale.ctx, order_no=order["order_no"], client=reg.client)
        lines = returnable(reg.sale.ctx, source)
        quantities = {l.product_id: (l.returnable if everything else min(1, l.returnable)) for l in lines}
        if not any(quantities.values()):
            return  # this register already knows nothing is left to return
        record_return(reg.sale.ctx, AssociateSession(1, "Lena Schmidt", Role.ASSOCIATE), source=source,
                      quantities=quantities)
        for pid, qty in quantities.items():
            self.returned_to_stock[(REGISTERS[who][0], pid)] += qty
            self.returned_of_order[(order["id"], pid)] += qty
        self.returns += 1

    @rule(who=st.integers(0, len(REGISTERS) - 1), faults=st.lists(st.sampled_from(FAULTS), max_size=3))
    def sync_under_faults(self, who, faults):
        self.transports[who].plan = list(faults)
        try:
            self.registers[who].sync.sync_once()
        except (BackendUnavailable, BadResponse):
            pass  # the worker would back off and try again later
        self.transports[who].plan = []

    @rule(who=st.integers(0, len(REGISTERS) - 1), lose_push_answer=st.booleans(),
          faults=st.lists(st.sampled_from(FAULTS), max_size=2))
    def acknowledge_a_conflict(self, who, lose_push_answer, faults):
        """A manager acknowledges the oldest open conflict in the inbox: through the sync worker, after a push
        whose answer was lost (the pull must not count that push's movements twice)."""
        reg = self.registers[who]
        worker = SyncWorker(reg.sync)  # its thread never starts: the rule runs its rounds
        if self.open_conflict(reg) is None:  # none in the inbox yet: a sale beyond the count makes one
            self.sell_offline(who, [(PRODUCTS[0], max(1, self.shown_stock(reg, PRODUCTS[0]) + 1))])
            worker.run_once()
        conflict_id = self.open_conflict(reg)
        if conflict_id is None:  # the round failed (the backend restarted): another time
            return
        if lose_push_answer:  # a sale whose push is applied and its answer lost, then the acknowledge
            self.sell_offline(who, [(PRODUCTS[1], 1)])
            self.transports[who].plan = ["lost_response"]
            worker.run_once()
        answers = []
        worker.submit(lambda client: client.acknowledge_conflict(conflict_id, ""), lambda r, e: answers.append(e))
        self.transports[who].plan = list(faults)
        worker.run_once()
        self.transports[who].plan = []
        assert len(answers) == 1
        self.acknowledged += answers[0] is None

    @staticmethod
    def open_conflict(reg) -> int | None:
        with reg.replica.connect() as c:
            return c.exec_driver_sql("SELECT min(id) FROM conflict WHERE status = 'open'").scalar()

    @staticmethod
    def shown_stock(reg, pid: int) -> int:
        store = reg.sale.ctx.store.id
        with reg.replica.connect() as c:
            return c.exec_driver_sql(
                "SELECT COALESCE((SELECT quantity FROM stock WHERE location_id = ? AND product_id = ?), 0)"
                " + COALESCE((SELECT SUM(delta) FROM stockmovement WHERE location_id = ? AND product_id = ?"
                " AND NOT synced), 0)", (store, pid, store, pid)).scalar_one()

    @precondition(lambda self: self.sales > 0)
    @rule(who=st.integers(0, len(REGISTERS) - 1))
    def replace_a_pc(self, who):
        """IT replaces a register's PC once everything it sold reached the backend (a PC that dies with
        unsent sales loses them: that is what the outbox on a disk of its own is for)."""
        old = self.registers[who]
        try:
            old.sync.sync_once()
        except (BackendUnavailable, BadResponse):
            return
        if old.sync.pending_count():
            return
        store, no = REGISTERS[who]
        secret = replace_register(self.backend.engine, f"{store}-{no:02d}")
        self.registers[who] = create_register(self.backend, self.folder, store, no, self.transports[who],
                                              secret=secret)
        self.retired.append(old)

    @precondition(lambda self: self.sales > 0)
    @rule()
    def restart_backend(self):
        self.backend.restart()

    @invariant()
    def never_more_sales_than_made(self):
        with self.backend.engine.connect() as c:
            assert c.execute(text("SELECT count(*) FROM sale")).scalar_one() <= self.sales

    def teardown(self):
        try:
            for reg in self.registers:  # the link is back: everyone syncs, twice, to see the others' sales
                reg.sync.sync_once()
            for reg in self.registers:
                reg.sync.sync_once()
            self.check_final_state()
        finally:
            for reg in self.registers + self.retired:
                reg.client.close()
                reg.replica.dispose()
            self.backend.stop()
            self.backend.engine.dispose()
            shutil.rmtree(self.folder, ignore_errors=True)

    def check_final_state(self):
        with self.backend.engine.connect() as c:
            sale_ids = [r[0] for r in c.execute(text("SELECT id FROM sale"))]
            stock = {(l, p): q for l, p, q in c.execute(text("SELECT location_id, product_id, quantity FROM stock"))}
            flagged = {(s, int(e)) for s, e in c.execute(text(
                "SELECT store_id, entity_id FROM conflict WHERE kind = 'negative_stock'"))}
            returns = c.execute(text("SELECT count(*) FROM returnrecord")).scalar_one()
            over_flagged = set()
            for entity, details in c.execute(text("SELECT entity_id, details FROM conflict"
                                                  " WHERE kind = 'over_refund'")):
                details = json.loads(details) if isinstance(details, str) else details
                over_flagged.add((entity, details["product_id"]))
        local_ids = []
        for reg in self.retired:
            with reg.replica.connect() as c:
                local_ids += [r[0] for r in c.exec_driver_sql("SELECT id FROM sale")]
        with self.backend.engine.connect() as c:
            assert not c.execute(text("SELECT register_id, receipt_no FROM sale GROUP BY register_id, receipt_no"
                                      " HAVING count(*) > 1")).all(), "a receipt number repeats"
        for reg, (store, _no) in zip(self.registers, REGISTERS):
            with reg.replica.connect() as c:
                local_ids += [r[0] for r in c.exec_driver_sql("SELECT id FROM sale")]
                assert c.exec_driver_sql("SELECT count(*) FROM outboxentry WHERE sent_at IS NULL").scalar_one() == 0
                replica_stock = {(l, p): q for l, p, q in c.exec_driver_sql(
                    "SELECT location_id, product_id, quantity FROM stock")}
                unsynced = c.exec_driver_sql("SELECT count(*) FROM stockmovement WHERE NOT synced").scalar_one()
            # A register holds its own store's stock and the warehouse's; other stores' are looked up online.
            assert replica_stock == {k: q for k, q in stock.items() if k[0] in (store, "9000")}, \
                "a replica disagrees with the backend after the final pull"
            assert unsynced == 0
        assert sorted(sale_ids) == sorted(local_ids) and len(set(sale_ids)) == len(sale_ids) == self.sales
        assert returns == self.returns
        for key, initial in self.initial.items():
            assert stock[key] == initial - self.sold[key] + self.returned_to_stock[key], key
            if stock[key] < 0:
                assert key in flagged, f"negative stock {key} not flagged"
        for order in self.orders:
            for line in order["lines"]:
                key = (order["id"], line["product_id"])
                if self.returned_of_order[key] > line["quantity"]:
                    assert key in over_flagged, f"over-return {key} not flagged"
                else:
                    assert key not in over_flagged, f"{key} flagged without an over-return"


ChainSimulation.TestCase.settings = settings(max_examples=12, stateful_step_count=12, deadline=None,
                                             suppress_health_check=[HealthCheck.too_slow])
TestChainSimulation = ChainSimulation.TestCase
