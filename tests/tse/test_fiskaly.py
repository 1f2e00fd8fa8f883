"""FiskalyTse against a local stand-in of fiskaly SIGN DE v2 (tests/tse/fiskaly_standin.py): real HTTP over
uvicorn, real signatures, faults injected at the transport."""

from __future__ import annotations

import base64
import hashlib
import io
import logging
import tarfile
from datetime import datetime, timezone

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

from app.tse.fiskaly import FiskalyTse, TseAuthFailed
from app.tse.fiskaly_journal import FiskalyJournal
from app.tse.interface import Tse, TseRejected, TseUnavailable, TransactionLog
from tests.tse.fiskaly_standin import Clock, FaultTransport, StandIn
from tests.tse.fiskaly_standin_app import free_port

API_KEY, API_SECRET, ADMIN_PIN = "test_key_7adkq", "s3cr3t-Secret-value", "48151623"
REGISTER = "KASSE-1001-01"
OTHER_REGISTER = "KASSE-1001-02"
RECEIPT = ("Kassenbeleg-V1", "Beleg^21.42_0.00_0.00_0.00_0.00^21.42:Unbar")


@pytest.fixture
def fiskaly(server):
    server.state = StandIn(api_key=API_KEY, api_secret=API_SECRET, admin_pin=ADMIN_PIN)
    return server.state


@pytest.fixture
def transport():
    t = FaultTransport()
    yield t
    t.close()


@pytest.fixture
def make_tse(server, fiskaly, transport, tmp_path):
    made = []

    def make(**kw) -> FiskalyTse:
        options = dict(api_key=API_KEY, api_secret=API_SECRET, tss_id=fiskaly.tss_id, admin_pin=ADMIN_PIN,
                       journal=tmp_path / "fiskaly-journal.sqlite3", transport=transport, wait=lambda _: None)
        options.update(kw)
        tse = FiskalyTse(options.pop("base_url", server.url), **options)
        made.append(tse)
        return tse

    yield make
    for tse in made:
        tse.close()


@pytest.fixture
def tse(make_tse):
    t = make_tse()
    t.register_client(REGISTER)
    return t


def verify(fiskaly: StandIn, log: TransactionLog) -> None:
    """The log's signature is fiskaly's over exactly the fields the adapter reported."""
    tbs = fiskaly.tbs(operation=log.operation, client_id=log.client_id, process_data=log.process_data.encode(),
                      process_type=log.process_type, number=log.transaction_number, counter=log.signature_counter,
                      log_time=int(log.log_time.timestamp()))
    key = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), base64.b64decode(log.public_key_b64))
    plain = base64.b64decode(log.signature_b64)
    der = encode_dss_signature(int.from_bytes(plain[:32], "big"), int.from_bytes(plain[32:], "big"))
    key.verify(der, tbs, ec.ECDSA(hashes.SHA256()))


def test_is_a_tse(tse):
    assert isinstance(tse, Tse)


def test_register_client_puts_the_register_serial_under_admin_login(make_tse, fiskaly):
    tse = make_tse()
    tse.register_client(REGISTER)
    tse.register_client(REGISTER)  # idempotent
    assert [c["serial_number"] for c in fiskaly.clients.values()] == [REGISTER]
    assert [r.split("?")[0] for r in fiskaly.requests if "/client" in r or "/admin" in r] == [
        f"GET /tss/{fiskaly.tss_id}/client/{next(iter(fiskaly.clients))}",
        f"POST /tss/{fiskaly.tss_id}/admin/auth",
        f"PUT /tss/{fiskaly.tss_id}/client/{next(iter(fiskaly.clients))}",
        f"POST /tss/{fiskaly.tss_id}/admin/logout",
        f"GET /tss/{fiskaly.tss_id}/client/{next(iter(fiskaly.clients))}"]
    assert fiskaly.admin_logged_in is False


def test_register_client_after_a_lost_answer_finds_the_client(make_tse, fiskaly, transport):
    tse = make_tse()
    transport.inject("lost_response", method="PUT", path="/client/")
    with pytest.raises(TseUnavailable):
        tse.register_client(REGISTER)
    tse.register_client(REGISTER)
    assert len(fiskaly.clients) == 1


