"""A cheap offline pre-pass that picks the parts of a transcript worth sending to an LLM.

Each utterance gets a score from three signals, all offline:

* the offline extractor itself: an utterance holding one of its findings scores +1 (its rules
  are precise, so this is the strongest single signal);
* cue patterns: every compiled regex of the offline extractor's lexicons (analyzer/backends/
  offline/*.py: firm modality, hedges, pushback, withholding, idioms, ...), each weighted by how
  rare it is in this meeting (a cue that fires on half the turns says little);
* embedding similarity: the utterance's best cosine to the positive examples in prompts/*.yaml,
  with the packaged MiniLM (the examples are what the LLM is asked to find).

The highest-scoring utterances are taken, with `context` neighbours on each side, until a share
of the transcript's tokens is used; adjacent picks merge into windows. `excerpts()` packs windows
into chunk-sized excerpts joined by an elision marker, so the fixed per-call prompt overhead is not
paid per window. Quotes stay exact: every window is a verbatim span of the original text.
"""

from __future__ import annotations

import datetime as dt
import importlib
import math
import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from .core.backend import MeetingContext
from .core.models import Transcript
from .tokens import count_tokens

ELISION = "\n[…]\n"
_DETECTOR_MODULES = ("lexicon", "commitments", "conflicts", "gaps", "missteps")
# Resolution / bookkeeping patterns that fire on ordinary talk; they add noise, not recall.
_SKIP = {"ADDRESS_TITLE", "AWKWARD", "ACTION_PREFIX", "LABEL", "CONTRAST"}


@dataclass(frozen=True)
class Window:
    """A verbatim span `transcript.text[start:end]` of whole utterances `first..last` (inclusive)."""

    start: int
    end: int
    first: int
    last: int
    tokens: int


@lru_cache(maxsize=1)
def cue_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """Every module-level compiled regex of the offline detectors, named `module.NAME`."""
    found: dict[str, re.Pattern[str]] = {}
    for name in _DETECTOR_MODULES:
        try:
            module = importlib.import_module(f".backends.offline.{name}", __package__)
        except Exception:  # a detector under construction must not break the pre-pass
            continue
        for attr, value in vars(module).items():
            if isinstance(value, re.Pattern) and attr.isupper() and attr not in _SKIP:
                found.setdefault(f"{name}.{attr}", value)
    return tuple(found.items())


@lru_cache(maxsize=1)
def _example_vectors() -> np.ndarray:
    from .embedding import local_model
    from .prompting import load_prompts

    texts = [ex.text for prompt in load_prompts().kinds.values() for ex in prompt.positive]
    return local_model().encode(texts)


def cue_scores(texts: list[str]) -> np.ndarray:
    """Sum over matching cue patterns of log(n / matches in this meeting): rare cues weigh more."""
    patterns = cue_patterns()
    hits = np.zeros((len(texts), len(patterns)), dtype=bool)
    for j, (_, pattern) in enumerate(patterns):
        for i, text in enumerate(texts):
            hits[i, j] = pattern.search(text) is not None
    n = max(1, len(texts))
    weights = np.array([math.log((n + 1) / (1 + count)) for count in hits.sum(axis=0)], dtype=np.float32)
    return (hits * weights).sum(axis=1)


def similarity_scores(texts: list[str]) -> np.ndarray:
    """Best cosine of each text to the prompts' positive examples."""
    from .embedding import local_model

    if not texts:
        return np.zeros(0, dtype=np.float32)
    return (local_model().encode(texts) @ _example_vectors().T).max(axis=1)


