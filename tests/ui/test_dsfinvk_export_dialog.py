"""The DSFinV-K export from the *Kasse* menu (issue 12, §3): the last 30 days into `DSFinV-K` in the data
folder; an associate is asked for a manager's PIN; the files are written and the result said in German;
a folder that cannot be written is a message, never a traceback."""

from datetime import timedelta

from PySide6.QtCore import Qt

from app.services.day_closing import close_day
from app.services.prices import store_day
from app.services.auth import AssociateSession, Role
from app.services.till import current_till, expected_cash, open_till
from app.ui.dsfinvk_export_dialog import export_folder_name
from sync.dsfinvk.rows import FILES
from sync.dsfinvk.spec import SPEC_FILES
from tests.dsfinvk_day import count_of, read, validate
from tests.ui.conftest import answer_approval as answer, login, pay_exact, screenshot, type_pin


MANAGER = AssociateSession(3, "Jonas Weber", Role.MANAGER)




def sell_and_close(window, qtbot) -> None:
    """A sale, then the day closed (the drawer counted as expected)."""
    screen = window.sale_screen
    screen.run_op(lambda: screen.sale.add_product(2))
    pay_exact(window, qtbot)
    ctx, who = screen.sale.ctx, screen.sale.associate
    close_day(ctx, who, counted=count_of(expected_cash(ctx, current_till(ctx, who))))


def open_export(window):
    actions = window.sale_screen.till_actions
    assert "DSFinV-K-Export (Marktleitung) …" in [a.text() for a in actions.menu.actions()]
    return actions.export_dsfinvk()


def test_an_associate_exports_with_the_managers_pin(make_window, engine, qtbot, tmp_path):
    window = make_window(engine)
    login(window, qtbot, 1, "1234")  # Lena, an associate
    sell_and_close(window, qtbot)
    dialog = open_export(window)
    today = store_day()  # the store's day (Berlin): on a UTC clock past 23:00 it is already tomorrow
    today = store_day()  # the store's day (Berlin), also when the PC's clock is on UTC and already past midnight there
    assert (dialog.date_from.date().toPython(), dialog.date_to.date().toPython()) == (today - timedelta(days=29), today)
    assert dialog.folder.text() == str(tmp_path / "DSFinV-K")  # beside the receipts' PDFs in the data folder
    seen = []
    answer(type_pin("987654"), seen)
    qtbot.mouseClick(dialog.export_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=10_000)
    assert len(seen) == 1  # the manager's PIN, asked once
    out = tmp_path / "DSFinV-K" / export_folder_name("1001-01", today - timedelta(days=29), today)
    assert dialog.report.out_dir == out and dialog.report.problems == []
    assert sorted(p.name for p in out.iterdir()) == sorted((*FILES, *SPEC_FILES))
    assert validate(out) == [] and len(read(out)["transactions.csv"]) == 2  # the float and the sale
    assert dialog.status.text() == f"1 Abschluss, 2 Bons exportiert nach {out}"
    assert dialog.status.property("kind") == "ok" and not dialog.findings.isVisible()
    screenshot(dialog, "dsfinvk-export.png", tmp_path)


def test_findings_a_wrong_pin_or_a_folder_that_cannot_be_written_are_said_not_shown(make_window, engine, qtbot,
                                                                                     tmp_path):
    window = make_window(engine)
    login(window, qtbot, 3, "987654")  # Jonas, the manager: no PIN asked
    sell_and_close(window, qtbot)
    dialog = open_export(window)
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the folder should be")
    dialog.folder.setText(str(blocked))
    dialog.export()
    qtbot.waitUntil(lambda: "Nicht exportiert" in dialog.status.text(), timeout=10_000)
    assert dialog.status.text() == f"Nicht exportiert nach {blocked}: ein Teil des Pfads ist eine Datei, kein Ordner."
    assert dialog.status.property("kind") == "error" and dialog.export_button.isEnabled()
    screenshot(dialog, "dsfinvk-export-error.png", tmp_path)

    last = dialog.date_from.date()
    dialog.date_from.setDate(dialog.date_to.date().addDays(1))
    dialog.export()
    assert "Bis-Datum liegt vor dem Von-Datum" in dialog.status.text()
    dialog.date_from.setDate(last)

    ctx = window.sale_screen.sale.ctx
    open_till(ctx, MANAGER, float_count=count_of(5_000))  # the next day began: its float, no closing yet
    dialog.folder.setText(str(tmp_path / "exports"))
    dialog.export()
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=10_000)
    assert dialog.status.text().startswith("1 Abschluss, 2 Bons exportiert nach")
    assert "1 Hinweis – bitte prüfen" in dialog.status.text() and dialog.status.property("kind") == "warn"
    assert dialog.findings.isVisible() and "ohne Abschluss" in dialog.findings.toPlainText()
    screenshot(dialog, "dsfinvk-export-findings.png", tmp_path)
    dialog.reject()

    window.lock()
    login(window, qtbot, 1, "1234")  # Lena, an associate
    dialog = open_export(window)
    seen = []
    answer(type_pin("1234"), seen)  # Lena's own PIN is no manager's
    dialog.export()
    qtbot.waitUntil(lambda: "Marktleiter-PIN" in dialog.status.text(), timeout=10_000)
    assert len(seen) == 1 and dialog.report is None and not (tmp_path / "DSFinV-K").exists()
