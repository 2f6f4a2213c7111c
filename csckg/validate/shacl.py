"""SHACL validation as SPARQL queries on an Oxigraph store, with pyshacl as the reference.

Why: pyshacl validates an rdflib graph node by node in Python, and it is the slowest stage of
the build at scale (141 s at 100,000 triples). The shapes in ontology/shapes.ttl use a small
part of SHACL, and each of their constraints is one SPARQL SELECT (a join with FILTER NOT
EXISTS, or a GROUP BY with HAVING) that Oxigraph answers on millions of triples.

pyshacl stays the reference: ``reference_violations`` runs it with the options the build has
always used, and tests/test_validate_shacl.py requires both to give the same results, on the
shipped data and on broken data.

What is compiled, on a shape that has targets (others are never validated on their own):

* targets: sh:targetClass (SHACL instances: ``rdf:type/rdfs:subClassOf*``) and
  sh:targetObjectsOf;
* property shapes (sh:property) whose sh:path is a single IRI, with sh:minCount, sh:maxCount,
  sh:class, sh:datatype (xsd:string, xsd:integer or xsd:decimal), sh:languageIn and
  sh:minInclusive (an integer or decimal);
* sh:or on a node shape, whose members are property shapes with only sh:path and sh:minCount 1;
* sh:message (one, required on every shape that can report: pyshacl's own wording for a
  shape without one is not reproduced), sh:deactivated, sh:severity sh:Violation, and the
  annotations sh:name, sh:description, sh:order and sh:group.

Anything else raises UnsupportedShapes, naming the shape and the construct: validate such
shapes with pyshacl instead.

Literals in results are compared as Oxigraph stores them: a value written 2.0 in the data is
reported as "2"^^xsd:decimal by both functions.

One known difference: rdflib accepts "NaN" and "INF" as xsd:decimal values, so pyshacl
passes them against sh:datatype xsd:decimal; they are not decimals in XML Schema, and
Oxigraph (so this module) reports them.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox
from pyshacl import validate as pyshacl_validate
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, XSD
from rdflib.term import Node

from ..store.oxigraph import from_oxigraph, to_oxigraph

SH = Namespace("http://www.w3.org/ns/shacl#")

#: SHACL instances of a class, as pyshacl finds them for sh:targetClass and sh:class.
INSTANCE_OF = f"<{RDF.type}>/<{RDFS.subClassOf}>*"

#: sh:datatype values compiled, with the SPARQL test that ``?value`` is a well-formed literal
#: of that type (an ill-typed literal such as "abc"^^xsd:integer keeps its datatype in
#: Oxigraph but is not numeric). In Oxigraph, as in RDF 1.1, a plain string is an xsd:string.
DATATYPE_TESTS = {
    XSD.string: f"datatype(?value) = <{XSD.string}>",
    XSD.integer: f"datatype(?value) = <{XSD.integer}> && isNumeric(?value)",
    XSD.decimal: f"datatype(?value) = <{XSD.decimal}> && isNumeric(?value)",
}

#: Predicates that do not change the results, allowed on any shape.
ANNOTATIONS = {SH.name, SH.description, SH.order, SH.group, SH.message, SH.deactivated, SH.severity}
NODE_SHAPE_TERMS = ANNOTATIONS | {SH.targetClass, SH.targetObjectsOf, SH.property, SH["or"]}
PROPERTY_SHAPE_TERMS = ANNOTATIONS | {SH.path, SH.minCount, SH.maxCount, SH["class"], SH.datatype,
                                      SH.languageIn, SH.minInclusive}
OR_MEMBER_TERMS = {SH.path, SH.minCount}
TARGETS = (SH.targetClass, SH.targetNode, SH.targetObjectsOf, SH.targetSubjectsOf, SH.target)


@dataclass(frozen=True)
class Violation:
    """One validation result, reduced to what an analyst reads."""

    focus: Node
    path: URIRef | None  # sh:resultPath; None for a node-level constraint such as sh:or
    value: Node | None  # sh:value, when the result has one
    message: str  # the shape's sh:message (pyshacl's sh:resultMessage)


class UnsupportedShapes(Exception):
    """A shape uses SHACL that is not compiled to SPARQL here."""

    def __init__(self, shape: str, construct: str):
        super().__init__(f"{shape}: {construct} is not compiled to SPARQL (csckg/validate/shacl.py); "
                         "validate with pyshacl instead")
        self.shape = shape
        self.construct = construct


@dataclass(frozen=True)
class CompiledConstraint:
    """One constraint as a SPARQL SELECT of ``?focus`` and, when results have one, ``?value``."""

    shape: str  # the shape it comes from, for people
    component: str  # the constraint, e.g. "sh:minCount 1"
    path: URIRef | None
    message: str
    query: str


def reference_violations(graph: Graph, shapes: Graph) -> set[Violation]:
    """pyshacl's results, with the options the build has always used (see validate/problems.py)."""
    _, report, _ = pyshacl_validate(graph, shacl_graph=shapes, inference="none",
                                    advanced=True, allow_warnings=True)
    return {
        Violation(focus=_as_oxigraph_keeps_it(report.value(result, SH.focusNode)),
                  path=report.value(result, SH.resultPath),
                  value=_as_oxigraph_keeps_it(report.value(result, SH.value)),
                  message=str(report.value(result, SH.resultMessage)))
        for result in report.subjects(RDF.type, SH.ValidationResult)
    }


