"""Shared fixtures: the graph is built once per test session, into a temporary out/.

Markers (registered in pyproject.toml): ``browser``, ``server`` and ``slow``; ``build.py test
--quick`` leaves those tests out. A test that uses the Oxigraph or Virtuoso server fixture is marked
``server`` here, one that uses the ``browser`` fixture ``browser`` (so that no test can start
either without its marker) and one that uses the linker's ``proposals`` (a dozen evaluations
linked) ``slow``; a test that starts this project's server itself is marked in its module.
"""

from __future__ import annotations

import io
import shutil
import subprocess
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from csckg import paths
from csckg.build.pipeline import BuildReport, build
from csckg.names import label
from csckg.namespaces import sparql_prologue

FIXTURES = Path(__file__).parent / "fixtures"
MARKED_BY_FIXTURE = {"oxigraph": "server", "virtuoso": "server", "browser": "browser", "proposals": "slow"}
GRAPH = "https://w3id.org/csckg/graph"  # the named graph the tests push the built graph to


def pytest_collection_modifyitems(items):
    for item in items:
        for fixture, marker in MARKED_BY_FIXTURE.items():
            if fixture in item.fixturenames:
                item.add_marker(marker)


def run_main(*args: str) -> subprocess.CompletedProcess:
    """``build.py ARGS`` run in this process (a function call, not a new Python), with its exit
    code and what it printed; tests/test_build.py runs the real process."""
    from csckg.cli.main import main

    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        try:
            code = main(list(args))
        except SystemExit as stop:  # argparse's own errors and --help
            code = stop.code
    return subprocess.CompletedProcess(["build.py", *args], code, out.getvalue(), err.getvalue())


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> tuple[Path, BuildReport]:
    """Build the shipped data once; yield the out/ folder and the build report."""
    out = tmp_path_factory.mktemp("build") / "out"
    report = build(out_dir=out)
    return out, report


@pytest.fixture(scope="session")
def graph(built) -> Graph:
    """The reasoned graph (asserted plus kept inferences) as the build published it."""
    out, _ = built
    return Graph().parse(out / "inferred.nt", format="nt")


class Asker:
    """Run SPARQL over a graph and return answers as plain Python values.

    IRIs come back as their English labels, so a test reads like the analyst's question.
    """

    def __init__(self, graph: Graph):
        self.graph = graph

    def _plain(self, term):
        if isinstance(term, URIRef):
            return label(self.graph, term) or str(term)
        if isinstance(term, Literal):
            value = term.toPython()
            return str(value) if isinstance(value, Literal) else value
        return term

    def rows(self, query: str) -> set[tuple]:
        return {tuple(self._plain(t) for t in row) for row in self.graph.query(sparql_prologue() + query)}

    def column(self, query: str) -> set:
        return {row[0] for row in self.rows(query)}

    def boolean(self, query: str) -> bool:
        return bool(self.graph.query(sparql_prologue() + query).askAnswer)


@pytest.fixture(scope="session")
def ask(graph) -> Asker:
    return Asker(graph)


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A private copy of graph/data/ that a test may break."""
    target = tmp_path / "data"
    shutil.copytree(paths.DATA_DIR, target)
    return target


@pytest.fixture(scope="session")
def oxigraph(tmp_path_factory, built):
    """A real Oxigraph server (PyPI 'oxigraph') holding the built graph in GRAPH; yields its base URL."""
    from csckg.cli.push import push
    from servers import oxigraph_server

    out, _ = built
    with oxigraph_server(tmp_path_factory.mktemp("oxigraph")) as base:
        push(f"{base}/store", GRAPH, source=out / "inferred.nt")
        yield base


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory, built):
    """A real Virtuoso server (Debian's virtuoso-opensource, started by tests/servers.py) holding
    the built graph in GRAPH, pushed through its Graph Store Protocol; yields its base URL."""
    from csckg.cli.push import push
    from servers import virtuoso_server

    out, _ = built
    with virtuoso_server(tmp_path_factory.mktemp("virtuoso")) as base:
        push(f"{base}/sparql-graph-crud", GRAPH, source=out / "inferred.nt")
        yield base


def write_built_store(location, out):
    """The store of a build's out/: the reasoned graph, and of it the lines that were not asserted."""
    from csckg.store.disk import write_store

    asserted = set((out / "asserted.nt").read_bytes().splitlines(keepends=True))
    inferred = b"".join(line for line in (out / "inferred.nt").read_bytes().splitlines(keepends=True)
                        if line not in asserted)
    return write_store(location, out / "inferred.nt", inferred)


@pytest.fixture(scope="session")
def store_dir(tmp_path_factory, built):
    """An Oxigraph store (build --store) holding the built graph."""
    out, _ = built
    location = tmp_path_factory.mktemp("stores") / "store"
    write_built_store(location, out)
    return location


@contextmanager
def headless_chromium(flags: list[str]):
    """Chromium driven by Playwright with ``flags`` (csckg/cli/chromium.py's OFFLINE_FLAGS, or a
    variant); the test fails with what to do when Chromium is not installed."""
    from playwright.sync_api import sync_playwright

    from csckg.cli.chromium import find_chromium

    executable = find_chromium()
    if not executable:
        pytest.fail("Chromium is not installed: run 'python3 build.py test' as root (it installs Debian's "
                    "chromium), or 'apt-get install chromium', or set CSCKG_CHROMIUM to its path.")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=flags)
        yield chromium
        chromium.close()
