"""A process killed at any moment of a signed checkout leaves the whole sale or nothing of it, and after the
restart the sale is recorded exactly once with one TSE signature that verifies."""

import shutil
import signal
import subprocess
import sys
from pathlib import Path

from sqlmodel import Session

from app.payment.simulator import TerminalSimulator
from app.services.auth import AssociateSession, Role
from app.services.checkout import finish_interrupted
from app.services.context import RegisterContext
from app.services.receipts import load_receipt
from app.services.sale_session import SaleSession
from app.store.db import make_engine
from app.tse.simulator import TseSimulator
from tests.conftest import gtin_of
from tests.tse.qr_verifier import verify_qr

ROOT = Path(__file__).resolve().parents[2]


def run_child(path: Path, tse_path: Path, kill_at: int) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tests.services.kill_checkout_child", str(path), str(tse_path),
                           str(kill_at)], cwd=ROOT, capture_output=True, text=True, timeout=60)


def snapshot(path: Path) -> dict:
    engine = make_engine(path)
    try:
        with Session(engine) as s:
            c = s.connection()
            q = lambda sql: c.exec_driver_sql(sql).scalar_one()  # noqa: E731
            return {
                "integrity": c.exec_driver_sql("PRAGMA integrity_check").scalar_one(),
                "sales": q("SELECT count(*) FROM sale"),
                "lines": q("SELECT count(*) FROM saleline"),
                "tenders": q("SELECT count(*) FROM saletender"),
                "movements": q("SELECT count(*) FROM stockmovement"),
                "sale_ops": q("SELECT count(*) FROM outboxentry WHERE op = 'sale.completed'"),
                "sale_entries": q("SELECT count(*) FROM fiscalevent WHERE kind = 'sale'"),
                "open_carts": q("SELECT count(*) FROM cart WHERE status = 'open'"),
                "receipt_counter": q("SELECT coalesce(max(value), 0) FROM counter WHERE name = 'receipt_no'"),
                "signed": q("SELECT count(*) FROM tsetransaction WHERE state = 'finished'"),
            }
    finally:
        engine.dispose()


NOTHING = {"integrity": "ok", "sales": 0, "lines": 0, "tenders": 0, "movements": 0, "sale_ops": 0,
           "sale_entries": 0, "open_carts": 1, "receipt_counter": 0, "signed": 0}
WHOLE = {"integrity": "ok", "sales": 1, "lines": 3, "tenders": 2, "movements": 3, "sale_ops": 1,
         "sale_entries": 1, "open_carts": 0, "receipt_counter": 1, "signed": 1}


def restart(path: Path, tse_path: Path) -> tuple[dict, str, list[int]]:
    """Start the register again as the app does: the TSE made ready, interrupted sales finished. Returns the
    state, the sale's QR, and the signature counters of the device's FinishTransaction logs."""
    engine, tse = make_engine(path), TseSimulator(tse_path)
    try:
        ctx = RegisterContext.load(engine, terminal=TerminalSimulator(), tse=tse)
        assert ctx.signing.ensure_ready()
        finish_interrupted(ctx)
        session = SaleSession(ctx, AssociateSession(1, "Lena Schmidt", Role.ASSOCIATE))
        if session.cart.lines:  # killed before the finish was prepared: the paid cart waits for the associate
            session.complete()
        assert not tse.open_transactions(), "nothing is left open on the device"
        with Session(engine) as s:
            sale_id = s.connection().exec_driver_sql("SELECT id FROM sale").scalar()
        qr = load_receipt(ctx, sale_id=sale_id).fiscal.qr if sale_id else ""
        finishes = [name for name in _log_names(tse) if "Finish" in name]
    finally:
        engine.dispose()
        tse.close()
    return snapshot(path), qr, finishes


def copies(tmp_path: Path, replica_path: Path, name: str) -> tuple[Path, Path]:
    """A copy of the replica and of the TSE's file (tmp_path/tse.sqlite3), as a crashed PC leaves them."""
    path, device = tmp_path / f"{name}.sqlite3", tmp_path / f"{name}-tse.sqlite3"
    shutil.copy(replica_path, path)
    shutil.copy(tmp_path / "tse.sqlite3", device)
    return path, device


