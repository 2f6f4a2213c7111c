"""One benchmark run in its own process (so peak memory is this run's): a pipeline on one data folder.

    python bench/stages.py project|baseline DATA_DIR WORK_DIR

Prints one JSON line per finished stage: {"stage", "seconds", "peak_mb", "cached"}, and one per
named query: {"query", "median_ms"}. ``cached`` is true when the stage's work was served from
a cache instead of done; the project's run starts from an empty reasoning cache (WORK_DIR/cache
is emptied first), so that is never meant to happen, and the output would say so if it did.

- project: this tool's build (load, reason with --reasoner auto, validate, export) into an
  Oxigraph store; then a map: the neighbourhood of Leeds Family Valued (depth 2) fetched
  from the store as ``map --focus`` draws it (map-view), the page written (map) and its
  layout settled in headless Chromium (map-settle, when Playwright and Chromium are there);
  then every named query on the Oxigraph store.
- baseline: what a user would write by hand with the same libraries: rdflib parses the
  files, owlrl computes the OWL 2 RL closure, pyshacl validates, rdflib writes N-Triples, the
  map is drawn with pyvis's own add_node and add_edge, and the queries run on rdflib.
"""

from __future__ import annotations

import json
import shutil
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from csckg import paths  # noqa: E402
from csckg.build.pipeline import build, peak_mb  # noqa: E402

MAP_NODES = 5000  # the baseline draws this many subjects
#: One project's story, as an analyst draws it (map --focus, which stops at sources, models and
#: elements). Until issue #16 this was Family Group Conferencing, cut to 5,000 nodes: a model
#: is shared by every copy's projects, so its neighbourhood grows with the graph (see README).
MAP_FOCUS, MAP_DEPTH = "project:leeds-family-valued", 2
REPEATS = 5  # the median of up to five runs


def emit(**row) -> None:
    print(json.dumps(row), flush=True)


def timed_stage(stage: str, work):
    start = time.perf_counter()
    result = work()
    emit(stage=stage, seconds=time.perf_counter() - start, peak_mb=peak_mb(), cached=False)
    return result


def example_bindings(store, query):
    import shlex

    from csckg.query.params import bind_parameters

    words = shlex.split(query.header.get("example", ""))
    given = dict(words[i + 1].split("=", 1) for i, w in enumerate(words) if w in ("--param", "-p"))
    return bind_parameters(store, query, given)


def query_latencies(store) -> None:
    from csckg.query.library import named_queries

    for name, query in named_queries().items():
        bindings = example_bindings(store, query)
        times = []
        while len(times) < REPEATS and sum(times) < 2000:  # a query slower than 2 s is timed fewer times
            start = time.perf_counter()
            store.query(query.text, bindings)
            times.append((time.perf_counter() - start) * 1000)
        emit(query=name, median_ms=statistics.median(times))


def settle_seconds(page: Path) -> float | None:
    """Seconds from opening the map in headless Chromium (offline) until its layout has settled
    (the page sets body[data-settled]); None when Playwright or Chromium is missing."""
    from csckg.cli.chromium import OFFLINE_FLAGS, find_chromium

    executable = find_chromium()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    if not executable:
        return None
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=OFFLINE_FLAGS)
        tab = browser.new_page(viewport={"width": 1400, "height": 900})
        start = time.perf_counter()
        tab.goto(page.resolve().as_uri())
        tab.wait_for_selector("body[data-settled=true]", state="attached", timeout=600_000)
        seconds = time.perf_counter() - start
        browser.close()
    return seconds


def served_from_cache(report) -> bool:
    """Whether the build's load and reason were served from the reasoning cache (the reasoner
    named in its report says so: see csckg/build/pipeline.py, reasoned_graph)."""
    return "closure reused" in report.reasoner


def cold_build(data: Path, work: Path) -> list[dict]:
    """The build's stage rows, from an empty reasoning cache: a closure an earlier run left in
    WORK_DIR/cache would make load and reason take no time. ``cached`` says whether a stage was
    served from the cache all the same."""
    cache = work / "cache"
    shutil.rmtree(cache, ignore_errors=True)
    start = time.perf_counter()
    report = build(out_dir=work / "out", data_dir=data, store=work / "store", cache_dir=cache)
    reused = served_from_cache(report)
    rows = [dict(stage=stage, seconds=report.stage_seconds[stage], peak_mb=report.stage_peak_mb[stage],
                 cached=reused and stage in ("load", "reason"))
            for stage in ("load", "reason", "validate", "export", "store")]
    return [*rows, dict(stage="build", seconds=time.perf_counter() - start, peak_mb=peak_mb(), cached=reused)]


def project(data: Path, work: Path) -> None:
    from csckg.store.disk import open_store_dir
    from csckg.store.oxigraph import OxigraphStore
    from visualise.fetch import neighbourhood_graphs
    from visualise.network_map import write_map
    from visualise.select import neighbourhood
    from visualise.view import build_view

    for row in cold_build(data, work):
        emit(**row)

    store = OxigraphStore(open_store_dir(work / "store"))
    # What an analyst draws of a large graph: a neighbourhood, fetched from the store and cut as
    # map --focus MAP_FOCUS --depth MAP_DEPTH --store oxigraph:... draws it.
    view = timed_stage("map-view", lambda: neighbourhood(
        build_view(*neighbourhood_graphs(store, MAP_FOCUS, MAP_DEPTH, separate_asserted=True)), MAP_FOCUS, MAP_DEPTH))
    emit(note=f"map of {view.number_of_nodes()} nodes, {view.number_of_edges()} links")
    page = timed_stage("map", lambda: write_map(view, work / "map.html"))
    seconds = settle_seconds(page)
    if seconds is not None:
        emit(stage="map-settle", seconds=seconds, peak_mb=peak_mb(), cached=False)
    query_latencies(store)


def baseline(data: Path, work: Path) -> None:
    import owlrl
    from pyshacl import validate
    from rdflib import Graph

    from csckg.store.protocol import LocalStore

    start = time.perf_counter()

    def load():
        graph = Graph()
        for path in [*paths.ontology_files(), *sorted(data.rglob("*.ttl"))]:
            graph.parse(path, format="turtle")
        return graph

    graph = timed_stage("load", load)
    timed_stage("reason", lambda: owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(graph))
    shapes = Graph().parse(paths.SHAPES_FILE, format="turtle")
    timed_stage("validate", lambda: validate(graph, shacl_graph=shapes, advanced=True))
    timed_stage("export", lambda: graph.serialize(destination=work / "inferred.nt", format="nt"))
    emit(stage="build", seconds=time.perf_counter() - start, peak_mb=peak_mb(), cached=False)

    def draw():
        from pyvis.network import Network

        network = Network()
        subjects = list(dict.fromkeys(graph.subjects()))[:MAP_NODES]
        chosen = set(subjects)
        for node in subjects:
            network.add_node(str(node), label=str(node))
        for s, _, o in graph:
            if s in chosen and o in chosen and s != o:
                network.add_edge(str(s), str(o))
        network.write_html(str(work / "map.html"))

    timed_stage("map", draw)
    query_latencies(LocalStore(graph))


def main() -> int:
    pipeline, data, work = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    work.mkdir(parents=True, exist_ok=True)
    {"project": project, "baseline": baseline}[pipeline](data, work)
    return 0


if __name__ == "__main__":
    sys.exit(main())
