"""The comparisons an evaluation made, read from the words that describe how it was done.

The evidence model (ontology/schemes/evidence.ttl) rates a finding by the comparison behind it:
randomised trial, non-randomised comparison group, matched historic cases, before and after,
association across cases, descriptive count, qualitative views, projection, cost calculation.
A summary usually says which in so many words ("families were randomly allocated", "a matched
comparison group", "interviews with staff", "surveys before and after"). Each kind is proposed
once, at the first words that say it, with the span and line of those words and the study design
it corresponds to (the design the comparison concept names as its ``skos:closeMatch``, which is
what applying writes as the evaluation's ``csc:hasDesign``).

Words that say it outright are accepted; words that only suggest it ("compared with other
authorities", "baseline", "associated with") are proposed with ``accept: false`` and the reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rdflib.namespace import SKOS

from ..names import curie
from ..namespaces import expand
from .gazetteer import Gazetteer


@dataclass(frozen=True)
class Cue:
    comparison: str
    words: re.Pattern
    sure: bool
    reason: str


def _cue(comparison: str, pattern: str, sure: bool, reason: str) -> Cue:
    return Cue(comparison, re.compile(pattern, re.I), sure, reason)


#: in order of strength: the first cue of a kind that occurs decides its words and whether it is sure
CUES = [
    _cue("comparison:randomised-trial", r"\brandomi[sz]ed\s+controlled\s+trials?\b|\bRCTs?\b|"
         r"\brandomly\s+(?:allocated|assigned|selected\s+to)\b|\brandomi[sz]ed\s+(?:to|between)\b|"
         r"\bstepped[\s-]wedge\b|\brandom\s+order\b", True, "the text says units were allocated at random"),
    _cue("comparison:randomised-trial", r"\brandomi[sz]\w*", False, "'randomised' without saying what was allocated: check"),
    _cue("comparison:historic-case-matching", r"\bhistoric(?:al)?\s+case\s+matching\b|"
         r"\bmatched\s+(?:with\s+)?(?:historic(?:al)?|past|earlier|previous)\s+(?:cases|cohorts?|families)\b|"
         r"\b(?:historic(?:al)?|past|earlier|previous)\s+(?:cases|cohorts?)\s+(?:were\s+)?matched\b", True,
         "the text compares cases with matched cases from before"),
    _cue("comparison:comparison-group", r"\b(?:matched\s+)?comparison\s+(?:group|areas?|authorit(?:y|ies)|sites?|cohort)s?\b|"
         r"\bcontrol\s+(?:group|areas?|sites?)s?\b|\bquasi-?experiment\w*|\bdifference[\s-]in[\s-]differences?\b|"
         r"\bpropensity\s+score\b", True, "the text names a comparison group"),
    _cue("comparison:comparison-group", r"\bcompar\w*\b[^.\n]{0,120}?\b(?:other|similar|neighbouring|matched)\s+"
         r"(?:\w+\s+){0,2}(?:authorities|areas|councils|teams|sites|families|groups|children)\b|"
         r"\bstatistical\s+neighbours\b", False, "compared with others, but not said to be a comparison group: check"),
    _cue("comparison:before-after", r"\bbefore\s+and\s+after\b|\bpre[\s-]+and[\s-]+post\b|\bpre-?post\b|"
         r"\bbaseline\s+and\s+(?:follow[\s-]?up|end)\b|\bat\s+(?:the\s+)?(?:start|baseline)\s+and\s+(?:the\s+)?end\b", True,
         "the text measures the same people or places before and after"),
    _cue("comparison:before-after", r"\bbaseline\b|\btrends?\s+(?:in|over)\b|\bover\s+time\b", False,
         "a baseline or a trend: a before-and-after comparison? check"),
    _cue("comparison:association", r"\bcorrelat\w+|\bregression\b|\bassociation\s+between\b", False,
         "an association across cases? check"),
    _cue("comparison:cost-calculation", r"\bcost[\s-]+(?:benefit|effectiveness)\b|\bcost\s+analys[ie]s\b|"
         r"\beconomic\s+evaluation\b|\breturn\s+on\s+investment\b|\bcosts\s+and\s+savings\b|"
         r"\bcalculat\w*\s+(?:the\s+)?(?:\w+\s+)?(?:costs?|savings)\b", True,
         "the text calculates costs or savings"),
    _cue("comparison:projection", r"\bprojected\b|\bprojections?\b|\bforecast\w*|\bmodelled\s+(?:savings|estimates?)\b", False,
         "a projection? check"),
    _cue("comparison:qualitative", r"(?<!otivational )\binterview\w*|\bfocus\s+groups?\b|\bobserv(?:ed|ations?)\s+(?:of\s+)?(?:\w+\s+)?"
         r"(?:practice|meetings|conferences|sessions|visits)|\bcase\s+stud(?:y|ies)\b|\bviews\s+of\b", True,
         "the text gathers views or observes practice"),
    _cue("comparison:descriptive", r"\bsurvey\w*|\badministrative\s+data\b|\bcase\s+(?:records|files)\b|"
         r"\bmonitoring\s+(?:data|forms?|information)\b|\bperformance\s+data\b|\b(?:national|local)\s+(?:and\s+local\s+)?data\b|"
         r"\btime\s+stud(?:y|ies)\b|\baudits?\b", True, "the text counts or describes from records or surveys"),
]


def _design_for(comparison: str, gazetteer: Gazetteer) -> str | None:
    """The study design the comparison concept names as its close match, if any."""
    match = next(iter(gazetteer.graph.objects(expand(comparison), SKOS.closeMatch)), None)
    return curie(match) if match is not None else None


def _same_sentence(text: str, a: dict, b: dict) -> bool:
    start, end = sorted(a["span"] + b["span"])[0], sorted(a["span"] + b["span"])[-1]
    return not re.search(r"[.!?](?:\s|$)|\n", text[start:end])


def study_comparisons(text: str, gazetteer: Gazetteer, skip_to: int = 0) -> list[dict]:
    """Each comparison kind the text's words say the evaluation made, at its first and surest words."""
    found: dict[str, dict] = {}
    for cue in CUES:
        kept = found.get(cue.comparison)
        if kept is not None and kept["accept"]:
            continue
        match = cue.words.search(text, skip_to)
        if match is None:
            continue
        found[cue.comparison] = {
            "comparison": cue.comparison, "design": _design_for(cue.comparison, gazetteer),
            "matched_text": match.group(0), "span": [match.start(), match.end()],
            "line": text.count("\n", 0, match.start()) + 1, "accept": cue.sure, "reason": cue.reason}
    before_after, descriptive = found.get("comparison:before-after"), found.get("comparison:descriptive")
    if before_after and before_after["accept"] and descriptive and _same_sentence(text, before_after, descriptive):
        del found["comparison:descriptive"]  # "surveyed before and after the programme" is the before-after comparison
    randomised = found.get("comparison:randomised-trial")
    group = found.get("comparison:comparison-group")
    if randomised and randomised["accept"] and group and group["accept"]:
        group.update(accept=False, reason="the trial's own control group? accept only if a second, non-random group is compared")
    order = [c.comparison for c in CUES]
    return sorted(found.values(), key=lambda c: order.index(c["comparison"]))


def study_design(comparisons: list[dict]) -> dict | None:
    """The accepted comparison with a group (randomised, then otherwise) that a result set against a group takes."""
    for kind in ("comparison:randomised-trial", "comparison:comparison-group"):
        for comparison in comparisons:
            if comparison["comparison"] == kind and comparison["accept"]:
                return comparison
    return None
