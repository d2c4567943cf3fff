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

from .chrome import label_words
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
# Metadata labels of other languages, and the topics typed notes put before a colon ("Pricing: …").
HEADER_LABELS = (
    HEADER_LABELS | label_words("header_labels") | label_words("attendee_labels", "people_words.json")
)
TOPIC_LABELS = label_words("topic_labels")
STOP_LABELS = STOP_LABELS | HEADER_LABELS | TOPIC_LABELS
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


_DATE_IN_PREFIX = re.compile(r"\d{1,4}[./-]\d{1,2}[./-]\d{1,4}")


def _ts_value(match: re.Match[str], group: str, ampm: str) -> float | None:
    # A clock time ("10:02 AM", or a chat's "12/03/26, 14:02") is not an offset into the recording.
    if match.group(ampm) or _DATE_IN_PREFIX.search(match.group(0)):
        return None
    return parse_timecode(match.group(group))


def timestamp_prefix(line: str, bracketed_only: bool = True) -> Stamp | None:
    """A leading timestamp; bare ones ("00:01 ...") only when `bracketed_only` is False."""
    match = _TS_PREFIX.match(line)
    if match is None or (bracketed_only and match.group("c")):
        return None
    for group, ampm in (("a", "am1"), ("b", "am2"), ("c", "am3")):
        if match.group(group):
            return Stamp(match.end(), _ts_value(match, group, ampm))
    return None


_ROLE_TAGS = label_words("role_tags", "people_words.json")
# A parenthesis after a name: "(Guest)", "(she/her)", "(Acme)".
NAME_PAREN = re.compile(r"\((?P<inner>[^()]{1,40})\)")


def _role_tags(inner: str) -> bool:
    parts = [part.strip() for part in re.split(r"[/,]+", inner.lower())]
    return bool(parts) and all(part in _ROLE_TAGS for part in parts)


def without_role_tags(name: str) -> str:
    """The name without the "(Guest)", "(Host, me)" marks meeting tools add; "Ana (Acme)" stays."""
    if "(" not in name:
        return name
    stripped = NAME_PAREN.sub(lambda m: " " if _role_tags(m.group("inner")) else m.group(0), name)
    return " ".join(stripped.split()) or name


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
    plain = without_role_tags(plain_name(name))
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
    for word in without_role_tags(plain_name(name)).split():
        if word.lower() in _PARTICLES:
            continue
        if not _first_letter_ok(word):
            return False
    return True


# Pasted text keeps the no-break spaces of web pages ("Jun\u00a0Kitamura\u00a0\u00a000:45"): read them
# as spaces. Each is one character for one, so offsets into the line stay true.
_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2007": " "})


def find_label(line: str, pos: int = 0) -> Label | None:
    """A name-shaped `Name:` label starting at `pos` in `line` (after any timestamp)."""
    line = line.translate(_SPACES)
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
    name = _sender(" ".join(raw.split()))
    after, ts = _after_label(line, after, ts)
    if looks_like_name(name) or _PHONE.fullmatch(name):
        return Label(name=name, content=after, ts=ts)
    if looks_like_lower_label(name):
        return Label(name=name, content=after, ts=ts, lower=True)
    return None


# Chat exports address each message: "From Ana Ruiz to Everyone:" (Zoom), "from Ana Ruiz to
# everyone:" (Webex), "From Ana Ruiz to Tom Li(Direct Message):". The sender is the speaker.
_ADDRESSED = re.compile(
    r"(?i:from)\s+(?P<who>\S.*?)(?:\s+(?i:to)\s+\S.*?(?:\s*\((?i:direct message|privately)\))?)?"
)
# A sender shown by phone number (WhatsApp, dial-in callers): "+44 7700 900123".
_PHONE = re.compile(r"\+?\(?\d[\d ()-]{6,18}\d")
_CLOCK_ONLY = re.compile(rf"[ \t]*(?P<t>{_TS})(?P<am>{_AMPM})?[ \t]*$")


def _sender(name: str) -> str:
    match = _ADDRESSED.fullmatch(name)
    return match.group("who") if match else name


def _after_label(line: str, after: int, ts: float | None) -> tuple[int, float | None]:
    """Where the words start after a label, past a time written there.

    "Ana Ruiz: [00:00:03] words" (Sonix) gives the offset; "… to everyone:    2:03 PM" (Webex chat)
    is a clock time alone after the label, with the words on the next line.
    """
    clock = _CLOCK_ONLY.match(line, after)
    if clock is not None:
        return len(line), ts
    stamp = _TS_PREFIX.match(line, after)
    if stamp is not None and not stamp.group("c") and ts is None:
        for group, ampm in (("a", "am1"), ("b", "am2")):
            if stamp.group(group):
                return stamp.end(), _ts_value(stamp, group, ampm)
    return after, ts


# Typed minutes that write initials and a dash: "JT - budget is over". Initials only, because
# "Budget - over by 12%" is prose; SpeakerRule still requires the initials to recur.
_INITIALS_DASH = re.compile(r"[ \t]*(?P<name>[A-Z]{2,4})[ \t]+[-–—][ \t]+(?=\S)")


# "Speaker 0    00:00:03    words" (Rev's text export): name, time and words on one line, set apart
# by runs of spaces or tabs.
_NAME_TIME_WORDS = re.compile(
    rf"[ \t]*(?P<name>[^\s\[(:][^:\t]{{0,{MAX_LABEL_CHARS}}}?)(?:[ \t]{{2,}}|\t)(?P<ts>{_TS})(?:[ \t]{{2,}}|\t)(?=\S)"
)


