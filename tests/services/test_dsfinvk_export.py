"""The DSFinV-K export at the register (issue 12, §3): a manager exports this register's own closings from
its replica, without the backend. The day is the one the backend's export is tested with
(tests/dsfinvk_day.py: float, cash and card, discount, voucher refund and redemption, cash return, void,
cash moved, training, a receipt in a TSE outage, a Z closing with a difference), and so are the checks."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import text

from app.core.cash import CashMovementKind
from app.services import audit
from app.services.auth import AssociateSession, AuthError, Role
from app.services.context import RegisterContext
from app.services.day_closing import close_day
from app.services.dsfinvk_export import ExportApprovalNeeded, export_own_closings
from app.services.journal import append
from app.services.sale_session import SaleSession
from app.services.till import current_till, expected_cash, move_cash, open_till
from app.store.db import transaction
from sync.dsfinvk import ExportError
from sync.protocol import FiscalEventKind
from tests.conftest import gtin_of
from tests.dsfinvk_day import (MANAGER_PIN, a_day, check_adds_up, check_the_day, count_of, products_by_class, read,
                               sell, validate)

LENA = AssociateSession(1, "Lena Schmidt", Role.ASSOCIATE)
JONAS = AssociateSession(3, "Jonas Weber", Role.MANAGER)


@pytest.fixture
def register(engine, terminal, tse_device) -> RegisterContext:
    """A register whose drawer's day is not open yet: each test counts its own float."""
    return RegisterContext.load(engine, terminal=terminal, tse=tse_device)


def closing_day(engine) -> date:
    """The local day of the register's last closing (not today's date, which may have turned meanwhile)."""
    with engine.connect() as c:
        at = c.execute(text("SELECT at FROM fiscalevent WHERE kind = 'closing' ORDER BY seq DESC")).scalars().first()
    return datetime.fromisoformat(at).astimezone(ZoneInfo("Europe/Berlin")).date()


def export(ctx, out, who=JONAS, **kwargs):
    day = closing_day(ctx.engine)
    return export_own_closings(ctx, who, date_from=kwargs.pop("date_from", day), date_to=kwargs.pop("date_to", day),
                               out_dir=out, **kwargs)


def a_short_day(ctx, *products: int) -> int:
    """The float, a cash sale of each product, the closing; returns its Z number."""
    sale = SaleSession(ctx, LENA)
    open_till(ctx, LENA, float_count=count_of(10_000))
    for pid in products:
        sell(sale, pid)
    return close_day(ctx, LENA, counted=count_of(expected_cash(ctx, current_till(ctx, LENA)))).z_no


def test_a_manager_exports_the_registers_own_day(register, tmp_path):
    day = a_day(SaleSession(register, LENA))
    out = tmp_path / "export"
    check_the_day(out, export(register, out), day, register_id=register.register_id)
    [approval] = audit.events(register.engine, kind=audit.AuditKind.APPROVAL, limit=1)
    assert approval.data["action"] == "dsfinvk_export" and approval.approved_by == JONAS.associate_id


def test_an_associate_needs_a_managers_pin(register, tmp_path):
    a_short_day(register, products_by_class(register.engine)["A"][0])
    with pytest.raises(ExportApprovalNeeded, match="Marktleitung"):
        export(register, tmp_path / "refused", who=LENA)
    with pytest.raises(AuthError, match="Marktleiter-PIN"):
        export(register, tmp_path / "refused", who=LENA, approver_pin="1234")
    assert not (tmp_path / "refused").exists()  # nothing written without a manager
    report = export(register, tmp_path / "approved", who=LENA, approver_pin=MANAGER_PIN)
    assert report.closings == [(register.register_id, 1)] and report.receipts == 2 and report.problems == []
    assert validate(tmp_path / "approved") == []
    [approval] = audit.events(register.engine, kind=audit.AuditKind.APPROVAL, limit=1)
    assert (approval.associate_id, approval.approved_by) == (LENA.associate_id, JONAS.associate_id)


