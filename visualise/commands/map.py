"""``build.py map``: draw the network map (or part of it) as one offline HTML file."""

from __future__ import annotations

import argparse
from pathlib import Path

from csckg.cli.options import add_built_graph_options, store_choice

KIND_HELP = "project, authority, organisation, model, element, evaluation, finding, recommendation, source"


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "map",
        help="draw the network map as one HTML file that opens offline",
        description="Draw the graph (asserted facts plus chosen inferences) as an interactive network "
                    "map: colour and shape by kind, size by centrality, search, filters, tooltips with "
                    "each node's facts and sources, and PNG and SVG export. Every build writes "
                    "out/map.html (the whole graph) and out/gaps.html (the evidence gap map); this "
                    "command writes a file of its own (out/map-<what it draws>.html, or --out), and "
                    "replaces out/map.html only when given --replace.\n\n"
                    f"Kinds (for --kinds): {KIND_HELP}.\n"
                    "Projections: authorities-by-model (authorities linked by the models their projects "
                    "share), models-by-project (models linked by the projects that combine them).",
        epilog="example: python3 build.py map --focus 'Leeds Family Valued' --depth 2   # out/map-leeds-family-valued-2.html\n"
               "         python3 build.py map --focus FGC --depth 2 --through source --out /tmp/fgc.html\n"
               "         python3 build.py map --kinds project,model,authority\n"
               "         python3 build.py map --projection authorities-by-model",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--focus", metavar="LABEL_OR_IRI",
                        help="draw only this node's neighbourhood (a label, part of one, an IRI or a prefixed name)")
    parser.add_argument("--depth", type=int, default=1, help="how many links out from --focus (default: 1)")
    parser.add_argument("--through", metavar="KIND,KIND",
                        help="let --focus go on through these kinds too: source, model, element (by default a "
                             "neighbourhood stops at source documents and practice models and elements, which "
                             "link to much of the graph)")
    parser.add_argument("--kinds", metavar="KIND,KIND", help=f"draw only these kinds: {KIND_HELP}")
    parser.add_argument("--projection", choices=["authorities-by-model", "models-by-project"],
                        help="draw a projection instead of the graph")
    parser.add_argument("--size-by", choices=["degree", "betweenness"], default="degree",
                        help="what node size shows (default: degree centrality)")
    parser.add_argument("--gaps", action="store_true", help="write the evidence gap map instead")
    parser.add_argument("--out", type=Path,
                        help="the HTML file to write (default: out/map-<what it draws>.html, or out/gaps.html)")
    parser.add_argument("--replace", action="store_true",
                        help="write out/map.html, the page every build writes, instead of a file of its own")
    add_built_graph_options(parser)
    parser.set_defaults(func=run)


def run(args) -> int:
    from ..gaps import write_gaps
    from ..graphs import load_view
    from ..network_map import write_map
    from ..select import HUBS, neighbourhood, only_kinds, page_name, parse_kinds, projection

    kinds = parse_kinds(args.kinds) if args.kinds else None
    through = tuple(parse_kinds(args.through, HUBS)) if args.through else ()
    view, reasoned = load_view(store_choice(args), args.focus, args.depth, whole_graph=bool(args.projection),
                               through=through)
    if args.gaps:
        out = write_gaps(reasoned, args.out or args.built / "gaps.html")
        print(f"evidence gap map written to {out}")
        return 0
    title = "Children's social care innovation: network map"
    parts = []
    if args.projection:
        view = projection(view, args.projection)
        title += f" ({args.projection})"
        parts.append(args.projection)
    if kinds:
        view = only_kinds(view, kinds)
        title += f" ({', '.join(kinds)})"
        parts += kinds
    if args.focus:
        view = neighbourhood(view, args.focus, args.depth, through)
        label = view.nodes[view.graph["focus"]]["label"]
        title += f" (around {label}, depth {args.depth}{', through ' + ', '.join(through) if through else ''})"
        parts += [label, str(args.depth), *(f"through-{kind}" for kind in through)]
    default = args.built / ("map.html" if args.replace else page_name(parts))
    out = write_map(view, args.out or default, title=title, size_by=args.size_by)
    print(f"{view.number_of_nodes()} nodes and {view.number_of_edges()} links drawn to {out}")
    return 0
