"""The part a name plays in a text, read from the words before it in its sentence.

A name the text mentions is not always part of the project: "built on work in Leeds",
"learnt from Hull", "unlike Signs of Safety" name places and models the project did not use.
The nearest cue before a mention, within its clause, decides its role: a *context* cue
("built on", "learnt from", "compared with", "unlike", "similar to", "beyond" ...) makes it
only mentioned; an *organisation* cue ("evaluated by", "funded by", "delivered by", "led by")
says which part an organisation played. A mention with no cue keeps the role its kind implies
(a model the project used, an authority where it ran). The reason is a line for the proposal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: words that make what follows only a mention, whatever its kind: a contrast or a source of ideas
CONTRAST_CUES = re.compile(
    r"\b(?:learn(?:t|ed|ing|s)?\s+from|compared\s+(?:with|to)|in\s+comparison\s+with|unlike|similar\s+to|"
    r"like\s+(?:the|that|those)|instead\s+of|rather\s+than|advice\s+from|visit(?:ed|s|ing)?|elsewhere|"
    r"other\s+(?:councils|authorities|areas)|following\s+(?:the\s+)?(?:example|lead)\s+of)\b", re.I)
#: words that make a place, organisation or project only a mention, though a model after them is used
#: ("drawing on reflective practice" uses it; "built on work in Leeds" did not run in Leeds)
ORIGIN_CUES = re.compile(
    r"\b(?:buil(?:t|ds?|ding)\s+on|dr(?:ew|aw|awing)\s+on|inspired\s+by|informed\s+by|modelled\s+on|beyond|"
    r"(?:earlier|previous|past)\s+work\s+of|as\s+(?:used|seen|done)\s+in|(?:developed|piloted|originated|devised)\s+in)\b",
    re.I)
#: words just after a name that put it outside the project ("Darlington, which piloted it, is not part of the trial")
#: (the name itself is the subject: nothing, or a clause between commas, stands before the verb)
NOT_PART = re.compile(r"(?:\s*,[^.;\n,]{0,60},)?\s+(?:is|was|are|were)\s+not\s+(?:part\s+of|included\s+in|involved\s+in|"
                      r"taking\s+part)", re.I)
#: an organisation's part, by the nearest of these words before (or just after) its name
ORGANISATION_CUES = [
    ("evaluator", re.compile(r"(?:trial|study|research|evaluation)\s+was\s+(?:run|led|conducted|carried\s+out)\s+by|"
                             r"evaluat\w*|researchers?\b|research\s+team|carried\s+out|conducted\s+by|\bstud(?:y|ied)\b",
                             re.I)),
    ("funded_by", re.compile(r"fund\w*|grant|award(?:ed|s)?\b|lead\s+department|paid\s+for|"
                             r"\b(?:for|on\s+behalf\s+of|commissioned\s+by)\s+(?:the\s+)?$", re.I)),
    ("partner_organisations", re.compile(r"deliver\w*|in\s+partnership\s+with|partners?\b|charity|provided\s+by|"
                                         r"worked\s+with|alongside|commissioned", re.I)),
    ("lead_organisation", re.compile(r"\bled\b|\blead\b|\bleads\b|\bran\b|\bruns\b|run\s+by|developed|"
                                     r"held\s+the\s+(?:[\w'’]+\s+){0,4}?grant|"
                                     r"employ\w*|roll-out|rolled\s+out", re.I)),
]
ROLE_NAMES = {"evaluator": "evaluator", "funded_by": "funder", "partner_organisations": "delivery partner",
              "lead_organisation": "ran the project", "local_authorities": "where it ran",
              "models": "used by the project", "elements": "used by the project", "builds_on": "a project it names"}
ORGANISATION_FIELDS = ("evaluator", "funded_by", "partner_organisations", "lead_organisation")
#: the role of a project the text says it built on ("building on the Leeds Family Valued programme")
BUILT_ON = "earlier work it built on"
_CLAUSE_END = re.compile(r"[.;:!?](?:\s|$)|\n|\bwhile\b|\bwhereas\b|\bbut\b", re.I)
_FOLLOWING = 40  # characters after a name in which an organisation cue still counts ("X evaluated it")
#: an organisation's role is sure only when its cue is this close (in characters) to its name
SURE_DISTANCE = 60
_SENTENCE_END = re.compile(r"[.!?](?:\s|$)|\n")


@dataclass(frozen=True)
class Role:
    """A mention's role: the proposal field, whether it is part of the project, and why."""

    field: str
    role: str
    context_only: bool
    reason: str


def clause_before(text: str, start: int) -> str:
    """The text from the start of the mention's clause (or sentence) to the mention."""
    left = 0
    for match in _CLAUSE_END.finditer(text, 0, start):
        left = match.end()
    return text[left:start]


