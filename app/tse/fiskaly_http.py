"""HTTP to fiskaly SIGN DE v2: authentication (with token refresh) and the mapping of failures onto the
TSE error tree. Used by `app.tse.fiskaly.FiskalyTse`; the shapes and their sources are listed there.

Authentication: `POST /auth {api_key, api_secret}` answers `access_token`, `access_token_expires_at`
(unix seconds; `access_token_expires_in` as a fallback), `refresh_token`, `refresh_token_expires_at`;
`POST /auth {refresh_token}` renews. The token is renewed `refresh_margin` seconds before it expires, and
once more on a 401 (E_UNAUTHORIZED: e.g. revoked or expired early); the request is then sent again, which
is safe because a 401 means nothing was applied.

Failures: no connection, a timeout, a garbled answer, 5xx, 408/423/425/429 and the codes fiskaly marks as
transient -> `FiskalyUnavailable` (a `TseUnavailable`: the counter goes on, an outage is recorded);
credentials refused -> `TseAuthFailed` (also a `TseUnavailable`: the counter cannot sign until IT fixes the
keys); any other 4xx -> `FiskalyRejected` (a `TseRejected`). Error bodies are fiskaly's
`{status_code, error, code, message}`.

Secrets: the API key and secret (and the admin PIN and the tokens) travel only in request bodies and the
Authorization header. Nothing here logs a body or a header, and every error text is scrubbed of them.
"""

from __future__ import annotations

import logging
import time
from typing import Callable

import httpx

from app.tse.interface import TseRejected, TseUnavailable
from sync.common.messages import Message, translate

__all__ = ["FiskalyRejected", "FiskalySession", "FiskalyUnavailable", "TseAuthFailed"]

log = logging.getLogger(__name__)

LOOPBACK_HOSTS = frozenset({"127.0.0.1", "::1", "localhost"})
# fiskaly error codes that say "not now" rather than "not this request" (error catalog of the v2 OpenAPI
# specification as mirrored by public SDKs; see app/tse/fiskaly.py).
TRANSIENT_CODES = frozenset({
    "E_TSS_NOT_INITIALIZED", "E_TSS_DISABLED", "E_TSS_LOCKED", "E_TSS_DEFECTIVE", "E_TSS_EVICTED", "E_TSS_DELETED",
    "E_CERTIFICATE_EXPIRED", "E_TX_LIMIT_REACHED", "E_PENDING_TX_CONFLICT", "E_MIDDLEWARE_PENDING_REQUEST",
    "E_SMAERS_GATEWAY_CAPACITIES_DEPLETED", "E_BOOTSTRAP_FILE_NOT_AVAILABLE", "E_EXPORT_TEMPORARILY_UNAVAILABLE",
    "E_EXPORT_DUPLICATE_RATE_LIMITED", "E_EXPORT_NOT_COMPLETED",
})
TRANSIENT_STATUS = frozenset({408, 423, 425, 429})


class FiskalyUnavailable(TseUnavailable):
    def __init__(self, message: Message | str, status: int | None = None, code: str | None = None):
        super().__init__(message)
        self.status, self.fiskaly_code = status, code


class FiskalyRejected(TseRejected):
    def __init__(self, message: Message | str, status: int, code: str | None = None):
        super().__init__(message)
        self.status, self.fiskaly_code = status, code


class TseAuthFailed(TseUnavailable):
    """fiskaly refused the API key and secret: nothing can be signed until IT enters valid ones."""

    code = "tse_auth_failed"


