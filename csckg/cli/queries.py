"""``build.py queries``: list the named queries with their parameters and descriptions."""

from __future__ import annotations

from ..query.library import named_queries


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "queries", help="list the named queries",
        description="List every named query in queries/ with its title, parameters and description.",
        epilog="example: python3 build.py queries --format md")
    parser.add_argument("--format", choices=("text", "md"), default="text")
    parser.set_defaults(func=run)


def run(args) -> int:
    for query in named_queries().values():
        params = ", ".join(f"{p.name} ({' '.join((p.type, *p.kinds))}, {p.default})" for p in query.params) or "none"
        if args.format == "md":
            print(f"- **{query.name}**: {query.title}. {query.description} Parameters: {params}.")
        else:
            print(f"{query.name}\n    {query.title}: {query.description}\n    parameters: {params}")
    return 0
