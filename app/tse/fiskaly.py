"""The fiskaly SIGN DE v2 cloud TSE behind the `Tse` interface (httpx, injectable transport).

Documented shapes followed (base URL https://kassensichv-middleware.fiskaly.com/api/v2 for TEST,
https://kassensichv.fiskaly.com/api/v2 for LIVE):
- `POST /auth {api_key, api_secret}` and `{refresh_token}` -> `access_token, access_token_expires_in,
  access_token_expires_at, refresh_token, refresh_token_expires_in, refresh_token_expires_at` (fiskaly
  Workspace "Authentication" https://workspace.fiskaly.com/reference/authentication/ ; all six fields in
  MewsSystems/fiscalizations V2/Dto/AuthorizationTokenResponse.cs and a public captured TEST walkthrough
  of API 2.0.34, found by text search, repository not identifiable).
- `GET /tss/{tss_id}` -> `serial_number` (hex SHA-256 of the key), `public_key` (base64 uncompressed point),
  `certificate` (base64 DER), `signature_algorithm`, `signature_timestamp_format`, `transaction_data_encoding`,
  `signature_counter` (a string in the capture), `number_active_transactions`, `max_number_active_transactions`
  (fiskaltrust/middleware scu-de/.../FiskalyCertified/Models/TssDto.cs; the capture).
- `PUT /tss/{tss_id}/client/{client_id} {serial_number}` -> `{_id, state: REGISTERED, serial_number, tss_id}`;
  it runs between `POST /tss/{tss_id}/admin/auth {admin_pin}` and `POST .../admin/logout` (fiskaltrust
  FiskalyV2ApiProvider.cs CreateClientAsync/RunAsAdminAsync; the capture). `PATCH {state: REGISTERED}`
  re-registers (Rocket-Quack/erpnext_tse docs/specifications/fiskaly/api.md).
- `PUT /tss/{tss_id}/tx/{tx_uuid}?tx_revision=n {state, client_id, schema?}`: revision 1 starts (ACTIVE),
  each later call takes the next revision; ACTIVE again signs an update, FINISHED finishes, CANCELLED aborts
  (fiskaly support FAQ "Which fields should the schema of a transaction contain?"). `schema.raw
  {process_type, process_data (base64)}` as fiskaltrust sends it (Models/RawData.cs, FiskalySCU.cs).
  Answer: `_id, number, state, revision, latest_revision, time_start, time_end, client_id,
  client_serial_number, tss_serial_number, schema.raw (echo), signature {value, algorithm, counter,
  public_key}, log {operation: Start|Update|Finish, timestamp, timestamp_format: unixTime}, qr_code_data`
  (fiskaltrust Models/TransactionDto.cs, TransactionSignatureDto.cs, TransactionLogDto.cs; Mews
  V2/Dto/TransactionResponse.cs; the capture). `signature.counter` is a string in the OpenAPI spec
  ("BigintCounter", as quoted by a public test suite) and a number in the capture: both are accepted.
- `GET /tss/{tss_id}/tx/{tx_id_or_number}[?tx_revision=n]` (Vectis ITransactionClient; fiskaltrust reads by
  number), `GET /tss/{tss_id}/tx?states[]=ACTIVE` -> `{data: [...], count}` (fiskaltrust
  GetStartedTransactionsAsync, CollectionResponse.cs), paged with `limit`/`offset` (erpnext_tse api.md).
- Export: `PUT /tss/{tss_id}/export/{export_id}` (body `{}`), `GET .../export/{export_id}` -> `{state:
  PENDING|WORKING|COMPLETED|ERROR|...}`, `GET .../export/{export_id}/file` -> the TAR (fiskaltrust
  RequestExportAsync, WaitUntilExportFinished, GetExportByExportStateAsync, ExportStateInformationDto.cs).
- Errors `{status_code, error, code, message}` (Mews V2/Dto/FiskalyErrorResponse.cs); status per code from
  the error catalog of the v2.1.34 spec as mirrored in a public .NET SDK's tests (Vectis ErrorCodeMetadataTests).

Guessed (not documented where I could read it): that a PUT repeating an already applied revision with the
same body answers that revision again (the brief says so; fiskaly's retry advice for SIGN AT reads the same).
If fiskaly answers it with 409 instead, the revision is read back with `GET ...?tx_revision=n`. Also guessed:
an export without a date/number filter exports everything; `states[]=ACTIVE` with `limit`/`offset`.

Client ids: the interface's client_id is the register's serial (Kassen-Seriennummer) and becomes fiskaly's
`serial_number`; fiskaly's client UUID is derived from TSS id and serial (uuid5), so it is the same on every
start and on a retry. Transaction UUIDs are random, kept in `FiskalyJournal` before the call (see there).

A cloud TSE keeps its own time and runs its own self-tests: `self_test` and `update_time` do nothing
(fiskaltrust FiskalySCU.ExecuteSelfTestAsync/ExecuteSetTseTimeAsync do the same).

The API key, secret and admin PIN come from the caller, who keeps them in the OS keyring; they are never
logged (see app/tse/fiskaly_http.py).
"""

