"""What every pushed operation goes through before it is applied."""

from __future__ import annotations

from typing import TypeVar

from pydantic import BaseModel, ValidationError

from sync.protocol import Operation, parse_payload
from sync.server.models import Register

Payload = TypeVar("Payload", bound=BaseModel)


class Rejected(Exception):
    """The operation can never be applied; the reason goes back to the register. With `conflict`
    ({kind, entity_id, details}) the rejection is also recorded as a conflict for the store and IT."""

    def __init__(self, reason: str, *, conflict: dict | None = None):
        super().__init__(reason)
        self.conflict = conflict


def validated(model: type[Payload], op: Operation, register: Register, what: str) -> Payload:
    """The payload as its protocol model (types enforced), written by this register for its own store,
    or Rejected."""
    try:
        payload = parse_payload(op.op, op.payload)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise Rejected(f"malformed {what}: {first['msg']} at {first['loc']}") from exc
    except ValueError as exc:
        raise Rejected(str(exc)) from exc
    if not isinstance(payload, model):
        raise Rejected(f"operation '{op.op}' is no {what}")
    if payload.location_id != register.store_id or payload.register_id != register.id:
        raise Rejected(f"register {register.id} may only write for store {register.store_id}")
    return payload