def _as_oxigraph_keeps_it(term: Node | None) -> Node | None:
    """A literal as Oxigraph stores it, so that pyshacl's results compare equal to the store's:
    each value in its canonical form (2.0 is "2"^^xsd:decimal, a language tag is lower case) and
    "x"^^xsd:string the plain "x", the same term in RDF 1.1."""
    if not isinstance(term, Literal):
        return term
    answer = ox.Store().query("SELECT ?value WHERE {}", substitutions={ox.Variable("value"): to_oxigraph(term)})
    return from_oxigraph(next(iter(answer))["value"])


def store_violations(store: ox.Store, shapes: Graph) -> set[Violation]:
    """Run the compiled shapes on the store's default graph (the reasoned data)."""
    violations = set()
    for constraint in compile_shapes(shapes):
        for row in store.query(constraint.query):
            violations.add(Violation(focus=from_oxigraph(row["focus"]), path=constraint.path,
                                     value=from_oxigraph(row["value"]), message=constraint.message))
    return violations


def compile_shapes(shapes: Graph) -> list[CompiledConstraint]:
    """One SPARQL SELECT per constraint of every active shape with targets.

    Raises:
        UnsupportedShapes: for anything outside the subset in the module docstring.
    """
    compiled = []
    for shape in _node_shapes(shapes):
        if _deactivated(shapes, shape):
            continue
        name = _name(shapes, shape)
        _check_terms(shapes, shape, name, NODE_SHAPE_TERMS, {SH.NodeShape})
        focus = _focus_nodes(shapes, shape, name)
        if focus is None:  # pyshacl checks it only where another shape refers to it (not compiled)
            continue
        compiled += _node_constraints(shapes, shape, name, focus)
        for prop in shapes.objects(shape, SH.property):
            compiled += _property_constraints(shapes, prop, name, focus)
    return compiled


def _node_shapes(shapes: Graph) -> list[Node]:
    """In a stable order: every shape with a target declaration, every node typed
    sh:NodeShape, and every class that uses a SHACL term (a shape whose targets are the
    class's instances, refused by _check_terms)."""
    found = {s for target in TARGETS for s in shapes.subjects(target, None)}
    found |= set(shapes.subjects(RDF.type, SH.NodeShape))
    found |= {c for c in shapes.subjects(RDF.type, RDFS.Class)
              if any(str(p).startswith(str(SH)) for p in shapes.predicates(c))}
    return sorted(found)


def _name(shapes: Graph, node: Node) -> str:
    return node.n3(shapes.namespace_manager)


def _deactivated(shapes: Graph, shape: Node) -> bool:
    value = shapes.value(shape, SH.deactivated)
    return isinstance(value, Literal) and bool(value.value)


def _check_terms(shapes: Graph, shape: Node, name: str, allowed: set, types: set) -> None:
    """Refuse a shape that uses a SHACL term outside ``allowed`` or has a type outside ``types``.

    Predicates outside the SHACL namespace (rdfs:label, say) do not affect validation.
    """
    for predicate, value in shapes.predicate_objects(shape):
        if predicate == RDF.type and value not in types:
            raise UnsupportedShapes(name, f"rdf:type {_name(shapes, value)}")
        if str(predicate).startswith(str(SH)) and predicate not in allowed:
            raise UnsupportedShapes(name, _name(shapes, predicate))
    severity = shapes.value(shape, SH.severity)
    if severity is not None and severity != SH.Violation:
        raise UnsupportedShapes(name, f"sh:severity {_name(shapes, severity)}")


