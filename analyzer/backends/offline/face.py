"""Face and custom missteps: jokes about the partner's country, condescension, public blame, putting
someone on the spot, brushing off observances, alcohol/pork offers, assumed units and wrong weekends.
"""

from __future__ import annotations

import re

from . import holidays as hol
from .lexicon import rx
from .meeting import Meeting
from .misstep_common import misstep, vocative
from .scheduling import EVENT, PROPOSAL
from ...text.sentences import Sentence

PUBLIC_BLAME = "misstep.face.public_blame"  # the rule id that missteps.detect keeps to one per turn

NATION = re.compile(
    r"\b(?:German|Brazilian|Nigerian|Japanese|Chinese|Indian|French|Mexican|Korean|Italian|Spanish|Greek|Polish|Russian|Turkish|"
    r"Vietnamese|Indonesian|Thai|Filipino|Saudi|Arab|Egyptian|Kenyan|Ghanaian|Irish|Scottish|Dutch|Swiss|Swedish|Finnish|"
    r"Norwegian|Danish|African|Latin|Asian|Argentin\w*|Colombian|Chilean|Peruvian|Pakistani|Bangladeshi|Israeli|Iranian|"
    r"Portuguese|Moroccan|Ethiopian|Malaysian|Singaporean|Australian|Canadian|American|British|English|"
    r"France|Germany|Brazil|Nigeria|Japan|China|India|Mexico|Korea|Italy|Spain|Greece|Poland|Russia|Turkey|Vietnam|Indonesia|"
    r"Thailand|Philippines|Egypt|Kenya|Ghana|Ireland|Netherlands|Switzerland|Sweden|Lagos|Africa)s?\b"
)
STEREOTYPE = rx(
    r"\btime\b",
    r"\befficien",
    r"\bpunctual",
    r"\bstrikes?\b",
    r"\bbribe",
    r"\bmotivation\b",
    r"\bcorrupt",
    r"\bsiesta\b",
    r"\bcopy\b",
    r"\bsteal\b",
    r"\blazy\b",
    r"\bbureaucra",
    r"\bmañana\b",
    r"\btypical\b",
    r"\band all that\b",
    r"\byou know how it is\b",
    r"\bclockwork\b",
)
# "Nothing in Lagos ever runs on time": a whole country or city generalised, usually with a stereotype word.
SWEEPING = re.compile(
    r"\b(?:nothing|everything|nobody|no one|everyone|everybody)\b.{0,40}\b(?:ever|always|never)\b"
    r"|\b(?:always|never|all)\b.{0,30}\b(?:late|slow|lazy|chaos|chaotic)\b",
    re.I,
)
QUOTED = re.compile(r"[\"“][^\"”]{10,}[\"”]")
LAUGH = rx(
    r"\bha(?:ha)+\b",
    r"\bha ha\b",
    r",\s*ha\b",
    r"\bha[,.!]",
    r"\blol\b",
    r"\bjust kidding\b",
    r"\bjok(?:e|ing|ed)\b",
    r"!\s*$",
)
RELIGION = rx(
    r"\binshallah\b",
    r"\ballah\b",
    r"\bgod willing\b",
    r"\bkarma\b",
    r"\bhalal\b",
    r"\bprayer",
    r"\bramadan\b",
)
BLAME = rx(
    r"\bsloppy\b",
    r"\bdropped the ball\b",
    r"\byour (?:mistake|fault|error)\b",
    r"\bwho dropped\b",
    r"\bwas a joke\b",
    r"\bnot useful\b",
    r"\bcannot work with\b",
    r"\bcan(?:'|’)t work with\b",
    r"\bclearly didn(?:'|’)t\b",
    r"\bhas been a problem\b",
    r"\bincompetent\b",
    r"\buseless\b",
    r"\bcareless\b",
    r"\bdisappointing\b",
    r"\bembarrassing\b",
    r"\bamateur",
    r"\bmess\b",
    r"\brookie (?:mistake|error)\b",
    r"\byour (?:[\w-]+\s+){0,3}(?:was|were|is|are) (?:completely |totally |simply |just |way )?(?:wrong|off|unacceptable|a disaster|terrible)\b",
    r"\b(?:mistake|error|failure|screw-?up)s? (?:by|from|of) your (?:team|people|side|engineers|staff)\b",
    r"\bon your (?:production )?floor\b",
    r"\byour team (?:really |clearly )?(?:failed|messed|didn)",
)
_ALL_PLACES = "|".join(hol.COUNTRY_NAMES.values())
PLACE = re.compile(
    rf"\b(?:(?:{_ALL_PLACES})s?|czech|czechia|hungar\w*|romanian?|bulgarian?|ukrain\w*|serbian?|croatian?|slovak\w*|"
    rf"austrian?|belgian?|portugal|portuguese|greek|greece|norw\w+|danish|denmark|irish|scottish|swiss|"
    rf"ethiopian?|tanzanian?|ugandan?|sri lankan?|nepal\w*|cambodian?|lao|burmese|myanmar|emirati|qatari|kuwaiti|"
    rf"venezuelan?|ecuador\w*|bolivian?|uruguay\w*|paraguay\w*|cuban?|jamaican?|arab\w*|persian|latin\w*|asian|african|european)s?\b",
    re.I,
)
# Jokes and condescension that cost face: stereotypes, "in our country we do it properly", mocking English.
STEREO_JOKE = rx(
    r"\b(?:time|speed|traffic|punctual\w*|efficien\w*|strikes?|bureaucra\w*|siesta|mañana|bribes?|corrupt\w*|motivation|chaos|"
    r"paperwork|red tape|copy|copies|copying|steal\w*|fake\w*|knock-?offs?|beer|vodka|tequila|wine|drink\w*|party|parties|"
    r"lazy|late|slow|relaxed|holiday\w*|spicy|smell\w*|accent|rules|cheap)\b"
)
CONDESCEND = rx(
    r"\b(?:in|back in|over in|where I come from,?|back home,?) (?:our country|the (?:US|UK|States|West)|Europe|America|Canada|Germany|Australia|"
    r"the Netherlands|Holland|Japan|Britain|England|Sweden|Norway|Denmark|Switzerland|here)\b.{0,40}\b(?:we|they|people)\b.{0,40}"
    r"\b(?:properly|correctly|actually|right|the right way|real|seriously|on time|professionally)\b",
    r"\bno offen[cs]e,? but\b",
    r"\byou people\b",
    r"\bwhere I come from\b.{0,60}\b(?:properly|actually|real)\b",
    r"\b(?:explain|say|go through) (?:this|it|that|everything)? ?(?:very |really )?slowly\b",
    r"\bin plain English\b",
    r"\b(?:translate|say) (?:that|it|this)? ?(?:in|into) (?:proper |real |normal )?English\b",
    r"\bdidn(?:'|’)t (?:catch|understand) a (?:single )?word\b",
    r"\byour English\b",
    r"\b(?:your|his|her|the) accent\b",
    r"\b(?:your|his|her|their) names? (?:is|are) (?:too |so |really |a bit )?(?:hard|difficult|impossible|tricky) to (?:say|pronounce|remember)\b",
    r"\bspeak (?:proper |better |real )?English\b",
    r"\bwhat (?:he|she|they)(?:'|’)s trying to say\b",
    r"\bnot (?:exactly )?rocket science\b.{0,60}\b(?:your|you|just)\b",
    r"\b(?:even|surely) (?:your|a) (?:team|people|intern|child|junior)\b.{0,30}\bcan\b",
    # talking about a partner's senior person as staff ("your assistant here could ...")
    r"\b(?:your|the) (?:girl|boy|secretary|assistant|helper) (?:here|there)\b",
    r"\bit(?:'|’)s not that (?:hard|difficult|complicated)\b",
)
# Joking that the partner would copy, fake, cheat or bribe insinuates dishonesty, whatever the country.
INSINUATION = rx(
    r"\b(?:copy|copies|copying|steal\w*|fake\w*|knock-?offs?|bribe\w*|cheat\w*|smuggl\w*|counterfeit\w*)\b"
)
# Naming a person or their team as the cause of a failure, in front of others.
TEAM = r"(?:your|(?-i:[A-Z][\w'’-]+)(?:'|’)s|the (?-i:[A-Z]{2,5}))\s+(?:[\w-]+\s+){0,2}(?:team|people|department|guys|engineers|staff|crew|lab|office)"
BLAME2 = rx(
    rf"\b{TEAM}\s+(?:never|didn(?:'|’)t|did not|failed|forgot|messed|screwed|sat on|ignored|dropped|couldn(?:'|’)t|wasn(?:'|’)t|weren(?:'|’)t)\b",
    r"\bif (?:the|your) [\w\s-]{1,30}(?:team|people|department|lab) had\b.{0,60}\bwouldn(?:'|’)t\b",
    r"\b(?:that(?:'|’)s|it(?:'|’)s|it is|that is|was) (?:really |frankly |clearly )?(?:on them|your (?:fault|mistake|error))\b",
    r"\bdown to (?-i:[A-Z][\w'’-]+) (?:not|never|failing|forgetting|missing)\b",
    r"\b(?-i:[A-Z][\w'’-]+) (?:clearly |obviously )?(?:didn(?:'|’)t|did not|never) (?:read|check|test|follow|understand)\b",
    r"\bwas on your [\w-]+ team\b",
    r"\bwho (?:is|was) responsible for this mess\b",
    r"\bwhat were you thinking\b",
    r"\bdid you even\b",
    # putting someone on the spot in front of others
    r"\b(?:explain|tell) (?:to )?(?:everyone|all of us|the group|us all|the whole team)\b.{0,30}\bwhy\b",
    r"\bin front of (?:everyone|your (?:boss|CEO|team|director|manager))\b",
)
UNITS = rx(
    r"\b(?:inches|ounces|pounds|fahrenheit|feet|miles|gallons|yards)\b.{0,40}\b(?:obviously|of course|just work from|like normal people)\b",
    r"\b(?:obviously|of course)\b.{0,40}\b(?:inches|ounces|fahrenheit|gallons)\b",
    r"\b(?:month[- ]first|US date|American date)\b",
)
# Brushing off a holiday, fast or religious practice, or asking the partner to work through it.
DISMISS_OBSERVANCE = rx(
    r"\b(?:only|just) (?:one|a|a single|one little|a few hours|a couple of days|one or two days)\s*(?:\w+\s+){0,2}(?:holiday|festival|day off|days? off|night|hours?)\b",
    r"\b(?:won(?:'|’)t|doesn(?:'|’)t|wouldn(?:'|’)t) (?:hurt|matter)\b.{0,20}\b(?:anyone|anybody|you)\b",
    r"\bsurely\b.{0,50}\b(?:doesn(?:'|’)t|don(?:'|’)t|won(?:'|’)t|can(?:'|’)t) (?:stop|close|shut)\b",
    r"\b(?:work|push|power|run) (?:straight |right )?through (?:it|the (?:holiday|festival|fast)|christmas|eid|ramadan|the break|new year)\b",
    r"\bskeleton (?:crew|staff|team)\b",
    r"\bopen the (?:plant|factory|office|site|warehouse) (?:anyway|for a few hours|just for us)\b",
    r"\b(?:anyway|just for us|this once)\b.{0,10}\?",
    r"\bonly (?:one or two|a couple of|a few) days? off\b",
    r"\b(?:skip|break) the fast\b",
    r"\boff the fast\b",
    r"\b(?:a few|couple of) hours less\b.{0,40}\b(?:push|work|manage|fine)\b",
    r"\b(?:ramadan|eid|diwali|lunar new year|chinese new year|golden week|the (?:holiday|festival|fast))\b.{0,30}\b(?:inconvenien\w*|annoying|a pain|a nuisance|in the way|a hassle)\b",
)
ALCOHOL = rx(
    r"\bbeers?\b",
    r"\bpub\b",
    r"\bwine\b",
    r"\bcocktails?\b",
    r"\bdrinks?\b",
    r"\bchampagne\b",
    r"\bwhisk(?:e)?y\b",
    r"\bsake\b",
    r"\bbar\b",
    r"\bpork\b",
    r"\bbacon\b",
    r"\bham\b",
)
MUSLIM_MAJORITY = {
    "saudi arabia",
    "uae",
    "qatar",
    "oman",
    "kuwait",
    "bahrain",
    "jordan",
    "egypt",
    "morocco",
    "pakistan",
    "bangladesh",
    "indonesia",
    "malaysia",
    "turkey",
}
WEEKEND_FRI = {
    "saudi arabia",
    "qatar",
    "oman",
    "kuwait",
    "bahrain",
    "egypt",
    "jordan",
    "israel",
    "bangladesh",
}


