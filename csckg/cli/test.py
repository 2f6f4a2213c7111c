"""``build.py test``: run the test suite (pytest) in the project's environment."""

from __future__ import annotations

import subprocess
import sys

from .. import paths


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "test",
        help="run the tests (pytest); extra arguments go to pytest",
        description="Run the project's tests with pytest (the whole suite, as CI does), first installing "
                    "Debian's chromium and virtuoso-opensource with apt-get where they are missing. --quick "
                    "leaves out the tests marked browser, server and slow, and so needs neither. Other "
                    "arguments after 'test' are passed on to pytest.",
        epilog="example: python3 build.py test --quick -k family_group",
    )
    parser.add_argument("--quick", action="store_true",
                        help=f"leave out the tests marked browser, server or slow (-m '{QUICK}')")
    parser.set_defaults(func=run, accepts_extra=True)


#: The pytest marker expression --quick runs (markers registered in pyproject.toml).
QUICK = "not browser and not server and not slow"


def run(args) -> int:
    from .chromium import ensure_chromium
    from .virtuoso import ensure_virtuoso

    marks = ["-m", QUICK] if args.quick else []
    if not args.quick:
        ensure_chromium()  # the map's browser tests need Debian's chromium
        ensure_virtuoso()  # the second SPARQL server the store tests push to and query
    command = [sys.executable, "-m", "pytest", *marks, *getattr(args, "extra", [])]
    return subprocess.call(command, cwd=paths.ROOT)
