"""Analysts' questions, answered by SPARQL over the built graph, with the answers the sources give.

Each test is one question an evidence analyst would ask. The expected answers come from the
source documents in ../shared/sources/ (the thematic report "Social work systems and
practice", the RSW evaluation summary, the Evaluation Registry entry, the Morning Lane
Associates project page and the Hackney case study).
"""

from __future__ import annotations

from decimal import Decimal

RSW_AUTHORITIES = {"Buckinghamshire", "Derbyshire", "Harrow", "Hull", "Southwark"}


# --- projects and practice models ---------------------------------------------------------

def test_which_projects_used_family_group_conferencing(ask):
    assert ask.column("SELECT ?p WHERE { ?p a csc:Project ; csc:usesModel model:family-group-conferencing }") == {
        "Leeds Family Valued", "NE Lincolnshire Creating Strong Communities"}


def test_which_projects_used_restorative_practice(ask):
    assert ask.column("SELECT ?p WHERE { ?p a csc:Project ; csc:usesModel model:restorative-practice }") == {
        "Leeds Family Valued", "Stockport Family", "NE Lincolnshire Creating Strong Communities"}


def test_which_projects_used_signs_of_safety(ask):
    assert ask.column("SELECT ?p WHERE { ?p csc:usesModel model:signs-of-safety }") == {
        "Signs of Safety (MTM)", "Focus on Practice", "Newcastle Family Insights",
        "NE Lincolnshire Creating Strong Communities"}


def test_which_initiatives_practised_systemic_practice_or_a_narrower_model(ask):
    """Inferred through the model hierarchy: Reclaiming Social Work is a form of systemic practice."""
    assert ask.column("SELECT ?p WHERE { ?p csc:usesModelOrBroader model:systemic-practice }") == {
        "Focus on Practice", "Scaling and Deepening the Reclaiming Social Work Model",
        "Reclaiming Social Work in Hackney"}


def test_which_projects_used_motivational_interviewing_including_motivational_social_work(ask):
    assert ask.column("SELECT ?p WHERE { ?p a csc:Project ; csc:usesModelOrBroader model:motivational-interviewing }") == {
        "Family Safeguarding Hertfordshire", "Islington – Doing What Counts and Measuring What Matters"}


def test_which_models_does_ne_lincolnshire_combine(ask):
    assert ask.column("SELECT ?m WHERE { project:ne-lincolnshire-strong-communities csc:usesModel ?m }") == {
        "Outcome Based Accountability", "Restorative practice", "Signs of Safety", "Family Group Conferencing"}


def test_which_abbreviations_name_the_models(ask):
    rows = ask.rows("SELECT ?m ?alt WHERE { ?m skos:inScheme scheme:practice-models ; skos:altLabel ?alt "
                    "FILTER (STR(?alt) IN ('RSW', 'MI', 'MSW', 'SoS', 'FGC')) }")
    assert rows == {("Reclaiming Social Work", "RSW"), ("Motivational Interviewing", "MI"),
                    ("Motivational Social Work", "MSW"), ("Signs of Safety", "SoS"),
                    ("Family Group Conferencing", "FGC")}


# --- local authorities and organisations ------------------------------------------------------

def test_which_authorities_ran_scaling_and_deepening_reclaiming_social_work(ask):
    assert ask.column("SELECT ?la WHERE { project:scaling-and-deepening-rsw csc:localAuthority ?la }") == RSW_AUTHORITIES


def test_which_ten_authorities_embedded_signs_of_safety_with_mtm(ask):
    assert ask.column("SELECT ?la WHERE { project:signs-of-safety-mtm csc:localAuthority ?la }") == {
        "Brent", "Bristol", "Leicestershire", "Lincolnshire", "Norfolk", "Suffolk", "Tower Hamlets",
        "Wakefield", "West Sussex", "Wokingham"}


def test_which_models_were_used_in_southwark(ask):
    assert ask.column("SELECT ?m WHERE { ?p csc:localAuthority agent:southwark ; csc:usesModelOrBroader ?m }") == {
        "Reclaiming Social Work", "Systemic practice"}


def test_which_models_were_used_in_the_three_focus_on_practice_boroughs(ask):
    for borough in ("westminster", "kensington-and-chelsea", "hammersmith-and-fulham"):
        assert ask.column(f"SELECT ?m WHERE {{ ?p csc:localAuthority agent:{borough} ; csc:usesModel ?m }}") == {
            "Systemic practice", "Signs of Safety"}


