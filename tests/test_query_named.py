"""The named queries in queries/*.rq, asked the analyst's questions, with answers taken from
the sources (/work/shared/sources: 001 the RSW evaluation summary, 002 the MLA project page,
003 the Hackney case study, 004 the thematic report "Social work systems and practice").

Rows come back with IRIs as their English labels and literals as Python values, so each
expected row reads like the answer an analyst would give.
"""

from __future__ import annotations

import csv
import io
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from csckg.names import label
from csckg.query.library import get_named_query, named_queries
from csckg.query.params import bind_parameters
from csckg.query.run import run_named
from csckg.queryfile import PARAM_TYPES
from conftest import run_main
from csckg.store.errors import QueryError
from csckg.store.inject import bind_in_text, values_clause
from csckg.store.protocol import LocalStore

HEADER_KEYS = {"title", "description", "needs", "example"}
RSW = "Scaling and Deepening the Reclaiming Social Work Model"
EVAL_RSW = "Evaluation of Scaling and Deepening the Reclaiming Social Work Model"
TR1 = "Social work systems and practice"


@pytest.fixture(scope="session")
def store(graph) -> LocalStore:
    return LocalStore(graph)


def _plain(graph, term):
    if isinstance(term, URIRef):
        return label(graph, term) or str(term)
    if isinstance(term, Literal):
        value = term.toPython()
        return str(term) if isinstance(value, Literal) else value
    return term


@pytest.fixture(scope="session")
def ask(store, graph):
    """``ask(query_name, param="value")``: the rows of a named query, as labels and Python values."""
    def run(name: str, **params) -> list[tuple]:
        result = run_named(store, name, {k: str(v) for k, v in params.items()})
        return [tuple(_plain(graph, t) for t in row) for row in result.rows]
    return run


def split(text: str | None, sep: str = "; ") -> frozenset:
    """A GROUP_CONCAT column as a set (its order is not defined by SPARQL)."""
    return frozenset(text.split(sep)) if text else frozenset()


# ---------------------------------------------------------------------------------------
# Every query: a complete header, a test of its own, the same rows locally and remotely
# ---------------------------------------------------------------------------------------

def test_every_query_has_a_complete_header():
    library = named_queries()
    assert library, "no named queries found"
    for name, query in library.items():
        assert HEADER_KEYS <= set(query.header), f"{name}: header lacks {HEADER_KEYS - set(query.header)}"
        assert set(query.header) <= HEADER_KEYS, f"{name}: unknown header keys {set(query.header) - HEADER_KEYS}"
        assert query.header["needs"] in ("inferred", "asserted"), name
        assert query.header["example"].startswith(f"python3 build.py query {name}"), name
        for param in query.params:  # parses, or raises
            assert param.type in PARAM_TYPES
            assert param.description, f"{name}: parameter {param.name} undocumented"
            assert re.search(rf"\?{param.name}\b", query.text), f"{name}: no ?{param.name} in the query"
        assert "PREFIX" in query.text, f"{name} declares no PREFIX"
        assert re.search(r"ORDER BY", query.text), f"{name} has no ORDER BY"


def test_every_query_has_a_test_of_its_own():
    source = Path(__file__).read_text(encoding="utf-8")
    tested = set(re.findall(r'ask\(\s*"([a-z0-9-]+)"', source))
    untested = set(named_queries()) - tested
    assert not untested, f"named queries without a test: {sorted(untested)}"
    assert tested <= set(named_queries()), f"tests of queries that do not exist: {tested - set(named_queries())}"


#: one call of each query, with its parameters: used to check local and remote binding agree
EXAMPLES = [
    ("projects-by-model", {"model": "model:systemic-practice"}),
    ("practice-by-authority", {"authority": "agent:stockport"}),
    ("practice-by-authority", {}),
    ("project-profile", {"project": "project:leeds-family-valued"}),
    ("authority-profile", {"authority": "agent:hull"}),
    ("evaluations-by-design", {"design": "method:embedded-researcher"}),
    ("evaluations-by-design", {}),
    ("evaluation-samples", {"evaluation": "evaluation:safe-families"}),
    ("evaluation-samples", {}),
    ("findings-by-domain", {"domain": "domain:cost"}),
    ("findings-by-model", {"model": "model:systemic-practice"}),
    ("finding-values", {"finding": "finding:leeds-family-valued--fgc-cost-per-family"}),
    ("recommendation-evidence", {"recommendation": "rec:tr1-08"}),
    ("shared-elements", {"min": "3"}),
    ("shared-elements", {}),
    ("shared-elements", {"project": "project:hackney-reclaiming-social-work", "min": "1"}),
    ("organisations-by-role", {"role": "role:evaluator"}),
    ("provenance", {"node": "project:stockport-family"}),
    ("lessons", {"kind": "ingredient"}),
    ("findings-by-project", {"project": "project:stockport-family"}),
    ("evidence-map", {"model": "model:family-group-conferencing"}),
]


def test_the_examples_cover_every_parameter():
    covered = {(name, p) for name, given in EXAMPLES for p in given}
    declared = {(name, p.name) for name, q in named_queries().items() for p in q.params}
    assert declared <= covered, f"parameters without an example: {declared - covered}"


@pytest.mark.parametrize("name,given", [(n, g) for n, g in EXAMPLES if g and all(
    p.default == "optional" for p in get_named_query(n).params if p.name in g)],
    ids=lambda v: v if isinstance(v, str) else "-".join(v))
def test_an_optional_parameter_left_out_returns_every_case(store, name, given):
    """Unbound, an optional parameter's query returns the bound answer and more besides."""
    bound = set(normalised(run_named(store, name, given).rows))
    every = set(normalised(run_named(store, name, {}).rows))
    assert bound and bound < every


def normalised(rows) -> list:
    """Rows in a stable order, with GROUP_CONCAT lists (whose order is undefined) sorted."""
    def term(t):
        if isinstance(t, Literal) and "; " in str(t):
            return "; ".join(sorted(str(t).split("; ")))
        return "" if t is None else t.n3()
    return sorted(tuple(term(t) for t in row) for row in rows)


def values_block(bindings) -> str:
    """The parameters as a VALUES block after the whole query (the strictest placement)."""
    return "\n" + values_clause(bindings) + "\n" if bindings else ""


