"""What the query workbench at / asks the server: named queries run as the command line runs
them, the analyst's own SPARQL run in the query workers, and names suggested as they are typed.

- **Named queries** (``/run?run=NAME&PARAM=VALUE``) run on the store ``build.py query`` opens
  for the same source (out/inferred.nt in rdflib, or the Oxigraph store), with the same
  parameter resolution (csckg/query/params.py) and, for downloads, the same printer
  (``formats.printed``): a CSV, TSV or JSON download is byte for byte what
  ``build.py query NAME --param ... --format csv|tsv|json`` prints. The two stores write some
  literals differently (rdflib keeps ``27000.0``, Oxigraph writes ``27000``), which is why the
  named queries are not run in the workers.
- **The analyst's own SPARQL** (``/run?sparql=TEXT``) may be anything, so it runs where a
  runaway query can be stopped: in the worker processes, bounded by ``--timeout``, with the
  SERVICE/LOAD guard. The project's prefixes it does not declare are put before it, and a
  syntax error names the analyst's own line.
- **Suggestions** (``/suggest?kind=model&q=sig``) come from the same name index as the command
  line's "Did you mean" (csckg/query/suggest.py).

Every failure is an HTTP status and a message (``Answer``), never an exception to the handler.
"""

from __future__ import annotations

import json
import re
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

from .kinds import NAMES as KIND_NAMES
from .names import curie
from .namespaces import BASE, UNIT
from .query.formats import printed
from .query.guard import Refused
from .query.labels import SYMBOL_PATTERN, labels_for
from .query.library import get_named_query, named_queries
from .query.pool import Busy, WorkerFailed
from .query.run import run_query, with_project_prefixes
from .query.suggest import NameIndex
from .queryfile import QueryFile
from .store.disk import open_store_dir
from .store.errors import QueryError, QueryTimeout
from .store.oxigraph import OxigraphStore
from .store.protocol import LocalStore
from .store.results import QueryResult

#: The fields of /run that are not a named query's parameters.
RESERVED = ("run", "sparql", "format", "iris")
DOWNLOADS = {"csv": "text/csv", "tsv": "text/tab-separated-values", "json": "application/sparql-results+json"}
NUMERIC = {str(XSD[t]) for t in ("integer", "decimal", "double", "float", "int", "long", "short",
                                 "nonNegativeInteger", "positiveInteger", "negativeInteger", "nonPositiveInteger",
                                 "unsignedInt", "unsignedLong")}
_PLACE = re.compile(r"(line |error at )(\d+)([:,] ?(?:column )?)(\d+)")
MAX_SUGGESTIONS = 10


@dataclass
class Answer:
    """An HTTP answer: status, body, content type and extra headers."""

    status: int
    body: str
    content_type: str = "application/json; charset=utf-8"
    headers: dict = field(default_factory=dict)


def error(status: int, message: str) -> Answer:
    return Answer(status, message + "\n", "text/plain; charset=utf-8")


def href(iri: str) -> str | None:
    """Where a node of the graph's own namespaces is shown under this server, else None."""
    if not iri.startswith(BASE):
        return None
    rest = iri[len(BASE):]
    return "/ontology#" + rest.split("#", 1)[1] if rest.startswith("ontology#") else "/" + rest


class PoolStore:
    """The endpoint's worker processes as a store, for the analyst's own queries."""

    description = "the server's query workers"

    def __init__(self, endpoint, prologue_lines: int = 0):
        self.endpoint, self.prologue_lines = endpoint, prologue_lines

    def query(self, text, bindings=None, timeout=None) -> QueryResult:
        outcome, detail = self.endpoint.query(text)
        if outcome == "ok":
            kind, data = detail
            if kind == "graph":
                return QueryResult("graph", graph=Graph().parse(data=data, format="nt"))
            return QueryResult.from_sparql_json(json.loads(data))
        if outcome == "syntax":  # the line and column of the analyst's own text, not of the prologue
            raise QueryError(_PLACE.sub(lambda m: f"{m.group(1)}{int(m.group(2)) - self.prologue_lines}"
                                                  f"{m.group(3)}{m.group(4)}", str(detail), count=1))
        raise QueryError(f"the query failed: {detail}")


