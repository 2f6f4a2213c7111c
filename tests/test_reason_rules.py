"""Each OWL 2 RL rule the compiled engine applies, on a tiny graph of its own.

tests/fixtures/rules/RULE.trig holds the input in its default graph and, in the named graph
``:expected``, what the rule must add. owlrl (the reference) must add it too, and the compiled
engine must add nothing that owlrl does not. The whole graph is compared in test_reason_engines.py.
"""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
import pytest

from csckg.reason import compiled
from csckg.reason.closure import owlrl_closure
from csckg.reason.compiled import compiled_closure

RULES = Path(__file__).parent / "fixtures" / "rules"
EXPECTED = "<http://example.org/expected>"

#: the rules whose fixture is a clash, with the node it must name
CLASHES = {"cax-dw": "<http://example.org/oddity>", "cax-adc": "<http://example.org/oddity>"}


def read(rule: str) -> tuple[list, set]:
    """(the input triples, the triples the rule must add), as N-Triples terms."""
    asserted, expected = [], set()
    for quad in ox.parse(path=str(RULES / f"{rule}.trig"), format=ox.RdfFormat.TRIG):
        triple = (str(quad.subject), str(quad.predicate), str(quad.object))
        (expected.add(triple) if str(quad.graph_name) == EXPECTED else asserted.append(triple))
    return asserted, expected


def test_every_rule_the_compiled_engine_names_has_a_fixture():
    named = set(re.findall(r"\b(?:prp|cax)-[a-z0-9]+\b", compiled.__doc__))
    assert named == {path.stem for path in RULES.glob("*.trig")}


@pytest.mark.parametrize("rule", sorted(path.stem for path in RULES.glob("*.trig")))
def test_the_compiled_engine_applies_the_rule_as_owlrl_does(rule):
    asserted, expected = read(rule)
    closure, clashes = compiled_closure(asserted)
    reference, reference_clashes = owlrl_closure(asserted)
    assert expected or rule in CLASHES, "a fixture that expects nothing proves nothing"
    assert expected - set(asserted) == expected, "an expected triple is already in the input"
    assert expected <= closure, f"{rule}: the compiled engine misses {expected - closure}"
    assert expected <= reference, f"{rule}: the fixture expects what owlrl does not infer"
    assert closure - reference == set(), f"{rule}: the compiled engine infers what owlrl does not"
    if rule in CLASHES:
        assert len(clashes) == 1 and CLASHES[rule] in clashes[0] and reference_clashes
    else:
        assert clashes == [] and reference_clashes == []
