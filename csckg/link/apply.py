"""Turn an accepted proposal into Turtle, validate it as the build does, and write it atomically.

The file is graph/data/evaluations/<slug>.ttl. Every IRI in it comes from the slug (the
title), and nothing in it depends on the time or the order of a run, so applying the same
evaluation again produces the same file: the linker then reports "already applied" and
writes nothing. Before writing, the new file is put into a temporary copy of the data folder
and checked with csckg.build.pipeline.check (the build's reasoning, SHACL shapes and check
queries); only if that passes is the real file written, through a temporary file and a
rename, so an interrupted apply leaves the graph as it was.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from rdflib import Literal

from .. import paths
from ..errors import ValidationFailed
from ..files import scratch_directory, write_text_atomically
from ..namespaces import PREFIXES, expand, without_unused_prefixes
from ..build.pipeline import check
from .errors import LinkClash, LinkInputError
from .gazetteer import Gazetteer
from .evidence import numbers_in
from .proposal import COPIED, FIELD_KINDS, NEW_KIND, NEW_PREFIX, UNITS, slugify
from .record import line_index, nearest_line, parse_yaml, read_text

#: field -> the property that links the project (or evaluation) to the node
PROJECT_PROPERTIES = {
    "programme": "csc:partOfProgramme", "lead_organisation": "csc:ledBy",
    "partner_organisations": "csc:deliveryPartner", "funded_by": "csc:fundedBy",
    "local_authorities": "csc:localAuthority", "builds_on": "csc:buildsOn",
    "models": "csc:usesModel", "elements": "csc:usesElement",
}
EVALUATION_PROPERTIES = {"designs": "csc:hasDesign", "methods": "csc:usesMethod", "evaluator": "csc:evaluatedBy"}
NEW_TYPES = {"authority": "csc:LocalAuthority", "organisation": "csc:Organisation"}
UNIT_NODES = set(UNITS.values())
NEW_SCHEMES = {"model": "scheme:practice-models", "element": "scheme:practice-elements"}


@dataclass
class Applied:
    """What applying did: the file, and whether it was written, replaced or already there."""

    path: Path
    status: str  # "written", "replaced" or "already applied"


class Checked:
    """A proposal read back from its file (or made in memory), with the line of each field."""

    def __init__(self, proposal: dict, where: Path | str, lines: dict | None = None):
        self.proposal, self.where, self.lines = proposal, Path(where), lines or {}

    def fail(self, reason: str, *field) -> LinkInputError:
        return LinkInputError(self.where, reason, nearest_line(self.lines, field))


def read_proposal(path: Path) -> Checked:
    """Parse an (edited) proposal file, with line numbers for its messages."""
    path = Path(path)
    text = read_text(path, "proposal file")
    proposal = parse_yaml(path, text)
    if not isinstance(proposal, dict) or not isinstance(proposal.get("links"), dict):
        raise LinkInputError(path, "not a proposal made by 'build.py link' (no 'links' section)", 1)
    return Checked(proposal, path, line_index(text))


# --- checking the proposal ------------------------------------------------------------------

def _text(value) -> bool:
    return isinstance(value, str) and bool(value.strip())


def accepted_links(checked: Checked, gazetteer: Gazetteer) -> dict[str, list[str]]:
    """field -> the accepted nodes; raise naming the line of a link to a node that does not exist."""
    out: dict[str, list[str]] = {}
    for field, links in checked.proposal["links"].items():
        if field not in FIELD_KINDS:
            raise checked.fail(f"unknown field 'links.{field}' (the fields are {', '.join(FIELD_KINDS)})",
                               "links", field)
        nodes = []
        for i, link in enumerate(links or []):
            if not isinstance(link, dict) or not _text(link.get("node")):
                raise checked.fail(f"links.{field}[{i}] needs a 'node'", "links", field, i)
            if link.get("accept") is False:
                continue
            node = expand(link["node"].strip())
            entry = gazetteer.get(node) if node is not None else None
            if entry is None:
                raise checked.fail(f"links.{field}: '{link['node']}' is not a node in the graph "
                                   "(a typo? an existing node is needed, or list it under 'new')",
                                   "links", field, i, "node")
            if entry.kind not in FIELD_KINDS[field]:
                raise checked.fail(f"links.{field}: '{link['node']}' is a {entry.kind}, not a "
                                   f"{' or '.join(FIELD_KINDS[field])}", "links", field, i, "node")
            if entry.curie not in nodes:
                nodes.append(entry.curie)
        out[field] = nodes
    return out


def accepted_new(checked: Checked, gazetteer: Gazetteer) -> list[dict]:
    out = []
    for i, node in enumerate(checked.proposal.get("new") or []):
        if not isinstance(node, dict) or node.get("accept") is False:
            continue
        if not _text(node.get("label")) or node.get("field") not in NEW_KIND:
            raise checked.fail(f"new[{i}] needs a 'label' and a 'field' (one of {', '.join(NEW_KIND)})", "new", i)
        kind = NEW_KIND[node["field"]]
        iri = node.get("new_node") or f"{NEW_PREFIX[kind]}:{slugify(node['label'])}"
        if not isinstance(iri, str) or not re.fullmatch(rf"{NEW_PREFIX[kind]}:[a-z0-9]+(?:-[a-z0-9]+)*", iri):
            raise checked.fail(f"new[{i}]: '{iri}' is not a {NEW_PREFIX[kind]}: IRI", "new", i, "new_node")
        if gazetteer.defined(expand(iri)):
            entry = gazetteer.get(expand(iri))
            raise checked.fail(f"new[{i}]: {iri} already exists ('{entry.label if entry else iri}'): link to it "
                               "under 'links' instead of creating it", "new", i, "new_node")
        out.append({**node, "new_node": iri, "kind": kind})
    return out


def _known(checked: Checked, gazetteer: Gazetteer, value, kind: str | tuple[str, ...], *where) -> str:
    """The prefixed name of an existing node of ``kind`` (or one of the kinds) that ``value``
    names, else a refusal: nothing but a checked name of a node is ever written into the Turtle
    as a term."""
    kinds = (kind,) if isinstance(kind, str) else kind
    node = expand(value.strip()) if isinstance(value, str) else None
    entry = gazetteer.get(node) if node is not None else None
    if entry is None or entry.kind not in kinds:
        raise checked.fail(f"{value!r} is not a {' or '.join(kinds)} in the graph (give the prefixed name of one, "
                           f"such as {gazetteer.of_kind(kinds[0])[0].curie})", *where)
    return entry.curie


def _count(checked: Checked, value, least: int, *where) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < least:
        raise checked.fail(f"{value!r} is not a whole number of at least {least}", *where)
    return value


def _sample_of(checked: Checked, sample, *where) -> dict:
    if not isinstance(sample, dict) or not _text(sample.get("counts")):
        raise checked.fail("a sample needs its 'size' and what it 'counts'", *where)
    return {"size": _count(checked, sample.get("size"), 0, *where, "size"), "counts": sample["counts"]}


def check_complete(checked: Checked, links: dict, new: list[dict]) -> None:
    """What the SHACL shapes will insist on, said first in the proposal's own terms."""
    p = checked.proposal
    if p.get("already_in_graph"):
        found = p["already_in_graph"]
        raise checked.fail(f"this evaluation is already in the graph as {found.get('node')} ({found.get('reason')}): "
                           "nothing new to apply (delete 'already_in_graph' if it is a different evaluation)",
                           "already_in_graph")
    if not _text(p.get("title")):
        raise checked.fail("the proposal has no 'title'", "title")
    if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", str(p.get("slug", ""))):
        raise checked.fail("'slug' must be lower-case words joined by hyphens", "slug")
    if p.get("kind") not in ("project", "initiative"):
        raise checked.fail("'kind' must be 'project' or 'initiative'", "kind")
    if not links.get("designs"):
        raise checked.fail("no study design is accepted under links.designs or evaluation.comparisons: an "
                           "evaluation needs at least one (for example design:mixed-methods)", "links", "designs")
    if p["kind"] == "project" and not p.get("attach_to"):
        if not links.get("programme"):
            raise checked.fail("a project needs a programme under links.programme (for example "
                               "programme:innovation-programme), or make kind: initiative", "links", "programme")
        if not _text(p.get("aim")):
            raise checked.fail("a project needs its 'aim'", "aim")
        has_authority = links.get("local_authorities") or any(n["kind"] == "authority" for n in new)
        if not has_authority and not p.get("number_of_local_authorities"):
            raise checked.fail("a project needs at least one local authority (links.local_authorities) or "
                               "'number_of_local_authorities'", "links", "local_authorities")
    source = p.get("source") or {}
    for key in ("title", "publisher", "file_name"):
        if not _text(source.get(key)):
            raise checked.fail(f"the source needs its '{key}'", "source", key)


