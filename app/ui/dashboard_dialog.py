"""The manager's dashboard (Kasse menu, Strg+G): this store's figures per channel, today and for the last 30 days,
with charts (Qt Charts). Opens with the last figures the register has (and their age), then asks the backend for
new ones in the background; offline it says so and keeps showing what it has."""

from __future__ import annotations

from PySide6.QtCharts import (QBarCategoryAxis, QBarSeries, QBarSet, QChart, QChartView, QHorizontalBarSeries,
                              QValueAxis)
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QAbstractItemView, QDialog, QHBoxLayout, QHeaderView, QLabel, QListWidget, QPushButton, QTableWidget,
    QTableWidgetItem, QVBoxLayout,
)

from app.core.money import format_eur
from app.services import dashboard
from app.ui.feedback import show_status
from sync.protocol import SalesChannel

__all__ = ["DashboardDialog", "channel_name"]

DAYS = 30


def channel_name(channel: str) -> str:
    names = {SalesChannel.STORE: QCoreApplication.translate("Dashboard", "Filialverkauf"),
             SalesChannel.HANDOVER: QCoreApplication.translate("Dashboard", "Online-Korb im Markt"),
             SalesChannel.CLICK_COLLECT: QCoreApplication.translate("Dashboard", "Click & Collect"),
             SalesChannel.DELIVERY_IN_STORE: QCoreApplication.translate("Dashboard", "Lieferung (im Markt bestellt)"),
             SalesChannel.SHIP_FROM_STORE: QCoreApplication.translate("Dashboard", "Versand aus dem Markt")}
    return names.get(channel, channel)


