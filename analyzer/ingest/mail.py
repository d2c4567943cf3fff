"""Pasted e-mail threads: each message's body becomes utterances by its sender.

Two shapes of reply chain are read: Outlook-style header blocks ("From: / Sent: / To: / Subject:",
in several languages) before each message, and "On <date>, <sender> wrote:" lines above a quoted
('>') earlier message. Header lines are metadata, not speech; a quoted message is attributed to the
sender its "wrote:" line names, one level of '>' per reply. The header words are data
(`data/mail_headers.json`).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from analyzer.core.models import Utterance

from .textspans import Line, make_utterance, prose_units

_WORDS = json.loads((Path(__file__).with_name("data") / "mail_headers.json").read_text(encoding="utf-8"))


def _alternatives(key: str) -> str:
    return "|".join(re.escape(w) for w in sorted(_WORDS[key]["words"], key=len, reverse=True))


_QUOTE = re.compile(r"^(?:[ \t]*>)+[ \t]?")
_FIELD = re.compile(
    rf"^[ \t]*\*?(?P<name>{_alternatives('from')}|{_alternatives('other')})\*?[ \t]*:(?P<value>.*)$", re.I
)
_FROM = {w.lower() for w in _WORDS["from"]["words"]}
_RECIPIENTS = {w.lower() for w in _WORDS["recipients"]["words"]}
# "On Mon, 2 Mar 2026 at 10:04, Ana Ruiz <ana@x.org> wrote:", and "Am 2.3.2026 schrieb Ana Ruiz:".
_WROTE = re.compile(
    rf"^(?P<head>.{{4,300}}?)\s(?:{_alternatives('wrote')})(?:\s(?P<after>[^:]{{2,150}}?))?\s?:\s*$", re.I
)
_ADDRESS = re.compile(r"<?\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b>?")
_MAILTO = re.compile(r"\[mailto:[^\]]*\]|\(mailto:[^)]*\)", re.I)
# A block needs the sender line and at least this many other header lines right after it, so a
# speaker called "De:" or "A:" in a transcript is not taken for a mail header.
_MIN_OTHER_FIELDS = 2
_BLOCK_SPAN = 8
_COMMA_OUTSIDE_ADDRESS = re.compile(r",(?![^<]*>)")
_SALUTATION = re.compile(r"[^\W\d][^\s,.!?]*(?: [^\s,.!?]+){0,3},")


@dataclass
class Message:
    """The body lines of one message (quote marks cut off), and who sent it if a header says."""

    sender: str | None
    lines: list[Line] = field(default_factory=list)


@dataclass
class Thread:
    """What a pasted thread holds: its messages in order, and the people named in its headers."""

    messages: list[Message] = field(default_factory=list)
    people: list[str] = field(default_factory=list)  # "Name <address>", senders first


def _depth(text: str) -> tuple[int, int]:
    """(quote depth, characters of quote marks) at the start of a line."""
    marks = _QUOTE.match(text)
    return (marks.group(0).count(">"), marks.end()) if marks else (0, 0)


def _header_block(lines: list[Line], i: int) -> int:
    """The number of lines of the header block starting at line i (0 when there is none)."""
    first = _FIELD.match(_QUOTE.sub("", lines[i].text[:500]))
    if not first or first.group("name").lower() not in _FROM:
        return 0
    j, others = i + 1, 0
    while j < len(lines) and j - i < _BLOCK_SPAN:
        found = _FIELD.match(_QUOTE.sub("", lines[j].text[:2000]))
        if not found:
            break
        others += found.group("name").lower() not in _FROM
        j += 1
    return j - i if others >= _MIN_OTHER_FIELDS else 0


def looks_like_thread(lines: list[Line]) -> bool:
    """Whether the text is an e-mail thread: a header block, or a "wrote:" line above quoted text."""
    for i, line in enumerate(lines[:4000]):
        if _header_block(lines, i):
            return True
        plain = _QUOTE.sub("", line.text[:500])
        if _WROTE.match(plain) and i + 1 < len(lines):
            following = [n for n in lines[i + 1 : i + 4] if not n.blank]
            if following and _depth(following[0].text)[0] > _depth(line.text)[0]:
                return True
    return False


def sender_name(value: str) -> str | None:
    """The person in a header value: "Ana Ruiz <ana@x.org>" -> "Ana Ruiz", "Ruiz, Ana" -> "Ana Ruiz",
    "ana.ruiz@x.org" -> "Ana Ruiz"."""
    value = _MAILTO.sub("", value)
    name = _ADDRESS.sub("", value).strip(" \t\"'<>;,")
    if not name:
        address = _ADDRESS.search(value)
        if not address:
            return None
        local = address.group(0).strip("<>").split("@")[0]
        parts = [p for p in re.split(r"[._-]+", local) if p.isalpha()]
        return " ".join(p.capitalize() for p in parts) or None
    if name.count(",") == 1 and len(name.split()) <= 4:
        last, first = (p.strip() for p in name.split(","))
        if first and last and " " not in last:
            name = f"{first} {last}"
    return name


def _trailing_name(head: str) -> str | None:
    """The sender at the end of a reply line's head: the capitalised words (and address) after the date."""
    address = _ADDRESS.search(head)
    before = head[: address.start()] if address else head
    words: list[str] = []
    for token in reversed(before.split()):
        if not token[:1].isupper() or any(c.isdigit() for c in token) or token.upper() in ("AM", "PM"):
            break
        if token.endswith(","):
            break
        words.insert(0, token)
    name = " ".join(words[-4:])
    if address:
        return f"{name} {address.group(0)}".strip()
    return name or None


