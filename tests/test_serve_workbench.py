"""The query workbench at /, asked as an analyst would: in headless Chromium, offline, against the
project's own server on a free port; and the server's answers to bad queries."""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from csckg.cli.chromium import SERVER_FLAGS
from csckg.namespaces import CSC, PREFIXES
from csckg.query.worker import Source
from csckg.serve import Endpoint
from conftest import headless_chromium
from servers import csckg_server, raw_request

pytestmark = pytest.mark.server
ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = Path(__file__).parent / "artifacts"
HOSTILE = "<img src=x onerror=alert(1)>"



def cli(*args: str) -> str:
    done = subprocess.run([sys.executable, str(ROOT / "build.py"), *args], capture_output=True, text=True,
                          cwd=ROOT, timeout=600)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture(scope="module")
def server(built):
    out, _ = built
    with csckg_server(Endpoint(Source("file", "the test build", path=out / "inferred.nt"), workers=2)) as base:
        yield base


def get(url: str, data: bytes | None = None, headers: dict | None = None) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, data=data, headers=headers or {}), timeout=60) as r:
            return r.status, r.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


# --- the server's answers ------------------------------------------------------------------

def test_an_undeclared_prefix_at_sparql_is_a_400_naming_the_prefix_and_its_line(server):
    status, text = get(server + "/sparql", b"SELECT ?p WHERE {\n  ?p a foo:Project }",
                       {"Content-Type": "application/sparql-query"})
    assert status == 400
    assert text == ("SPARQL syntax error in query at line 2, column 8: the prefix 'foo:' is not declared "
                    "(add PREFIX foo: <...> at the top)\n")


def test_the_workbench_gives_the_analysts_own_line_though_the_prefixes_come_first(server):
    status, text = get(server + "/run", urllib.parse.urlencode({"sparql": "SELECT ?p WHERE {\n ?p a csc:Project\n FILTER( }"}).encode())
    assert status == 400 and "at line 3, column" in text


def test_a_wrong_kind_or_an_empty_required_parameter_is_refused_with_a_message(server):
    status, text = get(server + "/run?" + urllib.parse.urlencode({"run": "projects-by-model", "model": "Hull"}))
    assert status == 400 and text.startswith("model='Hull' is Hull (agent:hull), a local authority, not a practice model.")
    status, text = get(server + "/run?run=projects-by-model&model=")
    assert status == 400 and text.startswith("query 'projects-by-model' needs a value for model")
    status, text = get(server + "/run?run=no-such-query")
    assert status == 404 and "there is no named query 'no-such-query'" in text


def test_suggestions_are_of_the_parameters_kind(server):
    status, text = get(server + "/suggest?kind=model&q=FCG")
    assert status == 200 and [s["label"] for s in json.loads(text)] == ["Family Group Conferencing"]
    status, text = get(server + "/suggest?kind=project&q=Safe%20Families")
    assert json.loads(text)[0] == {"iri": "https://w3id.org/csckg/project/safe-families",
                                   "curie": "project:safe-families", "label": "Safe Families",
                                   "kind": "Project", "matched": "Safe Families"}
    assert get(server + "/suggest?kind=nonsense&q=x")[0] == 400


def test_an_oversized_request_is_a_413_not_a_dropped_connection(server):
    body = b"sparql=" + b"x" * 1_100_000
    host = server.split("//")[1].encode()
    status, text = raw_request(server, b"POST /run HTTP/1.1\r\nHost: " + host + b"\r\nContent-Type: "
                                       b"application/x-www-form-urlencoded\r\nContent-Length: %d\r\n\r\n" % len(body) + body)
    assert status == 413 and text


# --- in the browser ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def chromium():
    with headless_chromium(SERVER_FLAGS) as browser:
        yield browser


@pytest.fixture
def workbench(chromium):
    """Open a workbench URL; afterwards, nothing may have gone wrong in the page or left 127.0.0.1."""
    contexts, pages = [], []

    def opener(url: str):
        context = chromium.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
        contexts.append(context)
        page = context.new_page()
        page.problems, page.away = [], []
        context.route("**/*", lambda route: route.continue_() if route.request.url.startswith("http://127.0.0.1")
                      else (page.away.append(route.request.url), route.abort()))
        page.on("pageerror", lambda e: page.problems.append(str(e)))
        page.on("dialog", lambda d: (page.problems.append(d.message), d.dismiss()))
        page.goto(url)
        pages.append(page)
        return page

    yield opener
    for page in pages:
        assert page.problems == [] and page.away == []
    for context in contexts:
        context.close()


def table(page) -> list[list[str]]:
    return page.evaluate("""[...document.querySelectorAll('#result-table tbody tr')].map(
        (tr) => [...tr.cells].map((td) => td.textContent))""")


def downloaded(page, button: str) -> str:
    with page.expect_download() as download:
        page.click(button)
    return Path(download.value.path()).read_bytes().decode("utf-8")


