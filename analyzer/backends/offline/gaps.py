"""Transparency gaps: dodged questions, withheld information, late reveals and contradictions.

Four cue families: (1) refusing or postponing an answer ("I'd rather not go into", "that's
internal", "another time"); (2) a reassuring non-answer right after a direct question ("Nothing
that affects your product", "no need to worry"); (3) a late reveal, flagged by its framing ("one
thing I should mention", "actually, since March we...", "near the end of the call X mentioned")
and confirmed by the listener's surprise unless the framing says it was withheld; (4) a
contradiction the listener points out ("that's not what I understood earlier", "X just said...")
which pins the gap on the statement being contradicted. Honest "I don't know, I'll find out" and
openly disclosed bad news are not gaps.
"""

from __future__ import annotations

import re

from ...core.models import RawFinding
from .lexicon import rx
from .meeting import Meeting
from .sentences import Sentence

WITHHOLD = rx(
    r"\b(?:would |'d |’d )?rather not (?:go into|get into|share|break|discuss|say|comment|disclose|give)",
    r"\bprefer(?:s|red)? not to (?:share|go into|get into|disclose|discuss|say|comment|give|show)",
    r"\bprefer to (?:show|share|give|explain) (?:it|them|this|that|the [\w\s]{1,20}) (?:after|later|once|another)",
    r"\b(?:can(?:'|’)?t|cannot|can not|not able to|unable to|won(?:'|’)t) (?:really )?(?:go into|get into|comment|disclose|share|explain|discuss|reveal|say)\b",
    r"\blet(?:'|’)?s not (?:get into|go into|go down|talk about|discuss|open)", r"\binternal matter\b", r"\bthat(?:'|’)s internal\b",
    r"\bis confidential\b", r"\b(?:quite |very )?sensitive for us\b", r"\bproprietary\b", r"\bwe don(?:'|’)t (?:discuss|share|disclose)\b",
    r"\banother time\b", r"\bdon(?:'|’)t want to give a (?:wrong|number|figure)", r"\bnot (?:at liberty|in a position) to\b",
    r"\bno comment\b", r"\bnot going to (?:share|disclose|go into)\b", r"\blet us say there are\b",
    r"\bwould not give\b", r"\bdeclined to (?:share|say|give|disclose)\b", r"\bstill being (?:reconciled|finali[sz]ed|checked)\b",
)
NON_ANSWER = rx(
    r"^\W*nothing (?:that|we|which|to worry|of (?:note|concern)|significant|major|relevant|serious)\b",
    r"\bno need to worry\b", r"\bdon(?:'|’)t worry about (?:it|that)\b", r"\bnothing (?:we are|we(?:'|’)re) obliged\b",
)
HONEST = rx(r"\bI(?:'|’)ll (?:find out|check|ask|confirm|get back)", r"\bI don(?:'|’)t know\b.*\bI(?:'|’)ll\b", r"\bunder (?:the )?NDA\b",
            r"\bas (?:we )?agreed\b")
LATE_MARK = rx(
    r"\b(?:one (?:more )?(?:thing|point)|something) I should (?:mention|tell|say|flag)\b", r"\bI should (?:mention|tell you)\b",
    r"\bby the way\b", r"\bforgot to (?:mention|tell)\b", r"\bI thought you knew\b", r"\bdid not inform\b",
    r"\bdidn(?:'|’)t (?:inform|tell) you\b", r"^\W*(?:ah|oh|oh,? and|and)?[, ]*actually,? (?:since|from|the|we|our|it)\b",
    r"\b(?:near|at|towards?) the end (?:of the (?:call|meeting|item))?,? \w+ (?:mentioned|said|noted|revealed|added)\b",
    r"\bwe did not tell\b", r"\bnot (?:been )?(?:communicated|disclosed) before\b",
)
WITHHELD_MARK = rx(r"\bI thought you knew\b", r"\bdid not inform\b", r"\bdidn(?:'|’)t (?:inform|tell)\b", r"\bthe end\b",
                   r"\bwe did not tell\b")
