"""A page for every node (#14): the offline guide the build writes (out/guide/) and each node's IRI
answered under `serve`, asked as an analyst or a program would."""

from __future__ import annotations

import re
import urllib.parse
from html.parser import HTMLParser
from pathlib import Path

import pytest
from rdflib import BNode, Graph, URIRef

from csckg.build.pipeline import reasoned_graph
from csckg.export.figures import Figure, figure_lines, number_text
from csckg.export.guide import write_guide
from csckg.serve import Endpoint
from servers import csckg_server, raw_request

LEEDS = "https://w3id.org/csckg/project/leeds-family-valued"


class Links(HTMLParser):
    """Every href of a page, and the text of each link by the section it is in."""

    def __init__(self):
        super().__init__()
        self.hrefs, self.by_section, self._section, self._link = [], {}, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "section" and attrs.get("id"):
            self._section = attrs["id"]
        if tag == "a" and attrs.get("href"):
            self.hrefs.append(attrs["href"])
            self._link = ""

    def handle_data(self, data):
        if self._link is not None:
            self._link += data

    def handle_endtag(self, tag):
        if tag == "a" and self._link is not None:
            self.by_section.setdefault(self._section, []).append(self._link)
            self._link = None
        if tag == "section":
            self._section = None


def links(html: str) -> Links:
    parser = Links()
    parser.feed(html)
    return parser


# --- the numbers, as the sources state them ----------------------------------------------

def test_numbers_read_as_the_source_states_them():
    assert number_text("27000.0", "http://qudt.org/vocab/unit/CCY_GBP") == "£27,000"
    assert number_text("1200000.0", "http://qudt.org/vocab/unit/CCY_GBP") == "£1,200,000"
    assert number_text("18.20", "http://qudt.org/vocab/unit/CCY_GBP") == "£18.2"
    assert number_text("5913.0", "http://qudt.org/vocab/unit/NUM") == "5,913"
    assert number_text("16.0", "http://qudt.org/vocab/unit/MO") == "16 months"
    assert number_text("1", "http://qudt.org/vocab/unit/DAY") == "1 day"
    role = "https://w3id.org/csckg/value-role/"
    percent = "http://qudt.org/vocab/unit/PERCENT"
    assert figure_lines([Figure("36.0", percent, role + "before"), Figure("14.0", percent, role + "after")]) == \
        ["36% → 14% (before → after)"]
    assert figure_lines([Figure("27000.0", "http://qudt.org/vocab/unit/CCY_GBP", role + "estimate",
                                "in the region of", "saving per family")]) == \
        ["in the region of £27,000 (estimate): saving per family"]


def test_a_before_and_after_finding_reads_36_percent_to_14_percent_on_its_page(built):
    out, _ = built
    html = (out / "guide/finding/active-agents-for-change--pa-admin-time.html").read_text(encoding="utf-8")
    assert "36% → 14% (before → after)" in html
    assert "36.0" not in html and "CCY_GBP" not in html


def test_a_hedged_cost_reads_as_the_source_hedges_it(built):
    out, _ = built
    html = (out / "guide/finding/stockport-family--looked-after-placement-cost-reduction.html").read_text(encoding="utf-8")
    assert "just over £1,200,000 (estimate): forecast reduction in placement costs" in html


# --- the guide ------------------------------------------------------------------------------

def test_every_node_of_the_seed_graph_has_a_guide_page_and_the_index_names_them(built, ask):
    out, _ = built
    guide = out / "guide"
    pages = sorted(p.relative_to(guide).with_suffix("").as_posix() for p in guide.glob("*/*.html"))
    nodes = ask.column("""SELECT (COUNT(DISTINCT ?node) AS ?n) WHERE { ?node ?p ?o FILTER (isIRI(?node)
        && STRSTARTS(STR(?node), "https://w3id.org/csckg/") && !STRSTARTS(STR(?node), "https://w3id.org/csckg/ontology")
        && !STRSTARTS(STR(?node), "https://w3id.org/csckg/graph")) }""")
    assert {len(pages)} == nodes == {492}
    index = links((guide / "index.html").read_text(encoding="utf-8"))
    assert {h.removesuffix(".html") for h in index.hrefs if h.count("/") == 1 and h.endswith(".html")} == set(pages)


