"""The evidence level of a finding is derived, rule by rule, from its comparison and its test.

Each case builds one small finding in an otherwise empty store holding the ontology's schemes,
runs the rules (ontology/rules/evidence-level.rq, through csckg/reason/derive.py) and checks the level
an evidence reviewer would give it. The expected levels are written out here, independently
of the rule table, so that a change to the table shows up as a failing case.
"""

from __future__ import annotations

import itertools

import pyoxigraph as ox
import pytest

from csckg import paths
from csckg.reason.derive import derived_triples, typed_by_hand
from csckg.errors import ValidationFailed
from csckg.load import load_triples
from csckg.namespaces import CSC, PREFIXES
from csckg.build.pipeline import check
from csckg.triples import to_ntriples

COMPARISON, TEST, LEVEL, DIRECTION = (str(PREFIXES[p]) for p in ("comparison", "test", "level", "direction"))
RIGOROUS = {"randomised-trial": "trial", "comparison-group": "comparison", "historic-case-matching": "comparison"}
TESTS = ("significant", "not-significant", "not-reported")


def expected_level(comparison: str, test: str) -> str:
    """What the rules must give: design first, then what the test found."""
    if comparison in RIGOROUS:
        if test == "not-reported":
            return "comparison-untested"
        return RIGOROUS[comparison] + ("-effect" if test == "significant" else "-no-effect")
    return {"before-after": "preliminary", "association": "preliminary", "descriptive": "descriptive",
            "qualitative": "qualitative", "projection": "estimate", "cost-calculation": "estimate"}[comparison]


COMPARISONS = ("randomised-trial", "comparison-group", "historic-case-matching", "before-after", "association",
               "descriptive", "qualitative", "projection", "cost-calculation")


@pytest.fixture(scope="module")
def schemes() -> str:
    """The ontology (schemes included) as N-Triples, loaded into each case's store."""
    return to_ntriples(load_triples(paths.ontology_files()))


def derive_one(schemes: str, comparison: str, test: str, direction: str = "positive",
               samples: tuple[tuple[int, str], ...] = ()) -> dict[str, set[str]]:
    finding = "<https://w3id.org/csckg/finding/rule-case>"
    lines = [f"{finding} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{CSC.Finding}> .",
             f"{finding} <{CSC.comparison}> <{COMPARISON}{comparison}> .",
             f"{finding} <{CSC.statisticalTest}> <{TEST}{test}> .",
             f"{finding} <{CSC.direction}> <{DIRECTION}{direction}> ."]
    for i, (size, unit) in enumerate(samples):
        lines += [f"{finding} <{CSC.hasSample}> _:s{i} .", f'_:s{i} <{CSC.size}> "{size}"^^<http://www.w3.org/2001/XMLSchema#integer> .',
                  f'_:s{i} <{CSC.sampledUnit}> "{unit}" .']
    store = ox.Store()
    store.load((schemes + "\n".join(lines) + "\n").encode(), format=ox.RdfFormat.N_TRIPLES)
    found: dict[str, set[str]] = {}
    for s, p, o in derived_triples(store):
        assert s == finding
        found.setdefault(p, set()).add(o)
    return found


@pytest.mark.parametrize("comparison, test", list(itertools.product(COMPARISONS, TESTS)))
def test_each_comparison_and_test_gives_one_level(schemes, comparison, test):
    found = derive_one(schemes, comparison, test)
    assert found[f"<{CSC.evidenceLevel}>"] == {f"<{LEVEL}{expected_level(comparison, test)}>"}
    assert len(found[f"<{CSC.levelReason}>"]) == 1


def test_the_rule_table_covers_every_comparison_and_test_in_the_schemes(schemes):
    store = ox.Store()
    store.load(schemes.encode(), format=ox.RdfFormat.N_TRIPLES)
    in_scheme = lambda scheme: {r["c"].value.rsplit("/", 1)[1] for r in store.query(
        f"SELECT ?c WHERE {{ ?c <http://www.w3.org/2004/02/skos/core#inScheme> <https://w3id.org/csckg/scheme/{scheme}> }}")}
    assert in_scheme("comparisons") == set(COMPARISONS)
    assert in_scheme("statistical-tests") == set(TESTS)


@pytest.mark.parametrize("comparison", COMPARISONS)
def test_a_conclusion_the_source_refuses_is_inconclusive_whatever_the_design(schemes, comparison):
    found = derive_one(schemes, comparison, "not-reported", direction="inconclusive")
    assert found[f"<{CSC.evidenceLevel}>"] == {f"<{LEVEL}inconclusive>"}
    assert next(iter(found[f"<{CSC.levelReason}>"])).endswith('the source says no conclusion can be drawn"')