def test_start_and_finish_give_the_signed_log_messages(tse, fiskaly):
    fiskaly.clock = Clock(1_674_239_242)
    start = tse.start_transaction(REGISTER, reference="bon-1")
    fiskaly.clock.advance(345)
    finish = tse.finish_transaction(REGISTER, start.transaction_number, process_type=RECEIPT[0],
                                    process_data=RECEIPT[1])

    assert (start.operation, start.transaction_number, start.process_type, start.process_data) == (
        "StartTransaction", 1, "", "")
    assert start.log_time == start.start_time == datetime(2023, 1, 20, 18, 27, 22, tzinfo=timezone.utc)
    assert (finish.operation, finish.transaction_number, finish.client_id) == ("FinishTransaction", 1, REGISTER)
    assert (finish.process_type, finish.process_data) == RECEIPT
    assert finish.start_time == start.log_time
    assert finish.log_time == datetime(2023, 1, 20, 18, 33, 7, tzinfo=timezone.utc)
    assert finish.signature_counter == start.signature_counter + 1 == 29  # the TSS came with 27
    assert finish.serial_hex == fiskaly.serial.hex()
    assert finish.public_key_b64 == base64.b64encode(fiskaly.public_point).decode()
    assert (finish.signature_algorithm, finish.time_format) == ("ecdsa-plain-SHA256", "unixTime")
    verify(fiskaly, start)
    verify(fiskaly, finish)
    # what went over the wire: revision 1 ACTIVE, revision 2 FINISHED with schema.raw, base64
    tx_id, tx = next(iter(fiskaly.txs.items()))
    assert fiskaly.tx_puts() == [f"PUT /tss/{fiskaly.tss_id}/tx/{tx_id}?tx_revision={n}" for n in (1, 2)]
    sent = tx["revisions"][2][0]
    assert sent["state"] == "FINISHED"
    assert base64.b64decode(sent["schema"]["raw"]["process_data"]).decode() == RECEIPT[1]
    assert tx["state"] == "FINISHED"


def test_update_signs_a_revision_of_its_own(tse, fiskaly):
    start = tse.start_transaction(REGISTER)
    update = tse.update_transaction(REGISTER, start.transaction_number, process_type="Bestellung-V1",
                                    process_data='1;"Apfel";0.50')
    finish = tse.finish_transaction(REGISTER, start.transaction_number, process_type=RECEIPT[0],
                                    process_data=RECEIPT[1])
    assert update.operation == "UpdateTransaction"
    assert (update.process_type, update.process_data) == ("Bestellung-V1", '1;"Apfel";0.50')
    verify(fiskaly, update)
    assert fiskaly.operations(1) == ["StartTransaction", "UpdateTransaction", "FinishTransaction"]
    assert finish.signature_counter == update.signature_counter + 1


@pytest.mark.parametrize("restart", [False, True], ids=["same-process", "after-restart"])
def test_a_lost_answer_on_start_is_retried_with_the_stored_uuid(make_tse, fiskaly, transport, restart):
    tse = make_tse()
    tse.register_client(REGISTER)
    transport.inject("lost_response", method="PUT", path="/tx/")
    with pytest.raises(TseUnavailable):
        tse.start_transaction(REGISTER, reference="bon-7")
    assert len(fiskaly.txs) == 1  # fiskaly did start it
    if restart:
        tse.close()
        tse = make_tse()
    start = tse.start_transaction(REGISTER, reference="bon-7")

    assert len(fiskaly.txs) == 1 and start.transaction_number == 1
    tx_id = next(iter(fiskaly.txs))
    assert fiskaly.tx_puts() == [f"PUT /tss/{fiskaly.tss_id}/tx/{tx_id}?tx_revision=1"] * 2
    assert fiskaly.operations(1) == ["StartTransaction"]  # signed once
    verify(fiskaly, start)
    tse.finish_transaction(REGISTER, 1, process_type=RECEIPT[0], process_data=RECEIPT[1])
    assert fiskaly.txs[tx_id]["state"] == "FINISHED"


