"""People in quick notes: unlabeled attendee lines, "w/ A + B" titles, the note-taker's "(me)",
attendee labels in other languages, and roles in parentheses that are not initials."""

from __future__ import annotations

import datetime as dt

import pytest

from analyzer.ingest import parse_text
from analyzer.pipeline import analyze


@pytest.mark.parametrize(
    "head, people, author",
    [
        (
            "Brightwater Foods – catch-up 3 Mar\nIvo Stern (CFO), Kemi Bello (supply), Rhea Park (me)\n",
            ["Ivo Stern", "Kemi Bello", "Rhea Park"],
            "Rhea Park",
        ),
        ("Call w/ Dunmore Mills: Petra Lind + Omar Haddou\n", ["Petra Lind", "Omar Haddou"], None),
        ("recap of the Halden call (Petra Lind, Omar Haddou):\n", ["Petra Lind", "Omar Haddou"], None),
        (
            "Teilnehmer: Petra Lind (PL), Omar Haddou | wir: Rhea Park (me), Jon Ek\n",
            ["Petra Lind", "Omar Haddou", "Rhea Park", "Jon Ek"],
            "Rhea Park",
        ),
        (
            "Notes 4 May\n(Petra Lind – buyer, yo (Rhea Park), Jon Ek)\n",
            ["Petra Lind", "Rhea Park", "Jon Ek"],
            "Rhea Park",
        ),
        (
            "Notes 4 May\nPetra Lind, Jon Ek, me = Rhea Park\n",
            ["Petra Lind", "Jon Ek", "Rhea Park"],
            "Rhea Park",
        ),
    ],
)
def test_notes_name_their_people_and_the_note_taker(head, people, author):
    transcript = parse_text(head + "\n- pricing still open\n- Petra will send the specs by Friday\n")
    assert transcript.participants == people
    assert transcript.note_author == author


def test_a_role_in_parentheses_is_not_taken_for_initials():
    transcript = parse_text(
        "Attendees: Ivo Stern (CEO), Kemi Bello (KB), Jon Ek (QA, Halden)\n\n- JE to send it\n"
    )
    assert "CEO" not in transcript.aliases and "QA" not in transcript.aliases
    assert transcript.aliases["KB"] == "Kemi Bello"
    assert transcript.aliases["JE"] == "Jon Ek"


def test_a_sentence_with_commas_is_not_a_list_of_people():
    transcript = parse_text(
        "Quarterly review\nWe met, Tom said hello, pricing was discussed\n\n- next steps\n"
    )
    assert transcript.participants == []


def test_commitments_in_notes_name_the_listed_person_and_the_note_taker():
    text = (
        "Halden Textiles sync – 4 May\nPetra Lind (Halden, buyer), Omar Haddou (logistics), Rhea Park (me)\n\n"
        "- Omar will send the revised packing list by Friday\n- I'll send our forecast by next Tuesday\n"
    )
    report = analyze(text, date=dt.date(2026, 5, 4), store=False)
    owners = {f.owner for f in report.findings if f.kind == "commitment"}
    assert owners == {"Omar Haddou", "Rhea Park"}
