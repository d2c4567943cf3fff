"""Cultural missteps: idioms to second-language listeners, holiday and custom assumptions,
wrong titles / name order / over-familiar address, and face-losing remarks.

Signals, each a general pattern: an idiom lexicon (skipped with English-native partners, in asides
to a colleague, and when the speaker repairs it in the same breath); a proposal whose date the
partner answers with a holiday ("that is Golden Week"), or a remark assuming a holiday is shared
("a wash for everybody, it's Thanksgiving"); Mr/Mrs/Ms for a Dr./Prof., a title or first name
that differs from how others formally address the person, nicknames, a corrected form of address;
public blame of a named person, jokes leaning on nationality or religion, and an awkward reply
("...Yes.", "Hm.") right after a personal remark.
"""

from __future__ import annotations

import re

from ...core.models import RawFinding
from .idioms import IDIOMS
from .lexicon import rx
from .meeting import Meeting
from .people import HONORIFIC, fold
from .sentences import Sentence

IDIOM = re.compile(r"\b(?:" + "|".join(IDIOMS) + r")\b", re.I)
REPAIR = rx(r"\b(?:sorry,? )?I (?:just )?mean\b", r"\bin other words\b", r"\bwhat I mean is\b", r"\bthat is to say\b",
            r"\blet me rephrase\b", r"\bthat(?:'|’)s an idiom\b")
ASIDE = rx(r"\bbetween you and me\b", r"\boff the record\b")
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
            r"\byou(?:'|’)ll all be off\b")
DATEISH = re.compile(r"\b(?:\d{1,2}(?:st|nd|rd|th)|(?:mon|tues|wednes|thurs|fri|satur|sun)day|tomorrow|next week)\b|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b", re.I)
TABOO = rx(r"\bpork\b", r"\bbacon\b", r"\bham\b", r"\blard\b", r"\balcohol\b", r"\bbeer\b", r"\bwine\b", r"\bbeef\b")
TABOO_REPLY = rx(r"\bhalal\b", r"\bkosher\b", r"\bmuslim\b", r"\bhindu\b", r"\bvegetarian\b", r"\breligio", r"\bwe do not use\b")
NATION = re.compile(
    r"\b(?:German|Brazilian|Nigerian|Japanese|Chinese|Indian|French|Mexican|Korean|Italian|Spanish|Greek|Polish|Russian|Turkish|"
    r"Vietnamese|Indonesian|Thai|Filipino|Saudi|Arab|Egyptian|Kenyan|Ghanaian|Irish|Scottish|Dutch|Swiss|Swedish|Finnish|"
    r"Norwegian|Danish|African|Latin|Asian|Argentin\w*|Colombian|Chilean|Peruvian|Pakistani|Bangladeshi|Israeli|Iranian|"
    r"Portuguese|Moroccan|Ethiopian|Malaysian|Singaporean|Australian|Canadian|American|British|English|"
    r"France|Germany|Brazil|Nigeria|Japan|China|India|Mexico|Korea|Italy|Spain|Greece|Poland|Russia|Turkey|Vietnam|Indonesia|"
    r"Thailand|Philippines|Egypt|Kenya|Ghana|Ireland|Netherlands|Switzerland|Sweden|Lagos|Africa|Naples|Alibaba)\b")
STEREOTYPE = rx(r"\btime\b", r"\befficien", r"\bpunctual", r"\bstrikes?\b", r"\bbribe", r"\bmotivation\b", r"\bcorrupt",
                r"\bsiesta\b", r"\bcopy\b", r"\bsteal\b", r"\blazy\b", r"\bbureaucra", r"\bmañana\b", r"\btypical\b",
                r"\band all that\b", r"\byou know how it is\b", r"\bclockwork\b")
LAUGH = rx(r"\bha(?:ha)+\b", r"\bha ha\b", r",\s*ha\b", r"\bha[,.!]", r"\blol\b", r"\bjust kidding\b", r"\bjok(?:e|ing|ed)\b", r"!\s*$")
RELIGION = rx(r"\binshallah\b", r"\ballah\b", r"\bgod willing\b", r"\bkarma\b", r"\bhalal\b", r"\bprayer", r"\bramadan\b")
BLAME = rx(r"\bsloppy\b", r"\bdropped the ball\b", r"\byour (?:mistake|fault|error)\b", r"\bwho dropped\b", r"\bwas a joke\b",
           r"\bnot useful\b", r"\b(?:were|was) wrong\b", r"\bcannot work with\b", r"\bcan(?:'|’)t work with\b", r"\bclearly didn(?:'|’)t\b",
           r"\bhas been a problem\b", r"\bincompetent\b", r"\buseless\b", r"\bcareless\b", r"\bdisappointing\b", r"\bembarrassing\b",
           r"\bamateur", r"\bmess\b", r"\bon your (?:production )?floor\b", r"\byour team (?:really |clearly )?(?:failed|messed|didn)")