@pytest.mark.parametrize("restart", [False, True], ids=["same-process", "after-restart"])
def test_a_lost_answer_on_finish_is_retried_with_the_stored_revision(make_tse, fiskaly, transport, restart):
    tse = make_tse()
    tse.register_client(REGISTER)
    start = tse.start_transaction(REGISTER, reference="bon-8")
    transport.inject("lost_response", method="PUT", path="/tx/")
    with pytest.raises(TseUnavailable):
        tse.finish_transaction(REGISTER, start.transaction_number, process_type=RECEIPT[0], process_data=RECEIPT[1])
    tx_id, tx = next(iter(fiskaly.txs.items()))
    assert tx["state"] == "FINISHED"  # fiskaly did finish it
    if restart:
        tse.close()
        tse = make_tse()
    finish = tse.finish_transaction(REGISTER, start.transaction_number, process_type=RECEIPT[0],
                                    process_data=RECEIPT[1])

    assert len(fiskaly.txs) == 1
    assert fiskaly.operations(1) == ["StartTransaction", "FinishTransaction"]  # finished once
    assert fiskaly.tx_puts() == [f"PUT /tss/{fiskaly.tss_id}/tx/{tx_id}?tx_revision={n}" for n in (1, 2, 2)]
    assert finish.signature_counter == int(tx["revisions"][2][1]["signature"]["counter"])
    assert (finish.operation, finish.process_data) == ("FinishTransaction", RECEIPT[1])
    verify(fiskaly, finish)
    assert tse.open_transactions() == []


def test_a_repeated_revision_answered_with_a_conflict_is_read_back(tse, fiskaly, transport):
    fiskaly.idempotent = False  # in case fiskaly refuses a repeated revision instead of answering it again
    start = tse.start_transaction(REGISTER)
    transport.inject("lost_response", method="PUT", path="/tx/")
    with pytest.raises(TseUnavailable):
        tse.finish_transaction(REGISTER, start.transaction_number, process_type=RECEIPT[0], process_data=RECEIPT[1])
    finish = tse.finish_transaction(REGISTER, start.transaction_number, process_type=RECEIPT[0],
                                    process_data=RECEIPT[1])
    assert finish.operation == "FinishTransaction"
    assert fiskaly.operations(1) == ["StartTransaction", "FinishTransaction"]
    verify(fiskaly, finish)


def test_finishing_again_answers_the_same_log_and_other_data_are_refused(tse, fiskaly):
    start = tse.start_transaction(REGISTER)
    first = tse.finish_transaction(REGISTER, 1, process_type=RECEIPT[0], process_data=RECEIPT[1])
    again = tse.finish_transaction(REGISTER, 1, process_type=RECEIPT[0], process_data=RECEIPT[1])
    assert again == first
    with pytest.raises(TseRejected):
        tse.finish_transaction(REGISTER, start.transaction_number, process_type=RECEIPT[0],
                               process_data="Beleg^1.00_0.00_0.00_0.00_0.00^1.00:Bar")
    assert fiskaly.operations(1) == ["StartTransaction", "FinishTransaction"]


def test_a_gateway_5xx_on_finish_is_unavailable_and_the_retry_finishes_once(tse, fiskaly, transport):
    tse.start_transaction(REGISTER)
    transport.inject("5xx", method="PUT", path="/tx/")
    with pytest.raises(TseUnavailable):
        tse.finish_transaction(REGISTER, 1, process_type=RECEIPT[0], process_data=RECEIPT[1])
    assert fiskaly.operations(1) == ["StartTransaction"]
    tse.finish_transaction(REGISTER, 1, process_type=RECEIPT[0], process_data=RECEIPT[1])
    assert fiskaly.operations(1) == ["StartTransaction", "FinishTransaction"]


