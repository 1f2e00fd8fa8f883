"""Signing receipts at the register's TSE, and going on without it when it fails (AEAO zu § 146a Nr. 7).

A sale's transaction starts with its first item (`start`) and finishes at payment (`prepare_finish`, then
`finish`, then `record` in the sale's own database transaction). Before every call that may change the
device the register writes what it is about to do (`tsetransaction` state `starting` / `finishing`, with
the exact process data), so after a crash `settle` finds out what the device did and carries it to the end:
nothing is signed twice and no signed transaction is forgotten.

The circuit breaker: the first failing call opens an outage (`tseoutage`, a journal entry with its reason)
and from then on the counter does not call the device at all; receipts say "TSE ausgefallen" and carry the
system's times. `probe()` (a background thread calls it: app.services.tse_probe) tries the device; once it answers, the
outage is closed with the number of receipts it affected, and transactions left open are cancelled.

All device calls go through one lock: the GUI thread, the signing thread (starts) and the probe never talk
to the device at once. A start runs on the signing thread; a finish on the caller's (the receipt waits
for it), at most the adapter's timeout once: then the breaker is open.
"""

from __future__ import annotations

import logging
import threading
from concurrent.futures import ThreadPoolExecutor
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from app.services import journal, master_data
from app.store.db import transaction
from app.store.models import CartRecord, TseOutage, TseTransaction, utcnow
from app.tse.factory import NoTse
from app.tse.interface import ProcessType, TransactionLog, Tse, TseError, TseInfo, TseUnavailable
from sync.protocol import FiscalEventKind

__all__ = ["Signing", "SignResult", "OUTAGE_REASON_NONE"]

log = logging.getLogger(__name__)

OUTAGE_REASON_NONE = "Keine TSE eingerichtet"
#: TSE states of a `tsetransaction` row.
STARTING, OPEN, FINISHING, FINISHED, CANCELLED, FAILED = (
    "starting", "open", "finishing", "finished", "cancelled", "failed")


def _iso(moment: datetime) -> str:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).isoformat(timespec="milliseconds")


