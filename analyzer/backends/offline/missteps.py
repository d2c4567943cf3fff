"""Cultural missteps: idioms to second-language listeners, holiday and custom assumptions,
wrong titles / name order / over-familiar address, and face-losing remarks.

Signals, each a general pattern family:
- idioms and business slang (idioms.py), skipped with English-native partners, in asides to a
  colleague (sides come from who greets whom and who introduces whom) and when repaired at once;
- holidays: a proposed date that falls on a public holiday in the partner's country (holidays.py
  calendars, Ramadan only for meals), a proposal booked "during" a named holiday, the partner answering
  a date with a holiday, assuming a holiday is shared, greeting for a holiday they do not keep,
  brushing off an observance ("it's only one holiday", "skeleton crew"), alcohol/pork for a
  Muslim-majority partner, meetings on the partner's weekend, assumed units;
- address: Mr/Mrs/Ms for a Dr./Prof., a bare first name or "mate" for a titled partner, a title on the
  given name of a Chinese/Korean/Japanese name or on a Vietnamese family name, nicknames;
- face: public blame of a named person or their team, jokes about the partner's country or city,
  condescension ("in Canada we actually test properly", mocking someone's English), putting someone
  on the spot, and an awkward reply ("...Yes.", "Hm.") right after a personal remark.
Minutes that quote someone verbatim are treated as speech.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

from ...core.models import RawFinding
from . import holidays as hol
from .idioms import IDIOMS
from .lexicon import rx
from .meeting import Meeting
from .people import HONORIFIC, fold
from .sentences import Sentence

IDIOM = re.compile(r"\b(?:" + "|".join(IDIOMS) + r")\b", re.I)
REPAIR = rx(r"\b(?:sorry,? )?I (?:just )?mean\b", r"\bin other words\b", r"\bwhat I mean is\b", r"\bthat is to say\b",
            r"\blet me rephrase\b", r"\bthat(?:'|’)s an idiom\b", r"\b(?:he|she|they) meant\b", r"\bexplain(?:ed|ing) (?:that|what)\b")
ASIDE = rx(r"\bbetween you and me\b", r"\boff the record\b", r"\baside to\b", r"\bafter \w+ (?:dropped|left)\b")
HOLIDAYS = rx(
    r"golden week", r"lunar new year", r"chinese new year", r"spring festival", r"seollal", r"chuseok", r"t[eế]t\b",
    r"ramadan", r"iftar", r"eid(?: al-\w+)?", r"diwali", r"deepavali", r"holi\b", r"carnival", r"carnaval", r"thanksgiving",
    r"christmas", r"easter", r"passover", r"yom kippur", r"rosh hashanah", r"hanukkah", r"songkran", r"obon", r"\bbon\b",
    r"mid-autumn", r"national day", r"independence day", r"hari raya", r"lebaran", r"nyepi", r"navratri", r"durga puja",
    r"ramzan", r"shabbat", r"sabbath", r"day of the dead", r"semana santa", r"holy week", r"midsummer", r"obon",
)
CLASH = rx(r"\bthat(?:'|’)?s\b", r"\bthat is\b", r"\bthose (?:are|dates)\b", r"\bfalls?\b", r"\bclosed\b", r"\bon leave\b",
           r"\bwith (?:their )?family\b", r"\bholiday", r"\bpointed out\b", r"\bnoted\b", r"\bis\b")
SCHEDULING = rx(r"\bwould .{0,30} work\b", r"\bhow about\b", r"\bcould we\b", r"\blet(?:'|’)s (?:do|book|schedule|lock|plan|set)\b",
                r"\bwe(?:'|’)re thinking\b", r"\bproposed?\b", r"\bschedul", r"\bbook\b", r"\block (?:it|in)\b", r"\bvisit\b",
                r"\blaunch\b", r"\baudit\b", r"\bmeeting\b", r"\bcall\b", r"\btrial\b", r"\blunch\b", r"\bdinner\b")
ASSUME = rx(r"\b(?:for |to )?everybody\b", r"\beveryone\b", r"\bnobody (?:will|works)\b", r"\ball of us\b", r"\bthe whole world\b",
            r"\byou(?:'|’)ll (?:all )?be off\b", r"\blike (?:ours|us|everyone|everybody|we do)\b", r"\bsurely you\b",
            r"\bI (?:assume|guess|suppose) (?:you|your)\b", r"\byou (?:guys |all )?(?:celebrate|have|do) (?:it|that|christmas|thanksgiving|easter) too\b",
            r"\b(?:your|the) (?:factory|plant|office|team) (?:shuts?|closes?) (?:down )?(?:for|over)\b")
GREETING_HOLIDAY = re.compile(r"\b(?:merry|happy) (christmas|thanksgiving|easter|hanukkah|independence day)\b", re.I)
NO_CHRISTMAS = {"saudi arabia", "uae", "qatar", "oman", "kuwait", "bahrain", "pakistan", "bangladesh", "israel", "china", "india",
                "turkey", "morocco", "indonesia", "malaysia", "thailand", "vietnam", "korea"}
DATEISH = re.compile(r"\b(?:\d{1,2}(?:st|nd|rd|th)|(?:mon|tues|wednes|thurs|fri|satur|sun)day|tomorrow|next week)\b|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b", re.I)
TABOO = rx(r"\bpork\b", r"\bbacon\b", r"\bham\b", r"\blard\b", r"\balcohol\b", r"\bbeer\b", r"\bwine\b", r"\bbeef\b")
TABOO_REPLY = rx(r"\bhalal\b", r"\bkosher\b", r"\bmuslim\b", r"\bhindu\b", r"\bvegetarian\b", r"\breligio", r"\bwe do not use\b")
NATION = re.compile(
    r"\b(?:German|Brazilian|Nigerian|Japanese|Chinese|Indian|French|Mexican|Korean|Italian|Spanish|Greek|Polish|Russian|Turkish|"
    r"Vietnamese|Indonesian|Thai|Filipino|Saudi|Arab|Egyptian|Kenyan|Ghanaian|Irish|Scottish|Dutch|Swiss|Swedish|Finnish|"
    r"Norwegian|Danish|African|Latin|Asian|Argentin\w*|Colombian|Chilean|Peruvian|Pakistani|Bangladeshi|Israeli|Iranian|"
    r"Portuguese|Moroccan|Ethiopian|Malaysian|Singaporean|Australian|Canadian|American|British|English|"
    r"France|Germany|Brazil|Nigeria|Japan|China|India|Mexico|Korea|Italy|Spain|Greece|Poland|Russia|Turkey|Vietnam|Indonesia|"
    r"Thailand|Philippines|Egypt|Kenya|Ghana|Ireland|Netherlands|Switzerland|Sweden|Lagos|Africa|Naples|Alibaba)s?\b")
STEREOTYPE = rx(r"\btime\b", r"\befficien", r"\bpunctual", r"\bstrikes?\b", r"\bbribe", r"\bmotivation\b", r"\bcorrupt",
                r"\bsiesta\b", r"\bcopy\b", r"\bsteal\b", r"\blazy\b", r"\bbureaucra", r"\bmañana\b", r"\btypical\b",
                r"\band all that\b", r"\byou know how it is\b", r"\bclockwork\b")
LAUGH = rx(r"\bha(?:ha)+\b", r"\bha ha\b", r",\s*ha\b", r"\bha[,.!]", r"\blol\b", r"\bjust kidding\b", r"\bjok(?:e|ing|ed)\b", r"!\s*$")
RELIGION = rx(r"\binshallah\b", r"\ballah\b", r"\bgod willing\b", r"\bkarma\b", r"\bhalal\b", r"\bprayer", r"\bramadan\b")
BLAME = rx(r"\bsloppy\b", r"\bdropped the ball\b", r"\byour (?:mistake|fault|error)\b", r"\bwho dropped\b", r"\bwas a joke\b",
           r"\bnot useful\b", r"\bcannot work with\b", r"\bcan(?:'|’)t work with\b", r"\bclearly didn(?:'|’)t\b",
           r"\bhas been a problem\b", r"\bincompetent\b", r"\buseless\b", r"\bcareless\b", r"\bdisappointing\b", r"\bembarrassing\b",
           r"\bamateur", r"\bmess\b", r"\brookie (?:mistake|error)\b",
           r"\b(?:mistake|error|failure|screw-?up)s? (?:by|from|of) your (?:team|people|side|engineers|staff)\b", r"\bon your (?:production )?floor\b", r"\byour team (?:really |clearly )?(?:failed|messed|didn)")
AWKWARD = re.compile(r"^\s*(?:\.\.\.|…)")
QUOTED_SPEECH = re.compile(r"[\"“][^\"”]{15,}")
ADDRESS_TITLE = re.compile(r"\b(Mr|Mrs|Ms|Miss)\.?\s+([A-Z][\w'’-]+)")
# Family names that come FIRST in Chinese, Korean and Japanese names ("Chen Wei-Ling" is Ms. Chen), and
# Vietnamese family names, which are NOT used with a title (Nguyen Thi Lan is Ms. Lan).
EAST_ASIAN_SURNAMES = set("""
wang li zhang liu chen yang huang zhao wu zhou xu sun ma zhu hu guo he lin gao luo zheng liang xie tang song deng feng cao
peng zeng xiao tian dong pan yuan cai jiang yu du ye cheng wei su lu ding ren shen yao jin qian fan fang shi tan wong chan
cheung lau ng ho leung chow tsai hsu kuo chang lai chiu hsieh
kim lee park choi jung jeong kang cho yoon jang lim han oh seo shin kwon hwang ahn yoo hong moon son bae baek
sato suzuki takahashi tanaka watanabe ito yamamoto nakamura kobayashi kato yoshida yamada sasaki yamaguchi matsumoto inoue kimura
hayashi shimizu yamazaki mori abe ikeda hashimoto yamashita ishikawa nakajima maeda fujita ogawa goto okada hasegawa murakami
kondo ishii saito sakamoto endo aoki fujii nishimura fukuda ota miura fujiwara okamoto matsuda nakagawa kitamura hoshino
""".split())
VIETNAMESE_SURNAMES = set("nguyen tran le pham hoang huynh phan vu vo dang bui do ngo duong ly".split())
OVERFAMILIAR = r"(?:mate|buddy|pal|dude|bro|my man|boss|chief|big guy|sweetheart|darling|love|honey|young lady|my friend)"
GREETING = (r"(?:hey|hi|hello|dear|thanks|thank you|good (?:morning|afternoon|evening)|bye|morning|cheers|welcome|so|"
            r"bonjour|hola|buenos d[ií]as|buenas tardes|ciao|hallo|guten tag|ol[aá]|bom dia|konnichiwa|ni hao|"
            r"dzień dobry|merhaba|namaste|salaam|shalom|annyeong)")


def _f(meeting: Meeting, sent: Sentence, why: str, repair: str, summary: str, conf: float = 0.65):
    return sent, RawFinding(kind="cultural_misstep", quote=sent.text, speaker=meeting.speaker_name(sent), summary=summary,
                            why_it_matters=why, suggested_repair=repair, confidence=conf)


def _idiom(meeting: Meeting, sent: Sentence):
    m = IDIOM.search(sent.text)
    if not m or sent.minutes or not meeting.cross_language or ASIDE.search(sent.text):
        return None
    if REPAIR.search(sent.text[m.end():]) or re.search(r"\byou mean\b|\.\.\.\s*$|\?\s*$", sent.text[m.start():m.end() + 25]) \
            and re.search(r"\byou mean\b", sent.text):
        return None
    nxt = [s for s in meeting.turn(sent.utt) if s.index == sent.index + 1]
    if nxt and re.match(r"\W*(?:sorry,? )?(?:I mean|in other words)\b", nxt[0].text, re.I):
        return None
    return _f(meeting, sent, f"the idiom \"{m.group(0)}\" may not translate for a listener working in another language",
              "say it plainly: what is needed, by whom and by when", f"Idiom used with a second-language listener: \"{m.group(0)}\".")


def _holiday(meeting: Meeting, sent: Sentence):
    """A holiday named in reply to a proposed date pins the misstep on the proposal."""
    if not HOLIDAYS.search(sent.text):
        return _calendar_clash(meeting, sent)
    g = GREETING_HOLIDAY.search(sent.text)
    countries = set(meeting.partner_countries)
    if g and countries and not re.search(r"\bfor us\b|\bI know\b|\bif you celebrate\b|\bto those who\b", sent.text, re.I) and ((g.group(1).lower() == "thanksgiving" and "usa" not in countries)
                            or (g.group(1).lower() in ("christmas", "easter") and countries <= NO_CHRISTMAS)):
        return _f(meeting, sent, "greets the partner for a holiday they may not celebrate",
                  "check the partner's calendar instead of assuming shared holidays", "Assumed a holiday is shared.", 0.55)
    if ASSUME.search(sent.text):
        return _f(meeting, sent, "assumes a local holiday is everyone's holiday",
                  "check the partner's calendar instead of assuming shared holidays", "Assumed a holiday is shared.")
    if not CLASH.search(sent.text):
        return _named_holiday_proposal(meeting, sent) or _calendar_clash(meeting, sent)
    earlier = [s for s in meeting.sentences if s.index < sent.index and sent.utt - s.utt <= 2][::-1]
    for cand in earlier[:6]:
        if HOLIDAYS.search(cand.text):
            break  # an earlier holiday remark already answered whatever came before it
        if cand.speaker == sent.speaker and not sent.minutes:
            continue
        if DATEISH.search(cand.text) and SCHEDULING.search(cand.text):
            return _f(meeting, cand, f"proposed a date that falls on a holiday for the partner ({HOLIDAYS.search(sent.text).group(0)})",
                      "check the partner's holiday calendar and offer alternative dates",
                      "Scheduling proposal clashed with the partner's holiday.", 0.7)
    return _named_holiday_proposal(meeting, sent) or _calendar_clash(meeting, sent)


_MONTHS = {m: i + 1 for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"])}
_MON = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
_RANGE = rf"{_DAY}(?:\s*(?:and|-|–|to|&|or|/)\s*{_DAY})?"
DAY_MONTH = re.compile(rf"\b{_RANGE}(?:\s+of)?\s+{_MON}\b", re.I)
MONTH_DAY = re.compile(rf"\b{_MON}\s+(?:the\s+)?{_RANGE}\b(?!\s*(?:%|percent|units|pieces|pcs|k\b))", re.I)
ISO_DAY = re.compile(r"\b(20\d\d)-(\d\d)-(\d\d)\b")
PROPOSAL = rx(
    r"\bwould .{0,40}\bwork\b", r"\bhow about\b", r"\bwhat about\b", r"\bcould we\b", r"\bcan we\b", r"\bshall we\b",
    r"\blet(?:'|’)s (?:do|book|schedule|lock|plan|set|fix|hold|meet|have|go|aim|put|pencil|target)\b", r"\bwe(?:'|’)re (?:thinking|planning|looking at|aiming)\b",
    r"\bpropos", r"\bsuggest", r"\bschedul", r"\bbook(?:ed|ing)?\b", r"\block (?:it|in|that)\b", r"\bpencil",
    r"\bwe(?:'|’)d like to (?:come|visit|fly|hold|do|have|meet|launch|start)\b", r"\bI(?:'|’)d like to (?:come|visit|fly|hold|meet)\b",
    r"\bwe (?:will|(?:'|’)ll|plan to|want to) (?:fly|come|visit|launch|hold|host|start|arrive|kick off)\b", r"\bplan(?:ned)? (?:for|on)\b",
    r"\bset (?:it|the \w+) for\b", r"\bkick[- ]?off\b", r"\bgo[- ]live\b", r"\bdeadline\b",
)
EVENT = rx(r"\bvisit\b", r"\blaunch\b", r"\baudit\b", r"\bmeeting\b", r"\bcall\b", r"\btrial\b", r"\blunch\b", r"\bdinner\b",
           r"\bworkshop\b", r"\btraining\b", r"\bsession\b", r"\binspection\b", r"\bgo[- ]live\b", r"\bkick[- ]?off\b",
           r"\bpremiere\b", r"\bevent\b", r"\bdeliver", r"\bship", r"\bcut[- ]?over\b", r"\brollout\b", r"\bstart\b",
           r"\bdeadline\b", r"\breview\b", r"\bcome\b", r"\bfly\b", r"\btour\b", r"\bsummit\b", r"\bconference\b",
           r"\bpresentation\b", r"\bcelebrat", r"\bparty\b", r"\bbarbecue\b|\bbbq\b", r"\bdemo\b", r"\bsign(?:ing)?\b")
MEAL = rx(r"\blunch\b", r"\bdinner\b", r"\bbreakfast\b", r"\bdrinks?\b", r"\bbarbecue\b", r"\bbbq\b", r"\bcoffee\b",
          r"\bcatering\b", r"\bfood\b", r"\bmeal\b", r"\bparty\b", r"\bcelebrat", r"\bhappy hour\b")
RESPECT = rx(r"\b(?:after|before|outside|around|avoid|avoiding|not during|instead of|apart from|other than|out of respect|"
             r"I know|we know|I understand|aware|respect|observ|so that|once .{0,20} over)\b")


def _proposal_dates(text: str, base: dt.date) -> list[dt.date]:
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
    for m in DAY_MONTH.finditer(text):
        month = _MONTHS[m.group(3)[:3].lower()]
        first = int(m.group(1))
        last = int(m.group(2)) if m.group(2) else first
        if week_of and not m.group(2):
            last = first + 4
        for day in range(first, min(last, first + 7) + 1):
            add(month, day)
    for m in MONTH_DAY.finditer(text):
        if m.group(1).lower() == "may" and not re.search(r"\d(?:st|nd|rd|th)|\bMay\b", m.group(0)):
            continue
        month = _MONTHS[m.group(1)[:3].lower()]
        first = int(m.group(2))
        last = int(m.group(3)) if m.group(3) else first
        if week_of and not m.group(3):
            last = first + 4
        for day in range(first, min(last, first + 7) + 1):
            add(month, day)
    for m in ISO_DAY.finditer(text):
        try:
            out.append(dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))))
        except ValueError:
            pass
    return out


def _calendar_clash(meeting: Meeting, sent: Sentence):
    """A date proposed for a visit/launch/meeting that falls on a public holiday in the partner's country."""
    countries = meeting.partner_countries
    if not countries or not (PROPOSAL.search(sent.text) or (EVENT.search(sent.text) and sent.minutes)):
        return None
    if not EVENT.search(sent.text) and not PROPOSAL.search(sent.text):
        return None
    speaker_countries = meeting.speaker_countries(sent)
    for day in _proposal_dates(sent.text, meeting.date):
        name = hol.clash(day, countries)
        if not name or (speaker_countries and set(speaker_countries) & set(countries)):
            continue
        if name == "Ramadan" and not MEAL.search(sent.text):
            continue  # working through Ramadan is normal; a lunch or party is not
        if HOLIDAYS.search(sent.text) and RESPECT.search(sent.text):
            return None
        return _f(meeting, sent, f"the proposed date falls on {name} for the partner",
                  "check the partner's holiday calendar and offer alternative dates",
                  f"Scheduling proposal clashed with the partner's holiday ({name}).", 0.65)
    return None