def test_only_this_registers_closings_of_the_range(register, tmp_path):
    a = products_by_class(register.engine)["A"]
    z_numbers = [a_short_day(register, a[0]), a_short_day(register, a[1], a[2])]
    with transaction(register.engine) as s:  # a closing of another register in this replica's journal, chained
        append(s, kind=FiscalEventKind.CLOSING, register_id="1001-02", location_id=register.store.id,
               entity_id="other", data={"z_no": 7, "figures": {}})
    report = export(register, tmp_path / "out")
    assert report.closings == [(register.register_id, z) for z in z_numbers] == [("1001-01", 1), ("1001-01", 2)]
    assert report.receipts == 5 and report.problems == [] and validate(tmp_path / "out") == []
    f = read(tmp_path / "out")
    assert {r["Z_KASSE_ID"] for r in f["cashpointclosing.csv"]} == {"1001-01"}
    by_z = {z: [b["BON_NR"] for b in f["transactions.csv"] if b["Z_NR"] == z] for z in ("1", "2")}
    assert by_z == {"1": ["1", "2"], "2": ["3", "4", "5"]}  # the float and the sales, each in its own closing

    day = closing_day(register.engine)
    earlier = export(register, tmp_path / "earlier", date_from=day - timedelta(days=3),
                     date_to=day - timedelta(days=1))
    assert earlier.closings == [] and validate(tmp_path / "earlier") == []
    with pytest.raises(ExportError, match="endet"):
        export(register, tmp_path / "none", date_from=day, date_to=day - timedelta(days=1))


def test_an_entry_edited_behind_the_triggers_back_is_a_finding(register, tmp_path):
    """The first closing verifies and is exported; from the edited entry on nothing is, and the report says
    so: never a silent export of what does not verify."""
    a = products_by_class(register.engine)["A"]
    first = a_short_day(register, a[0])
    open_till(register, LENA, float_count=count_of(10_000))
    edited = sell(SaleSession(register, LENA), a[1])
    move_cash(register, LENA, kind=CashMovementKind.PAY_IN, amount_cents=1_000)
    close_day(register, LENA, counted=count_of(expected_cash(register, current_till(register, LENA))))
    with register.engine.begin() as c:  # someone with the file: drops the trigger, lowers a total
        c.execute(text("DROP TRIGGER fiscalevent_no_update"))
        c.exec_driver_sql("UPDATE fiscalevent SET data = replace(data, '\"total_cents\":', '\"total_cents\":1')"
                          " WHERE kind = 'sale' AND json_extract(data, '$.receipt_no') = ?", (edited.receipt_no,))
    report = export(register, tmp_path / "out")
    assert report.closings == [(register.register_id, first)]
    assert str(report.problems[0]).startswith("Das Journal dieser Kasse ist ab Eintrag")
    assert any("Abschluss nicht verifiziert" in str(p) and "nicht exportiert" in str(p) for p in report.problems)
    assert validate(tmp_path / "out") == []
    f = read(tmp_path / "out")
    check_adds_up(f)
    assert str(edited.receipt_no) not in {b["BON_NR"] for b in f["transactions.csv"]}