def test_cancel_ends_the_transaction_as_cancelled(tse, fiskaly):
    start = tse.start_transaction(REGISTER)
    cancel = tse.cancel_transaction(REGISTER, start.transaction_number)
    assert cancel.operation == "FinishTransaction"
    assert cancel.process_data.startswith("AVBelegabbruch^")
    verify(fiskaly, cancel)
    assert next(iter(fiskaly.txs.values()))["state"] == "CANCELLED"
    assert tse.open_transactions() == []
    with pytest.raises(TseRejected):
        tse.finish_transaction(REGISTER, start.transaction_number, process_type=RECEIPT[0], process_data=RECEIPT[1])


def test_open_transactions_page_through_the_active_ones(make_tse, fiskaly):
    tse = make_tse(page_size=2)
    tse.register_client(REGISTER)
    tse.register_client(OTHER_REGISTER)
    for register in (REGISTER, OTHER_REGISTER, REGISTER, REGISTER):
        tse.start_transaction(register)
    tse.finish_transaction(REGISTER, 1, process_type=RECEIPT[0], process_data=RECEIPT[1])
    assert [(t.client_id, t.transaction_number) for t in tse.open_transactions()] == [
        (OTHER_REGISTER, 2), (REGISTER, 3), (REGISTER, 4)]
    assert [t.transaction_number for t in tse.open_transactions(REGISTER)] == [3, 4]
    assert tse.info().open_transactions == 3


def test_a_transaction_of_another_register_or_unknown_is_refused(tse):
    tse.register_client(OTHER_REGISTER)
    tse.start_transaction(OTHER_REGISTER)
    with pytest.raises(TseRejected):
        tse.finish_transaction(REGISTER, 1, process_type=RECEIPT[0], process_data=RECEIPT[1])
    with pytest.raises(TseRejected):
        tse.finish_transaction(REGISTER, 99, process_type=RECEIPT[0], process_data=RECEIPT[1])


def test_a_transaction_started_before_the_journal_is_adopted(tse, make_tse, fiskaly, tmp_path):
    tse.start_transaction(REGISTER)
    other = make_tse(journal=tmp_path / "another-journal.sqlite3")
    finish = other.finish_transaction(REGISTER, 1, process_type=RECEIPT[0], process_data=RECEIPT[1])
    assert finish.operation == "FinishTransaction"
    assert fiskaly.tx_puts()[-1].endswith("?tx_revision=2")


def test_unregistered_client_is_rejected(make_tse):
    tse = make_tse()
    with pytest.raises(TseRejected) as caught:
        tse.start_transaction(REGISTER)
    assert caught.value.status == 404 and caught.value.fiskaly_code == "E_CLIENT_NOT_FOUND"


def test_an_expired_token_is_renewed_once_and_the_call_succeeds(tse, fiskaly):
    assert fiskaly.auth_calls == ["api_key"]
    fiskaly.expire_access_tokens()  # fiskaly revoked it early: the adapter still thinks it valid
    start = tse.start_transaction(REGISTER)
    assert start.transaction_number == 1
    assert fiskaly.auth_calls == ["api_key", "refresh_token"]
    puts = fiskaly.tx_puts()
    assert len(puts) == 2 and puts[0] == puts[1]  # refused with 401, then sent again
    assert fiskaly.operations(1) == ["StartTransaction"]


def test_the_token_is_renewed_before_it_expires(make_tse, fiskaly):
    clock = Clock(fiskaly.now())
    tse = make_tse(clock=clock)
    tse.register_client(REGISTER)
    clock.advance(fiskaly.access_ttl - 30)  # inside the renewal margin
    tse.start_transaction(REGISTER)
    assert fiskaly.auth_calls == ["api_key", "refresh_token"]
    assert len(fiskaly.tx_puts()) == 1  # no refusal on the way


def test_an_expired_refresh_token_falls_back_to_the_api_key(tse, fiskaly):
    fiskaly.expire_access_tokens()
    fiskaly.expire_refresh_tokens()
    tse.start_transaction(REGISTER)
    assert fiskaly.auth_calls == ["api_key", "refresh_token", "api_key"]


def test_wrong_credentials_are_an_auth_failure_the_counter_survives(make_tse):
    tse = make_tse(api_secret="wrong-secret")
    with pytest.raises(TseAuthFailed) as caught:
        tse.info()
    assert isinstance(caught.value, TseUnavailable)


