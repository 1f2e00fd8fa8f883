"""The TSE simulator behaves like a certified device: every receipt QR verifies independently, counters
never go backwards, its state survives reopening, a finish can be retried."""

from __future__ import annotations

import base64
import hashlib
import io
import tarfile
from datetime import datetime, timedelta, timezone

import pytest
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.fiscal import ABORTED_PROCESS_DATA, receipt_qr, sale_process_data
from app.core.tenders import Tender, TenderKind
from app.core.vat import VatClass
from app.tse.interface import ProcessType, Tse, TseRejected, TseUnavailable
from app.tse.simulator import TseSimulator
from tests.tse.conftest import CURVES, REGISTER, HandClock
from tests.tse.qr_verifier import verify_qr

RECEIPT = ProcessType.RECEIPT
SALE = "Beleg^12.34_0.00_0.00_0.00_0.00^12.34:Bar"


def _sale(tse, data=SALE, client=REGISTER):
    started = tse.start_transaction(client, process_type=RECEIPT)
    return started, tse.finish_transaction(client, started.transaction_number, process_type=RECEIPT,
                                           process_data=data)


def test_it_is_a_tse(tse):
    assert isinstance(tse, Tse)


def test_every_finish_verifies(tse, clock, curve):
    started = tse.start_transaction(REGISTER, process_type=RECEIPT)
    clock.advance(seconds=7)
    tse.update_transaction(REGISTER, started.transaction_number, process_type=RECEIPT, process_data="Beleg^…")
    clock.advance(seconds=3)
    finished = tse.finish_transaction(REGISTER, started.transaction_number, process_type=RECEIPT,
                                      process_data=SALE)
    assert finished.start_time == started.log_time == clock.now - timedelta(seconds=10)
    assert finished.log_time == clock.now
    info = tse.info()
    assert finished.serial_hex == info.serial_hex == hashlib.sha256(
        base64.b64decode(info.public_key_b64)).hexdigest()
    assert finished.signature_algorithm == info.signature_algorithm == {
        "P-256": "ecdsa-plain-SHA256", "brainpoolP384r1": "ecdsa-plain-SHA384"}[curve]
    qr = receipt_qr(finished)
    assert qr.startswith(f"V0;{REGISTER};Kassenbeleg-V1;{SALE};{started.transaction_number};")
    assert verify_qr(qr)
    assert not verify_qr(qr.replace("12.34", "12.35"))


def test_cancel_is_an_aborted_receipt(tse):
    started = tse.start_transaction(REGISTER)
    cancelled = tse.cancel_transaction(REGISTER, started.transaction_number)
    assert (cancelled.process_type, cancelled.process_data) == (RECEIPT, ABORTED_PROCESS_DATA)
    assert verify_qr(receipt_qr(cancelled))
    assert tse.cancel_transaction(REGISTER, started.transaction_number) == cancelled
    assert tse.open_transactions() == []


def test_counters(tse):
    counter = tse.info().signature_counter
    assert counter == 2  # initialisation, the registration
    tse.register_client(REGISTER)  # known: nothing happens
    assert tse.info().signature_counter == counter
    tse.register_client("1001-02")
    tse.self_test()
    tse.update_time()
    assert tse.info().signature_counter == counter + 3  # system events use the counter too
    started, finished = _sale(tse)
    assert (started.signature_counter, finished.signature_counter) == (counter + 4, counter + 5)
    other_started, _ = _sale(tse, client="1001-02")
    numbers = [started.transaction_number, other_started.transaction_number]
    assert numbers == [1, 2]  # consecutive for the whole device, whichever client


def test_signature_counters_and_numbers_only_go_up(tse):
    seen_counters, seen_numbers = [], []
    for i in range(6):
        started = tse.start_transaction(REGISTER, process_type=RECEIPT)
        if i % 2:
            tse.self_test()
        finished = tse.finish_transaction(REGISTER, started.transaction_number, process_type=RECEIPT,
                                          process_data=SALE)
        seen_counters += [started.signature_counter, finished.signature_counter]
        seen_numbers.append(finished.transaction_number)
    assert seen_counters == sorted(set(seen_counters))
    assert seen_numbers == list(range(seen_numbers[0], seen_numbers[0] + 6))


