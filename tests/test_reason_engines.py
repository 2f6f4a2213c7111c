"""The fast engines keep exactly the inferences owlrl (the reference) keeps on the seed graph,
find the same clashes, and an unchanged input is not reasoned again.

- compiled: the ontology's axioms compiled into look-up tables (csckg/reason/compiled.py);
- reasonable: the Rust reasoner, completed in csckg/reason/reasonable_engine.py.
"""

from __future__ import annotations

import shutil

import pytest

from csckg.build import pipeline
from csckg.errors import CsckgError, ValidationFailed
from csckg.load import load_asserted
from csckg.reason.closure import AUTO_THRESHOLD, engine_for, reason
from conftest import FIXTURES

CSC = "https://w3id.org/csckg/ontology#"


@pytest.fixture(scope="module")
def asserted():
    return load_asserted()


@pytest.fixture(scope="module")
def reference(asserted):
    return set(reason(asserted, "owlrl").inferred)


@pytest.mark.slow  # owlrl, the reference, takes many seconds on the whole graph
@pytest.mark.parametrize("engine", ["compiled", "reasonable"])
def test_a_fast_engine_keeps_exactly_the_inferences_owlrl_keeps(asserted, reference, engine):
    fast = set(reason(asserted, engine).inferred)
    assert len(reference) > 2000
    assert reference - fast == set(), f"inferences owlrl keeps that {engine} misses"
    assert fast - reference == set(), f"inferences {engine} keeps that owlrl does not"


@pytest.mark.parametrize("engine", ["compiled", pytest.param("reasonable", marks=pytest.mark.slow)])
def test_property_chains_and_subproperties_are_followed_to_the_end(asserted, engine):
    inferred = reason(asserted, engine).inferred
    predicates = {p[1:-1].rsplit("#", 1)[-1].rsplit("/", 1)[-1] for _, p, _ in inferred}
    assert {"wasDerivedFrom", "aboutInitiative", "relatesToModel", "usesModelOrBroader", "evaluatorOf"} <= predicates


def test_systemic_practice_reaches_the_projects_that_used_reclaiming_social_work(asserted):
    """usesModelOrBroader chains through skos:broader: a project using RSW uses systemic practice or broader."""
    inferred = set(reason(asserted, "compiled").inferred)
    hackney_rsw = ("<https://w3id.org/csckg/project/hackney-reclaiming-social-work>", f"<{CSC}usesModelOrBroader>",
                   "<https://w3id.org/csckg/model/systemic-practice>")
    assert hackney_rsw in inferred


@pytest.mark.slow  # every engine on the whole graph
def test_every_engine_reports_the_disjointness_clash(data_copy):
    shutil.copy(FIXTURES / "broken" / "disjoint-clash.ttl", data_copy / "projects")
    triples = load_asserted(data_copy)
    for engine in ("owlrl", "reasonable", "compiled"):
        with pytest.raises(ValidationFailed) as failure:
            reason(triples, engine)
        assert failure.value.problems and all(p.startswith("reasoner clash:") for p in failure.value.problems)


def test_auto_uses_the_compiled_engine_unless_the_ontology_needs_more(asserted):
    assert engine_for("auto", asserted) == "compiled"
    functional = ("<https://example.org/p>", "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>",
                  "<http://www.w3.org/2002/07/owl#FunctionalProperty>")
    assert engine_for("auto", [*asserted[:100], functional]) == "owlrl"
    assert engine_for("auto", [*(asserted * 2)[:AUTO_THRESHOLD], functional]) == "reasonable"
    assert engine_for("owlrl", asserted) == "owlrl"


def test_the_compiled_engine_refuses_an_axiom_it_does_not_apply(asserted):
    functional = ("<https://example.org/p>", "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>",
                  "<http://www.w3.org/2002/07/owl#FunctionalProperty>")
    with pytest.raises(CsckgError, match="owl#FunctionalProperty.*--reasoner owlrl"):
        reason([*asserted, functional], "compiled")


def test_an_unchanged_input_is_not_reasoned_again(tmp_path, monkeypatch):
    first = pipeline.BuildReport()
    closure = pipeline.reasoned_graph(report=first, reasoner="compiled", cache_dir=tmp_path)
    assert first.reasoner == "compiled"

    def must_not_run(*args, **kwargs):
        raise AssertionError("reasoned again although nothing changed")

    monkeypatch.setattr(pipeline, "reason", must_not_run)
    second = pipeline.BuildReport()
    again = pipeline.reasoned_graph(report=second, reasoner="compiled", cache_dir=tmp_path)
    assert "closure reused" in second.reasoner
    assert sorted(again.asserted) == sorted(closure.asserted)
    assert sorted(again.inferred) == sorted(closure.inferred)  # blank nodes still meet their inferences
