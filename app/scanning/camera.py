"""The camera at the counter, Qt-free: frame sources behind one interface, and the capture loop.

A FrameSource gives frames (numpy BGR arrays); `open_source` picks one from a
spec: a camera index ("0"), or "fake:PATH" (a folder of images or a video
file), which tests and demos use. The CaptureLoop runs in its own thread:
it reads frames, decodes them, reports each code once per 1.5 s, and hands
frames with their results to whoever shows the preview. It never touches Qt.
"""

from __future__ import annotations

import threading
import time
from abc import ABC, abstractmethod
from pathlib import Path
from typing import Callable

import cv2
import numpy as np

from app.scanning.decode import DecodeResult, decode
from sync.common.messages import Message, message_of, translate

REPEAT_S = 1.5  # the same code is not reported twice within this time


class CameraError(RuntimeError):
    """No camera, busy, or unplugged; the message is for the associate."""


class FrameSource(ABC):
    @abstractmethod
    def read(self) -> np.ndarray | None:
        """The next frame, or None if there is none right now. Raises CameraError when the source is gone."""

    def close(self) -> None:
        pass


class OpenCVCamera(FrameSource):
    def __init__(self, index: int, width: int = 1280, height: int = 720):
        self.capture = cv2.VideoCapture(index)
        if not self.capture.isOpened():
            self.capture.release()
            raise CameraError(translate("scanning", "Kamera {index} nicht gefunden oder von einem anderen Programm"
                                                    " belegt").format(index=index))
        self.capture.set(cv2.CAP_PROP_FRAME_WIDTH, width)
        self.capture.set(cv2.CAP_PROP_FRAME_HEIGHT, height)
        self.failures = 0

    def read(self) -> np.ndarray | None:
        ok, frame = self.capture.read()
        if ok:
            self.failures = 0
            return frame
        self.failures += 1
        if self.failures > 30:  # about a second without a frame: unplugged
            raise CameraError(translate("scanning", "Die Kamera liefert keine Bilder mehr (abgezogen?)"))
        return None

    def close(self) -> None:
        self.capture.release()


class FakeFrameSource(FrameSource):
    """Frames from a list, a folder of images or a video file, at about `fps`; loops by default."""

    def __init__(self, frames, *, fps: float = 30.0, loop: bool = True):
        self.frames = list(frames)
        if not self.frames:
            raise CameraError(translate("scanning", "Keine Bilder für die Testkamera"))
        self.fps, self.loop, self.i, self.last = fps, loop, 0, 0.0

    @classmethod
    def from_path(cls, path: Path, **kw) -> "FakeFrameSource":
        path = Path(path)
        if path.is_dir():
            frames = [cv2.imread(str(p)) for p in sorted(path.iterdir()) if p.suffix.lower() in (".png", ".jpg")]
        else:
            video, frames = cv2.VideoCapture(str(path)), []
            while True:
                ok, frame = video.read()
                if not ok:
                    break
                frames.append(frame)
            video.release()
        return cls([f for f in frames if f is not None], **kw)

    def read(self) -> np.ndarray | None:
        wait = 1 / self.fps - (time.monotonic() - self.last)
        if wait > 0:
            time.sleep(wait)
        self.last = time.monotonic()
        if self.i >= len(self.frames):
            if not self.loop:
                return None
            self.i = 0
        frame = self.frames[self.i]
        self.i += 1
        return frame


def open_source(spec: str, *, width: int = 1280, height: int = 720) -> FrameSource:
    """'0', '1', … a camera; 'fake:PATH' frames from a folder or video file."""
    if spec.startswith("fake:"):
        return FakeFrameSource.from_path(Path(spec[5:]))
    try:
        index = int(spec)
    except ValueError as exc:
        raise CameraError(translate("scanning", "Unbekannte Kamera „{spec}“").format(spec=spec)) from exc
    return OpenCVCamera(index, width, height)


def available_cameras(limit: int = 4) -> list[int]:
    """Camera indices that open (for the settings)."""
    found = []
    for i in range(limit):
        capture = cv2.VideoCapture(i)
        if capture.isOpened():
            found.append(i)
        capture.release()
    return found


class Deduper:
    """Reports a code once, and again only after REPEAT_S without seeing it."""

    def __init__(self, repeat_s: float = REPEAT_S, clock=time.monotonic):
        self.repeat_s, self.clock, self.seen = repeat_s, clock, {}

    def fresh(self, key: str) -> bool:
        now = self.clock()
        last = self.seen.get(key)
        self.seen[key] = now
        return last is None or now - last >= self.repeat_s


class CaptureLoop:
    """Reads and decodes frames in its own thread. Callbacks run in that thread: the UI must queue them.
    `on_error` gets the message for the associate (a `Message`, or the text of an unexpected error)."""

    def __init__(self, source: FrameSource, *, on_frame: Callable[[np.ndarray, list[DecodeResult]], None],
                 on_code: Callable[[DecodeResult], None], on_error: Callable[[Message | str], None]):
        self.source, self.on_frame, self.on_code, self.on_error = source, on_frame, on_code, on_error
        self.deduper = Deduper()
        self._stop = threading.Event()
        self.thread = threading.Thread(target=self._run, name="tresen-camera", daemon=True)

    def start(self) -> None:
        self.thread.start()

    def stop(self, timeout: float = 2.0) -> None:
        self._stop.set()
        if self.thread.is_alive() and threading.current_thread() is not self.thread:
            self.thread.join(timeout)

    def _run(self) -> None:
        try:
            while not self._stop.is_set():
                frame = self.source.read()
                if frame is None:
                    time.sleep(0.01)
                    continue
                results = decode(frame, budget_ms=25)
                self.on_frame(frame, results)
                for r in results:
                    if self.deduper.fresh(r.gtin or r.text):
                        self.on_code(r)
        except CameraError as exc:
            self.on_error(message_of(exc) or str(exc))
        except Exception as exc:  # a broken driver must not take the counter down
            self.on_error(translate("scanning", "Kamera-Fehler: {error}").format(error=str(exc)))
        finally:
            self.source.close()
