"""The linker on a plain-text evaluation, asked the analyst's questions: who ran it and where, and
which names are only mentioned? Is it a project the graph already has? What does it find, with
which numbers? Can I review it, accept a finding in my own words, apply it and find it cited?
(What if the input or my edits are wrong: tests/test_link.py, with the records' bad input.)

Every test that writes works on a private copy of graph/data/ (the ``data_copy`` fixture).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from rdflib import Graph

from csckg.build.pipeline import build
from csckg.cli import main as cli
from csckg.link import run
from csckg.link.errors import LinkInputError
from csckg.link.evidence import particulars, values_in
from csckg.namespaces import sparql_prologue

EVALUATIONS = Path(__file__).parent / "fixtures" / "evaluations"
SHEFFIELD = EVALUATIONS / "sheffield-rotherham-hubs.txt"
HERTFORDSHIRE = EVALUATIONS / "hertfordshire-family-safeguarding-summary.txt"


@pytest.fixture(scope="module")
def sheffield() -> dict:
    return run.proposal_for(SHEFFIELD)


def accepted(proposal: dict) -> dict[str, set[str]]:
    out = {field: {l["node"] for l in links if l["accept"]} for field, links in proposal["links"].items()}
    for node in proposal["new"]:
        if node["accept"]:
            out.setdefault(node["field"], set()).add(f"NEW {node['label']}")
    return {field: nodes for field, nodes in out.items() if nodes}


# --- roles: where it ran, who delivered and evaluated it, and what is only mentioned --------------

def test_places_and_models_it_only_learnt_from_are_proposed_but_not_accepted(sheffield):
    reasons = {l["node"]: l["reason"] for ls in sheffield["links"].values() for l in ls if not l["accept"]}
    assert reasons["agent:leeds"] == "only mentioned, after 'built on': not part of this project"
    assert reasons["agent:hull"] == "only mentioned, after 'learnt from': not part of this project"
    assert reasons["agent:southwark"] == "only mentioned, after 'learnt from': not part of this project"
    assert reasons["model:reclaiming-social-work"] == "only mentioned, after 'learnt from': not part of this project"


def test_who_ran_delivered_funded_and_evaluated_it(sheffield):
    assert accepted(sheffield) == {
        "programme": {"programme:innovation-programme"},
        "funded_by": {"agent:dfe"},
        "models": {"model:restorative-practice"},
        "local_authorities": {"NEW Sheffield", "NEW Rotherham"},
        "partner_organisations": {"NEW Barnardo's"},
        "evaluator": {"NEW University of Sheffield"},
    }


def test_new_names_are_taken_as_written_on_one_line(tmp_path):
    path = tmp_path / "hubs.txt"
    path.write_text("Hubs in South Yorkshire\n\nThe work ran in Rotherham\n\nSheffield City Council, delivered in "
                    "partnership with Barnardos, and funded by the DfE.\n", encoding="utf-8")
    new = run.proposal_for(path)["new"]
    assert [(n["label"], n["matched_text"], n["field"]) for n in new] == [
        ("Sheffield", "Sheffield City Council", "local_authorities"), ("Rotherham", "Rotherham", "local_authorities"),
        ("Barnardos", "Barnardos", "partner_organisations")]


def roles_in(tmp_path, text: str) -> dict[str, tuple[str, bool]]:
    """matched text -> (field, accepted) for every link and new name proposed for ``text``."""
    path = tmp_path / "summary.txt"
    path.write_text(text, encoding="utf-8")
    proposal = run.proposal_for(path)
    found = {l["matched_text"]: (field, l["accept"]) for field, ls in proposal["links"].items() for l in ls}
    found.update({n["matched_text"]: (n["field"], n["accept"]) for n in proposal["new"]})
    return found


def test_an_english_authority_the_graph_does_not_know_is_proposed_by_its_name(tmp_path):
    found = roles_in(tmp_path, "Pause in seven areas\n\nThe programme ran in Hackney, Greenwich, Newham and Luton. "
                               "It was evaluated by the University of Sheffield.\n")
    assert {name: found[name] for name in ("Greenwich", "Newham", "Luton")} == {
        name: ("local_authorities", True) for name in ("Greenwich", "Newham", "Luton")}
    assert found["University of Sheffield"] == ("evaluator", True)
    assert "Sheffield" not in found  # a university's place is not a council


def test_a_place_the_approach_came_from_or_that_is_left_out_is_only_mentioned(tmp_path):
    found = roles_in(tmp_path, "Family Valued roll-out\n\nWarwickshire and Newcastle are adopting Leeds Family Valued, "
                               "the approach developed in Leeds. Darlington, which piloted the model first, is not part "
                               "of the trial. Coventry joined in 2021 while Solihull was not part of it.\n")
    assert found["Newcastle"] == ("local_authorities", True)
    assert found["Warwickshire"] == ("local_authorities", True)
    assert found["Leeds"] == ("local_authorities", False)
    assert found["Darlington"] == ("local_authorities", False)
    assert found["Solihull"] == ("local_authorities", False)
    assert found["Coventry"] == ("local_authorities", True)  # "not part of" is said of Solihull, not of it


def test_unknown_organisations_are_found_by_their_names_and_accepted_only_with_a_role(tmp_path):
    found = roles_in(tmp_path, "Hubs in Kent\n\nThe hubs opened in Kent in 2019. Staff from the Centre for Child and "
                               "Family Research, the Nuffield Foundation, the Anna Freud Trust, the University of "
                               "Kent and Bright Futures Ltd joined the steering group. The trial was "
                               "conducted by Coram, and What Works for Children's Social Care funded it.\n")
    for name in ("Centre for Child and Family Research", "Nuffield Foundation", "Anna Freud Trust", "University of Kent",
                 "Bright Futures Ltd"):
        assert found[name] == ("partner_organisations", False), name  # named, but the sentence does not say what it did
    assert found["Coram"] == ("evaluator", True)
    assert found["What Works for Children's Social Care"] == ("funded_by", True)


def test_organisations_listed_after_one_role_word_share_it(tmp_path):
    found = roles_in(tmp_path, "Leeds report\n\nThe work ran in Leeds. The evaluation was led by ICF with the University "
                               "of Nottingham, the University of Sheffield and The RTK.\n")
    assert [found[name] for name in ("ICF", "University of Nottingham", "University of Sheffield", "The RTK")] == \
        [("evaluator", True)] * 4


def test_the_organisation_that_held_the_grant_ran_the_project(tmp_path):
    found = roles_in(tmp_path, "Fostering hubs\n\nThe model is delivered by The Fostering Network, which held the "
                               "Department for Education grant to run it in Kent.\n")
    assert found["The Fostering Network"] == ("lead_organisation", True)
    assert found["Department for Education"] == ("funded_by", True)
    found = roles_in(tmp_path, "Fostering hubs\n\nThe Department for Education funded the Family Hubs Trust, which held the grant, "
                               "in Kent.\n")
    assert found["Department for Education"] == ("funded_by", True)  # the grant holder is the trust
    assert found["Family Hubs Trust"] == ("lead_organisation", True)


# --- what exists: the project it evaluates, or the evaluation itself ------------------------------

def test_a_summary_of_a_project_in_the_graph_is_attached_to_it():
    proposal = run.proposal_for(HERTFORDSHIRE)
    assert proposal["attach_to"]["node"] == "project:family-safeguarding-hertfordshire"
    assert proposal["attach_to"]["reason"] == "the title names it ('Family Safeguarding Hertfordshire')"
    assert "builds_on" not in accepted(proposal)  # the project it evaluates is not also earlier work


def test_an_evaluation_already_in_the_graph_is_said_and_nothing_new_is_accepted():
    proposal = run.proposal_for(EVALUATIONS / "rsw-scaling-evaluation.txt")
    assert proposal["already_in_graph"]["node"] == "evaluation:scaling-and-deepening-rsw"
    assert accepted(proposal) == {}
    assert proposal["findings"] == []


def test_a_different_project_with_the_same_name_is_not_merged():
    proposal = run.proposal_for(EVALUATIONS / "focus-on-practice-cornwall.txt")
    assert proposal["attach_to"] is None
    assert proposal["warnings"][0].startswith("project:focus-on-practice has the same name ('Focus on Practice') "
                                              "but ran in agent:hammersmith-and-fulham")
    assert "builds_on" not in accepted(proposal)


def test_a_project_it_built_on_is_earlier_work_not_the_one_evaluated():
    proposal = run.proposal_for(EVALUATIONS / "leeds-fgc-domestic-abuse.txt")
    assert proposal["attach_to"] is None
    assert accepted(proposal)["builds_on"] == {"project:leeds-family-valued"}


# --- the evidence: findings with their numbers, and the report's particulars ----------------------

def test_each_result_sentence_is_a_candidate_finding_with_its_numbers(sheffield):
    text = SHEFFIELD.read_text(encoding="utf-8")
    first, second = sheffield["findings"]
    assert text[first["span"][0]:first["span"][1]] == first["text"] == \
        "The share of referred children who became looked after fell from 36% to 14%."
    assert (first["accept"], first["description"]) == (False, None)
    assert (first["outcome_domain"], first["direction"], first["comparison"], first["test"]) == \
        ("domain:children-looked-after", "direction:positive", "comparison:before-after", "test:not-reported")
    assert [(v["number"], v["unit"], v["role"], v["as_written"]) for v in first["values"]] == \
        [(36, "unit:PERCENT", "valuerole:before", "36%"), (14, "unit:PERCENT", "valuerole:after", "14%")]
    assert [(v["number"], v["unit"], v["role"]) for v in second["values"]] == \
        [(1200000, "unit:CCY_GBP", "valuerole:observed"), (18.2, "unit:UNITLESS", "valuerole:estimate")]
    for value in first["values"] + second["values"]:
        assert text[value["span"][0]:value["span"][1]] == value["as_written"]


@pytest.mark.parametrize("sentence, values", [
    ("Days in care fell from 20.5 to 9.8.", [(20.5, "unit:DAY", "valuerole:before"), (9.8, "unit:DAY", "valuerole:after")]),
    ("An estimated saving of £2,100 per family.", [(2100, "unit:CCY_GBP", "valuerole:estimate")]),
    ("Entry to care was 23% compared with 34% in the usual care group.",
     [(23, "unit:PERCENT", "valuerole:intervention"), (34, "unit:PERCENT", "valuerole:comparison")]),
    ("Referrals fell by 12% in Wave 1 during 2017.", [(12, "unit:PERCENT", "valuerole:change")]),
    ("It returned £3.40 for every £1 spent.", [(3.4, "unit:UNITLESS", "valuerole:observed")]),
    ("Social workers spent 14% of their time on administration, down from 36%.",
     [(14, "unit:PERCENT", "valuerole:after"), (36, "unit:PERCENT", "valuerole:before")]),
    ("A difference of 8.6 percentage points.", [(8.6, "unit:PERCENT", "valuerole:change")]),
    ("Missing episodes halved, from 503 in the year before the hubs opened to 253 afterwards.",
     [(503, "unit:NUM", "valuerole:before"), (253, "unit:NUM", "valuerole:after")]),
])
def test_numbers_are_read_as_the_sentence_states_them(sentence, values):
    assert [(v["number"], v["unit"], v["role"]) for v in values_in(sentence)] == values


def test_significance_and_hedges_are_kept():
    findings = run.proposal_for(EVALUATIONS / "hertfordshire-family-safeguarding-summary.txt")["findings"]
    tests = {f["text"]: (f["test"], f.get("hedge")) for f in findings}
    assert tests["Coded observation of recorded practice found no statistically significant gain in social "
                 "workers' skills after the training."] == ("test:not-significant", None)
    swindon = run.proposal_for(EVALUATIONS / "swindon-randomised-fgc.txt")["findings"]
    assert [(f["comparison"], f["test"]) for f in swindon[-2:]] == [
        ("comparison:randomised-trial", "test:significant"), ("comparison:randomised-trial", "test:not-significant")]


def test_the_study_design_is_drafted_from_the_words_that_say_how_it_compared(tmp_path):
    swindon = run.proposal_for(EVALUATIONS / "swindon-randomised-fgc.txt")
    assert [(c["comparison"], c["design"], c["matched_text"], c["line"], c["accept"])
            for c in swindon["evaluation"]["comparisons"]] == [
        ("comparison:randomised-trial", "design:rct", "randomised to", 3, True)]
    result = swindon["findings"][-2]
    assert (result["comparison"], result["comparison_because"]) == (
        "comparison:randomised-trial", "set against a group, in a study that says 'randomised to' (line 3)")

    path = tmp_path / "hubs.txt"
    path.write_text("Hubs in Kent\n\nThe evaluators surveyed staff before and after the hubs opened, interviewed "
                    "families, and compared referral rates with those of similar authorities.\n", encoding="utf-8")
    drafted = {c["comparison"]: (c["design"], c["matched_text"], c["accept"])
               for c in run.proposal_for(path)["evaluation"]["comparisons"]}
    assert drafted == {
        "comparison:before-after": ("design:pre-post-comparison", "before and after", True),
        "comparison:comparison-group": ("design:quasi-experimental",
                                        "compared referral rates with those of similar authorities", False),
        "comparison:qualitative": (None, "interviewed", True),
    }  # a survey before and after is the before-after comparison, not a separate count


def test_how_the_study_was_done_gives_samples_not_findings_and_a_direction_is_not_guessed(tmp_path):
    path = tmp_path / "stockport.txt"
    path.write_text("Stockport Family: evaluation summary\n\nStockport Council ran the project.\n\nThe evaluators "
                    "interviewed 24 staff and 18 families, and read 60 case files.\n\nStaff said restorative practice "
                    "gave them a common language. Confidence rose from 58% to 81%.\n", encoding="utf-8")
    proposal = run.proposal_for(path)
    assert [(s["size"], s["counts"], s["text"]) for s in proposal["evaluation"]["samples"]] == [
        (24, "staff interviewed", "24 staff"), (18, "families interviewed", "18 families"), (60, "case files read", "60 case files")]
    assert [(f["text"], f["direction"]) for f in proposal["findings"]] == [
        ("Staff said restorative practice gave them a common language.", None),  # left for the analyst to choose
        ("Confidence rose from 58% to 81%.", "direction:positive")]


def test_the_report_particulars_are_drafted_with_their_words(sheffield):
    assert sheffield["start_date"] == "2018-04"
    assert sheffield["stated"]["funding"]["value"] == {"number": 1200000, "unit": "unit:CCY_GBP", "as_written": "£1.2m"}
    text = "Authors: Jane Smith and Ravi Patel\nPublished by the Department for Education in March 2019.\n" \
           "Research report number 57. Over 18 months, 42 families were interviewed.\n"
    from csckg.link.evidence import particulars
    found = particulars(text)
    assert found["authors"]["value"] == ["Jane Smith", "Ravi Patel"]
    assert found["publisher"]["value"] == "Department for Education"
    assert found["date"]["value"] == "2019-03"
    assert found["report_number"]["value"] == "57"
    assert [(s["size"], s["counts"]) for s in found["samples"]] == [(42, "families were interviewed")]
    assert [p["value"] for p in found["periods"]] == ["18 months"]


# --- review, many at once ------------------------------------------------------------------------

def test_the_review_page_highlights_each_proposal_in_the_text(tmp_path):
    source = tmp_path / "sheffield.txt"
    shutil.copy(SHEFFIELD, source)
    run.propose_to_file(source, review=True)
    page = (tmp_path / "sheffield.txt.review.html").read_text(encoding="utf-8")
    assert '<mark class="rejected" title="link to agent:leeds (Leeds): only mentioned only mentioned, after' in page
    assert ">Barnardo&#x27;s</mark>" in page
    assert '<mark class="finding"' in page and '<mark class="value"' in page
    assert "http" not in page.replace("http-equiv", "")  # nothing fetched from the network


def test_a_folder_gets_a_proposal_for_each_evaluation_and_a_table(tmp_path, capsys):
    for name in ("sheffield-rotherham-hubs.txt", "rsw-scaling-evaluation.txt", "durham-think-family.yaml"):
        shutil.copy(EVALUATIONS / name, tmp_path / name)
    (tmp_path / "empty.md").write_text("", encoding="utf-8")
    assert cli.main(["link", str(tmp_path)]) == 1  # one file could not be read
    out = capsys.readouterr().out
    rows = {line.split()[0]: line for line in out.splitlines()[2:6]}
    assert "new: family-hubs-together-in-sheffield-and-rotherham" in rows["sheffield-rotherham-hubs.txt"]
    assert "already in the graph: evaluation:scaling-and-deepening-rsw" in rows["rsw-scaling-evaluation.txt"]
    assert "the file is empty" in rows["empty.md"]
    assert sorted(p.name for p in tmp_path.glob("*.proposal.yaml")) == [
        "durham-think-family.yaml.proposal.yaml", "rsw-scaling-evaluation.txt.proposal.yaml",
        "sheffield-rotherham-hubs.txt.proposal.yaml"]


# --- accept, apply, find it cited ---------------------------------------------------------------

@pytest.mark.slow  # applies and validates on a copy of the data
def test_an_accepted_comparison_gives_the_evaluation_its_design_and_a_wrong_one_is_refused(data_copy, tmp_path):
    source = tmp_path / "swindon.txt"
    shutil.copy(EVALUATIONS / "swindon-randomised-fgc.txt", source)
    _, path = run.propose_to_file(source, data_dir=data_copy)
    proposal = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert proposal["links"]["designs"] == []
    before = sorted(p.name for p in (data_copy / "evaluations").iterdir())
    proposal["evaluation"]["comparisons"][0]["design"] = "design:no-such-design"
    path.write_text(yaml.safe_dump(proposal, sort_keys=False), encoding="utf-8")
    with pytest.raises(LinkInputError) as refused:
        run.apply_proposal_file(path, data_copy)
    assert "'design:no-such-design' is not a design in the graph" in str(refused.value)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert refused.value.line == 1 + next(i for i, l in enumerate(lines) if "design: design:no-such-design" in l)
    assert refused.value.path == path
    assert sorted(p.name for p in (data_copy / "evaluations").iterdir()) == before
    proposal["evaluation"]["comparisons"][0]["design"] = "design:rct"
    path.write_text(yaml.safe_dump(proposal, sort_keys=False), encoding="utf-8")
    written = run.apply_proposal_file(path, data_copy).path.read_text(encoding="utf-8")
    assert "csc:hasDesign design:rct" in written


@pytest.mark.slow  # applies and validates on a copy of the data
def test_an_evaluation_applied_before_is_recognised_by_its_report_number(data_copy, tmp_path):
    first = tmp_path / "pause.txt"
    first.write_text("Evaluation of Pause in seven areas\n\nPause worked with women in Hackney and Greenwich. It was "
                     "evaluated by the University of Central Lancashire and published as Children's Social Care "
                     "Innovation Programme Evaluation Report 49 in July 2017. The evaluators interviewed women.\n",
                     encoding="utf-8")
    _, path = run.propose_to_file(first, data_dir=data_copy)
    proposal = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert proposal["source"]["report_number"] == "Evaluation Report 49"
    proposal["links"]["designs"] = [{"node": "design:process-evaluation", "accept": True}]
    proposal["kind"] = "initiative"
    path.write_text(yaml.safe_dump(proposal, sort_keys=False, allow_unicode=True), encoding="utf-8")
    assert 'dcterms:identifier "Evaluation Report 49"' in run.apply_proposal_file(path, data_copy).path.read_text()

    second = tmp_path / "pause-brief.txt"
    second.write_text("Pause: a two-page brief\n\nA shorter account of Evaluation Report 49, on women supported in "
                      "Hackney and Greenwich.\n", encoding="utf-8")
    again = run.proposal_for(second, data_copy)
    assert again["already_in_graph"] == {
        "node": "evaluation:pause-in-seven-areas", "label": "Evaluation of Pause in seven areas",
        "reason": "the same report number ('Evaluation Report 49') as a report it stands on"}
    assert not any(l["accept"] for ls in again["links"].values() for l in ls)
    assert not any(n["accept"] for n in again["new"])


def _accept_first_finding(path: Path, description: str) -> None:
    proposal = yaml.safe_load(path.read_text(encoding="utf-8"))
    proposal["findings"][0].update(accept=True, label="days in care halved", measure="days in care per family",
                                   description=description)
    proposal["links"]["designs"] = [{"node": "design:mixed-methods", "accept": True}]
    path.write_text(yaml.safe_dump(proposal, sort_keys=False, allow_unicode=True), encoding="utf-8")


@pytest.mark.slow  # applies, then builds
def test_an_accepted_finding_is_applied_to_the_existing_project_citing_the_new_document(data_copy, tmp_path):
    source = tmp_path / "herts.txt"
    shutil.copy(HERTFORDSHIRE, source)
    _, proposal = run.propose_to_file(source, data_dir=data_copy)
    _accept_first_finding(proposal, "Children in the families worked with spent about half as many days in care.")
    applied = run.apply_proposal_file(proposal, data_copy)
    written = applied.path.read_text(encoding="utf-8")
    assert "project:herts a" not in written  # no new project beside the existing one
    assert "csc:evaluationOf project:family-safeguarding-hertfordshire" in written

    out = tmp_path / "out"
    build(out_dir=out, data_dir=data_copy)
    graph = Graph().parse(out / "inferred.nt", format="nt")
    rows = graph.query(sparql_prologue() + """
        SELECT ?value ?role ?section ?file WHERE {
          project:family-safeguarding-hertfordshire csc:hasEvaluation ?evaluation .
          ?finding csc:findingOf ?evaluation ; csc:hasValue [ qudt:numericValue ?value ; csc:valueRole ?role ] ;
                   prov:qualifiedDerivation [ prov:entity ?source ; csc:section ?section ] .
          ?source csc:fileName ?file . FILTER (?file = "herts.txt") }""")
    assert {(float(r[0]), str(r[1]).rsplit("/", 1)[1], str(r[2]), str(r[3])) for r in rows} == {
        (20.5, "before", "line 5, characters 369-439", "herts.txt"),
        (9.8, "after", "line 5, characters 369-439", "herts.txt"),
    }
