"""``build.py``'s argument parser: git-style subcommands, ``build`` when none is given.

Each subcommand lives in its own module under csckg/commands/ and exposes
``register(subparsers)``, which adds its parser and sets ``func`` to the function that runs
it. Errors the user can fix (CsckgError) are printed as a message with a non-zero exit.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

from .errors import CsckgError
from .query.deadline import abandoned

#: The subcommands, in the order ``--help`` lists them.
COMMANDS = ["build", "validate", "queries", "query", "serve", "push", "map", "stats", "path", "link", "test"]


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="build.py",
        description="Build, check, query and draw the Children's Social Care Knowledge Graph.",
        epilog="Run 'build.py COMMAND --help' for a command's options and an example.",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        importlib.import_module(f"csckg.commands.{name}").register(subparsers)
    return parser


def main(argv: list[str]) -> int:
    parser = make_parser()
    if not argv or argv[0].startswith("-") and argv[0] not in ("-h", "--help"):
        argv = ["build", *argv]
    args, extra = parser.parse_known_args(argv)
    if extra and not getattr(args, "accepts_extra", False):
        parser.error(f"unrecognised arguments: {' '.join(extra)}")
    if extra:
        args.extra = extra
    try:
        return args.func(args) or 0
    except CsckgError as error:
        print(f"error: {error}", file=sys.stderr)
        if abandoned():  # a query still runs in a thread that cannot be stopped: leave without it
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(error.exit_code)
        return error.exit_code
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
