"""Online carts: claimed by a register, refused to the customer meanwhile, closed as bought in store."""

import threading

import httpx
import pytest
from sqlalchemy import text

from sync.client.http import BackendRejected, BackendUnavailable
from sync.client.refusals import refusal_message
from sync.protocol import RegisterRefusal
from tests.sync.conftest import SHOP_KEY
from tests.sync.faults import FaultTransport


def shop(backend, method, path, **kw):
    return httpx.request(method, f"{backend.url}/v1/shop{path}", headers={"X-Shop-Key": SHOP_KEY}, **kw)


def new_cart(backend, lines=((2, 2), (3, 1))):
    r = shop(backend, "POST", "/carts", json={"customer_email": "k@example.org",
                                              "lines": [{"product_id": p, "quantity": q} for p, q in lines]})
    assert r.status_code == 201, r.text
    return r.json()


def test_claim_checkout_and_the_phone_sees_it(make_register, backend):
    cart = new_cart(backend)
    reg = make_register()
    claim = reg.client.claim_cart(cart["code"].lower())  # typed in by hand
    assert claim["status"] == "claimed" and claim["claimed_by"] == "1001-01"
    edit = shop(backend, "PUT", f"/carts/{cart['id']}", json={"lines": [{"product_id": 4, "quantity": 1}]})
    assert edit.status_code == 409 and "an der Kasse" in edit.json()["detail"]
    order = shop(backend, "POST", f"/carts/{cart['id']}/order")
    assert order.status_code == 409
    reg.sale.take_over_online_cart(claim)
    assert [(l.product_id, l.quantity) for l in reg.sale.cart.lines] == [(2, 2), (3, 1)]
    reg.sale.pay_cash(reg.sale.remaining_cents)
    reg.sale.complete()
    reg.sync.sync_once()
    phone = shop(backend, "GET", f"/carts/{cart['id']}").json()
    assert phone["status"] == "bought_in_store"
    assert shop(backend, "PUT", f"/carts/{cart['id']}", json={"lines": []}).status_code == 409


def test_second_register_cannot_claim_and_an_expired_claim_frees_the_cart(make_register, backend):
    cart = new_cart(backend)
    first, second = make_register("1001", 1), make_register("1001", 2)
    first.client.claim_cart(cart["code"])
    with pytest.raises(BackendRejected) as exc:
        second.client.claim_cart(cart["code"])
    assert exc.value.status == 409 and "1001-01" in exc.value.detail
    # a stable code the register says in the associate's language (sync/client/refusals.py)
    assert (exc.value.code, exc.value.params) == (RegisterRefusal.CART_CLAIMED, {"register": "1001-01"})
    assert str(refusal_message(exc.value)) == "Dieser Warenkorb wird schon an Kasse 1001-01 bezahlt."
    with backend.engine.begin() as c:  # the first register went away; fifteen minutes pass
        c.execute(text("UPDATE onlinecart SET claim_expires_at = '2000-01-01 00:00:00'"))
    assert shop(backend, "PUT", f"/carts/{cart['id']}",
                json={"lines": [{"product_id": 4, "quantity": 1}]}).status_code == 200
    assert second.client.claim_cart(cart["code"])["claimed_by"] == "1001-02"


def test_expired_claim_then_online_order_then_store_sale_is_flagged(make_register, backend):
    cart = new_cart(backend)
    reg = make_register()
    claim = reg.client.claim_cart(cart["code"])
    reg.sale.take_over_online_cart(claim)
    reg.sale.pay_cash(reg.sale.remaining_cents)
    reg.sale.complete()  # the link is down now; the sale waits in the outbox
    with backend.engine.begin() as c:
        c.execute(text("UPDATE onlinecart SET claim_expires_at = '2000-01-01 00:00:00'"))
    assert shop(backend, "POST", f"/carts/{cart['id']}/order").status_code == 201  # the customer pays online too
    report = reg.sync.sync_once()
    assert report.rejected == 0
    with backend.engine.connect() as c:
        kind, entity = c.execute(text("SELECT kind, entity_id FROM conflict")).one()
    assert (kind, entity) == ("double_purchase", cart["id"])


def test_claim_needs_the_link(make_register, backend):
    transport = FaultTransport()
    reg = make_register(transport=transport)
    cart = new_cart(backend)
    transport.plan = ["down"]
    with pytest.raises(BackendUnavailable, match="nicht erreichbar"):
        reg.client.claim_cart(cart["code"])


def test_claim_and_order_at_the_same_moment_exactly_one_wins(make_register, backend):
    reg = make_register()
    outcomes = []
    for _ in range(15):
        cart = new_cart(backend)
        results = {}
        start = threading.Barrier(2)

        def claim():
            start.wait()
            try:
                reg.client.claim_cart(cart["code"])
                results["claim"] = True
            except BackendRejected:
                results["claim"] = False

        def order():
            start.wait()
            status = shop(backend, "POST", f"/carts/{cart['id']}/order").status_code
            assert status in (201, 409), status  # refused with a reason, never a server error
            results["order"] = status == 201

        threads = [threading.Thread(target=claim), threading.Thread(target=order)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        status = shop(backend, "GET", f"/carts/{cart['id']}").json()["status"]
        assert results["claim"] != results["order"], results  # never both, never neither
        assert status == ("claimed" if results["claim"] else "ordered")
        outcomes.append(status)
    with backend.engine.connect() as c:  # nobody paid twice: every ordered cart has exactly one order
        assert c.execute(text("SELECT count(*) FROM onlineorder")).scalar_one() == outcomes.count("ordered")
