"""A push's sales and journal entries are applied together (issue 17: one set of statements for a whole batch);
the outcome must be exactly that of applying them one push at a time: the same answers, stock, movements,
negative-stock conflicts with their sales in order, journal entries and journal conflicts. Real backend
(SQLite and PostgreSQL), a real register's queued operations, each way in a transaction rolled back after."""

import json
import uuid

import pytest

from sqlalchemy import event, text
from sqlmodel import Session, select

from app.services import inventory
from app.store.models import OutboxEntry
from sync.protocol import Operation
from sync.server.apply import apply_batch
from sync.server.models import Register
from tests.conftest import gtin_of, piece_product_ids
from tests.sync.test_negative_stock import sell, stock_of
from tests.sync.test_stock_count import JONAS


def queued(reg) -> list[Operation]:
    with Session(reg.replica) as s:
        return [Operation(id=e.id, seq=e.seq, op=e.op, payload=e.payload)
                for e in s.exec(select(OutboxEntry).order_by(OutboxEntry.seq))]


def state_after(backend, batches: list[list[Operation]], statements: list | None = None) -> dict:
    """What the backend holds after applying the batches in one transaction, which is then rolled back;
    the statements the applying sent are added to `statements`."""
    session = Session(backend.engine)
    sent = []

    def count(conn, cursor, statement, *args):
        sent.append(statement)

    try:
        register = session.get(Register, "1001-01")
        event.listen(backend.engine, "before_cursor_execute", count)
        try:
            answers = [(r.id, r.status, r.reason) for batch in batches for r in apply_batch(session, register, batch)]
        finally:
            event.remove(backend.engine, "before_cursor_execute", count)
        if statements is not None:
            statements.extend(sent)
        c = session.connection()

        def rows(sql):
            return [tuple(json.loads(v) if isinstance(v, str) and v[:1] == "{" else v for v in row)
                    for row in c.execute(text(sql)).all()]

        return {
            "answers": sorted(answers),
            "stock": rows("SELECT product_id, quantity FROM stock WHERE location_id = '1001' ORDER BY product_id"),
            "movements": rows("SELECT id, product_id, delta, reason FROM stockmovement ORDER BY id"),
            "sales": rows("SELECT id, register_id, receipt_no, total_cents FROM sale ORDER BY id"),
            "conflicts": rows("SELECT kind, entity_id, status, details FROM conflict ORDER BY kind, entity_id, status"),
            "journal": rows("SELECT chain, seq, hash, kind, verified FROM fiscaljournal ORDER BY chain, seq"),
            "stock_feed": rows("SELECT key, data FROM change WHERE kind = 'stock' ORDER BY key"),
            "applied": rows("SELECT id, status, reason FROM appliedop ORDER BY id"),
            "vouchers": rows("SELECT code, amount_cents, kind, return_id FROM voucher ORDER BY code"),
            "redeemed": rows("SELECT sale_id, code, amount_cents FROM voucherredemption ORDER BY sale_id, code"),
            "points": rows("SELECT id, customer_id, points, kind, source_id FROM loyaltyentry ORDER BY id"),
            "coupons_used": rows("SELECT source_id, code, customer_id FROM couponuse ORDER BY source_id, code"),
            # by what they say: a conflict's notification names its id, which PostgreSQL's sequence gives anew
            "notifications": sorted(map(repr, rows("SELECT kind, params FROM notification"))),
            "feed": [(kind, key, {k: v for k, v in data.items() if k != "created_at"} if data else data)
                     for kind, key, data in rows("SELECT kind, key, data FROM change"
                                                 " WHERE kind NOT IN ('conflict', 'notification') ORDER BY kind, key")],
        }
    finally:
        session.rollback()
        session.close()


