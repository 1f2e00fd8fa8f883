"""A register's request refused: an HTTP error whose body carries a stable code (sync.protocol.RegisterRefusal) and its
parameters beside the `detail` text, so that the register can say it in the associate's language."""

from __future__ import annotations

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import JSONResponse

from sync.protocol import ErrorResponse, RegisterRefusal

__all__ = ["RequestRefused", "install"]


class RequestRefused(HTTPException):
    def __init__(self, status: int, code: RegisterRefusal, detail: str, /, **params: object):
        super().__init__(status, detail)
        self.code, self.params = code, {k: str(v) for k, v in params.items()}


def _answer(_request: Request, exc: RequestRefused) -> JSONResponse:
    body = ErrorResponse(detail=exc.detail, code=exc.code, params=exc.params)
    return JSONResponse(body.model_dump(mode="json"), status_code=exc.status_code, headers=exc.headers)


def install(app: FastAPI) -> None:
    app.add_exception_handler(RequestRefused, _answer)
