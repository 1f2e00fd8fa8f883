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
    assert auth.login(associate_id=3, pin="9876").is_manager
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
    for pin in (b"1234", b"2345", b"9876"):
        assert b"$" + pin not in data
