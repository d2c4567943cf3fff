"""Names for speaker ids from self-introductions ("spk_0: hi, this is kenta morimoto from ...").

Diarised recordings label turns "Speaker 1", "spk_0" or "S2". When such a speaker introduces
themself early on, the id becomes an alias of the name, so owners and quotes read as people.
Only unmistakable shapes count: "my name is A B", or "this is / i am A B" followed by "from",
"here", "speaking", "with" or "calling"; a name is two or three words and is seen at most once per id.
"""

from __future__ import annotations

import re

from ..core.models import Utterance

SPEAKER_ID = re.compile(r"(?:speaker|spk|spkr|s|participant|guest)[ _-]?(?:\d{1,2}|[a-z])", re.I)
_WORD = r"[^\W\d_][\w'’-]{1,20}"
_INTRO = re.compile(
    rf"\b(?:my name is|my name's\s|(?P<lead>this is|i am|i'm))\s*(?P<name>{_WORD}(?:\s+{_WORD}){{1,2}}?)"
    rf"(?(lead)(?=[\s,]+(?:from|here|speaking|with|calling)\b)|(?=[\s,.;!]|$))",
    re.I,
)
_EARLY_TURNS = 4


def _is_id(label: str) -> bool:
    return bool(SPEAKER_ID.fullmatch(label.strip()))


def introduced_names(text: str, utterances: list[Utterance]) -> dict[str, str]:
    """Speaker id -> the name they gave in one of their first turns, for ids that introduced themselves."""
    seen: dict[str, int] = {}
    found: dict[str, str] = {}
    for utt in utterances:
        label = utt.speaker
        if not label or not _is_id(label) or label in found:
            continue
        seen[label] = seen.get(label, 0) + 1
        if seen[label] > _EARLY_TURNS:
            continue
        match = _INTRO.search(text, utt.start, min(utt.end, utt.start + 400))
        if match:
            found[label] = " ".join(w[:1].upper() + w[1:] for w in match.group("name").split())
    names = list(found.values())
    return {label: name for label, name in found.items() if names.count(name) == 1}