@pytest.mark.parametrize("with_rejection", [False, True], ids=["together", "rejection"])
def test_a_batch_applied_together_ends_as_if_applied_one_by_one(make_register, backend, with_rejection):
    """Runs of sales and entries split by a stock count, a sale sent twice, a lost and an edited journal
    entry; with a rejection (a sale for another register), the batch goes again one operation at a time."""
    reg = make_register()
    reg.sync.sync_once()  # enrolled and caught up: what follows is queued offline
    short, other, plenty = piece_product_ids(reg.replica, 3)
    have = stock_of(backend, "1001", short)
    sell(reg, short, have - 1)  # leaves 1
    sell(reg, short, 2)  # -1: opens the conflict
    reg.sell(gtin_of(reg.replica, other), gtin_of(reg.replica, short))  # two products, one of them deeper
    sell(reg, plenty, 1)
    inventory.count_stock(reg.sale.ctx, JONAS, product_id=short, counted=0)  # not batched: splits the run
    sell(reg, short, 3)  # negative again after the count: a sale before and after it in one batch
    sell(reg, other, stock_of(backend, "1001", other) + 5)  # another product's conflict
    ops = queued(reg)
    sales = [op for op in ops if op.op == "sale.completed"]
    entries = [op for op in ops if op.op == "fiscal.event"]
    assert len(sales) == 6 and any(op.op == "stock.counted" for op in ops)

    again = Operation(id=uuid.uuid4().hex, seq=ops[-1].seq + 1, op=sales[1].op, payload=sales[1].payload)
    edited = entries[-2].model_copy(update={"payload": {**entries[-2].payload, "entity_id": "edited"}})
    foreign = sales[3].model_copy(update={"payload": {**sales[3].payload, "register_id": "1002-01"}})
    # A journal entry lost on the way (a gap after it), one edited, a sale sent twice, one for another register.
    pushed = [edited if op is entries[-2] else foreign if op is sales[3] and with_rejection else op
              for op in ops if op is not entries[-4]] + [again]

    together = state_after(backend, [pushed])
    one_by_one = state_after(backend, [[op] for op in pushed])
    assert together == one_by_one

    answers = {op_id: (status, reason) for op_id, status, reason in together["answers"]}
    assert answers[again.id] == ("applied", "sale already recorded")
    assert answers[foreign.id][0] == ("rejected" if with_rejection else "applied")
    assert answers[edited.id][0] == "conflict" and answers[entries[-3].id][0] == "conflict"  # the gap after the lost
    # Each sale with the count it left; the stock count between resolved the first conflict, the next sale
    # opened another.
    found = {status: details for kind, product, status, details in together["conflicts"]
             if kind == "negative_stock" and product == str(short)}
    assert [s["quantity"] for s in found["resolved"]["sales"]] == [-1, -2]
    assert [s["quantity"] for s in found["open"]["sales"]] == [-3]
    assert {c[0] for c in together["conflicts"]} >= {"negative_stock", "journal_broken", "journal_gap"}


def test_a_clean_batch_applied_together_ends_as_if_applied_one_by_one(make_register, backend):
    """No rejection: the batch is never re-run one by one, so the together path alone decides the outcome."""
    reg = make_register()
    reg.sync.sync_once()
    short, other = piece_product_ids(reg.replica, 2)
    have = stock_of(backend, "1001", short)
    for quantity in (have - 1, 1, 2, 1):  # 1, 0, -2, -3
        sell(reg, short, quantity)
    reg.sell(gtin_of(reg.replica, other), gtin_of(reg.replica, other))
    ops = queued(reg)

    sent_together, sent_alone = [], []
    together = state_after(backend, [ops], sent_together)
    assert together == state_after(backend, [[op] for op in ops], sent_alone)
    # applied together indeed, not one by one after a fallback: 5 sales and their 5 journal entries
    assert len(sent_together) * 3 < len(sent_alone), (len(sent_together), len(sent_alone))
    assert all(status in ("applied", "conflict") for _, status, _ in together["answers"])
    [(_, _, _, details)] = [c for c in together["conflicts"] if c[0] == "negative_stock"]
    assert [s["quantity"] for s in details["sales"]] == [-2, -3] and details["quantity"] == -3


def test_gift_cards_and_points_of_one_push_end_as_if_applied_one_by_one(make_register, backend):
    """A gift card sold and spent in the same push, points earned and spent: the bookings beside the stock."""
    from app.services import customers
    from tests.sync.test_loyalty import new_customer, sell_cash, web_order

    eva = new_customer(backend, "eva.batch@example.org", "KD30000003")
    assert web_order(backend, "WEB-B1", "eva.batch@example.org", {5: 5}).status_code == 201
    reg = make_register()
    reg.sync.sync_once()
    reg.sale.extras.sell_gift_card(3000)
    [card] = reg.sale.cart.gift_cards
    reg.sale.pay_cash(5000)
    reg.sale.complete()
    reg.sale.add_product(3)
    reg.sale.pay_voucher(card["code"])  # usable at once at this register, before any sync
    if reg.sale.remaining_cents:
        reg.sale.pay_cash(reg.sale.remaining_cents)
    reg.sale.complete()
    for spend in (True, False):  # the card spends points offline, then earns some
        reg.sale.add_product(7)
        reg.sale.set_links(customer=customers.card_only("KD30000003").link())
        if spend:
            reg.sale.extras.redeem_points(50)
        sell_cash(reg)
    ops = queued(reg)

    sent_together, sent_alone = [], []
    together = state_after(backend, [ops], sent_together)
    assert together == state_after(backend, [[op] for op in ops], sent_alone)
    assert len(sent_together) * 2 < len(sent_alone), (len(sent_together), len(sent_alone))
    assert [(code, amount) for _, code, amount in together["redeemed"]] == [(card["code"], min(
        3000, next(s for s in together["sales"] if s[2] == 2)[3]))]
    assert {kind for _, customer, _, kind, _ in together["points"] if customer == eva} >= {"redeem", "earn"}
