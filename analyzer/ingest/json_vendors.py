"""The native JSON of speech-to-text services: Deepgram, AWS Transcribe, Google Speech-to-Text and
AssemblyAI are read; Rev.ai is refused with a way out.

Readers return `Turn`s whose `value` is a string decoded by jsonfmt's span-keeping scanner, so it
can be mapped back to its literal: utterance text must be a slice of the raw JSON text. A service
is only readable when it keeps a turn's words in one string literal; Rev.ai stores one word per
literal, so no slice of its file reads as a sentence.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from analyzer.core.errors import InputError

from .timecodes import parse_timecode

# Keys only AssemblyAI puts beside "utterances". "status" is left out: other exports use it too.
_ASSEMBLYAI_KEYS = ("audio_url", "acoustic_model", "language_model", "speech_model", "audio_duration")
_SHORT_ID = re.compile(r"\d{1,3}|[A-Za-z]")
_GOOGLE_END = ("resultEndTime", "resultEndOffset", "result_end_time", "result_end_offset")
_GOOGLE_WORD_START = ("startTime", "startOffset", "start_time", "start_offset")
_GOOGLE_TAG = ("speakerTag", "speakerLabel", "speaker_tag", "speaker_label")
REVAI_FIX = (
    "download the Rev.ai job's captions instead (GET /jobs/{id}/captions, as VTT or SRT) and load that "
    "file, or paste the transcript as 'Name: words' lines"
)


@dataclass(frozen=True, slots=True)
class Turn:
    """One utterance-to-be: a decoded string value plus who said it and when (seconds)."""

    value: str
    speaker: str | None = None
    ts_start: float | None = None
    ts_end: float | None = None
    whole: bool = False  # the whole recording in one string: cut into pieces, timing unknown


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _dicts(value: Any) -> list[dict[str, Any]]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _head(value: Any) -> dict[str, Any]:
    items = _dicts(value)
    return items[0] if items else {}


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def _pick(entry: dict[str, Any], keys: tuple[str, ...]) -> Any:
    return next((entry[key] for key in keys if entry.get(key) is not None), None)


def _seconds(value: Any) -> float | None:
    """Seconds from a number, "3.12", Google's "7.480s" or a protobuf {"seconds", "nanos"} duration."""
    if isinstance(value, dict):
        try:
            return parse_timecode(float(value.get("seconds") or 0) + float(value.get("nanos") or 0) / 1e9)
        except (TypeError, ValueError):
            return None
    if isinstance(value, str) and value.strip().endswith("s"):
        value = value.strip()[:-1]
    return parse_timecode(value)


def _numbered(value: Any) -> str | None:
    """A bare number or letter as "Speaker 0", the way the services label speakers themselves; a
    name (from AssemblyAI's speaker identification, say) stays as written."""
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        return None
    label = str(value).strip()
    if not label:
        return None
    return f"Speaker {label}" if _SHORT_ID.fullmatch(label) else label


def _whole(value: Any) -> list[Turn]:
    text = _text(value)
    return [Turn(text, whole=True)] if text else []


def _deepgram(data: dict[str, Any]) -> list[Turn] | None:
    """results.utterances; else paragraphs' sentences with the paragraph's speaker; else the transcript."""
    results = _dict(data.get("results"))
    if not isinstance(results.get("channels"), list) and not isinstance(results.get("utterances"), list):
        return None
    turns = [
        Turn(text, _numbered(utt.get("speaker")), _seconds(utt.get("start")), _seconds(utt.get("end")))
        for utt in _dicts(results.get("utterances"))
        if (text := _text(utt.get("transcript")))
    ]
    best = _head(_head(results.get("channels")).get("alternatives"))
    if not turns:
        turns = [
            Turn(text, _numbered(para.get("speaker")), _seconds(sent.get("start")), _seconds(sent.get("end")))
            for para in _dicts(_dict(best.get("paragraphs")).get("paragraphs"))
            for sent in _dicts(para.get("sentences"))
            if (text := _text(sent.get("text")))
        ]
    return turns or _whole(best.get("transcript"))


def _aws(data: dict[str, Any]) -> list[Turn] | None:
    """audio_segments (one transcript string per turn); else the job's one transcript, speakerless."""
    results = _dict(data.get("results"))
    if not isinstance(results.get("transcripts"), list) and not isinstance(
        results.get("audio_segments"), list
    ):
        return None
    turns = [
        Turn(
            text,
            # Labels stay as AWS writes them ("spk_0"), like "spk_0:" lines do elsewhere.
            _text(seg.get("speaker_label")) or _text(seg.get("channel_label")),
            _seconds(seg.get("start_time")),
            _seconds(seg.get("end_time")),
        )
        for seg in _dicts(results.get("audio_segments"))
        if (text := _text(seg.get("transcript")))
    ]
    return turns or _whole(_head(results.get("transcripts")).get("transcript"))


