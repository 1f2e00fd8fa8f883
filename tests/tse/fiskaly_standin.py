"""A local stand-in for fiskaly SIGN DE v2, built from the documented request and answer shapes (the
sources are listed in app/tse/fiskaly.py), served by uvicorn on 127.0.0.1 in a thread (tests/tse/fiskaly_standin_app.py).

Real behaviour, not canned answers: access and refresh tokens that expire (an injectable clock, or
`expire_access_tokens()`), a 401 E_UNAUTHORIZED for an unknown or expired token, admin login around client
creation, one TSS with a P-256 key, its serial (SHA-256 of the public key) and a self-signed certificate, a
global signature counter, a transaction number per TSS, ACTIVE/FINISHED/CANCELLED states, an idempotent PUT
per transaction revision (the same revision with the same body answers that revision again), real ECDSA
signatures over the TR-03151 log message (app.tse.log_message when it is there; else over the fields
joined with "|"), a TAR export that completes after a number of polls.

Guessed where no documentation said: the status and code of a few refusals (a client PUT without admin
login: 403 E_ACCESS_DENIED; a repeated revision with other data: 409 E_TX_CONFLICT; a revision that skips
one: 400 E_TX_REVISION_NOT_FOUND), the process data fiskaly signs for a CANCELLED transaction without schema
(AVBelegabbruch with zero amounts, as fiskaltrust does it) and the TAR's file layout.

Faults at the HTTP transport: `FaultTransport` (down, lost_response, 5xx) like tests/sync/faults.py.
"""

from __future__ import annotations

import base64
import copy
import hashlib
import io
import itertools
import tarfile
import threading
import time
import uuid
from datetime import datetime, timedelta, timezone

import httpx
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature
from cryptography.x509.oid import NameOID

try:
    from app.tse import log_message as _tr03151
except ImportError:  # the other half of issue 11 not there yet
    _tr03151 = None

__all__ = ["Clock", "FaultTransport", "StandIn", "error"]

VERSION = "2.0.34"
ENDED = ("FINISHED", "CANCELLED")
CANCEL_DATA = ("Kassenbeleg-V1", "AVBelegabbruch^0.00_0.00_0.00_0.00_0.00^")


