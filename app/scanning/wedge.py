"""Keyboard-wedge scanners type a code as a fast burst of keys ending in Enter.

The detector holds each printable key for a few milliseconds. If the next key
follows faster than any person types, the burst continues; an Enter that ends
a long enough burst makes a scan. Anything else is handed back as ordinary
typing, in order, so the search field still gets every key a person types.

It is pure logic on timestamps: the Qt event filter in app/ui feeds it keys
and a timer, and carries out what it returns.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

#: USB scanners send a key every 1–10 ms, slow Bluetooth ones up to ~30 ms;
#: even fast typists need 60 ms or more between keys.
DEFAULT_MAX_GAP_MS = 40.0
DEFAULT_MIN_LENGTH = 4


@dataclass(frozen=True)
class WedgeAction:
    kind: Literal["hold", "type", "scan", "pass"]
    text: str = ""  # "type": keys to replay as typing; "scan": the code


@dataclass
class WedgeDetector:
    max_gap_ms: float = DEFAULT_MAX_GAP_MS
    min_length: int = DEFAULT_MIN_LENGTH
    _buffer: list[str] = field(default_factory=list)
    _last_ms: float = 0.0

    @property
    def holding(self) -> bool:
        return bool(self._buffer)

    def key(self, text: str, now_ms: float) -> list[WedgeAction]:
        """A printable key. Returns what to do, in order."""
        actions: list[WedgeAction] = []
        if self._buffer and now_ms - self._last_ms > self.max_gap_ms:
            actions.append(self._release())
        self._buffer.append(text)
        self._last_ms = now_ms
        actions.append(WedgeAction("hold"))
        return actions

    def enter(self, now_ms: float) -> list[WedgeAction]:
        """Enter (or Tab, for scanners set up that way) ends a burst."""
        if not self._buffer:
            return [WedgeAction("pass")]
        if now_ms - self._last_ms <= self.max_gap_ms and len(self._buffer) >= self.min_length:
            code = "".join(self._buffer)
            self._buffer.clear()
            return [WedgeAction("scan", code)]
        return [self._release(), WedgeAction("pass")]

    def timeout(self, now_ms: float) -> list[WedgeAction]:
        """The timer ran out: what is held was typed by a person."""
        if self._buffer and now_ms - self._last_ms >= self.max_gap_ms:
            return [self._release()]
        return []

    def _release(self) -> WedgeAction:
        text = "".join(self._buffer)
        self._buffer.clear()
        return WedgeAction("type", text)
