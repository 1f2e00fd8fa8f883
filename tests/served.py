"""Real servers for the tests: an ASGI app served by uvicorn on 127.0.0.1 in a thread."""

from __future__ import annotations

import socket
import threading
import time

import uvicorn

__all__ = ["ServedApp", "free_port"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ServedApp:
    """uvicorn on 127.0.0.1:`port`; `start` returns once it listens (a condition, with a generous bound),
    `stop` once it has shut down. Can be started again (a restart)."""

    def __init__(self, port: int | None = None):
        self.port = port or free_port()
        self.server: uvicorn.Server | None = None
        self.thread: threading.Thread | None = None

    def start(self, app, **config) -> None:
        config.setdefault("timeout_graceful_shutdown", 1)  # open event streams (/v1/events) are cut, not awaited
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning",
                                                    **config))
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError(f"the server on port {self.port} did not start")
            time.sleep(0.01)

    def stop(self) -> None:
        if self.server is not None:
            self.server.should_exit = True
            self.thread.join(10)
            self.server = None