def _named_holiday_proposal(meeting: Meeting, sent: Sentence):
    """A proposal that names a holiday and books into it ("let's launch during Golden Week")."""
    m = HOLIDAYS.search(sent.text)
    if not m or not PROPOSAL.search(sent.text) or RESPECT.search(sent.text):
        return None
    if not re.search(rf"\b(?:during|on|over|in|at|for|right at|in the middle of|through)\s+(?:the\s+)?(?:\w+\s+){{0,2}}{re.escape(m.group(0))}",
                     sent.text, re.I):
        return None
    if re.search(r"\b(?:closed|off|holiday|leave|away|break)\b", sent.text, re.I) and re.search(r"\b(?:we|our|I)\b", sent.text[:m.start()], re.I) \
            and not re.search(r"\byou\b", sent.text, re.I):
        return None  # our own closure, announced
    return _f(meeting, sent, f"books work into {m.group(0)}, a holiday for many people",
              "check the partner's holiday calendar and offer alternative dates", "Scheduled into a holiday.", 0.6)


def _address(meeting: Meeting, sent: Sentence):
    """Wrong title, title on the wrong name, nicknames and first names where others are formal."""
    people, text = meeting.people, sent.text
    for m in ADDRESS_TITLE.finditer(text):
        person = people.find(m.group(2))
        if person is None or people.resolve(sent.speaker) == person.name:
            continue
        if person.titled:
            return _f(meeting, sent, f"{person.name} holds the title {person.titled}.; a plain Mr/Mrs/Ms is a slight",
                      f"use {person.titled}. {person.words[-1]}", "Wrong title for the partner.")
        formal = _formal(meeting, person, sent)
        if formal and fold(m.group(2)) not in formal:
            return _f(meeting, sent, "the title is used with the wrong part of the name (name order differs by culture)",
                      "ask once how the person prefers to be addressed", "Wrong name order in a formal address.")
    for m in ADDRESS_TITLE.finditer(text):
        person = people.find(m.group(2)) or _by_name_part(people, m.group(2))
        if person is None or people.resolve(sent.speaker) == person.name or len(person.words) < 2:
            continue
        word = fold(m.group(2))
        folded = [fold(w) for w in person.words]
        family = [w for w in folded if w in EAST_ASIAN_SURNAMES]
        if word in VIETNAMESE_SURNAMES and ("vietnam" in meeting.partner_countries or word == folded[0]):
            return _f(meeting, sent, "Vietnamese names are addressed by the given name (Ms. + last word), not the family name",
                      f"use {m.group(1)}. {person.words[-1]}", "Wrong name order in a formal address.")
        if family and word not in family and word not in VIETNAMESE_SURNAMES:
            return _f(meeting, sent, "the title is used with the given name instead of the family name (name order differs by culture)",
                      "use the family name with the title", "Wrong name order in a formal address.")
    if (m := re.search(r"\b([A-Z][\w'’]+)-(?:chan|kun)\b", text)) and people.resolve(sent.speaker) != (people.resolve(m.group(1)) or ""):
        return _f(meeting, sent, "-chan/-kun is for children or close juniors; with a business partner it is over-familiar",
                  f"use {m.group(1)}-san", "Over-familiar honorific.")
    if re.search(r"\b(?:can|could|may) I (?:just )?call you\b|\bI(?:'|’)ll (?:just )?call you\b|\bmind if I call you\b", text, re.I):
        return _f(meeting, sent, "asking to use a nickname publicly puts the person on the spot",
                  "use the name the person introduced themselves with", "Over-familiar use of a nickname.")
    for person, word, pos in people.mentioned(text):
        if people.resolve(sent.speaker) == person.name or not _vocative(text, word, pos):
            continue
        formal = _formal(meeting, person, sent, only=sent.speaker)
        if formal and fold(word) not in formal and not person.invites_first_name and not re.match(rf"[-‐]{HONORIFIC}", text[pos + len(word):]):
            if not re.match(r"\s*(?:-|‐)?(?:san|sama)\b", text[pos + len(word):]) and re.search(r"\b(?:Mr|Mrs|Ms|Dr)\.?\s*$", text[:pos]) is None:
                return _f(meeting, sent, f"{person.name} is addressed formally by others; a first name or nickname is over-familiar",
                          "match the formality the partner's side uses", "Over-familiar address.")
    for person, word, pos in people.mentioned(text):
        if people.resolve(sent.speaker) == person.name or not _vocative(text, word, pos) or person.invites_first_name:
            continue
        if re.search(r"\b(?:Mr|Mrs|Ms|Miss|Dr|Prof|Professor|Ing|Eng|Engr)\.?\s*$", text[:pos]) or re.match(rf"[-‐]{HONORIFIC}", text[pos + len(word):]):
            continue
        familiar = re.match(rf",?\s*{OVERFAMILIAR}\b", text[pos + len(word):], re.I)
        if person.titled in ("Dr", "Prof") and (familiar or _formal(meeting, person, sent)) and not _same_side(meeting, sent, person):
            return _f(meeting, sent, f"{person.name} holds the title {person.titled}.; a bare name is over-familiar",
                      f"use {person.titled}. {person.words[-1]}", "Over-familiar address to a titled partner.")
    for word in re.findall(rf"(?i:{GREETING}),?\s+([A-Z][a-z]{{2,}})\b", text):
        person = people.nickname_of(word)
        if person and (person.titled or person.formal_tokens) and people.resolve(sent.speaker) != person.name:
            return _f(meeting, sent, f"a nickname for {person.name} is over-familiar", "use the person's title and surname",
                      "Over-familiar nickname.")
    return None


