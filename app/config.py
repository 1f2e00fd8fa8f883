"""Where the replica lives and how the app was started.

The database sits in the platform's per-user data folder (platformdirs);
`TRESEN_DATA_DIR` or `--data-dir` moves it (tests, several registers on one PC).
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
