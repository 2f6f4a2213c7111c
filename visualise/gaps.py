"""The evidence gap map: practice models (rows) by outcome domains (columns).

The cells are exactly the rows of the named query queries/evidence-map.rq: for each model
some initiative used (and each broader model, into which narrower ones roll up) and each
outcome domain, the studies and findings that bear on it, the same counted only for findings
the sources attribute to the model, the best evidence level, the direction mix and whether
the attributed findings conflict. Each cell also lists its findings (visualise/queries/
gap-map.rq) with their level and why, direction, project, study and sources. A cell with no
findings is a gap, and the gaps are the rows of queries/evidence-gaps.rq.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import SKOS

from csckg import paths
from csckg.export import page
from csckg.names import label
from csckg.namespaces import CSC, PREFIXES, sparql_prologue
from csckg.queryfile import read_query_file

CELLS_QUERY = paths.QUERIES_DIR / "evidence-map.rq"
FINDINGS_QUERY = Path(__file__).parent / "queries" / "gap-map.rq"
#: Fill colour by the rank of the cell's best evidence level (ontology/schemes/evidence.ttl).
LEVEL_COLOURS = {5: "#1a7f3c", 4: "#5aae61", 3: "#a6dba0", 2: "#f2d16b", 1: "#e8e1c8", 0: "#d9d9d9"}


@dataclass
class Finding:
    label: str
    attributed: bool
    level: str
    rank: int
    why: str
    direction: str
    null_or_negative: bool
    study: str
    project: str
    sources: list[str]


@dataclass
class Cell:
    studies: int = 0
    findings: int = 0
    attributed_studies: int = 0
    attributed_findings: int = 0
    best_level: str = ""
    best_rank: int = 0
    positive: int = 0
    mixed: int = 0
    null_or_negative: int = 0
    inconclusive: int = 0
    contested: bool = False
    listed: list[Finding] = field(default_factory=list)

    @property
    def colour(self) -> str:
        return LEVEL_COLOURS.get(self.best_rank, "#d9d9d9") if self.findings else ""

    @property
    def best_direction(self) -> str:
        """The direction of the findings at the best level: positive, null or negative, or mixed."""
        best = [f for f in self.listed if f.rank == self.best_rank]
        kinds = {"null or negative" if f.null_or_negative else f.direction.lower() for f in best}
        return kinds.pop() if len(kinds) == 1 else "mixed"


@dataclass
class Row:
    model: str
    label: str
    depth: int          # 0 for a model with no broader model among the rows
    rolls_up: bool      # whether narrower models' evidence is included in this row


@dataclass
class GapMap:
    rows: list[Row]
    domains: list[tuple[str, str]]   # (IRI, label), columns
    cells: dict[tuple[str, str], Cell]
    levels: list[tuple[int, str]]    # (rank, label), strongest first

    def cell(self, model: str, domain: str) -> Cell:
        return self.cells.get((model, domain), Cell())


def _query(graph: Graph, path: Path):
    return graph.query(sparql_prologue() + read_query_file(path).text)


def _rows(graph: Graph, models: set[str]) -> list[Row]:
    """The models as a tree (narrower under broader), each subtree in label order."""
    broader = {m: [str(b) for b in graph.objects(URIRef(m), SKOS.broader) if str(b) in models] for m in models}
    children: dict[str | None, list[str]] = {}
    for model in models:
        for parent in broader[model] or [None]:
            children.setdefault(parent, []).append(model)
    names = {m: label(graph, URIRef(m)) or m for m in models}
    rows: list[Row] = []

    def walk(parent: str | None, depth: int) -> None:
        for model in sorted(children.get(parent, []), key=lambda m: names[m].casefold()):
            rows.append(Row(model, names[model], depth, bool(children.get(model))))
            walk(model, depth + 1)

    walk(None, 0)
    return rows


def gap_map(graph: Graph) -> GapMap:
    """The map of the reasoned ``graph``: cells from evidence-map.rq, their findings from gap-map.rq."""
    cells: dict[tuple[str, str], Cell] = {}
    for row in _query(graph, CELLS_QUERY):
        cells[(str(row.model), str(row.domain))] = Cell(
            studies=int(row.studies), findings=int(row.findings),
            attributed_studies=int(row.attributedStudies), attributed_findings=int(row.attributedFindings),
            best_level=label(graph, row.bestLevel) if row.bestLevel is not None else "",
            best_rank=int(next(graph.objects(row.bestLevel, CSC.rank), 0)) if row.bestLevel is not None else 0,
            positive=int(row.positiveFindings), mixed=int(row.mixedFindings),
            null_or_negative=int(row.nullOrNegativeFindings), inconclusive=int(row.inconclusiveFindings),
            contested=str(row.contested).lower() == "true")
    for row in _query(graph, FINDINGS_QUERY):
        cell = cells.get((str(row.model), str(row.domain)))
        if cell is not None:
            cell.listed.append(Finding(
                label=str(row.findingLabel), attributed=int(row.attributed) == 1, level=str(row.levelLabel),
                rank=int(row.rank), why=str(row.why), direction=str(row.directionLabel),
                null_or_negative=str(row.isNull).lower() == "true", study=str(row.studyLabel or ""),
                project=str(row.projectLabel), sources=sorted(s for s in str(row.sources or "").split(" | ") if s)))
    for cell in cells.values():
        cell.listed.sort(key=lambda f: (-f.attributed, -f.rank, f.label))
    domains = sorted({(d, label(graph, URIRef(d)) or d) for _, d in cells}, key=lambda pair: pair[1].casefold())
    levels = sorted(((int(r), label(graph, s) or str(s))
                     for s in graph.subjects(SKOS.inScheme, PREFIXES["scheme"]["evidence-levels"])
                     for r in graph.objects(s, CSC.rank)), reverse=True)
    return GapMap(rows=_rows(graph, {m for m, _ in cells}), domains=domains, cells=cells, levels=levels)


def render_gaps(graph: Graph, title: str = "Children's social care innovation: evidence gap map") -> str:
    gaps = gap_map(graph)
    return page.render("gaps.html.j2", title=title, gaps=gaps, colours=LEVEL_COLOURS)


def write_gaps(graph: Graph, path: Path) -> Path:
    return page.write(path, render_gaps(graph))
