"""The demo chain: what the Quick start shows before a chain has configured anything.

`history.py` replays the demo stores' last days through the real register services and the real sync.
"""

#: Days of history the demo stores get (the demo app's first start, `python -m sync.server --seed-demo`).
HISTORY_DAYS = 30
