"""Every store answers alike: the graph in memory (rdflib), an Oxigraph store on disk, an
Oxigraph server and a Virtuoso server; every command runs on each; a bad store path gives a message and leaves the
previous store usable."""

from __future__ import annotations

import errno
import json
import subprocess
import sys
import urllib.request

import pyoxigraph as ox
import pytest

from answers import answers, example_params
from conftest import GRAPH, write_built_store
from csckg import paths
from csckg.cli.serve import served_source
from csckg.query.library import named_queries
from csckg.query.run import run_named
from csckg.serve import Endpoint
from csckg.store.disk import MARKER, open_store_dir
from csckg.store.errors import StoreError
from csckg.store.open import StoreChoice, open_store
from csckg.store.oxigraph import OxigraphStore
from csckg.store.protocol import LocalStore, RemoteStore
from servers import csckg_server



SERVERS = ["oxigraph server", "virtuoso server"]


@pytest.fixture(scope="module")
def stores(graph, store_dir, oxigraph, virtuoso):
    return {"rdflib": LocalStore(graph), "oxigraph store": OxigraphStore(open_store_dir(store_dir)),
            "oxigraph server": RemoteStore(f"{oxigraph}/query", GRAPH),
            "virtuoso server": RemoteStore(f"{virtuoso}/sparql", GRAPH)}


@pytest.mark.parametrize("name", sorted(named_queries()))
def test_every_named_query_answers_the_same_on_every_store(stores, name):
    params = example_params(named_queries()[name])
    got = {label: answers(run_named(store, name, params)) for label, store in stores.items()}
    assert got["rdflib"], f"{name} returns no rows for its own example, so the comparison would prove nothing"
    assert got["oxigraph store"] == got["rdflib"]
    assert got["oxigraph server"] == got["rdflib"]
    assert got["virtuoso server"] == got["rdflib"]


def cli(*args: str):
    return subprocess.run([sys.executable, str(paths.ROOT / "build.py"), *args], capture_output=True, text=True,
                          env={"CSCKG_NO_BOOTSTRAP": "1", "PATH": ""}, cwd=paths.ROOT)


def where(kind, store_dir, request) -> list[str]:
    """The command-line options that point a command at ``kind`` (servers are started on first use)."""
    if kind == "oxigraph store":
        return ["--store", f"oxigraph:{store_dir}"]
    if kind == "oxigraph server":
        return ["--endpoint", f"{request.getfixturevalue('oxigraph')}/query", "--graph", GRAPH]
    return ["--endpoint", f"{request.getfixturevalue('virtuoso')}/sparql", "--graph", GRAPH]


@pytest.mark.server
@pytest.mark.parametrize("kind", ["oxigraph store", *SERVERS])
def test_the_reading_commands_run_on_the_store(kind, store_dir, built, tmp_path, request):
    out, _ = built
    option = where(kind, store_dir, request)
    query = cli("query", "projects-by-model", "--param", "model=FGC", *option)
    assert query.returncode == 0, query.stderr
    assert "Leeds Family Valued" in query.stdout and "(2 rows)" in query.stdout
    stats = cli("stats", "--top", "3", "--built", str(out), *option)
    assert stats.returncode == 0, stats.stderr
    local = cli("stats", "--top", "3", "--built", str(out))
    drawn_here, drawn_locally = stats.stdout.splitlines()[0], local.stdout.splitlines()[0]  # "N nodes and M links"
    if kind == "oxigraph store":
        assert drawn_here == drawn_locally
    else:  # a server holds no separate asserted graph, so inferred links are drawn too
        assert drawn_here.split(" nodes")[0] == drawn_locally.split(" nodes")[0]
    path = cli("path", "Leeds", "Signs of Safety", "--built", str(out), *option)
    assert path.returncode == 0 and "link(s)" in path.stdout, path.stderr
    drawn = cli("map", "--out", str(tmp_path / "map.html"), "--built", str(out), *option)
    assert drawn.returncode == 0 and (tmp_path / "map.html").exists(), drawn.stderr


def drawn(view):
    """Everything a map shows: each node with its attributes, and each link."""
    return ({node: dict(data) for node, data in view.nodes(data=True)},
            {frozenset(edge): data["relation"] for *edge, data in view.edges(data=True)})


