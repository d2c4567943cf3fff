"""Minutes and notes in markdown: headings, bullets, ACTION/TODO lines and an attendee line.

Every non-blank line (or bullet, with its indented continuation lines) is one utterance whose
span excludes the heading or bullet marker. A bullet starting with an attendee's name or
initials ("- JK: will send the deck") gets that speaker.
"""

from __future__ import annotations

import re
from collections import Counter

from analyzer.core.models import Utterance

from .attendees import Person, build_aliases
from .speakers import find_label, plain_name, title_case
from .textspans import Line, make_utterance

HEADING = re.compile(r"[ \t]{0,3}#{1,6}[ \t]+(?=\S)")
BULLET = re.compile(r"[ \t]*(?:[-*+•‣◦▪●]|\d{1,3}[.)])[ \t]+(?:\[(?P<box>[ xX])\][ \t]+)?(?=\S)")
# "@Marco send the schedule": the owner of a checkbox or bullet action item.
_AT_OWNER = re.compile(r"@(?P<who>[^\W\d_][\w.'’-]*(?:\s+[A-Z][\w'’-]*)?)[ \t]*(?:[:,–-][ \t]*)?")
# "WD – confirm the rota", "Ana Ruiz: send the pricing": a name or initials, then a dash or colon.
_NAMED_OWNER = re.compile(
    r"(?P<who>[A-ZÀ-ÖØ-Þ]{2,4}|[A-ZÀ-ÖØ-Þ][\w'’-]+(?:[ \t]+[A-ZÀ-ÖØ-Þ][\w'’-]+)?)[ \t]*(?:[–—:]|-(?=[ \t]))[ \t]*(?=\S)"
)
_TABLE_ROW = re.compile(r"[ \t]*\|(?P<cells>.*)\|[ \t]*$")
_TABLE_RULE = re.compile(r"[ \t]*\|?[ \t]*:?-{2,}:?[ \t]*(?:\|[ \t]*:?-{2,}:?[ \t]*)*\|?[ \t]*$")
_COLUMNS = {
    "owner": re.compile(r"owner|who|responsible|assignee|assigned to|lead|person|action owner", re.I),
    "action": re.compile(r"action(?: item)?s?|task|item|what|description|next step|deliverable", re.I),
    "due": re.compile(r"due(?: date)?|deadline|by when|when|target(?: date)?|date|by", re.I),
    "status": re.compile(r"status|state|done", re.I),
}
_DONE = re.compile(r"done|complete[d]?|closed|finished|✓|✔|x", re.I)
ACTION = re.compile(
    r"[ \t]*(?:\*\*|__)?(?:action(?: items?)?|todo|to-?do|follow[- ]?up)(?:\*\*|__)?[ \t]*:", re.I
)
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


def _cells(line: Line) -> list[tuple[int, int]] | None:
    """(start, end) offsets into the document of each cell of a markdown table row, or None."""
    match = _TABLE_ROW.fullmatch(line.text)
    if match is None:
        return None
    spans, begin = [], match.start("cells")
    for part in match.group("cells").split("|"):
        a, b = begin, begin + len(part)
        begin = b + 1
        while a < b and line.text[a] in " \t":
            a += 1
        while b > a and line.text[b - 1] in " \t":
            b -= 1
        spans.append((line.start + a, line.start + b))
    return spans


def _columns(text: str, header: list[tuple[int, int]]) -> dict[str, int]:
    """Which header cell is the owner, action, due and status column (first match wins)."""
    found: dict[str, int] = {}
    for index, (a, b) in enumerate(header):
        name = plain_name(text[a:b]).strip()
        for role, pattern in _COLUMNS.items():
            if role not in found and pattern.fullmatch(name):
                found[role] = index
                break
    return found if "action" in found else {}


def _table_items(text: str, lines: list[Line], at: int) -> tuple[list[Utterance], int] | None:
    """An action table starting at line `at` ("| Owner | Action | Due |" + a rule row), as items."""
    header = _cells(lines[at])
    if header is None or at + 1 >= len(lines) or not _TABLE_RULE.fullmatch(lines[at + 1].text):
        return None
    columns = _columns(text, header)
    if not columns:
        return None

    def cell(spans: list[tuple[int, int]], role: str) -> str | None:
        index = columns.get(role)
        value = (
            text[spans[index][0] : spans[index][1]].strip()
            if index is not None and index < len(spans)
            else ""
        )
        return value or None

    items: list[Utterance] = []
    row = at + 2
    while row < len(lines) and (cells := _cells(lines[row])) is not None:
        row += 1
        if len(cells) <= columns["action"]:
            continue
        a, b = cells[columns["action"]]
        utt = make_utterance(text, a, b)
        if utt is None:
            continue
        status = cell(cells, "status")
        utt.item = "done" if status and _DONE.fullmatch(status.strip()) else "action"
        utt.owner, utt.due_text = cell(cells, "owner"), cell(cells, "due")
        items.append(utt)
    return items, row


def _bullet_item(text: str, bullet: re.Match[str], utt: Utterance, known: frozenset[str]) -> None:
    """Mark a checkbox bullet (and any "@name" bullet) as an action item with its owner.

    A bullet that starts with an attendee's name or initials and a dash ("- DT – send the list")
    is an action item too; in a checkbox any leading name or initials before a dash counts.
    """
    box = bullet.group("box")
    at = _AT_OWNER.match(text, utt.start)
    named = _NAMED_OWNER.match(text, utt.start, utt.end) if at is None else None
    if (
        named is not None
        and box is None
        and not (named.group("who").isupper() and named.group("who") in known)
    ):
        named = None  # without a checkbox only known initials count: "Ana Ruiz – Director" is an attendee
    if box is None and at is None and named is None:
        return
    utt.item = "done" if box and box in "xX" else "action"
    if at is not None:
        utt.owner = at.group("who")
    elif named is not None:
        utt.owner = named.group("who")


def parse_minutes(text: str, lines: list[Line], attendees: list[Person] | None) -> list[Utterance]:
    """One utterance per heading, bullet (with continuation lines) or other non-blank line.

    Checkbox bullets, "@name" bullets and the rows of an action table ("| Owner | Action | Due |")
    become action items that carry their owner and due cell, so no backend has to guess them.
    """
    speakers = _speaker_names(lines, attendees)
    utterances: list[Utterance] = []
    open_item: tuple[str | None, int, int, re.Match[str] | None, Line] | None = None  # may continue

    def close() -> None:
        nonlocal open_item
        if open_item is not None:
            utt = make_utterance(text, open_item[1], open_item[2], open_item[0])
            if utt is not None:
                if open_item[3] is not None:
                    _bullet_item(text, open_item[3], utt, speakers)
                utterances.append(utt)
            open_item = None

    skip_until = -1
    for number, line in enumerate(lines):
        if number < skip_until:
            continue
        if line.blank:
            close()
            continue
        if line.text.lstrip().startswith("|") and (table := _table_items(text, lines, number)) is not None:
            close()
            utterances.extend(table[0])
            skip_until = table[1]
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
            open_item = (open_item[0], open_item[1], line.end, open_item[3], open_item[4])  # continuation
            continue
        close()
        content = bullet.end() if bullet else 0
        speaker = None
        if not ACTION.match(line.text, content):
            label = find_label(line.text, content)
            if label is not None and (label.name in speakers or plain_name(label.name) in speakers):
                speaker, content = label.name, label.content
        open_item = (speaker, line.start + content, line.end, bullet, line)
        if bullet is None:
            close()  # only bullets take continuation lines
    close()
    return utterances
