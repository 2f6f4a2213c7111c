"""Run a named query, a query file or a query text against a store, with parameters."""

from __future__ import annotations

from pathlib import Path

from ..namespaces import sparql_prologue
from ..queryfile import QueryFile, read_query_file
from ..store.errors import QueryError
from ..store.protocol import Store, parse_local
from ..store.results import QueryResult
from .library import get_named_query
from .params import bind_parameters


def query_from_text(text: str) -> QueryFile:
    """An analyst's own query typed on the command line; the project's prefixes come free."""
    prologue = sparql_prologue()
    return QueryFile(path=Path("<command line>"), name="command-line", text=prologue + text,
                     prologue_lines=prologue.count("\n"))


def query_from_file(path: Path) -> QueryFile:
    if not path.exists():
        raise QueryError(f"{path}: no such query file")
    return read_query_file(path)


def run_query(store: Store, query: QueryFile, given: dict[str, str] | None = None,
              timeout: float | None = None) -> QueryResult:
    """Check the query's syntax, bind its parameters as RDF terms, and run it."""
    parse_local(query.text, str(query.path), query.prologue_lines)
    bindings = bind_parameters(store, query, given or {})
    return store.query(query.text, bindings, timeout)


def run_named(store: Store, name: str, given: dict[str, str] | None = None,
              timeout: float | None = None) -> QueryResult:
    return run_query(store, get_named_query(name), given, timeout)
