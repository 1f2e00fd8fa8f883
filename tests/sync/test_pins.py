"""PIN hashing (cost stored with each hash, weak hashes recognised) and the rules for a new PIN."""

import subprocess
import sys
from pathlib import Path

import pytest

from sync.common import pins
from sync.common.pins import PinRuleError, ScryptCost, check_new_pin, hash_pin, needs_rehash, verify_pin

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("pin", ["1234", "12345"])
def test_a_manager_pin_of_fewer_than_six_digits_is_refused(pin):
    with pytest.raises(PinRuleError) as refused:
        check_new_pin(pin, "manager")
    assert (refused.value.code, refused.value.params["min_digits"]) == ("pin_too_short", 6)


def test_a_manager_pin_of_six_digits_is_accepted():
    check_new_pin("123456", "manager")


def test_the_associates_minimum_is_the_store_setting():
    check_new_pin("1234", "associate")  # the default: 4 digits
    with pytest.raises(PinRuleError) as refused:
        check_new_pin("12345", "associate", associate_min_digits=6)
    assert (refused.value.code, refused.value.params["min_digits"]) == ("pin_too_short", 6)
    check_new_pin("123456", "associate", associate_min_digits=6)
    with pytest.raises(PinRuleError):  # a manager never needs fewer digits than an associate
        check_new_pin("123456", "manager", associate_min_digits=7)


def test_a_pin_is_digits_only():
    for pin in ("abcd", "12 34", "123456789"):
        with pytest.raises(PinRuleError) as refused:
            check_new_pin(pin, "associate")
        assert refused.value.code == "pin_format"


def test_a_hash_keeps_its_cost_so_older_hashes_still_verify(monkeypatch):
    old = hash_pin("1234", cost=ScryptCost(n=2**10, r=1, p=1))
    assert old.startswith("scrypt$1024$1$1$")
    monkeypatch.setattr(pins, "current_cost", ScryptCost(n=2**11, r=2, p=1))
    assert verify_pin("1234", old) and not verify_pin("1235", old)
    assert needs_rehash(old)
    assert not needs_rehash(hash_pin("1234"))


def test_a_hash_asking_for_more_memory_than_allowed_is_refused_not_computed():
    greedy = "scrypt$4194304$8$1$" + "00" * 16 + "$" + "00" * 32  # 4 GiB
    assert not verify_pin("1234", greedy)
    assert not verify_pin("1234", "scrypt$x$8$1$00$00") and not verify_pin("1234", "bcrypt$abc")


def test_production_cost_is_the_strong_one():
    """Without the tests' cheap cost (tests/conftest.py): a fresh interpreter sees the production cost."""
    code = ("from sync.common import pins; c = pins.current_cost; "
            "print(c is pins.PRODUCTION_COST, c.n, c.r, c.p, pins.MAXMEM)")
    is_production, n, r, p, maxmem = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, check=True, capture_output=True, text=True).stdout.split()
    n, r, p, maxmem = int(n), int(r), int(p), int(maxmem)
    assert is_production == "True"
    assert n * r >= 2**15 * 12 and p >= 1  # chosen with tests/bench/pin_kdf.py
    assert 128 * n * r * p <= maxmem
    stored = hash_pin("123456", cost=pins.PRODUCTION_COST)
    assert stored.startswith(f"scrypt${n}${r}${p}$")
    assert verify_pin("123456", stored) and not verify_pin("123457", stored)
    assert not needs_rehash(stored)
