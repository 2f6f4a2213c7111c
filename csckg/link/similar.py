"""The existing models and projects most like a new evaluation, and why.

Two signals, each between 0 and 1: the share of practice models and elements in common
(Jaccard, counting a model's own elements as well), and the likeness of the words
(TF-IDF cosine over labels, aims and definitions). The score is their weighted sum, and the
reason names the shared models and elements and the words that weighed most.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

from rdflib import URIRef
from rdflib.namespace import RDFS, SKOS

from ..namespaces import CSC
from .gazetteer import Gazetteer

FEATURE_WEIGHT = 0.6
TEXT_WEIGHT = 0.4
_STOP = set("""a about after all also an and any are as at be been both but by can could did do
does each for from had has have how in into is it its more most new not of on or other our out
over same so some such than that the their them then there these they this those through to
under up use used using was we were what when where which while who will with within would you
your project projects model models evaluation evaluations children social care work families
family practice""".split())


@dataclass(frozen=True)
class Similar:
    node: URIRef
    label: str
    score: float
    reason: str


def words(text: str) -> list[str]:
    return [w for w in re.findall(r"[a-z][a-z\-']+", text.lower()) if w not in _STOP and len(w) > 2]


def _tfidf(documents: dict[URIRef, list[str]]) -> dict[URIRef, dict[str, float]]:
    count = len(documents)
    frequency = Counter(w for ws in documents.values() for w in set(ws))
    vectors = {}
    for node, ws in documents.items():
        tf = Counter(ws)
        vector = {w: (n / len(ws)) * math.log((1 + count) / (1 + frequency[w])) for w, n in tf.items()} if ws else {}
        norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
        vectors[node] = {w: v / norm for w, v in vector.items()}
    return vectors


def _texts(gazetteer: Gazetteer, node) -> str:
    g = gazetteer.graph
    parts = [str(o) for p in (RDFS.label, SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel, SKOS.definition, CSC.aim)
             for o in g.objects(node, p)]
    return " ".join(parts)


def _features(gazetteer: Gazetteer, node, models_property) -> set[URIRef]:
    g = gazetteer.graph
    models = set(g.objects(node, models_property)) if models_property else set()
    elements = set(g.objects(node, CSC.usesElement))
    for model in models:
        elements |= set(g.objects(model, CSC.usesElement))
    return models | elements


def _name_list(gazetteer: Gazetteer, nodes) -> str:
    names = sorted(gazetteer.get(n).label if gazetteer.get(n) else str(n) for n in nodes)
    return ", ".join(names)


def most_similar(gazetteer: Gazetteer, kind: str, features: set[URIRef], text: str,
                 exclude: set[URIRef] = frozenset(), top: int = 3) -> list[Similar]:
    """The ``top`` existing nodes of ``kind`` ('model' or 'project') most like the new evaluation."""
    g = gazetteer.graph
    own = set(features)
    for model in list(features):
        own |= set(g.objects(model, CSC.usesElement))
    candidates = [e for e in gazetteer.of_kind(kind) if e.node not in exclude]
    documents = {e.node: words(_texts(gazetteer, e.node)) for e in candidates}
    documents[URIRef("urn:new")] = words(text)
    vectors = _tfidf(documents)
    new_vector = vectors[URIRef("urn:new")]
    results = []
    for entry in candidates:
        theirs = _features(gazetteer, entry.node, CSC.usesModel if kind == "project" else None)
        if kind == "model":
            theirs |= {entry.node}
        shared = own & theirs
        jaccard = len(shared) / len(own | theirs) if own | theirs else 0.0
        vector = vectors[entry.node]
        products = {w: new_vector[w] * vector[w] for w in new_vector.keys() & vector.keys()}
        cosine = sum(products.values())
        score = FEATURE_WEIGHT * jaccard + TEXT_WEIGHT * cosine
        if score <= 0:
            continue
        reasons = []
        if shared:
            reasons.append(f"shares {_name_list(gazetteer, shared)}")
        top_words = [w for w, _ in sorted(products.items(), key=lambda kv: -kv[1])[:4]]
        if top_words:
            reasons.append(f"similar wording ({', '.join(top_words)})")
        results.append(Similar(entry.node, entry.label, round(score, 3), "; ".join(reasons)))
    return sorted(results, key=lambda s: (-s.score, str(s.node)))[:top]
