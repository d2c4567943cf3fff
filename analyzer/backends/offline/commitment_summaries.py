"""Commitment summaries: "Sato Yuki will send the inspection data", the promise in a few words.

The action is the text after the modal ("I'll send ...") or after "XY to" in minutes, or, for an
accepted request, after "could you ..."; the deadline is cut out, since it is shown beside it.
"""

from __future__ import annotations

import re

from ...text.sentences import Sentence

# The action promised starts after the modal ("I'll send ...", "we will confirm ...") or, in minutes,
# after "XY to" ("HM to share ..."); a request the speaker accepted ("Can you send ...?") holds it too.
_ACTION = re.compile(
    r"(?:\bwill|'ll|\bshall|\bgoing to|\b(?:am|are|is) to|^\W*[A-Z][\w.'-]*(?: [A-Z][\w.'-]*)? to)\s+"
    r"(?:(?:also|then|personally|definitely|certainly|quickly|make sure (?:to|that we|we))\s+)*"
    r"(?P<action>[a-z].*)"
)
_REQUEST = re.compile(
    r"\b(?:can|could|would|will) (?:you|your team)\s+(?:please\s+)?(?P<action>[a-z].*)", re.I
)
_TRAILING = re.compile(
    r"[\s,;:]+(?:by|on|before|within|in|until|till|at|for|from|starting|as of|after|no later than|latest)?\s*$",
    re.I,
)


def _action(text: str, due_text: str | None, pattern: re.Pattern[str]) -> str | None:
    match = pattern.search(re.sub(r"\s+", " ", text))
    if not match:
        return None
    action = re.split(r"[.!?;]|, (?:so|and then|because|which|but)\b", match.group("action"))[0]
    if due_text and due_text in action:
        # The deadline is shown beside the summary; cut it out wherever it stands, with a preposition
        # left dangling before it ("start a second shift from Monday" -> "start a second shift").
        head, _, tail = action.partition(due_text)
        action = f"{_TRAILING.sub('', head)} {tail.strip(' ,')}"
    action = _TRAILING.sub("", " ".join(action.split())).strip(" ,")
    if len(action.split()) < 2:
        return None
    return action if len(action) <= 120 else action[:120].rsplit(" ", 1)[0] + "…"


def summary(owner: str | None, sent: Sentence, request: Sentence | None, due_text: str | None) -> str:
    """ "Sato Yuki will send the inspection data": the promise in a few words, not the quote again."""
    action = _action(sent.text, due_text, _ACTION)
    if action is None and request is not None:
        action = _action(request.text, due_text, _REQUEST)
    who = owner or "Someone"
    if action is None:
        return f"{who} made a commitment" + (f" ({due_text})" if due_text else "") + "."
    return f"{who} will {action}."
