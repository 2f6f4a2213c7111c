"""The proposal: what a new evaluation links to, and why, in a YAML file the analyst edits.

Each proposed link names an existing node, its kind and label, a score, how it matched, the
exact text that matched and its character span ``[start, end)`` in the input file, and
``accept: true``. Anything the linker did not recognise is listed under ``new:``: applying
creates those nodes. ``similar:`` names the existing models and projects most like the new
evaluation, with the reason; it is advice and is never written to the graph.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from pathlib import Path
from typing import Any

import yaml

from ..files import write_text_atomically
from ..names import curie
from ..namespaces import expand
from .errors import LinkInputError
from .gazetteer import Gazetteer
from .record import Loaded
from .recognise import ACCEPT_SCORE, Mention, authority_core, best_entry, recognise
from .roles import BUILT_ON, organisation_field, role_of
from .evidence import draft_findings, particulars
from .existing import existing_evaluation, project_evaluated
from .similar import most_similar
from .design import study_comparisons
from .authorities import authorities_named

#: a finding's description may not copy this many consecutive words of the text (csckg.link.apply)
COPIED = 12
#: field -> the kinds of node it may link to
FIELD_KINDS: dict[str, tuple[str, ...]] = {
    "programme": ("programme",),
    "lead_organisation": ("organisation", "authority"),
    "partner_organisations": ("organisation", "authority"),
    "funded_by": ("organisation",),
    "local_authorities": ("authority",),
    "evaluator": ("organisation",),
    "builds_on": ("project",),
    "models": ("model",),
    "elements": ("element",),
    "designs": ("design",),
    "methods": ("method",),
    "outcome_domains": ("domain",),
}
#: fields whose unrecognised names become new nodes of this kind (the rest are closed lists)
NEW_KIND = {"lead_organisation": "organisation", "partner_organisations": "organisation",
            "funded_by": "organisation", "local_authorities": "authority",
            "evaluator": "organisation", "models": "model", "elements": "element"}
NEW_PREFIX = {"organisation": "agent", "authority": "agent", "model": "model", "element": "element"}

KIND_FIELD = {"authority": "local_authorities", "model": "models", "element": "elements",
              "design": "designs", "method": "methods", "domain": "outcome_domains",
              "project": "builds_on", "programme": "programme"}

UNITS = {"percent": "unit:PERCENT", "%": "unit:PERCENT", "count": "unit:NUM", "number": "unit:NUM",
         "people": "unit:NUM", "days": "unit:DAY", "day": "unit:DAY", "months": "unit:MO",
         "month": "unit:MO", "ratio": "unit:UNITLESS", "pounds": "unit:CCY_GBP", "gbp": "unit:CCY_GBP",
         "£": "unit:CCY_GBP"}


def slugify(text: str, limit: int = 60) -> str:
    """'Scaling Family Safeguarding – Wave 2' -> 'scaling-family-safeguarding-wave-2'."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"['’]", "", text)
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    if len(slug) > limit:
        slug = slug[:limit].rsplit("-", 1)[0]
    return slug or "evaluation"


def link_entry(mention: Mention, source_text: str | None = None) -> dict[str, Any]:
    entry = mention.entry
    return {"node": entry.curie, "label": entry.label, "kind": entry.kind, "score": round(mention.score, 2),
            "how": mention.how, "matched_text": mention.text, "span": Span([mention.start, mention.end]),
            "accept": mention.accepted}


# --- from a structured record ---------------------------------------------------------------

def _find_span(loaded: Loaded, value: str, where: tuple) -> tuple[int, int]:
    """Where ``value`` occurs in the record's own text: at or after its field's line."""
    line = loaded.line(*where) or 1
    offset = sum(len(l) for l in loaded.text.splitlines(keepends=True)[:line - 1])
    start = loaded.text.find(value, offset)
    if start < 0:
        start = loaded.text.find(value)
    return (start, start + len(value)) if start >= 0 else (-1, -1)


def _resolve_value(value: str, field: str, gazetteer: Gazetteer, loaded: Loaded,
                   where: tuple) -> tuple[dict | None, dict | None]:
    """(link, None), (None, new node) for one name in a record field, or raise for a closed list."""
    value = value.strip()
    start, end = _find_span(loaded, value, where)
    node = expand(value)
    entry = gazetteer.get(node) if node is not None else None
    if entry is not None and entry.kind in FIELD_KINDS[field]:
        return ({"node": entry.curie, "label": entry.label, "kind": entry.kind, "score": 1.0,
                 "how": "named by its IRI", "matched_text": value, "span": Span([start, end]),
                 "accept": True}, None)
    if node is not None:  # an IRI or prefixed name is a claim that the node exists: never a new name
        kinds = " or ".join(FIELD_KINDS[field])
        what = (f"a {entry.kind}, not a {kinds}" if entry is not None else
                f"not a node in the graph (a typo? a new {kinds} is given by its name, not an IRI)")
        raise loaded.fail(f"'{value}' in '{field}' is {what}", *where)
    mention = best_entry(value, gazetteer, FIELD_KINDS[field])
    if mention is not None:
        link = link_entry(mention)
        whole = mention.end - mention.start >= len(re.sub(r"^the\s+", "", value, flags=re.I)) - 1
        if not whole:
            link["score"] = round(mention.score * 0.8, 2)
            link["how"] += f" (part of '{value}')"
            link["accept"] = link["score"] >= ACCEPT_SCORE
        link["matched_text"], link["span"] = value, Span([start, end])
        return link, None
    if field not in NEW_KIND:
        kinds = " or ".join(FIELD_KINDS[field])
        raise loaded.fail(f"'{value}' in '{field}' is not a {kinds} the graph knows "
                          f"(see ontology/schemes/ and graph/data/ for the names)", *where)
    return None, new_node(value, NEW_KIND[field], field, value, (start, end))


def new_node(label: str, kind: str, field: str, matched: str, span: tuple[int, int]) -> dict[str, Any]:
    """A node to create; an authority is labelled by its place ("Luton", not "Luton Borough Council")."""
    if kind == "authority":
        label = authority_core(label)
    return {"new_node": f"{NEW_PREFIX[kind]}:{slugify(label)}", "label": label, "kind": kind, "field": field,
            "matched_text": matched, "span": Span(list(span)), "accept": True}


def _concept(value: str, kind: str, gazetteer: Gazetteer, loaded: Loaded, where: tuple) -> str:
    """A finding's domain, direction, comparison, test or value role: a closed list, by name or IRI."""
    node = expand(value)
    entry = gazetteer.get(node) if node is not None else None
    if entry is None or entry.kind != kind:  # the same name may be another kind's ("interviews")
        wanted = re.sub(r"[\s_]+", " ", value.strip().lower())
        entry = next((e for e in gazetteer.of_kind(kind)
                      if wanted in {re.sub(r"[\s\-_]+", " ", n.lower()) for n in e.names}
                      or wanted == e.node.split("/")[-1].replace("-", " ")
                      or wanted in {re.split(r"[,:]", n.lower())[0] for n in e.names}), None)
    if entry is None or entry.kind != kind:
        choices = ", ".join(sorted(e.label for e in gazetteer.of_kind(kind)))
        raise loaded.fail(f"'{value}' is not a {kind} the graph knows (one of: {choices})", *where)
    return entry.curie


def _unit(value: str, loaded: Loaded, where: tuple) -> str:
    unit = UNITS.get(value.strip().lower()) or (value if value.startswith("unit:") else None)
    if unit is None:
        raise loaded.fail(f"unknown unit '{value}' (use one of: {', '.join(sorted(UNITS))})", *where)
    return unit


def _finding(finding: dict, i: int, gazetteer: Gazetteer, loaded: Loaded) -> dict[str, Any]:
    where = ("findings", i)
    out = {
        "label": finding.get("label") or finding["measure"],
        "description": finding["description"].strip(),
        "measure": finding["measure"].strip(),
        "outcome_domain": _concept(finding["outcome_domain"], "domain", gazetteer, loaded, (*where, "outcome_domain")),
        "direction": _concept(finding["direction"], "direction", gazetteer, loaded, (*where, "direction")),
        "comparison": _concept(finding["comparison"], "comparison", gazetteer, loaded, (*where, "comparison")),
        "test": _concept(finding["test"], "test", gazetteer, loaded, (*where, "test")),
    }
    if finding.get("hedge"):
        out["hedge"] = str(finding["hedge"]).strip()
    values = []
    for j, value in enumerate(finding.get("values") or []):
        item = {"number": value["number"], "unit": _unit(str(value["unit"]), loaded, (*where, "values", j))}
        if value.get("role"):
            item["role"] = _concept(str(value["role"]), "value-role", gazetteer, loaded, (*where, "values", j))
        if value.get("qualifier"):
            item["qualifier"] = value["qualifier"]
        values.append(item)
    if values:
        out["values"] = values
    if finding.get("sample"):
        out["sample"] = {"size": finding["sample"]["size"], "counts": finding["sample"]["counts"]}
    names = finding.get("attributed_to") or []
    names = [names] if isinstance(names, str) else names
    nodes = []
    for name in names:
        mention = best_entry(name, gazetteer, ("model", "element"))
        if mention is None:
            raise loaded.fail(f"finding {i + 1}: '{name}' is not a practice model or element the graph knows",
                              *where, "attributed_to")
        nodes.append(mention.entry.curie)
    if nodes:
        out["attributed_to"] = nodes
    for key in ("cost_basis", "qualifier"):
        if finding.get(key):
            out[key] = finding[key]
    return out


def from_record(loaded: Loaded, gazetteer: Gazetteer) -> dict[str, Any]:
    data = loaded.data
    links: dict[str, list] = {field: [] for field in FIELD_KINDS}
    new: list[dict] = []
    sources = [(f, data.get(f)) for f in FIELD_KINDS if f not in ("designs", "methods", "outcome_domains")]
    sources += [("designs", data["evaluation"].get("designs")), ("methods", data["evaluation"].get("methods"))]
    for field, value in sources:
        values = [value] if isinstance(value, str) else (value or [])
        for i, name in enumerate(values):
            where = (field, i) if isinstance(value, list) else (field,)
            if field in ("designs", "methods"):
                where = ("evaluation", *where)
            link, created = _resolve_value(name, field, gazetteer, loaded, where)
            if link and link["node"] not in {l["node"] for l in links[field]}:
                links[field].append(link)
            if created:
                new.append(created)
    evaluation = data["evaluation"]
    source = data["source"]
    title = data["title"].strip()
    proposal = {
        "title": title,
        "slug": data.get("slug") or slugify(title),
        "kind": "project" if data.get("programme") else "initiative",
        "aim": (data.get("aim") or "").strip() or None,
        "start_date": _date(data.get("start_date")),
        "end_date": _date(data.get("end_date")),
        "number_of_local_authorities": data.get("number_of_local_authorities"),
        "evaluation": {
            "label": f"Evaluation of {title}",
            "summary": (evaluation.get("summary") or "").strip() or None,
            "published": _date(evaluation.get("published")),
            "samples": [{"size": s["size"], "counts": s["counts"]} for s in evaluation.get("samples") or []],
        },
        "source": {
            "title": source.get("title") or title,
            "publisher": source["publisher"],
            "date": _date(source.get("date")) or _date(evaluation.get("published")),
            "file_name": loaded.path.name,
            "section": source.get("section") or "Whole record",
        },
        "links": links,
        "new": new,
        "findings": [_finding(f, i, gazetteer, loaded) for i, f in enumerate(data.get("findings") or [])],
    }
    words = " ".join(filter(None, [title, proposal["aim"], proposal["evaluation"]["summary"],
                                   *[f["description"] for f in proposal["findings"]]]))
    return _finish(proposal, loaded, gazetteer, words)


def _date(value) -> str | None:
    return None if value is None else str(value)


# --- from plain text ------------------------------------------------------------------------

_TITLE_NOISE = [re.compile(p, re.I) for p in (
    r"^#+\s*", r"^(?:an?\s+)?evaluation\s+(?:summary|report)?\s*[:–—-]\s*", r"^(?:the\s+)?evaluation\s+of\s+(?:the\s+)?",
    r"\s*[:–—-]\s*(?:an?\s+)?(?:evaluation|final)(?:\s+(?:summary|report))+\s*$", r"\s+evaluation\s+(?:summary|report)\s*$",
    r"^evaluation\s+registry\s+entry\s*[:–—-]\s*")]
_AIM = re.compile(r"\b(?:aim(?:s|ed)?|set out to|sought to|intended to|purpose|objective)\b", re.I)
#: a capitalised word as names are written: "Barnardo's", "Barnardos", "Action-for-Children"
_CAP = r"[A-Z][\w'’&\-]*"
#: a name of capitalised words on one line ("of", "for", "and", "the" allowed inside it)
_NAME = rf"{_CAP}(?:[ \t]+(?:(?:of|for|and|the|&|in|on)[ \t]+)*{_CAP})*"
_COUNCIL = re.compile(
    rf"\b(?:(?:London|Royal)[ \t]+Borough[ \t]+of[ \t]+(?P<a>{_CAP}(?:[ \t]+(?:and|upon|on)[ \t]+{_CAP}|[ \t]+{_CAP})*)"
    rf"|(?P<b>{_CAP}(?:[ \t]+{_CAP}){{0,2}})[ \t]+(?:(?:County|City|Metropolitan[ \t]+Borough|Borough|District)[ \t]+)?Council)\b")
#: the words that end (or, with "for" or "of", begin) an organisation's name
_HEADS = r"(?:University|Centre|Center|Trust|Foundation|Institute|Associates|Partnership|Consulting|Network|Society|Ltd|Limited|LLP|CIC|College|Agency|Alliance|Collaborative)"
_ORGANISATION = re.compile(
    rf"\b(University[ \t]+of[ \t]+{_CAP}(?:[ \t]+{_CAP})?"
    rf"|{_HEADS}[ \t]+(?:for|of)[ \t]+{_CAP}(?:[ \t]+(?:(?:of|for|and(?![ \t]+(?:{_CAP}[ \t]+){{0,3}}{_HEADS}\b)|&|in|on)[ \t]+)?{_CAP}){{0,5}}"
    rf"|(?:{_CAP}[ \t]+){{1,4}}{_HEADS}(?![ \t]+(?:for|of)[ \t]+[A-Z]))\b")
#: an organisation named by what it did: "delivered by Barnardo's", "the charity Family Lives"
_ORGANISATION_BY_ROLE = re.compile(
    rf"\b(?:(?:delivered|provided|run|evaluated|funded|supported|led|conducted|undertaken|commissioned|managed)[ \t]+by|"
    rf"carried[ \t]+out[ \t]+by|in[ \t]+partnership[ \t]+with|"
    rf"partnered[ \t]+with|(?:the|a)[ \t]+(?:children's[ \t]+|children’s[ \t]+|national[ \t]+)?charity)"
    rf"[ \t]+(?:the[ \t]+)?(?P<name>{_NAME})")
#: an organisation named as the subject of what it did: "What Works for Children's Social Care is evaluating it"
_ORGANISATION_DOING = re.compile(
    rf"(?P<name>{_CAP}(?:[ \t]+(?:(?:of|for|and|the|&)[ \t]+)*{_CAP})+)[ \t]+(?:(?:is|was|were|are|has|have|will)[ \t]+)?"
    r"(?:evaluat(?:ed|es|ing|e)|deliver(?:ed|s|ing)|fund(?:ed|s|ing)|ran|runs|running|led|leads|commissioned)\b")
_COUNT_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}
_LA_COUNT = re.compile(r"\b(\d+|two|three|four|five|six|seven|eight|nine|ten)\s+(?:local\s+authorities|councils)\b", re.I)
_NOT_NAMES = {"The", "This", "Each", "All", "Our", "Their", "Local", "County", "City", "Borough", "Town", "Parish"}