def rank(schemes: str, level: str) -> int:
    store = ox.Store()
    store.load(schemes.encode(), format=ox.RdfFormat.N_TRIPLES)
    return int(next(iter(store.query(f"SELECT ?r WHERE {{ <{LEVEL}{level}> <{CSC.rank}> ?r }}")))["r"].value)


def test_a_significant_before_and_after_change_never_outranks_a_trial(schemes):
    leeds = expected_level("before-after", "significant")
    for trial in ("trial-effect", "trial-no-effect"):
        assert rank(schemes, leeds) < rank(schemes, trial)


def test_a_trial_with_no_significant_difference_is_strong_evidence_not_weak(schemes):
    """No detected effect from a trial ranks with a trial's effect, above every non-randomised design."""
    assert rank(schemes, "trial-no-effect") == rank(schemes, "trial-effect")
    weaker = {expected_level(c, t) for c, t in itertools.product(COMPARISONS, TESTS) if c != "randomised-trial"}
    assert all(rank(schemes, level) < rank(schemes, "trial-no-effect") for level in weaker)


def test_the_reason_names_the_design_the_test_and_the_samples(schemes):
    found = derive_one(schemes, "randomised-trial", "not-significant",
                       samples=((132, "families in the trial"), (326, "children in those families")))
    assert found[f"<{CSC.levelReason}>"] == {
        '"Randomised trial; not significant; sample: 132 families in the trial, 326 children in those families"'}


# --- bad input ----------------------------------------------------------------------------------

def test_a_level_typed_by_hand_is_refused_with_its_file_line_and_node(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "typed.ttl").write_text(
        "@prefix csc: <https://w3id.org/csckg/ontology#> .\n"
        "@prefix level: <https://w3id.org/csckg/level/> .\n"
        "@prefix finding: <https://w3id.org/csckg/finding/> .\n\n"
        "finding:x a csc:Finding ;\n"
        "    csc:evidenceLevel level:trial-effect .\n", encoding="utf-8")
    asserted = load_triples(paths.data_files(data))
    [problem] = typed_by_hand(asserted, data)
    assert problem.startswith(f"{data / 'typed.ttl'}:6: finding:x: csc:evidenceLevel is derived by the build")


def test_a_finding_without_a_comparison_names_the_file_the_finding_and_the_missing_fact(data_copy):
    (data_copy / "projects" / "leeds-family-valued.ttl").write_text(
        (data_copy / "projects" / "leeds-family-valued.ttl").read_text(encoding="utf-8").replace(
            "    csc:comparison comparison:cost-calculation ;\n", "", 1), encoding="utf-8")
    with pytest.raises(ValidationFailed) as failure:
        check(data_dir=data_copy, cache_dir=data_copy.parent / "cache")
    assert any("leeds-family-valued.ttl:" in p and "Leeds: saving per family in a family group conference "
               "(finding:leeds-family-valued--fgc-cost-per-family): csc:comparison: a finding needs exactly one "
               "comparison behind it" in p for p in failure.value.problems)


def test_an_attribution_without_a_source_is_refused(data_copy):
    path = data_copy / "projects" / "newcastle-family-insights.ttl"
    text = path.read_text(encoding="utf-8")
    cited = ("csc:attributedConcept element:needs-segmented-unit ;\n"
             "        prov:qualifiedDerivation [ prov:entity src:thematic-report-1 ; csc:section "
             "\"Key messages > What have we learned about the conditions which promote good practice? > "
             "Teams with a mix of skills including specialist expertise on key issues\" ] ]")
    assert cited in text
    path.write_text(text.replace(cited, "csc:attributedConcept element:needs-segmented-unit ]", 1), encoding="utf-8")
    with pytest.raises(ValidationFailed) as failure:
        check(data_dir=data_copy, cache_dir=data_copy.parent / "cache")
    assert any("newcastle-family-insights.ttl" in p and "prov:qualifiedDerivation: an attribution to a model or "
               "element needs the source and section that make it" in p for p in failure.value.problems)


def test_a_finding_that_names_a_model_without_an_attribution_is_refused(data_copy):
    path = data_copy / "projects" / "torbay-swift.ttl"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("    csc:comparison comparison:descriptive ;",
                                 "    csc:comparison comparison:descriptive ;\n"
                                 "    csc:concernsModel <https://w3id.org/csckg/model/signs-of-safety> ;", 1),
                    encoding="utf-8")
    with pytest.raises(ValidationFailed) as failure:
        check(data_dir=data_copy, cache_dir=data_copy.parent / "cache")
    assert any("torbay-swift.ttl" in p and "[finding-about-without-attribution]" in p and
               "only where the source credits the model" in p for p in failure.value.problems)

