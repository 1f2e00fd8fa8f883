"""`python -m app`: start the register (the demo store when nothing is configured)."""

import sys


def main() -> int:
    from app.ui.app import main as run  # Qt is loaded only here, never by the core

    return run()


if __name__ == "__main__":
    sys.exit(main())
