"""The deadline phrases `deadlines.py` finds and resolves: weekday, month and number words, the
relative and explicit patterns, vague phrases that name no date, and month-first countries.
"""

from __future__ import annotations

import re

WEEKDAYS = {
    "monday": 0,
    "mon": 0,
    "tuesday": 1,
    "tue": 1,
    "tues": 1,
    "wednesday": 2,
    "wed": 2,
    "thursday": 3,
    "thu": 3,
    "thur": 3,
    "thurs": 3,
    "friday": 4,
    "fri": 4,
    "saturday": 5,
    "sat": 5,
    "sunday": 6,
    "sun": 6,
}
MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
NUMBERS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "a": 1,
    "a couple of": 2,
}
_WD = r"(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|rsday|urday)?\.?"
_NUM = r"(?:\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|a couple of|a)"
_APOS = "(?:'|’)"
_ORDINALS = [
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
    "twentieth",
]
_ORDINAL_WORDS = {w: i + 1 for i, w in enumerate(_ORDINALS)}
_ORDINAL_WORDS |= {f"twenty-{w}": 21 + i for i, w in enumerate(_ORDINALS[:9])}
_ORDINAL_WORDS |= {"thirtieth": 30, "thirty-first": 31}
_ORD = "|".join(sorted(_ORDINAL_WORDS, key=len, reverse=True))
_DAYNUM = rf"(?:\d{{1,2}}(?:st|nd|rd|th)?|{_ORD})"

_HOLIDAYS = r"golden week|christmas(?: eve)?|new year(?:'s)?|thanksgiving|chinese new year|lunar new year"
_SPELLED_ORD = "|".join(
    sorted(
        _ORDINALS + [f"twenty-{w}" for w in _ORDINALS[:9]] + ["thirtieth", "thirty-first"],
        key=len,
        reverse=True,
    )
)

# Every pattern is tried; the earliest match wins, and the longest of those ("Friday the 13th", not "Friday").
PATTERNS = [
    r"\b(?:by |before |on |until |till |no later than )?(?:the )?end of (?:the |this |next )?"
    r"(?:week|month|quarter|year)\b",
    r"\b(?:by |before )?(?:the )?(?:end of |by )?q[1-4]\b",
    r"\b(?:by |before )?(?:month|week|year)[- ]end\b",
    rf"\b(?:within|in) (?:the next )?{_NUM} (?:business |working )?(?:days?|weeks?|months?)(?:{_APOS}? time)?",
    r"\b(?:by |before |on )?(?:close of business|end of (?:the )?day|eod|cob)(?: (?:tomorrow|today))?\b",
    r"\b(?:by |before |on )?(?:tomorrow|tonight|today)\b",
    rf"\b(?:by |before |on |until |from |this |next |coming )*(?:this |next |coming )?{_WD}"
    rf"(?: (?:morning|afternoon|evening|night|week))?\b",
    rf"\b(?:by |before |on |until |from )?{_WD},? (?:the )?{_DAYNUM}(?:(?: of)? (?:{MONTHS})\.?)?(?:,? \d{{4}})?\b",
    rf"\b(?:by |before |on )?{_WD} (?:of )?next week\b",
    rf"\b(?:by |before |on |until |no later than )?(?:the )?(?:early |mid|mid-|late )?(?:{MONTHS})\.?(?: {_DAYNUM})?"
    rf"(?:,? \d{{4}})?\b",
    rf"\b(?:by |before |on |until |no later than )?(?:the )?{_DAYNUM}(?: of)? (?:{MONTHS})\.?(?:,? \d{{4}})?\b",
    rf"\b(?:in |during |by )?(?:the )?(?:first|second|third|last) week of (?:{MONTHS})\b",
    rf"\b(?:by |before )?(?:the )?end of (?:{MONTHS})\b",
    rf"\b(?:by |before |ahead of )(?:the )?(?:{_HOLIDAYS})\b",
    r"\b(?:by |before |on )?\d{4}-\d{2}-\d{2}\b",
    r"\b(?:by |before |on |until )?\d{1,2}[/.]\d{1,2}(?:[/.](?:\d{4}|\d{2}))?\b(?![/.]\d)",
    r"\b(?:by |before |on |until )?(?:the )?\d{1,2}(?:st|nd|rd|th)\b",
    rf"\b(?:by |before |on |until )the (?:{_SPELLED_ORD})\b",
    r"\b(?:the )?week after next\b",
    r"\bnext (?:week|month)\b",
    r"\b(?:by |before |within |during |later )?this week\b",
]
_COMPILED = [re.compile(p, re.IGNORECASE) for p in PATTERNS]
VAGUE = re.compile(
    r"\b(soon|shortly|asap|as soon as possible|in due course|at some point|eventually|(?<!end of )next month)\b",
    re.I,
)
# Countries that write numeric dates month first; everywhere else day first.
MONTH_FIRST = re.compile(
    r"\b(?:united states|usa|u\.s\.a?\.?|us|america|philippines|belize|micronesia)\b", re.I
)
_NUMERIC = re.compile(r"\b(\d{1,2})[/.](\d{1,2})(?:[/.](\d{4}|\d{2}))?\b")
