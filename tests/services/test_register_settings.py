"""The register's own settings: only a manager or store IT, checked values, secrets in the keyring only."""

from __future__ import annotations

import pytest

from app.composition import load_config, parse_args
from app.register_config import CashDrawer, Language, RegisterKey, Secret, TerminalKind, TseKind
from app.services import audit, register_settings
from app.services.auth import AssociateSession, AuthError, Role
from app.services.register_settings import RegisterSettings, SettingsInvalid
from tests.sync.conftest import memory_keyring  # noqa: F401 (fixture)

ASSOCIATE = AssociateSession(1, "Lena Schmidt", Role.ASSOCIATE)
TRAINEE = AssociateSession(4, "Tim Neu", Role.TRAINEE)
MANAGER = AssociateSession(3, "Jonas Weber", Role.MANAGER)
STORE_IT = AssociateSession(5, "Filial-IT", Role.STORE_IT)
FISKALY_URL = "https://kassensichv.fiskaly.com/api/v2"


@pytest.mark.parametrize("who", [ASSOCIATE, TRAINEE, None])
def test_only_a_manager_or_store_it_may_read_or_change_them(engine, who, memory_keyring):  # noqa: F811
    assert not register_settings.may_edit(who)
    with pytest.raises(AuthError, match="Marktleitung oder Filial-IT"):
        register_settings.load(engine, who)
    with pytest.raises(AuthError):
        register_settings.save(engine, who, RegisterSettings(printer="network:10.0.0.9"))
    with pytest.raises(AuthError):
        register_settings.secrets_stored(who)
    with engine.connect() as c:
        assert c.exec_driver_sql("SELECT count(*) FROM setting WHERE key = 'printer'").scalar_one() == 0


@pytest.mark.parametrize("who", [MANAGER, STORE_IT])
def test_a_manager_and_store_it_change_them_for_the_next_start(engine, tmp_path, who, memory_keyring):  # noqa: F811
    assert register_settings.may_edit(who)
    shown = register_settings.load(engine, who)
    assert shown == RegisterSettings()  # nothing stored: a register outside the demo starts with nothing
    chosen = RegisterSettings(printer="network:192.168.1.50:9100", cash_drawer=CashDrawer.NONE,
                              terminal=TerminalKind.SIMULATOR, language=Language.ENGLISH, camera_source="0")
    result = register_settings.save(engine, who, chosen, previous=shown, register_id="1001-01")
    assert set(result.changed) == {RegisterKey.PRINTER, RegisterKey.CASH_DRAWER, RegisterKey.TERMINAL,
                                   RegisterKey.LANGUAGE, RegisterKey.CAMERA}
    assert set(result.at_next_start) == {RegisterKey.TERMINAL, RegisterKey.LANGUAGE, RegisterKey.CAMERA}
    assert register_settings.load(engine, who) == chosen
    config = load_config(parse_args(["--data-dir", str(tmp_path)]), engine, environment={})
    assert (config.printer, config.cash_drawer, config.terminal, config.language, config.camera) == (
        "network:192.168.1.50:9100", CashDrawer.NONE, TerminalKind.SIMULATOR, Language.ENGLISH, "0")
    event = audit.events(engine, kind=audit.AuditKind.REGISTER_SETTINGS)[0]
    assert event.associate_id == who.associate_id and "printer" in event.data["changed"]


def test_defaults_nobody_chose_are_not_written(engine, memory_keyring):  # noqa: F811
    shown = register_settings.load(engine, MANAGER)
    result = register_settings.save(engine, MANAGER, shown, previous=shown)
    assert result.changed == () and not result.restart_needed
    with engine.connect() as c:
        assert c.exec_driver_sql("SELECT count(*) FROM setting WHERE key IN ('terminal', 'tse', 'printer')"
                                 ).scalar_one() == 0