class Workbench:
    """The workbench's answers for one endpoint; the store and the names follow its reloads."""

    def __init__(self, endpoint):
        self.endpoint = endpoint
        self._lock = threading.Lock()
        self._opened: tuple | None = None  # (source signature, store, name index or None)

    def store(self):
        """The store ``build.py query`` would open for the served source (opened once per build)."""
        source = self.endpoint.source
        with self._lock:
            signature = source.signature()
            if self._opened is None or self._opened[0] != signature:
                timeout = self.endpoint.timeout
                if source.kind == "store":
                    opened = OxigraphStore(open_store_dir(source.path, False), source.description, timeout)
                elif source.kind == "file":
                    opened = LocalStore(Graph().parse(source.path, format="nt"), source.description, timeout)
                else:
                    opened = LocalStore(Graph().parse(data=source.data, format="nt"), source.description, timeout)
                self._opened = (signature, opened, None)
            return self._opened[1]

    def warm(self) -> None:
        """Open the store and the names in the background, so the page's first question is answered
        as fast as the next (reading out/inferred.nt into rdflib takes a second or two)."""
        opened = self._opened
        if opened is None or opened[2] is None or opened[0] != self.endpoint.source.signature():
            threading.Thread(target=self.names, daemon=True, name="csckg-workbench-warm").start()

    def names(self) -> NameIndex:
        store = self.store()
        with self._lock:
            if self._opened[2] is None:
                self._opened = (self._opened[0], store, NameIndex.from_store(store))
            return self._opened[2]

    def queries(self) -> list[dict]:
        """The named queries as the page offers them: title, description and typed parameters."""
        return [{"name": q.name, "title": q.title, "description": q.description,
                 "params": [{"name": p.name, "type": p.type, "kinds": list(p.kinds), "default": p.default,
                             "required": p.required, "description": p.description,
                             "kindNames": [KIND_NAMES[k] for k in p.kinds]} for p in q.params]}
                for q in named_queries().values()]

    # --- /suggest -------------------------------------------------------------------------

    def suggest(self, fields: dict[str, list[str]]) -> Answer:
        typed = (fields.get("q") or [""])[0]
        kinds = tuple(k for k in (fields.get("kind") or [""])[0].split(",") if k)
        unknown = [k for k in kinds if k not in KIND_NAMES]
        if unknown:
            return error(400, f"no such kind of node: {', '.join(unknown)} (kinds: {', '.join(KIND_NAMES)})")
        if len(typed) > 200:
            return error(400, "a name to look up is at most 200 characters")
        found = self.names().suggest(typed, kinds, MAX_SUGGESTIONS) if typed.strip() else []
        return Answer(200, json.dumps([{"iri": str(s.node), "curie": curie(s.node), "label": s.label,
                                        "kind": KIND_NAMES.get(s.kind, ""), "matched": s.matched}
                                       for s in found]))

    # --- /run -----------------------------------------------------------------------------

    def run(self, fields: dict[str, list[str]]) -> Answer:
        for name, values in fields.items():
            if len(values) > 1:
                return error(400, f"give one '{name}', not {len(values)}")
        given = {name: values[0] for name, values in fields.items()}
        fmt = given.get("format", "view")
        if fmt != "view" and fmt not in DOWNLOADS:
            return error(400, f"format must be view, {', '.join(DOWNLOADS)}, not {fmt!r}")
        if ("run" in given) == ("sparql" in given):
            return error(400, "give either run=NAME (a named query) or sparql=TEXT (a query of your own)")
        started = time.perf_counter()
        try:
            if "run" in given:
                query = get_named_query(given["run"])
                store = self.store()
                values = {k: v for k, v in given.items() if k not in RESERVED}
                result = run_query(store, query, values, self.endpoint.timeout)
            else:
                if not given["sparql"].strip():
                    return error(400, "the query is empty: write a query, or choose a named one")
                query = with_project_prefixes(QueryFile(Path("<workbench>"), "workbench", text=given["sparql"]))
                store = PoolStore(self.endpoint, query.prologue_lines)
                result = store.query(query.text)
            seconds = time.perf_counter() - started
            if fmt in DOWNLOADS:
                return self._download(store, result, fmt, given.get("iris") == "1", query.name)
            return Answer(200, json.dumps(self._view(store, result, seconds)))
        except Refused as refused:
            return error(403, str(refused))
        except (QueryTimeout, Busy) as late:
            return error(503, str(late))
        except WorkerFailed as failed:
            return error(500, str(failed))
        except QueryError as wrong:
            return error(404 if str(wrong).startswith("there is no named query") else 400, str(wrong))

    def _download(self, store, result: QueryResult, fmt: str, iris: bool, name: str) -> Answer:
        if result.kind == "graph":
            return error(400, "a CONSTRUCT or DESCRIBE result is a graph: ask /sparql for Turtle, "
                              "N-Triples or JSON-LD")
        return Answer(200, printed(store, result, fmt, iris), f"{DOWNLOADS[fmt]}; charset=utf-8",
                      {"Content-Disposition": f'attachment; filename="{name}.{fmt}"'})

    @staticmethod
    def _view(store, result: QueryResult, seconds: float) -> dict:
        """The result as the page draws it: each IRI with its label and its page, each number as a number."""
        shown = {"kind": result.kind, "ms": round(1000 * seconds, 1)}
        if result.kind == "ask":
            return {**shown, "boolean": result.boolean}
        if result.kind == "graph":
            return {**shown, "turtle": result.graph.serialize(format="turtle"), "count": len(result.graph)}
        labels = labels_for(store, {t for row in result.rows for t in row})
        units = {t for row in result.rows for t in row if isinstance(t, URIRef) and t.startswith(str(UNIT))}
        symbols = labels_for(store, units, SYMBOL_PATTERN) if units else {}

        def cell(term):
            if term is None:
                return None
            if isinstance(term, URIRef):
                shown_iri = {"text": labels.get(term) or curie(term), "iri": str(term), "curie": curie(term),
                             "href": href(str(term))}
                if term in units:
                    shown_iri["unit"] = symbols.get(term) or shown_iri["text"]
                return shown_iri
            shown_cell = {"text": str(term)}
            if isinstance(term, Literal) and term.datatype is not None and str(term.datatype) in NUMERIC:
                try:
                    shown_cell["number"] = float(term)
                except ValueError:
                    pass
            return shown_cell

        return {**shown, "variables": result.variables, "count": len(result.rows),
                "rows": [[cell(t) for t in row] for row in result.rows]}
