"""Shared fixtures: a real SQLite replica seeded with the demo store."""

from __future__ import annotations

import os
import shutil

import pytest
from sqlmodel import Session

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from app.core.cash import CashCount  # noqa: E402
from app.payment.simulator import TerminalSimulator  # noqa: E402
from app.services import till  # noqa: E402
from sync.common import pins  # noqa: E402
from app.services.auth import AssociateSession, Role  # noqa: E402
from app.services.context import RegisterContext  # noqa: E402
from app.services.sale_session import SaleSession  # noqa: E402
from app.store.db import make_engine, open_replica  # noqa: E402
from app.demo.replica import seed_demo  # noqa: E402
from app.tse.simulator import TseSimulator  # noqa: E402

# Cheap PIN hashes for the tests (the production cost takes about 0.2 s a check and the tests log in
# hundreds of times); test_pins checks that the app itself runs at the production cost.
pins.current_cost = pins.ScryptCost(n=2**10, r=1, p=1)


@pytest.fixture(scope="session")
def seeded_replica_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("seed") / "replica.sqlite3"
    engine = open_replica(path)
    seed_demo(engine, products=1000)
    with engine.connect() as c:
        c.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return path


@pytest.fixture
def replica_path(seeded_replica_file, tmp_path):
    path = tmp_path / "replica.sqlite3"
    shutil.copy(seeded_replica_file, path)
    return path


@pytest.fixture
def engine(replica_path):
    eng = make_engine(replica_path)
    yield eng
    eng.dispose()


@pytest.fixture
def terminal():
    return TerminalSimulator("approve")


@pytest.fixture
def tse_device(tmp_path):
    """The register's TSE: the simulator, in its own file beside the replica."""
    device = TseSimulator(tmp_path / "tse.sqlite3")
    yield device
    device.close()


@pytest.fixture
def closed_ctx(engine, terminal, tse_device):
    """The register before its drawer's day is opened: it sells nothing yet."""
    return RegisterContext.load(engine, terminal=terminal, tse=tse_device)


@pytest.fixture
def ctx(closed_ctx):
    """The register as associates find it: the drawer's day opened (with an empty float, so that a test's own
    receipts are the first ones)."""
    open_the_day(closed_ctx, float_count=CashCount())
    return closed_ctx


def open_the_day(ctx, float_count=None) -> None:
    """The drawer's day opened this morning (a float of 200 € unless given), as a store's register is when
    associates log in."""
    if till.current_till(ctx, MANAGER) is None:
        till.open_till(ctx, MANAGER, float_count=CashCount({5000: 4}) if float_count is None else float_count)


MANAGER = AssociateSession(3, "Jonas Weber", Role.MANAGER)


@pytest.fixture
def associate():
    return AssociateSession(1, "Lena Schmidt", Role.ASSOCIATE)


@pytest.fixture
def manager():
    return AssociateSession(3, "Jonas Weber", Role.MANAGER)


@pytest.fixture
def sale(ctx, associate):
    return SaleSession(ctx, associate)


def gtin_of(engine, product_id: int) -> str:
    """The 13-digit EAN a scanner would read for a demo product."""
    with Session(engine) as s:
        gtin = s.connection().exec_driver_sql(
            "SELECT gtin FROM productgtin WHERE product_id = ? ORDER BY gtin LIMIT 1", (product_id,)
        ).scalar_one()
    return gtin[1:]


def weighed_product(engine) -> tuple[int, str, int]:
    """(id, plu, price per kg) of a weighed demo product."""
    with Session(engine) as s:
        return tuple(s.connection().exec_driver_sql(
            "SELECT id, plu, gross_price_cents FROM product WHERE weighed ORDER BY id LIMIT 1").one())


def piece_product_ids(engine, count: int) -> list[int]:
    """Ids of demo products sold by the piece (they have an EAN)."""
    with Session(engine) as s:
        return [r[0] for r in s.connection().exec_driver_sql(
            "SELECT id FROM product WHERE NOT weighed AND id > 1 ORDER BY id LIMIT ?", (count,))]


def set_store_settings(engine, **values):
    """Change this replica's store settings (location.settings), as a pull from the backend would."""
    from sqlmodel import Session

    from app.store.models import Location, Setting

    with Session(engine) as s:
        loc = s.get(Location, s.get(Setting, "store_id").value)
        loc.settings = {**(loc.settings or {}), **values}
        s.add(loc)
        s.commit()