def _one(shapes: Graph, shape: Node, predicate: URIRef, name: str) -> Node | None:
    """The value of a parameter that takes at most one."""
    values = list(shapes.objects(shape, predicate))
    if len(values) > 1:
        raise UnsupportedShapes(name, f"more than one {_name(shapes, predicate)}")
    return values[0] if values else None


def _message(shapes: Graph, shape: Node, name: str) -> str:
    message = _one(shapes, shape, SH.message, name)
    if message is None:
        raise UnsupportedShapes(name, "a shape with no sh:message (pyshacl would write its own)")
    return str(message)


def _count(shapes: Graph, shape: Node, predicate: URIRef, name: str) -> int | None:
    value = _one(shapes, shape, predicate, name)
    if value is None:
        return None
    if not (isinstance(value, Literal) and isinstance(value.value, int)):
        raise UnsupportedShapes(name, f"{_name(shapes, predicate)} {_name(shapes, value)}")
    return value.value


def _iri(shapes: Graph, predicate: URIRef, value: Node | None, name: str) -> str:
    """``<iri>`` for SPARQL; a blank node here is a complex path or an unnamed class."""
    if value is None:
        raise UnsupportedShapes(name, f"a property shape with no {_name(shapes, predicate)}")
    if not isinstance(value, URIRef):
        raise UnsupportedShapes(name, f"{_name(shapes, predicate)} with a value that is not an IRI "
                                      f"(such as a complex path)")
    return f"<{value}>"


def _focus_nodes(shapes: Graph, shape: Node, name: str) -> str | None:
    """A subquery giving the shape's focus nodes once each, as ``?focus``; None without targets."""
    patterns = [f"{{ ?focus {INSTANCE_OF} {_iri(shapes, SH.targetClass, cls, name)} }}"
                for cls in sorted(shapes.objects(shape, SH.targetClass))]
    patterns += [f"{{ [] {_iri(shapes, SH.targetObjectsOf, p, name)} ?focus }}"
                 for p in sorted(shapes.objects(shape, SH.targetObjectsOf))]
    if not patterns:
        return None
    return "{ SELECT DISTINCT ?focus WHERE { " + " UNION ".join(patterns) + " } }"


def _node_constraints(shapes: Graph, shape: Node, name: str, focus: str) -> list[CompiledConstraint]:
    """sh:or: a focus node that has a value for none of the members' paths. As in pyshacl,
    the result has no path and the focus node as its value."""
    compiled = []
    for or_list in shapes.objects(shape, SH["or"]):
        paths = [_or_member_path(shapes, member, name) for member in Collection(shapes, or_list)]
        absent = " ".join(f"FILTER NOT EXISTS {{ ?focus {p} [] }}" for p in paths)
        query = f"SELECT ?focus ?value WHERE {{ {focus} {absent} BIND(?focus AS ?value) }}"
        compiled.append(CompiledConstraint(name, "sh:or", None, _message(shapes, shape, name), query))
    return compiled


def _or_member_path(shapes: Graph, member: Node, owner: str) -> str:
    name = f"{owner} sh:or member {_name(shapes, member)}"
    _check_terms(shapes, member, name, OR_MEMBER_TERMS, {SH.PropertyShape})
    if _count(shapes, member, SH.minCount, name) != 1:
        raise UnsupportedShapes(name, "an sh:or member other than [ sh:path <iri> ; sh:minCount 1 ]")
    return _iri(shapes, SH.path, _one(shapes, member, SH.path, name), name)


def _property_constraints(shapes: Graph, prop: Node, owner: str, focus: str) -> list[CompiledConstraint]:
    """One query per constraint of the property shape ``prop`` on the focus nodes of its owner."""
    if _deactivated(shapes, prop):
        return []
    path = _one(shapes, prop, SH.path, owner)
    name = _property_name(shapes, prop, path, owner)
    _check_terms(shapes, prop, name, PROPERTY_SHAPE_TERMS, {SH.PropertyShape})
    values = f"?focus {_iri(shapes, SH.path, path, name)} ?value"
    queries = [*_cardinality(shapes, prop, name, focus, values), *_value_tests(shapes, prop, name, focus, values)]
    if not queries:
        return []
    message = _message(shapes, prop, name)
    return [CompiledConstraint(name, component, path, message, query) for component, query in queries]


