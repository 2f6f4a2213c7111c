"""The local SPARQL endpoint (`build.py serve`), tested with a real client and with raw HTTP."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request

import pytest
from rdflib import Graph
from SPARQLWrapper import JSON, SPARQLWrapper

from csckg.serve import Endpoint
from servers import csckg_server

pytestmark = pytest.mark.server  # every test here talks to this project's endpoint over HTTP

PROJECTS = ("PREFIX csc: <https://w3id.org/csckg/ontology#> "
            "SELECT ?p WHERE { ?p a csc:Project } ORDER BY ?p")


@pytest.fixture(scope="module")
def endpoint_url(graph):
    with csckg_server(Endpoint(graph, timeout=30, workers=2, log=lambda line: None)) as base:
        yield base


def http(url: str, data: bytes | None = None, headers: dict | None = None, method: str | None = None):
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers.get_content_type(), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get_content_type(), error.read().decode()


def get(base: str, query: str, accept: str = "") -> tuple[int, str, str]:
    return http(f"{base}/sparql?{urllib.parse.urlencode({'query': query})}", headers={"Accept": accept})


def test_sparqlwrapper_lists_the_seventeen_projects(endpoint_url):
    client = SPARQLWrapper(f"{endpoint_url}/sparql")
    client.setQuery(PROJECTS)
    client.setReturnFormat(JSON)
    bindings = client.queryAndConvert()["results"]["bindings"]
    assert len(bindings) == 17
    assert {"type": "uri", "value": "https://w3id.org/csckg/project/leeds-family-valued"} in [b["p"] for b in bindings]


def test_post_form_and_direct_query_bodies_both_work(endpoint_url):
    form = urllib.parse.urlencode({"query": PROJECTS}).encode()
    status, kind, body = http(f"{endpoint_url}/sparql", form, {"Content-Type": "application/x-www-form-urlencoded"})
    assert (status, kind, len(json.loads(body)["results"]["bindings"])) == (200, "application/sparql-results+json", 17)
    status, kind, body = http(f"{endpoint_url}/sparql", PROJECTS.encode(), {"Content-Type": "application/sparql-query"})
    assert (status, len(json.loads(body)["results"]["bindings"])) == (200, 17)


@pytest.mark.parametrize("accept, media, first_line", [
    ("text/csv", "text/csv", "p"),
    ("text/tab-separated-values", "text/tab-separated-values", "?p"),
    ("application/sparql-results+xml", "application/sparql-results+xml", '<?xml version="1.0"?>'),
    ("application/sparql-results+json", "application/sparql-results+json", "{"),
    ("text/html;q=0.5, text/csv;q=0.9", "text/csv", "p"),
])
def test_select_results_are_negotiated_by_accept_header(endpoint_url, accept, media, first_line):
    status, kind, body = get(endpoint_url, PROJECTS, accept)
    assert (status, kind) == (200, media)
    assert body.splitlines()[0].strip().startswith(first_line)
    assert "leeds-family-valued" in body


@pytest.mark.parametrize("accept, media, fmt", [
    ("text/turtle", "text/turtle", "turtle"), ("application/n-triples", "application/n-triples", "nt"),
    ("application/ld+json", "application/ld+json", "json-ld"), ("", "text/turtle", "turtle"),
])
def test_construct_results_are_rdf_in_the_negotiated_syntax(endpoint_url, accept, media, fmt):
    query = ("PREFIX csc: <https://w3id.org/csckg/ontology#> CONSTRUCT { ?p a csc:Project } "
             "WHERE { ?p a csc:Project }")
    status, kind, body = get(endpoint_url, query, accept)
    assert (status, kind) == (200, media)
    assert len(Graph().parse(data=body, format=fmt)) == 17


def test_a_malformed_query_is_a_400_with_line_and_column(endpoint_url):
    status, kind, body = get(endpoint_url, "SELECT ?x WHERE {\n  ?x ?y \n")
    assert status == 400 and kind == "text/plain"
    assert body.startswith("SPARQL syntax error in query at line 2, column 3")


def test_an_unacceptable_result_type_is_a_406(endpoint_url):
    status, _, body = get(endpoint_url, PROJECTS, "image/png")
    assert status == 406 and "text/csv" in body


def test_updates_are_refused_unless_allowed(endpoint_url):
    form = urllib.parse.urlencode({"update": "CLEAR ALL"}).encode()
    status, _, body = http(f"{endpoint_url}/update", form, {"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 403 and "--allow-updates" in body
    assert json.loads(get(endpoint_url, PROJECTS)[2])["results"]["bindings"], "the graph was changed"


def test_updates_with_the_token_change_the_served_copy_when_allowed(graph):
    endpoint = Endpoint(graph, allow_updates=True, update_token="s3cret-token", workers=2, log=lambda line: None)
    with csckg_server(endpoint) as base:
        update = ("PREFIX csc: <https://w3id.org/csckg/ontology#> "
                  "INSERT DATA { <https://w3id.org/csckg/project/test> a csc:Project }")
        status, _, _ = http(f"{base}/update", update.encode(), {"Content-Type": "application/sparql-update",
                                                                "Authorization": "Bearer s3cret-token"})
        assert status == 204
        assert len(json.loads(get(base, PROJECTS)[2])["results"]["bindings"]) == 18


def test_the_query_page_offers_the_named_queries_and_loads_nothing_from_outside(endpoint_url):
    status, kind, page = http(f"{endpoint_url}/")
    assert (status, kind) == (200, "text/html")
    assert "Ask a named question" in page and "/sparql" in page
    from csckg.query.library import named_queries

    assert all(f'<option value="{name}">' in page for name in named_queries())
    assert "src=\"http" not in page and "href=\"http" not in page


def test_an_unknown_page_is_a_404(endpoint_url):
    assert http(f"{endpoint_url}/nothing-here")[0] == 404
