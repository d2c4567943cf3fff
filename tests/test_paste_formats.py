"""Transcripts as people paste them from meeting and chat tools: who said which words.

Each fixture is written fresh in the layout a tool produces; the checks are the speakers, the
words of each turn (always an exact slice of the original text) and the times.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import analyzer.ingest
from analyzer.ingest import parse_text
from analyzer.ingest.chrome import chrome_rule, rules


def turns(text: str) -> list[tuple[str | None, str]]:
    transcript = parse_text(text)
    for utt in transcript.utterances:
        assert transcript.text[utt.start : utt.end] == utt.text
    return [(u.speaker, u.text) for u in transcript.utterances]


def times(text: str) -> list[float | None]:
    return [u.ts_start for u in parse_text(text).utterances]


def test_no_break_spaces_between_name_and_time_still_open_a_turn():
    text = "Rosa Iglesias\u00a0\u00a000:04\nShall we start?\n\nOmar\u00a0Haddad\u00a0\u00a000:09\nYes, go ahead.\n"
    assert turns(text) == [("Rosa Iglesias", "Shall we start?"), ("Omar Haddad", "Yes, go ahead.")]
    assert times(text) == [4.0, 9.0]


def test_an_agenda_with_times_is_not_a_list_of_speakers():
    text = (
        "Quarterly review\n\nAgenda\nOpening 09:00\nMarket Update 09:20\nShipping Plan 09:45\n\n"
        "Notes\nRosa will send the port schedule by Monday.\n"
    )
    transcript = parse_text(text)
    assert transcript.participants == []
    assert all(u.speaker is None for u in transcript.utterances)


def test_chat_senders_shown_as_phone_numbers_keep_their_own_messages():
    text = (
        "04/05/26, 09:12 - Rosa Iglesias: Can you confirm the pallet count?\n"
        "04/05/26, 09:14 - +34 612 345 678: Confirmed, 44 pallets on Thursday\n"
        "04/05/26, 09:15 - Rosa Iglesias: Thanks!\n"
    )
    assert turns(text) == [
        ("Rosa Iglesias", "Can you confirm the pallet count?"),
        ("+34 612 345 678", "Confirmed, 44 pallets on Thursday"),
        ("Rosa Iglesias", "Thanks!"),
    ]
    assert times(text) == [None, None, None]  # a chat's day and time is a clock, not a recording offset


@pytest.mark.parametrize(
    "text",
    [
        # Zoom chat export
        "09:01:10 From Rosa Iglesias to Everyone:\n\tIs the deck shared?\n"
        "09:01:40 From Omar Haddad to Rosa Iglesias(Direct Message):\n\tSending it to you now\n",
        # Webex chat copy
        "from Rosa Iglesias to everyone:    9:01 AM\nIs the deck shared?\n"
        "from Omar Haddad to everyone:    9:02 AM\nSending it to you now\n",
    ],
)
def test_chat_messages_addressed_to_someone_are_said_by_their_sender(text):
    assert turns(text) == [("Rosa Iglesias", "Is the deck shared?"), ("Omar Haddad", "Sending it to you now")]


@pytest.mark.parametrize(
    "text",
    [
        "Rosa Iglesias, [04.05.2026 09:12]\nIs the deck shared?\n\nOmar Haddad, [04.05.2026 09:13]\nSending it now\n",
        "Rosa Iglesias 2026-05-04 09:12\nIs the deck shared?\n\nOmar Haddad 2026-05-04 09:13\nSending it now\n",
    ],
)
def test_a_chat_name_line_with_the_day_and_time_opens_the_turn_below_it(text):
    assert turns(text) == [("Rosa Iglesias", "Is the deck shared?"), ("Omar Haddad", "Sending it now")]
    assert times(text) == [None, None]


@pytest.mark.parametrize(
    "text",
    [
        # Fathom: time, dash, name and company
        "0:04 - Rosa Iglesias (Puerto Azul)\n  Shall we start?\n\n0:09 - Omar Haddad (Nile Cargo)\n  Yes, go ahead.\n",
        # Trint: bracketed time, then the name
        "[00:00:04] Rosa Iglesias\nShall we start?\n\n[00:00:09] Omar Haddad\nYes, go ahead.\n",
        # Zoom web transcript copy: name, time, words
        "Rosa Iglesias\n00:04\nShall we start?\n\nOmar Haddad\n00:09\nYes, go ahead.\n",
        # Sonix: the time after the label
        "Rosa Iglesias: [00:00:04] Shall we start?\n\nOmar Haddad: [00:00:09] Yes, go ahead.\n",
    ],
)
def test_a_time_before_or_after_the_name_belongs_to_that_speakers_turn(text):
    assert turns(text) == [("Rosa Iglesias", "Shall we start?"), ("Omar Haddad", "Yes, go ahead.")]
    assert times(text) == [4.0, 9.0]


def test_a_clock_time_under_the_name_is_left_out_of_the_words_and_the_timings():
    text = "Rosa Iglesias\n9:04 AM\nShall we start?\n\nOmar Haddad\n9:05 AM\nYes, go ahead.\n"
    assert turns(text) == [("Rosa Iglesias", "Shall we start?"), ("Omar Haddad", "Yes, go ahead.")]
    assert times(text) == [None, None]


def test_a_teams_header_date_is_not_a_speaker_and_tool_lines_join_no_turn():
    text = (
        "Supplier sync-20260504_090000-Meeting Recording\nMay 4, 2026, 9:00AM\n41m 2s\n\n"
        "Rosa Iglesias started transcription\n\nRosa Iglesias   0:04\nShall we start?\n\n"
        "Omar Haddad   0:09\nYes, go ahead.\n\nRosa Iglesias stopped transcription\n"
    )
    transcript = parse_text(text)
    assert transcript.participants == ["Rosa Iglesias", "Omar Haddad"]
    spoken = [(u.speaker, u.text) for u in transcript.utterances if u.speaker]
    assert spoken == [("Rosa Iglesias", "Shall we start?"), ("Omar Haddad", "Yes, go ahead.")]
    assert not any("transcription" in u.text for u in transcript.utterances)


def test_typed_minutes_with_initials_and_a_dash_are_turns():
    text = "RI - freight is up 8% this quarter\nOH - can we lock the rate?\nRI - yes, I'll ask by Friday\n"
    assert turns(text) == [
        ("RI", "freight is up 8% this quarter"),
        ("OH", "can we lock the rate?"),
        ("RI", "yes, I'll ask by Friday"),
    ]


def test_topic_labels_in_typed_notes_are_not_people():
    text = (
        "Rosa: the quote came in high\nOmar: we can split the shipment\nRosa: fine by me\n"
        "Logistics: second container still at the port\nOmar: I'll call the agent tomorrow\n"
    )
    transcript = parse_text(text)
    assert transcript.participants == ["Rosa", "Omar"]
    assert (None, "Logistics: second container still at the port") in turns(text)
    assert ("Omar", "I'll call the agent tomorrow") in turns(text)


def test_a_tool_footer_stays_out_of_the_last_speakers_turn():
    text = (
        "Rosa Iglesias: Thanks, talk next week.\n\nMeeting ended after 00:31:09 \U0001f44b\n\n"
        "This editable transcript was computer generated and might contain errors.\n"
    )
    assert turns(text) == [("Rosa Iglesias", "Thanks, talk next week.")]


def test_metadata_labels_in_other_languages_are_headers_not_speakers():
    text = "Présents : Rosa Iglesias, Omar Haddad\nFecha: 4 de mayo\n\nRosa Iglesias: Bonjour.\nOmar Haddad: Bonjour.\n"
    transcript = parse_text(text)
    assert transcript.participants == ["Rosa Iglesias", "Omar Haddad"]
    assert [u.speaker for u in transcript.utterances] == [None, None, "Rosa Iglesias", "Omar Haddad"]


def test_unpunctuated_speech_to_text_lines_are_one_segment_each():
    text = "ok so lets start with the freight rates\nthey went up again this month\nwe should lock them in\n"
    assert [t for _, t in turns(text)] == text.splitlines()


def test_reply_marks_are_not_part_of_an_email_title():
    assert (
        parse_text("Subject: RE: Fwd: Port schedule\n\nRosa will send it.\n").detected_title
        == "Port schedule"
    )


@pytest.mark.parametrize("rule", rules(), ids=lambda r: r.id)
def test_every_tool_line_rule_matches_its_examples_and_none_of_its_counter_examples(rule):
    previous = rule.after[0] if rule.after else None
    for example in rule.examples:
        assert chrome_rule(example, previous) == rule.id, example
    for sentence in rule.not_examples:
        assert chrome_rule(sentence, previous) is None, sentence
    if rule.after:
        assert chrome_rule(rule.examples[0]) is None, "a follower rule needs the line before"


def test_name_time_and_words_on_one_line_are_a_turn():
    text = "Speaker 0    00:00:03    Okay, we can start.\nSpeaker 1    00:00:07    Sure, go ahead.\n"
    assert turns(text) == [("Speaker 0", "Okay, we can start."), ("Speaker 1", "Sure, go ahead.")]
    assert times(text) == [3.0, 7.0]


def test_the_older_zoom_chat_layout_names_the_sender_only():
    text = (
        "00:05:12\t From  Rosa Iglesias : Is the deck shared?\n"
        "00:05:40\t From  Omar Haddad  to  Rosa Iglesias(Privately) : Sending it to you now\n"
    )
    assert turns(text) == [("Rosa Iglesias", "Is the deck shared?"), ("Omar Haddad", "Sending it to you now")]


def test_words_that_start_with_a_time_stay_the_turn_of_the_name_above_them():
    text = "Rosa Iglesias  9:47\nCan we meet at 6:30?\n\nOmar Haddad  9:53\n6:30 is too late for me, Rosa.\n"
    assert turns(text) == [
        ("Rosa Iglesias", "Can we meet at 6:30?"),
        ("Omar Haddad", "6:30 is too late for me, Rosa."),
    ]


def test_the_note_taker_marked_with_one_name_and_short_attendee_labels_are_read():
    roster = parse_text(
        "Supplier call 4/8\nRosa Iglesias (ops), Omar Haddad (QA), me (Ines)\n\n- freight ok\n"
    )
    assert roster.participants == ["Rosa Iglesias", "Omar Haddad", "Ines"] and roster.note_author == "Ines"
    for label in ("Att", "on call"):
        notes = parse_text(
            f"{label}: Director Park Min-jae, Omar Haddad (me)\n\n- Park to send the specs by Friday\n"
        )
        assert notes.participants == ["Director Park Min-jae", "Omar Haddad"], label
        assert (
            notes.aliases.get("Park") == "Director Park Min-jae"
        )  # a job title before the name is no first name


def test_slack_reactions_and_their_counts_join_no_message():
    text = (
        "Priya Nair  10:02 AM\nCan you send the draft contract by Thursday?\n"
        "Jonas Weber  10:04 AM\nYes, I will send it Thursday morning.\n:+1:\n2\n"
        "Priya Nair  10:05 AM\nWe need 2\n3\n"
    )
    assert turns(text) == [
        ("Priya Nair", "Can you send the draft contract by Thursday?"),
        ("Jonas Weber", "Yes, I will send it Thursday morning."),
        ("Priya Nair", "We need 2\n3"),
    ]


def test_mentions_in_an_attendee_line_are_people():
    transcript = parse_text("Attendees: @Priya Nair @Jonas Weber (jonas@weber.de)\n\n- Jonas will send it.\n")
    assert transcript.participants == ["Priya Nair", "Jonas Weber"]
    assert transcript.aliases.get("Jonas") == "Jonas Weber"


def test_role_marks_of_meeting_tools_are_not_part_of_a_speaker_name():
    text = (
        "Maria Lopez (Guest)   0:03\nGood morning.\n\nTom Becker (Host, me)   0:07\nMorning Maria.\n\n"
        "Ana Ruiz (Acme)   0:09\nHello both.\n"
    )
    assert [u.speaker for u in parse_text(text).utterances] == [
        "Maria Lopez",
        "Tom Becker",
        "Ana Ruiz (Acme)",
    ]


def test_bracketed_owners_of_suggested_next_steps_are_the_people_named():
    text = (
        "Summary\nThe team discussed the delayed shipment.\n\nSuggested next steps\n"
        "[Jonas Weber] Send the customs paperwork to Priya by Monday.\n"
        "[Priya Nair] Confirm the new delivery slot.\n[Action] Book the room.\n"
    )
    found = [(u.speaker, u.text) for u in parse_text(text).utterances]
    assert ("Jonas Weber", "Send the customs paperwork to Priya by Monday.") in found
    assert ("Priya Nair", "Confirm the new delivery slot.\n[Action] Book the room.") in found
    assert (None, "Suggested next steps") in found


def test_role_tag_examples_lose_their_mark_and_counter_examples_keep_theirs():
    from analyzer.ingest.speakers import without_role_tags

    data = json.loads(
        (Path(analyzer.ingest.__file__).parent / "data" / "people_words.json").read_text("utf-8")
    )
    for example in data["role_tags"]["examples"]:
        assert "(" not in without_role_tags(example), example
    for name in data["role_tags"]["not_examples"]:
        assert without_role_tags(name) == name
