"""This register's own settings (printer, cash drawer, card terminal, TSE, language, camera): read, checked and
saved for the settings screen (app/ui/register_settings_dialog.py).

Only a manager or store IT may read or change them (`AuthError` for anyone else), checked here and not only by
the menu. The values go to the replica's `setting` table (app/register_config.py names the keys; the composition
root reads them at the next start). Secrets — the terminal's password, the fiskaly API key, secret and admin
PIN — go to the OS keyring and never into the replica, and are never read back: the screen only learns whether
one is stored. What is wrong is said as a `SettingsProblem` with a code, parameters and a message for the associate.
"""

from __future__ import annotations

import dataclasses
import ipaddress
import re
from dataclasses import dataclass, field, fields
from enum import StrEnum
from pathlib import Path

import keyring
from keyring.errors import KeyringError, NoKeyringError
from sqlalchemy.engine import Engine

from app.register_config import (SECRET_SERVICE, CashDrawer, Language, RegisterKey, Secret, TerminalKind,
                                 TseKind, demo_printer)
from app.services import audit
from app.services.auth import AssociateSession, AuthError, Role
from app.store.db import transaction
from sync.common.messages import Message, translate

__all__ = ["APPLIES", "EDITORS", "Applies", "RegisterSettings", "SaveResult", "SettingsInvalid", "SettingsProblem",
           "defaults", "load", "may_edit", "printer_problem", "save", "secrets_stored", "validate"]

#: Who may open the register's settings.
EDITORS = frozenset({Role.MANAGER, Role.STORE_IT})

MESSAGES: dict[str, Message] = {
    "not_allowed": translate("settings", "Die Einstellungen der Kasse ändern nur Marktleitung oder Filial-IT"),
    "printer_kind": translate("settings", "Druckerangabe „{spec}“: bitte network:HOST[:PORT], usb:VID:PID oder "
                                          "file:PFAD"),
    "printer_host": translate("settings", "Druckerangabe „{spec}“: der Rechnername oder die IP-Adresse fehlt oder "
                                          "ist ungültig (z. B. network:192.168.1.50:9100)"),
    "printer_port": translate("settings", "Druckerangabe „{spec}“: der Port muss eine Zahl von 1 bis 65535 sein "
                                          "(meist 9100)"),
    "printer_usb": translate("settings", "Druckerangabe „{spec}“: Hersteller- und Produktnummer hexadezimal "
                                         "angeben, z. B. usb:0x04b8:0x0202"),
    "printer_path": translate("settings", "Druckerangabe „{spec}“ nennt keinen Pfad (z. B. file:/dev/usb/lp0)"),
    "terminal_host": translate("settings", "Terminal-Adresse „{host}“ ist kein gültiger Rechnername und keine "
                                           "IP-Adresse"),
    "terminal_port": translate("settings", "Terminal-Port: eine Zahl von 1 bis 65535"),
    "fiskaly_tss": translate("settings", "Für die fiskaly-TSE bitte die TSS-ID angeben"),
    "fiskaly_url": translate("settings", "Für die fiskaly-TSE bitte die API-Adresse angeben (https://…)"),
    "fiskaly_key": translate("settings", "Für die fiskaly-TSE fehlen API-Key und API-Secret im Schlüsselbund"),
    "camera": translate("settings", "Kamera „{spec}“: bitte eine Nummer (0, 1, …), fake:PFAD oder leer lassen"),
    "no_keyring": translate("settings", "Kein Schlüsselbund (Keyring) verfügbar – Zugangsdaten können nicht "
                                        "sicher gespeichert werden: {reason}"),
}


class SettingsProblem(ValueError):
    """One thing wrong with the settings: `field` names the setting, `code` and `params` say what; the message
    (the exception's first argument) is for the associate, str() its German text."""

    def __init__(self, field: str, code: str, **params):
        self.field, self.code, self.params = field, code, params
        super().__init__(dataclasses.replace(MESSAGES[code], params=params))


class SettingsInvalid(ValueError):
    """The settings were not saved: every problem found, in the screen's order (`problems`, each one for the
    associate; str() joins their German texts, for the log)."""

    def __init__(self, problems: list[SettingsProblem]):
        self.problems = problems
        super().__init__("; ".join(str(p) for p in problems))


class Applies(StrEnum):
    NOW = "now"  # the printer and the drawer: the next print uses them
    NEXT_START = "next_start"


