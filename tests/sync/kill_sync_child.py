"""Child process for test_kill: syncs a register and dies with SIGKILL at a chosen moment.

  push: as the backend's answer to the first push arrives (the batch is applied, the answer never stored)
  pull: in the middle of applying the second page of changes

Usage: python -m tests.sync.kill_sync_child REPLICA BACKEND_URL push|pull   (token in TRESEN_TEST_TOKEN)
"""

import os
import signal
import sys

from sqlalchemy import event

from app.store.db import make_engine
from sync.client.engine import SyncEngine
from sync.client.http import BackendClient
from tests.sync.faults import FaultTransport


def main() -> None:
    path, url, mode = sys.argv[1:4]
    token = os.environ["TRESEN_TEST_TOKEN"]
    replica = make_engine(path)
    if mode == "push":
        client = BackendClient(url, token=lambda: token, transport=FaultTransport(["kill"]))
        SyncEngine(replica, client).push_pending()
    else:
        product_pages = [0]

        def maybe_die(_conn, _cursor, statement, *_args):
            if statement.startswith("INSERT INTO product "):
                product_pages[0] += 1
                if product_pages[0] == 2:
                    os.kill(os.getpid(), signal.SIGKILL)

        event.listen(replica, "before_cursor_execute", maybe_die)
        client = BackendClient(url, token=lambda: token)
        SyncEngine(replica, client, page_size=20).pull_all()
    print("finished without being killed", flush=True)


if __name__ == "__main__":
    main()
