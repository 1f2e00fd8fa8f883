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
    code = ("import sys, app.services.sale_session, app.services.catalog, app.demo.replica, "
            "app.scanning, app.printing.escpos_receipt; "
            "assert not any(m.startswith('PySide6') for m in sys.modules), 'Qt was imported'")
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)


def _modules(path: Path) -> set[str]:
    """Every module `path` imports (absolute imports, at any depth of the code)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def _importing(folders, forbidden: tuple[str, ...]) -> list[str]:
    offenders = []
    for folder in folders:
        for path in (ROOT / folder).rglob("*.py"):
            bad = {m for m in _modules(path) if any(m == f or m.startswith(f + ".") for f in forbidden)}
            if bad:
                offenders.append(f"{path.relative_to(ROOT)}: {', '.join(sorted(bad))}")
    return offenders


def test_the_register_never_imports_the_backend():
    """The register reaches the backend over the wire only; what both need (the DSFinV-K export) lives in a
    neutral package. Only the composition root (app/composition.py) and the demo (app/demo) may start an
    embedded backend; the sync client is handed the demo's backend, it never imports it."""
    folders = ("app/core", "app/store", "app/services", "app/payment", "app/printing", "app/scanning", "app/tse",
               "app/ui", "sync/client")
    assert _importing(folders, ("sync.server",)) == []
    assert sorted(p.name for p in (ROOT / "app").glob("*.py") if _importing_file(p, ("sync.server",))) == [
        "composition.py"]
    code = ("import sys, app.composition, sync.client.runtime; "
            "assert not any(m.startswith('sync.server') for m in sys.modules), 'the backend was imported'")
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)


def _importing_file(path: Path, forbidden: tuple[str, ...]) -> bool:
    return any(m == f or m.startswith(f + ".") for m in _modules(path) for f in forbidden)


def test_the_dsfinvk_export_is_neutral():
    """sync/dsfinvk is imported by the backend and by the register, so it imports neither (nor a database);
    the backend's side of it imports nothing of the register."""
    assert _importing(("sync/dsfinvk",), ("app", "sync.server", "sync.client", "sqlalchemy", "sqlmodel")) == []
    assert _importing(("sync/server/dsfinvk",), ("app",)) == []
    code = ("import sys, app.services.dsfinvk_export; "
            "assert not any(m.startswith('sync.server') for m in sys.modules), 'the backend was imported'")
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)


def test_the_common_package_is_neutral():
    """sync/common is used by the register and the backend, so it imports neither, nor the sync client."""
    assert _importing(("sync/common",), ("app", "sync.server", "sync.client", "PySide6")) == []


#: The register's own libraries: a server-only install (`pip install '.[server]'`) has none of them.
REGISTER_ONLY = ("app", "PySide6", "cv2", "zxingcpp", "pyzbar", "escpos")


def test_the_backend_never_imports_the_register():
    """The backend runs without the register's package and libraries: nothing under sync/server or sync/common
    imports `app`, and importing the backend's entry points loads none of the register's libraries."""
    assert _importing(("sync/server", "sync/common"), ("app",)) == []
    code = ("import sys, sync.server.app, sync.server.__main__, sync.server.admin, sync.server.seed, "
            "sync.server.embedded; "
            f"loaded = sorted({{m.split('.')[0] for m in sys.modules}} & set({REGISTER_ONLY!r})); "
            "assert not loaded, f'loaded by the backend: {loaded}'")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
