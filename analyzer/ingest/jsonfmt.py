"""JSON exports: a list of {"speaker", "text", "start"} objects, or {"segments": [...]}, and the
native JSON of speech-to-text services (see json_vendors).

Offsets must point into the raw JSON text, so string values are decoded with a scanner that
remembers where each literal sits. A value without escapes maps to its exact characters; a
value with escapes maps to its raw literal, whose slice then becomes the utterance text.
"""

from __future__ import annotations

import json
import re
from json.decoder import scanstring  # type: ignore[attr-defined]  # undocumented, so not in typeshed
from json.scanner import py_make_scanner  # type: ignore[attr-defined]  # likewise
from typing import Any

from analyzer.core.errors import InputError
from analyzer.core.models import Utterance

from .json_vendors import Turn, vendor_turns
from .textspans import make_utterance, split_long, strip_span
from .timecodes import parse_timecode

_LIST_KEYS = ("segments", "utterances", "transcript", "entries", "items", "results", "turns", "messages")
_SPEAKER_KEYS = ("speaker", "name", "speaker_name", "speakerName", "author")
_TEXT_KEYS = ("text", "content", "utterance", "transcript", "message", "words", "sentence", "body")
_START_KEYS = ("start", "start_time", "startTime", "timestamp", "time")
_END_KEYS = ("end", "end_time", "endTime")
_TITLE_KEYS = ("title", "subject", "meeting_title", "name")
_DATE_KEYS = ("date", "meeting_date", "start_date", "created_at", "recorded_at")
_PEOPLE_KEYS = ("participants", "attendees")
_LEAD_ESCAPES = re.compile(r"(?:\s|\\[nrt])+")
_TRAIL_ESCAPES = re.compile(r"(?:\s|\\[nrt])+$")
FIX = (
    'export a JSON list like [{"speaker": "Ana", "text": "Hello", "start": 1.5}] '
    'or an object {"segments": [...]} holding such a list'
)


class _Str(str):
    """A decoded JSON string that knows where its literal (quotes included) sits in the source."""

    raw_start: int
    raw_end: int


class _SpanDecoder(json.JSONDecoder):
    def __init__(self) -> None:
        super().__init__(strict=False)  # stray control characters inside strings are tolerated

        def parse_string(source: str, idx: int, strict: bool) -> tuple[str, int]:
            value, end = scanstring(source, idx, strict)
            spanned = _Str(value)
            spanned.raw_start, spanned.raw_end = idx - 1, end
            return spanned, end

        self.parse_string = parse_string
        # The pure-Python scanner calls self.parse_string for every string value (not keys).
        self.scan_once = py_make_scanner(self)


def loads_with_spans(text: str) -> Any:
    """Like json.loads, but string values are `_Str` carrying their raw offsets."""
    decoder = _SpanDecoder()
    start = len(text) - len(text.lstrip("\ufeff \t\r\n"))
    value, end = decoder.raw_decode(text, start)
    if text[end:].strip():
        raise json.JSONDecodeError("Extra data", text, end)
    return value


def _first(entry: dict[str, Any], keys: tuple[str, ...]) -> Any:
    for key in keys:
        if entry.get(key) is not None:
            return entry[key]
    return None


def _entries(data: Any) -> tuple[list[Any], dict[str, Any]]:
    if isinstance(data, list):
        return data, {}
    if isinstance(data, dict):
        for key in _LIST_KEYS:
            if isinstance(data.get(key), list):
                return data[key], data
        raise InputError(
            "the JSON object has no list of utterances (looked for "
            + ", ".join(f'"{k}"' for k in _LIST_KEYS)
            + ")",
            FIX,
        )
    raise InputError(f"the JSON is a single {type(data).__name__}, not a list of utterance objects", FIX)


def _speaker(value: Any) -> str | None:
    if isinstance(value, dict):
        value = _first(value, ("name", "display_name", "displayName"))
    if isinstance(value, (str, int)) and not isinstance(value, bool):
        return " ".join(str(value).split()) or None
    return None


def _span(text: str, value: _Str) -> tuple[int, int]:
    inner_start, inner_end = value.raw_start + 1, value.raw_end - 1
    if text[inner_start:inner_end] == value:
        return strip_span(text, inner_start, inner_end)
    # Escapes inside: trim escaped whitespace at the edges so the raw slice is as clean as possible.
    raw = text[inner_start:inner_end]
    lead = _LEAD_ESCAPES.match(raw)
    trail = _TRAIL_ESCAPES.search(raw[-200:])
    start = inner_start + (lead.end() if lead else 0)
    end = inner_end - (len(trail.group(0)) if trail else 0)
    return strip_span(text, start, max(start, end))


def _generic_turns(entries: list[Any]) -> list[Turn]:
    if entries and not all(isinstance(entry, dict) for entry in entries):
        kinds = sorted({type(entry).__name__ for entry in entries if not isinstance(entry, dict)})
        raise InputError(f"the JSON list holds {', '.join(kinds)} values, not utterance objects", FIX)
    turns = []
    for entry in entries:
        value = _first(entry, _TEXT_KEYS)
        if isinstance(value, _Str) and value.strip():
            start, end = parse_timecode(_first(entry, _START_KEYS)), parse_timecode(_first(entry, _END_KEYS))
            turns.append(Turn(value, _speaker(_first(entry, _SPEAKER_KEYS)), start, end))
    return turns


def _utterances(text: str, turns: list[Turn]) -> list[Utterance]:
    utterances: list[Utterance] = []
    for turn in turns:
        if not isinstance(turn.value, _Str):
            continue  # not decoded from this text, so it has no offsets
        start, end = _span(text, turn.value)
        # A whole-recording transcript is one literal: cut it like prose, so no utterance is huge.
        pieces = split_long(text, start, end) if turn.whole else [(start, end)]
        for piece_start, piece_end in pieces:
            utt = make_utterance(text, piece_start, piece_end, turn.speaker, turn.ts_start, turn.ts_end)
            if utt is not None:
                utterances.append(utt)
    return utterances


def _hints(container: dict[str, Any]) -> dict[str, Any]:
    hints: dict[str, Any] = {}
    title = _first(container, _TITLE_KEYS)
    date = _first(container, _DATE_KEYS)
    people = _first(container, _PEOPLE_KEYS)
    if isinstance(title, str) and title.strip():
        hints["title"] = " ".join(title.split())
    if isinstance(date, str):
        hints["date"] = date
    if isinstance(people, list):
        hints["people"] = [p for p in (_speaker(person) for person in people) if p]
    return hints


def parse_json(text: str) -> tuple[list[Utterance], dict[str, Any]]:
    """Utterances plus metadata hints (title, date, participants) from a JSON export."""
    try:
        data = loads_with_spans(text)
    except (json.JSONDecodeError, RecursionError) as exc:
        raise InputError(f"the JSON could not be read ({exc})", FIX) from exc
    vendor = vendor_turns(data)
    if vendor is not None:
        # A service's top-level "name" or "created" is a job id or processing time, not meeting metadata.
        service, turns = vendor
        utterances = _utterances(text, turns)
        if not utterances:
            raise InputError(
                f"the {service} JSON holds no transcript text",
                "check that the job finished and the recording has speech, or " + FIX,
            )
        return utterances, {}
    entries, container = _entries(data)
    utterances = _utterances(text, _generic_turns(entries))
    if not utterances:
        raise InputError(
            "the JSON has no entries with text (looked for " + ", ".join(f'"{k}"' for k in _TEXT_KEYS) + ")",
            FIX,
        )
    return utterances, _hints(container)
