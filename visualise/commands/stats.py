"""``build.py stats``: network analysis of the graph, and export for Gephi."""

from __future__ import annotations

from pathlib import Path

from csckg.cli.options import add_built_graph_options, store_choice


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "stats",
        help="network analysis: counts by kind, central nodes, communities, shared models; GraphML/GEXF export",
        description="Analyse the drawn graph with networkx: how many nodes of each kind, the most central "
                    "nodes (betweenness), communities (Louvain, fixed seed), and the pairs of local "
                    "authorities whose projects share the most practice models. Source documents are left "
                    "out of centrality, communities and paths (they are cited by nearly everything). "
                    "--graphml and --gexf write the whole drawn graph for Gephi.",
        epilog="example: python3 build.py stats --top 5 --graphml out/csckg.graphml --gexf out/csckg.gexf",
    )
    parser.add_argument("--top", type=int, default=10, help="how many central nodes and authority pairs (default: 10)")
    parser.add_argument("--graphml", type=Path, metavar="FILE", help="also write the graph as GraphML")
    parser.add_argument("--gexf", type=Path, metavar="FILE", help="also write the graph as GEXF")
    add_built_graph_options(parser)
    parser.set_defaults(func=run)


def run(args) -> int:
    from .. import analysis
    from ..graphs import load_view

    view, _ = load_view(store_choice(args))
    core = analysis.analysis_view(view)
    print(f"{view.number_of_nodes()} nodes and {view.number_of_edges()} links")
    print("\nnodes by kind:")
    for kind, count in analysis.counts_by_kind(view).items():
        print(f"  {kind:<16} {count:>6}")
    print(f"\nmost central (betweenness, sources left out), top {args.top}:")
    for node in analysis.most_central(core, args.top):
        print(f"  {node.betweenness:6.3f}  degree {node.degree:>3}  {node.label} ({node.kind})")
    groups = analysis.communities(core)
    print(f"\ncommunities (Louvain): {len(groups)}")
    for number, group in enumerate(groups, 1):
        print(f"  {number:>2}. {len(group):>4} nodes, around: {'; '.join(group[:4])}")
    print(f"\nlocal authorities whose projects share the most practice models, top {args.top}:")
    for a, b, count, models in analysis.authorities_sharing_most_models(view, args.top):
        print(f"  {count}  {a} + {b}: {', '.join(models)}")
    for path, write in ((args.graphml, analysis.write_graphml), (args.gexf, analysis.write_gexf)):
        if path:
            print(f"written {write(view, path)}")
    return 0
