"""The main window: the login screen and the sale screen, and the idle lock."""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QDialog, QMainWindow, QStackedWidget

from app.core.money import format_eur
from app.core.day_report import as_local
from app.register_config import CashDrawer, Language, RegisterConfig
from app.services import card_refunds, day_closing, master_data, till
from app.services.context import LocalSettings, RegisterContext
from app.services.associates import new_pin_due
from app.services.language import associate_language, remember_associate_language
from app.services.return_sources import shown_label
from app.services.sale_session import SaleSession
from app.ui.background import NetworkExecutor, on_gui_thread
from app.ui.conflict_inbox import ConflictInbox
from app.ui.login_screen import LoginScreen
from app.ui.notification_bell import NotificationBell
from app.ui.notifications_dialog import NotificationsDialog
from app.ui.open_till_dialog import OpenTillDialog
from app.ui.pin_change_dialog import PinChangeDialog
from app.ui.receipt_dialog import ReceiptDialog
from app.ui.sale_screen import SaleScreen
from app.ui.scan_router import ScanRouter
from app.ui.sync_status import SyncBridge
from app.ui.tse_status import TseBridge, TseDialog
from app.ui.i18n import install_language
from app.ui.texts import describe
from app.ui.wedge_filter import WedgeFilter

log = logging.getLogger(__name__)
_ACTIVITY = (QEvent.KeyPress, QEvent.MouseButtonPress, QEvent.TouchBegin, QEvent.Wheel)


class _ActivityWatcher(QObject):
    """Input anywhere restarts the idle lock; a dialog window closing gives the keyboard back."""

    def __init__(self, on_activity, on_dialog_closed, parent=None):
        super().__init__(parent)
        self._on_activity, self._on_dialog_closed = on_activity, on_dialog_closed

    def eventFilter(self, obj, event) -> bool:  # noqa: N802
        if event.type() in _ACTIVITY:
            self._on_activity()
        elif event.type() == QEvent.Hide and isinstance(obj, QDialog) and obj.parentWidget() is not None \
                and obj.parentWidget().window() is self.parent():
            QTimer.singleShot(0, self._on_dialog_closed)  # once the dialog is gone (or the next one is open)
        return False


