"""Setting up a register against the backend: enroll once, then bootstrap the catalog."""

from __future__ import annotations

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
           tokens: TokenStore | None = None, transport=None) -> TokenStore:
    """Enroll with a one-time secret; the token goes to the keyring, the identity to the replica."""
    client = BackendClient(base_url, transport=transport)
    try:
        answer = client.enroll(store_id=store_id, secret=secret, register_no=register_no)
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
    return tokens


def bootstrap(replica: Engine, client: BackendClient, progress=None) -> SyncReport:
    """Pull the whole catalog page by page (resumable; never all in memory)."""
    return SyncEngine(replica, client, page_size=5000).pull_all(progress=progress)
