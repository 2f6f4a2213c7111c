"""The build: load, reason, validate, and write out/ — each stage timed."""

from __future__ import annotations

import json
import resource
import sys
import time
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from rdflib import Graph
from rdflib.namespace import RDF

from . import paths
from .describe import curie
from .docs import render_ontology_html
from .export import staged_directory, write_graph
from .load import load_asserted, load_ontology
from .namespaces import CSC
from .reason import Closure, engine_for, reason
from .reason_cache import cache_key, cached_closure, remember_closure
from .storedir import write_store
from .validate import validate
from visualise.outputs import write_pages


@dataclass
class BuildReport:
    """What a build did: stage timings, triple counts and counts by class."""

    stage_seconds: dict[str, float] = field(default_factory=dict)
    stage_peak_mb: dict[str, float] = field(default_factory=dict)
    asserted_triples: int = 0
    inferred_triples: int = 0
    counts_by_class: dict[str, int] = field(default_factory=dict)
    validation: str = "not run"
    reasoner: str = ""

    def as_text(self) -> str:
        lines = [
            f"triples asserted: {self.asserted_triples}",
            f"triples inferred (kept): {self.inferred_triples}",
            f"validation: {self.validation}",
            f"reasoner: {self.reasoner}",
            "counts by class:",
            *[f"  {name:<28} {count:>6}" for name, count in sorted(self.counts_by_class.items())],
            "time taken:",
            *[f"  {stage:<28} {seconds:>8.2f} s" for stage, seconds in self.stage_seconds.items()],
        ]
        return "\n".join(lines)


def add_reasoner_option(parser) -> None:
    parser.add_argument("--reasoner", choices=["auto", "owlrl", "reasonable"], default="auto",
                        help="the OWL 2 RL engine: owlrl (pure Python, the reference), reasonable "
                             "(Rust, same kept inferences) or auto (reasonable from 10,000 triples; default)")


def progress(message: str) -> None:
    """Progress goes to stderr, so that stdout stays clean for data."""
    print(message, file=sys.stderr, flush=True)


def peak_mb() -> float:
    """The most memory this process has held so far (its peak resident set), in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@contextmanager
def timed(report: BuildReport, stage: str) -> Iterator[dict]:
    """Time a stage; the body may set ``counted["triples"]`` to have the rate shown too."""
    progress(f"{stage} ...")
    counted: dict[str, int] = {}
    start = time.perf_counter()
    yield counted
    seconds = report.stage_seconds[stage] = time.perf_counter() - start
    report.stage_peak_mb[stage] = peak_mb()
    triples = counted.get("triples")
    rate = f", {triples:,} triples ({triples / max(seconds, 1e-6):,.0f} a second)" if triples else ""
    progress(f"{stage}: {seconds:.2f} s{rate}, peak memory so far {report.stage_peak_mb[stage]:.0f} MB")


def counts_by_class(graph: Graph) -> dict[str, int]:
    """How many nodes of each of the ontology's own classes the graph holds."""
    counter = Counter(curie(cls) for cls in graph.objects(None, RDF.type) if str(cls).startswith(str(CSC)))
    return {cls: len(set(graph.subjects(RDF.type, _expand(cls)))) for cls in counter}


def _expand(short: str):
    return CSC[short.split(":", 1)[1]]


def reasoned_graph(data_dir: Path = paths.DATA_DIR, report: BuildReport | None = None,
                   reasoner: str = "auto", cache_dir: Path = paths.CACHE_DIR) -> Closure:
    """Load and reason, timing each stage into ``report``; an unchanged input is neither loaded
    from Turtle nor reasoned again (see reason_cache.py)."""
    report = report or BuildReport()
    key = cache_key([*paths.ontology_files(), *paths.data_files(data_dir)], reasoner)
    with timed(report, "load") as counted:
        cached = cached_closure(key, cache_dir)
        asserted = cached.asserted if cached else load_asserted(data_dir)
        counted["triples"] = len(asserted)
    with timed(report, "reason") as counted:
        if cached:
            report.reasoner = f"{reasoner} (unchanged input: closure reused from {cache_dir})"
            return cached
        engine = engine_for(reasoner, len(asserted))
        closure = reason(asserted, engine)
        counted["triples"] = len(closure.inferred)
        remember_closure(key, closure, cache_dir)
        report.reasoner = engine
    return closure


def check(data_dir: Path = paths.DATA_DIR, report: BuildReport | None = None, reasoner: str = "auto",
          cache_dir: Path = paths.CACHE_DIR) -> Closure:
    """Load, reason and validate; raise on any problem. Used by ``build`` and ``validate``."""
    report = report or BuildReport()
    closure = reasoned_graph(data_dir, report, reasoner, cache_dir)
    combined = closure.combined
    with timed(report, "validate") as counted:
        validate(combined, data_dir)
        counted["triples"] = len(combined)
    report.validation = "passed (SHACL shapes and check queries)"
    report.asserted_triples = len(closure.asserted)
    report.inferred_triples = len(closure.inferred)
    report.counts_by_class = counts_by_class(combined)
    return closure


def build(out_dir: Path = paths.OUT_DIR, data_dir: Path = paths.DATA_DIR,
          store: Path | None = None, reasoner: str = "auto", cache_dir: Path = paths.CACHE_DIR) -> BuildReport:
    """The whole build. ``out_dir`` (and the Oxigraph ``store``, if given) are replaced only if
    every stage succeeds."""
    report = BuildReport()
    start = time.perf_counter()
    closure = check(data_dir, report, reasoner, cache_dir)
    with staged_directory(out_dir) as staging:
        with timed(report, "export"):
            write_outputs(closure, staging, report)
        if store is not None:
            with timed(report, "store"):
                write_store(store, staging / "asserted.nt", staging / "inferred.nt")
        report.stage_seconds["total"] = time.perf_counter() - start
        (staging / "summary.txt").write_text(report.as_text() + "\n", encoding="utf-8")
        (staging / "summary.json").write_text(json.dumps(report.__dict__, indent=2) + "\n", encoding="utf-8")
    return report


def write_outputs(closure: Closure, directory: Path, report: BuildReport) -> None:
    """Every file of out/: the graphs in three formats and the ontology documentation."""
    combined = closure.combined
    write_graph(closure.asserted, directory / "asserted")
    write_graph(combined, directory / "inferred")
    write_pages(closure.asserted, combined, directory)  # map.html and gaps.html
    (directory / "ontology.html").write_text(render_ontology_html(load_ontology()), encoding="utf-8")
