"""Setting up a register against the backend: enroll once, then bootstrap the catalog."""

from __future__ import annotations

import uuid

from sqlalchemy.engine import Engine

from sync.client.credentials import TokenStore
from sync.client.engine import SyncEngine, SyncReport
from sync.client.http import BackendClient


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
