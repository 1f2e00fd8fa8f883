"""The camera at the counter, fed from a fake frame source through the real capture thread."""

import cv2
import numpy as np
from barcode import EAN13
from barcode.writer import ImageWriter
import io

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from tests.conftest import gtin_of
from tests.scanning.test_decode import on_canvas
from tests.ui.conftest import login, screenshot


def frames_of(code: str, folder) -> str:
    buf = io.BytesIO()
    EAN13(code[:12], writer=ImageWriter()).write(buf, options={"module_width": 0.25, "module_height": 12,
                                                               "dpi": 200, "font_size": 6})
    ean = on_canvas(cv2.imdecode(np.frombuffer(buf.getvalue(), np.uint8), cv2.IMREAD_GRAYSCALE))
    blank = np.full_like(ean, 200)
    for i, frame in enumerate([blank, ean, ean, ean, ean, blank]):
        cv2.imwrite(str(folder / f"{i:02d}.png"), frame)
    return f"fake:{folder}"


def test_camera_scan_lands_in_the_cart_once_with_the_code_outlined(make_window, engine, qtbot, tmp_path):
    code = gtin_of(engine, 2)
    folder = tmp_path / "frames"
    folder.mkdir()
    window = make_window(engine)
    window.camera_spec = frames_of(code, folder)
    screen = login(window, qtbot)
    QTest.keyClick(screen.search, Qt.Key_J, Qt.ControlModifier)
    qtbot.waitUntil(lambda: window.camera_dialog is not None and window.camera_dialog.isVisible(), timeout=3000)
    camera = window.camera_dialog
    qtbot.waitUntil(lambda: len(screen.sale.cart.lines) == 1, timeout=5000)
    qtbot.waitUntil(lambda: camera.last_results != [], timeout=3000)
    qtbot.wait(300)  # more frames of the same code: within 1.5 s it is not added again
    assert screen.sale.cart.lines[0].quantity == 1 and "✓" in screen.banner.text()
    assert camera.preview.pixmap() is not None and camera.frames_shown > 3
    screenshot(camera, "camera_1280x800.png", tmp_path)
    camera.close()
    assert camera.loop is None


def test_a_camera_scan_goes_to_the_open_return_dialog(make_window, engine, qtbot, tmp_path):
    window = make_window(engine)
    screen = login(window, qtbot)
    dialog = screen.channels.open_returns()
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is dialog, timeout=10000)

    class Read:
        scan_text = "WEB-424242"
    window.camera_scan(Read())
    assert dialog.order_no.text() == "WEB-424242" and "nicht bekannt" in dialog.status.text()


def test_no_camera_says_so_and_the_counter_carries_on(make_window, engine, qtbot):
    window = make_window(engine)
    window.camera_spec = "7"
    screen = login(window, qtbot)
    camera = window.open_camera()
    qtbot.waitUntil(lambda: "Kamera 7" in camera.status.text() or "Kamera" in camera.status.text(), timeout=3000)
    assert camera.loop is None
    camera.close()
    screen.run_op(lambda: screen.sale.add_product(3))
    assert len(screen.sale.cart.lines) == 1


def test_the_pickup_page_qr_code_opens_the_handout(make_synced_window, backend, qtbot):
    """The QR the customer's phone shows, photographed by the counter's camera: the pickup opens."""
    import re

    import httpx

    from tests.sync.conftest import SHOP_KEY
    from tests.ui.test_pickup import pickup_order, stocked_products
    window, reg = make_synced_window()
    (a,) = stocked_products(reg.replica, 1)
    order = pickup_order(backend, reg, qtbot, window, "WEB-8801", {a: 1})
    page = httpx.get(f"{backend.url}/pickup/{order['id']}", headers={"X-Shop-Key": SHOP_KEY}).text
    svg = re.search(r"<svg.*</svg>", page, re.S).group(0)
    import segno
    qr = segno.make("TRESEN-ORDER:WEB-8801", error="m")
    assert svg.count("<path") == segno.make("TRESEN-ORDER:WEB-8801", error="m").svg_inline().count("<path")
    buf = io.BytesIO()
    qr.save(buf, kind="png", scale=6, border=4)
    frame = on_canvas(cv2.imdecode(np.frombuffer(buf.getvalue(), np.uint8), cv2.IMREAD_GRAYSCALE))
    from app.scanning.decode import decode
    screen = login(window, qtbot)
    window.camera_scan(decode(frame)[0])
    qtbot.waitUntil(lambda: screen.channels.pickup_dialog is not None, timeout=10000)
    assert screen.channels.pickup_dialog.order.order_no == "WEB-8801"
