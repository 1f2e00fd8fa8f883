"""Which TSE this register uses, built from its configuration; the secrets come from the OS keyring.

`TRESEN_TSE` (or `--tse`):
- `simulator`: `TseSimulator` in the data folder (`tse-simulator.sqlite3`). Not certified: the demo's
  default; elsewhere only when asked for (a training register), never by default.
- `fiskaly`: the fiskaly SIGN DE v2 cloud TSE. `TRESEN_FISKALY_TSS` names the TSS, `TRESEN_FISKALY_URL` the API
  (LIVE https://kassensichv.fiskaly.com/api/v2, TEST https://kassensichv-middleware.fiskaly.com/api/v2: no
  default, a TEST TSS is deleted weekly). API key, secret and admin PIN are read from the keyring (service
  "Tresen TSE"); `python -m app.tse store-fiskaly-secrets` puts them there.
- `none`: no TSE: every receipt says it is unsigned. The default of a register that is not the demo and has
  no TSE configured: an honest "TSE ausgefallen" rather than signatures of an uncertified device.

A configuration that cannot be used (a secret missing, no keyring, a damaged file) does not stop the counter:
`open_tse` answers a `NoTse` with the reason, so the receipts say "TSE ausgefallen" and the outage records why.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

import keyring
from keyring.errors import KeyringError, NoKeyringError

from app.tse.interface import Tse, TseUnavailable
from sync.common.messages import Message, message_of, translate

__all__ = ["FISKALY_SECRETS", "KEYRING_SERVICE", "NoTse", "SIMULATOR_FILE", "TseConfigError", "open_tse"]

log = logging.getLogger(__name__)

KEYRING_SERVICE = "Tresen TSE"
FISKALY_SECRETS = ("fiskaly-api-key", "fiskaly-api-secret", "fiskaly-admin-pin")
SIMULATOR_FILE = "tse-simulator.sqlite3"
NO_TSE = translate("tse", "Keine TSE eingerichtet")
NO_TSE_REASON = str(NO_TSE)  # the same as stored text (an outage keeps its reason in German)
#: A cloud TSE call at the counter waits at most this long; then the outage begins and the breaker opens.
COUNTER_TIMEOUT_S = 3.0


class TseConfigError(ValueError):
    """The TSE configuration cannot be used; the message says what is missing."""


class NoTse:
    """No usable TSE: every call fails with the reason, so every receipt says it is unsigned."""

    def __init__(self, reason: Message | str = NO_TSE):
        self.reason = reason

    def __getattr__(self, name):
        def unavailable(*args, **kwargs):
            raise TseUnavailable(self.reason)
        return unavailable


def _secret(name: str) -> str | None:
    try:
        return keyring.get_password(KEYRING_SERVICE, name)
    except (NoKeyringError, KeyringError) as exc:
        raise TseConfigError(translate("tse", "Kein Schlüsselbund für die TSE-Zugangsdaten: {error}").format(
                                       error=str(exc))) from exc


def _fiskaly(data_dir: Path, env, transport) -> Tse:
    from app.tse.fiskaly import FiskalyTse  # httpx and the adapter only for a register that uses it

    tss_id = env.get("TRESEN_FISKALY_TSS", "").strip()
    if not tss_id:
        raise TseConfigError(translate("tse", "TRESEN_FISKALY_TSS fehlt: welche fiskaly-TSS diese Kasse nutzt"))
    api_key, api_secret, admin_pin = (_secret(name) for name in FISKALY_SECRETS)
    if not api_key or not api_secret:
        raise TseConfigError(translate("tse", "fiskaly-API-Schlüssel fehlt im Schlüsselbund "
                                              "(python -m app.tse store-fiskaly-secrets)"))
    url = env.get("TRESEN_FISKALY_URL", "").strip()
    if not url:
        raise TseConfigError(translate("tse", "TRESEN_FISKALY_URL fehlt: die fiskaly-API (LIVE oder TEST) "
                                              "dieser Kasse"))
    return FiskalyTse(url, api_key=api_key, api_secret=api_secret,
                      tss_id=tss_id, admin_pin=admin_pin, journal=data_dir / "fiskaly-journal.sqlite3",
                      transport=transport, timeout=COUNTER_TIMEOUT_S)


def open_tse(spec: str | None, *, data_dir: Path, demo: bool = False, env=None, transport=None) -> Tse:
    """The TSE named by `spec` (or TRESEN_TSE; default: the simulator in the demo, none elsewhere). Never
    raises: a configuration that cannot work is logged and answered with a `NoTse` naming the reason."""
    env = os.environ if env is None else env
    kind = (spec or env.get("TRESEN_TSE") or ("simulator" if demo else "none")).strip().lower()
    try:
        if kind == "simulator":
            from app.tse.simulator import TseSimulator

            if not demo:
                log.warning("TSE: the simulator (not certified) signs this register's receipts")
            return TseSimulator(data_dir / SIMULATOR_FILE)
        if kind == "fiskaly":
            return _fiskaly(Path(data_dir), env, transport)
        if kind == "none":
            return NoTse()
        raise TseConfigError(translate("tse", "Unbekannte TSE {kind} (simulator, fiskaly oder none)").format(kind=repr(kind)))
    except TseConfigError as exc:
        log.error("TSE not usable: %s", exc)
        return NoTse(message_of(exc) or str(exc))
    except Exception as exc:  # a damaged simulator file, an unreadable journal: the counter still sells
        log.exception("TSE %s could not be opened", kind)
        return NoTse(translate("tse", "TSE {kind} nicht zu öffnen: {error}").format(kind=kind,
                               error=f"{type(exc).__name__}: {exc}"[:260]))