#: a finding's closed-list fields and the kind of node each must be
FINDING_CONCEPTS = {"outcome_domain": "domain", "direction": "direction", "comparison": "comparison", "test": "test"}
#: a description may not copy this many consecutive words of the evaluation's text
COPIED_WORDS = COPIED


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9£%]+", text.lower())


def copied_run(description: str, source: str, length: int = COPIED_WORDS) -> str | None:
    """The first ``length`` consecutive words of ``description`` that ``source`` also has, if any."""
    theirs = _words(source)
    grams = {tuple(theirs[i:i + length]) for i in range(len(theirs) - length + 1)}
    mine = _words(description)
    for i in range(len(mine) - length + 1):
        if tuple(mine[i:i + length]) in grams:
            return " ".join(mine[i:i + length])
    return None


def _input_text(checked: Checked) -> str | None:
    """The plain text the proposal was made from, if it is still there (a record is the analyst's own words)."""
    path = checked.proposal.get("input") if checked.proposal.get("input_kind") == "text" else None
    try:
        return Path(path).read_text(encoding="utf-8") if path else None
    except (OSError, UnicodeDecodeError):
        return None


def accepted_findings(checked: Checked, gazetteer: Gazetteer) -> list[dict]:
    """The findings to write; raise naming the line of one that is incomplete, copied or misquoted."""
    source = _input_text(checked)
    out = []
    for i, finding in enumerate(checked.proposal.get("findings") or []):
        where = ("findings", i)
        if not isinstance(finding, dict):
            raise checked.fail(f"finding {i + 1} must be a mapping of fields", *where)
        if finding.get("accept") is False:
            continue
        for key in ("description", "measure"):
            if not _text(finding.get(key)):
                raise checked.fail(f"finding {i + 1} is accepted but has no '{key}': write it in your own words "
                                   "(or set accept: false)", *where, key)
        quoted = finding.get("text")
        span = finding.get("span")
        if quoted is not None and source is not None and isinstance(span, list) and len(span) == 2 \
                and source[span[0]:span[1]] != quoted:
            raise checked.fail(f"finding {i + 1}: its span {span} no longer holds its 'text' in "
                               f"{checked.proposal.get('input')}", *where, "span")
        copied = copied_run(finding["description"], source or quoted or "")
        if copied:
            raise checked.fail(f"finding {i + 1}: the description copies {COPIED_WORDS} or more consecutive words "
                               f"of the text ('{copied}'): write it in your own words", *where, "description")
        for key, kind in FINDING_CONCEPTS.items():
            node = expand(str(finding.get(key) or ""))
            entry = gazetteer.get(node) if node is not None else None
            if entry is None or entry.kind != kind:
                if not finding.get(key):
                    choices = ", ".join(e.curie for e in gazetteer.of_kind(kind))
                    raise checked.fail(f"finding {i + 1} has no '{key}': the text does not say it, so choose one "
                                       f"({choices})", *where, key)
                raise checked.fail(f"finding {i + 1}: '{key}: {finding.get(key)}' is not a {kind} the graph knows",
                                   *where, key)
        finding = {**finding, "attributed_to": [
            _known(checked, gazetteer, name, ("model", "element"), *where, "attributed_to")
            for name in finding.get("attributed_to") or []]}
        if finding.get("sample") is not None:
            finding["sample"] = _sample_of(checked, finding["sample"], *where, "sample")
        for j, value in enumerate(finding.get("values") or []):
            if isinstance(value, dict) and value.get("role"):
                value["role"] = _known(checked, gazetteer, value["role"], "value-role", *where, "values", j)
            if not isinstance(value, dict) or isinstance(value.get("number"), bool) \
                    or not isinstance(value.get("number"), (int, float)):
                raise checked.fail(f"finding {i + 1}, value {j + 1}: 'number' must be a number", *where, "values", j)
            if value.get("unit") not in UNIT_NODES:
                raise checked.fail(f"finding {i + 1}, value {j + 1}: unknown unit '{value.get('unit')}' (one of "
                                   f"{', '.join(sorted(UNIT_NODES))})", *where, "values", j)
            if quoted is not None and Decimal(str(value["number"])) not in numbers_in(quoted):
                raise checked.fail(f"finding {i + 1}, value {j + 1}: the number {value['number']} does not occur "
                                   f"in the finding's text ('{quoted}')", *where, "values", j)
        out.append(finding)
    return out