@pytest.mark.slow  # every example twice on rdflib, which is slow with a VALUES block (project-profile: a minute)
@pytest.mark.parametrize("placement", ["in-where", "trailing"])
@pytest.mark.parametrize("name,given", EXAMPLES, ids=[f"{n}-{'-'.join(g) or 'all'}" for n, g in EXAMPLES])
def test_binding_by_a_values_block_gives_the_same_rows(store, name, given, placement):
    """What a SPARQL server gets (the query text with a VALUES block, first in the WHERE group
    as the remote store sends it, or after the query) answers as the local binding does."""
    query = get_named_query(name)
    local = run_named(store, name, given)
    bindings = bind_parameters(store, query, given)
    text = bind_in_text(query.text, bindings) if placement == "in-where" else query.text + values_block(bindings)
    remote = store.query(text)
    assert remote.variables == local.variables
    assert normalised(remote.rows) == normalised(local.rows)
    assert local.rows, f"{name} {given} returned nothing"


# ---------------------------------------------------------------------------------------
# Projects, authorities and practice
# ---------------------------------------------------------------------------------------

def test_family_group_conferencing_was_used_in_leeds_and_north_east_lincolnshire(ask):
    assert ask("projects-by-model", model="FGC") == [
        ("Family Group Conferencing", "Leeds Family Valued", "Family Group Conferencing", "Leeds"),
        ("Family Group Conferencing", "NE Lincolnshire Creating Strong Communities",
         "Family Group Conferencing", "North East Lincolnshire"),
    ]


def test_systemic_practice_includes_the_projects_that_used_reclaiming_social_work(ask):
    rows = ask("projects-by-model", model="Systemic practice")
    assert set(rows) == {
        *(("Systemic practice", "Focus on Practice", "Systemic practice", la)
          for la in ("Hammersmith and Fulham", "Kensington and Chelsea", "Westminster")),
        ("Systemic practice", "Reclaiming Social Work in Hackney", "Reclaiming Social Work", "Hackney"),
        *(("Systemic practice", RSW, "Reclaiming Social Work", la)
          for la in ("Buckinghamshire", "Derbyshire", "Harrow", "Hull", "Southwark")),
    }
    assert len(rows) == 9


def test_stockport_used_restorative_practice_with_integrated_co_located_locality_teams(ask):
    assert ask("practice-by-authority", authority="Stockport") == [
        ("Stockport", "Stockport Family", "model", "Restorative practice"),
        ("Stockport", "Stockport Family", "element", "Case allocation process"),
        ("Stockport", "Stockport Family", "element", "Communication and change management"),
        ("Stockport", "Stockport Family", "element", "Co-location"),
        ("Stockport", "Stockport Family", "element", "Integrated team"),
        ("Stockport", "Stockport Family", "element", "Locality working"),
        ("Stockport", "Stockport Family", "element", "Partnership working"),
    ]


def test_practice_by_authority_without_an_authority_lists_every_authority(ask):
    rows = ask("practice-by-authority")
    authorities = {row[0] for row in rows}
    # the 32 authorities named as sites (Firstline's 8 and Safe Families' 20 are not named)
    assert len(authorities) == 32
    assert {"Buckinghamshire", "Derbyshire", "Harrow", "Hull", "Southwark", "Hackney",
            "Cheshire East"} <= authorities
    assert ("Hull", RSW, "model", "Reclaiming Social Work") in rows
    assert ("Brent", "Signs of Safety (MTM)", "model", "Signs of Safety") in rows


@pytest.mark.slow  # project-profile takes rdflib several seconds
def test_the_rsw_project_ran_in_its_five_partner_authorities(ask):
    rows = ask("project-profile", project=RSW)
    assert sorted(r[2] for r in rows if r[1] == "local authority") == [
        "Buckinghamshire", "Derbyshire", "Harrow", "Hull", "Southwark"]
    facts = {(r[1], r[2]) for r in rows}
    assert {("lead", "Morning Lane Associates"), ("evaluator", "University of Bedfordshire"),
            ("model", "Reclaiming Social Work"), ("builds on", "Reclaiming Social Work in Hackney"),
            ("design", "Mixed methods"), ("method", "Embedded researchers"),
            ("start date", "2014-10")} <= facts
    funding = [r for r in rows if r[1] == "funding"]
    assert [(r[3], r[4], r[5], r[6]) for r in funding] == [
        (Decimal("4400000"), "pound sterling (GBP)",
         "Morning Lane Associates project page: Scaling and Deepening the Reclaiming Social Work Model",
         "Scaling and Deepening the Reclaiming Social Work Model")]
    assert ("number of local authorities", 5) in {(r[1], r[3]) for r in rows}
    kft = [r for r in rows if r[1] == "achieved sample" and r[3] == 119]
    assert kft and kft[0][2].startswith("children and young people receiving a KFT service")


@pytest.mark.slow  # project-profile takes rdflib several seconds
def test_leeds_profile_gives_aim_figures_evaluation_and_findings_with_their_sections(ask):
    rows = ask("project-profile", project="Leeds Family Valued")
    assert {r[1] for r in rows} == {
        "name", "aim", "description", "programme", "local authority", "number of local authorities",
        "model", "element", "key figure", "evaluation", "evaluation source", "design", "method",
        "achieved sample", "finding", "limitation", "observation", "source"}
    assert {r[2] for r in rows if r[1] == "observation"} == {"Leeds: carrying out conference plans relies on the wider system"}
    figures = {(r[2], r[3], r[4], r[6]) for r in rows if r[1] == "key figure"}
    assert figures == {
        ("people given awareness-raising training in restorative practice", 5913, "count",
         "Key messages > What did these projects achieve? > Successful implementation"),
        ("families who took part in a family group conference", 395, "count",
         "Key messages > What did these projects achieve? > Successful implementation"),
        ("families who took part in a family group conference", 395, "count",
         "Approaches taken by the projects > Family Group Conferencing"),
    }
    findings = [r for r in rows if r[1] == "finding"]
    assert len({r[2] for r in findings}) == 9  # the tenth statement is an observation (issue #10)
    assert ("Leeds: saving per family in a family group conference", TR1,
            "Key messages > What did these projects achieve? > Potential cost savings") in {
        (r[2], r[5], r[6]) for r in findings}
    assert ("achieved sample", "families interviewed after taking part in a family group conference",
            54) in {(r[1], r[2], r[3]) for r in rows}
    assert {r[2] for r in rows if r[1] == "model"} == {"Restorative practice", "Family Group Conferencing"}