def _by_name_part(people, token: str):
    """The one person whose hyphenated given name contains `token` ("Ling" in "Wei-Ling")."""
    hits = [p for p in people.people.values() for w in p.words if "-" in w and fold(token) in map(fold, w.split("-"))]
    return hits[0] if len({p.name for p in hits}) == 1 else None


def _same_side(meeting: Meeting, sent: Sentence, person) -> bool:
    sides = meeting.features.setdefault("sides", _sides(meeting))
    me = meeting.speaker_name(sent)
    return me in sides and person.name in sides and sides[me] == sides[person.name]


def _formal(meeting: Meeting, person, sent: Sentence, only: str | None = None) -> set[str]:
    """Name words used with a title or honorific for this person elsewhere (by `only`, if given)."""
    tokens = set()
    for other in meeting.sentences:
        if other is sent or (only is not None and other.speaker != only):
            continue
        for word in person.words:
            w = re.escape(word)
            if re.search(rf"\b(?:Mr|Mrs|Ms|Miss|Dr|Prof|Professor|Director|President|Pak|Ibu|Bu)\.?\s+{w}\b|\b{w}-{HONORIFIC}\b", other.text):
                tokens.add(fold(word))
    return tokens


def _vocative(text: str, word: str, pos: int) -> bool:
    before, after = text[:pos], text[pos + len(word):]
    lead = re.search(rf"(?:^|[,;—–-]\s*|[:]\s*[\"“]|^[\"“]|(?i:{GREETING}),?\s+)$", before)
    trail = re.match(r"\s*(?:[,!?.]|$|—|–)", after)
    return bool(lead and trail)


