"""Address missteps: wrong titles, title on the wrong part of the name, nicknames and over-familiar address.

Also works out which side each speaker is on (people greet the other side and introduce their own
colleagues), so that first names and asides between colleagues on the same side are not flagged.
"""

from __future__ import annotations

import re

from .lexicon import rx
from .meeting import Meeting
from .misstep_common import GREETING, misstep, vocative
from ...text.names import HONORIFIC, fold
from ...text.sentences import Sentence

ADDRESS_TITLE = re.compile(r"\b(Mr|Mrs|Ms|Miss)\.?\s+([A-Z][\w'’-]+)")
# Family names that come FIRST in Chinese, Korean and Japanese names ("Chen Wei-Ling" is Ms. Chen), and
# Vietnamese family names, which are NOT used with a title (Nguyen Thi Lan is Ms. Lan).
EAST_ASIAN_SURNAMES = set(
    """
wang li zhang liu chen yang huang zhao wu zhou xu sun ma zhu hu guo he lin gao luo zheng liang xie tang song deng feng cao
peng zeng xiao tian dong pan yuan cai jiang yu du ye cheng wei su lu ding ren shen yao jin qian fan fang shi tan wong chan
cheung lau ng ho leung chow tsai hsu kuo chang lai chiu hsieh
kim lee park choi jung jeong kang cho yoon jang lim han oh seo shin kwon hwang ahn yoo hong moon son bae baek
sato suzuki takahashi tanaka watanabe ito yamamoto nakamura kobayashi kato yoshida yamada sasaki yamaguchi matsumoto inoue kimura
hayashi shimizu yamazaki mori abe ikeda hashimoto yamashita ishikawa nakajima maeda fujita ogawa goto okada hasegawa murakami
kondo ishii saito sakamoto endo aoki fujii nishimura fukuda ota miura fujiwara okamoto matsuda nakagawa kitamura hoshino
""".split()
)
VIETNAMESE_SURNAMES = set("nguyen tran le pham hoang huynh phan vu vo dang bui do ngo duong ly".split())
# Common Japanese and Korean family names: in business these people are addressed by family name and
# title (Kitamura-san, Director Park) unless they invite otherwise; a bare given name is over-familiar.
JAPANESE_KOREAN_SURNAMES = set(
    """
sato suzuki takahashi tanaka watanabe ito yamamoto nakamura kobayashi kato yoshida yamada sasaki yamaguchi matsumoto
inoue kimura hayashi shimizu yamazaki mori abe ikeda hashimoto yamashita ishikawa nakajima maeda fujita ogawa goto okada
hasegawa murakami kondo ishii saito sakamoto endo aoki fujii nishimura fukuda ota miura fujiwara okamoto matsuda nakagawa
kitamura hoshino nomura takeda ueda morita arai kudo sugiyama chiba murata ono tamura
kim lee park choi jung jeong kang cho yoon jang lim han oh seo shin kwon hwang ahn song yoo hong jeon moon baek heo nam
""".split()
)
JAPAN_KOREA = {"japan", "korea"}
OPENING = re.compile(
    r"\b(?:hey|hi|hiya|hello|yo|good (?:morning|afternoon|evening)|morning|dear)\b,?\s+$", re.I
)

# Countries whose names are given name + father's name (no family name): "Mr. <second name>" is wrong.
PATRONYMIC = re.compile(r"\b(?:ethiopia\w*|eritrea\w*|iceland\w*|addis ababa|asmara|reykjav[ií]k)\b", re.I)
OVERFAMILIAR = r"(?:mate|buddy|pal|dude|bro|my man|boss|chief|big guy|sweetheart|darling|love|honey|young lady|my friend)"


