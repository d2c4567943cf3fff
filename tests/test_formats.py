"""Every transcript shape people paste: detected, speakers read, offsets exact, findings found.

One realistic sample per format lives in tests/data/formats/. Each test parses it, checks the
detected format and the speakers, that every utterance is `text[start:end]` of the original, and
that the offline analysis finds the commitment the sample holds, with its owner.
"""

import datetime as dt
import io
from pathlib import Path

import pytest

from analyzer.ingest.loader import load_bytes, load_path
from analyzer.pipeline import analyze

FORMATS = Path(__file__).parent / "data" / "formats"
MEETING = dt.date(2026, 6, 1)

CASES = [
    # file, detected format, speakers (subset), a commitment quote fragment, its owner
    ("otter.txt", "lines", {"Daniel Reyes", "Min-jun Park"}, "updated packing list", "Daniel Reyes"),
    ("google-meet.txt", "lines", {"Lucía Fernández", "Tom Becker"}, "draft contract on Monday", "Tom Becker"),
    ("bracket-stamps.txt", "lines", {"Ana Souza", "Raj Malhotra"}, "final report ready", "Raj Malhotra"),
    (
        "fireflies.txt",
        "lines",
        {"Jake Morrison", "Aino Virtanen", "Mikko Laine"},
        "Japanese build",
        "Aino Virtanen",
    ),
    ("tldv.txt", "lines", {"Ravi Kumar", "Hana Novak"}, "test credentials", "Ravi Kumar"),
    ("diarised.txt", "lines", {"SPEAKER_00", "SPEAKER_01"}, "counter proposal", "SPEAKER_00"),
    ("speaker-numbers.txt", "lines", {"Speaker 1", "Speaker 2"}, "first training session", "Speaker 2"),
    ("lowercase-ids.txt", "lines", {"mn015", "fe008", "me011"}, "revised numbers by friday", "mn015"),
    (
        "blank-lines.txt",
        "lines",
        {"Giorgi Beridze", "Elena Rossi", "Marco Conti"},
        "revised berth windows",
        "Giorgi Beridze",
    ),
    ("checkbox-minutes.md", "minutes", set(), "revised EPC schedule", "Marco Bianchi"),
    ("action-table.md", "minutes", set(), "updated price list", "Jana Novak"),
    ("recap-email.txt", "plain", set(), "cold-store slots", "Kofi Mensah"),
    ("plain-notes.txt", "plain", set(), "send the invoice", "Kenji"),
    (
        "slack-thread.txt",
        "lines",
        {"Hannah Okoro", "Rafael Quintero"},
        "corrected commercial invoice",
        "Rafael Quintero",
    ),
    (
        "whatsapp-ios.txt",
        "lines",
        {"Nadia Haddad", "Tomás Ferreira"},
        "certificate of analysis",
        "Tomás Ferreira",
    ),
    (
        "whatsapp-android.txt",
        "lines",
        {"Nadia Haddad", "Tomás Ferreira"},
        "certificate of analysis",
        "Tomás Ferreira",
    ),
    ("introduced-ids.txt", "lines", {"spk_0", "spk_1"}, "updated weld procedure", "Martina Kovac"),
    ("grouped-attendees.md", "minutes", set(), "revised maintenance budget", "Grace Phiri"),
]


@pytest.mark.parametrize("name, fmt, speakers, fragment, owner", CASES, ids=[c[0] for c in CASES])
def test_each_export_format_parses_with_exact_offsets_and_yields_its_commitment(
    name, fmt, speakers, fragment, owner
):
    path = FORMATS / name
    transcript = load_path(path)
    assert transcript.format == fmt
    assert speakers <= {u.speaker for u in transcript.utterances}
    for utt in transcript.utterances:
        assert transcript.text[utt.start : utt.end] == utt.text
    report = analyze(path, date=MEETING)
    found = [f for f in report.findings if f.kind == "commitment" and fragment in f.quote]
    assert found, f"no commitment containing {fragment!r}: {[f.quote for f in report.findings]}"
    assert found[0].owner == owner
    assert report.transcript.text[found[0].start : found[0].end] == found[0].quote


