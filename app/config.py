"""Where the replica lives and how the app was started.

The database sits in the platform's per-user data folder (platformdirs);
`TRESEN_DATA_DIR` or `--data-dir` moves it (tests, several registers on one PC).
`TRESEN_BACKEND_CA` or `--backend-ca` names the chain's own CA (a PEM file) for the
backend's HTTPS certificate; without it the public CAs are trusted.
"""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_dir

APP_NAME = "Tresen"


def data_dir(override: str | os.PathLike | None = None) -> Path:
    if override:
        return Path(override)
    env = os.environ.get("TRESEN_DATA_DIR")
    if env:
        return Path(env)
    return Path(user_data_dir(APP_NAME, APP_NAME))


def replica_path(override: str | os.PathLike | None = None) -> Path:
    return data_dir(override) / "replica.sqlite3"


def backend_ca_bundle(override: str | os.PathLike | None = None) -> Path | None:
    """The CA bundle the backend's certificate is checked against; None: the public CAs (certifi)."""
    chosen = override or os.environ.get("TRESEN_BACKEND_CA")
    return Path(chosen) if chosen else None
