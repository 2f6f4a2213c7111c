"""Draft the evidence a plain-text evaluation states: its findings with their numbers, and its
particulars (report number, date, authors, publisher, funding, start date, samples, periods).

Everything drafted keeps the exact span it came from, so the analyst can check it against the
words. Findings are drafted one per sentence that states a result, with ``accept: false`` and
no description: the analyst writes the description in their own words. The rules are plain
patterns over the sentence, written for the way English evaluation summaries state results:

* a number is a value with its unit (percent, pounds, count, days, months, ratio) and role:
  "from 36% to 14%" is a before and an after, "fell by 12%" a change, "£18.20 for every £1"
  a ratio, "£2,100 per family" pounds per unit, "estimated" an estimate;
* direction from the verbs (fell, rose, improved, no difference) and the domain (fewer children
  in care is good, fewer families reached is not);
* comparison from the design words in the sentence ("randomised", "compared with",
  "before and after"), else from the numbers (a count is descriptive, views are qualitative);
* significance and hedge as the sentence states them.
"""

from __future__ import annotations

import re
from decimal import Decimal

from .design import study_comparisons, study_design
from .gazetteer import Gazetteer
from .recognise import recognise

_MONTHS = ("January|February|March|April|May|June|July|August|September|October|November|December|"
           "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec")
_MONTH_NUMBER = {m[:3].lower(): i for i, m in enumerate(
    "January February March April May June July August September October November December".split(), 1)}
_WORD_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                 "ten": 10, "eleven": 11, "twelve": 12, "eighteen": 18, "twenty": 20, "twenty-four": 24}
_SCALE = {"m": 1_000_000, "million": 1_000_000, "bn": 1_000_000_000, "billion": 1_000_000_000,
          "k": 1_000, "thousand": 1_000}
_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"

_RATIO = re.compile(rf"£\s?(?P<n>{_NUM})\s+(?:for|per)\s+(?:every\s+)?£\s?1\b(?:\s+(?:spent|invested))?")
_MONEY = re.compile(rf"£\s?(?P<n>{_NUM})(?:\s?(?P<scale>m|bn|k|million|billion|thousand)\b)?"
                    r"(?P<per>\s+(?:per|a|for\s+each)\s+(?:family|child|case|young\s+person|year|worker|place|week))?")
_PERCENT = re.compile(rf"(?P<n>{_NUM})\s?(?:%|per\s?cent\b|percent\b|percentage\s+points?\b)")
_DURATION = re.compile(rf"(?P<n>{_NUM})\s+(?P<unit>days?|months?)\b")
_COUNT = re.compile(rf"(?<![\w£.,])(?P<n>{_NUM})(?![\w%£]|[.,]\d)(?!\s?(?:%|per\s?cent|percent|days?|months?|weeks?|years?)\b)")
#: "from 36% to 14%", "from 503 incidents in the year before the hubs to 253": a before and an after
_FROM_TO = re.compile(r"\bfrom\s+(?P<a>£?\s?[\d.,]+\s?(?:%|per\s?cent)?)\s+(?:[^\d.;:£%\n]{0,60}?\s)?to\s+"
                      r"(?P<b>£?\s?[\d.,]+\s?(?:%|per\s?cent)?)", re.I)
_CHANGE = re.compile(r"\b(?:(?:f[ea]ll|rose|risen|reduced|increased|dropped|declined|down|up|cut|improved|lower|higher)\s+by|"
                     r"(?:fall|drop|rise|reduction|increase|decrease|cut|improvement|difference)\s+of)\s+$", re.I)
#: "14%, down from 36%": the number after these words is the earlier value
_EARLIER = re.compile(r"\b(?:down|up|fallen|risen|dropped|reduced|increased|rising|falling)\s+from\s+$", re.I)
_VERSUS = re.compile(r"\b(?:compared\s+(?:with|to)|against|versus|vs\.?)\s+$", re.I)
_ESTIMATE = re.compile(r"\b(?:estimat\w*|projected|forecast\w*|predict\w*|modelled|would\s+save|could\s+save)\b", re.I)
_PERIOD_BEFORE = re.compile(r"\b(?:over|during|within|for|in)\s+(?:the\s+)?(?:first\s+|last\s+|next\s+)?$", re.I)
_YEAR = re.compile(r"^(?:19|20)\d\d$")

