"""Analysts' questions about what the thematic report says of the evidence itself.

The expected answers come from the thematic report "Social work systems and practice"
(../shared/sources/004): its conclusion on practice and outcomes, the limitations of the
evaluations, Table 1 (common themes in the projects' theories of change), what La Valle et
al. (2016) and Godar and Holmes (2017) found about the evidence base, the seven Isos enablers
and the barriers in the wider system.
"""

from __future__ import annotations

from decimal import Decimal

LIMITATIONS = "Evaluation in the social work projects > Limitations of these evaluations"
EXISTING_EVIDENCE = "Introduction > Existing evidence on improving children's social work"
WIDER_SYSTEM = ("Key messages > What have we learned about the organisational characteristics which help "
                "sustain good practice? > Support from the wider system")
MAIN_LIMITATION = "Too little time to measure outcomes"


# --- practice and outcomes ---------------------------------------------------------------------

def test_what_does_the_report_conclude_about_practice_and_outcomes(ask):
    """Outcomes improved in places with little measurable practice change, and the reverse."""
    rows = ask.rows("SELECT ?o ?by ?section WHERE { ?o a csc:Observation ; csc:madeIn ?by ; "
                    "prov:qualifiedDerivation [ csc:section ?section ] "
                    "FILTER (?section = 'Conclusions and recommendations') }")
    assert rows == {("Better practice and better outcomes are not simply linked", "Social work systems and practice",
                     "Conclusions and recommendations")}
    description = ask.column("SELECT ?d WHERE { observation:practice-and-outcomes-not-simply-linked dcterms:description ?d }")
    (text,) = description
    assert "outcomes got better with little practice change" in text
    assert "practice clearly got better while no measurable difference in outcomes" in text
    assert not ask.boolean("ASK { observation:practice-and-outcomes-not-simply-linked a csc:Finding }")


# --- limitations --------------------------------------------------------------------------------

def test_which_limitations_weaken_the_safe_families_evaluation(ask):
    assert ask.column("SELECT ?l WHERE { evaluation:safe-families csc:limitedBy ?l }") == {
        MAIN_LIMITATION, "Safe Families' trial reached 26 of the 360 children planned"}


def test_how_far_short_of_its_planned_sample_the_safe_families_trial_fell(ask):
    assert ask.rows("SELECT ?role ?n WHERE { limitation:safe-families-trial-far-below-planned-sample "
                    "csc:keyFigure [ csc:valueRole ?role ; qudt:numericValue ?n ; qudt:unit unit:NUM ] }") == {
        ("Target", Decimal("360")), ("Observed", Decimal("26"))}
    assert ask.column("SELECT ?l WHERE { finding:safe-families--rct-sample-too-small csc:limitedBy ?l }") == {
        "Safe Families' trial reached 26 of the 360 children planned"}


def test_what_limits_the_project_crewe_trial_result(ask):
    assert ask.column("SELECT ?l WHERE { finding:project-crewe--rct-outcomes csc:limitedBy ?l }") == {
        "Project Crewe's trial stopped after 14 months"}
    assert ask.rows("SELECT ?n ?unit WHERE { limitation:project-crewe-trial-ended-after-14-months "
                    "csc:keyFigure [ qudt:numericValue ?n ; qudt:unit ?unit ] }") == {(Decimal("14"), "month")}
    assert ask.column("SELECT ?l WHERE { evaluation:project-crewe csc:limitedBy ?l }") == {
        MAIN_LIMITATION, "Project Crewe's trial stopped after 14 months"}


def test_the_main_limitation_weakens_every_one_of_the_17_wave_1_evaluations(ask):
    wave_1 = ask.column("SELECT ?e WHERE { ?e csc:evaluationOf/csc:partOfProgramme programme:wave-1 }")
    weakened = ask.column("SELECT ?e WHERE { limitation:too-little-time-to-measure-outcomes csc:limits ?e }")
    assert len(wave_1) == 17
    assert weakened == wave_1
    assert "Evaluation of Reclaiming Social Work in Hackney (2013)" not in weakened


def test_which_limitations_the_report_states_of_wave_1_without_naming_evaluations(ask):
    assert ask.column("SELECT ?l WHERE { ?l a csc:Limitation ; csc:limits programme:wave-1 }") == {
        "Wave 1 evaluations usually lasted only 10 to 18 months",
        "Slow project set-up shortened evaluations and shrank samples",
        "Projects had trouble supplying the data they had promised",
        "Some evaluations struggled to recruit families for interview",
        "Families lost between first and follow-up interviews",
        "Few children and young people were interviewed",
        "Low response to service user surveys",
        "Caseload reductions were hard to gauge"}


def test_how_long_wave_1_evaluations_typically_ran(ask):
    assert ask.rows("SELECT ?role ?n ?q WHERE { limitation:wave-1-evaluations-ran-10-to-18-months "
                    "csc:keyFigure [ csc:valueRole ?role ; qudt:numericValue ?n ; qudt:unit unit:MO ; csc:qualifier ?q ] }") == {
        ("Lower bound", Decimal("10"), "typically"), ("Upper bound", Decimal("18"), "typically")}