def test_who_led_and_who_evaluated_scaling_and_deepening(ask):
    assert ask.column("SELECT ?o WHERE { project:scaling-and-deepening-rsw csc:ledBy ?o }") == {"Morning Lane Associates"}
    assert ask.column("SELECT ?o WHERE { ?o csc:evaluatorOf project:scaling-and-deepening-rsw }") == {"University of Bedfordshire"}


def test_how_many_authorities_firstline_and_safe_families_worked_in(ask):
    """The sources count these authorities without naming them."""
    assert ask.rows("SELECT ?p ?n WHERE { ?p csc:localAuthorityCount ?n FILTER NOT EXISTS { ?p csc:localAuthority ?la } }") == {
        ("Firstline", 8), ("Safe Families", 20)}


def test_who_coordinated_the_evaluation_of_the_programme(ask):
    assert ask.column("SELECT ?o WHERE { programme:innovation-programme csc:evaluationCoordinator ?o }") == {"Rees Centre"}


# --- the programme and the Hackney origin -------------------------------------------------------

def test_how_much_wave_one_was_funded_and_how_many_projects_and_teams_it_had(ask):
    assert ask.column("SELECT ?n WHERE { programme:wave-1 csc:funding/qudt:numericValue ?n }") == {Decimal("100000000")}
    figures = ask.column("SELECT ?n WHERE { programme:wave-1 csc:keyFigure/qudt:numericValue ?n }")
    assert {Decimal("57"), Decimal("53"), Decimal("22"), Decimal("17")} <= figures


def test_where_did_reclaiming_social_work_start_and_what_scaled_it_up(ask):
    assert ask.rows("SELECT ?p ?origin ?la (STR(?start) AS ?year) WHERE { ?p csc:buildsOn ?origin . "
                    "?origin csc:localAuthority ?la ; csc:startDate ?start }") == {
        ("Scaling and Deepening the Reclaiming Social Work Model", "Reclaiming Social Work in Hackney", "Hackney", "2008")}


def test_when_did_scaling_and_deepening_start_and_what_was_it_awarded(ask):
    assert ask.rows("SELECT (STR(?d) AS ?start) ?gbp WHERE { project:scaling-and-deepening-rsw csc:startDate ?d ; "
                    "csc:funding [ qudt:numericValue ?gbp ; qudt:unit unit:CCY_GBP ] }") == {("2014-10", Decimal("4400000"))}


# --- evaluations and samples -------------------------------------------------------------------

def test_which_evaluations_used_embedded_researchers(ask):
    assert ask.column("SELECT ?p WHERE { ?e csc:usesMethod method:embedded-researcher ; csc:evaluationOf ?p }") == {
        "Durham Families First", "Newcastle Family Insights", "Stockport Family",
        "Islington – Doing What Counts and Measuring What Matters",
        "Scaling and Deepening the Reclaiming Social Work Model"}


def test_which_evaluations_were_randomised_controlled_trials(ask):
    assert ask.column("SELECT ?p WHERE { ?e csc:hasDesign design:rct ; csc:evaluationOf ?p }") == {
        "Project Crewe", "Safe Families"}


def test_which_evaluations_used_historic_case_matching(ask):
    assert ask.column("SELECT ?p WHERE { ?e csc:hasDesign design:historic-case-matching ; csc:evaluationOf ?p }") == {
        "Stockport Family", "Newcastle Family Insights"}


def test_what_sample_the_safe_families_trial_planned_and_achieved(ask):
    planned = ask.column("SELECT ?n WHERE { evaluation:safe-families csc:plannedSample/csc:size ?n }")
    achieved = ask.column("SELECT ?n WHERE { evaluation:safe-families csc:achievedSample/csc:size ?n }")
    assert (planned, achieved) == ({360}, {26})


def test_what_the_three_data_strands_of_the_rsw_evaluation_counted(ask):
    sizes = ask.column("SELECT ?n WHERE { evaluation:scaling-and-deepening-rsw csc:hasDataStrand/csc:achievedSample/csc:size ?n }")
    total = sum(row[1] for row in ask.rows(
        "SELECT ?s ?n WHERE { evaluation:scaling-and-deepening-rsw csc:hasDataStrand ?strand . "
        "?strand csc:achievedSample ?s . ?s csc:size ?n }"))
    assert {213, 29, 325, 67, 106, 4, 51, 13, 5, 10, 119} == sizes
    assert total == 213 + 29 + 325 + 67 + 106 + 4 + 51 + 13 + 5 + 10 + 119


