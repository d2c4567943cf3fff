"""Assembling a Transcript: participants, aliases, title and date around parsed utterances."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from analyzer.core.models import Transcript, Utterance
from analyzer.safe_text import clean_name

from .meeting_date import LABEL_LINE, date_in, detect_date, numeric_date_order
from .introductions import introduced_names
from .attendees import Person, build_aliases, dedupe, find_attendees, note_author, parse_person
from .speakers import without_role_tags
from .textspans import Line

_HEADING = re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+(?P<title>\S.*?)(?:[ \t]+#+)?[ \t]*$")
_TITLE_LABELS = frozenset(("title", "subject", "meeting title", "topic"))
_HEADING_SCAN = 200
_LABEL_SCAN = 60
_MAX_TITLE = 200


@dataclass
class Parsed:
    """What a format parser found, before metadata is added."""

    format: str
    utterances: list[Utterance]
    title: str | None = None  # hints from structured formats (JSON fields)
    date: str | None = None
    people: list[str] = field(default_factory=list)
    author: str | None = None  # who wrote the notes, when the format says (a mail's sender)


# "RE: Recap", "Fwd: AW: Recap": the reply and forward marks of mail clients are not the title.
_REPLY_MARKS = re.compile(r"^(?:(?:re|fw|fwd|aw|wg|tr|rv|sv|vs)\s*:\s*)+", re.IGNORECASE)


def detect_title(lines: list[Line]) -> str | None:
    """The first markdown heading, or a "Title:"/"Subject:" line, whichever comes first."""
    for index, line in enumerate(lines[:_HEADING_SCAN]):
        text = line.text[:1000]
        heading = _HEADING.match(text)
        if heading:
            return heading.group("title").strip()[:_MAX_TITLE]
        if index < _LABEL_SCAN:
            label = LABEL_LINE.match(text)
            if label and label.group("label").lower() in _TITLE_LABELS:
                return _REPLY_MARKS.sub("", label.group("value").strip())[:_MAX_TITLE] or None
    return None


def _name(raw: str | None) -> str | None:
    clean = clean_name(raw)
    return without_role_tags(clean) if clean else clean


def build_transcript(text: str, lines: list[Line], parsed: Parsed, encoding: str = "utf-8") -> Transcript:
    """A Transcript with participants (attendee line, else speakers), aliases, title and date."""
    for utt in parsed.utterances:
        utt.speaker = _name(utt.speaker)
    parsed.people = [name for name in map(_name, parsed.people) if name]
    attendees = find_attendees(lines)
    if attendees is None and parsed.people:
        attendees = dedupe([p for p in (parse_person(name) for name in parsed.people) if p])
    speakers: list[str] = []
    seen: set[str] = set()
    for utt in parsed.utterances:
        if utt.speaker and utt.speaker not in seen:
            seen.add(utt.speaker)
            speakers.append(utt.speaker)
    if attendees:
        participants = [p.name for p in attendees]
        people = attendees
    else:
        participants = speakers
        people = [Person(name) for name in speakers]
    date = detect_date(lines, parsed.date)
    if date is None and parsed.format == "vtt":
        # WebVTT keeps metadata in NOTE blocks, which may sit anywhere in the file.
        for line in lines:
            if line.text.startswith("NOTE"):
                date = date_in(line.text[:400])
                if date:
                    break
    return Transcript(
        text=text,
        format=parsed.format,
        utterances=parsed.utterances,
        participants=participants,
        aliases={**build_aliases(people), **introduced_names(text, parsed.utterances)},
        note_author=note_author(attendees) or (_name(parsed.author) if parsed.author else None),
        affiliations={p.name: p.note for p in people if p.note},
        sides={p.name: p.side for p in people if p.side in ("ours", "theirs")},
        detected_date=date,
        numeric_dates=numeric_date_order(text),
        detected_title=parsed.title or detect_title(lines),
        encoding=encoding,
    )