def _reason(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    return f"{getattr(exc, 'code', 'tse_error')}: {text}"[:500]


class _Guarded:
    """The device, with any error it was not meant to raise (a bug in a driver, a closed file, a library's own
    exception) turned into TseUnavailable: the counter goes on and the outage names it; the log keeps it all."""

    def __init__(self, device):
        self._device = device

    def __getattr__(self, name):
        attr = getattr(self._device, name)
        if not callable(attr):
            return attr

        def call(*args, **kwargs):
            try:
                return attr(*args, **kwargs)
            except TseError:
                raise
            except Exception as exc:
                log.exception("TSE call %s failed unexpectedly", name)
                raise TseUnavailable(f"{type(exc).__name__}: {exc}"[:300]) from exc
        return call


@dataclass(frozen=True)
class SignResult:
    """What `finish` brought back: the finished log, or why there is none."""

    row_id: str | None
    log: TransactionLog | None
    error: str = ""


class Signing:
    """The register's TSE, its circuit breaker and its outages. `client_id` is the register's serial number."""

    def __init__(self, engine: Engine, tse: Tse | None, *, client_id: str, location_id: str):
        self.engine, self.client_id, self.location_id = engine, client_id, location_id
        self.tse: Tse = _Guarded(tse if tse is not None else NoTse())
        self._lock = threading.RLock()
        self.listeners: list = []  # called (on the calling thread) when an outage begins or ends
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="tresen-tse")
        self._starting: set[str] = set()
        self._ready = False
        self._info: TseInfo | None = None
        with Session(engine) as s:
            open_outage = s.exec(select(TseOutage).where(TseOutage.ended_at == None)  # noqa: E711
                                 .order_by(TseOutage.id.desc())).first()
        self.outage_id: int | None = open_outage.id if open_outage else None
        self.outage_reason = open_outage.reason if open_outage else ""
        self.outage_since: datetime | None = open_outage.started_at if open_outage else None

    # -- state -----------------------------------------------------------------------------------
    @property
    def available(self) -> bool:
        """False while an outage is open: the counter does not call the device then."""
        return self.outage_id is None

    def info(self) -> TseInfo | None:
        return self._info

    # -- readiness ---------------------------------------------------------------------------------
    def ensure_ready(self) -> bool:
        """Register this register as a client, run the self-test and set the time (each one a journal entry),
        then settle what a crash left behind. Returns whether the TSE is usable."""
        with self._lock:
            if self.outage_id is not None:
                return self.probe()
            try:
                self._prepare_device()
            except TseError as exc:
                self._begin_outage(exc)
                return False
            return True

    def _prepare_device(self) -> None:
        """Called with the lock held. Raises TseError."""
        tse = self.tse
        tse.register_client(self.client_id)
        tse.self_test()
        tse.update_time(datetime.now(timezone.utc))
        info = tse.info()
        with transaction(self.engine) as s:
            for kind in (FiscalEventKind.TSE_SELF_TEST, FiscalEventKind.TSE_TIME_SYNC):
                journal.append(s, kind=kind, register_id=self.client_id, location_id=self.location_id, data={
                    "tse_serial": info.serial_hex, "signature_counter": info.signature_counter,
                    "description": info.description})
        self._info, self._ready = info, True
        master_data.record_if_changed(self.engine, register_id=self.client_id, store_id=self.location_id, tse=info)
        self._settle_open_transactions()

    def _ensure_device(self) -> None:
        if not self._ready:
            self._prepare_device()

    # -- transactions --------------------------------------------------------------------------------
    def start(self, *, cart_id: str) -> None:
        """The cart's first item: start its transaction unless it has one, on the signing thread, so that a
        scan never waits for the device (a cloud TSE's round trip, or its timeout when it is gone)."""
        if self.outage_id is not None or cart_id in self._starting:
            return
        if len(self._starting) > 1000:
            self._starting.clear()
        self._starting.add(cart_id)
        self._thread.submit(self._start_logged, cart_id)

    def drain(self) -> None:
        """Wait until the signing thread has done what it was given (a test; the end of the app)."""
        self._thread.submit(lambda: None).result()

    def _start_logged(self, cart_id: str) -> None:
        try:
            self.start_now(cart_id=cart_id)
        except Exception:  # a busy or full database: the transaction starts at payment instead
            log.exception("starting the TSE transaction of cart %s", cart_id)

    def start_now(self, *, cart_id: str) -> None:
        """`start` on the calling thread. Never raises for the device. Nothing is started for a cart that is
        gone (completed or voided before the signing thread got to it) or that has a transaction already
        (the payment may have started it first)."""
        with self._lock:
            if self.outage_id is not None:
                return
            with Session(self.engine) as s:
                if s.get(CartRecord, cart_id) is None:
                    return
                existing = s.exec(select(TseTransaction.id).where(TseTransaction.cart_id == cart_id)).first()
            if existing is None:
                self._start_row(kind="sale", cart_id=cart_id)

    def _start_row(self, *, kind: str, cart_id: str = "", receipt_id: str = "") -> TseTransaction | None:
        row = TseTransaction(id=uuid.uuid4().hex, kind=kind, cart_id=cart_id, receipt_id=receipt_id,
                             state=STARTING, client_id=self.client_id)
        with transaction(self.engine) as s:
            s.add(row)
        return self._started(row)

    def _started(self, row: TseTransaction) -> TseTransaction | None:
        """Call the device for a `starting` row (again, after a crash: the reference makes it idempotent)."""
        try:
            self._ensure_device()
            started = self.tse.start_transaction(self.client_id, reference=row.id)
        except TseError as exc:
            self._fail(row.id, exc)
            return None
        with transaction(self.engine) as s:
            row = s.get(TseTransaction, row.id)
            row.state, row.transaction_number = OPEN, started.transaction_number
            row.tse_serial, row.start_time, row.updated_at = started.serial_hex, _iso(started.start_time), utcnow()
            s.add(row)
        return row

    def prepare_finish(self, *, kind: str, process_data: str, cart_id: str = "", receipt_id: str = "",
                       process_type: str = ProcessType.RECEIPT) -> str | None:
        """Write down the process data the transaction will be finished with (committed before the call).
        A cart whose start failed, or a return, starts now. Returns the row's id, or None in an outage."""
        with self._lock:
            row = None
            if cart_id:
                with Session(self.engine) as s:
                    row = s.exec(select(TseTransaction).where(
                        TseTransaction.cart_id == cart_id,
                        TseTransaction.state.in_((STARTING, OPEN, FINISHING)))).first()
            if self.outage_id is not None:
                return row.id if row is not None else None  # `record` marks it failed with the receipt
            if row is not None and row.state == STARTING:
                    row = self._started(row)
            if row is None:
                row = self._start_row(kind=kind, cart_id=cart_id, receipt_id=receipt_id)
            if row is None:
                return None
            with transaction(self.engine) as s:
                row = s.get(TseTransaction, row.id)
                row.state, row.process_type, row.process_data = FINISHING, process_type, process_data
                row.receipt_id, row.updated_at = receipt_id or row.receipt_id, utcnow()
                s.add(row)
            return row.id

    def finish(self, row_id: str | None) -> SignResult:
        """Finish the transaction prepared by `prepare_finish`. An outage gives a result without a log."""
        if row_id is None:
            return SignResult(None, None, self.outage_reason or OUTAGE_REASON_NONE)
        with self._lock:
            with Session(self.engine) as s:
                row = s.get(TseTransaction, row_id)
            if self.outage_id is not None:
                return SignResult(row_id, None, self.outage_reason)
            try:
                self._ensure_device()
                finished = self.tse.finish_transaction(self.client_id, row.transaction_number,
                                                       process_type=row.process_type,
                                                       process_data=row.process_data)
            except TseError as exc:
                self._begin_outage(exc)
                return SignResult(row_id, None, _reason(exc))
            return SignResult(row_id, finished)

    def record(self, session: Session, result: SignResult, *, receipt_id: str) -> dict:
        """In the receipt's own database transaction: store the finished log (or the failure) and count an
        unsigned receipt in its outage. Returns the TSE data for the journal entry."""
        row = session.get(TseTransaction, result.row_id) if result.row_id else None
        if result.log is None:
            if row is None:  # never started (the breaker was open): the receipt's unsigned state is kept too
                row = TseTransaction(id=uuid.uuid4().hex, kind="sale", state=FAILED, client_id=self.client_id)
            if row is not None:
                row.state, row.error, row.receipt_id = FAILED, result.error, receipt_id
                row.outage_id, row.updated_at = self.outage_id, utcnow()
                session.add(row)
            if self.outage_id is not None:
                outage = session.get(TseOutage, self.outage_id)
                outage.receipts_affected += 1
                session.add(outage)
            return {"error": result.error or self.outage_reason or OUTAGE_REASON_NONE}
        done = result.log
        row.state, row.receipt_id, row.transaction_number = FINISHED, receipt_id, done.transaction_number
        row.tse_serial, row.start_time, row.log_time = done.serial_hex, _iso(done.start_time), _iso(done.log_time)
        row.signature_counter, row.signature, row.public_key = done.signature_counter, done.signature_b64, \
            done.public_key_b64
        row.signature_algorithm, row.time_format, row.updated_at = done.signature_algorithm, done.time_format, utcnow()
        row.process_type, row.process_data = done.process_type, done.process_data
        session.add(row)
        return {"tse_serial": done.serial_hex, "transaction_number": done.transaction_number,
                "signature_counter": done.signature_counter, "start_time": row.start_time,
                "log_time": row.log_time, "process_type": done.process_type, "process_data": done.process_data,
                "signature": done.signature_b64, "signature_algorithm": done.signature_algorithm,
                "time_format": done.time_format, "public_key": done.public_key_b64}

    def cancel(self, *, cart_id: str) -> dict | None:
        """A voided cart: its transaction ends as AVBelegabbruch. Returns the TSE data for the journal (None:
        the cart had no transaction); in an outage the transaction is cancelled once the device is back."""
        with self._lock:
            with Session(self.engine) as s:
                row = s.exec(select(TseTransaction).where(
                    TseTransaction.cart_id == cart_id,
                    TseTransaction.state.in_((STARTING, OPEN, FINISHING)))).first()
            if row is None:
                return None
            if self.outage_id is None and row.state == STARTING:
                row = self._started(row) or row
            if self.outage_id is not None or row.transaction_number is None:
                self._mark(row.id, FAILED, self.outage_reason)
                return {"error": self.outage_reason or OUTAGE_REASON_NONE}
            try:
                aborted = self.tse.cancel_transaction(self.client_id, row.transaction_number)
            except TseError as exc:
                self._begin_outage(exc)
                self._mark(row.id, FAILED, _reason(exc))
                return {"error": _reason(exc)}
            with transaction(self.engine) as s:
                self.record(s, SignResult(row.id, aborted), receipt_id=cart_id)
                s.get(TseTransaction, row.id).state = CANCELLED
            return {"tse_serial": aborted.serial_hex, "transaction_number": aborted.transaction_number,
                    "signature_counter": aborted.signature_counter, "process_data": aborted.process_data}

    def _mark(self, row_id: str, state: str, error: str = "") -> None:
        with transaction(self.engine) as s:
            row = s.get(TseTransaction, row_id)
            row.state, row.error, row.outage_id, row.updated_at = state, error, self.outage_id, utcnow()
            s.add(row)

    def _fail(self, row_id: str, exc: TseError) -> None:
        self._begin_outage(exc)
        self._mark(row_id, FAILED, _reason(exc))

    # -- outages -------------------------------------------------------------------------------------
    def _begin_outage(self, exc: BaseException) -> None:
        if self.outage_id is not None:
            return
        reason, at = _reason(exc), utcnow()
        log.warning("TSE outage begins: %s", reason)
        with transaction(self.engine) as s:
            outage = TseOutage(started_at=at, reason=reason)
            s.add(outage)
            s.flush()
            journal.append(s, kind=FiscalEventKind.TSE_OUTAGE_START, register_id=self.client_id,
                           location_id=self.location_id, entity_id=str(outage.id), at=at,
                           data={"reason": reason})
            self.outage_id = outage.id
        self.outage_reason, self.outage_since, self._ready = reason, at, False
        self._notify()

    def _notify(self) -> None:
        for listener in list(self.listeners):
            try:
                listener()
            except Exception:  # a view that went away must not break the counter
                log.exception("TSE listener failed")

    def probe(self) -> bool:
        """Try the device (from the background probe, or at start). On success an open outage ends: it is
        recorded with the receipts it affected, and transactions left open are cancelled."""
        with self._lock:
            try:
                self._prepare_device()
            except TseError as exc:
                if self.outage_id is None:
                    self._begin_outage(exc)
                return False
            if self.outage_id is not None:
                at = utcnow()
                with transaction(self.engine) as s:
                    outage = s.get(TseOutage, self.outage_id)
                    outage.ended_at = at
                    s.add(outage)
                    journal.append(s, kind=FiscalEventKind.TSE_OUTAGE_END, register_id=self.client_id,
                                   location_id=self.location_id, entity_id=str(outage.id), at=at, data={
                                       "reason": outage.reason, "started_at": _iso(outage.started_at),
                                       "receipts_affected": outage.receipts_affected})
                log.warning("TSE outage %s ended", self.outage_id)
                self.outage_id, self.outage_reason, self.outage_since = None, "", None
                self._notify()
            return True

    def outages(self, *, limit: int = 50) -> list[TseOutage]:
        with Session(self.engine) as s:
            return list(s.exec(select(TseOutage).order_by(TseOutage.id.desc()).limit(limit)))

    # -- after a crash or an outage -------------------------------------------------------------------------
    def _settle_open_transactions(self) -> None:
        """Called with the lock held and the device ready. Rows a crash left `starting` learn their number;
        transactions no live cart owns are cancelled (AVBelegabbruch); `finishing` rows stay for
        `app.services.checkout.finish_interrupted`, which completes their sales."""
        with Session(self.engine) as s:
            starting = s.exec(select(TseTransaction).where(TseTransaction.state == STARTING)).all()
        for row in starting:
            self._started(row)
        with Session(self.engine) as s:
            live_carts = set(s.exec(select(CartRecord.id)).all())
            rows = s.exec(select(TseTransaction).where(TseTransaction.state.in_((OPEN, FINISHING)))).all()
            failed = s.exec(select(TseTransaction).where(TseTransaction.state == FAILED,
                                                         TseTransaction.transaction_number != None)).all()  # noqa: E711
        kept = {r.transaction_number for r in rows if r.state == FINISHING or r.cart_id in live_carts}
        for row in rows:
            if row.state == OPEN and row.cart_id not in live_carts:
                self._mark(row.id, CANCELLED, "Warenkorb nicht mehr vorhanden")
        failed_numbers = {r.transaction_number for r in failed}
        for open_tx in self.tse.open_transactions(self.client_id):
            if open_tx.transaction_number in kept:
                continue
            self.tse.cancel_transaction(self.client_id, open_tx.transaction_number)
            log.info("cancelled TSE transaction %s left open%s", open_tx.transaction_number,
                     " by an outage" if open_tx.transaction_number in failed_numbers else "")

    def abandon(self, row_id: str) -> None:
        """A prepared finish whose receipt cannot be written any more (its cart or return is gone): kept as
        failed, with the reason, for the manager and the audit."""
        self._mark(row_id, FAILED, "Beleg nach Neustart nicht mehr vorhanden")

    def interrupted(self) -> list[TseTransaction]:
        """Sales whose finish was prepared (and maybe signed) but never recorded: a crash in checkout."""
        with Session(self.engine) as s:
            return list(s.exec(select(TseTransaction).where(TseTransaction.state == FINISHING)))

