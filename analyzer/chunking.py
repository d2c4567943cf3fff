"""Token-bounded chunks on utterance boundaries, with overlap, carrying exact offsets.

Utterances are grouped whole; an utterance longer than a chunk is split by langchain's
recursive token splitter (paragraph, line, sentence, word), whose start indexes keep offsets exact.
"""

from __future__ import annotations

from dataclasses import dataclass

from langchain_text_splitters import RecursiveCharacterTextSplitter

from .core.models import Chunk, Transcript, content_hash
from .tokens import DEFAULT_ENCODING, count_tokens, seed_cache

PASSAGE_TOKENS = 160  # search passages: small enough for the embedding model's 256 wordpieces
PASSAGE_OVERLAP = 40


@dataclass(frozen=True)
class _Segment:
    start: int
    end: int
    speaker: str | None
    tokens: int


def _segments(transcript: Transcript) -> list[_Segment]:
    """Cut the text at utterance boundaries so the segments tile the whole text exactly."""
    text = transcript.text
    utts = transcript.utterances
    if not utts:
        return [_Segment(0, len(text), None, count_tokens(text))] if text else []
    bounds = [0]
    for prev, utt in zip(utts, utts[1:]):
        # Only the gap after the previous utterance is searched: on a one-line export, searching back to
        # the start of the text for every utterance made this quadratic.
        line_start = text.rfind("\n", prev.end, utt.start) + 1
        bounds.append(max(prev.end, line_start))
    bounds.append(len(text))
    segments = []
    for i, utt in enumerate(utts):
        start, end = bounds[i], bounds[i + 1]
        if end > start:
            segments.append(_Segment(start, end, utt.speaker, count_tokens(text[start:end])))
    return segments


def _split_long(text: str, seg: _Segment, max_tokens: int, overlap: int) -> list[_Segment]:
    splitter = RecursiveCharacterTextSplitter.from_tiktoken_encoder(
        encoding_name=DEFAULT_ENCODING,
        chunk_size=max_tokens,
        chunk_overlap=min(overlap, max_tokens // 2),
        separators=["\n\n", "\n", ". ", "? ", "! ", "; ", ", ", " ", ""],
        keep_separator="end",
        add_start_index=True,
        strip_whitespace=False,
    )
    body = text[seg.start : seg.end]
    parts = []
    for doc in splitter.create_documents([body]):
        start = seg.start + doc.metadata["start_index"]
        parts.append(
            _Segment(start, start + len(doc.page_content), seg.speaker, count_tokens(doc.page_content))
        )
    return parts


def _windows(segments: list[_Segment], max_tokens: int, overlap: int) -> list[list[_Segment]]:
    """Greedy windows of whole segments; each new window starts with trailing segments of the last."""
    windows: list[list[_Segment]] = []
    current: list[_Segment] = []
    size = 0
    for seg in segments:
        if current and size + seg.tokens > max_tokens:
            windows.append(current)
            carried: list[_Segment] = []
            carried_size = 0
            for prev in reversed(current):
                # Carry whole utterances until ~`overlap` tokens are repeated, if the new one still fits.
                if carried_size >= overlap or carried_size + prev.tokens + seg.tokens > max_tokens:
                    break
                carried.insert(0, prev)
                carried_size += prev.tokens
            current, size = carried, carried_size
        current.append(seg)
        size += seg.tokens
    if current:
        windows.append(current)
    return windows


def chunk_transcript(
    transcript: Transcript, meeting_id: str, max_tokens: int | None, overlap: int = 0
) -> list[Chunk]:
    """Chunks of at most `max_tokens` (None: the whole meeting as one chunk), overlapping by ~`overlap`."""
    seed_cache()
    text = transcript.text
    segments = _segments(transcript)
    if max_tokens is None:
        groups = [segments] if segments else []
    else:
        fitted: list[_Segment] = []
        for seg in segments:
            fitted.extend(_split_long(text, seg, max_tokens, overlap) if seg.tokens > max_tokens else [seg])
        groups = _windows(fitted, max_tokens, overlap)
    chunks = []
    for index, group in enumerate(groups):
        start, end = group[0].start, group[-1].end
        body = text[start:end]
        speakers = list(dict.fromkeys(s.speaker for s in group if s.speaker))
        chunks.append(
            Chunk(
                id=f"{meeting_id}:{index}:{content_hash(body, length=10)}",
                meeting_id=meeting_id,
                index=index,
                text=body,
                start=start,
                end=end,
                speakers=speakers,
                tokens=sum(s.tokens for s in group),
            )
        )
    return chunks


def passages(transcript: Transcript, meeting_id: str) -> list[Chunk]:
    """Small overlapping chunks for the search index."""
    return chunk_transcript(transcript, meeting_id, PASSAGE_TOKENS, PASSAGE_OVERLAP)
