"""The map and the gap map in a real headless Chromium with the network blocked.

Pages are opened from file:// as an analyst would; every request that is not a file is
recorded and refused. Screenshots are written to tests/artifacts/.
"""

from __future__ import annotations

import re
from pathlib import Path
from xml.etree import ElementTree

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from csckg.cli.chromium import OFFLINE_FLAGS
from csckg.namespaces import CSC, PREFIXES, sparql_prologue
from csckg.query.library import get_named_query
from conftest import headless_chromium
from visualise.gaps import write_gaps
from visualise.network_map import SHOWN_KINDS, write_map
from visualise.select import neighbourhood
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
    with headless_chromium(OFFLINE_FLAGS) as chromium:
        yield chromium


@pytest.fixture
def open_page(browser):
    contexts = []

    def opener(path: Path) -> Page:
        context = browser.new_context(viewport={"width": 1280, "height": 720}, accept_downloads=True)
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


LEEDS_PROJECT = "https://w3id.org/csckg/project/leeds-family-valued"
FGC = "https://w3id.org/csckg/model/family-group-conferencing"
HULL = "https://w3id.org/csckg/agent/hull"


def shown_at_first(view) -> set[str]:
    return {n for n, d in view.nodes(data=True) if d["kind"] in SHOWN_KINDS}


def overlapping(boxes: list[list[float]]) -> int:
    """How many of the boxes (x, y, w, h) overlap another."""
    def meet(a, b):
        return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]
    return sum(1 for i, a in enumerate(boxes) if any(meet(a, b) for j, b in enumerate(boxes) if i != j))


def test_the_map_opens_offline_with_every_node_and_link_and_the_rest_folded(open_page, built, view):
    out, _ = built
    page = settled_map(open_page, out / "map.html")
    assert page.evaluate("window.csckgMap.nodes.length") == view.number_of_nodes()
    assert page.evaluate("window.csckgMap.edges.length") == view.number_of_edges()
    assert set(page.evaluate("window.csckgMap.visibleNodeIds()")) == shown_at_first(view)
    folded = {n for n in view if n not in shown_at_first(view)}
    assert {view.nodes[n]["kind"] for n in folded} == {"finding", "recommendation", "element", "source"}
    evaluation = "https://w3id.org/csckg/evaluation/leeds-family-valued"
    own = [n for n in view[evaluation] if view.nodes[n]["kind"] in ("finding", "recommendation", "element")]
    assert page.evaluate(f"window.csckgMap.folded('{evaluation}')") == len(own) > 0
    assert page.evaluate("window.csckgMap.network.physics.physicsEnabled") is False  # settled, then stopped
    assert page.locator("canvas").count() == 1
    screenshot(page, "map-default.png")
    assert page.problems == [] and page.requests == []


def test_the_default_map_is_readable_at_fit_to_screen(open_page, built, view):
    """At 1280x720 the labels drawn are at least 10 px, the biggest nodes' among them, and
    they overlap one another for none of the labelled nodes; zooming in shows more."""
    out, _ = built
    page = settled_map(open_page, out / "map.html")
    page.click("#fit")
    labels = page.evaluate("window.csckgMap.labels()")
    assert len(labels) >= 30
    assert min(label["size"] for label in labels) >= 10
    assert overlapping([label["box"] for label in labels]) <= 0.03 * len(labels)
    biggest = sorted(shown_at_first(view), key=lambda n: -view.degree(n))[:5]
    assert set(biggest) <= {label["id"] for label in labels}
    inked = page.evaluate("""labels => { const canvas = document.querySelector('#network canvas');
        const ratio = canvas.width / canvas.clientWidth;
        const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
        return labels.map(l => { const [x, y, w, h] = l.box.map(v => Math.round(v * ratio)); let dark = 0;
          for (let row = y; row < y + h; row++) for (let col = x; col < x + w; col++) {
            const i = 4 * (row * canvas.width + col); if (pixels[i] < 90 && pixels[i + 3] > 200) dark++; }
          return dark; }); }""", labels)
    assert all(count > 0 for count in inked), "every label is drawn on the canvas"
    screenshot(page, "map-fit.png")
    page.evaluate("window.csckgMap.network.moveTo({scale: window.csckgMap.network.getScale() * 2.5})")
    page.wait_for_timeout(200)
    zoomed = page.evaluate("window.csckgMap.labels()")
    assert min(label["size"] for label in zoomed) >= 10
    assert overlapping([label["box"] for label in zoomed]) <= 0.03 * len(zoomed)
    assert len(zoomed) > len(labels) * 0.5  # a quarter of the area at 2.5x still shows plenty
    assert {label["id"] for label in zoomed} - {label["id"] for label in labels}, "zooming in shows new labels"
    assert page.problems == []


