"""The evidence guide and the node pages in a real headless Chromium with the network blocked:
opened from file:// as an analyst who cannot install anything would, and from `serve`."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, URIRef

from csckg.build.pipeline import check
from csckg.cli.chromium import SERVER_FLAGS
from csckg.export.guide import write_guide
from csckg.names import label
from csckg.query.run import run_named
from csckg.serve import Endpoint
from csckg.store.protocol import LocalStore
from conftest import headless_chromium
from servers import csckg_server

ARTIFACTS = Path(__file__).parent / "artifacts"
#: Offline, but a page served on 127.0.0.1 reachable: no name resolves but 127.0.0.1, and Chromium's
#: proxy (a closed port) stands for every address except loopback, which it bypasses unless told '<-loopback>'.
HOSTILE = "Leeds <img src=x onerror=alert(1)> Valued"
HOSTILE_DESCRIPTION = "<script>alert(2)</script><b>bold?</b>"
FGC_PAGE = "guide/model/family-group-conferencing.html"


@pytest.fixture(scope="module")
def browser():
    with headless_chromium(SERVER_FLAGS) as chromium:
        yield chromium


@pytest.fixture
def open_page(browser):
    """Open a file:// or 127.0.0.1 address; anything else the page asks for is refused and recorded."""
    contexts = []

    def opener(address: str):
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        contexts.append(context)
        page = context.new_page()
        page.problems, page.requests = [], []
        context.route("**/*", lambda route: route.continue_()
                      if route.request.url.startswith(("file:", "http://127.0.0.1"))
                      else (page.requests.append(route.request.url), route.abort()))
        page.on("console", lambda m: page.problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda e: page.problems.append(f"page error: {e}"))
        page.on("dialog", lambda d: (page.problems.append(f"dialog: {d.message}"), d.dismiss()))
        page.goto(address)
        return page

    yield opener
    for context in contexts:
        context.close()


def section_links(page, section: str) -> list[str]:
    """The text of the links in the first column of a section's tables (what its rows are)."""
    return page.eval_on_selector_all(f"#{section} tbody tr td:first-child a", "links => links.map(a => a.textContent)")


def plain(graph, rows, column: int) -> set[str]:
    return {label(graph, row[column]) or str(row[column]) for row in rows}


@pytest.fixture(scope="module")
def store(graph) -> LocalStore:
    return LocalStore(graph)


def test_the_fgc_page_lists_exactly_the_projects_findings_and_studies_the_named_queries_give(open_page, built, graph, store):
    out, _ = built
    page = open_page((out / FGC_PAGE).as_uri())
    assert page.inner_text("h1") == "Family Group Conferencing"

    projects = run_named(store, "projects-by-model", {"model": "FGC"})
    assert set(section_links(page, "model-used-by")) == plain(graph, projects.rows, 1) == {
        "Leeds Family Valued", "NE Lincolnshire Creating Strong Communities"}

    findings = run_named(store, "findings-by-model", {"model": "FGC"}).rows
    attribution = {row[1]: str(row[7]) for row in findings}
    attributed = {label(graph, f) for f, how in attribution.items() if how == "attributed"}
    from_projects = {label(graph, f) for f, how in attribution.items() if how == "from a project using it"}
    assert set(section_links(page, "model-attributed")) == attributed and len(attributed) == 4
    assert set(section_links(page, "model-from-projects")) == from_projects and len(from_projects) == 7

    cells = run_named(store, "evidence-map", {"model": "FGC"}).rows
    shown = page.eval_on_selector_all("#model-gap-row tbody tr", """rows => rows.map(r =>
        [...r.querySelectorAll('td')].slice(0, 3).map(td => td.textContent.trim()))""")
    assert shown == [[label(graph, row[1]), str(row[2]), str(row[3])] for row in cells]
    assert len(shown) == 13 and sum(int(studies) for _, studies, _ in shown) == 10
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "guide-model-fgc.png"), full_page=True)
    assert page.problems == [] and page.requests == []


def test_every_figure_on_the_fgc_page_names_its_document_and_section(open_page, built):
    out, _ = built
    page = open_page((out / FGC_PAGE).as_uri())
    rows = page.eval_on_selector_all("#model-attributed tbody tr, #model-from-projects tbody tr",
                                     "rows => rows.map(r => r.lastElementChild.textContent.trim())")
    assert len(rows) == 11 and all(text.startswith("Social work systems and practice § Key messages >") for text in rows)
    assert "£755 (estimate)" in page.inner_text("#model-attributed")


