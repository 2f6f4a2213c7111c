"""Derive what the curated data must never state by hand: each finding's evidence level.

The rules are SPARQL CONSTRUCT queries in ontology/rules/ (an analyst can read and edit the
table in evidence-level.rq). They run on the reasoned graph, and what they construct joins
the kept inferences, so it is in out/inferred.*, the store and every query. A data file that
asserts a derived property itself is refused with its file, line and node: a level typed by
hand would hide the reasons the rules give.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from .. import paths
from ..errors import ValidationFailed
from ..namespaces import CSC
from ..queryfile import read_query_file
from ..triples import Triple, from_ntriples

#: Properties only the rules may state, as N-Triples terms.
DERIVED_PROPERTIES = (f"<{CSC.evidenceLevel}>", f"<{CSC.levelReason}>")


def rule_files() -> list[Path]:
    """The rule queries, in a stable order (their text is part of the reasoning cache key)."""
    return sorted(paths.RULES_DIR.glob("*.rq"))


def derived_triples(store: ox.Store) -> list[Triple]:
    """What every rule constructs from the reasoned graph held in ``store``."""
    triples: set[Triple] = set()
    for path in rule_files():
        constructed = store.query(read_query_file(path).text)
        text = ox.serialize(constructed, format=ox.RdfFormat.N_TRIPLES)
        triples.update(from_ntriples(text))
    return sorted(triples)


def typed_by_hand(asserted: list[Triple], data_dir: Path = paths.DATA_DIR) -> list[str]:
    """One problem line per data-file line that states a derived property itself."""
    if not any(p in DERIVED_PROPERTIES for _, p, _ in asserted):
        return []
    names = {term: f"csc:{term[len(str(CSC)) + 1:-1]}" for term in DERIVED_PROPERTIES}
    problems = []
    for path in paths.data_files(data_dir):
        node = None
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if line[:1] not in ("", " ", "\t", "#", "@") and not line.startswith("PREFIX"):
                node = line.split()[0]
            for term, short in names.items():
                if short in line or term in line:
                    problems.append(f"{_relative(path)}:{number}: {node or 'a node'}: {short} is derived by the "
                                    f"build from csc:comparison and csc:statisticalTest "
                                    f"(ontology/rules/); remove it and record those instead")
    return problems


def _relative(path: Path) -> Path:
    try:
        return path.relative_to(paths.ROOT)
    except ValueError:
        return path


def derive(asserted: list[Triple], reasoned: ox.Store, data_dir: Path = paths.DATA_DIR) -> list[Triple]:
    """The derived triples; raises ValidationFailed if the data states any of them by hand."""
    problems = typed_by_hand(asserted, data_dir)
    if problems:
        raise ValidationFailed(problems)
    return derived_triples(reasoned)
