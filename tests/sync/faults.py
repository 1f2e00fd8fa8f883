"""Network faults between a register and the real backend, injected at the HTTP transport."""

from __future__ import annotations

import os
import signal

import httpx

FAULTS = ("down", "lost_response", "5xx", "duplicate", "truncate", "garble")


class FaultTransport(httpx.BaseTransport):
    """Passes requests to the real backend, except where `plan` says otherwise.

    down          connection refused; the backend never sees the request
    lost_response the backend applies the request, the answer is lost (a timeout)
    5xx           a gateway answers 503 without reaching the backend
    duplicate     the request reaches the backend twice
    truncate      the answer arrives cut in half
    garble        the answer is valid JSON of the wrong shape
    kill          the register process dies (SIGKILL) as the answer arrives
    """

    def __init__(self, plan: list[str | None] | None = None):
        self.inner = httpx.HTTPTransport()
        self.plan = list(plan or [])
        self.seen: list[str] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        fault = self.plan.pop(0) if self.plan else None
        self.seen.append(f"{request.method} {request.url.path} {fault or 'ok'}")
        if fault == "down":
            raise httpx.ConnectError("connection refused (injected)", request=request)
        if fault == "5xx":
            return httpx.Response(503, json={"detail": "gateway (injected)"}, request=request)
        request.read()
        response = self._send(request)
        if fault == "duplicate":
            response = self._send(request)
        if fault == "lost_response":
            raise httpx.ReadTimeout("answer lost (injected)", request=request)
        if fault == "kill":
            os.kill(os.getpid(), signal.SIGKILL)
        if fault == "truncate":
            return httpx.Response(200, content=response.content[: len(response.content) // 2],
                                  headers={"content-type": "application/json"}, request=request)
        if fault == "garble":
            return httpx.Response(200, json={"changes": "nonsense", "results": 7}, request=request)
        return response

    def _send(self, request: httpx.Request) -> httpx.Response:
        copy = httpx.Request(request.method, request.url, headers=request.headers, content=request.content)
        response = self.inner.handle_request(copy)
        response.read()
        return response

    def close(self) -> None:
        self.inner.close()
