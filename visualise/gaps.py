"""The evidence gap map: practice models (rows) by outcome domains (columns).

The cells are exactly the rows of the named query queries/evidence-map.rq: for each model
some initiative used (and each broader model, into which narrower ones roll up) and each
outcome domain, the studies and findings that bear on it, the same counted only for findings
the sources attribute to the model, the best evidence level, the direction mix and whether
the attributed findings conflict. A cell with no findings is a gap, and the gaps are the rows
of queries/evidence-gaps.rq.

The page is given each cell's findings (visualise/queries/gap-map.rq) with their level, why,
comparison, direction, study, project and sources, and its script (csckg/templates/gaps.js)
counts the cells from them, so that its filters can recount them; here the cells are also
read from evidence-map itself, for the tests that hold the two to each other.
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
    iri: str
    label: str
    attributed: bool
    level: str          # IRI of its evidence level
    level_label: str
    rank: int
    why: str
    comparison: str     # IRI, "" when not recorded
    direction: str      # IRI
    direction_label: str
    null_or_negative: bool
    study: str          # IRI of its evaluation (or reporting document), "" when none
    study_label: str
    project: str        # IRI
    project_label: str
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


@dataclass
class Row:
    model: str
    label: str
    depth: int          # 0 for a model with no broader model among the rows
    rolls_up: bool      # whether narrower models' evidence is included in this row
    used_directly: bool  # whether some initiative used this model itself (not only a narrower one)


@dataclass
class GapMap:
    rows: list[Row]
    domains: list[tuple[str, str]]   # (IRI, label), columns
    cells: dict[tuple[str, str], Cell]
    levels: list[tuple[int, str, URIRef]]    # (rank, label, IRI), strongest first

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
            used = next(graph.subjects(CSC.usesModel, URIRef(model)), None) is not None
            rows.append(Row(model, names[model], depth, bool(children.get(model)), used))
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
                iri=str(row.finding), label=str(row.findingLabel), attributed=int(row.attributed) == 1,
                level=str(row.level), level_label=str(row.levelLabel), rank=int(row.rank), why=str(row.why),
                comparison=str(row.comparison or ""), direction=str(row.direction),
                direction_label=str(row.directionLabel), null_or_negative=str(row.isNull).lower() == "true",
                study=str(row.study or ""), study_label=str(row.studyLabel or ""),
                project=str(row.project), project_label=str(row.projectLabel),
                sources=sorted(s for s in str(row.sources or "").split(" | ") if s)))
    for cell in cells.values():
        cell.listed.sort(key=lambda f: (-f.attributed, -f.rank, f.label))
    domains = sorted({(d, label(graph, URIRef(d)) or d) for _, d in cells}, key=lambda pair: pair[1].casefold())
    levels = sorted(((int(r), label(graph, s) or str(s), s)
                     for s in graph.subjects(SKOS.inScheme, PREFIXES["scheme"]["evidence-levels"])
                     for r in graph.objects(s, CSC.rank)), reverse=True)
    return GapMap(rows=_rows(graph, {m for m, _ in cells}), domains=domains, cells=cells, levels=levels)


def _choices(graph: Graph, iris) -> list[dict]:
    """Filter options: each IRI with its label, in label order."""
    return sorted(({"iri": iri, "label": label(graph, URIRef(iri)) or iri} for iri in set(iris) if iri),
                  key=lambda choice: choice["label"].casefold())


def page_data(graph: Graph, gaps: GapMap) -> dict:
    """What the page's script needs: rows, columns, levels, filter options, and each cell's findings
    (once each, by IRI; a cell lists its findings as [finding, attributed])."""
    findings: dict[str, dict] = {}
    cells = []
    for (model, domain), cell in sorted(gaps.cells.items()):
        for f in cell.listed:
            findings[f.iri] = {
                "label": f.label, "level": f.level, "why": f.why, "comparison": f.comparison,
                "direction": f.direction, "directionLabel": f.direction_label, "null": f.null_or_negative,
                "study": f.study, "studyLabel": f.study_label, "project": f.project, "sources": f.sources}
        cells.append([model, domain, [[f.iri, f.attributed] for f in cell.listed]])
    projects = {f["project"] for f in findings.values()}
    authorities = {p: sorted(str(a) for a in graph.objects(URIRef(p), CSC.localAuthority)) for p in projects}
    return {
        "rows": [{"model": r.model, "label": r.label, "depth": r.depth, "rollsUp": r.rolls_up,
                  "usedDirectly": r.used_directly} for r in gaps.rows],
        "domains": [{"iri": d, "label": name} for d, name in gaps.domains],
        "levels": [{"iri": str(iri), "label": name, "rank": rank, "colour": LEVEL_COLOURS.get(rank, "#d9d9d9")}
                   for rank, name, iri in gaps.levels],
        "comparisons": _choices(graph, (f["comparison"] for f in findings.values())),
        "directions": _choices(graph, (f["direction"] for f in findings.values())),
        "projects": _choices(graph, projects),
        "authorities": _choices(graph, (a for names in authorities.values() for a in names)),
        "projectAuthorities": authorities,
        "findings": findings,
        "cells": cells,
    }


def render_gaps(graph: Graph, title: str = "Children's social care innovation: evidence gap map") -> str:
    gaps = gap_map(graph)
    return page.render("gaps.html.j2", title=title, gaps=gaps, data=page_data(graph, gaps),
                       gaps_js=page.scripts("download.js", "gaps.js"))


def write_gaps(graph: Graph, path: Path) -> Path:
    return page.write(path, render_gaps(graph))
