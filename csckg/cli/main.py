"""``build.py``'s argument parser: git-style subcommands, ``build`` when none is given.

Each subcommand lives in its own module (COMMANDS gives its module path) and exposes
``register(subparsers)``, which adds its parser and sets ``func`` to the function that runs
it. Errors the user can fix (CsckgError) are printed as a message with a non-zero exit.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

from .. import paths
from ..errors import CsckgError
from ..store.deadline import abandoned

#: The subcommands, in the order ``--help`` lists them, with the module that registers each. The
#: drawing commands live in visualise/, which depends on csckg, so they are found by module path.
COMMANDS = {
    "build": "csckg.cli.build", "validate": "csckg.cli.validate", "queries": "csckg.cli.queries",
    "query": "csckg.cli.query", "serve": "csckg.cli.serve", "push": "csckg.cli.push",
    "map": "visualise.commands.map", "stats": "visualise.commands.stats", "path": "visualise.commands.path",
    "link": "csckg.cli.link", "test": "csckg.cli.test",
}


def make_parser(prog: str = "build.py") -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=prog,
        description="Build, check, query and draw the Children's Social Care Knowledge Graph.",
        epilog=f"Run '{prog} COMMAND --help' for a command's options and an example.",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in COMMANDS.values():
        importlib.import_module(module).register(subparsers)
    return parser


def main(argv: list[str], prog: str = "build.py") -> int:
    parser = make_parser(prog)
    if not argv or argv[0].startswith("-") and argv[0] not in ("-h", "--help"):
        argv = ["build", *argv]
    args, extra = parser.parse_known_args(argv)
    if extra and not getattr(args, "accepts_extra", False):
        parser.error(f"unrecognised arguments: {' '.join(extra)}")
    if extra:
        args.extra = extra
    try:
        if not paths.ONTOLOGY_DIR.is_dir():
            raise CsckgError(f"{paths.ROOT} holds no ontology/: run {prog} in the project folder, the one "
                             f"holding ontology/, graph/ and queries/ (or set CSCKG_ROOT to it)")
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


def run() -> None:
    """The ``csckg`` command that ``pip install`` puts on the PATH: build.py's, without the bootstrap."""
    sys.exit(main(sys.argv[1:], prog="csckg"))
