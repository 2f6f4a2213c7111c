"""Option groups that several subcommands share, defined once."""

from __future__ import annotations

from pathlib import Path

from .. import paths
from ..build.pipeline import add_reasoner_option
from ..store.open import add_store_option, add_store_options


def add_data_options(parser) -> None:
    """For commands that build from the curated data: --data, --reasoner, --store."""
    parser.add_argument("--data", type=Path, default=paths.DATA_DIR,
                        help="the folder of curated Turtle data (default: graph/data/)")
    add_reasoner_option(parser)
    add_store_option(parser)


def add_built_graph_options(parser) -> None:
    """For commands that read the built graph: --built, and the store options."""
    parser.add_argument("--built", type=Path, default=paths.OUT_DIR,
                        help="the built out/ folder to read (built first if empty; default: out/)")
    add_store_options(parser)
