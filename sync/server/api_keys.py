"""The keys other systems of the chain authenticate with (a header each; never a register token): the web shop
(`X-Shop-Key`, TRESEN_SHOP_KEY) and the ERP (`X-ERP-Key`, TRESEN_ERP_KEY; sync/server/settings.py)."""

from __future__ import annotations

import hashlib
import hmac
from typing import Callable

from fastapi import Header, HTTPException

__all__ = ["key_check"]


def key_check(header: str, key: str | None, what: str) -> Callable[..., None]:
    """A FastAPI dependency: 401 unless the request's `header` holds `key` (compared in constant time; no key
    configured: every request is refused)."""
    digest = hashlib.sha256(key.encode()).digest() if key else None

    def check(value: str | None = Header(default=None, alias=header)) -> None:
        if digest is None or not value or not hmac.compare_digest(hashlib.sha256(value.encode()).digest(), digest):
            raise HTTPException(401, f"missing or wrong {what} ({header})")

    return check
