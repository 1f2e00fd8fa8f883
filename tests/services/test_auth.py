import pytest

from app.services.auth import AuthError, Authenticator, hash_pin, verify_pin


def test_pin_is_hashed_not_stored():
    stored = hash_pin("1234")
    assert "1234" not in stored and stored.startswith("scrypt$")
    assert verify_pin("1234", stored) and not verify_pin("1235", stored)
    assert hash_pin("1234") != stored  # salted


def test_pin_rules():
    with pytest.raises(ValueError):
        hash_pin("12")
    with pytest.raises(ValueError):
        hash_pin("abcd")


def test_login_roles_and_lockout(engine):
    clock = [0.0]
    auth = Authenticator(engine, clock=lambda: clock[0])
    assert {a.name for a in auth.associates()} == {"Lena Schmidt", "Murat Yılmaz", "Jonas Weber"}
    assert auth.login(associate_id=3, pin="987654").is_manager
    assert not auth.login(associate_id=1, pin="1234").is_manager
    for _ in range(5):
        with pytest.raises(AuthError, match="PIN falsch"):
            auth.login(associate_id=1, pin="0000")
    with pytest.raises(AuthError, match="warten"):
        auth.login(associate_id=1, pin="1234")
    clock[0] += 61
    assert auth.login(associate_id=1, pin="1234").name == "Lena Schmidt"


def test_pins_not_in_database_file(replica_path):
    data = replica_path.read_bytes()
    for pin in (b"1234", b"2345", b"987654"):
        assert b"$" + pin not in data


def test_login_lockout_outlives_a_restart(engine):
    clock = [1_000_000.0]
    auth = Authenticator(engine, clock=lambda: clock[0])
    for _ in range(5):
        with pytest.raises(AuthError, match="PIN falsch"):
            auth.login(associate_id=1, pin="0000")
    restarted = Authenticator(engine, clock=lambda: clock[0])  # the app was closed and started again
    with pytest.raises(AuthError, match="warten"):
        restarted.login(associate_id=1, pin="1234")
    clock[0] += 61
    assert restarted.login(associate_id=1, pin="1234").name == "Lena Schmidt"


def test_manager_pin_at_a_register_locks_out_like_the_login(engine):
    clock = [1_000_000.0]
    auth = Authenticator(engine, clock=lambda: clock[0])
    for pin in ("0000", "1111", "2222", "3333", "4444"):
        with pytest.raises(AuthError, match="Marktleiter-PIN"):
            auth.manager_approval(pin=pin, action="discount", requested_by=1)
    with pytest.raises(AuthError, match="warten"):  # even the right PIN: no guessing on
        Authenticator(engine, clock=lambda: clock[0]).manager_approval(pin="987654", action="discount")
    clock[0] += 61
    assert auth.manager_approval(pin="987654", action="discount").is_manager


def test_every_approval_is_recorded_with_what_it_was_for(engine):
    from app.services import audit
    auth = Authenticator(engine)
    with pytest.raises(AuthError):
        auth.manager_approval(pin="0000", action="void", requested_by=1, total_cents=9999)
    auth.manager_approval(pin="987654", action="void", requested_by=1, total_cents=9999)
    approved, refused = audit.events(engine)[:2]
    assert (approved.kind, approved.associate_id, approved.approved_by, approved.data) == (
        "approval", 1, 3, {"action": "void", "total_cents": 9999})
    assert (refused.kind, refused.approved_by, refused.data["action"]) == ("approval_refused", None, "void")


def _stored_hash(engine, associate_id):
    with engine.connect() as c:
        return c.exec_driver_sql("SELECT pin_hash FROM associate WHERE id = ?", (associate_id,)).scalar_one()


def _store_hash(engine, associate_id, stored):
    with engine.begin() as c:
        c.exec_driver_sql("UPDATE associate SET pin_hash = ? WHERE id = ?", (stored, associate_id))


def test_a_weaker_hash_verifies_and_is_replaced_at_the_next_login(engine, monkeypatch):
    from sync.common import pins
    monkeypatch.setattr(pins, "current_cost", pins.ScryptCost(n=2**11, r=2, p=1))  # today's cost
    weak = pins.hash_pin("1234", cost=pins.ScryptCost(n=2**10, r=1, p=1))  # an older release's
    _store_hash(engine, 1, weak)
    auth = Authenticator(engine)
    with pytest.raises(AuthError, match="PIN falsch"):
        auth.login(associate_id=1, pin="4321")
    assert _stored_hash(engine, 1) == weak  # a wrong PIN changes nothing
    assert auth.login(associate_id=1, pin="1234").name == "Lena Schmidt"
    upgraded = _stored_hash(engine, 1)
    assert upgraded.startswith("scrypt$2048$2$1$") and verify_pin("1234", upgraded)
    assert auth.login(associate_id=1, pin="1234").name == "Lena Schmidt"
    assert _stored_hash(engine, 1) == upgraded  # once is enough


def test_a_weaker_manager_hash_is_replaced_at_an_approval_too(engine, monkeypatch):
    from sync.common import pins
    monkeypatch.setattr(pins, "current_cost", pins.ScryptCost(n=2**11, r=2, p=1))
    _store_hash(engine, 3, pins.hash_pin("987654", cost=pins.ScryptCost(n=2**10, r=1, p=1)))
    assert Authenticator(engine).manager_approval(pin="987654", action="void").associate_id == 3
    assert _stored_hash(engine, 3).startswith("scrypt$2048$2$1$")
