"""The background worker against the real backend: offline, back online, backoff."""

import random
import time

from sync.client.worker import SyncWorker, backoff_delay
from tests.conftest import gtin_of
from tests.sync.faults import FaultTransport


def test_backoff_grows_with_jitter_and_is_capped():
    rng = random.Random(1)
    delays = [backoff_delay(n, base_s=2, max_s=60, rng=rng) for n in range(1, 12)]
    assert all(2 <= d <= 60 for d in delays)
    assert max(delays[:2]) <= 8 and max(delays[5:]) > 8
    assert len({round(d, 3) for d in delays}) == len(delays)  # jittered, not in lockstep


def test_offline_then_online(make_register, backend):
    transport = FaultTransport()
    reg = make_register(transport=transport)
    statuses = []
    worker = SyncWorker(reg.sync, on_status=statuses.append, interval_s=0.05, base_backoff_s=0.01,
                        max_backoff_s=0.05)
    reg.sell(gtin_of(reg.replica, 2))
    transport.plan = ["down"] * 3
    assert worker.run_once() <= 0.05
    assert statuses[-1].online is False and statuses[-1].pending == 1 and "nicht erreichbar" in str(statuses[-1].last_error)
    worker.start()
    deadline = time.monotonic() + 10
    while not (worker.status.online and worker.status.pending == 0):
        assert time.monotonic() < deadline, worker.status
        time.sleep(0.02)
    assert worker.status.last_success is not None and worker.status.last_error == ""
    worker.interval_s = 30  # idle now; a sale wakes it at once
    time.sleep(0.1)
    reg.sell(gtin_of(reg.replica, 3))
    worker.wake()
    deadline = time.monotonic() + 5
    while reg.sync.pending_count():
        assert time.monotonic() < deadline
        time.sleep(0.02)
    worker.stop()
    assert not worker._thread.is_alive()


def test_bootstrap_reports_progress(make_register, backend):
    reg = make_register()
    with reg.replica.begin() as c:  # as if this register had never pulled
        c.exec_driver_sql("DELETE FROM setting WHERE key = 'pull_cursor'")
    reg.sync.page_size = 40  # a store's feed: the catalog, its own stock and the warehouse's (not other stores')
    statuses = []
    SyncWorker(reg.sync, on_status=statuses.append).run_once()
    progress = [s.progress for s in statuses if s.progress]
    assert len(progress) >= 10 and progress[0][1] is not None  # an estimate from the first page
    done = [p[0] for p in progress]
    assert done == sorted(done) and done[-1] >= progress[0][1] * 0.9
    assert statuses[-1].progress is None and statuses[-1].online


def test_status_texts_name_no_exception_classes():
    """What the sync indicator's tooltip shows is for an associate: words, never a Python class name."""
    import errno

    import httpx
    from sqlalchemy.exc import OperationalError

    from sync.client.http import transport_reason
    from sync.client.worker import local_failure

    request = httpx.Request("GET", "https://zentrale.example/v1/pull")
    for exc in (httpx.ConnectError("refused", request=request), httpx.ReadTimeout("slow", request=request),
                httpx.RemoteProtocolError("cut", request=request)):
        assert type(exc).__name__ not in str(transport_reason(exc)) and "Error" not in str(transport_reason(exc))
    full = OperationalError("INSERT …", {}, Exception("database or disk is full"))
    assert "Speicher" in str(local_failure(full)) and "OperationalError" not in str(local_failure(full))
    assert "Speicher" in str(local_failure(OSError(errno.ENOSPC, "No space left on device")))
    assert "KeyError" not in str(local_failure(KeyError("x"))) and "Protokoll" in str(local_failure(KeyError("x")))
