"""The graph as a networkx view: which nodes are drawn, which edges join them, what each says.

A view is an undirected ``networkx.Graph`` whose nodes are IRIs (strings) of nine kinds
(``KINDS``). Its edges are the asserted links between drawn nodes, plus the inferences worth
seeing (``SHOWN_INFERENCES``): never the raw closure. Concept schemes, values, samples,
derivations and cited works are not drawn; a node's numbers, sample, strength, direction and
sources are folded into its attributes, for tooltips:

    kind         one of KINDS
    label        its English label
    facts        [(name, text), ...]: literal facts, concept values, numbers and samples
    sources      [(source label, section), ...]: where the facts came from
    level        a finding's derived evidence level (label), its rank, and its direction
    models       IRIs of the practice models it bears on (for the model filter)
    authorities  IRIs of the local authorities it bears on (for the authority filter)
    names        its alternative and hidden names (skos:altLabel, skos:hiddenLabel), for search

Each edge has ``relation`` (the property's label), ``source``/``target`` (the direction in
which the triple reads) and ``readings``: for each property joining the two, (the node that
states it, its label, the label of its owl:inverseOf in the ontology or "" when there is none),
so that a link can be worded in its true direction from either end.
"""

from __future__ import annotations

from decimal import Decimal

import networkx as nx
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS, SKOS

from csckg.kinds import NAMES, kind_of as node_kind
from csckg.names import label as rdf_label
from csckg.namespaces import CSC, QUDT

#: The kinds of node drawn (see csckg/kinds.py), in legend order, with their names for people.
KINDS = {kind: NAMES[kind] for kind in ("project", "authority", "organisation", "model", "element",
                                        "evaluation", "finding", "recommendation", "source")}

#: Inferred properties drawn as edges (everything else drawn is asserted).
SHOWN_INFERENCES = (PROV.wasDerivedFrom, CSC.evaluatorOf, CSC.attributedTo)

#: Properties never drawn and never listed as facts: typing, naming, scheme bookkeeping.
#: (Alternative labels are shown as "also called"; hidden labels, names no source uses, are
#: not shown at all.)
NOT_FACTS = {
    RDF.type, RDFS.label, SKOS.prefLabel, SKOS.inScheme, SKOS.topConceptOf, OWL.sameAs,
    PROV.qualifiedDerivation, PROV.wasDerivedFrom, SKOS.altLabel, SKOS.hiddenLabel,
}

#: The node attribute that grades a finding's evidence, and the one that ranks its grades
#: (see ``evidence_levels``): the map's evidence filter is driven by these alone.
LEVEL_ATTRIBUTE, LEVEL_RANK = "level", "rank"

UNIT_SYMBOLS = {"CCY_GBP": ("£", ""), "PERCENT": ("", "%"), "NUM": ("", ""), "UNITLESS": ("", ""),
                "MO": ("", " months"), "DAY": ("", " days")}

MAX_TEXT = 400


def kind_of(graph: Graph, node) -> str | None:
    """The kind of a node, or None when it is not drawn."""
    kind = node_kind(graph, node)
    return kind if kind in KINDS else None


def drawn_nodes(graph: Graph) -> dict[URIRef, str]:
    """Every node that is drawn, with its kind."""
    candidates = set(graph.subjects(RDF.type, None)) | set(graph.subjects(SKOS.inScheme, None))
    kinds = {node: kind_of(graph, node) for node in candidates}
    return {node: kind for node, kind in kinds.items() if kind}


def number(value) -> str:
    """A number as the source wrote it: 755 not 755.0, but 18.20 kept."""
    if isinstance(value, Decimal) and value == value.to_integral_value() and "." in str(value):
        head, _, tail = str(value).partition(".")
        return head if set(tail) <= {"0"} else str(value)
    return str(value)


def describe_value(graph: Graph, value) -> str:
    """'nearly £755 (estimate): saving per family' for a csc:Value node."""
    amount = next(graph.objects(value, QUDT.numericValue), None)
    unit = next(graph.objects(value, QUDT.unit), None)
    unit_key = str(unit).rsplit("/", 1)[-1] if unit is not None else ""
    before, after = UNIT_SYMBOLS.get(unit_key, ("", " " + (rdf_label(graph, unit) or unit_key)))
    text = f"{before}{number(amount.toPython()) if amount is not None else '?'}{after}"
    qualifier = next(graph.objects(value, CSC.qualifier), None)
    if qualifier is not None:
        text = f"{qualifier} {text}"
    role = next(graph.objects(value, CSC.valueRole), None)
    if role is not None:
        text += f" ({rdf_label(graph, role) or role})"
    measure = next(graph.objects(value, CSC.measure), None)
    return f"{text}: {measure}" if measure is not None else text


