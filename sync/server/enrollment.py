"""Enrolling a register's PC, and replacing one.

A one-time secret made by IT is bound to one register: a store and a register
number. A register that is enrolled cannot be taken over by another secret:
replacing its PC is an explicit IT action (`replace_register`) that first
revokes the old PC's token and then makes a secret for the new one. The same
PC retrying its enrollment (its answer was lost) is answered again; any other
use of a used secret is refused. The answer carries the register's high-water
marks (receipt, delivery and operation numbers), so a replacement continues
the numbering and every receipt number stays unambiguous.
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets

from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlmodel import Session

from sync.protocol import Counter, EnrollRequest, EnrollResponse, RegisterRefusal
from sync.server.db import lock_register_pushes, lock_row
from sync.server.models import Register

__all__ = ["EnrollmentRefused", "enroll", "add_enrollment_secrets", "replace_register", "revoke", "high_water_marks",
           "register_id_of"]

REVOKED = "revoked:"  # token_hash prefix of a register whose PC IT took out of service


class EnrollmentRefused(Exception):
    def __init__(self, status: int, code: RegisterRefusal, detail: str, /, **params: str):
        super().__init__(detail)
        self.status, self.code, self.detail, self.params = status, code, detail, params


def sha256(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def register_id_of(store_id: str, register_no: int) -> str:
    return f"{store_id}-{register_no:02d}"


def _parse_register(register_id: str) -> tuple[str, int]:
    m = re.fullmatch(r"(\w{1,16})-(\d{1,2})", register_id)
    if not m or not 1 <= int(m.group(2)) <= 99:
        raise ValueError(f"'{register_id}' is no register id (STORE-NN, e.g. 1001-01)")
    return m.group(1), int(m.group(2))


def add_enrollment_secrets(engine: Engine, secrets_for: dict[str, str]) -> None:
    """Store one-time secrets, hashed: {secret: register id such as '1001-01'}."""
    with engine.begin() as conn:
        for secret, register_id in secrets_for.items():
            store_id, number = _parse_register(register_id)
            conn.execute(text("INSERT INTO enrollmentsecret (secret_hash, store_id, register_no)"
                              " VALUES (:h, :s, :n)"), {"h": sha256(secret), "s": store_id, "n": number})


def replace_register(engine: Engine, register_id: str) -> str:
    """IT replaces a register's PC: the old PC's token stops working now; returns the new PC's secret."""
    secret = secrets.token_urlsafe(18)
    with Session(engine) as s:
        revoke(s, register_id)
        s.commit()
    add_enrollment_secrets(engine, {secret: register_id})
    return secret


def revoke(session: Session, register_id: str) -> bool:
    """The register's PC is out of service: its token stops working once the caller commits. A push of it under
    way finishes first (it is in the high-water marks a replacement gets); one let in meanwhile is refused
    (sync/server/apply.py). False if no such register is enrolled."""
    lock_register_pushes(session, register_id)
    register = session.get(Register, register_id, populate_existing=True)
    if register is None:
        return False
    if not register.token_hash.startswith(REVOKED):
        register.token_hash = REVOKED + secrets.token_hex(16)
        session.add(register)
    return True


def high_water_marks(session: Session, register_id: str) -> dict[Counter, int]:
    """The highest receipt, delivery and operation numbers the backend holds for this register."""
    conn = session.connection()
    receipt = max(conn.execute(text("SELECT COALESCE(MAX(receipt_no), 0) FROM sale WHERE register_id = :r"),
                               {"r": register_id}).scalar_one(),
                  conn.execute(text("SELECT COALESCE(MAX(receipt_no), 0) FROM returnrecord WHERE register_id = :r"),
                               {"r": register_id}).scalar_one())
    prefix = f"LF-{register_id}-"
    numbers = [int(n[len(prefix):]) for (n,) in conn.execute(
        text("SELECT order_no FROM onlineorder WHERE order_no LIKE :p"), {"p": prefix + "%"}) if n[len(prefix):].isdigit()]
    # Receipts that are not sales or returns (training receipts, cash movements) and day closings are known
    # from the register's fiscal journal only.
    journal_receipts, z_numbers = [0], [0]
    for data in conn.execute(text("SELECT data FROM fiscaljournal WHERE register_id = :r AND kind IN"
                                  " ('training', 'void', 'cash_movement', 'closing')"), {"r": register_id}).scalars():
        data = json.loads(data) if isinstance(data, str) else data
        if isinstance(data.get("receipt_no"), int):
            journal_receipts.append(data["receipt_no"])
        if isinstance(data.get("z_no"), int):
            z_numbers.append(data["z_no"])
    register = session.get(Register, register_id)
    return {Counter.RECEIPT_NO: max(receipt, *journal_receipts), Counter.DELIVERY_NO: max(numbers, default=0),
            Counter.OUTBOX_SEQ: register.last_seq if register else 0, Counter.Z_NO: max(z_numbers)}


def enroll(session: Session, body: EnrollRequest) -> EnrollResponse:
    register_id = register_id_of(body.store_id, body.register_no)
    secret_hash = sha256(body.enrollment_secret)
    lock_row(session, "enrollmentsecret", secret_hash)  # two enrollments racing for one secret: one at a time
    row = session.connection().execute(text(
        "SELECT store_id, register_no, used_by, install_id FROM enrollmentsecret WHERE secret_hash = :h"),
        {"h": secret_hash}).first()
    if row is None or (row.store_id, row.register_no) != (body.store_id, body.register_no):
        raise EnrollmentRefused(403, RegisterRefusal.ENROLL_SECRET_UNKNOWN,
                                "enrollment secret unknown, or for another register")
    existing = session.get(Register, register_id)
    if row.used_by is not None:
        if body.install_id is None or row.install_id != body.install_id:
            raise EnrollmentRefused(403, RegisterRefusal.ENROLL_SECRET_USED, "enrollment secret used already")
        # the same PC asking again: its answer was lost; the token it never received is replaced
    elif existing is not None and not existing.token_hash.startswith(REVOKED):
        raise EnrollmentRefused(409, RegisterRefusal.REGISTER_ENROLLED,
                                f"register {register_id} is enrolled; to replace its PC, IT first revokes it "
                                     "(python -m sync.server --replace-register {register_id})".replace(
                                         "{register_id}", register_id), register=register_id)
    else:
        session.connection().execute(text(
            "UPDATE enrollmentsecret SET used_by = :r, install_id = :i WHERE secret_hash = :h"),
            {"r": register_id, "i": body.install_id, "h": secret_hash})
    token = secrets.token_urlsafe(32)
    if existing is not None:
        existing.token_hash = sha256(token)
        session.add(existing)
    else:
        session.add(Register(id=register_id, store_id=body.store_id, token_hash=sha256(token)))
    session.flush()
    return EnrollResponse(register_id=register_id, store_id=body.store_id, token=token,
                          counters=high_water_marks(session, register_id))