def test_the_layout_is_the_same_picture_each_time(open_page, built):
    out, _ = built
    first = settled_map(open_page, out / "map.html").evaluate("window.csckgMap.network.getPositions()")
    second = settled_map(open_page, out / "map.html").evaluate("window.csckgMap.network.getPositions()")
    assert first == second


def click_node(page, node: str) -> None:
    x, y = page.evaluate(f"""(() => {{ const m = window.csckgMap.network;
        const p = m.canvasToDOM(m.getPosition('{node}')); const r = document.getElementById('network').getBoundingClientRect();
        return [p.x + r.left, p.y + r.top]; }})()""")
    page.mouse.click(x, y)


def test_clicking_a_node_lights_exactly_it_and_its_neighbours(open_page, built, view):
    out, _ = built
    page = settled_map(open_page, out / "map.html")
    click_node(page, LEEDS_PROJECT)
    assert page.text_content("#details h2") == "Leeds Family Valued"
    assert set(page.evaluate("window.csckgMap.highlighted()")) == {LEEDS_PROJECT, *view[LEEDS_PROJECT]}
    visible = set(page.evaluate("window.csckgMap.visibleNodeIds()"))
    assert {LEEDS_PROJECT, *view[LEEDS_PROJECT]} <= visible  # its folded findings and source unfold
    opacity = page.evaluate("Object.fromEntries(window.csckgMap.nodes.get().map(n => [n.id, n.opacity]))")
    assert {n for n in visible if opacity[n] == 1} == {LEEDS_PROJECT, *view[LEEDS_PROJECT]}
    assert all(opacity[n] < 0.5 for n in visible - {LEEDS_PROJECT, *view[LEEDS_PROJECT]})
    screenshot(page, "map-selected.png")
    page.mouse.click(*page.evaluate("(() => { const r = document.getElementById('network').getBoundingClientRect();"
                                    " return [r.left + 3, r.bottom - 3]; })()"))
    assert page.evaluate("window.csckgMap.highlighted()") == []
    assert set(page.evaluate("window.csckgMap.visibleNodeIds()")) == shown_at_first(view)
    assert page.problems == []


def test_the_details_panel_words_each_link_from_the_node_shown(open_page, built, view):
    out, _ = built
    page = settled_map(open_page, out / "map.html")
    page.evaluate(f"window.csckgMap.showNode('{FGC}')")
    links = page.locator("#details button.link").all_text_contents()
    assert len(links) == view.degree(FGC)
    assert "model used by → Leeds Family Valued (Project)" in links
    assert "Leeds: saving per family in a family group conference (Finding) attributed to → this" in links
    assert not [link for link in links if link.startswith("uses model")]
    page.evaluate("window.csckgMap.showNode('https://w3id.org/csckg/agent/leeds')")
    assert "hosted initiative → Leeds Family Valued (Project)" in page.locator("#details button.link").all_text_contents()
    page.evaluate(f"window.csckgMap.showNode('{LEEDS_PROJECT}')")
    links = page.locator("#details button.link").all_text_contents()
    assert "local authority → Leeds (Local authority)" in links
    assert "uses model → Family Group Conferencing (Practice model)" in links
    assert page.problems == []


