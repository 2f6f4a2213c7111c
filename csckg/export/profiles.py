"""Profile pages of the graph's nodes, made from the page queries in queries/pages/.

A page is a list of sections; each section is one query file of queries/pages/sections/ (its
header says which kinds of node show it and how, see queries/pages/README.md), run with the
page's node bound to ``?node``. The same code serves both uses: the build binds every node the
guide writes at once (one run per section, not one per page), the server binds the one node asked
for and runs the queries through its worker pool. Either way the caller passes ``run``, a
function from SPARQL text to a QueryResult, and ``link``, which gives the address of a node's
page (or None where there is none).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable

from markupsafe import Markup, escape
from rdflib import Literal, URIRef
from rdflib.namespace import SKOS, XSD

from .. import kinds, paths
from ..names import curie
from ..namespaces import BASE, CSC
from ..queryfile import read_query_dir, read_query_file
from ..store.inject import bind_each_in_text
from ..store.results import QueryResult
from .figures import Figure, figure_lines, number_text
from .page import inert_text

PAGE_QUERIES = paths.QUERIES_DIR / "pages"
Run = Callable[[str], QueryResult]
Link = Callable[[str], "str | None"]

#: The path of a node's page: its IRI after https://w3id.org/csckg/, one folder and one name.
PAGE_PATH = re.compile(r"^([a-z][a-z0-9-]*)/([A-Za-z0-9][A-Za-z0-9._~-]*)$")
#: Kinds of page beyond csckg/kinds.py's: a concept scheme, and any other node.
EXTRA_KIND_NAMES = {"scheme": "Concept scheme", "other": "Node"}
#: A section shows at most ROW_LIMIT rows and a cell VALUE_LIMIT values, and says how many more
#: there are: a source document cited by 50,000 nodes of a large graph is no page to read, or write.
ROW_LIMIT, VALUE_LIMIT = 200, 50
NUMBERS = {str(XSD[name]) for name in ("decimal", "double", "float", "integer", "int", "nonNegativeInteger",
                                       "positiveInteger", "long")}


def page_path(iri: str) -> str | None:
    """'project/leeds-family-valued' for https://w3id.org/csckg/project/leeds-family-valued; None
    for an IRI that has no page (another namespace, the ontology's terms, a deeper path)."""
    if not iri.startswith(BASE):
        return None
    rest = iri[len(BASE):]
    match = PAGE_PATH.match(rest)
    if not match or match.group(1) in ("ontology", "graph") or ".." in rest:
        return None
    return rest


def kind_name(kind: str) -> str:
    return kinds.NAMES.get(kind) or EXTRA_KIND_NAMES[kind]


@dataclass(frozen=True)
class Section:
    """One section of a page: a query file of queries/pages/sections/ and how to show it."""

    name: str
    title: str
    description: str
    kinds: frozenset
    text: str
    show: str = "table"
    node: str = "node"
    key: str | None = None
    group: str | None = None
    figures: str | None = None
    headings: tuple = ()

    def shown_for(self, kind: str) -> bool:
        return "any" in self.kinds or kind in self.kinds


def _headings(text: str) -> tuple:
    """'initiative=project | why=why this level' as pairs."""
    return tuple(tuple(part.strip() for part in pair.split("=", 1)) for pair in text.split("|") if "=" in pair)


@lru_cache(maxsize=4)
def sections(directory: Path = PAGE_QUERIES / "sections") -> tuple[Section, ...]:
    """Every section, in the order of the files' names."""
    found = []
    for query in read_query_dir(directory):
        header = query.header
        text = query.text
        if header.get("named"):  # a named query reused as it is, e.g. the model's gap-map row
            text = read_query_file(paths.QUERIES_DIR / f"{header['named']}.rq").text
        found.append(Section(
            name=re.sub(r"^\d+-", "", query.name), title=query.title, description=query.description,
            kinds=frozenset(header.get("kinds", "any").split()), text=text,
            show=header.get("show", "table"), node=header.get("node", "node"), key=header.get("key"),
            group=header.get("group"), figures=header.get("figures"), headings=_headings(header.get("columns", ""))))
    return tuple(found)


def page_query(name: str) -> str:
    return read_query_file(PAGE_QUERIES / f"{name}.rq").text


def run_for(run: Run, query: str, nodes, variable: str = "node") -> QueryResult:
    """``query`` run once with ``?variable`` bound to each of ``nodes``."""
    return run(bind_each_in_text(query, variable, list(nodes)))


def page_kinds(run: Run, nodes=None) -> dict[URIRef, str]:
    """Every node with a page (of ``nodes``, or all) and its kind."""
    query = page_query("nodes")
    result = run_for(run, query, nodes) if nodes is not None else run(query)
    types, schemes = defaultdict(set), defaultdict(set)
    for node, type_, scheme in result.rows:
        if page_path(str(node)) is None:
            continue
        types[node].add(type_)
        schemes[node].add(scheme)
    found = {}
    for node in types:
        kind = kinds.kind_from(types[node], schemes[node])
        found[node] = kind or ("scheme" if SKOS.ConceptScheme in types[node] else "other")
    return found


@dataclass
class Profile:
    """What a page shows: the node, its name and kind, and its sections, each ready to render."""

    iri: str
    path: str
    label: str
    kind: str
    kind_name: str
    sections: list[dict] = field(default_factory=list)


def shown_as(text: str, href: str | None = None) -> Markup:
    """``text`` escaped, in a link to ``href`` if given."""
    return Markup(f'<a href="{escape(href)}">{inert_text(text)}</a>') if href else inert_text(text)


def _words(name: str) -> str:
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", name).lower()


class Profiler:
    """Builds the profiles of a set of nodes with as few queries as possible."""

    def __init__(self, run: Run, link: Link):
        self.run, self.link = run, link
        self.labels: dict[str, str] = {}
        self.figures: dict[str, list[str]] = {}

    # --- terms as text -----------------------------------------------------------------

    def item(self, term) -> Markup:
        """One value as the page shows it, as escaped HTML: its text, linked to its page where it
        has one (made here rather than by a template macro: a large guide shows a million)."""
        if isinstance(term, tuple):  # (document, section): a source
            document, section = term
            shown = self.item(document) if document is not None else Markup("")
            return shown + Markup(f' <span class="note">§ {inert_text(section)}</span>') if section is not None else shown
        if isinstance(term, URIRef):
            return shown_as(self.labels.get(str(term)) or curie(term), self.link(str(term)))
        if isinstance(term, Literal):
            if term.datatype is not None and str(term.datatype) in NUMBERS:
                return shown_as(number_text(str(term)))
            if term.datatype == XSD.boolean:
                return shown_as("yes" if term.toPython() else "no")
        return shown_as(str(term))

    def _load_labels(self, iris: set[str]) -> None:
        wanted = [URIRef(i) for i in iris if i not in self.labels]
        if wanted:
            for node, name in run_for(self.run, page_query("labels"), wanted).rows:
                self.labels[str(node)] = str(name)

    def _load_figures(self, iris: set[str]) -> None:
        wanted = [URIRef(i) for i in iris if i not in self.figures]
        if not wanted:
            return
        by_node: dict[str, list[Figure]] = defaultdict(list)
        for node, _value, number, unit, role, qualifier, measure in run_for(self.run, page_query("figures"), wanted).rows:
            by_node[str(node)].append(Figure(str(number), unit and str(unit), role and str(role),
                                             qualifier and str(qualifier), measure and str(measure)))
        for iri in map(str, wanted):
            self.figures[iri] = figure_lines(by_node.get(iri, []))

    # --- sections ----------------------------------------------------------------------

    def _rows(self, section: Section, nodes: list[URIRef]) -> dict[str, list[dict]]:
        """The section's rows by node, each row a dict of column -> term, sources paired."""
        result = run_for(self.run, section.text, nodes, section.node)
        by_node: dict[str, list[dict]] = defaultdict(list)
        for values in result.rows:
            row = dict(zip(result.variables, values))
            node = str(row.pop(section.node))
            if "document" in row and "section" in row:
                pair = (row.pop("document"), row.pop("section"))
                row["source"] = pair if pair != (None, None) else None
            by_node[node].append(row)
        return by_node

    def profiles(self, nodes: dict[URIRef, str]) -> list[Profile]:
        """The profile of each of ``nodes`` (node -> kind)."""
        shown = {section: [n for n, kind in nodes.items() if section.shown_for(kind)] for section in sections()}
        rows = {section: self._rows(section, members) for section, members in shown.items() if members}
        iris = {str(n) for n in nodes}
        figured = set()
        for section, by_node in rows.items():
            for node, node_rows in by_node.items():
                for row in node_rows:
                    for column, term in row.items():
                        for one in (term if isinstance(term, tuple) else (term,)):
                            if isinstance(one, URIRef):
                                iris.add(str(one))
                    if section.figures:
                        target = node if section.figures == "node" else row.get(section.figures)
                        if target is not None:
                            figured.add(str(target))
        self._load_labels(iris)
        self._load_figures(figured)
        pages = []
        for node, kind in nodes.items():
            iri = str(node)
            profile = Profile(iri, page_path(iri), self.labels.get(iri) or curie(node), kind, kind_name(kind))
            for section in sections():
                node_rows = rows.get(section, {}).get(iri)
                shown = self._section(section, iri, node_rows) if node_rows else None
                if shown:
                    profile.sections.append(shown)
            pages.append(profile)
        return pages

    def _section(self, section: Section, iri: str, rows: list[dict]) -> dict | None:
        if section.show == "facts":
            return self._facts(section, iri, rows)
        if section.show == "figures":
            lines = self.figures.get(iri, [])
            return {"name": section.name, "title": section.title, "description": section.description,
                    "show": "figures", "count": len(lines), "figures": lines} if lines else None
        columns = [c for c in rows[0] if c != section.group]
        key = section.key if section.key in columns else columns[0]
        merged: dict = {}
        for row in rows:  # one line per key, every other column's values gathered in order, once each
            group = row.get(section.group) if section.group else None
            line = merged.setdefault((group, row.get(key)), {c: {} for c in columns})
            for column in columns:
                value = row.get(column)
                if value is not None:
                    line[column].setdefault(value, None)
        columns = [c for c in columns if any(line[c] for line in merged.values())]  # no column left empty
        groups: dict = {}
        for (group, _), line in list(merged.items())[:ROW_LIMIT]:
            cells = [self._cell(list(line[c])) for c in columns]
            target = iri if section.figures == "node" else next(iter(line.get(section.figures) or [None]))
            figures = self.figures.get(str(target), []) if section.figures else []
            groups.setdefault(group, []).append({"cells": cells, "figures": figures})
        headings = dict(section.headings)
        return {"name": section.name, "title": section.title, "description": section.description,
                "show": section.show, "count": len(merged), "cut": max(0, len(merged) - ROW_LIMIT),
                "columns": [headings.get(c) or _words(c) for c in columns],
                "groups": [{"heading": self.item(g) if g is not None else None, "rows": lines}
                           for g, lines in groups.items()]}

    def _cell(self, values: list) -> list[dict]:
        shown = [self.item(v) for v in values[:VALUE_LIMIT]]
        if len(values) > VALUE_LIMIT:
            shown.append(shown_as(f"and {len(values) - VALUE_LIMIT:,} more"))
        return shown

    def _facts(self, section: Section, iri: str, rows: list[dict]) -> dict:
        facts: dict[str, list] = {}
        for row in rows:
            values = facts.setdefault(str(row["field"]), [])
            if row["value"] is not None and row["value"] not in values:
                values.append(row["value"])
        in_query_order = sorted(facts, key=lambda name: section.text.find(f'"{name}"'))
        shown = [{"field": name, "values": self._cell(facts[name])} for name in in_query_order]
        if section.figures == "node" and self.figures.get(iri):
            shown.append({"field": "figures", "values": [shown_as(t) for t in self.figures[iri]]})
        return {"name": section.name, "title": section.title, "description": section.description,
                "show": "facts", "count": len(shown), "facts": shown}


def linker(to_page: Callable[[str], str], ontology: str, has_page: Callable[[str], bool] = lambda path: True) -> Link:
    """A ``link`` for Profiler: a node's page by its path (where it has one), the ontology page
    for the ontology's own terms."""
    def link(iri: str) -> str | None:
        if iri.startswith(str(CSC)):
            return f"{ontology}#{curie(URIRef(iri))}"
        path = page_path(iri)
        return to_page(path) if path is not None and has_page(path) else None
    return link