def test_connection_refused_is_unavailable_and_the_start_stays_pending(make_tse, tmp_path, fiskaly):
    tse = make_tse(base_url=f"http://127.0.0.1:{free_port()}/api/v2", transport=None)
    with pytest.raises(TseUnavailable):
        tse.start_transaction(REGISTER, reference="bon-9")
    entry = FiskalyJournal(tmp_path / "fiskaly-journal.sqlite3").by_reference(fiskaly.tss_id, "bon-9")
    assert (entry.revision, entry.state, entry.answered) == (1, "ACTIVE", False)


@pytest.mark.parametrize("fault", ["down", "5xx", "lost_response"])
def test_transport_faults_are_unavailable(tse, transport, fault):
    transport.inject(fault, path="/tss/")
    with pytest.raises(TseUnavailable):
        tse.info()
    assert tse.info().signature_counter >= 27


def test_info_describes_the_tss(tse, fiskaly):
    info = tse.info()
    assert info.serial_hex == fiskaly.serial.hex()
    assert bytes.fromhex(info.serial_hex) == hashlib.sha256(base64.b64decode(info.public_key_b64)).digest()
    cert = x509.load_pem_x509_certificate(info.certificate_pem.encode())
    point = cert.public_key().public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    assert point == fiskaly.public_point
    assert (info.signature_algorithm, info.time_format, info.process_data_encoding) == (
        "ecdsa-plain-SHA256", "unixTime", "UTF-8")
    assert (info.signature_counter, info.open_transactions, info.max_open_transactions) == (27, 0, 2000)


def test_self_test_and_update_time_ask_nothing(tse, fiskaly):
    before = list(fiskaly.requests)
    tse.self_test()
    tse.update_time()
    assert fiskaly.requests == before


def test_export_returns_the_log_messages_as_tar(tse, fiskaly):
    tse.start_transaction(REGISTER)
    tse.finish_transaction(REGISTER, 1, process_type=RECEIPT[0], process_data=RECEIPT[1])
    fiskaly.export_polls = 3
    data = tse.export_logs()
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        names = tar.getnames()
    assert len([n for n in names if "_Log-Tra_No-1_" in n]) == 2
    assert f"{fiskaly.serial.hex()}_X509.cer" in names
    assert sum(1 for r in fiskaly.requests if r.startswith("GET") and "/export/" in r and "/file" not in r) == 3


def test_an_export_that_does_not_finish_in_the_attempts_is_unavailable(make_tse, fiskaly):
    fiskaly.export_polls = 5
    waits = []
    tse = make_tse(export_poll_attempts=3, wait=waits.append)
    with pytest.raises(TseUnavailable):
        tse.export_logs()
    assert len(waits) == 2


def test_no_secret_reaches_the_log(make_tse, fiskaly, transport, caplog):
    caplog.set_level(logging.DEBUG)
    tse = make_tse()
    tse.register_client(REGISTER)
    fiskaly.expire_access_tokens()
    tse.start_transaction(REGISTER)
    transport.inject("lost_response", path="/tx/")
    with pytest.raises(TseUnavailable):
        tse.finish_transaction(REGISTER, 1, process_type=RECEIPT[0], process_data=RECEIPT[1])
    tse.finish_transaction(REGISTER, 1, process_type=RECEIPT[0], process_data=RECEIPT[1])
    errors = []
    for bad in (make_tse(api_secret="wrong-secret"), make_tse(admin_pin="99999999")):
        try:
            bad.register_client(OTHER_REGISTER)
        except TseUnavailable as exc:
            errors.append(str(exc))
        except TseRejected as exc:
            errors.append(str(exc))
    assert len(errors) == 2
    text = caplog.text + "\n".join(errors)
    assert "fiskaly" in caplog.text  # the adapter did log
    secrets = [API_KEY, API_SECRET, ADMIN_PIN, "wrong-secret", "99999999", *fiskaly.tokens, *fiskaly.refresh_tokens]
    assert [s for s in secrets if s in text] == []
