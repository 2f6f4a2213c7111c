"""Bad input fails with a message that names the file, the node and what is wrong."""

from __future__ import annotations

import shutil

import pytest

from conftest import FIXTURES
from csckg.build.pipeline import build, check
from csckg.errors import TurtleSyntaxError, ValidationFailed

BROKEN = FIXTURES / "broken"


def check_with(data_copy, fixture: str):
    """Add one broken fixture to a copy of the data and run the build's checks on it."""
    shutil.copy(BROKEN / fixture, data_copy / fixture)
    return check(data_copy)


def problems_of(data_copy, fixture: str) -> list[str]:
    with pytest.raises(ValidationFailed) as failure:
        check_with(data_copy, fixture)
    return failure.value.problems


def test_the_shipped_data_is_valid():
    check()


def test_a_finding_with_no_source_is_named_with_its_file_and_label(data_copy):
    problems = problems_of(data_copy, "finding-without-source.ttl")
    assert len(problems) == 1
    assert problems[0].endswith(
        "finding-without-source.ttl: Test finding with no source (finding:test--unsourced): "
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
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    shutil.copy(BROKEN / "percentage-140.ttl", data_copy)
    with pytest.raises(ValidationFailed):
        build(out_dir=out, data_dir=data_copy)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out.")], "a staged out/ was left behind"
