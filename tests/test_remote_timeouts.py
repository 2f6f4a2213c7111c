"""--timeout bounds every call to a SPARQL server, from connecting to the last byte: a server
that accepts and never answers, or one that trickles its answer a byte at a time, is given up
on at the limit with a message that names it."""

from __future__ import annotations

import json
import time

import pytest

from csckg.store.errors import EndpointError
from csckg.store.protocol import RemoteStore
from servers import scripted_server
from test_store import cli

#: every test here starts a server on loopback (this project's or a scripted one)
pytestmark = pytest.mark.server

ANSWER = json.dumps({"head": {"vars": ["node"]}, "results": {"bindings": []}}).encode()


@pytest.mark.parametrize("behaviour", ["hang", "trickle"])
@pytest.mark.parametrize("command", [
    ["query", "projects-by-model", "--param", "model=Family Group Conferencing"],  # label resolution first
    ["query", "-e", "SELECT * WHERE { ?s ?p ?o } LIMIT 1"],
    ["map", "--out", "{tmp}/map.html"],
    ["map", "--focus", "Leeds", "--out", "{tmp}/map.html"],
    ["stats"],
    ["path", "Leeds", "Signs of Safety"],
])
def test_a_command_against_a_server_that_stalls_stops_at_its_timeout(behaviour, command, tmp_path):
    with scripted_server(behaviour, ANSWER) as (base, received):
        started = time.monotonic()
        args = [part.replace("{tmp}", str(tmp_path)) for part in command]
        result = cli(*args, "--endpoint", f"{base}/query", "--timeout", "2")
        took = time.monotonic() - started
    assert received, "the server was never asked"
    assert result.returncode == 2, result.stderr
    assert result.stderr.strip().splitlines()[-1] == (f"error: the query to the SPARQL endpoint {base}/query "
                                                      "was stopped after 2 s (raise the limit with --timeout SECONDS)")
    assert took < 12, f"took {took:.1f} s"


@pytest.mark.parametrize("behaviour", ["hang", "trickle"])
def test_push_to_a_server_that_stalls_stops_at_its_timeout(behaviour, store_dir):
    with scripted_server(behaviour, b"") as (base, _):
        started = time.monotonic()
        result = cli("push", f"{base}/store", "--timeout", "2", "--store", f"oxigraph:{store_dir}")
        took = time.monotonic() - started
    assert result.returncode == 3, result.stderr
    assert result.stderr.strip().splitlines()[-1] == (f"error: {base}/store did not take the graph within 2 s "
                                                      "(raise the limit with --timeout SECONDS)")
    assert took < 12


def test_a_label_lookup_on_a_hanging_server_is_bounded_by_the_store_timeout():
    from csckg.query.labels import resolve_node

    with scripted_server("hang") as (base, _):
        started = time.monotonic()
        with pytest.raises(Exception) as failure:
            resolve_node(RemoteStore(f"{base}/query", timeout=1), "Leeds")
        assert time.monotonic() - started < 3
    assert str(failure.value) == (f"the query to the SPARQL endpoint {base}/query was stopped after 1 s "
                                  "(raise the limit with --timeout SECONDS)")


@pytest.mark.parametrize("body, content_type, message", [
    (b"{not json", "application/sparql-results+json",
     "answered with SPARQL JSON results that cannot be read (JSONDecodeError: Expecting property name enclosed "
     "in double quotes: line 1 column 2 (char 1))"),
    (b'{"head": {"vars": ["x"]}}', "application/sparql-results+json",
     "answered with SPARQL JSON results that cannot be read (KeyError: 'results')"),
])
def test_invalid_json_from_a_server_is_a_message_naming_it(body, content_type, message):
    with scripted_server("answer", body, content_type) as (base, _):
        with pytest.raises(EndpointError) as failure:
            RemoteStore(f"{base}/query", timeout=5).query("SELECT ?x WHERE { ?x ?p ?o }")
    assert str(failure.value) == f"{base}/query {message}"
