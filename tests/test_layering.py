"""Only app/ui/ may import PySide6: the core, store, services and sync run without Qt."""

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_no_qt_outside_ui():
    offenders = []
    for package in ("app", "sync"):
        for path in (ROOT / package).rglob("*.py"):
            if (ROOT / "app" / "ui") in path.parents:
                continue
            if "PySide6" in _imports(path) or "shiboken6" in _imports(path):
                offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


def test_services_import_without_qt():
    code = ("import sys, app.services.sale_session, app.services.catalog, app.store.demo_data, "
            "app.scanning, app.printing.escpos_receipt; "
            "assert not any(m.startswith('PySide6') for m in sys.modules), 'Qt was imported'")
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)
