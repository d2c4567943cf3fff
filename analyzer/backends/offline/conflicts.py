"""Unresolved conflicts: pushback episodes that are still open when the meeting ends.

Pushback sentences are graded: explicit refusal or disagreement ("we can't accept", "we don't
agree", "not worth", "will not pay", "agree to disagree") is strong; evaluative pushback ("too
short", "cannot absorb", "is a lot to take") is medium; soft reluctance ("difficult for us") only
counts when the topic is explicitly parked. Nearby pushbacks form one episode; the episode is
resolved when a later turn agrees ("agreed", "that works", "we can accept that") and open when it
is parked ("let's take it offline", "keep this open") or simply left behind. One finding per open
episode, quoting its strongest (then earliest) pushback.
"""

from __future__ import annotations

import re

from ...core.models import RawFinding
from .lexicon import rx
from .meeting import Meeting
from .sentences import Sentence

NEG = r"(?:can(?:'|’)?t|cannot|can not|won(?:'|’)t|will not|are not|aren(?:'|’)t|is not|isn(?:'|’)t|not going to|do not|don(?:'|’)t)"
STRONG = rx(
    rf"\b{NEG}\s+(?:just\s+)?(?:accept|agree|approve|sign|pay|go (?:to|above|below|beyond|higher|lower)|support)\b",
    r"\bnot (?:something|a thing) (?:we|I) (?:can|could|will) (?:accept|agree|sign|support)\b",
    r"\b(?:not|un)acceptable\b", r"\bagree to disagree\b", r"\bdisagree\b", r"\bnot worth\b",
    rf"\b(?:we|I)\s+{NEG}\s+think\b.{{0,60}}\b(?:on us|ours|our (?:fault|problem|responsibility|cost)|our side)\b",
    r"\bnot (?:what|how) we (?:agreed|see it)\b", r"\bthat was never agreed\b", r"\bnot accepting\b",
    r"\bnot (?:our|my) (?:fault|problem|responsibility)\b", r"\bwas caused by your\b", r"\bnot paying\b",
    r"\b(?:will|would) never (?:accept|agree|sign|pay)\b", r"\bout of the question\b",
    r"\brefused?\b", r"\brejected?\b", r"\bobjected?\b",
)
MEDIUM = rx(
    rf"\b{NEG}\s+(?:just\s+)?(?:absorb|commit|give|reduce|lower|raise|offer|do|keep|hold|swap|change|move|release)\b",
    r"\btoo (?:short|long|high|low|expensive|much|late|early|little|slow)\b", r"\bimpossible\b",
    r"\b(?:see|view) (?:this|it|that|things) (?:very )?differently\b", r"\bthat(?:'|’)?s not how we see\b",
    r"\bbut\b.{0,50}\b(?:is|are|(?:'|’)s) (?:a lot(?! of)|way too|far too|excessive|unreasonable|unrealistic)\b",
    r"\bour position is\b", r"\bis (?:our|the) (?:maximum|minimum|limit)\b", r"\bnon-?negotiable\b", r"\bnot negotiable\b",
    r"\bnot (?:sustainable|workable|viable|realistic)\b", r"\bdoes(?:n(?:'|’)t| not) work for us\b",
    r"\bcountered\b", r"\bwe need\b.{0,40}\bat least\b", r"\bisn(?:'|’)t the same\b",
)
SOFT = rx(r"\b(?:difficult|hard|tough|a problem|a concern|a sticking point) for (?:us|me|our)\b", r"\bthen we have a problem\b")
OPEN = rx(
    r"\bpark (?:it|this|that)\b", r"\bparked\b", r"\boffline\b", r"\bseparately\b", r"\bagree to disagree\b",
    r"\bkeep (?:it|this|that) open\b", r"\bleave (?:it|this|that|the [\w\s-]{1,30}) (?:open|there)\b",
    r"\b(?:still|remains?|stays?|left) open\b", r"\bno agreement\b", r"\bnot agreed\b", r"\bcome back to (?:it|this|that)\b",
    r"\brevisit\b", r"\bthink about it\b", r"\bcannot decide\b", r"\bcan(?:'|’)t decide\b", r"\bnot going to agree\b",
    r"\bdiscuss (?:it |this )?(?:again|internally|separately|with (?:our )?management)\b", r"\bgo back to our side\b",
    r"\bwon(?:'|’)t solve (?:it|this)\b", r"\bnot solve (?:it|this)\b", r"\bcircle back\b", r"\bcheck with (?:headquarters|management|our)\b",
    r"\bwe have a problem\b", r"\bunresolved\b", r"\bsolve (?:it|this|that) (?:now|today)\b", r"\btoo far apart\b",
    r"\bkeep discussing\b", r"\btake it back to\b", r"\bneed to look at\b.{0,20}\bagain\b",
)
RESOLVED = rx(
    r"^\W*(?:okay|ok|fine|good|yes|great|alright|then)?[,.!\s]*(?:agreed|deal)\b", r"\bthat works\b", r"\bit works\b",
    r"\b(?:this|that|it) is acceptable\b", r"\bwe can accept (?:that|this|it)\b", r"\bthis we can accept\b",
    r"\b(?:let(?:'|’)s|we(?:'|’)ll) go with\b", r"\bconvinced me\b", r"\bfair enough\b", r"\bsettled\b",
    r"\bboth sides agreed\b", r"\bagreed on\b", r"\bthen it is included\b", r"\bworks for us\b", r"\bwe can waive\b",
    r"\bwe have a deal\b", r"\bthat(?:'|’)s fine\b",
)
REQUESTING = rx(r"\basked (?:for|whether|if|about)\b", r"\bproposed\b", r"\brequested\b", r"\bsuggested\b")
RECAP_LINE = rx(r"^\W*open\s*:", r"\brecap\b", r"\bto summari[sz]e\b")
PAST_CONTEXT = rx(r"\blast year\b", r"\bbehind us\b", r"\bin the past\b", r"\bback then\b", r"\bused to\b")
GAP = 4  # pushbacks this many turns apart still belong to one episode


