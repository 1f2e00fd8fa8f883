"""The payment dialog under random keys, scans and terminal answers (issue 9).

Hypothesis drives the real dialog as an associate would: every key goes to the
widget that has the keyboard focus. After every step: no tender beyond what
was confirmed (at most one per key press, each with the amount the associate
confirmed for it), cash booked never above cash given, the sale completes only
when the tenders cover the total, and the receipt shows exactly the recorded
tenders. Card money: every approved charge at the terminal is a card tender or
a payment still being resolved, and no card tender lacks an approved charge.
"""

from __future__ import annotations

import itertools

from hypothesis import HealthCheck, event, given, settings, strategies as st
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from sqlmodel import Session, select

from app.core.cart import Discount
from app.core.money import parse_eur
from app.payment.terminal import TerminalOutcome
from app.services.receipts import load_receipt
from app.services.sale_session import SaleSession
from app.services.vouchers import VOUCHER_CODE
from app.store.models import Sale, VoucherRecord

TERMINAL = st.sampled_from(["approve", "decline", "timeout-charged", "timeout-nothing", "offline"])
KEYS = {"0": Qt.Key_0, "1": Qt.Key_1, "2": Qt.Key_2, "5": Qt.Key_5, "9": Qt.Key_9, ",": Qt.Key_Comma,
        "backspace": Qt.Key_Backspace, "enter": Qt.Key_Return, "F5": Qt.Key_F5, "F6": Qt.Key_F6, "esc": Qt.Key_Escape}
DIGITS = st.sampled_from(["0", "1", "2", "5", "9", ",", "backspace"]).map(lambda k: ("key", k))
STEP = st.one_of(  # roughly: typing, confirming, the terminal, scans, leaving and coming back
    DIGITS, DIGITS,
    st.just(("key", "enter")), st.just(("key", "enter")),
    st.sampled_from([("key", "F5"), ("key", "F6"), ("key", "esc"), ("reopen",)]),
    st.tuples(st.just("F8"), TERMINAL),  # card, the terminal answering as drawn
    st.tuples(st.just("F7"), st.sampled_from(["approve", "offline"])),  # ask the terminal
    st.tuples(st.just("voucher"), st.integers(0, 1)),  # a voucher code scanned (a burst of keys and Enter)
    st.just(("scan-product",)),  # an item's EAN scanned while paying
)
_codes = itertools.count(1)


def send(key) -> None:
    target = QApplication.focusWidget() or QApplication.activeModalWidget() or QApplication.activeWindow()
    QTest.keyClick(target, key)


def type_text(text: str) -> None:
    for ch in text:
        target = QApplication.focusWidget() or QApplication.activeModalWidget()
        QTest.keyClicks(target, ch)


def set_terminal(terminal, mode: str) -> None:
    terminal.mode = {"timeout-charged": "timeout", "timeout-nothing": "timeout"}.get(mode, mode)
    terminal.charge_on_timeout = mode == "timeout-charged"


