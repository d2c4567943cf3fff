"""Whose side each person is on: ours (the user's team) or theirs (the partner's).

Evidence, strongest first: a choice the user saved for this partner, the team setting (people,
email domains, organisation name), the notes' own attendee list ("us: … | them: …", "(Acme)",
an email address), and the note-taker, who is one of us. A person nothing speaks for stays
unknown rather than guessed, except that once the team's people are listed everyone else is
the partner's. Saved choices and the team live in `ANALYZER_HOME/sides.json`.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, ValidationError

from .core.errors import ConfigError
from .core.models import Finding, Transcript
from .finding_filter import person_name
from .partner_names import fold
from .settings import Settings, get_settings
from .store_records import partner_key

Side = Literal["ours", "theirs"]
SIDE_LABELS: dict[str, str] = {"ours": "our side", "theirs": "partner's side"}
PROMISE_LABELS: dict[str, str] = {"ours": "we promised", "theirs": "they promised"}
BOOK_FILE = "sides.json"


class Team(BaseModel):
    """Who "we" are: an organisation name, its people and its email domains."""

    org: str = ""
    people: list[str] = []
    domains: list[str] = []

    @property
    def known(self) -> bool:
        return bool(self.org.strip() or self.people or self.domains)


class SideBook(BaseModel):
    """What the user told us: the team, and per partner the side of each person they set."""

    version: int = 1
    team: Team = Team()
    partners: dict[str, dict[str, Side]] = Field({}, description="partner key -> person key -> side")


class SideCall(BaseModel):
    """One person's side and why: shown beside the choice so a user can correct it."""

    person: str
    side: Side | None = None
    reason: str = "nothing says"


def person_key(name: str) -> str:
    """People compare without case, accents, punctuation or bracketed initials."""
    return " ".join(fold(person_name(name) or name))


def _book_path(settings: Settings) -> Path:
    return settings.home / BOOK_FILE


def load_book(settings: Settings | None = None) -> SideBook:
    """The saved sides; an empty book when none were saved yet."""
    path = _book_path(settings or get_settings())
    if not path.exists():
        return SideBook()
    try:
        return SideBook.model_validate_json(path.read_bytes())
    except (ValidationError, ValueError, OSError) as exc:
        raise ConfigError(
            f"the saved sides in {path} cannot be read ({type(exc).__name__})",
            f"fix or delete {path}; the sides are then inferred from the notes again",
        ) from exc


def save_book(book: SideBook, settings: Settings | None = None) -> Path:
    """Write the book atomically, so that an interrupted save keeps the previous one."""
    settings = settings or get_settings()
    path = _book_path(settings)
    settings.ensure_home()
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(book.model_dump(mode="json"), indent=1, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, path)
    return path


def team_of(settings: Settings | None = None, book: SideBook | None = None) -> Team:
    """The team from the settings (ANALYZER_OUR_*) joined with the one saved in the app."""
    settings = settings or get_settings()
    saved = (book or load_book(settings)).team
    return Team(
        org=settings.our_org or saved.org,
        people=list(dict.fromkeys([*settings.our_people, *saved.people])),
        domains=list(dict.fromkeys(d.lower().lstrip("@") for d in [*settings.our_domains, *saved.domains])),
    )


def remember(partner: str, calls: Mapping[str, Side | None], settings: Settings | None = None) -> Path:
    """Save the user's side for each person of a partner; None forgets a saved choice."""
    settings = settings or get_settings()
    book = load_book(settings)
    saved = book.partners.setdefault(partner_key(partner), {})
    for person, side in calls.items():
        if side is None:
            saved.pop(person_key(person), None)
        else:
            saved[person_key(person)] = side
    return save_book(book, settings)


def save_team(team: Team, settings: Settings | None = None) -> Path:
    """Save who "we" are (the app's team form)."""
    book = load_book(settings)
    book.team = team
    return save_book(book, settings)


def _same_person(a: str, b: str) -> bool:
    """Equal folded names, or a one-word name that is the other's first or last word."""
    ka, kb = person_key(a).split(), person_key(b).split()
    if not ka or not kb:
        return False
    if ka == kb:
        return True
    short, long = (ka, kb) if len(ka) < len(kb) else (kb, ka)
    return len(short) == 1 and short[0] in (long[0], long[-1])