# --- Turtle ---------------------------------------------------------------------------------

def _one_line(text) -> str:
    """The text with every run of white space (a newline included) made one space."""
    return " ".join(str(text).split())


def _lit(text: str, lang: str | None = "en") -> str:
    """A Turtle literal: the only form in which the analyst's own words reach the file."""
    return Literal(_one_line(text), lang=lang).n3()


def _date(value) -> str:
    """A date to the precision given: xsd:gYear, xsd:gYearMonth or xsd:date."""
    value = str(value)
    for pattern, datatype in ((r"\d{4}", "xsd:gYear"), (r"\d{4}-\d{2}", "xsd:gYearMonth"),
                              (r"\d{4}-\d{2}-\d{2}", "xsd:date")):
        if re.fullmatch(pattern, value):
            return f'"{value}"^^{datatype}'
    return _lit(value, None)


def _decimal(number) -> str | None:
    """A number as a Turtle decimal, or None if it is not a finite number."""
    if isinstance(number, bool) or not isinstance(number, (int, float, str)):
        return None
    try:
        value = Decimal(str(number).strip())
    except InvalidOperation:
        return None
    if not value.is_finite():
        return None
    text = format(value, "f")
    return text if "." in text else text + ".0"


def _statement(subject: str, pairs: list[tuple[str, str | list[str]]]) -> str:
    lines = []
    for prop, objects in pairs:
        objects = objects if isinstance(objects, list) else [objects]
        if objects:
            lines.append(f"    {prop} {' , '.join(objects)}")
    return f"{subject}\n" + " ;\n".join(lines) + " .\n"


