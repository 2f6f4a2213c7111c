"""Bad input fails with a message that names the file, the node and what is wrong."""

from __future__ import annotations

import shutil

import pytest

from conftest import FIXTURES
from csckg import paths
from csckg.build.pipeline import build, check
from csckg.errors import TurtleSyntaxError, ValidationFailed
from test_build import run_cli

BROKEN = FIXTURES / "broken"


def check_with(data_copy, fixture: str):
    """Add one broken fixture to a copy of the data and run the build's checks on it."""
    shutil.copy(BROKEN / fixture, data_copy / fixture)
    return check(data_copy)


def problems_in(data_dir) -> list[str]:
    """The problems the build's checks find in ``data_dir`` (which must have some)."""
    with pytest.raises(ValidationFailed) as failure:
        check(data_dir)
    return failure.value.problems


def problems_of(data_copy, fixture: str) -> list[str]:
    shutil.copy(BROKEN / fixture, data_copy / fixture)
    return problems_in(data_copy)


def test_the_shipped_data_is_valid():
    check()


def test_a_finding_with_no_source_is_named_with_its_file_and_label(data_copy):
    problems = problems_of(data_copy, "finding-without-source.ttl")
    assert len(problems) == 1
    assert problems[0].endswith(
        "finding-without-source.ttl:23: Test finding with no source (finding:test--unsourced): "
        "prov:qualifiedDerivation: has no source: add prov:qualifiedDerivation "
        "[ prov:entity src:... ; csc:section \"...\" ]")


def test_a_percentage_of_140_is_rejected(data_copy):
    problems = problems_of(data_copy, "percentage-140.ttl")
    assert len(problems) == 1
    assert "Test finding with a percentage of 140 (finding:test--impossible-percentage)" in problems[0]
    assert "a percentage of 140" in problems[0] and "outside 0 to 100" in problems[0]
    assert "percentage-140.ttl" in problems[0]


def test_a_project_with_no_local_authority_is_rejected(data_copy):
    problems = problems_of(data_copy, "project-without-authority.ttl")
    assert len(problems) == 1
    assert "Test project with no local authority (project:test-nowhere)" in problems[0]
    assert "needs at least one local authority" in problems[0]


def test_a_cost_finding_without_pounds_is_rejected(data_copy):
    problems = problems_of(data_copy, "cost-without-currency.ttl")
    assert len(problems) == 1
    assert "no value in pounds" in problems[0]


def test_a_misspelt_model_iri_is_caught(data_copy):
    problems = "\n".join(problems_of(data_copy, "misspelt-model.ttl"))
    assert "model/family-group-conferncing, which is defined nowhere" in problems
    assert "Leeds Family Valued (project:leeds-family-valued)" in problems


def test_a_node_in_two_disjoint_classes_is_a_reasoner_clash(data_copy):
    problems = problems_of(data_copy, "disjoint-clash.ttl")
    assert problems and all(p.startswith("reasoner clash:") for p in problems)
    assert any("leeds-family-valued" in p for p in problems)


def test_a_syntax_error_names_the_file_and_line(data_copy):
    with pytest.raises(TurtleSyntaxError) as failure:
        check_with(data_copy, "syntax-error.ttl")
    assert failure.value.line == 23
    assert str(failure.value).startswith(f"{data_copy / 'syntax-error.ttl'}:23: Turtle syntax error")


def test_a_failed_build_leaves_the_previous_out_untouched(data_copy, tmp_path):
    out = tmp_path / "out"
    build(out_dir=out, data_dir=data_copy)
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}  # guide/ too
    shutil.copy(BROKEN / "percentage-140.ttl", data_copy)
    with pytest.raises(ValidationFailed):
        build(out_dir=out, data_dir=data_copy)
    assert {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out.")], "a staged out/ was left behind"


# --- nothing dropped in silence ---------------------------------------------------------------

def edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def line_of(path, text: str) -> int:
    """The number of the first line of ``path`` that holds ``text``."""
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1) if text in line)


