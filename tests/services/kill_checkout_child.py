"""Child process for test_checkout_kill: completes the open cart, killing itself
with SIGKILL just before the N-th SQL statement (or the commit) of the checkout.

Usage: python -m tests.services.kill_checkout_child REPLICA N   (N = 0: never kill; prints the
number of steps and which step is the commit)
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


def main() -> None:
    path, kill_at = sys.argv[1], int(sys.argv[2])
    engine = make_engine(path)
    session = SaleSession(RegisterContext.load(engine, terminal=TerminalSimulator()),
                          AssociateSession(1, "Lena Schmidt", Role.ASSOCIATE))
    assert session.cart.lines, "the parent leaves an open, paid cart"
    steps = [0]
    commit_step = [0]

    def step(*_args, **_kw):
        steps[0] += 1
        if steps[0] == kill_at:
            os.kill(os.getpid(), signal.SIGKILL)

    def commit(*args, **kw):
        step()
        commit_step[0] = commit_step[0] or steps[0]

    event.listen(engine, "before_cursor_execute", step)
    event.listen(engine, "commit", commit)
    session.complete()
    print(steps[0], commit_step[0], flush=True)


if __name__ == "__main__":
    main()
