"""The command line explains itself: every command's --help has an example, and docs/cli.md,
made from those helps, is current."""

from __future__ import annotations

import re

from csckg.cli import reference


def test_every_subcommand_has_help_with_an_example():
    for command, text in reference.help_texts().items():
        if command:
            assert re.search(r"^examples?:", text, re.MULTILINE), command


def test_docs_cli_md_is_the_help_of_every_command_as_it_is_now():
    assert reference.TARGET.read_text(encoding="utf-8") == reference.markdown(), \
        "docs/cli.md is out of date: regenerate it with .venv/bin/python -m csckg.cli.reference"
