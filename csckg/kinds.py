"""The kinds of node in the graph, declared once: which class or concept scheme makes a node of
each kind, and the kind's name for people.

The map draws some kinds (visualise/view.py) and the linker links to others
(csckg/link/gazetteer.py); both ask ``kind_of``. A kind's key is what the command line and the
linker's proposal files call it (``build.py map --kinds authority,model``).
"""

from __future__ import annotations

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SKOS

from .namespaces import CSC, PREFIXES

SCHEME = PREFIXES["scheme"]

#: kind -> its name for people
NAMES = {
    "project": "Project",
    "authority": "Local authority",
    "organisation": "Organisation",
    "programme": "Programme",
    "model": "Practice model",
    "element": "Practice element",
    "design": "Study design",
    "method": "Method",
    "domain": "Outcome domain",
    "direction": "Direction of effect",
    "comparison": "Comparison behind a finding",
    "test": "Statistical test result",
    "level": "Evidence level",
    "value-role": "Value role",
    "role": "Organisational role",
    "evaluation": "Evaluation",
    "finding": "Finding",
    "recommendation": "Recommendation or lesson",
    "source": "Source document",
}

#: (kind, class), tried in this order: a node is of the kind of the first class it has (a local
#: authority is also an organisation). A subclass is listed too where the asserted graph,
#: which has no inferred types, must be read (the linker reads it).
BY_CLASS = [
    ("authority", CSC.LocalAuthority),
    ("organisation", CSC.Organisation),
    ("organisation", CSC.GovernmentDepartment),
    ("project", CSC.Initiative),
    ("project", CSC.Project),
    ("programme", CSC.Programme),
    ("evaluation", CSC.Evaluation),
    ("finding", CSC.Finding),
    ("recommendation", CSC.Recommendation),
    ("recommendation", CSC.Lesson),
    ("source", CSC.SourceDocument),
]

#: (kind, concept scheme): a concept is of the kind of its scheme.
BY_SCHEME = [
    ("model", SCHEME["practice-models"]),
    ("element", SCHEME["practice-elements"]),
    ("design", SCHEME["study-designs"]),
    ("method", SCHEME["methods"]),
    ("domain", SCHEME["outcome-domains"]),
    ("direction", SCHEME["directions"]),
    ("comparison", SCHEME["comparisons"]),
    ("test", SCHEME["statistical-tests"]),
    ("level", SCHEME["evidence-levels"]),
    ("value-role", SCHEME["value-roles"]),
    ("role", SCHEME["roles"]),
]


def kind_of(graph: Graph, node) -> str | None:
    """The node's kind, or None for a node of no kind (a value, a sample, a blank node)."""
    if not isinstance(node, URIRef):
        return None
    return kind_from(set(graph.objects(node, RDF.type)), set(graph.objects(node, SKOS.inScheme)))


def kind_from(types: set, schemes: set) -> str | None:
    """The kind that a node's classes (``types``) and concept schemes give it, or None."""
    for kind, cls in BY_CLASS:
        if cls in types:
            return kind
    for kind, scheme in BY_SCHEME:
        if scheme in schemes:
            return kind
    return None


def classes_of(kinds) -> list[URIRef]:
    """The classes that make a node of one of ``kinds``."""
    return [cls for kind, cls in BY_CLASS if kind in kinds]


def schemes_of(kinds) -> list[URIRef]:
    """The concept schemes whose concepts are of one of ``kinds``."""
    return [scheme for kind, scheme in BY_SCHEME if kind in kinds]
