"""Setting up a register against the backend: enroll once, then bootstrap the catalog.

`set_up_register` does both for the first-run wizard (app/ui/setup_wizard.py) and `python -m app enroll`; its
failures are `SetupError`s with a code and parameters for the UI to word (German by default).
"""

from __future__ import annotations

import re
import threading
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field

from pydantic import ValidationError
from sqlalchemy.engine import Engine

from sync.client.credentials import NoKeyring, TokenStore
from sync.client.engine import SyncEngine, SyncReport
from sync.client.http import (BackendCertificateInvalid, BackendClient, BackendRejected, BackendSettingsInvalid,
                              BackendUnavailable, BadResponse)
from sync.client.refusals import refusal_message
from sync.common.messages import Message, message_of, translate

STORE_ID = re.compile(r"^[0-9A-Za-z]{1,16}$")

#: What each failure says (the placeholders are the SetupError's params); a reason alone is the client's own words.
MESSAGES = {
    "already_set_up": translate("setup", "Diese Kasse ist schon als {register_id} an {url} angemeldet"),
    "store_invalid": translate("setup", "Filialnummer: 1 bis 16 Buchstaben oder Ziffern"),
    "register_no_invalid": translate("setup", "Kassennummer: 1 bis 99"),
    "secret_missing": translate("setup", "Bitte das Einmal-Geheimnis von der IT eingeben"),
    "secret_invalid": translate("setup", "Das Einmal-Geheimnis ist unvollständig – bitte genau so eingeben, wie "
                                         "die IT es gegeben hat"),
    "url_invalid": None,
    "unreachable": None,
    "certificate": translate("setup", "Zertifikat der Zentrale nicht vertrauenswürdig: {reason}"),
    "secret_refused": translate("setup", "Einmal-Geheimnis unbekannt, schon benutzt oder für eine andere Kasse – "
                                         "bitte Filial- und Kassennummer prüfen, sonst bei der IT ein neues anfordern"),
    "register_taken": translate("setup", "Kasse {register_id} ist schon angemeldet – für einen neuen PC sperrt die "
                                         "IT den alten (admin replace-register {register_id})"),
    "refused": translate("setup", "Die Zentrale lehnt ab: {reason}"),
    "bad_answer": translate("setup", "Antwort der Zentrale unlesbar: {reason}"),
    "no_keyring": None,
    "cancelled": translate("setup", "Abgebrochen – die Kasse ist angemeldet und lädt den Katalog beim nächsten Start "
                                    "weiter"),
}


class SetupError(Exception):
    """Setting up failed. `code` and `params` are for the UI to word; the message (a `Message`, str() German)
    is the default wording."""

    def __init__(self, code: str, **params):
        self.code, self.params = code, params
        template = MESSAGES[code]
        super().__init__(params["reason"] if template is None else template.format(**params))


def _said(exc: Exception) -> Message | str:
    """What an exception says: its `Message`, or its text."""
    return message_of(exc) or str(exc)


@dataclass
class SetupState:
    """Progress and cancel of a set-up running in the background (read by the UI, written by the task)."""

    stage: str = "enroll"  # enroll | bootstrap | done
    received: int = 0  # changes pulled so far
    estimate: int | None = None  # of all there are, if the backend knows
    register_id: str = ""
    _cancel: threading.Event = field(default_factory=threading.Event, repr=False)

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()


def configured_backend(replica: Engine) -> tuple[str, str] | None:
    """(backend URL, register id) if this replica was enrolled."""
    with replica.connect() as c:
        rows = dict(c.exec_driver_sql(
            "SELECT key, value FROM setting WHERE key IN ('backend_url', 'register_id')").all())
    if "backend_url" in rows and "register_id" in rows:
        return rows["backend_url"], rows["register_id"]
    return None


def enroll(replica: Engine, *, base_url: str, store_id: str, register_no: int, secret: str,
           tokens: TokenStore | None = None, transport=None, ca_bundle=None) -> TokenStore:
    """Enroll with a one-time secret; the token goes to the keyring, the identity to the replica, and the
    register's numbering continues from the backend's high-water marks (a replaced PC). Asking again after
    a lost answer is safe: this PC's install id (made before the first attempt) gets the answer again.
    `base_url` must be https:// (http:// only to this PC); `ca_bundle`: the chain's CA (sync/client/http.py)."""
    client = BackendClient(base_url, transport=transport, ca_bundle=ca_bundle)  # refuses before anything is stored
    install_id = _install_id(replica)
    try:
        answer = client.enroll(store_id=store_id, secret=secret, register_no=register_no, install_id=install_id)
    finally:
        client.close()
    tokens = tokens or TokenStore(answer.register_id)
    tokens.key = answer.register_id
    tokens.set(answer.token)
    with replica.begin() as c:
        for key, value in (("backend_url", base_url), ("store_id", answer.store_id),
                           ("register_id", answer.register_id)):
            c.exec_driver_sql("INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE"
                              " SET value = excluded.value", (key, value))
        for name, value in answer.counters.items():  # never below what this replica counted itself
            if value <= 0:
                continue
            c.exec_driver_sql("INSERT INTO counter (name, value) VALUES (?, ?) ON CONFLICT(name) DO UPDATE"
                              " SET value = MAX(value, excluded.value)", (str(name), value))
    return tokens


