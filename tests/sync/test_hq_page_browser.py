"""The headquarters page in a real browser (Chromium from Debian's packages, driven by Playwright): it loads behind
its password, shows the figures of a small hand-computed history (tests/sync/test_figures.py), and its charts render
with a bar for every channel that sold."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.sync.conftest import HQ_KEY
from tests.sync.test_figures import make_history
from tests.sync.test_ship_from_store import goods  # noqa: F401 (fixture)

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
playwright = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed (pip install playwright)")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (Debian: apt-get install chromium)")


def eur(cents: int) -> str:
    return f"{cents / 100:,.2f} €".replace(",", "X").replace(".", ",").replace("X", ".")


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_the_headquarters_page_shows_the_figures_and_its_charts(backend, make_register, goods, tmp_path):  # noqa: F811
    _reg, pa, pb = make_history(backend, make_register, goods)
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            with pytest.raises(playwright.Error, match="AUTH"):  # without the password the browser gets nothing
                browser.new_page().goto(f"{backend.url}/hq")
            context = browser.new_context(http_credentials={"username": "zentrale", "password": HQ_KEY},
                                          viewport={"width": 1280, "height": 900})
            page = context.new_page()
            assert page.goto(f"{backend.url}/hq").status == 200
            assert page.title() == "Tresen – Kennzahlen"
            store = page.locator("#store-1001")
            row = store.locator('tr[data-channel="store"]')
            assert row.locator("td.revenue").inner_text() == eur(3 * pa + pb)
            assert row.locator("td.transactions").inner_text() == "2"
            assert store.locator('tr[data-channel="click_collect"] td.revenue').inner_text() == eur(2 * pa)
            assert store.locator('tr[data-channel="ship_from_store"] td.revenue').inner_text() == eur(pb)
            assert "50,0 %" in store.locator('tr[data-channel="click_collect"]').inner_text()  # half came back
            charts = store.locator("svg.chart")
            assert charts.count() == 2
            for i in range(2):  # drawn by the browser: laid out with a size, bars with a width
                box = charts.nth(i).bounding_box()
                assert box is not None and box["width"] > 300 and box["height"] > 50
            widths = [b.bounding_box()["width"] for b in charts.nth(0).locator("rect.bar").all()]
            assert len(widths) == 5 and sum(w > 20 for w in widths) == 3  # store, click & collect, ship from store
            page.screenshot(path=str(Path(os.environ.get("TRESEN_SCREENSHOTS", tmp_path)) / "hq.png"), full_page=True)
            with page.expect_download() as download:
                page.click("text=CSV")
            assert download.value.suggested_filename == "tresen-kennzahlen-30d.csv"
        finally:
            browser.close()
