"""What IT runs the backend with (issue 13 §4): liveness and readiness for a load balancer, settings from
the environment or a file with the secrets kept secret, and the admin command line for registers."""

from __future__ import annotations

import subprocess
import sys

import httpx
import pytest

from sync.server.app import create_app
from sync.server.db import make_engine
from sync.server.settings import load_settings
from tests.served import ServedApp
from tests.sync.conftest import create_register, memory_keyring  # noqa: F401 (fixture)


def test_health_and_ready_on_a_live_backend(backend):
    assert httpx.get(f"{backend.url}/health").json() == {"status": "ok"}
    assert httpx.get(f"{backend.url}/ready").json() == {"status": "ready"}


def test_ready_says_503_while_the_database_does_not_answer_and_health_stays_ok():
    # a PostgreSQL URL to a port where nothing listens: the process is alive, the database is not
    engine = make_engine("postgresql+psycopg://tresen@127.0.0.1:9/tresen?connect_timeout=2")
    served = ServedApp()
    served.start(create_app(engine))
    try:
        base = f"http://127.0.0.1:{served.port}"
        assert httpx.get(f"{base}/health").status_code == 200
        answer = httpx.get(f"{base}/ready", timeout=30)
        assert answer.status_code == 503 and answer.json() == {"detail": "database not reachable"}
        assert answer.headers["Retry-After"] == "5"
    finally:
        served.stop()
        engine.dispose()


def test_settings_from_a_file_under_the_environment_and_the_secret_kept_secret(tmp_path, monkeypatch):
    config = tmp_path / "backend.env"
    config.write_text("TRESEN_BACKEND_DB=sqlite:///from-file.sqlite3\nTRESEN_PORT=8800\n"
                      "TRESEN_SHOP_KEY=shop-geheim-123\n", encoding="utf-8")
    monkeypatch.setenv("TRESEN_PORT", "8900")  # the environment wins over the file
    settings = load_settings(config, host="0.0.0.0")  # ... and the command line over both (never a secret)
    assert (settings.backend_db, settings.port, settings.host) == ("sqlite:///from-file.sqlite3", 8900, "0.0.0.0")
    assert settings.shop_key.get_secret_value() == "shop-geheim-123"
    assert "shop-geheim-123" not in repr(settings) and "shop-geheim-123" not in str(settings.model_dump())
    with pytest.raises(FileNotFoundError):
        load_settings(tmp_path / "missing.env")


def admin(db_url: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "sync.server", "admin", "--db", db_url, *args],
                          capture_output=True, text=True, timeout=120)


def test_it_enrolls_lists_and_revokes_registers_from_the_command_line(backend, memory_keyring, tmp_path):  # noqa: F811
    made = admin(backend.db_url, "enrollment-secret", "1002-03")
    assert made.returncode == 0, made.stderr
    secret = made.stdout.strip()
    assert len(secret) >= 20 and secret not in admin(backend.db_url, "registers").stdout  # shown once, kept hashed
    reg = create_register(backend, tmp_path, "1002", 3, secret=secret)  # the new PC enrolls with it
    listed = admin(backend.db_url, "registers").stdout
    assert "1002-03" in listed and "aktiv" in listed.splitlines()[-1]
    assert reg.sync.sync_once().rejected == 0
    assert admin(backend.db_url, "revoke", "1002-03").returncode == 0
    with pytest.raises(Exception) as refused:  # the PC's token stops working at once
        reg.client.pull(cursor=None, limit=1)
    assert getattr(refused.value, "status", None) == 401
    assert "gesperrt" in admin(backend.db_url, "registers").stdout
    unknown = admin(backend.db_url, "enrollment-secret", "7777-01")
    assert unknown.returncode == 2 and "nicht bekannt" in unknown.stderr
    assert admin(backend.db_url, "revoke", "1002-09").returncode == 2
    reg.client.close()
    reg.replica.dispose()
