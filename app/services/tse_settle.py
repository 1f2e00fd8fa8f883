"""Ending TSE transactions that no receipt will carry, and settling what a crash or an outage left behind.

Every such transaction is ended on the device (cancelled, `AVBelegabbruch`, where it is still open) and written
to the fiscal journal as `tse_transaction_ended` with what the device signed, so that an auditor comparing the
TSE's export with the journal finds every transaction accounted for. Called by `app.services.signing.Signing`
with its lock held.
"""

from __future__ import annotations

import logging
from datetime import datetime, timezone

from sqlmodel import Session, select

from app.services import journal
from app.store.db import transaction
from app.store.models import CartRecord, TseTransaction, utcnow
from app.tse.interface import TransactionLog, TseError
from sync.protocol import FiscalEventKind

__all__ = ["STATES", "end_without_receipt", "log_data", "settle", "store_log"]

log = logging.getLogger(__name__)

#: The states of a `tsetransaction` row. LIVE: the device's transaction may still go on to a receipt.
STARTING, OPEN, FINISHING, FINISHED = "starting", "open", "finishing", "finished"
CANCELLING, CANCELLED, FAILED, ENDED = "cancelling", "cancelled", "failed", "ended"
LIVE = (STARTING, OPEN, FINISHING)
STATES = (STARTING, OPEN, FINISHING, FINISHED, CANCELLING, CANCELLED, FAILED, ENDED)


def iso(moment: datetime) -> str:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).isoformat(timespec="milliseconds")


def log_data(done: TransactionLog) -> dict:
    """What a journal entry carries of a signed log: everything a receipt's TSE block and DSFinV-K's
    transactions_tse need."""
    return {"tse_serial": done.serial_hex, "transaction_number": done.transaction_number,
            "signature_counter": done.signature_counter, "start_time": iso(done.start_time),
            "log_time": iso(done.log_time), "process_type": done.process_type, "process_data": done.process_data,
            "signature": done.signature_b64, "signature_algorithm": done.signature_algorithm,
            "time_format": done.time_format, "public_key": done.public_key_b64}


def store_log(row: TseTransaction, done: TransactionLog) -> None:
    row.transaction_number, row.tse_serial = done.transaction_number, done.serial_hex
    row.start_time, row.log_time = iso(done.start_time), iso(done.log_time)
    row.signature_counter, row.signature, row.public_key = done.signature_counter, done.signature_b64, \
        done.public_key_b64
    row.signature_algorithm, row.time_format = done.signature_algorithm, done.time_format
    row.process_type, row.process_data, row.updated_at = done.process_type, done.process_data, utcnow()


def end_without_receipt(signing, row: TseTransaction | None, reason: str, *, number: int | None = None,
                        keep_state: bool = False) -> None:
    """End a transaction no receipt will carry: cancel it on the device if it is still open, and journal it.
    `row` None: a transaction the register never heard the number of (`number`). `keep_state`: the row stays
    as it is (a failed row still tells its receipt that it is unsigned)."""
    number = row.transaction_number if row is not None else number
    done, note = None, ""
    if number is not None:
        try:
            done = signing.tse.cancel_transaction(signing.client_id, number)
        except TseError as exc:  # finished already (a lost answer), or the device is gone again
            note = f"{getattr(exc, 'code', 'tse_error')}: {exc}"
    with transaction(signing.engine) as s:
        data = {"reason": reason, "transaction_number": number, "note": note}
        if row is not None:
            data.update(kind=row.kind, cart_id=row.cart_id, receipt_id=row.receipt_id,
                        prepared_process_data=row.process_data)
            if not keep_state:
                stored = s.get(TseTransaction, row.id)
                stored.state, stored.error = ENDED, reason
                if done is not None:
                    store_log(stored, done)
                stored.updated_at = utcnow()
                s.add(stored)
        if done is not None:
            data.update(log_data(done))
        journal.append(s, kind=FiscalEventKind.TSE_TRANSACTION_ENDED, register_id=signing.client_id,
                       location_id=signing.location_id, entity_id=row.id if row is not None else "", data=data)
    log.warning("TSE transaction %s ended without a receipt: %s %s", number, reason, note)


def settle(signing) -> None:
    """After a crash or an outage, with the device ready: rows a crash left `starting` learn their number; a
    void that died after the device cancelled is journalled; transactions no cart owns any more, or left open
    by an outage, or unknown to the register (a lost answer), are ended. `finishing` rows stay for
    `app.services.checkout.finish_interrupted`, which completes their sales."""
    with Session(signing.engine) as s:
        starting = s.exec(select(TseTransaction).where(TseTransaction.state == STARTING)).all()
    for row in starting:
        signing.resume_start(row)
    with Session(signing.engine) as s:
        cancelling = s.exec(select(TseTransaction).where(TseTransaction.state == CANCELLING)).all()
    for row in cancelling:
        # stays German: the fiscal journal and the TSE transaction record
        end_without_receipt(signing, row, "Storno vor dem Neustart nicht gespeichert")
    device_open = {t.transaction_number for t in signing.tse.open_transactions(signing.client_id)}
    with Session(signing.engine) as s:
        live_carts = set(s.exec(select(CartRecord.id)).all())
        rows = s.exec(select(TseTransaction).where(TseTransaction.state.in_((OPEN, FINISHING, FAILED)))).all()
    known = set()
    for row in rows:
        known.add(row.transaction_number)
        if row.state == FINISHING:
            continue
        if row.state == FAILED:
            if row.transaction_number in device_open:
                # stays German: the fiscal journal and the TSE transaction record
                end_without_receipt(signing, row, "Nach dem TSE-Ausfall offen geblieben", keep_state=True)
        elif row.cart_id not in live_carts:
            # stays German: the fiscal journal and the TSE transaction record
            end_without_receipt(signing, row, "Warenkorb nicht mehr vorhanden")
        elif row.transaction_number not in device_open:
            # stays German: the fiscal journal and the TSE transaction record
            end_without_receipt(signing, row, "Von der TSE bereits beendet")
    for number in sorted(device_open - known):
        # stays German: the fiscal journal and the TSE transaction record
        end_without_receipt(signing, None, "Der Kasse unbekannt (Antwort der TSE verloren)", number=number)
