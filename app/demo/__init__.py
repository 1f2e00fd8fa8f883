"""The demo chain: what the Quick start shows before a chain has configured anything.

`replica.py` writes the demo store into a register's replica, `history.py` replays the demo stores' last days
through the real register services and the real sync, `backend.py` serves a backend seeded with both
(`python -m app.demo serve-backend`). The data itself is in sync/common/demo_data.py (the backend seeds from it).
"""

#: Days of history the demo stores get (the demo app's first start, `python -m app.demo serve-backend`).
HISTORY_DAYS = 30
