"""`python -m app enroll`: a scripted roll-out sets up a register without a screen, the secret never on the
command line, and says clearly what went wrong."""

from __future__ import annotations

import io
import subprocess
import sys

from sqlalchemy import text

from app.config import replica_path
from app.enroll import main as enroll
from app.store.db import make_engine
from sync.server.enrollment import add_enrollment_secrets
from tests.sync.conftest import backend, memory_keyring  # noqa: F401 (fixtures)


def setting(folder, key: str):
    engine = make_engine(replica_path(folder))
    try:
        with engine.connect() as c:
            return c.execute(text("SELECT value FROM setting WHERE key = :k"), {"k": key}).scalar()
    finally:
        engine.dispose()


def test_it_enrolls_from_the_environment_and_loads_the_store(backend, tmp_path, monkeypatch, capsys):  # noqa: F811
    add_enrollment_secrets(backend.engine, {"rollout-secret-1001-07": "1001-07"})
    monkeypatch.setenv("TRESEN_ENROLLMENT_SECRET", "rollout-secret-1001-07")
    args = ["--backend", backend.url, "--store", "1001", "--register", "7", "--data-dir", str(tmp_path)]
    assert enroll(args) == 0
    assert "Kasse 1001-07 eingerichtet" in capsys.readouterr().out
    assert setting(tmp_path, "register_id") == "1001-07"
    assert enroll(args) == 2  # once only: this PC is set up
    assert "schon als 1001-07" in capsys.readouterr().err


def test_a_secret_from_stdin_refused_or_a_backend_unreachable(backend, tmp_path, monkeypatch, capsys):  # noqa: F811
    monkeypatch.delenv("TRESEN_ENROLLMENT_SECRET", raising=False)
    monkeypatch.setattr(sys, "stdin", io.StringIO("not-the-right-secret\n"))
    assert enroll(["--backend", backend.url, "--store", "1001", "--register", "8",
                   "--data-dir", str(tmp_path / "a")]) == 2
    assert "Einmal-Geheimnis unbekannt" in capsys.readouterr().err
    assert setting(tmp_path / "a", "register_id") is None
    monkeypatch.setattr(sys, "stdin", io.StringIO("long-enough-secret\n"))
    assert enroll(["--backend", "http://127.0.0.1:9", "--store", "1001", "--register", "8",
                   "--data-dir", str(tmp_path / "b")]) == 3
    assert "Zentrale nicht erreichbar" in capsys.readouterr().err


def test_enrolling_loads_no_qt():
    code = "import sys, app.enroll; assert not any(m.startswith('PySide6') for m in sys.modules), 'Qt was loaded'"
    subprocess.run([sys.executable, "-c", code], check=True)
