"""The map and the gap map in a real headless Chromium with the network blocked.

Pages are opened from file:// as an analyst would; every request that is not a file is
recorded and refused. Screenshots are written to tests/artifacts/.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from csckg.cli.chromium import OFFLINE_FLAGS, find_chromium
from csckg.namespaces import CSC, PREFIXES
from visualise.gaps import write_gaps
from visualise.network_map import write_map
from visualise.view import build_view

ARTIFACTS = Path(__file__).parent / "artifacts"
HOSTILE = "<img src=x onerror=alert(1)>"


class Page:
    """A loaded page, with what went wrong while it ran."""

    def __init__(self, page, problems, requests):
        self.page, self.problems, self.requests = page, problems, requests

    def __getattr__(self, name):
        return getattr(self.page, name)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    executable = find_chromium()
    if not executable:
        pytest.fail("Chromium is not installed: run 'python3 build.py test' as root (it installs Debian's "
                    "chromium), or 'apt-get install chromium', or set CSCKG_CHROMIUM to its path.")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=OFFLINE_FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture
def open_page(browser):
    contexts = []

    def opener(path: Path) -> Page:
        context = browser.new_context(viewport={"width": 1400, "height": 900}, accept_downloads=True)
        contexts.append(context)
        requests, problems = [], []
        context.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:")
                      else (requests.append(route.request.url), route.abort()))
        page = context.new_page()
        page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type in ("error", "warning") else None)
        page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
        page.on("dialog", lambda d: (problems.append(f"dialog: {d.message}"), d.dismiss()))
        page.goto(path.resolve().as_uri())
        return Page(page, problems, requests)

    yield opener
    for context in contexts:
        context.close()


def settled_map(open_page, path: Path) -> Page:
    page = open_page(path)
    page.wait_for_selector("body[data-settled=true]", state="attached", timeout=60_000)
    return page


@pytest.fixture(scope="module")
def view(built, graph):
    out, _ = built
    return build_view(Graph().parse(out / "asserted.nt", format="nt"), graph)


def screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name))


def test_the_map_opens_offline_with_no_errors_and_every_node_and_link(open_page, built, view):
    out, _ = built
    page = settled_map(open_page, out / "map.html")
    assert page.evaluate("window.csckgMap.nodes.length") == view.number_of_nodes()
    assert page.evaluate("window.csckgMap.edges.length") == view.number_of_edges()
    assert page.evaluate("window.csckgMap.visibleNodeIds().length") == view.number_of_nodes()
    assert page.evaluate("window.csckgMap.network.physics.physicsEnabled") is False  # settled, then stopped
    assert page.locator("canvas").count() == 1
    assert page.problems == [] and page.requests == []


def test_search_finds_a_project_and_shows_its_facts_sources_and_links(open_page, built, view):
    out, _ = built
    page = settled_map(open_page, out / "map.html")
    page.fill("#search", "leeds family")
    matching = [d["label"] for _, d in view.nodes(data=True) if "leeds family" in d["label"].lower()]
    assert page.text_content("#search-status") == f"{len(matching)} matches" and len(matching) > 1
    assert page.locator("#search-results button").all_text_contents()[0] == "Leeds Family Valued (Project)"
    page.press("#search", "Enter")
    assert page.text_content("#details h2") == "Leeds Family Valued"
    details = page.text_content("#details")
    assert "Social work systems and practice — Appendix 1 – Aims of individual projects" in details
    links = page.locator("#details button.link").all_text_contents()
    assert len(links) == view.degree("https://w3id.org/csckg/project/leeds-family-valued")
    assert any(link.endswith("Leeds (Local authority)") for link in links)
    assert page.evaluate("window.csckgMap.network.getSelectedNodes()") == ["https://w3id.org/csckg/project/leeds-family-valued"]
    screenshot(page, "map.png")
    assert page.problems == [] and page.requests == []


def test_filters_hide_what_they_should(open_page, built, view):
    out, _ = built
    page = settled_map(open_page, out / "map.html")
    findings = {n for n, d in view.nodes(data=True) if d["kind"] == "finding"}
    page.uncheck("input[name=kind][value=finding]")
    visible = set(page.evaluate("window.csckgMap.visibleNodeIds()"))
    assert visible == set(view) - findings
    page.check("input[name=kind][value=finding]")

    safety = "https://w3id.org/csckg/model/signs-of-safety"
    page.select_option("#model-filter", safety)
    visible = set(page.evaluate("window.csckgMap.visibleNodeIds()"))
    assert visible == {n for n, d in view.nodes(data=True) if safety in d["models"]}
    assert "https://w3id.org/csckg/project/signs-of-safety-mtm" in visible
    assert "https://w3id.org/csckg/project/leeds-family-valued" not in visible
    edges = page.evaluate("window.csckgMap.edges.get({filter: e => !e.hidden}).map(e => [e.from, e.to])")
    assert all(a in visible and b in visible for a, b in edges)

    page.click("#reset")
    page.uncheck("input[name=strength][value=Inconclusive]")
    hidden = set(view) - set(page.evaluate("window.csckgMap.visibleNodeIds()"))
    assert hidden == {n for n, d in view.nodes(data=True) if d.get("strength") == "Inconclusive"} and hidden
    assert page.problems == []


def test_the_save_button_downloads_a_png(open_page, built):
    out, _ = built
    page = settled_map(open_page, out / "map.html")
    with page.expect_download() as download:
        page.click("#save-png")
    saved = Path(download.value.path())
    assert download.value.suggested_filename == "csckg-map.png"
    assert saved.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_gap_map_cells_match_a_sparql_count(open_page, built, ask):
    out, _ = built
    page = open_page(out / "gaps.html")
    cells = page.evaluate("""[...document.querySelectorAll('td.cell')].map(
        td => [td.dataset.model, td.dataset.domain, Number(td.dataset.count), td.classList.contains('gap')])""")
    counted = {(str(m), str(d)): n for m, d, n in ask.graph.query("""
        PREFIX csc: <https://w3id.org/csckg/ontology#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT ?m ?d (COUNT(DISTINCT ?f) AS ?n) WHERE {
          ?f a csc:Finding ; csc:relatesToModel ?m ; csc:outcomeDomain ?d .
          ?m skos:inScheme <https://w3id.org/csckg/scheme/practice-models> } GROUP BY ?m ?d""")}
    shown = {(m, d): n for m, d, n, _ in cells if n}
    assert shown == {key: int(n) for key, n in counted.items()}
    assert all(gap == (n == 0) for _, _, n, gap in cells)
    assert any(gap for *_, gap in cells), "the seed graph has gaps"
    page.hover("td.cell[data-count]:not(.gap) >> nth=0")
    assert page.locator("td.cell:hover .findings").is_visible()
    screenshot(page, "gaps.png")
    assert page.problems == [] and page.requests == []


