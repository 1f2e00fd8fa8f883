"""What time it is for the register's services and records: the system's clock, unless a caller set one.

The demo history (`app/demo/history.py`) replays past days through the real services. It sets the clock
for its own thread only (a context variable), so a register selling in the same process keeps the real
time. Threads the services start themselves (the TSE's signing thread) do not inherit it: a TSE device
takes its clock as an argument (`app.tse.simulator.TseSimulator(clock=…)`).
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime, timezone
from typing import Callable, Iterator

__all__ = ["local_now", "now", "set_clock"]

Clock = Callable[[], datetime]

_clock: ContextVar[Clock | None] = ContextVar("tresen_clock", default=None)


def now() -> datetime:
    """The current time, in UTC."""
    clock = _clock.get()
    return clock() if clock is not None else datetime.now(timezone.utc)


def local_now() -> datetime:
    """The current time in the register's time zone."""
    return now().astimezone()


@contextmanager
def set_clock(clock: Clock) -> Iterator[None]:
    """Within the block, in this thread, `now()` is `clock()` (an aware datetime)."""
    token = _clock.set(clock)
    try:
        yield
    finally:
        _clock.reset(token)
