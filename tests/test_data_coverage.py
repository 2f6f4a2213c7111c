"""Coverage: every project of the thematic report's Appendix 1 is in the graph, complete.

For each of the 17 projects: the local authorities the sources name (or their count where
they are not named), the practice models the sources name (three projects name none), an
evaluation, and at least one finding, each with a source.
"""

from __future__ import annotations

import pytest

#: project IRI local name -> (authorities the sources name, models the sources name)
APPENDIX_1 = {
    "project-crewe": ({"Cheshire East"}, {"Solution-focused practice"}),
    "firstline": (set(), {"Firstline leadership capabilities framework"}),
    "windsor-and-maidenhead": ({"Windsor and Maidenhead"}, {"Culturally attuned practice"}),
    "focus-on-practice": ({"Westminster", "Kensington and Chelsea", "Hammersmith and Fulham"},
                          {"Systemic practice", "Signs of Safety"}),
    "doncaster-growing-futures": ({"Doncaster"}, set()),
    "newcastle-family-insights": ({"Newcastle"}, {"Signs of Safety"}),
    "active-agents-for-change": ({"Hampshire", "Isle of Wight"}, set()),
    "signs-of-safety-mtm": ({"Brent", "Bristol", "Leicestershire", "Lincolnshire", "Norfolk", "Suffolk",
                             "Tower Hamlets", "Wakefield", "West Sussex", "Wokingham"}, {"Signs of Safety"}),
    "leeds-family-valued": ({"Leeds"}, {"Restorative practice", "Family Group Conferencing"}),
    "stockport-family": ({"Stockport"}, {"Restorative practice"}),
    "scaling-and-deepening-rsw": ({"Buckinghamshire", "Derbyshire", "Harrow", "Hull", "Southwark"},
                                  {"Reclaiming Social Work"}),
    "safe-families": (set(), {"Safe Families model"}),
    "islington-doing-what-counts": ({"Islington"}, {"Motivational Social Work", "Motivational Interviewing"}),
    "family-safeguarding-hertfordshire": ({"Hertfordshire"}, {"Motivational Interviewing"}),
    "durham-families-first": ({"Durham"}, {"Reflective practice", "Think Family"}),
    "torbay-swift": ({"Torbay"}, set()),
    "ne-lincolnshire-strong-communities": ({"North East Lincolnshire"},
                                           {"Outcome Based Accountability", "Restorative practice",
                                            "Signs of Safety", "Family Group Conferencing"}),
}


def test_the_graph_holds_exactly_the_seventeen_projects_of_appendix_1(ask):
    found = ask.column("SELECT (STRAFTER(STR(?p), 'project/') AS ?slug) WHERE { ?p a csc:Project }")
    assert found == set(APPENDIX_1)


@pytest.mark.parametrize("slug", sorted(APPENDIX_1))
def test_each_project_is_complete(ask, slug):
    authorities, models = APPENDIX_1[slug]
    project = f"project:{slug}"
    assert ask.column(f"SELECT ?la WHERE {{ {project} csc:localAuthority ?la }}") == authorities
    if not authorities:
        assert ask.column(f"SELECT ?n WHERE {{ {project} csc:localAuthorityCount ?n }}"), "no count of authorities"
    assert ask.column(f"SELECT ?m WHERE {{ {project} csc:usesModel ?m }}") == models
    assert ask.column(f"SELECT ?e WHERE {{ {project} csc:hasEvaluation ?e }}"), "no evaluation"
    findings = ask.column(f"SELECT ?f WHERE {{ ?f csc:aboutInitiative {project} }}")
    assert findings, "no finding"
    unsourced = ask.column(f"SELECT ?f WHERE {{ ?f csc:aboutInitiative {project} "
                           f"FILTER NOT EXISTS {{ ?f prov:wasDerivedFrom/a csc:SourceDocument }} }}")
    assert unsourced == set()
    assert ask.column(f"SELECT ?e WHERE {{ {project} csc:usesElement ?e }}"), "no practice element"