class FiskalySession:
    def __init__(self, base_url: str, *, api_key: str, api_secret: str, transport: httpx.BaseTransport | None = None,
                 timeout: float = 10.0, clock: Callable[[], float] = time.time, refresh_margin: float = 60.0):
        url = httpx.URL(base_url)
        if not (url.scheme == "https" or (url.scheme == "http" and url.host in LOOPBACK_HOSTS)):
            raise ValueError("fiskaly only over https:// (http:// only to this PC)")
        self._api_key, self._api_secret = api_key, api_secret
        self._clock, self._margin = clock, refresh_margin
        self._access: str | None = None
        self._access_expires = 0.0
        self._refresh: str | None = None
        self._refresh_expires = 0.0
        self._extra_secrets: tuple[str, ...] = ()
        self._http = httpx.Client(base_url=url, transport=transport, timeout=httpx.Timeout(timeout, connect=3.0),
                                  trust_env=url.scheme == "https")

    def close(self) -> None:
        self._http.close()

    def add_secret(self, value: str | None) -> None:
        """Another value no error text may show (e.g. the admin PIN)."""
        if value:
            self._extra_secrets += (value,)

    # --- requests -------------------------------------------------------------------------------------

    def request(self, method: str, path: str, *, json: dict | None = None, params: dict | None = None,
                raw: bool = False):
        """The answer's JSON (None for an empty body), or its bytes with `raw`."""
        response = self._send(method, path, json, params, self._token())
        if response.status_code == 401 and _code(response) in (None, "E_UNAUTHORIZED"):
            log.info("fiskaly: token refused (%s %s), renewing it once", method, path)
            self._access = None
            response = self._send(method, path, json, params, self._token())
            if response.status_code == 401 and _code(response) in (None, "E_UNAUTHORIZED"):
                raise TseAuthFailed(translate("tse", "fiskaly lehnt die Anmeldung ab"))
        return self._result(response, raw=raw)

    def _send(self, method, path, json, params, token: str | None) -> httpx.Response:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        try:
            response = self._http.request(method, path, json=json, params=params, headers=headers)
        except httpx.TimeoutException as exc:
            log.warning("fiskaly: %s %s: no answer in time", method, path)
            raise FiskalyUnavailable(translate("tse", "fiskaly: keine Antwort in der Zeit")) from exc
        except httpx.TransportError as exc:
            log.warning("fiskaly: %s %s: %s", method, path, type(exc).__name__)
            raise FiskalyUnavailable(translate("tse", "fiskaly nicht erreichbar")) from exc
        log.debug("fiskaly: %s %s -> %s", method, path, response.status_code)
        return response

    def _result(self, response: httpx.Response, *, raw: bool = False):
        status = response.status_code
        if status < 300:
            if raw:
                return response.content
            if not response.content:
                return None
            try:
                data = response.json()
            except ValueError:
                raise FiskalyUnavailable(translate("tse", "fiskaly: Antwort nicht lesbar"), status) from None
            if not isinstance(data, dict):
                raise FiskalyUnavailable(translate("tse", "fiskaly: Antwort nicht lesbar"), status)
            return data
        code = _code(response)
        text = self._scrub(f"fiskaly {status} {code or ''}: {_message(response)}".strip())
        if status >= 500 or status in TRANSIENT_STATUS or code in TRANSIENT_CODES:
            raise FiskalyUnavailable(text, status, code)
        if status == 401 and code in (None, "E_UNAUTHORIZED"):
            raise TseAuthFailed(translate("tse", "fiskaly lehnt die Anmeldung ab"))
        raise FiskalyRejected(text, status, code)

    def _scrub(self, text: str) -> str:
        for secret in (self._api_key, self._api_secret, self._access, self._refresh, *self._extra_secrets):
            if secret:
                text = text.replace(secret, "***")
        return text[:300]

    # --- tokens ---------------------------------------------------------------------------------------

    def _token(self) -> str:
        now = self._clock()
        if self._access and now < self._access_expires - self._margin:
            return self._access
        if self._refresh and now < self._refresh_expires - self._margin:
            try:
                return self._authenticate({"refresh_token": self._refresh})
            except TseAuthFailed:
                log.info("fiskaly: refresh token refused, signing in with the API key")
        return self._authenticate({"api_key": self._api_key, "api_secret": self._api_secret})

    def _authenticate(self, body: dict) -> str:
        kind = "refresh" if "refresh_token" in body else "api key"
        self._access = None
        response = self._send("POST", "/auth", body, None, None)
        if response.status_code in (400, 401, 403):
            self._refresh = None
            raise TseAuthFailed(translate("tse", "fiskaly lehnt die Anmeldung ab ({kind})").format(kind=kind))
        data = self._result(response) or {}
        token = data.get("access_token")
        if not isinstance(token, str) or not token:
            raise FiskalyUnavailable(translate("tse", "fiskaly: Anmeldeantwort ohne Token"))
        now = self._clock()
        self._access = token
        self._access_expires = _expiry(data, "access_token", now, default=600)
        if isinstance(data.get("refresh_token"), str):
            self._refresh = data["refresh_token"]
            self._refresh_expires = _expiry(data, "refresh_token", now, default=0)
        log.info("fiskaly: signed in (%s)", kind)
        return token


def _expiry(data: dict, prefix: str, now: float, *, default: float) -> float:
    """`<prefix>_expires_at` (unix seconds), else now + `<prefix>_expires_in`."""
    try:
        if data.get(f"{prefix}_expires_at") is not None:
            return float(data[f"{prefix}_expires_at"])
        if data.get(f"{prefix}_expires_in") is not None:
            return now + float(data[f"{prefix}_expires_in"])
    except (TypeError, ValueError):
        pass
    return now + default


def _json(response: httpx.Response) -> dict:
    try:
        data = response.json()
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def _code(response: httpx.Response) -> str | None:
    code = _json(response).get("code")
    return code if isinstance(code, str) and code else None


def _message(response: httpx.Response) -> str:
    data = _json(response)
    return str(data.get("message") or data.get("error") or response.reason_phrase or "")