AWKWARD = re.compile(r"^\s*(?:\.\.\.|…)")
ADDRESS_TITLE = re.compile(r"\b(Mr|Mrs|Ms|Miss)\.?\s+([A-Z][\w'’-]+)")
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
        return None
    if ASSUME.search(sent.text) and not sent.text.rstrip().endswith("?"):
        return _f(meeting, sent, "assumes a local holiday is everyone's holiday",
                  "check the partner's calendar instead of assuming shared holidays", "Assumed a holiday is shared.")
    if not CLASH.search(sent.text):
        return None
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
    return None


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
    if re.search(r"\bcan I call you\b", text, re.I):
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
    for word in re.findall(rf"(?i:{GREETING}),?\s+([A-Z][a-z]{{2,}})\b", text):
        person = people.nickname_of(word)
        if person and person.titled and people.resolve(sent.speaker) != person.name:
            return _f(meeting, sent, f"a nickname for {person.name} is over-familiar", "use the person's title and surname",
                      "Over-familiar nickname.")
    return None


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
    lead = re.search(rf"(?:^|[,;—–-]\s*|(?i:{GREETING}),?\s+)$", before)
    trail = re.match(r"\s*(?:[,!?.]|$|—|–)", after)
    return bool(lead and trail)


def _face(meeting: Meeting, sent: Sentence):
    text = sent.text
    nation = NATION.search(text)
    near = nation and STEREOTYPE.search(text[max(0, nation.start() - 25): nation.end() + 25])
    if (nation and (near or LAUGH.search(text)) and not sent.minutes) or (RELIGION.search(text) and re.search(r"\bjok", text, re.I)):
        return _f(meeting, sent, "a joke about the partner's country, people or faith costs face",
                      "drop the joke; if it landed badly, apologise briefly", "Joke about the partner's country or culture.", 0.7)
    if BLAME.search(text) and not sent.minutes:
        return _f(meeting, sent, "public criticism of a named person in front of colleagues costs face",
                  "raise the issue privately and frame it as a shared problem", "Publicly blamed someone.")
    return None


def _sides(meeting: Meeting) -> dict[str, int]:
    """Which side each speaker is on, from greetings early in the meeting (people greet the other side)."""
    apart: dict[str, set[str]] = {}
    for sent in meeting.sentences[:40]:
        me = meeting.speaker_name(sent)
        if not me:
            continue
        for person, word, pos in meeting.people.mentioned(sent.text):
            if person.name != me and re.search(rf"(?i:{GREETING}),?\s*$", sent.text[:pos]):
                apart.setdefault(me, set()).add(person.name)
                apart.setdefault(person.name, set()).add(me)
    side: dict[str, int] = {}
    for start in apart:
        if start in side:
            continue
        side[start], queue = 0, [start]
        while queue:
            cur = queue.pop()
            for other in apart.get(cur, ()):
                if other not in side:
                    side[other] = 1 - side[cur]
                    queue.append(other)
    return side


def _to_colleague(meeting: Meeting, sent: Sentence, sides: dict[str, int]) -> bool:
    """Whether the turn is addressed (by name) only to people on the speaker's own side."""
    me = meeting.speaker_name(sent)
    if me not in sides:
        return False
    named = {p.name for s in meeting.turn(sent.utt) for p, w, pos in meeting.people.mentioned(s.text) if _vocative(s.text, w, pos)}
    named.discard(me)
    return bool(named) and all(sides.get(n) == sides[me] for n in named)


def detect(meeting: Meeting) -> list[tuple[Sentence, RawFinding]]:
    """Misstep findings; one per sentence, the first address misstep per speaker/target pair."""
    out: dict[int, tuple[Sentence, RawFinding]] = {}
    address_seen: set[tuple[str | None, str]] = set()
    sides = _sides(meeting)
    blamed: set[int] = set()
    for sent in meeting.sentences:
        for rule in (_face, _address, _holiday, _idiom):
            hit = rule(meeting, sent)
            if hit is None:
                continue
            if rule in (_idiom, _face) and _to_colleague(meeting, sent, sides):
                continue
            if rule is _face and hit[1].summary.startswith("Publicly blamed"):
                if sent.utt in blamed:
                    continue  # one blame per turn, at its harshest sentence
                turn = [s for s in meeting.turn(sent.utt) if BLAME.search(s.text)]
                best = max(turn, key=lambda s: (len(BLAME.findall(s.text)), -s.index))
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
