"""Explicit calendar dates in a proposal ("3-5 March", "May 12th", "the 27th", "2026-04-10"), as the
days they name in the meeting's year or the next; `scheduling.py` checks them against holidays.
"""

from __future__ import annotations

import datetime as dt
import re

_MONTHS = {
    m: i + 1
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    )
}
_MON = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
_RANGE = rf"{_DAY}(?:\s*(?:and|-|–|to|&|or|/)\s*{_DAY})?"
DAY_MONTH = re.compile(rf"\b{_RANGE}(?:\s+of)?\s+{_MON}\b", re.I)
MONTH_DAY = re.compile(rf"\b{_MON}\s+(?:the\s+)?{_RANGE}\b(?!\s*(?:%|percent|units|pieces|pcs|k\b))", re.I)
BARE_DAY = re.compile(
    r"\bthe (\d{1,2})(?:st|nd|rd|th)\b(?:\s*(?:and|-|–|to|&|or)\s*(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)?\b)?",
    re.I,
)
ISO_DAY = re.compile(r"\b(20\d\d)-(\d\d)-(\d\d)\b")


def proposal_dates(text: str, base: dt.date) -> list[dt.date]:
    """Explicit calendar dates (and day ranges) in a sentence, in the meeting year or the next."""
    out = []

    def add(month: int, day: int) -> None:
        try:
            d = dt.date(base.year, month, 1) + dt.timedelta(days=day - 1)
        except ValueError:
            return
        if d < base - dt.timedelta(days=30):
            d = d.replace(year=base.year + 1)
        out.append(d)

    week_of = re.search(r"\bweek (?:of|starting|beginning|commencing)\b", text, re.I)

    def add_range(month_name: str, first_text: str, last_text: str | None) -> None:
        # "3-5 March" is a range; "the week of 3 March" means that working week; cap at 8 days.
        first = int(first_text)
        last = int(last_text) if last_text else first + 4 if week_of else first
        for day in range(first, min(last, first + 7) + 1):
            add(_MONTHS[month_name[:3].lower()], day)

    for m in DAY_MONTH.finditer(text):
        add_range(m.group(3), m.group(1), m.group(2))
    for m in MONTH_DAY.finditer(text):
        if m.group(1).lower() == "may" and not re.search(r"\d(?:st|nd|rd|th)|\bMay\b", m.group(0)):
            continue
        add_range(m.group(1), m.group(2), m.group(3))
    if not out:  # "the 27th", "Monday the 24th": the next such day on or after the meeting date
        for m in BARE_DAY.finditer(text):
            first = int(m.group(1))
            last = int(m.group(2)) if m.group(2) else first
            month, year = (
                (base.month, base.year)
                if first >= base.day
                else (base.month % 12 + 1, base.year + (base.month == 12))
            )
            for day in range(first, min(last, first + 7) + 1):
                try:
                    out.append(dt.date(year, month, day))
                except ValueError:
                    pass
    for m in ISO_DAY.finditer(text):
        try:
            out.append(dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))))
        except ValueError:
            pass
    return out
