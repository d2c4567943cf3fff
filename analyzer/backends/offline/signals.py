"""Generic linguistic signals of one sentence in its meeting, as numbers for the trained model.

Every pattern here is general English grammar or common function words (modality, hedges,
negation, tense, questions, deadline phrases, a reply's polarity), never a phrase taken from a
labeled meeting. The model learns which of them matter, together with the sentence embeddings.
"""

from __future__ import annotations

import math
import re

import numpy as np

from ...deadlines import find_due_text
from .meeting import Meeting
from ...text.sentences import Sentence

_A = r"(?:'|’)"
_PATTERNS: dict[str, re.Pattern[str]] = {
    name: re.compile(pattern, re.I)
    for name, pattern in {
        "self_future": rf"\b(?:i|we)(?:{_A}ll|\s+will|\s+shall|{_A}re going to|\s+are going to|{_A}m going to"
        rf"|\s+am going to|{_A}m gonna|{_A}re gonna)\b",
        "you_future": rf"\byou(?:{_A}ll|\s+will)\b",
        "other_future": r"\b(?:he|she|they|[A-Z][a-z]+)\s+(?:will|is going to|are going to)\b",
        "to_do": r"^\W*\w+(?:\s+\w+)?\s+to\s+[a-z]+",
        "hedge": r"\b(?:try|trying|maybe|perhaps|might|possibly|probably|hope|hopefully|should|could|would"
        r"|somehow|kind of|sort of|i think|i guess|not sure)\b",
        "negation": rf"\b(?:not|no|never|nothing|cannot|none)\b|n{_A}t\b",
        "past": r"\b(?:was|were|did|had|already|yesterday|last (?:week|month|year)|ago|earlier)\b",
        "ed_verb": r"\b\w{3,}ed\b",
        "contrast": r"\b(?:but|however|actually|though|although|still|yet|instead)\b",
        "disagree": rf"\b(?:disagree|object|objection|concern(?:ed|s)?|problem|issue|unacceptable|too (?:high"
        rf"|low|much|expensive|late|early|long|short)|can{_A}t accept|cannot accept|don{_A}t agree|not agree"
        rf"|difficult|impossible|unfair|wrong)\b",
        "agree": r"\b(?:agree|agreed|fine|okay|ok|sure|deal|great|perfect|yes|yeah|right|good|thanks|thank you)\b",
        "withhold": rf"\b(?:can{_A}t (?:say|share|disclose|comment|tell)|cannot (?:say|share|disclose|comment)"
        r"|not (?:able|allowed|in a position) to|confidential|internal|another time|later|offline|don.t know"
        r"|let.s not|rather not|prefer not)\b",
        "reveal": r"\b(?:by the way|forgot to mention|oh and|one more thing|also|actually|turns out|in fact)\b",
        "you_address": r"\byou(?:r|rs)?\b",
        "title": r"\b(?:mr|mrs|ms|miss|dr|prof|professor|sir|madam|madame|director|president|chairman)\b\.?"
        r"|-(?:san|sama|ssi|ji|nim)\b",
        "calendar": r"\b(?:holiday|holidays|christmas|thanksgiving|new year|ramadan|eid|diwali|easter|festival"
        r"|vacation|weekend|sabbath|lunar|golden week|national day|independence day)\b",
        "humour": r"\b(?:joke|kidding|haha|lol|funny|laugh)\b",
        "promise_word": r"\b(?:promise|guarantee|commit|committed|undertake|will do|on it|leave it with me)\b",
        "request": r"\b(?:can|could|would|will) you\b|\bplease\b|\bcan we\b",
        "number": r"\d",
        "first_person": rf"\b(?:i|we|me|us|my|our)\b|\bi{_A}",
    }.items()
}
_POLAR_AGREE = re.compile(
    r"^\W*(?:yes|yeah|yep|sure|ok|okay|agreed|fine|deal|perfect|great|absolutely|of course)\b", re.I
)
_POLAR_REJECT = re.compile(
    rf"^\W*(?:no|nope|but|well|hmm|however|actually|i don{_A}t|we can{_A}t|not)\b", re.I
)

