"""The central backend's HTTP API (FastAPI). Stateless: any number of workers can serve one database."""

from __future__ import annotations

import logging
from contextlib import asynccontextmanager
from datetime import datetime, timedelta, timezone
from typing import Iterator

from fastapi import Depends, FastAPI, Header, Path, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session, select

from sync.protocol import (
    MAX_PULL_LIMIT, PROTOCOL_VERSION, ConflictAck, EnrollRequest, EnrollResponse, ErrorResponse, PullResponse,
    PushRequest, PushResponse, RegisterRefusal,
)
from sync.server.vouchers import register_voucher_router
from sync.server import enrollment, refusals
from sync.server.enrollment import sha256
from sync.server.apply import RegisterRevoked, apply_batch
from sync.server.limits import BodyLimit
from sync.server.conflicts import conflict_data
from sync.server.refunds import release_holds
from sync.server.db import is_transient, record_change
from sync.server.feed import BadCursor, read_page_json
from sync.server.models import Conflict, Location, Register, utcnow
from sync.server.carts import handover_page_router, register_cart_router
from sync.server.customers import register_customer_router
from sync.server.order_lookup import register_order_router
from sync.server.sales import sales_router
from sync.server.shop import shop_router
from sync.server.erp import erp_router
from sync.server.events import ChangeSignal, events_router
from sync.server.figures import figures
from sync.server.hq_page import hq_router
from sync.server.staff_api import staff_router
from sync.server.stock import register_stock_router
from sync.server.refusals import RequestRefused

log = logging.getLogger(__name__)


def _aware(at: datetime) -> datetime:
    return at if at.tzinfo else at.replace(tzinfo=timezone.utc)  # SQLite gives the stored UTC time back naive

#: How often a register's `last_seen` is written: to the minute is what IT reads (admin registers), and a
#: pull that finds nothing new then writes nothing at all (issue 17: thousands of registers poll).
LAST_SEEN_EVERY = timedelta(minutes=1)

ERRORS = {401: {"model": ErrorResponse}, 403: {"model": ErrorResponse}, 422: {"model": ErrorResponse}}


