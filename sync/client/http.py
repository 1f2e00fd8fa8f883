"""The register's HTTP client for the backend (httpx, with an injectable transport).

HTTPS with the backend's certificate verified (the public CAs, or a chain's own CA bundle);
plain HTTP only to this PC (the demo's own backend). sync/PROTOCOL.md: "Transport".
"""

from __future__ import annotations

import os
import socket
import ssl
from typing import Callable, Iterator

import httpx
from pydantic import ValidationError

from sync.common.messages import Message, translate
from sync.protocol import (EnrollRequest, EnrollResponse, Operation, PullResponse, PushRequest, PushResponse,
                           RegisterRefusal, StockLookup)


EVENT_READ_TIMEOUT_S = 45.0  # three heartbeats missed: the stream is dead, open another
LOOKUP_TIMEOUT_S = 4.0
"""A lookup the associate waits for (other stores' stock) gives up sooner than a push: it shares the network
thread with the card terminal and the printers, which would wait behind it."""

LOOPBACK_HOSTS = frozenset({"127.0.0.1", "::1", "localhost"})  # plain HTTP allowed: never leaves this PC


def transport_reason(exc: httpx.TransportError) -> Message:
    """Why the backend could not be reached, in words for the associate (no exception class names)."""
    if isinstance(exc, httpx.TimeoutException):
        return translate("sync", "keine Antwort in der Zeit")
    if _cause(exc, ssl.SSLError) is not None:
        return translate("sync", "verschlüsselte Verbindung gescheitert")
    if isinstance(exc, httpx.ConnectError):
        return translate("sync", "keine Verbindung")
    return translate("sync", "Verbindung abgebrochen")


def _cause(exc: BaseException, kind: type[BaseException]):
    """The first exception of `kind` in the chain that led to `exc` (httpx wraps httpcore wraps ssl)."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, kind):
            return exc
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return None


class BackendUnavailable(Exception):
    """No answer, a timeout or a 5xx: try again later. Nothing may be assumed about what happened."""


class BackendFailed(BackendUnavailable):
    """The backend (or a proxy before it) answered with a server error (5xx)."""

    def __init__(self, status: int):
        super().__init__(translate("sync", "Zentrale meldet Fehler {status}").format(status=status))
        self.status = status


class BackendCertificateInvalid(BackendUnavailable):
    """The backend's certificate is not trusted (another CA, expired, made for another host): nothing was
    sent. The counter keeps selling offline, but waiting will not help: IT configures the chain's CA
    bundle or renews the certificate."""


class BackendSettingsInvalid(Exception):
    """The register's backend settings cannot be used (e.g. an unreadable CA bundle): nothing was sent."""


class InsecureBackendURL(BackendSettingsInvalid):
    """Plain HTTP to another host than this PC: token, sales and customers would cross the network readable."""


class BackendRejected(Exception):
    """The backend refused the request (4xx) with a reason: `detail` as the backend wrote it, and for a
    register's requests a stable `code` (sync.protocol.RegisterRefusal, None for one this register does not know)
    with its `params`, which the UI says in the associate's words (sync/client/refusals.py)."""

    def __init__(self, status: int, detail: str, code: RegisterRefusal | None = None,
                 params: dict[str, str] | None = None):
        super().__init__(f"{status}: {detail}")
        self.status, self.detail, self.code, self.params = status, detail, code, dict(params or {})

    @classmethod
    def from_body(cls, status: int, body: object) -> "BackendRejected":
        """From an error response's body (`ErrorResponse`, or whatever a proxy in between sent)."""
        if not isinstance(body, dict):
            return cls(status, str(body or status))
        try:
            code = RegisterRefusal(body.get("code"))
        except ValueError:  # none, or one a newer backend knows
            code = None
        params = body.get("params")
        params = {str(k): str(v) for k, v in params.items()} if isinstance(params, dict) else {}
        return cls(status, str(body.get("detail") or body), code, params)


