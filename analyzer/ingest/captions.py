"""WebVTT and SRT captions: cues with timings, speakers from `<v Name>` voice tags or `Name:`.

Parsing is a forgiving line-state machine rather than a strict block grammar: missing cue
numbers, missing blank lines, broken or overlapping timings all keep the words (with None
timestamps where a timing cannot be read). Each cue is its own utterance or, when a cue holds
several voices, labels or dialogue dashes, several utterances sharing the cue's timing.

Caption speaker conventions beyond labels: "[JUN] words" bracket tags, broadcast ">> AMARA: words"
(a bare ">>" starts an unknown speaker's turn) and "- words" dialogue lines. Because the caption
format itself puts speakers before the colon, display names that are not name-shaped (a phone
number, "Amara Okafor | Globex", "iPhone de Carlos") count when the shape recurs in the file.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from analyzer.core.models import Utterance

from .speakers import MAX_LABEL_CHARS, NAME_PAREN, STOP_LABELS, find_label, looks_like_name, title_case
from .textspans import Line, make_utterance
from .timecodes import parse_timecode

_TAGS = json.loads((Path(__file__).with_name("data") / "caption_tags.json").read_text(encoding="utf-8"))
_SOUND_TAGS = frozenset(w.lower() for w in _TAGS["sound_tags"]["words"])
_PRONOUNS = frozenset(w.lower() for w in _TAGS["pronouns"]["words"])
_NAME_SUFFIXES = frozenset(w.lower() for w in _TAGS["name_suffixes"]["words"])

_ARROW = re.compile(r"^[ \t]*(?P<a>\S{0,24}?)[ \t]*-->[ \t]*(?P<b>\S*)")
# A timing line whose arrow got mangled ("00:00:01,000 - 00:00:04,000").
_ARROWLESS = re.compile(
    r"^[ \t]*(?P<a>\d{1,2}:\d{2}[\d:.,]*)[ \t]*(?:-+>?|–|—|to)[ \t]*(?P<b>\d{1,2}:\d{2}[\d:.,]*)[ \t]*$"
)
_VOICE = re.compile(r"<v(?:\.[^\s>]*)?(?:[ \t]+(?P<name>[^>]*))?>")
_VOICE_END = "</v>"
_SKIP_BLOCKS = ("NOTE", "STYLE", "REGION")

_CHEVRON = re.compile(r"[ \t]*>>+[ \t]*")
# "- Yes." or "-Yes."; a dash right before a digit is a minus sign.
_DASH = re.compile(r"[ \t]*[-–—](?:[ \t]+|(?=[^\W\d_]))(?=\S)")
_BRACKET = re.compile(r"[ \t]*\[(?P<tag>[^\[\]]{1,40})\][ \t]*:?[ \t]*(?=\S)")
_COLON = re.compile(r":(?=\s|$)|：")
_PAREN = NAME_PAREN
_LABEL_BAD = re.compile(r"[?!;\"“”=\\{}<>\[\]]|\.\.|://|www\.", re.IGNORECASE)
_CAMEL = re.compile(r"[a-z][A-Z]")
_USERNAME = re.compile(r"[a-z0-9]+(?:[._-][a-z0-9]+)+")
# Teams may add a note after the name: "Brandt, Lena (Acme - Sales)".
_LAST_FIRST = re.compile(r"(?P<last>[^,()]+), (?P<first>[^,()]+?)(?P<note> \([^()]*\))?")
_NAME_PART = re.compile(r"[^\W\d_][\w'’.-]*(?: [^\W\d_][\w'’.-]*){0,2}")
MAX_DISPLAY_WORDS = 6
PHONE_DIGITS = 7


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
                    # `current` is always the last cue: pop, since list.remove compares every cue.
                    cues.pop()
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


@dataclass(frozen=True, slots=True)
class Opener:
    """Speaker markers at the start of a cue line. Offsets are relative to the line."""

    turn: int | None = None  # end of a ">>" or dialogue dash: a new turn even when no name follows
    name: str | None = None  # a label or bracket tag as written
    content: int = 0  # where the words after the markers start


def _pronouns(inner: str) -> bool:
    words = re.split(r"[\s/,]+", inner.strip().lower())
    return bool(words) and all(word in _PRONOUNS for word in words)


def _digits(name: str) -> int:
    return sum(char.isdigit() for char in name)


def _display_shape(name: str) -> bool:
    """Short enough and free of sentence punctuation to be a display name, even if not name-shaped."""
    if not name or len(name) > MAX_LABEL_CHARS or len(name.split()) > MAX_DISPLAY_WORDS:
        return False
    if not (name[0].isalnum() or name[0] == "+") or _LABEL_BAD.search(name):
        return False
    if name.lower().rstrip(".") in STOP_LABELS:
        return False
    # A bare number is a count or a time, unless it is as long as a phone number.
    return any(char.isalpha() for char in name) or _digits(name) >= PHONE_DIGITS


def _display_marked(name: str) -> bool:
    """Shapes only display names have: a phone number, " | Org", pronouns, "iPhone", a username."""
    return (
        _digits(name) >= PHONE_DIGITS
        or "|" in name
        or any(_pronouns(m.group("inner")) for m in _PAREN.finditer(name))
        or bool(_CAMEL.search(name))
        or bool(_USERNAME.fullmatch(name))
    )


def display_name(raw: str) -> str:
    """The speaker a caption name stands for: without a " | Org" tail or a "(she/her)" parenthesis."""
    head = raw.split("|", 1)[0]
    name = head if head.strip() else raw
    name = _PAREN.sub(lambda m: " " if _pronouns(m.group("inner")) else m.group(0), name)
    return " ".join(name.split()) or raw


def first_last(name: str) -> str:
    """Teams' "Kitamura, Jun" as "Jun Kitamura", so first names and initials become aliases."""
    match = _LAST_FIRST.fullmatch(name)
    if match is None:
        return name
    last, first = match.group("last"), match.group("first")
    if first.lower().rstrip(".") in _NAME_SUFFIXES:
        return name  # "Pike, Jr", "Acme, Inc"
    if all(_NAME_PART.fullmatch(part) and title_case(part) for part in (last, first)):
        return f"{first} {last}{match.group('note') or ''}"
    return name


