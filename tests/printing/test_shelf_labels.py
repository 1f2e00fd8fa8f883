import re

import numpy as np

from app.printing.shelf_labels import LabelData, draw_label, save_sheet
from app.scanning.decode import decode


def test_label_shows_price_and_base_price_and_its_ean_decodes(tmp_path):
    data = LabelData("Regional Vollmilchschokolade 100 g", 179, "4000000000099", 100, "kg")
    label = draw_label(data)
    results = decode(np.asarray(label))
    assert [(r.symbology, r.gtin) for r in results] == [("EAN13", "04000000000099")]
    label.save(tmp_path / "label.png")


def test_sheet_is_a_pdf_with_a_page_per_24_labels(tmp_path):
    labels = [LabelData(f"Artikel {i}", 100 + i, "4000000000099", 500, "l") for i in range(30)]
    path = save_sheet(labels, tmp_path / "etiketten.pdf")
    data = path.read_bytes()
    assert data.startswith(b"%PDF") and len(re.findall(rb"/Type\s*/Page(?!s)", data)) == 2
