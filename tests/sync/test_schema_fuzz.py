"""Fuzzing the backend through its own OpenAPI schema (schemathesis): no input makes it fail
with a 5xx, and whatever it refuses gets a 4xx with a readable `detail`."""

import tempfile
from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from sqlmodel import Session

from sync.server.app import create_app, sha256
from sync.server.db import create_schema, make_engine
from sync.server.models import Register
from sync.server.seed import seed_backend

TOKEN = "fuzz-register-token"
ERP_KEY = "fuzz-erp-key"  # the ERP's imports are fuzzed behind their key
_db = Path(tempfile.mkdtemp(prefix="tresen-fuzz-")) / "backend.sqlite3"
_engine = make_engine(f"sqlite:///{_db}")
create_schema(_engine)
seed_backend(_engine, products=20, enrollment_secrets={"fuzz-secret-1001": "1001-01"})
with Session(_engine) as _s:
    _s.add(Register(id="1001-01", store_id="1001", token_hash=sha256(TOKEN)))
    _s.commit()

app = create_app(_engine, erp_key=ERP_KEY)
# The push channel's stream never ends by itself (it is for registers holding it open): fuzzed apart, below.
schema = schemathesis.openapi.from_asgi("/openapi.json", app).exclude(path="/v1/events")


def readable_refusal(response) -> None:
    if 400 <= response.status_code < 500:
        body = response.json()
        assert isinstance(body.get("detail"), str) and body["detail"], body


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_backend_never_fails_on_any_input(case):
    response = case.call(headers={"Authorization": f"Bearer {TOKEN}", "X-ERP-Key": ERP_KEY})
    case.validate_response(response, checks=[not_a_server_error])
    readable_refusal(response)


@schema.parametrize()
@settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck))
def test_without_a_token_nothing_but_health_and_enroll_answers(case):
    response = case.call()
    case.validate_response(response, checks=[not_a_server_error])
    readable_refusal(response)
    if case.path not in ("/v1/health", "/health", "/ready", "/v1/enroll", "/openapi.json"):  # no data in them
        assert 400 <= response.status_code < 500, (case.path, response.status_code)  # refused, never served


def test_the_erp_imports_are_in_the_schema():
    """So that the fuzzing above reaches them (with their key)."""
    paths = app.openapi()["paths"]
    assert all(f"/v1/erp/{what}" in paths for what in ("products", "prices", "stock", "stores/{store_id}",
                                                        "associates", "associates/{associate_id}"))


def test_the_event_stream_refuses_what_is_not_a_register_token():
    """The push channel (/v1/events) outside the fuzzing above: every refusal is a readable 401 before the stream
    starts (with a register's token the stream runs: tests/sync/test_notifications.py)."""
    from fastapi.testclient import TestClient

    client = TestClient(app)
    for headers in ({}, {"Authorization": "Bearer "}, {"Authorization": "Basic abc"},
                    {"Authorization": "Bearer " + "x" * 5000}, {"Authorization": "Bearer \u00e4\u00f6".encode("latin-1")}):
        response = client.get("/v1/events", headers=headers)
        assert response.status_code == 401, headers
        readable_refusal(response)
    assert "/v1/events" in app.openapi()["paths"]