def test_what_the_evaluation_registry_records_for_the_rsw_evaluation(ask):
    assert ask.rows("SELECT ?dept (STR(?published) AS ?p) ?cost ?type WHERE { evaluation:scaling-and-deepening-rsw "
                    "csc:leadDepartment ?dept ; csc:finalResultsPublished ?published ; csc:evaluationCost ?cost ; "
                    "csc:registryEvaluationType ?type }") == {
        ("Department for Education", "2017-07", "Not provided", "Process evaluation")}


# --- findings and their numbers ------------------------------------------------------------------

def test_what_happened_to_children_referred_to_the_kft_units(ask):
    values = ask.rows("SELECT ?n ?unit ?role WHERE { finding:scaling-and-deepening-rsw--kft-children-kept-at-home "
                      "csc:hasValue [ qudt:numericValue ?n ; qudt:unit ?unit ; csc:valueRole ?role ] }")
    assert values == {(Decimal("79"), "percent", "Observed"), (Decimal("25"), "count", "Observed"),
                      (Decimal("21"), "percent", "Observed"), (Decimal("50"), "percent", "Target")}
    assert ask.column("SELECT ?n WHERE { finding:scaling-and-deepening-rsw--kft-children-kept-at-home "
                      "csc:hasSample/csc:size ?n }") == {119}


def test_how_many_days_in_care_hertfordshire_families_spent_before_and_after(ask):
    assert ask.rows("SELECT ?role ?n ?unit WHERE { finding:family-safeguarding-hertfordshire--days-in-care-per-family "
                    "csc:hasValue [ csc:valueRole ?role ; qudt:numericValue ?n ; qudt:unit ?unit ] }") == {
        ("Before", Decimal("20.5"), "day"), ("After", Decimal("9.8"), "day")}
    assert ask.column("SELECT ?n WHERE { finding:family-safeguarding-hertfordshire--days-in-care-per-family "
                      "csc:hasSample/csc:size ?n }") == {221, 165}


def test_which_findings_were_statistically_significant_in_leeds(ask):
    """Significant, but before and after with no comparison group: preliminary evidence."""
    assert ask.rows("SELECT ?d ?comparison ?level WHERE { ?f csc:aboutInitiative project:leeds-family-valued ; "
                    "csc:statisticalTest test:significant ; csc:outcomeDomain ?d ; csc:comparison ?comparison ; "
                    "csc:evidenceLevel ?level }") == {
        (domain, "Before and after, no comparison group", "Preliminary: change over time or association, no comparison group")
        for domain in ("Children looked after", "Child protection plans", "Children in need")}


def test_what_the_cost_savings_in_pounds_were(ask):
    """Sums of money only: NE Lincolnshire's £18.20 for every £1 is a return ratio, not a sum."""
    savings = ask.rows("SELECT ?p ?n WHERE { ?f a csc:CostFinding ; csc:aboutInitiative ?p ; "
                       "csc:hasValue [ qudt:numericValue ?n ; qudt:unit unit:CCY_GBP ] }")
    assert savings == {
        ("Leeds Family Valued", Decimal("755")),
        ("Stockport Family", Decimal("1200000")),
        ("Active Agents for Change", Decimal("27000")),
        ("Family Safeguarding Hertfordshire", Decimal("2600000")),
    }


def test_ne_lincolnshire_return_is_a_ratio_not_a_sum_in_pounds(ask):
    assert ask.rows("SELECT ?n ?unit ?words WHERE { finding:ne-lincolnshire-strong-communities--fgc-fiscal-return "
                    "csc:hasValue [ qudt:numericValue ?n ; qudt:unit ?unit ; csc:statedAs ?words ] }") == {
        (Decimal("18.20"), "ratio (no unit)", "£18.20 for every £1 spent")}
    assert not ask.boolean("ASK { finding:ne-lincolnshire-strong-communities--fgc-fiscal-return a csc:CostFinding }")


def test_how_leeds_estimated_its_saving_per_family(ask):
    assert ask.rows("SELECT ?n ?basis WHERE { finding:leeds-family-valued--fgc-cost-per-family csc:costBasis ?basis ; "
                    "csc:hasValue/qudt:numericValue ?n }") == {
        (Decimal("755"), "reduced time in the social care system, compared with business as usual")}


