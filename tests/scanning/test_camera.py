"""The capture loop and the 1.5 s rule, Qt-free, fed by generated frames."""

import time

import numpy as np

from app.scanning.camera import CameraError, CaptureLoop, Deduper, FakeFrameSource, open_source
from tests.scanning.test_decode import CODES, on_canvas


def test_the_same_code_is_reported_once_per_one_and_a_half_seconds():
    now = [0.0]
    d = Deduper(clock=lambda: now[0])
    assert d.fresh("A")
    now[0] = 1.0
    assert not d.fresh("A") and d.fresh("B")
    now[0] = 2.6
    assert d.fresh("A")


def test_capture_loop_decodes_in_its_thread_and_reports_each_code_once():
    ean = on_canvas(CODES["EAN13"][0]())
    blank = np.full_like(ean, 200)
    frames, codes, errors = [], [], []
    loop = CaptureLoop(FakeFrameSource([blank, ean, ean, ean, blank], fps=60),
                       on_frame=lambda f, r: frames.append(r), on_code=codes.append, on_error=errors.append)
    loop.start()
    deadline = time.monotonic() + 5
    while len(frames) < 15 and time.monotonic() < deadline:
        time.sleep(0.02)
    loop.stop()
    assert [c.gtin for c in codes] == ["04006381333931"] and not errors
    assert any(r for r in frames) and any(not r for r in frames)


def test_no_camera_is_a_clear_message():
    try:
        open_source("7")
    except CameraError as exc:
        assert "Kamera 7" in str(exc)
    else:  # a machine with eight cameras: nothing to check here
        pass
    try:
        open_source("webcam")
    except CameraError as exc:
        assert "Unbekannte Kamera" in str(exc)


def test_a_camera_that_goes_away_reports_and_stops():
    class Unplugged(FakeFrameSource):
        def read(self):
            raise CameraError("Die Kamera liefert keine Bilder mehr (abgezogen?)")

    errors = []
    loop = CaptureLoop(Unplugged([np.zeros((10, 10, 3), np.uint8)]), on_frame=lambda *a: None,
                       on_code=lambda r: None, on_error=errors.append)
    loop.start()
    loop.thread.join(2)
    assert errors == ["Die Kamera liefert keine Bilder mehr (abgezogen?)"] and not loop.thread.is_alive()
