"""Which node an analyst means: every name in the graph (labels, alternative and hidden labels)
with its node's kind, matched exactly or ranked by how close it is to what was typed.

The command line (a --param value that matches nothing) and the workbench (suggestions as you
type, from the server's /suggest) both ask this index, so the two offer the same names in the
same order. Ranking uses rapidfuzz: the best of a whole-name match, a match of what was typed
against the start of a name or one of its words (``signs`` finds Signs of Safety), and an edit
distance that counts a swap of two letters as one edit (``FCG`` finds FGC, an abbreviation of
Family Group Conferencing).
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz
from rapidfuzz.distance import OSA
from rdflib import URIRef

from ..kinds import BY_CLASS, BY_SCHEME, NAMES, kind_from
from ..namespaces import PREFIXES

_NAME_PROPERTIES = {
    "http://www.w3.org/2000/01/rdf-schema#label": "label",
    "http://www.w3.org/2004/02/skos/core#prefLabel": "label",
    "http://www.w3.org/2004/02/skos/core#altLabel": "alternative",
    "http://www.w3.org/2004/02/skos/core#hiddenLabel": "hidden",
}
_RDF_TYPE = str(PREFIXES["rdf"]) + "type"
_IN_SCHEME = str(PREFIXES["skos"]) + "inScheme"

#: Every name, and (a second query) what makes each node of a kind: only the classes and
#: schemes that do, so that the inferred superclasses of each node do not multiply the rows.
NAMES_QUERY = f"""SELECT ?node ?name ?property WHERE {{
  VALUES ?property {{ {' '.join(f'<{p}>' for p in _NAME_PROPERTIES)} }}
  ?node ?property ?name . FILTER (isIRI(?node)) }}"""
MARKERS_QUERY = f"""SELECT ?node ?marker WHERE {{
  {{ VALUES ?marker {{ {' '.join(f'<{c}>' for _, c in BY_CLASS)} }} ?node <{_RDF_TYPE}> ?marker }}
  UNION {{ VALUES ?marker {{ {' '.join(f'<{s}>' for _, s in BY_SCHEME)} }} ?node <{_IN_SCHEME}> ?marker }} }}"""

#: Suggestions below this score (0-100) are not worth showing.
CUTOFF = 65.0


@dataclass(frozen=True)
class Name:
    """One name of one node: the text, whether it is the node's label, and the node's label and kind."""

    node: URIRef
    text: str
    how: str          # 'label', 'alternative' or 'hidden'
    label: str
    kind: str | None


@dataclass(frozen=True)
class Suggestion:
    node: URIRef
    label: str
    kind: str | None
    matched: str      # the name that matched what was typed (the label, or an abbreviation)
    score: float

    def describe(self) -> str:
        also = f", matched '{self.matched}'" if self.matched != self.label else ""
        kind = NAMES.get(self.kind, "node")
        return f"{self.label} ({kind.lower()}{also})"


def _fold(text: str) -> str:
    return " ".join(text.lower().split())


def score(typed: str, name: str) -> float:
    """How close ``name`` is to what was ``typed``, 0-100 (both already folded)."""
    if not typed or not name:
        return 0.0
    if typed == name:
        return 100.0
    best = fuzz.ratio(typed, name)
    words = name.replace("-", " ").replace("(", " ").split()
    if name.startswith(typed) or any(word.startswith(typed) for word in words):
        best = max(best, 90.0 - min(20.0, (len(name) - len(typed)) / 4))
    elif len(typed) >= 5 and len(name) > len(typed):
        best = max(best, 0.9 * fuzz.partial_ratio(typed, name))
    if len(typed) <= 8 and len(name) <= 8:  # abbreviations: one swap or one wrong letter is one edit
        best = max(best, 100.0 * OSA.normalized_similarity(typed, name) + 5.0)
    return min(best, 99.0)


class NameIndex:
    """Every name in a graph, from one query to any store."""

    def __init__(self, names: list[Name]):
        self.names = names
        self.by_node: dict[URIRef, list[Name]] = {}
        for name in names:
            self.by_node.setdefault(name.node, []).append(name)

    @classmethod
    def from_store(cls, store) -> "NameIndex":
        markers: dict[URIRef, set] = {}
        for node, marker in store.query(MARKERS_QUERY).rows:
            markers.setdefault(node, set()).add(marker)
        texts: dict[URIRef, list[tuple[str, str]]] = {}
        for node, text, prop in store.query(NAMES_QUERY).rows:
            entry = (str(text), _NAME_PROPERTIES[str(prop)])
            if entry not in texts.setdefault(node, []):
                texts[node].append(entry)
        names = []
        for node in sorted(texts):
            found = markers.get(node, set())
            kind = kind_from(found, found)
            entries = sorted(texts[node], key=lambda e: (e[1] != "label", e[0]))
            label = entries[0][0]
            names += [Name(node, text, how, label, kind) for text, how in entries]
        return cls(names)

    def kind_of(self, node: URIRef) -> str | None:
        names = self.by_node.get(node)
        return names[0].kind if names else None

    def label_of(self, node: URIRef) -> str | None:
        names = self.by_node.get(node)
        return names[0].label if names else None

    def knows(self, node: URIRef) -> bool:
        return node in self.by_node

    def exact(self, typed: str, kinds: tuple[str, ...] = ()) -> list[URIRef]:
        """The nodes (of one of ``kinds``, or any) with a name equal to ``typed``, case aside."""
        folded = _fold(typed)
        return sorted({n.node for n in self.names if _fold(n.text) == folded and (not kinds or n.kind in kinds)})

    def suggest(self, typed: str, kinds: tuple[str, ...] = (), limit: int = 8,
                cutoff: float = CUTOFF) -> list[Suggestion]:
        """The nodes whose names come closest to ``typed``, best first, one entry per node."""
        folded = _fold(typed)
        best: dict[URIRef, Suggestion] = {}
        for name in self.names:
            if kinds and name.kind not in kinds:
                continue
            value = score(folded, _fold(name.text))
            if value >= cutoff and (name.node not in best or value > best[name.node].score):
                best[name.node] = Suggestion(name.node, name.label, name.kind, name.text, value)
        ranked = sorted(best.values(), key=lambda s: (-s.score, s.label.lower(), str(s.node)))
        return ranked[:limit]