def _recipients(value: str) -> list[str]:
    """Recipients of a To/Cc value: Outlook separates them with ";" (its "Ota, Kenji" is one person),
    other clients with ","; there "Ota, Kenji <address>" is still read as one person."""
    if ";" in value:
        return [p.strip() for p in value.split(";") if p.strip()]
    pieces = [p.strip() for p in _COMMA_OUTSIDE_ADDRESS.split(value) if p.strip()]
    merged: list[str] = []
    for piece in pieces:
        name = _ADDRESS.sub("", piece).strip()
        previous = merged[-1] if merged else ""
        if previous and " " not in previous and not _ADDRESS.search(previous) and " " not in name and name:
            merged[-1] = f"{previous}, {piece}"  # "Ota" + "Kenji <address>"
        else:
            merged.append(piece)
    return merged


def _person(value: str) -> str | None:
    name = sender_name(value)
    if not name:
        return None
    address = _ADDRESS.search(value)
    return f"{name} {address.group(0).strip('<>').join('<>')}" if address else name


def _paragraphs(segment: list[Line]) -> list[list[Line]]:
    """A message's lines cut after each salutation or sign-off ("Hi Ana,", "Best regards,"), which
    ends no sentence but never runs on into the next line's words."""
    parts: list[list[Line]] = [[]]
    for line in segment:
        parts[-1].append(line)
        if _SALUTATION.fullmatch(line.text.strip()):
            parts.append([])
    return [part for part in parts if part]


def prose_utterances(text: str, message: Message) -> list[Utterance]:
    """A message's prose as sentence-ish utterances by its sender."""
    out = []
    for part in _paragraphs(message.lines):
        for start, end in prose_units(text, part):
            utt = make_utterance(text, start, end, message.sender)
            if utt is not None:
                out.append(utt)
    return out


def parse_thread(lines: list[Line]) -> Thread:
    """The messages of a thread, each body attributed to its sender (None where no header names one)."""
    thread = Thread()
    speakers: dict[int, str | None] = {0: None}
    current = Message(None)

    def start(sender: str | None) -> None:
        nonlocal current
        if current.lines:
            thread.messages.append(current)
        current = Message(sender)

    i = 0
    while i < len(lines):
        size = _header_block(lines, i)
        if size:
            depth = _depth(lines[i].text)[0]
            for line in lines[i : i + size]:
                found = _FIELD.match(_QUOTE.sub("", line.text))
                name = found.group("name").lower() if found else ""
                if found and name in _FROM:
                    speakers[depth] = sender_name(found.group("value"))
                    thread.people.append(_person(found.group("value")) or "")
                elif found and name in _RECIPIENTS:
                    thread.people.extend(filter(None, map(_person, _recipients(found.group("value")))))
            start(speakers[depth])
            i += size
            continue
        line = lines[i]
        depth, marks = _depth(line.text)
        wrote = _WROTE.match(line.text[marks:])
        if wrote:
            who = wrote.group("after") or _trailing_name(wrote.group("head"))
            speakers[depth + 1] = sender_name(who) if who else None
            thread.people.append((_person(who) or "") if who else "")
            start(speakers[depth + 1])
            i += 1
            continue
        speaker = speakers.get(depth)
        if speaker != current.sender:
            start(speaker)
        current.lines.append(Line(line.start + marks, line.end, line.text[marks:]))
        i += 1
    start(None)
    thread.people = list(dict.fromkeys(p for p in thread.people if p))
    return thread
