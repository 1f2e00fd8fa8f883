"""Every screen grabbed at 1280×800 and 1920×1080; checked for fit and touch-target size.

Set TRESEN_SCREENSHOTS=DIR to keep the PNGs for a look by eye.
"""

import os
from pathlib import Path

import pytest
from PySide6.QtWidgets import QPushButton

from tests.conftest import gtin_of
from tests.ui.test_sale_screen import wedge_scan


def shot_dir(tmp_path) -> Path:
    d = Path(os.environ.get("TRESEN_SCREENSHOTS", tmp_path))
    d.mkdir(parents=True, exist_ok=True)
    return d


def check_touch_targets(widget):
    small = [b.text() for b in widget.findChildren(QPushButton) if b.isVisible() and b.height() < 48]
    assert small == []
    outside = [b.text() for b in widget.findChildren(QPushButton) if b.isVisible() and not
               widget.rect().contains(b.mapTo(widget, b.rect().bottomRight()))]
    assert outside == []


@pytest.mark.parametrize("size", [(1280, 800), (1920, 1080)])
def test_screens(make_window, engine, qtbot, tmp_path, size):
    out = shot_dir(tmp_path)
    w = make_window(engine, size=size)
    tag = f"{size[0]}x{size[1]}"
    w.login.select(1)
    assert w.grab().save(str(out / f"login_{tag}.png"))
    check_touch_targets(w)
    w.login.try_login("1234")
    for pid in (2, 3, 3, 7, 9, 10, 11, 13):
        wedge_scan(w.sale_screen.search, gtin_of(engine, pid))
    w.sale_screen.search.setText("schoko")
    w.sale_screen.run_search()
    assert w.grab().save(str(out / f"sale_{tag}.png"))
    check_touch_targets(w)
    assert w.sale_screen.total.isVisible() and w.sale_screen.pay_button.isVisible()
    dialog = w.sale_screen.open_payment()
    qtbot.waitUntil(dialog.isVisible, timeout=10000)
    assert dialog.grab().save(str(out / f"payment_{tag}.png"))
    check_touch_targets(dialog)
    dialog.pay_exact()
    qtbot.waitUntil(lambda: w.receipt_dialog is not None, timeout=10000)
    assert w.receipt_dialog.grab().save(str(out / f"receipt_{tag}.png"))
    check_touch_targets(w.receipt_dialog)
