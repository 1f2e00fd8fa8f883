"""The drawer's day from the sale screen (button "Kasse", Strg+G): cash in and out, the X report, the Z
closing, the DSFinV-K export of the register's closings, and — for a manager — the drawer opened without a
sale (recorded); for a manager or store IT the register's own settings (issue 13). Composed into the sale
screen; it works through the screen's public `run_op`, `sale`, `banner` and `executor` (issue 12)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMenu

from app.core.cash_book import layout_cash_book
from app.core.day_report import as_local, figures_from_dict
from app.printing.escpos_receipt import open_cash_drawer, open_printer
from app.register_config import CashDrawer, RegisterKey
from app.services import audit, register_settings, till
from app.services.auth import AuthError
from app.services.cash_book import cash_book, cash_book_day, drawer_days
from app.services.day_report import x_report_for
from app.services.receipts import load_cash_receipt
from app.ui.dashboard_dialog import DashboardDialog
from app.ui.cash_movement_dialog import CashMovementDialog
from app.ui.close_day_dialog import CloseDayDialog
from app.ui.day_report_dialog import DayReportDialog
from app.ui.dsfinvk_export_dialog import DsfinvkExportDialog
from app.ui.register_settings_dialog import RegisterSettingsDialog
from app.ui.report_pdf import save_report_pdf
from app.ui.texts import describe


class TillActions(QObject):
    def __init__(self, screen, *, printer_spec=lambda: None, pdf_dir=lambda: None):
        super().__init__()  # a QObject for `self.tr`
        self.screen, self.printer_spec, self.pdf_dir = screen, printer_spec, pdf_dir
        self.last_closed = None  # the closed drawer's day, for its cash book
        self.movement_dialog: CashMovementDialog | None = None
        self.report_dialog: DayReportDialog | None = None
        self.close_dialog: CloseDayDialog | None = None
        self.export_dialog: DsfinvkExportDialog | None = None
        self.menu = QMenu(screen)
        self.menu.setObjectName("tillMenu")
        self.menu.addAction(self.tr("Bargeld ein- / auszahlen …"), self.move_cash)
        self.menu.addAction(self.tr("X-Bericht (Marktleitung)"), self.show_x_report)
        self.menu.addAction(self.tr("Tagesabschluss (Z) …"), self.close_day)
        self.cash_book_menu = self.menu.addMenu(self.tr("Kassenbuch (PDF)"))
        self.cash_book_menu.setObjectName("cashBookMenu")
        self.cash_book_menu.aboutToShow.connect(self._list_cash_book_days)
        self.menu.addAction(self.tr("DSFinV-K-Export (Marktleitung) …"), self.export_dsfinvk)
        self.menu.addAction(self.tr("Kennzahlen (Marktleitung) …"), self.show_dashboard)
        self.dashboard_dialog: DashboardDialog | None = None
        self.drawer_action = self.menu.addAction(self.tr("Schublade öffnen (Marktleitung)"), self.open_drawer)
        self.menu.addSeparator()
        self.settings_action = self.menu.addAction(self.tr("Einstellungen (Kasse) …"), self.open_settings)
        self.settings_dialog: RegisterSettingsDialog | None = None

    def _till(self):
        sale = self.screen.sale
        current = till.current_till(sale.ctx, sale.associate) if sale else None
        if sale is not None and current is None:
            self.screen.show_error(self.tr("Die Kasse ist nicht geöffnet."))
        return current

    def show_menu(self) -> None:
        sale = self.screen.sale
        self.drawer_action.setEnabled(bool(sale and sale.associate.is_manager))
        self.settings_action.setEnabled(register_settings.may_edit(sale.associate if sale else None))
        button = self.screen.till_button
        self.menu.popup(button.mapToGlobal(button.rect().topLeft()))

    def move_cash(self) -> CashMovementDialog | None:
        if self._till() is None:
            return None
        self.movement_dialog = CashMovementDialog(self.screen)
        self.movement_dialog.accepted.connect(self._moved)
        self.movement_dialog.open()
        return self.movement_dialog

    def _moved(self) -> None:
        """The drawer opens; the movement's signed receipt is shown (and printed) like a sale's."""
        self._kick()
        movement = self.movement_dialog.movement
        self.screen.receipt_ready.emit(load_cash_receipt(self.screen.sale.ctx, movement_id=movement.id))

    def show_x_report(self) -> DayReportDialog | None:
        current = self._till()
        if current is None:
            return None
        ctx, who = self.screen.sale.ctx, self.screen.sale.associate
        figures = self.screen.run_op(lambda: x_report_for(ctx, who),
                                     retry_with_pin=lambda pin: x_report_for(ctx, who, approver_pin=pin))
        if figures is None:
            return None
        self.report_dialog = DayReportDialog(self.screen, figures, printer_spec=self.printer_spec(),
                                             executor=self.screen.executor, pdf_dir=self.pdf_dir())
        self.report_dialog.open()
        return self.report_dialog

    def show_dashboard(self) -> DashboardDialog | None:
        """The store's figures per channel: for the store's management."""
        sale = self.screen.sale
        if sale is None or not sale.associate.is_manager:
            self.screen.show_error(self.tr("Die Kennzahlen sind für die Marktleitung."))
            return None
        self.dashboard_dialog = DashboardDialog(self.screen, sale.ctx, client=self.screen.backend_client(),
                                                executor=self.screen.executor)
        self.dashboard_dialog.open()
        return self.dashboard_dialog

    def close_day(self) -> CloseDayDialog | None:
        if self._till() is None:
            return None
        self.close_dialog = CloseDayDialog(self.screen)
        self.close_dialog.accepted.connect(self._closed)
        self.close_dialog.open()
        return self.close_dialog

    def _closed(self) -> None:
        closing = self.close_dialog.closing
        self.last_closed = closing
        difference = f"{closing.difference_cents / 100:.2f}".replace(".", ",")
        if closing.z_no is None:  # a drawer per associate, others still open: the Z comes with the last one
            self.screen.banner.show_message(self.tr(
                "Schublade abgerechnet, Differenz {0} €. Den Z-Bon gibt es mit der letzten offenen Schublade."
            ).format(difference), "ok")
        else:
            self.screen.banner.show_message(self.tr("Tag abgeschlossen: Z-Bon {0}, Differenz {1} €.").format(
                closing.z_no, difference), "ok")
        self.report_dialog = DayReportDialog(self.screen, figures_from_dict(closing.figures),
                                             printer_spec=self.printer_spec(), executor=self.screen.executor,
                                             pdf_dir=self.pdf_dir())
        self.report_dialog.finished.connect(lambda _r: self.screen.day_closed.emit())
        self.report_dialog.open()

    def _list_cash_book_days(self) -> None:
        """The drawer's days to choose from: today's, and the closed ones (after a Z the new day is opened at
        once, and yesterday's cash book is still wanted)."""
        self.cash_book_menu.clear()
        sale = self.screen.sale
        for day in drawer_days(sale.ctx, sale.associate) if sale else []:
            opened = as_local(day.opened_at)
            label = (self.tr("Heute, offen seit {0}").format(f"{opened:%H:%M}") if day.closed_at is None
                     else self.tr("{0}, abgeschlossen {1}").format(f"{opened:%d.%m.%Y}",
                                                                    f"{as_local(day.closed_at):%H:%M}"))
            self.cash_book_menu.addAction(label, lambda till_id=day.id: self.save_cash_book(till_id))

    def save_cash_book(self, till_id: str | None = None):
        """The cash book of a drawer's day (`till_id`; default: the open one, else the one just closed) as PDF
        in the receipts folder."""
        sale = self.screen.sale
        if sale is None or self.pdf_dir() is None:
            return None
        ctx = sale.ctx
        if till_id is None and till.current_till(ctx, sale.associate) is None and self.last_closed:
            till_id = self.last_closed.till_id
        found = cash_book_day(ctx, sale.associate, closed_till_id=till_id)
        if found is None:
            self.screen.show_error(self.tr("Kein Kassentag zum Ausdrucken."))
            return None
        day, counted = found
        lines = layout_cash_book(cash_book(ctx, day), store_name=ctx.store.name, register_id=ctx.register_id,
                                 day=as_local(day.opened_at), counted_cents=counted)
        name = f"Kassenbuch-{ctx.register_id}-{as_local(day.opened_at):%Y%m%d}-{day.id[:6]}.pdf"
        try:
            path = save_report_pdf(lines, self.pdf_dir() / name, title=self.tr("Kassenbuch"))
        except OSError as exc:
            self.screen.show_error(self.tr("Kassenbuch nicht gespeichert: {0}").format(exc.strerror or describe(exc)))
            return None
        self.screen.banner.show_message(self.tr("Kassenbuch gespeichert: {0}").format(path), "ok")
        return path

    def export_dsfinvk(self) -> DsfinvkExportDialog | None:
        """This register's closings for a tax auditor; in `DSFinV-K` in the data folder unless chosen otherwise.
        Needs no open drawer: the closings are the past days'."""
        if self.screen.sale is None:
            return None
        pdf_dir = self.pdf_dir()
        folder = pdf_dir.parent / "DSFinV-K" if pdf_dir is not None else Path.home() / "DSFinV-K"
        self.export_dialog = DsfinvkExportDialog(self.screen, folder=folder)
        self.export_dialog.open()
        return self.export_dialog

    def open_drawer(self) -> None:
        sale = self.screen.sale
        if sale is None or not sale.associate.is_manager:
            return
        audit.record(sale.ctx.engine, kind=audit.AuditKind.DRAWER_OPENED, associate_id=sale.associate.associate_id,
                     register_id=sale.ctx.register_id)
        self._kick()

    def open_settings(self) -> RegisterSettingsDialog | None:
        """This register's settings, for a manager or store IT (the service refuses anyone else)."""
        sale, window = self.screen.sale, self.screen.window()
        if sale is None:
            return None
        try:
            self.settings_dialog = RegisterSettingsDialog(
                self.screen, sale.ctx.engine, sale.associate, executor=self.screen.executor,
                config=getattr(window, "config", None), register_id=sale.ctx.register_id)
        except AuthError as exc:
            self.screen.show_error(describe(exc))
            return None
        self.settings_dialog.accepted.connect(self._settings_saved)
        self.settings_dialog.open()
        return self.settings_dialog

    def _settings_saved(self) -> None:
        """The printer and the drawer at once (unless the start fixed them); the rest says it needs a restart."""
        dialog, window = self.settings_dialog, self.screen.window()
        config = getattr(window, "config", None)
        fixed = config.overridden if config is not None else frozenset()
        chosen = dialog.chosen()
        if hasattr(window, "use_printer"):
            window.use_printer(window.printer_spec if RegisterKey.PRINTER in fixed else chosen.printer or None,
                               window.cash_drawer if RegisterKey.CASH_DRAWER in fixed else chosen.cash_drawer)
        if dialog.saved is not None and dialog.saved.restart_needed:
            text = self.tr("Einstellungen gespeichert. Drucker und Schublade gelten sofort, alles andere ab "
                           "dem nächsten Start der Kasse.")
        else:
            text = self.tr("Einstellungen gespeichert.")
        self.screen.banner.show_message(text, "ok")

    def _cash_drawer(self) -> bool:
        """This register's drawer opens by the printer's kick pulse (not when the settings say there is none)."""
        return getattr(self.screen.window(), "cash_drawer", CashDrawer.PRINTER) is CashDrawer.PRINTER

    def _kick(self) -> None:
        spec = self.printer_spec()
        if spec and self._cash_drawer():
            self.screen.executor.submit(lambda _state: open_cash_drawer(open_printer(spec)), lambda _r, _e: None)
