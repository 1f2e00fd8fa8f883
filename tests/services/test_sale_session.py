import pytest
from sqlmodel import Session, func, select

from app.core.cart import CartError, Discount
from app.core.embedded import make_embedded
from app.core.receipt import layout
from app.services.auth import AuthError
from app.services.catalog import ScanError
from app.services.sale_session import ApprovalNeeded, PaymentError, SaleSession
from app.store.models import CardPayment, CartRecord, OutboxEntry, Sale, SaleLine, StockMovement
from sync.common.gtin import GtinError
from sync.common.scale_labels import DEFAULT_RULES
from tests.conftest import gtin_of, piece_product_ids, weighed_product


def count(engine, model):
    with Session(engine) as s:
        return s.exec(select(func.count()).select_from(model)).one()


def test_scan_unknown_and_bad_check_digit_add_nothing(sale, engine):
    with pytest.raises(ScanError, match="nicht im Sortiment"):
        sale.scan("4006381333931")
    code = gtin_of(engine, 2)
    with pytest.raises(GtinError, match="Prüfziffer"):
        sale.scan(code[:-1] + str((int(code[-1]) + 1) % 10))
    with pytest.raises(ScanError):
        sale.scan("]C1garbage")
    assert sale.cart.lines == []


def test_scan_every_gtin_form_finds_the_product(sale, engine):
    with Session(engine) as s:
        upca = s.connection().exec_driver_sql(
            "SELECT gtin, product_id FROM productgtin WHERE gtin LIKE '007%' LIMIT 1").one()
    sale.scan(upca[0][2:])  # as UPC-A, 12 digits
    sale.scan(upca[0][1:])  # as EAN-13
    sale.scan(upca[0])  # as GTIN-14
    assert len(sale.cart.lines) == 1 and sale.cart.lines[0].quantity == 3


def test_weighed_label(sale, engine):
    pid, plu, price = weighed_product(engine)
    sale.scan(make_embedded(DEFAULT_RULES[-1], plu, 750))  # 750 g
    sale.scan(make_embedded(DEFAULT_RULES[0], plu, 499))  # price label 4,99 €
    first, second = sale.cart.lines
    assert first.weight_g == 750 and first.unit_price_cents == price
    assert first.gross_cents == (750 * price + 500) // 1000
    assert second.gross_cents == 499 and second.embedded_amount_cents == 499


def test_cart_survives_restart(ctx, associate, engine):
    s1 = SaleSession(ctx, associate)
    s1.scan(gtin_of(engine, 2))
    s1.scan(gtin_of(engine, 3))
    s2 = SaleSession(ctx, associate)  # a new process would do exactly this
    assert [l.product_id for l in s2.cart.lines] == [2, 3]


def test_park_and_resume_after_restart(ctx, associate, engine):
    s = SaleSession(ctx, associate)
    s.scan(gtin_of(engine, 2))
    s.park("Kundin holt Brieftasche")
    assert s.cart.lines == []
    s.scan(gtin_of(engine, 3))
    again = SaleSession(ctx, associate)
    parked = again.parked_carts()
    assert [(p.label, p.item_count) for p in parked] == [("Kundin holt Brieftasche", 1)]
    changes = again.resume(parked[0].cart_id)
    assert [l.product_id for l in again.cart.lines] == [2]
    assert "geparkt" in str(changes.message)  # the cart with product 3 was parked, not lost
    assert len(again.parked_carts()) == 1


def test_discount_limit_needs_manager(sale, engine):
    sale.scan(gtin_of(engine, 2))
    line = sale.cart.lines[0].line_id
    sale.set_line_discount(line, Discount("percent", 1000))  # 10 % is within the limit
    with pytest.raises(ApprovalNeeded):
        sale.set_line_discount(line, Discount("percent", 2000))
    with pytest.raises(AuthError):
        sale.set_line_discount(line, Discount("percent", 2000), approver_pin="1234")  # an associate's PIN
    sale.set_line_discount(line, Discount("percent", 2000), approver_pin="987654")
    assert sale.cart.lines[0].discount.approved_by == 3
    with pytest.raises(ApprovalNeeded):
        sale.set_basket_discount(Discount("amount", sale.cart.subtotal_cents))


def test_manager_needs_no_second_pin(ctx, manager, engine):
    s = SaleSession(ctx, manager)
    s.scan(gtin_of(engine, 2))
    s.set_basket_discount(Discount("percent", 5000))
    assert s.cart.basket_discount.approved_by == 3


