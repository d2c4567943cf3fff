"""Calendar missteps: dates booked on the partner's holidays, assumed shared holidays and holiday greetings.

A proposed explicit date is checked against the partner country's calendar (holidays.py); a holiday
named in reply to a proposal pins the misstep on the proposal; a proposal that books work "during"
a named holiday, assuming a holiday is everyone's, or greeting the partner for a holiday their
country does not keep are missteps too. Ramadan only clashes with meals and parties.
"""

from __future__ import annotations

import re

from . import holidays as hol
from .lexicon import rx
from .meeting import Meeting
from .misstep_common import misstep
from .proposal_dates import proposal_dates as _proposal_dates
from ...text.sentences import Sentence

HOLIDAYS = rx(
    r"golden week",
    r"lunar new year",
    r"chinese new year",
    r"spring festival",
    r"seollal",
    r"chuseok",
    r"t[eế]t\b",
    r"ramadan",
    r"iftar",
    r"eid(?: al-\w+)?",
    r"diwali",
    r"deepavali",
    r"holi\b",
    r"carnival",
    r"carnaval",
    r"thanksgiving",
    r"christmas",
    r"easter",
    r"passover",
    r"yom kippur",
    r"rosh hashanah",
    r"hanukkah",
    r"songkran",
    r"obon",
    r"\bbon\b",
    r"mid-autumn",
    r"national day",
    r"independence day",
    r"hari raya",
    r"lebaran",
    r"nyepi",
    r"navratri",
    r"durga puja",
    r"ramzan",
    r"shabbat",
    r"sabbath",
    r"day of the dead",
    r"semana santa",
    r"holy week",
    r"midsummer",
    r"obon",
)
CLASH = rx(
    r"\bthat(?:'|’)?s\b",
    r"\bthat is\b",
    r"\bthose (?:are|dates)\b",
    r"\bfalls?\b",
    r"\bclosed\b",
    r"\bon leave\b",
    r"\bwith (?:their )?family\b",
    r"\bholiday",
    r"\bpointed out\b",
    r"\bnoted\b",
    r"\bis\b",
)
SCHEDULING = rx(
    r"\bwould .{0,30} work\b",
    r"\bhow about\b",
    r"\bcould we\b",
    r"\blet(?:'|’)s (?:do|book|schedule|lock|plan|set)\b",
    r"\bwe(?:'|’)re thinking\b",
    r"\bproposed?\b",
    r"\bschedul",
    r"\bbook\b",
    r"\block (?:it|in)\b",
    r"\bvisit\b",
    r"\blaunch\b",
    r"\baudit\b",
    r"\bmeeting\b",
    r"\bcall\b",
    r"\btrial\b",
    r"\blunch\b",
    r"\bdinner\b",
)
ASSUME = rx(
    r"\b(?:for |to )?everybody\b",
    r"\beveryone\b",
    r"\bnobody (?:will|works)\b",
    r"\ball of us\b",
    r"\bthe whole world\b",
    r"\byou(?:'|’)ll (?:all )?be off\b",
    r"\blike (?:ours|us|everyone|everybody|we do)\b",
    r"\bsurely you\b",
    r"\bI (?:assume|guess|suppose) (?:you|your)\b",
    r"\byou (?:guys |all )?(?:celebrate|have|do) (?:it|that|christmas|thanksgiving|easter) too\b",
    r"\b(?:your|the) (?:factory|plant|office|team) (?:shuts?|closes?) (?:down )?(?:for|over)\b",
)
GREETING_HOLIDAY = re.compile(
    r"\b(?:merry|happy) (christmas|thanksgiving|easter|hanukkah|independence day)\b", re.I
)
NO_CHRISTMAS = {
    "saudi arabia",
    "uae",
    "qatar",
    "oman",
    "kuwait",
    "bahrain",
    "pakistan",
    "bangladesh",
    "israel",
    "china",
    "india",
    "turkey",
    "morocco",
    "indonesia",
    "malaysia",
    "thailand",
    "vietnam",
    "korea",
}
DATEISH = re.compile(
    r"\b(?:\d{1,2}(?:st|nd|rd|th)|(?:mon|tues|wednes|thurs|fri|satur|sun)day|tomorrow|next week)\b"
    r"|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b",
    re.I,
)


