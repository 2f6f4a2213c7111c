"""The network map's view, selections and network analysis, asked as an analyst would."""

from __future__ import annotations

import time
from collections import Counter

import networkx as nx
import pytest
from rdflib import Graph

from visualise import analysis
from visualise.gaps import gap_map
from visualise.network_map import map_data, render_map
from csckg.export.page import remote_references
from visualise.select import NoSuchNode, find_node, neighbourhood, only_kinds, parse_kinds, projection
from visualise.view import KINDS, build_view

LEEDS_PROJECT = "https://w3id.org/csckg/project/leeds-family-valued"
LEEDS_COST = "https://w3id.org/csckg/finding/leeds-family-valued--fgc-cost-per-family"


@pytest.fixture(scope="module")
def asserted(built) -> Graph:
    out, _ = built
    return Graph().parse(out / "asserted.nt", format="nt")


@pytest.fixture(scope="module")
def view(asserted, graph) -> nx.Graph:
    return build_view(asserted, graph)


def kinds_in(view) -> Counter:
    return Counter(d["kind"] for _, d in view.nodes(data=True))


def test_the_map_draws_every_project_authority_model_finding_and_source(view, ask):
    counts = kinds_in(view)
    expected = {
        "project": "?n a csc:Initiative",
        "authority": "?n a csc:LocalAuthority",
        "model": "?n skos:inScheme scheme:practice-models",
        "element": "?n skos:inScheme scheme:practice-elements",
        "evaluation": "?n a csc:Evaluation",
        "finding": "?n a csc:Finding",
        "source": "?n a csc:SourceDocument",
    }
    for kind, pattern in expected.items():
        (count,), = ask.rows(f"SELECT (COUNT(DISTINCT ?n) AS ?c) WHERE {{ {pattern} }}")
        assert counts[kind] == count, kind
    (organisations,), = ask.rows("SELECT (COUNT(DISTINCT ?n) AS ?c) WHERE { ?n a csc:Organisation "
                                 "FILTER NOT EXISTS { ?n a csc:LocalAuthority } }")
    assert counts["organisation"] == organisations


def test_values_samples_concepts_and_derivations_are_not_drawn(view):
    assert all(node.startswith("https://w3id.org/csckg/") for node in view)
    for prefix in ("strength/", "direction/", "domain/", "design/", "method/", "scheme/", "value-role/", "work/"):
        assert not [n for n in view if n.startswith("https://w3id.org/csckg/" + prefix)], prefix


def test_a_finding_tooltip_holds_its_value_strength_direction_and_source(view):
    finding = view.nodes[LEEDS_COST]
    facts = dict(finding["facts"])
    assert facts["has value"] == "£755 (Estimate)"
    assert facts["strength of evidence"] == "Indicative" == finding["strength"]
    assert facts["direction"] == "Positive" == finding["direction"]
    assert facts["outcome domain"] == "Cost"
    assert ("Social work systems and practice",
            "Key messages > What did these projects achieve? > Potential cost savings") in finding["sources"]


def test_a_finding_with_a_sample_shows_its_size(view, ask):
    rows = ask.rows("SELECT ?f ?size WHERE { ?f a csc:Finding ; csc:hasSample ?s . ?s csc:size ?size }")
    assert rows, "the seed graph has findings with samples"
    samples = {d["label"]: [text for name, text in d["facts"] if name == "has sample"] for _, d in view.nodes(data=True)}
    for finding, size in rows:
        assert any(text.startswith(f"{size} ") for text in samples[finding]), finding


def test_each_link_stated_both_ways_is_drawn_once(view):
    edge = view.edges[LEEDS_PROJECT, "https://w3id.org/csckg/evaluation/leeds-family-valued"]
    assert edge["relation"] in ("has evaluation", "evaluation of")


def test_sources_are_linked_by_was_derived_from(view, ask):
    derived = ask.rows("SELECT ?n WHERE { ?n prov:wasDerivedFrom src:thematic-report-1 }")
    report = "https://w3id.org/csckg/source/thematic-report-1"
    drawn = {view.nodes[n]["label"] for n in view[report]}
    assert drawn <= {row[0] for row in derived}
    assert view.edges[LEEDS_COST, report]["relation"] == "was derived from"


