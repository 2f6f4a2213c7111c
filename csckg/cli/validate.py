"""``build.py validate``: the build's checks without writing anything."""

from __future__ import annotations


from ..build.pipeline import BuildReport, check
from ..store.disk import open_store_dir, read_marker
from ..store.open import oxigraph_path
from ..validate.problems import validate
from .options import add_data_options


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "validate",
        help="check the data (syntax, reasoning clashes, SHACL, check queries); write nothing",
        description="Run the build's loading, reasoning and validation and report every problem, "
                    "without touching out/. With --store oxigraph:PATH, validate the graph in that store.",
        epilog="example: python3 build.py validate --data graph/data",
    )
    add_data_options(parser)
    parser.set_defaults(func=run)


def run(args) -> int:
    path = oxigraph_path(args.store)
    if path is not None:
        validate(open_store_dir(path), args.data)
        print(f"valid: the {read_marker(path)['triples']} triples of the store {path}: "
              "SHACL shapes and check queries passed")
        return 0
    report = BuildReport()
    check(args.data, report, args.reasoner)
    print(f"valid: {report.asserted_triples} asserted and {report.inferred_triples} inferred triples, "
          f"{report.validation}")
    return 0