def holiday_misstep(meeting: Meeting, sent: Sentence):
    """A holiday named in reply to a proposed date pins the misstep on the proposal."""
    holiday = HOLIDAYS.search(sent.text)
    if not holiday:
        return calendar_clash(meeting, sent)
    g = GREETING_HOLIDAY.search(sent.text)
    countries = set(meeting.partner_countries)
    if (
        g
        and countries
        and not re.search(r"\bfor us\b|\bI know\b|\bif you celebrate\b|\bto those who\b", sent.text, re.I)
        and (
            (g.group(1).lower() == "thanksgiving" and "usa" not in countries)
            or (g.group(1).lower() in ("christmas", "easter") and countries <= NO_CHRISTMAS)
        )
    ):
        return misstep(
            meeting,
            sent,
            "greets the partner for a holiday they may not celebrate",
            "check the partner's calendar instead of assuming shared holidays",
            "Assumed a holiday is shared.",
            0.55,
        )
    if ASSUME.search(sent.text):
        return misstep(
            meeting,
            sent,
            "assumes a local holiday is everyone's holiday",
            "check the partner's calendar instead of assuming shared holidays",
            "Assumed a holiday is shared.",
        )
    if not CLASH.search(sent.text):
        return named_holiday_proposal(meeting, sent) or calendar_clash(meeting, sent)
    earlier = [s for s in meeting.sentences if s.index < sent.index and sent.utt - s.utt <= 2][::-1]
    for cand in earlier[:6]:
        if HOLIDAYS.search(cand.text):
            break  # an earlier holiday remark already answered whatever came before it
        if cand.speaker == sent.speaker and not sent.minutes:
            continue
        # The proposal and its date are often two sentences of one turn ("We'd like to visit. Maybe May 4?").
        turn_text = " ".join(s.text for s in meeting.turn(cand.utt))
        if DATEISH.search(cand.text) and (SCHEDULING.search(cand.text) or SCHEDULING.search(turn_text)):
            return misstep(
                meeting,
                cand,
                f"proposed a date that falls on a holiday for the partner ({holiday.group(0)})",
                "check the partner's holiday calendar and offer alternative dates",
                "Scheduling proposal clashed with the partner's holiday.",
                0.7,
            )
    return named_holiday_proposal(meeting, sent) or calendar_clash(meeting, sent)


PROPOSAL = rx(
    r"\bwould .{0,40}\bwork\b",
    r"\bhow about\b",
    r"\bwhat about\b",
    r"\bcould we\b",
    r"\bcan we\b",
    r"\bshall we\b",
    r"\blet(?:'|’)s (?:do|book|schedule|lock|plan|set|fix|hold|meet|have|go|aim|put|pencil|target)\b",
    r"\bwe(?:'|’)re (?:thinking|planning|looking at|aiming)\b",
    r"\bwe were (?:thinking|planning|looking at|hoping)\b",
    r"\bpropos",
    r"\bsuggest",
    r"\bschedul",
    r"\bbook(?:ed|ing)?\b",
    r"\block (?:it|in|that)\b",
    r"\bpencil",
    r"\bwe(?:'|’)d like to (?:come|visit|fly|hold|do|have|meet|launch|start)\b",
    r"\bI(?:'|’)d like to (?:come|visit|fly|hold|meet)\b",
    r"\bwe (?:will|(?:'|’)ll|plan to|want to) (?:fly|come|visit|launch|hold|host|start|arrive|kick off)\b",
    r"\bplan(?:ned)? (?:for|on)\b",
    r"\bset (?:it|the \w+) for\b",
    r"\bkick[- ]?off\b",
    r"\bgo[- ]live\b",
    r"\bdeadline\b",
)
EVENT = rx(
    r"\bvisit\b",
    r"\blaunch\b",
    r"\baudit\b",
    r"\bmeeting\b",
    r"\bcall\b",
    r"\btrial\b",
    r"\blunch\b",
    r"\bdinner\b",
    r"\bworkshop\b",
    r"\btraining\b",
    r"\bsession\b",
    r"\binspection\b",
    r"\bgo[- ]live\b",
    r"\bkick[- ]?off\b",
    r"\bpremiere\b",
    r"\bevent\b",
    r"\bdeliver",
    r"\bship",
    r"\bcut[- ]?over\b",
    r"\brollout\b",
    r"\bstart\b",
    r"\bdeadline\b",
    r"\breview\b",
    r"\bcome\b",
    r"\bfly\b",
    r"\btour\b",
    r"\bsummit\b",
    r"\bconference\b",
    r"\bpresentation\b",
    r"\bcelebrat",
    r"\bparty\b",
    r"\bbarbecue\b|\bbbq\b",
    r"\bdemo\b",
    r"\bsign(?:ing)?\b",
)
# Events that take people's time; "for <holiday>" is only a misstep when one of these is booked.
WORK_EVENT = rx(
    r"\bvisit\b",
    r"\bmeeting\b",
    r"\bcall\b",
    r"\baudit\b",
    r"\bworkshop\b",
    r"\btraining\b",
    r"\bsession\b",
    r"\binspection\b",
    r"\bgo[- ]live\b",
    r"\bcut[- ]?over\b",
    r"\brollout\b",
    r"\bkick[- ]?off\b",
    r"\bsummit\b",
    r"\bconference\b",
    r"\bpresentation\b",
    r"\bdemo\b",
    r"\bsigning\b",
    r"\btrip\b",
    r"\bcome\b",
    r"\bfly\b",
    r"\bworking\b",
    r"\bdeadline\b",
    r"\bmigration\b",
    r"\binstall",
)
MEAL = rx(
    r"\blunch\b",
    r"\bdinner\b",
    r"\bbreakfast\b",
    r"\bdrinks?\b",
    r"\bbarbecue\b",
    r"\bbbq\b",
    r"\bcoffee\b",
    r"\bcatering\b",
    r"\bfood\b",
    r"\bmeal\b",
    r"\bparty\b",
    r"\bcelebrat",
    r"\bhappy hour\b",
)
RESPECT = rx(
    r"\b(?:after|before|outside|around|avoid|avoiding|not during|instead of|apart from|other than|out of respect|"
    r"I know|we know|I understand|aware|respect|observ|so that|once .{0,20} over)\b"
)


