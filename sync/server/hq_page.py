"""The headquarters page: the chain's figures per store and channel (sync/server/figures.py) as a web page with
charts, and as CSV.

Served by the backend at `/hq` and `/hq/figures.csv`; headquarters signs in with HTTP Basic authentication, any
user name and the chain's HQ key (`TRESEN_HQ_KEY`) as the password; without a key configured the page refuses
everyone. The charts are SVG drawn here, so the page needs no script and no library from the internet.
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
from html import escape

from fastapi import APIRouter, Depends, HTTPException, Query
from fastapi.responses import HTMLResponse, Response
from fastapi.security import HTTPBasic, HTTPBasicCredentials
from sqlalchemy.engine import Engine

from sync.server.figures import CHANNELS, figures

__all__ = ["hq_router", "CHANNEL_NAMES"]

CHANNEL_NAMES = {"store": "Filialverkauf", "handover": "Online-Korb im Markt", "click_collect": "Click & Collect",
                 "delivery_in_store": "Lieferung, im Markt bestellt", "ship_from_store": "Versand aus dem Markt"}
COLOURS = {"store": "#2f6fb5", "handover": "#8e5cc4", "click_collect": "#2e9e63", "delivery_in_store": "#d98c1f",
           "ship_from_store": "#c2453d"}


def _eur(cents: int) -> str:
    return f"{cents / 100:,.2f} €".replace(",", "X").replace(".", ",").replace("X", ".")


def _de(value: float, places: int) -> str:
    """A number as Germans write it: 1.234,5."""
    return f"{value:,.{places}f}".replace(",", "X").replace(".", ",").replace("X", ".")


def _bars(values: list[tuple[str, int, str]], *, width: int = 520, bar: int = 22) -> str:
    """A horizontal bar chart: (label, cents, colour) per bar."""
    top = max((v for _, v, _ in values), default=0) or 1
    height = len(values) * (bar + 8) + 8
    parts = [f'<svg class="chart" role="img" width="{width}" height="{height}" viewBox="0 0 {width} {height}">']
    for i, (label, value, colour) in enumerate(values):
        y = 8 + i * (bar + 8)
        w = round((width - 230) * value / top)
        parts.append(f'<text x="0" y="{y + bar - 6}" font-size="13">{escape(label)}</text>'
                     f'<rect class="bar" x="170" y="{y}" width="{max(w, 1)}" height="{bar}" fill="{colour}"/>'
                     f'<text x="{176 + w}" y="{y + bar - 6}" font-size="12">{escape(_eur(value))}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _hours(hours: list[int], *, width: int = 520, height: int = 140) -> str:
    top = max(hours) or 1
    step = width / 24
    parts = [f'<svg class="chart" role="img" width="{width}" height="{height + 18}" viewBox="0 0 {width} {height + 18}">']
    for h, value in enumerate(hours):
        bar_h = round((height - 4) * value / top)
        parts.append(f'<rect class="bar" x="{h * step + 2:.1f}" y="{height - bar_h}" width="{step - 4:.1f}" '
                     f'height="{max(bar_h, 1)}" fill="#2f6fb5"><title>{h}–{h + 1} Uhr: {escape(_eur(value))}</title>'
                     f'</rect>')
        if h % 3 == 0:
            parts.append(f'<text x="{h * step + 2:.1f}" y="{height + 14}" font-size="11">{h}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _table(period: dict, today: dict) -> str:
    head = ("<tr><th>Kanal</th><th>Umsatz heute</th><th>Umsatz Zeitraum</th><th>Vorgänge</th><th>Ø Bon</th>"
            "<th>Artikel je Vorgang</th><th>Retourenquote</th></tr>")
    rows = []
    for c in CHANNELS:
        p = period[c]
        rows.append(f'<tr data-channel="{c}"><td>{CHANNEL_NAMES[c]}</td><td>{_eur(today[c]["revenue_cents"])}</td>'
                    f'<td class="revenue">{_eur(p["revenue_cents"])}</td><td class="transactions">{p["transactions"]}'
                    f'</td><td>{_eur(p["avg_basket_cents"])}</td><td>{_de(p["units_per_transaction"], 2)}</td>'
                    f'<td>{_de(p["return_rate"] * 100, 1)} %</td></tr>')
    return f"<table>{head}{''.join(rows)}</table>"


def render(data: dict) -> str:
    w = data["window"]
    conv = data["conversion"]
    blocks = [f"<h1>Tresen – Kennzahlen der Kette</h1><p>Letzte {w['days']} Tage bis {escape(w['today'])} "
              f"({escape(w['timezone'])}) · <a href=\"/hq/figures.csv?days={w['days']}\">CSV</a></p>",
              "<h2>Kette</h2>", _bars([(CHANNEL_NAMES[c], data["chain"][c]["revenue_cents"], COLOURS[c])
                                       for c in CHANNELS]),
              f'<p id="conversion">Online-Warenkörbe: {conv["carts"]}, davon bestellt {conv["carts_ordered"]} '
              f'({_de(conv["online_conversion"] * 100, 1)} %) · Übergabecodes an der Kasse: {conv["handover_claimed"]}, '
              f'davon verkauft {conv["handover_sold"]} ({_de(conv["handover_conversion"] * 100, 1)} %)</p>']
    for sid, s in data["stores"].items():
        pickup = f"{_de(s['time_to_pickup_h'], 1)} h" if s["time_to_pickup_h"] is not None else "–"
        top = "".join(f"<li>{escape(p['name'])}: {p['units']} St., {_eur(p['revenue_cents'])}</li>"
                      for p in s["top_products"][:5])
        blocks.append(
            f'<section class="store" id="store-{escape(sid)}"><h2>{escape(sid)} {escape(s["name"])}</h2>'
            f'{_table(s["period"], s["today"])}'
            f'<div class="charts"><div><h3>Umsatz je Kanal</h3>'
            f'{_bars([(CHANNEL_NAMES[c], s["period"][c]["revenue_cents"], COLOURS[c]) for c in CHANNELS])}</div>'
            f'<div><h3>Filialumsatz je Stunde</h3>{_hours(s["hours"])}</div></div>'
            f'<p>Abholungen offen: {s["pickups_waiting"]} · Zeit bis zur Abholung: {pickup} · offene Konflikte: '
            f'{s["open_conflicts"]} · TSE-Ausfälle: {s["tse_outages"]}</p><ol>{top}</ol></section>')
    style = ("body{font-family:sans-serif;margin:24px;color:#1d2430}table{border-collapse:collapse;margin:8px 0}"
             "td,th{border:1px solid #c9d1dc;padding:4px 8px;text-align:right}td:first-child,th:first-child"
             "{text-align:left}.charts{display:flex;gap:32px;flex-wrap:wrap}section{margin-bottom:32px}")
    return (f'<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Tresen – Kennzahlen</title>'
            f'<style>{style}</style></head><body>{"".join(blocks)}</body></html>')


def to_csv(data: dict) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(["store", "name", "channel", "revenue_eur", "transactions", "units", "avg_basket_eur",
                     "units_per_transaction", "returns_eur", "return_rate", "today_revenue_eur"])
    for sid, s in data["stores"].items():
        for c in CHANNELS:
            p = s["period"][c]
            writer.writerow([sid, s["name"], c, f"{p['revenue_cents'] / 100:.2f}", p["transactions"], p["units"],
                             f"{p['avg_basket_cents'] / 100:.2f}", f"{p['units_per_transaction']:.2f}",
                             f"{p['returns_cents'] / 100:.2f}", f"{p['return_rate']:.4f}",
                             f"{s['today'][c]['revenue_cents'] / 100:.2f}"])
    return out.getvalue()


def hq_router(engine: Engine, hq_key: str | None) -> APIRouter:
    router = APIRouter(prefix="/hq", tags=["headquarters"])
    basic = HTTPBasic(realm="Tresen Zentrale", auto_error=False)
    digest = hashlib.sha256(hq_key.encode()).digest() if hq_key else None

    def signed_in(credentials: HTTPBasicCredentials | None = Depends(basic)) -> None:
        if digest is None or credentials is None or not hmac.compare_digest(
                hashlib.sha256(credentials.password.encode()).digest(), digest):
            raise HTTPException(401, "HQ key required (HTTP Basic, password: TRESEN_HQ_KEY)",
                                headers={"WWW-Authenticate": 'Basic realm="Tresen Zentrale"'})

    def data(days: int) -> dict:
        with engine.connect() as c:
            return figures(c, days=days)

    @router.get("", response_class=HTMLResponse)
    def page(days: int = Query(default=30, ge=1, le=366), _auth: None = Depends(signed_in)) -> HTMLResponse:
        return HTMLResponse(render(data(days)))

    @router.get("/figures.csv")
    def figures_csv(days: int = Query(default=30, ge=1, le=366), _auth: None = Depends(signed_in)) -> Response:
        return Response(to_csv(data(days)), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="tresen-kennzahlen-{days}d.csv"'})

    return router
