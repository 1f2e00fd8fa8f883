"""Associates' PINs: setting one, under the store's rules.

A manager's PIN has at least 6 digits; an associate's at least the store setting
`associate_pin_min_digits` (4 unless set; sync.common.pins.min_digits). A manager
may set anyone's PIN, an associate only their own.
"""

from __future__ import annotations

from sqlmodel import Session

from app.services.auth import AssociateSession, AuthError
from app.services.context import RegisterContext
from sync.common.pins import check_new_pin, hash_pin, min_digits
from app.store.db import transaction
from app.store.models import Associate


class UnknownAssociate(LookupError):
    pass


def set_pin(ctx: RegisterContext, by: AssociateSession, *, associate_id: int, pin: str) -> None:
    """Give `associate_id` a new PIN. Raises AuthError (not allowed to), PinRuleError (too short, not digits)."""
    if not by.is_manager and by.associate_id != associate_id:
        raise AuthError("Nur die Marktleitung ändert die PIN anderer")
    with Session(ctx.engine) as s:
        associate = s.get(Associate, associate_id)
    if associate is None:
        raise UnknownAssociate(associate_id)
    check_new_pin(pin, associate.role, associate_min_digits=ctx.settings.associate_pin_min_digits)
    new_hash = hash_pin(pin)  # before the transaction: the slow part holds no lock
    with transaction(ctx.engine) as s:
        row = s.get(Associate, associate_id)
        row.pin_hash = new_hash
        s.add(row)


def new_pin_due(ctx: RegisterContext, session: AssociateSession) -> int | None:
    """The digits a new PIN needs if the one typed at this login is shorter than the rule (a manager's PIN
    from before the 6-digit rule); None if it is long enough."""
    needed = min_digits(session.role.value, associate_min_digits=ctx.settings.associate_pin_min_digits)
    return needed if session.pin_length is not None and session.pin_length < needed else None
