"""WebVTT and SRT captions: cues with timings, speakers from `<v Name>` voice tags or `Name:`.

Parsing is a forgiving line-state machine rather than a strict block grammar: missing cue
numbers, missing blank lines, broken or overlapping timings all keep the words (with None
timestamps where a timing cannot be read). Each cue is its own utterance or, when a cue holds
several voices or labels, several utterances sharing the cue's timing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from analyzer.core.models import Utterance

from .speakers import SpeakerRule, find_label
from .textspans import Line, make_utterance
from .timecodes import parse_timecode

_ARROW = re.compile(r"^[ \t]*(?P<a>\S{0,24}?)[ \t]*-->[ \t]*(?P<b>\S*)")
# A timing line whose arrow got mangled ("00:00:01,000 - 00:00:04,000").
_ARROWLESS = re.compile(
    r"^[ \t]*(?P<a>\d{1,2}:\d{2}[\d:.,]*)[ \t]*(?:-+>?|–|—|to)[ \t]*(?P<b>\d{1,2}:\d{2}[\d:.,]*)[ \t]*$"
)
_VOICE = re.compile(r"<v(?:\.[^\s>]*)?(?:[ \t]+(?P<name>[^>]*))?>")
_VOICE_END = "</v>"
_SKIP_BLOCKS = ("NOTE", "STYLE", "REGION")


@dataclass
class Cue:
    ts_start: float | None
    ts_end: float | None
    lines: list[Line] = field(default_factory=list)
    timed: bool = True
    closed: bool = False


def timing_of(text: str) -> tuple[float | None, float | None] | None:
    """(start, end) seconds of a cue timing line, None parts when unreadable; None if not a timing."""
    match = _ARROW.match(text) or _ARROWLESS.match(text)
    if match is None:
        return None
    return parse_timecode(match.group("a")), parse_timecode(match.group("b"))


def _is_block_keyword(text: str) -> bool:
    stripped = text.strip()
    return any(stripped == word or stripped.startswith((word + " ", word + "\t")) for word in _SKIP_BLOCKS)


def _after_vtt_header(lines: list[Line]) -> int:
    """Where the header block ends: the first blank line (or, if that is missing, the first timing)."""
    seen_header = False
    for index, line in enumerate(lines):
        if seen_header and (line.blank or timing_of(line.text) is not None):
            return index
        seen_header = seen_header or not line.blank
    return len(lines)


def read_cues(lines: list[Line], vtt: bool) -> list[Cue]:
    """Group lines into cues, dropping headers, NOTE/STYLE/REGION blocks and cue identifiers."""
    cues: list[Cue] = []
    current: Cue | None = None
    skipping = False
    prev_blank = True
    start = _after_vtt_header(lines) if vtt else 0
    for line in lines[start:]:
        if line.blank:
            prev_blank, skipping = True, False
            if current is not None:
                current.closed = True
            continue
        if skipping:
            continue
        if vtt and prev_blank and _is_block_keyword(line.text):
            skipping, prev_blank = True, False
            continue
        timing = timing_of(line.text)
        if timing is not None:
            if current is not None and not current.closed and current.lines:
                last = current.lines[-1].text.strip()
                # The line right above a timing is the cue's identifier, not cue text.
                if not current.timed and len(current.lines) == 1:
                    cues.remove(current)
                elif last.isdigit():
                    current.lines.pop()
            current = Cue(*timing)
            cues.append(current)
        else:
            if current is None or current.closed:
                current = Cue(None, None, timed=False)
                cues.append(current)
            current.lines.append(line)
        prev_blank = False
    return [cue for cue in cues if cue.lines]


def _voice_segments(text: str, start: int, end: int) -> list[tuple[str | None, int, int]]:
    """Split a cue at `<v Name>` tags; the closing `</v>` is optional."""
    tags = list(_VOICE.finditer(text, start, end))
    segments: list[tuple[str | None, int, int]] = []
    if tags[0].start() > start:
        segments.append((None, start, tags[0].start()))
    for index, tag in enumerate(tags):
        seg_end = tags[index + 1].start() if index + 1 < len(tags) else end
        close = text.find(_VOICE_END, tag.end(), seg_end)
        name = (tag.group("name") or "").strip() or None
        if close == -1:
            segments.append((name, tag.end(), seg_end))
        else:
            segments.append((name, tag.end(), close))
            segments.append((None, close + len(_VOICE_END), seg_end))  # untagged words after </v>
    return segments


def _label_segments(cue: Cue, rule: SpeakerRule) -> list[tuple[str | None, int, int]]:
    segments: list[tuple[str | None, int, int]] = []
    for line in cue.lines:
        label = find_label(line.text)
        if label is not None and label.name in rule:
            segments.append((label.name, line.start + label.content, line.end))
        elif segments:
            speaker, seg_start, _ = segments[-1]
            segments[-1] = (speaker, seg_start, line.end)
        else:
            segments.append((None, line.start, line.end))
    return segments


def parse_captions(text: str, lines: list[Line], vtt: bool) -> list[Utterance]:
    """Utterances from WebVTT (`vtt=True`) or SRT cues, in document order."""
    cues = read_cues(lines, vtt)
    names: list[str] = []
    for cue in cues:
        voices = [tag.group("name") for tag in _VOICE.finditer(text, cue.lines[0].start, cue.lines[-1].end)]
        if voices:  # voice-tagged cues count as labelled lines for the majority test
            names.extend(" ".join((name or "").split()) for name in voices[:1])
            continue
        label = find_label(cue.lines[0].text)
        if label is not None:
            names.append(label.name)
    rule = SpeakerRule(names, len(cues))
    utterances: list[Utterance] = []
    for cue in cues:
        start, end = cue.lines[0].start, cue.lines[-1].end
        if "<v" in text[start:end] and _VOICE.search(text, start, end):
            segments = _voice_segments(text, start, end)
        else:
            segments = _label_segments(cue, rule)
        for speaker, seg_start, seg_end in segments:
            utt = make_utterance(text, seg_start, seg_end, speaker, cue.ts_start, cue.ts_end)
            if utt is not None:
                utterances.append(utt)
    return utterances