def _is_sound(tag: str) -> bool:
    low = tag.lower()
    return low in _SOUND_TAGS or low.split()[0] in _SOUND_TAGS


def _bracket_at(text: str, pos: int) -> tuple[str, int] | None:
    """A "[JUN]" / "[Amara]" tag opening the line with words after it; "[MUSIC]" is a sound."""
    match = _BRACKET.match(text, pos)
    if match is None:
        return None
    tag = " ".join(match.group("tag").split())
    if _is_sound(tag) or not (looks_like_name(tag) and title_case(tag)):
        return None
    return tag, match.end()


def _label_at(text: str, pos: int) -> tuple[str, int] | None:
    """A `Name:` label at `pos`: name-shaped, or display-name-shaped ("+1 415 555 0100:")."""
    label = find_label(text, pos)
    if label is not None:
        return label.name, label.content
    colon = _COLON.search(text, pos)
    if colon is None or colon.start() - pos > MAX_LABEL_CHARS + 2:
        return None
    name = " ".join(text[pos : colon.start()].split())
    return (name, colon.end()) if _display_shape(name) else None


def line_opener(text: str, dialogue: bool) -> Opener:
    """The markers opening a cue line: ">>" (or a dialogue dash), then a label or bracket tag."""
    marker = _CHEVRON.match(text) or (_DASH.match(text) if dialogue else None)
    pos = marker.end() if marker else 0
    found = _bracket_at(text, pos) or _label_at(text, pos)
    turn = pos if marker else None
    return Opener(turn, found[0], found[1]) if found else Opener(turn, None, pos)


def _dialogue(cue: Cue) -> bool:
    # One dashed line is a quoted list item or a stray hyphen; two are two speakers.
    return sum(1 for line in cue.lines if _DASH.match(line.text)) >= 2


def _cue_openers(cue: Cue) -> list[Opener]:
    dialogue = _dialogue(cue)
    return [line_opener(line.text, dialogue) for line in cue.lines]


