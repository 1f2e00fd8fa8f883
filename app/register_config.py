"""This register's own configuration: what the composition root builds it from (app/composition.py) and what the
settings screen edits (app/services/register_settings.py).

Each value is taken, in this order, from the command line, the environment (`TRESEN_*`), the replica's
`setting` table (the settings screen writes there), or the default, which differs in the demo. Secrets are
never part of it: they are in the OS keyring (`Secret`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Mapping

log = logging.getLogger(__name__)


class RegisterKey(StrEnum):
    """Keys of this register's settings in the replica's `setting` table."""

    PRINTER = "printer"  # network:HOST[:PORT], usb:VID:PID, file:PATH; "" no printer
    CASH_DRAWER = "cash_drawer"  # CashDrawer
    TERMINAL = "terminal"  # TerminalKind
    TERMINAL_HOST = "terminal_host"  # for a real terminal driver (ZVT/OPI), not built yet
    TERMINAL_PORT = "terminal_port"
    TSE = "tse"  # TseKind
    FISKALY_TSS = "fiskaly_tss"
    FISKALY_URL = "fiskaly_url"
    LANGUAGE = "language"  # Language
    CAMERA = "camera_source"  # a camera index or fake:PATH; "" the camera window offers those that open
    DEMO = "demo"  # "1": the demo made this replica (written by the composition root, not editable)


#: The environment variable of each key (the command line's option has the same name without the prefix).
ENVIRONMENT = {
    RegisterKey.PRINTER: "TRESEN_PRINTER",
    RegisterKey.CASH_DRAWER: "TRESEN_CASH_DRAWER",
    RegisterKey.TERMINAL: "TRESEN_TERMINAL",
    RegisterKey.TERMINAL_HOST: "TRESEN_TERMINAL_HOST",
    RegisterKey.TERMINAL_PORT: "TRESEN_TERMINAL_PORT",
    RegisterKey.TSE: "TRESEN_TSE",
    RegisterKey.FISKALY_TSS: "TRESEN_FISKALY_TSS",
    RegisterKey.FISKALY_URL: "TRESEN_FISKALY_URL",
    RegisterKey.LANGUAGE: "TRESEN_LANGUAGE",
    RegisterKey.CAMERA: "TRESEN_CAMERA",
}


class TerminalKind(StrEnum):
    NONE = "none"  # no card terminal: card payments are refused, the sale is paid in cash
    SIMULATOR = "simulator"  # approves after a moment: the demo's and a training register's


class CashDrawer(StrEnum):
    PRINTER = "printer"  # opened by the receipt printer's kick pulse (cash receipts, cash movements)
    NONE = "none"  # no drawer on this register


class Language(StrEnum):
    GERMAN = "de"
    ENGLISH = "en"  # the screens; receipts, reports and exports stay German (app/ui/i18n.py)


class TseKind(StrEnum):
    SIMULATOR = "simulator"  # not certified: the demo's, or a training register's
    FISKALY = "fiskaly"
    NONE = "none"


class Secret(StrEnum):
    """What the settings screen puts into the OS keyring, never into the replica. The value is the keyring's
    user name; `SECRET_SERVICE` its service."""

    TERMINAL_PASSWORD = "terminal-password"
    FISKALY_API_KEY = "fiskaly-api-key"  # the names app/tse/factory.py reads
    FISKALY_API_SECRET = "fiskaly-api-secret"
    FISKALY_ADMIN_PIN = "fiskaly-admin-pin"


SECRET_SERVICE = {
    Secret.TERMINAL_PASSWORD: "Tresen Kartenterminal",
    Secret.FISKALY_API_KEY: "Tresen TSE",
    Secret.FISKALY_API_SECRET: "Tresen TSE",
    Secret.FISKALY_ADMIN_PIN: "Tresen TSE",
}


@dataclass(frozen=True)
class RegisterConfig:
    """What this register is built from (app/composition.build_register)."""

    data_dir: Path
    demo: bool  # the demo: its own backend in-process, the simulators by default
    printer: str | None  # a printer spec; None: no receipt printer
    cash_drawer: CashDrawer
    terminal: TerminalKind
    tse: TseKind
    fiskaly_tss: str
    fiskaly_url: str
    language: Language
    camera: str | None  # None: the camera window offers the cameras that open
    sync: bool = True
    backend_ca: Path | None = None
    demo_history_days: int = 0
    #: settings given on the command line or in the environment: they win over what the settings screen stores
    overridden: frozenset[RegisterKey] = frozenset()

    @property
    def pdf_dir(self) -> Path:
        return self.data_dir / "Bons"

    def tse_environment(self) -> dict[str, str]:
        """What app.tse.factory.open_tse reads for fiskaly, with this configuration's values."""
        return {ENVIRONMENT[RegisterKey.FISKALY_TSS]: self.fiskaly_tss,
                ENVIRONMENT[RegisterKey.FISKALY_URL]: self.fiskaly_url}


def demo_printer(data_dir: Path) -> str:
    """The demo prints into a file in its data folder."""
    return f"file:{data_dir / 'bondrucker.bin'}"


def resolve(command_line: Mapping[RegisterKey, str | None], environment: Mapping[str, str],
            stored: Mapping[str, str], *, data_dir: Path, demo: bool, sync: bool = True,
            backend_ca: Path | None = None, demo_history_days: int = 0) -> RegisterConfig:
    """The configuration from the command line, then the environment, then the replica's settings, then the
    defaults (the demo's differ: the simulators, a printer file). An empty command-line or environment value
    counts as not given; a stored empty value is a choice ("no printer")."""

    def given(key: RegisterKey) -> tuple[str | None, str]:
        """The value and where it came from (for the log)."""
        if command_line.get(key):
            return command_line[key], f"--{key.value.replace('_', '-')}"
        if environment.get(ENVIRONMENT[key]):
            return environment[ENVIRONMENT[key]], ENVIRONMENT[key]
        return stored.get(key.value), f"setting {key.value}"

    def text(key: RegisterKey) -> str:
        return (given(key)[0] or "").strip()

    def choice(enum, key: RegisterKey, default):
        value, source = given(key)
        if value is None or not value.strip():
            return default
        try:
            return enum(value.strip().lower())
        except ValueError:
            log.error("%s: %r is not one of %s; using %s", source, value, ", ".join(m.value for m in enum),
                      default.value)
            return default

    printer = given(RegisterKey.PRINTER)[0]
    if printer is None:
        printer = demo_printer(data_dir) if demo else ""
    return RegisterConfig(
        data_dir=data_dir, demo=demo, printer=printer.strip() or None,
        cash_drawer=choice(CashDrawer, RegisterKey.CASH_DRAWER, CashDrawer.PRINTER),
        terminal=choice(TerminalKind, RegisterKey.TERMINAL, TerminalKind.SIMULATOR if demo else TerminalKind.NONE),
        tse=choice(TseKind, RegisterKey.TSE, TseKind.SIMULATOR if demo else TseKind.NONE),
        fiskaly_tss=text(RegisterKey.FISKALY_TSS), fiskaly_url=text(RegisterKey.FISKALY_URL),
        language=choice(Language, RegisterKey.LANGUAGE, Language.GERMAN),
        camera=text(RegisterKey.CAMERA) or None, sync=sync, backend_ca=backend_ca,
        demo_history_days=demo_history_days,
        overridden=frozenset(k for k in ENVIRONMENT if not given(k)[1].startswith("setting ")))
