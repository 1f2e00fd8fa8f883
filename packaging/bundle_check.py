"""`tresen --bundle-check`: are the parts of a built bundle there that starting the register does not touch?

Starting the register (`--startup-probe`) shows that the app, its replica's migrations, the stylesheet and Qt's
platform plugin are in the bundle. Much of the rest is loaded only later, by paths or names PyInstaller cannot see
(Alembic's scripts, python-escpos' printer database, python-barcode's font, the keyring's backends, the DSFinV-K
spec, Qt's translations, uvicorn's protocols). Each is used here once, the way the app uses it; a line per check,
`ok` or `FAIL`, exit status 0 when nothing failed. Runs in the source tree too (`python packaging/bundle_check.py`),
where every check must pass as well.
"""

from __future__ import annotations

import io
import os
import sys
import tempfile
import traceback
from pathlib import Path
from typing import Callable

EAN = "4200000000024"  # the demo's first product (README, "Things to try")


def resources() -> str:
    from app.ui.app import STYLE
    from app.ui.feedback import SOUNDS

    missing = [str(p) for p in (STYLE, *(SOUNDS / f"{n}.wav" for n in ("scan_ok", "scan_error", "notification")))
               if not p.is_file()]
    if missing:
        raise FileNotFoundError(", ".join(missing))
    qm = sorted(p.name for p in (STYLE.parents[1] / "i18n").glob("*.qm"))
    return f"{STYLE.parents[1]} (i18n: {', '.join(qm) or 'no .qm files'})"


def replica_migrations() -> str:
    from alembic.script import ScriptDirectory
    from app.store.db import open_replica

    with tempfile.TemporaryDirectory() as tmp:
        engine = open_replica(Path(tmp) / "replica.sqlite3")
        with engine.connect() as c:
            version = c.exec_driver_sql("SELECT version_num FROM alembic_version").scalar_one()
        engine.dispose()
    from app.store.db import MIGRATIONS_DIR

    head = ScriptDirectory(str(MIGRATIONS_DIR)).get_current_head()
    if version != head:
        raise RuntimeError(f"replica at {version}, head is {head}")
    return f"a new replica migrated to {head}"


def backend_migrations() -> str:
    from alembic.script import ScriptDirectory
    from sync.server.db import MIGRATIONS_DIR, create_schema, make_engine

    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{Path(tmp) / 'backend.sqlite3'}")
        create_schema(engine)
        with engine.connect() as c:
            version = c.exec_driver_sql("SELECT version_num FROM alembic_version").scalar_one()
        engine.dispose()
    head = ScriptDirectory(str(MIGRATIONS_DIR)).get_current_head()
    if version != head:
        raise RuntimeError(f"backend database at {version}, head is {head}")
    return f"the demo backend's database migrated to {head}"


def embedded_backend() -> str:
    import uvicorn

    from sync.server.app import create_app
    from sync.server.db import make_engine

    config = uvicorn.Config(create_app(make_engine("sqlite://")), host="127.0.0.1", port=0, log_level="warning")
    config.load()  # resolves the "auto" loop, HTTP and WebSocket protocols and the lifespan by import
    return f"uvicorn {uvicorn.__version__}: {config.http_protocol_class.__name__}"


def qt() -> str:
    from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator

    translations = QLibraryInfo.path(QLibraryInfo.TranslationsPath)
    plugins = Path(QLibraryInfo.path(QLibraryInfo.PluginsPath))
    loaded = []
    for locale in (QLocale(QLocale.German, QLocale.Germany), QLocale(QLocale.English, QLocale.UnitedKingdom)):
        for name in ("qtbase", "qt"):  # what app/ui/i18n.py (install_language) loads
            if not QTranslator().load(locale, name, "_", translations):
                raise FileNotFoundError(f"{name} for {locale.name()} in {translations}")
            loaded.append(f"{name}_{locale.name()[:2]}")
    wanted = {"win32": ["qwindows", "qoffscreen"], "darwin": ["qcocoa", "qoffscreen"]}.get(
        sys.platform, ["qxcb", "qoffscreen", "qwayland"])
    found = {p.stem.removeprefix("lib") for p in (plugins / "platforms").iterdir()}
    missing = [w for w in wanted if not any(f.startswith(w) for f in found)]
    if missing:
        raise FileNotFoundError(f"platform plugins {missing} not in {plugins / 'platforms'} ({sorted(found)})")
    images = sorted(p.stem.removeprefix("lib") for p in (plugins / "imageformats").iterdir())
    from PySide6.QtCharts import QChart  # noqa: F401  (the manager's figures)

    try:
        from PySide6.QtMultimedia import QSoundEffect  # noqa: F401  (scan sounds)
        sound = "QtMultimedia loads"
    except ModuleNotFoundError:  # not in the bundle
        raise
    except ImportError as exc:  # in the bundle, but a system library is missing: the app rings the bell instead
        sound = f"QtMultimedia is there, but this system lacks a library for it ({exc}): the bell instead of sounds"
    return f"{', '.join(loaded)} from {translations}; platforms {sorted(found)}; imageformats {images}; {sound}"


