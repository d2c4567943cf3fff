"""Recognising `Name: words` speaker labels, optionally after a `[00:01:23]` or `(10:02)` timestamp.

A label only counts as a speaker when it looks like a name (at most five words, starting with a
capital) AND it either recurs or most lines of the document have this shape. That keeps
"Note: ..." or "The answer was simple: no" in prose from turning into speakers.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from .timecodes import parse_timecode

MAX_LABEL_CHARS = 60
MAX_LABEL_WORDS = 5

# Labels that introduce metadata or note-taking structure, never a person speaking.
HEADER_LABELS = frozenset(
    "date|meeting date|time|when|where|location|venue|title|subject|topic|meeting|agenda|attendees"
    "|participants|present|attendance|attending|absent|apologies|regrets|cc|bcc|to|from|sent|duration"
    "|recording|transcript|minutes|organizer|organiser|chair|facilitator|note taker|scribe|meeting title"
    "|meeting date|meeting time|host|call|invitees|guests|speakers|keywords|overview|notes by".split("|")
)
STOP_LABELS = HEADER_LABELS | frozenset(
    "note|notes|nb|n.b|ps|p.s|action|actions|action item|action items|todo|to do|to-do|decision|decisions"
    "|next step|next steps|summary|update|updates|example|e.g|i.e|warning|important|reminder|status|owner"
    "|due|deadline|follow-up|follow up|follow-ups|outcome|outcomes|result|results|background|context"
    "|purpose|goal|goals|objective|objectives|discussion|risk|risks|issue|issues|blocker|blockers"
    "|open questions|key points|highlights|takeaways|key takeaways|http|https|mailto|re|fw|fwd|ref"
    "|source|link|url|tip|caution|fyi|edit|update|q&a|comments|feedback".split("|")
)
_PARTICLES = frozenset(
    "van von de da del della der den di du la le bin binti al el ibn y dos das do ter ten st".split()
)

_TS = r"\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?"
_AMPM = r"(?:\s*[AaPp]\.?[Mm]\.?)"
# A timestamp prefix in brackets, or bare and followed by whitespace.
# Chat exports put a date before the time: "[12/02/2026, 10:02] Ana: hi" (WhatsApp on iOS) or
# "12/02/2026, 10:02 - Ana: hi" (on Android).
_DAY = r"(?:\d{1,4}[./-]\d{1,2}[./-]\d{1,4},?\s+)?"
_TS_PREFIX = re.compile(
    rf"[ \t]*(?:\[\s*{_DAY}(?P<a>{_TS})(?P<am1>{_AMPM})?\s*\]|\(\s*{_DAY}(?P<b>{_TS})(?P<am2>{_AMPM})?\s*\)"
    rf"|{_DAY}(?P<c>{_TS})(?P<am3>{_AMPM})?(?=\s))[ \t]*(?:[-–—|>][ \t]*)?"
)
_TS_SUFFIX = re.compile(rf"\s*[\[(]\s*(?P<t>{_TS})(?P<am>{_AMPM})?\s*[\])]\s*$")
# The colon ending a label: followed by whitespace or end of line, optionally after the closing
# `**`/`__` of a bold label such as "**Ana:** hello".
# A full-width colon (Chinese and Japanese input methods) needs no space after it.
_LABEL_END = re.compile(r":(\*\*|__)?(?=\s|$)|：(\*\*|__)?")
# Markup, and invisible or direction characters (which `safe_text.clean_name` drops from the name).
_MARKUP = re.compile("<[^<>]{0,40}>|[*_`~\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")
_BAD_CHARS = re.compile(r"[?!;\"“”=\\{}|@]|\.\.")


@dataclass(frozen=True, slots=True)
class Label:
    """A `Name:` label found at the start of a line. Offsets are relative to the line."""

    name: str
    content: int
    ts: float | None
    lower: bool = False  # a lowercase name or id ("john", "mn015"): a speaker only if it recurs a lot


@dataclass(frozen=True, slots=True)
class Stamp:
    """A timestamp prefix with no speaker after it."""

    content: int
    ts: float | None


def _ts_value(match: re.Match[str], group: str, ampm: str) -> float | None:
    # A clock time ("10:02 AM") is not an offset into the recording.
    return None if match.group(ampm) else parse_timecode(match.group(group))


def timestamp_prefix(line: str, bracketed_only: bool = True) -> Stamp | None:
    """A leading timestamp; bare ones ("00:01 ...") only when `bracketed_only` is False."""
    match = _TS_PREFIX.match(line)
    if match is None or (bracketed_only and match.group("c")):
        return None
    for group, ampm in (("a", "am1"), ("b", "am2"), ("c", "am3")):
        if match.group(group):
            return Stamp(match.end(), _ts_value(match, group, ampm))
    return None


def plain_name(name: str) -> str:
    """The name without HTML tags or markdown emphasis, for checks and matching only."""
    return " ".join(_MARKUP.sub("", name).split())


def _first_letter_ok(word: str) -> bool:
    for char in word:
        if char.isalpha():
            # Caseless scripts (CJK, Arabic...) have no capitals: only reject explicit lowercase.
            return not char.islower()
    return True


@lru_cache(maxsize=4096)  # the same few names are checked on every line
def looks_like_name(name: str) -> bool:
    """At most five words, a capital (or caseless) first letter, no sentence punctuation."""
    return _label_shape(name) and _first_letter_ok(plain_name(name))


def _label_shape(name: str) -> bool:
    plain = plain_name(name)
    if not plain or len(plain) > MAX_LABEL_CHARS or len(plain.split()) > MAX_LABEL_WORDS:
        return False
    # A name starts with a letter: "- Ana" is a bullet and "3 things" is prose.
    if not plain[0].isalpha() or _BAD_CHARS.search(plain):
        return False
    return plain.lower().rstrip(".") not in STOP_LABELS


_ID_LABEL = re.compile(r"[^\W\d_][\w'’.-]{0,24}(?: [\w'’.-]{1,24})?")


@lru_cache(maxsize=4096)
def looks_like_lower_label(name: str) -> bool:
    """A lowercase name or speaker id ("john", "mn015", "speaker 2"): one or two short words.

    ASR exports and real meeting corpora write speakers this way; such a label only counts when
    it recurs on most lines of the document (SpeakerRule), so prose "so: yes" never qualifies.
    """
    return _label_shape(name) and bool(_ID_LABEL.fullmatch(plain_name(name)))


def title_case(name: str) -> bool:
    """Every word capitalised (or a particle such as "van", "de"), as names are."""
    for word in plain_name(name).split():
        if word.lower() in _PARTICLES:
            continue
        if not _first_letter_ok(word):
            return False
    return True


def find_label(line: str, pos: int = 0) -> Label | None:
    """A name-shaped `Name:` label starting at `pos` in `line` (after any timestamp)."""
    ts: float | None = None
    prefix = _TS_PREFIX.match(line, pos)
    if prefix is not None:
        for group, ampm in (("a", "am1"), ("b", "am2"), ("c", "am3")):
            if prefix.group(group):
                ts = _ts_value(prefix, group, ampm)
        pos = prefix.end()
    else:
        while pos < len(line) and line[pos] in " \t":
            pos += 1
    window_end = min(len(line), pos + MAX_LABEL_CHARS + 20)
    end = _LABEL_END.search(line, pos, window_end)
    if end is None:
        return None
    # The lookahead cannot see past `window_end`; re-check against the whole line.
    after = end.end()
    if after < len(line) and not line[after].isspace() and "：" not in end.group(0):
        return None
    raw = line[pos : end.start()]
    suffix = _TS_SUFFIX.search(raw)
    if suffix is not None:
        ts = ts if ts is not None else (None if suffix.group("am") else parse_timecode(suffix.group("t")))
        raw = raw[: suffix.start()]
    emphasis = end.group(1) or end.group(2)
    if emphasis and raw.startswith(emphasis):
        raw = raw + emphasis  # "**Ana:**" names "**Ana**", like "**Ana**:" does
    name = " ".join(raw.split())
    if looks_like_name(name):
        return Label(name=name, content=after, ts=ts)
    if looks_like_lower_label(name):
        return Label(name=name, content=after, ts=ts, lower=True)
    return None


# "[Jun Kitamura] 10:02:03" (Zoom) or "Jun Kitamura   0:03" (Teams, Otter): a name and a
# timestamp alone on a line, with the words on the following lines.
_NAME_STAMP = re.compile(
    rf"[ \t]*(?:\[(?P<bracketed>[^\]]{{1,{MAX_LABEL_CHARS}}})\]|(?P<bare>[^\s\[(].{{0,{MAX_LABEL_CHARS}}}?))"
    rf"(?:[ \t]+[-–—|,@])?[ \t]+[\[(]?(?P<ts>{_TS})(?P<am>{_AMPM})?[\])]?[ \t]*"
)
_STAMP_ONLY = re.compile(rf"[ \t]*[\[(]?(?P<ts>{_TS})[\])]?[ \t]*")


def find_name_stamp(line: str) -> Label | None:
    """A "Name 0:03" / "[Name] 00:00:03" line introducing the turn below it."""
    if len(line) > MAX_LABEL_CHARS + 40:
        return None
    match = _NAME_STAMP.fullmatch(line)
    if match is None:
        return None
    name = " ".join((match.group("bracketed") or match.group("bare")).split())
    if name.endswith(":") or not looks_like_name(name):
        return None
    return Label(name=name, content=len(line), ts=parse_timecode(match.group("ts")))


def stamp_only(line: str) -> Stamp | None:
    """A line holding nothing but a timestamp, as Google Meet and others write between turns."""
    match = _STAMP_ONLY.fullmatch(line) if len(line) <= 40 else None
    return Stamp(len(line), parse_timecode(match.group("ts"))) if match else None


class SpeakerRule:
    """Decides which label names are speakers for one document."""

    def __init__(
        self, names: Iterable[str], content_lines: int, strong: Iterable[str] = (), lower: Iterable[str] = ()
    ) -> None:
        """`strong` names come from unmistakable shapes ("Name 0:03" lines): capitalised is enough.

        `lower` names (lowercase names and ids) are accepted only when labels of either kind start
        most lines and each such name recurs: one stray "so: yes" line must not become a speaker.
        """
        counts = Counter(names)
        lower_counts = Counter(lower)
        labelled = sum(counts.values()) + sum(lower_counts.values())
        majority = content_lines > 0 and labelled * 2 >= content_lines
        self.accepted = frozenset(
            name for name, count in counts.items() if count >= 2 or (majority and title_case(name))
        ) | frozenset(name for name in strong if title_case(name))
        if majority and len(lower_counts) >= 1 and labelled >= 4:
            self.accepted |= frozenset(name for name, count in lower_counts.items() if count >= 2)

    def __contains__(self, name: object) -> bool:
        return name in self.accepted

    def __bool__(self) -> bool:
        return bool(self.accepted)
