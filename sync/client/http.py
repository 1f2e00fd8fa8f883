"""The register's HTTP client for the backend (httpx, with an injectable transport)."""

from __future__ import annotations

from typing import Callable

import httpx
from pydantic import ValidationError

from sync.protocol import EnrollRequest, EnrollResponse, Operation, PullResponse, PushRequest, PushResponse


def transport_reason(exc: httpx.TransportError) -> str:
    """Why the backend could not be reached, in words for the associate (no exception class names)."""
    if isinstance(exc, httpx.TimeoutException):
        return "keine Antwort in der Zeit"
    if isinstance(exc, httpx.ConnectError):
        return "keine Verbindung"
    return "Verbindung abgebrochen"


class BackendUnavailable(Exception):
    """No answer, a timeout or a 5xx: try again later. Nothing may be assumed about what happened."""


class BackendRejected(Exception):
    """The backend refused the request (4xx) with a reason."""

    def __init__(self, status: int, detail: str):
        super().__init__(f"{status}: {detail}")
        self.status, self.detail = status, detail


class BadResponse(Exception):
    """The answer was not what the protocol says (truncated, garbled): nothing of it is used."""


class BackendClient:
    def __init__(self, base_url: str, *, token: Callable[[], str | None] = lambda: None,
                 transport: httpx.BaseTransport | None = None, timeout: float = 15.0):
        self._token = token
        self._http = httpx.Client(base_url=base_url, transport=transport,
                                  timeout=httpx.Timeout(timeout, connect=3.0))

    def close(self) -> None:
        self._http.close()

    def _request(self, method: str, url: str, **kw) -> dict:
        headers = {}
        token = self._token()
        if token:
            headers["Authorization"] = f"Bearer {token}"
        try:
            response = self._http.request(method, url, headers=headers, **kw)
        except httpx.TransportError as exc:  # connect errors, timeouts, broken connections
            raise BackendUnavailable(f"Zentrale nicht erreichbar ({transport_reason(exc)})") from exc
        if response.status_code >= 500:
            raise BackendUnavailable(f"Zentrale meldet Fehler {response.status_code}")
        try:
            body = response.json()
        except ValueError as exc:
            raise BadResponse("unlesbare Antwort der Zentrale") from exc
        if response.status_code >= 400:
            detail = body.get("detail") if isinstance(body, dict) else None
            raise BackendRejected(response.status_code, str(detail or body))
        return body

    def health(self) -> dict:
        return self._request("GET", "/v1/health")

    def enroll(self, *, store_id: str, secret: str, register_no: int, install_id: str | None = None) -> EnrollResponse:
        body = self._request("POST", "/v1/enroll", json=EnrollRequest(
            store_id=store_id, enrollment_secret=secret, register_no=register_no, install_id=install_id).model_dump())
        return _parse(EnrollResponse, body)

    def push(self, operations: list[Operation]) -> PushResponse:
        body = self._request("POST", "/v1/push", json=PushRequest(operations=operations).model_dump())
        response = _parse(PushResponse, body)
        if {r.id for r in response.results} != {o.id for o in operations}:
            raise BadResponse("Antwort der Zentrale passt nicht zu den gesendeten Vorgängen")
        return response

    def pull(self, *, cursor: str | None, limit: int = 2000) -> PullResponse:
        params = {"limit": limit}
        if cursor:
            params["cursor"] = cursor
        return _parse(PullResponse, self._request("GET", "/v1/pull", params=params))

    def claim_cart(self, code: str) -> dict:
        """Claim a customer's online cart for checkout here (needs the link)."""
        return self._request("POST", "/v1/carts/claim", json={"code": code.strip().upper()})

    def release_cart(self, cart_id: str) -> dict:
        return self._request("POST", f"/v1/carts/{cart_id}/release")

    def sale_by_receipt(self, register_id: str, receipt_no: int) -> dict:
        """A store sale of any register, for a return (sync/server/sales.py)."""
        return self._request("GET", f"/v1/sales/receipt/{register_id}/{int(receipt_no)}")

    def sales_by_day(self, day, total_cents: int) -> list:
        return self._request("GET", "/v1/sales", params={"day": day.isoformat(), "total_cents": int(total_cents)})

    def find_customers(self, query: str) -> list:
        """Customers by loyalty card, e-mail or phone, with their history (a POST: nothing in URLs or logs)."""
        return self._request("POST", "/v1/customers/search", json={"query": query})

    def acknowledge_conflict(self, conflict_id: int, resolution: str = "") -> dict:
        return self._request("POST", f"/v1/conflicts/{conflict_id}/acknowledge", json={"resolution": resolution})


def _parse(model, body):
    try:
        return model.model_validate(body)
    except ValidationError as exc:
        raise BadResponse(f"Antwort der Zentrale entspricht nicht dem Protokoll: {exc.errors()[0]['msg']}") from exc
