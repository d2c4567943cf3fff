"""Transparency gaps: dodged questions, withheld information, late reveals and contradictions.

Cue families: (1) refusing or postponing an answer ("I'd rather not say", "that's confidential",
"not in a position to", "an internal staffing matter", "let's not get bogged down", "another time");
(2) a reassuring or deflecting non-answer right after a direct question ("it's all in hand", "no need
to worry", "let's focus on..."); (3) a late reveal: a change to who/where/how the work is done anchored
in the past ("since March the coating is done by a new supplier"), or subcontracting, when it is framed
as an aside ("by the way", "one thing I forgot"), contrasted with the expected ("not the Doha site",
"a different supplier") or met with surprise; (4) a contradiction: either pointed out by the listener
("that's not what you said earlier"), or a "not yet / separate order / partner factory" statement that
undoes an earlier claim on the same topic ("everything is made in-house", "the price covers
everything"). Honest "I don't know, I'll find out", referrals and openly announced news are not gaps.
"""

from __future__ import annotations

import re

from ...core.models import RawFinding
from .gap_cues import (  # the cue patterns, one table per family
    ALREADY_TOLD,
    ASKING,
    CHANGE,
    CLAIM,
    CONTRADICT,
    CONTRAST,
    DEFLECT,
    HONEST,
    LATE_FRAME,
    LATE_MARK,
    NEGATED,
    NEW_PLACE,
    NON_ANSWER,
    NOT_YET,
    SPECIFIC_Q,
    SUBCONTRACT,
    SURPRISE,
    TIME_ANCHOR,
    WITHHELD_MARK,
    WITHHOLD,
)
from .meeting import Meeting
from ...text.sentences import Sentence


def _finding(meeting: Meeting, sent: Sentence, why: str, repair: str, label: str, conf: float):
    # "Evasive answer from Sato Yuki": the headline names the pattern and who; the quote shows the words.
    speaker = meeting.speaker_name(sent)
    summary = f"{label} ({speaker})." if speaker else f"{label}."
    return sent, RawFinding(
        rule="gap." + re.sub(r"[^a-z]+", "_", label.lower()).strip("_"),
        kind="transparency_gap",
        quote=sent.text,
        speaker=speaker,
        summary=summary,
        why_it_matters=why,
        suggested_repair=repair,
        confidence=conf,
    )


def _best_statement(turn: list[Sentence]) -> Sentence | None:
    """The sentence of a turn that carries the contradicting fact (contrast words first)."""
    content = [s for s in turn if len(s.text) > 20] or turn
    for s in content:
        if CONTRAST.search(s.text):
            return s
    return content[0] if content else None