class Clock:
    def __init__(self, now: float = 1_700_000_000.0):
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def _iso(unix: int) -> str:
    return datetime.fromtimestamp(unix, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000Z")


class StandIn:
    """The state of one fiskaly organisation with one TSS."""

    def __init__(self, *, api_key: str, api_secret: str, admin_pin: str = "1234567890", clock=None,
                 access_ttl: int = 86_400, refresh_ttl: int = 172_800, export_polls: int = 2,
                 idempotent: bool = True, signature_counter: int = 27):
        self.api_key, self.api_secret, self.admin_pin = api_key, api_secret, admin_pin
        self.clock = clock or time.time
        self.access_ttl, self.refresh_ttl = access_ttl, refresh_ttl
        self.export_polls, self.idempotent = export_polls, idempotent
        self.tss_id = str(uuid.uuid4())
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.public_point = self.key.public_key().public_bytes(serialization.Encoding.X962,
                                                               serialization.PublicFormat.UncompressedPoint)
        self.serial = hashlib.sha256(self.public_point).digest()
        self.certificate_der = self._certificate()
        self.signature_counter, self.transaction_counter = signature_counter, 0
        self.tokens: dict[str, float] = {}
        self.refresh_tokens: dict[str, float] = {}
        self.admin_logged_in = False
        self.clients: dict[str, dict] = {}
        self.txs: dict[str, dict] = {}  # uuid -> {number, client_id, state, latest, revisions: {n: (body, answer)}}
        self.logs: list[tuple[str, bytes, str, int]] = []  # (file name, log message, operation, tx number)
        self.exports: dict[str, dict] = {}
        self.auth_calls: list[str] = []  # "api_key" | "refresh_token"
        self.requests: list[str] = []  # "PUT /tss/…/tx/…?tx_revision=1"
        self.lock = threading.RLock()
        self._ids = itertools.count(1)

    def _certificate(self) -> bytes:
        name = x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, "fiskaly stand-in"),
                          x509.NameAttribute(NameOID.COMMON_NAME, "stand-in TSE")])
        start = datetime(2023, 1, 1, tzinfo=timezone.utc)
        cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(self.key.public_key())
                .serial_number(x509.random_serial_number()).not_valid_before(start)
                .not_valid_after(start + timedelta(days=3650)).sign(self.key, hashes.SHA256()))
        return cert.public_bytes(serialization.Encoding.DER)

    # --- what the tests look at -----------------------------------------------------------------------

    def now(self) -> int:
        return int(self.clock())

    def expire_access_tokens(self) -> None:
        with self.lock:
            self.tokens = {t: self.now() - 1 for t in self.tokens}

    def expire_refresh_tokens(self) -> None:
        with self.lock:
            self.refresh_tokens = {t: self.now() - 1 for t in self.refresh_tokens}

    def operations(self, number: int) -> list[str]:
        """The log messages signed for transaction `number`, in order."""
        return [op for _, _, op, n in self.logs if n == number]

    def tx_puts(self) -> list[str]:
        return [r for r in self.requests if r.startswith("PUT") and "/tx/" in r]

    def tbs(self, *, operation: str, client_id: str, process_data: bytes, process_type: str, number: int,
            counter: int, log_time: int) -> bytes:
        """The bytes a log message's signature covers."""
        if _tr03151 is not None:
            return _tr03151.transaction_log_tbs(
                operation=operation, client_id=client_id, process_data=process_data, process_type=process_type,
                transaction_number=number, serial=self.serial, signature_algorithm="ecdsa-plain-SHA256",
                signature_counter=counter, log_time_unix=log_time)
        return "|".join([operation, client_id, base64.b64encode(process_data).decode(), process_type, str(number),
                         self.serial.hex(), str(counter), str(log_time)]).encode()

    # --- signing --------------------------------------------------------------------------------------

    def sign(self, *, operation: str, client_serial: str, process_type: str, process_data: bytes,
             number: int) -> tuple[int, int, str]:
        self.signature_counter += 1
        counter, log_time = self.signature_counter, self.now()
        tbs = self.tbs(operation=operation, client_id=client_serial, process_data=process_data,
                       process_type=process_type, number=number, counter=counter, log_time=log_time)
        r, s = decode_dss_signature(self.key.sign(tbs, ec.ECDSA(hashes.SHA256())))
        plain = r.to_bytes(32, "big") + s.to_bytes(32, "big")
        if _tr03151 is not None:
            name = _tr03151.transaction_log_filename(log_time_unix=log_time, signature_counter=counter,
                                                     transaction_number=number, operation=operation,
                                                     client_id=client_serial)
            message = _tr03151.log_message(tbs, plain)
        else:
            name = f"Unixt_{log_time}_Sig-{counter}_Log-Tra_No-{number}_{operation}_Client-{client_serial}.log"
            message = tbs + b"|" + plain
        self.logs.append((name, message, operation, number))
        return counter, log_time, base64.b64encode(plain).decode()

    # --- answers --------------------------------------------------------------------------------------

    def tss(self) -> dict:
        active = sum(1 for tx in self.txs.values() if tx["state"] == "ACTIVE")
        return {"_id": self.tss_id, "_type": "TSS", "_env": "TEST", "_version": VERSION, "state": "INITIALIZED",
                "description": f"fiskaly sign cloud-TSE ({self.tss_id})",
                "certificate": base64.b64encode(self.certificate_der).decode(), "serial_number": self.serial.hex(),
                "public_key": base64.b64encode(self.public_point).decode(),
                "signature_counter": str(self.signature_counter), "signature_algorithm": "ecdsa-plain-SHA256",
                "signature_timestamp_format": "unixTime", "transaction_data_encoding": "UTF-8",
                "number_registered_clients": len(self.clients), "max_number_registered_clients": 199,
                "number_active_transactions": active, "max_number_active_transactions": 2000,
                "transaction_counter": self.transaction_counter, "supported_update_variants": "SIGNED"}

    def put_tx(self, tx_id: str, revision: int, body: dict):
        """(status, answer) of `PUT /tss/{id}/tx/{tx_id}?tx_revision=revision`."""
        state, client_id = body.get("state"), body.get("client_id")
        if state not in ("ACTIVE", *ENDED) or not isinstance(client_id, str):
            return 400, error(400, "E_FAILED_SCHEMA_VALIDATION", "state and client_id required")
        client = self.clients.get(client_id)
        if client is None:
            return 404, error(404, "E_CLIENT_NOT_FOUND", f"client {client_id} not found")
        if client["state"] != "REGISTERED":
            return 400, error(400, "E_CLIENT_DEREGISTERED", "client deregistered")
        raw = (body.get("schema") or {}).get("raw")
        try:
            process = (raw["process_type"], base64.b64decode(raw["process_data"], validate=True)) if raw else None
        except (KeyError, TypeError, ValueError):
            return 400, error(400, "E_FAILED_SCHEMA_VALIDATION", "schema.raw invalid")
        tx = self.txs.get(tx_id)
        if tx is not None and revision <= tx["latest"]:
            sent, answer = tx["revisions"][revision]
            if self.idempotent and sent == body:
                return 200, copy.deepcopy(answer)
            return 409, error(409, "E_TX_CONFLICT", f"revision {revision} exists")
        if tx is None:
            if revision != 1 or state != "ACTIVE":
                return 400, error(400, "E_TX_REVISION_NOT_FOUND", "a transaction starts with revision 1, ACTIVE")
            if sum(1 for t in self.txs.values() if t["state"] == "ACTIVE") >= 2000:
                return 400, error(400, "E_TX_LIMIT_REACHED", "too many active transactions")
            self.transaction_counter += 1
            tx = self.txs[tx_id] = {"number": self.transaction_counter, "client_id": client_id, "state": "ACTIVE",
                                    "latest": 0, "revisions": {}, "time_start": None, "raw": None}
            operation = "StartTransaction"
        elif revision != tx["latest"] + 1:
            return 400, error(400, "E_TX_REVISION_NOT_FOUND", f"next revision is {tx['latest'] + 1}")
        elif tx["state"] in ENDED:
            return 400, error(400, "E_TX_UPSERT", "transaction already ended")
        elif client_id != tx["client_id"]:
            return 400, error(400, "E_PARAMETER_MISMATCH", "client_id differs")
        else:
            operation = "UpdateTransaction" if state == "ACTIVE" else "FinishTransaction"
        if process is None:
            if operation == "StartTransaction":
                process = ("", b"")
            elif state == "CANCELLED":
                process = (CANCEL_DATA[0], CANCEL_DATA[1].encode())
            else:
                process = tx["raw"] or ("", b"")
        counter, log_time, signature = self.sign(operation=operation, client_serial=client["serial_number"],
                                                 process_type=process[0], process_data=process[1],
                                                 number=tx["number"])
        if operation == "StartTransaction":
            tx["time_start"] = log_time
        tx.update(state=state, latest=revision, raw=process)
        answer = {
            "_id": tx_id, "_type": "TRANSACTION", "_env": "TEST", "_version": VERSION, "state": state,
            "tss_id": self.tss_id, "tss_serial_number": self.serial.hex(), "client_id": client_id,
            "client_serial_number": client["serial_number"], "revision": revision, "latest_revision": revision,
            "number": tx["number"], "time_start": tx["time_start"],
            "schema": {"raw": {"process_type": process[0], "process_data": base64.b64encode(process[1]).decode()}}
            if process != ("", b"") else {},
            "signature": {"value": signature, "algorithm": "ecdsa-plain-SHA256", "counter": str(counter),
                          "public_key": base64.b64encode(self.public_point).decode()},
            "log": {"operation": operation.removesuffix("Transaction"), "timestamp": log_time,
                    "timestamp_format": "unixTime"}}
        if state in ENDED:
            answer["time_end"] = log_time
            answer["qr_code_data"] = ";".join([
                "V0", client["serial_number"], process[0], process[1].decode("utf-8"), str(tx["number"]),
                str(counter), _iso(tx["time_start"]), _iso(log_time), "ecdsa-plain-SHA256", "unixTime", signature,
                base64.b64encode(self.public_point).decode()])
        tx["revisions"][revision] = (copy.deepcopy(body), answer)
        return 200, copy.deepcopy(answer)

    def find_tx(self, tx_id_or_number: str) -> tuple[str, dict] | None:
        if tx_id_or_number in self.txs:
            return tx_id_or_number, self.txs[tx_id_or_number]
        return next(((i, t) for i, t in self.txs.items() if str(t["number"]) == tx_id_or_number), None)

    def tx_answer(self, tx: dict, revision: int | None = None) -> dict:
        answer = copy.deepcopy(tx["revisions"][revision or tx["latest"]][1])
        answer["latest_revision"] = tx["latest"]
        return answer

    def export_tar(self) -> bytes:
        buffer = io.BytesIO()
        with tarfile.open(fileobj=buffer, mode="w") as tar:
            files = [(name, data) for name, data, _, _ in self.logs]
            files.append((f"{self.serial.hex()}_X509.cer", self.certificate_der))
            for name, data in files:
                info = tarfile.TarInfo(name)
                info.size, info.mtime = len(data), self.now()
                tar.addfile(info, io.BytesIO(data))
        return buffer.getvalue()


