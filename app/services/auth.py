"""PIN login and permissions.

PINs are stored as scrypt hashes (a slow, memory-hard KDF; sync.common.pins), never in plain.
A hash made at a lower cost than today's is replaced at the associate's next successful check.
Permissions are checked here, in the service layer, so a hidden button is
never the only thing between an associate and a manager's action.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session, select

from app.services import audit
from sync.common.messages import Message, translate
from sync.common.pins import hash_pin, needs_rehash, verify_pin
from app.store.db import transaction
from app.store.models import Associate, PinFailure
from sync.protocol import AssociateRole

__all__ = ["ApprovalNeeded", "AssociateSession", "AuthError", "Authenticator", "Role", "hash_pin", "refuse_trainee",
           "verify_pin"]

log = logging.getLogger(__name__)

MAX_FAILED = 5
LOCKOUT_S = 60


class AuthError(PermissionError):
    """Login refused or an action not permitted; the message is for the associate."""


class ApprovalNeeded(AuthError):
    """The action is above the associate's limit: a manager's PIN is needed (the UI asks for it and retries)."""


#: associate, manager, trainee (sells in training mode only), store IT (the register's settings)
Role = AssociateRole


@dataclass(frozen=True)
class AssociateSession:
    associate_id: int
    name: str
    role: Role
    pin_length: int | None = None  # of the PIN typed at this login: shorter than the rule asks, a new one is due
    pin_change_due: bool = False  # logged in with a starting PIN from the backend: they set their own first

    @property
    def is_manager(self) -> bool:
        return self.role is Role.MANAGER

    @property
    def is_trainee(self) -> bool:
        return self.role is Role.TRAINEE


def refuse_trainee(associate: AssociateSession, what: Message | str) -> None:
    """A trainee sells in training mode only: nothing that moves money or goods (enforced in the services).
    `what` names the action (a Message in the caller's context)."""
    if associate.role is Role.TRAINEE:
        raise AuthError(translate("auth", "{what}: nicht für Auszubildende im Schulungsmodus").format(what=what))


class Authenticator:
    """Checks PINs and locks out after repeated failures: per associate at the login, and for the
    manager-approval PIN typed at a register. The failures are stored in the replica, so a restart
    does not reset a lockout (the clock is the wall clock for that reason)."""

    def __init__(self, engine: Engine, *, clock=time.time):
        self._engine = engine
        self._clock = clock

    def _recent_failures(self, key: str, now: float) -> list[float]:
        with Session(self._engine) as s:
            row = s.get(PinFailure, key)
            return [t for t in (row.failed_at if row else []) if 0 <= now - t < LOCKOUT_S]

    def _check_lockout(self, key: str, now: float) -> list[float]:
        recent = self._recent_failures(key, now)
        if len(recent) >= MAX_FAILED:
            raise AuthError(translate("auth", "Zu viele falsche PINs – bitte eine Minute warten"))
        return recent

    def _set_failures(self, key: str, failed_at: list[float]) -> None:
        with transaction(self._engine) as s:
            row = s.get(PinFailure, key) or PinFailure(key=key)
            row.failed_at = failed_at
            s.add(row)

    def _upgrade_hash(self, associate: Associate, pin: str) -> None:
        """After a right PIN: a hash made at a lower cost than today's is replaced by one at today's cost
        (unless the PIN was changed meanwhile). Costs one more hash, once."""
        if not needs_rehash(associate.pin_hash):
            return
        upgraded = hash_pin(pin)
        try:
            with self._engine.begin() as c:
                c.exec_driver_sql("UPDATE associate SET pin_hash = ? WHERE id = ? AND pin_hash = ?",
                                  (upgraded, associate.id, associate.pin_hash))
        except SQLAlchemyError:  # the login goes ahead; the next one tries again
            log.warning("PIN hash of associate %s not upgraded", associate.id, exc_info=True)

    def associates(self) -> list[AssociateSession]:
        with Session(self._engine) as s:
            rows = s.exec(select(Associate).where(Associate.active == True).order_by(Associate.name)).all()  # noqa: E712
            return [AssociateSession(a.id, a.name, Role(a.role)) for a in rows]

    def login(self, *, associate_id: int, pin: str) -> AssociateSession:
        key, now = f"login:{associate_id}", self._clock()
        recent = self._check_lockout(key, now)
        with Session(self._engine) as s:
            associate = s.get(Associate, associate_id)
        if associate is None or not associate.active or not verify_pin(pin, associate.pin_hash):
            self._set_failures(key, recent + [now])
            raise AuthError(translate("auth", "PIN falsch"))
        if recent:
            self._set_failures(key, [])
        self._upgrade_hash(associate, pin)
        return AssociateSession(associate.id, associate.name, Role(associate.role), pin_length=len(pin),
                                pin_change_due=associate.pin_change_due)

    def manager_approval(self, *, pin: str, action: str = "", requested_by: int | None = None,
                         **detail) -> AssociateSession:
        """A manager's PIN, typed at the associate's register, approves one action.

        Wrong PINs count towards a lockout like the login's; every approval and every refusal
        is recorded with what it was for (`action`, `detail`) and who asked (`requested_by`).
        """
        now = self._clock()
        recent = self._check_lockout("approval", now)
        with Session(self._engine) as s:
            managers = s.exec(
                select(Associate).where(Associate.role == Role.MANAGER.value, Associate.active == True)  # noqa: E712
            ).all()
        for m in managers:
            if verify_pin(pin, m.pin_hash):
                if recent:
                    self._set_failures("approval", [])
                self._upgrade_hash(m, pin)
                audit.record(self._engine, kind=audit.AuditKind.APPROVAL, associate_id=requested_by,
                             approved_by=m.id, action=action, **detail)
                return AssociateSession(m.id, m.name, Role.MANAGER)
        self._set_failures("approval", recent + [now])
        audit.record(self._engine, kind=audit.AuditKind.APPROVAL_REFUSED, associate_id=requested_by,
                     action=action, **detail)
        raise AuthError(translate("auth", "Keine gültige Marktleiter-PIN"))

    def approve(self, associate: AssociateSession, *, pin: str | None, action: str, refused: Exception,
                **detail) -> AssociateSession:
        """Who approves `action` above `associate`'s limit: the associate if a manager (recorded as their own
        approval), else the manager whose PIN was typed in; without a PIN `refused` is raised."""
        if associate.is_manager:
            self.record_own_approval(associate, action=action, **detail)
            return associate
        if not pin:
            raise refused
        return self.manager_approval(pin=pin, action=action, requested_by=associate.associate_id, **detail)

    def record_own_approval(self, manager: AssociateSession, *, action: str, **detail) -> None:
        """A manager acting above an associate's limit at their own login approves it themselves: recorded too."""
        audit.record(self._engine, kind=audit.AuditKind.APPROVAL, associate_id=manager.associate_id,
                     approved_by=manager.associate_id, action=action, **detail)