def test_every_link_in_the_guide_reaches_a_file_in_the_guide(built):
    """So the folder works when zipped and opened elsewhere: relative links, nothing outside it."""
    out, _ = built
    guide = out / "guide"
    broken = set()
    for page in guide.rglob("*.html"):
        if page.name in ("map.html", "gaps.html", "ontology.html"):
            continue
        for href in links(page.read_text(encoding="utf-8")).hrefs:
            target = urllib.parse.urlsplit(href).path
            if not (page.parent / target).resolve().is_relative_to(guide.resolve()) or not (page.parent / target).exists():
                broken.add(f"{page.relative_to(guide)} -> {href}")
    assert broken == set()
    assert {"map.html", "gaps.html", "ontology.html", "search-index.js", "index.html"} <= {p.name for p in guide.iterdir()}


def test_a_graph_too_large_for_the_guide_gets_pages_for_its_first_kinds_and_says_what_is_left_out(tmp_path):
    closure = reasoned_graph()
    written = write_guide(closure, tmp_path, limit=60)
    pages = [p for p in written if p.parent.parent == tmp_path / "guide"]
    assert len(pages) == 60
    assert {p.parent.name for p in pages} == {"model", "project", "agent"}  # models, projects, then authorities
    index = (tmp_path / "guide/index.html").read_text(encoding="utf-8")
    assert "this graph has 492 nodes; the guide holds pages for 60 of them" in index.lower()
    assert "Finding: 104;" in index
    leeds = (tmp_path / "guide/project/leeds-family-valued.html").read_text(encoding="utf-8")
    assert "Leeds: fewer children looked after at 16 months" in leeds  # named, not linked: it has no page here
    assert 'href="../finding/' not in leeds


# --- under serve ----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def served(built, graph):
    out, _ = built
    with csckg_server(Endpoint(graph, timeout=30, workers=2, out_dir=out, log=lambda line: None)) as base:
        yield base


