"""Deadlines: find the deadline phrase in a sentence and resolve it against the meeting date.

Weekday and week/month/quarter arithmetic follows docs/labeling.md (weeks run Monday to Sunday;
"Friday" is the first Friday after the meeting, "next Friday" the one in the following week).
Explicit calendar dates are parsed by dateparser.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

import dateparser

from .deadline_phrases import (  # the phrase tables; MONTHS is part of this module's interface
    MONTHS,
    MONTH_FIRST,
    NUMBERS,
    VAGUE,
    WEEKDAYS,
    _COMPILED,
    _NUM,
    _NUMERIC,
    _ORD,
    _ORDINAL_WORDS,
    _WD,
)


def find_due_text(sentence: str) -> str | None:
    """The deadline phrase in a sentence, as said, or None."""
    best: tuple[int, int] | None = None
    for pattern in _COMPILED:
        for match in pattern.finditer(sentence):
            if not _plausible(match.group(0)):
                continue
            key = (match.start(), -(match.end() - match.start()))
            if best is None or key < best:
                best = key
            break
    return sentence[best[0] : best[0] - best[1]].strip() if best else None


def _plausible(phrase: str) -> bool:
    low = phrase.lower().strip()
    # "may" and "sun"/"sat" are usually not dates; "March" alone is fine.
    return low not in {"may", "sun", "sat", "mar", "a", "the"} and not re.fullmatch(r"(by |on )?may", low)


def _friday_of_week(day: dt.date, weeks_ahead: int = 0) -> dt.date:
    return day + dt.timedelta(days=4 - day.weekday() + 7 * weeks_ahead)


def _end_of_month(year: int, month: int) -> dt.date:
    while month > 12:
        year, month = year + 1, month - 12
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _weekday(text: str, base: dt.date) -> dt.date | None:
    match = re.search(rf"\b(next |this |coming )?({_WD})(?![a-z])", text)
    if not match:
        return None
    key = match.group(2).rstrip(".")
    target = WEEKDAYS.get(key) if key in WEEKDAYS else WEEKDAYS.get(key[:3])
    if target is None:
        return None
    if match.group(1) and match.group(1).strip() == "next":
        monday_next = base + dt.timedelta(days=7 - base.weekday())
        return monday_next + dt.timedelta(days=target)
    ahead = (target - base.weekday()) % 7 or 7
    return base + dt.timedelta(days=ahead)


def _relative(text: str, base: dt.date) -> dt.date | None:
    if re.search(r"\bweek after next\b", text):
        return _friday_of_week(base, 2)
    if re.search(r"\btomorrow\b", text):
        return base + dt.timedelta(days=1)
    if re.search(r"\b(today|tonight|end of (the )?day|eod|cob)\b", text):
        return base
    if m := re.search(
        rf"\b(?:within|in) (?:the next )?({_NUM}) (business |working )?(day|week|month)s?\b", text
    ):
        n = int(m.group(1)) if m.group(1).isdigit() else NUMBERS[m.group(1)]
        if m.group(3) == "month":
            return _add_months(base, n)
        if m.group(2) and m.group(3) == "day":
            return _add_working_days(base, n)
        return base + dt.timedelta(days=n * (7 if m.group(3) == "week" else 1))
    if re.search(r"\bend of next week\b|\bnext week\b", text):
        return _friday_of_week(base, 1)
    if re.search(r"\bend of (the |this )?week\b|\bweek[- ]end\b|\bthis week\b", text):
        return _friday_of_week(base)
    if re.search(r"\bend of next month\b", text):
        return _end_of_month(base.year, base.month + 1)
    if re.search(r"\bnext month\b", text):
        return None
    if re.search(r"\bend of (the |this )?month\b|\bmonth[- ]end\b", text):
        return _end_of_month(base.year, base.month)
    if m := re.search(r"\bq([1-4])\b", text):
        return _end_of_month(base.year + (int(m.group(1)) * 3 < base.month), int(m.group(1)) * 3)
    if re.search(r"\bend of (the |this )?quarter\b", text):
        return _end_of_month(base.year, ((base.month - 1) // 3 + 1) * 3)
    if re.search(r"\bend of (the |this )?year\b|\byear[- ]end\b", text):
        return dt.date(base.year, 12, 31)
    return None


def _add_working_days(day: dt.date, count: int) -> dt.date:
    """`count` Monday-to-Friday days after `day` (public holidays are not known here)."""
    while count > 0:
        day += dt.timedelta(days=1)
        count -= day.weekday() < 5
    return day


def _add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _explicit(text: str, base: dt.date) -> dt.date | None:
    # "the first of March" is the 1st: spelled ordinals become digits before dateparser sees them.
    text = re.sub(rf"\b({_ORD})\b", lambda m: str(_ORDINAL_WORDS[m.group(1)]), text)
    if m := re.search(rf"\bmid-? ?({MONTHS})\b", text):
        text = f"15 {m.group(1)}"
    elif m := re.search(rf"\b(early|late) ({MONTHS})\b", text):
        return None
    cleaned = re.sub(r"\b(by|before|on|until|till|the|of|no later than)\b", " ", text)
    parsed = dateparser.parse(
        cleaned,
        languages=["en"],
        settings={
            "RELATIVE_BASE": dt.datetime.combine(base, dt.time()),
            "PREFER_DATES_FROM": "future",
            "PREFER_DAY_OF_MONTH": "last" if re.fullmatch(rf"\s*({MONTHS})\.?\s*", cleaned) else "current",
        },
    )
    if parsed is None:
        return None
    day = parsed.date()
    if day < base:  # "the 3rd" said on the 10th means next month's 3rd
        day = day.replace(year=day.year + 1) if re.search(MONTHS, text) else _add_months(day, 1)
    return day


def resolve_due(
    due_text: str | None,
    meeting_date: dt.date,
    country: str | None = None,
    order: str | None = None,
) -> dt.date | None:
    """The ISO date a deadline phrase means, against the meeting date; None when vague, absent or ambiguous.

    `country` (the partner's, when known) or else `order` (how the notes write numeric dates,
    `Transcript.numeric_dates`) decides whether "05/07" is 5 July or May 7.
    """
    if not due_text or VAGUE.search(due_text):
        return None
    text = due_text.lower().strip()
    if m := re.search(r"\d{4}-\d{2}-\d{2}", text):
        try:
            return dt.date.fromisoformat(m.group(0))
        except ValueError:
            return None
    if _NUMERIC.search(text):
        return _numeric(text, meeting_date, country, order)
    for resolver in (
        _weekday_next_week,
        _relative,
        _week_of_month,
        _month_end,
        _holiday,
        _weekday_day,
        _weekday_if_alone,
        _day_only,
        _explicit,
    ):
        day = resolver(text, meeting_date)
        if day is not None:
            return day
    return None


def is_ambiguous(due_text: str, country: str | None = None) -> bool:
    """Whether a numeric date such as "05/07" could be either day or month first, for this partner."""
    m = _NUMERIC.search(due_text)
    if m is None or country:
        return False
    first, second = int(m.group(1)), int(m.group(2))
    return first <= 12 and second <= 12 and first != second


def _upcoming(year: int, month: int, day: int, base: dt.date) -> dt.date | None:
    """That calendar date in the meeting's year, or next year's if it has passed."""
    try:
        found = dt.date(year, month, day)
        return found if found >= base else dt.date(year + 1, month, day)
    except ValueError:
        return None


def _numeric(text: str, base: dt.date, country: str | None, order: str | None = None) -> dt.date | None:
    m = _NUMERIC.search(text)
    if m is None:
        return None
    first, second = int(m.group(1)), int(m.group(2))
    if first > 12 and second <= 12:
        day, month = first, second
    elif second > 12 and first <= 12:
        day, month = second, first
    elif country and MONTH_FIRST.search(country):
        month, day = first, second
    elif country:
        day, month = first, second
    elif order == "month-first":
        month, day = first, second
    elif is_ambiguous(text, country) and order != "day-first":
        return None
    else:
        day, month = first, second
    if m.group(3):
        year = int(m.group(3)) + (2000 if len(m.group(3)) == 2 else 0)
        try:
            return dt.date(year, month, day)
        except ValueError:
            return None
    return _upcoming(base.year, month, day, base)


def _weekday_number(text: str) -> int | None:
    match = re.search(rf"\b({_WD})(?![a-z])", text)
    if not match:
        return None
    key = match.group(1).rstrip(".")
    return WEEKDAYS.get(key, WEEKDAYS.get(key[:3]))


def _weekday_next_week(text: str, base: dt.date) -> dt.date | None:
    """ "Wednesday next week": that weekday in the following calendar week."""
    if not re.search(rf"\b{_WD} (?:of )?next week\b", text):
        return None
    target = _weekday_number(text)
    monday_next = base + dt.timedelta(days=7 - base.weekday())
    return monday_next + dt.timedelta(days=target) if target is not None else None


def _week_of_month(text: str, base: dt.date) -> dt.date | None:
    """ "the first week of August": the 7th (14th, 21st; "last" is the month's last day)."""
    m = re.search(rf"\b(first|second|third|last) week of ({MONTHS})\b", text)
    if not m:
        return None
    month = _month_number(m.group(2))
    if m.group(1) == "last":
        found = _end_of_month(base.year, month)
        return found if found >= base else _end_of_month(base.year + 1, month)
    return _upcoming(base.year, month, {"first": 7, "second": 14, "third": 21}[m.group(1)], base)


def _month_number(name: str) -> int:
    return next(i for i, full in enumerate(calendar.month_name) if full and full.lower().startswith(name[:3]))


def _month_end(text: str, base: dt.date) -> dt.date | None:
    """ "the end of September": that month's last day, this year or next."""
    m = re.search(rf"\bend of ({MONTHS})\b", text)
    if not m:
        return None
    month = _month_number(m.group(1))
    found = _end_of_month(base.year, month)
    return found if found >= base else _end_of_month(base.year + 1, month)


def _thanksgiving(year: int) -> dt.date:
    first = dt.date(year, 11, 1)
    return first + dt.timedelta(days=(3 - first.weekday()) % 7 + 21)


def _holiday(text: str, base: dt.date) -> dt.date | None:
    """ "before Golden Week", "by Christmas": the day before the holiday starts (fixed-date holidays only)."""
    m = re.search(r"\b(golden week|christmas eve|christmas|new year|thanksgiving)\b", text)
    if not m:
        return None
    starts = {"golden week": (4, 29), "christmas eve": (12, 24), "christmas": (12, 25), "new year": (1, 1)}
    name = m.group(1)
    if name == "thanksgiving":
        day = _thanksgiving(base.year)
        day = day if day > base else _thanksgiving(base.year + 1)
    else:
        month, dom = starts[name]
        day = _upcoming(base.year, month, dom, base + dt.timedelta(days=1)) or base
    return day - dt.timedelta(days=1) if re.search(r"\b(?:before|ahead of)\b", text) else day


def _ordinal_day(text: str) -> int | None:
    if m := re.search(r"\b(\d{1,2})(?:st|nd|rd|th)\b", text):
        return int(m.group(1))
    if m := re.search(rf"\b({_ORD})\b", text):
        return _ORDINAL_WORDS[m.group(1)]
    return None


def _weekday_day(text: str, base: dt.date) -> dt.date | None:
    """ "Friday the 13th": the next date that is both that weekday and that day of the month."""
    target, day = _weekday_number(text), _ordinal_day(text)
    if target is None or day is None or re.search(MONTHS, text):
        return None
    probe = base
    for _ in range(400):
        if probe.day == day and probe.weekday() == target and probe >= base:
            return probe
        probe += dt.timedelta(days=1)
    return None


def _day_only(text: str, base: dt.date) -> dt.date | None:
    """ "by the 10th": that day of this month, or of next month once it has passed."""
    if re.search(MONTHS, text) or re.search(rf"\b{_WD}(?![a-z])", text):
        return None
    day = _ordinal_day(text)
    if day is None or not 1 <= day <= 31:
        return None
    year, month = base.year, base.month
    for _ in range(3):
        if day <= calendar.monthrange(year, month)[1] and dt.date(year, month, day) >= base:
            return dt.date(year, month, day)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return None


def _weekday_if_alone(text: str, base: dt.date) -> dt.date | None:
    if re.search(MONTHS, text) and re.search(r"\d", text):
        return None  # "Friday 3 March" is an explicit date
    return _weekday(text, base)


def find_due(
    sentence: str, meeting_date: dt.date, country: str | None = None
) -> tuple[str | None, dt.date | None]:
    """(deadline phrase as said, resolved date) for a sentence; `country` orders numeric dates."""
    phrase = find_due_text(sentence)
    return phrase, resolve_due(phrase, meeting_date, country)