_RESULT = re.compile(
    r"\b(?:f[ea]ll|falling|rose|risen|rising|reduc\w+|increas\w+|improv\w+|declin\w+|drop\w*|halved|doubled|"
    r"higher|lower|fewer|more\s+(?:likely|families|children|stable)|less\s+likely|better|worse|"
    r"sav(?:ed|ing|ings)|no\s+(?:significant\s+)?(?:difference|change|effect)|did\s+not\s+(?:change|improve|differ)|"
    r"unchanged|stable|found\s+that|reported|said|described|felt|valued|significant\w*|gains?)\b", re.I)
_DOWN = re.compile(r"\b(?:f[ea]ll|falling|reduc\w+|declin\w+|drop\w*|halved|lower|fewer|less|down|shorter|cut)\b", re.I)
_UP = re.compile(r"\b(?:rose|risen|rising|increas\w+|doubled|higher|more|up|longer|grew)\b", re.I)
_GOOD = re.compile(r"\b(?:improv\w+|better|sav(?:ed|ing|ings)|valued|positive\w*|confiden\w+|reliable|easier|"
                   r"welcomed|benefit\w*)\b", re.I)
_BAD = re.compile(r"\b(?:worse|deteriorat\w+|negative\w*|harder|difficult)\b", re.I)
_NO_CHANGE = re.compile(r"\b(?:no\s+(?:statistically\s+)?(?:significant\s+|measurable\s+)?(?:difference|change|effect|"
                        r"improvement|gain)|did\s+not\s+(?:change|improve|differ)|unchanged|remained\s+(?:the\s+same|stable))\b", re.I)
#: domains where fewer is better (children in care, plans, referrals, costs, sickness)
_LOWER_IS_BETTER = {"domain:children-looked-after", "domain:child-protection-plans", "domain:children-in-need",
                    "domain:repeat-referrals", "domain:cost"}
_DOMAIN_WORDS = [
    ("domain:cost", re.compile(r"£|\bcosts?\b|\bsav(?:ed|ing|ings)\b|value for money", re.I)),
    ("domain:children-looked-after", re.compile(r"\b(?:in|into|entering|entered|enter)\s+care\b|looked[\s-]after", re.I)),
    ("domain:child-protection-plans", re.compile(r"child protection", re.I)),
    ("domain:repeat-referrals", re.compile(r"re-?referr\w+|repeat referr\w+|escalat\w+", re.I)),
    ("domain:children-in-need", re.compile(r"children in need", re.I)),
    ("domain:workforce", re.compile(r"\b(?:staff|social workers?|practitioners?|sickness|turnover|vacanc\w+|"
                                    r"agency workers?|caseloads?|stress|wellbeing)\b", re.I)),
    ("domain:family-experience", re.compile(r"\b(?:families|parents|young people|children)\s+(?:said|described|"
                                            r"reported|felt|valued)", re.I)),
]
_COMPARISONS = [
    ("comparison:randomised-trial", re.compile(r"\brandomi[sz]\w*", re.I)),
    ("comparison:historic-case-matching", re.compile(r"\bmatched\b", re.I)),
    ("comparison:comparison-group", re.compile(r"\b(?:comparison|control)\s+(?:group|areas?|authorit\w+|sites?|units?)|"
                                               r"compared\s+(?:with|to)\s+(?:similar|other|matched)", re.I)),
    ("comparison:cost-calculation", re.compile(r"£|\bsav(?:ed|ing|ings)\b|\bcosts?\b", re.I)),
    ("comparison:projection", _ESTIMATE),
    ("comparison:before-after", re.compile(r"\bbefore\s+and\s+after|\bfrom\s+£?[\d.,]+.*\bto\s+£?[\d.,]+|"
                                           r"\b(?:f[ea]ll|rose|reduc\w+|increas\w+|declin\w+|halved)\b|year\s+before", re.I)),
]
_SIGNIFICANT = re.compile(r"\b(?:statistically\s+significant|significantly|p\s?<\s?0?\.0[15])\b", re.I)
_NOT_SIGNIFICANT = re.compile(r"\b(?:not\s+(?:statistically\s+)?significant|no\s+(?:statistically\s+)?significant|"
                              r"non-significant)\b", re.I)
