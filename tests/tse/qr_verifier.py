"""An independent check of a receipt QR code (DSFinV-K Anhang I, V0): knows nothing but the QR string.

It rebuilds the TR-03151 FinishTransaction log message from the QR's fields alone (the way
berohndo/tse_signature_verification and stustapay's tse_verifier do) and verifies the signature with
`cryptography`. Written apart from app.tse.log_message on purpose: it is the check, not the thing checked.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from datetime import datetime

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

__all__ = ["QrFields", "parse_qr", "signed_data", "verify_qr"]

# signature algorithm -> (its OID, the hash, candidate curves by public key length)
_ALGORITHMS = {
    "ecdsa-plain-SHA256": ("0.4.0.127.0.7.1.1.4.1.3", hashes.SHA256, (ec.SECP256R1, ec.BrainpoolP256R1)),
    "ecdsa-plain-SHA384": ("0.4.0.127.0.7.1.1.4.1.4", hashes.SHA384, (ec.BrainpoolP384R1, ec.SECP384R1)),
}


@dataclass(frozen=True)
class QrFields:
    version: str
    client_id: str
    process_type: str
    process_data: str
    transaction_number: int
    signature_counter: int
    start_time: str
    log_time: str
    signature_algorithm: str
    log_time_format: str
    signature: bytes
    public_key: bytes


def parse_qr(qr: str) -> QrFields:
    parts = qr.split(";")
    if len(parts) != 12 or parts[0] != "V0":
        raise ValueError(f"not a V0 receipt QR code with 12 fields: {qr!r}")
    return QrFields(parts[0], parts[1], parts[2], parts[3], int(parts[4]), int(parts[5]), parts[6], parts[7],
                    parts[8], parts[9], base64.b64decode(parts[10], validate=True),
                    base64.b64decode(parts[11], validate=True))


def _tlv(tag: int, value: bytes) -> bytes:
    if len(value) < 128:
        return bytes([tag, len(value)]) + value
    size = len(value).to_bytes((len(value).bit_length() + 7) // 8, "big")
    return bytes([tag, 0x80 + len(size)]) + size + value


def _int(value: int, tag: int = 0x02) -> bytes:
    raw = value.to_bytes(value.bit_length() // 8 + 1, "big")  # non-negative: a leading 0 bit always fits
    return _tlv(tag, raw)


def _oid(text: str) -> bytes:
    numbers = [int(x) for x in text.split(".")]
    out = bytearray([numbers[0] * 40 + numbers[1]])
    for n in numbers[2:]:
        chunk = [n & 0x7F]
        while n > 0x7F:
            n >>= 7
            chunk.insert(0, 0x80 | (n & 0x7F))
        out += bytes(chunk)
    return _tlv(0x06, bytes(out))


def _unix_seconds(iso_utc: str) -> int:
    if not iso_utc.endswith("Z"):
        raise ValueError(f"not a UTC time: {iso_utc}")
    return int(datetime.fromisoformat(iso_utc[:-1] + "+00:00").timestamp())


def signed_data(f: QrFields) -> bytes:
    """The FinishTransaction log message's data to be signed, from the QR fields."""
    algorithm_oid = _ALGORITHMS[f.signature_algorithm][0]
    return b"".join([
        _int(2),
        _oid("0.4.0.127.0.7.3.7.1.1"),
        _tlv(0x80, b"FinishTransaction"),
        _tlv(0x81, f.client_id.encode("ascii")),
        _tlv(0x82, f.process_data.encode("utf-8")),
        _tlv(0x83, f.process_type.encode("ascii")),
        _int(f.transaction_number, 0x85),
        _tlv(0x04, hashlib.sha256(f.public_key).digest()),
        _tlv(0x30, _oid(algorithm_oid)),
        _int(f.signature_counter),
        _int(_unix_seconds(f.log_time)),
    ])


def verify_qr(qr: str) -> bool:
    """True if the QR's signature is valid for the data the QR shows (unixTime only)."""
    f = parse_qr(qr)
    if f.log_time_format != "unixTime" or f.signature_algorithm not in _ALGORITHMS:
        raise NotImplementedError(f"{f.signature_algorithm} / {f.log_time_format}")
    _, hash_type, curves = _ALGORITHMS[f.signature_algorithm]
    half = len(f.signature) // 2
    der_signature = encode_dss_signature(int.from_bytes(f.signature[:half], "big"),
                                         int.from_bytes(f.signature[half:], "big"))
    message = signed_data(f)
    for curve in curves:
        if len(f.public_key) != 1 + 2 * curve.key_size // 8:
            continue
        try:
            key = ec.EllipticCurvePublicKey.from_encoded_point(curve(), f.public_key)
        except ValueError:  # not a point of this curve
            continue
        try:
            key.verify(der_signature, message, ec.ECDSA(hash_type()))
            return True
        except InvalidSignature:
            continue
    return False