class BadResponse(Exception):
    """The answer was not what the protocol says (truncated, garbled): nothing of it is used."""


def checked_backend_url(url: str) -> httpx.URL:
    """`url` if a register may talk to it: https:// to any host, http:// only to this PC."""
    try:
        parsed = httpx.URL(url)
    except httpx.InvalidURL:
        parsed = None
    if parsed is not None and parsed.host and (
            parsed.scheme == "https" or (parsed.scheme == "http" and parsed.host in LOOPBACK_HOSTS)):
        return parsed
    shown = f"{parsed.scheme}://{parsed.host}" if parsed is not None and parsed.host else url
    raise InsecureBackendURL(translate("sync", "Adresse der Zentrale abgelehnt ({shown}): nur verschlüsselt über "
                                       "https:// (http:// nur zu 127.0.0.1 auf diesem PC) – bitte IT "
                                       "verständigen").format(shown=shown))


def certificate_check(ca_bundle: str | os.PathLike | None) -> ssl.SSLContext | bool:
    """How the backend's certificate is verified: against the public CAs (certifi), or only against
    the CAs in `ca_bundle` (a PEM file, e.g. the chain's own CA)."""
    if ca_bundle is None:
        return True
    try:
        return ssl.create_default_context(cafile=os.fspath(ca_bundle))
    except (OSError, ssl.SSLError) as exc:
        reason = getattr(exc, "strerror", None) or getattr(exc, "reason", None) or exc
        raise BackendSettingsInvalid(translate("sync", "CA-Datei für die Zentrale nicht lesbar ({path}: {reason}) "
                                               "– bitte IT verständigen").format(path=os.fspath(ca_bundle),
                                                                                  reason=reason)) from exc