def test_the_open_transaction_limit(tse):
    started = [tse.start_transaction(REGISTER) for _ in range(4)]
    assert tse.info().open_transactions == 4
    with pytest.raises(TseUnavailable):
        tse.start_transaction(REGISTER)
    tse.cancel_transaction(REGISTER, started[0].transaction_number)
    still_open = [s.transaction_number for s in started[1:]]
    assert [t.transaction_number for t in tse.open_transactions(REGISTER)] == still_open
    fifth = tse.start_transaction(REGISTER)
    assert fifth.transaction_number == started[-1].transaction_number + 1  # the refusal used no number
    assert tse.open_transactions("1001-99") == []


def test_finishing_again(tse):
    started, finished = _sale(tse)
    counter = tse.info().signature_counter
    assert tse.finish_transaction(REGISTER, started.transaction_number, process_type=RECEIPT,
                                  process_data=SALE) == finished
    assert tse.info().signature_counter == counter
    with pytest.raises(TseRejected):
        tse.finish_transaction(REGISTER, started.transaction_number, process_type=RECEIPT,
                               process_data=SALE.replace("12.34", "12.35"))
    with pytest.raises(TseRejected):
        tse.cancel_transaction(REGISTER, started.transaction_number)
    with pytest.raises(TseRejected):
        tse.update_transaction(REGISTER, started.transaction_number, process_type=RECEIPT, process_data="")


def test_a_start_with_a_known_reference_answers_that_start(tse):
    first = tse.start_transaction(REGISTER, process_type=RECEIPT, reference="sale-1")
    assert tse.start_transaction(REGISTER, process_type=RECEIPT, reference="sale-1") == first
    assert len(tse.open_transactions()) == 1
    tse.register_client("1001-02")
    with pytest.raises(TseRejected):
        tse.start_transaction("1001-02", reference="sale-1")


@pytest.mark.parametrize("call", [
    lambda t, n: t.start_transaction("1001-77"),  # not registered
    lambda t, n: t.finish_transaction(REGISTER, n + 100, process_type=RECEIPT, process_data=""),
    lambda t, n: t.finish_transaction("1001-02", n, process_type=RECEIPT, process_data=""),  # not its own
    lambda t, n: t.update_transaction(REGISTER, n, process_type="Kassenbeleg_V1", process_data=""),
    lambda t, n: t.register_client("Kasse_1"),  # "_" is no PrintableString
    lambda t, n: t.update_time(datetime(2025, 1, 1)),  # naive
], ids=["unregistered", "unknown tx", "other client", "process type", "client id", "naive time"])
def test_wrong_requests_are_rejected(tse, call):
    tse.register_client("1001-02")
    started = tse.start_transaction(REGISTER)
    counter = tse.info().signature_counter
    with pytest.raises(TseRejected):
        call(tse, started.transaction_number)
    assert tse.info().signature_counter == counter


def test_update_time_sets_the_device_clock(tse, clock):
    tse.update_time(clock.now + timedelta(hours=1))
    started = tse.start_transaction(REGISTER)
    assert started.log_time == clock.now + timedelta(hours=1)
    tse.update_time()
    assert tse.start_transaction(REGISTER).log_time == clock.now


def test_log_times_are_whole_seconds(tse, clock):
    clock.advance(microseconds=999_999)
    started, finished = _sale(tse)
    assert finished.log_time == clock.now.replace(microsecond=0)
    assert verify_qr(receipt_qr(finished))


def test_persistence_across_reopening(tmp_path, clock, curve):
    path = tmp_path / "tse.sqlite3"
    device = TseSimulator(path, curve=curve, clock=clock)
    device.register_client(REGISTER)
    _, first = _sale(device)
    still_open = device.start_transaction(REGISTER, process_type=RECEIPT)
    info = device.info()
    device.close()

    again = TseSimulator(path, clock=clock)  # the curve comes from the file
    assert again.info().public_key_b64 == info.public_key_b64
    assert again.info().certificate_pem == info.certificate_pem
    assert again.info().signature_counter == info.signature_counter
    assert [t.transaction_number for t in again.open_transactions()] == [still_open.transaction_number]
    finished = again.finish_transaction(REGISTER, still_open.transaction_number, process_type=RECEIPT,
                                        process_data=SALE)
    assert finished.signature_counter == info.signature_counter + 1
    assert finished.start_time == still_open.log_time
    assert verify_qr(receipt_qr(finished))
    assert again.finish_transaction(REGISTER, first.transaction_number, process_type=RECEIPT,
                                    process_data=SALE) == first
    next_sale, _ = _sale(again)
    assert next_sale.transaction_number == still_open.transaction_number + 1
    again.close()
    with pytest.raises(ValueError):
        TseSimulator(path, curve=next(c for c in CURVES if c != curve))