def _nearest(cue: re.Pattern, before: str) -> tuple[int, str] | None:
    """(distance back from the mention, the cue's words) of the last match of ``cue`` in ``before``."""
    last = None
    for match in cue.finditer(before):
        last = match
    return (len(before) - last.end(), last.group(0)) if last else None


#: what may stand between a cue and the names it governs without weakening it: other names and the
#: words that join them ("evaluated by ICF with the University of Nottingham, the University of
#: Sheffield and The RTK": the cue is as near The RTK as it is ICF)
_JOINED_NAMES = re.compile(r"(?:[A-Z][\w'’&.-]*|\b(?:the|and|of|for|with|at|in|on)\b|[\s,()&])+")


def _words_between(gap: str) -> int:
    """How many characters of ``gap`` are not names or the words that join them, plus two when
    names stand between (so that a cue right after a name, "X funded it", is nearer still)."""
    return len(_JOINED_NAMES.sub("", gap)) + (2 if re.search(r"[A-Z]", gap) else 0)


#: words after a name that make it the organisation that ran the project, whatever came before
#: ("delivered by The Fostering Network, which held the grant")
#: (said of the name itself: right after it, or in a "which"/"who" clause that follows it)
GRANT_HOLDER = re.compile(r"\s*(?:,\s*(?:which|who)\s+|\s+)(?:(?:held|holds|received|won)\s+the\s+(?:[\w'’]+\s+){0,4}?grant\b|"
                          r"(?:was|is)\s+the\s+grant[\s-]holder\b)", re.I)


def _organisation_cue(text: str, start: int, end: int) -> tuple[str, int | None]:
    """(field, distance of its cue from the name; None when the sentence has no cue).

    A name in the text's first line (its title) has no role there: "X Innovation Programme:
    evaluation report" does not say that X evaluated anything.
    """
    first = re.search(r"\S", text)
    title_end = text.find("\n", first.start()) if first else -1
    if start < title_end:
        return ("partner_organisations", None)
    left = 0
    for match in _SENTENCE_END.finditer(text, 0, start):
        left = match.end()
    before = text[left:start]
    limit = _SENTENCE_END.search(text, end)
    rest_of_sentence = text[end:limit.start() if limit else len(text)]
    after = rest_of_sentence[:_FOLLOWING]
    if GRANT_HOLDER.match(rest_of_sentence):
        return ("lead_organisation", 0)
    best: tuple[str, int | None] = ("partner_organisations", None)
    for field, cue in ORGANISATION_CUES:
        found = _nearest(cue, before)
        distances = [_words_between(before[len(before) - found[0]:])] if found else []
        distances += [m.start() for m in cue.finditer(after)]
        if distances and (best[1] is None or min(distances) < best[1]):
            best = (field, min(distances))
    return best


def organisation_field(text: str, start: int, end: int) -> str:
    """evaluator, funded_by, partner_organisations or lead_organisation, by the nearest cue in the sentence."""
    return _organisation_cue(text, start, end)[0]


def role_of(text: str, start: int, end: int, field: str) -> Role:
    """The role of the mention at [start, end) that would go in ``field`` by its kind alone."""
    before = clause_before(text, start)
    following = NOT_PART.match(text, end)
    if following:
        return Role(field, "only mentioned", True,
                    f"only mentioned, '{' '.join(following.group(0).split()[-4:])}': not part of this project")
    cues = [c for c in (_nearest(CONTRAST_CUES, before),
                        None if field in ("models", "elements") else _nearest(ORIGIN_CUES, before)) if c]
    context = min(cues, default=None)
    if context is not None:
        organisation = min((f[0] for _, cue in ORGANISATION_CUES if (f := _nearest(cue, before))), default=None)
        if organisation is None or organisation > context[0]:
            if field == "builds_on" and ORIGIN_CUES.fullmatch(context[1]):
                return Role(field, BUILT_ON, False, f"after '{context[1]}': the earlier work it built on")
            return Role(field, "only mentioned", True,
                        f"only mentioned, after '{context[1]}': not part of this project")
    if field in ORGANISATION_FIELDS:
        _, distance = _organisation_cue(text, start, end)
        if distance is None:
            return Role(field, "named, role not stated", True,
                        "named, but the sentence does not say what it did: choose its field, or leave it")
        if distance > SURE_DISTANCE:
            return Role(field, ROLE_NAMES[field], True,
                        f"{ROLE_NAMES[field]}? the words that say so are {distance} characters away: check")
    return Role(field, ROLE_NAMES.get(field, "named"), False, "")
