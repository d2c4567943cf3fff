"""Grounding: pin each extracted quote to an exact span of the original text, or drop it.

Exact search first (within the chunk, then the whole text), then whitespace/quote-insensitive
search, then fuzzy alignment with rapidfuzz. Evidence shown to a user is always the original
text at the found offsets, never the model's copy.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz

from .core.models import Finding, RawFinding, Transcript

FUZZY_MIN_SCORE = 90.0
_QUOTES = str.maketrans(
    {"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"}
)


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    method: str  # "exact" or "fuzzy"


def _clean(quote: str) -> str:
    quote = quote.strip().strip('"').strip("\u201c\u201d").strip()
    # Models sometimes keep the speaker label; evidence should start at the words.
    return re.sub(r"^[A-Z][\w .'-]{0,40}:\s+", "", quote) if len(quote) > 60 else quote


def _normalized_find(text: str, quote: str, lo: int, hi: int) -> Span | None:
    """Match ignoring runs of whitespace and curly-vs-straight quotes, mapping back to original offsets."""
    words = quote.translate(_QUOTES).split()
    if not words:
        return None
    pattern = r"\s+".join(re.escape(w) for w in words)
    window = text[lo:hi].translate(_QUOTES)
    match = re.search(pattern, window, flags=re.IGNORECASE)
    if match:
        start, end = lo + match.start(), lo + match.end()
        return Span(start, end, "exact" if text[start:end] == quote else "fuzzy")
    return None


def _fuzzy_find(text: str, quote: str, lo: int, hi: int) -> Span | None:
    if len(quote) < 12:
        return None
    alignment = fuzz.partial_ratio_alignment(quote.lower(), text[lo:hi].lower(), score_cutoff=FUZZY_MIN_SCORE)
    if alignment is None:
        return None
    start, end = lo + alignment.dest_start, lo + alignment.dest_end
    # Snap to word boundaries so evidence never starts or ends mid-word.
    while start > lo and text[start - 1].isalnum() and text[start].isalnum():
        start -= 1
    while end < hi and end > 0 and text[end - 1].isalnum() and text[end].isalnum():
        end += 1
    span = text[start:end].strip()
    if not span:
        return None
    start = text.index(span, start)
    return Span(start, start + len(span), "fuzzy")


def locate(text: str, quote: str, lo: int = 0, hi: int | None = None) -> Span | None:
    """Find `quote` in `text[lo:hi]` (preferred) or anywhere in `text`; None if not grounded."""
    hi = len(text) if hi is None else hi
    quote = _clean(quote)
    if not quote:
        return None
    for a, b in ((lo, hi), (0, len(text))):
        index = text.find(quote, a, b)
        if index >= 0:
            return Span(index, index + len(quote), "exact")
    for a, b in ((lo, hi), (0, len(text))):
        span = _normalized_find(text, quote, a, b) or _fuzzy_find(text, quote, a, b)
        if span:
            return span
    return None


# An LLM's evidence must say something: "a" or "ok" can be found almost anywhere.
MIN_QUOTE_WORDS = 3
MIN_QUOTE_CHARS = 12


def long_enough(quote: str) -> bool:
    """At least three words or twelve characters: short enough strings match by accident."""
    quote = quote.strip()
    return len(quote.split()) >= MIN_QUOTE_WORDS or len(quote) >= MIN_QUOTE_CHARS


def _inside_one_utterance(transcript: Transcript, span: Span) -> bool:
    """The span lies within one utterance's spoken words (never a speaker label or two turns)."""
    if not transcript.utterances:
        return True
    return any(u.start <= span.start and span.end <= u.end for u in transcript.utterances)


def ground(
    raw: RawFinding, transcript: Transcript, lo: int = 0, hi: int | None = None, strict: bool = False
) -> Finding | None:
    """A grounded Finding whose quote is the original text at its offsets, or None.

    `strict` (model answers): the quote must be long enough and sit inside one utterance's spoken text,
    and the speaker is the one the transcript gives for that line, whatever the model said.
    """
    if strict and not long_enough(_clean(raw.quote)):
        return None
    span = locate(transcript.text, raw.quote, lo, hi)
    if span is None or (strict and not _inside_one_utterance(transcript, span)):
        return None
    data = raw.model_dump()
    data["quote"] = transcript.text[span.start : span.end]
    said_by = transcript.speaker_at(span.start)
    if not data.get("speaker") or (strict and said_by):
        data["speaker"] = said_by
    return Finding(**data, start=span.start, end=span.end, grounding=span.method)


def _overlap(a: Finding, b: Finding) -> float:
    inter = min(a.end, b.end) - max(a.start, b.start)
    return inter / max(1, min(a.end - a.start, b.end - b.start)) if inter > 0 else 0.0


def merge_duplicates(findings: list[Finding]) -> tuple[list[Finding], int]:
    """Drop findings of the same kind whose spans overlap by half the shorter one (overlapping chunks).

    Keeps the more confident one. Returns (kept, number merged).
    """
    kept: list[Finding] = []
    for finding in sorted(findings, key=lambda f: (-f.confidence, f.start)):
        if any(k.kind == finding.kind and _overlap(k, finding) >= 0.5 for k in kept):
            continue
        kept.append(finding)
    kept.sort(key=lambda f: (f.start, f.kind))
    return kept, len(findings) - len(kept)