def test_the_export(tse, clock):
    _sale(tse)
    clock.advance(seconds=1)
    tse.cancel_transaction(REGISTER, tse.start_transaction(REGISTER).transaction_number)
    info = tse.info()
    with tarfile.open(fileobj=io.BytesIO(tse.export_logs())) as tar:
        files = {m.name: tar.extractfile(m).read() for m in tar.getmembers()}
    certificate = x509.load_der_x509_certificate(files.pop(f"{info.serial_hex.upper()}_X509.cer"))
    assert certificate.public_key().public_bytes(serialization.Encoding.X962,
                                                 serialization.PublicFormat.UncompressedPoint) == \
        base64.b64decode(info.public_key_b64)
    assert certificate == x509.load_pem_x509_certificate(info.certificate_pem.encode())
    assert b"description" in files.pop("info.csv")
    logs = sorted(files, key=lambda name: int(name.split("_Sig-")[1].split("_")[0]))
    assert len(logs) == info.signature_counter
    assert [name.split("_Log-")[1] for name in logs] == [
        "Sys_Initialize.log", "Sys_RegisterClient.log",
        f"Tra_No-1_Start_Client-{REGISTER}.log", f"Tra_No-1_Finish_Client-{REGISTER}.log",
        f"Tra_No-2_Start_Client-{REGISTER}.log", f"Tra_No-2_Finish_Client-{REGISTER}.log"]
    public_key = certificate.public_key()
    for name in logs:
        _verify_log_message(files[name], public_key)


def _der_elements(data: bytes) -> list[bytes]:
    """The complete TLVs in a DER content (short and long lengths)."""
    out, i = [], 0
    while i < len(data):
        length, head = data[i + 1], 2
        if length & 0x80:
            n = length & 0x7F
            length, head = int.from_bytes(data[i + 2:i + 2 + n], "big"), 2 + n
        out.append(data[i:i + head + length])
        i += head + length
    return out


def _verify_log_message(message: bytes, public_key) -> None:
    """An exported log message: SEQUENCE { …data to be signed…, OCTET STRING signature }, verified."""
    (sequence,) = _der_elements(message)
    assert sequence[0] == 0x30
    elements = _der_elements(sequence[2:] if sequence[1] < 0x80 else sequence[2 + (sequence[1] & 0x7F):])
    assert elements[0] == bytes.fromhex("020102")  # version 2
    signature = elements[-1][2:]
    assert elements[-1][0] == 0x04
    half = len(signature) // 2
    hash_type = hashes.SHA256() if half == 32 else hashes.SHA384()
    der = encode_dss_signature(int.from_bytes(signature[:half], "big"), int.from_bytes(signature[half:], "big"))
    try:
        public_key.verify(der, b"".join(elements[:-1]), ec.ECDSA(hash_type))
    except InvalidSignature:  # pragma: no cover - the assertion message is the point
        pytest.fail("an exported log message does not verify")


@pytest.fixture(scope="module", params=CURVES)
def shared_tse(request, tmp_path_factory):
    device = TseSimulator(tmp_path_factory.mktemp("tse") / "tse.sqlite3", curve=request.param,
                          clock=HandClock(), max_open_transactions=2)
    device.register_client(REGISTER)
    yield device
    device.close()


_items = st.lists(st.tuples(st.sampled_from(list(VatClass)), st.integers(-300_000, 300_000)), min_size=1, max_size=8)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(items=_items, cash_share=st.floats(0, 1))
def test_any_sale_or_return_verifies(shared_tse, items, cash_share):
    total = sum(c for _, c in items)
    cash = round(total * cash_share)
    tenders = [Tender(TenderKind.CASH, cash), Tender(TenderKind.CARD, total - cash)]
    process_data = sale_process_data(items, tenders)
    started = shared_tse.start_transaction(REGISTER, process_type=RECEIPT)
    finished = shared_tse.finish_transaction(REGISTER, started.transaction_number, process_type=RECEIPT,
                                             process_data=process_data)
    qr = receipt_qr(finished)
    assert verify_qr(qr)
    assert finished.start_time <= finished.log_time
    assert finished.log_time.tzinfo == timezone.utc
