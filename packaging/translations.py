"""The app's translations: collect, compile and check them (Qt's pyside6-lupdate and pyside6-lrelease).

    python packaging/translations.py update   # after changing texts: .ts files from the code, then .qm files
    python packaging/translations.py check    # CI (tests/test_translations.py): fails on anything missing

German is the source language (the code's texts are German; `tresen_de.ts` holds only the plural forms);
English is `resources/i18n/tresen_en.ts`, translated by hand (Qt Linguist, or any editor). The texts come from `self.tr(...)` in app/ui/ and from
`translate(context, text)` in Qt-free code (sync/common/messages.py). The .ts files carry no line numbers, so
they change only when a text does.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
I18N = ROOT / "resources" / "i18n"
SOURCES = ("app", "sync/client", "sync/common", "sync/dsfinvk")  # what the register shows; not the backend's
LANGUAGES = {"en": "en_GB", "de": "de_DE"}
#: German is the source language: its .ts holds only the texts with plural forms ("%n Artikel"), whose singular
#: the source text cannot give.
PLURAL_ONLY = {"de"}
_PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def _tool(name: str) -> str:
    """pyside6-lupdate / -lrelease beside this Python (a venv's bin), else from PATH."""
    beside = Path(sys.executable).with_name(name)
    return str(beside) if beside.exists() else (shutil.which(name) or name)


def source_files() -> list[str]:
    return sorted(str(p.relative_to(ROOT)) for folder in SOURCES for p in (ROOT / folder).rglob("*.py")
                  if "migrations" not in p.parts)


def ts_file(lang: str, folder: Path = I18N) -> Path:
    return folder / f"tresen_{lang}.ts"


def lupdate(target: Path, lang: str) -> None:
    subprocess.run([_tool("pyside6-lupdate"), *source_files(), "-source-language", "de_DE", "-target-language",
                    LANGUAGES[lang], "-locations", "none", "-no-obsolete", "-silent",
                    *(["-pluralonly"] if lang in PLURAL_ONLY else []), "-ts", str(target)],
                   cwd=ROOT, check=True)


def lrelease(ts: Path, qm: Path) -> None:
    subprocess.run([_tool("pyside6-lrelease"), "-silent", str(ts), "-qm", str(qm)], check=True)


def update() -> None:
    I18N.mkdir(parents=True, exist_ok=True)
    for lang in LANGUAGES:
        lupdate(ts_file(lang), lang)
        lrelease(ts_file(lang), ts_file(lang).with_suffix(".qm"))


def untranslated(ts: Path) -> list[str]:
    """Texts of `ts` without a finished translation, or whose translation lacks or adds a {placeholder}."""
    problems = []
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            source = message.findtext("source") or ""
            translation = message.find("translation")
            forms = [translation.text] if translation is not None and message.get("numerus") != "yes" else [
                form.text for form in (translation.iter("numerusform") if translation is not None else ())]
            if translation is None or translation.get("type") in ("unfinished", "vanished", "obsolete") or not (
                    forms and all(forms)):
                problems.append(f"{name}: not translated: {source!r}")
                continue
            for text in forms:  # each plural form ("%n item", "%n items") has the source's placeholders
                if sorted(_PLACEHOLDER.findall(source)) != sorted(_PLACEHOLDER.findall(text)) or (
                        "%n" in source) != ("%n" in text):
                    problems.append(f"{name}: placeholders differ: {source!r} -> {text!r}")
                    break
    return problems


def check() -> list[str]:
    """Everything that is wrong: a .ts file out of date with the code, a text without a translation, a .qm
    file that is not the compiled .ts."""
    problems = []
    with tempfile.TemporaryDirectory() as tmp:
        for lang in LANGUAGES:
            committed = ts_file(lang)
            if not committed.exists():
                problems.append(f"{committed.relative_to(ROOT)} is missing: python packaging/translations.py update")
                continue
            fresh = ts_file(lang, Path(tmp))
            shutil.copy(committed, fresh)
            lupdate(fresh, lang)
            if fresh.read_bytes() != committed.read_bytes():
                problems.append(f"{committed.relative_to(ROOT)} is out of date with the code: "
                                "python packaging/translations.py update, then translate the new texts")
            problems += [f"{committed.name}: {p}" for p in untranslated(fresh)]
            qm = Path(tmp) / f"tresen_{lang}.qm"
            lrelease(committed, qm)
            shipped = committed.with_suffix(".qm")
            if not shipped.exists() or shipped.read_bytes() != qm.read_bytes():
                problems.append(f"{shipped.relative_to(ROOT)} is not the compiled {committed.name}: "
                                "python packaging/translations.py update")
    return problems


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command == "update":
        update()
    elif command == "check":
        found = check()
        print("\n".join(found) or "translations complete")
        sys.exit(1 if found else 0)
    else:
        sys.exit(__doc__)