def _log_names(tse: TseSimulator) -> list[str]:
    import io
    import tarfile

    with tarfile.open(fileobj=io.BytesIO(tse.export_logs())) as tar:
        return tar.getnames()


def test_kill_at_every_step_of_a_signed_checkout(ctx, associate, engine, replica_path, tse_device, tmp_path):
    sale = SaleSession(ctx, associate)
    for pid in (2, 3, 3, 6):
        sale.scan(gtin_of(engine, pid))
    assert sale.pay_card(200) == "approved"
    sale.pay_cash(sale.remaining_cents + 1000)
    ctx.signing.drain()  # the transaction started (signing thread) before the files are copied
    engine.dispose()
    tse_device.close()

    dry, dry_tse = copies(tmp_path, replica_path, "dry")
    done = run_child(dry, dry_tse, 0)
    assert done.returncode == 0, done.stderr
    steps, commit_step, after_finish = map(int, done.stdout.split())
    assert snapshot(dry) == WHOLE
    assert 0 < after_finish < commit_step  # the TSE finishes before the sale's transaction begins

    outcomes = set()
    for kill_at in [-1, *range(1, steps + 1)]:
        path, device = copies(tmp_path, replica_path, f"kill{kill_at}")
        proc = run_child(path, device, kill_at)
        assert proc.returncode in (-signal.SIGKILL, 70), (kill_at, proc.returncode, proc.stderr)
        state = snapshot(path)
        # Killed up to and including the commit call: no sale. After it: the whole sale.
        assert state == (NOTHING if kill_at <= commit_step else WHOLE), (kill_at, state)
        outcomes.add(state["sales"])
        after, qr, finishes = restart(path, device)
        assert after == WHOLE, (kill_at, after)
        assert verify_qr(qr), kill_at
        assert len(finishes) == 1, (kill_at, finishes)  # signed once, whether killed before or after the TSE
    assert outcomes == {0, 1}


def test_kill_at_every_step_of_a_void(ctx, associate, engine, replica_path, tse_device, tmp_path):
    """Killed anywhere in a void: after the restart no transaction is left open on the device, and every one
    the device ended is in the journal (the void's entry, or a `tse_transaction_ended` one); the cart, if it
    is still there, is sold with a new signature."""
    sale = SaleSession(ctx, associate)
    sale.scan(gtin_of(engine, 2))
    ctx.signing.drain()
    engine.dispose()
    tse_device.close()

    dry, dry_tse = copies(tmp_path, replica_path, "dry")
    done = subprocess.run([sys.executable, "-m", "tests.services.kill_checkout_child", str(dry), str(dry_tse), "0",
                           "void"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    steps, _commit, after_cancel = map(int, done.stdout.split())
    assert after_cancel > 0
    for kill_at in range(1, steps + 1):
        path, device = copies(tmp_path, replica_path, f"void{kill_at}")
        proc = subprocess.run([sys.executable, "-m", "tests.services.kill_checkout_child", str(path), str(device),
                               str(kill_at), "void"], cwd=ROOT, capture_output=True, text=True, timeout=60)
        assert proc.returncode == -signal.SIGKILL, (kill_at, proc.returncode, proc.stderr)
        engine2, tse = make_engine(path), TseSimulator(device)
        try:
            ctx2 = RegisterContext.load(engine2, terminal=TerminalSimulator(), tse=tse)
            assert ctx2.signing.ensure_ready()
            session = SaleSession(ctx2, AssociateSession(1, "Lena Schmidt", Role.ASSOCIATE))
            if session.cart.lines:  # the void did not happen: the cart is sold, signed anew
                session.pay_cash(session.remaining_cents)
                assert verify_qr(session.complete().fiscal.qr), kill_at
            assert tse.open_transactions() == [], kill_at
            with engine2.connect() as c:
                kinds = [k for (k,) in c.exec_driver_sql("SELECT kind FROM fiscalevent")]
            cancelled = sum("Finish" in n for n in _log_names(tse)) - kinds.count("sale")
            assert cancelled == kinds.count("void") + kinds.count("tse_transaction_ended"), (kill_at, kinds)
        finally:
            engine2.dispose()
            tse.close()