def _sample(sample: dict) -> str:
    return f"[ a csc:Sample ; csc:size {int(sample['size'])} ; csc:sampledUnit {_lit(sample['counts'])} ]"


def prefix_block() -> str:
    """The @prefix line of every project prefix; to_turtle keeps those the file uses (graph/README.md)."""
    return "".join(f"@prefix {p + ':':<12}<{ns}> .\n" for p, ns in PREFIXES.items()) + "\n"


def accepted_comparison_designs(checked: Checked, gazetteer: Gazetteer) -> list[str]:
    """The study designs of the accepted evaluation.comparisons; raise naming the line of one that
    names no comparison, or a design, the graph has."""
    designs = []
    evaluation = checked.proposal.get("evaluation") or {}
    for i, comparison in enumerate(evaluation.get("comparisons") or []):
        where = ("evaluation", "comparisons", i)
        if not isinstance(comparison, dict):
            raise checked.fail(f"evaluation.comparisons[{i}] must be a mapping of fields", *where)
        if comparison.get("accept") is False:
            continue
        _known(checked, gazetteer, comparison.get("comparison"), "comparison", *where, "comparison")
        if comparison.get("design"):
            design = _known(checked, gazetteer, comparison["design"], "design", *where, "design")
            if design not in designs:
                designs.append(design)
    return designs