def fetch(url: str, accept: str = "") -> tuple[int, str, str]:
    import urllib.error
    import urllib.request

    request = urllib.request.Request(url, headers={"Accept": accept} if accept else {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers.get_content_type(), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get_content_type(), error.read().decode()


def own_triples(graph: Graph, node: URIRef) -> set:
    """The node's statements whose object is not a blank node, and the statements about it."""
    return ({(node, p, o) for p, o in graph.predicate_objects(node) if not isinstance(o, BNode)}
            | {(s, p, node) for s, p in graph.subject_predicates(node) if isinstance(s, URIRef)})


@pytest.mark.server
@pytest.mark.parametrize("how", [("text/turtle", "", "turtle"), ("", "?format=ttl", "turtle"),
                                 ("application/n-triples", "", "nt"), ("", "?format=jsonld", "json-ld")])
def test_a_program_gets_the_project_s_triples_in_the_format_it_asks_for(served, graph, how):
    accept, query, rdflib_format = how
    status, media, body = fetch(f"{served}/project/leeds-family-valued{query}", accept)
    assert status == 200 and media == {"turtle": "text/turtle", "nt": "application/n-triples",
                                       "json-ld": "application/ld+json"}[rdflib_format]
    got = Graph().parse(data=body, format=rdflib_format)
    node = URIRef(LEEDS)
    assert own_triples(got, node) == own_triples(graph, node)
    citations = [o for o in graph.objects(node, URIRef("http://www.w3.org/ns/prov#qualifiedDerivation"))]
    sections = {str(graph.value(c, URIRef("https://w3id.org/csckg/ontology#section"))) for c in citations}
    got_sections = {str(got.value(c, URIRef("https://w3id.org/csckg/ontology#section")))
                    for c in got.objects(node, URIRef("http://www.w3.org/ns/prov#qualifiedDerivation"))}
    assert got_sections == sections and len(sections) == 5


@pytest.mark.server
def test_a_browser_gets_the_same_page_the_guide_holds(served, built):
    out, _ = built
    status, media, html = fetch(f"{served}/model/family-group-conferencing",
                                "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
    assert status == 200 and media == "text/html"
    guide = (out / "guide/model/family-group-conferencing.html").read_text(encoding="utf-8")
    served_sections, guide_sections = links(html).by_section, links(guide).by_section
    assert served_sections.pop(None)[:5] == ["CSC evidence guide", "Network map", "Evidence gap map", "Ontology", "Query"]
    guide_sections.pop(None)
    assert served_sections == guide_sections and len(served_sections) == 8
    assert '/project/leeds-family-valued"' in html and "?format=ttl" in html


@pytest.mark.server
def test_an_unknown_node_gets_404_with_the_nearest_labels(served):
    status, media, body = fetch(f"{served}/model/family-grop-conferencing", "text/plain")
    assert status == 404 and media == "text/plain"
    assert body.splitlines()[0] == ("no node has the IRI https://w3id.org/csckg/model/family-grop-conferencing. "
                                    "The nearest:")
    assert body.splitlines()[1] == "  Family Group Conferencing: /model/family-group-conferencing"
    status, media, html = fetch(f"{served}/project/leeds-familyvalued")
    assert status == 404 and media == "text/html"
    assert '<a href="/project/leeds-family-valued">Leeds Family Valued</a>' in html


@pytest.mark.server
@pytest.mark.parametrize("path, status, message", [
    ("/project/../../etc/passwd", 400, "a path with '.', '..'"),
    ("/project/%2e%2e/%2e%2e/etc/passwd", 400, "percent-escapes in a page path are refused"),
    ("/project/a%2fb", 400, "percent-escapes in a page path are refused"),
    ("/../../etc/passwd", 400, "a path with '.', '..'"),
    ("/guide/../summary.json", 400, "a path with '.', '..'"),
    ("/guide/summary.json", 404, "no such file in the guide"),
    ("/project/leeds-family-valued/evaluation", 404, "no node has the IRI"),
    ("/no-such-page", 404, "no such page"),
])
def test_traversal_and_unknown_paths_get_a_4xx_with_a_message(served, path, status, message):
    got, body = raw_request(served, f"GET {path} HTTP/1.1\r\nHost: {served.split('//')[1]}\r\n"
                                    "Accept: text/plain\r\nConnection: close\r\n\r\n".encode())
    assert (got, message in body) == (status, True), body


@pytest.mark.server
def test_an_oversized_request_for_a_page_is_refused(served):
    got, body = raw_request(served, f"GET /project/{'a' * 70_000} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
    assert got == 414 and "longer than 64 KB" in body
    status, _, body = fetch(f"{served}/project/leeds-family-valued?format=rdfxml")
    assert status == 400 and "format=rdfxml is not offered" in body


@pytest.mark.server
def test_a_page_cannot_be_posted_to(served):
    got, body = raw_request(served, f"POST /project/leeds-family-valued HTTP/1.1\r\nHost: {served.split('//')[1]}\r\n"
                                    "Content-Length: 0\r\nConnection: close\r\n\r\n".encode())
    assert got == 405 and "takes GET, HEAD, OPTIONS" in body


@pytest.mark.parametrize("html", ['<img src="http://x">', "<a href = \n\n   'https://x'>", "url(  //cdn)", "@import url(x)",
                                  "data=//x", 'src=   \t  "   https://a', "xsrc=//a", "src=x//y", "poster='//p'",
                                  "ACTION=HTTPS://a", "a//b src=//c", "text https://w3id.org/csckg/ only"])
def test_the_quick_offline_check_finds_exactly_what_the_full_pattern_finds(html):
    from csckg.export.page import REMOTE_REFERENCE, remote_references

    assert remote_references(html) == [html[max(0, m.start() - 40):m.end() + 40] for m in REMOTE_REFERENCE.finditer(html)]


def test_a_graph_of_more_triples_than_the_guide_takes_gets_only_its_index_saying_so(tmp_path, monkeypatch):
    import csckg.export.guide as guide

    monkeypatch.setattr(guide, "GUIDE_TRIPLE_LIMIT", 5_000)
    closure = reasoned_graph()
    written = write_guide(closure, tmp_path)
    assert [p.name for p in written] == ["index.html"]
    index = (tmp_path / "guide/index.html").read_text(encoding="utf-8")
    assert f"This graph has {len(closure.asserted):,} asserted triples, more than the 5,000 up to which" in index
    assert (tmp_path / "guide/search-index.js").read_text(encoding="utf-8") == "window.csckgGuideIndex = [];\n"


def test_a_description_that_reads_like_a_link_is_text_on_its_page_and_the_build_passes(tmp_path):
    import shutil

    from csckg import paths
    from csckg.build.pipeline import build

    data = tmp_path / "data"
    shutil.copytree(paths.DATA_DIR, data)
    leeds = data / "projects/leeds-family-valued.ttl"
    leeds.write_text(leeds.read_text(encoding="utf-8").replace(
        'dcterms:description "Leeds had run', 'dcterms:description "See src=https://example.org. Leeds had run', 1),
        encoding="utf-8")
    build(out_dir=tmp_path / "out", data_dir=data, cache_dir=tmp_path / "cache")
    html = (tmp_path / "out/guide/project/leeds-family-valued.html").read_text(encoding="utf-8")
    assert "See src=https:&#47;&#47;example.org. Leeds had run" in html
