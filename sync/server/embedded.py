"""The backend inside the demo app: uvicorn on 127.0.0.1 in a background thread, SQLite beside the replica.

Also what `python -m app.demo serve-backend --seed-demo` serves for a moment while the demo history is made
(app/demo/history.py): its registers enroll and sync here, and its web-shop customers use the shop API
with `shop_key`, a key made for this process only."""

from __future__ import annotations

import os
import secrets
import socket
import threading
import time
from pathlib import Path

import uvicorn
from sqlalchemy import text
from sqlalchemy.engine import Engine

from sync.server.app import create_app
from sync.server.db import create_schema, make_engine
from sync.server.enrollment import replace_register
from sync.server.mail import MailSender
from sync.server.settings import BackendSettings
from sync.server.seed import seed_backend, seed_demo_offers, seed_demo_online


class EmbeddedBackend:
    def __init__(self, db_path: Path | None = None, *, engine: Engine | None = None, demo_products: int = 1000):
        self.engine = engine if engine is not None else make_engine(f"sqlite:///{db_path}")
        self.demo_products = demo_products
        # What a real backend reads from its environment (sync/server/settings.py), so the demo's web-shop side can
        # be tried: the shop's key (else one for this process only), the SMTP server customers' mails go through
        # (without one they wait in the outbox), the headquarters page's password (without one /hq refuses
        # everyone), and the port (TRESEN_PORT; else a free one).
        settings = BackendSettings()
        self.shop_key = settings.shop_key.get_secret_value() if settings.shop_key else secrets.token_urlsafe(24)
        self.fixed_port = settings.port if "TRESEN_PORT" in os.environ else None
        self.smtp = settings.smtp()
        self.hq_key = settings.hq_key.get_secret_value() if settings.hq_key else None
        self.mail_sender: MailSender | None = None
        self.server: uvicorn.Server | None = None
        self.thread: threading.Thread | None = None
        self.port = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 15.0) -> None:
        create_schema(self.engine)
        with self.engine.connect() as c:
            empty = c.execute(text("SELECT count(*) FROM location")).scalar_one() == 0
        if empty:
            seed_backend(self.engine, products=self.demo_products)
            seed_demo_offers(self.engine)
            seed_demo_online(self.engine)
        if self.fixed_port:
            self.port = self.fixed_port  # uvicorn binds it (SO_REUSEADDR), or says why it cannot
        else:
            with socket.socket() as s:
                s.bind(("127.0.0.1", 0))
                self.port = s.getsockname()[1]
        config = uvicorn.Config(create_app(self.engine, shop_key=self.shop_key, hq_key=self.hq_key), host="127.0.0.1",
                                port=self.port, log_level="warning",
                                timeout_graceful_shutdown=1)  # the registers' event streams are cut, not awaited
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, name="tresen-backend", daemon=True)
        self.thread.start()
        deadline = time.monotonic() + timeout
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the embedded backend did not start")
            time.sleep(0.02)
        if self.smtp is not None:
            self.mail_sender = MailSender(self.engine, self.smtp)
            self.mail_sender.start()

    def new_enrollment_secret(self, register_id: str) -> str:
        """The demo is its own IT: a secret for this register, its previous PC (an earlier run) revoked."""
        return replace_register(self.engine, register_id)

    def stop(self) -> None:
        if self.mail_sender is not None:
            self.mail_sender.stop()
        if self.server is not None:
            self.server.should_exit = True
            self.thread.join(5)