def _property_name(shapes: Graph, prop: Node, path: Node | None, owner: str) -> str:
    """'shape:Concept sh:property [ sh:path skos:inScheme ]' (a named property shape by its name)."""
    if isinstance(prop, URIRef):
        return f"{_name(shapes, prop)} (sh:property of {owner})"
    shown = _name(shapes, path) if isinstance(path, URIRef) else "[ ... ]"
    return f"{owner} sh:property [ sh:path {shown} ]"


def _cardinality(shapes: Graph, prop: Node, name: str, focus: str, values: str) -> list[tuple[str, str]]:
    """sh:minCount and sh:maxCount, as (component, query): results without a value."""
    queries = []
    low = _count(shapes, prop, SH.minCount, name)
    if low == 1:  # the common case, without a GROUP BY
        queries.append(("sh:minCount 1", f"SELECT ?focus WHERE {{ {focus} FILTER NOT EXISTS {{ {values} }} }}"))
    elif low is not None and low > 1:
        queries.append((f"sh:minCount {low}", f"SELECT ?focus WHERE {{ {focus} OPTIONAL {{ {values} }} }} "
                                              f"GROUP BY ?focus HAVING (COUNT(?value) < {low})"))
    high = _count(shapes, prop, SH.maxCount, name)
    if high is not None:
        queries.append((f"sh:maxCount {high}", f"SELECT ?focus WHERE {{ {focus} {values} }} "
                                               f"GROUP BY ?focus HAVING (COUNT(?value) > {high})"))
    return queries


def _value_tests(shapes: Graph, prop: Node, name: str, focus: str, values: str) -> list[tuple[str, str]]:
    """sh:class, sh:datatype, sh:languageIn and sh:minInclusive, as (component, query): one
    result per value that fails, with the value."""
    tests = []
    for cls in sorted(shapes.objects(prop, SH["class"])):
        instance = f"?value {INSTANCE_OF} {_iri(shapes, SH['class'], cls, name)}"
        tests.append((f"sh:class {_name(shapes, cls)}", f"FILTER NOT EXISTS {{ {instance} }}"))
    datatype = _one(shapes, prop, SH.datatype, name)
    if datatype is not None:
        if datatype not in DATATYPE_TESTS:
            raise UnsupportedShapes(name, f"sh:datatype {_name(shapes, datatype)}")
        tests.append((f"sh:datatype {_name(shapes, datatype)}", _fails(DATATYPE_TESTS[datatype])))
    languages = _one(shapes, prop, SH.languageIn, name)
    if languages is not None:
        tests.append(("sh:languageIn", _fails(_language_test(shapes, languages, name))))
    minimum = _one(shapes, prop, SH.minInclusive, name)
    if minimum is not None:
        if not (isinstance(minimum, Literal) and minimum.datatype in (XSD.integer, XSD.decimal)):
            raise UnsupportedShapes(name, f"sh:minInclusive {_name(shapes, minimum)} (only numbers are compiled)")
        tests.append((f"sh:minInclusive {minimum}", _fails(f"?value >= {minimum.n3()}")))
    return [(component, f"SELECT ?focus ?value WHERE {{ {focus} {values} {condition} }}")
            for component, condition in tests]


def _fails(test: str) -> str:
    """A FILTER keeping the values for which the SPARQL expression ``test`` is not true. An
    error (lang() of an IRI, say) counts as not true, as a failed check does in pyshacl."""
    return f"FILTER (!COALESCE({test}, false))"


def _language_test(shapes: Graph, languages: Node, name: str) -> str:
    """pyshacl's sh:languageIn: a language-tagged literal whose whole tag, or its first subtag,
    is in the list, ignoring case ("*" allows any tag)."""
    wanted = [str(tag).lower() for tag in Collection(shapes, languages)]
    if not all(wanted):
        raise UnsupportedShapes(name, "an empty tag in sh:languageIn")
    if "*" in wanted:
        return 'lang(?value) != ""'
    listed = ", ".join(Literal(tag).n3() for tag in wanted)
    return (f'lang(?value) != "" && (LCASE(lang(?value)) IN ({listed}) '
            f'|| LCASE(STRBEFORE(lang(?value), "-")) IN ({listed}))')