def address_misstep(meeting: Meeting, sent: Sentence):
    """Wrong title, title on the wrong name, nicknames and first names where others are formal."""
    people, text = meeting.people, sent.text
    for m in ADDRESS_TITLE.finditer(text):
        person = people.find(m.group(2))
        if person is None or people.resolve(sent.speaker) == person.name:
            continue
        if person.titled:
            return misstep(
                meeting,
                sent,
                f"{person.name} holds the title {person.titled}.; a plain Mr/Mrs/Ms is a slight",
                f"use {person.titled}. {person.words[-1]}",
                "Wrong title for the partner.",
            )
        formal = _formal(meeting, person, sent)
        if formal and fold(m.group(2)) not in formal:
            return misstep(
                meeting,
                sent,
                "the title is used with the wrong part of the name (name order differs by culture)",
                "ask once how the person prefers to be addressed",
                "Wrong name order in a formal address.",
            )
    for m in ADDRESS_TITLE.finditer(text):
        person = people.find(m.group(2)) or _by_name_part(people, m.group(2))
        if person is None or people.resolve(sent.speaker) == person.name or len(person.words) < 2:
            continue
        word = fold(m.group(2))
        folded = [fold(w) for w in person.words]
        if PATRONYMIC.search(meeting.partner or "") and word == folded[-1] and word != folded[0]:
            return misstep(
                meeting,
                sent,
                "in patronymic naming the second name is the father's name; the title goes with the given name",
                f"use {m.group(1)}. {person.words[0]} (or the local title)",
                "Wrong name in a formal address.",
            )
        family = [w for w in folded if w in EAST_ASIAN_SURNAMES]
        if word in VIETNAMESE_SURNAMES and ("vietnam" in meeting.partner_countries or word == folded[0]):
            return misstep(
                meeting,
                sent,
                "Vietnamese names are addressed by the given name (Ms. + last word), not the family name",
                f"use {m.group(1)}. {person.words[-1]}",
                "Wrong name order in a formal address.",
            )
        if family and word not in family and word not in VIETNAMESE_SURNAMES:
            return misstep(
                meeting,
                sent,
                "the title is used with the given name instead of the family name (name order differs by culture)",
                "use the family name with the title",
                "Wrong name order in a formal address.",
            )
    if (tag := re.search(r"\b([A-Z][\w'’]+)-(?:chan|kun)\b", text)) and people.resolve(sent.speaker) != (
        people.resolve(tag.group(1)) or ""
    ):
        return misstep(
            meeting,
            sent,
            "-chan/-kun is for children or close juniors; with a business partner it is over-familiar",
            f"use {tag.group(1)}-san",
            "Over-familiar honorific.",
        )
    if re.search(
        r"\b(?:can|could|may) I (?:just )?call you\b|\bI(?:'|’)ll (?:just )?call you\b|\bmind if I call you\b",
        text,
        re.I,
    ):
        return misstep(
            meeting,
            sent,
            "asking to use a nickname publicly puts the person on the spot",
            "use the name the person introduced themselves with",
            "Over-familiar use of a nickname.",
        )
    for person, word, pos in people.mentioned(text):
        if people.resolve(sent.speaker) == person.name or not vocative(text, word, pos):
            continue
        formal = _formal(meeting, person, sent, only=sent.speaker)
        if (
            formal
            and fold(word) not in formal
            and not person.invites_first_name
            and not re.match(rf"[-‐]{HONORIFIC}", text[pos + len(word) :])
        ):
            if (
                not re.match(r"\s*(?:-|‐)?(?:san|sama)\b", text[pos + len(word) :])
                and re.search(r"\b(?:Mr|Mrs|Ms|Dr)\.?\s*$", text[:pos]) is None
            ):
                return misstep(
                    meeting,
                    sent,
                    f"{person.name} is addressed formally by others; a first name or nickname is over-familiar",
                    "match the formality the partner's side uses",
                    "Over-familiar address.",
                )
    for person, word, pos in people.mentioned(text):
        if (
            people.resolve(sent.speaker) == person.name
            or not vocative(text, word, pos)
            or person.invites_first_name
        ):
            continue
        if re.search(r"\b(?:Mr|Mrs|Ms|Miss|Dr|Prof|Professor|Ing|Eng|Engr)\.?\s*$", text[:pos]) or re.match(
            rf"[-‐]{HONORIFIC}", text[pos + len(word) :]
        ):
            continue
        familiar = re.match(rf",?\s*{OVERFAMILIAR}\b", text[pos + len(word) :], re.I)
        if (
            person.titled in ("Dr", "Prof")
            and (familiar or _formal(meeting, person, sent))
            and not _same_side(meeting, sent, person)
        ):
            return misstep(
                meeting,
                sent,
                f"{person.name} holds the title {person.titled}.; a bare name is over-familiar",
                f"use {person.titled}. {person.words[-1]}",
                "Over-familiar address to a titled partner.",
            )
    for word in re.findall(rf"(?i:{GREETING}),?\s+([A-Z][a-z]{{2,}})\b", text):
        person = people.nickname_of(word)
        if person and (person.titled or person.formal_tokens) and people.resolve(sent.speaker) != person.name:
            return misstep(
                meeting,
                sent,
                f"a nickname for {person.name} is over-familiar",
                "use the person's title and surname",
                "Over-familiar nickname.",
            )
    return given_name_misstep(meeting, sent)


def given_name_misstep(meeting: Meeting, sent: Sentence):
    """A Japanese or Korean partner greeted by bare given name ("Hey Kenji") by the other side."""
    if not JAPAN_KOREA & set(meeting.partner_countries):
        return None
    people, text = meeting.people, sent.text
    for person, word, pos in people.mentioned(text):
        folded = [fold(w) for w in person.words]
        if (
            len(folded) < 2
            or not JAPANESE_KOREAN_SURNAMES & set(folded)
            or fold(word) in JAPANESE_KOREAN_SURNAMES
            or person.invites_first_name
            or people.resolve(sent.speaker) == person.name
        ):
            continue
        # A greeting counts, or any direct address of someone their side calls by title ("Director Park");
        # mid-meeting "Yuki, where are we on X?" between working teams is common and not flagged.
        greeted = OPENING.search(text[:pos]) or (
            vocative(text, word, pos) and _formal_elsewhere(meeting, person, sent, word)
        )
        if not greeted or re.match(rf"\s*[-‐]?{HONORIFIC}", text[pos + len(word) :]):
            continue
        if (
            _same_side(meeting, sent, person)
            or _speaker_is_east_asian(meeting, sent)
            or _on_first_names(meeting, sent, person)
        ):
            continue
        return misstep(
            meeting,
            sent,
            f"{person.name} is a partner-side {'/'.join(sorted(JAPAN_KOREA & set(meeting.partner_countries))).title()} "
            "businessperson; a bare given name is over-familiar",
            "use the family name with -san or the title",
            "Over-familiar address.",
        )
    return None