NAMES = [
    *_PATTERNS,
    "deadline",
    "question",
    "exclaim",
    "log_chars",
    "words",
    "position",
    "late",
    "early",
    "notes",
    "action_item",
    "done_item",
    "lowercase",
    "turn_first",
    "turn_last",
    "turn_size",
    "prev_question",
    "next_question",
    "next_agree",
    "next_reject",
    "prev_agree",
    "prev_reject",
    "sim_prev",
    "sim_next",
    "sim_later_max",
    "later_echoes",
    "speaker_share",
    "cross_language",
]


def _turn_facts(meeting: Meeting, sent: Sentence) -> list[float]:
    turn = meeting.turn(sent.utt)
    prev = meeting.previous_other(sent)
    after = [t for t in meeting.turns_after(sent, 3) if t and t[0].speaker != sent.speaker]
    nxt = after[0] if after else []
    prev_text = " ".join(s.text for s in prev)
    next_text = " ".join(s.text for s in nxt)
    return [
        float(bool(turn) and turn[0].index == sent.index),
        float(bool(turn) and turn[-1].index == sent.index),
        math.log1p(len(turn)),
        float(prev_text.rstrip().endswith("?")),
        float(next_text.rstrip().endswith("?")),
        float(bool(_POLAR_AGREE.search(next_text))),
        float(bool(_POLAR_REJECT.search(next_text))),
        float(bool(_POLAR_AGREE.search(prev_text))),
        float(bool(_POLAR_REJECT.search(prev_text))),
    ]


def _similarities(vectors: np.ndarray, meeting: Meeting) -> np.ndarray:
    """Per sentence: similarity to the previous and next turn by someone else, and how the topic recurs."""
    count = len(meeting.sentences)
    out = np.zeros((count, 4), dtype=np.float32)
    if count == 0:
        return out
    turn_mean: dict[int, np.ndarray] = {}
    for utt in {s.utt for s in meeting.sentences}:
        members = [s.index for s in meeting.turn(utt)]
        turn_mean[utt] = vectors[members].mean(axis=0)
    # Later echoes: cosine against every later sentence, in blocks to bound memory (n log n is not needed).
    sims = vectors @ vectors.T if count <= 4000 else None
    for sent in meeting.sentences:
        i = sent.index
        prev = meeting.previous_other(sent)
        after = [t for t in meeting.turns_after(sent, 3) if t and t[0].speaker != sent.speaker]
        if prev:
            out[i, 0] = float(vectors[i] @ turn_mean[prev[0].utt])
        if after:
            out[i, 1] = float(vectors[i] @ turn_mean[after[0][0].utt])
        later = sims[i, i + 3 :] if sims is not None else vectors[i + 3 : i + 400] @ vectors[i]
        if later.size:
            out[i, 2] = float(later.max())
            out[i, 3] = math.log1p(float((later > 0.55).sum()))
    return out


def signal_matrix(meeting: Meeting, vectors: np.ndarray) -> np.ndarray:
    """One row of generic signals per sentence of the meeting, in NAMES order."""
    count = len(meeting.sentences)
    speakers = [s.speaker for s in meeting.sentences]
    share = {name: speakers.count(name) / max(1, count) for name in set(speakers)}
    sims = _similarities(vectors, meeting)
    cross = float(meeting.cross_language)
    rows = []
    for sent in meeting.sentences:
        text = sent.text
        pos = sent.index / max(1, count - 1)
        row = [float(bool(p.search(text))) for p in _PATTERNS.values()]
        row += [
            float(find_due_text(text) is not None),
            float("?" in text),
            float("!" in text),
            math.log1p(len(text)),
            math.log1p(len(text.split())),
            pos,
            float(pos > 0.85),
            float(pos < 0.1),
            float(sent.speaker is None),
            float(sent.features.get("item") == "action"),
            float(sent.features.get("item") == "done"),
            float(text == text.lower()),
        ]
        row += _turn_facts(meeting, sent)
        row += [*sims[sent.index], share.get(sent.speaker, 0.0), cross]
        rows.append(row)
    return np.asarray(rows, dtype=np.float32).reshape(count, len(NAMES))
