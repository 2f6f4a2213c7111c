"""Find the graph's names in free text, each with its exact character span and a score.

Three ways a name is found, from surest to least sure:

* **Abbreviations** (RSW, MI, MSW, SoS, FGC, PA, DAN ...) match only as whole words and only
  in the case the graph spells them, so "mi" inside a word or "Mi" in a name is never MI.
* **Longer names** match as whole words in any case, allowing for hyphens or spaces,
  "and" or "&", a missing apostrophe, a plural, and "NE"/"North East". A local authority is
  also found in its council forms ("Hertfordshire County Council", "London Borough of
  Southwark", "Royal Borough of Windsor and Maidenhead", "Hull City Council").
* **Near misses** (a typo, a dropped letter) are found with rapidfuzz and scored lower.

A proper name (an authority, organisation, project or programme) written all in lower case
("frontline practitioners", "families first") is kept but scored below the acceptance line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from .gazetteer import PROPER_KINDS, Entry, Gazetteer

#: A proposed link is accepted by default at or above this score.
ACCEPT_SCORE = 0.7
#: rapidfuzz ratio (0-100) a near miss must reach.
NEAR_MISS_CUTOFF = 88

#: kinds whose mentions the linker looks for in text (direction, strength and value roles are
#: chosen per finding in a record, never read out of prose)
TEXT_KINDS = {"model", "element", "design", "method", "domain", "authority", "organisation",
              "project", "programme"}

_AUTHORITY_PREFIX = r"(?:(?:London\s+Borough|Royal\s+Borough|Borough|City)\s+of\s+)?"
_AUTHORITY_SUFFIX = (r"(?:[\s-]+(?:(?:Metropolitan\s+(?:Borough|District)|County|City|Borough|District)"
                     r"\s+)?Council)?")
_STRIP_PREFIX = re.compile(r"^(?:London Borough of|Royal Borough of|Borough of|City of)\s+", re.I)
_STRIP_SUFFIX = re.compile(r"\s+(?:(?:Metropolitan (?:Borough|District)|County|City|Borough|District)\s+)?Council$", re.I)
_SEPARATOR = r"[\s\-–—,()/]+"
_STOPWORDS = {"the", "of", "and", "in", "to", "a", "an", "for", "on", "with", "by", "at", "or", "its"}


@dataclass(frozen=True)
class Mention:
    """One place in the text where a node's name was found."""

    entry: Entry
    start: int
    end: int
    text: str
    score: float
    how: str

    @property
    def accepted(self) -> bool:
        return self.score >= ACCEPT_SCORE


def is_abbreviation(name: str) -> bool:
    """RSW, MI, SoS, FGCs, DfE: one short token with at least two capitals."""
    return bool(re.fullmatch(r"[A-Za-z0-9]{2,6}", name)) and sum(c.isupper() for c in name) >= 2


def _words(name: str) -> list[str]:
    return re.findall(r"[\w'’]+|&", name)


def _word_pattern(word: str) -> str:
    if word.lower() in ("and", "&"):
        return r"(?:and|&)"
    parts = re.split(r"['’]", word)
    return r"['’]?".join(re.escape(p) for p in parts)


def name_pattern(name: str, plural: bool) -> str | None:
    """A regex for ``name`` in running text, case aside; None for names too short to use."""
    words = _words(name)
    if not words or len(name) < 3:
        return None
    pieces, i = [], 0
    while i < len(words):
        if i + 1 < len(words) and words[i].lower() == "north" and words[i + 1].lower() == "east":
            pieces.append(r"(?:North[\s\-]+East|NE|N\.\s?E\.)")
            i += 2
            continue
        if words[i] == "NE":
            pieces.append(r"(?:North[\s\-]+East|NE|N\.\s?E\.)")
        else:
            pieces.append(_word_pattern(words[i]))
        i += 1
    body = _SEPARATOR.join(pieces)
    if plural and not name.endswith("s"):
        body += r"(?:s|es)?"
    return body


def authority_core(name: str) -> str:
    """'Hertfordshire' from 'Hertfordshire County Council', 'Southwark' from 'London Borough of Southwark'."""
    return _STRIP_SUFFIX.sub("", _STRIP_PREFIX.sub("", name.strip())).strip()


def authority_cores(entry: Entry) -> set[str]:
    """Every authority's name without its council words."""
    cores = set()
    for name in entry.names:
        core = authority_core(name)
        if core and not is_abbreviation(core):
            cores.add(core)
    return cores


@dataclass(frozen=True)
class _Matcher:
    entry: Entry
    regex: re.Pattern
    how: str


def _matchers(gazetteer: Gazetteer) -> list[_Matcher]:
    matchers = []
    for entry in gazetteer.entries:
        if entry.kind not in TEXT_KINDS:
            continue
        concept = entry.kind not in PROPER_KINDS
        for name in entry.names:
            if is_abbreviation(name):
                matchers.append(_Matcher(entry, re.compile(rf"(?<![\w-]){re.escape(name)}(?![\w])"), "abbreviation"))
                continue
            if entry.kind == "domain" and " " not in name and name.islower():
                continue  # 'reach', 'engagement': too common to mean the domain
            pattern = name_pattern(name, plural=concept)
            if pattern:
                matchers.append(_Matcher(entry, re.compile(rf"(?<![\w]){pattern}(?![\w])", re.I), "name"))
        if entry.kind == "authority":
            for core in authority_cores(entry):
                pattern = _AUTHORITY_PREFIX + name_pattern(core, plural=False) + _AUTHORITY_SUFFIX
                matchers.append(_Matcher(entry, re.compile(rf"(?<![\w]){pattern}(?![\w])", re.I), "council form"))
    return matchers