#: When a change takes effect (the screen says so beside each setting).
APPLIES = {
    RegisterKey.PRINTER: Applies.NOW,
    RegisterKey.CASH_DRAWER: Applies.NOW,
    RegisterKey.TERMINAL: Applies.NEXT_START,
    RegisterKey.TERMINAL_HOST: Applies.NEXT_START,
    RegisterKey.TERMINAL_PORT: Applies.NEXT_START,
    RegisterKey.TSE: Applies.NEXT_START,
    RegisterKey.FISKALY_TSS: Applies.NEXT_START,
    RegisterKey.FISKALY_URL: Applies.NEXT_START,
    RegisterKey.LANGUAGE: Applies.NEXT_START,
    RegisterKey.CAMERA: Applies.NEXT_START,
}


@dataclass(frozen=True)
class RegisterSettings:
    """The settings as stored in the replica ("" where nothing is stored: the default applies)."""

    printer: str = ""
    cash_drawer: CashDrawer = CashDrawer.PRINTER
    terminal: TerminalKind = TerminalKind.NONE
    terminal_host: str = ""
    terminal_port: str = ""
    tse: TseKind = TseKind.NONE
    fiskaly_tss: str = ""
    fiskaly_url: str = ""
    language: Language = Language.GERMAN
    camera_source: str = ""

    def values(self) -> dict[RegisterKey, str]:
        return {RegisterKey(f.name): str(getattr(self, f.name)).strip() for f in fields(self)}


@dataclass(frozen=True)
class SaveResult:
    changed: tuple[RegisterKey, ...]
    secrets: tuple[Secret, ...]  # stored in the keyring (never their values)
    at_next_start: tuple[RegisterKey, ...] = field(default=())

    @property
    def restart_needed(self) -> bool:
        """The terminal's and the TSE's secrets are read when the register starts, like their settings."""
        return bool(self.at_next_start or self.secrets)


def may_edit(associate: AssociateSession | None) -> bool:
    return associate is not None and associate.role in EDITORS


def _require(associate: AssociateSession | None) -> None:
    if not may_edit(associate):
        raise AuthError(MESSAGES["not_allowed"])


def _stored(engine: Engine) -> dict[str, str]:
    with engine.connect() as c:
        return dict(c.exec_driver_sql("SELECT key, value FROM setting").all())


def defaults(*, demo: bool, data_dir: Path | None = None) -> RegisterSettings:
    """What a register starts with where nothing is stored (app/register_config.resolve): the demo prints into a
    file and has the simulators; any other register has no printer, no terminal and no TSE until set."""
    if not demo:
        return RegisterSettings()
    return RegisterSettings(printer=demo_printer(data_dir) if data_dir is not None else "",
                            terminal=TerminalKind.SIMULATOR, tse=TseKind.SIMULATOR)


_CHOICES = {"cash_drawer": CashDrawer, "terminal": TerminalKind, "tse": TseKind, "language": Language}


def load(engine: Engine, associate: AssociateSession | None, *,
         defaults: RegisterSettings = RegisterSettings()) -> RegisterSettings:
    """What is stored; a setting never stored shows `defaults` (what this register starts with without it)."""
    _require(associate)
    stored = _stored(engine)
    values = {}
    for f in fields(RegisterSettings):
        value = stored.get(f.name)
        if value is None:
            values[f.name] = getattr(defaults, f.name)
        elif f.name in _CHOICES:
            try:
                values[f.name] = _CHOICES[f.name](value)
            except ValueError:  # written by something else: shown as the default, saved as chosen then
                values[f.name] = getattr(defaults, f.name)
        else:
            values[f.name] = value
    return RegisterSettings(**values)


_HOST = re.compile(r"^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}"
                   r"[A-Za-z0-9])?)*$")
_HEX_ID = re.compile(r"^(0x)?[0-9a-fA-F]{1,4}$")


