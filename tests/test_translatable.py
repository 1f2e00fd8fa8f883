"""Every German text the register shows can be translated: Qt's lupdate must see it.

lupdate reads `self.tr("…")` in the widgets and `translate("context", "…")` in Qt-free code
(sync/common/messages.py) only when their arguments are string literals and the parameters come after,
with `.format(…)`. A German literal anywhere else in what the associate reads would stay German in English.
tests/test_translations.py then checks that every text lupdate finds is translated.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
UI = ROOT / "app" / "ui"
QT_FREE = [ROOT / "app", ROOT / "sync" / "client", ROOT / "sync" / "common"]
GERMAN = re.compile(r"[äöüÄÖÜß]|\b(der|die|das|nicht|ist|kein|keine|ein|eine|und|mit|für|bitte|wird|wurde|noch|"
                    r"schon|von|bei|auf|im|den|dem|des|sind|hat|kann|muss|Kasse|Bon|Artikel)\b")
#: Never translated: printed or exported documents the law wants in German, the demo's data, and the command
#: lines for IT (a terminal, no Qt). Elsewhere a text that stays German says so where it is: `# stays German: why`
#: on its line or the line before.
STAYS_GERMAN = {"app/core/receipt.py", "app/core/day_report.py", "app/core/cash_book.py",
                "app/printing/shipping_label.py", "app/demo/history.py", "app/demo/backend.py",
                "sync/common/demo_data.py", "sync/common/demo_offers.py",
                "app/__main__.py", "app/enroll.py", "app/tse/__main__.py"}
MARKER = "stays German"
TRANSLATING_CALLS = {"tr", "translate", "QT_TRANSLATE_NOOP", "QT_TR_NOOP"}
LOGGING = {"debug", "info", "warning", "error", "exception", "critical", "log"}


def python_files(folder: Path):
    return [p for p in sorted(folder.rglob("*.py")) if "migrations" not in p.parts]


#: Where texts are translated at run time, from a variable: the messages of Qt-free code (app/ui/texts.py).
RUNTIME_LOOKUP = {"app/ui/texts.py"}


def name_of(call: ast.Call) -> str:
    """The translating function a call is to lupdate: `tr`, `self.tr`, `translate`, `QCoreApplication.translate`
    ("" for anything else, e.g. QPainter.translate)."""
    func = call.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
        if func.attr == "tr" and func.value.id == "self" or func.attr == "translate" and func.value.id in (
                "QCoreApplication", "QApplication"):
            return func.attr
        return func.attr if func.attr in LOGGING or func.attr in ("QT_TRANSLATE_NOOP", "QT_TR_NOOP") else ""
    return func.attr if isinstance(func, ast.Attribute) and func.attr in LOGGING else ""


def test_translate_and_tr_get_literals_lupdate_can_read():
    wrong = []
    for folder in QT_FREE:
        for path in python_files(folder):
            if str(path.relative_to(ROOT)) in RUNTIME_LOOKUP:
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if not isinstance(node, ast.Call) or name_of(node) not in ("tr", "translate"):
                    continue
                literals = 1 if name_of(node) == "tr" else 2
                args = node.args[:literals]
                if len(args) < literals or not all(isinstance(a, ast.Constant) and isinstance(a.value, str)
                                                   for a in args) or node.keywords:
                    wrong.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert wrong == [], "lupdate cannot read these (literals only; parameters with .format): " + ", ".join(wrong)


def _untranslated_literals(path: Path) -> list[str]:
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    tree = ast.parse(source)
    seen_ok: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                seen_ok.add(id(first.value))  # a docstring
        if isinstance(node, ast.Call) and (name_of(node) in TRANSLATING_CALLS or name_of(node) in LOGGING):
            for sub in ast.walk(node):
                if isinstance(sub, ast.Constant):
                    seen_ok.add(id(sub))
    return [f"{path.relative_to(ROOT)}:{node.lineno}: {node.value[:60]!r}" for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in seen_ok
            and GERMAN.search(node.value)
            and not any(MARKER in line for line in lines[max(node.lineno - 2, 0):node.end_lineno])]


def test_no_german_text_bypasses_translation():
    found = []
    for folder in QT_FREE:
        for path in python_files(folder):
            if str(path.relative_to(ROOT)) not in STAYS_GERMAN:
                found += _untranslated_literals(path)
    assert found == [], f"{len(found)} German texts lupdate cannot see:\n" + "\n".join(found)
