"""The meeting date, from a "Date: ..." line, a date in the first lines or title, or a hint.

Regexes handle the common English and ISO forms; dateparser is the fallback for other
languages ("14 mars 2026"). Nothing here ever falls back to today's date: no date found is None.
"""

from __future__ import annotations

import datetime as dt
import re

from .textspans import Line

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = "(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_ORD = r"(?:st|nd|rd|th)?"
_PATTERNS = (
    re.compile(r"(?<!\d)(?P<year>\d{4})[-/.](?P<mon>\d{1,2})[-/.](?P<day>\d{1,2})(?!\d)"),
    re.compile(rf"(?<!\d)(?P<day>\d{{1,2}}){_ORD}\.?\s+(?:of\s+)?{_MONTH},?\s+(?P<year>\d{{4}})(?!\d)", re.I),
    re.compile(rf"\b{_MONTH}\s+(?P<day>\d{{1,2}}){_ORD},?\s+(?P<year>\d{{4}})(?!\d)", re.I),
    re.compile(r"(?<![\d/.])(?P<a>\d{1,2})[/.](?P<b>\d{1,2})[/.](?P<year>\d{4})(?!\d)"),
)
LABEL_LINE = re.compile(
    r"^[ \t]*(?:NOTE[ \t]+)?(?:[-*•][ \t]+)?(?:\*\*|__)?(?P<label>[^\W\d_][^\W\d_ ]*(?: [^\W\d_]+){0,2})"
    r"(?:\*\*|__)?[ \t]*:(?:\*\*|__)?[ \t]*(?P<value>\S.*)$"
)
_DATE_LABELS = frozenset(
    ("date", "meeting date", "when", "held on", "datum", "fecha", "data", "date of meeting")
)
_RELATIVE = re.compile(r"\b(?:ago|today|yesterday|tomorrow|next|last|this|now)\b", re.I)
_SCAN_LINES = 60
_FIRST_LINES = 10
_SCAN_CHARS = 400


def _make(year: int, month: int, day: int) -> dt.date | None:
    if not 1900 <= year <= 2100:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def date_in(text: str) -> dt.date | None:
    """The first ISO, "14 March 2026", "March 14, 2026" or "14/03/2026" date in `text`."""
    found: list[tuple[int, dt.date]] = []
    for pattern in _PATTERNS:
        for match in pattern.finditer(text):
            groups = match.groupdict()
            year = int(groups["year"])
            if groups.get("month"):
                date = _make(year, _MONTHS[groups["month"].lower()], int(groups["day"]))
            elif groups.get("mon"):
                date = _make(year, int(groups["mon"]), int(groups["day"]))
            else:
                a, b = int(groups["a"]), int(groups["b"])
                # Day first unless that is impossible: most partner meetings are outside the US.
                date = _make(year, b, a) if a > 12 or b <= 12 else _make(year, a, b)
            if date is not None:
                found.append((match.start(), date))
                break
    return min(found)[1] if found else None


def _dateparser(value: str) -> dt.date | None:
    # Only explicit, absolute dates: relative words would resolve against today.
    if not re.search(r"\d{4}", value) or _RELATIVE.search(value):
        return None
    import dateparser  # slow to import and to run; only reached when the regexes fail

    parsed = dateparser.parse(value, settings={"REQUIRE_PARTS": ["day", "month", "year"]})
    return _make(parsed.year, parsed.month, parsed.day) if parsed else None


def date_from_value(value: str) -> dt.date | None:
    """A date written as a field value, e.g. the part after "Date:"."""
    value = value.strip()[:_SCAN_CHARS]
    return date_in(value) or _dateparser(value)


def detect_date(lines: list[Line], hint: str | None = None) -> dt.date | None:
    """A labelled date line, else a date in the first non-blank lines, else the hint."""
    for line in lines[:_SCAN_LINES]:
        match = LABEL_LINE.match(line.text[:_SCAN_CHARS])
        if match and match.group("label").lower() in _DATE_LABELS:
            date = date_from_value(match.group("value"))
            if date is not None:
                return date
    first = [line.text[:_SCAN_CHARS] for line in lines[:_SCAN_LINES] if not line.blank][:_FIRST_LINES]
    for text in first:
        date = date_in(text)
        if date is not None:
            return date
    if hint:
        return date_from_value(hint)
    return None
