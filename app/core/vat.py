"""German VAT (Umsatzsteuer) on gross prices.

Shelf prices include VAT. A receipt shows, per rate, the gross, net and VAT
amounts. Net is derived from the gross sum of each rate group and rounded
half-up once per group, so gross = net + VAT holds per group and the group
grosses add up to the receipt total exactly.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Iterable

from app.core.money import round_half_up_div


class VatClass(str, Enum):
    """VAT classes with the letter printed on German receipts."""

    STANDARD = "A"  # 19 %
    REDUCED = "B"  # 7 %
    ZERO = "C"  # 0 %

    @property
    def rate_percent(self) -> int:
        return {"A": 19, "B": 7, "C": 0}[self.value]


@dataclass(frozen=True)
class VatGroup:
    vat_class: VatClass
    gross_cents: int
    net_cents: int
    vat_cents: int

    @property
    def rate_percent(self) -> int:
        return self.vat_class.rate_percent


def net_from_gross(gross_cents: int, rate_percent: int) -> int:
    return round_half_up_div(gross_cents * 100, 100 + rate_percent)


def vat_breakdown(items: Iterable[tuple[VatClass, int]]) -> list[VatGroup]:
    """Group (vat_class, gross_cents) pairs into one VatGroup per rate, A before B before C."""
    sums: dict[VatClass, int] = {}
    for vat_class, gross in items:
        sums[vat_class] = sums.get(vat_class, 0) + gross
    groups = []
    for vat_class in sorted(sums, key=lambda c: c.value):
        gross = sums[vat_class]
        net = net_from_gross(gross, vat_class.rate_percent)
        groups.append(VatGroup(vat_class, gross, net, gross - net))
    return groups



def add_vat_groups(groups: Iterable[VatGroup]) -> list[VatGroup]:
    """VAT groups summed per rate (gross, net and VAT each), A before B before C."""
    sums: dict[VatClass, VatGroup] = {}
    for g in groups:
        old = sums.get(g.vat_class)
        sums[g.vat_class] = g if old is None else VatGroup(
            g.vat_class, old.gross_cents + g.gross_cents, old.net_cents + g.net_cents, old.vat_cents + g.vat_cents)
    return [sums[c] for c in sorted(sums, key=lambda c: c.value)]


def receipts_vat(receipts: Iterable[Iterable[tuple[VatClass, int]]]) -> list[VatGroup]:
    """The VAT of several receipts: each receipt's breakdown, then summed per rate — as the receipts printed it
    and as the DSFinV-K export adds it up (one breakdown over all lines can round a cent differently)."""
    return add_vat_groups(g for items in receipts for g in vat_breakdown(items))