from __future__ import annotations

import base64
import io
import os
import functools
import tarfile
import threading
import time
import uuid
from contextlib import contextmanager
from datetime import datetime, timezone
from typing import Callable

import httpx

from app.tse.fiskaly_http import FiskalyRejected, FiskalySession, FiskalyUnavailable, TseAuthFailed
from app.tse.fiskaly_journal import FiskalyJournal, JournalEntry
from app.tse.interface import OpenTransaction, TseInfo, TseRejected, TransactionLog
from sync.common.messages import translate

__all__ = ["LIVE_BASE_URL", "TEST_BASE_URL", "FiskalyTse", "TseAuthFailed"]

TEST_BASE_URL = "https://kassensichv-middleware.fiskaly.com/api/v2"
LIVE_BASE_URL = "https://kassensichv.fiskaly.com/api/v2"

_CLIENT_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:tresen:fiskaly-client")
_OPERATIONS = {"Start": "StartTransaction", "Update": "UpdateTransaction", "Finish": "FinishTransaction"}
_ENDED = ("FINISHED", "CANCELLED")
_EXPORT_FAILED = ("ERROR", "CANCELLED", "EXPIRED", "DELETED")
DEFAULT_MAX_OPEN = 2000  # fiskaly: "A TSS is only allowed to have 2000 open transactions" (fiskaly_ruby docs)


def _serialized(method):
    """One call at a time: token renewal and the journal's send/answered steps must not interleave."""
    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        with self._lock:
            return method(self, *args, **kwargs)
    return wrapper