_ALL_PLACES = "|".join(hol.COUNTRY_NAMES.values())
PLACE = re.compile(rf"\b(?:(?:{_ALL_PLACES})s?|czech|czechia|hungar\w*|romanian?|bulgarian?|ukrain\w*|serbian?|croatian?|slovak\w*|"
                   rf"austrian?|belgian?|portugal|portuguese|greek|greece|norw\w+|danish|denmark|irish|scottish|swiss|"
                   rf"ethiopian?|tanzanian?|ugandan?|sri lankan?|nepal\w*|cambodian?|lao|burmese|myanmar|emirati|qatari|kuwaiti|"
                   rf"venezuelan?|ecuador\w*|bolivian?|uruguay\w*|paraguay\w*|cuban?|jamaican?|arab\w*|persian|latin\w*|asian|african|european)s?\b", re.I)
# Jokes and condescension that cost face: stereotypes, "in our country we do it properly", mocking English.
STEREO_JOKE = rx(
    r"\b(?:time|speed|traffic|punctual\w*|efficien\w*|strikes?|bureaucra\w*|siesta|mañana|bribes?|corrupt\w*|motivation|chaos|"
    r"paperwork|red tape|copy|copies|copying|steal\w*|fake\w*|knock-?offs?|beer|vodka|tequila|wine|drink\w*|party|parties|"
    r"lazy|late|slow|relaxed|holiday\w*|spicy|smell\w*|accent|rules|cheap)\b")