@pytest.mark.server
@pytest.mark.parametrize("kind", ["oxigraph store", *SERVERS])
@pytest.mark.parametrize("focus, depth", [("Leeds Family Valued", 2), ("Family Group Conferencing", 1),
                                          ("model:signs-of-safety", 2), ("Hackney", 2), ("FGC", 2)])
def test_a_focused_map_fetched_from_a_store_draws_what_the_whole_graph_draws(kind, focus, depth, store_dir,
                                                                             tmp_path, request):
    """On a store only the neighbourhood is fetched; the map must not lose or change a node or a link by it."""
    from csckg.store.open import open_graphs
    from visualise.fetch import neighbourhood_graphs
    from visualise.select import neighbourhood
    from visualise.view import build_view

    option = where(kind, store_dir, request)
    choice = (StoreChoice(store=option[1]) if kind == "oxigraph store"
              else StoreChoice(endpoint=option[1], default_graph=GRAPH))
    whole = neighbourhood(build_view(*open_graphs(choice)), focus, depth)
    store = open_store(choice)
    fetched = neighbourhood(build_view(*neighbourhood_graphs(store, focus, depth, kind == "oxigraph store")),
                            focus, depth)
    assert whole.number_of_nodes() > 5
    assert drawn(fetched) == drawn(whole)
    command = cli("map", "--focus", focus, "--depth", str(depth), "--out", str(tmp_path / "map.html"),
                  *option)
    assert command.returncode == 0, command.stderr
    assert command.stdout.startswith(f"{whole.number_of_nodes()} nodes and {whole.number_of_edges()} links")


def test_a_focus_that_names_nothing_in_a_store_lists_the_nearest_labels(store_dir, oxigraph):
    missing = cli("map", "--focus", "Leeds Family Valud", "--store", f"oxigraph:{store_dir}")
    assert missing.returncode != 0 and "nothing is labelled 'Leeds Family Valud'" in missing.stderr


def test_validate_and_push_read_the_oxigraph_store(store_dir, oxigraph, graph):
    checked = cli("validate", "--store", f"oxigraph:{store_dir}")
    assert checked.returncode == 0 and "passed" in checked.stdout, checked.stderr
    pushed = cli("push", f"{oxigraph}/store", "--graph", f"{GRAPH}/copy", "--store", f"oxigraph:{store_dir}")
    assert pushed.returncode == 0, pushed.stderr
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    assert RemoteStore(f"{oxigraph}/query", f"{GRAPH}/copy").query(count).rows[0][0].toPython() == len(graph)


@pytest.mark.server
def test_serve_answers_from_the_oxigraph_store(store_dir, graph):
    with csckg_server(Endpoint(served_source(f"oxigraph:{store_dir}", False), workers=1, log=lambda line: None)) as base:
        request = urllib.request.Request(f"{base}/sparql?query=ASK%20%7B%3Fs%20a%20%3Fo%7D",
                                         headers={"Accept": "application/sparql-results+json"})
        assert json.loads(urllib.request.urlopen(request).read())["boolean"] is True


def test_a_path_that_is_not_a_store_gives_a_message(tmp_path):
    (tmp_path / "notes.txt").write_text("not a store")
    result = cli("query", "projects-by-model", "--store", f"oxigraph:{tmp_path}")
    assert result.returncode == 2 and "is not a csckg store" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_store_of_another_ontology_version_gives_a_message(store_dir, tmp_path):
    import shutil

    copy = tmp_path / "old"
    shutil.copytree(store_dir, copy)
    marker = json.loads((copy / MARKER).read_text())
    (copy / MARKER).write_text(json.dumps({**marker, "ontology_version": "0.9"}))
    with pytest.raises(StoreError, match="built with ontology version 0.9, but the ontology is now version"):
        open_store_dir(copy)


def test_a_disk_that_fills_up_mid_load_leaves_the_previous_store_usable(built, tmp_path, monkeypatch):
    out, _ = built
    location = tmp_path / "store"
    write_built_store(location, out)

    def full(self, *args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(ox.Store, "bulk_load", full, raising=False)
    with pytest.raises(StoreError, match="No space left on device.*previous store .* is unchanged"):
        write_built_store(location, out)
    monkeypatch.undo()
    store = OxigraphStore(open_store_dir(location))
    assert store.query("ASK { ?s a <https://w3id.org/csckg/ontology#Project> }").boolean
    assert [p.name for p in tmp_path.iterdir()] == ["store"]  # no staged folder left behind