class FiskalyTse:
    """`journal`: a `FiskalyJournal` or the path of its SQLite file. `admin_pin`: only needed to register
    clients. `wait`/`export_poll_*`: how the export is polled (tests pass a `wait` that returns at once)."""

    def __init__(self, base_url: str, *, api_key: str, api_secret: str, tss_id: str,
                 journal: FiskalyJournal | str | os.PathLike, transport: httpx.BaseTransport | None = None,
                 admin_pin: str | None = None, timeout: float = 10.0, clock: Callable[[], float] = time.time,
                 page_size: int = 100, export_poll_attempts: int = 120, export_poll_interval: float = 5.0,
                 wait: Callable[[float], None] = time.sleep):
        self._lock = threading.RLock()
        self._tss = str(tss_id)
        self._journal = journal if isinstance(journal, FiskalyJournal) else FiskalyJournal(journal)
        self._http = FiskalySession(base_url, api_key=api_key, api_secret=api_secret, transport=transport,
                                    timeout=timeout, clock=clock)
        self._http.add_secret(admin_pin)
        self._admin_pin = admin_pin
        self._page = page_size
        self._poll_attempts, self._poll_interval, self._wait = export_poll_attempts, export_poll_interval, wait

    def close(self) -> None:
        self._http.close()

    # --- device ---------------------------------------------------------------------------------------

    @_serialized
    def info(self) -> TseInfo:
        tss = self._http.request("GET", f"/tss/{self._tss}") or {}
        try:
            open_count = tss.get("number_active_transactions")
            return TseInfo(
                serial_hex=str(tss["serial_number"]), public_key_b64=str(tss["public_key"]),
                certificate_pem=_pem(str(tss.get("certificate") or "")),
                signature_algorithm=str(tss["signature_algorithm"]),
                time_format=str(tss["signature_timestamp_format"]),
                process_data_encoding=str(tss.get("transaction_data_encoding") or "UTF-8"),
                signature_counter=int(tss.get("signature_counter") or 0),
                open_transactions=int(open_count) if open_count is not None else len(self.open_transactions()),
                max_open_transactions=int(tss.get("max_number_active_transactions") or DEFAULT_MAX_OPEN),
                description=str(tss.get("description") or "fiskaly SIGN DE"))
        except (KeyError, TypeError, ValueError) as exc:
            raise FiskalyUnavailable(translate("tse", "fiskaly: TSS-Antwort unvollständig")) from exc

    def self_test(self) -> None:
        """Nothing to do: fiskaly runs the self-tests of its cloud TSE itself."""

    def update_time(self, now: datetime | None = None) -> None:
        """Nothing to do: fiskaly's TSE takes its time from fiskaly's servers, not from the register."""

    @_serialized
    def register_client(self, client_id: str) -> None:
        path = f"/tss/{self._tss}/client/{self._client_uuid(client_id)}"
        client = self._get_or_none(path)
        if client is None:
            with self._admin():
                try:
                    self._http.request("PUT", path, json={"serial_number": client_id})
                except FiskalyRejected as exc:  # created meanwhile (a retry after a lost answer)
                    if exc.status != 409 or self._get_or_none(path) is None:
                        raise
        elif client.get("serial_number") != client_id:
            raise TseRejected(translate("tse", "fiskaly: Client {path} gehört zu einer anderen Kasse").format(path=path))
        elif client.get("state") != "REGISTERED":
            with self._admin():
                self._http.request("PATCH", path, json={"state": "REGISTERED"})

    # --- transactions ---------------------------------------------------------------------------------

    @_serialized
    def start_transaction(self, client_id: str, *, process_type: str = "", process_data: str = "",
                          reference: str | None = None) -> TransactionLog:
        entry = self._journal.by_reference(self._tss, reference) if reference is not None else None
        if entry is None:
            body = {"state": "ACTIVE", "client_id": self._client_uuid(client_id)}
            if process_type or process_data:
                body["schema"] = _raw(process_type, process_data)
            entry = self._journal.add(JournalEntry(
                tx_id=str(uuid.uuid4()), tss_id=self._tss, client_serial=client_id, reference=reference,
                number=None, revision=1, state="ACTIVE", body=body, answered=False))
        elif entry.client_serial != client_id:
            raise TseRejected(translate("tse", "fiskaly: Referenz {reference} gehört zu einer anderen Kasse").format(
                                        reference=repr(reference)))
        if entry.revision == 1:
            return self._send(entry)  # first attempt, or the retry of a lost answer: same UUID, revision 1
        return self._read(entry, 1)  # it went on since: its start log again

    @_serialized
    def update_transaction(self, client_id: str, transaction_number: int, *, process_type: str,
                           process_data: str) -> TransactionLog:
        entry = self._entry(client_id, transaction_number)
        return self._upsert(entry, "ACTIVE", {"state": "ACTIVE", "client_id": self._client_uuid(client_id),
                                              "schema": _raw(process_type, process_data)})

    @_serialized
    def finish_transaction(self, client_id: str, transaction_number: int, *, process_type: str,
                           process_data: str) -> TransactionLog:
        entry = self._entry(client_id, transaction_number)
        return self._upsert(entry, "FINISHED", {"state": "FINISHED", "client_id": self._client_uuid(client_id),
                                                "schema": _raw(process_type, process_data)})

    @_serialized
    def cancel_transaction(self, client_id: str, transaction_number: int) -> TransactionLog:
        entry = self._entry(client_id, transaction_number)
        return self._upsert(entry, "CANCELLED", {"state": "CANCELLED", "client_id": self._client_uuid(client_id)})

    @_serialized
    def open_transactions(self, client_id: str | None = None) -> list[OpenTransaction]:
        found, offset = [], 0
        for _ in range(10_000):
            page = self._http.request("GET", f"/tss/{self._tss}/tx",
                                      params={"states[]": "ACTIVE", "limit": self._page, "offset": offset}) or {}
            data = page.get("data")
            if not isinstance(data, list):
                raise FiskalyUnavailable(translate("tse", "fiskaly: Transaktionsliste nicht lesbar"))
            for tx in data:
                try:
                    if tx.get("state", "ACTIVE") == "ACTIVE" and client_id in (None, tx.get("client_serial_number")):
                        found.append(OpenTransaction(str(tx["client_serial_number"]), int(tx["number"]),
                                                     _utc(tx["time_start"])))
                except (KeyError, TypeError, ValueError) as exc:
                    raise FiskalyUnavailable(translate("tse", "fiskaly: Transaktionsliste nicht lesbar")) from exc
            if len(data) < self._page:
                break
            offset += len(data)
        return sorted(found, key=lambda t: t.transaction_number)

    @_serialized
    def export_logs(self) -> bytes:
        export = f"/tss/{self._tss}/export/{uuid.uuid4()}"
        self._http.request("PUT", export, json={})
        for attempt in range(self._poll_attempts):
            state = (self._http.request("GET", export) or {}).get("state")
            if state == "COMPLETED":
                break
            if state in _EXPORT_FAILED:
                raise FiskalyUnavailable(f"fiskaly: Export {state}")
            if attempt + 1 < self._poll_attempts:
                self._wait(self._poll_interval)
        else:
            raise FiskalyUnavailable(translate("tse", "fiskaly: Export nicht rechtzeitig fertig"))
        data = self._http.request("GET", f"{export}/file", raw=True)
        try:
            with tarfile.open(fileobj=io.BytesIO(data)) as tar:
                tar.getmembers()
        except tarfile.TarError as exc:
            raise FiskalyUnavailable(translate("tse", "fiskaly: Export ist kein TAR")) from exc
        return data

    # --- internals ------------------------------------------------------------------------------------

    def _upsert(self, entry: JournalEntry, state: str, body: dict) -> TransactionLog:
        if not entry.answered:
            if entry.state == state and entry.body == body:
                return self._send(entry)  # the retry of a lost answer: same UUID, same revision, same body
            self._send(entry)  # settle the earlier request first (applied or not, it is now)
            entry = self._journal.get(entry.tx_id)
        if entry.state in _ENDED:
            if entry.state == state and entry.body == body:
                return self._send(entry)  # ended already with these data: its answer again
            raise TseRejected(translate("tse", "fiskaly: Transaktion {number} ist bereits beendet").format(
                                        number=entry.number))
        return self._send(self._journal.send(entry.tx_id, entry.revision + 1, state, body))

    def _send(self, entry: JournalEntry) -> TransactionLog:
        path = f"/tss/{self._tss}/tx/{entry.tx_id}"
        try:
            tx = self._http.request("PUT", path, params={"tx_revision": entry.revision}, json=entry.body)
        except FiskalyRejected as exc:
            if exc.status != 409:
                raise
            return self._read(entry, entry.revision, unless=exc)  # a repeated revision answered as a conflict
        result = _log(tx, entry)
        self._journal.answered(entry.tx_id, entry.revision, result.transaction_number)
        return result

    def _read(self, entry: JournalEntry, revision: int, unless: Exception | None = None) -> TransactionLog:
        try:
            tx = self._http.request("GET", f"/tss/{self._tss}/tx/{entry.tx_id}", params={"tx_revision": revision})
        except FiskalyRejected:
            if unless is not None:
                raise unless from None
            raise
        tx = tx or {}
        if str(tx.get("revision", revision)) != str(revision) or (
                revision == entry.revision and tx.get("state") != entry.state):
            if unless is not None:
                raise unless
            raise FiskalyUnavailable(translate("tse", "fiskaly: gelesene Revision passt nicht"))
        result = _log(tx, entry)
        if revision == entry.revision:
            self._journal.answered(entry.tx_id, entry.revision, result.transaction_number)
        return result

    def _entry(self, client_id: str, number: int) -> JournalEntry:
        entry = self._journal.by_number(self._tss, number)
        if entry is None:  # started before this journal (or by another program): adopt it from fiskaly
            tx = self._http.request("GET", f"/tss/{self._tss}/tx/{number}") or {}
            try:
                body = {"state": tx["state"], "client_id": tx["client_id"]}
                if (tx.get("schema") or {}).get("raw"):
                    body["schema"] = {"raw": tx["schema"]["raw"]}
                entry = self._journal.add(JournalEntry(
                    tx_id=str(tx["_id"]), tss_id=self._tss, client_serial=str(tx["client_serial_number"]),
                    reference=None, number=int(tx["number"]), revision=int(tx["latest_revision"]),
                    state=str(tx["state"]), body=body, answered=True))
            except (KeyError, TypeError, ValueError) as exc:
                raise FiskalyUnavailable(translate("tse", "fiskaly: Transaktion nicht lesbar")) from exc
        if entry.client_serial != client_id:
            raise TseRejected(translate("tse", "fiskaly: Transaktion {number} gehört zu Kasse {client}").format(number=number,
                                        client=entry.client_serial))
        return entry

    def _client_uuid(self, serial: str) -> str:
        return str(uuid.uuid5(_CLIENT_NAMESPACE, f"{self._tss}/{serial}"))

    def _get_or_none(self, path: str) -> dict | None:
        try:
            return self._http.request("GET", path) or {}
        except FiskalyRejected as exc:
            if exc.status == 404:
                return None
            raise

    @contextmanager
    def _admin(self):
        if self._admin_pin is None:
            yield
            return
        self._http.request("POST", f"/tss/{self._tss}/admin/auth", json={"admin_pin": self._admin_pin})
        try:
            yield
        finally:
            try:
                self._http.request("POST", f"/tss/{self._tss}/admin/logout", json={})
            except (FiskalyUnavailable, TseRejected):
                pass  # the admin session times out on its own


