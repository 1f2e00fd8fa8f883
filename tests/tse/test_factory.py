"""The TSE a register uses comes from its configuration; fiskaly's secrets from the OS keyring. A checkout on
fiskaly (its local stand-in) signs receipts whose QR verifies; a configuration that cannot work leaves the
counter selling with receipts that say they are unsigned."""

from __future__ import annotations

import logging

import keyring
import pytest

from app.payment.simulator import TerminalSimulator
from app.services.auth import AssociateSession, Role
from app.services.context import RegisterContext
from app.services.sale_session import SaleSession
from app.tse.factory import KEYRING_SERVICE, NoTse, open_tse
from app.tse.fiskaly import FiskalyTse
from app.tse.simulator import TseSimulator
from tests.conftest import gtin_of, open_the_day
from tests.sync.conftest import memory_keyring  # noqa: F401 (fixture)
from tests.tse.fiskaly_standin import StandIn
from tests.tse.qr_verifier import parse_qr, verify_qr

API_KEY, API_SECRET, ADMIN_PIN = "key_factory_1", "Secret-factory-value", "27182818"


def sell_one(ctx, engine):
    sale = SaleSession(ctx, AssociateSession(1, "Lena Schmidt", Role.ASSOCIATE))
    sale.scan(gtin_of(engine, 2))
    sale.pay_cash(sale.remaining_cents)
    return sale.complete()


def test_the_demo_signs_with_the_simulator_and_a_register_without_a_tse_does_not(tmp_path):
    tse = open_tse(None, data_dir=tmp_path, demo=True, env={})
    assert isinstance(tse, TseSimulator) and (tmp_path / "tse-simulator.sqlite3").exists()
    tse.close()
    none = open_tse(None, data_dir=tmp_path / "store", env={})  # a store's register with no TSE configured
    assert isinstance(none, NoTse) and not (tmp_path / "store").exists()
    assert isinstance(open_tse("none", data_dir=tmp_path, env={}), NoTse)


def test_a_damaged_simulator_file_or_a_missing_url_leaves_the_counter_selling(tmp_path, memory_keyring):  # noqa: F811
    (tmp_path / "tse-simulator.sqlite3").write_bytes(b"this is not a database" * 100)
    damaged = open_tse("simulator", data_dir=tmp_path, env={})
    assert isinstance(damaged, NoTse) and "nicht zu öffnen" in str(damaged.reason)
    for name in ("fiskaly-api-key", "fiskaly-api-secret"):
        keyring.set_password(KEYRING_SERVICE, name, "x")
    no_url = open_tse("fiskaly", data_dir=tmp_path, env={"TRESEN_FISKALY_TSS": "0d2d3c8a"})
    assert isinstance(no_url, NoTse) and "TRESEN_FISKALY_URL" in str(no_url.reason)


def test_a_checkout_on_fiskaly_signs_with_secrets_from_the_keyring(server, memory_keyring, engine, tmp_path,  # noqa: F811
                                                                    caplog):
    server.state = StandIn(api_key=API_KEY, api_secret=API_SECRET, admin_pin=ADMIN_PIN)
    for name, value in (("fiskaly-api-key", API_KEY), ("fiskaly-api-secret", API_SECRET),
                        ("fiskaly-admin-pin", ADMIN_PIN)):
        keyring.set_password(KEYRING_SERVICE, name, value)
    env = {"TRESEN_TSE": "fiskaly", "TRESEN_FISKALY_TSS": server.state.tss_id, "TRESEN_FISKALY_URL": server.url}
    caplog.set_level(logging.DEBUG)
    tse = open_tse(None, data_dir=tmp_path, env=env)
    assert isinstance(tse, FiskalyTse)
    try:
        ctx = RegisterContext.load(engine, terminal=TerminalSimulator("approve"), tse=tse)
        open_the_day(ctx)
        receipt = sell_one(ctx, engine)
        assert receipt.fiscal.signed and verify_qr(receipt.fiscal.qr)
        assert parse_qr(receipt.fiscal.qr).client_id == ctx.register_id  # the register's serial, at fiskaly too
    finally:
        tse.close()
    assert not any(secret in caplog.text for secret in (API_KEY, API_SECRET, ADMIN_PIN))


def test_a_missing_secret_keeps_the_counter_selling_with_unsigned_receipts(memory_keyring, engine, tmp_path):  # noqa: F811
    tse = open_tse("fiskaly", data_dir=tmp_path, env={"TRESEN_FISKALY_TSS": "0d2d3c8a-0000-4000-8000-000000000001"})
    assert isinstance(tse, NoTse) and "Schlüsselbund" in str(tse.reason)
    ctx = RegisterContext.load(engine, terminal=TerminalSimulator("approve"), tse=tse)
    open_the_day(ctx)
    receipt = sell_one(ctx, engine)
    assert not receipt.fiscal.signed and "Schlüsselbund" in ctx.signing.outage_reason