def test_search_finds_names_abbreviations_and_other_names(open_page, built, view):
    out, _ = built
    page = settled_map(open_page, out / "map.html")
    page.fill("#search", "leeds family")
    matching = [d["label"] for _, d in view.nodes(data=True) if "leeds family" in d["label"].lower()]
    assert page.text_content("#search-status") == f"{len(matching)} matches" and len(matching) > 1
    assert page.locator("#search-results button").all_text_contents()[0] == "Leeds Family Valued (Project)"
    page.press("#search", "Enter")
    assert page.text_content("#details h2") == "Leeds Family Valued"
    assert "Social work systems and practice — Appendix 1 – Aims of individual projects" in page.text_content("#details")
    assert page.evaluate("window.csckgMap.network.getSelectedNodes()") == [LEEDS_PROJECT]
    page.fill("#search", "Leeds")
    assert page.locator("#search-results button").all_text_contents()[0] == "Leeds (Local authority)"
    for typed, node, first in (("FGC", FGC, "Family Group Conferencing (Practice model) — FGC"),
                               ("Hull City Council", HULL, "Hull (Local authority) — Hull City Council")):
        page.fill("#search", typed)
        assert page.locator("#search-results button").all_text_contents()[0] == first
        page.press("#search", "Enter")
        assert page.evaluate("window.csckgMap.network.getSelectedNodes()") == [node]
    screenshot(page, "map.png")
    assert page.problems == [] and page.requests == []


def test_filters_offer_only_what_they_name_and_say_when_nothing_is_left(open_page, built, view):
    out, _ = built
    page = settled_map(open_page, out / "map.html")
    offered = page.evaluate("[...document.querySelectorAll('#model-filter option')].map(o => o.value).filter(v => v)")
    assert offered and {view.nodes[m]["kind"] for m in offered} == {"model"}
    authorities = page.evaluate("[...document.querySelectorAll('#authority-filter option')].map(o => o.value).filter(v => v)")
    assert {view.nodes[a]["kind"] for a in authorities} == {"authority"}

    page.check("input[name=kind][value=finding]")
    findings = {n for n, d in view.nodes(data=True) if d["kind"] == "finding"}
    assert set(page.evaluate("window.csckgMap.visibleNodeIds()")) == shown_at_first(view) | findings
    page.uncheck("input[name=kind][value=finding]")

    safety = "https://w3id.org/csckg/model/signs-of-safety"
    page.select_option("#model-filter", safety)
    visible = set(page.evaluate("window.csckgMap.visibleNodeIds()"))
    assert visible == {n for n in shown_at_first(view) if safety in view.nodes[n]["models"]}
    assert "https://w3id.org/csckg/project/signs-of-safety-mtm" in visible and LEEDS_PROJECT not in visible
    edges = page.evaluate("window.csckgMap.edges.get({filter: e => !e.hidden}).map(e => [e.from, e.to])")
    assert all(a in visible and b in visible for a, b in edges)
    assert page.locator("#empty").is_hidden()

    model, authority = next((m, a) for m in offered for a in authorities
                            if not [n for n, d in view.nodes(data=True) if m in d["models"] and a in d["authorities"]])
    page.select_option("#model-filter", model)
    page.select_option("#authority-filter", authority)
    assert page.evaluate("window.csckgMap.visibleNodeIds()") == []
    assert page.locator("#empty").is_visible()
    assert page.text_content("#empty").startswith(
        f"Nothing matches these filters together: practice model “{view.nodes[model]['label']}”, "
        f"local authority “{view.nodes[authority]['label']}”.")
    screenshot(page, "map-empty.png")
    page.click("#empty button")
    assert set(page.evaluate("window.csckgMap.visibleNodeIds()")) == shown_at_first(view)

    page.check("input[name=kind][value=finding]")
    inconclusive = "Inconclusive: no conclusion possible"
    page.uncheck(f"input[name=level][value='{inconclusive}']")
    hidden = (shown_at_first(view) | findings) - set(page.evaluate("window.csckgMap.visibleNodeIds()"))
    assert hidden == {n for n, d in view.nodes(data=True) if d.get("level") == inconclusive} and hidden
    assert page.problems == []