class MainWindow(QMainWindow):
    def __init__(self, ctx: RegisterContext, *, printer_spec: str | None, pdf_dir: Path, sync=None,
                 camera: str | None = None, config: RegisterConfig | None = None):
        """`sync` is a SyncRuntime (or None: this register does not sync); `camera` a camera spec
        ('0', 'fake:PATH'), or None to offer the cameras that open; `config` what the register was built from
        (app/composition.py; the settings screen shows it)."""
        super().__init__()
        self.config = config
        self.cash_drawer = config.cash_drawer if config is not None else CashDrawer.PRINTER
        self.camera_spec = camera
        self.camera_dialog = None  # a CameraDialog once opened (OpenCV is loaded only then)
        self.sync = sync
        self.sync_bridge = SyncBridge(self)
        self.ctx, self.printer_spec, self.pdf_dir = ctx, printer_spec, pdf_dir
        self.executor = NetworkExecutor()
        self.stack = QStackedWidget(self)
        self.setCentralWidget(self.stack)
        self.register_language = config.language if config is not None else Language.GERMAN
        self.language = self.register_language
        self.receipt_dialog: ReceiptDialog | None = None
        self.notifications_dialog: NotificationsDialog | None = None
        self.conflict_inbox: ConflictInbox | None = None
        self.pin_change: PinChangeDialog | None = None
        self.open_till: OpenTillDialog | None = None
        self.tse_dialog: TseDialog | None = None
        self.last_sync_status = None
        self.chosen_language = False  # the associate at the login chose the language there
        self.sync_bridge.status.connect(self._after_sync)
        self.tse_bridge = TseBridge(self)
        ctx.signing.listeners.append(self.tse_bridge.publish)
        self.tse_bridge.changed.connect(self._tse_changed)
        self._build_screens()
        QShortcut(QKeySequence("Ctrl+M"), self, activated=self.show_notifications)
        self.wedge = WedgeFilter(lambda: self.scans.takes_scans(), parent=self)
        self.wedge.scanned.connect(lambda text: self.scans.route(text))  # the router of the screens built last
        QApplication.instance().installEventFilter(self.wedge)
        QShortcut(QKeySequence("Ctrl+J"), self, activated=self.open_camera, context=Qt.ApplicationShortcut)
        self.idle = QTimer(self, singleShot=True, timeout=lambda: self.lock(self.tr(
            "Nach {0} s ohne Eingabe gesperrt.").format(ctx.settings.idle_lock_s)))
        self.idle.setInterval(ctx.settings.idle_lock_s * 1000)
        self._watcher = _ActivityWatcher(self._activity, self.restore_focus, self)
        QApplication.instance().installEventFilter(self._watcher)

    def _build_screens(self) -> None:
        """The login and the sale screen (with the bell) in the current language: built at the start and again
        when the language changes (only at the login, with no sale on the screen)."""
        ctx, sync = self.ctx, self.sync
        self.setWindowTitle(self.tr("Tresen – {0} – Kasse {1}").format(ctx.store.name, ctx.register_id))
        self.login = LoginScreen(ctx.auth, self.tr("{0}\nKasse {1}").format(ctx.store.name, ctx.register_id), self,
                                 language=self.language)
        self.sale_screen = SaleScreen(self.executor, self,
                                      backend_client=lambda: self.sync.client if self.sync else None)
        self.stack.addWidget(self.login)
        self.stack.addWidget(self.sale_screen)
        self.login.logged_in.connect(self.start_session)
        self.login.language_chosen.connect(self._language_chosen)
        self.sale_screen.lock_requested.connect(lambda: self.lock(self.tr("Kasse gesperrt.")))
        self.sale_screen.receipt_ready.connect(self.show_receipt)
        self.sale_screen.return_receipt_ready.connect(self.show_receipt)
        self.sale_screen.return_receipt_ready.connect(lambda _r: self.sync and self.sync.wake())
        self.sync_bridge.status.connect(self.sale_screen.sync_indicator.update_status)
        self.sync_bridge.demo_history.connect(self.sale_screen.sync_indicator.show_demo_history)
        self.sale_screen.sync_indicator.open_inbox.connect(self.show_conflicts)
        self.bell = NotificationBell(ctx, self.sale_screen.sounds, self.sale_screen.sync_indicator)
        self.sale_screen.sync_indicator.layout().addWidget(self.bell)
        self.bell.clicked.connect(self.show_notifications)
        self.sale_screen.receipt_ready.connect(lambda _r: self.sync and self.sync.wake())
        self.sale_screen.day_closed.connect(lambda: self.lock(self.tr(
            "Tag abgeschlossen. Zum Weiterverkaufen anmelden und die Kasse neu öffnen.")))
        if sync is None:
            self.sale_screen.sync_indicator.set_unconfigured()
        elif self.last_sync_status is not None:
            self.sale_screen.sync_indicator.update_status(self.last_sync_status)
        self.sale_screen.tse_indicator.clicked.connect(self.show_tse)
        self.scans = ScanRouter(self.sale_screen)

    def _language_chosen(self, value: str) -> None:
        self.chosen_language = self.switch_language(Language(value)) or self.chosen_language

    def switch_language(self, language: Language) -> bool:
        """The screens in `language` from now on; only at the login (the login and sale screens are built
        anew, and the sale screen holds no sale there). False when nothing changed."""
        if language is self.language or self.stack.currentWidget() is not self.login:
            return False
        install_language(QApplication.instance(), language)
        self.language = language
        chosen = self.login.group.checkedId()
        old = (self.login, self.sale_screen)
        self._build_screens()
        self.stack.setCurrentWidget(self.login)
        for widget in old:
            self.stack.removeWidget(widget)
            widget.deleteLater()
        if chosen in self.login.buttons:
            self.login.select(chosen)
        self.login.pad.field.setFocus()
        return True

    def open_camera(self):
        if self.camera_dialog is None:
            from app.ui.camera_view import CameraDialog  # OpenCV and the decoders: not at start-up

            self.camera_dialog = CameraDialog(self, sources=[self.camera_spec] if self.camera_spec else None,
                                              settings=LocalSettings(self.ctx.engine))
            self.camera_dialog.scanned.connect(self.camera_scan)
        self.camera_dialog.show()
        self.camera_dialog.raise_()
        if self.camera_dialog.loop is None and self.camera_dialog.start_button.isEnabled():
            self.camera_dialog.start()
        return self.camera_dialog

    def camera_scan(self, result) -> None:
        """A code the camera read: the same path as a wedge scan, to whatever screen has the scan."""
        if self.stack.currentWidget() is self.sale_screen:
            self.scans.route(result.scan_text)

    def restore_focus(self) -> None:
        """After a dialog: this window active again and the keyboard where the associate expects it.

        Without a window manager (a counter PC in kiosk mode) nobody else re-activates the
        window, and the F-keys would stay dead until a mouse click.
        """
        if QApplication.activeModalWidget() is not None or not self.isVisible():
            return  # another dialog is still open (or just opened)
        if QApplication.activeWindow() not in (None, self):
            return  # the associate is in another window of ours (the camera preview)
        self.activateWindow()
        if self.stack.currentWidget() is self.sale_screen and self.sale_screen.sale is not None:
            self.sale_screen.focus_search()
        elif self.stack.currentWidget() is self.login:
            self.login.pad.field.setFocus()

    def _activity(self) -> None:
        if self.stack.currentWidget() is self.sale_screen:
            self.idle.start()

    def start_session(self, associate) -> None:
        if self.chosen_language:  # chosen at this login: theirs from now on, on this register
            remember_associate_language(self.ctx.engine, associate_id=associate.associate_id, language=self.language)
        else:
            self.switch_language(associate_language(self.ctx.engine, associate_id=associate.associate_id)
                                 or self.language)
        digits = new_pin_due(self.ctx, associate)
        if digits is not None:  # a PIN shorter than the rule: a new one first, or back to the login
            self.pin_change = PinChangeDialog(self, self.ctx, associate, digits)
            self.pin_change.accepted.connect(lambda: self.start_session(replace(associate, pin_length=None,
                                                                                        pin_change_due=False)))
            self.pin_change.rejected.connect(lambda: self.login.reset(self.tr("Abgemeldet: neue PIN nicht gesetzt.")))
            self.pin_change.open()
            return
        try:
            sale = SaleSession(self.ctx, associate)
        except Exception as exc:  # a damaged cart document must not keep anyone from selling
            self.login.reset(self.tr("Anmeldung nicht möglich: {0}").format(describe(exc)))
            return
        # The counter sells only with an open drawer; a trainee's training receipts move no money and need none.
        if not associate.is_trainee and till.current_till(self.ctx, associate) is None:
            self.open_till = OpenTillDialog(self, self.ctx, associate)
            self.open_till.accepted.connect(lambda: self._sell(sale))
            self.open_till.rejected.connect(lambda: self.login.reset(self.tr(
                "Abgemeldet: ohne geöffnete Kasse wird nicht verkauft.")))
            self.open_till.open()
            return
        self._sell(sale)

    def _sell(self, sale) -> None:
        self.sale_screen.set_session(sale)
        self.stack.setCurrentWidget(self.sale_screen)
        self.sale_screen.focus_search()
        self.idle.start()
        self.recover_card_refunds()
        earlier = day_closing.unclosed_day(self.ctx, sale.associate)
        if earlier is not None:  # the day before was never closed: say so at once
            self.sale_screen.banner.show_message(self.tr(
                "Der Tag vom {0} ist noch nicht abgeschlossen – bitte zuerst den Tagesabschluss machen "
                "(Kasse, Strg+G).").format(as_local(earlier.opened_at).strftime("%d.%m.%Y")), "error")

    def recover_card_refunds(self) -> None:
        """Card refunds left unclear (a timeout, or the register died after the terminal paid out): ask the
        terminal, record what it paid out, say what is still open."""
        terminal = self.ctx.terminal
        for attempt in card_refunds.pending_refunds(self.ctx):
            def answered(result, exc, attempt=attempt):
                try:
                    outcome, record = ("unknown", None) if exc is not None else card_refunds.apply_lookup(
                        self.ctx, attempt, result)
                except Exception:  # noqa: BLE001 - e.g. a locked database: the row stays pending, asked again later
                    log.exception("card refund recovery")
                    outcome, record = "unknown", None
                banner = self.sale_screen.banner
                if record is not None:
                    banner.show_message(self.tr("Kartengutschrift {0} für {1} nachgebucht (Rückgabe {2}).").format(
                        format_eur(attempt.amount_cents), describe(shown_label(attempt.source_label)),
                        record.data["receipt_no"]), "warn")
                elif outcome == "unknown":
                    banner.show_message(self.tr("Kartengutschrift {0} für {1} ungeklärt – Terminal nicht erreichbar. "
                                                "Rückgabe öffnen (F10) und später das Terminal fragen.").format(
                        format_eur(attempt.amount_cents), describe(shown_label(attempt.source_label))), "error")
            self.executor.submit(lambda _s, ref=attempt.reference: terminal.lookup_refund(reference=ref), answered)

    def lock(self, message: str = "") -> None:
        """Lock the register. The open cart is already saved and comes back at the next login."""
        modal = QApplication.activeModalWidget()
        if modal is not None and modal.property("closeOnLock"):
            modal.reject()  # customer data is never left on an unattended screen
        elif modal is not None:
            self.idle.start()  # never lock in the middle of a payment
            return
        self.wedge.flush()
        self.idle.stop()
        self.sale_screen.set_session(None)
        self.stack.setCurrentWidget(self.login)
        self.chosen_language = False
        self.switch_language(self.register_language)  # the next associate's login in the register's language
        self.login.reset(message)

    def show_receipt(self, receipt) -> ReceiptDialog:
        self.receipt_dialog = ReceiptDialog(self, receipt, printer_spec=self.printer_spec, pdf_dir=self.pdf_dir,
                                            executor=self.executor, auto_print=self.ctx.settings.auto_print,
                                            open_drawer=self.cash_drawer is CashDrawer.PRINTER)
        self.receipt_dialog.finished.connect(lambda _r: self.sale_screen.focus_search())
        self.receipt_dialog.print_failed.connect(lambda text: self.sale_screen.banner.show_message(text, "error"))
        self.receipt_dialog.open()
        return self.receipt_dialog

    def use_printer(self, spec: str | None, drawer: CashDrawer) -> None:
        """The receipt printer and the drawer changed in the settings: the next print uses them."""
        self.printer_spec, self.cash_drawer = spec or None, drawer

    def _tse_changed(self) -> None:
        self.sale_screen.refresh_tse()
        if self.tse_dialog is not None and self.tse_dialog.isVisible():
            self.tse_dialog.refresh()

    def show_tse(self) -> TseDialog:
        """The TSE's state and its outages; the training mode is switched here (a manager approves)."""
        sale = self.sale_screen.sale
        signing = self.ctx.signing

        def check_now(on_done) -> None:
            self.executor.submit(lambda _state: signing.probe(), on_done)

        def toggle_training(on: bool) -> bool:
            done = self.sale_screen.run_op(lambda: sale.set_training(on), retry_with_pin=lambda pin: sale.set_training(
                on, approver_pin=pin))
            self.sale_screen.refresh_tse()
            return done is not None

        self.tse_dialog = TseDialog(self, signing, check_now=check_now,
                                    toggle_training=toggle_training if sale is not None else None,
                                    training=bool(sale and sale.training))
        self.tse_dialog.open()
        return self.tse_dialog

    def _after_sync(self, status) -> None:
        self.last_sync_status = status  # for screens built after a change of language
        if status.online:
            self.sale_screen.check_prices()
            try:  # the store's name, address or VAT id may have changed at the backend
                master_data.record_if_changed(self.ctx.engine, register_id=self.ctx.register_id,
                                              store_id=self.ctx.store.id, tse=self.ctx.signing.info())
            except Exception:  # noqa: BLE001 - a busy database: checked again after the next round
                log.exception("recording the master data")
        if self.stack.currentWidget() is self.login:
            self.login.refresh()  # an associate the backend added or deactivated
        if self.conflict_inbox is not None and self.conflict_inbox.isVisible():
            self.conflict_inbox.refresh()  # what a round brought, e.g. an acknowledgement the feed showed late
        self.bell.refresh()
        if self.notifications_dialog is not None and self.notifications_dialog.isVisible():
            self.notifications_dialog.refresh()

    def show_notifications(self) -> NotificationsDialog:
        sale = self.sale_screen.sale if self.stack.currentWidget() is self.sale_screen else None
        self.notifications_dialog = NotificationsDialog(self, self.ctx, associate=sale.associate if sale else None)
        self.notifications_dialog.open_order.connect(self._open_pickup_order)
        self.notifications_dialog.finished.connect(lambda _r: self.bell.refresh())
        self.notifications_dialog.open()
        return self.notifications_dialog

    def _open_pickup_order(self, order_no: str) -> None:
        if self.stack.currentWidget() is not self.sale_screen or self.sale_screen.sale is None:
            return
        self.notifications_dialog.accept()
        dialog = self.sale_screen.channels.open_pickup()
        if dialog is not None:
            dialog.open_order(order_no)

    def show_conflicts(self) -> ConflictInbox:
        sale = self.sale_screen.sale
        self.conflict_inbox = ConflictInbox(self, self.ctx.engine, acknowledge=self._acknowledge,
                                            is_manager=bool(sale and sale.associate.is_manager))
        self.conflict_inbox.open()
        return self.conflict_inbox

    def _acknowledge(self, conflict_id: int, resolution: str, on_done) -> None:
        """Sent by the sync worker, its one path to the backend: the round after it brings the new
        state into the replica, push before pull (a pull of its own could count a movement twice)."""
        worker = self.sync.worker if self.sync else None
        if worker is None:
            on_done(None, RuntimeError(self.tr("keine Verbindung zur Zentrale")))
            return
        worker.submit(lambda client: client.acknowledge_conflict(conflict_id, resolution), on_gui_thread(on_done))

    def closeEvent(self, event) -> None:  # noqa: N802
        if self.tse_bridge.publish in self.ctx.signing.listeners:
            self.ctx.signing.listeners.remove(self.tse_bridge.publish)
        if self.camera_dialog is not None:
            self.camera_dialog.stop()
        self.executor.wait(3000)
        if self.sync is not None:
            self.sync.stop()
        super().closeEvent(event)
