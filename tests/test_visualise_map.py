"""The network map's view, selections and network analysis, asked as an analyst would."""

from __future__ import annotations

import subprocess
import sys
import time
from collections import Counter

import networkx as nx
import pytest
from rdflib import Graph

from csckg import paths
from csckg.export.page import remote_references
from visualise import analysis
from visualise.gaps import gap_map
from visualise.network_map import map_data, render_map
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


def test_a_finding_tooltip_holds_its_value_level_and_why_direction_and_source(view):
    finding = view.nodes[LEEDS_COST]
    facts = dict(finding["facts"])
    assert facts["has value"] == "£755 (Estimate)"
    assert finding["level"] == "Estimate or projection: not evidence of effect"
    assert facts["evidence level"] == ("Estimate or projection: not evidence of effect "
                                       "(Calculated costs or savings; no test reported)")
    assert facts["attributed to"] == "Family Group Conferencing"
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


def test_the_readme_focus_stops_at_sources_and_practice_concepts(view, ask):
    """map --focus 'Leeds Family Valued' --depth 2: the project, what it links to, and its
    evaluation's findings; not every node that shares its source, models or elements."""
    sub = neighbourhood(view, "Leeds Family Valued", 2)
    findings = {row[0] for row in ask.rows(
        "SELECT ?f WHERE { ?f csc:findingOf evaluation:leeds-family-valued }")}
    assert {d["label"] for n, d in sub.nodes(data=True) if d["kind"] == "finding"} == findings
    others = {(d["kind"], d["label"]) for n, d in sub.nodes(data=True) if d["kind"] != "finding"}
    assert others == {("project", "Leeds Family Valued"), ("authority", "Leeds"),
                      ("model", "Family Group Conferencing"), ("model", "Restorative practice"),
                      ("element", "Restorative practice awareness training"),
                      ("evaluation", "Evaluation of Leeds Family Valued"),
                      ("source", "Social work systems and practice")}
    assert len(sub) == 7 + len(findings) == 16
    through_sources = neighbourhood(view, "Leeds Family Valued", 2, through=("source",))
    assert len(through_sources) > 150  # the source document cites most of the graph


def test_a_focus_by_other_name(view):
    assert find_node(view, "FGC") == "https://w3id.org/csckg/model/family-group-conferencing"
    assert find_node(view, "Hull City Council") == "https://w3id.org/csckg/agent/hull"


def test_a_link_reads_from_either_end_as_the_ontology_words_it(view):
    fgc = "https://w3id.org/csckg/model/family-group-conferencing"
    data = map_data(view)
    edges = {(e["from"], e["to"]): e for e in data["edges"]}
    used = edges[(fgc, LEEDS_PROJECT)] if (fgc, LEEDS_PROJECT) in edges else edges[(LEEDS_PROJECT, fgc)]
    words = {used["from"]: used["fromWords"], used["to"]: used["toWords"]}
    assert words == {LEEDS_PROJECT: "uses model", fgc: "model used by"}
    cost = edges.get((LEEDS_COST, fgc)) or edges[(fgc, LEEDS_COST)]
    words = {cost["from"]: cost["fromWords"], cost["to"]: cost["toWords"]}
    assert words == {LEEDS_COST: "attributed to", fgc: ""}  # the ontology names no inverse of attributedTo


def test_the_filters_offer_only_what_they_name(view, ask):
    data = map_data(view)
    models = {row[0] for row in ask.rows("SELECT ?m WHERE { ?m skos:inScheme scheme:practice-models }")}
    assert {label for _, label in data["models"]} <= models and data["models"]
    assert {view.nodes[iri]["kind"] for iri, _ in data["models"]} == {"model"}
    assert {view.nodes[iri]["kind"] for iri, _ in data["authorities"]} == {"authority"}
    assert data["levels"] == [
        "Randomised trial: no significant difference", "Comparison group: significant difference",
        "Comparison without a reported test", "Preliminary: change over time or association, no comparison group",
        "Descriptive: a count or rate, no comparison", "Qualitative: views and experience",
        "Estimate or projection: not evidence of effect", "Inconclusive: no conclusion possible"]


