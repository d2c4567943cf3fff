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

WEEKDAYS = {
    "monday": 0, "mon": 0, "tuesday": 1, "tue": 1, "tues": 1, "wednesday": 2, "wed": 2,
    "thursday": 3, "thu": 3, "thur": 3, "thurs": 3, "friday": 4, "fri": 4,
    "saturday": 5, "sat": 5, "sunday": 6, "sun": 6,
}
MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december|" \
         "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "ten": 10, "a": 1, "a couple of": 2}
_WD = r"(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|rsday|urday)?\.?"
_NUM = r"(?:\d{1,2}|one|two|three|four|five|six|ten|a couple of|a)"
_ORDINALS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
             "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth",
             "eighteenth", "nineteenth", "twentieth"]
_ORDINAL_WORDS = {w: i + 1 for i, w in enumerate(_ORDINALS)}
_ORDINAL_WORDS |= {f"twenty-{w}": 21 + i for i, w in enumerate(_ORDINALS[:9])}
_ORDINAL_WORDS |= {"thirtieth": 30, "thirty-first": 31}
_ORD = "|".join(sorted(_ORDINAL_WORDS, key=len, reverse=True))
_DAYNUM = rf"(?:\d{{1,2}}(?:st|nd|rd|th)?|{_ORD})"

# Ordered most specific first; the first match in a sentence is its deadline phrase.
PATTERNS = [
    rf"\b(?:by |before |on |until |till |no later than )?(?:the )?end of (?:the |this |next )?(?:week|month|quarter|year)\b",
    r"\b(?:by |before )?(?:the )?(?:end of |by )?q[1-4]\b",
    r"\b(?:by |before )?(?:month|week|year)[- ]end\b",
    rf"\b(?:within|in) (?:the next )?{_NUM} (?:business |working )?(?:days?|weeks?|months?)\b",
    r"\b(?:by |before |on )?(?:tomorrow|tonight|today|end of (?:the )?day|eod|cob)\b",
    rf"\b(?:by |before |on |until |this |next |coming )*(?:this |next |coming )?{_WD}(?: (?:morning|afternoon|evening|night|week))?\b",
    rf"\b(?:by |before |on |until )?(?:the )?(?:early |mid|mid-|late )?(?:{MONTHS})\.?(?: {_DAYNUM})?(?:,? \d{{4}})?\b",
    rf"\b(?:by |before |on |until )?(?:the )?{_DAYNUM}(?: of)? (?:{MONTHS})\.?(?:,? \d{{4}})?\b",
    r"\b(?:by |before |on )?\d{4}-\d{2}-\d{2}\b",
    r"\b(?:by |before |on )?(?:the )?\d{1,2}(?:st|nd|rd|th)\b",
    r"\bnext (?:week|month)\b",
    r"\b(?:by |before |within |during |later )?this week\b",
]
_COMPILED = [re.compile(p, re.IGNORECASE) for p in PATTERNS]
VAGUE = re.compile(r"\b(soon|shortly|asap|as soon as possible|in due course|at some point|eventually)\b", re.I)


def find_due_text(sentence: str) -> str | None:
    """The deadline phrase in a sentence, as said, or None."""
    best: re.Match[str] | None = None
    for pattern in _COMPILED:
        match = pattern.search(sentence)
        if match and _plausible(match.group(0)) and (best is None or match.start() < best.start()):
            best = match
    return best.group(0).strip() if best else None


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
    match = re.search(rf"\b(next |this |coming )?({_WD})", text)
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
    if re.search(r"\btomorrow\b", text):
        return base + dt.timedelta(days=1)
    if re.search(r"\b(today|tonight|end of (the )?day|eod|cob)\b", text):
        return base
    if m := re.search(rf"\b(?:within|in) (?:the next )?({_NUM}) (business |working )?(day|week|month)s?\b", text):
        n = int(m.group(1)) if m.group(1).isdigit() else NUMBERS[m.group(1)]
        if m.group(3) == "month":
            return _add_months(base, n)
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
        settings={"RELATIVE_BASE": dt.datetime.combine(base, dt.time()), "PREFER_DATES_FROM": "future",
                  "PREFER_DAY_OF_MONTH": "last" if re.fullmatch(rf"\s*({MONTHS})\.?\s*", cleaned) else "current"},
    )
    if parsed is None:
        return None
    day = parsed.date()
    if day < base:  # "the 3rd" said on the 10th means next month's 3rd
        day = day.replace(year=day.year + 1) if re.search(MONTHS, text) else _add_months(day, 1)
    return day


def resolve_due(due_text: str | None, meeting_date: dt.date) -> dt.date | None:
    """The ISO date a deadline phrase means, against the meeting date; None when vague or absent."""
    if not due_text or VAGUE.search(due_text):
        return None
    text = due_text.lower().strip()
    if m := re.search(r"\d{4}-\d{2}-\d{2}", text):
        try:
            return dt.date.fromisoformat(m.group(0))
        except ValueError:
            return None
    for resolver in (_relative, _weekday_if_alone, _explicit):
        day = resolver(text, meeting_date)
        if day is not None:
            return day
    return None


def _weekday_if_alone(text: str, base: dt.date) -> dt.date | None:
    if re.search(MONTHS, text) and re.search(r"\d", text):
        return None  # "Friday 3 March" is an explicit date
    return _weekday(text, base)


def find_due(sentence: str, meeting_date: dt.date) -> tuple[str | None, dt.date | None]:
    """(deadline phrase as said, resolved date) for a sentence."""
    phrase = find_due_text(sentence)
    return phrase, resolve_due(phrase, meeting_date)