def _raw(process_type: str, process_data: str) -> dict:
    return {"raw": {"process_type": process_type,
                    "process_data": base64.b64encode(process_data.encode("utf-8")).decode("ascii")}}


def _log(tx: dict | None, entry: JournalEntry) -> TransactionLog:
    """fiskaly's transaction answer as the signed log message it reports. Incomplete -> unavailable (the
    request stays pending in the journal and its retry asks again)."""
    try:
        if tx.get("_id", entry.tx_id) != entry.tx_id:
            raise ValueError("answer for another transaction")
        raw = (tx.get("schema") or {}).get("raw") or (entry.body.get("schema") or {}).get("raw") or {}
        signature, log = tx["signature"], tx["log"]
        operation = _OPERATIONS.get(str(log["operation"]), str(log["operation"]))
        if not operation.endswith("Transaction"):
            raise ValueError("unknown log operation")
        return TransactionLog(
            client_id=str(tx.get("client_serial_number") or entry.client_serial),
            transaction_number=int(tx["number"]),
            operation=operation,
            process_type=str(raw.get("process_type") or ""),
            process_data=base64.b64decode(raw.get("process_data") or "", validate=True).decode("utf-8"),
            log_time=_utc(log["timestamp"]), start_time=_utc(tx["time_start"]),
            signature_counter=int(signature["counter"]), signature_b64=str(signature["value"]),
            serial_hex=str(tx["tss_serial_number"]), public_key_b64=str(signature["public_key"]),
            signature_algorithm=str(signature["algorithm"]), time_format=str(log["timestamp_format"]))
    except (AttributeError, KeyError, TypeError, ValueError) as exc:
        raise FiskalyUnavailable(translate("tse", "fiskaly: Transaktionsantwort unvollständig")) from exc


def _utc(unix_seconds) -> datetime:
    return datetime.fromtimestamp(int(unix_seconds), tz=timezone.utc)


def _pem(certificate: str) -> str:
    """fiskaly sends the certificate as base64 DER; TseInfo carries PEM."""
    if not certificate or certificate.lstrip().startswith("-----BEGIN"):
        return certificate
    body = "".join(certificate.split())
    lines = [body[i:i + 64] for i in range(0, len(body), 64)]
    return "-----BEGIN CERTIFICATE-----\n" + "\n".join(lines) + "\n-----END CERTIFICATE-----\n"
