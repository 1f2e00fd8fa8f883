"""Use cases. Each runs as one transaction that also writes its outbox rows,
and returns a `Changes` object telling the views what to refresh."""
