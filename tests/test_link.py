"""The linker, asked the analyst's questions: what does this new evaluation link to, and why?
Can I correct it and apply it, and find it in the next build? What if my input is wrong?

Every test that writes works on a private copy of graph/data/ (the ``data_copy`` fixture).
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
import yaml
from rdflib import Graph, URIRef
from rdflib.namespace import RDFS

from csckg import paths
from csckg.build.pipeline import build
from csckg.cli import main as cli
from csckg.link import run
from csckg.link.apply import read_proposal
from csckg.link.errors import LinkClash, LinkInputError
from csckg.link.gazetteer import load_gazetteer
from csckg.link.recognise import recognise
from csckg.link.record import MAX_BYTES
from csckg.namespaces import sparql_prologue, unused_prefixes

EVALUATIONS = Path(__file__).parent / "fixtures" / "evaluations"
EXPECTED = yaml.safe_load((EVALUATIONS / "expected.yaml").read_text(encoding="utf-8"))
HERTFORDSHIRE = EVALUATIONS / "hertfordshire-family-safeguarding-summary.txt"
TEMPLATE = paths.ROOT / "graph" / "templates" / "evaluation-template.yaml"


@pytest.fixture(scope="module")
def gazetteer():
    return load_gazetteer()


@pytest.fixture(scope="module")
def proposals() -> dict[str, dict]:
    """The linker's proposal for every test description, against the shipped data (slow: the
    tests that use it are marked so in conftest.py)."""
    return {name: run.proposal_for(EVALUATIONS / name) for name in EXPECTED}


def accepted(proposal: dict, field: str) -> set[str]:
    return {link["node"] for link in proposal["links"][field] if link["accept"]}


def fingerprint(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` with the hash of its bytes."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def ask(out: Path, query: str) -> set:
    graph = Graph().parse(out / "inferred.nt", format="nt")
    return {tuple(str(t) for t in row) for row in graph.query(sparql_prologue() + query)}


# --- what it links to, and why ----------------------------------------------------------------

def test_the_test_descriptions_cover_both_forms():
    kinds = {Path(name).suffix for name in EXPECTED}
    assert len(EXPECTED) >= 8
    assert {".txt", ".yaml", ".json"} <= kinds


@pytest.mark.parametrize("field", ["models", "local_authorities"])
def test_how_often_the_linker_is_right_about_models_and_authorities(proposals, field):
    found = sum(len(accepted(proposals[name], field)) for name in EXPECTED)
    right = sum(len(accepted(proposals[name], field) & set(EXPECTED[name][field])) for name in EXPECTED)
    wanted = sum(len(set(EXPECTED[name][field])) for name in EXPECTED)
    precision, recall = right / found, right / wanted
    print(f"\n{field}: precision {precision:.3f} ({right}/{found}), recall {recall:.3f} ({right}/{wanted})")
    for name in EXPECTED:
        extra = accepted(proposals[name], field) - set(EXPECTED[name][field])
        missed = set(EXPECTED[name][field]) - accepted(proposals[name], field)
        if extra or missed:
            print(f"  {name}: extra {sorted(extra)}, missed {sorted(missed)}")
    assert precision >= 0.9
    assert recall >= 0.9


def test_each_link_shows_the_exact_text_it_matched(proposals):
    for name, proposal in proposals.items():
        text = (EVALUATIONS / name).read_text(encoding="utf-8")
        links = [l for ls in proposal["links"].values() for l in ls] + proposal["new"]
        assert links, name
        for link in links:
            start, end = link["span"]
            assert text[start:end] == link["matched_text"], (name, link)


def test_the_usual_forms_of_an_authority_name_are_recognised(gazetteer):
    text = ("Hertfordshire County Council, the London Borough of Southwark, Hull City Council, "
            "the Royal Borough of Windsor and Maidenhead and NE Lincolnshire took part.")
    found = {m.text: m.entry.curie for m in recognise(text, gazetteer) if m.entry.kind == "authority"}
    assert found == {
        "Hertfordshire County Council": "agent:hertfordshire",
        "London Borough of Southwark": "agent:southwark",
        "Hull City Council": "agent:hull",
        "Royal Borough of Windsor and Maidenhead": "agent:windsor-and-maidenhead",
        "NE Lincolnshire": "agent:north-east-lincolnshire",
    }


def test_models_are_recognised_by_every_name_and_abbreviation(gazetteer):
    text = "Units used RSW, MI, MSW, SoS and FGC alongside systemic and restorative work."
    found = {m.text: m.entry.curie for m in recognise(text, gazetteer) if m.entry.kind == "model"}
    assert found == {
        "RSW": "model:reclaiming-social-work", "MI": "model:motivational-interviewing",
        "MSW": "model:motivational-social-work", "SoS": "model:signs-of-safety",
        "FGC": "model:family-group-conferencing", "systemic": "model:systemic-practice",
        "restorative": "model:restorative-practice",
    }


def test_an_abbreviation_counts_only_as_a_whole_word_in_its_own_case(gazetteer):
    text = "The minimum standard was mixed; Mi and mi-level staff, and sos messages, were excluded."
    models = [m.text for m in recognise(text, gazetteer) if m.entry.kind == "model"]
    assert models == []


def test_a_near_miss_is_linked_with_a_lower_score(gazetteer):
    mention = next(m for m in recognise("We extended Reclaming Social Work.", gazetteer) if m.entry.kind == "model")
    assert mention.entry.curie == "model:reclaiming-social-work"
    assert mention.text == "Reclaming Social Work"
    assert 0.7 <= mention.score < 0.95


def test_a_common_phrase_in_lower_case_is_not_taken_for_an_organisation(gazetteer):
    mention = next(m for m in recognise("Support for frontline practitioners.", gazetteer)
                   if m.entry.curie == "agent:frontline")
    assert not mention.accepted


def test_names_the_graph_does_not_know_are_proposed_as_new_nodes(proposals):
    new = {n["new_node"]: n for n in proposals["family-safeguarding-wave-two.txt"]["new"]}
    assert new["agent:luton"]["label"] == "Luton"
    assert new["agent:luton"]["matched_text"] == "Luton Borough Council"
    assert new["agent:peterborough"]["field"] == "local_authorities"
    evaluator = {n["label"]: n["field"] for n in proposals["islington-motivational.md"]["new"]}
    assert evaluator == {"Tilda Goldberg Centre": "evaluator"}


def test_a_scale_up_links_to_the_earlier_project(proposals):
    assert accepted(proposals["durham-think-family.yaml"], "builds_on") == {"project:durham-families-first"}
    assert accepted(proposals["leeds-fgc-domestic-abuse.txt"], "builds_on") == {"project:leeds-family-valued"}


def test_it_names_the_most_similar_projects_with_a_reason(proposals):
    similar = proposals["systemic-units-second-phase.txt"]["similar"]["projects"]
    assert {s["node"] for s in similar[:2]} == {"project:hackney-reclaiming-social-work",
                                               "project:scaling-and-deepening-rsw"}
    assert "Consultant social worker" in similar[0]["reason"]
    models = proposals["family-safeguarding-wave-two.txt"]["similar"]["projects"]
    assert models[0]["node"] == "project:family-safeguarding-hertfordshire"


def test_a_plain_text_summary_gets_a_title_an_aim_and_a_programme(proposals):
    proposal = proposals["systemic-units-second-phase.txt"]
    assert proposal["title"] == "Systemic Units in Hull and Southwark: Second Phase"
    assert proposal["kind"] == "project"
    assert proposal["aim"].startswith("The project aimed to make small units")
    assert accepted(proposal, "evaluator") == {"agent:university-of-bedfordshire"}
    assert accepted(proposal, "designs") == {"design:mixed-methods", "design:quasi-experimental"}


def test_link_help_gives_an_example(capsys):
    with pytest.raises(SystemExit):
        cli.main(["link", "--help"])
    assert "example:" in capsys.readouterr().out


# --- correct it, apply it, find it --------------------------------------------------------------

@pytest.mark.slow  # applies an evaluation, then builds
def test_an_applied_evaluation_is_found_under_its_model_and_on_the_map_in_the_next_build(data_copy, tmp_path, capsys):
    source = tmp_path / "systemic-units.txt"
    shutil.copy(EVALUATIONS / "systemic-units-second-phase.txt", source)
    assert cli.main(["link", str(source), "--data", str(data_copy)]) == 0
    proposal_file = tmp_path / "systemic-units.txt.proposal.yaml"
    assert "agent:hackney" in capsys.readouterr().out

    # The analyst drops Hackney (mentioned, but not a site) and applies the edited proposal.
    proposal = yaml.safe_load(proposal_file.read_text(encoding="utf-8"))
    for link in proposal["links"]["local_authorities"]:
        link["accept"] = link["node"] != "agent:hackney"
    proposal_file.write_text(yaml.safe_dump(proposal, sort_keys=False), encoding="utf-8")
    assert cli.main(["link", "--apply-proposal", str(proposal_file), "--data", str(data_copy)]) == 0
    written = data_copy / "evaluations" / "systemic-units-in-hull-and-southwark-second-phase.ttl"
    assert "agent:hackney" not in written.read_text(encoding="utf-8")
    assert unused_prefixes(written.read_text(encoding="utf-8")) == []  # as graph/README.md asks

    out = tmp_path / "out"
    build(out_dir=out, data_dir=data_copy)
    under_systemic = ask(out, """
        SELECT ?evaluation WHERE {
          ?project csc:usesModelOrBroader model:systemic-practice ; csc:hasEvaluation ?evaluation . }""")
    assert ("https://w3id.org/csckg/evaluation/systemic-units-in-hull-and-southwark-second-phase",) in under_systemic
    sites = ask(out, """
        SELECT ?la WHERE { project:systemic-units-in-hull-and-southwark-second-phase csc:localAuthority ?la }""")
    assert sites == {("https://w3id.org/csckg/agent/hull",), ("https://w3id.org/csckg/agent/southwark",)}
    assert "Systemic Units in Hull and Southwark: Second Phase" in (out / "map.html").read_text(encoding="utf-8")


@pytest.mark.slow  # validates the graph twice
def test_applying_the_same_evaluation_twice_adds_nothing(data_copy, tmp_path):
    first = run.apply_file(EVALUATIONS / "stockport-locality.json", data_copy)
    assert first.status == "written"
    before = fingerprint(data_copy)
    once = build(out_dir=tmp_path / "once", data_dir=data_copy)

    second = run.apply_file(EVALUATIONS / "stockport-locality.json", data_copy)
    assert second.status == "already applied"
    assert fingerprint(data_copy) == before
    twice = build(out_dir=tmp_path / "twice", data_dir=data_copy)
    assert (twice.asserted_triples, twice.inferred_triples) == (once.asserted_triples, once.inferred_triples)

    # Applying the proposal made from the same record is the same evaluation too.
    proposal, path = run.propose_to_file(EVALUATIONS / "stockport-locality.json", tmp_path / "p.yaml", data_copy)
    assert run.apply_proposal_file(path, data_copy).status == "already applied"
    assert fingerprint(data_copy) == before


def test_the_shipped_template_is_itself_a_valid_record(data_copy):
    applied = run.apply_file(TEMPLATE, data_copy)
    text = applied.path.read_text(encoding="utf-8")
    assert "csc:buildsOn project:family-safeguarding-hertfordshire" in text
    assert "agent:luton a csc:LocalAuthority" in text


# --- bad input: a clear message, and the graph exactly as it was --------------------------------

def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _bad_proposal(folder: Path, data_dir: Path) -> Path:
    _, path = run.propose_to_file(EVALUATIONS / "torbay-systemic.yaml", folder / "torbay.proposal.yaml", data_dir)
    text = path.read_text(encoding="utf-8").replace("node: model:systemic-practice",
                                                    "node: model:systemic-practise", 1)
    path.write_text(text, encoding="utf-8")
    return path


def _clash(folder: Path, data_dir: Path) -> Path:
    """A different evaluation under a slug that is already taken by an existing project."""
    record = yaml.safe_load((EVALUATIONS / "durham-think-family.yaml").read_text(encoding="utf-8"))
    record["slug"] = "leeds-family-valued"
    return _write(folder, "clash.yaml", yaml.safe_dump(record))


BAD_INPUTS = {
    "malformed YAML": (lambda f, d: _write(f, "bad.yaml", "title: A\nevaluation:\n  designs: [mixed methods\n  methods: x\n"),
                       ["malformed YAML", "bad.yaml:"]),
    "malformed JSON": (lambda f, d: _write(f, "bad.json", '{\n  "title": "A",\n  "evaluation": {"designs": [}\n}\n'),
                       ["malformed JSON", "bad.json:3:"]),
    "nothing recognisable": (lambda f, d: EVALUATIONS / "nothing-recognisable.txt", ["nothing in the text is recognisable"]),
    "missing required field": (lambda f, d: _write(f, "nodesign.yaml", "title: A pilot\nlocal_authorities: [Leeds]\n"
                                                   "evaluation:\n  summary: interviews only\nsource: {publisher: DfE}\n"),
                               ["nodesign.yaml:3", "evaluation.designs"]),
    "link to a node that does not exist": (_bad_proposal, ["model:systemic-practise", "is not a node in the graph",
                                                           "torbay.proposal.yaml:"]),
    "clash with an existing file": (_clash, ["project:leeds-family-valued", "leeds-family-valued.ttl"]),
    "a finding the shapes reject": (lambda f, d: _write(f, "badfinding.yaml", (EVALUATIONS / "durham-think-family.yaml")
                                                        .read_text(encoding="utf-8").replace("unit: count", "unit: percent")
                                                        .replace("number: 12", "number: 120")),
                                    ["validation failed", "outside 0 to 100"]),
}


# Plain text the linker cannot read, and proposals edited into a state it must refuse.

def _big(folder: Path, data_dir: Path) -> Path:
    """A 50 MB evaluation (a whole report's text, say): refused before a byte of it is read."""
    path = folder / "huge.txt"
    with path.open("w", encoding="utf-8") as handle:
        handle.write("Family Safeguarding in Leeds. " * (MAX_BYTES // 30 + 10))
        handle.truncate(50 * 1024 * 1024)  # sparse: the test machine's disk is not filled
    return path


def _proposal_with(folder: Path, data_dir: Path, edit, name: str = "herts.txt") -> Path:
    source = folder / name
    shutil.copy(HERTFORDSHIRE, source)
    _, path = run.propose_to_file(source, data_dir=data_dir)
    proposal = yaml.safe_load(path.read_text(encoding="utf-8"))
    edit(proposal)
    path.write_text(yaml.safe_dump(proposal, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def _copied(folder, data_dir):
    def edit(proposal):
        proposal["findings"][0].update(accept=True, label="care", measure="days in care",
                                       description="As the report says, days spent in care per family fell from "
                                                   "20.5 to 9.8 in the first year.")
        proposal["links"]["designs"] = [{"node": "design:mixed-methods", "accept": True}]
    return _proposal_with(folder, data_dir, edit)


def _misquoted(folder, data_dir):
    def edit(proposal):
        proposal["findings"][0].update(accept=True, label="care", measure="days in care",
                                       description="Time in care roughly halved.")
        proposal["findings"][0]["values"][1]["number"] = 8.9
        proposal["links"]["designs"] = [{"node": "design:mixed-methods", "accept": True}]
    return _proposal_with(folder, data_dir, edit)


def _invalid(folder, data_dir):
    def edit(proposal):
        proposal["findings"][1].update(accept=True, label="saving", measure="saving", description="A saving.",
                                       direction="direction:upwards")
        proposal["links"]["designs"] = [{"node": "design:mixed-methods", "accept": True}]
    return _proposal_with(folder, data_dir, edit)


BAD_INPUTS.update({
    "a file over the size limit": (_big, ["huge.txt", "over the linker's limit of 100,000 bytes"]),
    "an empty file": (lambda f, d: _write(f, "empty.txt", "  \n"), ["empty.txt", "the file is empty"]),
    "scanned-PDF garbage": (lambda f, d: _write(f, "scan.txt", "Evaluation of a project\n\n"
                                                 "%$#@ ^^&* ~~|| {{}} ]][[ ;;:: ,,.. !!?? ##@@ $$%% ^^&& **(( ))__\n"),
                            ["scan.txt:3", "not prose"]),
    "another language": (lambda f, d: _write(f, "french.txt", "Évaluation du projet à Lille\n\nLe projet a été mené "
                                             "par le département avec des familles pendant deux ans. Les résultats "
                                             "montrent une baisse des placements d'enfants.\n"),
                         ["french.txt:1", "does not read as English"]),
    "a description copied from the text": (_copied, ["herts.txt.proposal.yaml:", "copies 12 or more consecutive words"]),
    "a number not in its sentence": (_misquoted, ["herts.txt.proposal.yaml:", "the number 8.9 does not occur"]),
    "a proposal edited into an invalid state": (_invalid, ["herts.txt.proposal.yaml:",
                                                           "'direction: direction:upwards' is not a direction"]),
})


@pytest.mark.parametrize("case", list(BAD_INPUTS))
def test_bad_input_is_explained_and_leaves_the_graph_as_it_was(case, data_copy, tmp_path, capsys):
    make, words = BAD_INPUTS[case]
    path = make(tmp_path, data_copy)
    before = fingerprint(data_copy)
    argv = ["--apply-proposal", str(path)] if path.name.endswith(".proposal.yaml") else [str(path), "--apply"]
    assert cli.main(["link", *argv, "--data", str(data_copy)]) == 1
    message = capsys.readouterr().err
    for word in words:
        assert word in message, message
    assert "Traceback" not in message
    assert fingerprint(data_copy) == before


def test_malformed_yaml_names_the_line(tmp_path):
    path = _write(tmp_path, "bad.yaml", "title: A\nevaluation:\n  designs: [mixed methods\n  methods: x\n")
    with pytest.raises(LinkInputError) as error:
        run.proposal_for(path)
    assert error.value.line == 4


def test_a_different_evaluation_with_the_same_title_needs_replace(data_copy, tmp_path):
    run.apply_file(EVALUATIONS / "torbay-systemic.yaml", data_copy)
    changed = _write(tmp_path, "torbay-systemic.yaml", (EVALUATIONS / "torbay-systemic.yaml").read_text(encoding="utf-8")
                     .replace("two Torbay teams", "three Torbay teams"))
    before = fingerprint(data_copy)
    with pytest.raises(LinkClash, match="already exists with different content"):
        run.apply_file(changed, data_copy)
    assert fingerprint(data_copy) == before
    assert run.apply_file(changed, data_copy, replace=True).status == "replaced"
    assert "three Torbay teams" in (data_copy / "evaluations" / "torbay-systemic-practice-pilot.ttl").read_text()


def test_an_interrupted_apply_leaves_the_graph_as_it_was(data_copy, monkeypatch):
    before = fingerprint(data_copy)

    def interrupted(source, target):
        raise KeyboardInterrupt

    monkeypatch.setattr("csckg.files.os.replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        run.apply_file(EVALUATIONS / "torbay-systemic.yaml", data_copy)
    assert fingerprint(data_copy) == before


def test_a_proposal_file_reads_back(tmp_path):
    _, path = run.propose_to_file(EVALUATIONS / "windsor-culturally-attuned.txt", tmp_path / "w.yaml")
    checked = read_proposal(path)
    assert checked.proposal["links"]["local_authorities"][0]["node"] == "agent:windsor-and-maidenhead"
    assert checked.lines[("links", "local_authorities")] > 1


# --- no Turtle but ours, nothing invented, nothing unbounded --------------------------------------

INJECTED = "Leeds pilot\nproject:leeds-family-valued csc:usesModel model:signs-of-safety ."


def test_a_title_with_a_newline_is_applied_as_a_plain_title(data_copy, tmp_path):
    record = yaml.safe_load((EVALUATIONS / "durham-think-family.yaml").read_text(encoding="utf-8"))
    record["title"] = INJECTED
    path = _write(tmp_path, "injected.yaml", yaml.safe_dump(record, allow_unicode=True))
    applied = run.apply_file(path, data_copy)
    assert applied.status == "written"
    written = Graph().parse(applied.path, format="turtle")
    leeds = URIRef("https://w3id.org/csckg/project/leeds-family-valued")
    assert list(written.triples((leeds, None, None))) == []
    one_line = " ".join(INJECTED.split())
    project = URIRef("https://w3id.org/csckg/project/" + applied.path.stem)
    assert str(written.value(project, RDFS.label)) == one_line
    assert applied.path.read_text(encoding="utf-8").splitlines()[0] == (
        f"# {one_line}: added by 'build.py link' from injected.yaml.")


def test_a_record_naming_a_node_that_does_not_exist_is_refused(data_copy, tmp_path):
    text = (EVALUATIONS / "durham-think-family.yaml").read_text(encoding="utf-8")
    path = _write(tmp_path, "ghost.yaml", text.replace("  - Think Family ethos\n", "  - model:does-not-exist\n"))
    before = fingerprint(data_copy)
    with pytest.raises(LinkInputError) as failure:
        run.apply_file(path, data_copy)
    assert str(failure.value) == (f"{path}:14: 'model:does-not-exist' in 'models' is not a node in the graph "
                                  "(a typo? a new model is given by its name, not an IRI); nothing was written")
    assert fingerprint(data_copy) == before


def test_turtle_typed_into_a_proposal_is_refused(data_copy, tmp_path):
    _, path = run.propose_to_file(EVALUATIONS / "durham-think-family.yaml", tmp_path / "d.proposal.yaml", data_copy)
    proposal = yaml.safe_load(path.read_text(encoding="utf-8"))
    proposal["findings"][0]["outcome_domain"] = "domain:implementation . project:leeds-family-valued csc:usesModel model:signs-of-safety"
    path.write_text(yaml.safe_dump(proposal, allow_unicode=True), encoding="utf-8")
    before = fingerprint(data_copy)
    with pytest.raises(LinkInputError) as failure:
        run.apply_proposal_file(path, data_copy)
    assert "is not a domain the graph knows; nothing was written" in str(failure.value)
    assert fingerprint(data_copy) == before


def test_a_yaml_alias_bomb_is_refused_at_once(tmp_path):
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 9)]
    path = _write(tmp_path, "bomb.yaml", "\n".join(lines) + "\ntitle: *a8\n")
    assert path.stat().st_size < 5000
    with pytest.raises(LinkInputError) as failure:
        run.proposal_for(path)
    assert str(failure.value) == (f"{path}: the YAML expands to more than 50,000 values through its aliases "
                                  "(*name); write the record out without them; nothing was written")


def test_an_input_over_the_size_limit_is_refused_with_the_limit_named(tmp_path):
    path = _write(tmp_path, "huge.txt", "Leeds City Council ran Family Group Conferencing. " * 3000)
    with pytest.raises(LinkInputError) as failure:
        run.proposal_for(path)
    assert str(failure.value) == (f"{path}: the file is 150,000 bytes, over the linker's limit of 100,000 bytes: "
                                  "give it the evaluation's summary or the sections that describe it; nothing was written")


def test_several_proposals_are_each_applied_or_refused_on_their_own(data_copy, tmp_path, capsys):
    good = _proposal_with(tmp_path, data_copy, lambda p: p["links"].update(
        designs=[{"node": "design:mixed-methods", "accept": True}]), name="good.txt")
    bad = _misquoted(tmp_path, data_copy)
    assert cli.main(["link", "--apply-proposal", str(good), str(bad), "--data", str(data_copy)]) == 1
    captured = capsys.readouterr()
    assert "written:" in captured.out and "good.ttl" in captured.out
    assert "refused:" in captured.err and "1 of 2 proposals refused" in captured.err
    assert sorted(p.name for p in (data_copy / "evaluations").glob("*.ttl")) == ["good.ttl"]