def to_turtle(checked: Checked, gazetteer: Gazetteer) -> str:
    """The evaluation file's text. Deterministic: the same proposal always gives the same text."""
    links = accepted_links(checked, gazetteer)
    links["designs"] = links.get("designs", []) + [d for d in accepted_comparison_designs(checked, gazetteer)
                                                   if d not in links.get("designs", [])]
    new = accepted_new(checked, gazetteer)
    findings = accepted_findings(checked, gazetteer)
    check_complete(checked, links, new)
    p = checked.proposal
    slug, source = p["slug"], p["source"]
    src = f"src:{slug}"

    def cite(section: str) -> str:
        return f"[ prov:entity {src} ; csc:section {_lit(section, None)} ]"

    section = source.get("section") or "Whole document"
    fields = {f: list(nodes) for f, nodes in links.items()}
    for node in new:
        fields.setdefault(node["field"], []).append(node["new_node"])

    parts = [f"# {_one_line(p['title'])}: added by 'build.py link' from {_one_line(source['file_name'])}.\n"
             "# To change it, edit the proposal and apply it again with --replace.\n\n" + prefix_block()]
    parts.append(_statement(f"{src} a csc:SourceDocument ;", [
        ("rdfs:label", _lit(f"Evaluation input: {p['title']}")),
        ("dcterms:title", _lit(source["title"], None)),
        ("dcterms:publisher", _lit(source["publisher"], None)),
        ("dcterms:date", [_date(source["date"])] if source.get("date") else []),
        ("dcterms:dateSubmitted", [_date(source["date_added"])] if source.get("date_added") else []),
        ("csc:fileName", _lit(source["file_name"], None)),
        ("dcterms:identifier", [_lit(source["report_number"], None)] if _text(source.get("report_number")) else []),
        ("dcterms:creator", [_lit(a, None) for a in source.get("authors") or [] if _text(a)]),
    ]))
    attached = (p.get("attach_to") or {}).get("node")
    project = attached or f"project:{slug}"
    if not attached:
        parts.append(_project(checked, fields, slug, cite(section)))
    evaluation = p.get("evaluation") or {}
    pairs = [("rdfs:label", _lit(evaluation.get("label") or f"Evaluation of {p['title']}")),
             ("csc:evaluationOf", project)]
    if evaluation.get("summary"):
        pairs.append(("dcterms:description", _lit(evaluation["summary"])))
    for field, prop in EVALUATION_PROPERTIES.items():
        pairs.append((prop, fields.get(field, [])))
    samples = [_sample_of(checked, s, "evaluation", "samples", i) for i, s in enumerate(evaluation.get("samples") or [])]
    pairs.append(("csc:achievedSample", [_sample(s) for s in samples]))  # as the curated evaluations record theirs
    pairs.append(("prov:qualifiedDerivation", cite(section)))
    parts.append(_statement(f"evaluation:{slug} a csc:Evaluation ;", pairs))

    seen = set()
    for i, finding in enumerate(findings):
        fslug = slugify(finding.get("label") or finding["measure"], 50)
        while fslug in seen:
            fslug += "-2"
        seen.add(fslug)
        parts.append(_finding(finding, f"finding:{slug}--{fslug}", p["title"], slug,
                              cite(locator(finding) or f"{section} > finding {i + 1}")))

    for node in new:
        parts.append(_new_node(node, cite(locator(node) or section), source["file_name"]))
    return without_unused_prefixes("\n".join(parts))


def locator(item: dict) -> str | None:
    """'line 5, characters 408-483' for something drafted from a span of the input text."""
    span = item.get("span")
    if not (isinstance(span, list) and len(span) == 2 and all(isinstance(n, int) for n in span)) or span[0] < 0:
        return None
    line = f"line {item['line']}, " if isinstance(item.get("line"), int) else ""
    return f"{line}characters {span[0]}-{span[1]}"


def _project(checked: Checked, fields: dict, slug: str, citation: str) -> str:
    p = checked.proposal
    project_type = "csc:Project" if p["kind"] == "project" else "csc:Initiative"
    pairs = [("rdfs:label", _lit(p["title"]))]
    if p.get("aim"):
        pairs.append(("csc:aim", _lit(p["aim"])))
    for field, prop in PROJECT_PROPERTIES.items():
        pairs.append((prop, fields.get(field, [])))
    if p.get("number_of_local_authorities"):
        count = _count(checked, p["number_of_local_authorities"], 1, "number_of_local_authorities")
        pairs.append(("csc:localAuthorityCount", str(count)))
    for key, prop in (("start_date", "csc:startDate"), ("end_date", "csc:endDate")):
        if p.get(key):
            pairs.append((prop, _date(p[key])))
    pairs += [("csc:hasEvaluation", f"evaluation:{slug}"), ("prov:qualifiedDerivation", citation)]
    return _statement(f"project:{slug} a {project_type} ;", pairs)


def _finding(finding: dict, iri: str, title: str, slug: str, citation: str) -> str:
    values = []
    for value in finding.get("values") or []:
        inner = ["a csc:Value", f"qudt:numericValue {_decimal(value['number'])}", f"qudt:unit {value['unit']}"]
        if value.get("role"):
            inner.append(f"csc:valueRole {value['role']}")
        if value.get("qualifier"):
            inner.append(f"csc:qualifier {_lit(value['qualifier'], None)}")
        values.append("[ " + " ; ".join(inner) + " ]")
    kind = "csc:CostFinding" if finding.get("cost_basis") else "csc:Finding"
    return _statement(f"{iri} a {kind} ;", [
        ("rdfs:label", _lit(f"{title}: {finding.get('label') or finding['measure']}")),
        ("dcterms:description", _lit(finding["description"])),
        ("csc:findingOf", f"evaluation:{slug}"),
        ("csc:measure", _lit(finding["measure"])),
        ("csc:hasValue", values),
        ("csc:hasSample", [_sample(finding["sample"])] if finding.get("sample") else []),
        ("csc:costBasis", [_lit(finding["cost_basis"])] if finding.get("cost_basis") else []),
        ("csc:outcomeDomain", finding["outcome_domain"]),
        ("csc:direction", finding["direction"]),
        ("csc:comparison", finding["comparison"]),
        ("csc:statisticalTest", finding["test"]),
        ("csc:hedge", [_lit(finding["hedge"], None)] if finding.get("hedge") else []),
        ("csc:hasAttribution", [f"[ a csc:Attribution ; csc:attributedConcept {concept} ; "
                                f"prov:qualifiedDerivation {citation} ]"
                                for concept in finding.get("attributed_to") or []]),
        ("prov:qualifiedDerivation", citation),
    ])


