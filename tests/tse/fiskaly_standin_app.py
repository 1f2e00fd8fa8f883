"""The HTTP face of the fiskaly stand-in (tests/tse/fiskaly_standin.py): FastAPI routes in fiskaly SIGN DE
v2's paths and answer shapes, served by uvicorn on 127.0.0.1 in a thread, as tests/sync/conftest.py's
LiveBackend serves the backend."""

from __future__ import annotations

import json
import uuid

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response

from tests.served import ServedApp, free_port
from tests.tse.fiskaly_standin import VERSION, StandIn, error

__all__ = ["StandInServer", "create_app", "free_port"]



def create_app(server: "StandInServer") -> FastAPI:
    app = FastAPI()

    def reply(status: int, body: dict | None = None):
        return JSONResponse(body, status) if body is not None else Response(status_code=status)

    async def begin(request: Request, tss_id: str | None = None, *, bearer: bool = True):
        """(state, body, refusal)"""
        st = server.state
        body = await request.body()
        with st.lock:
            query = f"?{request.url.query}" if request.url.query else ""
            st.requests.append(f"{request.method} {request.url.path.removeprefix('/api/v2')}{query}")
            if bearer:
                token = request.headers.get("authorization", "").removeprefix("Bearer ")
                if st.tokens.get(token, 0) <= st.now():
                    return st, None, reply(401, error(401, "E_UNAUTHORIZED", "invalid or expired token"))
            if tss_id is not None and tss_id != st.tss_id:
                return st, None, reply(404, error(404, "E_TSS_NOT_FOUND", "TSS not found"))
        try:
            data = json.loads(body) if body else {}
        except ValueError:
            return st, None, reply(400, error(400, "E_FAILED_SCHEMA_VALIDATION", "body is not JSON"))
        return st, data if isinstance(data, dict) else {}, None

    @app.post("/api/v2/auth")
    async def auth(request: Request):
        st, body, refusal = await begin(request, bearer=False)
        if refusal:
            return refusal
        with st.lock:
            now = st.now()
            if "refresh_token" in body:
                st.auth_calls.append("refresh_token")
                ok = st.refresh_tokens.pop(body["refresh_token"], 0) > now
            else:
                st.auth_calls.append("api_key")
                ok = body.get("api_key") == st.api_key and body.get("api_secret") == st.api_secret
            if not ok:
                return reply(401, error(401, "E_UNAUTHORIZED", "credentials not accepted"))
            access, refresh = f"access-{next(st._ids)}-{uuid.uuid4().hex}", f"refresh-{uuid.uuid4().hex}"
            st.tokens[access] = now + st.access_ttl
            st.refresh_tokens[refresh] = now + st.refresh_ttl
            return reply(200, {"access_token": access, "access_token_claims": {"env": "TEST"},
                               "access_token_expires_in": st.access_ttl, "access_token_expires_at": now + st.access_ttl,
                               "refresh_token": refresh, "refresh_token_expires_in": st.refresh_ttl,
                               "refresh_token_expires_at": now + st.refresh_ttl})

    @app.get("/api/v2/tss/{tss_id}")
    async def get_tss(request: Request, tss_id: str):
        st, _, refusal = await begin(request, tss_id)
        with st.lock:
            return refusal or reply(200, st.tss())

    @app.post("/api/v2/tss/{tss_id}/admin/auth")
    async def admin_auth(request: Request, tss_id: str):
        st, body, refusal = await begin(request, tss_id)
        if refusal:
            return refusal
        with st.lock:
            if body.get("admin_pin") != st.admin_pin:
                return reply(401, error(401, "E_ADMIN_LOGIN_FAILED", "admin login failed"))
            st.admin_logged_in = True
            return reply(200)

    @app.post("/api/v2/tss/{tss_id}/admin/logout")
    async def admin_logout(request: Request, tss_id: str):
        st, _, refusal = await begin(request, tss_id)
        if refusal:
            return refusal
        with st.lock:
            st.admin_logged_in = False
            return reply(200)

    @app.api_route("/api/v2/tss/{tss_id}/client/{client_id}", methods=["GET", "PUT", "PATCH"])
    async def client(request: Request, tss_id: str, client_id: str):
        st, body, refusal = await begin(request, tss_id)
        if refusal:
            return refusal
        with st.lock:
            existing = st.clients.get(client_id)
            if request.method == "GET" or (request.method == "PATCH" and existing is None):
                return reply(200, existing) if existing else reply(404, error(404, "E_CLIENT_NOT_FOUND", "no client"))
            if not st.admin_logged_in:
                return reply(403, error(403, "E_ACCESS_DENIED", "admin not authenticated"))
            if request.method == "PATCH":
                existing["state"] = body.get("state", existing["state"])
                return reply(200, existing)
            if existing is not None:
                return reply(409, error(409, "E_CLIENT_CONFLICT", "client exists"))
            serial = body.get("serial_number")
            if not isinstance(serial, str) or not serial or any(c["serial_number"] == serial
                                                                  for c in st.clients.values()):
                return reply(400, error(400, "E_ILLEGAL_CLIENT_SERIAL", "serial_number missing or taken"))
            st.clients[client_id] = {"_id": client_id, "_type": "CLIENT", "_env": "TEST", "_version": VERSION,
                                     "state": "REGISTERED", "serial_number": serial, "tss_id": st.tss_id,
                                     "time_creation": st.now()}
            return reply(200, st.clients[client_id])

    @app.put("/api/v2/tss/{tss_id}/tx/{tx_id}")
    async def put_tx(request: Request, tss_id: str, tx_id: str):
        st, body, refusal = await begin(request, tss_id)
        if refusal:
            return refusal
        try:
            revision = int(request.query_params["tx_revision"])
        except (KeyError, ValueError):
            return reply(400, error(400, "E_PARAMETER_MISMATCH", "tx_revision required"))
        with st.lock:
            return reply(*st.put_tx(tx_id, revision, body))

    @app.get("/api/v2/tss/{tss_id}/tx/{tx_id_or_number}")
    async def get_tx(request: Request, tss_id: str, tx_id_or_number: str):
        st, _, refusal = await begin(request, tss_id)
        if refusal:
            return refusal
        with st.lock:
            found = st.find_tx(tx_id_or_number)
            revision = int(request.query_params.get("tx_revision", 0)) or None
            if found is None or (revision is not None and revision not in found[1]["revisions"]):
                return reply(404, error(404, "E_TX_NOT_FOUND", "transaction or revision not found"))
            return reply(200, st.tx_answer(found[1], revision))

    @app.get("/api/v2/tss/{tss_id}/tx")
    async def list_tx(request: Request, tss_id: str):
        st, _, refusal = await begin(request, tss_id)
        if refusal:
            return refusal
        states = request.query_params.getlist("states[]")
        limit, offset = int(request.query_params.get("limit", 100)), int(request.query_params.get("offset", 0))
        with st.lock:
            txs = sorted((t for t in st.txs.values() if not states or t["state"] in states), key=lambda t: t["number"])
            data = [st.tx_answer(t) for t in txs[offset:offset + limit]]
            return reply(200, {"data": data, "count": len(data), "_type": "TRANSACTION_LIST", "_env": "TEST",
                               "_version": VERSION})

    @app.api_route("/api/v2/tss/{tss_id}/export/{export_id}", methods=["GET", "PUT"])
    async def export(request: Request, tss_id: str, export_id: str):
        st, _, refusal = await begin(request, tss_id)
        if refusal:
            return refusal
        with st.lock:
            job = st.exports.get(export_id)
            if request.method == "PUT":
                if job is not None:
                    return reply(400, error(400, "E_DUPLICATE_EXPORT", "export exists"))
                job = st.exports[export_id] = {"polls": 0, "state": "PENDING", "time_request": st.now()}
            elif job is None:
                return reply(404, error(404, "E_EXPORT_NOT_FOUND", "no export"))
            else:
                job["polls"] += 1
                job["state"] = "COMPLETED" if job["polls"] >= st.export_polls else "WORKING"
            return reply(200, {"_id": export_id, "_type": "EXPORT", "_env": "TEST", "_version": VERSION,
                               "tss_id": st.tss_id, "state": job["state"], "time_request": job["time_request"]})

    @app.get("/api/v2/tss/{tss_id}/export/{export_id}/file")
    async def export_file(request: Request, tss_id: str, export_id: str):
        st, _, refusal = await begin(request, tss_id)
        if refusal:
            return refusal
        with st.lock:
            job = st.exports.get(export_id)
            if job is None or job["state"] != "COMPLETED":
                return reply(425, error(425, "E_EXPORT_NOT_COMPLETED", "export not completed"))
            return Response(st.export_tar(), media_type="application/x-tar")

    return app


class StandInServer:
    """uvicorn on 127.0.0.1 serving whatever `state` currently is (each test swaps in a fresh one)."""

    def __init__(self):
        self.state: StandIn | None = None
        self.served = ServedApp()
        self.port = self.served.port

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/v2"

    def start(self) -> None:
        self.served.start(create_app(self))

    def stop(self) -> None:
        self.served.stop()