def test_cash_sale_writes_everything_once(sale, engine):
    sale.scan(gtin_of(engine, 2))
    sale.scan(gtin_of(engine, 2))
    sale.scan(gtin_of(engine, 3))
    total = sale.cart.total_cents
    with pytest.raises(PaymentError):
        sale.complete()
    sale.pay_cash(10_000)
    receipt = sale.complete()
    assert receipt.total_cents == total and receipt.change_cents == 10_000 - total
    assert receipt.receipt_no == 1
    assert count(engine, Sale) == 1 and count(engine, SaleLine) == 2 and count(engine, StockMovement) == 2
    # The TSE's self-test, time sync and master data (journal entries), the sale and its journal entry
    assert count(engine, OutboxEntry) == 5 and count(engine, CartRecord) == 0
    with Session(engine) as s:
        entry, journal_entry = s.exec(select(OutboxEntry).order_by(OutboxEntry.seq)).all()[-2:]
        assert entry.op == "sale.completed" and entry.payload["total_cents"] == total
        assert journal_entry.op == "fiscal.event" and journal_entry.payload["entity_id"] == entry.entity_id
        deltas = sorted(m.delta for m in s.exec(select(StockMovement)))
        assert deltas == [-2, -1]
    assert sale.cart.lines == []
    assert "SUMME EUR" in "\n".join(layout(receipt))


def test_receipt_numbers_are_consecutive(sale, engine):
    numbers = []
    for _ in range(3):
        sale.scan(gtin_of(engine, 4))
        sale.pay_cash(sale.remaining_cents)
        numbers.append(sale.complete().receipt_no)
    assert numbers == [1, 2, 3]


def test_split_card_and_cash(sale, engine, terminal):
    sale.scan(gtin_of(engine, 10))
    sale.scan(gtin_of(engine, 11))
    total = sale.cart.total_cents
    assert sale.pay_card(200) == "approved"
    with pytest.raises(CartError):
        sale.scan(gtin_of(engine, 2))  # no editing once payment started
    sale.pay_cash(sale.remaining_cents + 50)
    receipt = sale.complete()
    assert [t.kind.value for t in receipt.tenders] == ["card", "cash"]
    assert sum(t.amount_cents for t in receipt.tenders) == total
    assert terminal.charged_cents == 200


def test_card_declined_then_other_tender(sale, engine, terminal):
    sale.scan(gtin_of(engine, 2))
    terminal.mode = "decline"
    assert sale.pay_card(sale.remaining_cents) == "declined"
    assert sale.payment.tenders == []
    sale.pay_cash(sale.remaining_cents)
    sale.complete()
    assert terminal.charged_cents == 0


@pytest.mark.parametrize("charged", [True, False])
def test_card_timeout_never_charges_twice_nor_records_unpaid(sale, engine, terminal, charged):
    sale.scan(gtin_of(engine, 2))
    total = sale.cart.total_cents
    terminal.mode, terminal.charge_on_timeout = "timeout", charged
    assert sale.pay_card(total) == "unknown"
    # While the outcome is unknown, neither a second card payment nor completion is possible.
    with pytest.raises(PaymentError, match="ungeklärt"):
        sale.pay_card(total)
    with pytest.raises(PaymentError):
        sale.complete()
    terminal.mode = "offline"
    assert sale.resolve_card() == "unknown"  # terminal still unreachable: still blocked
    terminal.mode = "approve"
    outcome = sale.resolve_card()
    if charged:
        assert outcome == "approved" and sale.payment.is_complete
    else:
        assert outcome == "not_charged" and not sale.payment.tenders
        assert sale.pay_card(total) == "approved"
    sale.complete()
    assert terminal.charged_cents == total
    with Session(engine) as s:
        assert s.exec(select(Sale)).one().total_cents == total
        statuses = sorted(r.status for r in s.exec(select(CardPayment)))
    assert statuses == (["approved"] if charged else ["approved", "not_charged"])


def test_card_timeout_survives_restart(ctx, associate, engine, terminal):
    s = SaleSession(ctx, associate)
    s.scan(gtin_of(engine, 2))
    terminal.mode = "timeout"
    s.pay_card(s.cart.total_cents)
    terminal.mode = "approve"
    again = SaleSession(ctx, associate)  # the app crashed while the terminal was busy
    assert again.pending_card() is not None
    assert again.resolve_card() == "approved"
    again.complete()
    assert terminal.charged_cents == again.ctx.terminal.charged_cents == s.payment.total_cents


def test_terminal_unavailable_is_clear(sale, engine, terminal):
    sale.scan(gtin_of(engine, 2))
    terminal.mode = "offline"
    assert sale.pay_card(sale.cart.total_cents) == "unavailable"
    assert sale.pending_card() is None
    sale.pay_cash(sale.cart.total_cents)
    sale.complete()


def test_cancel_cash_payment_unlocks_cart(sale, engine):
    sale.scan(gtin_of(engine, 2))
    sale.scan(gtin_of(engine, 3))
    sale.pay_cash(100)
    sale.cancel_payment()
    sale.remove_line(sale.cart.lines[0].line_id)
    assert len(sale.cart.lines) == 1


def test_void(sale, engine):
    sale.scan(gtin_of(engine, 2))
    sale.void()
    assert sale.cart.lines == [] and count(engine, CartRecord) == 0


