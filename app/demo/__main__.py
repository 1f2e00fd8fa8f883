"""The demo's commands: python -m app.demo serve-backend [--seed-demo N] [--demo-history-days D] … (the central
backend with the demo chain and its history, app/demo/backend.py)."""

from __future__ import annotations

import argparse

from app.demo import backend


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(prog="python -m app.demo", description="Tresen – Demo")
    commands = p.add_subparsers(dest="command", required=True)
    serving = commands.add_parser(backend.COMMAND, help="the central backend, seeded with the demo chain and its "
                                                        "history (--seed-demo N), served as python -m sync.server")
    backend.add_arguments(serving)
    args = p.parse_args(argv)
    backend.main(serving, args)


if __name__ == "__main__":
    main()
