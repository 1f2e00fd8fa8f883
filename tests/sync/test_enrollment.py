"""Enrolling and replacing a register's PC, against the real backend (SQLite and PostgreSQL): a lost
answer does not burn the secret, no secret takes over an enrolled register, and a replaced PC continues
the register's numbering (issue 10: reliability 3 and 5, security 1)."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy import text

from app.services import delivery, returns
from app.services.return_sources import find_source
from app.store.db import open_replica
from sync.client.http import BackendClient, BackendRejected
from sync.protocol import RegisterRefusal
from sync.client.setup import bootstrap, enroll
from sync.server.enrollment import add_enrollment_secrets, replace_register
from tests.conftest import gtin_of
from app.demo.replica import seed_associates
from tests.sync.conftest import Register
from tests.sync.faults import FaultTransport


def new_replica(tmp_path, name):
    replica = open_replica(tmp_path / name / "replica.sqlite3")
    seed_associates(replica)
    return replica


def test_a_lost_enrollment_answer_does_not_burn_the_secret(backend, tmp_path):
    add_enrollment_secrets(backend.engine, {"geheim-0501": "1001-05"})
    replica = new_replica(tmp_path, "pc")
    lost = FaultTransport(["lost_response"])
    with pytest.raises(Exception):  # the backend enrolled the PC, the answer never arrived
        enroll(replica, base_url=backend.url, store_id="1001", register_no=5, secret="geheim-0501", transport=lost)
    tokens = enroll(replica, base_url=backend.url, store_id="1001", register_no=5, secret="geheim-0501")
    client = BackendClient(backend.url, token=tokens.get)
    assert client.pull(cursor=None, limit=1).changes  # the token of the repeated answer works
    client.close()
    other = BackendClient(backend.url)  # another PC with the same (used) secret is refused
    with pytest.raises(BackendRejected) as exc:
        other.enroll(store_id="1001", secret="geheim-0501", register_no=5, install_id="f" * 32)
    assert (exc.value.status, exc.value.code) == (403, RegisterRefusal.ENROLL_SECRET_USED)
    other.close()


def test_no_secret_takes_over_an_enrolled_register(make_register, backend):
    real = make_register("1001", 1)
    add_enrollment_secrets(backend.engine, {"fuer-kasse-2": "1001-02", "noch-eins-1": "1001-01"})
    thief = BackendClient(backend.url)
    with pytest.raises(BackendRejected) as exc:  # a secret for register 2 enrolls register 2 only
        thief.enroll(store_id="1001", secret="fuer-kasse-2", register_no=1)
    assert exc.value.status == 403
    with pytest.raises(BackendRejected) as exc:  # a spare secret for register 1 cannot revoke the real PC
        thief.enroll(store_id="1001", secret="noch-eins-1", register_no=1)
    assert exc.value.status == 409 and "replace-register" in exc.value.detail
    assert (exc.value.code, exc.value.params) == (RegisterRefusal.REGISTER_ENROLLED, {"register": "1001-01"})
    thief.close()
    real.sell(gtin_of(real.replica, 3))
    assert real.sync.sync_once().pushed == 2  # the real register carries on (the sale and its journal entry)


def test_a_replaced_pc_continues_the_registers_numbering(make_register, backend, tmp_path):
    old = make_register("1001", 1)
    old.sell(gtin_of(old.replica, 3))
    old.sell(gtin_of(old.replica, 2))
    source = find_source(old.sale.ctx, "R10010100000002")
    returns.record_return(old.sale.ctx, old.sale.associate, source=source, quantities={2: 1}, reason="dislike")
    old.sale.scan(gtin_of(old.replica, 4))
    old.sale.set_links(delivery=delivery.prepare(old.sale.ctx, ship_from="9000", customer_name="Karla Yilmaz",
                                                 address="Lindenweg 4, 34117 Kassel"))
    old.sale.pay_cash(old.sale.remaining_cents)
    old.sale.complete()  # receipt 4, delivery LF-1001-01-00001
    old.sync.sync_once()

    secret = replace_register(backend.engine, "1001-01")  # IT: the old PC is revoked first
    with pytest.raises(BackendRejected) as exc:
        old.client.pull(cursor=None, limit=1)
    assert exc.value.status == 401
    replica = new_replica(tmp_path, "replacement")
    tokens = enroll(replica, base_url=backend.url, store_id="1001", register_no=1, secret=secret)
    client = BackendClient(backend.url, token=tokens.get)
    bootstrap(replica, client)
    from app.core.cash import CashCount
    from app.payment.simulator import TerminalSimulator
    from app.services.auth import AssociateSession, Role
    from app.services.context import RegisterContext
    from app.services.sale_session import SaleSession
    from sync.client.engine import SyncEngine
    from tests.conftest import open_the_day
    ctx = RegisterContext.load(replica, terminal=TerminalSimulator())
    open_the_day(ctx, float_count=CashCount())
    new = Register(replica, tokens, client, SyncEngine(replica, client),
                   SaleSession(ctx, AssociateSession(1, "Lena Schmidt", Role.ASSOCIATE)), TerminalSimulator())
    new.sale.scan(gtin_of(replica, 3))
    new.sale.set_links(delivery=delivery.prepare(ctx, ship_from="9000", customer_name="Karla Yilmaz",
                                                 address="Lindenweg 4, 34117 Kassel"))
    new.sale.pay_cash(new.sale.remaining_cents)
    receipt = new.sale.complete()
    assert receipt.receipt_no == 5  # after sales 1, 2, 4 and the return receipt 3
    report = new.sync.sync_once()
    assert report.rejected == 0, report
    with backend.engine.connect() as c:
        numbers = c.execute(text("SELECT receipt_no FROM sale WHERE register_id = '1001-01' ORDER BY receipt_no"
                                 )).scalars().all()
        orders = c.execute(text("SELECT order_no FROM onlineorder WHERE order_no LIKE 'LF-1001-01-%'"
                                " ORDER BY order_no")).scalars().all()
    assert numbers == [1, 2, 4, 5] and orders == ["LF-1001-01-00001", "LF-1001-01-00002"]
    found = httpx.get(f"{backend.url}/v1/sales/receipt/1001-01/5", headers={"Authorization": f"Bearer {tokens.get()}"})
    assert found.status_code == 200 and found.json()["receipt_no"] == 5
    client.close()


def _queued(reg):
    from sqlmodel import Session, select

    from app.store.models import OutboxEntry
    from sync.protocol import Operation

    with Session(reg.replica) as s:
        return [Operation(id=e.id, seq=e.seq, op=e.op, payload=e.payload)
                for e in s.exec(select(OutboxEntry).where(OutboxEntry.sent_at.is_(None)).order_by(OutboxEntry.seq))]


def test_a_push_let_in_before_its_pc_was_replaced_is_refused_and_not_counted(make_register, backend):
    """Its token was checked, then IT replaced the PC, then the push had its turn: applied, it would be missing
    from the high-water marks the new PC got (a receipt number twice)."""
    from sqlmodel import Session

    from sync.server.apply import RegisterRevoked, apply_batch
    from sync.server.models import Register as RegisterRow

    old = make_register()
    old.sync.sync_once()
    old.sell(gtin_of(old.replica, 2))
    session = Session(backend.engine, expire_on_commit=False)
    try:
        register = session.get(RegisterRow, "1001-01")  # as the request's token check found it
        session.commit()
        replace_register(backend.engine, "1001-01")
        with pytest.raises(RegisterRevoked):
            apply_batch(session, register, _queued(old))
    finally:
        session.rollback()
        session.close()
    with backend.engine.connect() as c:
        assert c.execute(text("SELECT count(*) FROM sale WHERE register_id = '1001-01'")).scalar_one() == 0


def test_replacing_a_pc_waits_for_its_push_under_way(make_register, backend):
    """PostgreSQL runs them side by side: the revocation waits for the push's lock, so the new PC's receipt
    numbers continue after the pushed sale (SQLite: one writer at a time, nothing to wait for)."""
    import threading
    import time

    from sqlmodel import Session

    from sync.protocol import Counter
    from sync.server.apply import apply_batch
    from sync.server.models import Register as RegisterRow

    if backend.engine.dialect.name != "postgresql":
        pytest.skip("SQLite's writers are one at a time: a revocation cannot run beside a push")
    old = make_register()
    old.sync.sync_once()
    old.sell(gtin_of(old.replica, 2))
    old.sell(gtin_of(old.replica, 3))
    pushing = Session(backend.engine)
    secret = []
    try:
        apply_batch(pushing, pushing.get(RegisterRow, "1001-01"), _queued(old))  # applied, not yet committed
        it = threading.Thread(target=lambda: secret.append(replace_register(backend.engine, "1001-01")))
        it.start()
        deadline = time.monotonic() + 30
        with backend.engine.connect() as c:  # a condition: the revocation waits for the push's lock
            while not c.execute(text("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                                     " AND wait_event_type = 'Lock'")).scalar_one():
                assert it.is_alive() and time.monotonic() < deadline, "the revocation did not wait for the push"
                time.sleep(0.05)
        pushing.commit()
    finally:
        pushing.close()
    it.join(30)
    answer = httpx.post(f"{backend.url}/v1/enroll", json={"store_id": "1001", "register_no": 1,
                                                          "enrollment_secret": secret[0]})
    assert answer.status_code == 200, answer.text
    assert answer.json()["counters"][Counter.RECEIPT_NO.value] == 2  # the new PC's first receipt is 3
