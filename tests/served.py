"""Real servers for the tests and benchmarks: an ASGI app served by uvicorn on 127.0.0.1 in a thread, or the
backend as IT runs it (`python -m sync.server`) in a process of its own."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx
import uvicorn

__all__ = ["BackendProcess", "ServedApp", "free_port"]

ROOT = Path(__file__).resolve().parents[1]


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


class BackendProcess:
    """`python -m sync.server ARGS` on 127.0.0.1:`port`, from `source` (another checkout: benchmarks side by
    side). Its log goes to a file: a pipe nobody reads fills up, and then the backend blocks writing to it."""

    def __init__(self, *args: str, env: dict[str, str] | None = None, source: Path = ROOT, port: int | None = None):
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        fd, name = tempfile.mkstemp(prefix="tresen-backend-", suffix=".log")
        self.log = Path(name)
        with os.fdopen(fd, "wb") as log:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "sync.server", "--port", str(self.port), *args], cwd=source,
                env={**os.environ, "TRESEN_LOG_LEVEL": "warning", **(env or {}),
                     "PYTHONPATH": os.pathsep.join(filter(None, [str(source), os.environ.get("PYTHONPATH")]))},
                stdout=subprocess.DEVNULL, stderr=log)

    def wait_ready(self, timeout: float = 120) -> BackendProcess:
        """Once `/ready` answers 200 (the database answers through it): a condition, with a generous bound."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                if httpx.get(self.url + "/ready", timeout=5).status_code == 200:
                    return self
            except httpx.TransportError:
                pass
            if self.proc.poll() is not None or time.monotonic() > deadline:
                logged = self.output()[-2000:]
                self.stop()  # not left running (holding its database) behind the error
                raise RuntimeError(f"the backend did not start: {logged}")
            time.sleep(0.1)

    def output(self) -> str:
        """What it logged (at warning and above unless `env` says otherwise)."""
        return self.log.read_text(errors="replace")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.log.unlink(missing_ok=True)
