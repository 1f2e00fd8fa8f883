"""Associates managed at the backend reach the registers of their stores (issue 13): a starting PIN changed at the
first login and passed on, deactivation, a store taken away, an administrator's reset winning over a PIN set
offline, lockouts per register. Real backend (SQLite and PostgreSQL), real registers, real sync."""

from __future__ import annotations

import httpx
import pytest
from sqlmodel import Session, select

from app.services.associates import new_pin_due, set_pin
from app.services.auth import AssociateSession, AuthError, Role
from app.store.models import Associate as LocalAssociate
from app.store.models import OutboxEntry
from sync.common.pins import PinRuleError
from sync.server import admin
from sync.server.associates import add_associate, deactivate_associate, reset_pin, set_stores
from sync.server.models import AppliedOp
from tests.sync.conftest import ERP_KEY, sync_until

@pytest.fixture
def chain(backend):
    """The demo chain's backend: its associates (ids 1-3, the registers' demo associates) work in every store."""
    return backend


def local(reg, associate_id: int) -> LocalAssociate | None:
    with Session(reg.replica) as s:
        return s.get(LocalAssociate, associate_id)


def can_log_in(reg, associate_id: int, pin: str) -> bool:
    try:
        reg.sale.ctx.auth.login(associate_id=associate_id, pin=pin)
        return True
    except AuthError:
        return False


def test_a_new_associate_sets_their_pin_at_the_first_login_and_every_register_of_the_store_gets_it(
        chain, make_register):
    a, b, other = make_register("1001", 1), make_register("1001", 2), make_register("1002", 1)
    associate_id, starting = add_associate(chain.engine, name="Sophie Wagner", role="associate", stores=["1001"])
    assert associate_id == 4 and len(starting) == 4 and starting.isdigit()
    sync_until(a, lambda: local(a, associate_id) is not None)
    sync_until(b, lambda: local(b, associate_id) is not None)
    other.sync.sync_once()
    assert local(other, associate_id) is None  # another store's register never sees them
    row = local(a, associate_id)
    assert row.pin_change_due and row.pin_hash.startswith("scrypt$") and starting not in row.pin_hash

    ctx = a.sale.ctx
    session = ctx.auth.login(associate_id=associate_id, pin=starting)
    assert session.pin_change_due and new_pin_due(ctx, session) == 4
    with pytest.raises(PinRuleError) as refused:
        set_pin(ctx, session, associate_id=associate_id, pin=starting)
    assert refused.value.code == "pin_unchanged"
    set_pin(ctx, session, associate_id=associate_id, pin="4711")
    assert not ctx.auth.login(associate_id=associate_id, pin="4711").pin_change_due  # at once, also offline
    assert not can_log_in(a, associate_id, starting)

    a.sync.sync_once()  # pushed; a pull of the row as it was does not bring the starting PIN back
    assert can_log_in(a, associate_id, "4711")
    sync_until(b, lambda: can_log_in(b, associate_id, "4711"))
    assert not local(b, associate_id).pin_change_due and not can_log_in(b, associate_id, starting)


def test_deactivating_reaches_every_register_and_a_store_taken_away_drops_them_there(chain, make_register):
    a, other = make_register("1001", 1), make_register("1002", 1)
    associate_id, starting = add_associate(chain.engine, name="Tim Becker", role="associate",
                                           stores=["1001", "1002"])
    sync_until(a, lambda: local(a, associate_id) is not None)
    sync_until(other, lambda: local(other, associate_id) is not None)

    set_stores(chain.engine, associate_id, ["1001"])
    sync_until(other, lambda: not local(other, associate_id).active)
    assert not can_log_in(other, associate_id, starting)
    assert [s.name for s in other.sale.ctx.auth.associates()].count("Tim Becker") == 0
    a.sync.sync_once()
    assert local(a, associate_id).active and can_log_in(a, associate_id, starting)

    deactivate_associate(chain.engine, associate_id)
    sync_until(a, lambda: not local(a, associate_id).active)
    assert not can_log_in(a, associate_id, starting)
    deactivate_associate(chain.engine, associate_id, active=True)
    sync_until(a, lambda: local(a, associate_id).active)


def test_an_administrators_reset_wins_over_a_pin_set_offline_before_it(chain, make_register):
    a = make_register("1001", 1)
    associate_id, starting = add_associate(chain.engine, name="Eva Koch", role="associate", stores=["1001"])
    sync_until(a, lambda: local(a, associate_id) is not None)
    ctx = a.sale.ctx
    session = ctx.auth.login(associate_id=associate_id, pin=starting)
    set_pin(ctx, session, associate_id=associate_id, pin="5522")  # offline: not pushed yet
    new_starting = reset_pin(chain.engine, associate_id)  # meanwhile IT resets it (a forgotten PIN)

    a.sync.sync_once()
    with Session(chain.engine) as s:
        applied = s.exec(select(AppliedOp).where(AppliedOp.op == "associate.pin_set")).all()
    assert [r.status for r in applied] == ["applied"] and "superseded" in applied[0].reason
    sync_until(a, lambda: can_log_in(a, associate_id, new_starting))
    assert local(a, associate_id).pin_change_due and not can_log_in(a, associate_id, "5522")