def test_hull_had_one_project_reclaiming_social_work(ask):
    rows = ask("authority-profile", authority="Hull City Council")
    assert rows == [("Hull", RSW, "Reclaiming Social Work", EVAL_RSW, 18)]


def test_leeds_authority_profile_names_both_models(ask):
    [(authority, project, models, evaluation, findings)] = ask("authority-profile", authority="Leeds")
    assert (authority, project, evaluation, findings) == (
        "Leeds", "Leeds Family Valued", "Evaluation of Leeds Family Valued", 9)
    assert split(models) == {"Restorative practice", "Family Group Conferencing"}


# ---------------------------------------------------------------------------------------
# Evaluations and samples
# ---------------------------------------------------------------------------------------

def test_five_evaluations_used_embedded_researchers(ask):
    rows = ask("evaluations-by-design", design="embedded researchers")
    assert [(r[0], r[1], r[3], r[4]) for r in rows] == [
        ("Embedded researchers", "method", "Durham Families First", None),
        ("Embedded researchers", "method", "Islington – Doing What Counts and Measuring What Matters", None),
        ("Embedded researchers", "method", "Newcastle Family Insights", None),
        ("Embedded researchers", "method", RSW, "University of Bedfordshire"),
        ("Embedded researchers", "method", "Stockport Family", None),
    ]
    assert all("Embedded researchers" in split(r[5]) for r in rows)


def test_project_crewe_and_safe_families_ran_randomised_controlled_trials(ask):
    rows = ask("evaluations-by-design", design="RCT")
    assert [(r[0], r[1], r[2], r[3]) for r in rows] == [
        ("Randomised controlled trial", "design", "Evaluation of Project Crewe", "Project Crewe"),
        ("Randomised controlled trial", "design", "Evaluation of Safe Families", "Safe Families"),
    ]


def test_every_evaluation_used_mixed_methods_when_no_design_is_given(ask):
    rows = ask("evaluations-by-design")
    mixed = {r[3] for r in rows if r[0] == "Mixed methods"}
    assert len({r[2] for r in rows}) == 18
    assert RSW in mixed and "Leeds Family Valued" in mixed


def test_safe_families_planned_360_children_for_its_trial_and_achieved_26(ask):
    assert ask("evaluation-samples", evaluation="evaluation:safe-families") == [
        ("Evaluation of Safe Families", None, "planned", 360, "children to be randomly allocated in the trial"),
        ("Evaluation of Safe Families", None, "achieved", 26, "children randomly allocated in the trial"),
    ]


def test_the_rsw_evaluation_gathered_three_strands_of_data(ask):
    rows = ask("evaluation-samples", evaluation="evaluation:scaling-and-deepening-rsw")
    s1, s2, s3 = ("RSW evaluation strand 1: the process of change",
                  "RSW evaluation strand 2: RSW units compared with service as usual",
                  "RSW evaluation strand 3: case study of the KFT units")
    assert [(r[1], r[3]) for r in rows] == [
        (s1, 325), (s1, 213), (s1, 29),
        (s2, 106), (s2, 67), (s2, 51), (s2, 4),
        (s3, 119), (s3, 13), (s3, 10), (s3, 5),
    ]
    assert {r[2] for r in rows} == {"achieved"}


def test_project_crewe_trial_sample_was_132_families_with_326_children(ask):
    rows = ask("evaluation-samples")
    crewe = {(r[2], r[3]) for r in rows if r[0] == "Evaluation of Project Crewe"}
    assert crewe == {("achieved", 132), ("achieved", 326)}
    assert ("Evaluation of Signs of Safety (MTM)", None, "achieved", 270,
            "families in the study of initial and 6-month follow-up interviews and standardised measures "
            "(the report does not say how many were followed up at 6 months)") in rows


# ---------------------------------------------------------------------------------------
# Findings
# ---------------------------------------------------------------------------------------

def test_kft_kept_79_percent_of_119_high_risk_children_at_home(ask):
    rows = ask("findings-by-domain", domain="Children looked after")
    kft = [r for r in rows if r[1] == "RSW: KFT units kept 79% of high-risk children at home"]
    assert len(kft) == 1
    _, _, project, _, direction, level, why, values, samples = kft[0]
    assert (project, direction) == (RSW, "Positive")
    assert {"Observed: 79.0 percent", "Observed: 25.0 count"} <= split(values)
    assert "119" in samples
    assert level == "Descriptive: a count or rate, no comparison"
    assert why.startswith("Descriptive count or rate; no test reported; sample: 119 children")


def test_children_looked_after_findings(ask):
    rows = ask("findings-by-domain", domain="domain:children-looked-after")
    assert {(r[2], r[1]) for r in rows} >= {
        ("Leeds Family Valued", "Leeds: fewer children looked after at 16 months"),
        ("Family Safeguarding Hertfordshire", "Hertfordshire: days in care per family more than halved"),
        ("Reclaiming Social Work in Hackney", "Hackney RSW: steep fall in the number of looked-after children"),
    }
    # Safe Families' 15% is a projection of possible reach, not a looked-after-children outcome
    assert not any(r[2] == "Safe Families" and "15%" in r[1] for r in rows)
    herts = next(r for r in rows if r[1] == "Hertfordshire: days in care per family more than halved")
    assert {"Before: 20.5 day", "After: 9.8 day"} <= split(herts[7])
    assert split(herts[8]) == {"221 cases before FSH in the days-in-care analysis",
                               "165 cases after FSH in the days-in-care analysis"}


def test_cost_findings_by_domain(ask):
    rows = ask("findings-by-domain", domain="Cost")
    assert {r[2] for r in rows} == {
        "Active Agents for Change", "Family Safeguarding Hertfordshire", "Focus on Practice",
        "Reclaiming Social Work in Hackney", "Leeds Family Valued",
        "NE Lincolnshire Creating Strong Communities", "Stockport Family"}
    nel = next(r for r in rows if r[2] == "NE Lincolnshire Creating Strong Communities")
    assert nel[7] == 'Estimate: 18.20 ratio (no unit) ("£18.20 for every £1 spent")'
    assert nel[8] == "20 family group conference cases in the fiscal return on investment calculation"