def calendar_clash(meeting: Meeting, sent: Sentence):
    """A date proposed for a visit/launch/meeting that falls on a public holiday in the partner's country."""
    countries = meeting.partner_countries
    if not countries or not (PROPOSAL.search(sent.text) or (EVENT.search(sent.text) and sent.minutes)):
        return None
    if not EVENT.search(sent.text) and not PROPOSAL.search(sent.text):
        return None
    for day in _proposal_dates(sent.text, meeting.date):
        name = hol.clash(day, countries)
        if not name:
            continue
        if name == "Ramadan" and not MEAL.search(sent.text):
            continue  # working through Ramadan is normal; a lunch or party is not
        if HOLIDAYS.search(sent.text) and RESPECT.search(sent.text):
            return None
        return misstep(
            meeting,
            sent,
            f"the proposed date falls on {name} for the partner",
            "check the partner's holiday calendar and offer alternative dates",
            f"Scheduling proposal clashed with the partner's holiday ({name}).",
            0.65,
        )
    return None


def named_holiday_proposal(meeting: Meeting, sent: Sentence):
    """A proposal that names a holiday and books into it ("let's launch during Golden Week")."""
    m = HOLIDAYS.search(sent.text)
    if not m or not PROPOSAL.search(sent.text) or RESPECT.search(sent.text):
        return None
    into = re.search(
        r"\b(during|on|over|in|at|for|right at|in the middle of|through)\s+(?:the\s+)?"
        rf"(?:\w+\s+){{0,2}}{re.escape(m.group(0))}",
        sent.text,
        re.I,
    )
    if not into:
        return None
    if into.group(1).lower() == "for" and not WORK_EVENT.search(sent.text):
        return None  # planning *for* a holiday (a Christmas range, a Diwali promotion) books nobody's time
    if (
        re.search(r"\b(?:closed|off|holiday|leave|away|break)\b", sent.text, re.I)
        and re.search(r"\b(?:we|our|I)\b", sent.text[: m.start()], re.I)
        and not re.search(r"\byou\b", sent.text, re.I)
    ):
        return None  # our own closure, announced
    return misstep(
        meeting,
        sent,
        f"books work into {m.group(0)}, a holiday for many people",
        "check the partner's holiday calendar and offer alternative dates",
        "Scheduled into a holiday.",
        0.6,
    )
