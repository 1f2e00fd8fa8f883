"""Conflicts a manager must see: recorded with their evidence and sent to the store's registers."""

from __future__ import annotations

from sqlmodel import Session

from sync.server.db import record_change
from sync.protocol import NotificationKind
from sync.server.models import Conflict
from sync.server.notifications import notify


def conflict_data(c: Conflict) -> dict:
    return {"id": c.id, "kind": c.kind, "store_id": c.store_id, "entity_id": c.entity_id, "details": c.details,
            "status": c.status, "resolution": c.resolution, "resolved_by": c.resolved_by,
            "created_at": c.created_at.isoformat()}


def raise_conflict(session: Session, *, kind: str, store_id: str, entity_id: str, details: dict) -> Conflict:
    conflict = Conflict(kind=kind, store_id=store_id, entity_id=entity_id, details=details)
    session.add(conflict)
    session.flush()
    record_change(session, kind="conflict", key=str(conflict.id), data=conflict_data(conflict), store_id=store_id)
    notify(session, store_id=store_id, kind=NotificationKind.CONFLICT, ref=str(conflict.id),
           params={"conflict_kind": kind, "entity_id": entity_id})
    return conflict
