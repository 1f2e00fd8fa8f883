"""The register's log: a file per register in its data folder (`logs/tresen.log`), rotated, without personal data
or secrets.

Every line goes through `redact`: e-mail addresses, bearer tokens and other long random strings (register tokens,
API keys), and digit runs as long as a card number are replaced before anything is written, whatever a message or an
exception's text carries. GTINs (up to 14 digits) stay readable: they are what a support case needs.
"""

from __future__ import annotations

import logging
import re
from logging.handlers import RotatingFileHandler
from pathlib import Path

__all__ = ["setup_logging", "redact", "log_path", "LOG_FILE"]

LOG_FILE = "tresen.log"
MAX_BYTES = 5 * 1024 * 1024
BACKUPS = 5

_RULES = (
    (re.compile(r"(?i)\bbearer\s+[A-Za-z0-9._~+/=-]+"), "Bearer …"),
    (re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}"), "…@…"),
    (re.compile(r"(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{32,}(?![A-Za-z0-9_-])"), "…"),  # tokens, keys, ids as long
    (re.compile(r"(?<!\d)\d{15,19}(?!\d)"), "…"),  # card numbers (and 18-digit parcel numbers with them)
)


def redact(text: str) -> str:
    for pattern, replacement in _RULES:
        text = pattern.sub(replacement, text)
    return text


class _RedactingFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


def log_path(data_dir: Path) -> Path:
    return Path(data_dir) / "logs" / LOG_FILE


def setup_logging(data_dir: Path, *, level: int = logging.INFO, max_bytes: int = MAX_BYTES,
                  backups: int = BACKUPS) -> Path | None:
    """Log to the register's file (and warnings on stderr), both redacted. Returns the file, or None when it cannot
    be written (a read-only or full disk): the register runs on, logging to stderr only."""
    fmt = "%(asctime)s %(levelname)s %(name)s [%(threadName)s]: %(message)s"
    root = logging.getLogger()
    root.setLevel(level)
    logging.getLogger("httpx").setLevel(logging.WARNING)  # a line per request would bury what matters
    for handler in list(root.handlers):
        if getattr(handler, "_tresen", False):
            root.removeHandler(handler)
            handler.close()
    console = logging.StreamHandler()
    console.setLevel(logging.WARNING)
    console.setFormatter(_RedactingFormatter(fmt))
    console._tresen = True
    root.addHandler(console)
    path = log_path(data_dir)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = RotatingFileHandler(path, maxBytes=max_bytes, backupCount=backups, encoding="utf-8")
    except OSError as exc:
        logging.getLogger(__name__).warning("no log file (%s): logging to stderr only", exc.strerror or exc)
        return None
    handler.setFormatter(_RedactingFormatter(fmt))
    handler._tresen = True
    root.addHandler(handler)
    return path