def test_a_misspelt_predicate_is_refused_with_file_line_and_node(data_copy):
    leeds = data_copy / "projects" / "leeds-family-valued.ttl"
    edit(leeds, "csc:usesModel", "csc:usesModle")
    assert problems_in(data_copy) == [
        f"{leeds}:{line_of(leeds, 'csc:usesModle')}: Leeds Family Valued (project:leeds-family-valued): "
        "csc:usesModle is not a property the ontology declares; did you mean csc:usesModel?"]


def test_an_undeclared_class_is_refused(data_copy):
    problems = problems_of(data_copy, "undeclared-class.ttl")
    assert problems[0] == (f"{data_copy}/undeclared-class.ttl:7: Test finding typed with a typo "
                           "(finding:test--typed-with-a-typo): csc:Fnding is not a class the ontology declares; "
                           "did you mean csc:Finding?")


def test_ill_typed_dates_are_refused(data_copy):
    hackney = data_copy / "projects" / "hackney-reclaiming-social-work.ttl"
    edit(hackney, '"2008"^^xsd:gYear', '"sometime"^^xsd:gYear')
    edit(hackney, '"2013"^^xsd:gYear', '"2017-13-45"^^xsd:date')
    assert problems_in(data_copy) == [
        f"{hackney}:{line_of(hackney, 'sometime')}: Reclaiming Social Work in Hackney (project:hackney-reclaiming-social-work): csc:startDate: "
        '"sometime"^^xsd:gYear is not a valid xsd:gYear (a year is YYYY)',
        f"{hackney}:{line_of(hackney, '2017-13-45')}: Evaluation of Reclaiming Social Work in Hackney (2013) (evaluation:hackney-rsw-2013): "
        'dcterms:date: "2017-13-45"^^xsd:date is not a valid xsd:date (a date is YYYY-MM-DD, a real day of the calendar)']


def test_an_emptied_data_file_is_refused(data_copy):
    leeds = data_copy / "projects" / "leeds-family-valued.ttl"
    leeds.write_text("\n".join(line for line in leeds.read_text().splitlines() if line.startswith("@prefix")) + "\n")
    assert problems_in(data_copy) == [
        f"{leeds}:1: the file defines no node (no triple has an IRI as its subject): an emptied file would drop "
        "its facts from every output; delete the file if that is what you meant"]


def test_two_labels_differing_only_in_case_on_one_kind_of_node_are_refused(data_copy):
    assert problems_of(data_copy, "case-only-duplicate.ttl") == [
        f"{data_copy}/case-only-duplicate.ttl:8: DERBYSHIRE (agent:derbyshire-again): [label-differs-only-in-case] "
        "Two nodes of one kind whose labels differ only in case: its label 'DERBYSHIRE' differs only in case from "
        "'Derbyshire' of https://w3id.org/csckg/agent/derbyshire (one node typed twice?)"]


def test_a_build_with_fewer_findings_than_the_last_one_warns(data_copy, tmp_path):
    extra = (BROKEN / "percentage-140.ttl").read_text().replace("140.0", "40.0")
    (data_copy / "one-more-finding.ttl").write_text(extra)
    out, cache = tmp_path / "out", tmp_path / "cache"
    assert build(out_dir=out, data_dir=data_copy, cache_dir=cache).warnings == []
    (data_copy / "one-more-finding.ttl").unlink()
    report = build(out_dir=out, data_dir=data_copy, cache_dir=cache)
    assert report.warnings == ["warning: the graph has 104 findings, 1 fewer than the previous successful build "
                               "(105); if that is not meant, look for an emptied or deleted file or a misspelt type"]
    assert report.warnings[0] in (out / "summary.txt").read_text()


def test_a_missing_data_folder_is_a_message(tmp_path):
    result = run_cli("validate", "--data", str(tmp_path / "nowhere"))
    assert result.returncode == 1
    assert result.stderr.strip() == (f"error: {tmp_path / 'nowhere'}: no such folder of data (--data takes the "
                                     f"folder of curated Turtle files, such as {paths.DATA_DIR})")