def test_findings_on_systemic_practice_include_those_on_reclaiming_social_work(ask):
    rows = ask("findings-by-model", model="systemic practice")
    projects = {r[2] for r in rows}
    assert projects == {"Focus on Practice", RSW, "Reclaiming Social Work in Hackney"}
    direct = next(r for r in rows if r[1] == "RSW: direct practice quality significantly higher in RSW units")
    assert direct[3:6] == ("Practice quality", "Positive", "Comparison group: significant difference")
    assert direct[6].startswith("Non-randomised comparison group; significant; sample: 67 coded observations")
    assert direct[7:] == ("attributed", "Reclaiming Social Work")


def test_findings_on_family_group_conferencing(ask):
    """Which findings do the sources credit to FGC, and which only come from projects that used it?"""
    rows = ask("findings-by-model", model="FGC")
    assert len(rows) == 11
    assert {r[2] for r in rows} == {"Leeds Family Valued", "NE Lincolnshire Creating Strong Communities"}
    assert {r[1] for r in rows if r[7] == "attributed"} == {
        "Leeds: saving per family in a family group conference",
        "Leeds: every interviewed family felt involved in its conference",
        "Leeds: nearly all interviewed families found the conference helpful",
        "NE Lincolnshire: £18.20 saved for each £1 spent on family group conferences"}
    assert ("Family Group Conferencing", "Leeds: fewer children looked after at 16 months", "Leeds Family Valued",
            "Children looked after", "Positive", "Preliminary: change over time or association, no comparison group",
            "Before and after, no comparison group; significant", "from a project using it",
            "Family Group Conferencing") in rows


def test_stockport_forecast_just_over_1_2_million_a_14_percent_reduction(ask):
    assert ask("finding-values", finding="finding:stockport-family--looked-after-placement-cost-reduction") == [
        ("Stockport: forecast fall in the cost of looked-after placements", "Change", 14, "percent", None,
         "forecast reduction as a share of 2013/14 placement spend"),
        ("Stockport: forecast fall in the cost of looked-after placements", "Estimate", 1200000,
         "pound sterling (GBP)", "just over", "forecast reduction in placement costs"),
    ]


def test_hampshire_pas_cut_admin_time_from_36_to_14_percent(ask):
    rows = ask("finding-values")
    admin = {(r[1], r[2], r[3]) for r in rows
             if r[0] == "Active Agents for Change: PAs cut social workers' administrative time from 36% to 14%"}
    assert admin == {("Before", 36, "percent"), ("After", 14, "percent")}
    assert ("Leeds: saving per family in a family group conference", "Estimate", 755,
            "pound sterling (GBP)", None,
            "estimated saving per family with a family group conference, against business as usual") in rows


def test_cost_savings_are_the_sources_figures(ask):
    """Every cost finding, Focus on Practice's and Hackney's included; NE Lincolnshire's return
    is a ratio in its own column, never an amount beside sums in pounds."""
    rows = [(r[0], r[2], r[3], r[4], r[5], r[10]) for r in ask("cost-savings")]
    gbp, pct, estimate = "pound sterling (GBP)", "percent", "Estimate or projection: not evidence of effect"
    assert rows == [
        ("Active Agents for Change", 27000, gbp, None, "in the region of", estimate),
        ("Family Safeguarding Hertfordshire", 2600000, gbp, None, None, estimate),
        ("Focus on Practice", None, None, None, None, estimate),
        ("Reclaiming Social Work in Hackney", 5, pct, None, "almost",
         "Preliminary: change over time or association, no comparison group"),
        ("Leeds Family Valued", 755, gbp, None, None, estimate),
        ("NE Lincolnshire Creating Strong Communities", None, None, Decimal("18.20"), None, estimate),
        ("Stockport Family", 1200000, gbp, None, "just over", estimate),
        ("Stockport Family", 14, pct, None, None, estimate),
    ]


def test_null_and_negative_findings(ask):
    """Null, negative, non-significant and inconclusive results; context is not among them."""
    preliminary = "Preliminary: change over time or association, no comparison group"
    no_effect = "Randomised trial: no significant difference"
    assert ask("null-and-negative-findings") == [
        ("Family Safeguarding Hertfordshire", "Hertfordshire: no measurable gain in social workers' practice skills",
         "No change", "No test reported", preliminary, None),
        ("Newcastle Family Insights", "Newcastle: little sign of better outcomes, with escalation and closures worsening",
         "Negative", "No test reported", preliminary, None),
        ("Project Crewe", "Project Crewe: pilot teams closed more cases, but more slowly",
         "Mixed", "Not significant", no_effect, None),
        ("Project Crewe", "Project Crewe: trial outcomes not statistically significant",
         "Positive", "Not significant", no_effect, "none statistically significant"),
        ("Project Crewe", "Project Crewe: pilot teams lowered risks for children in need",
         "Positive", "Not significant", no_effect, None),
        ("Safe Families", "Safe Families: the trial was too small to conclude anything",
         "Inconclusive", "No test reported", "Inconclusive: no conclusion possible", None),
        ("Torbay SWIFT", "Torbay: the project was not delivered as planned", "Negative", "No test reported",
         "Descriptive: a count or rate, no comparison", None),
    ]


def test_cost_estimates_are_hedged_by_the_source(ask):
    rows = ask("indicative-findings")
    cost = {(r[0], r[1], r[3]) for r in rows if r[2] == "Cost"}
    assert cost == {
        ("Active Agents for Change", "Active Agents for Change: estimated saving per PA", "estimated"),
        ("Family Safeguarding Hertfordshire", "Hertfordshire: £2.6m estimated saving in the first year", "estimated"),
        ("Reclaiming Social Work in Hackney", "Hackney RSW: overall cost of care fell by almost five per cent",
         "during the course of Reclaiming Social Work"),
        ("Leeds Family Valued", "Leeds: saving per family in a family group conference", "estimated"),
        ("NE Lincolnshire Creating Strong Communities",
         "NE Lincolnshire: £18.20 saved for each £1 spent on family group conferences", "estimated"),
        ("Stockport Family", "Stockport: forecast fall in the cost of looked-after placements", "forecast"),
    }
    assert ("Leeds Family Valued", "Leeds: fewer children looked after at 16 months", "Children looked after",
            "indications of positive change",
            "Preliminary: change over time or association, no comparison group") in rows


