"""Speaker conventions inside WebVTT and SRT captions: display names, bracket tags, broadcast
chevrons, dialogue dashes and Teams "Last, First" voices. Every utterance keeps its cue timing and
stays `text[start:end]` of the original."""

from __future__ import annotations

from analyzer.core.models import Transcript
from analyzer.ingest import parse_text


def rows(t: Transcript) -> list[tuple[str | None, str, float | None, float | None]]:
    for utt in t.utterances:
        assert t.text[utt.start : utt.end] == utt.text
    return [(u.speaker, u.text, u.ts_start, u.ts_end) for u in t.utterances]


def srt(*cues: str) -> str:
    blocks = [f"{i}\n00:00:{i:02d},000 --> 00:00:{i:02d},800\n{cue}" for i, cue in enumerate(cues, 1)]
    return "\n\n".join(blocks) + "\n"


def vtt(*cues: str) -> str:
    blocks = [f"00:00:{i:02d}.000 --> 00:00:{i:02d}.500\n{cue}" for i, cue in enumerate(cues, 1)]
    return "WEBVTT\n\n" + "\n\n".join(blocks) + "\n"


def test_zoom_display_names_with_an_org_pipe_pronouns_or_a_phone_number_are_cleaned_speakers():
    t = parse_text(
        vtt(
            "Rowan Pike | Northwind: The freight quote came in high.",
            "Tess Marlow (they/them): I will ask for a second carrier.",
            "+44 20 7946 0958: Sorry, joining by phone.",
            "Rowan Pike | Northwind: Then we wait for both.",
            "+44 20 7946 0958: Agreed.",
            "Tess Marlow (they/them): Done.",
        )
    )
    assert t.format == "vtt"
    assert rows(t) == [
        ("Rowan Pike", "The freight quote came in high.", 1.0, 1.5),
        ("Tess Marlow", "I will ask for a second carrier.", 2.0, 2.5),
        ("+44 20 7946 0958", "Sorry, joining by phone.", 3.0, 3.5),
        ("Rowan Pike", "Then we wait for both.", 4.0, 4.5),
        ("+44 20 7946 0958", "Agreed.", 5.0, 5.5),
        ("Tess Marlow", "Done.", 6.0, 6.5),
    ]
    assert t.participants == ["Rowan Pike", "Tess Marlow", "+44 20 7946 0958"]
    assert t.aliases["RP"] == "Rowan Pike" and t.aliases["TM"] == "Tess Marlow"


def test_a_device_display_name_speaking_once_counts_when_most_cues_are_labelled():
    t = parse_text(
        vtt(
            "Rowan Pike: Can everyone see the sheet?",
            "iPad de Marta: Only the first tab.",
            "Rowan Pike: I will share it again.",
        )
    )
    assert rows(t) == [
        ("Rowan Pike", "Can everyone see the sheet?", 1.0, 1.5),
        ("iPad de Marta", "Only the first tab.", 2.0, 2.5),
        ("Rowan Pike", "I will share it again.", 3.0, 3.5),
    ]


def test_prose_and_numbers_before_a_colon_stay_caption_text():
    t = parse_text(
        srt(
            "Rowan Pike: Where are we on the quote?",
            "Tess Marlow: Nearly there.",
            "The short version is simple: not yet.",
            "10: that is the number of pallets.",
            "Rowan Pike: Fine.",
        )
    )
    assert rows(t) == [
        ("Rowan Pike", "Where are we on the quote?", 1.0, 1.8),
        ("Tess Marlow", "Nearly there.", 2.0, 2.8),
        (None, "The short version is simple: not yet.", 3.0, 3.8),
        (None, "10: that is the number of pallets.", 4.0, 4.8),
        ("Rowan Pike", "Fine.", 5.0, 5.8),
    ]