class BackendClient:
    def __init__(self, base_url: str, *, token: Callable[[], str | None] = lambda: None,
                 transport: httpx.BaseTransport | None = None, timeout: float = 15.0,
                 ca_bundle: str | os.PathLike | None = None):
        """Refuses (InsecureBackendURL, BackendSettingsInvalid) before anything is sent; an injected
        `transport` (tests) gets the same URL rule and brings its own TLS settings."""
        url = checked_backend_url(base_url)
        self._token = token
        # Plain HTTP stays on this PC: no proxy from the environment (or the Windows registry) may carry it off.
        settings = dict(base_url=url, transport=transport, verify=certificate_check(ca_bundle),
                        trust_env=url.scheme == "https")
        self._http = httpx.Client(timeout=httpx.Timeout(timeout, connect=3.0), **settings)
        # The push channel's long-lived stream has a connection of its own; a heartbeat comes every 15 s.
        self._events_http = httpx.Client(timeout=httpx.Timeout(EVENT_READ_TIMEOUT_S, connect=3.0), **settings)
        self._events_response: httpx.Response | None = None

    def close(self) -> None:
        self._http.close()
        self.close_events()

    def close_events(self) -> None:
        """Ends a stream of `events` (from any thread): its socket is shut down, so a read waiting for the next
        line returns at once and the backend sees the register go."""
        response, self._events_response = self._events_response, None
        if response is not None:
            stream = response.extensions.get("network_stream")
            sock = stream.get_extra_info("socket") if stream is not None else None
            if sock is not None:
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
        self._events_http.close()

    def _headers(self) -> dict:
        token = self._token()
        return {"Authorization": f"Bearer {token}"} if token else {}

    def _request(self, method: str, url: str, **kw) -> dict:
        try:
            response = self._http.request(method, url, headers=self._headers(), **kw)
        except httpx.TransportError as exc:  # connect errors, timeouts, broken connections
            raise _unreachable(exc) from exc
        if response.status_code >= 500:
            raise BackendFailed(response.status_code)
        try:
            body = response.json()
        except ValueError as exc:
            raise BadResponse(translate("sync", "unlesbare Antwort der Zentrale")) from exc
        if response.status_code >= 400:
            raise BackendRejected.from_body(response.status_code, body)
        return body

    def events(self, stop: Callable[[], bool] = lambda: False) -> Iterator[str]:
        """The push channel (`GET /v1/events`): yields each event's name ("changes") as it arrives, until the
        backend ends the stream or `stop()`; raises like any request when it cannot be opened or breaks."""
        try:
            with self._events_http.stream("GET", "/v1/events", headers=self._headers()) as response:
                self._events_response = response
                if response.status_code >= 500:
                    raise BackendFailed(response.status_code)
                if response.status_code >= 400:
                    response.read()
                    try:
                        body = response.json()
                    except ValueError:
                        body = None
                    raise BackendRejected.from_body(response.status_code, body)
                if not response.headers.get("content-type", "").startswith("text/event-stream"):
                    raise BadResponse(translate("sync", "unlesbare Antwort der Zentrale"))
                event = ""
                for line in response.iter_lines():
                    if stop():
                        return
                    if line.startswith("event:"):
                        event = line[6:].strip()
                    elif not line and event:
                        yield event
                        event = ""
        except httpx.TransportError as exc:
            raise _unreachable(exc) from exc
        except (RuntimeError, httpx.StreamError) as exc:  # `close_events` while reading
            raise BackendUnavailable("Ereigniskanal geschlossen") from exc

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
            raise BadResponse(translate("sync", "Antwort der Zentrale passt nicht zu den gesendeten Vorgängen"))
        return response

    def pull(self, *, cursor: str | None, limit: int = 2000, kinds: list[str] | None = None) -> PullResponse:
        params = {"limit": limit}
        if cursor:
            params["cursor"] = cursor
        if kinds:
            params["kinds"] = ",".join(kinds)
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

    def voucher(self, code: str) -> dict:
        """A gift card's or voucher's balance and history (sync/server/vouchers.py)."""
        return self._request("GET", f"/v1/vouchers/{code}")

    def find_orders(self, query: str) -> list:
        """Online orders by number, or a customer's by the full e-mail, without the e-mail (for a return of an
        order this register does not hold: sync/server/order_lookup.py; a POST: nothing in URLs or logs)."""
        return self._request("POST", "/v1/orders/search", json={"query": query})

    def figures(self, days: int = 30) -> dict:
        """The store's figures per channel (sync/server/figures.py), for the manager's dashboard."""
        return self._request("GET", "/v1/figures", params={"days": int(days)})

    def stock(self, product_ids) -> StockLookup:
        """Every location's count of these products (at most 50): another store's stock is not in this register's
        feed (sync/server/stock.py)."""
        return _parse(StockLookup, self._request("GET", "/v1/stock", params={"product": [int(p) for p in product_ids]},
                                                 timeout=httpx.Timeout(LOOKUP_TIMEOUT_S, connect=3.0)))

    def acknowledge_conflict(self, conflict_id: int, resolution: str = "") -> dict:
        return self._request("POST", f"/v1/conflicts/{conflict_id}/acknowledge", json={"resolution": resolution})


def _unreachable(exc: httpx.TransportError) -> BackendUnavailable:
    refused = _cause(exc, ssl.SSLCertVerificationError)
    if refused is not None:
        return BackendCertificateInvalid(translate(
            "sync", "Zertifikat der Zentrale nicht vertrauenswürdig ({reason}) – keine Verbindung; "
            "bitte IT verständigen (CA-Datei der Kette einrichten oder Zertifikat erneuern)").format(
            reason=refused.verify_message))
    return BackendUnavailable(translate("sync", "Zentrale nicht erreichbar ({reason})").format(
        reason=transport_reason(exc)))


def _parse(model, body):
    try:
        return model.model_validate(body)
    except ValidationError as exc:
        raise BadResponse(translate("sync", "Antwort der Zentrale entspricht nicht dem Protokoll: {detail}").format(
            detail=exc.errors()[0]["msg"])) from exc
