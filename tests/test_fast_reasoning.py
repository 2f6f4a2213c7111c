"""The fast engine (reasonable, completed in csckg/fast_reason.py) keeps exactly the inferences
owlrl keeps on the seed graph, finds the same clashes, and an unchanged input is not reasoned again."""

from __future__ import annotations

import shutil

import pytest

from csckg import pipeline
from csckg.errors import ValidationFailed
from csckg.load import load_asserted
from csckg.reason import AUTO_THRESHOLD, engine_for, reason
from conftest import FIXTURES


@pytest.fixture(scope="module")
def asserted():
    return load_asserted()


def test_reasonable_keeps_exactly_the_inferences_owlrl_keeps(asserted):
    reference = set(reason(asserted, "owlrl").inferred)
    fast = set(reason(asserted, "reasonable").inferred)
    assert len(reference) > 2000
    assert reference - fast == set(), "inferences owlrl keeps that reasonable misses"
    assert fast - reference == set(), "inferences reasonable keeps that owlrl does not"


def test_property_chains_and_subproperties_are_followed_to_the_end(asserted):
    inferred = reason(asserted, "reasonable").inferred
    predicates = {str(p).rsplit("#", 1)[-1].rsplit("/", 1)[-1] for p in inferred.predicates()}
    assert {"wasDerivedFrom", "aboutInitiative", "relatesToModel", "usesModelOrBroader", "evaluatorOf"} <= predicates


def test_both_engines_report_the_disjointness_clash(data_copy):
    shutil.copy(FIXTURES / "broken" / "disjoint-clash.ttl", data_copy / "projects")
    graph = load_asserted(data_copy)
    for engine in ("owlrl", "reasonable"):
        with pytest.raises(ValidationFailed) as failure:
            reason(graph, engine)
        assert failure.value.problems and all(p.startswith("reasoner clash:") for p in failure.value.problems)


def test_auto_uses_owlrl_for_small_graphs_and_reasonable_for_large_ones():
    assert engine_for("auto", AUTO_THRESHOLD - 1) == "owlrl"
    assert engine_for("auto", AUTO_THRESHOLD) == "reasonable"
    assert engine_for("owlrl", 10**7) == "owlrl"


def test_an_unchanged_input_is_not_reasoned_again(tmp_path, monkeypatch):
    first = pipeline.BuildReport()
    closure = pipeline.reasoned_graph(report=first, reasoner="reasonable", cache_dir=tmp_path)
    assert first.reasoner == "reasonable"

    def must_not_run(*args, **kwargs):
        raise AssertionError("reasoned again although nothing changed")

    monkeypatch.setattr(pipeline, "reason", must_not_run)
    second = pipeline.BuildReport()
    again = pipeline.reasoned_graph(report=second, reasoner="reasonable", cache_dir=tmp_path)
    assert "closure reused" in second.reasoner
    assert len(again.asserted) == len(closure.asserted) and len(again.inferred) == len(closure.inferred)
    assert len(again.combined) == len(closure.combined)  # blank nodes still meet their inferences
