"""Attendee lines ("Attendees: Jun Kitamura (JK), Amara Okafor") and the aliases derived from
them: initials and unambiguous first names mapped to full names."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .speakers import looks_like_name, plain_name
from .textspans import Line

ATTENDEE_LINE = re.compile(
    r"^[ \t]*(?:#{1,6}[ \t]+)?(?:[-*•][ \t]+)?(?:\*\*|__)?(?P<label>attendees|participants|present|attendance"
    r"|in attendance|attending|people|who)(?:\*\*|__)?[ \t]*(?::(?:\*\*|__)?[ \t]*(?P<rest>.*)|(?P<alone>))$",
    re.IGNORECASE,
)
_BULLET_ITEM = re.compile(r"^[ \t]*(?:[-*+•‣◦▪●]|\d{1,3}[.)])[ \t]+(?P<item>.+)$")
_SPLIT = re.compile(r"\s*(?:[,;]|\band\b|&|\s\+\s)\s*")
_PAREN = re.compile(r"\((?P<inner>[^()]*)\)")
_INITIALS = re.compile(r"[A-ZÀ-ÖØ-Þ](?:\.?[A-ZÀ-ÖØ-Þ]){1,3}\.?")
_DASH_TAIL = re.compile(r"\s+[-–—|]\s+.*$")
# Titles written before a name in attendee lists; initials and first names are taken after them.
_HONORIFICS = frozenset(
    "dr dr. mr mr. mrs mrs. ms ms. mx mx. prof prof. sir dame eng eng. engr engr. ing ing. atty atty. hon hon. rev rev. "
    "sr sr. sra sra. srta dra dra. lic lic. arq arq. dott dott. herr frau mme mlle m. ato weyzero w/ro "
    "ustaz ustadha sheikh shaikh haji hajjah datuk dato tan sri pak bu ibu bapak".split()
)
# An attendee bullet "Name (XY) – role, organisation": one person, whatever commas follow the dash.
_ROLE_DASH = re.compile(r"\s[-–—|]\s")
_SCAN_LINES = 80


@dataclass(frozen=True, slots=True)
class Person:
    name: str
    initials: str | None = None  # only when written explicitly, e.g. "(JK)"


def parse_person(item: str) -> Person | None:
    """One attendee entry such as "Jun Kitamura (JK)" or "Amara Okafor – Acme"."""
    initials = None
    for paren in _PAREN.finditer(item):
        inner = paren.group("inner").strip()
        if _INITIALS.fullmatch(inner):
            initials = inner.replace(".", "")
    name = _PAREN.sub(" ", item)
    name = _DASH_TAIL.sub("", name)
    name = " ".join(plain_name(name).split()).strip(" .:")
    if not name or not looks_like_name(name):
        return None
    return Person(name, initials)


def parse_people(rest: str) -> list[Person]:
    people = []
    # Commas inside parentheses ("(JK, Acme)") must not split a person in two.
    depth_safe = _PAREN.sub(lambda m: m.group(0).replace(",", " ").replace(";", " "), rest)
    for item in _SPLIT.split(depth_safe):
        person = parse_person(item) if item.strip() else None
        if person is not None:
            people.append(person)
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
    return None


def _bulleted_people(lines: list[Line]) -> list[Person]:
    """The bullets under an attendee heading, also when grouped under organisation lines."""
    people: list[Person] = []
    for number, follow in enumerate(lines):
        if follow.blank:
            continue
        item = _BULLET_ITEM.match(follow.text)
        if item is None:
            # "Acme Ltd (supplier)" above its people's bullets; a capitalised heading ends the list.
            upcoming = next((line for line in lines[number + 1 :] if not line.blank), None)
            head = follow.text.strip()
            is_group = len(head) < 80 and not head.isupper() and not head.endswith(":") and head[:1] not in "#*_"
            looks_listed = upcoming is not None and _BULLET_ITEM.match(upcoming.text) and (
                _ROLE_DASH.search(upcoming.text) or _PAREN.search(upcoming.text))
            if is_group and looks_listed:
                continue
            break
        entry = item.group("item")
        single = parse_person(entry) if _ROLE_DASH.search(entry) else None
        people.extend([single] if single else parse_people(entry))
    return people


def dedupe(people: list[Person]) -> list[Person]:
    seen: dict[str, Person] = {}
    for person in people:
        if person.name not in seen or (person.initials and not seen[person.name].initials):
            seen[person.name] = person
    return list(seen.values())


def _name_words(name: str) -> list[str]:
    words = [w for w in plain_name(name).split() if any(c.isalpha() for c in w)]
    while len(words) > 1 and words[0].lower() in _HONORIFICS:
        words = words[1:]
    return words


def derive_initials(name: str) -> str | None:
    """"Jun Kitamura" -> "JK"; None for one-word names, where initials would be a guess."""
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