def test_significant_findings(ask):
    """Significance is not strength: Leeds' significant falls are before/after, preliminary."""
    rows = ask("significant-findings")
    preliminary = "Preliminary: change over time or association, no comparison group"
    assert {(r[0], r[1], r[4], r[5]) for r in rows} == {
        ("Reclaiming Social Work in Hackney", "Hackney RSW: parents rated services higher than in comparison authorities",
         "Non-randomised comparison group", "Comparison group: significant difference"),
        ("Leeds Family Valued", "Leeds: fewer child protection plans at 16 months",
         "Before and after, no comparison group", preliminary),
        ("Leeds Family Valued", "Leeds: fewer children in need at 16 months",
         "Before and after, no comparison group", preliminary),
        ("Leeds Family Valued", "Leeds: fewer children looked after at 16 months",
         "Before and after, no comparison group", preliminary),
        (RSW, "RSW: quality of group case discussion strongly related to quality of practice",
         "Association across cases", preliminary),
        (RSW, "RSW: clinicians in case discussions predicted better discussion and practice",
         "Association across cases", preliminary),
        (RSW, "RSW: consultant social workers from the MLA programme practised to a very high standard",
         "Association across cases", preliminary),
        (RSW, "RSW: direct practice quality significantly higher in RSW units",
         "Non-randomised comparison group", "Comparison group: significant difference"),
        (RSW, "RSW: training in systemic practice linked to greater worker skill",
         "Association across cases", preliminary),
    }
    assert len(rows) == 9


def test_contested_models(ask):
    """Only findings the sources attribute to a model count, within one outcome domain: Islington's
    gain in Motivational Social Work skill against Hertfordshire's lack of one after MI training."""
    assert ask("contested-models") == [("Motivational Interviewing", "Practice quality", 1, 1)]


def test_ne_lincolnshire_findings(ask):
    rows = ask("findings-by-project", project="NE Lincolnshire Creating Strong Communities")
    assert [(r[1], r[3], r[4], r[5], r[7], r[8]) for r in rows] == [
        ("NE Lincolnshire: fewer children on child protection plans", None, "Positive",
         "Preliminary: change over time or association, no comparison group", "Child protection plans", None),
        ("NE Lincolnshire: £18.20 saved for each £1 spent on family group conferences",
         'Estimate: 18.20 ratio (no unit) ("£18.20 for every £1 spent")', "Positive",
         "Estimate or projection: not evidence of effect", "Cost", "Family Group Conferencing"),
    ]
    assert rows[1][9] == f"{TR1}: Key messages > What did these projects achieve? > Potential cost savings"


# ---------------------------------------------------------------------------------------
# Recommendations, lessons, self-audit
# ---------------------------------------------------------------------------------------

def test_skilled_administrators_recommendation_rests_on_hampshire_findings(ask):
    rows = ask("recommendation-evidence", recommendation="rec:tr1-08")
    assert {r[3] for r in rows} == {
        "Active Agents for Change: PAs cut social workers' administrative time from 36% to 14%",
        "Active Agents for Change: with PAs, social workers' family time rose from 34% to 58%",
        "Active Agents for Change: estimated saving per PA",
        "Active Agents for Change: PAs appeared to ease sickness and stress",
    }
    assert {(r[0], r[1], r[2], r[4], r[5]) for r in rows} == {
        ("Give social work teams skilled administrative support", 8, TR1, "Active Agents for Change",
         "Skilled administrative support")}


def test_multi_disciplinary_recommendation(ask):
    rows = ask("recommendation-evidence", recommendation="Work in integrated multi-disciplinary teams with adult specialists")
    assert {r[4] for r in rows} == {"Doncaster Growing Futures", "Family Safeguarding Hertfordshire",
                                    "Focus on Practice", "Stockport Family"}
    assert {split(r[5]) for r in rows} == {
        frozenset({"Adult specialist worker", "Integrated team", "Multi-disciplinary team"})}


def test_every_recommendation_is_listed_when_none_is_given(ask):
    rows = ask("recommendation-evidence")
    tr1 = {r[1] for r in rows if r[2] == TR1}
    assert tr1 == set(range(1, 13))


def test_lessons_key_ingredients(ask):
    assert ask("lessons", kind="ingredient") == [
        ("ingredient", "Key ingredient: a common view of what good practice is", None),
        ("ingredient", "Key ingredient: confidence, skills and tools for direct work", "Tools for direct work"),
        ("ingredient", "Key ingredient: engaging the whole family", "Family intervention team"),
        ("ingredient", "Key ingredient: engaging the whole family", "Whole-family working"),
        ("ingredient", "Key ingredient: cultural competence", "Culturally attuned key worker"),
    ]


def test_lessons_all_kinds(ask):
    rows = ask("lessons")
    lessons = {}
    for kind, lesson, _ in rows:
        lessons.setdefault(kind, set()).add(lesson)
    # 6 core principles, 4 key ingredients, 5 common features, 4 sustaining conditions
    assert {k: len(v) for k, v in lessons.items()} == {
        "principle": 6, "ingredient": 4, "feature": 5, "condition": 4}
    assert ("feature", "Success feature: caseloads that are manageable and actively managed",
            "Managed caseloads") in rows


def test_self_audit_conditions_audit_the_twelve_recommendations(ask):
    rows = ask("self-audit")
    assert [(r[0], r[2]) for r in rows] == [
        ("All relevant agencies work to aligned systems", 1),
        ("Leadership exists at every level, with practice champions", 2),
        ("A model of good practice is clearly communicated", 3),
        ("The practice model is built into training, supervision and performance management", 4),
        ("Integrated multi-disciplinary teams include adult specialists", 5),
        ("Practitioners get effective supervision, case discussion, clinical input and consultancy", 6),
        ("Training sits within a wider skills development strategy", 7),
        ("Skilled administrators support social work teams", 8),
        ("Unqualified staff and volunteers are used where they fit", 9),
        ("The detail of IT and electronic recording systems is attended to", 10),
        ("Data informs decisions at every level", 12),
        ("Sustainability is planned into innovation from the start", 11),
    ]


