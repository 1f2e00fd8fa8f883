"""What IT runs the backend with (issue 13 §4): liveness and readiness for a load balancer, settings from
the environment or a file with the secrets kept secret, and the admin command line for registers."""

from __future__ import annotations

import subprocess
import sys
import time

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


@pytest.mark.parametrize("overrides, field", [({"workers": 0}, "workers"), ({"workers": 65}, "workers"),
                                              ({"port": "achtzig"}, "port")])
def test_command_line_settings_are_checked_like_the_files(overrides, field):
    with pytest.raises(ValueError, match=f"^{field}: "):
        load_settings(**overrides)


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


def test_the_logs_are_json_lines_without_personal_data(tmp_path):
    """The backend as IT runs it: every log line one JSON object; no e-mail address and no handover code (the
    link to a customer's cart) in them, even when a request's path carries one."""
    import json
    import os

    from tests.served import free_port

    port = free_port()
    env = {**os.environ, "TRESEN_BACKEND_DB": f"sqlite:///{tmp_path / 'b.sqlite3'}", "TRESEN_PORT": str(port),
           "TRESEN_LOG_LEVEL": "info"}
    process = subprocess.Popen([sys.executable, "-m", "sync.server", "--seed-demo", "20"],
                               env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    code = "k7" * 16
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:  # wait for the condition: the backend is ready
            try:
                if httpx.get(f"{base}/ready", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert process.poll() is None and time.monotonic() < deadline
            time.sleep(0.05)
        assert httpx.get(f"{base}/handover/{code}").status_code == 404
        assert httpx.get(f"{base}/v1/lookup/anna.meier@example.org").status_code == 404
    finally:
        process.terminate()
        _out, err = process.communicate(timeout=30)
    lines = [json.loads(line) for line in err.splitlines() if line.strip()]
    assert lines and all({"at", "level", "logger", "message"} <= set(entry) for entry in lines)
    access = [entry for entry in lines if entry["logger"] == "uvicorn.access"]
    assert {(e["method"], e["path"], e["status"]) for e in access} >= {
        ("GET", "/handover/…", 404), ("GET", "/v1/lookup/…@…", 404)}
    assert code not in err and "anna.meier" not in err and "127.0.0.1:" not in json.dumps(access)


def test_a_database_password_is_never_taken_on_the_command_line(tmp_path):
    """It would stand in the process list: the URL with its password goes in TRESEN_BACKEND_DB or the file."""
    url = "postgresql+psycopg://tresen:geheim@127.0.0.1/tresen"
    export = ["export-dsfinvk", "--store", "1001", "--from", "2026-11-01", "--to", "2026-11-30",
              "--out", str(tmp_path / "x"), "--db", url]
    for command in (["admin", "--db", url, "registers"], export):
        done = subprocess.run([sys.executable, "-m", "sync.server", *command], capture_output=True, text=True,
                              timeout=60)
        assert done.returncode == 2 and "TRESEN_BACKEND_DB" in done.stderr, (command, done.stderr)