def _formal_elsewhere(meeting: Meeting, person, sent: Sentence, word: str) -> bool:
    """Whether others address this person formally by another part of the name ("Director Park")."""
    formal = _formal(meeting, person, sent)
    return bool(formal) and fold(word) not in formal


def _on_first_names(meeting: Meeting, sent: Sentence, person) -> bool:
    """Whether the addressed person calls the speaker by first name too (then they are on first names)."""
    speaker = meeting.speaker_name(sent) or ""
    first = speaker.split()[0] if speaker else ""
    if not first:
        return False
    return any(
        meeting.speaker_name(s) == person.name and re.search(rf"\b{re.escape(first)}\b(?![-‐])", s.text)
        for s in meeting.sentences
    )


def _speaker_is_east_asian(meeting: Meeting, sent: Sentence) -> bool:
    name = meeting.speaker_name(sent) or ""
    return bool({fold(w) for w in name.split()} & JAPANESE_KOREAN_SURNAMES)


def _by_name_part(people, token: str):
    """The one person whose hyphenated given name contains `token` ("Ling" in "Wei-Ling")."""
    hits = [
        p
        for p in people.people.values()
        for w in p.words
        if "-" in w and fold(token) in map(fold, w.split("-"))
    ]
    return hits[0] if len({p.name for p in hits}) == 1 else None


def _same_side(meeting: Meeting, sent: Sentence, person) -> bool:
    sides = meeting.features.setdefault("sides", sides_of(meeting))
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
            if re.search(
                rf"\b(?:Mr|Mrs|Ms|Miss|Dr|Prof|Professor|Director|President|Pak|Ibu|Bu)\.?\s+{w}\b|\b{w}-{HONORIFIC}\b",
                other.text,
            ):
                tokens.add(fold(word))
    return tokens


_TITLE_BEFORE = r"(?:(?:Mr|Mrs|Ms|Miss|Dr|Prof|Professor|Ing|Eng|Engr|Director)\.?\s+)?"
_GREETED = re.compile(
    rf"(?i:{GREETING}),?\s+(?:{_TITLE_BEFORE}[A-Z][\w'’-]+(?:[ -][A-Z][\w'’-]+)?(?:-san|-ssi|-nim)?\s*(?:,|and|&)\s*(?:(?i:{GREETING})\s+)?)*{_TITLE_BEFORE}$"
)
_WITH_ME = [
    r"{n}\s+(?:is|are)\s+(?:also\s+)?(?:here\s+)?(?:with me|with us|joining (?:me|us))",
    r"\bmy colleague,?\s+{n}",
    r"\bour colleague,?\s+{n}",
    r"{n}\s+(?:from|of)\s+(?:our|my)\b",
    r"{n},?\s+(?:our|my)\s+(?:\w+\s+){{0,3}}(?:lead|leader|manager|head|director|engineer|colleague|boss|CEO|CFO)",
    r"{n}(?:'s|\s+is|\s+has)\s+(?:on|also on|dialled in|dialed in|joining|here)\b",
]


def sides_of(meeting: Meeting) -> dict[str, int]:
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


INTERNAL = rx(
    r"\binternally\b",
    r"\bback home\b",
    r"\bmake a note\b",
    r"\bfor (?:our|the) (?:team|side) (?:here|back)\b",
    r"\bon (?:the|our) customer side\b",
    r"\bour side\b.{0,30}\b(?:before|first)\b",
)


def to_colleague(meeting: Meeting, sent: Sentence, sides: dict[str, int]) -> bool:
    """Whether the turn is addressed (by name) only to people on the speaker's own side."""
    me = meeting.speaker_name(sent)
    if INTERNAL.search(sent.text) and (
        re.match(
            r"\W*(?!(?:So|Now|Well|Okay|Ok|Right|And|But|Honestly|Look|Yes|No)\b)[A-Z][a-z]+,", sent.text
        )
        or any(
            vocative(s.text, w, pos)
            for s in meeting.turn(sent.utt)
            for p, w, pos in meeting.people.mentioned(s.text)
            if p.name != me
        )
    ):
        return True  # an aside to a colleague about "our side"/"back home"
    if me not in sides:
        return False
    named = {
        p.name
        for s in meeting.turn(sent.utt)
        for p, w, pos in meeting.people.mentioned(s.text)
        if vocative(s.text, w, pos)
    }
    named.discard(me)
    if named and INTERNAL.search(sent.text):
        return True  # an aside to a colleague about "our side"/"back home"
    return bool(named) and all(sides.get(n) == sides[me] for n in named)