@pytest.mark.parametrize("spec, code", [
    ("lpt1", "printer_kind"),
    ("netzwerk:10.0.0.9", "printer_kind"),
    ("network:", "printer_host"),
    ("network:drucker kasse:9100", "printer_host"),
    ("network:10.0.0.9:neunzig", "printer_port"),
    ("network:10.0.0.9:70000", "printer_port"),
    ("usb:04b8", "printer_usb"),
    ("usb:epson:tm88", "printer_usb"),
    ("file:", "printer_path"),
])
def test_a_bad_printer_spec_is_refused_with_the_reason(engine, spec, code, memory_keyring):  # noqa: F811
    with pytest.raises(SettingsInvalid) as refused:
        register_settings.save(engine, MANAGER, RegisterSettings(printer=spec))
    [problem] = refused.value.problems
    assert (problem.field, problem.code) == ("printer", code)
    assert spec in str(problem) and str(problem).startswith("Druckerangabe")
    assert register_settings.load(engine, MANAGER).printer == ""  # nothing was saved


@pytest.mark.parametrize("spec", ["", "network:192.168.1.50", "network:bondrucker-3.filiale.example:9100",
                                  "network:127.0.0.1:9100", "usb:0x04b8:0x0202",
                                  "usb:04b8:0202", "file:/dev/usb/lp0"])
def test_good_printer_specs_pass(spec):
    assert register_settings.printer_problem(spec) is None


def test_every_problem_is_named_at_once(engine, memory_keyring):  # noqa: F811
    settings = RegisterSettings(printer="lpt1", terminal_port="0", tse=TseKind.FISKALY, camera_source="webcam")
    with pytest.raises(SettingsInvalid) as refused:
        register_settings.save(engine, MANAGER, settings)
    assert [p.field for p in refused.value.problems] == ["printer", "terminal_port", "fiskaly_tss", "fiskaly_url",
                                                         "fiskaly_api_key", "camera_source"]


def replica_bytes(engine) -> bytes:
    """The replica as it lies on the disk: the database file and its write-ahead log."""
    path = engine.url.database
    with engine.connect() as c:
        c.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    data = open(path, "rb").read()
    for suffix in ("-wal", "-journal"):
        try:
            data += open(path + suffix, "rb").read()
        except FileNotFoundError:
            pass
    return data


def test_secrets_go_to_the_keyring_and_never_into_the_replica(engine, memory_keyring):  # noqa: F811
    secrets = {Secret.TERMINAL_PASSWORD: "Terminal-Passwort-7731", Secret.FISKALY_API_KEY: "fk-api-key-5521",
               Secret.FISKALY_API_SECRET: "fk-api-secret-9902", Secret.FISKALY_ADMIN_PIN: "tss-admin-4471"}
    settings = RegisterSettings(tse=TseKind.FISKALY, fiskaly_tss="tss-1", fiskaly_url=FISKALY_URL,
                                terminal_host="10.0.0.20", terminal_port="20007")
    result = register_settings.save(engine, STORE_IT, settings, secrets=secrets)
    assert set(result.secrets) == set(secrets) and result.restart_needed
    assert memory_keyring.get_password("Tresen Kartenterminal", "terminal-password") == "Terminal-Passwort-7731"
    assert memory_keyring.get_password("Tresen TSE", "fiskaly-api-key") == "fk-api-key-5521"  # app/tse/factory reads
    assert register_settings.secrets_stored(STORE_IT) == {s: True for s in Secret}  # whether, never what
    stored = replica_bytes(engine)
    assert b"tss-1" in stored  # the settings are there ...
    for value in secrets.values():  # ... the secrets are not, not even in the audit trail
        assert value.encode() not in stored
    # an empty field keeps what the keyring holds
    register_settings.save(engine, STORE_IT, settings, secrets={Secret.TERMINAL_PASSWORD: ""})
    assert memory_keyring.get_password("Tresen Kartenterminal", "terminal-password") == "Terminal-Passwort-7731"


def test_fiskaly_with_its_keys_stored_earlier_needs_none_typed(engine, memory_keyring):  # noqa: F811
    memory_keyring.set_password("Tresen TSE", "fiskaly-api-key", "k")
    memory_keyring.set_password("Tresen TSE", "fiskaly-api-secret", "s")
    settings = RegisterSettings(tse=TseKind.FISKALY, fiskaly_tss="tss-1", fiskaly_url=FISKALY_URL)
    assert register_settings.validate(settings) == []