def _mentions(note: str, org: str) -> bool:
    """The note names the organisation: all of its folded words appear in the note."""
    words = set(fold(note))
    key = fold(org)
    return bool(key) and set(key) <= words


def _from_note(note: str, team: Team, partner: str) -> SideCall | None:
    domains = {part[1:] for part in note.split("; ") if part.startswith("@")}
    ours = {d.lower() for d in team.domains}
    if domains & ours:
        return SideCall(person="", side="ours", reason=f"email at @{sorted(domains & ours)[0]}")
    if team.org and _mentions(note, team.org):
        return SideCall(person="", side="ours", reason=f"listed with {team.org}")
    if partner and _mentions(note, partner):
        return SideCall(person="", side="theirs", reason=f"listed with {partner}")
    if domains and ours:
        return SideCall(person="", side="theirs", reason=f"email at @{sorted(domains)[0]}, not one of ours")
    return None


def _call(person: str, transcript: Transcript, partner: str, team: Team, saved: dict[str, Side]) -> SideCall:
    key = person_key(person)
    if key in saved:
        return SideCall(person=person, side=saved[key], reason="you set this")
    if any(_same_person(person, mate) for mate in team.people):
        return SideCall(person=person, side="ours", reason="on your team list")
    stated = transcript.sides.get(person)
    if stated:
        label = "us" if stated == "ours" else "them"
        return SideCall(person=person, side=stated, reason=f"the notes list them under '{label}'")
    note = transcript.affiliations.get(person)
    found = _from_note(note, team, partner) if note else None
    if found:
        return found.model_copy(update={"person": person})
    if transcript.note_author and _same_person(person, transcript.note_author):
        return SideCall(person=person, side="ours", reason="wrote the notes")
    if team.people:
        return SideCall(person=person, side="theirs", reason="not on your team list")
    return SideCall(person=person, reason="nothing says")


def assign_sides(
    transcript: Transcript,
    partner: str = "",
    team: Team | None = None,
    saved: Mapping[str, Side] | None = None,
) -> dict[str, SideCall]:
    """Every participant's side (pure: the team and the saved choices are given)."""
    team = team or Team()
    chosen = dict(saved or {})
    people = list(
        dict.fromkeys([*transcript.participants, *(u.speaker for u in transcript.utterances if u.speaker)])
    )
    return {person: _call(person, transcript, partner, team, chosen) for person in people}


def sides_for(transcript: Transcript, partner: str, settings: Settings | None = None) -> dict[str, SideCall]:
    """Every participant's side, with the user's team and the choices saved for this partner."""
    settings = settings or get_settings()
    book = load_book(settings)
    saved = book.partners.get(partner_key(partner), {}) if partner else {}
    return assign_sides(transcript, partner, team_of(settings, book), saved)


def side_of(
    name: str | None, calls: Mapping[str, SideCall], aliases: Mapping[str, str] | None = None
) -> Side | None:
    """The side of a person named in a finding: initials and first names resolve through the aliases."""
    if not name:
        return None
    full = (aliases or {}).get(name.strip(), name)
    for person, call in calls.items():
        if _same_person(full, person):
            return call.side
    return None


def promiser_side(
    finding: Finding, calls: Mapping[str, SideCall], aliases: Mapping[str, str] | None = None
) -> Side | None:
    """Whose promise a commitment is: its owner's side, else its speaker's."""
    if finding.kind != "commitment":
        return None
    return side_of(finding.owner or finding.speaker, calls, aliases)


def split_by_side(
    findings: Iterable[Finding], calls: Mapping[str, SideCall], aliases: Mapping[str, str] | None = None
) -> dict[str, list[Finding]]:
    """Commitments in three lists: "theirs", "ours" and "unknown" (keeping their order)."""
    groups: dict[str, list[Finding]] = {"theirs": [], "ours": [], "unknown": []}
    for finding in findings:
        groups[promiser_side(finding, calls, aliases) or "unknown"].append(finding)
    return groups


def finding_side(
    finding: Finding, calls: Mapping[str, SideCall], aliases: Mapping[str, str] | None = None
) -> Side | None:
    """A commitment's promiser's side; for the other kinds, the side of whoever said the words."""
    if finding.kind == "commitment":
        return promiser_side(finding, calls, aliases)
    return side_of(finding.speaker, calls, aliases)
