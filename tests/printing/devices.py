"""Real printer stand-ins for tests: a TCP printer on 127.0.0.1, and a port where nothing listens."""

from __future__ import annotations

import socket
import threading

import pytest


class TcpPrinter:
    """A network printer on 127.0.0.1: accepts jobs and keeps the bytes of each."""

    def __init__(self, port: int = 0):
        self.server = socket.create_server(("127.0.0.1", port))
        self.port = self.server.getsockname()[1]
        self.jobs: list[bytes] = []
        self._received = threading.Condition()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.server.accept()
            except OSError:  # closed
                return
            with conn:
                data = b""
                while chunk := conn.recv(65536):
                    data += chunk
            with self._received:
                self.jobs.append(data)
                self._received.notify_all()

    def wait_for_jobs(self, count: int, timeout: float = 30) -> list[bytes]:
        """The jobs once `count` have arrived whole (the printer reads each to its end)."""
        with self._received:
            assert self._received.wait_for(lambda: len(self.jobs) >= count, timeout), "no job reached the printer"
            return list(self.jobs)

    def close(self) -> None:
        self.server.close()
        self.thread.join(5)


@pytest.fixture
def tcp_printer():
    printer = TcpPrinter()
    yield printer
    printer.close()


def closed_port() -> int:
    """A port on 127.0.0.1 where nothing listens: a printer that is switched off."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class StuckPrinter:
    """A printer whose network side hangs: connections are never accepted (one queued fills a backlog of 0)."""

    def __init__(self):
        self.server = socket.create_server(("127.0.0.1", 0), backlog=0)
        self.port = self.server.getsockname()[1]
        self._queued = socket.create_connection(("127.0.0.1", self.port))

    def close(self) -> None:
        self._queued.close()
        self.server.close()
