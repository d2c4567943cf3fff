"""The meeting date, from a "Date: ..." line, a date in the first lines or title, or a hint.

Regexes handle the common English and ISO forms; dateparser is the fallback for other
languages ("14 mars 2026"). Nothing here ever falls back to today's date: no date found is None.
"""

from __future__ import annotations

import datetime as dt
import re

from .chrome import label_words
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
    # Chinese, Japanese and Korean: "2026年12月2日", "2026년 12월 2일".
    re.compile(r"(?<!\d)(?P<year>\d{4})\s*[年년]\s*(?P<mon>\d{1,2})\s*[月월]\s*(?P<day>\d{1,2})(?!\d)"),
)
_SCAN_ORDER_CHARS = 400_000  # the order is settled long before; bounds the scan of huge inputs
LABEL_LINE = re.compile(
    r"^[ \t]*(?:NOTE[ \t]+)?(?:[-*•][ \t]+)?(?:\*\*|__)?(?P<label>[^\W\d_][^\W\d_ ]*(?: [^\W\d_]+){0,2})"
    r"(?:\*\*|__)?[ \t]*[:：](?:\*\*|__)?[ \t]*(?P<value>\S.*)$"
)
_DATE_LABELS = label_words("date_labels")
_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_WEEKDAY = re.compile(r"\b(?P<wd>mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s", re.I)
_NON_ASCII_LETTER = re.compile(r"[^\W\d_a-zA-Z]")
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


def date_in(text: str, month_first: bool = False) -> dt.date | None:
    """The first ISO, "14 March 2026", "March 14, 2026", "14/03/2026" or "2026年3月14日" date in `text`.

    "12/02/2026" is read day first unless `month_first` (see `month_first_document`).
    """
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
                day_first = a > 12 or (b <= 12 and not month_first)
                weekday = _WEEKDAY.search(text, max(0, match.start() - 12), match.start())
                if weekday and a <= 12 and b <= 12:
                    # "Wed, 12/02/2026": the weekday says which reading is meant.
                    wanted = _WEEKDAYS.index(weekday.group("wd").lower())
                    month_day = _make(year, a, b)
                    day_first = not (month_day and month_day.weekday() == wanted)
                date = _make(year, b, a) if day_first else _make(year, a, b)
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


def date_from_value(value: str, month_first: bool = False) -> dt.date | None:
    """A date written as a field value, e.g. the part after "Date:"."""
    value = value.strip()[:_SCAN_CHARS]
    return date_in(value, month_first) or _dateparser(value)


# A numeric date as notes write one: "12/22", "22/12/26", "12.22.2026" (dots only with a year, so
# "3.14" and version numbers do not count).
_DATE_LIKE = re.compile(
    r"(?<![\d/.])(?P<a>\d{1,2})(?:/(?P<b>\d{1,2})(?:/(?:\d{4}|\d{2}))?|\.(?P<c>\d{1,2})\.\d{4})(?![\d/])"
)
# Pairs that are idioms, not dates: "24/7" would otherwise vote day first in every round-the-clock promise.
_IDIOMS = {(24, 7)}


def numeric_date_order(text: str) -> str | None:
    """How `text` writes numeric dates: "month-first" when one reads only that way ("12/22"),
    "day-first" when one reads only day first ("22/12"), the majority if both occur, else None."""
    votes = 0
    for match in _DATE_LIKE.finditer(text[:_SCAN_ORDER_CHARS]):
        a, b = int(match.group("a")), int(match.group("b") or match.group("c"))
        if (a, b) in _IDIOMS or not (1 <= a <= 31 and 1 <= b <= 31):
            continue
        votes += (b > 12 >= a) - (a > 12 >= b)
    return "month-first" if votes > 0 else "day-first" if votes < 0 else None


def month_first_document(lines: list[Line]) -> bool:
    """Whether "12/02/2026" here means 2 December: another numeric date settles it ("12/22/2026" is
    month first, "22/12/2026" day first). With none, day first (most partners are outside the US)."""
    return numeric_date_order("\n".join(line.text[:_SCAN_CHARS] for line in lines[:2000])) == "month-first"


def detect_date(lines: list[Line], hint: str | None = None) -> dt.date | None:
    """A labelled date line, else a date in the first non-blank lines, else the hint."""
    month_first = month_first_document(lines)
    for line in lines[:_SCAN_LINES]:
        match = LABEL_LINE.match(line.text[:_SCAN_CHARS])
        if match and match.group("label").lower() in _DATE_LABELS:
            date = date_from_value(match.group("value"), month_first)
            if date is not None:
                return date
    first = [line.text[:_SCAN_CHARS] for line in lines[:_SCAN_LINES] if not line.blank][:_FIRST_LINES]
    for text in first:
        date = date_in(text, month_first)
        if date is not None:
            return date
    for text in first:
        # "2 ديسمبر 2026", "2 Aralık 2026": month names the regexes do not know, in a short line.
        if len(text) <= 80 and _NON_ASCII_LETTER.search(text):
            date = _dateparser(text)
            if date is not None:
                return date
    if hint:
        return date_from_value(hint, month_first)
    return None