CONDESCEND = rx(
    r"\b(?:in|back in|over in|where I come from,?|back home,?) (?:our country|the (?:US|UK|States|West)|Europe|America|Canada|Germany|Australia|"
    r"the Netherlands|Holland|Japan|Britain|England|Sweden|Norway|Denmark|Switzerland|here)\b.{0,40}\b(?:we|they|people)\b.{0,40}"
    r"\b(?:properly|correctly|actually|right|the right way|real|seriously|on time|professionally)\b",
    r"\bno offen[cs]e,? but\b", r"\byou people\b", r"\bwhere I come from\b.{0,60}\b(?:properly|actually|real)\b",
    r"\b(?:explain|say|go through) (?:this|it|that|everything)? ?(?:very |really )?slowly\b", r"\bin plain English\b",
    r"\b(?:translate|say) (?:that|it|this)? ?(?:in|into) (?:proper |real |normal )?English\b", r"\bdidn(?:'|’)t (?:catch|understand) a (?:single )?word\b",
    r"\byour English\b", r"\b(?:your|his|her|the) accent\b", r"\b(?:your|his|her|their) names? (?:is|are) (?:too |so |really |a bit )?(?:hard|difficult|impossible|tricky) to (?:say|pronounce|remember)\b", r"\bspeak (?:proper |better |real )?English\b",
    r"\bwhat (?:he|she|they)(?:'|’)s trying to say\b", r"\bnot (?:exactly )?rocket science\b.{0,60}\b(?:your|you|just)\b",
    r"\b(?:even|surely) (?:your|a) (?:team|people|intern|child|junior)\b.{0,30}\bcan\b", r"\bit(?:'|’)s not that (?:hard|difficult|complicated)\b",
)
# Naming a person or their team as the cause of a failure, in front of others.
TEAM = r"(?:your|(?-i:[A-Z][\w'’-]+)(?:'|’)s|the (?-i:[A-Z]{2,5}))\s+(?:[\w-]+\s+){0,2}(?:team|people|department|guys|engineers|staff|crew|lab|office)"
BLAME2 = rx(
    rf"\b{TEAM}\s+(?:never|didn(?:'|’)t|did not|failed|forgot|messed|screwed|sat on|ignored|dropped|couldn(?:'|’)t|wasn(?:'|’)t|weren(?:'|’)t)\b",
    r"\bif (?:the|your) [\w\s-]{1,30}(?:team|people|department|lab) had\b.{0,60}\bwouldn(?:'|’)t\b",
    r"\b(?:that(?:'|’)s|it(?:'|’)s|it is|that is|was) (?:really |frankly |clearly )?(?:on them|your (?:fault|mistake|error))\b",
    r"\bdown to (?-i:[A-Z][\w'’-]+) (?:not|never|failing|forgetting|missing)\b",
    r"\b(?-i:[A-Z][\w'’-]+) (?:clearly |obviously )?(?:didn(?:'|’)t|did not|never) (?:read|check|test|follow|understand)\b",
    r"\bwas on your [\w-]+ team\b", r"\bwho (?:is|was) responsible for this mess\b", r"\bwhat were you thinking\b", r"\bdid you even\b",
    # putting someone on the spot in front of others
    r"\b(?:explain|tell) (?:to )?(?:everyone|all of us|the group|us all|the whole team)\b.{0,30}\bwhy\b", r"\bin front of (?:everyone|your (?:boss|CEO|team|director|manager))\b",
)
UNITS = rx(r"\b(?:inches|ounces|pounds|fahrenheit|feet|miles|gallons|yards)\b.{0,40}\b(?:obviously|of course|just work from|like normal people)\b",
           r"\b(?:obviously|of course)\b.{0,40}\b(?:inches|ounces|fahrenheit|gallons)\b",
           r"\b(?:month[- ]first|US date|American date)\b")