def test_the_legend_draws_each_kinds_shape_and_explains_links(open_page, built):
    out, _ = built
    page = settled_map(open_page, out / "map.html")
    icons = page.evaluate("""[...document.querySelectorAll('#kind-filter label')].map(l => {
        const shape = l.querySelector('svg').firstElementChild;
        return [l.querySelector('input').value, shape.tagName, shape.getAttribute('fill')]; })""")
    drawn = {kind: (tag, fill) for kind, tag, fill in icons}
    assert drawn["project"] == ("circle", "#0072B2") and drawn["authority"] == ("polygon", "#E69F00")
    assert drawn["model"][0] == "polygon" and drawn["source"][0] == "polygon"
    assert "arrow points at what the link names" in page.text_content("#link-key")
    assert page.locator("#link-key svg line[stroke-dasharray]").count() == 1


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def test_png_export_is_three_times_the_screen_with_title_labels_and_legend(open_page, built):
    out, _ = built
    page = settled_map(open_page, out / "map.html")
    canvas = page.evaluate("[document.getElementById('network').clientWidth, document.getElementById('network').clientHeight]")
    with page.expect_download() as download:
        page.click("#save-png")
    saved = Path(download.value.path())
    assert download.value.suggested_filename == "csckg-map.png"
    width, height = png_size(saved.read_bytes())
    assert width >= 3 * canvas[0] and height >= 3 * canvas[1]
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "map-export.png").write_bytes(saved.read_bytes())
    colours = page.evaluate("""async ([url, left]) => {
        const image = new Image(); image.src = url; await image.decode();
        const canvas = document.createElement('canvas'); canvas.width = image.width; canvas.height = image.height;
        const ctx = canvas.getContext('2d'); ctx.drawImage(image, 0, 0);
        const legend = ctx.getImageData(left, 0, image.width - left, image.height).data, found = {};
        for (let i = 0; i < legend.length; i += 4) {
          const hex = '#' + [0, 1, 2].map(k => legend[i + k].toString(16).padStart(2, '0')).join('').toUpperCase();
          found[hex] = (found[hex] || 0) + 1; }
        return found; }""", ["data:image/png;base64," + __import__("base64").b64encode(saved.read_bytes()).decode(),
                             3 * canvas[0]])
    kinds = page.evaluate("window.csckgMap.data.kinds.filter(k => k.count).map(k => k.colour)")
    assert all(colours.get(colour, 0) > 50 for colour in kinds), "every kind's shape is in the legend"
    with page.expect_download() as download:
        page.select_option("#export-scale", "4")
        page.click("#save-png")
    assert png_size(Path(download.value.path()).read_bytes())[0] >= 4 * canvas[0]
    assert page.problems == []


def test_svg_export_holds_the_title_labels_and_legend(open_page, built):
    out, _ = built
    page = settled_map(open_page, out / "map.html")
    with page.expect_download() as download:
        page.click("#save-svg")
    assert download.value.suggested_filename == "csckg-map.svg"
    svg = ElementTree.parse(download.value.path()).getroot()
    texts = [t.text for t in svg.iter("{http://www.w3.org/2000/svg}text")]
    assert "Children's social care innovation: network map" in texts
    labels = page.evaluate("window.csckgMap.labels()")
    assert {line for label in labels for line in label["text"].split(" ")} <= {w for t in texts for w in t.split(" ")}
    assert {"Project", "Practice model", "Local authority", "Legend"} <= set(texts)
    assert len(list(svg.iter("{http://www.w3.org/2000/svg}polygon"))) > 50


def test_the_side_panels_fold_away(open_page, built):
    out, _ = built
    page = settled_map(open_page, out / "map.html")
    before = page.evaluate("document.getElementById('network').clientWidth")
    page.click("#toggle-controls")
    page.click("#toggle-details")
    assert page.locator("#controls").is_hidden() and page.locator("#details").is_hidden()
    assert page.evaluate("document.querySelector('#network canvas').clientWidth") == 1280 > before
    page.click("#toggle-controls")
    assert page.locator("#controls").is_visible()
    assert page.problems == []


def test_a_focus_view_opens_unfolded_around_its_centre(open_page, built, view, tmp_path):
    page = settled_map(open_page, write_map(neighbourhood(view, "Leeds Family Valued", 2), tmp_path / "leeds.html"))
    assert len(page.evaluate("window.csckgMap.visibleNodeIds()")) == 16
    assert page.evaluate("window.csckgMap.network.getSelectedNodes()") == [LEEDS_PROJECT]
    assert page.text_content("#details h2") == "Leeds Family Valued"
    assert page.evaluate("window.csckgMap.highlighted()") == []  # nothing dimmed on opening
    labels = page.evaluate("window.csckgMap.labels()")
    assert min(label["size"] for label in labels) >= 10 and overlapping([label["box"] for label in labels]) == 0
    screenshot(page, "map-focus.png")
    assert page.problems == []