def _install_id(replica: Engine) -> str:
    """This PC's id for enrolling, made once and kept in the replica before the first attempt."""
    with replica.begin() as c:
        c.exec_driver_sql("INSERT OR IGNORE INTO setting (key, value) VALUES ('install_id', ?)", (uuid.uuid4().hex,))
        return c.exec_driver_sql("SELECT value FROM setting WHERE key = 'install_id'").scalar_one()


def bootstrap(replica: Engine, client: BackendClient, progress=None) -> SyncReport:
    """Pull the whole catalog page by page (resumable; never all in memory): a sync round like any other,
    push before pull (a new PC's outbox is empty)."""
    return SyncEngine(replica, client, page_size=5000).sync_once(progress=progress)


def set_up_register(replica: Engine, *, base_url: str, store_id: str, register_no: int, secret: str,
                    ca_bundle=None, state: SetupState | None = None, transport=None,
                    tokens: TokenStore | None = None) -> SyncReport:
    """A new register: enroll with IT's one-time secret, then pull the catalog, stock and associates of its
    store (`state` shows how far; cancelled, the rest comes with the next start's sync). SetupError on failure,
    with nothing stored if enrolling failed."""
    state = state or SetupState()
    configured = configured_backend(replica)
    if configured is not None:
        raise SetupError("already_set_up", url=configured[0], register_id=configured[1])
    store_id, secret = store_id.strip(), secret.strip()
    if not STORE_ID.match(store_id):
        raise SetupError("store_invalid")
    if not 1 <= register_no <= 99:
        raise SetupError("register_no_invalid")
    if not secret:
        raise SetupError("secret_missing")
    register_id = f"{store_id}-{register_no:02d}"
    tokens = tokens or TokenStore(register_id)
    with _worded(register_id):
        tokens.check_usable()  # before the one-time secret is used up: the token must have a safe place
        tokens = enroll(replica, base_url=base_url.strip().rstrip("/"), store_id=store_id, register_no=register_no,
                        secret=secret, tokens=tokens, transport=transport,
                        ca_bundle=ca_bundle)
    state.stage, state.register_id = "bootstrap", tokens.key

    def progress(received: int, estimate: int | None) -> None:
        state.received, state.estimate = received, estimate

    with _worded(register_id):
        client = BackendClient(base_url.strip().rstrip("/"), token=tokens.get, transport=transport,
                               ca_bundle=ca_bundle)
        try:
            report = SyncEngine(replica, client, page_size=5000).sync_once(
                should_stop=lambda: state.cancelled, progress=progress)
        finally:
            client.close()
    if state.cancelled:
        raise SetupError("cancelled")
    state.stage = "done"
    return report


@contextmanager
def _worded(register_id: str):
    """Turns the client's exceptions into SetupErrors the associate can act on."""
    try:
        yield
    except SetupError:
        raise
    except BackendCertificateInvalid as exc:
        raise SetupError("certificate", reason=_said(exc)) from exc
    except BackendUnavailable as exc:
        raise SetupError("unreachable", reason=_said(exc)) from exc
    except BackendSettingsInvalid as exc:
        raise SetupError("url_invalid", reason=_said(exc)) from exc
    except BackendRejected as exc:
        if exc.status == 403:
            raise SetupError("secret_refused") from exc
        if exc.status == 409:
            raise SetupError("register_taken", register_id=register_id) from exc
        raise SetupError("refused", reason=refusal_message(exc) or exc.detail) from exc
    except BadResponse as exc:
        raise SetupError("bad_answer", reason=_said(exc)) from exc
    except ValidationError as exc:  # the request did not fit the protocol: nothing was sent
        field = str(exc.errors()[0]["loc"][0]) if exc.errors() and exc.errors()[0]["loc"] else ""
        raise SetupError({"enrollment_secret": "secret_invalid", "store_id": "store_invalid",
                          "register_no": "register_no_invalid"}.get(field, "secret_invalid")) from exc
    except NoKeyring as exc:
        raise SetupError("no_keyring", reason=_said(exc)) from exc
