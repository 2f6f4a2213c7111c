"""Virtuoso, the second real SPARQL server: the README's commands give the answers the laptop
gives, and a server that does not take the graph, or answers in a form this tool cannot read,
gets a message naming it and what it said. (Every named query is compared on Virtuoso, and
stats, path and map run on it, in test_store.py.)

The server is Debian's virtuoso-opensource (installed by ``build.py test``), started by the
``virtuoso`` fixture in a temporary folder on free loopback ports with
tests/fixtures/virtuoso.ini, and stopped afterwards.
"""

from __future__ import annotations

import csv
import json
import io
import subprocess
import sys

import pytest

from conftest import GRAPH
from csckg import paths
from csckg.cli.push import push
from csckg.store.errors import EndpointError
from csckg.store.protocol import RemoteStore
from servers import scripted_server

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def cli(*args: str):
    return subprocess.run([sys.executable, str(paths.ROOT / "build.py"), *args], capture_output=True, text=True,
                          env={"CSCKG_NO_BOOTSTRAP": "1", "PATH": ""}, cwd=paths.ROOT)


def test_an_analyst_following_the_readme_gets_the_laptops_answers_from_virtuoso(virtuoso, store_dir):
    copy = f"{GRAPH}/readme"
    pushed = cli("push", f"{virtuoso}/sparql-graph-crud", "--graph", copy, "--store", f"oxigraph:{store_dir}")
    assert pushed.returncode == 0, pushed.stderr
    assert pushed.stdout.startswith(f"replaced <{copy}> at {virtuoso}/sparql-graph-crud with the built graph")
    for question in (["projects-by-model", "--param", "model=FGC"], ["evidence-map", "--param", "model=Signs of Safety"],
                     ["evidence-gaps"]):
        on_laptop = cli("query", *question, "--store", f"oxigraph:{store_dir}")
        on_virtuoso = cli("query", *question, "--endpoint", f"{virtuoso}/sparql", "--graph", copy)
        assert on_virtuoso.returncode == 0, on_virtuoso.stderr
        assert on_virtuoso.stdout == on_laptop.stdout
    # SPARQL leaves the order of GROUP_CONCAT's values to the server: the same values, listed in another order
    question = ["findings-by-project", "--param", "project=Stockport Family", "--format", "csv"]
    on_laptop = cli("query", *question, "--store", f"oxigraph:{store_dir}")
    on_virtuoso = cli("query", *question, "--endpoint", f"{virtuoso}/sparql", "--graph", copy)
    assert cells(on_virtuoso.stdout) == cells(on_laptop.stdout)
    assert "Estimate: just over 1200000 pound sterling (GBP)" in on_virtuoso.stdout


def cells(csv_text: str) -> list[list[list[str]]]:
    """A CSV answer's rows, each cell's '; '-separated values sorted."""
    return [[sorted(cell.split("; ")) for cell in row] for row in csv.reader(io.StringIO(csv_text))]


def test_pushing_twice_replaces_the_graph_on_virtuoso_rather_than_adding_to_it(virtuoso, built, graph):
    out, _ = built
    push(f"{virtuoso}/sparql-graph-crud", GRAPH, source=out / "inferred.nt")
    assert RemoteStore(f"{virtuoso}/sparql", GRAPH).query(COUNT).rows[0][0].toPython() == len(graph)


def refusal(url: str, graph: str, body: bytes) -> str:
    """What push says when the server does not take ``body``."""
    with pytest.raises(EndpointError) as failure:
        push(url, graph, body=body)
    return str(failure.value)


def test_a_url_that_does_not_take_a_graph_store_put_says_so_and_where_to_look(virtuoso):
    message = refusal(f"{virtuoso}/", f"{GRAPH}/nowhere",
                      b"<http://example.org/a> <http://example.org/b> <http://example.org/c> .\n")
    assert message.startswith(f"{virtuoso}/ (Virtuoso/07.20.")
    assert "refused the graph: HTTP 501 Method Not Implemented (is this the server's Graph Store Protocol URL?" in message
    assert "Virtuoso: /sparql-graph-crud" in message


