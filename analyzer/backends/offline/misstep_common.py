"""What every cultural-misstep rule shares: the finding constructor, greetings and vocative detection.

A misstep is pinned on the remark itself; whether a name is *addressed* (vocative) rather than talked
about decides both the address rules and who a critical remark is aimed at.
"""

from __future__ import annotations

import re

from ...core.models import RawFinding
from .meeting import Meeting
from ...text.sentences import Sentence

GREETING = (
    r"(?:hey|hi|hello|dear|thanks|thank you|good (?:morning|afternoon|evening)|bye|morning|cheers|welcome|so|"
    r"bonjour|hola|buenos d[ií]as|buenas tardes|ciao|hallo|guten tag|ol[aá]|bom dia|konnichiwa|ni hao|"
    r"dzień dobry|merhaba|namaste|salaam|shalom|annyeong)"
)


def misstep(
    meeting: Meeting,
    sent: Sentence,
    why: str,
    repair: str,
    summary: str,
    conf: float = 0.65,
    rule: str | None = None,
):
    """A (sentence, cultural_misstep finding) pair quoting the whole sentence; `rule` is its id."""
    return sent, RawFinding(
        rule=rule,
        kind="cultural_misstep",
        quote=sent.text,
        speaker=meeting.speaker_name(sent),
        summary=summary,
        why_it_matters=why,
        suggested_repair=repair,
        confidence=conf,
    )


def vocative(text: str, word: str, pos: int) -> bool:
    before, after = text[:pos], text[pos + len(word) :]
    lead = re.search(rf"(?:^|[,;—–-]\s*|[:]\s*[\"“]|^[\"“]|(?i:{GREETING}),?\s+)$", before)
    trail = re.match(r"\s*(?:[,!?.]|$|—|–)", after)
    return bool(lead and trail)