def find_name_time_words(line: str) -> Label | None:
    """A "Name    00:00:03    words" turn."""
    match = _NAME_TIME_WORDS.match(line.translate(_SPACES))
    if match is None:
        return None
    name = " ".join(match.group("name").split())
    if not (looks_like_name(name) or looks_like_lower_label(name)) or _DATE_WORDS.search(name):
        return None
    return Label(name=name, content=match.end(), ts=parse_timecode(match.group("ts")))


# Gemini's and Otter's suggested next steps: "[Jonas Weber] Send the paperwork by Monday."
_BRACKET_OWNER = re.compile(r"[ \t]*(?:[-*•][ \t]+)?\[(?P<name>[^\]\d,;:]{3,60})\][ \t]+(?P<words>[^\W\d_])")


def find_bracket_name(line: str) -> Label | None:
    """A "[Full Name] words" line: the named person's item or turn (two to four title-case words)."""
    match = _BRACKET_OWNER.match(line.translate(_SPACES))
    if match is None:
        return None
    name = " ".join(match.group("name").split())
    if not 2 <= len(name.split()) <= 4 or not title_case(name) or not looks_like_name(name):
        return None
    return Label(name=name, content=match.start("words"), ts=None)


def find_initials_dash(line: str) -> Label | None:
    """A "JT - words" turn of typed minutes."""
    match = _INITIALS_DASH.match(line.translate(_SPACES))
    if match is None or match.group("name").lower() in STOP_LABELS:
        return None
    return Label(name=match.group("name"), content=match.end(), ts=None)


# "[Jun Kitamura] 10:02:03" (Zoom) or "Jun Kitamura   0:03" (Teams, Otter): a name and a
# timestamp alone on a line, with the words on the following lines.
# Chat apps write the day too: "Ana Ruiz, [12.03.2026 14:02]" (Telegram), "张伟 2026-03-12 14:02".
_NAME_STAMP = re.compile(
    rf"[ \t]*(?:\[(?P<bracketed>[^\]]{{1,{MAX_LABEL_CHARS}}})\]|(?P<bare>[^\s\[(].{{0,{MAX_LABEL_CHARS}}}?))"
    rf"(?:[ \t]*[-–—|,@])?[ \t]+[\[(]?(?P<day>\d{{1,4}}[./-]\d{{1,2}}[./-]\d{{1,4}},?[ \t]+)?"
    rf"(?P<ts>{_TS})(?P<am>{_AMPM})?[\])]?[ \t]*"
)
# The other order: "0:00 - Ana Ruiz (Acme)" (Fathom), "[00:00:03] Ana Ruiz" (Trint).
_STAMP_NAME = re.compile(
    rf"[ \t]*[\[(]?(?P<ts>{_TS})[\])]?(?:[ \t]+[-–—|])?[ \t]+(?P<name>[^\s\[(:][^\[(:]{{0,{MAX_LABEL_CHARS}}}?)"
    r"(?:[ \t]+\((?P<org>[^()]{1,60})\))?[ \t]*"
)
_STAMP_ONLY = re.compile(rf"[ \t]*[\[(]?(?P<ts>{_TS})(?P<am>{_AMPM})?[\])]?[ \t]*")
# "March 12, 2026, 2:03PM" above a Teams transcript is a date, not a person.
_DATE_WORDS = re.compile(r"\d{4}|,$|\d,")


def find_name_stamp(line: str) -> Label | None:
    """A "Name 0:03" / "[Name] 00:00:03" line introducing the turn below it."""
    if len(line) > MAX_LABEL_CHARS + 40:
        return None
    plain = line.translate(_SPACES)
    match = _NAME_STAMP.fullmatch(plain)
    if match is None:
        return _stamp_name(plain)
    name = " ".join((match.group("bracketed") or match.group("bare")).split())
    if name.endswith(":") or _DATE_WORDS.search(name) or not looks_like_name(name):
        return None
    # "Ana Ruiz  2:03 PM" or a chat's day and time is a clock time, not an offset into the recording.
    clock = match.group("am") or match.group("day")
    ts = None if clock else parse_timecode(match.group("ts"))
    return Label(name=name, content=len(line), ts=ts)


def _stamp_name(line: str) -> Label | None:
    match = _STAMP_NAME.fullmatch(line)
    if match is None:
        return None
    name = " ".join(match.group("name").split())
    # Title case and short, since "[00:00:03] Okay so we begin" is words, not a name.
    if len(name.split()) > 4 or not looks_like_name(name) or not title_case(name) or _DATE_WORDS.search(name):
        return None
    if re.fullmatch(_AMPM, " " + name):
        return None  # "2:03 PM": a clock time alone
    return Label(name=name, content=len(line), ts=parse_timecode(match.group("ts")))


def stamped_line(line: str) -> bool:
    """Any "Words 10:15" or "10:15 Words" line, name-shaped or not (an agenda item, say)."""
    plain = line.translate(_SPACES)
    if _NAME_STAMP.fullmatch(plain):
        return True
    reversed_ = _STAMP_NAME.fullmatch(plain)
    # "6:30 is iftar, Thomas." is someone's words that start with a time, not an item.
    name = reversed_.group("name").strip() if reversed_ else ""
    return bool(name) and len(name.split()) <= 4 and not re.search(r"[.,;!?]", name)


def stamp_only(line: str) -> Stamp | None:
    """A line holding nothing but a timestamp, as Google Meet and others write between turns."""
    match = _STAMP_ONLY.fullmatch(line.translate(_SPACES)) if len(line) <= 40 else None
    if match is None:
        return None
    return Stamp(len(line), None if match.group("am") else parse_timecode(match.group("ts")))


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
