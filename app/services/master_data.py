"""The register's fiscal master data — the store as the receipts name it, the register's serial number and
the TSE that signs — recorded in the fiscal journal whenever it changes (a `master_data` entry).

A tax audit reads receipts against the master data in force when they were made (DSFinV-K stores it per
closing); the journal says when it changed. Checked when the TSE is made ready and after each sync round
(the store's address or VAT id may have changed at the backend).
"""

from __future__ import annotations

import json

from sqlalchemy.engine import Engine
from sqlmodel import Session

from app.services import journal
from app.store.db import transaction
from app.store.models import Location
from app.tse.interface import TseInfo
from sync.protocol import FiscalEventKind

__all__ = ["current", "record_if_changed"]


def current(session: Session, *, register_id: str, store_id: str, tse: TseInfo | None) -> dict:
    store = session.get(Location, store_id)
    data = {"register_serial": register_id,
            "store": {"id": store_id, "name": store.name if store else "", "street": store.street if store else "",
                      "city": store.city if store else "", "vat_id": store.vat_id if store else ""}}
    if tse is not None:
        data["tse"] = {"serial": tse.serial_hex, "signature_algorithm": tse.signature_algorithm,
                       "time_format": tse.time_format, "public_key": tse.public_key_b64,
                       "process_data_encoding": tse.process_data_encoding, "description": tse.description,
                       "certificate": tse.certificate_pem}  # DSFinV-K tse.csv TSE_ZERTIFIKAT_I/II
    return data


def _last_recorded(session: Session) -> dict | None:
    row = session.connection().exec_driver_sql(
        "SELECT data FROM fiscalevent WHERE kind = ? ORDER BY seq DESC LIMIT 1",
        (FiscalEventKind.MASTER_DATA.value,)).first()
    return json.loads(row[0]) if row else None


def record_if_changed(engine: Engine, *, register_id: str, store_id: str, tse: TseInfo | None) -> bool:
    """Append a `master_data` entry if the master data differs from the last one recorded (the TSE part is
    kept from before when `tse` is None: not known now is not a change). Returns whether it did."""
    with transaction(engine) as s:
        now = current(s, register_id=register_id, store_id=store_id, tse=tse)
        last = _last_recorded(s)
        if tse is None and last is not None and "tse" in last:
            now["tse"] = last["tse"]
        if json.loads(json.dumps(now)) == last:
            return False
        journal.append(s, kind=FiscalEventKind.MASTER_DATA, register_id=register_id, location_id=store_id,
                       entity_id=register_id, data=now)
    return True
