"""``build.py query``: run a named query, a query file or a query text, on the local graph or a server."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..query.formats import GRAPH_FORMATS, SELECT_FORMATS, printed
from ..query.library import get_named_query
from ..query.params import parse_assignments
from ..query.run import query_from_file, query_from_text, run_query
from ..store.errors import QueryError
from ..store.open import open_store
from ..store.protocol import parse_local
from .options import add_store_options, store_choice

EXAMPLES = """examples:
  python3 build.py query projects-by-model --param model=FGC
  python3 build.py query cost-savings --format csv > savings.csv
  python3 build.py query --file my-question.rq --param authority=Leeds
  python3 build.py query -e 'SELECT ?p WHERE { ?p a csc:Project }'
  python3 build.py query projects-by-model --param model=SoS --endpoint http://127.0.0.1:7878/query
"""


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "query", help="run a named query, a .rq file, or a query text",
        description="Run SPARQL against the built graph (or a SPARQL server with --endpoint). "
                    "Parameters are bound as RDF terms, never pasted into the query text.",
        epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("name", nargs="?", help="a named query (see 'build.py queries')")
    parser.add_argument("--file", "-f", type=Path, help="run the query in this .rq file")
    parser.add_argument("-e", "--execute", metavar="SPARQL", help="run this query text (project prefixes are declared for you)")
    parser.add_argument("--param", "-p", action="append", default=[], metavar="KEY=VALUE",
                        help="a parameter value; repeat for several")
    parser.add_argument("--format", choices=SELECT_FORMATS + GRAPH_FORMATS, default="table",
                        help="output format (default: table; CONSTRUCT results are Turtle)")
    parser.add_argument("--iris", action="store_true", help="show IRIs instead of labels")
    add_store_options(parser)
    parser.set_defaults(func=run)


def run(args) -> int:
    chosen = [x for x in (args.name, args.file, args.execute) if x]
    if len(chosen) != 1:
        raise QueryError("give exactly one of: a query name, --file F.rq, or -e 'SPARQL'")
    if args.name:
        query = get_named_query(args.name)
    elif args.file:
        query = query_from_file(args.file)
    else:
        query = query_from_text(args.execute)
    parse_local(query.text, str(query.path), query.prologue_lines)  # fail fast, before any build
    store = open_store(store_choice(args))
    result = run_query(store, query, parse_assignments(args.param), args.timeout)
    sys.stdout.write(printed(store, result, args.format, args.iris))
    return 0