# ---------------------------------------------------------------------------------------
# Shared elements, organisations, timeline, provenance, gaps, hierarchy, works, programme
# ---------------------------------------------------------------------------------------

def test_hackney_and_the_rsw_project_share_six_elements(ask):
    rows = ask("shared-elements", min=3)
    assert [(a, b, count, threshold) for a, b, count, _, threshold in rows] == [
        ("Reclaiming Social Work in Hackney", RSW, 6, 3), (RSW, "Reclaiming Social Work in Hackney", 6, 3)]
    assert split(rows[0][3]) == split(rows[1][3]) == {
        "Group case discussion", "Unit coordinator", "Training in systemic practice", "Clinician",
        "Small multi-disciplinary unit", "Consultant social worker"}


def test_the_projects_sharing_elements_with_one_project_are_its_rows_of_every_pair(ask):
    every_pair = ask("shared-elements", min=1)
    for project in ("Reclaiming Social Work in Hackney", RSW, "Stockport Family"):
        rows = ask("shared-elements", project=project, min=1)
        assert rows == [row for row in every_pair if row[0] == project] != []
        assert [row[2] for row in rows] == sorted((row[2] for row in rows), reverse=True)
    [(a, b, count, _, threshold)] = ask("shared-elements", project="Reclaiming Social Work in Hackney", min=3)
    assert (a, b, count, threshold) == ("Reclaiming Social Work in Hackney", RSW, 6, 3)


def test_shared_elements_default_is_two(ask):
    rows = ask("shared-elements")
    assert len(rows) == 24  # 12 pairs, each from both ends
    assert all(r[2] >= 2 and r[4] == 2 for r in rows)
    assert {("Durham Families First", "Stockport Family", 2), ("Stockport Family", "Durham Families First", 2)} <= {
        r[:3] for r in rows}
    assert ask("shared-elements", min=2) == rows


def test_leads_of_projects(ask):
    assert ask("organisations-by-role", role="lead") == [
        ("Lead organisation", "Frontline", "Firstline"),
        ("Lead organisation", "Morning Lane Associates", RSW),
        ("Lead organisation", "Munro, Turnell and Murphy", "Signs of Safety (MTM)"),
    ]


def test_the_university_of_bedfordshire_evaluated_the_rsw_project(ask):
    assert ask("organisations-by-role", role="Evaluator") == [
        ("Evaluator", "University of Bedfordshire", RSW)]


def test_catch22_was_project_crewes_delivery_partner(ask):
    assert ask("organisations-by-role", role="role:delivery-partner") == [
        ("Delivery partner", "Catch22", "Project Crewe")]
    assert ask("organisations-by-role", role="partner") == [("Delivery partner", "Catch22", "Project Crewe")]


def test_organisations_in_every_role(ask):
    rows = ask("organisations-by-role")
    assert {r[0] for r in rows} == {"Delivery partner", "Evaluation coordinator", "Evaluator", "Funder",
                                    "Lead organisation", "Local authority site"}
    assert ("Evaluation coordinator", "Rees Centre", "Innovation Programme Wave 1") in rows
    assert ("Delivery partner", "Catch22", "Project Crewe") in rows
    assert ("Funder", "Department for Education", "Children's Social Care Innovation Programme") in rows
    assert len([r for r in rows if r[0] == "Local authority site"]) == 32


def test_timeline(ask):
    rows = ask("timeline")
    assert rows[0][0] == "2008"
    assert ("2008", "started", "Reclaiming Social Work in Hackney") in rows
    assert ("2014-10", "started", RSW) in rows
    assert ("2014", "started", "Innovation Programme Wave 1") in rows
    assert ("2016", "ended", "Innovation Programme Wave 1") in rows
    assert ("2017-07", "final results published", EVAL_RSW) in rows
    dates = [r[0] for r in rows]
    assert dates == sorted(dates)
    assert len(rows) == 24


def test_provenance_of_the_leeds_saving(ask):
    assert ask("provenance", node="finding:leeds-family-valued--fgc-cost-per-family") == [
        ("Leeds: saving per family in a family group conference", "the node itself", TR1, TR1,
         "Department for Education", "Key messages > What did these projects achieve? > Potential cost savings")]


def test_provenance_of_the_rsw_grant_is_the_mla_project_page(ask):
    rows = ask("provenance", node=RSW)
    grant = [r for r in rows if r[1] == "key figure: grant awarded to Morning Lane Associates for the project"]
    assert [(r[2], r[4]) for r in grant] == [
        ("Morning Lane Associates project page: Scaling and Deepening the Reclaiming Social Work Model",
         "Morning Lane Associates")]
    assert {r[2] for r in rows} == {
        "Morning Lane Associates project page: Scaling and Deepening the Reclaiming Social Work Model",
        "Reclaiming Social Work Evaluation Summary", TR1}
    assert len(rows) == 14


def test_evidence_gaps(ask):
    rows = ask("evidence-gaps")
    assert ("Family Group Conferencing", "Repeat referrals and escalation") in rows
    assert ("Reclaiming Social Work", "Children in need") in rows
    # findings exist for these cells, so they are not gaps
    assert ("Family Group Conferencing", "Cost") not in rows
    assert ("Reclaiming Social Work", "Children looked after") not in rows
    assert ("Systemic practice", "Practice quality") not in rows
    # inter-agency working: only the restorative projects (Leeds, Stockport) report on it
    assert ("Restorative practice", "Inter-agency working") not in rows
    assert ("Signs of Safety", "Inter-agency working") in rows
    assert len(rows) == 115


def test_evidence_map_rolls_narrower_models_up_and_agrees_with_the_gaps(ask):
    rows = ask("evidence-map")
    cells = {(r[0], r[1]): r for r in rows}
    # Motivational Social Work (Islington) rolls up into Motivational Interviewing
    mi, msw = cells[("Motivational Interviewing", "Practice quality")], cells[("Motivational Social Work", "Practice quality")]
    assert (mi[2], mi[3], mi[4], mi[5]) == (2, 4, 2, 2)
    assert (msw[2], msw[3], msw[4], msw[5]) == (1, 1, 1, 1)
    assert mi[11] is True and not any(r[11] for key, r in cells.items() if key != ("Motivational Interviewing", "Practice quality"))
    # Project Crewe's trial is the best evidence on solution-focused practice for children in need: no effect detected
    crewe = cells[("Solution-focused practice", "Children in need")]
    assert (crewe[2], crewe[3], crewe[6], crewe[9]) == (1, 3, "Randomised trial: no significant difference", 3)
    # the gaps are exactly the cells with no findings
    assert {key for key, r in cells.items() if r[3] == 0} == set(ask("evidence-gaps"))