# Brushing off a holiday, fast or religious practice, or asking the partner to work through it.
DISMISS_OBSERVANCE = rx(
    r"\b(?:only|just) (?:one|a|a single|one little|a few hours|a couple of days|one or two days)\s*(?:\w+\s+){0,2}(?:holiday|festival|day off|days? off|night|hours?)\b",
    r"\b(?:won(?:'|’)t|doesn(?:'|’)t|wouldn(?:'|’)t) (?:hurt|matter)\b.{0,20}\b(?:anyone|anybody|you)\b", r"\bsurely\b.{0,50}\b(?:doesn(?:'|’)t|don(?:'|’)t|won(?:'|’)t|can(?:'|’)t) (?:stop|close|shut)\b",
    r"\b(?:work|push|power|run) (?:straight |right )?through (?:it|the (?:holiday|festival|fast)|christmas|eid|ramadan|the break|new year)\b",
    r"\bskeleton (?:crew|staff|team)\b", r"\bopen the (?:plant|factory|office|site|warehouse) (?:anyway|for a few hours|just for us)\b",
    r"\b(?:anyway|just for us|this once)\b.{0,10}\?",
    r"\bonly (?:one or two|a couple of|a few) days? off\b", r"\b(?:skip|break) the fast\b", r"\boff the fast\b",
    r"\b(?:a few|couple of) hours less\b.{0,40}\b(?:push|work|manage|fine)\b",
    r"\b(?:ramadan|eid|diwali|lunar new year|chinese new year|golden week|the (?:holiday|festival|fast))\b.{0,30}\b(?:inconvenien\w*|annoying|a pain|a nuisance|in the way|a hassle)\b",
)
ALCOHOL = rx(r"\bbeers?\b", r"\bpub\b", r"\bwine\b", r"\bcocktails?\b", r"\bdrinks?\b", r"\bchampagne\b", r"\bwhisk(?:e)?y\b",
             r"\bsake\b", r"\bbar\b", r"\bpork\b", r"\bbacon\b", r"\bham\b")
