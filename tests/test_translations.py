"""Every text the register shows is translated: the .ts files are up to date with the code (pyside6-lupdate),
every text has an English translation with the same placeholders, and the shipped .qm files are the compiled
.ts files (packaging/translations.py)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def load_tool():
    spec = importlib.util.spec_from_file_location("translations", ROOT / "packaging" / "translations.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_translations_are_complete_and_up_to_date():
    problems = load_tool().check()
    assert not problems, "\n".join(problems[:40]) + f"\n({len(problems)} in all)"


def test_the_check_finds_a_missing_translation(tmp_path):
    """The check itself: a text without a translation, and one whose translation loses a placeholder."""
    ts = tmp_path / "tresen_en.ts"
    ts.write_text("""<?xml version="1.0" encoding="utf-8"?><!DOCTYPE TS><TS version="2.1" language="en_GB">
<context><name>till</name>
<message><source>Die Kasse ist bereits geöffnet</source><translation type="unfinished"></translation></message>
<message><source>Kasse {register}</source><translation>Register</translation></message>
<message><source>Bon {0}</source><translation>Receipt {0}</translation></message>
</context></TS>""", encoding="utf-8")
    problems = load_tool().untranslated(ts)
    assert len(problems) == 2
    assert "not translated" in problems[0] and "placeholders differ" in problems[1]
