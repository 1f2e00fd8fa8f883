"""What the register and the backend both use, and neither owns: the PIN hash format and rules, GTIN check
digits, the demo's generated data. Imports nothing from `app/` or `sync/server/` (tests/test_layering.py)."""
