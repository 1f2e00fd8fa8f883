"""The bundle's entry point (packaging/tresen.spec): exactly `python -m app` (app/__main__.py), with one addition
for the bundle's own smoke test: `tresen --bundle-check` checks the parts of the bundle that starting the register
does not touch (printing, barcodes, camera decoding, the keyring's backends, the DSFinV-K spec, Qt's translations)
and exits 0 when all are there (packaging/bundle_check.py). Nothing else is changed: every other command line goes
to the app as it is.
"""

import sys


def run() -> int:
    if sys.argv[1:2] == ["--bundle-check"]:
        from bundle_check import main as check  # packaging/bundle_check.py, bundled beside this script

        return check(sys.argv[2:])
    from app.__main__ import main

    return main()


if __name__ == "__main__":
    sys.exit(run())
