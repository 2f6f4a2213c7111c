"""Read a new evaluation: a structured record (YAML or JSON) or plain text.

The record's fields are those of graph/templates/evaluation-template.yaml. The required ones
are what the build's SHACL shapes need for a valid project and evaluation:

* ``title`` always;
* ``evaluation.designs`` (at least one study design) always;
* ``source.publisher`` (every fact cites a source document, and a source needs a publisher);
* for a project of a programme (``programme`` given): ``aim``, and ``local_authorities`` or
  ``number_of_local_authorities``;
* for each finding: ``description``, ``measure``, ``outcome_domain``, ``direction``,
  ``comparison`` (what the result is compared with) and ``test`` (the significance test the
  source reports, or "not reported"). Its evidence level is derived by the build, never given.

Faults are reported with the file, line and column (from PyYAML's marks, or from
``json.JSONDecodeError``), and nothing is written.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import LinkInputError

RECORD_SUFFIXES = {".yaml", ".yml", ".json"}

#: top-level fields a record may have (anything else is probably a typo, and is reported)
KNOWN_FIELDS = {
    "title", "slug", "programme", "aim", "lead_organisation", "partner_organisations",
    "local_authorities", "number_of_local_authorities", "evaluator", "funded_by", "builds_on",
    "start_date", "end_date", "models", "elements", "evaluation", "findings", "source",
}
EVALUATION_FIELDS = {"summary", "designs", "methods", "published", "samples"}
FINDING_FIELDS = {"label", "description", "measure", "outcome_domain", "direction", "comparison", "test",
                  "hedge", "values", "sample", "attributed_to", "cost_basis", "qualifier"}
FINDING_REQUIRED = ("description", "measure", "outcome_domain", "direction", "comparison", "test")
#: finding fields of the old record format, and what replaced them (issue #10)
FINDING_FIELDS_REPLACED = {
    "strength": "'strength' is no longer given: record 'comparison' (what the result is compared with) "
                "and 'test' (the significance test the source reports); the build derives the evidence level",
    "models": "'models' on a finding is now 'attributed_to', and only for a model or element the source "
              "credits with the result",
    "elements": "'elements' on a finding is now 'attributed_to', and only for a model or element the source "
                "credits with the result",
}
LIST_FIELDS = ("partner_organisations", "local_authorities", "builds_on", "models", "elements")


@dataclass
class Loaded:
    """A parsed record or text, with line numbers for the record's fields."""

    path: Path
    kind: str  # "record" or "text"
    text: str
    data: dict[str, Any] = field(default_factory=dict)
    lines: dict[tuple, int] = field(default_factory=dict)

    def line(self, *where) -> int | None:
        """The line of a field (``("findings", 2, "measure")``), or of its nearest parent."""
        return nearest_line(self.lines, where)

    def fail(self, reason: str, *where) -> LinkInputError:
        return LinkInputError(self.path, reason, self.line(*where))


def nearest_line(lines: dict[tuple, int], where: tuple) -> int | None:
    """The line of the field at ``where``, or of its nearest parent that has one."""
    where = tuple(where)
    while where:
        if where in lines:
            return lines[where]
        where = where[:-1]
    return None


#: The largest input the linker reads. An evaluation summary, a registry entry or a record is a
#: few kilobytes; recognition takes about 11 s at 80 KB and grows faster than the text does.
MAX_BYTES = 100_000
#: The most values a YAML document may expand to: an alias repeats a part of the document, and
#: aliases of aliases (a "billion laughs") make a few kilobytes expand past any memory.
MAX_YAML_VALUES = 50_000
#: the least share of a text's words that must be common English words for it to be read as English
ENGLISH_SHARE = 0.15
_COMMON_ENGLISH = set("""the of and to in a is was for that with on as by were are it this be from at or an which
their they have has had not who been but its than more families children staff project council""".split())


def read_text(path: Path, what: str = "file") -> str:
    """A UTF-8 file's text, or a LinkInputError that names it (and refuses one over MAX_BYTES unread)."""
    try:
        size = Path(path).stat().st_size
        if size > MAX_BYTES:
            raise LinkInputError(path, f"the {what} is {size:,} bytes, over the linker's limit of {MAX_BYTES:,} "
                                       "bytes: give it the evaluation's summary or the sections that describe it")
        return Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise LinkInputError(path, f"no such {what}") from None
    except UnicodeDecodeError as error:
        raise LinkInputError(path, f"not UTF-8 text (byte {error.start})") from None


