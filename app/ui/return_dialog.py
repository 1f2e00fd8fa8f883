"""Returns (F10): an online order or a store sale; pick what comes back, refund, print the return receipt.

Find the purchase by scanning the receipt barcode or the order / packing-slip
code, by the customer's e-mail, or by the day and amount of a store sale.
Works offline against the orders collected in this store and this register's
own sales; other registers' sales, every other order and any search by e-mail
are asked from the backend on the network executor.
"""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDateEdit, QDialog, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QListWidget,
    QListWidgetItem, QPushButton, QSpinBox, QTableWidget, QTableWidgetItem, QVBoxLayout,
)

from app.core.money import format_eur, parse_eur
from app.scanning.codes import classify
from app.services import return_sources, returns
from app.services.auth import AuthError
from app.services.receipts import load_return_receipt
from app.ui import prompts
from app.ui.card_refund_flow import CardRefundFlow
from app.ui.feedback import show_status
from app.ui.texts import describe


class ReturnDialog(QDialog):
    SCAN_KINDS = ("receipt", "order")  # app.ui.scan_router: other codes are refused, nothing changes
    receipt_ready = Signal(object)  # the return receipt

    def __init__(self, parent, sale_session, executor=None, client=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Rückgabe"))
        self.setObjectName("returnDialog")
        self.resize(1100, 720)
        self.sale, self.executor, self.client = sale_session, executor, client
        self.source: return_sources.ReturnSource | None = None
        self.record = None
        self.spins: list[tuple[int, QSpinBox]] = []
        self.order_no = QLineEdit(self)
        self.order_no.setObjectName("orderField")
        self.order_no.setPlaceholderText(self.tr("Bon-Barcode, Bestellnummer oder E-Mail der Bestellung"))
        self.order_no.returnPressed.connect(self.find)
        find = QPushButton(self.tr("Suchen"), self)
        find.clicked.connect(self.find)
        self.day = QDateEdit(QDate.currentDate(), self)
        self.day.setMinimumWidth(160)
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("dd.MM.yyyy")
        self.amount = QLineEdit(self)
        self.amount.setPlaceholderText(self.tr("Bonsumme, z. B. 12,34"))
        self.amount.returnPressed.connect(self.search_sales)
        by_day = QPushButton(self.tr("Bon nach Tag und Summe"), self)
        by_day.clicked.connect(self.search_sales)
        self.matches = QListWidget(self)
        self.matches.setMaximumHeight(110)
        self.matches.itemActivated.connect(lambda item: self.show_source(item.data(Qt.UserRole)))
        self.matches.itemClicked.connect(lambda item: self.show_source(item.data(Qt.UserRole)))
        self.matches.hide()
        self.info = QLabel("", self)
        self.table = QTableWidget(0, 4, self)
        self.table.setHorizontalHeaderLabels([self.tr("Artikel"), self.tr("Gekauft"), self.tr("Rückgabefähig"),
                                              self.tr("Zurück")])
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.Stretch)
        for col in (1, 2):
            header.setSectionResizeMode(col, QHeaderView.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.Fixed)
        header.resizeSection(3, 150)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(52)
        self.reason = QComboBox(self)
        self.reason.setMinimumWidth(220)
        for key, label in returns.REASONS.items():
            self.reason.addItem(describe(label), key)
        self.reason.setCurrentIndex(-1)
        self.reason.setPlaceholderText(self.tr("Grund wählen"))
        self.resellable = QCheckBox(self.tr("Ware wieder verkaufbar (zurück in den Bestand)"), self)
        self.resellable.setChecked(True)
        self.reason.currentIndexChanged.connect(self._condition_from_reason)
        self._shown = False
        self.method = QComboBox(self)
        self.method.setMinimumWidth(240)
        self.total = QLabel(self)
        self.total.setObjectName("totalLabel")
        self.status = QLabel("", self)
        self.status.setObjectName("paymentStatus")
        self.status.setWordWrap(True)
        self.refund_button = QPushButton(self.tr("Erstatten"), self)
        self.refund_button.setObjectName("primaryButton")
        self.refund_button.clicked.connect(lambda: self.refund())
        close = QPushButton(self.tr("Schließen (Esc)"), self)
        close.clicked.connect(self.reject)
        self.card = CardRefundFlow(self)
        QShortcut(QKeySequence("F7"), self, activated=self.card.resolve)
        for button in (find, by_day, self.refund_button, close):
            button.setAutoDefault(False)  # Enter in a field searches, and only that
        top = QHBoxLayout()
        top.addWidget(self.order_no, 1)
        top.addWidget(find)
        top.addSpacing(16)
        top.addWidget(self.day)
        top.addWidget(self.amount)
        top.addWidget(by_day)
        options = QHBoxLayout()
        options.addWidget(QLabel(self.tr("Grund:"), self))
        options.addWidget(self.reason)
        options.addSpacing(16)
        options.addWidget(self.resellable, 1)
        options.addWidget(QLabel(self.tr("Erstattung:"), self))
        options.addWidget(self.method)
        bottom = QHBoxLayout()
        bottom.addWidget(self.total, 1)
        bottom.addWidget(self.card.resolve_button)
        bottom.addWidget(close)
        bottom.addWidget(self.refund_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.matches)
        layout.addWidget(self.info)
        layout.addWidget(self.table, 1)
        layout.addLayout(options)
        layout.addWidget(self.status)
        layout.addLayout(bottom)
        self.update_total()

    def reject(self) -> None:
        if self.card.busy:
            return  # the terminal is paying out: wait for its answer
        super().reject()

    # -- each return starts afresh ------------------------------------------------------
    def _condition_from_reason(self) -> None:
        """Defective goods are written off by default, others go back into stock; the associate may change it."""
        if self.reason.currentIndex() >= 0:
            self.resellable.setChecked(returns.resellable_by_default(self.reason.currentData()))

    def _reset_options(self) -> None:
        self.reason.setCurrentIndex(-1)
        self.resellable.setChecked(True)

    def showEvent(self, event) -> None:  # noqa: N802
        """Opened again: nothing of the previous return carries over."""
        if self._shown:
            self.order_no.clear()
            self.amount.clear()
            self.matches.clear()
            self.matches.hide()
            self.source = None
            self.table.setRowCount(0)
            self.spins = []
            self.method.clear()
            self.info.setText("")
            show_status(self.status, "", "info")
            self._reset_options()
            self.update_total()
        self._shown = True
        super().showEvent(event)

    # -- finding the purchase ---------------------------------------------------------
    def _error(self, text: str) -> None:
        show_status(self.status, text, "error")

    def handle_scan(self, text: str) -> None:
        """A camera scan while this dialog is open: the receipt or order code."""
        self.order_no.setText(text)
        self.find()

    def find(self) -> None:
        code = self.order_no.text().strip()
        self.matches.hide()
        online = self.client is not None and self.executor is not None
        ctx, client = self.sale.ctx, self.client
        if "@" in code:  # the customer's e-mail: only the backend knows it
            if online:
                show_status(self.status, self.tr("Frage die Zentrale nach den Bestellungen …"), "info")
                self.executor.submit(lambda _s: return_sources.find_orders_by_email(ctx, email=code, client=client),
                                     self._show_matches)
                return
            try:
                self._show_matches(return_sources.find_orders_by_email(ctx, email=code), None)  # refused: offline
            except return_sources.ReturnError as exc:
                self.show_source(None, describe(exc))
            return
        try:
            self.show_source(return_sources.find_source(ctx, code))
            return
        except return_sources.ReturnError as exc:
            local_error = exc
        kind = classify(code).kind
        if kind not in ("receipt", "order") or not online:
            self.show_source(None, describe(local_error))
            return
        show_status(self.status, self.tr("Bon einer anderen Kasse – frage die Zentrale …") if kind == "receipt"
                    else self.tr("Bestellung nicht in dieser Kasse – frage die Zentrale …"), "info")
        self.executor.submit(lambda _s: return_sources.find_source(ctx, code, client=client),
                             lambda source, exc: self.show_source(source, describe(exc) if exc else ""))

    def search_sales(self) -> None:
        try:
            cents = parse_eur(self.amount.text())
        except ValueError as exc:
            self._error(describe(exc))
            return
        day = self.day.date().toPython()
        ctx, client = self.sale.ctx, self.client if self.executor is not None else None
        if client is None:
            self._show_matches(return_sources.search_sales(ctx, day=day, total_cents=cents), None)
            return
        show_status(self.status, self.tr("Suche Bons …"), "info")
        self.executor.submit(lambda _s: return_sources.search_sales(ctx, day=day, total_cents=cents, client=client),
                             self._show_matches)

    def _show_matches(self, sources, exc) -> None:
        if exc is not None or not sources:
            self.matches.hide()
            self._error(self.tr("Nichts gefunden.") if exc is None else describe(exc))
            return
        self.matches.clear()
        for src in sources:
            when = src.created_at.astimezone().strftime("%d.%m. %H:%M") if src.created_at else ""
            item = QListWidgetItem(self.tr("{0}   ·   {1}   ·   {2} Artikel").format(
                describe(src.shown), when, sum(l.sold for l in src.lines)))
            item.setData(Qt.UserRole, src)
            self.matches.addItem(item)
        self.matches.show()
        if len(sources) == 1:
            self.show_source(sources[0])
        else:
            show_status(self.status, self.tr("{0} passen – bitte den richtigen Einkauf wählen.").format(len(sources)),
                        "info")

    def show_source(self, source, error: str = "") -> None:
        self.source = source
        self.table.setRowCount(0)
        self.spins = []
        self.method.clear()
        self._reset_options()  # a new purchase, or the next return of this one: reason and condition afresh
        if source is None:
            self.info.setText("")
            self._error(error or self.tr("Nicht gefunden."))
            self.update_total()
            return
        lines = returns.returnable(self.sale.ctx, source)
        paid = {"online": self.tr("online bezahlt"), "cash": self.tr("bar"), "card": self.tr("Karte"),
                "voucher": self.tr("Gutschein")}
        how = ", ".join(paid.get(t, t) for t in source.tenders)
        when = source.created_at.astimezone().strftime("%d.%m.%Y") if source.created_at else ""
        customer = self.sale.cart.customer
        self.info.setText(f"<b>{describe(source.shown)}</b> · {when} · {how}"
                          + (f" · {source.customer_name}" if source.customer_name else "")
                          + (self.tr(" · Kunde am Bon: {0}").format(customer["name"]) if customer else ""))
        self.table.setRowCount(len(lines))
        for row, line in enumerate(lines):
            item = QTableWidgetItem(f"{line.name}  ({format_eur(line.unit_price_cents)})")
            item.setData(Qt.UserRole, line.product_id)
            self.table.setItem(row, 0, item)
            self.table.setItem(row, 1, QTableWidgetItem(str(line.sold)))
            self.table.setItem(row, 2, QTableWidgetItem(str(line.returnable)))
            spin = QSpinBox()  # no parent until the table places it
            spin.setRange(0, line.returnable)
            spin.setMinimumHeight(44)
            spin.valueChanged.connect(self.update_total)
            self.table.setCellWidget(row, 3, spin)
            self.spins.append((line.product_id, spin))
        for m in returns.refund_methods(self.sale.ctx, source):
            self.method.addItem(describe(returns.REFUND_METHODS[m]), m)
        show_status(self.status, self.tr("Menge je Artikel wählen, Grund angeben, dann erstatten.")
                    if any(l.returnable for l in lines) else self.tr("Davon ist nichts mehr rückgabefähig."), "info")
        self.card.check_source(source)

    # -- refunding ---------------------------------------------------------------------------
    def quantities(self) -> dict[int, int]:
        return {pid: spin.value() for pid, spin in self.spins if spin.value()}

    def update_total(self) -> None:
        cents = returns.refund_preview(self.sale.ctx, self.source, self.quantities()) if self.source else 0
        self.total.setText(self.tr("Erstattung {0}").format(format_eur(cents)))
        self.refund_button.setEnabled(self.source is not None and cents > 0 and not self.card.blocking)

    def refund(self, approver_pin: str | None = None) -> None:
        if self.source is None or self.card.blocking:
            return
        method = self.method.currentData()
        try:
            plan = returns.plan_return(self.sale.ctx, self.sale.associate, source=self.source,
                                       quantities=self.quantities(), resellable=self.resellable.isChecked(),
                                       reason=self.reason.currentData() or "", approver_pin=approver_pin)
        except returns.ReturnApprovalNeeded as exc:
            dialog = prompts.ManagerApprovalDialog(self, describe(exc))
            if dialog.exec() and dialog.pin:
                self.refund(approver_pin=dialog.pin)
            return
        except (returns.ReturnError, AuthError) as exc:
            self._error(describe(exc))
            return
        if method == "card":  # journalled; an unclear outcome is resolved with the same reference (F7)
            self.card.start(plan)
        else:
            self._commit(plan, method)

    def _commit(self, plan, method: str) -> None:
        customer = self.sale.cart.customer if self.sale.cart.customer else None
        try:
            record = returns.commit_return(self.sale.ctx, self.sale.associate, plan, refund_method=method,
                                           customer=customer)
        except returns.ReturnError as exc:
            self._error(describe(exc))
            return
        self.refunded(record, method)

    def refunded(self, record, method: str) -> None:
        """The return is recorded (a card refund through app.ui.card_refund_flow)."""
        self.record = record
        source = self.source
        self.show_source(source)  # what is still returnable
        texts = {"cash": self.tr("Bitte {0} bar auszahlen."), "card": self.tr("{0} auf die Karte erstattet."),
                 "online": self.tr("{0} werden über den Online-Shop auf die ursprüngliche Zahlung erstattet."),
                 "voucher": self.tr("Gutschein über {0} ausgestellt: {1}")}
        show_status(self.status, self.tr("Rückgabe gebucht.") + " " + texts[method].format(
            format_eur(self.record.refund_cents), self.record.data.get("voucher_code") or ""), "ok")
        self.receipt_ready.emit(load_return_receipt(self.sale.ctx, return_id=self.record.id))
