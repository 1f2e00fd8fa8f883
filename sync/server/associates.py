"""The chain's associates: managed centrally, replicated to the registers of their stores (issue 13).

IT adds an associate with a role and their stores (`python -m sync.server admin add-associate`); the command
prints a starting PIN once. The associate logs in with it at a register of their store and must set their own
PIN at once; the register sends the new PIN's hash (`associate.pin_set`), and the backend passes it on to the
other registers of the associate's stores. Deactivating someone, or taking a store from them, reaches every
register with its next pull. Lockouts after wrong PINs stay per register (the replica's own).

Each change bumps the associate's `version`. A PIN set at a register names the version it was based on and is
applied only if the row is still at it: an administrator's reset made meanwhile wins, and the register gets the
reset with its next pull.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlmodel import Session

from sync.common.pins import DEFAULT_ASSOCIATE_MIN_DIGITS, hash_pin, min_digits
from sync.protocol import AssociateData, AssociatePinPayload, AssociateRole, ChangeKind, Operation
from sync.server.db import record_changes
from sync.server.models import Associate, AssociateStore, Location, Register, utcnow
from sync.server.operations import Rejected, validated

__all__ = ["AssociateError", "AssociateRow", "add_associate", "apply_pin_set", "associate_rows",
           "deactivate_associate", "publish_associate", "reset_pin", "set_stores"]

KIND = ChangeKind.ASSOCIATE.value


class AssociateError(ValueError):
    """Refused (an unknown associate or store, a bad role); the message is for IT."""


@dataclass(frozen=True)
class AssociateRow:
    id: int
    name: str
    role: str
    stores: tuple[str, ...]
    active: bool
    pin_change_due: bool


def _stores_of(session: Session, associate_id: int) -> list[str]:
    return list(session.exec(select(AssociateStore.store_id).where(AssociateStore.associate_id == associate_id)
                             .order_by(AssociateStore.store_id)).scalars())


def _check_stores(session: Session, stores: list[str]) -> list[str]:
    stores = sorted(set(stores))
    if not stores:
        raise AssociateError("Mindestens eine Filiale angeben")
    for store_id in stores:
        location = session.get(Location, store_id)
        if location is None or location.kind != "store":
            raise AssociateError(f"Filiale {store_id} ist im Backend nicht bekannt")
    return stores


def _starting_pin(session: Session, role: str, stores: list[str]) -> str:
    """A random PIN as long as the strictest of the associate's stores asks (a manager's at least 6 digits)."""
    store_min = max((int((session.get(Location, s).settings or {}).get(
        "associate_pin_min_digits", DEFAULT_ASSOCIATE_MIN_DIGITS)) for s in stores),
        default=DEFAULT_ASSOCIATE_MIN_DIGITS)
    digits = min_digits(role, associate_min_digits=store_min)
    return "".join(secrets.choice("0123456789") for _ in range(digits))


def _data(associate: Associate, *, active: bool) -> dict:
    return AssociateData(id=associate.id, name=associate.name, role=AssociateRole(associate.role),
                         pin_hash=associate.pin_hash, pin_change_due=associate.pin_change_due,
                         active=active, version=associate.version).model_dump(mode="json")


def publish_associate(session: Session, associate: Associate, *, removed_from: list[str] = ()) -> None:
    """The associate's row in the feed of each of their stores; a store they left gets it as inactive."""
    stores = _stores_of(session, associate.id)
    for store_id in stores:
        record_changes(session, kind=KIND, store_id=store_id,
                       items=[(f"{associate.id}@{store_id}", _data(associate, active=associate.active))])
    for store_id in removed_from:
        if store_id not in stores:
            record_changes(session, kind=KIND, store_id=store_id,
                           items=[(f"{associate.id}@{store_id}", _data(associate, active=False))])


def _changed(session: Session, associate: Associate) -> None:
    associate.version += 1
    associate.updated_at = utcnow()
    session.add(associate)
    session.flush()