def offline_scores(transcript: Transcript, context: MeetingContext | None = None) -> np.ndarray:
    """1.0 for each utterance that overlaps a finding of the offline extractor, else 0.0."""
    from .backends.offline import OfflineBackend
    from .core.backend import ExtractionRequest
    from .grounding import ground

    utts = transcript.utterances
    context = context or MeetingContext(
        meeting_date=transcript.detected_date or dt.date.today(),
        title=transcript.detected_title or "",
        partner="",
        participants=transcript.participants,
        aliases=transcript.aliases,
    )
    request = ExtractionRequest(
        chunk_id="selection", text=transcript.text, offset=0, utterances=utts, context=context
    )
    spans = [
        (f.start, f.end)
        for f in (ground(raw, transcript) for raw in OfflineBackend().extract(request).findings)
        if f
    ]
    return np.array(
        [1.0 if any(s < u.end and e > u.start for s, e in spans) else 0.0 for u in utts], dtype=np.float32
    )


def score_utterances(
    transcript: Transcript,
    cue_weight: float = 0.05,
    use_embeddings: bool = True,
    use_offline: bool = True,
    context: MeetingContext | None = None,
) -> np.ndarray:
    """One score per utterance (higher: more likely to hold a finding)."""
    texts = [u.text for u in transcript.utterances]
    score = cue_weight * cue_scores(texts)
    if use_embeddings:
        score = score + similarity_scores(texts)
    if use_offline:
        score = score + offline_scores(transcript, context)
    return score


def select(
    transcript: Transcript,
    share: float = 0.5,
    context: int = 0,
    scores: np.ndarray | None = None,
) -> list[Window]:
    """Windows holding the best-scoring utterances (plus `context` neighbours) within `share` of the tokens."""
    utts = transcript.utterances
    if not utts:
        return (
            [Window(0, len(transcript.text), 0, -1, count_tokens(transcript.text))] if transcript.text else []
        )
    scores = score_utterances(transcript) if scores is None else scores
    tokens = [count_tokens(u.text) for u in utts]
    budget = share * sum(tokens)
    chosen = [False] * len(utts)
    used = 0
    for i in sorted(range(len(utts)), key=lambda i: (-scores[i], i)):
        add = [j for j in range(max(0, i - context), min(len(utts), i + context + 1)) if not chosen[j]]
        cost = sum(tokens[j] for j in add)
        if used + cost > budget:
            if used == 0:
                continue  # one long turn must not block every shorter one
            break
        for j in add:
            chosen[j] = True
        used += cost
    return _windows(transcript, chosen, tokens)


def _windows(transcript: Transcript, chosen: list[bool], tokens: list[int]) -> list[Window]:
    utts, out, i = transcript.utterances, [], 0
    while i < len(utts):
        if not chosen[i]:
            i += 1
            continue
        j = i
        while j + 1 < len(utts) and chosen[j + 1]:
            j += 1
        # From the start of the first utterance's line, so its speaker label travels with it.
        start = transcript.text.rfind("\n", 0, utts[i].start) + 1
        start = max(start, utts[i - 1].end if i else 0)
        out.append(Window(start, utts[j].end, i, j, sum(tokens[i : j + 1])))
        i = j + 1
    return out


def covered(windows: list[Window], start: int, end: int) -> bool:
    """Whether the span [start, end) lies fully inside one window."""
    return any(w.start <= start and end <= w.end for w in windows)


@dataclass(frozen=True)
class Excerpt:
    """Windows packed for one LLM call: `text` joins them with ELISION; `start`/`end` bound them."""

    text: str
    start: int
    end: int
    windows: tuple[Window, ...]


def excerpts(transcript: Transcript, windows: list[Window], max_tokens: int | None) -> list[Excerpt]:
    """Pack windows, in order, into excerpts of at most `max_tokens` (None: one excerpt)."""
    groups: list[list[Window]] = []
    size = 0
    for window in windows:
        if groups and (max_tokens is None or size + window.tokens <= max_tokens):
            groups[-1].append(window)
            size += window.tokens
        else:
            groups.append([window])
            size = window.tokens
    text = transcript.text
    return [
        Excerpt(
            ELISION.join(text[w.start : w.end] for w in group), group[0].start, group[-1].end, tuple(group)
        )
        for group in groups
    ]
