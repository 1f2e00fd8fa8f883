"""Fixtures for the TSE tests: a hand-driven clock and simulators on temporary files."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from app.tse.simulator import TseSimulator
from tests.tse.fiskaly_standin_app import StandInServer

REGISTER = "1001-01"
CURVES = ("P-256", "brainpoolP384r1")


class HandClock:
    """A clock that moves only when the test moves it."""

    def __init__(self, start: datetime = datetime(2025, 3, 14, 9, 30, 0, tzinfo=timezone.utc)):
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock():
    return HandClock()


@pytest.fixture(params=CURVES)
def curve(request):
    return request.param


@pytest.fixture
def tse(tmp_path, clock, curve):
    """A registered register on a fresh simulator of each curve."""
    device = TseSimulator(tmp_path / "tse.sqlite3", curve=curve, clock=clock, max_open_transactions=4)
    device.register_client(REGISTER)
    yield device
    device.close()


@pytest.fixture(scope="module")
def server():
    """The local stand-in of fiskaly SIGN DE v2, served over HTTP on 127.0.0.1."""
    s = StandInServer()
    s.start()
    yield s
    s.stop()