def create_app(engine: Engine, *, shop_key: str | None = None, erp_key: str | None = None,
               hq_key: str | None = None) -> FastAPI:
    """`shop_key`: the web shop's API key for /v1/shop, `erp_key` the ERP's for /v1/erp, `hq_key` headquarters'
    password for the figures page /hq (None: that API or page refuses everything)."""
    signal = ChangeSignal(engine)

    @asynccontextmanager
    async def lifespan(_app: FastAPI):
        yield
        signal.stop()

    app = FastAPI(title="Tresen central backend", version=f"{PROTOCOL_VERSION}.0",
                  description="Sync protocol for Tresen registers; see sync/PROTOCOL.md.", lifespan=lifespan)
    app.state.change_signal = signal
    refusals.install(app)  # a register's request refused: a code it translates (sync/server/refusals.py)
    app.add_middleware(BodyLimit)  # 413 before anything is read beyond the endpoint's limit

    def session() -> Iterator[Session]:
        """Write endpoints commit themselves, before answering: a register must never hear
        "applied" for something not yet durable (a yield dependency's exit may run after
        the response is sent). Whatever is left uncommitted is rolled back."""
        with Session(engine, expire_on_commit=False) as s:
            try:
                yield s
            finally:
                s.rollback()

    def register(authorization: str | None = Header(default=None), s: Session = Depends(session)) -> Register:
        if not authorization or not authorization.startswith("Bearer "):
            raise RequestRefused(401, RegisterRefusal.TOKEN_MISSING, "missing register token (Authorization: Bearer …)")
        reg = s.exec(select(Register).where(Register.token_hash == sha256(authorization[7:].strip()))).first()
        if reg is None:
            raise RequestRefused(401, RegisterRefusal.TOKEN_UNKNOWN, "unknown or revoked register token")
        now = utcnow()
        if reg.last_seen is None or now - _aware(reg.last_seen) >= LAST_SEEN_EVERY:
            reg.last_seen = now
            s.add(reg)
        # The connection goes back to the pool before the endpoint runs. FastAPI runs this dependency and the
        # endpoint in two threadpool calls: a request holding a connection while it waits for a thread, when every
        # thread waits for a connection, stalled the whole worker (2,000 registers, tests.bench.chain) until the
        # pool's timeout failed them.
        s.commit()
        return reg

    @app.exception_handler(DBAPIError)
    async def _database(_request: Request, exc: DBAPIError):
        if not is_transient(exc):
            raise exc
        log.warning("database busy or away: %s", str(exc).splitlines()[0][:200])
        return JSONResponse(status_code=503, headers={"Retry-After": "2"},
                            content={"detail": "database busy, try again (nothing was applied)"})

    @app.exception_handler(RequestValidationError)
    async def _invalid(_request: Request, exc: RequestValidationError):
        first = exc.errors()[0] if exc.errors() else {"loc": (), "msg": "invalid request"}
        where = ".".join(str(p) for p in first.get("loc", ()) if p != "body")
        return JSONResponse(status_code=422, content={"detail": f"{where}: {first.get('msg')}".strip(": ")})

    @app.get("/v1/health")
    def health() -> dict:
        return {"status": "ok", "protocol": PROTOCOL_VERSION}

    @app.get("/health", tags=["operations"])
    def alive() -> dict:
        """The process answers (a load balancer's liveness check): nothing else is asked."""
        return {"status": "ok"}

    @app.get("/ready", tags=["operations"], responses={503: {"model": ErrorResponse}})
    def ready() -> JSONResponse:
        """The database answers (a load balancer's readiness check); 503 while it does not."""
        try:
            with engine.connect() as c:
                c.execute(text("SELECT 1"))
        except Exception as exc:  # any failure to reach the database: not ready, said without details
            log.warning("not ready: the database does not answer (%s)", type(exc).__name__)
            return JSONResponse(status_code=503, headers={"Retry-After": "5"},
                                content={"detail": "database not reachable"})
        return JSONResponse({"status": "ready"})

    @app.post("/v1/enroll", response_model=EnrollResponse, responses={**ERRORS, 409: {"model": ErrorResponse}})
    def enroll(body: EnrollRequest, s: Session = Depends(session)) -> EnrollResponse:
        try:
            answer = enrollment.enroll(s, body)
        except enrollment.EnrollmentRefused as exc:
            raise RequestRefused(exc.status, exc.code, exc.detail, **exc.params) from exc
        s.commit()
        return answer

    @app.post("/v1/push", response_model=PushResponse, responses=ERRORS)
    def push(body: PushRequest, reg: Register = Depends(register), s: Session = Depends(session)) -> PushResponse:
        try:
            results = apply_batch(s, reg, body.operations)
        except RegisterRevoked as exc:  # revoked while this push waited for its turn: nothing of it applied
            raise RequestRefused(401, RegisterRefusal.TOKEN_UNKNOWN, "unknown or revoked register token") from exc
        s.commit()
        return PushResponse(results=results)

    @app.get("/v1/pull", response_model=PullResponse, responses={**ERRORS, 400: {"model": ErrorResponse}})
    def pull(cursor: str | None = Query(default=None, max_length=200),
             limit: int = Query(default=2000, ge=1, le=MAX_PULL_LIMIT),
             kinds: str | None = Query(default=None, max_length=200, pattern=r"^[a-z_]{1,16}(,[a-z_]{1,16}){0,9}$"),
             reg: Register = Depends(register), s: Session = Depends(session)) -> Response:
        """The store's feed from `cursor`; `kinds` (comma-separated): only those, for a register that skipped them
        before it knew them (sync/PROTOCOL.md, "Catching up on new kinds")."""
        try:
            body = read_page_json(s, store_id=reg.store_id, cursor=cursor, limit=limit,
                                  kinds=kinds.split(",") if kinds else None)
        except BadCursor as exc:
            raise RequestRefused(400, RegisterRefusal.CURSOR_INVALID, str(exc)) from exc
        s.commit()  # the register's last_seen
        return Response(body, media_type="application/json")

    @app.post("/v1/conflicts/{conflict_id}/acknowledge", responses={**ERRORS, 404: {"model": ErrorResponse}})
    def acknowledge(conflict_id: int = Path(ge=1, le=2**62), body: ConflictAck = ..., reg: Register = Depends(register),
                    s: Session = Depends(session)) -> dict:
        # locked: a sale deepening this negative-stock conflict right now waits, or sees it closed
        conflict = s.get(Conflict, conflict_id, with_for_update=True)
        if conflict is None or conflict.store_id != reg.store_id:
            raise RequestRefused(404, RegisterRefusal.CONFLICT_UNKNOWN, "no such conflict for this store")
        conflict.status = "resolved" if body.resolution else "acknowledged"
        conflict.resolution, conflict.resolved_by = body.resolution, reg.id
        s.add(conflict)
        s.flush()
        release_holds(s, conflict, by=reg.id)  # refunds above what was paid, reviewed by a manager
        record_change(s, kind="conflict", key=str(conflict.id), data=conflict_data(conflict),
                      store_id=conflict.store_id)
        s.commit()
        return conflict_data(conflict)

    app.include_router(events_router(engine, signal))
    app.include_router(hq_router(engine, hq_key))
    app.include_router(shop_router(session, shop_key))
    app.include_router(erp_router(engine, erp_key))
    app.include_router(staff_router(engine, erp_key))
    app.include_router(register_cart_router(session, register))
    app.include_router(handover_page_router(session))
    app.include_router(sales_router(session, register))
    app.include_router(register_customer_router(session, register))
    app.include_router(register_voucher_router(session, register))
    app.include_router(register_order_router(session, register))
    app.include_router(register_stock_router(session, register))

    @app.get("/v1/figures", responses=ERRORS)
    def store_figures(days: int = Query(default=30, ge=1, le=366), reg: Register = Depends(register),
                      s: Session = Depends(session)) -> dict:
        """This register's store: the figures per channel (sync/server/figures.py) for the manager's dashboard."""
        return figures(s.connection(), days=days, store_id=reg.store_id)

    @app.get("/v1/locations", responses=ERRORS)
    def locations(_reg: Register = Depends(register), s: Session = Depends(session)) -> list[dict]:
        return [{"id": l.id, "name": l.name, "kind": l.kind} for l in s.exec(select(Location))]

    return app
