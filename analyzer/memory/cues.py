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

from ..deadlines import MONTHS, find_due


DROPPED = re.compile(
    r"\b(no longer|not going ahead|cancel(?:l?ed|ling)?|call(?:ed)? (?:it )?off|decided (?:not to|against|to (?:skip|drop|cancel|stop))|"
    r"no need|not needed|don't need|do not need|won't need|skip(?:ped|ping)? the|there won't be|won't be (?:an?|any) |"
    r"drop(?:ped)? (?:the|it|this|that)|scrap(?:ped)?|shelved|abandon(?:ed)?|not (?:pursue|do) |"
    r"(?:did not|didn't|never) \w+(?: \w+){0,9} after all|anymore|any more\b(?! time)|instead of|"
    # how people report a decision against something: "the call is off the table", "that's not happening"
    r"off the table|not happening|(?:is|are|was|were)n't (?:needed|necessary|required)|not (?:necessary|required)|"
    r"unnecessary|withdr[ae]wn?|(?:won't|will not) go ahead|"
    # stopping one's own work on it ("so we stopped our translation"; "stopped asking" is a habit, not a drop)
    r"stopped (?:our|the|my|it|this|that|work))\b",
    re.I,
)
_NUMBER = r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|hundred)"
SLIPPED = re.compile(
    # "still" before a verb, a negation or a place it sits is not done yet: "still with legal", "I still owe you the
    # spec", "still changing it", "I still don't have it" ("still the biggest risk", "still early" say nothing)
    r"\b(still (?:\w+ing|\w+n't|not|do not|does not|have not|has not|cannot|with|in|at|on|under|to be|owes?|needs?|"
    r"(?:has|have) to|pending|open)\b|not (?:yet )?(?:finished|ready|done|complete|"
    r"there|arrived|sent)|not \w+ yet|need(?:s)? (?:more time|another|about \w+ more|\w+ more (?:days?|weeks?))|more (?:\w+ )?time|"
    r"delay(?:ed|s)?|(?:running |be |is |are )(?:a bit |about \w+ (?:days?|weeks?) |\w+ weeks? )?late\b|push(?:ed)? (?:back|out|to)|"
    r"postpon\w*|slip(?:ped|s)?|behind schedule|reschedul\w*|taking longer|longer than (?:we )?planned|now expect|"
    r"realistically|hope to|the balance|the remainder|half of|\d+ ?(?:%|percent) of|partially|only (?:one|part|some)|new date|"
    # a date moved, not a number: "moved to next week", "pushed it back to May" ("moved to two hundred" is not)
    rf"(?:moved|shifted|pushed) (?:it |this |that |them )?(?:back |out )?to (?:next|later|after|early|mid|late|end|{MONTHS}|\d)|"
    r"(?:has|have)n't (?:yet|been)|not (?:yet )?been|"
    # "I don't have a document for you yet": not delivered, still expected
    r"(?:\w+n't|not) (?:have|got|get|see|receive)\b(?: [\w']+){0,5} yet|(?:has|have|had)n't (?:yet )?\w+(?:ed|en|t)\b|"
    # partial delivery: "nine of the twelve classes", "two of our four samples", "the rest will follow"
    # (a known set, so "3 of 180 students were duplicated" is a rate, not a partial delivery)
    rf"{_NUMBER} of (?:the|our|your|their) {_NUMBER}|the rest (?:is|are|will|still)|"
    # waiting or back in someone's hands: "we're waiting on the lawyers", "it's back with the translator"
    r"waiting (?:for|on)|(?:is|it's|are) back (?:with|to)|sitting with|in progress|under review|"
    # a later earliest date: "they can only fly after the holiday", "not before June"
    r"(?:can|could) only \w+ (?:after|once|from)|not before|at the earliest|no earlier than)\b",
    re.I,
)
KEPT = re.compile(
    r"\b(sent|delivered|arrived|received|shipped|done|finished|completed|complete|as promised|as planned|reached (?:us|me)|"
    r"landed|installed|joined|(?:went|is|are|been) live|circulated|confirmed|paid|signed|got (?:it|the|your)|"
    # thanks for a thing is a receipt: "Thanks for the lab report", "RD thanked IV for sending back the sheet"
    r"thank(?:s|ed)?(?: you| \w+)? for (?:the|your|sending|sharing|getting)|"
    # handing over and the receiver's use of it: "the keys Marcus gave us worked", "we reviewed your units"
    r"shared|gave (?:us|me|them|it)|returned|sent back|came in|walked (?:us |them |everyone )?through|"
    r"reviewed|(?:is|are|was|were|been|we|I|they) booked\b(?! until)|went (?:out|ahead)|(?:we|i) have (?:it|them)|"
    r"(?:been|are|is) (?:already )?using|exactly what|looked (?:fine|good)|was (?:very )?useful|helped|came through|handed over|"
    # completion verbs of paperwork and projects: "approved on our side and filed with the agency"
    r"approved|filed|submitted|uploaded|published|launched|implemented|fixed|resolved|took place|"
    # the receiver reports the benefit: "the table saved my team weeks of work", "it was really helpful"
    r"saved (?:\w+ ){0,4}(?:work|time|hours|days|weeks)|(?:was|were|is|been) (?:\w+ )?(?:helpful|useful)|"
    # in use since a past date: "all twelve classes have been working in the platform since 22 April"
    r"(?:has|have) been \w+ing\b(?: \w+){0,6} since)\b",
    re.I,
)
# A completion word under negation (within three words), condition or a modal is not news that it happened:
# "I still don't have a confirmed date", "once it is signed", "it should be delivered on Monday".
_KEPT_BLOCKED = re.compile(
    r"(?:\b(?:not|never|no|nobody|nothing|without|if|once|until|unless|will|to be|to get|should|would|must|could|(?-i:may)|might)|n't)"
    r"(?:\s+[\w']+){0,3}\s*$",
    re.I,
)
# "They confirmed it will join in August", "LH confirmed it is still planned": a plan confirmed, not a thing done.
_CONFIRMED_PLAN = re.compile(
    r"^(?: that)?(?: [\w']+){0,3} (?:will|would|is still|are still|is planned|are planned|"
    r"is going to|are going to)\b",
    re.I,
)
# A stand-in used while waiting is not the promised thing: "the pharmacies are using the old leaflet for now".
_STOPGAP = re.compile(
    r"\b(?:for now|for the time being|in the meantime|meanwhile|as a (?:workaround|stopgap)|temporar\w*)\b",
    re.I,
)
FIRST_PERSON_FUTURE = re.compile(r"\b(?:I|we)(?:'ll| will| shall| are going to| can)\b", re.I)
# Minutes write a new promise as an action item: "BO to issue the credit note within 10 days", "ACTION: MT to send".
ACTION_ITEM = re.compile(
    r"^\W*(?:ACTION:?\s*)?[A-Z][A-Za-z]{1,2}(?:\s*(?:and|&|/)\s*[A-Z][A-Za-z]{1,2})? to [a-z]+\b"
)
# "We sent a one-page outline, but the full clause needs our lawyers, so it will come in April": done in part,
# the rest later. A contrast after the completion word that carries a new date makes the report a slip.
_BUT = re.compile(r"\b(?:but|except|although|though)\b", re.I)
_VAGUE_MONTH = re.compile(rf"\b(early|mid-?|late|end of|beginning of)\s*({MONTHS})\b", re.I)
HORIZON_DAYS = (
    150  # a "date" further ahead than this was almost certainly in the past ("on January 30" said in Feb)
)


