"""OWL 2 RL closure with the ontology's axioms compiled into lookup tables (the ``compiled`` engine).

The ontology's schema is small and fixed, while the data grows to millions of triples, so the
schema rules (scm-*) are worked out once, over the schema alone, into two tables:

- for each property, every (property, reversed?) a triple with it also entails, through
  rdfs:subPropertyOf, owl:equivalentProperty, owl:inverseOf and owl:SymmetricProperty, with
  the classes that the domains and ranges of those give the subject and the object;
- for each class, all its superclasses (rdfs:subClassOf, owl:equivalentClass).

The single-triple rules (prp-spo1, prp-eqp, prp-inv, prp-symp, prp-dom, prp-rng, cax-sco,
cax-eqc) then become one dictionary look-up per data triple. The rules that join two triples
(prp-spo2 for owl:propertyChainAxiom, prp-trp for owl:TransitiveProperty) are joined in
Python until nothing new follows; disjointness (cax-dw, cax-adc) is checked at the end.

Terms are N-Triples strings (``<iri>``, ``_:id``, ``"text"@en``): Python hashes and compares
them far faster than rdflib or pyoxigraph term objects, and they are what the build reads
from pyoxigraph's parser and writes to out/*.nt.

This is OWL 2 RL for the axioms this ontology uses, not for every ontology: ``unsupported``
names any axiom outside that set, and then the build uses owlrl or reasonable instead. It
works on N-Triples strings, so the triples never pass through rdflib.
tests/test_reason_engines.py proves that it keeps exactly the inferences owlrl keeps.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import combinations

from ..triples import Triple
from .vocabulary import (CHAIN, DISJOINT, DOMAIN, EQUIVALENT_CLASS, EQUIVALENT_PROPERTY, FIRST, INVERSE, MEMBERS,
                         NIL, OWL, RANGE, REST, SUB_CLASS, SUB_PROPERTY, SYMMETRIC, TRANSITIVE, TYPE, iri)

#: OWL terms whose rules this engine does not apply; an ontology using any of them is reasoned
#: with owlrl or reasonable instead.
UNSUPPORTED = [iri(OWL, n) for n in (
    "sameAs", "differentFrom", "AllDifferent", "FunctionalProperty", "InverseFunctionalProperty",
    "IrreflexiveProperty", "AsymmetricProperty", "propertyDisjointWith", "AllDisjointProperties",
    "hasKey", "someValuesFrom", "allValuesFrom", "hasValue", "intersectionOf", "unionOf",
    "complementOf", "oneOf", "maxCardinality", "maxQualifiedCardinality", "onProperty",
    "sourceIndividual", "Nothing")]

def unsupported(triples) -> list[str]:
    """The OWL terms used in ``triples`` that this engine does not reason with (empty if none)."""
    terms = set(UNSUPPORTED)
    used = {term for triple in triples for term in triple if term in terms}
    return sorted(term[1:-1] for term in used)


def _rdf_list(head, rest: dict, first: dict) -> list:
    items = []
    while head != NIL and head in first:
        items.append(first[head])
        head = rest.get(head, NIL)
    return items


def _reachable(start, edges: dict) -> set:
    """``start`` and everything reachable from it along ``edges``."""
    seen, stack = {start}, [start]
    while stack:
        for nxt in edges.get(stack.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    return seen


class Schema:
    """The axioms of the graph, compiled into the tables the data rules look up."""

    def __init__(self, triples: list[Triple]):
        self.super_classes_of: dict = defaultdict(set)
        self.super_properties_of: dict = defaultdict(set)
        self.inverses_of: dict = defaultdict(set)
        self.domains: dict = defaultdict(set)
        self.ranges: dict = defaultdict(set)
        self.symmetric, self.transitive, disjoint_groups = set(), set(), []
        first, rest, chain_heads, self.disjoint_pairs = {}, {}, [], set()
        for s, p, o in triples:
            if p == SUB_CLASS:
                self.super_classes_of[s].add(o)
            elif p == EQUIVALENT_CLASS:
                self.super_classes_of[s].add(o)
                self.super_classes_of[o].add(s)
            elif p == SUB_PROPERTY:
                self.super_properties_of[s].add(o)
            elif p == EQUIVALENT_PROPERTY:
                self.super_properties_of[s].add(o)
                self.super_properties_of[o].add(s)
            elif p == INVERSE:
                self.inverses_of[s].add(o)
                self.inverses_of[o].add(s)
            elif p == DOMAIN:
                self.domains[s].add(o)
            elif p == RANGE:
                self.ranges[s].add(o)
            elif p == CHAIN:
                chain_heads.append((s, o))
            elif p == DISJOINT:
                self.disjoint_pairs.add((s, o))
            elif p == MEMBERS:
                disjoint_groups.append(o)
            elif p == FIRST:
                first[s] = o
            elif p == REST:
                rest[s] = o
            elif p == TYPE and o == SYMMETRIC:
                self.symmetric.add(s)
            elif p == TYPE and o == TRANSITIVE:
                self.transitive.add(s)
        self.chains = [(prop, _rdf_list(head, rest, first)) for prop, head in chain_heads]
        for group in disjoint_groups:
            self.disjoint_pairs.update(combinations(_rdf_list(group, rest, first), 2))
        self._classes: dict = {}
        self._entailed: dict = {}

    def classes(self, cls) -> frozenset:
        """``cls`` and all its superclasses."""
        if cls not in self._classes:
            self._classes[cls] = frozenset(_reachable(cls, self.super_classes_of))
        return self._classes[cls]

    def entailed(self, prop):
        """What a triple with ``prop`` entails: (forward properties, reversed properties, subject
        classes, object classes)."""
        if prop not in self._entailed:
            self._entailed[prop] = self._compile(prop)
        return self._entailed[prop]

    def _compile(self, prop):
        # A (property, reversed?) pair reaches its super-properties the same way round and its
        # inverses (a symmetric property is its own inverse) the other way round.
        def steps(pair):
            name, flipped = pair
            yield from ((sup, flipped) for sup in self.super_properties_of.get(name, ()))
            yield from ((inv, not flipped) for inv in self.inverses_of.get(name, ()))
            if name in self.symmetric:
                yield name, not flipped

        seen, stack = {(prop, False)}, [(prop, False)]
        while stack:
            for nxt in steps(stack.pop()):
                if nxt not in seen:
                    seen.add(nxt)
                    stack.append(nxt)
        forward = tuple(name for name, flipped in seen if not flipped and name != prop)
        backward = tuple(name for name, flipped in seen if flipped)
        subject_classes, object_classes = set(), set()
        for name, flipped in seen:
            # The domain types the derived triple's subject: the original subject, or the
            # original object when the derived triple runs the other way round.
            for cls in self.domains.get(name, ()):
                (object_classes if flipped else subject_classes).update(self.classes(cls))
            for cls in self.ranges.get(name, ()):
                (subject_classes if flipped else object_classes).update(self.classes(cls))
        return forward, backward, frozenset(subject_classes), frozenset(object_classes)


def _consequences(triples, schema: Schema) -> set:
    """Everything ``triples`` entail one by one (closed under the single-triple rules)."""
    out = set()
    add_all = out.update
    classes, entailed = schema.classes, schema.entailed
    for s, p, o in triples:
        if p == TYPE:
            add_all((s, TYPE, cls) for cls in classes(o))
            continue
        forward, backward, subject_classes, object_classes = entailed(p)
        if forward:
            add_all((s, q, o) for q in forward)
        if subject_classes:
            add_all((s, TYPE, cls) for cls in subject_classes)
        if o[0] != '"':  # a literal is never a subject
            if backward:
                add_all((o, q, s) for q in backward)
            if object_classes:
                add_all((o, TYPE, cls) for cls in object_classes)
    return out


class _JoinIndex:
    """subject -> objects for the properties the join rules follow, kept up to date as triples arrive."""

    def __init__(self, schema: Schema):
        self.schema = schema
        wanted = {link for _, links in schema.chains for link in links} | schema.transitive
        self.by_property: dict = {p: defaultdict(set) for p in wanted}

    def add(self, triples) -> None:
        index = self.by_property
        for s, p, o in triples:
            if p in index:
                index[p][s].add(o)

    def joined(self) -> set:
        """One round of the property-chain and transitivity rules over everything added so far."""
        index, joined = self.by_property, set()
        for prop, links in self.schema.chains:
            reached = {(s, s) for s in index[links[0]]}
            for link in links:
                step = index[link]
                reached = {(start, nxt) for start, node in reached for nxt in step.get(node, ())}
            joined.update((start, prop, end) for start, end in reached)
        for prop in self.schema.transitive:
            edges = index[prop]
            for start in edges:
                joined.update((start, prop, end) for end in _reachable(start, edges) if end != start)
        return joined


def disjoint_clashes(closure: set, schema: Schema) -> list[str]:
    """A message, in owlrl's words, for every node typed with two classes declared disjoint.

    Used for the ``reasonable`` engine's closure too, which does not report clashes itself."""
    if not schema.disjoint_pairs:
        return []
    watched = {cls for pair in schema.disjoint_pairs for cls in pair}
    members = defaultdict(set)
    for s, p, o in closure:
        if p == TYPE and o in watched:
            members[o].add(s)
    return sorted(f"Disjoint classes {a} and {b} have a common individual {node}"
                  for a, b in schema.disjoint_pairs for node in members[a] & members[b])


def compiled_closure(asserted: list[Triple]) -> tuple[set, list[str]]:
    """(every triple of the closure, clash messages) for ``asserted``."""
    schema = Schema(asserted)
    known = set(asserted)
    known |= _consequences(known, schema)
    index = _JoinIndex(schema)
    index.add(known)
    while True:
        new = index.joined() - known
        if not new:
            break
        new |= _consequences(new, schema)
        new -= known
        known |= new
        index.add(new)
    return known, disjoint_clashes(known, schema)