MUSLIM_MAJORITY = {"saudi arabia", "uae", "qatar", "oman", "kuwait", "bahrain", "jordan", "egypt", "morocco", "pakistan",
                   "bangladesh", "indonesia", "malaysia", "turkey"}
WEEKEND_FRI = {"saudi arabia", "qatar", "oman", "kuwait", "bahrain", "egypt", "jordan", "israel", "bangladesh"}


def _face(meeting: Meeting, sent: Sentence):
    text = sent.text
    nation = NATION.search(text) or PLACE.search(text)
    near = nation and STEREOTYPE.search(text[max(0, nation.start() - 25): nation.end() + 25])
    joke = nation and LAUGH.search(text) and (STEREO_JOKE.search(text) or near)
    if (nation and (near and (LAUGH.search(text) or re.search(r"\btypical\b|\bused to\b|\bas usual\b|\ball that\b|\bknow how\b", text, re.I))
                    or joke) and not sent.minutes) or (RELIGION.search(text) and re.search(r"\bjok", text, re.I)):
        return _f(meeting, sent, "a joke about the partner's country, people or faith costs face",
                      "drop the joke; if it landed badly, apologise briefly", "Joke about the partner's country or culture.", 0.7)
    if CONDESCEND.search(text) and not sent.minutes:
        return _f(meeting, sent, "a condescending remark about the partner's country, language or competence costs face",
                  "drop the comparison; ask questions instead of lecturing", "Condescending remark.", 0.65)
    if (BLAME.search(text) or BLAME2.search(text)) and (not sent.minutes or BLAME2.search(text) and re.search(r"\b(?:said|blamed|stated)\b", text)):
        if BLAME.search(text) and not BLAME2.search(text) and not _targets_person(meeting, sent):
            return None
        return _f(meeting, sent, "public criticism of a named person in front of colleagues costs face",
                  "raise the issue privately and frame it as a shared problem", "Publicly blamed someone.")
    countries = set(meeting.partner_countries)
    if DISMISS_OBSERVANCE.search(text) and not sent.minutes:
        return _f(meeting, sent, "brushing off the partner's holiday or religious practice is disrespectful",
                  "respect the observance and plan around it", "Dismissed a holiday or religious practice.", 0.6)
    if countries & MUSLIM_MAJORITY and ALCOHOL.search(text) and re.search(r"\b(?:we(?:'|’)ll|let(?:'|’)s|on us|you(?:'|’)ll|shall we|how about|take you)\b", text, re.I):
        return _f(meeting, sent, "offers alcohol or pork to a partner who may not drink or eat it for religious reasons",
                  "offer a meal or coffee without assuming", "Assumed alcohol/pork is welcome.", 0.6)
    if UNITS.search(text) and not sent.minutes:
        return _f(meeting, sent, "assumes the partner works with the speaker's units or formats",
                  "state values in both systems", "Assumed own units/formats.", 0.55)
    if countries & WEEKEND_FRI and EVENT.search(text) and PROPOSAL.search(text) \
            and re.search(r"\b(?:on|this|next|coming) (?:friday|saturday)\b(?! (?:morning|evening) at the latest)", text, re.I) \
            and not re.search(r"\bby (?:this |next )?(?:friday|saturday)\b", text, re.I):
        return _f(meeting, sent, "proposes a meeting on the partner's weekend", "check the partner's working week",
                  "Scheduled on the partner's weekend.", 0.55)
    if countries & WEEKEND_FRI and re.search(r"\b(?:over|on|during) the weekend\b.{0,40}\bsaturday and sunday\b|\bsaturday and sunday\b.{0,40}\b(?:nobody|no one|weekend)\b", text, re.I):
        return _f(meeting, sent, "assumes a Saturday-Sunday weekend; the partner's weekend differs",
                  "check the partner's working week", "Assumed the wrong weekend.", 0.6)
    return None


def _targets_person(meeting: Meeting, sent: Sentence) -> bool:
    """Whether a critical sentence (or its turn) points at a person or their team."""
    turn = meeting.turn(sent.utt)
    for s in turn:
        if re.search(r"\byou(?:r)?\b", s.text, re.I) or any(_vocative(s.text, w, pos) for _, w, pos in meeting.people.mentioned(s.text)):
            return True
    return bool(re.search(r"(?:'|’)s team\b", sent.text))


_TITLE_BEFORE = r"(?:(?:Mr|Mrs|Ms|Miss|Dr|Prof|Professor|Ing|Eng|Engr|Director)\.?\s+)?"
_GREETED = re.compile(rf"(?i:{GREETING}),?\s+(?:{_TITLE_BEFORE}[A-Z][\w'’-]+(?:[ -][A-Z][\w'’-]+)?(?:-san|-ssi|-nim)?\s*(?:,|and|&)\s*(?:(?i:{GREETING})\s+)?)*{_TITLE_BEFORE}$")
_WITH_ME = [
    r"{n}\s+(?:is|are)\s+(?:also\s+)?(?:here\s+)?(?:with me|with us|joining (?:me|us))", r"\bmy colleague,?\s+{n}", r"\bour colleague,?\s+{n}",
    r"{n}\s+(?:from|of)\s+(?:our|my)\b", r"{n},?\s+(?:our|my)\s+(?:\w+\s+){{0,3}}(?:lead|leader|manager|head|director|engineer|colleague|boss|CEO|CFO)",
    r"{n}(?:'s|\s+is|\s+has)\s+(?:on|also on|dialled in|dialed in|joining|here)\b",
]


