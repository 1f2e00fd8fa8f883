"""The figures of a drawer's day (X report now, Z report at the closing) and their text layout, one layout for
the screen, the PDF and the receipt printer (like app.core.receipt).

Amounts are integer cents; returns and cash taken out are negative. Training receipts are counted apart and
enter no total.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, timezone

from app.core.cash import movement_name
from app.core.money import format_eur
from app.core.vat import VatGroup, add_vat_groups

__all__ = ["DayFigures", "ORIGINS", "TENDERS", "as_local", "figures_from_dict", "figures_to_dict",
           "layout_day_report", "merge_figures"]

TENDERS = {"cash": "Bar", "card": "Karte", "voucher": "Gutschein", "online": "Online-Shop"}
ORIGINS = {"store": "Verkauf im Markt", "handover": "Online-Warenkorb übergeben", "pickup": "Abholung bezahlt",
           "delivery": "Lieferauftrag"}


@dataclass(frozen=True)
class DayFigures:
    register_id: str
    store_name: str
    opened_at: datetime  # local time
    at: datetime  # when the figures were taken (local)
    float_cents: int
    sales_count: int
    sales_cents: int  # gross, after discounts
    returns_count: int
    returns_cents: int  # negative
    by_tender: dict[str, int]  # tender kind -> cents, refunds included (negative)
    by_vat: tuple[VatGroup, ...]  # sales and returns together
    by_origin: dict[str, tuple[int, int]]  # origin -> (count, cents)
    discounts_cents: int
    voids_count: int
    voids_cents: int
    cash_movements: dict[str, int]  # business case -> cents (signed), the float included as Anfangsbestand
    expected_cash_cents: int
    training_count: int = 0
    associate: str = ""  # a drawer per associate: whose
    kind: str = "X"  # X | Z | D (a drawer's own closing, where each associate counts a drawer)
    z_no: int | None = None
    counted_cents: int | None = None  # Z: what was counted
    extra: dict[str, str] = field(default_factory=dict)
    gift_cards_cents: int = 0  # gift cards sold: money taken for multi-purpose vouchers, not revenue


def _summed(dicts) -> dict:
    out: dict = {}
    for d in dicts:
        for key, value in d.items():
            out[key] = out.get(key, 0) + value
    return out


def merge_figures(drawers: list[DayFigures], *, at: datetime) -> DayFigures:
    """The register's figures from its drawers' (a drawer per associate): the Z closing covers every receipt
    since the previous one, so it adds up the drawers closed since then. VAT groups add up per class."""
    first = min(drawers, key=lambda f: f.opened_at)
    origins: dict = {}
    for f in drawers:
        for key, (count, cents) in f.by_origin.items():
            n, c = origins.get(key, (0, 0))
            origins[key] = (n + count, c + cents)
    counted = [f.counted_cents for f in drawers]
    return replace(
        first, opened_at=first.opened_at, at=at, float_cents=sum(f.float_cents for f in drawers),
        sales_count=sum(f.sales_count for f in drawers), sales_cents=sum(f.sales_cents for f in drawers),
        returns_count=sum(f.returns_count for f in drawers), returns_cents=sum(f.returns_cents for f in drawers),
        by_tender=_summed(f.by_tender for f in drawers),
        by_vat=tuple(add_vat_groups(g for f in drawers for g in f.by_vat)), by_origin=origins,
        discounts_cents=sum(f.discounts_cents for f in drawers), voids_count=sum(f.voids_count for f in drawers),
        voids_cents=sum(f.voids_cents for f in drawers), cash_movements=_summed(f.cash_movements for f in drawers),
        expected_cash_cents=sum(f.expected_cash_cents for f in drawers),
        training_count=sum(f.training_count for f in drawers), associate="",
        counted_cents=None if None in counted else sum(counted), extra={},
        gift_cards_cents=sum(f.gift_cards_cents for f in drawers))


def as_local(moment: datetime) -> datetime:
    """A stored time (the replica keeps UTC without a zone) in the register's local time."""
    return (moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)).astimezone()


def figures_to_dict(f: DayFigures) -> dict:
    """The figures as JSON (the closing keeps them; its journal entry carries them to the backend)."""
    return {"register_id": f.register_id, "opened_at": f.opened_at.isoformat(), "at": f.at.isoformat(),
            "float_cents": f.float_cents, "sales_count": f.sales_count, "sales_cents": f.sales_cents,
            "returns_count": f.returns_count, "returns_cents": f.returns_cents, "by_tender": f.by_tender,
            "by_vat": [{"vat_class": g.vat_class.value, "rate_percent": g.rate_percent, "gross_cents": g.gross_cents,
                        "net_cents": g.net_cents, "vat_cents": g.vat_cents} for g in f.by_vat],
            "by_origin": {k: list(v) for k, v in f.by_origin.items()}, "discounts_cents": f.discounts_cents,
            "voids_count": f.voids_count, "voids_cents": f.voids_cents, "cash_movements": f.cash_movements,
            "expected_cash_cents": f.expected_cash_cents, "training_count": f.training_count,
            "associate": f.associate, "kind": f.kind, "z_no": f.z_no, "counted_cents": f.counted_cents,
            "store_name": f.store_name, "gift_cards_cents": f.gift_cards_cents}