def test_which_findings_are_null_or_negative(ask):
    """Context (RSW's wider-system incentives, Safe Families' data use) is not a negative finding."""
    assert ask.column("SELECT ?f WHERE { ?f a csc:Finding ; csc:direction ?d "
                      "FILTER (?d IN (direction:no-change, direction:negative)) }") == {
        "Hertfordshire: no measurable gain in social workers' practice skills",
        "Newcastle: little sign of better outcomes, with escalation and closures worsening",
        "Torbay: the project was not delivered as planned",
    }


def test_which_trials_detected_no_effect_and_which_could_not_conclude(ask):
    assert ask.rows("SELECT ?p ?level WHERE { ?f csc:comparison comparison:randomised-trial ; csc:aboutInitiative ?p ; "
                    "csc:evidenceLevel ?level }") == {
        ("Project Crewe", "Randomised trial: no significant difference"),
        ("Safe Families", "Inconclusive: no conclusion possible")}


def test_which_factors_had_a_significant_link_to_practice_quality_in_rsw(ask):
    """The four factors are associations across workers and discussions, not trials."""
    assert ask.rows("SELECT ?e ?comparison WHERE { ?f csc:aboutInitiative project:scaling-and-deepening-rsw ; "
                    "csc:statisticalTest test:significant ; csc:outcomeDomain domain:practice-quality ; "
                    "csc:attributedTo ?e ; csc:comparison ?comparison FILTER NOT EXISTS { ?e skos:inScheme scheme:practice-models } }") == {
        (element, "Association across cases") for element in
        ("Consultant social worker", "Group case discussion", "Clinician", "Training in systemic practice")}


def test_where_the_kft_finding_comes_from(ask):
    sources = ask.rows("SELECT ?doc ?section WHERE { finding:scaling-and-deepening-rsw--kft-children-kept-at-home "
                       "prov:qualifiedDerivation [ prov:entity ?doc ; csc:section ?section ] }")
    assert {doc for doc, _ in sources} == {"Reclaiming Social Work Evaluation Summary", "Social work systems and practice"}
    assert all(section for _, section in sources)


def test_every_finding_cites_a_source_document_and_section(ask):
    assert ask.column("SELECT ?f WHERE { ?f a csc:Finding FILTER NOT EXISTS { ?f prov:wasDerivedFrom ?doc . "
                      "?doc a csc:SourceDocument } }") == set()


# --- recommendations and lessons ----------------------------------------------------------------

def test_the_thematic_report_makes_twelve_recommendations_each_with_an_audit_condition(ask):
    assert ask.column("SELECT ?n WHERE { ?r csc:madeIn src:thematic-report-1 ; csc:recommendationNumber ?n ; "
                      "csc:auditCondition ?c }") == set(range(1, 13))


def test_which_findings_support_the_recommendation_on_administrative_support(ask):
    assert ask.column("SELECT ?f WHERE { ?r csc:madeIn src:thematic-report-1 ; csc:recommendationNumber 8 ; "
                      "csc:supportedBy ?f . ?f a csc:Finding }") >= {
        "Active Agents for Change: PAs cut social workers' administrative time from 36% to 14%",
        "Active Agents for Change: with PAs, social workers' family time rose from 34% to 58%"}


def test_what_the_good_practice_pyramid_is_made_of(ask):
    assert ask.column("SELECT ?e WHERE { ?c a csc:PracticeConfiguration ; csc:hasComponent ?e }") == {
        "Consultant social worker", "Group case discussion", "Clinician"}
    assert ask.column("SELECT ?e WHERE { ?c a csc:PracticeConfiguration ; csc:foundation ?e }") == {
        "Skilled administrative support"}


def test_how_many_principles_ingredients_features_and_conditions_the_synthesis_names(ask):
    counts = dict(ask.rows("SELECT ?kind (COUNT(?x) AS ?n) WHERE { ?x a ?kind "
                           "FILTER (?kind IN (csc:CorePrinciple, csc:KeyIngredient, csc:SuccessFeature, "
                           "csc:SustainingCondition, csc:AuditCondition)) } GROUP BY ?kind"))
    assert counts == {"Core principle": 6, "Key ingredient": 4, "Common feature of successful projects": 5,
                      "Sustaining condition": 4, "Self-audit condition": 12}


def test_which_works_the_thematic_report_cites_include_the_named_classics(ask):
    cited = ask.column("SELECT ?w WHERE { src:thematic-report-1 csc:cites ?w }")
    assert {"Forrester et al. 2013", "Munro, Turnell and Murphy 2016", "Miller and Rollnick 2013"} <= cited