def printing() -> str:
    from escpos.printer import File

    from app.printing.escpos_receipt import print_lines

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "printer.bin"
        printer = File(str(out), profile="TM-T88V")  # python-escpos' printer database (capabilities.json)
        print_lines(printer, ["Tresen", "Größe: 1 × Brötchen   0,35 €"])
        size = out.stat().st_size
    if size < 20:
        raise RuntimeError(f"only {size} bytes printed")
    return f"{size} bytes of ESC/POS for a TM-T88V"


def labels_and_codes() -> str:
    import segno

    from app.printing import shelf_labels

    if not shelf_labels._BUNDLED.is_file():  # python-barcode's font: the fallback where the system has no DejaVu
        raise FileNotFoundError(shelf_labels._BUNDLED)
    shelf_labels.ImageFont.truetype(str(shelf_labels._BUNDLED), 12)
    image = shelf_labels.ean13_image(EAN, height_px=120)
    qr = io.BytesIO()
    segno.make("V0;bundle-check", error="m").save(qr, kind="png", scale=4)
    return f"EAN-13 {image.width}x{image.height} px, QR {len(qr.getvalue())} bytes of PNG"


def camera_decoding() -> str:
    import numpy as np
    from PIL import Image

    from app.printing.shelf_labels import ean13_image
    from app.scanning.decode import decode, zbar_available

    gray = ean13_image(EAN, height_px=160)
    frame = Image.new("L", (gray.width + 80, gray.height + 80), 255)
    frame.paste(gray, (40, 40))
    rgb = np.asarray(frame.convert("RGB"))[:, :, ::-1].copy()  # BGR, as OpenCV's frames
    found = [r.text for r in decode(rgb, budget_ms=2000)]
    if EAN not in found:
        raise RuntimeError(f"{EAN} not read back ({found})")
    import cv2

    return f"{EAN} read back (OpenCV {cv2.__version__}; libzbar {'found' if zbar_available() else 'not found'})"


def keyring_backends() -> str:
    import keyring
    from keyring.backend import get_all_keyring

    module = {"win32": "keyring.backends.Windows", "darwin": "keyring.backends.macOS"}.get(
        sys.platform, "keyring.backends.SecretService")
    __import__(module)
    if sys.platform.startswith("linux"):
        import secretstorage  # noqa: F401  (the Secret Service backend's library; viable once D-Bus answers)
    def name(backend) -> str:
        return f"{type(backend).__module__}.{type(backend).__name__}"

    viable = sorted(name(k) for k in get_all_keyring())
    return f"{module} is there; in use here: {name(keyring.get_keyring())} (viable here: {', '.join(viable)})"


def tls_and_time() -> str:
    from zoneinfo import ZoneInfo

    import certifi
    import httpx  # noqa: F401

    if not Path(certifi.where()).is_file():
        raise FileNotFoundError(certifi.where())
    ZoneInfo("Europe/Berlin")
    return f"CA bundle {certifi.where()}; Europe/Berlin known"


def fiscal() -> str:
    from cryptography.hazmat.primitives.asymmetric import ec

    from sync.dsfinvk.spec import spec_path

    missing = [n for n in ("index.xml", "gdpdu-01-09-2004.dtd") if not spec_path(n).is_file()]
    if missing:
        raise FileNotFoundError(f"DSFinV-K spec files {missing}")
    ec.generate_private_key(ec.SECP384R1())  # what the TSE simulator signs with
    return "DSFinV-K index.xml and DTD; ECDSA P-384 keys"


def usb() -> str:
    import usb.backend.libusb1
    import usb.core  # noqa: F401

    found = usb.backend.libusb1.get_backend() is not None
    return f"pyusb is there; the system's libusb-1.0 {'found' if found else 'not found (USB printers need it)'}"


CHECKS: list[tuple[str, Callable[[], str]]] = [
    ("resources", resources), ("replica migrations", replica_migrations),
    ("backend migrations", backend_migrations), ("embedded backend", embedded_backend), ("qt", qt),
    ("printing", printing), ("labels and codes", labels_and_codes), ("camera decoding", camera_decoding),
    ("keyring", keyring_backends), ("tls and time zone", tls_and_time), ("fiscal", fiscal), ("usb", usb),
]


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    frozen = getattr(sys, "frozen", False)
    print(f"bundle check: {'bundle at ' + sys._MEIPASS if frozen else 'source tree'}; Python {sys.version.split()[0]}")
    failed = 0
    for name, check in CHECKS:
        try:
            print(f"ok    {name}: {check()}", flush=True)
        except Exception as exc:  # every check runs; each failure is named with its cause
            failed += 1
            print(f"FAIL  {name}: {type(exc).__name__}: {exc}", flush=True)
            traceback.print_exc(file=sys.stderr)
    print(f"bundle check: {len(CHECKS) - failed} of {len(CHECKS)} ok", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repository, for a run from source
    sys.exit(main(sys.argv[1:]))