def test_speaker_labels_never_reach_the_utterance_text():
    for name, _fmt, speakers, _fragment, _owner in CASES:
        for utt in load_path(FORMATS / name).utterances:
            assert not any(utt.text.startswith(f"{s}:") for s in speakers), (name, utt.text)


def test_checked_boxes_are_done_items_not_commitments():
    report = analyze(FORMATS / "checkbox-minutes.md", date=MEETING)
    assert not [f for f in report.findings if "circulated the site photos" in f.quote]
    items = {u.text: u.item for u in report.transcript.utterances if u.item}
    assert items["@Sofia circulated the site photos"] == "done"


def test_action_table_rows_carry_owner_and_due_cells():
    transcript = load_path(FORMATS / "action-table.md")
    rows = [(u.owner, u.text, u.due_text) for u in transcript.utterances if u.item == "action"]
    assert ("JN", "Send the updated price list to AT", "2026-05-11") in rows
    report = analyze(FORMATS / "action-table.md")
    dues = {f.quote: f.due for f in report.findings if f.kind == "commitment"}
    assert dues["Send the updated price list to AT"] == dt.date(2026, 5, 11)


def test_a_lowercase_word_before_a_colon_in_prose_is_not_a_speaker():
    text = "We met on Tuesday.\nthe answer: no, not this quarter.\nThe team will follow up with the bank.\n"
    transcript = load_bytes(text.encode(), "notes.txt")
    assert {u.speaker for u in transcript.utterances} == {None}


def test_a_teams_docx_transcript_reads_speakers_and_times():
    import docx

    document = docx.Document()
    for line in [
        "Kofi Mensah   0:03",
        "Thanks for joining. Shall we start with the cold store?",
        "Priya Nair   0:12",
        "Yes. I will send the revised shelf-life results by Friday.",
        "Kofi Mensah   0:25",
        "Good, and we will confirm the July slots next Wednesday.",
    ]:
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    transcript = load_bytes(buffer.getvalue(), "teams.docx")
    assert {u.speaker for u in transcript.utterances} == {"Kofi Mensah", "Priya Nair"}
    assert [u.ts_start for u in transcript.utterances] == [3.0, 12.0, 25.0]
    report = analyze(transcript, date=MEETING)
    owners = {f.owner for f in report.findings if f.kind == "commitment"}
    assert "Priya Nair" in owners


def test_long_unstructured_text_gets_a_warning_that_says_how_to_fix_it():
    text = "\n".join(f"we talked about item {i} and it went fine overall" for i in range(20))
    report = analyze(text, date=MEETING)
    assert report.transcript.format == "plain"
    assert report.stats.warnings and "--format lines" in report.stats.warnings[0]
    assert not analyze(FORMATS / "otter.txt", date=MEETING).stats.warnings


def test_format_option_overrides_detection():
    assert load_path(FORMATS / "plain-notes.txt", format="minutes").format == "minutes"


def test_full_width_colon_labels_are_speakers():
    text = "Li Wei：We will ship on Friday.\nAnna Schmidt：Okay, I will send the PO by Monday.\nLi Wei：Thanks.\n"
    transcript = load_bytes(text.encode(), "chat.txt")
    assert [u.speaker for u in transcript.utterances] == ["Li Wei", "Anna Schmidt", "Li Wei"]
    assert transcript.utterances[1].text == "Okay, I will send the PO by Monday."


def test_attendees_grouped_under_organisations_with_roles_give_initials_and_dash_owners():
    transcript = load_path(FORMATS / "grouped-attendees.md")
    assert transcript.participants == ["Eng. Samuel Banda", "Grace Phiri", "Ingrid Solberg"]
    assert transcript.aliases["GP"] == "Grace Phiri" and transcript.aliases["SB"] == "Eng. Samuel Banda"
    items = {u.text[:12]: u.owner for u in transcript.utterances if u.item}
    assert items == {"GP – send th": "GP", "SB – confirm": "SB"}, (
        "a known attendee's initials and a dash own the item"
    )


def test_speaker_ids_take_the_names_people_introduce_themselves_with():
    transcript = load_path(FORMATS / "introduced-ids.txt")
    assert transcript.aliases == {"spk_0": "Martina Kovac", "spk_1": "Devon Price"}
