"""The register's audit trail: voids and manager approvals, who did what and when.

The fiscal layer (voided transactions must be recorded) and the store manager
read it; it is written in the caller's transaction where there is one.
"""

from __future__ import annotations

from enum import Enum

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from app.store.db import transaction
from app.store.models import AuditEvent

__all__ = ["AuditKind", "record", "events"]


class AuditKind(str, Enum):
    VOID = "void"  # a cart with items cancelled before payment
    APPROVAL = "approval"  # a manager approved an action above the associate's limit
    APPROVAL_REFUSED = "approval_refused"  # a wrong manager PIN
    DRAWER_OPENED = "drawer_opened"  # the cash drawer opened without a sale (a manager)
    COUNT_HELD = "count_held"  # a closing count off by more than the limit, waiting for a manager (kept if abandoned)
    REGISTER_SETTINGS = "register_settings"  # the register's settings changed: which ones (never a secret's value)


def record(session_or_engine: Session | Engine, *, kind: AuditKind, associate_id: int | None,
           approved_by: int | None = None, **data) -> None:
    """Add one event: in the given session's transaction, or in a transaction of its own."""
    event = AuditEvent(kind=kind.value, associate_id=associate_id, approved_by=approved_by, data=data)
    if isinstance(session_or_engine, Session):
        session_or_engine.add(event)
        return
    with transaction(session_or_engine) as s:
        s.add(event)


def events(engine: Engine, *, kind: AuditKind | None = None, limit: int = 200) -> list[AuditEvent]:
    with Session(engine) as s:
        query = select(AuditEvent).order_by(AuditEvent.id.desc()).limit(limit)
        if kind is not None:
            query = query.where(AuditEvent.kind == kind.value)
        return list(s.exec(query).all())