class Run:
    """One customer paying: the window's sale, its dialog and what the associate confirmed."""

    def __init__(self, window, engine, terminal, qtbot, products, zero_total, balances):
        self.window, self.engine, self.terminal, self.qtbot = window, engine, terminal, qtbot
        screen = window.sale_screen
        with Session(engine) as s:  # a fresh cart: nothing of the previous example carries over
            s.connection().exec_driver_sql("DELETE FROM cart")
            s.connection().exec_driver_sql("DELETE FROM cardpayment")
            s.commit()
        screen.set_session(SaleSession(screen.sale.ctx, screen.sale.associate))
        self.sale = screen.sale
        for pid in products:
            self.sale.add_product(pid)
        if zero_total:
            self.sale.set_basket_discount(Discount("percent", 10_000), approver_pin="987654")
        self.total = self.sale.cart.total_cents
        self.vouchers = []
        with Session(engine) as s:
            for cents in balances:
                code = f"GS{next(_codes) + 10**9 * 7:010d}"
                s.add(VoucherRecord(code=code, amount_cents=cents))
                self.vouchers.append((code, cents))
            s.commit()
        self.receipts = []
        self.dialog = None
        self.open()

    def open(self) -> None:
        self.dialog = self.window.sale_screen.open_payment()
        self.dialog.completed.connect(self.receipts.append)
        # the associate starts typing once the dialog shows: its amount field focused, or, while a card
        # payment is unclear (the field is locked), the dialog itself, where F7 asks the terminal
        self.qtbot.waitUntil(lambda: QApplication.focusWidget() is self.dialog.amount if self.dialog.amount.isEnabled()
                             else QApplication.activeWindow() is self.dialog, timeout=3000)

    @property
    def done(self) -> bool:
        return bool(self.receipts)

    def settle(self) -> None:
        self.qtbot.waitUntil(lambda: self.dialog is None or not self.dialog._busy, timeout=5000)
        self.window.executor.wait()
        QApplication.processEvents()

    def step(self, step) -> None:
        if not self.dialog.isVisible():  # back at the cart after Esc: only F12 brings the payment back
            if step[0] == "reopen":
                self.open()
            return
        before = list(self.sale.payment.tenders)
        remaining = self.sale.remaining_cents
        field = self.dialog.amount.text() if self.dialog.isVisible() else ""
        pending = self.sale.pending_card()
        confirmed = []  # what the associate confirmed with this step (kind, amount)
        if step[0] == "key":
            in_field = self.dialog.amount.hasFocus()
            send(KEYS[step[1]])
            if step[1] == "enter" and in_field:
                confirmed.append(self._enter_confirms(field, remaining))
            elif step[1] == "F5":
                confirmed.append(("cash", remaining))
        elif step[0] == "F8":
            set_terminal(self.terminal, step[1])
            send(Qt.Key_F8)
            confirmed.append(("card", self._parse(field)))
        elif step[0] == "F7":
            set_terminal(self.terminal, step[1])
            send(Qt.Key_F7)
            if pending is not None:
                confirmed.append(("card", pending.amount_cents))
        elif step[0] == "voucher":
            confirmed += self.scan(self.vouchers[step[1]][0], remaining)
        elif step[0] == "scan-product":
            confirmed += self.scan("4006381333931", remaining)
        self.settle()
        self.check(before, confirmed)

    def scan(self, code: str, remaining: int) -> list:
        """A scanner's burst into whatever has the focus, then Enter: what the field then holds is confirmed."""
        type_text(code)
        if not self.dialog.amount.hasFocus():
            send(Qt.Key_Return)
            return []
        field = self.dialog.amount.text()
        send(Qt.Key_Return)
        return [self._enter_confirms(field, remaining)]

    def _parse(self, text):
        try:
            return parse_eur(text)
        except ValueError:
            return None

    def _enter_confirms(self, field: str, remaining: int):
        text = field.strip().upper()
        if VOUCHER_CODE.match(text):
            return ("voucher", dict(self.vouchers).get(text, 0))
        return ("cash", self._parse(field) if remaining else 0)

    def check(self, before, confirmed) -> None:
        after = list(self.receipts[0].tenders) if self.done else list(self.sale.payment.tenders)
        assert after[:len(before)] == before, "a recorded tender changed or vanished"
        new = after[len(before):]
        assert len(new) <= 1, f"one key press booked {len(new)} tenders: {new}"
        for tender in new:
            kinds = {k: a for k, a in confirmed}
            assert tender.kind.value in kinds, f"{tender} booked without being confirmed ({confirmed})"
            amount = kinds[tender.kind.value]
            if tender.kind.value == "cash":
                assert tender.given_cents == amount, f"cash given {tender.given_cents}, typed {amount}"
            elif tender.kind.value == "voucher":
                assert 0 < tender.amount_cents <= amount
            else:
                assert tender.amount_cents == amount
        for t in after:
            assert t.amount_cents > 0
            if t.kind.value == "cash":
                assert t.amount_cents <= t.given_cents and t.change_cents == t.given_cents - t.amount_cents
            else:
                assert t.change_cents == 0
        paid = sum(t.amount_cents for t in after)
        assert paid <= self.total
        if self.done:
            assert paid == self.total, "completed without the tenders covering the total"
            receipt = self.receipts[0]
            with Session(self.engine) as s:
                sale_id = s.exec(select(Sale.id).where(Sale.receipt_no == receipt.receipt_no)).one()
            stored = load_receipt(self.sale.ctx, sale_id=sale_id)
            assert list(stored.tenders) == list(receipt.tenders)
        self.check_card_money(after)

    def check_card_money(self, tenders) -> None:
        approved = {ref: r for ref, r in self.terminal._journal.items() if r.outcome is TerminalOutcome.APPROVED}
        cards = {t.reference: t for t in tenders if t.kind.value == "card"}
        pending = self.sale.pending_card() if not self.done else None
        for ref, tender in cards.items():
            assert ref in approved and approved[ref].amount_cents == tender.amount_cents
        for ref, result in approved.items():
            if ref in self.seen_card_refs:
                continue
            assert ref in cards or (pending is not None and pending.reference == ref), \
                f"the terminal charged {result.amount_cents} that the sale does not know"

    seen_card_refs: set = frozenset()

    def close(self) -> None:
        for dialog in (self.dialog, self.window.receipt_dialog):
            if dialog is not None and dialog.isVisible():
                dialog.done(0)
        self.window.receipt_dialog = None
        QApplication.processEvents()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(products=st.lists(st.sampled_from([2, 3, 10, 17]), min_size=1, max_size=3),
       zero_total=st.booleans(),
       balances=st.tuples(st.integers(1, 3000), st.integers(1, 3000)),
       steps=st.lists(STEP, min_size=1, max_size=25))
def test_random_keys_scans_and_terminal_answers(window, engine, terminal, qtbot, products, zero_total, balances,
                                                steps):
    Run.seen_card_refs = frozenset(terminal._journal)  # charges of earlier examples belong to their sales
    run = Run(window, engine, terminal, qtbot, products, zero_total, balances)
    try:
        for step in steps:
            if run.done:
                break
            run.step(step)
        event("completed" if run.done else "left open")
        tenders = run.receipts[0].tenders if run.done else run.sale.payment.tenders
        for kind in sorted({t.kind.value for t in tenders}):
            event(f"paid by {kind}")
    finally:
        run.close()