def _index_lines(node, path: tuple, into: dict) -> None:
    """Map every field path of a composed YAML node to its 1-based line."""
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            child = (*path, key.value)
            into[child] = key.start_mark.line + 1
            _index_lines(value, child, into)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            into[(*path, i)] = item.start_mark.line + 1
            _index_lines(item, (*path, i), into)


def line_index(text: str) -> dict[tuple, int]:
    """Field path -> line; JSON is read as YAML for this (JSON is nearly YAML)."""
    lines: dict[tuple, int] = {}
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return lines
    if root is not None:
        _index_lines(root, (), lines)
    return lines


def _expanded_size(node, sizes: dict[int, int | None]) -> int:
    """How many values ``node`` stands for once every alias is written out (a cycle counts as too many)."""
    known = sizes.get(id(node), 0)
    if known is None:
        return MAX_YAML_VALUES + 1  # an alias inside itself
    if known:
        return known
    sizes[id(node)] = None
    if isinstance(node, yaml.MappingNode):
        children = [part for pair in node.value for part in pair]
    elif isinstance(node, yaml.SequenceNode):
        children = node.value
    else:
        children = []
    total = 1
    for child in children:
        total += _expanded_size(child, sizes)
        if total > MAX_YAML_VALUES:
            break
    sizes[id(node)] = total
    return total


def parse_yaml(path: Path, text: str) -> Any:
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        if root is not None and _expanded_size(root, {}) > MAX_YAML_VALUES:
            raise LinkInputError(path, f"the YAML expands to more than {MAX_YAML_VALUES:,} values through its "
                                       "aliases (*name); write the record out without them")
        return yaml.safe_load(text)
    except RecursionError:
        raise LinkInputError(path, "the YAML is nested too deeply to be a record") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
        raise LinkInputError(path, f"malformed YAML: {problem}", line, column) from None