def test_which_projects_used_fgc_from_the_form_sorted_downloaded_and_linked(workbench, server, tmp_path):
    page = workbench(server + "/")
    page.select_option("#named", "projects-by-model")
    page.click("#run-named")  # the model left empty: refused, not run without it
    assert page.text_content("#status").startswith("Give a value for model:")
    page.type("#param-model", "FCG", delay=30)
    page.wait_for_selector(".suggestions li")
    assert page.text_content(".suggestions li") == "Family Group ConferencingPractice model · FGC"
    page.click(".suggestions li")
    assert page.input_value("#param-model") == "Family Group Conferencing"
    page.click("#run-named")
    page.wait_for_selector("#result-table")
    assert page.text_content("#status").startswith("2 rows in ")
    page.click("#result-table th:nth-child(4)")  # authority, A to Z
    assert [row[3] for row in table(page)] == ["Leeds", "North East Lincolnshire"]
    page.click("#result-table th:nth-child(4)")
    assert [row[3] for row in table(page)] == ["North East Lincolnshire", "Leeds"]
    link = page.get_attribute("#result-table tbody tr:first-child td:nth-child(2) a", "href")
    assert link == "/project/ne-lincolnshire-strong-communities"
    expected = cli("query", "projects-by-model", "--param", "model=Family Group Conferencing", "--format", "csv")
    assert downloaded(page, "#save-csv") == expected
    assert downloaded(page, "#save-tsv") == cli("query", "projects-by-model", "--param",
                                                  "model=Family Group Conferencing", "--format", "tsv")
    assert downloaded(page, "#save-json") == cli("query", "projects-by-model", "--param",
                                                   "model=Family Group Conferencing", "--format", "json")
    permalink = page.input_value("#permalink")
    assert permalink == server + "/?run=projects-by-model&model=Family+Group+Conferencing"
    again = workbench(permalink)
    again.wait_for_selector("#result-table")
    assert again.input_value("#param-model") == "Family Group Conferencing"
    assert sorted(table(again)) == sorted(table(page))
    page.check("#show-iris")
    assert table(page)[0][1] == "https://w3id.org/csckg/project/ne-lincolnshire-strong-communities"


def test_cost_savings_read_as_pounds_and_draw_a_chart(workbench, server):
    page = workbench(server + "/?run=cost-savings")
    page.wait_for_selector("#result-table")
    rows = table(page)
    aac = next(row for row in rows if row[0] == "Active Agents for Change")
    assert aac[2] == "27,000" and aac[3] == "£"
    assert page.get_attribute("#result-table tbody tr:first-child td:nth-child(4)", "title") == "pound sterling (GBP)"
    assert page.is_visible("#chart")
    bars = page.evaluate("[...document.querySelectorAll('#chart text')].map((t) => t.firstChild.textContent)")
    assert bars[0] == "amount (£) by initiative (4 of 8 rows, those in £)"  # one scale: pounds only
    assert "27,000" in bars and "Active Agents for Change" in bars and "5" not in bars
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "workbench.png"))


def test_an_undeclared_prefix_and_a_syntax_error_each_show_their_line(workbench, server):
    page = workbench(server + "/")
    page.fill("#sparql", "SELECT ?p WHERE {\n  ?p a foo:Project }")
    page.press("#sparql", "Control+Enter")
    page.wait_for_selector("#status.error")
    assert page.text_content("#status") == ("SPARQL syntax error in query at line 2, column 8: the prefix 'foo:' "
                                            "is not declared (add PREFIX foo: <...> at the top) (HTTP 400)")
    assert page.text_content("#gutter .bad") == "2"
    page.fill("#sparql", "SELECT ?p WHERE {\n  ?p a csc:Project .\n  FILTER( }")
    page.click("#run-own")
    page.wait_for_function("document.querySelector('#gutter .bad') && document.querySelector('#gutter .bad').textContent === '3'")
    assert "line 3" in page.text_content("#status")


def test_a_query_without_prefix_lines_runs_and_its_permalink_runs_it_again(workbench, server):
    page = workbench(server + "/")
    page.fill("#sparql", "SELECT ?project WHERE { ?project csc:usesModel model:signs-of-safety } ORDER BY ?project")
    page.press("#sparql", "Control+Enter")
    page.wait_for_selector("#result-table")
    first = table(page)
    assert ["Focus on Practice"] in first
    again = workbench(page.input_value("#permalink"))
    again.wait_for_selector("#result-table")
    assert table(again) == first


def test_a_label_with_markup_is_shown_as_text(chromium, built, tmp_path):
    out, _ = built
    graph = Graph().parse(out / "inferred.nt", format="nt")
    hostile = URIRef(str(PREFIXES["project"]) + "hostile")
    graph.add((hostile, RDF.type, CSC.Project))
    graph.add((hostile, RDFS.label, Literal(HOSTILE, lang="en")))
    for used in (CSC.usesModel, CSC.usesModelOrBroader):  # as the reasoner would infer it
        graph.add((hostile, used, URIRef(str(PREFIXES["model"]) + "signs-of-safety")))
    with csckg_server(Endpoint(graph, workers=1)) as base:
        context = chromium.new_context()
        page = context.new_page()
        problems = []
        page.on("dialog", lambda d: (problems.append(d.message), d.dismiss()))
        page.on("pageerror", lambda e: problems.append(str(e)))
        page.goto(base + "/?run=projects-by-model&model=signs")
        page.wait_for_selector("#status.error")  # 'signs' is not a name: suggestions, no rows
        assert "Did you mean: Signs of Safety" in page.text_content("#status")
        page.goto(base + "/?run=projects-by-model&model=Signs+of+Safety")
        page.wait_for_selector("#result-table")
        assert HOSTILE in [row[1] for row in table(page)]
        assert page.locator("img").count() == 0 and problems == []
        context.close()
