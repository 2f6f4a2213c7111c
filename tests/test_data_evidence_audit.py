"""The eleven problems an audit of the graph against the sources found (issue #10), each as the
question an evidence reviewer would ask, with the answer the sources give.

Sources: the thematic report "Social work systems and practice" (TR1), the RSW evaluation
summary, the Evaluation Registry entry, the Morning Lane Associates project page and the
Hackney case study (../shared/sources/).
"""

from __future__ import annotations

from decimal import Decimal

TR1 = "Social work systems and practice"


def test_1_newcastles_deterioration_is_its_segmented_units_not_signs_of_safety(ask):
    """TR1, 'Teams with a mix of skills': the deterioration follows the segmented units."""
    finding = "finding:newcastle-family-insights--outcomes-deteriorated"
    assert ask.column(f"SELECT ?c WHERE {{ {finding} csc:attributedTo ?c }}") == {"Needs-segmented unit"}
    assert not ask.boolean(f"ASK {{ {finding} csc:attributedTo model:signs-of-safety }}")
    # no finding attributed to Signs of Safety is null or negative
    assert not ask.boolean("ASK { ?f csc:attributedTo model:signs-of-safety ; csc:direction ?d "
                           "FILTER (?d IN (direction:negative, direction:no-change)) }")


def test_2_context_is_an_observation_not_a_negative_finding(ask):
    assert ask.rows("SELECT ?n ?kind WHERE { VALUES ?n { "
                    "observation:scaling-and-deepening-rsw--incentives-work-against-transformation "
                    "observation:safe-families--patchy-use-of-data } ?n a ?kind "
                    "FILTER (?kind IN (csc:Observation, csc:SystemBarrier, csc:Finding)) }") == {
        ("RSW: wider system incentives worked against transforming practice", "Observation"),
        ("RSW: wider system incentives worked against transforming practice", "Barrier in the wider system"),
        ("Safe Families: authorities varied widely in their use of data", "Observation")}
    assert not ask.boolean("ASK { ?o a csc:Observation ; csc:direction ?d }")


def test_3_safe_families_fifteen_percent_is_a_projection_and_its_trial_inconclusive(ask):
    assert ask.rows("SELECT ?comparison ?domain ?level ?n WHERE { finding:safe-families--potential-to-divert-from-care "
                    "csc:comparison ?comparison ; csc:outcomeDomain ?domain ; csc:evidenceLevel ?level ; "
                    "csc:hasValue/qudt:numericValue ?n }") == {
        ("Modelled estimate or projection", "Family engagement and reach",
         "Estimate or projection: not evidence of effect", Decimal("15.0"))}
    assert ask.rows("SELECT ?direction ?level WHERE { finding:safe-families--rct-sample-too-small "
                    "csc:direction ?direction ; csc:evidenceLevel ?level }") == {
        ("Inconclusive", "Inconclusive: no conclusion possible")}


def test_4_project_crewes_trial_leaned_the_hoped_way_but_was_not_significant(ask):
    """TR1, 'Limitations': 'the findings suggested change in the desired direction, none were
    statistically significant'."""
    assert ask.rows("SELECT ?direction ?test ?hedge WHERE { finding:project-crewe--rct-outcomes "
                    "csc:direction ?direction ; csc:statisticalTest ?test ; csc:hedge ?hedge }") == {
        ("Positive", "Not significant", "suggested change in the desired direction")}
    assert ask.rows("SELECT ?evidence ?level WHERE { finding:project-crewe--risk-factors csc:restsOn ?evidence ; "
                    "csc:evidenceLevel ?level }") == {
        ("Project Crewe: trial outcomes not statistically significant", "Randomised trial: no significant difference")}


def test_5_hackneys_falls_are_reported_in_association_not_by_the_2013_evaluation(ask):
    associations = ask.column("SELECT ?f WHERE { ?f a csc:ReportedAssociation ; "
                              "csc:aboutInitiative project:hackney-reclaiming-social-work }")
    assert associations == {
        "Hackney RSW: steep fall in the number of looked-after children",
        "Hackney RSW: overall cost of care fell by almost five per cent",
        "Hackney RSW: staff days lost to sickness fell by 55 per cent",
        "Hackney RSW: fewer children on a child protection plan for a second time",
        "Hackney RSW: placement stability improved",
        "Hackney RSW: very few children in residential care"}
    assert not ask.boolean("ASK { ?f a csc:ReportedAssociation ; csc:findingOf ?e }")
    assert ask.column("SELECT ?f WHERE { ?f csc:findingOf evaluation:hackney-rsw-2013 }") == {
        "Hackney RSW: families saw their workers two to three times as much",
        "Hackney RSW: consultant social workers spent much of their time with clients",
        "Hackney RSW: good practice more consistent than in conventional approaches",
        "Hackney RSW: better work on complex cases and crises than in comparison authorities",
        "Hackney RSW: parents rated services higher than in comparison authorities",
        "Hackney RSW: workers' satisfaction and stress also compared favourably"}


