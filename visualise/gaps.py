"""The evidence gap map: practice models (rows) by outcome domains (columns).

Each cell counts the findings that bear on the model (csc:relatesToModel) in the domain,
is coloured by the strongest evidence among them (csc:rank of their strength), is marked
when any of them is null or negative, and lists them with their projects and sources on
hover. An empty cell is a gap. The findings come from visualise/queries/gap-map.rq, run on
the reasoned graph.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import SKOS

from csckg.export import page
from csckg.names import label
from csckg.namespaces import CSC, PREFIXES, sparql_prologue
from csckg.queryfile import read_query_file

QUERY = Path(__file__).parent / "queries" / "gap-map.rq"
NULL_OR_NEGATIVE = {PREFIXES["direction"]["no-change"], PREFIXES["direction"]["negative"]}
STRENGTH_COLOURS = {4: "#1a7f3c", 3: "#7cc47f", 2: "#f2d16b", 1: "#e8a07a", 0: "#cccccc"}


@dataclass
class Finding:
    label: str
    project: str
    strength: str
    rank: int
    null_or_negative: bool
    sources: set[str] = field(default_factory=set)


@dataclass
class Cell:
    findings: dict[str, Finding] = field(default_factory=dict)

    @property
    def count(self) -> int:
        return len(self.findings)

    @property
    def strongest(self) -> Finding | None:
        return max(self.findings.values(), key=lambda f: f.rank, default=None)

    @property
    def null_or_negative(self) -> bool:
        return any(f.null_or_negative for f in self.findings.values())

    @property
    def colour(self) -> str:
        return STRENGTH_COLOURS.get(self.strongest.rank, "#cccccc") if self.findings else ""


@dataclass
class GapMap:
    models: list[tuple[str, str]]    # (IRI, label), rows
    domains: list[tuple[str, str]]   # (IRI, label), columns
    cells: dict[tuple[str, str], Cell]
    strengths: list[tuple[int, str]]  # (rank, label), strongest first

    def cell(self, model: str, domain: str) -> Cell:
        return self.cells.get((model, domain), Cell())


def concepts(graph: Graph, scheme: str) -> list[tuple[str, str]]:
    """The scheme's concepts as (IRI, label), in label order."""
    found = {(str(c), label(graph, c) or str(c)) for c in graph.subjects(SKOS.inScheme, PREFIXES["scheme"][scheme])}
    return sorted(found, key=lambda pair: pair[1].casefold())


def gap_map(graph: Graph) -> GapMap:
    """Cross the findings of the reasoned ``graph`` into models by domains."""
    cells: dict[tuple[str, str], Cell] = {}
    for row in graph.query(sparql_prologue() + read_query_file(QUERY).text):
        key = (str(row.model), str(row.domain))
        cell = cells.setdefault(key, Cell())
        finding = cell.findings.setdefault(str(row.finding), Finding(
            label=str(row.findingLabel), project=str(row.projectLabel or ""),
            strength=str(row.strengthLabel or "not stated"), rank=int(row.rank or 0),
            null_or_negative=row.direction in NULL_OR_NEGATIVE))
        if row.sourceLabel is not None:
            finding.sources.add(str(row.sourceLabel))
    strengths = sorted(((int(r), label(graph, s) or str(s)) for s in graph.subjects(SKOS.inScheme, PREFIXES["scheme"]["evidence-strength"])
                        for r in graph.objects(s, CSC.rank)), reverse=True)
    return GapMap(models=concepts(graph, "practice-models"), domains=concepts(graph, "outcome-domains"),
                  cells=cells, strengths=strengths)


def render_gaps(graph: Graph, title: str = "Children's social care innovation: evidence gap map") -> str:
    gaps = gap_map(graph)
    return page.render("gaps.html.j2", title=title, gaps=gaps, colours=STRENGTH_COLOURS)


def write_gaps(graph: Graph, path: Path) -> Path:
    return page.write(path, render_gaps(graph))