def test_which_authorities_share_the_most_models(view, ask):
    pairs = analysis.authorities_sharing_most_models(view, top=50)
    top = {(a, b): (count, models) for a, b, count, models in pairs if count == pairs[0][2]}
    assert top[("Leeds", "North East Lincolnshire")] == (2, ["Family Group Conferencing", "Restorative practice"])
    assert top[("Kensington and Chelsea", "Westminster")] == (2, ["Signs of Safety", "Systemic practice"])
    shared = ask.rows("""
        SELECT ?a ?b (COUNT(DISTINCT ?m) AS ?n) WHERE {
          ?p1 csc:localAuthority ?la ; csc:usesModel ?m . ?p2 csc:localAuthority ?lb ; csc:usesModel ?m .
          ?la rdfs:label ?a . ?lb rdfs:label ?b . FILTER (STR(?a) < STR(?b)) } GROUP BY ?a ?b""")
    assert {(a, b, n) for a, b, n, _ in pairs} <= shared
    assert pairs[0][2] == max(n for _, _, n in shared)


def test_how_leeds_connects_to_signs_of_safety(view):
    steps = analysis.path(view, "Leeds", "Signs of Safety")
    assert (steps[0].label, steps[0].kind) == ("Leeds", "authority")
    assert (steps[-1].label, steps[-1].kind) == ("Signs of Safety", "model")
    assert steps[1].label == "Leeds Family Valued" and steps[1].relation == "local authority"
    assert not steps[1].forward  # the project names its authority, not the other way round
    assert len(steps) - 1 == 4
    assert "source" not in {step.kind for step in steps}
    text = analysis.explain(steps)
    assert text.splitlines()[1] == "  <--local authority-- Leeds Family Valued (project)"


def test_a_focus_that_matches_nothing_lists_the_nearest_labels(view):
    with pytest.raises(NoSuchNode) as error:
        find_node(view, "Lieds")
    message = str(error.value)
    assert "nothing is labelled 'Lieds'" in message
    assert message.splitlines()[1].strip() == "Leeds"


def test_a_focus_that_matches_several_nodes_lists_them(view):
    with pytest.raises(NoSuchNode) as error:
        find_node(view, "Leeds:")
    assert "matches" in str(error.value)
    assert "Leeds: saving per family in a family group conference" in str(error.value)


def test_a_focus_by_label_iri_or_prefixed_name_finds_the_same_node(view):
    for text in ("Leeds Family Valued", "leeds family valued", LEEDS_PROJECT, "project:leeds-family-valued"):
        assert find_node(view, text) == LEEDS_PROJECT


def test_the_neighbourhood_of_a_project(view):
    sub = neighbourhood(view, "Leeds Family Valued", 1)
    assert set(sub) == {LEEDS_PROJECT, *view[LEEDS_PROJECT]}
    labels = {d["label"] for _, d in sub.nodes(data=True)}
    assert {"Leeds", "Family Group Conferencing", "Restorative practice", "Evaluation of Leeds Family Valued"} <= labels
    assert len(neighbourhood(view, "Leeds Family Valued", 2)) > len(sub)


def test_only_some_kinds(view):
    sub = only_kinds(view, parse_kinds("project,model,authority"))
    assert set(kinds_in(sub)) == {"project", "model", "authority"}
    assert sub.number_of_nodes() == sum(kinds_in(view)[k] for k in ("project", "model", "authority"))
    with pytest.raises(Exception, match="unknown kind"):
        parse_kinds("project,planet")


def test_models_linked_by_the_projects_that_combine_them(view, ask):
    models = projection(view, "models-by-project")
    combined = ask.rows("""
        SELECT ?a ?b (COUNT(DISTINCT ?p) AS ?n) WHERE {
          ?p csc:usesModel ?ma , ?mb . ?ma skos:prefLabel ?a . ?mb skos:prefLabel ?b .
          FILTER (STR(?a) < STR(?b)) } GROUP BY ?a ?b""")
    drawn = {tuple(sorted((models.nodes[a]["label"], models.nodes[b]["label"]))) + (d["weight"],)
             for a, b, d in models.edges(data=True)}
    assert drawn == combined
    assert set(kinds_in(models)) == {"model"}