def future_date(text: str, meeting_date: dt.date) -> dt.date | None:
    """A date the sentence puts after the meeting (a new target), or None.

    `find_due` prefers future dates, so a past date ("it reached us on January 30", said on 10 Feb)
    resolves to next year; such dates fall outside the horizon and are ignored.
    """
    target: dt.date | None
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


def kept_cue(text: str) -> re.Match | None:
    """The first completion cue that is not negated, conditional or future, and not about a stand-in."""
    for m in KEPT.finditer(text):
        if _KEPT_BLOCKED.search(text[: m.start()]):
            continue
        if "using" in m.group(0).lower() and _STOPGAP.search(text):
            continue
        if m.group(0).lower() == "confirmed" and _CONFIRMED_PLAN.search(text[m.end() :]):
            continue
        return m
    return None


def classify(text: str, meeting_date: dt.date) -> tuple[str | None, dt.date | None, str]:
    """(status or None, new due date for slips, the triggering words) for one sentence."""
    if text.rstrip().endswith("?"):
        return None, None, ""  # "Are you still planning to come in June?" asks; it reports nothing
    if m := DROPPED.search(text):
        return "dropped", None, m.group(0)
    if m := SLIPPED.search(text):
        return "slipped", future_date(text, meeting_date), m.group(0)
    if FIRST_PERSON_FUTURE.search(text) or ACTION_ITEM.search(text):
        return (
            None,
            None,
            "",
        )  # "I'll get it signed off by the 5th" is a new promise, not news about an old one
    if m := kept_cue(text):
        rest = _BUT.search(text, m.end())
        if rest and (target := future_date(text[rest.end() :], meeting_date)):
            return "slipped", target, f"{m.group(0)} ... {rest.group(0)} ... new date"
        return "kept", None, m.group(0)
    if target := future_date(text, meeting_date):
        # A new future date with no completion words: the thing is still coming, later than promised.
        return "slipped", target, f"new date {target.isoformat()}"
    return None, None, ""