def gap_map_cells(page) -> set[tuple]:
    """Every cell the page draws, as evidence-map.rq would give it."""
    return {tuple(c) for c in page.evaluate("""[...document.querySelectorAll('td.cell')].map(
        td => [td.dataset.model, td.dataset.domain, Number(td.dataset.studies), Number(td.dataset.findings),
               td.classList.contains('gap'), td.dataset.contested === 'true'])""")}


def evidence_map(ask, restriction: str = "") -> list:
    """The rows of evidence-map.rq, counting only the findings that meet ``restriction``
    (SPARQL added to the pattern that finds a cell's findings)."""
    text = get_named_query("evidence-map").text
    anchor = "csc:evidenceLevel ?level .\n"
    assert text.count(anchor) == 1, "evidence-map.rq no longer reads as this test expects"
    return list(ask.graph.query(sparql_prologue() + text.replace(anchor, anchor + restriction + "\n")))


def test_the_gap_map_cells_are_the_evidence_map_query(open_page, built, ask):
    out, _ = built
    page = open_page(out / "gaps.html")
    cells = gap_map_cells(page)
    expected = {(str(r.model), str(r.domain), int(r.studies), int(r.findings), int(r.findings) == 0,
                 str(r.contested).lower() == "true") for r in evidence_map(ask)}
    assert cells == expected
    assert any(c[4] for c in cells), "the seed graph has gaps"
    assert page.text_content("#status") == "Showing 91 findings in 67 cells (no filter)."
    screenshot(page, "gaps.png")
    assert page.problems == [] and page.requests == []


def downloaded_csv(page) -> list[dict]:
    import csv

    with page.expect_download() as download:
        page.click("#save-csv")
    assert download.value.suggested_filename == "csckg-gap-map.csv"
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    return list(csv.DictReader(text.splitlines()))


def csv_cells(lines: list[dict]) -> set[tuple]:
    return {(line["model IRI"], line["domain IRI"], int(line["studies"]), int(line["findings"]),
             int(line["attributed studies"]), int(line["attributed findings"]), line["best level"],
             int(line["positive"]), int(line["mixed"]), int(line["null or negative"]), int(line["inconclusive"]),
             line["contested"]) for line in lines}


def query_cells(ask, rows) -> set[tuple]:
    level = lambda iri: str(ask.graph.value(iri, URIRef("http://www.w3.org/2004/02/skos/core#prefLabel"))) if iri else ""
    return {(str(r.model), str(r.domain), int(r.studies), int(r.findings), int(r.attributedStudies),
             int(r.attributedFindings), level(r.bestLevel), int(r.positiveFindings), int(r.mixedFindings),
             int(r.nullOrNegativeFindings), int(r.inconclusiveFindings), str(r.contested).lower()) for r in rows}


def choose(page, filter_name: str, *labels: str) -> None:
    page.click(f"details[data-filter={filter_name}] summary")
    for name in labels:
        page.locator(f"details[data-filter={filter_name}] label",
                     has_text=re.compile(rf"^\s*{re.escape(name)}\s*$")).locator("input").check()
    page.click("h1")   # closes the list


def test_randomised_and_comparison_group_studies_are_counted_as_the_query_counts_them(open_page, built, ask):
    """An analyst filters to randomised trials and comparison groups: every cell, and the CSV of
    them, is what evidence-map gives when it counts only findings with those comparisons."""
    out, _ = built
    page = open_page(out / "gaps.html")
    assert csv_cells(downloaded_csv(page)) == query_cells(ask, evidence_map(ask))
    choose(page, "comparison", "Randomised trial", "Non-randomised comparison group")
    rows = evidence_map(ask, "VALUES ?comparison { <https://w3id.org/csckg/comparison/randomised-trial> "
                             "<https://w3id.org/csckg/comparison/comparison-group> } ?finding csc:comparison ?comparison .")
    expected = query_cells(ask, rows)
    assert csv_cells(downloaded_csv(page)) == expected
    assert gap_map_cells(page) == {c[:4] + (c[3] == 0, c[11] == "true") for c in expected}
    findings = sum(c[3] for c in expected)
    assert 0 < findings < 91 and "comparison: Non-randomised comparison group or Randomised trial" in page.text_content("#status")
    screenshot(page, "gaps-filtered.png")

    # AND across filters, attributed only: the same, counting only attributed findings
    page.check("#attributed-only")
    assert csv_cells(downloaded_csv(page)) == query_cells(ask, evidence_map(
        ask, "VALUES ?comparison { <https://w3id.org/csckg/comparison/randomised-trial> "
             "<https://w3id.org/csckg/comparison/comparison-group> } ?finding csc:comparison ?comparison . "
             "FILTER (?attributed)"))
    assert page.problems == [] and page.requests == []


