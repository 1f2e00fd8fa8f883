"""The push channel: a register holds `GET /v1/events` open and hears "changes" as soon as its store's feed grows,
then pulls. The feed stays the one way data reaches a register (sync/PROTOCOL.md, "Push channel"); the channel
only says when to pull, so nothing is lost while it is down: the register's regular pull catches up.

One watcher per backend process learns of new changes, however many registers listen: on PostgreSQL by
LISTEN on the channel `record_changes` notifies at commit (sync/server/db.py); on SQLite, with its one writer,
by looking at the feed's highest id five times a second.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import threading
from dataclasses import dataclass, field

from fastapi import APIRouter, Header
from fastapi.responses import StreamingResponse
from sqlalchemy import text
from sqlalchemy.engine import Engine
from starlette.concurrency import run_in_threadpool

from sync.server.db import CHANGE_CHANNEL
from sync.server.enrollment import sha256
from sync.protocol import RegisterRefusal
from sync.server.refusals import RequestRefused

__all__ = ["ChangeSignal", "events_router", "HEARTBEAT_S", "MAX_STREAM_S"]

log = logging.getLogger(__name__)

HEARTBEAT_S = 15.0  # a comment line this often keeps proxies from closing an idle stream
MAX_STREAM_S = 300.0  # then the stream ends and the register connects again (a backend can be replaced meanwhile)
SQLITE_POLL_S = 0.2


@dataclass(eq=False)
class _Listener:
    store_id: str
    loop: asyncio.AbstractEventLoop
    event: asyncio.Event = field(default_factory=asyncio.Event)


class ChangeSignal:
    """Wakes the streams of the stores whose feed grew. Thread-safe; its watcher thread starts with the first
    listener and stops with `stop`."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self._listeners: dict[int, _Listener] = {}
        self._ids = itertools.count()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def listen(self, store_id: str) -> tuple[int, _Listener]:
        listener = _Listener(store_id, asyncio.get_running_loop())
        with self._lock:
            key = next(self._ids)
            self._listeners[key] = listener
            if self._thread is None and not self._stop.is_set():
                target = self._watch_postgres if self.engine.dialect.name == "postgresql" else self._watch_sqlite
                self._thread = threading.Thread(target=target, name="tresen-change-signal", daemon=True)
                self._thread.start()
        return key, listener

    def forget(self, key: int) -> None:
        with self._lock:
            self._listeners.pop(key, None)

    @property
    def listening(self) -> int:
        return len(self._listeners)

    def wake(self, store_id: str) -> None:
        """The feed of `store_id` grew ('' : a chain-wide change, every store)."""
        with self._lock:
            targets = [l for l in self._listeners.values() if not store_id or l.store_id == store_id]
        for listener in targets:
            try:
                listener.loop.call_soon_threadsafe(listener.event.set)
            except RuntimeError:  # its event loop has ended
                pass

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(5)

    def _watch_sqlite(self) -> None:
        # A plain read on a driver connection of its own: the engine's sessions begin with the write lock
        # (sync/server/db.py), which five times a second would hold up the backend's writers.
        last = None
        raw = None
        while not self._stop.is_set():
            try:
                if raw is None:
                    raw = self.engine.raw_connection()
                cur = raw.cursor()
                top = cur.execute("SELECT max(id) FROM change").fetchone()[0] or 0
                if last is None:  # whatever happened between the first stream's start and now
                    self.wake("")
                elif top > last:
                    stores = cur.execute("SELECT DISTINCT coalesce(store_id, '') FROM change WHERE id > ?",
                                         (last,)).fetchall()
                    for (store,) in stores:
                        self.wake(store)
                last = top
                cur.close()
            except Exception:  # the database busy or away: the registers' own pulls carry on meanwhile
                log.warning("change signal: reading the feed failed", exc_info=True)
                if raw is not None:
                    raw.invalidate()
                    raw = None
            self._stop.wait(SQLITE_POLL_S)
        if raw is not None:
            raw.close()

    def _watch_postgres(self) -> None:
        import psycopg

        url = self.engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
        while not self._stop.is_set():
            try:
                with psycopg.connect(url, autocommit=True) as conn:
                    conn.execute(f"LISTEN {CHANGE_CHANNEL}")
                    self.wake("")  # whatever happened while no one listened
                    while not self._stop.is_set():
                        for note in conn.notifies(timeout=1.0):
                            self.wake(note.payload)
            except Exception:  # the database restarting: listen again in a moment
                log.warning("change signal: LISTEN failed, again in 2 s", exc_info=True)
                self._stop.wait(2.0)


def events_router(engine: Engine, signal: ChangeSignal) -> APIRouter:
    router = APIRouter(tags=["registers"])

    def store_of(authorization: str | None) -> str:
        if not authorization or not authorization.startswith("Bearer "):
            raise RequestRefused(401, RegisterRefusal.TOKEN_MISSING, "missing register token (Authorization: Bearer …)")
        with engine.connect() as c:
            store = c.execute(text("SELECT store_id FROM register WHERE token_hash = :h"),
                              {"h": sha256(authorization[7:].strip())}).scalar()
        if store is None:
            raise RequestRefused(401, RegisterRefusal.TOKEN_UNKNOWN, "unknown or revoked register token")
        return store

    @router.get("/v1/events", response_class=StreamingResponse,
                responses={200: {"content": {"text/event-stream": {}}}})
    async def events(authorization: str | None = Header(default=None)) -> StreamingResponse:
        """Server-sent events: `changes` when this register's store has something new to pull (and once at the
        start), a comment line every 15 s otherwise; the stream ends after 5 minutes and is opened again."""
        store_id = await run_in_threadpool(store_of, authorization)
        key, listener = signal.listen(store_id)

        async def stream():
            try:
                yield "retry: 3000\nevent: changes\ndata: {}\n\n"
                loop = asyncio.get_running_loop()
                end = loop.time() + MAX_STREAM_S
                while loop.time() < end:
                    try:
                        await asyncio.wait_for(listener.event.wait(), HEARTBEAT_S)
                    except asyncio.TimeoutError:
                        yield ": ping\n\n"
                        continue
                    listener.event.clear()
                    yield "event: changes\ndata: {}\n\n"
            finally:
                signal.forget(key)

        return StreamingResponse(stream(), media_type="text/event-stream",
                                 headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})

    return router