def figures_from_dict(d: dict) -> DayFigures:
    """A closing's kept figures back as DayFigures (to show or print the Z report again)."""
    from app.core.vat import VatClass

    return DayFigures(
        register_id=d["register_id"], store_name=d.get("store_name", ""),
        opened_at=datetime.fromisoformat(d["opened_at"]), at=datetime.fromisoformat(d["at"]),
        float_cents=d["float_cents"], sales_count=d["sales_count"], sales_cents=d["sales_cents"],
        returns_count=d["returns_count"], returns_cents=d["returns_cents"], by_tender=dict(d["by_tender"]),
        by_vat=tuple(VatGroup(VatClass(g["vat_class"]), g["gross_cents"], g["net_cents"], g["vat_cents"])
                     for g in d["by_vat"]),
        by_origin={k: tuple(v) for k, v in d["by_origin"].items()}, discounts_cents=d["discounts_cents"],
        voids_count=d["voids_count"], voids_cents=d["voids_cents"], cash_movements=dict(d["cash_movements"]),
        expected_cash_cents=d["expected_cash_cents"], training_count=d.get("training_count", 0),
        associate=d.get("associate", ""), kind=d.get("kind", "X"), z_no=d.get("z_no"),
        counted_cents=d.get("counted_cents"), gift_cards_cents=d.get("gift_cards_cents", 0))


def _pair(left: str, right: str, width: int) -> str:
    room = width - len(right) - 1
    return f"{left[:max(room, 1)]:<{room}} {right}"


def _eur(cents: int) -> str:
    return format_eur(cents, symbol=False)


def layout_day_report(f: DayFigures, width: int = 42) -> list[str]:
    title = {"Z": f"Z-BON Nr. {f.z_no}", "D": "SCHUBLADENABRECHNUNG"}.get(f.kind, "X-BERICHT (Zwischenstand)")
    out = [f.store_name.center(width), title.center(width), "",
           _pair("Kasse", f.register_id, width),
           _pair("Geöffnet", f"{f.opened_at:%d.%m.%Y %H:%M}", width),
           _pair("Stand", f"{f.at:%d.%m.%Y %H:%M}", width)]
    if f.associate:
        out.append(_pair("Schublade von", f.associate, width))
    out += ["-" * width, _pair(f"Verkäufe ({f.sales_count})", _eur(f.sales_cents), width),
            _pair(f"Rückgaben ({f.returns_count})", _eur(f.returns_cents), width),
            _pair("UMSATZ EUR", _eur(f.sales_cents + f.returns_cents), width),
            _pair("darin Rabatte und Aktionen", _eur(f.discounts_cents), width),
            _pair(f"Stornierte Bons ({f.voids_count})", _eur(f.voids_cents), width)]
    if f.gift_cards_cents:
        out.append(_pair("Geschenkkarten verkauft (kein Umsatz)", _eur(f.gift_cards_cents), width))
    if f.training_count:
        out.append(_pair("Schulungsbons (nicht gezählt)", str(f.training_count), width))
    out += ["", "Nach Zahlart:"]
    out += [_pair(f"  {TENDERS.get(k, k)}", _eur(v), width) for k, v in sorted(f.by_tender.items())]
    out += ["", "Nach Herkunft:"]
    out += [_pair(f"  {ORIGINS.get(k, k)} ({n})", _eur(v), width) for k, (n, v) in sorted(f.by_origin.items())]
    out += ["", _pair("USt  Satz      Netto", "USt     Brutto", width)]
    for g in f.by_vat:
        left = f"{g.vat_class.value}   {g.rate_percent:>2} %  {_eur(g.net_cents):>9}"
        out.append(_pair(left, f"{_eur(g.vat_cents):>7} {_eur(g.gross_cents):>9}", width))
    out += ["", "Bargeldbewegungen:"]
    out += [_pair(f"  {movement_name(k)}", _eur(v), width) for k, v in f.cash_movements.items()]
    out += ["-" * width, _pair("SOLL-BESTAND BAR", _eur(f.expected_cash_cents), width)]
    if f.counted_cents is not None:
        out += [_pair("GEZÄHLT", _eur(f.counted_cents), width),
                _pair("DIFFERENZ", _eur(f.counted_cents - f.expected_cash_cents), width)]
    return out