def detect(meeting: Meeting) -> list[tuple[Sentence, RawFinding]]:
    """Gap findings, at most one per turn."""
    out: list[tuple[Sentence, RawFinding]] = []
    used_utts: set[int] = set()
    dodged: dict[str | None, int] = {}  # speaker -> utterance of their last dodge

    def add(item):
        if item[0].utt not in used_utts:
            used_utts.add(item[0].utt)
            out.append(item)

    for sent in meeting.sentences:
        text = sent.text
        prev = meeting.previous_other(sent)
        asked = any(s.text.rstrip().endswith("?") or ASKING.search(s.text) for s in prev)
        if WITHHOLD.search(text) and not HONEST.search(text):
            if sent.utt - dodged.get(sent.speaker, -99) > 4:
                add(
                    _finding(
                        meeting,
                        sent,
                        "information the partner asked for was withheld",
                        "ask for it in writing, or agree what can be shared and when",
                        "Withheld or dodged",
                        0.7,
                    )
                )
            dodged[sent.speaker] = sent.utt
        elif asked and NON_ANSWER.search(text) and not HONEST.search(text):
            if sent.utt - dodged.get(sent.speaker, -99) > 4:
                add(
                    _finding(
                        meeting,
                        sent,
                        "a direct question got a reassuring non-answer",
                        "repeat the question and ask for a specific, documented answer",
                        "Evasive answer",
                        0.65,
                    )
                )
            dodged[sent.speaker] = sent.utt
        elif _evasive(meeting, sent, prev):
            if sent.utt - dodged.get(sent.speaker, -99) > 4:
                add(
                    _finding(
                        meeting,
                        sent,
                        "a direct question for a figure or name got an answer without one",
                        "repeat the question and ask for the specific figure or name",
                        "Evasive answer",
                        0.55,
                    )
                )
            dodged[sent.speaker] = sent.utt
        elif _reveal(meeting, sent):
            add(
                _finding(
                    meeting,
                    sent,
                    "a material change was disclosed late, after decisions relied on it",
                    "ask for a written change notice and agree to be told of changes in advance",
                    "Late disclosure",
                    0.65,
                )
            )
        elif (claim := _contradicts_claim(meeting, sent)) is not None:
            add(
                _finding(
                    meeting,
                    sent,
                    f'this contradicts an earlier statement: "{claim.text[:80]}"',
                    "ask which statement is correct and request written confirmation",
                    "Contradicts an earlier statement",
                    0.6,
                )
            )
        elif LATE_MARK.search(text) and not re.search(
            r"\b(?:says hi|wife|husband|family|kids|weather|holiday)\b", text, re.I
        ):
            target = sent
            if len(text) < 60 and not re.search(
                r"\b(?:moved|changed|switched|since|from|was|were|is|are)\b", text[10:]
            ):
                nxt = [s for s in meeting.turn(sent.utt) if s.index > sent.index]
                target = nxt[0] if nxt else sent
            after = meeting.turns_after(sent, 2)
            reaction = any(
                SURPRISE.search(s.text) or CONTRADICT.search(s.text)
                for t in after
                for s in t
                if s.speaker != sent.speaker
            )
            if WITHHELD_MARK.search(text) or reaction or sent.minutes:
                add(
                    _finding(
                        meeting,
                        target,
                        "a material change was disclosed late, after decisions relied on it",
                        "ask for a written change notice and agree to be told of changes in advance",
                        "Late disclosure",
                        0.7,
                    )
                )
        if CONTRADICT.search(text) and not text.lower().startswith(("as you said", "like you said")):
            _contradiction(meeting, sent, add)
    return out


def _evasive(meeting: Meeting, sent: Sentence, prev: list[Sentence]) -> bool:
    """The first sentence of an answer to a specific question (how many / which supplier) that gives no
    figure, name or date and deflects instead."""
    if not prev or not any(s.text.rstrip().endswith("?") and SPECIFIC_Q.search(s.text) for s in prev[-2:]):
        return False
    turn = meeting.turn(sent.utt)
    if (
        turn[0] is not sent
        or HONEST.search(sent.text)
        or re.search(r"\bI don(?:'|’)t know\b|\bnot sure\b|\bcheck\b", sent.text, re.I)
    ):
        return False
    answer = " ".join(s.text for s in turn)
    if re.search(
        r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty|thirty|fifty|hundred|dozen|half|all|none|no)\b",
        answer,
        re.I,
    ):
        return False
    if re.search(r"(?<!^)(?<![.!?] )\b[A-Z][a-z]{2,}", answer[1:]):
        return False  # names a supplier, place or person
    return bool(DEFLECT.search(sent.text))