def matchers_for(gazetteer: Gazetteer) -> list[_Matcher]:
    """The compiled patterns for a gazetteer, compiled once and kept on it."""
    cached = getattr(gazetteer, "_compiled_matchers", None)
    if cached is None:
        cached = _matchers(gazetteer)
        gazetteer._compiled_matchers = cached
    return cached


def _score(entry: Entry, matched: str, how: str) -> tuple[float, str]:
    if matched in entry.names:
        score, how = 1.0, f"{how}: exact"
    elif _normal(matched) in {_normal(n) for n in entry.names}:
        score, how = 0.95, f"{how}: same words"
    else:
        score = 0.9
    if entry.kind in PROPER_KINDS and matched.islower() and not entry.label.islower():
        score, how = 0.5, f"{how}, but written in lower case (a common phrase?)"
    return score, how


def _normal(text: str) -> str:
    text = text.lower().replace("&", "and").replace("’", "'")
    return " ".join(re.findall(r"[\w]+", text.replace("'", "")))


def _overlaps(a: Mention, b: Mention) -> bool:
    return a.start < b.end and b.start < a.end


def _affiliation(outer: Mention, inner: Mention) -> bool:
    """'University of Oxford' in 'Rees Centre, University of Oxford': a name after the comma of an
    organisation's name written with its parent names an organisation of its own."""
    comma = outer.text.find(", ")
    return (outer.entry.kind == inner.entry.kind == "organisation" and comma >= 0
            and inner.start >= outer.start + comma + 2 and inner.end <= outer.end)


def _resolve(candidates: list[Mention]) -> list[Mention]:
    """Keep, within each kind, the longest (then best-scored) of overlapping mentions.

    Different kinds may overlap ("Hertfordshire" inside "Family Safeguarding Hertfordshire"),
    except that nothing is read inside an organisation's name ("Restorative" in the
    International Institute of Restorative Practices is not the model).
    """
    ordered = sorted(candidates, key=lambda m: (-(m.end - m.start), -m.score, m.start, str(m.entry.node)))
    kept: list[Mention] = []
    for mention in ordered:
        clash = False
        for other in kept:
            if not _overlaps(mention, other) or _affiliation(other, mention):
                continue
            if other.entry.kind == mention.entry.kind:
                same_span = (other.start, other.end) == (mention.start, mention.end)
                if not (same_span and other.score == mention.score and other.entry.node != mention.entry.node):
                    clash = True
            elif other.entry.kind == "organisation" and (other.end - other.start) > (mention.end - mention.start):
                clash = True
            if clash:
                break
        if not clash:
            kept.append(mention)
    return sorted(kept, key=lambda m: (m.start, m.end, m.entry.kind))


def _near_misses(text: str, gazetteer: Gazetteer, taken: list[Mention]) -> list[Mention]:
    """Word n-grams within a few edits of a name that nothing else matched."""
    by_length: dict[int, list[tuple[str, Entry, str]]] = {}
    for entry in gazetteer.entries:
        if entry.kind not in TEXT_KINDS:
            continue
        for name in entry.names:
            words = _normal(name).split()
            proper_single = len(words) == 1 and entry.kind in PROPER_KINDS
            if is_abbreviation(name) or len(name) < 8 or not (len(words) > 1 or proper_single):
                continue
            by_length.setdefault(len(words), []).append((" ".join(words), entry, name))
    tokens = [(m.start(), m.end()) for m in re.finditer(r"[\w'’]+", text)]
    found = []
    for n, names in by_length.items():
        choices = [c[0] for c in names]
        for i in range(len(tokens) - n + 1):
            start, end = tokens[i][0], tokens[i + n - 1][1]
            span = text[start:end]
            first, last = _normal(text[tokens[i][0]:tokens[i][1]]), _normal(text[tokens[i + n - 1][0]:tokens[i + n - 1][1]])
            if len(span) < 8 or first in _STOPWORDS or last in _STOPWORDS:
                continue
            if any(start < m.end and m.start < end for m in taken):
                continue
            best = process.extractOne(_normal(span), choices, scorer=fuzz.ratio, score_cutoff=NEAR_MISS_CUTOFF)
            if best is None or best[1] >= 100:
                continue
            _, ratio, index = best
            _, entry, name = names[index]
            score = round(0.6 + 0.3 * (ratio - NEAR_MISS_CUTOFF) / (100 - NEAR_MISS_CUTOFF), 2)
            found.append(Mention(entry, start, end, span, score, f"near miss of '{name}' ({ratio:.0f}%)"))
    return _resolve(found)


def recognise(text: str, gazetteer: Gazetteer, near_misses: bool = True) -> list[Mention]:
    """Every mention of a known node in ``text``, in reading order."""
    candidates = []
    for matcher in matchers_for(gazetteer):
        for match in matcher.regex.finditer(text):
            matched = match.group(0)
            score, how = _score(matcher.entry, matched, matcher.how)
            candidates.append(Mention(matcher.entry, match.start(), match.end(), matched, score, how))
    mentions = _resolve(candidates)
    if near_misses:
        mentions = sorted(mentions + _near_misses(text, gazetteer, mentions), key=lambda m: (m.start, m.end))
    return mentions


def best_entry(name: str, gazetteer: Gazetteer, kinds: tuple[str, ...]) -> Mention | None:
    """The node a whole field value (a record's 'Hull City Council') names, if any."""
    found = [m for m in recognise(name, gazetteer) if m.entry.kind in kinds]
    if not found:
        return None
    whole = [m for m in found if m.start == 0 and m.end == len(name.rstrip())]
    pool = whole or found
    return max(pool, key=lambda m: (m.end - m.start, m.score))