def parse_json(path: Path, text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise LinkInputError(path, f"malformed JSON: {error.msg}", error.lineno, error.colno) from None


def check_prose(path: Path, text: str) -> None:
    """Refuse, naming the line, a text that is empty, not prose (a scanned PDF's garbage) or not English."""
    if not text.strip():
        raise LinkInputError(path, "the file is empty")
    for number, line in enumerate(text.splitlines(), 1):
        letters = sum(c.isalpha() or c.isspace() for c in line)
        if len(line) >= 40 and letters / len(line) < 0.6:
            raise LinkInputError(path, "this line is not prose (mostly symbols and stray characters, as text "
                                       "extracted from a scanned PDF is): give the linker the text itself", number)
    words = re.findall(r"[a-zA-Z]+", text.lower())
    common = sum(w in _COMMON_ENGLISH for w in words)
    if len(words) >= 20 and common / len(words) < ENGLISH_SHARE:
        line = next(i for i, l in enumerate(text.splitlines(), 1) if l.strip())
        raise LinkInputError(path, f"the text does not read as English (only {common} of its {len(words)} words are "
                                   "common English words): the linker reads English evaluations; give it an "
                                   "English summary", line)


def load(path: Path) -> Loaded:
    """Read ``path`` as a record (by its suffix) or as plain text."""
    path = Path(path)
    text = read_text(path)
    if path.suffix.lower() not in RECORD_SUFFIXES:
        check_prose(path, text)
        return Loaded(path, "text", text)
    data = parse_json(path, text) if path.suffix.lower() == ".json" else parse_yaml(path, text)
    loaded = Loaded(path, "record", text, data if isinstance(data, dict) else {}, line_index(text))
    if not isinstance(data, dict):
        raise LinkInputError(path, "a record must be a mapping of fields (title: ..., evaluation: ...), "
                                   "as in graph/templates/evaluation-template.yaml", 1)
    check_record(loaded)
    return loaded


def _text(value) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _names(loaded: Loaded, key: str, value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(_text(v) for v in value):
        return value
    raise loaded.fail(f"'{key}' must be a name or a list of names", key)


def check_record(loaded: Loaded) -> None:
    """Raise LinkInputError (with the line) for the first missing or malformed field."""
    data = loaded.data
    for key in data:
        if key not in KNOWN_FIELDS:
            raise loaded.fail(f"unknown field '{key}' (the fields are those of "
                              "graph/templates/evaluation-template.yaml)", key)
    if not _text(data.get("title")):
        raise loaded.fail("the record is missing the required field 'title' (the project's name)", "title")
    for key in (*LIST_FIELDS, "lead_organisation", "evaluator", "funded_by", "programme"):
        _names(loaded, key, data.get(key))
    project = data.get("programme") is not None
    if project and not _text(data.get("aim")):
        raise loaded.fail("the record is missing the required field 'aim' (what the project set out "
                          "to do, in your own words), needed for a project of a programme", "aim")
    count = data.get("number_of_local_authorities")
    if count is not None and not (isinstance(count, int) and not isinstance(count, bool) and count >= 1):
        raise loaded.fail("'number_of_local_authorities' must be a whole number of at least 1",
                          "number_of_local_authorities")
    if project and not data.get("local_authorities") and count is None:
        raise loaded.fail("the record is missing the required field 'local_authorities' (or "
                          "'number_of_local_authorities' where the authorities are not named)", "local_authorities")
    evaluation = data.get("evaluation")
    if not isinstance(evaluation, dict):
        raise loaded.fail("the record is missing the required field 'evaluation' (with its designs)", "evaluation")
    for key in evaluation:
        if key not in EVALUATION_FIELDS:
            raise loaded.fail(f"unknown field 'evaluation.{key}'", "evaluation", key)
    if not _names(loaded, "evaluation.designs", evaluation.get("designs")):
        raise loaded.fail("the record is missing the required field 'evaluation.designs' "
                          "(at least one study design)", "evaluation", "designs")
    _names(loaded, "evaluation.methods", evaluation.get("methods"))
    for i, sample in enumerate(evaluation.get("samples") or []):
        check_sample(loaded, sample, ("evaluation", "samples", i))
    source = data.get("source")
    if not isinstance(source, dict) or not _text(source.get("publisher")):
        raise loaded.fail("the record is missing the required field 'source.publisher' (who published "
                          "the evaluation: every fact cites its source)", "source", "publisher")
    findings = data.get("findings") or []
    if not isinstance(findings, list):
        raise loaded.fail("'findings' must be a list", "findings")
    for i, finding in enumerate(findings):
        check_finding(loaded, finding, i)


def check_sample(loaded: Loaded, sample, where: tuple) -> None:
    if not isinstance(sample, dict):
        raise loaded.fail("a sample must have 'size' and 'counts'", *where)
    size = sample.get("size")
    if not (isinstance(size, int) and not isinstance(size, bool) and size >= 0):
        raise loaded.fail("a sample's 'size' must be a whole number of 0 or more", *where, "size")
    if not _text(sample.get("counts")):
        raise loaded.fail("a sample must say what it counts ('counts')", *where, "counts")


def check_finding(loaded: Loaded, finding, i: int) -> None:
    where = ("findings", i)
    if not isinstance(finding, dict):
        raise loaded.fail(f"finding {i + 1} must be a mapping of fields", *where)
    for key in finding:
        if key in FINDING_FIELDS_REPLACED:
            raise loaded.fail(f"finding {i + 1}: {FINDING_FIELDS_REPLACED[key]}", *where, key)
        if key not in FINDING_FIELDS:
            raise loaded.fail(f"unknown field '{key}' in finding {i + 1}", *where, key)
    for key in FINDING_REQUIRED:
        if not _text(finding.get(key)):
            raise loaded.fail(f"finding {i + 1} is missing the required field '{key}'", *where)
    for j, value in enumerate(finding.get("values") or []):
        if not isinstance(value, dict) or isinstance(value.get("number"), bool) \
                or not isinstance(value.get("number"), (int, float)):
            raise loaded.fail(f"finding {i + 1}, value {j + 1}: 'number' must be a number as the "
                              "source gives it", *where, "values", j)
        if not _text(value.get("unit")):
            raise loaded.fail(f"finding {i + 1}, value {j + 1} needs a 'unit'", *where, "values", j)
    if finding.get("sample") is not None:
        check_sample(loaded, finding["sample"], (*where, "sample"))
