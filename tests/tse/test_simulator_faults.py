"""Each injected fault gives the interface's error, changes nothing it should not, and the device recovers."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from datetime import timedelta
from pathlib import Path

import pytest

from app.core.fiscal import receipt_qr
from app.tse.interface import ProcessType, TseRejected, TseTimeNotSet, TseUnavailable
from app.tse.simulator import TseSimulator
from tests.tse.conftest import REGISTER
from tests.tse.qr_verifier import verify_qr

ROOT = Path(__file__).resolve().parents[2]
RECEIPT = ProcessType.RECEIPT
SALE = "Beleg^5.00_0.00_0.00_0.00_0.00^5.00:Unbar"


def _finish(tse, number, data=SALE):
    return tse.finish_transaction(REGISTER, number, process_type=RECEIPT, process_data=data)


def _state(tse):
    info = tse.info()
    return info.signature_counter, info.open_transactions, len(tse.export_logs())


def test_fail_next(tse):
    started = tse.start_transaction(REGISTER)
    before = _state(tse)
    tse.fail_next(2)
    for _ in range(2):
        with pytest.raises(TseUnavailable):
            _finish(tse, started.transaction_number)
    assert _state(tse) == before
    assert verify_qr(receipt_qr(_finish(tse, started.transaction_number)))


def test_offline_window(tse):
    started = tse.start_transaction(REGISTER)
    before = _state(tse)
    tse.go_offline()
    calls = [tse.info, tse.self_test, tse.update_time, tse.export_logs, tse.open_transactions,
             lambda: tse.register_client("1001-02"), lambda: tse.start_transaction(REGISTER),
             lambda: _finish(tse, started.transaction_number),
             lambda: tse.cancel_transaction(REGISTER, started.transaction_number)]
    for call in calls:
        with pytest.raises(TseUnavailable):
            call()
    tse.go_online()
    assert _state(tse) == before
    assert verify_qr(receipt_qr(_finish(tse, started.transaction_number)))


def test_a_lost_finish_answer_is_retried(tse):
    started = tse.start_transaction(REGISTER)
    tse.lose_next_answers(1)
    with pytest.raises(TseUnavailable):
        _finish(tse, started.transaction_number)
    counter = tse.info().signature_counter
    retried = _finish(tse, started.transaction_number)  # the device had finished it: the same log comes back
    assert retried.signature_counter == counter
    assert tse.info().signature_counter == counter
    assert verify_qr(receipt_qr(retried))


def test_a_lost_start_answer_is_found_by_its_reference(tse):
    tse.lose_next_answers(1)
    with pytest.raises(TseUnavailable):
        tse.start_transaction(REGISTER, process_type=RECEIPT, reference="sale-7")
    started = tse.start_transaction(REGISTER, process_type=RECEIPT, reference="sale-7")
    assert [t.transaction_number for t in tse.open_transactions()] == [started.transaction_number]


def test_latency_uses_the_given_sleep(tmp_path, clock):
    waited = []
    tse = TseSimulator(tmp_path / "tse.sqlite3", clock=clock, sleep=waited.append)
    tse.set_latency(0.25)
    tse.register_client(REGISTER)
    delays = iter([1.5, 0.0])
    tse.set_latency(lambda: next(delays))
    tse.start_transaction(REGISTER)
    tse.info()
    tse.set_latency(0)
    tse.info()
    assert waited == [0.25, 1.5]
    tse.close()


def test_time_not_set(tse, clock):
    started = tse.start_transaction(REGISTER)
    tse.lose_time()
    before = _state(tse)
    for call in (lambda: tse.start_transaction(REGISTER), lambda: _finish(tse, started.transaction_number),
                 lambda: tse.register_client("1001-02")):
        with pytest.raises(TseTimeNotSet) as raised:
            call()
        assert isinstance(raised.value, TseUnavailable)  # the counter treats it as an outage
    assert _state(tse) == before
    tse.self_test()  # possible without the time
    tse.update_time(clock.now + timedelta(minutes=5))
    finished = _finish(tse, started.transaction_number)
    assert finished.log_time == clock.now + timedelta(minutes=5)
    assert verify_qr(receipt_qr(finished))


def test_self_test_due(tse):
    started = tse.start_transaction(REGISTER)
    tse.require_self_test()
    before = _state(tse)
    for call in (lambda: tse.start_transaction(REGISTER), lambda: _finish(tse, started.transaction_number),
                 tse.update_time):
        with pytest.raises(TseUnavailable, match="self-test"):
            call()
    assert _state(tse) == before
    tse.self_test()
    assert verify_qr(receipt_qr(_finish(tse, started.transaction_number)))


def test_too_many_open_transactions_recovers_when_one_is_finished(tse):
    started = [tse.start_transaction(REGISTER) for _ in range(tse.max_open_transactions)]
    with pytest.raises(TseUnavailable, match="open transactions"):
        tse.start_transaction(REGISTER)
    _finish(tse, started[0].transaction_number)
    assert tse.start_transaction(REGISTER).transaction_number == started[-1].transaction_number + 1


def test_a_rejection_is_not_an_outage():
    assert not issubclass(TseRejected, TseUnavailable)


def _run_until_power_loss(path: Path, code: str) -> None:
    script = textwrap.dedent(f"""
        from app.tse.simulator import TseSimulator
        tse = TseSimulator({str(path)!r})
        tse.power_loss_during_next_call()
        {code}
        raise SystemExit("the call came back")
    """)
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 70, result.stderr


@pytest.mark.parametrize("curve", ["P-256"])
def test_a_process_killed_mid_call_leaves_the_state_as_before(tmp_path, curve):
    path = tmp_path / "tse.sqlite3"
    tse = TseSimulator(path, curve=curve)
    tse.register_client(REGISTER)
    started = tse.start_transaction(REGISTER, process_type=RECEIPT)
    before = _state(tse)
    tse.close()

    _run_until_power_loss(path, f"tse.start_transaction({REGISTER!r}, process_type='Kassenbeleg-V1')")
    _run_until_power_loss(path, f"tse.finish_transaction({REGISTER!r}, {started.transaction_number},"
                                f" process_type='Kassenbeleg-V1', process_data={SALE!r})")
    _run_until_power_loss(path, "tse.register_client('1001-02')")

    tse = TseSimulator(path)
    assert _state(tse) == before
    assert [t.transaction_number for t in tse.open_transactions()] == [started.transaction_number]
    with pytest.raises(TseRejected):
        tse.start_transaction("1001-02")  # its registration was lost with the power
    finished = _finish(tse, started.transaction_number)
    assert finished.signature_counter == before[0] + 1
    assert verify_qr(receipt_qr(finished))
    assert tse.start_transaction(REGISTER).transaction_number == started.transaction_number + 1
    tse.close()