def test_a_register_of_another_store_cannot_set_an_associates_pin(chain, make_register):
    other = make_register("1002", 1)
    associate_id, _pin = add_associate(chain.engine, name="Ben Krause", role="associate", stores=["1001"])
    manager = AssociateSession(3, "Jonas Weber", Role.MANAGER)
    with other.replica.begin() as c:  # as if it had the row: the backend still decides
        c.exec_driver_sql("INSERT INTO associate (id, name, role, pin_hash, active, pin_change_due, version)"
                          " SELECT ?, 'Ben Krause', 'associate', pin_hash, 1, 0, 1 FROM associate WHERE id = 3",
                          (associate_id,))
    set_pin(other.sale.ctx, manager, associate_id=associate_id, pin="8888")
    other.sync.sync_once()
    with Session(other.replica) as s:
        entry = s.exec(select(OutboxEntry).where(OutboxEntry.op == "associate.pin_set")).one()
    assert entry.status == "rejected" and "does not work in store 1002" in entry.result_reason


def test_lockouts_stay_per_register(chain, make_register):
    a, b = make_register("1001", 1), make_register("1001", 2)
    for _ in range(5):
        assert not can_log_in(a, 1, "0000")
    with pytest.raises(AuthError, match="Zu viele"):
        a.sale.ctx.auth.login(associate_id=1, pin="1234")
    a.sync.sync_once()
    b.sync.sync_once()
    assert can_log_in(b, 1, "1234")


def test_it_manages_stores_and_associates_from_the_command_line(chain, capsys, monkeypatch):
    monkeypatch.setenv("TRESEN_BACKEND_DB", chain.db_url)
    assert admin.main(["create-store", "1005", "--name", "Tresen Markt Leipzig", "--city", "04109 Leipzig"]) == 0
    assert admin.main(["stores"]) == 0
    assert "1005     store      Tresen Markt Leipzig" in capsys.readouterr().out
    assert admin.main(["add-associate", "--name", "Ali Demir", "--role", "manager", "--store", "1005"]) == 0
    out = capsys.readouterr().out
    pin = out.rsplit(": ", 1)[1].strip()
    assert "Mitarbeiter 4 angelegt" in out and len(pin) == 6  # a manager's starting PIN: 6 digits
    assert admin.main(["associates"]) == 0
    listed = capsys.readouterr().out
    assert "4      manager    1005             Start-PIN  Ali Demir" in listed and pin not in listed
    assert "1      associate  1001,1002,1003,1004 aktiv      Lena Schmidt" in listed
    assert admin.main(["add-associate", "--name", "X", "--role", "associate", "--store", "7777"]) == 2
    assert "7777 ist im Backend nicht bekannt" in capsys.readouterr().err
    assert admin.main(["deactivate-associate", "4", "--db", chain.db_url]) == 0  # --db after the command too
    assert admin.main(["reset-pin", "99"]) == 2


def test_the_chains_hr_system_manages_stores_and_associates_through_the_api(chain, make_register):
    headers = {"X-ERP-Key": ERP_KEY}
    api = httpx.Client(base_url=chain.url, headers=headers, timeout=30)
    assert api.put("/v1/erp/stores/1006", json={"name": "Tresen Markt Dresden", "city": "01067 Dresden"}
                   ).json() == {"id": "1006", "created": True}
    made = api.post("/v1/erp/associates", json={"name": "Nina Roth", "role": "trainee", "stores": ["1001", "1006"]})
    assert made.status_code == 201
    nina = made.json()
    assert nina["stores"] == ["1001", "1006"] and nina["pin_change_due"] and len(nina["starting_pin"]) == 4
    listed = {a["id"]: a for a in api.get("/v1/erp/associates").json()}
    assert listed[nina["id"]]["starting_pin"] is None  # shown once only

    reg = make_register("1001", 1)
    sync_until(reg, lambda: can_log_in(reg, nina["id"], nina["starting_pin"]))
    assert reg.sale.ctx.auth.login(associate_id=nina["id"], pin=nina["starting_pin"]).is_trainee
    changed = api.patch(f"/v1/erp/associates/{nina['id']}", json={"stores": ["1006"], "reset_pin": True}).json()
    assert changed["stores"] == ["1006"] and changed["starting_pin"] not in (None, nina["starting_pin"])
    sync_until(reg, lambda: not local(reg, nina["id"]).active)

    refused = [api.post("/v1/erp/associates", json={"name": "X", "role": "associate", "stores": ["4711"]}),
               api.patch("/v1/erp/associates/999", json={"active": False}),
               api.post("/v1/erp/associates", json={"name": "X", "role": "boss", "stores": ["1001"]}),
               httpx.post(f"{chain.url}/v1/erp/associates", json={"name": "X", "role": "associate",
                                                                   "stores": ["1001"]})]
    assert [r.status_code for r in refused] == [422, 404, 422, 401]
    assert "4711 ist im Backend nicht bekannt" in refused[0].json()["detail"]
    api.close()