def error(status: int, code: str, message: str) -> dict:
    phrases = {400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 409: "Conflict",
               425: "Too Early"}
    return {"status_code": status, "error": phrases.get(status, "Error"), "code": code, "message": message}


class FaultTransport(httpx.BaseTransport):
    """Passes requests to the stand-in, except the next request matching an injected fault:

    down          connection refused; the stand-in never sees the request
    lost_response the stand-in applies the request, the answer is lost (a timeout)
    5xx           a gateway answers 503 without reaching the stand-in
    """

    def __init__(self):
        self.inner = httpx.HTTPTransport()
        self.faults: list[tuple[str, str | None, str | None]] = []
        self.seen: list[str] = []

    def inject(self, fault: str, *, method: str | None = None, path: str | None = None) -> None:
        self.faults.append((fault, method, path))

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        fault = None
        for i, (kind, method, path) in enumerate(self.faults):
            if (method is None or request.method == method) and (path is None or path in request.url.path):
                fault = kind
                del self.faults[i]
                break
        self.seen.append(f"{request.method} {request.url.path} {fault or 'ok'}")
        if fault == "down":
            raise httpx.ConnectError("connection refused (injected)", request=request)
        if fault == "5xx":
            return httpx.Response(503, json={"status_code": 503, "error": "Service Unavailable"}, request=request)
        request.read()
        response = self.inner.handle_request(httpx.Request(request.method, request.url, headers=request.headers,
                                                           content=request.content))
        response.read()
        if fault == "lost_response":
            raise httpx.ReadTimeout("answer lost (injected)", request=request)
        return response

    def close(self) -> None:
        self.inner.close()
