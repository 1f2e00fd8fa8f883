"""The bundle's parts that can be checked without building it (packaging/): the smoke test's own checks, the
bundle check run from the source tree, the layout the spec relies on, the desktop entry and its icon.

Building and smoke-testing the bundle itself takes a few minutes: packaging/build.sh, then packaging/smoke.py."""

from __future__ import annotations

import configparser
import importlib.util
import os
import re
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGING = ROOT / "packaging"


def load(name: str):
    spec = importlib.util.spec_from_file_location(f"packaging_{name}", PACKAGING / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


smoke = load("smoke")


def test_probe_line_is_parsed_with_its_fields():
    out = "Qt says something\nready 1.547 191.9 lang=en qm=yes\n"
    assert smoke.parse_probe(out) == {"seconds": "1.547", "rss_mb": "191.9", "lang": "en", "qm": "yes"}
    assert smoke.parse_probe("ready 2.0 180.5\n") == {"seconds": "2.0", "rss_mb": "180.5"}
    with pytest.raises(smoke.SmokeFailure):
        smoke.parse_probe("not ready\n")


@pytest.mark.parametrize("line, language, passes", [
    ("ready 1.5 190.0 lang=de qm=yes", "de", True),
    ("ready 1.5 190.0 lang=de qm=no", "de", True),  # German is the source language: no .qm needed
    ("ready 1.5 190.0 lang=en qm=yes", "en", True),
    ("ready 1.5 190.0 lang=en qm=no", "en", False),  # the app's English texts did not load
    ("ready 1.5 190.0 lang=de qm=yes", "en", False),  # --language en ignored
    ("ready 1.5 190.0 lang=en qm=yes", "de", False),
    ("ready 1.5 190.0", "en", False),  # a line without the fields proves nothing
    ("ready 1.5 190.0", "de", False),
])
def test_probe_fields_required_per_language(line, language, passes):
    probe = smoke.parse_probe(line)
    if passes:
        smoke.check_fields(probe, language)
    else:
        with pytest.raises(smoke.SmokeFailure):
            smoke.check_fields(probe, language)


@pytest.mark.parametrize("db_module", ["app.store.db", "sync.server.db"])
def test_smoke_tests_head_is_alembics(db_module):
    """The smoke test reads the newest revision from the bundled scripts without Alembic: the same as Alembic's."""
    from alembic.script import ScriptDirectory

    folder = importlib.import_module(db_module).MIGRATIONS_DIR
    assert smoke.migration_head(folder / "versions") == ScriptDirectory(str(folder)).get_current_head()


def test_resources_are_looked_up_beside_the_packages():
    """The spec puts resources/ beside the bundled packages (_internal/resources): every lookup in the code must
    go from its module up to the folder that holds app/ and sync/, as in the source tree."""
    lookup = re.compile(r'Path\(__file__\)\.resolve\(\)\.parents\[(\d)\]\s*/\s*"resources"')
    found = []
    for path in [*(ROOT / "app").rglob("*.py"), *(ROOT / "sync").rglob("*.py")]:
        for match in lookup.finditer(path.read_text(encoding="utf-8")):
            found.append(path.relative_to(ROOT))
            assert path.resolve().parents[int(match[1])] == ROOT, f"{path}: resources looked up elsewhere"
    assert found, "no resources lookup found: has the pattern changed? Check packaging/tresen.spec's layout"


def test_bundle_check_passes_in_the_source_tree():
    """Everything `tresen --bundle-check` uses exists in the code as the check expects (the smoke test runs it in the
    bundle); from the source tree every check must pass."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DBUS_")}
    env["QT_QPA_PLATFORM"] = "offscreen"
    done = subprocess.run([sys.executable, str(PACKAGING / "bundle_check.py")], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr[-3000:]
    assert f"{len(load('bundle_check').CHECKS)} of {len(load('bundle_check').CHECKS)} ok" in done.stdout


def test_desktop_entry():
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # keys are case-sensitive
    entry.read(PACKAGING / "tresen.desktop", encoding="utf-8")
    desktop = entry["Desktop Entry"]
    assert desktop["Type"] == "Application"
    assert desktop["Name"] == "Tresen"
    assert desktop["Exec"] == "/opt/tresen/tresen"
    assert desktop["Icon"] == "tresen"
    assert {"Office", "Finance"} <= set(filter(None, desktop["Categories"].split(";")))
    assert desktop["Comment"] and desktop["Comment[de]"]


def test_icon_svg_and_png():
    svg = ET.parse(ROOT / "resources" / "icons" / "tresen.svg").getroot()
    assert svg.tag.endswith("svg") and svg.get("viewBox") == "0 0 256 256"
    head = (ROOT / "resources" / "icons" / "tresen.png").read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", head[16:24]) == (256, 256)