def test_evidence_map_for_one_model(ask):
    rows = ask("evidence-map", model="FGC")
    assert {r[0] for r in rows} == {"Family Group Conferencing"}
    cost = next(r for r in rows if r[1] == "Cost")
    assert cost[2:7] == (2, 2, 2, 2, "Estimate or projection: not evidence of effect")


def test_model_hierarchy(ask):
    rows = {(r[0], r[1]): r for r in ask("model-hierarchy")}
    rsw = rows[("Reclaiming Social Work", "Systemic practice")]
    # "Hackney model" is a hidden label: no source calls it that
    assert split(rsw[2]) == {"RSW", "Reclaiming Social Work model", "systemic unit model", "systemic units"}
    assert rsw[3:] == (2, 2)
    assert rows[("Systemic practice", None)][3:] == (1, 3)
    assert rows[("Motivational Social Work", "Motivational Interviewing")][3:] == (1, 1)
    assert ("Systemic family therapy", "Family-based interventions") in rows
    assert ("Systemic family therapy", "Systemic practice") in rows
    assert rows[("Stronger Families principles", None)][2:] == (None, 0, 0)  # what Think Family builds on
    assert len(rows) == 21


def test_cited_works(ask):
    rows = ask("cited-works")
    carr = [r for r in rows if r[0] == "Carr 2014"]
    assert carr == [("Carr 2014",
                     "The evidence base for family therapy and systemic interventions for child-focused problems",
                     "Carr, A.", "2014", TR1)]
    forrester = [r for r in rows if r[0] == "Forrester et al. 2013"]
    assert {r[4] for r in forrester} == {TR1, "Case Study #1: Reclaiming Social Work in Hackney, UK"}
    assert split(forrester[0][2]) == {"Forrester, D.", "Westlake, D.", "McCann, M.", "Thurnham, A.",
                                      "Shefer, G.", "Glynn, G.", "Killian, M."}
    assert len({r[0] for r in rows}) == 22


def test_programme_overview(ask):
    rows = ask("programme-overview")
    wave = {(r[1], r[3]) for r in rows if r[0] == "Innovation Programme Wave 1"}
    assert {("funding", 100000000), ("key figure", 57), ("key figure", 53), ("key figure", 22),
            ("key figure", 17)} <= wave
    assert ("Innovation Programme Wave 1", "evaluation coordinator", "Rees Centre",
            None, None, None, None) in rows
    reports = sorted((r[3], r[2]) for r in rows if r[1] == "thematic report")
    assert reports == [(1, TR1), (2, "Adolescent service change and the edge of care"),
                       (3, "Child sexual exploitation and mental health"),
                       (4, "Systemic conditions for innovation in children's social care"),
                       (5, "Informing better decisions in children's social care")]
    assert len(rows) == 20


# ---------------------------------------------------------------------------------------
# Errors an analyst can act on, and values that cannot break out of the query
# ---------------------------------------------------------------------------------------

def test_an_unknown_query_name_lists_close_names(store):
    with pytest.raises(QueryError) as error:
        run_named(store, "project-by-model", {"model": "FGC"})
    assert "projects-by-model" in str(error.value)


def test_an_unknown_parameter_lists_the_known_ones(store):
    with pytest.raises(QueryError) as error:
        run_named(store, "projects-by-model", {"modle": "FGC"})
    assert "modle" in str(error.value) and "model (node)" in str(error.value)


def test_a_missing_required_parameter_is_named(store):
    with pytest.raises(QueryError, match="model"):
        run_named(store, "projects-by-model", {})


def test_a_label_that_matches_nothing_lists_the_nearest_labels(store):
    with pytest.raises(QueryError) as error:
        run_named(store, "projects-by-model", {"model": "Family Group Conferncing"})
    assert str(error.value) == ("model='Family Group Conferncing' is not the name of any practice model in the "
                                "graph. Did you mean: Family Group Conferencing (practice model) = "
                                "model:family-group-conferencing?")


def suggested(error) -> list[str]:
    """The names an error offers, best first."""
    offered = str(error.value).split("Did you mean: ", 1)[1].rstrip("?")
    return [choice.split(" (")[0] for choice in offered.split("; ")]


def test_a_partial_model_name_suggests_the_model_it_starts():
    """model=signs: the analyst meant Signs of Safety; the command says so and stops (exit 2)."""
    answer = run_main("query", "projects-by-model", "--param", "model=signs")
    assert answer.returncode == 2 and answer.stdout == ""
    assert answer.stderr == ("error: model='signs' is not the name of any practice model in the graph. "
                             "Did you mean: Signs of Safety (practice model) = model:signs-of-safety?\n")


def test_a_misspelt_abbreviation_suggests_the_model_it_abbreviates(store):
    """model=FCG: two letters swapped in FGC, the abbreviation of Family Group Conferencing."""
    with pytest.raises(QueryError) as error:
        run_named(store, "projects-by-model", {"model": "FCG"})
    assert suggested(error) == ["Family Group Conferencing"]
    assert "matched 'FGC'" in str(error.value)


def test_a_council_given_as_a_model_is_an_error_not_zero_rows():
    for given in ("Hull", "agent:hull", "https://w3id.org/csckg/agent/hull"):
        answer = run_main("query", "projects-by-model", "--param", f"model={given}")
        assert answer.returncode == 2 and answer.stdout == ""
        assert answer.stderr.startswith(f"error: model='{given}' is Hull (agent:hull), a local authority, "
                                        "not a practice model.")


def test_a_name_shared_by_a_model_and_a_project_resolves_by_the_parameters_kind(store):
    """'Safe Families' names the Safe Families model and the Safe Families project."""
    as_model = run_named(store, "projects-by-model", {"model": "Safe Families"})
    assert {str(row[0]) for row in as_model.rows} == {"https://w3id.org/csckg/model/safe-families-model"}
    as_project = run_named(store, "findings-by-project", {"project": "Safe Families"})
    assert as_project.rows and {str(row[0]) for row in as_project.rows} == {
        "https://w3id.org/csckg/project/safe-families"}