def test_a_filter_combination_that_leaves_nothing_says_so(open_page, built, ask):
    out, _ = built
    page = open_page(out / "gaps.html")
    choose(page, "comparison", "Randomised trial")
    choose(page, "direction", "Negative")
    assert ask.rows("""SELECT ?f WHERE { ?f csc:comparison comparison:randomised-trial ;
                                            csc:direction direction:negative }""") == set()
    assert page.locator("td.cell:not(.gap)").count() == 0
    assert page.text_content("#status") == ("No findings match these filters (comparison: Randomised trial; "
                                            "direction: Negative). Clear one to see more.")
    screenshot(page, "gaps-empty.png")
    page.click("#clear-filters")
    assert page.locator("td.cell:not(.gap)").count() == 67


def test_rows_fold_under_their_broader_model_and_can_show_only_models_used_directly(open_page, built, ask):
    out, _ = built
    page = open_page(out / "gaps.html")
    shown = lambda: page.evaluate("[...document.querySelectorAll('#gap-map tbody tr:not(.hidden) th')].map(th => th.textContent.trim())")
    every = shown()
    page.locator("tbody tr", has_text="Motivational Interviewing").locator("button.fold").click()
    folded = shown()
    assert "\u21b3 Motivational Social Work" in every and "\u21b3 Motivational Social Work" not in folded
    assert len(folded) == len(every) - 1
    assert all(line["model"] != "Motivational Social Work" for line in downloaded_csv(page))
    page.locator("tbody tr", has_text="Motivational Interviewing").locator("button.fold").click()
    assert shown() == every

    page.check("#direct-only")
    assert shown() == every, "in the seed graph some project used each model itself"


def test_only_models_used_directly_hides_a_broader_model_only_its_narrower_ones_were_used_for(
        open_page, graph, tmp_path):
    """Were Motivational Interviewing used only as Motivational Social Work, its row would stay (it
    rolls that evidence up) but the option hides it."""
    reasoned = Graph()
    interviewing = URIRef(str(PREFIXES["model"]) + "motivational-interviewing")
    for triple in graph.triples((None, None, None)):
        if triple[1:] != (CSC.usesModel, interviewing):
            reasoned.add(triple)
    page = open_page(write_gaps(reasoned, tmp_path / "gaps.html"))
    shown = lambda: page.evaluate("[...document.querySelectorAll('#gap-map tbody tr:not(.hidden)')].map(tr => tr.dataset.model)")
    every = shown()
    assert str(interviewing) in every
    page.check("#direct-only")
    assert shown() == [model for model in every if model != str(interviewing)]
    assert str(interviewing) not in {line["model IRI"] for line in downloaded_csv(page)}
    assert page.problems == [] and page.requests == []


