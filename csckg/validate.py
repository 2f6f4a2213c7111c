"""Validate the reasoned graph: SHACL shapes, then the check queries that must return no rows."""

from __future__ import annotations

from pathlib import Path

from pyshacl import validate as shacl_validate
from rdflib import Graph, Namespace
from rdflib.namespace import RDF

from . import paths
from .describe import curie, defining_file, name
from .errors import ValidationFailed
from .load import parse_turtle
from .queryfile import read_query_dir

SH = Namespace("http://www.w3.org/ns/shacl#")


def _where(graph: Graph, node, data_dir: Path) -> str:
    path = defining_file(graph, node, data_dir)
    if path is None:
        return ""
    try:
        return f"{path.relative_to(paths.ROOT)}: "
    except ValueError:
        return f"{path}: "


def shacl_problems(graph: Graph, data_dir: Path = paths.DATA_DIR) -> list[str]:
    """One readable line per SHACL violation: file, node, property, what is wrong."""
    shapes = parse_turtle(paths.SHAPES_FILE)
    conforms, report, _ = shacl_validate(
        graph, shacl_graph=shapes, inference="none", advanced=True, allow_warnings=True
    )
    if conforms:
        return []
    problems = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        focus = report.value(result, SH.focusNode)
        path = report.value(result, SH.resultPath)
        message = report.value(result, SH.resultMessage)
        value = report.value(result, SH.value)
        prop = f" {curie(path)}:" if path is not None else ""
        extra = f" (value {curie(value)})" if value is not None and value != focus else ""
        problems.append(f"{_where(graph, focus, data_dir)}{name(graph, focus)}:{prop} {message}{extra}")
    return sorted(set(problems))


def check_problems(graph: Graph, data_dir: Path = paths.DATA_DIR) -> list[str]:
    """Rows returned by queries/checks/*.rq; each row names ?node and gives a ?message."""
    problems = []
    for check in read_query_dir(paths.CHECKS_DIR):
        for row in graph.query(check.text):
            node = row.get("node") if hasattr(row, "get") else row[0]
            message = row.get("message") if hasattr(row, "get") else None
            detail = f": {message}" if message is not None else ""
            problems.append(f"{_where(graph, node, data_dir)}{name(graph, node)}: "
                            f"[{check.name}] {check.title}{detail}")
    return sorted(set(problems))


def validate(graph: Graph, data_dir: Path = paths.DATA_DIR) -> None:
    """Raise ValidationFailed listing every SHACL violation and every check-query row."""
    problems = shacl_problems(graph, data_dir) + check_problems(graph, data_dir)
    if problems:
        raise ValidationFailed(problems)