class DashboardDialog(QDialog):
    def __init__(self, parent, ctx, *, client, executor):
        """`client`: the backend client (None: this register does not sync); `executor`: the network executor."""
        super().__init__(parent)
        self.setWindowTitle(self.tr("Kennzahlen des Markts"))
        self.setObjectName("dashboardDialog")
        self.resize(1180, 740)
        self.ctx, self.client, self.executor = ctx, client, executor
        self.figures: dashboard.StoreFigures | None = None
        self.age = QLabel("", self)
        self.age.setWordWrap(True)
        self.table = QTableWidget(len(SalesChannel), 6, self)
        self.table.setHorizontalHeaderLabels([self.tr("heute"), self.tr("{0} Tage").format(DAYS),
                                              self.tr("Vorgänge"), self.tr("Ø Bon"), self.tr("Ø Artikel"),
                                              self.tr("Retouren")])
        self.table.setToolTip(self.tr("Umsatz heute und in {0} Tagen; Vorgänge, Ø Bon, Ø Artikel je Vorgang und "
                                      "Retourenquote in {0} Tagen (Rückgaben zählen beim Kanal und Tag des "
                                      "Verkaufs)").format(DAYS))
        self.table.setVerticalHeaderLabels([channel_name(c) for c in SalesChannel])
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.Stretch)
        self.attention = QLabel("", self)
        self.attention.setObjectName("pickupInfo")
        self.attention.setWordWrap(True)
        self.hours = QChartView(self)
        self.channels = QChartView(self)
        for view in (self.hours, self.channels):
            view.setRenderHint(QPainter.Antialiasing)
            view.setMinimumHeight(250)
        self.top = QListWidget(self)
        self.top.setMaximumWidth(260)
        self.top.setWordWrap(True)
        self.top.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        refresh = QPushButton(self.tr("Aktualisieren"), self)
        refresh.clicked.connect(self.fetch)
        close = QPushButton(self.tr("Schließen (Esc)"), self)
        close.clicked.connect(self.accept)
        for b in (refresh, close):
            b.setAutoDefault(False)
        charts = QHBoxLayout()
        charts.addWidget(self.channels, 2)
        charts.addWidget(self.hours, 3)
        charts.addWidget(self.top)
        buttons = QHBoxLayout()
        buttons.addWidget(self.age, 1)
        buttons.addWidget(refresh)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(self.attention)
        layout.addLayout(charts, 1)
        layout.addLayout(buttons)
        self.show_figures(dashboard.cached(self.ctx))
        self.fetch()

    def fetch(self) -> None:
        if self.client is None:
            self._say_age(offline=True)
            return
        show_status(self.age, self.tr("Frage die Zentrale nach den aktuellen Zahlen …"), "info")
        client = self.client
        self.executor.submit(lambda _state: client.figures(days=DAYS), self._fetched)

    def _fetched(self, answer, exc) -> None:
        if exc is not None:
            self._say_age(offline=True)
            return
        try:
            self.show_figures(dashboard.remember(self.ctx, answer))
        except (KeyError, TypeError, ValueError):  # an answer of another shape: the last figures stay
            self._say_age(offline=True)

    def _say_age(self, offline: bool = False) -> None:
        f = self.figures
        if f is None:
            show_status(self.age, self.tr("Noch keine Zahlen – die Zentrale ist nicht erreichbar."), "warn")
        elif offline:
            show_status(self.age, self.tr("Offline: Stand {0} (vor {1} min)").format(
                f.fetched_at.astimezone().strftime("%d.%m. %H:%M"), f.age_minutes()), "warn")
        else:
            show_status(self.age, self.tr("Stand {0}").format(f.fetched_at.astimezone().strftime("%H:%M")), "ok")

    def show_figures(self, figures: dashboard.StoreFigures | None) -> None:
        self.figures = figures
        local = dashboard.local_now(self.ctx)
        if figures is None:
            self._say_age(offline=True)
            self.attention.setText(self.tr("Abholungen offen: {0} · offene Konflikte: {1}").format(
                local["pickups_waiting"], local["open_conflicts"]))
            return
        d = figures.data
        for r, channel in enumerate(SalesChannel):
            p, t = d["period"][channel], d["today"][channel]
            cells = (format_eur(t["revenue_cents"]), format_eur(p["revenue_cents"]), str(p["transactions"]),
                     format_eur(p["avg_basket_cents"]), f"{p['units_per_transaction']:.2f}".replace(".", ","),
                     f"{p['return_rate'] * 100:.1f} %".replace(".", ","))
            for c, value in enumerate(cells):
                item = QTableWidgetItem(value)
                item.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
                self.table.setItem(r, c, item)
        pickup_h = "–" if d["time_to_pickup_h"] is None else f"{d['time_to_pickup_h']:.1f} h".replace(".", ",")
        self.attention.setText(self.tr(
            "Abholungen offen: {0} · Zeit bis zur Abholung: {1} · offene Konflikte: {2} · TSE-Ausfälle: {3}").format(
            local["pickups_waiting"], pickup_h, local["open_conflicts"], d["tse_outages"]))
        self.channels.setChart(self._bars(self.tr("Umsatz je Kanal ({0} Tage), €").format(figures.days),
                                          [self.tr("Filiale"), self.tr("Online-Korb"), self.tr("C&C"),
                                           self.tr("Lieferung"), self.tr("Versand")],
                                          [d["period"][c]["revenue_cents"] / 100 for c in SalesChannel],
                                          horizontal=True))  # the channels' names need the room
        self.hours.setChart(self._bars(self.tr("Filialumsatz je Stunde ({0} Tage), €").format(figures.days),
                                       [str(h) for h in range(6, 23)], [v / 100 for v in d["hours"][6:23]]))
        self.top.clear()
        self.top.addItem(self.tr("Top-Artikel ({0} Tage)").format(figures.days))
        for p in d["top_products"][:10]:
            self.top.addItem(f"{p['name']} · {p['units']} · {format_eur(p['revenue_cents'])}")
        self._say_age()

    def _bars(self, title: str, categories: list[str], values: list[float], *, horizontal: bool = False) -> QChart:
        if horizontal:  # the first category on top, as in the table above
            categories, values = categories[::-1], values[::-1]
        bars = QBarSet(title)
        bars.append(values)
        series = QHorizontalBarSeries() if horizontal else QBarSeries()
        series.append(bars)
        chart = QChart()
        chart.addSeries(series)
        chart.setTitle(title)
        chart.legend().hide()
        axis_x = QBarCategoryAxis()
        axis_x.append(categories)
        small = axis_x.labelsFont()
        small.setPointSize(7)
        axis_x.setLabelsFont(small)
        axis_y = QValueAxis()
        axis_y.setRange(0, max(values + [1.0]) * 1.1)
        axis_y.applyNiceNumbers()
        axis_y.setLabelFormat("%.0f" if axis_y.max() >= 10 else "%.1f")
        chart.addAxis(axis_x, Qt.AlignLeft if horizontal else Qt.AlignBottom)
        chart.addAxis(axis_y, Qt.AlignBottom if horizontal else Qt.AlignLeft)
        series.attachAxis(axis_x)
        series.attachAxis(axis_y)
        return chart