def test_a_typo_in_a_prefixed_name_is_caught_with_the_right_name(store):
    with pytest.raises(QueryError) as error:
        run_named(store, "projects-by-model", {"model": "model:sign-of-safety"})
    assert str(error.value).startswith("model='model:sign-of-safety': the graph has no practice model "
                                       "model:sign-of-safety.")
    assert suggested(error) == ["Signs of Safety"]


def test_a_required_parameter_left_empty_is_refused_not_dropped(store):
    with pytest.raises(QueryError) as error:
        run_named(store, "projects-by-model", {"model": "  "})
    assert str(error.value).startswith("query 'projects-by-model' needs a value for model (--param model=...)")


INJECTION = 'x" } DROP ALL #'


def test_an_injection_in_a_string_parameter_is_just_a_value(store, graph):
    before = len(graph)
    assert run_named(store, "lessons", {"kind": INJECTION}).rows == []
    query = get_named_query("lessons")
    bindings = bind_parameters(store, query, {"kind": INJECTION})
    assert store.query(bind_in_text(query.text, bindings)).rows == []
    assert store.query(query.text + values_block(bindings)).rows == []
    assert len(graph) == before


def test_an_injection_in_a_node_parameter_matches_nothing(store, graph):
    before = len(graph)
    with pytest.raises(QueryError, match="is not the name of any practice model"):
        run_named(store, "projects-by-model", {"model": INJECTION})
    with pytest.raises(QueryError, match="is not the name of any node"):
        run_named(store, "provenance", {"node": INJECTION})
    assert len(graph) == before


def test_a_bad_integer_is_refused(store):
    with pytest.raises(QueryError, match="not a valid integer"):
        run_named(store, "shared-elements", {"min": "two"})


# ---------------------------------------------------------------------------------------
# The command line
# ---------------------------------------------------------------------------------------

cli = run_main


def test_cli_prints_a_table_with_labels():
    done = cli("query", "projects-by-model", "--param", "model=FGC")
    assert done.returncode == 0, done.stderr
    assert "Leeds Family Valued" in done.stdout and "North East Lincolnshire" in done.stdout
    assert "https://w3id.org" not in done.stdout
    assert "(2 rows)" in done.stdout


@pytest.mark.parametrize("fmt", ["csv", "tsv"])
def test_cli_writes_csv_and_tsv(fmt):
    done = cli("query", "projects-by-model", "--param", "model=FGC", "--format", fmt)
    assert done.returncode == 0, done.stderr
    rows = list(csv.reader(io.StringIO(done.stdout), delimiter="," if fmt == "csv" else "\t"))
    assert rows[0] == ["model", "initiative", "modelUsed", "authority"]
    assert rows[1:] == [
        ["Family Group Conferencing", "Leeds Family Valued", "Family Group Conferencing", "Leeds"],
        ["Family Group Conferencing", "NE Lincolnshire Creating Strong Communities",
         "Family Group Conferencing", "North East Lincolnshire"],
    ]


def test_cli_writes_sparql_results_json():
    done = cli("query", "cost-savings", "--format", "json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["head"]["vars"][:3] == ["initiative", "finding", "amount"]
    leeds = [b for b in data["results"]["bindings"]
             if b["initiative"]["value"] == "https://w3id.org/csckg/project/leeds-family-valued"]
    assert leeds[0]["amount"]["value"] == "755.0"
    assert leeds[0]["initiative"]["type"] == "uri"


def test_cli_writes_markdown():
    done = cli("query", "self-audit", "--format", "md")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.strip().splitlines()
    assert lines[0] == "| condition | recommendation | number |"
    assert lines[1].startswith("|---|")
    assert len(lines) == 2 + 12
    assert "| All relevant agencies work to aligned systems | Align the aims of every part of the system | 1 |" in lines


def test_cli_construct_prints_turtle():
    done = cli("query", "-e", "CONSTRUCT { ?p csc:localAuthority ?la } WHERE { ?p csc:localAuthority ?la ; "
                              "csc:usesModel model:family-group-conferencing }")
    assert done.returncode == 0, done.stderr
    g = Graph().parse(data=done.stdout, format="turtle")
    assert len(g) == 2


def test_cli_syntax_error_gives_line_and_column():
    done = cli("query", "-e", "SELECT ?p WHERE {\n  ?p a csc:Project \n  FILTER( }")
    assert done.returncode != 0
    assert re.search(r"line \d+, column \d+", done.stderr), done.stderr
    assert "line 3" in done.stderr


def test_a_query_file_without_prefix_lines_uses_the_projects_prefixes(tmp_path):
    """The analyst's own my.rq, written as the README's examples are, with no PREFIX lines."""
    mine = tmp_path / "my.rq"
    mine.write_text("# Which projects used Family Group Conferencing?\n"
                    "SELECT ?project WHERE { ?project csc:usesModel model:family-group-conferencing }\n"
                    "ORDER BY ?project\n", encoding="utf-8")
    done = cli("query", "--file", str(mine), "--format", "csv")
    assert done.returncode == 0, done.stderr
    assert done.stdout == "project\nLeeds Family Valued\nNE Lincolnshire Creating Strong Communities\n"


def test_an_undeclared_prefix_is_a_message_with_the_analysts_own_line(tmp_path):
    mine = tmp_path / "my.rq"
    mine.write_text("SELECT ?project WHERE {\n  ?project csc:usesModel mdl:signs-of-safety\n}\n", encoding="utf-8")
    for given in (["--file", str(mine)], ["-e", mine.read_text(encoding="utf-8")]):
        done = cli("query", *given)
        assert done.returncode == 2 and "Traceback" not in done.stderr
        where = str(mine) if given[0] == "--file" else "<command line>"
        assert done.stderr == (f"error: SPARQL syntax error in {where} at line 2, column 26: the prefix 'mdl:' "
                               "is not declared (add PREFIX mdl: <...> at the top)\n")


def test_cli_unknown_query_suggests_names():
    done = cli("query", "cost-saving")
    assert done.returncode == 2
    assert "cost-savings" in done.stderr