def _accepted(names: list[str], cues: int) -> frozenset[str]:
    """Labels that are speakers here: recurring ones and, when most cues carry a label, any
    capitalised or display-name-shaped one ("iPhone de Carlos" may speak only once)."""
    counts = Counter(names)
    majority = cues > 0 and len(names) * 2 >= cues
    return frozenset(
        name
        for name, count in counts.items()
        if count >= 2 or (majority and (title_case(name) or _display_marked(name)))
    )


def _voice_segments(text: str, start: int, end: int) -> list[tuple[str | None, int, int]]:
    """Split a cue at `<v Name>` tags; the closing `</v>` is optional."""
    tags = list(_VOICE.finditer(text, start, end))
    segments: list[tuple[str | None, int, int]] = []
    if tags[0].start() > start:
        segments.append((None, start, tags[0].start()))
    for index, tag in enumerate(tags):
        seg_end = tags[index + 1].start() if index + 1 < len(tags) else end
        close = text.find(_VOICE_END, tag.end(), seg_end)
        name = _voice_name(tag.group("name"))
        if close == -1:
            segments.append((name, tag.end(), seg_end))
        else:
            segments.append((name, tag.end(), close))
            segments.append((None, close + len(_VOICE_END), seg_end))  # untagged words after </v>
    return segments


def _voice_name(raw: str | None) -> str | None:
    name = " ".join((raw or "").split())
    return first_last(display_name(name)) if name else None


def _label_segments(
    cue: Cue, openers: list[Opener], accepted: frozenset[str], carry: str | None
) -> list[tuple[str | None, int, int]]:
    """Split a cue at accepted labels, bracket tags, ">>" and dialogue dashes.

    Lines before any marker belong to `carry`: the previous speaker in broadcast captions,
    where a cue without ">>" continues the same voice.
    """
    segments: list[tuple[str | None, int, int]] = []
    for line, opener in zip(cue.lines, openers, strict=True):
        if opener.name is not None and opener.name in accepted:
            segments.append((display_name(opener.name), line.start + opener.content, line.end))
        elif opener.turn is not None:
            segments.append((None, line.start + opener.turn, line.end))
        elif segments:
            speaker, seg_start, _ = segments[-1]
            segments[-1] = (speaker, seg_start, line.end)
        else:
            segments.append((carry, line.start, line.end))
    return segments


def _has_voices(text: str, cue: Cue) -> bool:
    start, end = cue.lines[0].start, cue.lines[-1].end
    return "<v" in text[start:end] and _VOICE.search(text, start, end) is not None


def _candidate_names(text: str, cues: list[Cue], openers: list[list[Opener]]) -> list[str]:
    """Names opening each cue or marked turn, for the recurrence and majority tests."""
    names: list[str] = []
    for cue, cue_openers in zip(cues, openers, strict=True):
        if _has_voices(text, cue):  # voice-tagged cues count as labelled lines for the majority test
            voice = _VOICE.search(text, cue.lines[0].start, cue.lines[-1].end)
            names.append(" ".join(((voice.group("name") if voice else None) or "").split()))
            continue
        for index, opener in enumerate(cue_openers):
            if opener.name is not None and (index == 0 or opener.turn is not None):
                names.append(opener.name)
    return names


def parse_captions(text: str, lines: list[Line], vtt: bool) -> list[Utterance]:
    """Utterances from WebVTT (`vtt=True`) or SRT cues, in document order."""
    cues = read_cues(lines, vtt)
    openers = [_cue_openers(cue) for cue in cues]
    accepted = _accepted(_candidate_names(text, cues, openers), len(cues))
    broadcast = sum(1 for cue in cues for line in cue.lines if _CHEVRON.match(line.text)) >= 2
    utterances: list[Utterance] = []
    carry: str | None = None
    for cue, cue_openers in zip(cues, openers, strict=True):
        if _has_voices(text, cue):
            segments = _voice_segments(text, cue.lines[0].start, cue.lines[-1].end)
        else:
            segments = _label_segments(cue, cue_openers, accepted, carry if broadcast else None)
        carry = segments[-1][0] if segments else carry
        for speaker, seg_start, seg_end in segments:
            utt = make_utterance(text, seg_start, seg_end, speaker, cue.ts_start, cue.ts_end)
            if utt is not None:
                utterances.append(utt)
    return utterances