_HEDGE = re.compile(r"\b(?:suggests?|suggested|indicat\w+|may|might|appears?\s+to|appeared\s+to|tentative\w*|"
                    r"early\s+signs?|promising|likely|estimated|provisional)\b", re.I)
_QUALITATIVE = re.compile(r"\b(?:said|described|felt|reported|told|valued|views?|interview\w*)\b", re.I)
_NOT_A_FINDING = re.compile(r"\b(?:grant|funded|funding|aim(?:s|ed)?|set out to|evaluat(?:ed|ion)\s+(?:by|used)|"
                            r"started|began|launched|published|authors?)\b", re.I)
#: a sentence that says how the study was done ("The evaluators interviewed 24 staff"): its numbers are samples
_METHOD = re.compile(r"\b(?:evaluators?|researchers?|reviewers?|evaluation|study|review|we)\s+(?:\w+\s+)?"
                     r"(?:interviewed|surveyed|observed|analysed|collected|read|used|drew|combined|followed|compared)\b",
                     re.I)

# --- numbers --------------------------------------------------------------------------------


def number(text: str) -> Decimal:
    """'1,200' -> 1200, '18.20' -> 18.20."""
    return Decimal(text.replace(",", ""))


def _plain(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def _value(num: Decimal, unit: str, role: str, start: int, end: int, sentence: str, offset: int, **extra) -> dict:
    """A value; ``start`` and ``end`` are in the sentence, its span in the whole text."""
    return {"number": _plain(num), "unit": unit, "role": role, "as_written": sentence[start:end],
            "span": [offset + start, offset + end], **extra}


def values_in(sentence: str, offset: int = 0) -> list[dict]:
    """Every number a sentence states, as values with unit and role, spans in the whole text."""
    taken: list[tuple[int, int]] = []
    out: list[dict] = []

    def free(s, e):
        return not any(s < te and ts < e for ts, te in taken)

    def add(value: dict, s: int, e: int):
        out.append(value)
        taken.append((s, e))

    pairs = {}
    for match in _FROM_TO.finditer(sentence):
        for group, role in (("a", "valuerole:before"), ("b", "valuerole:after")):
            written = match.group(group)
            start = match.start(group) + len(written) - len(written.lstrip("£ "))
            pairs[start] = role
            pairs[match.start(group)] = role

    def role_at(s: int, e: int) -> str:
        if s in pairs:
            return pairs[s]
        for start, role in pairs.items():
            if start <= s < start + 3 or (start <= s and sentence[start:s].strip() in ("", "£")):
                return role
        if _CHANGE.search(sentence[max(0, s - 30):s]):
            return "valuerole:change"
        if _EARLIER.search(sentence[max(0, s - 20):s]):
            return "valuerole:before"
        if _VERSUS.search(sentence[max(0, s - 25):s]):
            return "valuerole:comparison"
        following = re.split(r"[\d£]|[.;](?:\s|$)", sentence[e:], maxsplit=1)[0]
        if re.search(r"\b(?:afterwards|at\s+the\s+end|after\s+(?:the\s+)?(?:training|change|programme))\b", following, re.I):
            return "valuerole:after"
        if re.search(r"\b(?:before(?:hand)?|at\s+(?:the\s+)?(?:start|baseline))\W*$", following, re.I):
            return "valuerole:before"
        if _PERIOD_BEFORE.search(sentence[max(0, s - 20):s]) and re.match(r"\S+\s+(?:days|months)", sentence[s:]):
            return "valuerole:observed"
        estimate = _ESTIMATE.search(sentence)
        if estimate and estimate.start() < s:
            return "valuerole:estimate"
        return "valuerole:observed"

    for match in _RATIO.finditer(sentence):
        s, e = match.span()
        add(_value(number(match.group("n")), "unit:UNITLESS", "valuerole:estimate" if _ESTIMATE.search(sentence)
                   else "valuerole:observed", s, e, sentence, offset, qualifier="pounds for every £1"), s, e)
    for match in _MONEY.finditer(sentence):
        s, e = match.span()
        if not free(s, e):
            continue
        amount = number(match.group("n")) * _SCALE.get((match.group("scale") or "").lower(), 1)
        extra = {"qualifier": " ".join(match.group("per").split())} if match.group("per") else {}
        written_end = e if match.group("per") is None else match.start("per")
        add(_value(amount, "unit:CCY_GBP", role_at(s, written_end), s, written_end, sentence, offset, **extra), s, e)
    for match in _PERCENT.finditer(sentence):
        s, e = match.span()
        if free(s, e):
            add(_value(number(match.group("n")), "unit:PERCENT", role_at(s, e), s, e, sentence, offset), s, e)
    for match in _DURATION.finditer(sentence):
        s, e = match.span()
        if free(s, e):
            unit = {"d": "unit:DAY", "m": "unit:MO"}[match.group("unit")[0]]
            add(_value(number(match.group("n")), unit, role_at(s, e), s, e, sentence, offset), s, e)
    named_unit = re.search(r"\b(days|months)\b", sentence, re.I)
    for match in _COUNT.finditer(sentence):
        s, e = match.span()
        if not free(s, e) or _YEAR.match(match.group("n")) or _is_label_number(sentence, s):
            continue
        unit = "unit:NUM"
        if s in pairs and named_unit and named_unit.start() < s:  # "Days in care fell from 20.5 to 9.8"
            unit = {"d": "unit:DAY", "m": "unit:MO"}[named_unit.group(1)[0].lower()]
        add(_value(number(match.group("n")), unit, role_at(s, e), s, e, sentence, offset), s, e)
    out.sort(key=lambda v: v["span"][0])
    _mark_groups(out)
    _mark_later(out, sentence, offset)
    _apposition(out, sentence, offset)
    return out


def _mark_groups(values: list[dict]) -> None:
    """A value set against a comparison group's value ("23% compared with 34%") is the intervention group's."""
    for i, value in enumerate(values):
        if value["role"] == "valuerole:comparison":
            for earlier in values[:i][::-1]:
                if earlier["unit"] == value["unit"] and earlier["role"] == "valuerole:observed":
                    earlier["role"] = "valuerole:intervention"
                    break


def _mark_later(values: list[dict], sentence: str, offset: int) -> None:
    """A value stated before one it is "down from" or "up from" ("14%, down from 36%") is the later one."""
    for previous, value in zip(values, values[1:]):
        between = sentence[previous["span"][1] - offset:value["span"][0] - offset]
        if _EARLIER.search(between) and previous["unit"] == value["unit"] and previous["role"] == "valuerole:observed":
            previous["role"] = "valuerole:after"


def _apposition(values: list[dict], sentence: str, offset: int) -> None:
    """A value put in apposition to another ("fall by £1.2m, 14% of ...") plays the same part."""
    for previous, value in zip(values, values[1:]):
        between = sentence[previous["span"][1] - offset:value["span"][0] - offset]
        if between in (", ", " (") and previous["role"] in ("valuerole:change", "valuerole:before", "valuerole:after"):
            value["role"] = previous["role"]


def _is_label_number(sentence: str, start: int) -> bool:
    """'Wave 1', 'report 52', 'Appendix 2', '1 April': numbers that name rather than count."""
    before = sentence[max(0, start - 12):start]
    after = sentence[start:start + 16]
    return bool(re.search(r"(?:wave|phase|report|no\.|number|appendix|table|figure|section|round|year|tier)\s+$",
                          before, re.I)) or bool(re.match(rf"\d+\s+(?:{_MONTHS})\b", after))


def numbers_in(text: str) -> set[Decimal]:
    """Every number in a piece of text, in every reading values_in gives it (for checking a value)."""
    return {Decimal(str(v["number"])) for v in values_in(text)} | {number(m) for m in re.findall(_NUM, text)}


# --- sentences ------------------------------------------------------------------------------


def sentences(text: str) -> list[tuple[int, int]]:
    """The [start, end) of each sentence, never across a line break."""
    spans = []
    for line in re.finditer(r"[^\n]+", text):
        for match in re.finditer(r"\S.*?(?:[.!?](?=\s|$)|$)", line.group(0)):
            if match.group(0).strip():
                spans.append((line.start() + match.start(), line.start() + match.end()))
    return spans


def _domain(sentence: str, gazetteer: Gazetteer) -> str | None:
    for mention in recognise(sentence, gazetteer, near_misses=False):
        if mention.entry.kind == "domain":
            return mention.entry.curie
    return next((domain for domain, words in _DOMAIN_WORDS if words.search(sentence)), None)


def _direction(sentence: str, domain: str | None) -> str | None:
    if _NO_CHANGE.search(sentence):
        return "direction:no-change"
    good, bad = bool(_GOOD.search(sentence)), bool(_BAD.search(sentence))
    down, up = bool(_DOWN.search(sentence)), bool(_UP.search(sentence))
    if domain in _LOWER_IS_BETTER and (down or up) and not (down and up):
        good, bad = good or down, bad or up
    elif down and not up and not good:
        bad = True
    elif up and not down:
        good = True
    if good and bad:
        return "direction:mixed"
    # Nothing says which way: left for the analyst (direction:inconclusive would claim that the
    # source says no conclusion can be drawn).
    return "direction:positive" if good else "direction:negative" if bad else None


def _comparison(sentence: str, values: list[dict], design: dict | None = None) -> tuple[str, str]:
    """(comparison, why) from the sentence's words; a result set against a group ("23% compared with
    34%") takes the study's design, where the text states one (csckg.link.design)."""
    against = any(v["role"] in ("valuerole:comparison", "valuerole:intervention") for v in values) \
        or re.search(r"\bgroup\b|\bcompared\s+(?:with|to)\b", sentence, re.I)
    if design and against:
        return design["comparison"], f"set against a group, in a study that says '{design['matched_text']}' (line {design['line']})"
    for comparison, words in _COMPARISONS:
        found = words.search(sentence)
        if found:
            return comparison, f"the sentence says '{found.group(0)}'"
    if values:
        return "comparison:descriptive", "numbers with nothing to compare them with"
    return "comparison:qualitative", "a statement with no numbers"


def _test(sentence: str) -> str:
    if _NOT_SIGNIFICANT.search(sentence):
        return "test:not-significant"
    if _SIGNIFICANT.search(sentence):
        return "test:significant"
    return "test:not-reported"


def draft_findings(text: str, gazetteer: Gazetteer, skip_to: int = 0, comparisons: list[dict] | None = None) -> list[dict]:
    """Candidate findings, one per sentence after ``skip_to`` (the title) that states a result;
    ``comparisons`` are the study's (csckg.link.design.study_comparisons), read from the text if not given."""
    findings = []
    models = [m for m in recognise(text, gazetteer, near_misses=False) if m.entry.kind in ("model", "element")]
    design = study_design(comparisons if comparisons is not None else study_comparisons(text, gazetteer, skip_to))
    for start, end in sentences(text):
        if start < skip_to:
            continue
        sentence = text[start:end]
        values = values_in(sentence, start)
        if _METHOD.search(sentence) and not (_DOWN.search(sentence) or _UP.search(sentence) or _NO_CHANGE.search(sentence)):
            continue
        if not values and (not _RESULT.search(sentence) or _NOT_A_FINDING.search(sentence)):
            continue
        domain = _domain(sentence, gazetteer)
        finding = {
            "accept": False,
            "label": None,
            "description": None,
            "text": sentence,
            "span": [start, end],
            "line": text.count("\n", 0, start) + 1,
            "measure": None,
            "outcome_domain": domain,
            "direction": _direction(sentence, domain),
            "comparison": None,
            "test": _test(sentence),
        }
        finding["comparison"], finding["comparison_because"] = _comparison(sentence, values, design)
        hedge = _HEDGE.search(sentence)
        if hedge:
            finding["hedge"] = hedge.group(0)
        if values:
            finding["values"] = values
        credited = sorted({m.entry.curie for m in models if start <= m.start < end})
        if credited:
            finding["attributed_to"] = credited
        findings.append(finding)
    return findings


# --- the particulars ------------------------------------------------------------------------

#: "Research report number 57", "Evaluation Report 49", "DFE-RR123": the report's number in its series
_REPORT_NUMBER = re.compile(r"\b(?:(?P<series>(?:(?:research|evaluation)\s+)?report)\s+(?:(?:number|no\.?)\s*)?"
                            r"(?P<a>[A-Z]*-?\d[\w-]*)|(?P<b>DFE-RR\d+\w*))", re.I)
_PUBLISHED = re.compile(rf"\bpublished\b[^.\n]{{0,60}}?\s(?:in\s+|on\s+)?(?:(?P<day>\d{{1,2}})\s+)?(?P<month>{_MONTHS})?\s*(?P<year>(?:19|20)\d\d)", re.I)
_PUBLISHER = re.compile(r"\b(?i:published)\s+by\s+(?:the\s+)?(?P<name>[A-Z][\w'’]*(?:[ \t]+(?:for|of|and|the)?[ \t]*[A-Z][\w'’]*)*)")
_AUTHORS = re.compile(r"^(?:authors?|by)\s*:?\s+(?P<names>[A-Z][^\n]*?)\s*$", re.I | re.M)
_START = re.compile(rf"\b(?:start(?:ed|ing)?|began|begun|launched|ran\s+from|running\s+from|from)\s+(?:in\s+)?"
                    rf"(?P<month>{_MONTHS})\s+(?P<year>(?:19|20)\d\d)", re.I)
_FUNDING = re.compile(rf"(?:grant|funding|award(?:ed)?|funded)\b[^.\n£]{{0,40}}(?P<amount>£\s?(?:{_NUM})(?:\s?(?:m|bn|k|million)\b)?)|"
                      rf"(?P<amount2>£\s?(?:{_NUM})(?:\s?(?:m|bn|k|million)\b)?)\s+(?:grant|of\s+funding|from\s+the)", re.I)
_SAMPLED = (r"(?:families|children|parents|carers|women|mothers|fathers|young\s+people|staff|social\s+workers|"
            r"practitioners|managers|foster\s+carers|cases|case\s+files|units|teams|local\s+authorities|councils|"
            r"conferences|meetings)")
_SAMPLE = re.compile(rf"\b(?P<n>{_NUM}|{'|'.join(_WORD_NUMBERS)})\s+(?P<unit>(?:\w+\s){{0,2}}?{_SAMPLED})\s+"
                     r"(?P<how>were\s+(?:interviewed|surveyed|observed|included|sampled)|"
                     r"took\s+part|(?:were\s+)?in\s+the\s+(?:sample|study|trial|evaluation)|completed|responded)", re.I)
#: "interviewed 24 staff and 18 families", "read 60 case files", "observed 12 child protection conferences"
_SAMPLE_AFTER = re.compile(rf"\b(?P<how>interviewed|surveyed|observed|read|followed|randomised|audited)\s+(?P<list>"
                           rf"(?:{_NUM}|{'|'.join(_WORD_NUMBERS)})\s+(?:\w+\s){{0,2}}?{_SAMPLED}"
                           rf"(?:(?:,\s*|\s+and\s+)(?:{_NUM}|{'|'.join(_WORD_NUMBERS)})\s+(?:\w+\s){{0,2}}?{_SAMPLED})*)",
                           re.I)
_SAMPLE_ITEM = re.compile(rf"(?P<n>{_NUM}|{'|'.join(_WORD_NUMBERS)})\s+(?P<unit>(?:\w+\s){{0,2}}?{_SAMPLED})", re.I)
_PERIOD = re.compile(rf"\b(?:over|during|for|across)\s+(?:the\s+)?(?:first\s+)?(?P<n>\d+|{'|'.join(_WORD_NUMBERS)})\s+"
                     rf"(?P<unit>months|years|weeks)\b|\bbetween\s+(?P<from>(?:{_MONTHS})\s+(?:19|20)\d\d)\s+and\s+"
                     rf"(?P<to>(?:{_MONTHS})\s+(?:19|20)\d\d)", re.I)


def report_identifier(match: re.Match) -> str:
    """The report's series and number as one identifier: 'Evaluation Report 49', 'Research report 57', 'DFE-RR123'."""
    if match.group("b"):
        return match.group("b")
    return f"{' '.join(match.group('series').split())} {match.group('a')}"


def _month(name: str | None, year: str, day: str | None = None) -> str:
    if not name:
        return year
    month = f"{year}-{_MONTH_NUMBER[name[:3].lower()]:02d}"
    return f"{month}-{int(day):02d}" if day else month


def _count(word: str) -> int:
    return _WORD_NUMBERS.get(word.lower()) or int(number(word))


def particulars(text: str) -> dict:
    """What the text states about the report and the study, each with its span; absent if not stated."""
    found: dict = {}

    def put(key, value, match, group=0):
        found.setdefault(key, {"value": value, "text": match.group(group), "span": list(match.span(group))})

    for m in _REPORT_NUMBER.finditer(text):
        if m.group("b") or m.group("series").lower() != "report" or re.search(r"(?:number|no\.?)\s*\S+$", m.group(0), re.I):
            put("report_number", m.group("a") or m.group("b"), m)  # not "Report 5" of a series unnamed
            found["report_number"]["identifier"] = report_identifier(m)
            break
    if (m := _PUBLISHED.search(text)):
        put("date", _month(m.group("month"), m.group("year"), m.group("day")), m)
    if (m := _PUBLISHER.search(text)):
        put("publisher", m.group("name"), m, "name")
    if (m := _AUTHORS.search(text)):
        names = [n.strip() for n in re.split(r",\s*|\s+and\s+", m.group("names")) if n.strip()]
        put("authors", names, m, "names")
    if (m := _START.search(text)):
        put("start_date", _month(m.group("month"), m.group("year")), m)
    if (m := _FUNDING.search(text)):
        group = "amount" if m.group("amount") else "amount2"
        written = m.group(group)
        scale = re.search(r"(m|bn|k|million)\b", written)
        amount = number(re.search(_NUM, written).group(0)) * (_SCALE[scale.group(1).lower()] if scale else 1)
        put("funding", {"number": _plain(amount), "unit": "unit:CCY_GBP", "as_written": written}, m, group)
    samples = [{"size": _count(m.group("n")), "counts": " ".join(m.group("unit").split()) + " " +
                " ".join(m.group("how").split()), "text": m.group(0), "span": list(m.span())}
               for m in _SAMPLE.finditer(text)]
    for m in _SAMPLE_AFTER.finditer(text):
        for item in _SAMPLE_ITEM.finditer(m.group("list")):
            start = m.start("list") + item.start()
            samples.append({"size": _count(item.group("n")), "counts": f"{' '.join(item.group('unit').split())} "
                            f"{m.group('how').lower()}", "text": item.group(0), "span": [start, start + len(item.group(0))]})
    samples.sort(key=lambda sample: sample["span"][0])
    if samples:
        found["samples"] = samples
    periods = [{"text": m.group(0), "span": list(m.span()),
                "value": (f"{_count(m.group('n'))} {m.group('unit').lower()}" if m.group("n")
                          else f"{m.group('from')} to {m.group('to')}")} for m in _PERIOD.finditer(text)]
    if periods:
        found["periods"] = periods
    return found