def test_a_drawer_per_associate_gives_one_z_for_the_register(register, engine, tmp_path):
    """Where each associate counts a drawer, closing one drawer while another is open is the drawer's own
    closing; the Z comes with the last one and covers both drawers, so it adds up with its receipts (found in
    review: every drawer made a Z whose figures were its own, but which covered the other drawer's receipts)."""
    from tests.conftest import set_store_settings

    set_store_settings(engine, drawer_per="associate")
    ctx = RegisterContext.load(engine, terminal=register.terminal, tse=register.tse)
    murat = AssociateSession(2, "Murat Yılmaz", Role.ASSOCIATE)
    a = products_by_class(engine)["A"]
    open_till(ctx, LENA, float_count=count_of(10_000))
    open_till(ctx, murat, float_count=count_of(5_000))
    sell(SaleSession(ctx, LENA), a[0])
    sell(SaleSession(ctx, murat), a[1], pay="card")
    sell(SaleSession(ctx, murat), a[2])
    lena_count = expected_cash(ctx, current_till(ctx, LENA)) - 30  # 30 ct short
    first = close_day(ctx, LENA, counted=count_of(lena_count))
    assert first.z_no is None and first.difference_cents == -30 and first.figures["kind"] == "D"
    assert current_till(ctx, LENA) is None and current_till(ctx, murat) is not None
    sell(SaleSession(ctx, murat), a[3])  # the shop is still open
    murat_count = expected_cash(ctx, current_till(ctx, murat))
    z = close_day(ctx, murat, counted=count_of(murat_count))
    assert z.z_no == 1 and z.counted_cents == lena_count + murat_count and z.difference_cents == -30
    assert z.figures["sales_count"] == 4 and z.figures["float_cents"] == 15_000
    out = tmp_path / "export"
    report = export(ctx, out)
    assert report.problems == [] and report.closings == [(ctx.register_id, 1)]
    f = read(out)
    assert check_adds_up(f) == Decimal(lena_count + murat_count) / 100  # the cash of both drawers, as counted


def test_the_chains_offers_are_exported_as_discounts_of_their_lines(register, tmp_path):
    """A 3 for 2 and a basket offer: each line's amount is what was paid, its discount beside its price, and
    every receipt still adds up to its payments (issue 14)."""
    from sync.common.promotions import Promotion, Scope
    from tests.services.test_promotions import replicate

    a = products_by_class(register.engine)["A"]
    b = products_by_class(register.engine)["B"]
    replicate(register.engine, promotions=[
        Promotion(id="m", name="3 für 2", kind="multi_buy", buy=3, pay=2, scope=Scope(product_ids=frozenset({a[0]}))),
        Promotion(id="k", name="1 € ab 1 €", kind="basket", threshold_cents=100, amount_cents=100)])
    sale = SaleSession(register, LENA)
    open_till(register, LENA, float_count=count_of(10_000))
    sell(sale, a[0], a[0], a[0], b[0])  # one receipt
    close_day(register, LENA, counted=count_of(expected_cash(register, current_till(register, LENA))))
    report = export(register, tmp_path / "out")
    assert report.problems == [] and validate(tmp_path / "out") == []
    f = read(tmp_path / "out")
    check_adds_up(f)
    discounts = [r for r in f["itemamounts.csv"] if r["TYP"] == "discount"]
    assert len(discounts) == 2  # both lines were reduced: the 3 for 2 line, and the other by its basket share


def test_a_gift_card_sold_and_spent_and_points_redeemed_export_cleanly(register, tmp_path):
    """A gift card sold (MehrzweckgutscheinKauf, not taxable) and spent on the next receipt (…Einloesung), and a
    customer's points spent as a discount on the lines: every receipt adds up, the TSE data rebuilds (issue 14)."""
    b = products_by_class(register.engine)["B"]
    sale = SaleSession(register, LENA)
    open_till(register, LENA, float_count=count_of(10_000))
    sale.scan(gtin_of(register.engine, b[0]))
    sale.extras.sell_gift_card(2000)
    code = sale.cart.gift_cards[0]["code"]
    sale.pay_cash(sale.remaining_cents)
    sale.complete()
    sale.scan(gtin_of(register.engine, b[1]))
    sale.set_links(customer={"id": None, "name": "Kundenkarte KD10000001", "card_no": "KD10000001", "points": None})
    sale.extras.redeem_points(50)
    sale.pay_voucher(code)
    if sale.remaining_cents:
        sale.pay_cash(sale.remaining_cents)
    sale.complete()
    close_day(register, LENA, counted=count_of(expected_cash(register, current_till(register, LENA))))
    report = export(register, tmp_path / "out")
    assert report.problems == [] and validate(tmp_path / "out") == []
    f = read(tmp_path / "out")
    check_adds_up(f)
    kinds = [r["GV_TYP"] for r in f["lines.csv"]]
    assert kinds.count("MehrzweckgutscheinKauf") == 1 and kinds.count("MehrzweckgutscheinEinloesung") == 1
