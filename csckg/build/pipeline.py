"""The build: load, reason, validate, and write out/ — each stage timed."""

from __future__ import annotations

import json
import resource
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

import pyoxigraph as ox

from .. import paths
from ..export.graphs import write_graph
from ..export.pages import page_writers
from ..files import staged_directory
from ..load import input_files, load_asserted
from ..names import curie
from ..namespaces import CSC
from ..reason.cache import cache_key, cached_closure, remember_closure
from ..reason.closure import Closure, engine_for, reason
from ..reason.derive import derive, rule_files
from ..store.disk import StagedStore
from ..store.oxigraph import from_oxigraph
from ..validate.problems import validate


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
    warnings: list[str] = field(default_factory=list)

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
            *self.warnings,
        ]
        return "\n".join(lines)


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


COUNTS_BY_CLASS = f"""
SELECT ?class (COUNT(DISTINCT ?node) AS ?count)
WHERE {{ ?node a ?class FILTER(STRSTARTS(STR(?class), "{CSC}")) }}
GROUP BY ?class
"""


def counts_by_class(store: ox.Store) -> dict[str, int]:
    """How many nodes of each of the ontology's own classes the reasoned graph holds."""
    return {curie(from_oxigraph(row["class"])): int(row["count"].value) for row in store.query(COUNTS_BY_CLASS)}


def reasoned_graph(data_dir: Path = paths.DATA_DIR, report: BuildReport | None = None,
                   reasoner: str = "auto", cache_dir: Path = paths.CACHE_DIR) -> Closure:
    """Load and reason, timing each stage into ``report``; an unchanged input is neither loaded
    from Turtle nor reasoned again (see reason/cache.py)."""
    report = report or BuildReport()
    key = cache_key([*input_files(data_dir), *rule_files()], reasoner)
    with timed(report, "load") as counted:
        cached = cached_closure(key, cache_dir)
        asserted = cached.asserted if cached else load_asserted(data_dir)
        counted["triples"] = len(asserted)
    with timed(report, "reason") as counted:
        if cached:
            report.reasoner = f"{reasoner} (unchanged input: closure reused from {cache_dir})"
            return cached
        engine = engine_for(reasoner, asserted)
        closure = reason(asserted, engine)
        closure.add_inferred(derive(closure.asserted, closure.store(), data_dir))
        counted["triples"] = len(closure.inferred)
        remember_closure(key, closure, cache_dir)
        report.reasoner = engine
    return closure


def validated(closure: Closure, report: BuildReport, data_dir: Path = paths.DATA_DIR) -> Closure:
    """Validate the closure (raise on any problem) and record its counts in ``report``."""
    with timed(report, "validate") as counted:
        store = closure.store()
        validate(store, data_dir)
        counted["triples"] = len(closure.asserted) + len(closure.inferred)
    report.validation = "passed (SHACL shapes and check queries)"
    report.asserted_triples = len(closure.asserted)
    report.inferred_triples = len(closure.inferred)
    report.counts_by_class = counts_by_class(store)
    return closure


#: The counts a build compares with the previous successful one: a fall is usually a fact lost by mistake.
WATCHED_COUNTS = {"csc:Project": "projects", "csc:Evaluation": "evaluations", "csc:Finding": "findings"}


def fallen_counts(previous_summary: Path, counts: dict[str, int]) -> list[str]:
    """A warning for each watched count that is lower than in ``previous_summary`` (summary.json)."""
    try:
        before = json.loads(previous_summary.read_text(encoding="utf-8"))["counts_by_class"]
    except (OSError, ValueError, KeyError, TypeError):
        return []  # no previous build (or one from before summaries had counts): nothing to compare
    warnings = []
    for name, noun in WATCHED_COUNTS.items():
        old, new = before.get(name, 0), counts.get(name, 0)
        if new < old:
            warnings.append(f"warning: the graph has {new} {noun}, {old - new} fewer than the previous "
                            f"successful build ({old}); if that is not meant, look for an emptied or "
                            "deleted file or a misspelt type")
    return warnings


def check(data_dir: Path = paths.DATA_DIR, report: BuildReport | None = None, reasoner: str = "auto",
          cache_dir: Path = paths.CACHE_DIR) -> Closure:
    """Load, reason and validate; raise on any problem. Used by ``validate`` and the linker."""
    report = report or BuildReport()
    return validated(reasoned_graph(data_dir, report, reasoner, cache_dir), report, data_dir)


def build(out_dir: Path = paths.OUT_DIR, data_dir: Path = paths.DATA_DIR,
          store: Path | None = None, reasoner: str = "auto", cache_dir: Path = paths.CACHE_DIR) -> BuildReport:
    """The whole build. ``out_dir`` (and the Oxigraph ``store``, if given) are replaced only if
    every stage succeeds; the store is written in the background from the moment the closure
    is known (see store/disk.py, StagedStore), so its stage shows only the wait at the end."""
    report = BuildReport()
    start = time.perf_counter()
    closure = reasoned_graph(data_dir, report, reasoner, cache_dir)
    writer = StagedStore(store, closure.ntriples("combined"), closure.ntriples("inferred")) if store else None
    try:
        validated(closure, report, data_dir)
        report.warnings = fallen_counts(out_dir / "summary.json", report.counts_by_class)
        for warning in report.warnings:
            progress(warning)
        with staged_directory(out_dir) as staging:
            with timed(report, "export"):
                write_outputs(closure, staging)
            if writer is not None:
                with timed(report, "store"):
                    writer.commit()
            report.stage_seconds["total"] = time.perf_counter() - start
            (staging / "summary.txt").write_text(report.as_text() + "\n", encoding="utf-8")
            (staging / "summary.json").write_text(json.dumps(report.__dict__, indent=2) + "\n", encoding="utf-8")
    except BaseException:
        if writer is not None:
            writer.discard()
        raise
    return report


def write_outputs(closure: Closure, directory: Path) -> None:
    """Every file of out/: the graphs in three formats, the maps and the ontology documentation.

    Oxigraph writes the graphs outside Python's lock, so they are written in two threads while
    this one draws the pages.
    """
    with ThreadPoolExecutor(max_workers=2) as pool:
        graphs = [pool.submit(write_graph, closure.ntriples(which), directory / stem)
                  for which, stem in (("asserted", "asserted"), ("combined", "inferred"))]
        for write_pages in page_writers():  # the ontology page, the map and the gap map
            write_pages(closure, directory)
        for written in graphs:
            written.result()