def hostile_graphs(built, graph) -> tuple[Graph, Graph]:
    """The built graph plus a new evaluation and finding labelled with markup, as a new evaluation might be."""
    out, _ = built
    asserted = Graph().parse(out / "asserted.nt", format="nt")
    reasoned = Graph()
    for triple in graph:
        reasoned.add(triple)
    evaluation = URIRef(str(PREFIXES["evaluation"]) + "hostile")
    finding = URIRef(str(PREFIXES["finding"]) + "hostile--markup")
    facts = [(evaluation, RDF.type, CSC.Evaluation), (evaluation, RDFS.label, Literal(HOSTILE, lang="en")),
             (evaluation, CSC.evaluationOf, URIRef(str(PREFIXES["project"]) + "leeds-family-valued")),
             (finding, RDF.type, CSC.Finding), (finding, RDFS.label, Literal(HOSTILE, lang="en")),
             (finding, CSC.findingOf, evaluation), (finding, CSC.measure, Literal("<script>alert(2)</script>")),
             (finding, CSC.relatesToModel, URIRef(str(PREFIXES["model"]) + "signs-of-safety")),
             (finding, CSC.outcomeDomain, URIRef(str(PREFIXES["domain"]) + "cost"))]
    for triple in facts:
        asserted.add(triple)
        reasoned.add(triple)
    return asserted, reasoned


def test_a_label_with_markup_is_shown_as_text_and_never_runs(open_page, built, graph, tmp_path):
    asserted, reasoned = hostile_graphs(built, graph)
    page = settled_map(open_page, write_map(build_view(asserted, reasoned), tmp_path / "map.html"))
    page.fill("#search", "onerror")
    page.press("#search", "Enter")
    assert page.text_content("#details h2") == HOSTILE
    assert page.locator("#details img, #search-results img, img").count() == 0
    tooltip = page.evaluate("""(() => { const t = window.csckgMap.nodes.get(
        'https://w3id.org/csckg/finding/hostile--markup').title;
        return [t.textContent, t.querySelectorAll('img, script').length]; })()""")
    assert HOSTILE in tooltip[0] and "<script>alert(2)</script>" in tooltip[0] and tooltip[1] == 0
    assert page.problems == [] and page.requests == []

    gaps = open_page(write_gaps(reasoned, tmp_path / "gaps.html"))
    cell = gaps.locator("td.cell[data-model$='signs-of-safety'][data-domain$='/cost']")
    assert HOSTILE in cell.text_content()
    assert gaps.locator("img, script").count() == 0
    assert gaps.problems == [] and gaps.requests == []
