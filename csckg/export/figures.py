"""Numbers as the sources state them: £27,000 not 27000.0, 36% → 14% for a before/after pair,
"just over £1,200,000" with the source's hedging word, "£1,000 to £2,000" for a range.

A figure is one csc:Value (queries/pages/figures.rq); a finding's figures are read together so
that a before and an after value, or a lower and an upper bound, of the same finding become one
line.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

UNIT = "http://qudt.org/vocab/unit/"
ROLE = "https://w3id.org/csckg/value-role/"

#: unit -> (before the number, after the number, after it when it is not 1)
UNITS = {
    "CCY_GBP": ("£", "", ""),
    "PERCENT": ("", "%", "%"),
    "MO": ("", " month", " months"),
    "DAY": ("", " day", " days"),
    "YR": ("", " year", " years"),
    "WK": ("", " week", " weeks"),
    "HR": ("", " hour", " hours"),
}

#: how a role is shown after the number; observed values need no word
ROLE_WORDS = {"estimate": "estimate", "change": "change", "target": "target", "before": "before",
              "after": "after", "lower-bound": "at least", "upper-bound": "at most"}


def number_text(number: str, unit: str | None = None) -> str:
    """'£27,000' for ('27000.0', unit:CCY_GBP); '36%'; '5,913'; '1.5'; '16 months'."""
    try:
        value = Decimal(number)
    except (InvalidOperation, TypeError):
        return str(number)
    value = value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()
    digits = f"{value:,}"
    before, one, many = UNITS.get((unit or "").removeprefix(UNIT), ("", "", ""))
    return f"{before}{digits}{one if value == 1 else many}"


@dataclass
class Figure:
    """One value of a finding or a project, as the query gives it (IRIs as strings)."""

    number: str
    unit: str | None = None
    role: str | None = None
    qualifier: str | None = None
    measure: str | None = None

    @property
    def role_name(self) -> str:
        return (self.role or "").removeprefix(ROLE)

    def amount(self) -> str:
        text = number_text(self.number, self.unit)
        return f"{self.qualifier} {text}" if self.qualifier else text


def _pair(figures: list[Figure], first: str, second: str, joiner: str) -> tuple[str, Figure] | None:
    """'36% → 14%' when the figures hold exactly one of each role (and no other of either)."""
    left = [f for f in figures if f.role_name == first]
    right = [f for f in figures if f.role_name == second]
    if len(left) == 1 and len(right) == 1:
        return f"{left[0].amount()}{joiner}{right[0].amount()}", left[0]
    return None


def figure_lines(figures: list[Figure]) -> list[str]:
    """The figures of one node as lines a person reads, pairs joined, each with what it measures."""
    rest = list(figures)
    lines = []
    for first, second, joiner, word in (("before", "after", " → ", "before → after"),
                                        ("lower-bound", "upper-bound", " to ", "range")):
        paired = _pair(rest, first, second, joiner)
        if paired:
            text, figure = paired
            rest = [f for f in rest if f.role_name not in (first, second)]
            lines.append(f"{text} ({word})" + (f": {figure.measure}" if figure.measure else ""))
    for figure in rest:
        word = ROLE_WORDS.get(figure.role_name)
        lines.append(figure.amount() + (f" ({word})" if word else "")
                     + (f": {figure.measure}" if figure.measure else ""))
    return lines
