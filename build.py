#!/usr/bin/env python3
"""The command line of the Children's Social Care Knowledge Graph.

    python3 build.py              build the graph and everything in out/
    python3 build.py --help       every subcommand, each with its own --help and an example

The first run sets up .venv/ with the pinned dependencies (see csckg/bootstrap.py).
"""

import sys

from csckg.bootstrap import ensure_environment

if __name__ == "__main__":
    ensure_environment()
    from csckg.cli.main import main

    sys.exit(main(sys.argv[1:]))
