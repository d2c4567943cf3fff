"""Line and span primitives. Every parser builds utterances through `make_utterance`, so the
invariant `utterance.text == transcript.text[start:end]` holds by construction."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from analyzer.core.models import Utterance

# Only CR, LF and CRLF end a line: str.splitlines() would also split on \x0b, \x0c, \x1c-\x1e,
# \x85 and \u2028, which stray control bytes would turn into phantom lines.
_NEWLINE = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True, slots=True)
class Line:
    """One line of the original text; `end` excludes the line break."""

    start: int
    end: int
    text: str

    @property
    def blank(self) -> bool:
        return not self.text.strip()


def iter_lines(text: str) -> Iterator[Line]:
    """Yield every line with its offsets, keeping CR, LF and CRLF endings as they are."""
    pos = 0
    for match in _NEWLINE.finditer(text):
        yield Line(pos, match.start(), text[pos : match.start()])
        pos = match.end()
    yield Line(pos, len(text), text[pos:])


def strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink [start, end) so it neither starts nor ends with whitespace."""
    segment = text[start:end]
    stripped_left = segment.lstrip()
    start += len(segment) - len(stripped_left)
    end = start + len(stripped_left.rstrip())
    return start, end


def clean_speaker(name: str | None) -> str | None:
    """Collapse whitespace in a speaker name; empty names become None."""
    if name is None:
        return None
    name = " ".join(str(name).split())
    return name or None


def make_utterance(
    text: str,
    start: int,
    end: int,
    speaker: str | None = None,
    ts_start: float | None = None,
    ts_end: float | None = None,
) -> Utterance | None:
    """An utterance for the stripped span text[start:end], or None if that span is blank."""
    start, end = strip_span(text, start, end)
    if start >= end:
        return None
    return Utterance(
        speaker=clean_speaker(speaker),
        text=text[start:end],
        start=start,
        end=end,
        ts_start=ts_start,
        ts_end=ts_end,
    )


_SENTENCE_END = re.compile(r"[.!?…。！？]+[\"'”’)\]]*(?=\s)")
_LINE_END_PUNCT = tuple(".!?…。！？:;\"'”’)")


def split_long(text: str, start: int, end: int, limit: int = 1000) -> list[tuple[int, int]]:
    """Cut a long span into pieces of at most `limit` characters, preferring sentence ends,
    then spaces. Each step scans at most `limit` characters, so huge lines stay linear."""
    pieces: list[tuple[int, int]] = []
    cur = start
    while end - cur > limit:
        window_end = cur + limit
        floor = cur + limit // 4
        cut = None
        for match in _SENTENCE_END.finditer(text, floor, window_end):
            cut = match.end()
        if cut is None:
            space = max(text.rfind(" ", floor, window_end), text.rfind("\n", floor, window_end))
            cut = space if space > cur else window_end
        pieces.append((cur, cut))
        cur = cut
    pieces.append((cur, end))
    return pieces


def _unpunctuated(lines: list[Line]) -> bool:
    """Speech-to-text output without punctuation: hard-wrapped prose would have some in its lines."""
    content = [line.text for line in lines if not line.blank]
    punctuated = sum(any(mark in text for mark in ".?!;。？！") for text in content)
    return len(content) >= 3 and punctuated * 10 < len(content)


def prose_units(text: str, lines: list[Line]) -> list[tuple[int, int]]:
    """Group prose lines into sentence-ish units: blank lines and lines ending a sentence close a
    unit, while hard-wrapped lines are joined. Long units are split with `split_long`."""
    units: list[tuple[int, int]] = []
    open_start: int | None = None
    open_end = 0
    segments = _unpunctuated(lines)
    for line in lines:
        if segments and not line.blank:
            units.append((line.start, line.end))  # ASR output: one segment per line
            continue
        if line.blank:
            if open_start is not None:
                units.append((open_start, open_end))
                open_start = None
            continue
        if open_start is None:
            open_start = line.start
        open_end = line.end
        if line.text.rstrip().endswith(_LINE_END_PUNCT):
            units.append((open_start, open_end))
            open_start = None
    if open_start is not None:
        units.append((open_start, open_end))
    spans: list[tuple[int, int]] = []
    for start, end in units:
        spans.extend(split_long(text, start, end))
    return spans
