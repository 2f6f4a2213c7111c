"""Whether a typed literal's text is a valid value of its XML Schema datatype.

Parsers and stores keep an ill-typed literal as it was written ("sometime"^^xsd:gYear,
"2017-13-45"^^xsd:date), and every query that compares or sorts by it then quietly skips it;
the build refuses them instead (csckg/vocabulary.py).
"""

from __future__ import annotations

import datetime
import re

XSD = "http://www.w3.org/2001/XMLSchema#"
_ZONE = r"(?:Z|[+-](?:(?:0\d|1[0-3]):[0-5]\d|14:00))?"
_YEAR = r"-?(?:[1-9]\d{4,}|\d{4})"
_DECIMAL = r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)"


def _leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def _date(text: str) -> bool:
    match = re.fullmatch(rf"({_YEAR})-(\d\d)-(\d\d){_ZONE}", text)
    if not match:
        return False
    year, month, day = (int(part) for part in match.groups())
    try:  # a real day of the calendar: checked in a year with the same leap day
        datetime.date(2000 if _leap(year) else 2001, month, day)
    except ValueError:
        return False
    return True


def _date_time(text: str) -> bool:
    date, sep, time = text.partition("T")
    match = re.fullmatch(rf"(\d\d):([0-5]\d):([0-5]\d(?:\.\d+)?){_ZONE}", time)
    if not sep or not match or not _date(date):
        return False
    hour = int(match.group(1))
    return hour < 24 or (hour == 24 and match.group(2) == "00" and float(match.group(3)) == 0)


def _pattern(expression: str):
    compiled = re.compile(expression)
    return lambda text: compiled.fullmatch(text) is not None


_INTEGER = _pattern(r"[+-]?\d+")
CHECKS = {
    "date": _date,
    "dateTime": _date_time,
    "gYear": _pattern(rf"{_YEAR}{_ZONE}"),
    "gYearMonth": _pattern(rf"{_YEAR}-(?:0[1-9]|1[0-2]){_ZONE}"),
    "integer": _INTEGER, "int": _INTEGER, "long": _INTEGER,
    "nonNegativeInteger": _pattern(r"\+?\d+|-0+"),
    "positiveInteger": lambda text: _INTEGER(text) and int(text) > 0,
    "decimal": _pattern(_DECIMAL),
    "double": _pattern(rf"{_DECIMAL}(?:[eE][+-]?\d+)?|[+-]?INF|NaN"),
    "float": _pattern(rf"{_DECIMAL}(?:[eE][+-]?\d+)?|[+-]?INF|NaN"),
    "boolean": _pattern(r"true|false|1|0"),
}
HINTS = {
    "date": "a date is YYYY-MM-DD, a real day of the calendar", "dateTime": "YYYY-MM-DDThh:mm:ss",
    "gYear": "a year is YYYY", "gYearMonth": "a month is YYYY-MM",
    "boolean": "true or false",
}


def checked_datatypes() -> list[str]:
    """The datatype IRIs whose values are checked."""
    return [XSD + name for name in CHECKS]


def literal_problem(text: str, datatype: str) -> str | None:
    """Why ``text`` is not a valid value of ``datatype`` (an XSD IRI), or None."""
    name = datatype[len(XSD):] if datatype.startswith(XSD) else None
    check = CHECKS.get(name)
    if check is None or check(text):
        return None
    hint = HINTS.get(name, f"a number written as xsd:{name}")
    return f'"{text}"^^xsd:{name} is not a valid xsd:{name} ({hint})'