def test_counts_by_kind_and_most_central(view):
    counts = analysis.counts_by_kind(view)
    assert list(counts) == [k for k in KINDS if k in counts]
    assert sum(counts.values()) == view.number_of_nodes()
    central = analysis.most_central(analysis.analysis_view(view), 3)
    assert central[0].label == "Reclaiming Social Work" and central[0].kind == "model"


def test_communities_cover_every_node_once_and_are_reproducible(view):
    core = analysis.analysis_view(view)
    first, second = analysis.communities(core), analysis.communities(core)
    assert first == second
    assert sorted(label for group in first for label in group) == sorted(d["label"] for _, d in core.nodes(data=True))
    leeds_group = next(group for group in first if "Leeds Family Valued" in group)
    assert "Family Group Conferencing" in leeds_group


def test_graphml_and_gexf_for_gephi(view, tmp_path):
    graphml = nx.read_graphml(analysis.write_graphml(view, tmp_path / "g.graphml"))
    gexf = nx.read_gexf(analysis.write_gexf(view, tmp_path / "g.gexf"))
    for exported in (graphml, gexf):
        assert (exported.number_of_nodes(), exported.number_of_edges()) == (view.number_of_nodes(), view.number_of_edges())
    assert graphml.nodes[LEEDS_PROJECT]["kind"] == "project"
    assert gexf.nodes[LEEDS_PROJECT]["label"] == "Leeds Family Valued"


def test_gap_map_counts_match_sparql(graph, ask):
    gaps = gap_map(graph)
    counted = ask.rows("""
        SELECT ?m ?d (COUNT(DISTINCT ?f) AS ?n) WHERE {
          ?f a csc:Finding ; csc:relatesToModel ?model ; csc:outcomeDomain ?domain .
          ?model skos:inScheme scheme:practice-models ; skos:prefLabel ?m . ?domain skos:prefLabel ?d }
        GROUP BY ?m ?d""")
    cells = {(m_label, d_label, gaps.cell(m, d).count) for m, m_label in gaps.models for d, d_label in gaps.domains
             if gaps.cell(m, d).count}
    assert cells == counted
    (models,), = ask.rows("SELECT (COUNT(?m) AS ?n) WHERE { ?m skos:inScheme scheme:practice-models }")
    assert len(gaps.models) == models


def test_null_and_negative_findings_mark_their_cells(graph, ask):
    gaps = gap_map(graph)
    marked = {(m_label, d_label) for m, m_label in gaps.models for d, d_label in gaps.domains
              if gaps.cell(m, d).null_or_negative}
    expected = ask.rows("""
        SELECT DISTINCT ?m ?d WHERE {
          ?f csc:relatesToModel ?model ; csc:outcomeDomain ?domain ; csc:direction ?dir .
          VALUES ?dir { direction:no-change direction:negative }
          ?model skos:inScheme scheme:practice-models ; skos:prefLabel ?m . ?domain skos:prefLabel ?d }""")
    assert marked == expected and marked


def test_the_pages_load_nothing_from_the_network(built):
    out, _ = built
    for name in ("map.html", "gaps.html"):
        html = (out / name).read_text(encoding="utf-8")
        assert remote_references(html) == [], name
        assert "vis.Network" in html or name == "gaps.html"


def test_a_hostile_label_cannot_close_the_script(view):
    hostile = view.copy()
    hostile.nodes[LEEDS_PROJECT]["label"] = "</script><img src=x onerror=alert(1)>"
    html = render_map(hostile, "test")
    assert "</script><img" not in html
    assert "<img src=x" not in html


def test_the_map_of_the_seed_graph_is_written_fast(view):
    start = time.perf_counter()
    render_map(view, "timing")
    assert time.perf_counter() - start < 2.0


def test_the_layout_scales_to_5000_nodes():
    big = nx.barabasi_albert_graph(5000, 2, seed=1)
    kinds = list(KINDS)
    view = nx.relabel_nodes(big, {n: f"n{n}" for n in big})
    for i, node in enumerate(view):
        view.nodes[node].update(kind=kinds[i % len(kinds)], label=f"node {i}")
    start = time.perf_counter()
    data = map_data(view)
    assert time.perf_counter() - start < 20
    positions = {(n["x"], n["y"]) for n in data["nodes"]}
    assert len(positions) == 5000  # no two nodes start on top of each other