def test_map_writes_a_file_of_its_own_unless_told_to_replace_the_whole_map(built):
    out, _ = built
    before = (out / "map.html").read_bytes()
    command = [sys.executable, "build.py", "map", "--built", str(out), "--focus", "Leeds Family Valued", "--depth", "2"]
    result = subprocess.run(command, capture_output=True, text=True, cwd=paths.ROOT)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"16 nodes and 33 links drawn to {out / 'map-leeds-family-valued-2.html'}"
    assert (out / "map.html").read_bytes() == before
    result = subprocess.run(command + ["--replace"], capture_output=True, text=True, cwd=paths.ROOT)
    assert result.returncode == 0 and result.stdout.strip().endswith(f"drawn to {out / 'map.html'}")
    assert "around Leeds Family Valued, depth 2" in (out / "map.html").read_text(encoding="utf-8")
    (out / "map.html").write_bytes(before)


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
    assert {(c.label, c.kind) for c in central[:2]} == {
        ("Reclaiming Social Work", "model"), ("Scaling and Deepening the Reclaiming Social Work Model", "project")}


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


def test_every_gap_map_cell_is_the_evidence_map_querys_row(graph, ask):
    """One source of truth: the page's cells are the named query's rows, and its gaps are
    exactly what evidence-gaps returns."""
    from csckg.query.library import get_named_query
    gaps = gap_map(graph)
    rows = ask.rows(get_named_query("evidence-map").text)
    drawn = {(r.label, d_label, c.studies, c.findings, c.attributed_studies, c.attributed_findings,
              c.best_level or None, c.positive, c.mixed, c.null_or_negative, c.inconclusive, c.contested)
             for r in gaps.rows for d, d_label in gaps.domains for c in [gaps.cell(r.model, d)]}
    assert drawn == rows
    hatched = {(r.label, d_label) for r in gaps.rows for d, d_label in gaps.domains if not gaps.cell(r.model, d).findings}
    assert hatched == ask.rows(get_named_query("evidence-gaps").text)
    assert len(hatched) == 115


def test_each_cell_lists_exactly_the_findings_it_counts(graph):
    gaps = gap_map(graph)
    for (model, domain), cell in gaps.cells.items():
        assert len(cell.listed) == cell.findings, (model, domain)
        assert sum(f.attributed for f in cell.listed) == cell.attributed_findings, (model, domain)
        assert len({f.study for f in cell.listed}) == cell.studies, (model, domain)


def test_narrower_models_sit_under_their_broader_model(graph):
    rows = [(r.label, r.depth, r.rolls_up) for r in gap_map(graph).rows]
    assert rows.index(("Systemic practice", 0, True)) + 1 == rows.index(("Reclaiming Social Work", 1, False))
    assert ("Motivational Social Work", 1, False) in rows
    # only models some initiative used, and the broader models above them
    assert "Multi-Systemic Therapy" not in {label for label, _, _ in rows}


def test_only_conflicting_attributed_findings_mark_a_cell_contested(graph):
    gaps = gap_map(graph)
    contested = {(r.label, d_label) for r in gaps.rows for d, d_label in gaps.domains if gaps.cell(r.model, d).contested}
    assert contested == {("Motivational Interviewing", "Practice quality")}
    # Newcastle's deterioration is its segmented units' result, not Signs of Safety's
    signs = next(r for r in gaps.rows if r.label == "Signs of Safety")
    repeat = next(d for d, label in gaps.domains if label == "Repeat referrals and escalation")
    cell = gaps.cell(signs.model, repeat)
    assert (cell.null_or_negative, cell.attributed_findings, cell.contested) == (1, 0, False)


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
    drawn = [n for n in data["nodes"] if n["physics"]]
    assert len({(n["x"], n["y"]) for n in drawn}) == len(drawn) > 2000  # no two laid-out nodes start as one
    starts = {(n["x"], n["y"]) for n in drawn}
    assert all((n["x"], n["y"]) in starts for n in data["nodes"] if not n["physics"])  # folded: on a drawn node