def test_the_guide_opens_from_the_file_system_and_its_search_finds_fgc(open_page, built):
    out, _ = built
    page = open_page((out / "guide/index.html").as_uri())
    page.fill("#guide-search", "FGC")
    first = page.locator("#guide-results a").first
    assert first.inner_text() == "Family Group Conferencing (Practice model) also called FGC"
    page.screenshot(path=str(ARTIFACTS / "guide-index-search.png"))
    first.click()
    page.wait_for_url("**/model/family-group-conferencing.html")
    assert page.inner_text("h1") == "Family Group Conferencing"
    page.fill("#guide-search", "Leeds City Council")  # a hidden name: no source uses it, people type it
    assert page.locator("#guide-results a").first.inner_text().startswith("Leeds (Local authority)")
    page.locator("a", has_text="Evidence gap map").first.click()
    page.wait_for_url("**/guide/gaps.html")
    assert page.problems == [] and page.requests == []


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """A build whose Leeds project has a label and a description holding HTML and script."""
    import shutil

    from csckg import paths

    data = tmp_path_factory.mktemp("hostile") / "data"
    shutil.copytree(paths.DATA_DIR, data)
    leeds = data / "projects/leeds-family-valued.ttl"
    text = leeds.read_text(encoding="utf-8")
    text = text.replace('rdfs:label "Leeds Family Valued"@en', f'rdfs:label "{HOSTILE}"@en', 1)
    text = text.replace('dcterms:description "Leeds had run', f'dcterms:description "{HOSTILE_DESCRIPTION} Leeds had run', 1)
    leeds.write_text(text, encoding="utf-8")
    closure = check(data_dir=data)
    out = data.parent / "out"
    write_guide(closure, out)
    return closure, out


def test_a_label_holding_html_is_shown_as_text_on_its_page_in_links_and_in_the_search(open_page, hostile):
    _, out = hostile
    page = open_page((out / "guide/project/leeds-family-valued.html").as_uri())
    assert page.inner_text("h1") == HOSTILE
    assert HOSTILE_DESCRIPTION in page.inner_text("#any-about")
    assert page.locator("main img, main b, main script").count() == 0
    model = open_page((out / FGC_PAGE).as_uri())
    assert HOSTILE in section_links(model, "model-used-by")
    model.fill("#guide-search", "onerror")
    assert model.locator("#guide-results a").first.inner_text() == f"{HOSTILE} (Project)"
    assert model.locator("#guide-results img").count() == 0
    assert page.problems == model.problems == [] and page.requests == model.requests == []


@pytest.mark.server
def test_a_label_holding_html_is_shown_as_text_under_serve(open_page, hostile):
    closure, out = hostile
    graph = Graph().parse(data=closure.ntriples("combined"), format="nt")
    with csckg_server(Endpoint(graph, timeout=30, workers=1, out_dir=out, log=lambda line: None)) as base:
        page = open_page(f"{base}/project/leeds-family-valued")
        assert page.inner_text("h1") == HOSTILE
        assert page.locator("main img, main b, main script").count() == 0
        assert page.problems == [] and page.requests == []


@pytest.mark.server
def test_pages_under_serve_link_to_each_other_and_an_unknown_one_suggests_the_nearest(open_page, built, graph):
    out, _ = built
    with csckg_server(Endpoint(graph, timeout=30, workers=1, out_dir=out, log=lambda line: None)) as base:
        page = open_page(f"{base}/project/leeds-family-valued")
        page.screenshot(path=str(ARTIFACTS / "serve-project-leeds.png"), full_page=True)
        page.locator("#project-facts a", has_text="Family Group Conferencing").click()
        page.wait_for_url(f"{base}/model/family-group-conferencing")
        assert page.inner_text("h1") == "Family Group Conferencing"
        missing = open_page(f"{base}/model/signs-of-safty")
        assert missing.inner_text("h1") == "Not found"
        assert missing.locator("main li a").first.inner_text() == "Signs of Safety"
        page.fill("#guide-search", "FGC")
        assert page.locator("#guide-results a").first.get_attribute("href") == "/model/family-group-conferencing"
        assert page.requests == [] and page.problems == []
        assert URIRef("https://w3id.org/csckg/model/signs-of-safety") in set(graph.subjects())
