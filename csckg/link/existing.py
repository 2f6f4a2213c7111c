"""Whether a new text is about something the graph already has.

Two questions, asked before anything new is proposed:

* Is the *evaluation* already there? Its report number (a DfE research or evaluation report
  number), its title, or its stated authors and year are those of a report an existing
  evaluation references, or of a document the linker added for one. Then nothing new is proposed.
* Does it evaluate a *project* already there? The title names the project (by any of its
  names), or the text names the same local authorities, a model the project used and words
  like its aim. Then the new evaluation is attached to that project. A project with the same
  name that ran in none of the authorities the text names is a different project: it is not
  merged, and the proposal says why.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rdflib import RDF
from rdflib.namespace import DCTERMS, PROV, RDFS

from ..names import curie
from ..namespaces import CSC, expand
from .gazetteer import Gazetteer
from .similar import most_similar

#: words in a title or a text's opening that say the work is a new phase of an earlier project
_NEW_PHASE = re.compile(r"\b(?:(?:second|third|next|new|further)\s+(?:phase|wave|stage)|phase\s+(?:two|three|2|3)|"
                        r"wave\s+(?:two|three|2|3)|follow-on|scal(?:e|ed|ing)\s+up|scaling|extend\w*|"
                        r"new\s+(?:authorities|councils|areas)|further\s+(?:authorities|councils))\b", re.I)
#: how much of a text's opening is read for those words
OPENING = 400
#: the least score (csckg.link.similar) at which authorities, a model and the aim attach an evaluation
#: to a project, unless the text names all of several authorities that project ran in
MATCH_BY_CONTENT = 0.3


def normal(text: str) -> str:
    text = text.lower().replace("&", "and").replace("’", "'")
    return " ".join(re.findall(r"[a-z0-9]+", text.replace("'", "")))


@dataclass(frozen=True)
class Found:
    """An existing node the text is about, and why the linker thinks so."""

    node: str
    label: str
    reason: str

    def as_dict(self) -> dict:
        return {"node": self.node, "label": self.label, "reason": self.reason}


def _label(gazetteer: Gazetteer, node) -> str:
    entry = gazetteer.get(node)
    return entry.label if entry else str(next(gazetteer.graph.objects(node, RDFS.label), node))


def _reports(g, evaluation) -> list:
    """The reports an evaluation stands on: the works it references, and the documents it was
    drawn from that the linker added (an evaluation applied from a summary of its report)."""
    works = list(g.objects(evaluation, DCTERMS.references))
    for derivation in g.objects(evaluation, PROV.qualifiedDerivation):
        works += [d for d in g.objects(derivation, PROV.entity) if (d, DCTERMS.dateSubmitted, None) in g]
    return works


def existing_evaluation(titles: list[str], authors: list[str], year: str | None,
                        gazetteer: Gazetteer, report_number: str | None = None) -> Found | None:
    """The evaluation already in the graph that this text reports, if any: the same report number,
    the same title, or the same authors and year as a report it stands on."""
    g = gazetteer.graph
    wanted = {normal(t) for t in titles if t}
    wanted |= {normal(f"Evaluation of {t}") for t in titles if t}
    surnames = {normal(a).split()[-1] for a in authors if normal(a)}
    number = normal(report_number or "")
    for evaluation in sorted(g.subjects(RDF.type, CSC.Evaluation), key=str):
        names = set()  # not its label: "Evaluation of <project>" is the graph's convention, not a report's title
        for work in _reports(g, evaluation):
            numbers = {normal(str(i)) for i in g.objects(work, DCTERMS.identifier)}
            if number and number in numbers:
                return Found(_curie(gazetteer, evaluation), _label(gazetteer, evaluation),
                             f"the same report number ('{report_number}') as a report it stands on")
            names |= {normal(str(t)) for t in g.objects(work, DCTERMS.title)}
            creators = {normal(str(c)).split()[0] for c in g.objects(work, DCTERMS.creator) if normal(str(c))}
            creators |= {normal(str(c)).split()[-1] for c in g.objects(work, DCTERMS.creator) if normal(str(c))}
            issued = {str(d)[:4] for p in (DCTERMS.issued, DCTERMS.date) for d in g.objects(work, p)}
            if surnames and year and surnames <= creators and year in issued:
                return Found(_curie(gazetteer, evaluation), _label(gazetteer, evaluation),
                             f"the same authors ({', '.join(sorted(authors))}) and year ({year}) as a report it references")
        same = wanted & names
        if same:
            return Found(_curie(gazetteer, evaluation), _label(gazetteer, evaluation),
                         f"the same title ('{sorted(same)[0]}')")
    return None


def _curie(gazetteer: Gazetteer, node) -> str:
    entry = gazetteer.get(node)
    return entry.curie if entry is not None else curie(node)


def project_evaluated(title: str, authorities: set[str], models: set[str], text: str, gazetteer: Gazetteer,
                      built_on: set[str] = frozenset()) -> tuple[Found | None, list[str], set[str]]:
    """(the existing project the text evaluates, or None; warnings for the analyst; the projects
    that only share its name).

    A project the text says it built on (``built_on``) is earlier work, never the one evaluated.
    """
    g = gazetteer.graph
    warnings: list[str] = []
    different: set[str] = set()
    heading = normal(title)
    new_phase = bool(_NEW_PHASE.search(title) or _NEW_PHASE.search(text[:OPENING]))
    for entry in gazetteer.of_kind("project"):
        if entry.curie in built_on:
            continue
        names = [n for n in entry.names if len(normal(n)) >= 6]
        named = next((n for n in names if re.search(rf"(?:^| ){re.escape(normal(n))}(?: |$)", heading)), None)
        if named is None:
            continue
        theirs = {_curie(gazetteer, a) for a in g.objects(entry.node, CSC.localAuthority)}
        if new_phase:
            warnings.append(f"the title names {entry.curie} ('{named}') but reads as a new phase of it: proposed "
                            "as a new project that builds on it; set attach_to if it is the same project")
            continue
        if authorities and theirs and not authorities & theirs:
            different.add(entry.curie)
            warnings.append(f"{entry.curie} has the same name ('{named}') but ran in "
                            f"{', '.join(sorted(theirs))}, which the text does not name: proposed as a new "
                            "project, not merged; set attach_to if it is the same project")
            continue
        return Found(entry.curie, entry.label, f"the title names it ('{named}')"), warnings, different
    if authorities and models and not new_phase:
        features = {expand(m) for m in models}
        for similar in most_similar(gazetteer, "project", features, text):
            node = _curie(gazetteer, similar.node)
            theirs = {_curie(gazetteer, a) for a in g.objects(similar.node, CSC.localAuthority)}
            used = {_curie(gazetteer, m) for m in g.objects(similar.node, CSC.usesModel)}
            every_site = theirs == authorities and len(theirs) >= 2
            if node in built_on or not theirs or not theirs <= authorities or not used & models:
                continue
            if every_site or similar.score >= MATCH_BY_CONTENT:
                return Found(node, similar.label,
                             f"the text names the authorities it ran in ({', '.join(sorted(theirs))}), a model it used "
                             f"({', '.join(sorted(used & models))}) and words of its aim ({similar.reason})"), warnings, different
    return None, warnings, different

