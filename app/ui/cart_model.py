"""The cart as a Qt table model over the sale session's cart."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, Qt
from PySide6.QtGui import QColor

from app.core.money import format_eur
from app.services.changes import Changes

COLUMNS = ("name", "quantity", "price", "discount", "total")


def column_titles() -> tuple[str, ...]:
    """The columns' headers, in the associate's language."""
    return (QCoreApplication.translate("CartModel", "Artikel"), QCoreApplication.translate("CartModel", "Menge"),
            QCoreApplication.translate("CartModel", "Preis"), QCoreApplication.translate("CartModel", "Rabatt"),
            QCoreApplication.translate("CartModel", "Summe"))


class CartModel(QAbstractTableModel):
    def __init__(self, sale_provider, parent=None):
        super().__init__(parent)
        self._sale = sale_provider  # a callable: the session may change on login
        # The service changes the cart before the model hears of it; the row count the
        # views see moves only inside begin/end, as Qt's model contract requires.
        self._rows = self._count()
        self.new_prices: dict[str, int] = {}  # line_id -> the catalog's price now, where it differs

    @property
    def lines(self):
        sale = self._sale()
        return sale.cart.lines if sale else []

    @property
    def gift_cards(self) -> list[dict]:
        """Gift cards sold with the cart: rows after the goods (money for a voucher, not an item)."""
        sale = self._sale()
        return sale.cart.gift_cards if sale else []

    def _count(self) -> int:
        return len(self.lines) + len(self.gift_cards)

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else self._rows

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.DisplayRole):  # noqa: N802
        if role == Qt.DisplayRole and orientation == Qt.Horizontal:
            return column_titles()[section]
        return None

    def data(self, index, role=Qt.DisplayRole):
        if not index.isValid() or index.row() >= min(self._rows, self._count()):
            return None
        if index.row() >= len(self.lines):
            return self._gift_card_data(self.gift_cards[index.row() - len(self.lines)], index.column(), role)
        line = self.lines[index.row()]
        col = index.column()
        if role == Qt.DisplayRole:
            if col == 0:  # the name, and the line's own offers: what applied and why
                offers = [o.name for o in line.offers if not o.basket]
                return f"{line.name}   ★ {', '.join(offers)}" if offers else line.name
            if col == 1:
                if line.weight_g is not None:
                    return f"{line.weight_g / 1000:.3f} kg".replace(".", ",")
                return str(line.quantity)
            if col == 2:
                text = format_eur(line.unit_price_cents) + ("/kg" if line.weighed else "")
                if line.line_id in self.new_prices:
                    text += " !"
                return text
            if col == 3:
                saved = line.discount_cents + line.item_offer_cents
                return ("★ " if line.item_offer_cents else "") + "-" + format_eur(saved) if saved else ""
            if col == 4:  # before the basket's offers and points, which are shown once under the cart (as printed)
                return format_eur(line.total_cents + line.offer_cents - line.item_offer_cents)
        if role == Qt.ToolTipRole and col == 0 and not line.item_offer_cents:
            return line.name  # a long name is elided in the column; the whole of it on hover
        if role == Qt.TextAlignmentRole and col > 0:
            return int(Qt.AlignRight | Qt.AlignVCenter)
        if role == Qt.UserRole:
            return line.line_id
        if line.item_offer_cents and col in (0, 3, 4):  # what applied and why
            if role == Qt.ToolTipRole:
                return "\n".join([line.name] + [f"{o.name}: −{format_eur(o.cents)}" for o in line.offers])
            if role == Qt.BackgroundRole:
                return QColor("#e3f4e1")
        if line.line_id in self.new_prices and col == 2:
            if role == Qt.BackgroundRole:
                return QColor("#fff1c2")
            if role == Qt.ToolTipRole:
                return QCoreApplication.translate("CartModel", "Preis im Katalog jetzt {0}; dieser Bon behält {1}") \
                    .format(format_eur(self.new_prices[line.line_id]), format_eur(line.unit_price_cents))
        return None

    @staticmethod
    def _gift_card_data(card: dict, col: int, role):
        if role == Qt.DisplayRole:
            amount = format_eur(int(card["amount_cents"]))
            return {0: QCoreApplication.translate("CartModel", "Geschenkkarte {0}").format(card["code"]), 1: "1",
                    2: amount, 3: "", 4: amount}[col]
        if role == Qt.TextAlignmentRole and col > 0:
            return int(Qt.AlignRight | Qt.AlignVCenter)
        if role == Qt.BackgroundRole:
            return QColor("#eef3fb")
        return None

    def set_new_prices(self, new_prices: dict[str, int]) -> None:
        if new_prices != self.new_prices:
            self.new_prices = new_prices
            if self._rows:
                self.dataChanged.emit(self.index(0, 2), self.index(self._rows - 1, 2))

    def apply(self, changes: Changes) -> None:
        """Refresh only what the operation changed."""
        if not changes.cart:
            return
        count = self._count()
        if changes.row_change == "inserted" and count == self._rows + 1:
            self.beginInsertRows(QModelIndex(), changes.row, changes.row)
            self._rows = count
            self.endInsertRows()
        elif changes.row_change == "updated" and count == self._rows:
            self.dataChanged.emit(self.index(changes.row, 0), self.index(changes.row, len(COLUMNS) - 1))
        elif changes.row_change == "removed" and count == self._rows - 1:
            self.beginRemoveRows(QModelIndex(), changes.row, changes.row)
            self._rows = count
            self.endRemoveRows()
        else:
            self.beginResetModel()
            self._rows = count
            self.endResetModel()
