"""The backend as an ASGI application built from its settings, for uvicorn's worker processes.

`python -m sync.server --workers N` serves through this factory: uvicorn starts N processes, and each
builds its own app and database pool here, from the same environment (and `TRESEN_CONFIG`, the `--config`
file, if one was given). Any ASGI server can use it the same way:
`uvicorn --factory sync.server.asgi:app_from_environment`.
"""

from __future__ import annotations

import os
import socket

import uvicorn
from fastapi import FastAPI
from sqlalchemy.engine import Engine

from sync.server.app import create_app
from sync.server.db import make_engine
from sync.server.settings import BackendSettings, load_settings

__all__ = ["CONFIG_ENV", "TcpConfig", "app_from_environment", "app_from_settings"]

CONFIG_ENV = "TRESEN_CONFIG"  # the settings file a worker reads (the parent's --config)


def app_from_settings(settings: BackendSettings, engine: Engine | None = None) -> FastAPI:
    """The app with the settings' keys, on `engine` (None: a new one for the settings' database)."""
    secret = lambda value: value.get_secret_value() if value else None  # noqa: E731
    return create_app(engine or make_engine(settings.backend_db), shop_key=secret(settings.shop_key),
                      erp_key=secret(settings.erp_key), hq_key=secret(settings.hq_key))


def app_from_environment() -> FastAPI:
    """The app of one worker process. The parent brought the database's schema up to date before it started
    the workers, so this only connects."""
    return app_from_settings(load_settings(os.environ.get(CONFIG_ENV) or None))


class TcpConfig(uvicorn.Config):
    """uvicorn's settings, with the listening socket of several workers marked as TCP. uvicorn binds it without
    a protocol; accepted connections inherit that, and asyncio turns Nagle's algorithm off only on sockets that
    say TCP, so every answer on a kept-alive connection waited about 40 ms for the register's delayed ACK
    (uvicorn issue #3149; one worker is not affected: asyncio binds that socket itself)."""

    def bind_socket(self) -> socket.socket:
        sock = super().bind_socket()
        tcp = socket.socket(sock.family, socket.SOCK_STREAM, socket.IPPROTO_TCP, fileno=sock.detach())
        tcp.set_inheritable(True)
        return tcp
