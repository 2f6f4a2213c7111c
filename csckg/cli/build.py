"""``build.py build``: load, reason, validate and write out/."""

from __future__ import annotations

import argparse
from pathlib import Path

from .. import paths
from ..build.pipeline import build
from ..store.open import oxigraph_path
from .options import add_data_options


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "build",
        help="build the graph and write out/ (the default command)",
        description="Load the ontology and graph/data/, compute the OWL 2 RL closure, validate it "
                    "with the SHACL shapes and queries/checks/, and write out/. out/ is replaced only "
                    "when every stage succeeds.",
        epilog="example: python3 build.py build --out /tmp/csckg-out --store oxigraph:/tmp/csckg-store",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--out", type=Path, default=paths.OUT_DIR,
                        help="where to write the outputs (default: out/)")
    add_data_options(parser)
    parser.set_defaults(func=run)


def run(args) -> int:
    store = oxigraph_path(args.store)
    report = build(out_dir=args.out, data_dir=args.data, store=store, reasoner=args.reasoner)
    print(report.as_text())
    print(f"written to {args.out}" + (f" and the Oxigraph store {store}" if store else ""))
    return 0