def _new_node(node: dict, citation: str, file_name: str) -> str:
    alt = [_lit(node["matched_text"])] if node.get("matched_text") and node["matched_text"] != node["label"] else []
    if node["kind"] in NEW_TYPES:
        return _statement(f"{node['new_node']} a {NEW_TYPES[node['kind']]} ;", [
            ("rdfs:label", _lit(node["label"])), ("skos:altLabel", alt),
            ("prov:qualifiedDerivation", citation)])
    return _statement(f"{node['new_node']} a skos:Concept ;", [
        ("skos:inScheme", NEW_SCHEMES[node["kind"]]), ("skos:prefLabel", _lit(node["label"])),
        ("skos:altLabel", alt),
        ("skos:definition", _lit(f"Named in {file_name} and added by the linker; replace this with a "
                                 "definition in your own words."))])


# --- writing --------------------------------------------------------------------------------

def _defined_elsewhere(text: str, data_dir: Path, target: Path) -> list[tuple[str, Path]]:
    """Subjects the new file defines that another data file already defines."""
    subjects = set(re.findall(r"^([a-z]+:[\w\-]+) a ", text, re.M))
    clashes = []
    for path in paths.data_files(data_dir):
        if path.resolve() == target.resolve():
            continue
        other = path.read_text(encoding="utf-8")
        for subject in sorted(subjects):
            if re.search(rf"^{re.escape(subject)}\s", other, re.M):
                clashes.append((subject, path))
    return clashes


def validate_in_copy(text: str, data_dir: Path, relative: Path) -> None:
    """Run the build's checks on a temporary copy of the data folder with the new file in it."""
    with scratch_directory("link-check") as temporary:
        copy = temporary / "data"
        shutil.copytree(data_dir, copy)
        (copy / relative).parent.mkdir(parents=True, exist_ok=True)
        (copy / relative).write_text(text, encoding="utf-8")
        try:
            check(copy)
        except ValidationFailed as failure:
            problems = [p.replace(str(copy), str(data_dir)) for p in failure.problems]
            raise ValidationFailed([f"(the new evaluation {relative}, not written) {p}" for p in problems]) from None


def _without_date_added(text: str) -> str:
    """The file but for the day it was added: applying the same evaluation another day changes nothing."""
    return re.sub(r"^\s*dcterms:dateSubmitted .*\n", "", text, flags=re.M)


def apply(checked: Checked, gazetteer: Gazetteer, data_dir: Path = paths.DATA_DIR,
          replace: bool = False) -> Applied:
    """Validate the proposal's Turtle with the build's checks, then write it atomically."""
    text = to_turtle(checked, gazetteer)
    slug = checked.proposal["slug"]
    target = data_dir / "evaluations" / f"{slug}.ttl"  # as run.evaluation_file
    relative = target.relative_to(data_dir)
    if target.exists():
        if _without_date_added(target.read_text(encoding="utf-8")) == _without_date_added(text):
            return Applied(target, "already applied")
        if not replace:
            raise LinkClash(f"{target} already exists with different content (an evaluation with the same "
                            "title, slug '" + slug + "'): use --replace to overwrite it, or give this one another 'slug'")
    clashes = _defined_elsewhere(text, data_dir, target)
    if clashes:
        listing = ", ".join(f"{s} in {p}" for s, p in clashes)
        raise LinkClash(f"the new evaluation would redefine nodes that already exist: {listing} "
                        "(change 'slug', or link to them instead)")
    validate_in_copy(text, data_dir, relative)
    status = "replaced" if target.exists() else "written"
    write_text_atomically(target, text)
    return Applied(target, status)
