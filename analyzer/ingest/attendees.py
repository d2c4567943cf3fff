"""Attendee lines ("Attendees: Jun Kitamura (JK), Amara Okafor") and the aliases derived from
them: initials and unambiguous first names mapped to full names."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from pathlib import Path

from ..safe_text import clean_name
from .speakers import looks_like_name, plain_name
from .textspans import Line

_WORDS = json.loads((Path(__file__).with_name("data") / "people_words.json").read_text(encoding="utf-8"))


def _alternatives(key: str) -> str:
    words = sorted(_WORDS[key]["words"], key=len, reverse=True)  # longest first: "in attendance" before "in"
    return "|".join(re.escape(w).replace(r"\ ", r"[ \t]+") for w in words)


ATTENDEE_LINE = re.compile(
    r"^[ \t]*(?:#{1,6}[ \t]+)?(?:[-*•][ \t]+)?(?:\*\*|__)?(?P<label>"
    + _alternatives("attendee_labels")
    + r")"
    r"(?:\*\*|__)?[ \t]*(?::(?:\*\*|__)?[ \t]*(?P<rest>.*)|(?P<alone>))$",
    re.IGNORECASE,
)
# "| us: Dara Quinn (me), ...": a side's label inside an attendee line.
_SIDE_LABEL = re.compile(
    r"^[ \t]*(?P<side>" + _alternatives("side_labels") + r")[ \t]*:[ \t]*", re.IGNORECASE
)
_OUR_LABELS = frozenset(w.lower() for w in _WORDS["our_side_labels"]["words"])
_EMAIL = re.compile(r"[\w.+-]+@(?P<domain>[\w-]+(?:\.[\w-]+)+)")
_BULLET_ITEM = re.compile(r"^[ \t]*(?:[-*+•‣◦▪●]|\d{1,3}[.)])[ \t]+(?P<item>.+)$")
_SPLIT = re.compile(r"\s*(?:[,;]|\band\b|&|\s\+\s)\s*")
_INSIDE = re.compile(r"[,;&|+]|\band\b")  # separators inside "(R&D, Acme)" split no one
_PAREN = re.compile(r"\((?P<inner>[^()]*)\)")
# Notion, Confluence and Slack write people as mentions: "@Priya Nair @Jonas Weber" (not emails).
_MENTION = re.compile(r"(?:(?<=\s)|^)@(?=[^\W\d_])")
_INITIALS = re.compile(r"[A-ZÀ-ÖØ-Þ](?:\.?[A-ZÀ-ÖØ-Þ]){1,3}\.?")
_DASH_TAIL = re.compile(r"\s+[-–—|]\s+.*$")
# Titles written before a name in attendee lists; initials and first names are taken after them.
HONORIFICS = frozenset(
    "dr dr. mr mr. mrs mrs. ms ms. mx mx. prof prof. sir dame eng eng. engr engr. ing ing. "
    "atty atty. hon hon. rev rev. "
    "sr sr. sra sra. srta dra dra. lic lic. arq arq. dott dott. herr frau mme mlle m. ato weyzero w/ro "
    "ustaz ustadha sheikh shaikh haji hajjah datuk dato tan sri pak bu ibu bapak khun "
    # Job titles that Korean, Japanese and Chinese business notes put before a name ("Director Park").
    "director dir dir. manager mgr mgr. president chairman chairwoman".split()
)
# An attendee bullet "Name (XY) – role, organisation": one person, whatever commas follow the dash.
_ROLE_DASH = re.compile(r"\s[-–—|]\s")
_SCAN_LINES = 80


# The note-taker marking themselves in a list of people: "Lena Brandt (me)", "yo (Carlos Mendoza)".
_SELF = re.compile(_alternatives("self_words"), re.IGNORECASE)
# A line of people with no label, right under a notes title: "Ana Ruiz (CEO), Tom Li (ops), me".
_ROSTER_SCAN = 6


@dataclass(frozen=True, slots=True)
class Person:
    name: str
    initials: str | None = None  # only when written explicitly, e.g. "(JK)"
    is_author: bool = False  # the note-taker marked themselves ("(me)")
    side: str | None = None  # "ours" or "theirs" when a side label ("us:", "them:") precedes the entry
    note: str | None = None  # what is written beside the name: "(Acme)", "– CFO, Acme", "@acme.com"


def parse_person(item: str) -> Person | None:
    """One attendee entry such as "Jun Kitamura (JK)", "Amara Okafor – Acme" or "Lena Brandt (me)"."""
    initials, author, inner_name, leading = None, False, None, False
    for paren in _PAREN.finditer(item):
        inner = paren.group("inner").strip()
        tokens = inner.replace(",", " ").split()
        if _INITIALS.fullmatch(inner):
            initials = inner.replace(".", "")
        elif tokens and _INITIALS.fullmatch(tokens[0]) and len(tokens) > 1:
            initials, leading = tokens[0].replace(".", ""), True  # "(JK, our procurement)"
        author = author or any(_SELF.fullmatch(t.strip(".;:")) for t in tokens[:2])
        if looks_like_name(inner) and all(t[:1].isupper() for t in tokens):
            # One word is enough for "me (Joost)"; other entries need a full name inside.
            inner_name = inner if len(tokens) >= 2 or _SELF.fullmatch(item.split("(")[0].strip()) else None
    name = _PAREN.sub(" ", item)
    name = _DASH_TAIL.sub("", name)
    name = (clean_name(plain_name(name)) or "").strip(" .:")
    if _SELF.fullmatch(name) and inner_name:
        return Person(inner_name, None, True)  # "yo (Carlos Mendoza)"
    if not name or not looks_like_name(name):
        return None
    if initials and not _fits(initials, name, strict=leading):
        initials = None  # "(CEO)", "(QA, Acme)": a role, not this person's initials
    return Person(name, initials, author, note=_note(item))


def _note(item: str) -> str | None:
    """The words beside a name that may say whose side it is on: parentheses, a dash tail, an email."""
    email = _EMAIL.search(item)
    parts = [m.group("inner").strip() for m in _PAREN.finditer(item)]
    tail = _DASH_TAIL.search(_PAREN.sub(" ", item))
    if tail:
        parts.append(tail.group(0).strip(" -–—|"))
    if email:
        parts.append("@" + email.group("domain").lower())
    text = "; ".join(p for p in parts if p and not _EMAIL.fullmatch(p))
    return text[:200] or None


def _fits(initials: str, name: str, strict: bool) -> bool:
    """Initials written beside a name belong to it: its own, or at least starting with its first letter."""
    derived = derive_initials(name)
    if strict or derived is None:
        return derived == initials
    return derived == initials or initials[0] == derived[0]


def parse_people(rest: str) -> list[Person]:
    people = []
    rest = _MENTION.sub(", ", rest)
    # Commas inside parentheses ("(JK, Acme)") must not split a person in two.
    depth_safe = _PAREN.sub(lambda m: _INSIDE.sub(" ", m.group(0)), rest)
    side = None
    for group in depth_safe.split("|"):
        for raw in _SPLIT.split(group):
            label = _SIDE_LABEL.match(raw)
            if label:
                # A label applies to the entries after it, up to the next label.
                side = "ours" if label.group("side").lower() in _OUR_LABELS else "theirs"
            item = raw[label.end() :] if label else raw
            person = parse_person(item) if item.strip() else None
            if person is not None:
                people.append(replace(person, side=side) if side else person)
    return people


def find_attendees(lines: list[Line]) -> list[Person] | None:
    """People from the first attendee line (or the bullet list right under an empty one)."""
    for index, line in enumerate(lines[:_SCAN_LINES]):
        match = ATTENDEE_LINE.match(line.text[:2000])
        if match is None:
            continue
        rest = (match.group("rest") or "").strip()
        if rest:
            people = parse_people(rest)
        else:
            people = _bulleted_people(lines[index + 1 : index + 1 + 200])
        if people:
            return dedupe(people)
    return _roster_line(lines)


def _roster_line(lines: list[Line]) -> list[Person] | None:
    """An unlabeled list of people near the top of notes: a line of them, "w/ A + B" after a title,
    or a parenthesis of them ("sync (Ana Ruiz, Tom Li)"); every entry must read as a person."""
    seen = 0
    for line in lines[:_SCAN_LINES]:
        if line.blank:
            continue
        seen += 1
        if seen > _ROSTER_SCAN:
            break
        if _BULLET_ITEM.match(line.text):
            continue
        for candidate in _roster_candidates(line.text.strip()[:600]):
            people = _all_people(candidate)
            if people:
                return people
    return None


_WITH = re.compile(r"(?:^|\s)(?:w/|with)\s+", re.IGNORECASE)


def _roster_candidates(text: str) -> list[str]:
    """The parts of a line that may be a list of people."""
    after = list(_WITH.finditer(text))
    found = [m.group("inner") for m in _PAREN.finditer(text)]
    if text.startswith("(") and text.endswith(")"):
        found.insert(0, text[1:-1])
    if after:
        rest = text[after[-1].end() :].rstrip(" :.;")
        return [rest, rest.rpartition(":")[2], *found]  # "w/ Acme: Ana Ruiz + Tom Li"
    return [*found, text]


def _all_people(text: str) -> list[Person] | None:
    if ":" in _PAREN.sub("", text):
        return None
    safe = _PAREN.sub(lambda m: _INSIDE.sub(" ", m.group(0)), text)
    entries = [e for e in _SPLIT.split(safe) if e.strip() and not _SELF.fullmatch(e.strip(" ."))]
    people = [parse_person(_self_equals(e)) for e in entries]
    named = [p for p in people if p is not None]
    full = [p for p in named if len(p.name.split()) >= 2]
    if len(entries) >= 2 and len(named) == len(entries) and len(full) >= 2:
        return dedupe(named)
    return None


def _self_equals(entry: str) -> str:
    """ "me = Ken Morita" -> "Ken Morita (me)"."""
    left, sep, right = entry.partition("=")
    return f"{right.strip()} (me)" if sep and _SELF.fullmatch(left.strip()) else entry


def _bulleted_people(lines: list[Line]) -> list[Person]:
    """The bullets under an attendee heading, also when grouped under organisation lines."""
    people: list[Person] = []
    group: str | None = None
    for number, follow in enumerate(lines):
        if follow.blank:
            continue
        item = _BULLET_ITEM.match(follow.text)
        if item is None:
            # "Acme Ltd (supplier)" above its people's bullets; a capitalised heading ends the list.
            upcoming = next((line for line in lines[number + 1 :] if not line.blank), None)
            head = follow.text.strip()
            is_group = (
                len(head) < 80 and not head.isupper() and not head.endswith(":") and head[:1] not in "#*_"
            )
            looks_listed = (
                upcoming is not None
                and _BULLET_ITEM.match(upcoming.text)
                and (_ROLE_DASH.search(upcoming.text) or _PAREN.search(upcoming.text))
            )
            if is_group and looks_listed:
                group = head
                continue
            break
        entry = item.group("item")
        single = parse_person(entry) if _ROLE_DASH.search(entry) else None
        found = [single] if single else parse_people(entry)
        # People listed under an organisation line belong to it: "Acme Ltd (supplier)" / "- Ana Ruiz (CEO)".
        people.extend(
            replace(p, note="; ".join(filter(None, [group, p.note]))) if group else p for p in found
        )
    return people


def dedupe(people: list[Person]) -> list[Person]:
    seen: dict[str, Person] = {}
    for person in people:
        if person.name not in seen or (person.initials and not seen[person.name].initials):
            seen[person.name] = person
    return list(seen.values())


def note_author(people: list[Person] | None) -> str | None:
    """The one person marked as the note-taker, if exactly one is."""
    marked = [p.name for p in people or [] if p.is_author]
    return marked[0] if len(marked) == 1 else None


def _name_words(name: str) -> list[str]:
    words = [w for w in plain_name(name).split() if any(c.isalpha() for c in w)]
    while len(words) > 1 and words[0].lower() in HONORIFICS:
        words = words[1:]
    return words


def derive_initials(name: str) -> str | None:
    """ "Jun Kitamura" -> "JK"; None for one-word names, where initials would be a guess."""
    words = _name_words(name)
    if len(words) < 2:
        return None
    letters = [next(c for c in w if c.isalpha()).upper() for w in words]
    return "".join(letters)


def build_aliases(people: list[Person]) -> dict[str, str]:
    """Initials and first names mapped to full names, leaving out anything ambiguous."""
    aliases: dict[str, str] = {}
    explicit = {p.initials: p.name for p in people if p.initials}
    derived: dict[str, set[str]] = {}
    firsts: dict[str, set[str]] = {}
    for person in people:
        code = None if person.initials else derive_initials(person.name)
        if code:
            derived.setdefault(code, set()).add(person.name)
        words = _name_words(person.name)
        if len(words) >= 2:
            firsts.setdefault(words[0], set()).add(person.name)
    for code, owners in derived.items():
        if len(owners) == 1 and code not in explicit:
            aliases[code] = next(iter(owners))
    for first, owners in firsts.items():
        if len(owners) == 1:
            aliases[first] = next(iter(owners))
    aliases.update(explicit)
    return {key: value for key, value in aliases.items() if key != value}