def test_a_cell_opens_a_panel_of_its_studies_and_findings_that_fits_the_screen(open_page, built, ask):
    out, _ = built
    page = open_page(out / "gaps.html")
    signs = "td.cell[data-model$='/signs-of-safety'][data-domain$='/practice-quality']"
    page.click(signs)
    panel = page.locator("#panel")
    assert panel.is_visible()
    assert page.text_content("#panel h2") == "Signs of Safety \u2014 Practice quality"
    findings = ask.rows("""SELECT ?label ?study WHERE {
        ?finding (csc:attributedTo|csc:fromInitiativeUsing)/skos:broaderTransitive* model:signs-of-safety ;
                 csc:outcomeDomain domain:practice-quality ; rdfs:label ?label .
        OPTIONAL { ?finding csc:findingOf ?evaluation }
        OPTIONAL { ?finding a csc:ReportedAssociation ; prov:wasDerivedFrom ?document }
        BIND (COALESCE(?evaluation, ?document) AS ?study) }""")
    listed = page.evaluate("[...document.querySelectorAll('#panel ul.attributed > li, #panel ul.from-projects > li')]"
                           ".map(li => li.firstChild.textContent)")
    assert sorted(listed) == sorted(label for label, _ in findings) and len(listed) >= 5
    studies = page.evaluate("[...document.querySelectorAll('#panel ul.studies li')].map(li => li.textContent)")
    assert len(studies) == len({study for _, study in findings})
    first = page.evaluate("[...document.querySelectorAll('#panel ul.attributed > li .meta')].map(m => m.textContent)")
    assert [line.split(":")[0] for line in first[:5]] == ["Level", "Direction", "Study", "Project", "Source"]
    assert "Source: not recorded" not in first[4]
    box = panel.bounding_box()
    assert box["x"] >= 0 and box["y"] >= 0 and box["x"] + box["width"] <= 1280 and box["y"] + box["height"] <= 720
    assert page.evaluate("getComputedStyle(document.getElementById('panel')).overflowY") == "auto"
    page.mouse.wheel(0, 400)
    assert panel.is_visible() and panel.bounding_box() == box  # it stays as the page scrolls
    screenshot(page, "gaps-panel.png")
    page.keyboard.press("Escape")
    assert not panel.is_visible()
    page.focus("td.cell[data-model$='/family-group-conferencing'][data-domain$='/cost']")
    page.keyboard.press("Enter")
    assert page.text_content("#panel h2") == "Family Group Conferencing \u2014 Cost"
    page.keyboard.press("Escape")
    page.keyboard.press(" ")
    assert panel.is_visible()
    assert page.problems == [] and page.requests == []


def test_the_gap_map_picture_downloads_as_a_png(open_page, built):
    out, _ = built
    page = open_page(out / "gaps.html")
    with page.expect_download() as download:
        page.click("#save-png")
    data = Path(download.value.path()).read_bytes()
    width, height = png_size(data)
    table = page.locator("#gap-map").bounding_box()   # the picture draws it at twice its size, with title and key
    assert width >= 1.9 * table["width"] and height >= 2 * table["height"] and len(data) < 5_000_000
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
             (finding, CSC.attributedTo, URIRef(str(PREFIXES["model"]) + "signs-of-safety")),
             (finding, CSC.aboutInitiative, URIRef(str(PREFIXES["project"]) + "leeds-family-valued")),
             (finding, CSC.evidenceLevel, URIRef(str(PREFIXES["level"]) + "qualitative")),
             (finding, CSC.levelReason, Literal("<b>why</b>")),
             (finding, CSC.direction, URIRef(str(PREFIXES["direction"]) + "positive")),
             (finding, CSC.statisticalTest, URIRef(str(PREFIXES["test"]) + "not-reported")),
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
    assert page.problems == []
    assert page.text_content("#details h2") == HOSTILE
    assert page.locator("#details img, #search-results img, img").count() == 0
    tooltip = page.evaluate("""(() => { const t = window.csckgMap.nodes.get(
        'https://w3id.org/csckg/finding/hostile--markup').title;
        return [t.textContent, t.querySelectorAll('img, script').length]; })()""")
    assert HOSTILE in tooltip[0] and "<script>alert(2)</script>" in tooltip[0] and tooltip[1] == 0
    svg = ElementTree.fromstring(page.evaluate("window.csckgMap.svg()"))
    assert HOSTILE in " ".join(t.text for t in svg.iter("{http://www.w3.org/2000/svg}text"))  # on two lines
    assert not [e for e in svg.iter() if e.tag.endswith(("img", "script"))]
    assert page.problems == [] and page.requests == []

    gaps = open_page(write_gaps(reasoned, tmp_path / "gaps.html"))
    gaps.click("td.cell[data-model$='signs-of-safety'][data-domain$='/cost']")
    assert HOSTILE in gaps.text_content("#panel") and "<b>why</b>" in gaps.text_content("#panel")
    assert gaps.locator("img").count() == 0 and gaps.locator("script").count() == 2  # the page's own two
    assert gaps.problems == [] and gaps.requests == []
