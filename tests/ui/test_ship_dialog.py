"""Ship from store at the register (issue 15 §2): a web order for delivery arrives, the associate picks it by
scanning with the wedge scanner (a wrong item refused), reports a missing line, packs it (the label PDF is written,
its barcode readable), and hands the parcel over by scanning the label; the shop sees it handed over."""

from __future__ import annotations

import subprocess
import shutil

import numpy as np
import pytest
from PySide6.QtWidgets import QApplication

from app.printing.shipping_label import LabelData, draw_label
from app.scanning.decode import decode
from sync.protocol import MissingReason
from tests.sync.test_ship_from_store import goods, shop_shipments, web_order  # noqa: F401 (fixture)
from tests.ui.conftest import login, screenshot
from tests.ui.test_sale_screen import wedge_scan


def test_pick_pack_and_hand_over(synced_window, backend, goods, qtbot, tmp_path):  # noqa: F811
    (p, gtin), (other, other_gtin) = goods
    window, _reg = synced_window
    screen = login(window, qtbot)
    order = web_order(backend, "WEB-UI-1", {p: 2, other: 1}, "Invalidenstraße 1, 10115 Berlin")
    qtbot.waitUntil(lambda: window.bell.count >= 1, timeout=30000)
    dialog = screen.channels.open_shipping()
    qtbot.waitUntil(dialog.isVisible)
    qtbot.waitUntil(lambda: dialog.refresh() or dialog.picking is not None, timeout=30000)
    assert dialog.picking.shipment.order_no == "WEB-UI-1" and not dialog.pack_button.isEnabled()
    assert "Invalidenstraße 1" in dialog.info.text()

    wedge_scan(dialog.scan_field, "4006381333931")  # not in the shipment (or not in the catalog)
    assert dialog.status.property("kind") == "error"
    wedge_scan(dialog.scan_field, gtin)
    wedge_scan(dialog.scan_field, gtin)
    assert dialog.lines.item(0, 2).text() == "2" and "vollständig" in dialog.status.text()
    wedge_scan(dialog.scan_field, gtin)
    assert "schon gescannt" in dialog.status.text()
    other_row = next(r for r, l in enumerate(dialog.picking.shipment.lines) if l.product_id == other)
    dialog.lines.selectRow(other_row)
    dialog.report_missing(MissingReason.DAMAGED)
    assert "beschädigt" in dialog.lines.item(other_row, 3).text() and dialog.pack_button.isEnabled()
    screenshot(dialog, "ship-picking.png", tmp_path)
    dialog.pack_button.click()
    assert dialog.last_label is not None and dialog.last_label.exists() and "gepackt" in dialog.status.text()
    parcel = dialog.last_label.stem.removeprefix("label-")
    if shutil.which("gs"):  # the PDF as a printer would print it (Ghostscript, as CI installs): its barcode reads back
        subprocess.run(["gs", "-q", "-sDEVICE=pnggray", "-r203", "-o", str(tmp_path / "label.png"),
                        str(dialog.last_label)], check=True)
        from PIL import Image
        assert decode(np.asarray(Image.open(tmp_path / "label.png").convert("L")))[0].text == f"00{parcel}"
    screenshot(dialog, "ship-packed.png", tmp_path)
    label_file = dialog.last_label
    label_file.unlink()  # lost (or the printer jammed): made again
    assert dialog.reprint_button.isEnabled()
    dialog.reprint_button.click()
    assert label_file.exists() and "erneut" in dialog.status.text()

    label = draw_label(LabelData(("Markt",), "Max Kunde", "x", "WEB-UI-1", parcel, 2))
    wedge_scan(dialog.scan_field, decode(np.asarray(label))[0].text)  # the carrier is here
    assert "übergeben" in dialog.status.text() and dialog.items == []
    assert not label_file.exists()  # the label holds the customer's address: gone with the parcel
    qtbot.waitUntil(lambda: shop_shipments(backend, order["id"])[0]["status"] == "handed_over", timeout=30000)
    parts = shop_shipments(backend, order["id"])
    assert len(parts) == 2 and parts[1]["location_id"] != "1001"  # the damaged piece ships from elsewhere
    dialog.reject()


def test_a_trainee_cannot_open_shipping_in_training_mode(window, qtbot):
    screen = login(window, qtbot)
    screen.sale.training = True
    try:
        assert screen.channels.open_shipping() is None
    finally:
        screen.sale.training = False
    QApplication.processEvents()
