"""Both ends of replication: wire-protocol models, the client engine and the central backend.

Not built yet (see the sync issue). What it will send is already written by the
client: every completed sale leaves an `OutboxEntry` with a client UUID and a
per-register sequence number, in the same transaction as the sale.
"""
