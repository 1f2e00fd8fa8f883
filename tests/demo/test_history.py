"""The demo history (issue 12, §4): days of a store's life made by registers through the real services and
the real sync, on the backend `python -m app.demo serve-backend --seed-demo` serves for the purpose (SQLite and
PostgreSQL), whose DSFinV-K export the validator accepts and which adds up closing by closing."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import text

from app.demo import history
from app.demo.backend import make_history
from sync.server.db import create_schema, make_engine
from sync.server.dsfinvk.journal import export_store
from sync.server.seed import seed_backend
from tests.dsfinvk_day import by_bon, check_adds_up, read, rebuilt_process_data, validate
from tests.sync.conftest import backend_database, memory_keyring  # noqa: F401 (fixture)
from tests.tse.qr_verifier import verify_qr

BERLIN = ZoneInfo("Europe/Berlin")
DAYS = 2


@pytest.fixture(params=["sqlite", "postgres"])
def backend_engine(request, tmp_path):
    """The demo backend's database, seeded with the chain, not served yet (`--seed-demo` serves it)."""
    url, drop = backend_database(request.param, tmp_path)
    engine = make_engine(url)
    create_schema(engine)
    seed_backend(engine, products=300)
    yield engine
    engine.dispose()
    if drop:
        drop()


def rows(engine, sql: str, **params) -> list:
    with engine.connect() as c:
        return c.execute(text(sql), params).all()


def store_day(at) -> date:
    moment = at if isinstance(at, datetime) else datetime.fromisoformat(str(at))
    return (moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)).astimezone(BERLIN).date()


def test_the_demo_history_is_made_by_registers_and_exports_cleanly(backend_engine, memory_keyring, tmp_path,  # noqa: F811
                                                                    capsys):
    make_history(backend_engine, days=DAYS, folder=tmp_path / "registers")
    assert "Demo-Historie: 8 Tage" in capsys.readouterr().out  # 4 stores, 2 days each
    today = datetime.now(BERLIN).date()
    wanted = {today - timedelta(days=d) for d in range(1, DAYS + 1)}

    # Every store's second register closed each of the past days once, in its journal on the backend
    closings = rows(backend_engine, "SELECT register_id, at FROM fiscaljournal WHERE kind = 'closing' AND verified")
    by_register: dict[str, list[date]] = {}
    for register_id, at in closings:
        by_register.setdefault(register_id, []).append(store_day(at))
    assert {r: sorted(d) for r, d in by_register.items()} == {
        f"{store}-02": sorted(wanted) for store in ("1001", "1002", "1003", "1004")}
    assert rows(backend_engine, "SELECT count(*) FROM fiscaljournal WHERE NOT verified")[0][0] == 0
    assert rows(backend_engine, "SELECT count(*) FROM conflict")[0][0] == 0

    # ... through the flows a store sees: sales, returns, click & collect, online carts, delivery orders, cash
    kinds = dict(rows(backend_engine, "SELECT kind, count(*) FROM fiscaljournal GROUP BY kind"))
    assert kinds["sale"] >= 8 * 18 and kinds["return"] >= 1 and kinds["cash_movement"] >= 8 and kinds["void"] >= 1
    assert rows(backend_engine, "SELECT count(*) FROM collection")[0][0] >= 1
    assert rows(backend_engine, "SELECT count(*) FROM onlinecart WHERE status = 'bought_in_store'")[0][0] >= 1
    assert rows(backend_engine, "SELECT count(*) FROM onlineorder WHERE origin = 'counter'")[0][0] >= 1
    sale_days = {store_day(at) for (at,) in rows(backend_engine, "SELECT ended_at FROM sale")}
    assert sale_days == wanted  # on the days replayed, not when the test ran

    # The backend's export, one closing at a time: valid against the official index.xml, adding up,
    # the TSE data as signed
    for store in ("1001", "1002"):
        for day in sorted(wanted):
            out = tmp_path / f"export-{store}-{day}"
            report = export_store(backend_engine, store_id=store, date_from=day, date_to=day, out_dir=out)
            assert report.problems == [] and len(report.closings) == 1, report.problems
            assert validate(out) == []
            f = read(out)
            check_adds_up(f)
            check_signatures(f)

    # Made once: a second run replays nothing
    before = len(closings)
    make_history(backend_engine, days=DAYS, folder=tmp_path / "registers")
    assert "Demo-Historie: 0 Tage" in capsys.readouterr().out
    assert len(rows(backend_engine, "SELECT 1 FROM fiscaljournal WHERE kind = 'closing'")) == before


def check_signatures(f: dict) -> None:
    bons = {b["BON_ID"]: b for b in f["transactions.csv"]}
    vat, pay = by_bon(f["transactions_vat.csv"]), by_bon(f["datapayment.csv"])
    [tse] = f["tse.csv"]
    [register] = f["cashregister.csv"]
    for row in f["transactions_tse.csv"]:
        bon = bons[row["BON_ID"]]
        assert row["TSE_TA_SIG"], row  # the demo's TSE never fails
        if bon["BON_TYP"] == "Beleg" and row["TSE_TA_VORGANGSART"] == "Kassenbeleg-V1":
            assert rebuilt_process_data(bon, vat[bon["BON_ID"]], pay[bon["BON_ID"]]) == row["TSE_VORGANGSDATEN"]
        qr = ";".join(["V0", register["KASSE_SERIENNR"], row["TSE_TA_VORGANGSART"], row["TSE_VORGANGSDATEN"],
                       row["TSE_TANR"], row["TSE_TA_SIGZ"], row["TSE_TA_START"], row["TSE_TA_ENDE"],
                       tse["TSE_SIG_ALGO"], tse["TSE_ZEITFORMAT"], row["TSE_TA_SIG"], tse["TSE_PUBLIC_KEY"]])
        assert verify_qr(qr), row["BON_ID"]
        assert store_day(row["TSE_TA_START"]) == store_day(bon["BON_ENDE"])  # signed on the day replayed


# Resuming is the registers' own bookkeeping, the same on either database: proved on SQLite (the demo's default);
# the history itself is made and exported on both above.
@pytest.mark.parametrize("backend_engine", ["sqlite"], indirect=True)
def test_an_interrupted_history_continues_where_it_stopped(backend_engine, memory_keyring, tmp_path):  # noqa: F811
    from sync.server.embedded import EmbeddedBackend

    backend = EmbeddedBackend(engine=backend_engine)
    backend.start()
    try:
        calls = []
        stop_after_first = lambda: len(calls) >= 1  # noqa: E731
        first = history.seed_history(backend, tmp_path, days=DAYS, stores=["1003"], should_stop=stop_after_first,
                                     progress=lambda *a: calls.append(a))
        assert first.days == 1
        assert history.seed_history_once(backend, tmp_path, days=DAYS) is not None  # the rest, every store
        assert (tmp_path / history.DONE_MARK).exists()
        assert history.seed_history_once(backend, tmp_path, days=DAYS) is None  # done: the demo's next start
    finally:
        backend.stop()
    days = [store_day(at) for (at,) in rows(backend_engine, "SELECT at FROM fiscaljournal WHERE kind = 'closing'"
                                                           " AND register_id = '1003-02'")]
    assert sorted(days) == sorted(set(days)) and len(days) == DAYS  # no day closed twice
