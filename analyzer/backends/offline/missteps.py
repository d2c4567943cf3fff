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
import re

from ...core.models import RawFinding
from .address import address_misstep, sides_of, to_colleague
from .face import PUBLIC_BLAME, face_remark
from .idioms import IDIOMS
from .lexicon import rx
from .meeting import Meeting
from .misstep_common import misstep, vocative
from .scheduling import holiday_misstep
from ...text.sentences import Sentence

# analyzer/selection.py scores utterances with every module-level cue regex of `missteps`; the families
# that now live in the split-out rule modules are re-exported here, in their original order.
# ruff: noqa: E402, F401, I001
IDIOM = re.compile(r"\b(?:" + "|".join(IDIOMS) + r")\b", re.I)
REPAIR = rx(
    r"\b(?:sorry,? )?I (?:just )?mean\b",
    r"\bin other words\b",
    r"\bwhat I mean is\b",
    r"\bthat is to say\b",
    r"\blet me rephrase\b",
    r"\bthat(?:'|’)s an idiom\b",
    r"\b(?:he|she|they) meant\b",
    r"\bexplain(?:ed|ing) (?:that|what)\b",
)
ASIDE = rx(
    r"\bbetween you and me\b", r"\boff the record\b", r"\baside to\b", r"\bafter \w+ (?:dropped|left)\b"
)
from .scheduling import HOLIDAYS, CLASH, SCHEDULING, ASSUME, GREETING_HOLIDAY, DATEISH

TABOO = rx(
    r"\bpork\b", r"\bbacon\b", r"\bham\b", r"\blard\b", r"\balcohol\b", r"\bbeer\b", r"\bwine\b", r"\bbeef\b"
)
TABOO_REPLY = rx(
    r"\bhalal\b",
    r"\bkosher\b",
    r"\bmuslim\b",
    r"\bhindu\b",
    r"\bvegetarian\b",
    r"\breligio",
    r"\bwe do not use\b",
)
from .face import NATION, STEREOTYPE, LAUGH, RELIGION, BLAME

AWKWARD = re.compile(r"^\s*(?:\.\.\.|…)")
QUOTED_SPEECH = re.compile(r"[\"“][^\"”]{15,}")
from .address import ADDRESS_TITLE
from .proposal_dates import DAY_MONTH, MONTH_DAY, ISO_DAY
from .scheduling import PROPOSAL, EVENT, MEAL, RESPECT
from .face import PLACE, STEREO_JOKE, CONDESCEND, BLAME2, UNITS, DISMISS_OBSERVANCE, ALCOHOL
from .address import _GREETED, INTERNAL


def _idiom(meeting: Meeting, sent: Sentence):
    m = IDIOM.search(sent.text)
    if not m or sent.minutes or not meeting.cross_language or ASIDE.search(sent.text):
        return None
    if (
        REPAIR.search(sent.text[m.end() :])
        or re.search(r"\byou mean\b|\.\.\.\s*$|\?\s*$", sent.text[m.start() : m.end() + 25])
        and re.search(r"\byou mean\b", sent.text)
    ):
        return None
    nxt = [s for s in meeting.turn(sent.utt) if s.index == sent.index + 1]
    if nxt and re.match(r"\W*(?:sorry,? )?(?:I mean|in other words)\b", nxt[0].text, re.I):
        return None
    return misstep(
        meeting,
        sent,
        f'the idiom "{m.group(0)}" may not translate for a listener working in another language',
        "say it plainly: what is needed, by whom and by when",
        f'Idiom used with a second-language listener: "{m.group(0)}".',
    )


def detect(meeting: Meeting) -> list[tuple[Sentence, RawFinding]]:
    """Misstep findings; one per sentence, the first address misstep per speaker/target pair."""
    out: dict[int, tuple[Sentence, RawFinding]] = {}
    address_seen: set[tuple[str | None, str]] = set()
    sides = sides_of(meeting)
    blamed: set[int] = set()
    for sent in meeting.sentences:
        if sent.minutes and QUOTED_SPEECH.search(sent.text):
            sent = dataclasses.replace(sent, minutes=False)  # minutes quoting what someone said verbatim
        for rule in (face_remark, address_misstep, holiday_misstep, _idiom):
            hit = rule(meeting, sent)
            if hit is None:
                continue
            if rule in (_idiom, face_remark) and to_colleague(meeting, sent, sides):
                continue
            if hit[1].rule is None:
                hit = hit[0], hit[1].model_copy(update={"rule": f"misstep.{rule.__name__.strip('_')}"})
            if hit[1].rule == PUBLIC_BLAME:
                if sent.utt in blamed:
                    continue  # one blame per turn, at its harshest sentence
                turn = [
                    s for s in meeting.turn(sent.utt) if BLAME.search(s.text) or BLAME2.search(s.text)
                ] or [sent]
                best = max(
                    turn,
                    key=lambda s: (len(BLAME.findall(s.text)) + 2 * len(BLAME2.findall(s.text)), -s.index),
                )
                why, repair, summary = (
                    hit[1].why_it_matters or "",
                    hit[1].suggested_repair or "",
                    hit[1].summary,
                )
                hit = misstep(meeting, best, why, repair, summary, rule=PUBLIC_BLAME)
                blamed.add(sent.utt)
            if rule is address_misstep:
                key = (sent.speaker, hit[1].summary)
                if key in address_seen:
                    continue
                address_seen.add(key)
            out.setdefault(hit[0].index, hit)
            break
        if (
            TABOO.search(sent.text)
            and re.search(r"\b(?:could|can|would) you\b|\blet(?:'|’)s\b|\?", sent.text)
            and any(TABOO_REPLY.search(s.text) for t in meeting.turns_after(sent, 2) for s in t)
        ):
            out.setdefault(
                sent.index,
                misstep(
                    meeting,
                    sent,
                    "asks the partner to act against a religious or dietary rule",
                    "learn the partner's certifications and constraints before asking",
                    "Religious/dietary misstep.",
                ),
            )
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
        personal = [
            p
            for p in prev
            if re.search(r"\byou(?:r)?\b", p.text, re.I)
            or any(vocative(p.text, w, pos) for _, w, pos in meeting.people.mentioned(p.text))
        ]
        if personal and raw_start:
            p = personal[0]
            out[p.index] = misstep(
                meeting,
                p,
                "the listener's hesitant reply suggests the remark landed badly",
                "acknowledge it and rephrase respectfully",
                "Remark that caused visible discomfort.",
                0.55,
            )
