"""docs/cli.md, the command-line reference, made from every command's ``--help``.

Regenerate it after changing an option or a help text::

    .venv/bin/python -m csckg.cli.reference

tests/test_cli.py fails while docs/cli.md differs from what this writes.
"""

from __future__ import annotations

import argparse
import os
from contextlib import contextmanager
from typing import Iterator

from .. import paths
from .main import COMMANDS, make_parser

TARGET = paths.ROOT / "docs" / "cli.md"
WIDTH = "100"  # the help is wrapped at this many columns, whatever the terminal


@contextmanager
def _fixed_width() -> Iterator[None]:
    before = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = WIDTH
    try:
        yield
    finally:
        if before is None:
            del os.environ["COLUMNS"]
        else:
            os.environ["COLUMNS"] = before


def help_texts() -> dict[str, str]:
    """``build.py --help`` (under "") and each command's ``--help``, as argparse prints them."""
    with _fixed_width():
        parser = make_parser()
        commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
        return {"": parser.format_help(), **{name: commands.choices[name].format_help() for name in COMMANDS}}


def markdown() -> str:
    """The whole reference: the overview, then one section per command, in --help's order."""
    texts = help_texts()
    sections = ["# Command-line reference", "",
                "Generated from each command's `--help` by `.venv/bin/python -m csckg.cli.reference`; "
                "do not edit by hand (tests/test_cli.py fails when it is out of date). Installed with "
                "pip, the command is `csckg` instead of `python3 build.py`.", "",
                "```text", texts[""].rstrip(), "```"]
    for name in COMMANDS:
        sections += ["", f"## {name}", "", "```text", texts[name].rstrip(), "```"]
    return "\n".join(sections) + "\n"


if __name__ == "__main__":
    TARGET.write_text(markdown(), encoding="utf-8")
    print(f"written {TARGET}")