def test_an_upload_virtuoso_rejects_gives_its_reason_as_text(virtuoso):
    message = refusal(f"{virtuoso}/sparql-graph-crud", f"{GRAPH}/broken",
                      b'<http://example.org/a> <http://example.org/b> "open .\n')
    assert message.startswith(f"{virtuoso}/sparql-graph-crud (Virtuoso/07.20.")
    assert "refused the graph: HTTP 500 Request Failed: SPARQL Graph Protocol request failed" in message
    assert "The PUT request for graph <https://w3id.org/csckg/graph/broken> is rejected" in message
    assert "<html>" not in message and "<title>" not in message
    assert RemoteStore(f"{virtuoso}/sparql", f"{GRAPH}/broken").query(COUNT).rows[0][0].toPython() == 0


def test_a_query_virtuoso_cannot_run_gives_its_error(virtuoso):
    with pytest.raises(EndpointError) as failure:
        RemoteStore(f"{virtuoso}/sparql", GRAPH).query("SELECT * WHERE { ?s ?p ?o FILTER (<http://example.org/f>(?o)) }")
    assert str(failure.value).startswith(f"{virtuoso}/sparql (Virtuoso/07.20.")
    assert "answered HTTP 500 SPARQL Request Failed: Virtuoso 42001 Error SR185: Undefined procedure" in str(failure.value)


#: What Virtuoso answers a CONSTRUCT with when SPARQL JSON results are acceptable: a table of
#: ?s ?p ?o, not a graph (this tool now asks for a graph's types only).
TABLE_FOR_A_GRAPH = (b'{ "head": { "link": [], "vars": [ "s", "p", "o" ] }, "results": { "distinct": false, '
                     b'"ordered": true, "bindings": [ { "s": { "type" : "uri", "value" : "http://example.org/a" }, '
                     b'"p": { "type" : "uri", "value" : "http://example.org/b" }, '
                     b'"o": { "type" : "uri", "value" : "http://example.org/c" }} ] } }')


def test_a_table_given_for_a_graph_is_refused_naming_the_server():
    with scripted_server("answer", TABLE_FOR_A_GRAPH) as (base, _):
        with pytest.raises(EndpointError) as failure:
            RemoteStore(f"{base}/sparql", timeout=5).query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
    assert str(failure.value) == (f"{base}/sparql was asked for a graph (CONSTRUCT or DESCRIBE) and answered with "
                                  "a table (SELECT) (application/sparql-results+json), which this tool cannot read "
                                  "as the answer")


def test_a_web_page_given_for_a_table_is_refused_with_what_it_said():
    page = b"<html><head><title>Conductor</title></head><body><h1>Please log in</h1></body></html>"
    with scripted_server("answer", page, "text/html") as (base, _):
        with pytest.raises(EndpointError) as failure:
            RemoteStore(f"{base}/sparql", timeout=5).query("SELECT * WHERE { ?s ?p ?o }")
    assert str(failure.value) == (f"{base}/sparql answered with a result type this tool does not read: text/html: "
                                  "Conductor Please log in")


def test_virtuoso_is_asked_for_a_graph_and_gives_one(virtuoso):
    result = RemoteStore(f"{virtuoso}/sparql", GRAPH).query(
        "CONSTRUCT { ?p <http://example.org/uses> ?m } WHERE { ?p <https://w3id.org/csckg/ontology#usesModel> ?m }")
    assert result.kind == "graph" and len(result.graph) > 10


def rows_of(count: int) -> bytes:
    bindings = [{"s": {"type": "uri", "value": f"http://example.org/{n}"}} for n in range(count)]
    return json.dumps({"head": {"vars": ["s"]}, "results": {"bindings": bindings}}).encode()


def test_an_answer_virtuoso_cut_at_its_row_limit_is_refused_not_taken_as_whole():
    """Virtuoso's default ResultSetMaxRows (10,000) cuts a longer answer without an error; it says
    so only in a header, as here (what Virtuoso 7.2.5 sent with ResultSetMaxRows = 100)."""
    with scripted_server("answer", rows_of(100), headers={"X-SPARQL-MaxRows": "100"}) as (base, _):
        with pytest.raises(EndpointError) as failure:
            RemoteStore(f"{base}/sparql", timeout=5).query("SELECT ?s WHERE { ?s ?p ?o }")
    assert str(failure.value) == (f"{base}/sparql cut its answer at 100 rows, its own limit (Virtuoso: "
                                  "ResultSetMaxRows in the [SPARQL] section of virtuoso.ini), so the rest is "
                                  "missing; raise that limit on the server")
    with scripted_server("answer", rows_of(99), headers={"X-SPARQL-MaxRows": "100"}) as (base, _):
        assert len(RemoteStore(f"{base}/sparql", timeout=5).query("SELECT ?s WHERE { ?s ?p ?o } LIMIT 99").rows) == 99