def _sides(meeting: Meeting) -> dict[str, int]:
    """Which side each speaker is on: people greet the other side and introduce their own colleagues."""
    apart: dict[str, set[str]] = {}
    together: dict[str, set[str]] = {}
    for sent in meeting.sentences[:60]:
        me = meeting.speaker_name(sent)
        if not me:
            continue
        for person, word, pos in meeting.people.mentioned(sent.text):
            if person.name == me:
                continue
            if _GREETED.search(sent.text[:pos]):
                apart.setdefault(me, set()).add(person.name)
                apart.setdefault(person.name, set()).add(me)
            elif any(re.search(p.format(n=re.escape(word)), sent.text) for p in _WITH_ME):
                together.setdefault(me, set()).add(person.name)
                together.setdefault(person.name, set()).add(me)
    side: dict[str, int] = {}
    for start in list(apart) + list(together):
        if start in side:
            continue
        side[start], queue = 0, [start]
        while queue:
            cur = queue.pop()
            for other in apart.get(cur, ()):
                if other not in side:
                    side[other] = 1 - side[cur]
                    queue.append(other)
            for other in together.get(cur, ()):
                if other not in side:
                    side[other] = side[cur]
                    queue.append(other)
    return side


INTERNAL = rx(r"\binternally\b", r"\bback home\b", r"\bmake a note\b", r"\bfor (?:our|the) (?:team|side) (?:here|back)\b",
              r"\bon (?:the|our) customer side\b", r"\bour side\b.{0,30}\b(?:before|first)\b")


def _to_colleague(meeting: Meeting, sent: Sentence, sides: dict[str, int]) -> bool:
    """Whether the turn is addressed (by name) only to people on the speaker's own side."""
    me = meeting.speaker_name(sent)
    if INTERNAL.search(sent.text) and (re.match(r"\W*(?!(?:So|Now|Well|Okay|Ok|Right|And|But|Honestly|Look|Yes|No)\b)[A-Z][a-z]+,", sent.text) or any(_vocative(s.text, w, pos) for s in meeting.turn(sent.utt)
                                          for p, w, pos in meeting.people.mentioned(s.text) if p.name != me)):
        return True  # an aside to a colleague about "our side"/"back home"
    if me not in sides:
        return False
    named = {p.name for s in meeting.turn(sent.utt) for p, w, pos in meeting.people.mentioned(s.text) if _vocative(s.text, w, pos)}
    named.discard(me)
    if named and INTERNAL.search(sent.text):
        return True  # an aside to a colleague about "our side"/"back home"
    return bool(named) and all(sides.get(n) == sides[me] for n in named)


def detect(meeting: Meeting) -> list[tuple[Sentence, RawFinding]]:
    """Misstep findings; one per sentence, the first address misstep per speaker/target pair."""
    out: dict[int, tuple[Sentence, RawFinding]] = {}
    address_seen: set[tuple[str | None, str]] = set()
    sides = _sides(meeting)
    blamed: set[int] = set()
    for sent in meeting.sentences:
        if sent.minutes and QUOTED_SPEECH.search(sent.text):
            sent = dataclasses.replace(sent, minutes=False)  # minutes quoting what someone said verbatim
        for rule in (_face, _address, _holiday, _idiom):
            hit = rule(meeting, sent)
            if hit is None:
                continue
            if rule in (_idiom, _face) and _to_colleague(meeting, sent, sides):
                continue
            if rule is _face and hit[1].summary.startswith("Publicly blamed"):
                if sent.utt in blamed:
                    continue  # one blame per turn, at its harshest sentence
                turn = [s for s in meeting.turn(sent.utt) if BLAME.search(s.text) or BLAME2.search(s.text)] or [sent]
                best = max(turn, key=lambda s: (len(BLAME.findall(s.text)) + 2 * len(BLAME2.findall(s.text)), -s.index))
                hit = _f(meeting, best, hit[1].why_it_matters, hit[1].suggested_repair, hit[1].summary)
                blamed.add(sent.utt)
            if rule is _address:
                key = (sent.speaker, hit[1].summary)
                if key in address_seen:
                    continue
                address_seen.add(key)
            out.setdefault(hit[0].index, hit)
            break
        if TABOO.search(sent.text) and re.search(r"\b(?:could|can|would) you\b|\blet(?:'|’)s\b|\?", sent.text) and any(TABOO_REPLY.search(s.text) for t in meeting.turns_after(sent, 2) for s in t):
            out.setdefault(sent.index, _f(meeting, sent, "asks the partner to act against a religious or dietary rule",
                                          "learn the partner's certifications and constraints before asking", "Religious/dietary misstep."))
    _awkward_replies(meeting, out)
    return [out[k] for k in sorted(out)]


def _awkward_replies(meeting: Meeting, out: dict) -> None:
    """A hesitant reply ("...Yes.", "Hm.") to a personal remark marks that remark as a misstep."""
    for sent in meeting.sentences:
        first = meeting.turn(sent.utt)[0] if meeting.turn(sent.utt) else None
        if first is not sent or sent.minutes:
            continue
        local = sent.text
        raw_start = sent.start
        if not AWKWARD.match(local):
            continue
        prev = meeting.previous_other(sent)
        if any(p.index in out for p in prev):
            continue
        personal = [p for p in prev if re.search(r"\byou(?:r)?\b", p.text, re.I) or any(
            _vocative(p.text, w, pos) for _, w, pos in meeting.people.mentioned(p.text))]
        if personal and raw_start:
            p = personal[0]
            out[p.index] = _f(meeting, p, "the listener's hesitant reply suggests the remark landed badly",
                              "acknowledge it and rephrase respectfully", "Remark that caused visible discomfort.", 0.55)