def _heading(text: str) -> str:
    """The text's first line, as written (the report's own title)."""
    return re.sub(r"^#+\s*", "", next(l.strip() for l in text.splitlines() if l.strip()))


def _title(text: str) -> str:
    line = next(l.strip() for l in text.splitlines() if l.strip())
    for pattern in _TITLE_NOISE:
        line = pattern.sub("", line).strip()
    return line


def _aim(text: str, title_end: int) -> str | None:
    """The first sentence that says what the work aimed at (else the first sentence), headings left out."""
    lines = [l.strip() for l in text[title_end:].splitlines()]
    prose = [l for l in lines if l and not l.startswith("#") and (len(l) > 60 or l.endswith("."))]
    sentences = [s.strip() for l in prose for s in re.split(r"(?<=[.!?])\s+", l) if len(s.strip()) > 30]
    for sentence in sentences:
        if _AIM.search(sentence):
            return " ".join(sentence.split())
    return " ".join(sentences[0].split()) if sentences else None


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without leading words that are not part of a name ("The", "Local", "County").

    A capitalised "The" inside a sentence is part of the name ("delivered by The Fostering
    Network"); at the start of a sentence it is only the article.
    """
    for word in re.finditer(r"\S+", text[start:end]):
        inside_sentence = word.group(0) == "The" and re.search(r"[\w,]\s+$", text[max(0, start + word.start() - 3):start + word.start()])
        if word.group(0) not in _NOT_NAMES or inside_sentence:
            return start + word.start(), end
    return end, end


def _new_from_text(text: str, mentions: list[Mention]) -> list[dict]:
    """Councils, authorities and organisations the text clearly names that the graph does not know.

    Names are taken as written, on one line and in whole words: a name never runs across a
    line break, and its span is exactly the words of the name. Found: a council form ("Luton
    Borough Council"), an English authority on its own (english-authorities.txt), a name with an
    organisation's head ("University of X", "X Trust", "Centre for X"), and a name after or
    before the words of what it did ("evaluated by Coram", "What Works ... is evaluating").
    """
    found = []
    taken = [(m.start, m.end) for m in mentions]

    def free(start, end):
        """Nothing found there yet, but for a known name inside it ("Implementation" in "Centre for
        Evidence and Implementation", "Doncaster" in "Doncaster Children's Services Trust")."""
        return start < end and not any(start < e and s < end and not (start <= s and e <= end and e - s < end - start)
                                       for s, e in taken)

    def untouched(start, end):
        """Nothing found there at all: a name read from the words around it holds no known name."""
        return start < end and not any(start < e and s < end for s, e in taken)

    def add(node: dict, start: int, end: int) -> None:
        role = role_of(text, start, end, node["field"])
        node.update(role=role.role, reason=role.reason or "named in the text; the graph does not know it")
        if role.context_only:
            node["accept"] = False
        found.append(node)
        taken.append((start, end))

    for match in _COUNCIL.finditer(text):
        group = "a" if match.group("a") else "b"
        start, end = _trim(text, match.start(group), match.end()) if group == "b" else (match.start(), match.end())
        if not free(start, end) or start == match.end(group):
            continue
        add(new_node(text[start:end], "authority", "local_authorities", text[start:end], (start, end)), start, end)
    for match in _ORGANISATION.finditer(text):
        start, end = _trim(text, match.start(1), match.end(1))
        if len(text[start:end].split()) < 2 or not free(start, end):
            continue
        field = organisation_field(text, start, end)
        add(new_node(text[start:end], "organisation", field, text[start:end], (start, end)), start, end)
    # after the organisations: 'Sheffield' in 'University of Sheffield' is not the council
    for start, end in authorities_named(text):
        if untouched(start, end):
            add(new_node(text[start:end], "authority", "local_authorities", text[start:end], (start, end)), start, end)
    for pattern in (_ORGANISATION_BY_ROLE, _ORGANISATION_DOING):
        for match in pattern.finditer(text):
            start, end = _trim(text, match.start("name"), match.end("name"))
            if not untouched(start, end) or (pattern is _ORGANISATION_DOING and len(text[start:end].split()) < 2):
                continue
            field = organisation_field(text, start, end)
            add(new_node(text[start:end], "organisation", field, text[start:end], (start, end)), start, end)
    return _once_each(found)


def _once_each(found: list[dict]) -> list[dict]:
    """One proposal per new node: where it is accepted if anywhere, else where it is first named."""
    best: dict[str, dict] = {}
    for node in found:
        kept = best.get(node["new_node"])
        if kept is None or (node["accept"] and not kept["accept"]):
            best[node["new_node"]] = node
    return [node for node in found if best[node["new_node"]] is node]


def from_text(loaded: Loaded, gazetteer: Gazetteer) -> dict[str, Any]:
    text = loaded.text
    mentions = recognise(text, gazetteer)
    new = _new_from_text(text, mentions)
    mentions = [m for m in mentions if not any(n["span"][0] <= m.start and m.end <= n["span"][1] for n in new)]
    links: dict[str, list] = {field: [] for field in FIELD_KINDS}
    projects = [m for m in mentions if m.entry.kind == "project"]
    for mention in mentions:
        kind = mention.entry.kind
        field = KIND_FIELD.get(kind) or organisation_field(text, mention.start, mention.end)
        link = link_entry(mention)
        role = role_of(text, mention.start, mention.end, field)
        link["role"] = role.role
        named_in = next((p for p in projects if kind == "authority" and p.start <= mention.start
                         and mention.end <= p.end), None)
        if role.context_only:
            link["accept"], link["reason"] = False, role.reason
        elif named_in is not None:  # "Leeds" in "adopting Leeds Family Valued": where that project ran
            link["accept"], link["within_project"] = False, named_in.entry.curie
            link["reason"] = (f"named only as part of {named_in.entry.curie} ('{named_in.text}'): where this work "
                              "ran only if it is that project")
        elif not link["accept"]:
            link["reason"] = f"score {link['score']:.2f} is below {ACCEPT_SCORE}: {mention.how}"
        else:
            link["reason"] = role.reason or f"{role.role}: {mention.how}"
        existing = next((l for l in links[field] if l["node"] == mention.entry.curie), None)
        if existing is None:
            links[field].append(link)
        elif (link["accept"], link["score"]) > (existing["accept"], existing["score"]):
            links[field][links[field].index(existing)] = link
    if not any(l["accept"] for ls in links.values() for l in ls) and not new:
        raise LinkInputError(loaded.path, "nothing in the text is recognisable: no practice model, local "
                                          "authority, organisation, project, design or outcome the graph knows")
    title = _title(text)
    title_end = text.find("\n", text.find(next(l for l in text.splitlines() if l.strip())))
    count = None
    if not links["local_authorities"] and not any(n["kind"] == "authority" for n in new):
        match = _LA_COUNT.search(text)
        if match:
            count = int(_COUNT_WORDS.get(match.group(1).lower(), match.group(1)))
    stated = particulars(text)
    comparisons = study_comparisons(text, gazetteer, max(title_end, 0))
    publisher = next((l["label"] for l in links["funded_by"] + links["partner_organisations"]
                      if l["node"] == "agent:dfe"), "not stated in the text")
    publisher = stated["publisher"]["value"] if "publisher" in stated else publisher
    date = stated["date"]["value"] if "date" in stated else None
    proposal = {
        "title": title,
        "slug": slugify(title),
        "kind": "project" if any(l["accept"] for l in links["programme"]) else "initiative",
        "aim": _aim(text, max(title_end, 0)),
        "start_date": stated["start_date"]["value"] if "start_date" in stated else None,
        "end_date": None,
        "number_of_local_authorities": count,
        "attach_to": None,
        "already_in_graph": None,
        "warnings": [],
        "evaluation": {"label": f"Evaluation of {title}", "summary": None, "published": date,
                       "samples": stated.get("samples", []), "comparisons": comparisons},
        "source": {"title": _heading(text), "publisher": publisher, "date": date, "file_name": loaded.path.name,
                   "section": "Whole document",
                   "report_number": stated["report_number"]["identifier"] if "report_number" in stated else None,
                   "authors": stated["authors"]["value"] if "authors" in stated else []},
        "stated": {k: v for k, v in stated.items() if k != "samples"},
        "links": links,
        "new": new,
        "findings": draft_findings(text, gazetteer, max(title_end, 0), comparisons),
    }
    _find_existing(proposal, text, gazetteer)
    return _finish(proposal, loaded, gazetteer, text)


def _find_existing(proposal: dict, text: str, gazetteer: Gazetteer) -> None:
    """Say when the evaluation is already in the graph, or attach it to the project it evaluates."""
    first_line = _heading(text)
    stated = proposal["stated"]
    year = str(stated["date"]["value"])[:4] if "date" in stated else None
    authors = stated["authors"]["value"] if "authors" in stated else []
    number = stated["report_number"]["identifier"] if "report_number" in stated else None
    already = existing_evaluation([proposal["title"], first_line], authors, year, gazetteer, number)
    if already is not None:
        proposal["already_in_graph"] = already.as_dict()
        for link in [l for ls in proposal["links"].values() for l in ls] + proposal["new"] + \
                proposal["evaluation"]["comparisons"]:
            link["accept"], link["reason"] = False, f"the evaluation is already in the graph ({already.node})"
        proposal["findings"] = []
        return
    links = proposal["links"]
    authorities = {l["node"] for l in links["local_authorities"] if l["accept"]}
    authorities |= {n["new_node"] for n in proposal["new"] if n["accept"] and n["kind"] == "authority"}
    models = {l["node"] for l in links["models"] if l["accept"]}
    built_on = {l["node"] for l in links["builds_on"] if l["accept"] and l.get("role") == BUILT_ON}
    project, warnings, different = project_evaluated(proposal["title"], authorities, models, text, gazetteer, built_on)
    proposal["warnings"] = warnings
    for link in links["builds_on"]:
        if link["node"] in different:
            link["accept"], link["reason"] = False, "a different project with the same name (see warnings)"
    for link in links["local_authorities"]:
        if project is not None and link.get("within_project") == project.node:
            link["accept"], link["reason"] = True, f"where it ran: part of the name of {project.node}, the project it evaluates"
        link.pop("within_project", None)
    if project is not None:
        proposal["attach_to"] = project.as_dict()
        proposal["kind"] = "project"
        # The existing project has its "Evaluation of <project>": this one is named as the report is.
        proposal["evaluation"]["label"] = f"{first_line} ({proposal['source']['file_name']})"
        for link in links["builds_on"]:
            if link["node"] == project.node:
                link["accept"], link["reason"] = False, "the project this evaluation is attached to (attach_to)"
    taken = [f"{prefix}:{proposal['slug']}" for prefix in ("project", "evaluation", "src")]
    if any(gazetteer.defined(expand(node)) for node in taken):  # "Family Safeguarding Hertfordshire: summary"
        proposal["slug"] = slugify(Path(proposal["source"]["file_name"]).stem)


def _finish(proposal: dict, loaded: Loaded, gazetteer: Gazetteer, words: str) -> dict:
    links = proposal["links"]
    features = {expand(l["node"]) for f in ("models", "elements") for l in links[f] if l["accept"]}
    linked_models = {expand(l["node"]) for l in links["models"]}
    proposal["similar"] = {
        "models": [_similar(s) for s in most_similar(gazetteer, "model", features, words, exclude=linked_models)],
        "projects": [_similar(s) for s in most_similar(gazetteer, "project", features, words)],
    }
    proposal["source"]["date_added"] = datetime.date.today().isoformat()
    proposal["input"] = str(loaded.path)
    proposal["input_kind"] = loaded.kind
    return proposal


def _similar(similar) -> dict:
    return {"node": curie(similar.node), "label": similar.label, "score": similar.score, "reason": similar.reason}


def slug_for(loaded: Loaded) -> str:
    """The slug the proposal will have: the record's 'slug', else from the title."""
    if loaded.kind == "record":
        return loaded.data.get("slug") or slugify(loaded.data["title"].strip())
    return slugify(_title(loaded.text))


def propose(loaded: Loaded, gazetteer: Gazetteer) -> dict[str, Any]:
    """The proposal for a loaded record or text."""
    return from_record(loaded, gazetteer) if loaded.kind == "record" else from_text(loaded, gazetteer)


# --- the file -------------------------------------------------------------------------------

class Span(list):
    """A [start, end] pair, written on one line."""


def _spans_on_one_line(value):
    """The proposal with every 'span' a Span, so that the file stays readable."""
    if isinstance(value, dict):
        return {k: Span(v) if k == "span" and isinstance(v, list) else _spans_on_one_line(v) for k, v in value.items()}
    if isinstance(value, list) and not isinstance(value, Span):
        return [_spans_on_one_line(v) for v in value]
    return value


class _Dumper(yaml.SafeDumper):
    pass


_Dumper.add_representer(Span, lambda d, v: d.represent_sequence("tag:yaml.org,2002:seq", list(v), flow_style=True))

_SECTIONS = [
    ("input", "The file this proposal was made from."),
    ("input_kind", None),
    ("title", "The new project's name; the evaluation is 'Evaluation of <title>'."),
    ("slug", "Its IRIs and file name: project:<slug>, evaluation:<slug>, graph/data/evaluations/<slug>.ttl."),
    ("kind", "'project' (part of a programme: needs an aim and local authorities) or 'initiative'."),
    ("aim", "What it set out to do. From plain text this is the text's own sentence: rewrite it in your own words."),
    ("start_date", None), ("end_date", None),
    ("number_of_local_authorities", "Only where the authorities are not named."),
    ("attach_to", "The EXISTING project this evaluation evaluates, and why the linker thinks so: the evaluation is\n"
                  "attached to it and no new project is made. Set it to null to make a new project instead."),
    ("already_in_graph", "Set when this evaluation is ALREADY in the graph: applying then refuses, as there is nothing new."),
    ("warnings", "Things to decide: a project with the same name that may be a different one."),
    ("evaluation", "The evaluation: label, summary, publication date and samples (drafted from the text: check them),\n"
                   "and 'comparisons': how the text says it compared (randomised trial, comparison group, before and\n"
                   "after, qualitative views, descriptive counts, costs...), each with its words, span and line. An\n"
                   "accepted comparison with a 'design' adds that study design to the evaluation when applied."),
    ("source", "The source document every new fact cites: this input file, the date it was added, and the\n"
               "report number and authors the text states (so that the same report is recognised next time)."),
    ("stated", "Particulars the text states (report number, date, authors, publisher, funding, start date,\n"
               "periods), each with the words and span it came from. Advice: copy what you need above."),
    ("links", "EXISTING NODES the evaluation links to. Each: node, its label and kind, score (0-1), how it\n"
              "matched, the matched_text and its span [start, end) in the input. Set accept: false to drop\n"
              "a link, or change node: to another existing node (build.py query can list them)."),
    ("new", "NEW NODES: names the graph does not know. Applying CREATES each one with accept: true.\n"
            "If it is really an existing node, delete it here and add a link under 'links' instead."),
    ("findings", "CANDIDATE FINDINGS, one per sentence that states a result, each with the sentence ('text', 'span',\n"
                 "'line') and every number in it as a value. They are accept: false: to accept one, write its\n"
                 "label, measure and description IN YOUR OWN WORDS (applying refuses a description that copies\n"
                 f"{COPIED} or more consecutive words of the text), check domain, direction, comparison and test, and\n"
                 "set accept: true. A value's number must occur in the finding's text. A domain or direction left\n"
                 "null is one the sentence does not state: choose it."),
    ("similar", "Advice, not written: the existing models and projects most like this evaluation, and why."),
]


def render(proposal: dict) -> str:
    lines = ["# Proposal made by 'build.py link'. Edit it, then apply it with:",
             f"#     python3 build.py link --apply-proposal {Path(proposal['input']).name}.proposal.yaml",
             "# Nothing is written to the graph until you apply it.", ""]
    for key, comment in _SECTIONS:
        if comment:
            lines += [f"# {line}" for line in comment.splitlines()]
        dumped = yaml.dump({key: _spans_on_one_line(proposal.get(key))}, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
        lines.append(dumped.rstrip("\n"))
        if comment:
            lines.append("")
    return "\n".join(lines) + "\n"


def write(proposal: dict, path: Path) -> Path:
    write_text_atomically(path, render(proposal))
    return path


def table(proposal: dict) -> str:
    """The proposal as a readable table for the terminal."""
    rows = [("field", "node", "score", "matched text", "span", "accept", "role")]
    for field, links in proposal["links"].items():
        for link in links:
            rows.append((field, link["node"], f"{link['score']:.2f}", link["matched_text"],
                         f"{link['span'][0]}-{link['span'][1]}", "yes" if link["accept"] else "no",
                         link.get("role", "") if link["accept"] else link.get("reason", "")))
    for node in proposal["new"]:
        rows.append((node["field"], f"NEW {node['new_node']}", "-", node["matched_text"],
                     f"{node['span'][0]}-{node['span'][1]}", "yes" if node["accept"] else "no",
                     node.get("role", "") if node["accept"] else node.get("reason", "")))
    for comparison in (proposal.get("evaluation") or {}).get("comparisons") or []:
        rows.append(("comparisons", comparison["comparison"] + (f" ({comparison['design']})" if comparison.get("design") else ""),
                     "-", comparison["matched_text"], f"{comparison['span'][0]}-{comparison['span'][1]}",
                     "yes" if comparison["accept"] else "no", comparison.get("reason", "")))
    widths = [min(max(len(str(r[i])) for r in rows), 44 if i < 6 else 80) for i in range(len(rows[0]))]
    out = ["  ".join(str(c)[:w].ljust(w) for c, w in zip(row, widths)).rstrip() for row in rows]
    out.insert(1, "  ".join("-" * w for w in widths))
    out.append("")
    out.append(f"title: {proposal['title']}   (kind: {proposal['kind']}, slug: {proposal['slug']})")
    if proposal.get("already_in_graph"):
        found = proposal["already_in_graph"]
        out.append(f"ALREADY IN THE GRAPH: {found['node']} ({found['reason']}): nothing new to apply")
    elif proposal.get("attach_to"):
        found = proposal["attach_to"]
        out.append(f"attached to the existing project {found['node']} ({found['label']}): {found['reason']}")
    for warning in proposal.get("warnings") or []:
        out.append(f"warning: {warning}")
    findings = proposal.get("findings") or []
    if findings and proposal.get("input_kind") == "text":
        values = sum(len(f.get("values", [])) for f in findings)
        accepted = sum(1 for f in findings if f.get("accept"))
        out.append(f"candidate findings: {len(findings)} with {values} values ({accepted} accepted): write each "
                   "one's description in your own words to accept it")
    for kind in ("models", "projects"):
        for s in proposal["similar"][kind]:
            out.append(f"similar {kind[:-1]}: {s['label']} ({s['node']}, {s['score']}): {s['reason']}")
    return "\n".join(out)
