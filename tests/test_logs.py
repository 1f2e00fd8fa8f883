"""The register's log file (issue 16 §3): in the data folder, rotated, and without personal data or secrets."""

from __future__ import annotations

import logging

import pytest

from app.logs import log_path, redact, setup_logging


@pytest.fixture
def restore_logging():
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    for handler in list(root.handlers):
        if handler not in handlers:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)


def test_redact_keeps_what_support_needs_and_drops_what_it_must_not_see():
    line = ("sale for anna.meier@example.org, Authorization: Bearer j8w7xfw57Q1sJbgtYz8u-k50DypKOx, card 4111111111111111,"
            " key Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZmdo, GTIN 04006381333931, receipt 1001-01/42")
    out = redact(line)
    assert "anna.meier" not in out and "example.org" not in out and "…@…" in out
    assert "j8w7xfw57Q1sJbgtYz8u" not in out and "Bearer …" in out
    assert "4111111111111111" not in out and "Zm9vYmFy" not in out
    assert "04006381333931" in out and "1001-01/42" in out  # a GTIN and a receipt number stay


def test_the_log_file_is_written_redacted_and_rotated(tmp_path, restore_logging):
    path = setup_logging(tmp_path, max_bytes=2000, backups=2)
    assert path == log_path(tmp_path) and path.parent.name == "logs"
    log = logging.getLogger("tresen.test")
    try:
        raise ValueError("customer kunde@example.org not found")
    except ValueError:
        log.exception("lookup failed for %s", "kunde@example.org")
    for n in range(200):
        log.info("line %d of a long day at the counter", n)
    for handler in logging.getLogger().handlers:
        handler.flush()
    files = sorted(p.name for p in path.parent.iterdir())
    assert files == ["tresen.log", "tresen.log.1", "tresen.log.2"]  # rotated, two kept
    text = "".join(p.read_text(encoding="utf-8") for p in path.parent.iterdir())
    assert "kunde@example.org" not in text and "line 199" in text


def test_a_folder_that_cannot_be_written_leaves_the_register_running(tmp_path, restore_logging):
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the data folder should be")
    assert setup_logging(blocked) is None  # logs to stderr only; no exception
