"""``build.py path A B``: explain how two nodes of the graph connect."""

from __future__ import annotations

from csckg.cli.options import add_built_graph_options, store_choice
from csckg.errors import CsckgError


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "path",
        help="explain how two nodes connect: the shortest chain of links between them",
        description="Find the shortest chain of links between two nodes (labels, parts of labels, IRIs "
                    "or prefixed names) in the drawn graph, leaving source documents out, and print each "
                    "link with the way it reads.",
        epilog="example: python3 build.py path Leeds 'Signs of Safety'",
    )
    parser.add_argument("start", metavar="A", help="a label, part of one, an IRI or a prefixed name")
    parser.add_argument("end", metavar="B", help="a label, part of one, an IRI or a prefixed name")
    add_built_graph_options(parser)
    parser.set_defaults(func=run)


def run(args) -> int:
    import networkx as nx

    from .. import analysis
    from ..graphs import load_view

    view, _ = load_view(store_choice(args))
    try:
        steps = analysis.path(view, args.start, args.end)
    except nx.NetworkXNoPath:
        raise CsckgError(f"{args.start!r} and {args.end!r} are not connected (source documents left out)")
    print(f"{len(steps) - 1} link(s):")
    print(analysis.explain(steps))
    return 0