def test_6_childrens_practitioners_are_not_project_crewes_unqualified_family_practitioners(ask):
    assert ask.rows("SELECT ?i ?e WHERE { ?i csc:usesElement ?e "
                    "FILTER (?e IN (element:childrens-practitioner, element:non-qualified-family-practitioner)) }") == {
        ("Reclaiming Social Work in Hackney", "Children's practitioner"),
        ("Family Safeguarding Hertfordshire", "Children's practitioner"),
        ("Project Crewe", "Non-qualified family practitioner")}


def test_6_durhams_teams_are_described_as_the_source_describes_them(ask):
    [(description,)] = ask.rows("SELECT ?d WHERE { finding:durham-families-first--ten-integrated-teams-created "
                                "dcterms:description ?d }")
    assert "ten teams" in description and "assess and keep working" not in description


def test_7_ne_lincolnshires_return_is_never_listed_as_an_amount(ask):
    amounts = ask.rows("SELECT ?f ?n WHERE { ?f csc:outcomeDomain domain:cost ; "
                       "csc:hasValue [ qudt:numericValue ?n ; qudt:unit unit:CCY_GBP ] }")
    assert Decimal("18.20") not in {n for _, n in amounts}
    assert {n for _, n in amounts} == {Decimal("755"), Decimal("27000"), Decimal("1200000"), Decimal("2600000")}


def test_8_think_family_builds_on_the_stronger_families_principles(ask):
    assert ask.rows("SELECT ?a ?b WHERE { ?a csc:buildsOnModel ?b }") == {
        ("Think Family", "Stronger Families principles")}
    assert "Stronger Families principles" not in ask.column(
        "SELECT ?alt WHERE { model:think-family skos:altLabel ?alt }")


def test_9_samples_say_what_the_source_says(ask):
    # Hertfordshire's 221 and 165 cases are the days-in-care analysis, held by that finding only
    assert ask.rows("SELECT ?holder ?n WHERE { ?holder csc:hasSample/csc:size ?n FILTER (?n IN (221, 165)) }") == {
        ("Hertfordshire: days in care per family more than halved", 221),
        ("Hertfordshire: days in care per family more than halved", 165)}
    # the 270 Signs of Safety families are not said to have all been followed up at six months
    [(unit,)] = ask.rows("SELECT ?u WHERE { evaluation:signs-of-safety-mtm csc:achievedSample [ csc:size 270 ; "
                         "csc:sampledUnit ?u ] }")
    assert "does not say how many were followed up" in unit
    # every sample of the RSW evaluation cites the summary's Evaluation section
    assert ask.rows("SELECT DISTINCT ?doc ?section WHERE { ?holder csc:hasSample ?s . "
                    "{ ?holder csc:findingOf evaluation:scaling-and-deepening-rsw } UNION "
                    "{ evaluation:scaling-and-deepening-rsw csc:hasDataStrand ?holder } "
                    "?s prov:qualifiedDerivation [ prov:entity ?doc ; csc:section ?section ] }") == {
        ("Reclaiming Social Work Evaluation Summary", "Evaluation")}


def test_10_morning_lane_associates_is_described_only_as_the_sources_do(ask):
    [(description,)] = ask.rows("SELECT ?d WHERE { agent:morning-lane-associates dcterms:description ?d }")
    assert "none of the sources says that it is Morning Lane Associates" in description
    assert ask.rows("SELECT ?n ?measure WHERE { project:hackney-reclaiming-social-work csc:keyFigure "
                    "[ qudt:numericValue ?n ; csc:measure ?measure ] FILTER (?n = 30.0) }") == {
        (Decimal("30.0"), "local authorities in the UK and abroad that the social enterprise set up by the "
                          "model's inventors has supported to implement RSW")}


def test_10_every_section_cited_is_a_heading_the_source_has(ask):
    assert not ask.boolean('ASK { ?d csc:section "Automatic summary" }')
    undated = ask.rows("SELECT ?doc WHERE { ?doc a csc:SourceDocument ; dcterms:date ?date "
                       "FILTER NOT EXISTS { ?doc rdfs:comment ?why } }")
    assert undated == set(), "a dated source document must say where its date comes from"


def test_11_nearly_two_thirds_is_a_value_with_the_words_the_source_uses(ask):
    assert ask.rows("SELECT ?n ?qualifier ?words WHERE { finding:signs-of-safety-mtm--self-rated-use csc:hasValue "
                    "[ qudt:numericValue ?n ; qudt:unit unit:PERCENT ; csc:qualifier ?qualifier ; "
                    "csc:statedAs ?words ] }") == {(Decimal("66.67"), "nearly", "nearly two thirds")}
    assert ask.column("SELECT ?words WHERE { ?v csc:statedAs ?words }") >= {
        "halved", "reduced by a quarter", "a doubling", "nearly two thirds", "over three-quarters"}
