"""Errors of opening and querying a store, each with a message an analyst can act on."""

from __future__ import annotations

from ..errors import CsckgError


class QueryError(CsckgError):
    """A query could not be run as asked (unknown name, bad parameter, unknown label)."""

    exit_code = 2


class SparqlSyntaxError(QueryError):
    """A query that does not parse; names the line and column."""

    def __init__(self, line: int, column: int, reason: str, source: str = "query"):
        self.line, self.column = line, column
        super().__init__(f"SPARQL syntax error in {source} at line {line}, column {column}: {reason}")


class QueryTimeout(QueryError):
    """The query ran longer than the time the user allowed."""

    def __init__(self, seconds: float, where: str | None = None):
        asked = f" to {where}" if where else ""
        super().__init__(f"the query{asked} was stopped after {seconds:g} s (raise the limit with --timeout SECONDS)")


class EndpointError(CsckgError):
    """A SPARQL server that is down, or answered with an error."""

    exit_code = 3


class StoreError(CsckgError):
    """A store path that cannot be used, with what to do about it."""

    exit_code = 2
