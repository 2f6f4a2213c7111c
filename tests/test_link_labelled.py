"""How good is the linker's proposal for a new evaluation, by default, on texts an analyst has
labelled? (tests/fixtures/evaluations/labelled.yaml says what each text should give.)

Asked as the analyst would: of the links it accepts by default, how many are right (precision),
and how many of the right ones does it accept (recall)? Does it ever attach an evaluation to the
wrong project, or miss one already in the graph? Of the numbers the texts state, how many does
it draft with the right unit and role? The figures are printed, and bench/README.md keeps them.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from csckg.link import run
from csckg.link.apply import UNIT_NODES
from csckg.link.proposal import UNITS

EVALUATIONS = Path(__file__).parent / "fixtures" / "evaluations"
LABELLED = yaml.safe_load((EVALUATIONS / "labelled.yaml").read_text(encoding="utf-8"))
#: the fields scored: the roles a name can play in a project and its evaluation
SCORED = ("local_authorities", "models", "lead_organisation", "partner_organisations", "evaluator",
          "funded_by", "builds_on")
ROLE_NODES = {"before", "after", "intervention", "comparison", "observed", "estimate", "change"}


@pytest.fixture(scope="module")
def proposals() -> dict[str, dict]:
    return {name: run.proposal_for(EVALUATIONS / name) for name in LABELLED}


def proposed(proposal: dict) -> set[tuple[str, str]]:
    """(field, node or 'new: label') for every link and new node accepted by default."""
    found = {(field, link["node"]) for field in SCORED for link in proposal["links"][field] if link["accept"]}
    found |= {(node["field"], f"new: {node['label']}") for node in proposal["new"]
              if node["accept"] and node["field"] in SCORED}
    return found


def expected(label: dict) -> set[tuple[str, str]]:
    wanted = {(field, node) for field, nodes in (label.get("links") or {}).items() for node in nodes}
    wanted |= {(field, f"new: {name}") for field, names in (label.get("new") or {}).items() for name in names}
    return wanted


def drafted_numbers(proposal: dict) -> set[tuple]:
    units = {node: name for name, node in UNITS.items() if name in ("percent", "count", "days", "months", "ratio", "pounds")}
    return {(float(v["number"]), units[v["unit"]], v["role"].split(":")[1])
            for finding in proposal["findings"] for v in finding.get("values", [])}


def test_the_labelled_set_is_big_enough_and_varied():
    assert len(LABELLED) >= 20
    assert sum(1 for l in LABELLED.values() if l.get("attach_to")) >= 5
    assert sum(1 for l in LABELLED.values() if not l.get("attach_to")) >= 5
    assert sum(1 for l in LABELLED.values() if l["numbers"]) >= 5
    assert sum(1 for l in LABELLED.values() if not l["numbers"]) >= 5
    assert all((EVALUATIONS / name).suffix in (".txt", ".md") for name in LABELLED)
    assert {unit for l in LABELLED.values() for _, unit, _ in l["numbers"]} <= {"percent", "count", "days", "months",
                                                                                "ratio", "pounds"}
    assert {role for l in LABELLED.values() for _, _, role in l["numbers"]} <= ROLE_NODES
    assert {"unit:PERCENT", "unit:CCY_GBP", "unit:UNITLESS"} <= UNIT_NODES


def test_links_accepted_by_default_are_precise_and_complete(proposals):
    right = found = wanted = 0
    for name, label in LABELLED.items():
        got, want = proposed(proposals[name]), expected(label)
        right, found, wanted = right + len(got & want), found + len(got), wanted + len(want)
        if got != want:
            print(f"  {name}: extra {sorted(got - want)}, missed {sorted(want - got)}")
    precision, recall = right / found, right / wanted
    print(f"\nlinks accepted by default: precision {precision:.3f} ({right}/{found}), "
          f"recall {recall:.3f} ({right}/{wanted})")
    assert precision >= 0.95
    assert recall >= 0.9


def test_no_evaluation_is_attached_to_the_wrong_project(proposals):
    wrong, missed = [], []
    for name, label in LABELLED.items():
        attached = (proposals[name]["attach_to"] or {}).get("node")
        if attached and attached != label.get("attach_to"):
            wrong.append((name, attached))
        if label.get("attach_to") and attached != label["attach_to"]:
            missed.append((name, label["attach_to"]))
        assert ((proposals[name]["already_in_graph"] or {}).get("node")) == label.get("already"), name
    attachable = sum(1 for l in LABELLED.values() if l.get("attach_to"))
    print(f"\nattachments: {attachable - len(missed)}/{attachable} found, {len(wrong)} wrong {wrong}; missed {missed}")
    assert wrong == []


def test_most_stated_numbers_are_drafted_with_the_right_unit_and_role(proposals):
    right = total = 0
    for name, label in LABELLED.items():
        drafted = drafted_numbers(proposals[name])
        wanted = {(float(n), unit, role) for n, unit, role in label["numbers"]}
        right, total = right + len(drafted & wanted), total + len(wanted)
        if wanted - drafted:
            print(f"  {name}: missed {sorted(wanted - drafted)}; drafted {sorted(drafted)}")
    share = right / total
    print(f"\nnumbers drafted with the right unit and role: {share:.3f} ({right}/{total})")
    assert share >= 0.8
