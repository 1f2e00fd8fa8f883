"""TR-03151 log messages: the DER structure a TSE signs and stores, for transactions and system events.

A log message is a DER SEQUENCE

    version                 INTEGER (2)
    certifiedDataType       OBJECT IDENTIFIER (transaction log 0.4.0.127.0.7.3.7.1.1, system log ….1.2)
    certifiedData           the fields of its type, each with an IMPLICIT context tag (below)
    serialNumber            OCTET STRING (SHA-256 of the public key)
    signatureAlgorithm      SEQUENCE { OBJECT IDENTIFIER } (ecdsa-plain-SHA256 / -SHA384, no parameters)
    signatureCounter        INTEGER
    logTime                 INTEGER (unixTime)
    signatureValue          OCTET STRING (plain r||s)

and the signature covers the DER encodings of the elements from `version` to `logTime`, concatenated,
without the SEQUENCE header ("data to be signed"). Transaction log certifiedData:

    [0] operationType       PrintableString  "StartTransaction" | "UpdateTransaction" | "FinishTransaction"
    [1] clientId            PrintableString
    [2] processData         OCTET STRING     (always present, may be empty)
    [3] processType         PrintableString  (always present, may be empty)
    [4] additionalExternalData  OCTET STRING, optional: never written here
    [5] transactionNumber   INTEGER
    [6] additionalInternalData  OCTET STRING, optional: never written here

Checked against two real receipts (berohndo/tse_signature_verification, P-256 and brainpoolP384r1: the
receipt QR verifies only with exactly this byte layout), the BSI simulator DeJuPo/TSE-Simulator
(TransactionLogMessage.toMinorTLVByteArray: tags 0x80 0x81 0x82 0x83 [0x84] 0x85 [0x86]) and
stustapay's tse_verifier.py. System log certifiedData ([0] operationType, [1] systemOperationData,
[2] additionalInternalData optional) follows konfidas/TTC's parser; the content of systemOperationData
is the simulator's own simple encoding (no TR-03151 event schema is claimed for it).
"""

from __future__ import annotations

import re

__all__ = [
    "OID_SYSTEM_LOG", "OID_TRANSACTION_LOG", "SIGNATURE_ALGORITHM_OIDS", "TIME_FORMAT_UNIX",
    "der_integer", "der_octet_string", "der_oid", "der_printable_string", "der_sequence", "der_tlv",
    "is_printable_string", "log_message", "system_log_filename", "system_log_tbs", "transaction_log_filename",
    "transaction_log_tbs",
]

OID_TRANSACTION_LOG = "0.4.0.127.0.7.3.7.1.1"
OID_SYSTEM_LOG = "0.4.0.127.0.7.3.7.1.2"
SIGNATURE_ALGORITHM_OIDS = {
    "ecdsa-plain-SHA256": "0.4.0.127.0.7.1.1.4.1.3",
    "ecdsa-plain-SHA384": "0.4.0.127.0.7.1.1.4.1.4",
}
TIME_FORMAT_UNIX = "unixTime"
LOG_MESSAGE_VERSION = 2

_INTEGER, _OCTET_STRING, _OID, _PRINTABLE_STRING, _SEQUENCE = 0x02, 0x04, 0x06, 0x13, 0x30
_CONTEXT = 0x80  # context-specific, primitive: an IMPLICIT tag on a primitive type
_PRINTABLE = re.compile(r"^[A-Za-z0-9 '()+,\-./:=?]*$")


