"""The independent verifier against two real receipts, and the app's log message against the verifier."""

import base64
import hashlib
from datetime import datetime

import pytest

from app.tse.log_message import der_integer, der_oid, log_message, transaction_log_tbs
from tests.tse.qr_verifier import parse_qr, signed_data, verify_qr
from tests.tse.vectors import REAL_RECEIPT_BRAINPOOL_P384, REAL_RECEIPT_P256, REAL_RECEIPTS


def _with_field(qr: str, index: int, value: str) -> str:
    parts = qr.split(";")
    parts[index] = value
    return ";".join(parts)


@pytest.mark.parametrize("qr", REAL_RECEIPTS, ids=["P-256", "brainpoolP384r1"])
def test_real_receipts_verify(qr):
    assert verify_qr(qr)


@pytest.mark.parametrize("qr", REAL_RECEIPTS, ids=["P-256", "brainpoolP384r1"])
@pytest.mark.parametrize("index,change", [
    (3, lambda v: v.replace("^21.42:", "^21.43:").replace("^5.00:", "^5.01:")),  # an amount paid
    (3, lambda v: v.replace("Beleg^", "AVTraining^")),
    (1, lambda v: v + "X"),  # the register
    (2, lambda v: v.replace("-V1", "-V2")),
    (4, lambda v: str(int(v) + 1)),  # transaction number
    (5, lambda v: str(int(v) + 1)),  # signature counter
    (7, lambda v: v.replace(":33.", ":34.").replace(":55.", ":56.")),  # log time
], ids=["amount", "bon type", "client", "process type", "tx number", "counter", "log time"])
def test_a_changed_field_does_not_verify(qr, index, change):
    changed = _with_field(qr, index, change(qr.split(";")[index]))
    assert changed != qr
    assert not verify_qr(changed)


def test_another_public_key_does_not_verify():
    other_key = REAL_RECEIPT_BRAINPOOL_P384.split(";")[11]
    qr = _with_field(REAL_RECEIPT_P256, 11, other_key)
    assert not verify_qr(_with_field(qr, 8, "ecdsa-plain-SHA384"))


def test_a_flipped_signature_bit_does_not_verify():
    signature = bytearray(base64.b64decode(REAL_RECEIPT_P256.split(";")[10]))
    signature[5] ^= 0x01
    assert not verify_qr(_with_field(REAL_RECEIPT_P256, 10, base64.b64encode(bytes(signature)).decode()))


def test_the_start_time_is_not_signed():
    """The finish log message holds only its own log time: the QR's start time is not part of it."""
    assert verify_qr(_with_field(REAL_RECEIPT_P256, 6, "2021-08-23T14:36:30.000Z"))


@pytest.mark.parametrize("qr", REAL_RECEIPTS, ids=["P-256", "brainpoolP384r1"])
def test_app_log_message_equals_the_verifiers_rebuild(qr):
    """Two encoders written apart give the same bytes for the real receipts."""
    f = parse_qr(qr)
    log_time = int(datetime.fromisoformat(f.log_time.replace("Z", "+00:00")).timestamp())
    tbs = transaction_log_tbs(operation="FinishTransaction", client_id=f.client_id,
                              process_data=f.process_data.encode(), process_type=f.process_type,
                              transaction_number=f.transaction_number, serial=hashlib.sha256(f.public_key).digest(),
                              signature_algorithm=f.signature_algorithm, signature_counter=f.signature_counter,
                              log_time_unix=log_time)
    assert tbs == signed_data(f)
    full = log_message(tbs, f.signature)
    assert full[0] == 0x30 and full.endswith(bytes([0x04, len(f.signature)]) + f.signature)


def test_der_primitives():
    assert der_integer(0) == bytes.fromhex("020100")
    assert der_integer(128) == bytes.fromhex("02020080")
    assert der_integer(344413) == bytes.fromhex("02030541 5d".replace(" ", ""))
    assert der_oid("0.4.0.127.0.7.3.7.1.1") == bytes.fromhex("060904007f0007030701 01".replace(" ", ""))
    assert der_oid("1.2.840.10045.4.3.2") == bytes.fromhex("06082a8648ce3d040302")