SURPRISE = rx(
    r"^\W*(?:wait|sorry|hold on|oh|really|hmm)\b", r"\bshould have (?:been told|known|told)\b", r"\bnot on our radar\b",
    r"\bwhen was (?:this|that) decided\b", r"\bwould have been good to know\b", r"\b(?:big|serious) (?:deal|issue|problem)\b",
    r"\bwasn(?:'|’)t on our\b", r"\bnot communicated\b", r"\bdon(?:'|’)t they\b", r"\?$",
)
CONTRADICT = rx(
    r"\b(?:you|he|she|(?-i:[A-Z][\w-]+)) (?:just |already |also )?said (?:earlier|before|that|it|(?:it|this|that) was|everything)\b", r"\bsaid earlier\b", r"\bearlier,? (?:you|\w+(?: \w+)?) said\b",
    r"\bnot (?:quite )?what (?:I|we) understood\b", r"\bdifferent from what\b", r"\bthat contradicts\b",
    r"\bthat(?:'|’)s not what you\b", r"\bnoted this had not been\b",
)
ASKING = rx(r"\bI(?:'|’)d like to know\b", r"\b(?:can|could) you tell\b", r"\bwe need to know\b")
CONTRAST = rx(r"\bbut\b", r"\bactually\b", r"\bhowever\b", r"\bstill\b", r"\bnot\b", r"\bsince\b", r"\bonly\b", r"\bno longer\b")


def _finding(meeting: Meeting, sent: Sentence, why: str, repair: str, summary: str, conf: float):
    return sent, RawFinding(kind="transparency_gap", quote=sent.text, speaker=meeting.speaker_name(sent),
                            summary=summary, why_it_matters=why, suggested_repair=repair, confidence=conf)


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
                add(_finding(meeting, sent, "information the partner asked for was withheld",
                             "ask for it in writing, or agree what can be shared and when",
                             f"Withheld or dodged: {text[:140]}", 0.7))
            dodged[sent.speaker] = sent.utt
        elif asked and NON_ANSWER.search(text) and not HONEST.search(text):
            if sent.utt - dodged.get(sent.speaker, -99) > 4:
                add(_finding(meeting, sent, "a direct question got a reassuring non-answer",
                             "repeat the question and ask for a specific, documented answer",
                             f"Evasive answer: {text[:140]}", 0.65))
            dodged[sent.speaker] = sent.utt
        elif LATE_MARK.search(text):
            target = sent
            if len(text) < 60 and not re.search(r"\b(?:moved|changed|switched|since|from|was|were|is|are)\b", text[10:]):
                nxt = [s for s in meeting.turn(sent.utt) if s.index > sent.index]
                target = nxt[0] if nxt else sent
            after = meeting.turns_after(sent, 2)
            reaction = any(SURPRISE.search(s.text) or CONTRADICT.search(s.text) for t in after for s in t
                           if s.speaker != sent.speaker)
            if WITHHELD_MARK.search(text) or reaction or sent.minutes:
                add(_finding(meeting, target, "a material change was disclosed late, after decisions relied on it",
                             "ask for a written change notice and agree to be told of changes in advance",
                             f"Late disclosure: {target.text[:140]}", 0.7))
        if CONTRADICT.search(text) and not text.lower().startswith(("as you said", "like you said")):
            _contradiction(meeting, sent, add)
    return out


def _contradiction(meeting: Meeting, sent: Sentence, add) -> None:
    """Pin a pointed-out contradiction on the statement it refers to."""
    nxt = meeting.turns_after(sent, 1)
    if nxt and nxt[0] and nxt[0][0].speaker != sent.speaker and re.match(r"\W*(?:ah|actually|well|oh)\b", nxt[0][0].text, re.I) \
            and sent.text.rstrip().endswith((".", "?")) and re.search(r"\byou said\b", sent.text):
        target = _best_statement(nxt[0])
    elif sent.minutes:
        earlier = [s for s in meeting.sentences if s.utt == sent.utt and s.index < sent.index] or meeting.previous_other(sent)
        target = _best_statement(earlier)
    else:
        target = _best_statement(meeting.previous_other(sent))
    if target is not None and target.speaker != sent.speaker:
        add(_finding(meeting, target, "this contradicts what the partner was told earlier in the meeting",
                     "ask which statement is correct and request written confirmation",
                     f"Contradicts an earlier statement: {target.text[:140]}", 0.65))