def der_tlv(tag: int, content: bytes) -> bytes:
    """One DER element: tag, definite length (short or long form), content."""
    n = len(content)
    if n < 0x80:
        length = bytes([n])
    else:
        octets = n.to_bytes((n.bit_length() + 7) // 8, "big")
        length = bytes([0x80 | len(octets)]) + octets
    return bytes([tag]) + length + content


def _integer_content(value: int) -> bytes:
    """Two's complement, minimal length (DER)."""
    magnitude = value if value >= 0 else ~value
    return value.to_bytes((magnitude.bit_length() + 8) // 8, "big", signed=True)


def der_integer(value: int, *, tag: int = _INTEGER) -> bytes:
    return der_tlv(tag, _integer_content(value))


def der_octet_string(value: bytes, *, tag: int = _OCTET_STRING) -> bytes:
    return der_tlv(tag, value)


def is_printable_string(text: str) -> bool:
    """Only the ASN.1 PrintableString characters (letters, digits, space and ' ( ) + , - . / : = ?)."""
    return bool(_PRINTABLE.match(text))


def der_printable_string(text: str, *, tag: int = _PRINTABLE_STRING) -> bytes:
    if not is_printable_string(text):
        raise ValueError(f"not an ASN.1 PrintableString: {text!r}")
    return der_tlv(tag, text.encode("ascii"))


def der_oid(dotted: str) -> bytes:
    arcs = [int(a) for a in dotted.split(".")]
    if len(arcs) < 2 or arcs[0] > 2 or (arcs[0] < 2 and arcs[1] > 39):
        raise ValueError(f"not an object identifier: {dotted}")
    content = bytearray()
    for arc in [40 * arcs[0] + arcs[1], *arcs[2:]]:
        base128 = [arc & 0x7F]
        arc >>= 7
        while arc:
            base128.append(0x80 | (arc & 0x7F))
            arc >>= 7
        content += bytes(reversed(base128))
    return der_tlv(_OID, bytes(content))


def der_sequence(*elements: bytes) -> bytes:
    return der_tlv(_SEQUENCE, b"".join(elements))


def _implicit(number: int) -> int:
    return _CONTEXT | number


def _frame_head(certified_data_type: str) -> bytes:
    return der_integer(LOG_MESSAGE_VERSION) + der_oid(certified_data_type)


def _frame_tail(*, serial: bytes, signature_algorithm: str, signature_counter: int, log_time_unix: int) -> bytes:
    try:
        algorithm_oid = SIGNATURE_ALGORITHM_OIDS[signature_algorithm]
    except KeyError:
        raise ValueError(f"unknown signature algorithm {signature_algorithm!r}") from None
    return (der_octet_string(serial) + der_sequence(der_oid(algorithm_oid))
            + der_integer(signature_counter) + der_integer(log_time_unix))


def transaction_log_tbs(*, operation: str, client_id: str, process_data: bytes, process_type: str,
                        transaction_number: int, serial: bytes, signature_algorithm: str, signature_counter: int,
                        log_time_unix: int) -> bytes:
    """The data to be signed of a transaction log message (unixTime log time)."""
    certified = (der_printable_string(operation, tag=_implicit(0))
                 + der_printable_string(client_id, tag=_implicit(1))
                 + der_octet_string(process_data, tag=_implicit(2))
                 + der_printable_string(process_type, tag=_implicit(3))
                 + der_integer(transaction_number, tag=_implicit(5)))
    return (_frame_head(OID_TRANSACTION_LOG) + certified
            + _frame_tail(serial=serial, signature_algorithm=signature_algorithm,
                          signature_counter=signature_counter, log_time_unix=log_time_unix))


def system_log_tbs(*, operation: str, system_operation_data: bytes, serial: bytes, signature_algorithm: str,
                   signature_counter: int, log_time_unix: int) -> bytes:
    """The data to be signed of a system log message (self-test, time update, client registration, …)."""
    certified = (der_printable_string(operation, tag=_implicit(0))
                 + der_octet_string(system_operation_data, tag=_implicit(1)))
    return (_frame_head(OID_SYSTEM_LOG) + certified
            + _frame_tail(serial=serial, signature_algorithm=signature_algorithm,
                          signature_counter=signature_counter, log_time_unix=log_time_unix))


def log_message(tbs: bytes, signature: bytes) -> bytes:
    """The complete log message as stored and exported: SEQUENCE { data to be signed…, signatureValue }."""
    return der_tlv(_SEQUENCE, tbs + der_octet_string(signature))


_OPERATION_IN_FILENAME = {"StartTransaction": "Start", "UpdateTransaction": "Update", "FinishTransaction": "Finish"}


def transaction_log_filename(*, log_time_unix: int, signature_counter: int, transaction_number: int,
                             operation: str, client_id: str) -> str:
    """TR-03151 export name: Unixt_<time>_Sig-<counter>_Log-Tra_No-<tx>_<Start|Update|Finish>_Client-<id>.log"""
    return (f"Unixt_{log_time_unix}_Sig-{signature_counter}_Log-Tra_No-{transaction_number}_"
            f"{_OPERATION_IN_FILENAME[operation]}_Client-{client_id}.log")


def system_log_filename(*, log_time_unix: int, signature_counter: int, operation: str) -> str:
    """TR-03151 export name: Unixt_<time>_Sig-<counter>_Log-Sys_<operation>.log"""
    return f"Unixt_{log_time_unix}_Sig-{signature_counter}_Log-Sys_{operation}.log"