def _host_ok(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
        return True
    except ValueError:
        return bool(_HOST.match(host))


def _port_ok(port: str) -> bool:
    return port.isdigit() and 1 <= int(port) <= 65535


def printer_problem(spec: str) -> SettingsProblem | None:
    """What is wrong with a printer spec, without touching the printer ("" is no printer, which is fine)."""
    spec = spec.strip()
    if not spec:
        return None
    kind, _, rest = spec.partition(":")
    if kind == "network":
        host, _, port = rest.partition(":")
        if not host or not _host_ok(host):
            return SettingsProblem("printer", "printer_host", spec=spec)
        if port and not _port_ok(port):
            return SettingsProblem("printer", "printer_port", spec=spec)
        return None
    if kind == "usb":
        vendor, _, product = rest.partition(":")
        if not (_HEX_ID.match(vendor) and _HEX_ID.match(product)):
            return SettingsProblem("printer", "printer_usb", spec=spec)
        return None
    if kind == "file":
        return None if rest.strip() else SettingsProblem("printer", "printer_path", spec=spec)
    return SettingsProblem("printer", "printer_kind", spec=spec)


def validate(settings: RegisterSettings, *, secrets: dict[Secret, str] | None = None) -> list[SettingsProblem]:
    """Every problem, in the screen's order; [] when the settings can be saved. `secrets` are the ones typed in
    now (a fiskaly TSE needs its API key and secret, typed now or stored before)."""
    problems = []
    if (problem := printer_problem(settings.printer)) is not None:
        problems.append(problem)
    host, port = settings.terminal_host.strip(), settings.terminal_port.strip()
    if host and not _host_ok(host):
        problems.append(SettingsProblem("terminal_host", "terminal_host", host=host))
    if port and not _port_ok(port):
        problems.append(SettingsProblem("terminal_port", "terminal_port"))
    if settings.tse is TseKind.FISKALY:
        if not settings.fiskaly_tss.strip():
            problems.append(SettingsProblem("fiskaly_tss", "fiskaly_tss"))
        if not settings.fiskaly_url.strip().startswith("https://"):
            problems.append(SettingsProblem("fiskaly_url", "fiskaly_url"))
        typed = secrets or {}
        try:
            stored = _stored_secrets()
        except SettingsProblem as exc:
            problems.append(exc)
        else:
            if not all(typed.get(s) or stored[s] for s in (Secret.FISKALY_API_KEY, Secret.FISKALY_API_SECRET)):
                problems.append(SettingsProblem("fiskaly_api_key", "fiskaly_key"))
    camera = settings.camera_source.strip()
    if camera and not (camera.isdigit() or (camera.startswith("fake:") and camera[5:].strip())):
        problems.append(SettingsProblem("camera_source", "camera", spec=camera))
    return problems


def _stored_secrets() -> dict[Secret, bool]:
    try:
        return {s: bool(keyring.get_password(SECRET_SERVICE[s], s.value)) for s in Secret}
    except (NoKeyringError, KeyringError) as exc:
        raise SettingsProblem("secrets", "no_keyring", reason=str(exc)) from exc


def secrets_stored(associate: AssociateSession | None) -> dict[Secret, bool]:
    """Which secrets the keyring holds for this register — never their values. Raises SettingsProblem
    (no_keyring) on a computer without a keyring."""
    _require(associate)
    return _stored_secrets()


def save(engine: Engine, associate: AssociateSession | None, settings: RegisterSettings, *,
         secrets: dict[Secret, str] | None = None, register_id: str = "",
         previous: RegisterSettings | None = None) -> SaveResult:
    """Check and store the settings (one transaction) and the secrets typed in (keyring; an empty one is left as
    it was). Raises AuthError for anyone but a manager or store IT, SettingsInvalid with every problem found.
    `previous`: what the screen showed (`load`); only what differs from it is written, so a default nobody
    chose stays a default. The change is recorded in the audit trail: which settings, never a secret."""
    _require(associate)
    secrets = {s: v for s, v in (secrets or {}).items() if v}
    problems = validate(settings, secrets=secrets)
    if problems:
        raise SettingsInvalid(problems)
    for secret, value in secrets.items():
        try:
            keyring.set_password(SECRET_SERVICE[secret], secret.value, value)
        except (NoKeyringError, KeyringError) as exc:
            raise SettingsInvalid([SettingsProblem("secrets", "no_keyring", reason=str(exc))]) from exc
    stored = _stored(engine)
    before = previous.values() if previous is not None else {k: stored.get(k.value, "") for k in RegisterKey}
    values = settings.values()
    changed = tuple(k for k, v in values.items() if before.get(k) != v)
    with transaction(engine) as s:
        conn = s.connection()
        for key in changed:
            conn.exec_driver_sql("INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE "
                                 "SET value = excluded.value", (key.value, values[key]))
        if changed or secrets:
            audit.record(s, kind=audit.AuditKind.REGISTER_SETTINGS, associate_id=associate.associate_id,
                         register_id=register_id, changed=[k.value for k in changed],
                         secrets=[x.value for x in secrets])
    return SaveResult(changed, tuple(secrets), tuple(k for k in changed if APPLIES[k] is Applies.NEXT_START))
