"""Any SPARQL server: push the built graph to a real Oxigraph server (the named queries are
compared on every store in test_store.py).

The server is the Oxigraph server from PyPI (a test dependency), started by the fixture on
a free port of 127.0.0.1 and stopped afterwards.
"""

from __future__ import annotations

import subprocess
import sys

import pytest
from rdflib import Literal

from conftest import GRAPH
from csckg import paths
from csckg.cli.push import push
from csckg.store.errors import EndpointError
from csckg.store.protocol import RemoteStore
from servers import free_port

pytestmark = pytest.mark.server  # an Oxigraph server, or a port where none answers


def test_pushing_twice_replaces_the_graph_rather_than_adding_to_it(oxigraph, built, graph):
    out, _ = built
    remote = RemoteStore(f"{oxigraph}/query", GRAPH)
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    before = remote.query(count).rows[0][0].toPython()
    push(f"{oxigraph}/store", GRAPH, source=out / "inferred.nt")
    assert remote.query(count).rows[0][0].toPython() == before == len(graph)


def cli(*args: str):
    return subprocess.run([sys.executable, str(paths.ROOT / "build.py"), *args], capture_output=True, text=True,
                          env={"CSCKG_NO_BOOTSTRAP": "1", "PATH": ""}, cwd=paths.ROOT)


def test_the_query_command_runs_against_the_server_with_labels(oxigraph):
    query = ("SELECT ?p WHERE { ?p csc:usesModel ?m . ?m skos:altLabel ?a FILTER (STR(?a) = 'FGC') } ORDER BY ?p")
    result = cli("query", "-e", query, "--endpoint", f"{oxigraph}/query", "--graph", GRAPH)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[2:4] == ["Leeds Family Valued", "NE Lincolnshire Creating Strong Communities"]


def test_an_injection_attempt_is_only_a_value_on_the_server_too(oxigraph, graph):
    remote = RemoteStore(f"{oxigraph}/query", GRAPH)
    query = "SELECT ?s WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label }"
    from csckg.store.inject import bind_in_text
    sent = bind_in_text(query, {"label": Literal('x" } DROP ALL #')})
    assert remote.query(sent).rows == []
    assert remote.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows[0][0].toPython() == len(graph)


def test_a_server_that_is_down_gives_a_message_and_a_non_zero_exit():
    url = f"http://127.0.0.1:{free_port()}/query"
    result = cli("query", "-e", "SELECT * WHERE { ?s ?p ?o } LIMIT 1", "--endpoint", url)
    assert result.returncode == 3
    assert f"could not reach the SPARQL endpoint {url}" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_server_that_answers_an_error_gives_its_status_and_message(oxigraph):
    with pytest.raises(EndpointError, match="answered HTTP 404"):
        RemoteStore(f"{oxigraph}/no-such-path").query("SELECT * WHERE { ?s ?p ?o } LIMIT 1")


def test_pushing_to_a_server_that_is_down_gives_a_message(built):
    out, _ = built
    with pytest.raises(EndpointError, match="could not reach"):
        push(f"http://127.0.0.1:{free_port()}/store", GRAPH, source=out / "inferred.nt", timeout=5)
