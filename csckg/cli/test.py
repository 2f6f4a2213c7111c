"""``build.py test``: run the test suite (pytest) in the project's environment."""

from __future__ import annotations

import subprocess
import sys

from .. import paths


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "test",
        help="run the tests (pytest); extra arguments go to pytest",
        description="Run the project's tests with pytest. Arguments after 'test' are passed on.",
        epilog="example: python3 build.py test -k family_group",
    )
    parser.set_defaults(func=run, accepts_extra=True)


def run(args) -> int:
    from .chromium import ensure_chromium

    ensure_chromium()  # the map's browser tests need Debian's chromium
    command = [sys.executable, "-m", "pytest", *getattr(args, "extra", [])]
    return subprocess.call(command, cwd=paths.ROOT)