def describe_sample(graph: Graph, sample) -> str:
    size = next(graph.objects(sample, CSC.size), "?")
    unit = next(graph.objects(sample, CSC.sampledUnit), "")
    return f"{size} {unit}".strip()


def shorten(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_TEXT else text[:MAX_TEXT - 1] + "…"


def facts_of(graph: Graph, node, drawn) -> list[tuple[str, str]]:
    """The node's facts for people: literals, concept labels, numbers and samples."""
    facts = []
    for prop, obj in graph.predicate_objects(node):
        if prop in NOT_FACTS or obj in drawn or prop.startswith(str(OWL)):
            continue
        name = rdf_label(graph, prop) or str(prop).rsplit("#", 1)[-1].rsplit("/", 1)[-1]
        if isinstance(obj, Literal):
            facts.append((name, shorten(str(obj))))
        elif isinstance(obj, URIRef) and rdf_label(graph, obj):
            facts.append((name, rdf_label(graph, obj)))
        elif isinstance(obj, BNode) and (obj, QUDT.numericValue, None) in graph:
            facts.append((name, describe_value(graph, obj)))
        elif isinstance(obj, BNode) and (obj, CSC.size, None) in graph:
            facts.append((name, describe_sample(graph, obj)))
    also = sorted(str(alt) for alt in graph.objects(node, SKOS.altLabel))
    if also:
        facts.append(("also called", shorten(", ".join(also))))
    return sorted(set(facts))


def sources_of(graph: Graph, node) -> list[tuple[str, str]]:
    """(source, section) for each qualified derivation of the node and of its values."""
    holders = [node, *(v for p in (CSC.keyFigure, CSC.funding, CSC.hasValue) for v in graph.objects(node, p))]
    found = set()
    for holder in holders:
        for derivation in graph.objects(holder, PROV.qualifiedDerivation):
            for entity in graph.objects(derivation, PROV.entity):
                section = next(graph.objects(derivation, CSC.section), "")
                found.add((rdf_label(graph, entity) or str(entity), str(section)))
    return sorted(found)


def other_names(graph: Graph, node) -> list[str]:
    """Every alternative and hidden name of a node, as a search box should match them."""
    return sorted({str(n) for p in (SKOS.altLabel, SKOS.hiddenLabel) for n in graph.objects(node, p)})


def evidence_levels(view: nx.Graph) -> list[str]:
    """The grades of evidence the view's nodes carry (``LEVEL_ATTRIBUTE``), strongest first."""
    ranks = {d[LEVEL_ATTRIBUTE]: d.get(LEVEL_RANK, 0) for _, d in view.nodes(data=True) if d.get(LEVEL_ATTRIBUTE)}
    return sorted(ranks, key=lambda level: (-ranks[level], level))


def _inverses(graph: Graph) -> dict:
    pairs = {}
    for p, q in graph.subject_objects(OWL.inverseOf):
        pairs[p], pairs[q] = q, p
    return pairs


def _scope(graph: Graph, view: nx.Graph) -> None:
    """Fill each node's ``models`` and ``authorities``: what the filters select it by."""
    initiatives_of = {
        "project": lambda n: {n},
        "evaluation": lambda n: set(graph.objects(n, CSC.evaluationOf)),
        "finding": lambda n: set(graph.objects(n, CSC.aboutInitiative)),
        "authority": lambda n: set(graph.objects(n, CSC.hostedInitiative)),
        "organisation": lambda n: set(graph.objects(n, CSC.involvedIn)) | set(graph.objects(n, CSC.evaluatorOf)),
        "model": lambda n: set(graph.subjects(CSC.usesModelOrBroader, n)),
        "element": lambda n: set(graph.objects(n, CSC.elementUsedBy)),
        "recommendation": lambda n: {i for s in graph.objects(n, CSC.supportedBy)
                                     for i in ({s} | set(graph.objects(s, CSC.aboutInitiative))
                                               | set(graph.objects(s, CSC.evaluationOf)))},
    }
    direct_models = {
        "model": lambda n: {n},
        "finding": lambda n: set(graph.objects(n, CSC.relatesToModel)),
        "recommendation": lambda n: set(graph.objects(n, CSC.concernsModel)),
        "element": lambda n: set(graph.subjects(CSC.usesElement, n)),  # models and projects: kept if models
    }
    is_model = {n for n, d in view.nodes(data=True) if d["kind"] == "model"}
    for node, data in view.nodes(data=True):
        kind = data["kind"]
        initiatives = {URIRef(i) for i in initiatives_of.get(kind, lambda n: set())(URIRef(node))}
        models = set(direct_models.get(kind, lambda n: set())(URIRef(node)))
        authorities = {URIRef(node)} if kind == "authority" else set()
        for initiative in initiatives:
            models |= set(graph.objects(initiative, CSC.usesModel))
            authorities |= set(graph.objects(initiative, CSC.localAuthority))
        data["models"] = sorted(str(m) for m in models if str(m) in is_model)
        data["authorities"] = sorted(str(a) for a in authorities if str(a) in view)
    for node, data in view.nodes(data=True):
        if data["kind"] == "source":  # a source bears on whatever it is the source of
            data["models"] = sorted({m for n in view[node] for m in view.nodes[n]["models"]})
            data["authorities"] = sorted({a for n in view[node] for a in view.nodes[n]["authorities"]})


def _readings(graph: Graph, inverse: dict, prop) -> tuple[str, str]:
    """(the property's label, its inverse's label or ""): a link read from either end."""
    back = inverse.get(prop)
    return rdf_label(graph, prop) or str(prop), (rdf_label(graph, back) or "") if back is not None else ""


def build_view(asserted: Graph, combined: Graph) -> nx.Graph:
    """The drawn view of a graph: ``asserted`` facts plus ``SHOWN_INFERENCES`` from ``combined``."""
    drawn = drawn_nodes(combined)
    view = nx.Graph()
    for node, kind in sorted(drawn.items()):
        attributes = {"kind": kind, "label": rdf_label(combined, node) or str(node),
                      "facts": facts_of(asserted, node, drawn), "sources": sources_of(asserted, node),
                      "names": other_names(combined, node)}
        if kind == "finding":
            level = next(combined.objects(node, CSC.evidenceLevel), None)
            direction = next(combined.objects(node, CSC.direction), None)
            attributes[LEVEL_ATTRIBUTE] = rdf_label(combined, level) if level is not None else ""
            attributes[LEVEL_RANK] = int(next(combined.objects(level, CSC.rank), 0)) if level is not None else 0
            attributes["direction"] = rdf_label(combined, direction) if direction is not None else ""
            why = next(combined.objects(node, CSC.levelReason), None)
            if level is not None:
                attributes["facts"] = sorted({*attributes["facts"], ("evidence level", f"{attributes[LEVEL_ATTRIBUTE]} ({why})"),
                                              *(("attributed to", rdf_label(combined, c)) for c in combined.objects(node, CSC.attributedTo))})
        view.add_node(str(node), **attributes)
    inverse = _inverses(combined)
    links = [(s, p, o) for s, p, o in asserted if s in drawn and o in drawn and p not in NOT_FACTS]
    links += [(s, p, o) for p in SHOWN_INFERENCES for s, o in combined.subject_objects(p)
              if s in drawn and o in drawn]
    for s, p, o in sorted(links):
        if s == o:
            continue
        reading = (str(s), *_readings(combined, inverse, p))
        if view.has_edge(str(s), str(o)):
            edge = view.edges[str(s), str(o)]
            if edge["source"] == str(o) and inverse.get(p) == edge["property"]:
                continue  # the same link, stated both ways
            if reading[1] not in edge["relation"].split(" / "):
                edge["relation"] += " / " + reading[1]
                edge["readings"].append(reading)
            continue
        view.add_edge(str(s), str(o), relation=reading[1], readings=[reading], property=p,
                      source=str(s), target=str(o))
    for _, _, data in view.edges(data=True):
        data["property"] = str(data["property"])
    _scope(combined, view)
    return view
