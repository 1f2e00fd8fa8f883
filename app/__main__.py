"""`python -m app`: start the register (`--demo`: the demo store); `python -m app enroll …`: set up this PC's
register against the chain's backend without a screen (app/enroll.py)."""

import sys


def main() -> int:
    if sys.argv[1:2] == ["enroll"]:
        from app.enroll import main as enroll  # no Qt for a scripted roll-out

        return enroll(sys.argv[2:])
    try:
        from app.ui.app import main as run  # Qt is loaded only here, never by the core
    except ImportError as exc:  # a server-only install (pip install '.[server]') has no register libraries
        print(f"Die Kasse braucht die Pakete des Registers ({exc.name} fehlt): pip install '.[register]'",
              file=sys.stderr)
        return 2
    return run()


if __name__ == "__main__":
    sys.exit(main())
