"""Request body limits, before anything is authenticated or parsed.

A body larger than its endpoint allows is answered 413 at once: from the
Content-Length header without reading the body, or, for a body sent without
one (chunked), as soon as more than the limit has arrived. Nothing beyond the
limit (and one network chunk) is ever held in memory.
"""

from __future__ import annotations

import json

__all__ = ["BodyLimit", "LIMITS", "DEFAULT_LIMIT"]

KIB = 1024
#: Longest matching path prefix wins. A push carries up to MAX_PUSH_BATCH operations.
LIMITS = {
    "/v1/push": 8 * KIB * KIB,
    "/v1/shop": 256 * KIB,
    "/v1/erp": 2 * KIB * KIB,  # MAX_IMPORT_ROWS rows of about 2 KiB at most
    "/v1/enroll": 4 * KIB,
    "/v1/conflicts": 4 * KIB,
    "/v1/customers": 4 * KIB,
    "/v1/orders": 4 * KIB,
    "/v1/carts": 4 * KIB,
}
DEFAULT_LIMIT = 16 * KIB


def limit_for(path: str) -> int:
    matches = [prefix for prefix in LIMITS if path.startswith(prefix)]
    return LIMITS[max(matches, key=len)] if matches else DEFAULT_LIMIT


class BodyLimit:
    """ASGI middleware (app.add_middleware(BodyLimit))."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = limit_for(scope["path"])
        length = dict(scope.get("headers") or []).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > limit):
            await self._refuse(send, limit)
            return
        if length is not None:  # declared and within the limit: the server reads no more than that
            await self.app(scope, receive, send)
            return
        # No length (chunked): read up to the limit, refuse as soon as more arrives, then hand the body on.
        chunks, received = [], 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                break
            received += len(message.get("body", b""))
            if received > limit:
                await self._refuse(send, limit)
                return
            chunks.append(message.get("body", b""))
            if not message.get("more_body"):
                break
        body, delivered = b"".join(chunks), False

        async def replay():
            nonlocal delivered
            if not delivered:
                delivered = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    @staticmethod
    async def _refuse(send, limit: int) -> None:
        body = json.dumps({"detail": f"request body too large (at most {limit} bytes here)"}).encode()
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                                (b"connection", b"close")]})
        await send({"type": "http.response.body", "body": body})
