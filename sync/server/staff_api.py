"""The chain's HR system manages stores and associates through the API as IT does on the command line
(sync/server/admin_chain.py), with the ERP's key (`X-ERP-Key`): a new associate's starting PIN is in the answer
that made it, once, and stored hashed; deactivation and a change of stores reach the registers with their next
pull (sync/server/associates.py)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException, Path
from sqlalchemy.engine import Engine

from sync.erp_protocol import AssociateCreate, AssociateInfo, AssociateUpdate, StoreUpsert
from sync.protocol import ErrorResponse
from sync.server.api_keys import key_check
from sync.server.associates import (AssociateError, add_associate, associate_rows, deactivate_associate,
                                    reset_pin, set_stores)
from sync.server.stores import LOCATION_ID, LocationError, save_location

__all__ = ["staff_router"]


def _info(engine: Engine, associate_id: int, starting_pin: str | None = None) -> AssociateInfo:
    row = next((a for a in associate_rows(engine) if a.id == associate_id), None)
    if row is None:
        raise HTTPException(404, f"associate {associate_id} is not known")
    return AssociateInfo(id=row.id, name=row.name, role=row.role, stores=list(row.stores), active=row.active,
                         pin_change_due=row.pin_change_due, starting_pin=starting_pin)


def staff_router(engine: Engine, erp_key: str | None) -> APIRouter:
    router = APIRouter(prefix="/v1/erp", tags=["ERP"], responses={401: {"model": ErrorResponse},
                                                                    422: {"model": ErrorResponse}})
    erp = key_check("X-ERP-Key", erp_key, "ERP key")

    @router.put("/stores/{store_id}", response_model=dict)
    def put_store(body: StoreUpsert, store_id: str = Path(pattern=LOCATION_ID.pattern),
                  _auth: None = Depends(erp)) -> dict:
        """Create a store or warehouse, or change its name and address."""
        try:
            created = save_location(engine, location_id=store_id, name=body.name, kind=body.kind,
                                    street=body.street, city=body.city, region=body.region, vat_id=body.vat_id)
        except LocationError as exc:
            raise HTTPException(422, str(exc)) from exc
        return {"id": store_id, "created": created}

    @router.get("/associates", response_model=list[AssociateInfo])
    def list_associates(_auth: None = Depends(erp)) -> list[AssociateInfo]:
        return [AssociateInfo(id=a.id, name=a.name, role=a.role, stores=list(a.stores), active=a.active,
                              pin_change_due=a.pin_change_due) for a in associate_rows(engine)]

    @router.post("/associates", response_model=AssociateInfo, status_code=201)
    def create_associate(body: AssociateCreate, _auth: None = Depends(erp)) -> AssociateInfo:
        """A new associate; the answer holds their starting PIN, once."""
        try:
            associate_id, pin = add_associate(engine, name=body.name, role=body.role.value, stores=body.stores)
        except AssociateError as exc:
            raise HTTPException(422, str(exc)) from exc
        return _info(engine, associate_id, pin)

    @router.patch("/associates/{associate_id}", response_model=AssociateInfo)
    def update_associate(body: AssociateUpdate, associate_id: int = Path(ge=1, le=2**62),
                         _auth: None = Depends(erp)) -> AssociateInfo:
        _info(engine, associate_id)  # 404 before anything changes
        pin = None
        try:
            if body.stores is not None:
                set_stores(engine, associate_id, body.stores)
            if body.active is not None:
                deactivate_associate(engine, associate_id, active=body.active)
            if body.reset_pin:
                pin = reset_pin(engine, associate_id)
        except AssociateError as exc:
            raise HTTPException(422, str(exc)) from exc
        return _info(engine, associate_id, pin)

    return router
