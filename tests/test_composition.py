"""The composition root builds the register from its configuration: the command line, then the environment, then
the replica's settings; the demo only when asked for."""

from __future__ import annotations

import threading

import pytest

from app.composition import (build_register, build_terminal, build_tse, is_configured, load_config, parse_args,
                             seed_demo_if_asked)
from app.payment.simulator import TerminalSimulator
from app.payment.terminal import NoTerminal
from app.register_config import CashDrawer, Language, RegisterKey, TerminalKind, TseKind
from app.store.db import open_replica
from app.tse.factory import NoTse
from app.tse.fiskaly import FiskalyTse
from app.tse.simulator import TseSimulator
from tests.sync.conftest import memory_keyring  # noqa: F401 (fixture)


def store(engine, **values) -> None:
    with engine.begin() as c:
        for key, value in values.items():
            c.exec_driver_sql("INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE "
                              "SET value = excluded.value", (key, value))


def config_of(engine, folder, *argv, environment=None):
    return load_config(parse_args(["--data-dir", str(folder), *argv]), engine, environment=environment or {})


def settled(register):
    """The TSE made ready off the caller's thread (build_register starts it): done before the test goes on."""
    for thread in threading.enumerate():
        if thread.name == "tresen-tse-ready":
            thread.join(10)
    return register


def product_count(engine) -> int:
    with engine.connect() as c:
        return c.exec_driver_sql("SELECT count(*) FROM product").scalar_one()


def test_outside_the_demo_nothing_is_simulated_by_default(engine, tmp_path):
    """A configured register that is not the demo: no card terminal, no TSE, no printer until set."""
    config = config_of(engine, tmp_path)
    assert not config.demo
    assert (config.terminal, config.tse, config.printer, config.cash_drawer, config.language, config.camera) == (
        TerminalKind.NONE, TseKind.NONE, None, CashDrawer.PRINTER, Language.GERMAN, None)
    terminal = build_terminal(config)
    assert isinstance(terminal, NoTerminal) and not terminal.available
    assert isinstance(build_tse(config), NoTse)


def test_the_demo_has_its_simulators_and_a_printer_file(engine, tmp_path):
    config = config_of(engine, tmp_path, "--demo")
    assert config.demo
    assert config.printer == f"file:{tmp_path / 'bondrucker.bin'}"
    assert isinstance(build_terminal(config), TerminalSimulator)
    tse = build_tse(config)
    try:
        assert isinstance(tse, TseSimulator)
    finally:
        tse.close()


def test_command_line_then_environment_then_the_replicas_settings(engine, tmp_path):
    store(engine, printer="network:10.0.0.9:9100", terminal="simulator", language="en", cash_drawer="none",
          camera_source="1")
    config = config_of(engine, tmp_path)
    assert (config.printer, config.terminal, config.language, config.cash_drawer, config.camera) == (
        "network:10.0.0.9:9100", TerminalKind.SIMULATOR, Language.ENGLISH, CashDrawer.NONE, "1")
    assert config.overridden == frozenset()
    config = config_of(engine, tmp_path, environment={"TRESEN_PRINTER": "usb:0x04b8:0x0202",
                                                      "TRESEN_TERMINAL": "none"})
    assert (config.printer, config.terminal) == ("usb:0x04b8:0x0202", TerminalKind.NONE)
    assert config.overridden == {RegisterKey.PRINTER, RegisterKey.TERMINAL}
    config = config_of(engine, tmp_path, "--printer", "file:/dev/usb/lp0", "--terminal", "simulator",
                       environment={"TRESEN_PRINTER": "usb:0x04b8:0x0202", "TRESEN_TERMINAL": "none"})
    assert (config.printer, config.terminal) == ("file:/dev/usb/lp0", TerminalKind.SIMULATOR)


def test_a_stored_empty_printer_means_none_even_in_the_demo(engine, tmp_path):
    store(engine, printer="")
    assert config_of(engine, tmp_path, "--demo").printer is None


def test_an_unknown_stored_choice_falls_back_to_the_safe_default(engine, tmp_path):
    store(engine, terminal="zvt-magic", tse="hsm")
    config = config_of(engine, tmp_path)
    assert (config.terminal, config.tse) == (TerminalKind.NONE, TseKind.NONE)


def test_fiskaly_from_the_settings_with_its_secrets_in_the_keyring(engine, tmp_path, memory_keyring):  # noqa: F811
    store(engine, tse="fiskaly", fiskaly_tss="tss-1", fiskaly_url="https://kassensichv-middleware.fiskaly.com/api/v2")
    missing = build_tse(config_of(engine, tmp_path))
    assert isinstance(missing, NoTse) and "Schlüsselbund" in str(missing.reason)  # no API key yet: a reason, no crash
    memory_keyring.set_password("Tresen TSE", "fiskaly-api-key", "key")
    memory_keyring.set_password("Tresen TSE", "fiskaly-api-secret", "secret")
    tse = build_tse(config_of(engine, tmp_path))
    try:
        assert isinstance(tse, FiskalyTse)
    finally:
        tse.close()


def test_the_demo_is_made_only_when_asked(tmp_path):
    engine = open_replica(tmp_path / "replica.sqlite3")
    try:
        assert not seed_demo_if_asked(engine, parse_args(["--data-dir", str(tmp_path)]))
        assert not is_configured(engine) and product_count(engine) == 0
        assert seed_demo_if_asked(engine, parse_args(["--data-dir", str(tmp_path), "--demo",
                                                      "--demo-products", "50"]))
        assert is_configured(engine) and product_count(engine) == 50
        assert not seed_demo_if_asked(engine, parse_args(["--data-dir", str(tmp_path), "--demo"]))  # once
        assert config_of(engine, tmp_path).demo  # marked: the demo also without --demo from now on
    finally:
        engine.dispose()


def test_a_replica_beside_the_demos_backend_stays_the_demo(engine, tmp_path):
    (tmp_path / "backend.sqlite3").touch()
    assert config_of(engine, tmp_path).demo


def test_demo_asked_for_a_register_enrolled_at_a_backend_is_ignored(engine, tmp_path):
    store(engine, backend_url="https://zentrale.example")
    assert not config_of(engine, tmp_path, "--demo").demo


@pytest.mark.parametrize("demo", [False, True])
def test_build_register_hands_the_demo_backend_to_the_sync(engine, tmp_path, demo):
    config = config_of(engine, tmp_path, *(["--demo"] if demo else []))
    register = settled(build_register(config, engine))
    assert register.ctx.terminal.available is demo
    assert register.sync is not None and register.sync.demo is demo
    assert (register.demo_history is not None) is demo
    assert register.sync.embedded is None  # nothing started before the caller starts the sync


def test_no_sync_builds_no_runtime(engine, tmp_path):
    register = settled(build_register(config_of(engine, tmp_path, "--no-sync"), engine))
    assert register.sync is None