def face_remark(meeting: Meeting, sent: Sentence):
    text = sent.text
    nation = NATION.search(text) or PLACE.search(text)
    near = nation and STEREOTYPE.search(text[max(0, nation.start() - 25) : nation.end() + 25])
    joke = nation and LAUGH.search(text) and (STEREO_JOKE.search(text) or near)
    if (
        nation
        and (
            near
            and (
                LAUGH.search(text)
                or re.search(r"\btypical\b|\bused to\b|\bas usual\b|\ball that\b|\bknow how\b", text, re.I)
            )
            or joke
        )
        and not sent.minutes
    ) or (RELIGION.search(text) and re.search(r"\bjok", text, re.I)):
        return misstep(
            meeting,
            sent,
            "a joke about the partner's country, people or faith costs face",
            "drop the joke; if it landed badly, apologise briefly",
            "Joke about the partner's country or culture.",
            0.7,
        )
    if nation and near and SWEEPING.search(text) and (not sent.minutes or QUOTED.search(text)):
        return misstep(
            meeting,
            sent,
            "a sweeping remark about the partner's country or city costs face, joke or not",
            "drop the generalisation; talk about this project's risks instead",
            "Stereotype about the partner's country.",
            0.65,
        )
    if LAUGH.search(text) and INSINUATION.search(text) and not sent.minutes:
        return misstep(
            meeting,
            sent,
            "a joke implying the partner would copy, cheat or bribe costs face",
            "drop the joke; raise IP or compliance concerns seriously and privately",
            "Insinuating joke.",
            0.65,
        )
    if CONDESCEND.search(text) and not sent.minutes:
        return misstep(
            meeting,
            sent,
            "a condescending remark about the partner's country, language or competence costs face",
            "drop the comparison; ask questions instead of lecturing",
            "Condescending remark.",
            0.65,
        )
    if (
        (BLAME.search(text) or BLAME2.search(text))
        and not re.search(r"\bin case\b", text, re.I)
        and (not sent.minutes or BLAME2.search(text) and re.search(r"\b(?:said|blamed|stated)\b", text))
    ):
        if BLAME.search(text) and not BLAME2.search(text) and not _targets_person(meeting, sent):
            return None
        return misstep(
            meeting,
            sent,
            "public criticism of a named person in front of colleagues costs face",
            "raise the issue privately and frame it as a shared problem",
            "Publicly blamed someone.",
            rule=PUBLIC_BLAME,
        )
    countries = set(meeting.partner_countries)
    if DISMISS_OBSERVANCE.search(text) and not sent.minutes:
        return misstep(
            meeting,
            sent,
            "brushing off the partner's holiday or religious practice is disrespectful",
            "respect the observance and plan around it",
            "Dismissed a holiday or religious practice.",
            0.6,
        )
    if (
        countries & MUSLIM_MAJORITY
        and ALCOHOL.search(text)
        and re.search(
            r"\b(?:we(?:'|’)ll|let(?:'|’)s|on us|you(?:'|’)ll|shall we|how about|take you)\b", text, re.I
        )
    ):
        return misstep(
            meeting,
            sent,
            "offers alcohol or pork to a partner who may not drink or eat it for religious reasons",
            "offer a meal or coffee without assuming",
            "Assumed alcohol/pork is welcome.",
            0.6,
        )
    if UNITS.search(text) and not sent.minutes:
        return misstep(
            meeting,
            sent,
            "assumes the partner works with the speaker's units or formats",
            "state values in both systems",
            "Assumed own units/formats.",
            0.55,
        )
    if (
        countries & WEEKEND_FRI
        and EVENT.search(text)
        and PROPOSAL.search(text)
        and re.search(
            r"\b(?:on|this|next|coming) (?:friday|saturday)\b(?! (?:morning|evening) at the latest)",
            text,
            re.I,
        )
        and not re.search(r"\bby (?:this |next )?(?:friday|saturday)\b", text, re.I)
    ):
        return misstep(
            meeting,
            sent,
            "proposes a meeting on the partner's weekend",
            "check the partner's working week",
            "Scheduled on the partner's weekend.",
            0.55,
        )
    if countries & WEEKEND_FRI and re.search(
        r"\b(?:over|on|during) the weekend\b.{0,40}\bsaturday and sunday\b|\bsaturday and sunday\b.{0,40}\b(?:nobody|no one|weekend)\b",
        text,
        re.I,
    ):
        return misstep(
            meeting,
            sent,
            "assumes a Saturday-Sunday weekend; the partner's weekend differs",
            "check the partner's working week",
            "Assumed the wrong weekend.",
            0.6,
        )
    return None


def _targets_person(meeting: Meeting, sent: Sentence) -> bool:
    """Whether a critical sentence (or its turn) points at a person or their team."""
    turn = meeting.turn(sent.utt)
    for s in turn:
        if re.search(r"\byou(?:r)?\b", s.text, re.I) or any(
            vocative(s.text, w, pos) for _, w, pos in meeting.people.mentioned(s.text)
        ):
            return True
    return bool(re.search(r"(?:'|’)s team\b", sent.text))