def grade(sent: Sentence) -> int:
    """3 strong, 2 medium, 1 soft, 0 none."""
    text = sent.text
    if text.rstrip().endswith("?") or PAST_CONTEXT.search(text) or RECAP_LINE.search(text):
        return 0
    requesting = bool(REQUESTING.search(text))  # "X asked for six containers, as they cannot..." is the ask
    past = bool(re.search(r"\b(?:was|were|came|had|did|could not|couldn(?:'|’)t)\b", text))
    if STRONG.search(text) and not requesting:
        return 3
    if MEDIUM.search(text) and not requesting and not past:
        return 2
    return 1 if SOFT.search(text) else 0


def _episodes(meeting: Meeting) -> list[list[tuple[Sentence, int]]]:
    episodes: list[list[tuple[Sentence, int]]] = []
    for sent in meeting.sentences:
        level = grade(sent)
        if not level:
            continue
        if episodes and sent.utt - episodes[-1][-1][0].utt <= GAP:
            episodes[-1].append((sent, level))
        else:
            episodes.append([(sent, level)])
    merged: list[list[tuple[Sentence, int]]] = []
    for episode in episodes:
        if merged and episode[0][0].utt - merged[-1][-1][0].utt <= 2 * GAP and _same_topic(merged[-1], episode, meeting):
            merged[-1].extend(episode)
        else:
            merged.append(episode)
    return merged


def _same_topic(a: list[tuple[Sentence, int]], b: list[tuple[Sentence, int]], meeting: Meeting) -> bool:
    """Whether two nearby episodes argue about the same thing (embedding similarity of their turns)."""
    meeting.embed([x for x, _ in a] + [y for y, _ in b])
    best = max(meeting.similarity(x, y) for x, _ in a for y, _ in b)
    return best > 0.45


def _status(episode: list[tuple[Sentence, int]], meeting: Meeting) -> tuple[str, str | None]:
    """("open" | "resolved", the sentence that decided it)."""
    first, last = episode[0][0], episode[-1][0]
    window = [s for s in meeting.sentences if first.utt <= s.utt <= last.utt + GAP]
    for sent in window:
        if OPEN.search(sent.text):
            return "open", sent.text
    for sent in window:
        if sent.utt > first.utt and RESOLVED.search(sent.text) and not grade(sent) >= 2:
            return "resolved", sent.text
    return "open", None


def detect(meeting: Meeting) -> list[tuple[Sentence, RawFinding]]:
    """One finding per pushback episode that is still open at the end of the request."""
    out = []
    for episode in _episodes(meeting):
        top = max(level for _, level in episode)
        state, why = _status(episode, meeting)
        if state == "resolved" or (top < 2 and why is None):
            continue
        sent = next(s for s, level in episode if level == top)
        parties = []
        for s, _ in episode:
            name = meeting.speaker_name(s)
            if name and name not in parties:
                parties.append(name)
        prev = meeting.previous_other(sent)
        if prev and (name := meeting.speaker_name(prev[0])) and name not in parties:
            parties.append(name)
        status = f"left open: \"{why[:100]}\"" if why else "the meeting moved on without agreement"
        out.append((sent, RawFinding(
            kind="unresolved_conflict", quote=sent.text, speaker=meeting.speaker_name(sent), parties=parties,
            status=status, confidence=0.75 if top == 3 else 0.6,
            summary=f"Disagreement still open: {sent.text[:140]}",
        )))
    return out
