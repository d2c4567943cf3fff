"""Offline status cues: does a sentence say a commitment was kept, slipped or dropped?

Rules, not a model, so a decision can always be explained by the words that triggered it.
Precedence is dropped > slipped > kept > future date: "I never finished that budget because we
cancelled the tastings" is a drop although it contains "finished", and "we paid half and will pay
the balance in March" is a slip although it contains "paid".
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from ..dates import MONTHS, find_due

FollowupCue = tuple[str, str]  # (status, the words that triggered it)

DROPPED = re.compile(
    r"\b(no longer|not going ahead|cancel(?:l?ed|ling)?|call(?:ed)? off|decided (?:not to|against|to (?:skip|drop|cancel|stop))|"
    r"no need|not needed|don't need|do not need|won't need|skip(?:ped|ping)? the|there won't be|won't be (?:an?|any) |"
    r"drop(?:ped)? (?:the|it|this|that)|scrap(?:ped)?|shelved|abandon(?:ed)?|not (?:pursue|do) |"
    r"(?:did not|didn't|never) \w+(?: \w+){0,9} after all|anymore|any more\b(?! time)|instead of)\b",
    re.I,
)
SLIPPED = re.compile(
    r"\b(still (?:working|with|held|waiting|pending|not|in|at|being|open|on)|not (?:yet )?(?:finished|ready|done|complete|"
    r"there|arrived|sent)|not \w+ yet|need(?:s)? (?:more time|another|about \w+ more|\w+ more (?:days?|weeks?))|more time|"
    r"delay(?:ed|s)?|(?:running |be |is |are )(?:a bit |about \w+ (?:days?|weeks?) |\w+ weeks? )?late\b|push(?:ed)? (?:back|out|to)|"
    r"postpon\w*|slip(?:ped|s)?|behind schedule|reschedul\w*|taking longer|longer than (?:we )?planned|now expect|"
    r"realistically|hope to|the balance|half of|partially|one of the (?:two|three|four)|only (?:one|part|some)|new date|moved to|"
    r"still (?:has|have|need|needs) to|(?:has|have)n't (?:yet|been)|not (?:yet )?been)\b",
    re.I,
)
KEPT = re.compile(
    r"\b(sent|delivered|arrived|received|shipped|done|finished|completed|as promised|as planned|reached (?:us|me)|landed|"
    r"installed|joined|went live|is live|circulated|confirmed|paid|signed|got (?:it|the|your)|thanks? (?:you )?for (?:the|your|sending)|"
    r"(?:been|are|is) (?:already )?using|exactly what|looked (?:fine|good)|was (?:very )?useful|helped|came through|handed over)\b",
    re.I,
)
FIRST_PERSON_FUTURE = re.compile(r"\b(?:I|we)(?:'ll| will| shall| are going to| can)\b", re.I)
_VAGUE_MONTH = re.compile(rf"\b(early|mid-?|late|end of|beginning of)\s*({MONTHS})\b", re.I)
HORIZON_DAYS = 150  # a "date" further ahead than this was almost certainly in the past ("on January 30" said in Feb)


def future_date(text: str, meeting_date: dt.date) -> dt.date | None:
    """A date the sentence puts after the meeting (a new target), or None.

    `find_due` prefers future dates, so a past date ("it reached us on January 30", said on 10 Feb)
    resolves to next year; such dates fall outside the horizon and are ignored.
    """
    if m := _VAGUE_MONTH.search(text):
        month = _month_number(m.group(2))
        year = meeting_date.year + (month < meeting_date.month)
        day = {"early": 10, "beginning of": 5, "late": 25}.get(m.group(1).lower().rstrip("-"), 15)
        if m.group(1).lower() == "end of":
            day = calendar.monthrange(year, month)[1]
        target = dt.date(year, month, day)
    else:
        _, target = find_due(text, meeting_date)
    if target and meeting_date < target <= meeting_date + dt.timedelta(days=HORIZON_DAYS):
        return target
    return None


def _month_number(name: str) -> int:
    key = name.lower()[:3]
    return [m.lower() for m in calendar.month_abbr].index(key)


def past_tense_reference(text: str) -> bool:
    """Whether the sentence talks about something already done ("you sent that Friday")."""
    return bool(KEPT.search(text))


def classify(text: str, meeting_date: dt.date) -> tuple[str | None, dt.date | None, str]:
    """(status or None, new due date for slips, the triggering words) for one sentence."""
    if m := DROPPED.search(text):
        return "dropped", None, m.group(0)
    if m := SLIPPED.search(text):
        return "slipped", future_date(text, meeting_date), m.group(0)
    if FIRST_PERSON_FUTURE.search(text):
        return None, None, ""  # "I'll get it signed off by the 5th" is a new promise, not news about an old one
    if m := KEPT.search(text):
        return "kept", None, m.group(0)
    if target := future_date(text, meeting_date):
        # A new future date with no completion words: the thing is still coming, later than promised.
        return "slipped", target, f"new date {target.isoformat()}"
    return None, None, ""
