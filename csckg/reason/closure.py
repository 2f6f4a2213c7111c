"""OWL 2 RL reasoning, keeping only the inferences worth showing.

An OWL 2 RL closure mixes three kinds of triple: the entailments we want (types from the
class hierarchy, inverse properties, property chains, SKOS transitivity, rdfs:label from
skos:prefLabel), noise (a reflexive owl:sameAs for every term, rdfs:Resource and owl:Thing
types, axioms about RDF's own vocabulary, literals used as subjects) and clashes such as a
node that belongs to two disjoint classes. ``reason`` keeps the first kind, drops the second
and raises on the third.

Three engines compute the closure:

- ``compiled`` (reason/compiled.py): the ontology's axioms compiled into look-up tables and
  applied to N-Triples strings; the fastest by far, for the axioms this ontology uses;
- ``owlrl``: pure Python, the reference every other engine is tested against;
- ``reasonable`` (Rust, completed in reason/reasonable_engine.py).

``auto`` (the default) uses ``compiled`` whenever the ontology stays within its axioms, else
reasonable from AUTO_THRESHOLD triples and owlrl below. tests/test_reason_engines.py proves
that compiled and reasonable keep exactly owlrl's inferences on the seed graph.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import owlrl
import pyoxigraph as ox
from owlrl.Namespaces import ERRNS
from rdflib import Graph
from rdflib.namespace import RDF as RDF_NS

from ..errors import CsckgError, ValidationFailed
from ..triples import Triple, from_rdflib, to_ntriples, to_rdflib
from .compiled import Schema, compiled_closure, disjoint_clashes, unsupported
from .reasonable_engine import reasonable_closure
from .vocabulary import CLASS, PROPERTY_KINDS, SAME_AS, TYPE

@dataclass
class Closure:
    """The asserted triples and the inferences kept from reasoning (N-Triples strings)."""

    asserted: list[Triple]
    inferred: list[Triple]
    _made: dict = field(default_factory=dict, repr=False, compare=False)

    @property
    def combined(self) -> list[Triple]:
        return self.asserted + self.inferred

    def ntriples(self, which: str) -> bytes:
        """The 'asserted', 'inferred' or 'combined' (reasoned) triples as sorted N-Triples, made
        once and shared by the in-memory store, out/ and the Oxigraph store on disk."""
        if which not in self._made:
            triples = {"asserted": self.asserted, "inferred": self.inferred, "combined": self.combined}[which]
            self._made[which] = to_ntriples(triples).encode("utf-8")
        return self._made[which]

    def store(self) -> ox.Store:
        """An in-memory Oxigraph store whose default graph is the reasoned graph (made once)."""
        if "store" not in self._made:
            store = ox.Store()
            store.load(self.ntriples("combined"), format=ox.RdfFormat.N_TRIPLES)
            self._made["store"] = store
        return self._made["store"]

    def add_inferred(self, triples: list[Triple]) -> None:
        """Add triples derived after reasoning (csckg/reason/derive.py) to the kept inferences, and to
        the in-memory store if it was made; the N-Triples made so far are made again."""
        self.inferred.extend(triples)
        if "store" in self._made and triples:
            text = "".join(f"{s} {p} {o} .\n" for s, p, o in triples)
            self._made["store"].load(text.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
        for which in ("asserted", "inferred", "combined"):
            self._made.pop(which, None)

    def graphs(self) -> tuple[Graph, Graph]:
        """(asserted, reasoned) as rdflib graphs: for small graphs only (the map, the linker)."""
        return to_rdflib(self.asserted), to_rdflib(self.combined)


def declared_terms(triples: list[Triple]) -> tuple[set[str], set[str]]:
    """The classes and properties the ontology declares (core, imports and schemes)."""
    classes, properties = set(), set()
    for s, p, o in triples:
        if p == TYPE and s[0] == "<":
            if o == CLASS:
                classes.add(s)
            elif o in PROPERTY_KINDS:
                properties.add(s)
    return classes, properties


def is_kept(triple: Triple, classes: set[str], properties: set[str]) -> bool:
    """Whether an inferred triple is one we chose to keep."""
    s, p, o = triple
    if s[0] == '"' or p == SAME_AS:
        return False
    if p == TYPE:
        return o in classes
    return p in properties


def _clash_messages(graph: Graph) -> list[str]:
    """The messages of the error nodes owlrl writes for inconsistencies."""
    return sorted(str(m) for node in graph.subjects(RDF_NS.type, ERRNS.ErrorMessage)
                  for m in graph.objects(node, ERRNS.error))


def owlrl_closure(asserted: list[Triple]) -> tuple[set, list[str]]:
    """(the closure, clash messages) computed by owlrl."""
    expanded = to_rdflib(asserted)
    owlrl.DeductiveClosure(
        owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False
    ).expand(expanded)
    return set(from_rdflib(expanded)), _clash_messages(expanded)


def reasonable_engine(asserted: list[Triple]) -> tuple[set, list[str]]:
    """(the closure, clash messages) computed by reasonable; the clashes are found as the
    compiled engine finds them, since reasonable does not report any."""
    graph = Graph()
    for triple in reasonable_closure(to_rdflib(asserted)):
        graph.add(triple)
    closure = set(from_rdflib(graph))
    return closure, disjoint_clashes(closure, Schema(asserted))


def compiled_engine(asserted: list[Triple]) -> tuple[set, list[str]]:
    outside = unsupported(asserted)
    if outside:
        raise CsckgError(f"the compiled reasoner does not apply {', '.join(outside)}, which the "
                         f"ontology uses; build with --reasoner owlrl or --reasoner reasonable")
    return compiled_closure(asserted)


ENGINES = {"compiled": compiled_engine, "owlrl": owlrl_closure, "reasonable": reasonable_engine}
AUTO_THRESHOLD = 10_000


def engine_for(choice: str, asserted: list[Triple]) -> str:
    """The engine ``--reasoner`` names; ``auto`` picks compiled when the ontology allows it,
    else by the number of asserted triples."""
    if choice == "auto":
        if not unsupported(asserted):
            return "compiled"
        return "reasonable" if len(asserted) >= AUTO_THRESHOLD else "owlrl"
    if choice not in ENGINES:
        raise CsckgError(f"--reasoner takes {', '.join(ENGINES)} or auto, not '{choice}'")
    return choice


def reason(asserted: list[Triple], engine: str = "compiled") -> Closure:
    """Compute the OWL 2 RL closure of ``asserted`` with ``engine`` and return the kept inferences.

    Raises:
        ValidationFailed: when the reasoner finds a clash (for example, disjoint classes).
    """
    closure, clashes = ENGINES[engine](asserted)
    if clashes:
        raise ValidationFailed([f"reasoner clash: {m}" for m in clashes])
    classes, properties = declared_terms(asserted)
    stated = set(asserted)
    inferred = [t for t in closure if t not in stated and is_kept(t, classes, properties)]
    return Closure(asserted=asserted, inferred=inferred)
