"""PIN login and permissions.

PINs are stored as scrypt hashes (a slow, memory-hard KDF), never in plain.
Permissions are checked here, in the service layer, so a hidden button is
never the only thing between an associate and a manager's action.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass
from enum import Enum

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from app.store.models import Associate

# n=2**14, r=8: about 30–60 ms per check on a counter PC; 16 MiB of memory.
_N, _R, _P = 2**14, 8, 1
MAX_FAILED = 5
LOCKOUT_S = 60


class AuthError(PermissionError):
    """Login refused or an action not permitted; the message is for the associate."""


class Role(str, Enum):
    ASSOCIATE = "associate"
    MANAGER = "manager"


@dataclass(frozen=True)
class AssociateSession:
    associate_id: int
    name: str
    role: Role

    @property
    def is_manager(self) -> bool:
        return self.role is Role.MANAGER


def hash_pin(pin: str) -> str:
    if not pin.isdigit() or not 4 <= len(pin) <= 8:
        raise ValueError("Eine PIN hat 4 bis 8 Ziffern")
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(pin.encode(), salt=salt, n=_N, r=_R, p=_P, dklen=32)
    return f"scrypt${_N}${_R}${_P}${salt.hex()}${digest.hex()}"


def verify_pin(pin: str, stored: str) -> bool:
    try:
        algo, n, r, p, salt, digest = stored.split("$")
    except ValueError:
        return False
    if algo != "scrypt":
        return False
    candidate = hashlib.scrypt(
        pin.encode(), salt=bytes.fromhex(salt), n=int(n), r=int(r), p=int(p), dklen=len(digest) // 2
    )
    return hmac.compare_digest(candidate.hex(), digest)


class Authenticator:
    """Checks PINs and keeps a short lockout after repeated failures."""

    def __init__(self, engine: Engine, *, clock=time.monotonic):
        self._engine = engine
        self._clock = clock
        self._failures: dict[int, list[float]] = {}

    def associates(self) -> list[AssociateSession]:
        with Session(self._engine) as s:
            rows = s.exec(select(Associate).where(Associate.active == True).order_by(Associate.name)).all()  # noqa: E712
            return [AssociateSession(a.id, a.name, Role(a.role)) for a in rows]

    def login(self, *, associate_id: int, pin: str) -> AssociateSession:
        now = self._clock()
        recent = [t for t in self._failures.get(associate_id, []) if now - t < LOCKOUT_S]
        if len(recent) >= MAX_FAILED:
            raise AuthError("Zu viele falsche PINs – bitte eine Minute warten")
        with Session(self._engine) as s:
            associate = s.get(Associate, associate_id)
        if associate is None or not associate.active or not verify_pin(pin, associate.pin_hash):
            recent.append(now)
            self._failures[associate_id] = recent
            raise AuthError("PIN falsch")
        self._failures.pop(associate_id, None)
        return AssociateSession(associate.id, associate.name, Role(associate.role))

    def manager_approval(self, *, pin: str) -> AssociateSession:
        """A manager's PIN, typed at the associate's register, approves one action."""
        with Session(self._engine) as s:
            managers = s.exec(
                select(Associate).where(Associate.role == Role.MANAGER.value, Associate.active == True)  # noqa: E712
            ).all()
        for m in managers:
            if verify_pin(pin, m.pin_hash):
                return AssociateSession(m.id, m.name, Role.MANAGER)
        raise AuthError("Keine gültige Marktleiter-PIN")
