"""Who is who: speakers, attendees, initials, titles and how people are addressed.

Owners must come out as full names where the meeting allows ("JP" -> "João Pereira", "we" -> the
speaker), and the misstep rules need to know who carries a title (Dr., Prof.) and who is addressed
formally by others ("Kitamura-san", "Dr. Adeyemi") so that a first name or nickname stands out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ...text.names import HONORIFIC, TITLE, fold, initials, name_words

# "KB (Kwame Boateng, GM Operations, Acme)" or "AO (Dr. Abena Owusu)": initials first, then the name.
_ATTENDEE_REV = re.compile(
    r"\b([A-Z]{2,4})\s*\(((?:(?:Dr|Prof|Mr|Mrs|Ms)\.?\s+)?[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){1,3})\s*[,)]"
)
_ATTENDEE = re.compile(
    r"((?:(?:Dr|Prof|Mr|Mrs|Ms)\.?\s+)?[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){0,3})\s*\(([A-Z]{2,4})\)"
)


@dataclass
class Person:
    name: str
    words: list[str]
    titled: str | None = None  # "Dr", "Prof" when the name or the meeting gives one
    formal_tokens: set[str] = field(default_factory=set)  # words others use with a title/honorific
    invites_first_name: bool = False


class People:
    """Resolves names, initials and pronoun owners to the people of one meeting."""

    def __init__(self, names: list[str], aliases: dict[str, str], text: str = "") -> None:
        self.aliases = dict(aliases)
        for full, abbr in _ATTENDEE.findall(text[:3000]):
            self.aliases.setdefault(abbr, full.strip())
        for abbr, full in _ATTENDEE_REV.findall(text[:3000]):
            if (
                initials(full) == abbr
                or abbr not in self.aliases
                or not name_words(self.aliases[abbr])
                or initials(self.aliases[abbr]) != abbr
            ):
                self.aliases[abbr] = full.strip()
        self.people: dict[str, Person] = {}
        for name in list(names) + list(self.aliases.values()):
            self._add(name)
        self._scan_address(text)

    def _add(self, name: str | None) -> Person | None:
        if not name or not name_words(name):
            return None
        key = fold(" ".join(name_words(name)))
        for person in self.people.values():
            if fold(" ".join(person.words)) == key or sorted(map(fold, person.words)) == sorted(key.split()):
                if re.match(r"(Dr|Prof)\b", name) and not person.titled:
                    person.titled = name[:2] if name.startswith("Dr") else "Prof"
                    person.name = name
                return person
        titled = "Dr" if re.match(r"Dr\b", name) else "Prof" if re.match(r"Prof", name) else None
        person = Person(name=name.strip(), words=name_words(name), titled=titled)
        self.people[person.name] = person
        return person

    def _scan_address(self, text: str) -> None:
        """Learn titles and formal address from how people are spoken to in the meeting."""
        for person in self.people.values():
            for word in person.words:
                w = re.escape(word)
                if re.search(rf"\b(?:Dr|Prof|Professor)\.? {w}\b", text):
                    person.titled = person.titled or "Dr"
                    person.formal_tokens.add(fold(word))
                if re.search(rf"\b{w}-{HONORIFIC}\b|\b(?:{TITLE})\.? {w}\b", text):
                    person.formal_tokens.add(fold(word))
                if re.search(rf"\b(?:call me|just) {w}\b|^\s*{w}, please\b|\b{w} is fine\b", text, re.M):
                    person.invites_first_name = True

    def add_speakers(self, speakers: list[str | None]) -> None:
        for speaker in speakers:
            self._add(speaker)

    def resolve(self, token: str | None) -> str | None:
        """The full name for a name, first name, surname or initials; the token itself if unknown."""
        if not token:
            return None
        token = token.strip().strip(".,;:")
        if token in self.aliases:
            return self.aliases[token]
        upper = token.replace(".", "").upper()
        if upper in self.aliases:
            return self.aliases[upper]
        folded = fold(token)
        for person in self.people.values():
            if fold(person.name) == folded or fold(" ".join(person.words)) == folded:
                return person.name
        words = [fold(w) for w in name_words(token)]
        hits = [p for p in self.people.values() if words and all(w in map(fold, p.words) for w in words)]
        if len(hits) == 1:
            return hits[0].name
        if re.fullmatch(r"[A-Z]{2,4}", upper):
            hits = [p for p in self.people.values() if initials(p.name) == upper]
            if len(hits) == 1:
                return hits[0].name
        return token

    def find(self, token: str) -> Person | None:
        name = self.resolve(token)
        return self.people.get(name) if name else None

    def mentioned(self, sentence: str) -> list[tuple[Person, str, int]]:
        """(person, word as written, position) for each name word or alias found in a sentence."""
        out = []
        for person in self.people.values():
            for word in set(person.words):
                for m in re.finditer(rf"(?<![\w-]){re.escape(word)}(?![\w])", sentence):
                    out.append((person, word, m.start()))
        for abbr, full in self.aliases.items():
            for m in re.finditer(rf"\b{re.escape(abbr)}\b", sentence):
                if named := self.find(full):
                    out.append((named, abbr, m.start()))
        return sorted(out, key=lambda x: x[2])

    def nickname_of(self, word: str) -> Person | None:
        """A person whose given name starts with `word` (a shortened form like "Funmi" or "Aish")."""
        if len(word) < 3:
            return None
        if any(fold(w) == fold(word) for p in self.people.values() for w in p.words):
            return None
        hits = [
            p
            for p in self.people.values()
            for w in p.words
            if (fold(w).startswith(fold(word)) or fold(w)[:3] == fold(word)[:3] and len(w) > 4)
            and fold(w) != fold(word)
        ]
        return hits[0] if len(hits) == 1 else None
