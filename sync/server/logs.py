"""The backend's logs: one JSON object per line, without personal data (issue 13 §4).

Every record's text passes `redact`: e-mail addresses and the capability codes in handover links (whoever
has the link sees the customer's cart) are masked. Access records also carry their method, path and status
as fields, for a log collector to filter on. Used for uvicorn's own loggers and ours (`log_config`).
"""

from __future__ import annotations

import json
import logging
import re
from datetime import datetime, timezone
from urllib.parse import unquote

__all__ = ["JsonFormatter", "log_config", "redact"]

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
_HANDOVER = re.compile(r"(/handover/)[A-Za-z0-9_-]+")


def redact(text: str) -> str:
    return _HANDOVER.sub(r"\1…", _EMAIL.sub("…@…", text))


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {"at": datetime.fromtimestamp(record.created, timezone.utc).isoformat(timespec="milliseconds"),
                 "level": record.levelname.lower(), "logger": record.name, "message": redact(record.getMessage())}
        if record.name == "uvicorn.access" and isinstance(record.args, tuple) and len(record.args) == 5:
            _client, method, path, _version, status = record.args  # the client's address is left out
            entry.update(method=method, path=redact(unquote(str(path))), status=int(status))  # %40 is an @
            entry["message"] = f"{method} {entry['path']} {status}"
        if record.exc_info:
            entry["error"] = redact(self.formatException(record.exc_info))
        return json.dumps(entry, ensure_ascii=False)


def log_config(level: str = "info") -> dict:
    """A logging.config dict for uvicorn.run(log_config=…): JSON lines on stderr for every logger."""
    level = level.upper()
    handler = {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stderr"}
    return {
        "version": 1, "disable_existing_loggers": False,
        "formatters": {"json": {"()": JsonFormatter}},
        "handlers": {"json": handler},
        "loggers": {name: {"handlers": ["json"], "level": level, "propagate": False}
                    for name in ("uvicorn", "uvicorn.error", "uvicorn.access", "sync")},
    }
