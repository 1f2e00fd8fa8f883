"""Store notifications at the register: what is open, the history, and acknowledging one.

The backend tells the store (sync/server/notifications.py); the notifications arrive with the pull, woken by
the push channel. An acknowledgement is written here at once and sent as `notification.acked`, so every
register of the store sees it acknowledged after its next pull, also when it was made offline.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timezone

from sqlmodel import Session

from app.services.auth import AssociateSession
from app.services.context import RegisterContext
from app.services.outbox import add_outbox
from app.store.db import transaction
from sync.protocol import NotificationKind, Op

__all__ = ["StoreNotification", "open_notifications", "history", "acknowledge", "open_count", "latest_id",
           "NotificationError"]


class NotificationError(ValueError):
    """An acknowledgement the register refuses; `code` names why (the UI words it)."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class StoreNotification:
    id: str
    kind: str  # sync.protocol.NotificationKind, or a newer kind this register shows plainly
    ref: str
    params: dict
    created_at: str
    acknowledged_at: str | None
    acknowledged_by: str | None  # the associate's name where this register knows them

    @property
    def is_open(self) -> bool:
        return self.acknowledged_at is None

    @property
    def urgent(self) -> bool:
        """What needs someone at once: a customer waiting, a TSE down, an order to prepare."""
        return self.kind in (NotificationKind.CUSTOMER_ARRIVED, NotificationKind.TSE_OUTAGE,
                             NotificationKind.PICKUP_ORDER, NotificationKind.SHIP_ORDER)


_SELECT = ("SELECT n.id, n.kind, n.ref, n.params, n.created_at, n.acknowledged_at,"
           " coalesce(a.name, n.acknowledged_by) FROM notification n"
           " LEFT JOIN associate a ON CAST(a.id AS TEXT) = n.acknowledged_by")


def _rows(ctx: RegisterContext, where: str, params: tuple = (), limit: int = 200) -> list[StoreNotification]:
    with ctx.engine.connect() as c:
        rows = c.exec_driver_sql(f"{_SELECT} {where} ORDER BY n.created_at DESC LIMIT {int(limit)}", params).all()
    return [StoreNotification(r[0], r[1], r[2], json.loads(r[3]) if isinstance(r[3], str) else r[3], r[4], r[5],
                              r[6]) for r in rows]


def open_notifications(ctx: RegisterContext) -> list[StoreNotification]:
    """Not yet acknowledged, newest first."""
    return _rows(ctx, "WHERE n.acknowledged_at IS NULL")


def history(ctx: RegisterContext, *, limit: int = 200) -> list[StoreNotification]:
    """All of them, newest first."""
    return _rows(ctx, "", limit=limit)


def open_count(ctx: RegisterContext) -> int:
    with ctx.engine.connect() as c:
        return c.exec_driver_sql("SELECT count(*) FROM notification WHERE acknowledged_at IS NULL").scalar_one()


def latest_id(ctx: RegisterContext) -> tuple[str, str] | None:
    """The newest open notification's (created_at, id): the UI rings when it changes."""
    with ctx.engine.connect() as c:
        row = c.exec_driver_sql("SELECT created_at, id FROM notification WHERE acknowledged_at IS NULL"
                                " ORDER BY created_at DESC, id DESC LIMIT 1").first()
    return (row[0], row[1]) if row else None


def acknowledge(ctx: RegisterContext, associate: AssociateSession, *, notification_id: str) -> None:
    """The associate has seen it and takes care: one transaction with the outbox entry."""
    at = datetime.now(timezone.utc).isoformat()
    with transaction(ctx.engine) as s:
        _acknowledge(s, ctx, associate, notification_id, at)


def _acknowledge(s: Session, ctx: RegisterContext, associate: AssociateSession, notification_id: str,
                 at: str) -> None:
    conn = s.connection()
    row = conn.exec_driver_sql("SELECT acknowledged_at FROM notification WHERE id = ?", (notification_id,)).first()
    if row is None:
        raise NotificationError("notification_unknown")
    if row[0] is not None:
        return  # someone at this or another register was quicker: nothing to do
    by = str(associate.associate_id)
    conn.exec_driver_sql("UPDATE notification SET acknowledged_at = ?, acknowledged_by = ? WHERE id = ?",
                         (at, by, notification_id))
    add_outbox(s, op=Op.NOTIFICATION_ACKED.value, entity_id=notification_id,
               payload={"register_id": ctx.register_id, "location_id": ctx.store.id,
                        "notification_id": notification_id, "associate_id": by, "at": at})