def _reveal(meeting: Meeting, sent: Sentence) -> bool:
    """A change to how or where the work is done, or subcontracting, told as news (framed as an aside,
    contrasted with what was expected, or met with surprise)."""
    text = sent.text
    if text.rstrip().endswith("?") or ALREADY_TOLD.search(text) or len(text) < 25 or NEGATED.search(text):
        return False
    future = re.search(
        r"\b(?:I|we)(?:'|’)ll\b|\b(?:will|going to|plan(?:ning)? to|could|might|if)\b", text, re.I
    )
    change = CHANGE.search(text) and TIME_ANCHOR.search(text)
    outside = SUBCONTRACT.search(text) and re.search(r"\b(?:our|we|the|they)\b", text, re.I) and not future
    if not (change or outside):
        return False
    if re.search(r"\b(?:you|your)\b", text[:30], re.I) and not re.search(
        r"\byour (?:environment|order|parts|product|data)", text, re.I
    ):
        return False  # about the listener's side, not a disclosure of ours
    if re.search(r"\bwe noticed\b|\byou (?:changed|moved|switched)\b|\bby (?-i:[A-Z])\w+ in\b", text, re.I):
        return False
    framed = bool(LATE_FRAME.search(text) or LATE_MARK.search(text))
    before = [s for s in meeting.turn(sent.utt) if s.index < sent.index]
    framed = framed or any(LATE_FRAME.search(s.text) or LATE_MARK.search(s.text) for s in before[-1:])
    after = meeting.turns_after(sent, 1)
    reaction = any(
        SURPRISE.search(s.text)
        and not s.text.rstrip().endswith("?")
        or re.match(r"\W*(?:wait|sorry|what)\b", s.text, re.I)
        for t in after
        for s in t[:2]
        if s.speaker != sent.speaker
    )
    return bool(framed or NEW_PLACE.search(text) or reaction)


def _contradicts_claim(meeting: Meeting, sent: Sentence) -> Sentence | None:
    """A "not yet / separate order / partner factory" statement that undoes an earlier claim on the same topic."""
    text = sent.text
    if (
        text.rstrip().endswith("?")
        or not (NOT_YET.search(text) or SUBCONTRACT.search(text))
        or re.search(r"\bif\b", text, re.I)
    ):
        return None
    claims = [
        s
        for s in meeting.sentences[: sent.index]
        if CLAIM.search(s.text) and not s.text.rstrip().endswith("?") and not NOT_YET.search(s.text)
    ]
    if not claims:
        return None
    mine = {w for w in re.findall(r"[a-z0-9]{4,}", text.lower())}
    close = [c for c in claims if len(mine & set(re.findall(r"[a-z0-9]{4,}", c.text.lower()))) >= 2]
    if not close:
        meeting.embed(claims[-8:] + [sent])
        close = [
            c
            for c in claims[-8:]
            if meeting.similarity(c, sent) > 0.55
            or meeting.similarity(c, sent) > 0.3
            and {w for w in mine if len(w) >= 6} & set(re.findall(r"[a-z0-9]{6,}", c.text.lower()))
            or SUBCONTRACT.search(text)
            and re.search(r"in-?house|our own|everything is", c.text, re.I)
        ]
    return close[-1] if close else None


def _contradiction(meeting: Meeting, sent: Sentence, add) -> None:
    """Pin a pointed-out contradiction on the statement it refers to."""
    nxt = meeting.turns_after(sent, 1)
    if (
        nxt
        and nxt[0]
        and nxt[0][0].speaker != sent.speaker
        and re.match(r"\W*(?:ah|actually|well|oh)\b", nxt[0][0].text, re.I)
        and sent.text.rstrip().endswith((".", "?"))
        and re.search(r"\byou said\b", sent.text)
    ):
        target = _best_statement(nxt[0])
    elif sent.minutes:
        earlier = [
            s for s in meeting.sentences if s.utt == sent.utt and s.index < sent.index
        ] or meeting.previous_other(sent)
        target = _best_statement(earlier)
    else:
        target = _best_statement(meeting.previous_other(sent))
    if target is not None and target.speaker != sent.speaker:
        add(
            _finding(
                meeting,
                target,
                "this contradicts what the partner was told earlier in the meeting",
                "ask which statement is correct and request written confirmation",
                "Contradicts an earlier statement",
                0.65,
            )
        )