def test_where_the_report_states_the_evaluations_limitations(ask):
    """Every limitation is made in the thematic report and cites the section that states it."""
    rows = ask.rows("SELECT ?l ?section WHERE { ?l a csc:Limitation ; csc:madeIn src:thematic-report-1 ; "
                    "prov:qualifiedDerivation [ prov:entity src:thematic-report-1 ; csc:section ?section ] }")
    assert {label for label, _ in rows} == ask.column("SELECT ?l WHERE { ?l a csc:Limitation }")
    assert len({label for label, _ in rows}) == 11
    assert {label for label, section in rows if section == LIMITATIONS} == {
        MAIN_LIMITATION, "Some evaluations struggled to recruit families for interview",
        "Families lost between first and follow-up interviews", "Few children and young people were interviewed",
        "Low response to service user surveys", "Safe Families' trial reached 26 of the 360 children planned",
        "Project Crewe's trial stopped after 14 months"}
    assert ("Caseload reductions were hard to gauge",
            "Key messages > What have we learned about the conditions which promote good practice? > Managed caseloads") in rows


# --- Table 1: common themes in the projects' theories of change ----------------------------------

def test_how_many_common_theory_of_change_themes_table_1_gives_in_each_column(ask):
    assert ask.rows("SELECT ?stage (COUNT(?t) AS ?n) WHERE { ?t a csc:TheoryOfChangeTheme ; "
                    "csc:theoryOfChangeStage ?stage ; csc:themeOf programme:wave-1 } GROUP BY ?stage") == {
        ("What needs to change", 8), ("What needs to happen", 8), ("What will be different", 9)}


def test_what_the_projects_expected_to_be_different_in_the_end(ask):
    results = ask.column("SELECT ?t WHERE { ?t csc:theoryOfChangeStage toc:expected-result }")
    assert {"Fewer staff leave", "Money is saved",
            "In the end, fewer children in care or on child protection plans"} <= results
    assert ask.column("SELECT DISTINCT ?section WHERE { ?t a csc:TheoryOfChangeTheme ; "
                      "prov:qualifiedDerivation [ csc:section ?section ] }") == {
        "Introduction > What the Innovation Programme aimed to achieve for children's social work", "Footnote 2"}


# --- the evidence base before the programme ------------------------------------------------------

def test_what_la_valle_and_colleagues_found_about_the_evidence_base(ask):
    assert ask.rows("SELECT ?o ?section WHERE { ?o csc:madeIn work:la-valle-2016 ; "
                    "prov:qualifiedDerivation [ prov:entity src:thematic-report-1 ; csc:section ?section ] }") == {
        ("La Valle et al.: little firm evidence of what good children's social care looks like or how to measure it", EXISTING_EVIDENCE),
        ("La Valle et al.: much of the evidence is expert opinion, untested by numbers", EXISTING_EVIDENCE),
        ("La Valle et al.: national outcome data for children in need do not line up with Ofsted ratings", EXISTING_EVIDENCE),
        ("La Valle et al.: knowing what makes for success does not mean being able to put it into practice", EXISTING_EVIDENCE)}


def test_what_godar_and_holmes_say_is_not_known(ask):
    assert ask.column("SELECT ?o WHERE { ?o a csc:Observation ; csc:madeIn work:godar-holmes-2017 }") == {
        "Godar and Holmes: little is known of how authorities decide what will work locally"}


def test_what_are_the_isos_enablers_of_improvement(ask):
    assert ask.column("SELECT ?e WHERE { ?e a csc:ImprovementEnabler ; csc:identifiedIn ?w . "
                      "?w dcterms:publisher 'Isos Partnership' }") == {
        "Clarity of vision and a strategic approach", "Stable, consistent leadership and governance",
        "Support and engagement of the workforce", "Partnership working", "Building the supporting apparatus",
        "Fostering innovation", "Judicious use of resources"}


# --- barriers in the wider system -----------------------------------------------------------------

def test_which_barriers_in_the_wider_system_does_the_report_name(ask):
    rows = ask.rows("SELECT ?b ?by WHERE { ?b a csc:SystemBarrier ; csc:madeIn ?by }")
    assert {barrier for barrier, _ in rows} == {
        "Statutory timescales work against working collaboratively with families",
        "An inadequate Ofsted judgement turned some authorities away from their innovation",
        "RSW: wider system incentives worked against transforming practice",
        "Social work education and training may not give new workers the skills projects wanted",
        "IT and case recording systems out of step with the practice model"}
    assert ("RSW: wider system incentives worked against transforming practice",
            "Evaluation of Scaling and Deepening the Reclaiming Social Work Model") in rows
    cited = ask.column("SELECT ?b WHERE { ?b a csc:SystemBarrier ; prov:qualifiedDerivation [ csc:section ?s ] "
                       f"FILTER (?s = \"{WIDER_SYSTEM}\") }}")
    assert len(cited) == 4


def test_what_backs_the_recommendation_to_get_it_and_recording_systems_right(ask):
    assert "IT and case recording systems out of step with the practice model" in ask.column(
        "SELECT ?e WHERE { ?r csc:recommendationNumber 10 ; csc:madeIn src:thematic-report-1 ; csc:supportedBy ?e }")
