"""Signing receipts at the register's TSE, and going on without it when it fails (AEAO zu § 146a Nr. 7).

A sale's transaction starts with its first item (`start`, on the signing thread) and finishes at payment:
`prepare_finish` writes the exact process data (committed before the call), `finish` asks the device, and
`record` stores the signed log in the receipt's own database transaction. After a crash, `tse_settle.settle`
and `app.services.checkout.finish_interrupted` carry every transaction to its end: nothing is signed twice
and no signed transaction is forgotten.

The circuit breaker: the first failing call opens an outage (`tseoutage`, a journal entry with its reason)
and from then on the counter does not call the device at all; receipts say "TSE ausgefallen" and carry the
system's times. Whether a receipt is signed is decided once, in `prepare_finish`, and carried through: an
outage that ends meanwhile never makes the device sign data that was not prepared. `probe()` (a background
thread: app.services.tse_probe) asks the device, without making the counter wait; once it answers, the
outage is closed with the receipts it affected, and transactions left open are ended (`tse_settle`).

All device calls go through one lock (`lock`): the GUI thread, the signing thread and the probe never talk
to the device at once. A finish runs on the caller's thread (the receipt waits for it), at most the
adapter's timeout once: then the breaker is open.
"""

from __future__ import annotations

import logging
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from app.core import clock
from app.services import journal, master_data, tse_settle
from app.services.tse_settle import CANCELLED, CANCELLING, FAILED, FINISHED, FINISHING, LIVE, OPEN, STARTING
from app.store.db import transaction
from app.store.models import CartRecord, TseOutage, TseTransaction, utcnow
from app.tse.factory import NO_TSE_REASON, NoTse
from app.tse.guarded import Guarded
from app.tse.interface import ProcessType, TransactionLog, Tse, TseError, TseInfo, TseRejected
from sync.protocol import FiscalEventKind

__all__ = ["OUTAGE_REASON_NONE", "Prepared", "SignResult", "Signing"]

log = logging.getLogger(__name__)

OUTAGE_REASON_NONE = NO_TSE_REASON  # the reason of an unsigned receipt when none is known


