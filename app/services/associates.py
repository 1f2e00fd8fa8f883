"""Associates' PINs: setting one, under the store's rules.

A manager's PIN has at least 6 digits; an associate's at least the store setting
`associate_pin_min_digits` (4 unless set; sync.common.pins.min_digits). A manager
may set anyone's PIN, an associate only their own. Associates come from the chain's
backend (sync/server/associates.py): a new PIN goes there as `associate.pin_set` and on
to the other registers of the associate's stores; it works here at once, also offline.
"""

from __future__ import annotations

from sqlmodel import Session

from app.core.clock import now
from app.services.auth import AssociateSession, AuthError
from app.services.context import RegisterContext
from app.services.outbox import add_outbox
from app.store.db import transaction
from app.store.models import Associate
from sync.common.messages import translate
from sync.common.pins import PinRuleError, check_new_pin, hash_pin, min_digits, verify_pin
from sync.protocol import AssociatePinPayload, Op


class UnknownAssociate(LookupError):
    pass


def set_pin(ctx: RegisterContext, by: AssociateSession, *, associate_id: int, pin: str) -> None:
    """Give `associate_id` a new PIN. Raises AuthError (not allowed to), PinRuleError (too short, not digits)."""
    if not by.is_manager and by.associate_id != associate_id:
        raise AuthError(translate("associates", "Nur die Marktleitung ändert die PIN anderer"))
    with Session(ctx.engine) as s:
        associate = s.get(Associate, associate_id)
    if associate is None:
        raise UnknownAssociate(associate_id)
    check_new_pin(pin, associate.role, associate_min_digits=ctx.settings.associate_pin_min_digits)
    if associate.pin_change_due and verify_pin(pin, associate.pin_hash):
        raise PinRuleError("pin_unchanged")  # the starting PIN IT saw may not stay
    new_hash = hash_pin(pin)  # before the transaction: the slow part holds no lock
    with transaction(ctx.engine) as s:
        row = s.get(Associate, associate_id)
        based_on = row.version
        # The backend's row will be at based_on + 1 once it applies this; until then a pull of the older
        # row does not bring the old PIN back (sync.client.engine).
        row.pin_hash, row.pin_change_due, row.version = new_hash, False, based_on + 1
        s.add(row)
        add_outbox(s, op=Op.ASSOCIATE_PIN_SET, entity_id=str(associate_id), payload=AssociatePinPayload(
            register_id=ctx.register_id, location_id=ctx.store.id, associate_id=associate_id, pin_hash=new_hash,
            based_on_version=based_on, set_by=by.associate_id, at=now().isoformat()).model_dump())


def new_pin_due(ctx: RegisterContext, session: AssociateSession) -> int | None:
    """The digits a new PIN needs if the associate logged in with a starting PIN from the backend, or with one
    shorter than the rule (a manager's PIN from before the 6-digit rule); None if no new PIN is due."""
    needed = min_digits(session.role.value, associate_min_digits=ctx.settings.associate_pin_min_digits)
    if session.pin_change_due:
        return needed
    return needed if session.pin_length is not None and session.pin_length < needed else None
