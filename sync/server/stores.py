"""The chain's stores and warehouses, as IT creates them (`python -m sync.server admin create-store`).

Every register gets every location (stock in the other stores, the warehouse); store settings a location does
not set take the register's defaults (app.services.context.StoreSettings).
"""

from __future__ import annotations

import re

from sqlalchemy.engine import Engine
from sqlmodel import Session

from sync.protocol import ChangeKind
from sync.server.db import record_changes
from sync.server.models import Location

__all__ = ["LocationError", "location_data", "save_location"]

KIND = ChangeKind.LOCATION.value
LOCATION_ID = re.compile(r"^[0-9A-Za-z]{1,16}$")


class LocationError(ValueError):
    """Refused; the message is for IT."""


def location_data(location: Location) -> dict:
    return {"id": location.id, "name": location.name, "kind": location.kind, "street": location.street,
            "city": location.city, "region": location.region, "vat_id": location.vat_id,
            "settings": location.settings or {}}


def save_location(engine: Engine, *, location_id: str, name: str, kind: str = "store", street: str = "",
                  city: str = "", region: str = "", vat_id: str = "", settings: dict | None = None) -> bool:
    """Create a store or warehouse, or update its name and address; True if it is new. Registers get it with
    their next pull. A register id is `<store>-<number>`, so a store's id has no dash."""
    if not LOCATION_ID.match(location_id):
        raise LocationError(f"Filialnummer {location_id!r}: 1 bis 16 Buchstaben oder Ziffern")
    if kind not in ("store", "warehouse"):
        raise LocationError(f"Art {kind!r}: store oder warehouse")
    if not name.strip():
        raise LocationError("Name fehlt")
    with Session(engine) as s:
        location = s.get(Location, location_id)
        new = location is None
        if new:
            location = Location(id=location_id, name=name.strip(), kind=kind, settings=settings or {})
        elif location.kind != kind:
            raise LocationError(f"{location_id} ist schon als {location.kind} angelegt")
        location.name, location.street, location.city, location.region = name.strip(), street, city, region
        location.vat_id = vat_id or location.vat_id
        if settings is not None:
            location.settings = settings
        s.add(location)
        s.flush()
        record_changes(s, kind=KIND, items=[(location.id, location_data(location))])
        s.commit()
    return new
