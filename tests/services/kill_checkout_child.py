"""Child process for test_checkout_kill: completes the open cart with the TSE simulator, killing itself
with SIGKILL just before the N-th SQL statement (or the commit) of the checkout on the replica, or (N = -1)
inside the TSE's own finish (the simulator's power loss).

Usage: python -m tests.services.kill_checkout_child REPLICA TSE N [void]   (N = 0: never kill; prints the
number of steps, which step is the last commit, and which step is the first one after the TSE finished).
With `void` the open cart is voided instead (the TSE cancels its transaction).
"""

import os
import signal
import sys

from sqlalchemy import event

from app.payment.simulator import TerminalSimulator
from app.services.auth import AssociateSession, Role
from app.services.context import RegisterContext
from app.services.sale_session import SaleSession
from app.store.db import make_engine
from app.tse.simulator import TseSimulator


def main() -> None:
    path, tse_path, kill_at = sys.argv[1], sys.argv[2], int(sys.argv[3])
    void = sys.argv[4:] == ["void"]
    engine = make_engine(path)
    tse = TseSimulator(tse_path)
    ctx = RegisterContext.load(engine, terminal=TerminalSimulator(), tse=tse)
    assert ctx.signing.ensure_ready(), "the TSE is there"
    session = SaleSession(ctx, AssociateSession(1, "Lena Schmidt", Role.ASSOCIATE))
    assert session.cart.lines, "the parent leaves an open, paid cart"
    steps, commits, after_finish = [0], [], [0]

    def step(*_args, **_kw):
        steps[0] += 1
        if steps[0] == kill_at:
            os.kill(os.getpid(), signal.SIGKILL)

    def commit(*args, **kw):
        step()
        commits.append(steps[0])

    finish = tse.finish_transaction  # (the simulator cancels by finishing as AVBelegabbruch)

    def finish_and_note(*args, **kw):
        answer = finish(*args, **kw)
        after_finish[0] = steps[0] + 1
        return answer

    tse.finish_transaction = finish_and_note
    if kill_at == -1:
        tse.power_loss_during_next_call()
    event.listen(engine, "before_cursor_execute", step)
    event.listen(engine, "commit", commit)
    session.void() if void else session.complete()
    print(steps[0], commits[-1], after_finish[0], flush=True)


if __name__ == "__main__":
    main()
