"""Keyboard-wedge scanners type a code as a fast burst of keys ending in Enter.

The detector holds each printable key for a few milliseconds. If the next key
follows faster than any person types, the burst continues; an Enter that ends
a long enough burst makes a scan. Anything else is handed back as ordinary
typing, in order, so the search field still gets every key a person types.

It is pure logic on timestamps: the Qt event filter in app/ui feeds it keys
and a timer, and carries out what it returns. The timestamps are when the keys
were pressed (the window system's event time), not when the GUI thread got to
them: a GUI thread busy for 60 ms then sees the rest of a burst at once, but
with the times the scanner sent it. If the timer released a burst as typing
while the GUI thread was busy and the next key turns out to belong to it, the
detector takes the released text back ("reclaim") and the burst goes on.
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
    kind: Literal["hold", "type", "scan", "pass", "reclaim"]
    text: str = ""  # "type": keys to replay as typing; "scan": the code; "reclaim": typed text to take back


def _gap(now_ms: float, last_ms: float) -> float:
    """Time since the last key; a clock that went backwards (a wrapped window-system timestamp, another
    clock) counts as a long pause, never as scanner speed."""
    gap = now_ms - last_ms
    return gap if gap >= 0 else float("inf")


@dataclass
class WedgeDetector:
    max_gap_ms: float = DEFAULT_MAX_GAP_MS
    min_length: int = DEFAULT_MIN_LENGTH
    _buffer: list[str] = field(default_factory=list)
    _last_ms: float = 0.0
    _released: str = ""  # what the timer last released as typing, while a key could still continue it
    _scan_ended: bool = False  # the timer made the last burst a scan: a late Enter is swallowed

    @property
    def holding(self) -> bool:
        return bool(self._buffer)

    @property
    def held_length(self) -> int:
        return len(self._buffer)

    def key(self, text: str, now_ms: float) -> list[WedgeAction]:
        """A printable key. Returns what to do, in order."""
        actions: list[WedgeAction] = []
        if self._released and not self._buffer and _gap(now_ms, self._last_ms) <= self.max_gap_ms:
            # the timer fired while the GUI thread was busy: this key continues that burst
            actions.append(WedgeAction("reclaim", self._released))
            self._buffer = list(self._released)
        elif self._buffer and _gap(now_ms, self._last_ms) > self.max_gap_ms:
            actions.append(self._release())
        self._released, self._scan_ended = "", False
        self._buffer.append(text)
        self._last_ms = now_ms
        actions.append(WedgeAction("hold"))
        return actions

    def enter(self, now_ms: float) -> list[WedgeAction]:
        """Enter (or Tab, for scanners set up that way) ends a burst."""
        self._released = ""
        if not self._buffer:
            late_enter = self._scan_ended and _gap(now_ms, self._last_ms) <= self.max_gap_ms
            self._scan_ended = False
            return [] if late_enter else [WedgeAction("pass")]
        if _gap(now_ms, self._last_ms) <= self.max_gap_ms and len(self._buffer) >= self.min_length:
            code = "".join(self._buffer)
            self._buffer.clear()
            return [WedgeAction("scan", code)]
        return [self._release(), WedgeAction("pass")]

    def timeout(self, now_ms: float) -> list[WedgeAction]:
        """The timer ran out. A burst long enough at scanner speed is a scan without its Enter (some
        scanners send none); anything shorter was typed by a person."""
        if self._buffer and _gap(now_ms, self._last_ms) >= self.max_gap_ms:
            if len(self._buffer) >= self.min_length:
                code = "".join(self._buffer)
                self._buffer.clear()
                self._scan_ended = True  # its Enter, if it comes late, belongs to this scan
                return [WedgeAction("scan", code)]
            released = self._release()
            self._released = released.text
            return [released]
        return []

    def _release(self) -> WedgeAction:
        text = "".join(self._buffer)
        self._buffer.clear()
        return WedgeAction("type", text)