def _reason(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    return f"{getattr(exc, 'code', 'tse_error')}: {text}"[:500]


@dataclass(frozen=True)
class Prepared:
    """What `prepare_finish` decided: `ready` — the row is written down and the device may finish it; else
    the receipt is unsigned, in the outage (`outage_id`, `reason`) that was open when it was decided."""

    row_id: str | None
    kind: str
    ready: bool
    outage_id: int | None = None
    reason: str = ""


@dataclass(frozen=True)
class SignResult:
    """What `finish` brought back: the finished log, or why there is none (and in which outage)."""

    row_id: str | None
    kind: str
    log: TransactionLog | None
    error: str = ""
    outage_id: int | None = None


class Signing:
    """The register's TSE, its circuit breaker and its outages. `client_id` is the register's serial number."""

    def __init__(self, engine: Engine, tse: Tse | None, *, client_id: str, location_id: str):
        self.engine, self.client_id, self.location_id = engine, client_id, location_id
        self.tse: Tse = Guarded(tse if tse is not None else NoTse())
        self.lock = threading.RLock()
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

    def live_row(self, *, cart_id: str = "", receipt_id: str = "") -> TseTransaction | None:
        """The transaction of a cart (or of a return, by its id) that may still become a receipt."""
        column, value = (TseTransaction.cart_id, cart_id) if cart_id else (TseTransaction.receipt_id, receipt_id)
        if not value:
            return None
        with Session(self.engine) as s:
            return s.exec(select(TseTransaction).where(column == value, TseTransaction.state.in_(LIVE))).first()

    def finishing(self, cart_id: str) -> bool:
        """The cart's finish was prepared (and may be signed): it is completed as it is, or not at all."""
        row = self.live_row(cart_id=cart_id)
        return row is not None and row.state == FINISHING

    # -- readiness ---------------------------------------------------------------------------------
    def ensure_ready(self) -> bool:
        """Register this register as a client, run the self-test and set the time (journal entries), record
        the master data, then settle what a crash left behind. Returns whether the TSE is usable."""
        if self.outage_id is not None:
            return self.probe()
        with self.lock:
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
        tse.update_time(clock.now())
        info = tse.info()
        self._info, self._ready = info, True  # settling talks to the device: as a ready one
        try:
            tse_settle.settle(self)
            with transaction(self.engine) as s:
                for kind in (FiscalEventKind.TSE_SELF_TEST, FiscalEventKind.TSE_TIME_SYNC):
                    journal.append(s, kind=kind, register_id=self.client_id, location_id=self.location_id, data={
                        "tse_serial": info.serial_hex, "signature_counter": info.signature_counter,
                        "description": info.description})
            master_data.record_if_changed(self.engine, register_id=self.client_id, store_id=self.location_id,
                                          tse=info)
        except BaseException:
            self._ready = False
            raise

    def _ensure_device(self) -> None:
        if not self._ready:
            self._prepare_device()

    # -- starting ------------------------------------------------------------------------------------
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
        except Exception:  # a busy or full database: the next scan tries again, the payment at the latest
            self._starting.discard(cart_id)
            log.exception("starting the TSE transaction of cart %s", cart_id)

    def start_now(self, *, cart_id: str) -> None:
        """`start` on the calling thread. Never raises for the device. Nothing is started for a cart that is
        gone (completed or voided before the signing thread got to it) or that has a transaction already
        (the payment may have started it first)."""
        if self.outage_id is not None:
            self._starting.discard(cart_id)
            return
        with self.lock:
            with Session(self.engine) as s:
                if s.get(CartRecord, cart_id) is None:
                    return
                existing = s.exec(select(TseTransaction.id).where(TseTransaction.cart_id == cart_id)).first()
            if existing is None:
                self._start_row(kind="sale", cart_id=cart_id)

    def _start_row(self, *, kind: str, cart_id: str = "", receipt_id: str = "") -> TseTransaction | None:
        try:  # ready first: settling what a crash left must never meet the row about to start
            self._ensure_device()
        except TseError as exc:
            self._begin_outage(exc)
            return None
        row = TseTransaction(id=uuid.uuid4().hex, kind=kind, cart_id=cart_id, receipt_id=receipt_id,
                             state=STARTING, client_id=self.client_id)
        with transaction(self.engine) as s:
            s.add(row)
        return self.resume_start(row)

    def resume_start(self, row: TseTransaction) -> TseTransaction | None:
        """Call the device for a `starting` row (again, after a crash: the reference makes it idempotent).
        None: it failed, the outage began."""
        try:
            self._ensure_device()
            started = self.tse.start_transaction(self.client_id, reference=row.id)
        except TseError as exc:
            self._begin_outage(exc)
            self.mark(row.id, FAILED, _reason(exc))
            return None
        with transaction(self.engine) as s:
            row = s.get(TseTransaction, row.id)
            row.state, row.transaction_number = OPEN, started.transaction_number
            row.tse_serial, row.start_time = started.serial_hex, tse_settle.iso(started.start_time)
            row.updated_at = utcnow()
            s.add(row)
        return row

    # -- finishing -------------------------------------------------------------------------------------
    def prepare_finish(self, *, kind: str, process_data: str, cart_id: str = "", receipt_id: str = "",
                       process_type: str = ProcessType.RECEIPT) -> Prepared:
        """Decide whether the receipt is signed and, if so, write down the process data it will be finished
        with (committed before the call). A cart whose start failed, or a return, starts now; a return
        committed again after a failed save finds its transaction by `receipt_id`."""
        row = self.live_row(cart_id=cart_id) if cart_id else self.live_row(receipt_id=receipt_id)
        if self.outage_id is not None:  # the breaker is open: no lock, no device
            return Prepared(row.id if row else None, kind, False, self.outage_id, self.outage_reason)
        with self.lock:
            if self.outage_id is not None:
                return Prepared(row.id if row else None, kind, False, self.outage_id, self.outage_reason)
            row = self.live_row(cart_id=cart_id) if cart_id else self.live_row(receipt_id=receipt_id)
            if row is not None and row.state == FINISHING and (row.process_type, row.process_data) != (
                    process_type, process_data):
                # stays German: the fiscal journal and the TSE transaction record
                tse_settle.end_without_receipt(self, row, "Der Bon wurde nach der Vorbereitung geändert")
                row = None
            if row is not None and row.state == STARTING:
                row = self.resume_start(row)
            if row is None:
                row = self._start_row(kind=kind, cart_id=cart_id, receipt_id=receipt_id)
            if row is None:
                return Prepared(None, kind, False, self.outage_id, self.outage_reason)
            self._write_finishing(row.id, process_type, process_data, receipt_id)
            return Prepared(row.id, kind, True)

    def _write_finishing(self, row_id: str, process_type: str, process_data: str, receipt_id: str) -> None:
        with transaction(self.engine) as s:
            row = s.get(TseTransaction, row_id)
            row.state, row.process_type, row.process_data = FINISHING, process_type, process_data
            row.receipt_id, row.updated_at = receipt_id or row.receipt_id, utcnow()
            s.add(row)

    def finish(self, prepared: Prepared) -> SignResult:
        """Finish what `prepare_finish` prepared. Unprepared, or an outage since: a result without a log."""
        if not prepared.ready:
            return SignResult(prepared.row_id, prepared.kind, None, prepared.reason or OUTAGE_REASON_NONE,
                              prepared.outage_id)
        with self.lock:
            if self.outage_id is not None:
                return SignResult(prepared.row_id, prepared.kind, None, self.outage_reason, self.outage_id)
            with Session(self.engine) as s:
                row = s.get(TseTransaction, prepared.row_id)
            try:
                return self._finish_row(row, prepared.kind)
            except TseRejected as exc:  # the device will not finish this one (ended meanwhile): a new one
                log.error("TSE refused to finish transaction %s: %s", row.transaction_number, exc)
                tse_settle.end_without_receipt(self, row, _reason(exc))
                again = self._start_row(kind=row.kind, cart_id=row.cart_id, receipt_id=row.receipt_id)
                if again is None:
                    return SignResult(None, prepared.kind, None, self.outage_reason, self.outage_id)
                self._write_finishing(again.id, row.process_type, row.process_data, row.receipt_id)
                with Session(self.engine) as s:
                    again = s.get(TseTransaction, again.id)
                try:
                    return self._finish_row(again, prepared.kind)
                except TseError as exc2:
                    self._begin_outage(exc2)
                    return SignResult(again.id, prepared.kind, None, _reason(exc2), self.outage_id)
            except TseError as exc:
                self._begin_outage(exc)
                return SignResult(row.id, prepared.kind, None, _reason(exc), self.outage_id)

    def _finish_row(self, row: TseTransaction, kind: str) -> SignResult:
        self._ensure_device()
        done = self.tse.finish_transaction(self.client_id, row.transaction_number, process_type=row.process_type,
                                           process_data=row.process_data)
        return SignResult(row.id, kind, done)

    def record(self, session: Session, result: SignResult, *, receipt_id: str) -> dict:
        """In the receipt's own database transaction: store the finished log (or the failure, counted in the
        outage it happened in). Returns the TSE data for the journal entry."""
        row = session.get(TseTransaction, result.row_id) if result.row_id else None
        if result.log is None:
            if row is None:  # never started (the breaker was open): the receipt's unsigned state is kept too
                row = TseTransaction(id=uuid.uuid4().hex, kind=result.kind, state=FAILED, client_id=self.client_id)
            row.state, row.error, row.receipt_id = FAILED, result.error or OUTAGE_REASON_NONE, receipt_id
            row.outage_id, row.updated_at = result.outage_id, utcnow()
            session.add(row)
            if result.outage_id is not None:
                outage = session.get(TseOutage, result.outage_id)
                outage.receipts_affected += 1
                session.add(outage)
            return {"error": row.error, "outage_id": result.outage_id}
        row.state, row.receipt_id = FINISHED, receipt_id
        tse_settle.store_log(row, result.log)
        session.add(row)
        return tse_settle.log_data(result.log)

    # -- voiding ------------------------------------------------------------------------------------------
    def cancel(self, *, cart_id: str, write) -> None:
        """A voided cart: its transaction ends as AVBelegabbruch. `write(session, tse)` writes the void in the
        database transaction that records the cancellation (`tse`: the signed data, an error, or None for a
        cart without a transaction), with the lock held: a start queued for the cart cannot slip in."""
        with self.lock:
            row = self.live_row(cart_id=cart_id)
            if row is None:
                with transaction(self.engine) as s:
                    write(s, None)
                return
            if self.outage_id is None and row.state == STARTING:
                row = self.resume_start(row) or row
            if self.outage_id is not None or row.transaction_number is None:  # ended once the device is back
                with transaction(self.engine) as s:
                    self._set(s, row.id, FAILED, self.outage_reason or OUTAGE_REASON_NONE, self.outage_id)
                    write(s, {"error": self.outage_reason or OUTAGE_REASON_NONE, "outage_id": self.outage_id})
                return
            self.mark(row.id, CANCELLING)
            try:
                aborted = self.tse.cancel_transaction(self.client_id, row.transaction_number)
            except TseError as exc:
                if not isinstance(exc, TseRejected):
                    self._begin_outage(exc)
                with transaction(self.engine) as s:
                    self._set(s, row.id, FAILED, _reason(exc), self.outage_id)
                    write(s, {"error": _reason(exc), "outage_id": self.outage_id})
                return
            try:
                with transaction(self.engine) as s:
                    stored = s.get(TseTransaction, row.id)
                    tse_settle.store_log(stored, aborted)
                    stored.state, stored.receipt_id = CANCELLED, cart_id
                    s.add(stored)
                    write(s, tse_settle.log_data(aborted))
            except Exception:  # the void was not saved: its signed cancellation is journalled on its own
                # stays German: the fiscal journal and the TSE transaction record
                tse_settle.end_without_receipt(self, row, "Storno signiert, aber nicht gespeichert")
                raise

    def mark(self, row_id: str, state: str, error: str = "", outage_id: int | None = None) -> None:
        with transaction(self.engine) as s:
            self._set(s, row_id, state, error, outage_id if outage_id is not None else self.outage_id)

    @staticmethod
    def _set(s: Session, row_id: str, state: str, error: str, outage_id: int | None) -> None:
        row = s.get(TseTransaction, row_id)
        row.state, row.error, row.outage_id, row.updated_at = state, error, outage_id, utcnow()
        s.add(row)

    # -- outages -------------------------------------------------------------------------------------
    def _begin_outage(self, exc: BaseException) -> None:
        with self.lock:
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
                outage_id = outage.id
            self.outage_id, self.outage_reason, self.outage_since, self._ready = outage_id, reason, at, False
        self._notify()

    def _notify(self) -> None:
        for listener in list(self.listeners):
            try:
                listener()
            except Exception:  # a view that went away must not break the counter
                log.exception("TSE listener failed")

    def probe(self) -> bool:
        """Try the device (the background probe, "Jetzt prüfen", the start). In an outage it is asked first
        without the lock, so a checkout never waits behind a probe of a dead device; once it answers, the
        outage is closed (journal entry with the receipts it affected) and what it left open is ended."""
        if self.outage_id is None:
            return self.ensure_ready()
        try:
            self.tse.info()
        except TseError:
            return False
        with self.lock:
            try:
                self._prepare_device()
            except TseError:
                return False
            if self.outage_id is not None:
                at = utcnow()
                with transaction(self.engine) as s:
                    outage = s.get(TseOutage, self.outage_id)
                    outage.ended_at = at
                    s.add(outage)
                    s.flush()
                    outage = s.get(TseOutage, self.outage_id)
                    journal.append(s, kind=FiscalEventKind.TSE_OUTAGE_END, register_id=self.client_id,
                                   location_id=self.location_id, entity_id=str(outage.id), at=at, data={
                                       "reason": outage.reason, "started_at": tse_settle.iso(outage.started_at),
                                       "receipts_affected": outage.receipts_affected})
                log.warning("TSE outage %s ended", self.outage_id)
                self.outage_id, self.outage_reason, self.outage_since = None, "", None
        self._notify()
        return True

    def outages(self, *, limit: int = 50) -> list[TseOutage]:
        with Session(self.engine) as s:
            return list(s.exec(select(TseOutage).order_by(TseOutage.id.desc()).limit(limit)))

    def interrupted(self) -> list[TseTransaction]:
        """Receipts whose finish was prepared (and maybe signed) but never recorded: a crash, a failed save."""
        with Session(self.engine) as s:
            return list(s.exec(select(TseTransaction).where(TseTransaction.state == FINISHING)))

    def end_without_receipt(self, row: TseTransaction, reason: str) -> None:
        with self.lock:
            tse_settle.end_without_receipt(self, row, reason)