def test_disk_full_loses_nothing_and_keeps_screen_and_replica_equal(ctx, associate, engine):
    from sqlalchemy import event
    from sqlalchemy.exc import OperationalError

    s = SaleSession(ctx, associate)
    s.scan(gtin_of(engine, 2))
    with Session(engine) as db:
        pages = db.connection().exec_driver_sql("PRAGMA page_count").scalar_one()
    engine.dispose()
    full = lambda conn, _rec: conn.execute(f"PRAGMA max_page_count = {pages}")  # noqa: E731
    event.listen(engine, "connect", full)
    failures = 0
    for pid in piece_product_ids(engine, 400)[1:]:
        try:
            s.scan(gtin_of(engine, pid))
        except OperationalError as exc:
            assert "full" in str(exc)
            failures += 1
            with Session(engine) as db:
                stored = db.get(CartRecord, s.cart.cart_id).data["cart"]
            assert stored == s.cart.to_dict()  # memory went back to what the replica holds
            if failures == 3:
                break
    assert failures == 3
    lines_before = len(s.cart.lines)
    # space again (IT freed the disk): the same cart completes, nothing was lost
    event.remove(engine, "connect", full)
    engine.dispose()
    s.pay_cash(s.cart.total_cents)
    receipt = s.complete()
    assert len(receipt.lines) == lines_before


def test_gs1_codes_find_the_product_apply_weight_or_price_and_warn_when_expired(sale, engine):
    session = sale
    from app.scanning.gs1 import GS
    piece = gtin_of(engine, 2).zfill(14)
    changes = session.scan(f"01{piece}{GS}10LOT1{GS}17200131")
    assert str(changes.message).startswith("⚠ ABGELAUFEN seit 31.01.2020")
    assert session.cart.lines[-1].product_id == 2
    assert str(session.scan(f"01{piece}17491231").message) == "MHD 31.12.2049"
    pid = weighed_product(engine)[0]
    from sync.common.gtin import check_digit
    weighed = "9400000000000"[:13]
    weighed = weighed + str(check_digit(weighed))  # a variable-measure GTIN-14 the chain gives its cheese
    with engine.begin() as c:
        c.exec_driver_sql("INSERT INTO productgtin (gtin, product_id) VALUES (?, ?)", (weighed, pid))
    session.scan(f"01{weighed}3103000734")  # net weight 0.734 kg
    assert session.cart.lines[-1].weight_g == 734
    session.scan(f"(01){weighed}(3922)00499")  # price to pay 4.99
    assert session.cart.lines[-1].total_cents == 499
    with pytest.raises(ScanError):
        session.scan("01" + piece[:-1] + str((int(piece[-1]) + 1) % 10) + "17491231")


def test_every_void_is_recorded_and_above_the_limit_a_manager_approves(sale, engine):
    from app.services import audit
    sale.add_product(2)
    sale.void()
    (event,) = audit.events(engine, kind=audit.AuditKind.VOID)
    assert (event.associate_id, event.approved_by, event.data["total_cents"]) == (1, None, 229)
    assert [(l["product_id"], l["quantity"], l["total_cents"]) for l in event.data["lines"]] == [(2, 1, 229)]

    sale.add_product(2)
    sale.set_quantity(sale.cart.lines[0].line_id, 30)  # 68,70 €: above the store's 50 € limit
    with pytest.raises(ApprovalNeeded, match="Marktleitung"):
        sale.void()
    with pytest.raises(AuthError):
        sale.void(approver_pin="1234")  # an associate's PIN approves nothing
    assert sale.cart.total_cents == 30 * 229 and count(engine, CartRecord) == 1
    sale.void(approver_pin="987654")
    latest = audit.events(engine, kind=audit.AuditKind.VOID)[0]
    assert (latest.approved_by, latest.data["total_cents"]) == (3, 30 * 229)
    assert audit.events(engine, kind=audit.AuditKind.APPROVAL)[0].data == {
        "action": "void", "cart_id": latest.data["cart_id"], "total_cents": 30 * 229}
    sale.void()  # an empty cart: nothing to record
    assert len(audit.events(engine, kind=audit.AuditKind.VOID)) == 2


def test_no_void_and_no_change_while_a_card_payment_is_unclear(sale, engine, terminal):
    sale.add_product(2)
    terminal.mode = "timeout"
    assert sale.pay_card(sale.remaining_cents) == "unknown"  # the customer may have been charged
    for change in (sale.void, lambda: sale.add_product(3), lambda: sale.set_quantity(sale.cart.lines[0].line_id, 2)):
        with pytest.raises(CartError, match="ungeklärt"):
            change()
    assert len(sale.cart.lines) == 1 and count(engine, CartRecord) == 1
    terminal.mode = "approve"
    assert sale.resolve_card() == "approved"
    assert sale.complete().total_cents == 229