def _google_tag(word: dict[str, Any]) -> str | None:
    tag = _pick(word, _GOOGLE_TAG)
    return None if tag in (None, 0, "0", "") else str(tag)  # 0 is protobuf's "not set"


def _google_speaker(
    words: list[dict[str, Any]], tagged: list[tuple[float, str]], span: tuple[float | None, float | None]
) -> str | None:
    """The result's speaker ("Speaker N") when every word of it has tag N. With diarization Google
    repeats all the words, tagged, in a last result, so untagged words are looked up by time there."""
    tags = {_google_tag(word) for word in words}
    start, end = span
    if (not words or None in tags) and start is not None and end is not None:
        tags = {tag for at, tag in tagged if start <= at < end}
    return _numbered(tags.pop()) if len(tags) == 1 else None


def _google(data: dict[str, Any]) -> list[Turn] | None:
    """One turn per result from alternatives[0]; it starts at its first word, else where the
    previous result of its channel ended (results split the audio end to end)."""
    results = _dicts(data.get("results")) or _dicts(_dict(data.get("response")).get("results"))
    if not any(isinstance(result.get("alternatives"), list) for result in results):
        return None
    tagged: dict[Any, list[tuple[float, str]]] = {}
    for result in results:
        for word in _dicts(_head(result.get("alternatives")).get("words")):
            at, tag = _seconds(_pick(word, _GOOGLE_WORD_START)), _google_tag(word)
            if at is not None and tag is not None:
                tagged.setdefault(result.get("channelTag"), []).append((at, tag))
    ended: dict[Any, float] = {}
    turns = []
    for result in results:
        best, channel = _head(result.get("alternatives")), result.get("channelTag")
        words = _dicts(best.get("words"))
        first_word = _seconds(_pick(words[0], _GOOGLE_WORD_START)) if words else None
        start = first_word if first_word is not None else ended.get(channel, 0.0)
        end = _seconds(_pick(result, _GOOGLE_END))
        if text := _text(best.get("transcript")):
            speaker = _google_speaker(words, tagged.get(channel, []), (start, end))
            turns.append(Turn(text, speaker, start, end))
        if end is not None:
            ended[channel] = end
    return turns


def _integer_times(entries: list[dict[str, Any]]) -> bool:
    times = [entry.get(key) for entry in entries for key in ("start", "end") if entry.get(key) is not None]
    return bool(times) and all(isinstance(t, int) and not isinstance(t, bool) for t in times)


def _assemblyai(data: dict[str, Any]) -> list[Turn] | None:
    """Utterances timed in milliseconds; without speaker labels ("utterances": null), the text."""
    entries = _dicts(data.get("utterances"))
    marked = any(key in data for key in _ASSEMBLYAI_KEYS)
    if "utterances" in data and data["utterances"] is None and marked:
        return _whole(data.get("text"))
    detailed = bool(entries) and all("confidence" in e or "words" in e for e in entries)
    # Integer times are the tell: a seconds export with integer times rarely has these keys as well.
    if not _integer_times(entries) or not (marked or detailed):
        return None

    def ms(value: Any) -> float | None:
        seconds = parse_timecode(value)
        return None if seconds is None else seconds / 1000

    return [
        Turn(text, _numbered(utt.get("speaker")), ms(utt.get("start")), ms(utt.get("end")))
        for utt in entries
        if (text := _text(utt.get("text")))
    ]


def _revai(data: dict[str, Any]) -> list[Turn] | None:
    """Refused: each word is its own JSON value, so no slice of the file reads as a sentence."""
    if not any("elements" in mono for mono in _dicts(data.get("monologues"))):
        return None
    raise InputError(
        "this is Rev.ai JSON, which keeps every word in a separate value, so no finding could quote "
        "its sentences",
        REVAI_FIX,
    )


_READERS: tuple[tuple[str, Callable[[dict[str, Any]], list[Turn] | None]], ...] = (
    ("Rev.ai", _revai),
    ("Deepgram", _deepgram),
    ("AWS Transcribe", _aws),
    ("Google Speech-to-Text", _google),
    ("AssemblyAI", _assemblyai),
)


def vendor_turns(data: Any) -> tuple[str, list[Turn]] | None:
    """(service name, turns) when `data` is a speech-to-text service's own JSON, else None."""
    if not isinstance(data, dict):
        return None
    for name, reader in _READERS:
        turns = reader(data)
        if turns is not None:
            return name, turns
    return None
