"""Minutes and notes in markdown: headings, bullets, ACTION/TODO lines and an attendee line.

Every non-blank line (or bullet, with its indented continuation lines) is one utterance whose
span excludes the heading or bullet marker. A bullet starting with an attendee's name or
initials ("- JK: will send the deck") gets that speaker.
"""

from __future__ import annotations

import re
from collections import Counter

from analyzer.core.models import Utterance

from .people import Person, build_aliases
from .speakers import find_label, plain_name, title_case
from .textspans import Line, make_utterance

HEADING = re.compile(r"[ \t]{0,3}#{1,6}[ \t]+(?=\S)")
BULLET = re.compile(r"[ \t]*(?:[-*+•‣◦▪●]|\d{1,3}[.)])[ \t]+(?:\[[ xX]\][ \t]+)?(?=\S)")
ACTION = re.compile(r"[ \t]*(?:\*\*|__)?(?:action(?: items?)?|todo|to-?do|follow[- ]?up)(?:\*\*|__)?[ \t]*:", re.I)
_CLOSING_HASHES = re.compile(r"[ \t]+#+[ \t]*$")


def _speaker_names(lines: list[Line], attendees: list[Person] | None) -> frozenset[str]:
    """Names allowed as bullet speakers: attendees and their aliases, else recurring
    capitalised labels (a one-off "Budget: approved" is a topic, not a person)."""
    if attendees:
        known = {p.name for p in attendees} | set(build_aliases(attendees))
        known |= {plain_name(name) for name in known}
        return frozenset(known)
    counts: Counter[str] = Counter()
    for line in lines:
        bullet = BULLET.match(line.text)
        label = find_label(line.text, bullet.end() if bullet else 0)
        if label is not None and title_case(label.name):
            counts[label.name] += 1
    return frozenset(name for name, count in counts.items() if count >= 2)


def parse_minutes(text: str, lines: list[Line], attendees: list[Person] | None) -> list[Utterance]:
    """One utterance per heading, bullet (with continuation lines) or other non-blank line."""
    speakers = _speaker_names(lines, attendees)
    utterances: list[Utterance] = []
    open_item: tuple[str | None, int, int] | None = None  # a bullet that may continue

    def close() -> None:
        nonlocal open_item
        if open_item is not None:
            utt = make_utterance(text, open_item[1], open_item[2], open_item[0])
            if utt is not None:
                utterances.append(utt)
            open_item = None

    for line in lines:
        if line.blank:
            close()
            continue
        heading = HEADING.match(line.text)
        if heading:
            close()
            closing = _CLOSING_HASHES.search(line.text, heading.end())
            end = line.start + closing.start() if closing else line.end
            utt = make_utterance(text, line.start + heading.end(), end)
            if utt is not None:
                utterances.append(utt)
            continue
        bullet = BULLET.match(line.text)
        if bullet is None and open_item is not None and line.text[:1] in (" ", "\t"):
            open_item = (open_item[0], open_item[1], line.end)  # indented continuation
            continue
        close()
        content = bullet.end() if bullet else 0
        speaker = None
        if not ACTION.match(line.text, content):
            label = find_label(line.text, content)
            if label is not None and (label.name in speakers or plain_name(label.name) in speakers):
                speaker, content = label.name, label.content
        open_item = (speaker, line.start + content, line.end)
        if bullet is None:
            close()  # only bullets take continuation lines
    close()
    return utterances