def test_bracketed_name_tags_opening_srt_lines_are_speakers_and_leave_the_text():
    t = parse_text(srt("[TESS] Shall we begin?", "[Rowan] Yes, go ahead.", "[TESS] First, the carrier."))
    assert t.format == "srt"
    assert rows(t) == [
        ("TESS", "Shall we begin?", 1.0, 1.8),
        ("Rowan", "Yes, go ahead.", 2.0, 2.8),
        ("TESS", "First, the carrier.", 3.0, 3.8),
    ]


def test_bracketed_sound_tags_are_not_speakers():
    t = parse_text(srt("[MUSIC] Welcome back, everyone.", "[MUSIC] Let us pick up.", "[laughs] Right."))
    assert rows(t) == [
        (None, "[MUSIC] Welcome back, everyone.", 1.0, 1.8),
        (None, "[MUSIC] Let us pick up.", 2.0, 2.8),
        (None, "[laughs] Right.", 3.0, 3.8),
    ]


def test_broadcast_chevrons_name_speakers_and_a_bare_chevron_starts_an_unknown_turn():
    t = parse_text(
        srt(
            ">> TESS: THE PORT IS CLOSED TODAY.",
            "SO SHIPMENTS SLIP A DAY.",
            ">> ROWAN: UNDERSTOOD.\n>> WHAT ABOUT RAIL?",
            ">> TESS: RAIL STILL RUNS.",
        )
    )
    assert rows(t) == [
        ("TESS", "THE PORT IS CLOSED TODAY.", 1.0, 1.8),
        ("TESS", "SO SHIPMENTS SLIP A DAY.", 2.0, 2.8),
        ("ROWAN", "UNDERSTOOD.", 3.0, 3.8),
        (None, "WHAT ABOUT RAIL?", 3.0, 3.8),
        ("TESS", "RAIL STILL RUNS.", 4.0, 4.8),
    ]


def test_dialogue_dashes_split_a_cue_into_one_utterance_per_line_sharing_its_timing():
    t = parse_text(
        srt(
            "- Is the second carrier cheaper?\n- Yes, I will book it tomorrow.",
            "- TESS: And insurance?\n-ROWAN: Included.",
        )
    )
    assert rows(t) == [
        (None, "Is the second carrier cheaper?", 1.0, 1.8),
        (None, "Yes, I will book it tomorrow.", 1.0, 1.8),
        ("TESS", "And insurance?", 2.0, 2.8),
        ("ROWAN", "Included.", 2.0, 2.8),
    ]


def test_one_dashed_line_does_not_split_a_cue():
    t = parse_text(srt("We still need\n- a customs broker", "Noted."))
    assert rows(t) == [(None, "We still need\n- a customs broker", 1.0, 1.8), (None, "Noted.", 2.0, 2.8)]


def test_teams_last_first_voice_names_read_first_last_so_first_names_alias():
    t = parse_text(
        vtt(
            "<v Okonkwo, Ifeoma>Can you send the customs forms?</v>",
            "<v Marlow, Tess (Northwind - Ops)>Yes, this afternoon.</v>",
            "<v Pike, Jr>I will check them.</v>",
        )
    )
    assert rows(t) == [
        ("Ifeoma Okonkwo", "Can you send the customs forms?", 1.0, 1.5),
        ("Tess Marlow (Northwind - Ops)", "Yes, this afternoon.", 2.0, 2.5),
        ("Pike, Jr", "I will check them.", 3.0, 3.5),
    ]
    assert t.aliases["Ifeoma"] == "Ifeoma Okonkwo" and t.aliases["IO"] == "Ifeoma Okonkwo"
    assert t.aliases["Tess"] == "Tess Marlow (Northwind - Ops)"
    assert "Okonkwo," not in t.aliases and "Marlow," not in t.aliases  # a suffix name stays as written


def test_voice_names_drop_pronouns_and_an_org_pipe_too():
    t = parse_text(vtt("<v Tess Marlow (she/her)>Ready.", "<v Rowan Pike | Northwind>Same here."))
    assert rows(t) == [("Tess Marlow", "Ready.", 1.0, 1.5), ("Rowan Pike", "Same here.", 2.0, 2.5)]
