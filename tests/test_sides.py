"""Sides: who is ours and who the partner's, from the notes, the team setting and saved choices, and
how commitments split into "we promised" and "they promised" in exports, partner memory and the brief."""

from __future__ import annotations

import datetime as dt

import pytest

from analyzer.core.errors import ConfigError
from analyzer.core.models import AnalysisStats, Finding, MeetingMeta, Report
from analyzer.export import to_email, to_markdown
from analyzer.ingest import parse_text
from analyzer.settings import Settings, get_settings
from analyzer.sides import Team, assign_sides, load_book, remember, save_team, sides_for, side_of

NOTES = """Pilot planning call
Attendees: us: Dara Quinn (me), Ivo Sato | them: Lee Min, Bo Chan

Dara Quinn: Thanks for joining. Ivo, can you send the revised price sheet?
Ivo Sato: Yes, I will send the revised price sheet to Lee by Friday.
Lee Min: Good. We will share the warehouse volumes by next Wednesday.
"""
PLAIN = """Ana Ruiz: Thanks for joining, Ben.
Ben Cole: I will send the quarterly sales forecast by Friday.
Ana Ruiz: We will ship the marble samples next week.
"""


def _report(text: str, owners: dict[str, str], partner: str = "Lodz Freight") -> Report:
    transcript = parse_text(text)
    findings = []
    for quote, owner in owners.items():
        start = text.index(quote)
        findings.append(
            Finding(
                kind="commitment",
                quote=quote,
                summary=quote,
                start=start,
                end=start + len(quote),
                owner=owner,
            )
        )
    meta = MeetingMeta(id="m1", title="Pilot", date=dt.date(2026, 12, 2), partner=partner)
    return Report(meeting=meta, findings=findings, stats=AnalysisStats(backend="test"), transcript=transcript)


def _sides(calls) -> dict[str, str | None]:
    return {person: call.side for person, call in calls.items()}


def test_attendee_labels_us_and_them_put_people_on_sides():
    transcript = parse_text(NOTES)
    assert transcript.sides == {
        "Dara Quinn": "ours",
        "Ivo Sato": "ours",
        "Lee Min": "theirs",
        "Bo Chan": "theirs",
    }
    calls = assign_sides(transcript, "Lodz Freight")
    assert calls["Lee Min"].reason == "the notes list them under 'them'"


def test_organisations_and_email_domains_beside_names_decide_a_side():
    text = (
        "Attendees: Dara Quinn (me), Ivo Sato (Acme), Lee Min (Łódź Freight Sp. z o.o.), Bo Chan <bo@lodz.pl>,"
        " Kim Dae (CFO)\n\nDara Quinn: Hello.\n"
    )
    transcript = parse_text(text)
    calls = assign_sides(transcript, "Lodz Freight", Team(org="Acme", domains=["acme.com"]))
    assert _sides(calls) == {
        "Dara Quinn": "ours",  # the note-taker
        "Ivo Sato": "ours",  # listed with our organisation
        "Lee Min": "theirs",  # with the partner, however its name is spelled
        "Bo Chan": "theirs",  # an email domain that is not ours
        "Kim Dae": None,  # a role says nothing about a side
    }
    assert calls["Lee Min"].reason == "listed with Lodz Freight"


def test_once_the_team_is_listed_everyone_else_is_the_partners():
    calls = assign_sides(parse_text(PLAIN), "Acme Tiles", Team(people=["Ana Ruiz"]))
    assert _sides(calls) == {"Ana Ruiz": "ours", "Ben Cole": "theirs"}
    assert calls["Ben Cole"].reason == "not on your team list"
    assert _sides(assign_sides(parse_text(PLAIN), "Acme Tiles")) == {"Ana Ruiz": None, "Ben Cole": None}


def test_a_saved_choice_wins_and_is_remembered_per_partner():
    remember("Acme Tiles", {"Ben Cole": "ours"})
    save_team(Team(people=["Ana Ruiz"]))
    calls = sides_for(parse_text(PLAIN), "acme  tiles")
    assert _sides(calls) == {"Ana Ruiz": "ours", "Ben Cole": "ours"}
    assert calls["Ben Cole"].reason == "you set this"
    assert sides_for(parse_text(PLAIN), "Other Partner")["Ben Cole"].side == "theirs"
    remember("Acme Tiles", {"Ben Cole": None})  # forgetting falls back on the team list
    assert sides_for(parse_text(PLAIN), "Acme Tiles")["Ben Cole"].side == "theirs"


def test_initials_and_first_names_resolve_to_a_persons_side():
    calls = assign_sides(parse_text(NOTES), "Lodz Freight")
    assert side_of("Lee", calls) == "theirs"
    assert side_of("IS", calls, {"IS": "Ivo Sato"}) == "ours"
    assert side_of("Someone Else", calls) is None


def test_team_setting_reads_comma_separated_lists(monkeypatch):
    monkeypatch.setenv("ANALYZER_OUR_PEOPLE", "Ana Ruiz, Tom Li")
    monkeypatch.setenv("ANALYZER_OUR_DOMAINS", "acme.com,@acme.de")
    settings = Settings()
    assert settings.our_people == ["Ana Ruiz", "Tom Li"]
    get_settings.cache_clear()
    calls = sides_for(parse_text(PLAIN), "Acme Tiles", settings)
    assert _sides(calls) == {"Ana Ruiz": "ours", "Ben Cole": "theirs"}


def test_a_corrupt_sides_file_is_one_error_that_says_how_to_fix_it():
    path = get_settings().home / "sides.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(ConfigError, match="Fix or delete .*sides.json"):
        load_book()


def test_the_email_splits_what_we_will_do_from_what_the_partner_will_do():
    report = _report(
        NOTES,
        {
            "I will send the revised price sheet to Lee by Friday.": "Ivo Sato",
            "We will share the warehouse volumes by next Wednesday.": "Lee Min",
        },
    )
    email = to_email(report)
    ours = email.index("What we will do:")
    theirs = email.index("What you will do:")
    assert ours < email.index("revised price sheet") < theirs < email.index("warehouse volumes")
    assert "Other next steps" not in email
    note = to_markdown(report)
    assert "**Ivo Sato** _(we promised)_" in note and "**Lee Min** _(they promised)_" in note


def test_without_any_side_the_email_keeps_one_list_of_next_steps():
    report = _report(PLAIN, {"I will send the quarterly sales forecast by Friday.": "Ben Cole"}, "Acme Tiles")
    email = to_email(report)
    assert "Here are the next steps as I noted them:" in email
    assert "What we will do" not in email and "What you will do" not in email
    assert "\n\nHere are the next steps" in email  # a blank line before the list


def test_given_sides_override_what_the_notes_say():
    report = _report(PLAIN, {"I will send the quarterly sales forecast by Friday.": "Ben Cole"}, "Acme Tiles")
    calls = assign_sides(report.transcript, "Acme Tiles", Team(people=["Ben Cole"]))
    email = to_email(report, calls)
    assert email.index("What we will do:") < email.index("quarterly sales forecast")