def add_associate(engine: Engine, *, name: str, role: str, stores: list[str], pin: str | None = None) -> tuple[int, str]:
    """A new associate; returns their id and the starting PIN (shown once, stored hashed). `pin`: the demo's
    known PINs, which need no change at the first login."""
    name = name.strip()
    if not name or len(name) > 100:
        raise AssociateError("Name fehlt oder ist zu lang (höchstens 100 Zeichen)")
    try:
        role = AssociateRole(role).value
    except ValueError:
        raise AssociateError(f"Unbekannte Rolle {role!r} (möglich: "
                             f"{', '.join(r.value for r in AssociateRole)})") from None
    with Session(engine) as s:
        stores = _check_stores(s, stores)
        starting = pin is None
        pin = _starting_pin(s, role, stores) if starting else pin
        associate = Associate(name=name, role=role, pin_hash=hash_pin(pin), pin_change_due=starting, version=1)
        s.add(associate)
        s.flush()
        for store_id in stores:
            s.add(AssociateStore(associate_id=associate.id, store_id=store_id))
        s.flush()
        publish_associate(s, associate)
        s.commit()
        return associate.id, pin


def _get(session: Session, associate_id: int) -> Associate:
    associate = session.get(Associate, associate_id)
    if associate is None:
        raise AssociateError(f"Mitarbeiter {associate_id} ist nicht bekannt")
    return associate


def reset_pin(engine: Engine, associate_id: int) -> str:
    """A new starting PIN (a forgotten PIN): shown once; the associate sets their own at the next login."""
    with Session(engine) as s:
        associate = _get(s, associate_id)
        pin = _starting_pin(s, associate.role, _stores_of(s, associate_id))
        associate.pin_hash, associate.pin_change_due = hash_pin(pin), True
        _changed(s, associate)
        publish_associate(s, associate)
        s.commit()
        return pin


def deactivate_associate(engine: Engine, associate_id: int, *, active: bool = False) -> None:
    """Off every register of their stores with the next pull (`active=True` takes them back)."""
    with Session(engine) as s:
        associate = _get(s, associate_id)
        if associate.active != active:
            associate.active = active
            _changed(s, associate)
            publish_associate(s, associate)
        s.commit()


def set_stores(engine: Engine, associate_id: int, stores: list[str]) -> None:
    """The stores an associate works in from now on; the registers of a store they left drop them."""
    with Session(engine) as s:
        associate = _get(s, associate_id)
        stores = _check_stores(s, stores)
        before = _stores_of(s, associate_id)
        for store_id in set(before) - set(stores):
            s.delete(s.get(AssociateStore, (associate_id, store_id)))
        for store_id in set(stores) - set(before):
            s.add(AssociateStore(associate_id=associate_id, store_id=store_id))
        _changed(s, associate)
        publish_associate(s, associate, removed_from=[x for x in before if x not in stores])
        s.commit()


def associate_rows(engine: Engine) -> list[AssociateRow]:
    with Session(engine) as s:
        rows = s.exec(select(Associate).order_by(Associate.id)).scalars().all()
        return [AssociateRow(a.id, a.name, a.role, tuple(_stores_of(s, a.id)), a.active, a.pin_change_due)
                for a in rows]


def apply_pin_set(session: Session, register: Register, op: Operation) -> tuple[str, str]:
    """`associate.pin_set` from a register of one of the associate's stores. Set by the associate or by a
    manager of that store; an administrator's change made meanwhile (a newer version) wins."""
    payload = validated(AssociatePinPayload, op, register, "PIN change")
    associate = session.get(Associate, payload.associate_id)
    if associate is None or register.store_id not in _stores_of(session, payload.associate_id):
        raise Rejected(f"associate {payload.associate_id} does not work in store {register.store_id}")
    if payload.set_by != associate.id:
        setter = session.get(Associate, payload.set_by)
        if (setter is None or setter.role != AssociateRole.MANAGER.value or not setter.active
                or register.store_id not in _stores_of(session, payload.set_by)):
            raise Rejected(f"associate {payload.set_by} may not set the PIN of associate {associate.id}")
    if associate.version != payload.based_on_version:
        return "applied", f"superseded: the backend's row is at version {associate.version}"
    associate.pin_hash, associate.pin_change_due = payload.pin_hash, False
    _changed(session, associate)
    publish_associate(session, associate)
    return "applied", ""
