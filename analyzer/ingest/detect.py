"""Format detection and `parse_text`, the single entry point from decoded text to Transcript."""

from __future__ import annotations

import json

from analyzer.core.errors import InputError
from analyzer.core.models import Transcript, Utterance

from .captions import parse_captions, timing_of
from .jsonfmt import parse_json
from .lines import Classified, classify, parse_lines, parse_plain
from .mail import Message, parse_thread, prose_utterances
from .metadata import Parsed, build_transcript
from .minutes import ACTION, BULLET, HEADING, parse_minutes
from .attendees import ATTENDEE_LINE, find_attendees
from .textspans import Line, iter_lines

FORMATS = ("vtt", "srt", "json", "email", "minutes", "lines", "plain")
_FORMAT_ALIASES = {
    "webvtt": "vtt",
    "md": "minutes",
    "markdown": "minutes",
    "notes": "minutes",
    "mail": "email",
    "eml": "email",
    "thread": "email",
}
_SAMPLE_LINES = 400


def _first_text(text: str) -> str:
    return text.lstrip("\ufeff \t\r\n")


def _has_timings(lines: list[Line]) -> bool:
    return any("-->" in line.text[:80] and timing_of(line.text) is not None for line in lines[:_SAMPLE_LINES])


def _is_json(text: str) -> bool:
    head = _first_text(text)[:1]
    if head not in ("[", "{"):
        return False
    try:
        data = json.loads(_first_text(text), strict=False)
    except (ValueError, RecursionError):
        return False  # e.g. "[00:01:23] Ana: ..." is a lines transcript, not broken JSON
    return isinstance(data, (list, dict))


def _structure(lines: list[Line], classified: Classified) -> str:
    """ "lines", "minutes" or "plain" from how the lines look."""
    infos, rule = classified
    speaker_lines = sum(1 for info in infos if info.label is not None and info.label.name in rule)
    structure = 0
    content = 0
    attendee = False
    for line in lines:
        if line.blank:
            continue
        content += 1
        if HEADING.match(line.text) or BULLET.match(line.text) or ACTION.match(line.text):
            structure += 1
        elif ATTENDEE_LINE.match(line.text[:2000]):
            attendee = True
    if speaker_lines and speaker_lines >= structure:
        return "lines"
    if (structure >= 2 and structure * 4 >= content) or (attendee and structure >= 1):
        return "minutes"
    if speaker_lines:
        return "lines"
    return "plain"


def _detect(text: str, lines: list[Line]) -> tuple[str, Classified | None]:
    if _first_text(text).startswith("WEBVTT"):
        return "vtt", None
    if _is_json(text):
        return "json", None
    if _has_timings(lines):
        return "srt", None
    classified = classify(lines)
    return _structure(lines, classified), classified


def detect_format(text: str) -> str:
    """The most likely format of `text`: one of FORMATS."""
    return _detect(text, list(iter_lines(text)))[0]


def parse_text(text: str, format: str | None = None, encoding: str = "utf-8") -> Transcript:
    """Parse decoded text into a Transcript; `format` None (or "auto") detects it."""
    if not text.strip():
        raise InputError("the transcript is empty", "paste or upload a transcript that contains some text")
    fmt = (format or "auto").strip().lower()
    fmt = _FORMAT_ALIASES.get(fmt, fmt)
    if fmt != "auto" and fmt not in FORMATS:
        raise InputError(
            f'unknown transcript format "{format}"', "use one of: " + ", ".join(FORMATS) + ", or auto"
        )
    lines = list(iter_lines(text))
    classified = None
    if fmt == "auto":
        fmt, classified = _detect(text, lines)
    if fmt == "json":
        utterances, hints = parse_json(text)
        parsed = Parsed("json", utterances, hints.get("title"), hints.get("date"), hints.get("people", []))
    elif fmt in ("vtt", "srt"):
        parsed = Parsed(
            fmt, parse_captions(text, lines, vtt=fmt == "vtt" or _first_text(text).startswith("WEBVTT"))
        )
    elif fmt == "email":
        thread = parse_thread(lines)
        senders = [m.sender for m in thread.messages]
        parsed = Parsed(
            fmt,
            _thread_utterances(text, lines, thread.messages),
            people=thread.people,
            author=senders[0] if senders and senders[0] else None,  # the newest message's sender
        )
    elif fmt == "minutes":
        parsed = Parsed(fmt, parse_minutes(text, lines, find_attendees(lines)))
    elif fmt == "lines":
        parsed = Parsed(fmt, parse_lines(text, lines, classified))
    else:
        parsed = Parsed(fmt, parse_plain(text, lines))
    transcript = build_transcript(text, lines, parsed, encoding)
    transcript.warnings = _structure_warnings(transcript, lines)
    return transcript


def _thread_utterances(text: str, lines: list[Line], messages: list[Message]) -> list[Utterance]:
    """Each message's words by its sender; a recap with headings, bullets or an action table is read
    as minutes, as if pasted alone (its action items keep their owners and dates; its sender wrote
    the notes rather than said them)."""
    attendees = find_attendees(lines)
    utterances: list[Utterance] = []
    for message in messages:
        if _structure(message.lines, classify(message.lines)) == "minutes":
            utterances.extend(parse_minutes(text, message.lines, attendees))
        else:
            utterances.extend(prose_utterances(text, message))
    return utterances


def _structure_warnings(transcript: Transcript, lines: list[Line]) -> list[str]:
    """A warning when a long text reads as prose with no speakers: owners and sides will be guesses."""
    content = sum(1 for line in lines if not line.blank)
    if transcript.format != "plain" or content < 15:
        return []
    return [
        "no speaker labels or minutes structure were found, so findings have no speakers and owners come only "
        "from names in the text; if this is a transcript, export it as VTT/SRT or as 'Name: words' lines, "
        "or pass --format lines"
    ]


__all__ = ["FORMATS", "detect_format", "parse_text"]
