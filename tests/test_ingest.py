"""Ingest: decoding, format detection, every format's parser, metadata and bad inputs.

The invariant checked everywhere: each utterance's text is exactly transcript.text[start:end],
stripped, in document order.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile

import pytest

from analyzer.core.errors import InputError
from analyzer.core.models import Transcript
from analyzer.ingest import FORMATS, decode, detect_format, load_bytes, load_path, parse_text
from analyzer.settings import get_settings


def check_offsets(t: Transcript) -> None:
    """The invariant every parser must keep."""
    previous = -1
    for utt in t.utterances:
        assert t.text[utt.start : utt.end] == utt.text
        assert utt.text == utt.text.strip() and utt.text
        assert utt.start >= previous, "utterances must be in document order"
        previous = utt.start
        if utt.speaker is not None:
            assert utt.speaker == " ".join(utt.speaker.split())


def said(t: Transcript) -> list[tuple[str | None, str]]:
    return [(u.speaker, u.text) for u in t.utterances]


# --- lines -----------------------------------------------------------------------------------

LINES = """Jun Kitamura: Thanks for joining.
Dr. Amara Okafor: Happy to be here. We need the revised
pricing sheet before the board meets.
José: I'll send it by Friday.
Mary-Jane O'Neil: Sounds good.
Jun Kitamura: Great.
"""


def test_lines_speakers_with_spaces_dots_hyphens_and_accents_and_continuations():
    t = parse_text(LINES)
    check_offsets(t)
    assert t.format == "lines"
    assert said(t) == [
        ("Jun Kitamura", "Thanks for joining."),
        ("Dr. Amara Okafor", "Happy to be here. We need the revised\npricing sheet before the board meets."),
        ("José", "I'll send it by Friday."),
        ("Mary-Jane O'Neil", "Sounds good."),
        ("Jun Kitamura", "Great."),
    ]
    assert t.participants == ["Jun Kitamura", "Dr. Amara Okafor", "José", "Mary-Jane O'Neil"]


def test_lines_timestamps_before_names_give_seconds():
    text = (
        "[00:01:23] Jun Kitamura: First point.\n(10:02) Amara Okafor: Second point.\n"
        "[00:02:00.5] Jun Kitamura: Third.\n"
    )
    t = parse_text(text)
    check_offsets(t)
    assert [(u.speaker, u.text, u.ts_start) for u in t.utterances] == [
        ("Jun Kitamura", "First point.", 83.0),
        ("Amara Okafor", "Second point.", 602.0),
        ("Jun Kitamura", "Third.", 120.5),
    ]


def test_lines_colon_inside_utterance_and_label_only_lines():
    text = "Ana: The plan is simple: ship it.\nBen:\nI agree: today.\nAna: ok\n"
    t = parse_text(text)
    check_offsets(t)
    assert said(t) == [("Ana", "The plan is simple: ship it."), ("Ben", "I agree: today."), ("Ana", "ok")]


@pytest.mark.parametrize(
    "text",
    [
        "[Jun Kitamura] 00:00:03\nHello everyone,\nsecond line.\n[Amara Okafor] 00:00:10\nHi.\n",  # Zoom
        "Jun Kitamura   0:03\nHello everyone,\nsecond line.\n\nAmara Okafor   0:10\nHi.\n",  # Teams, Otter
    ],
)
def test_name_and_timestamp_header_lines_start_turns(text):
    t = parse_text(text)
    check_offsets(t)
    assert [(u.speaker, u.text, u.ts_start) for u in t.utterances] == [
        ("Jun Kitamura", "Hello everyone,\nsecond line.", 3.0),
        ("Amara Okafor", "Hi.", 10.0),
    ]


def test_timestamp_only_lines_stamp_the_next_turn():
    text = "Acme sync - Transcript\n00:00:00\nAna: Hello.\nBen: Hi, how are you?\n00:01:00\nAna: Good.\n"
    t = parse_text(text)
    check_offsets(t)
    assert [(u.speaker, u.text, u.ts_start) for u in t.utterances] == [
        (None, "Acme sync - Transcript", None),
        ("Ana", "Hello.", 0.0),
        ("Ben", "Hi, how are you?", None),
        ("Ana", "Good.", 60.0),
    ]


def test_note_lines_in_prose_are_not_speakers():
    text = (
        "We met with the Acme team to review the rollout.\n"
        "Note: the pilot slipped by two weeks.\n"
        "Everyone agreed the timeline was tight.\n"
        "The answer was simple: more people.\n"
    )
    t = parse_text(text)
    check_offsets(t)
    assert t.format == "plain"
    assert all(u.speaker is None for u in t.utterances)
    assert t.participants == []


def test_single_speaker_transcript():
    t = parse_text("Ana: Just me today.\nAna: Still me.\n")
    check_offsets(t)
    assert t.format == "lines"
    assert said(t) == [("Ana", "Just me today."), ("Ana", "Still me.")]
    assert t.participants == ["Ana"]


def test_single_line_with_a_speaker():
    t = parse_text("Ana: Just one line.")
    assert t.format == "lines" and said(t) == [("Ana", "Just one line.")]


def test_two_hundred_speakers_each_speaking_once():
    names = [f"Person{i} Surname{i}" for i in range(200)]
    text = "\n".join(f"{name}: line {i}" for i, name in enumerate(names))
    t = parse_text(text)
    check_offsets(t)
    assert t.format == "lines"
    assert [u.speaker for u in t.utterances] == names
    assert t.participants == names


def test_html_and_markdown_in_names_and_text_are_kept_verbatim():
    text = (
        "<b>Ana</b>: <script>alert('x')</script> & <i>fine</i>\n"
        "**Ben**: We **must** ship `v2` <3\n"
        "**Cy:** [link](http://example.com) a < b > c\n"
        "<b>Ana</b>: again &amp; again\n"
    )
    t = parse_text(text)
    check_offsets(t)
    assert said(t) == [
        ("<b>Ana</b>", "<script>alert('x')</script> & <i>fine</i>"),
        ("**Ben**", "We **must** ship `v2` <3"),
        ("**Cy**", "[link](http://example.com) a < b > c"),
        ("<b>Ana</b>", "again &amp; again"),
    ]


def test_header_lines_before_the_first_speaker_are_speakerless_utterances():
    text = "# Call with Acme\nDate: 2026-03-14\n\nAna: Hello.\nBen: Hi.\n"
    t = parse_text(text)
    check_offsets(t)
    assert said(t)[:2] == [(None, "Call with Acme"), (None, "Date: 2026-03-14")]
    assert t.detected_title == "Call with Acme"
    assert t.detected_date == dt.date(2026, 3, 14)


# --- WebVTT ----------------------------------------------------------------------------------

VTT = """WEBVTT - partner call

NOTE Meeting on March 14, 2026
with Acme

intro
00:00:01.000 --> 00:00:04.000
<v Jun Kitamura>Welcome, everyone.</v>

2
00:00:04.500 --> 00:00:07.250 align:start
<v.loud Amara Okafor>We need the numbers
before Friday.

00:08.000 --> 00:09.000
<v Jun Kitamura>Agreed.</v> <v Amara Okafor>Good.

00:00:10.000 --> 00:00:12.000
José: I can send them.
"""


def test_vtt_voice_tags_give_speakers_and_exact_offsets():
    t = parse_text(VTT)
    check_offsets(t)
    assert t.format == "vtt"
    assert [(u.speaker, u.text, u.ts_start, u.ts_end) for u in t.utterances] == [
        ("Jun Kitamura", "Welcome, everyone.", 1.0, 4.0),
        ("Amara Okafor", "We need the numbers\nbefore Friday.", 4.5, 7.25),
        ("Jun Kitamura", "Agreed.", 8.0, 9.0),
        ("Amara Okafor", "Good.", 8.0, 9.0),
        ("José", "I can send them.", 10.0, 12.0),
    ]
    assert t.detected_date == dt.date(2026, 3, 14)
    assert t.participants == ["Jun Kitamura", "Amara Okafor", "José"]


def test_vtt_broken_timestamps_and_overlapping_cues_keep_the_text():
    text = (
        "WEBVTT\n\n"
        "00:00:0x.000 --> 00:00:04.000\nAna: first\n\n"
        "00:00:03.000 --> 00:00:02.000\nBen: overlapping and backwards\n\n"
        "00:00:01.000 - 00:00:05.000\nAna: mangled arrow\n\n"
        " --> \nBen: empty timing\n"
    )
    t = parse_text(text)
    check_offsets(t)
    assert [(u.speaker, u.text, u.ts_start, u.ts_end) for u in t.utterances] == [
        ("Ana", "first", None, 4.0),
        ("Ben", "overlapping and backwards", 3.0, 2.0),
        ("Ana", "mangled arrow", 1.0, 5.0),
        ("Ben", "empty timing", None, None),
    ]


def test_vtt_without_blank_line_after_header_and_with_style_block():
    text = (
        "WEBVTT\n00:01.000 --> 00:02.000\nHello there.\n\n"
        "STYLE\n::cue { color: red }\n\n00:03.000 --> 00:04.000\nBye.\n"
    )
    t = parse_text(text)
    check_offsets(t)
    assert said(t) == [(None, "Hello there."), (None, "Bye.")]


# --- SRT -------------------------------------------------------------------------------------

SRT = """1
00:00:01,000 --> 00:00:04,000
Ana Souza: Shall we start?

2
00:00:04,500 --> 00:00:06,000
Ben Ito: Yes.
Ana Souza: Good.

00:00:07,000 --> 00:00:09,000
Ben Ito: This cue has no index.
4
00:00:10,000 --> 00:00:12,000
Ana Souza: And this one no blank line before it.
"""


def test_srt_with_missing_indices_and_blank_lines():
    t = parse_text(SRT)
    check_offsets(t)
    assert t.format == "srt"
    assert [(u.speaker, u.text, u.ts_start) for u in t.utterances] == [
        ("Ana Souza", "Shall we start?", 1.0),
        ("Ben Ito", "Yes.", 4.5),
        ("Ana Souza", "Good.", 4.5),
        ("Ben Ito", "This cue has no index.", 7.0),
        ("Ana Souza", "And this one no blank line before it.", 10.0),
    ]


def test_srt_without_speakers_and_with_crlf():
    text = (
        "1\r\n00:00:01,000 --> 00:00:02,000\r\nHello <i>world</i>\r\nsecond line\r\n\r\n"
        "2\r\n00:00:03,000 --> 00:00:04,000\r\nBye\r\n"
    )
    t = parse_text(text)
    check_offsets(t)
    assert said(t) == [(None, "Hello <i>world</i>\r\nsecond line"), (None, "Bye")]
    assert t.participants == []


# --- JSON ------------------------------------------------------------------------------------


def test_json_list_offsets_point_into_the_raw_json():
    data = [
        {"speaker": "Ana", "text": "Hello there", "start": 1.5, "confidence": 0.9},
        {"speaker": " Ben  Ito ", "text": "  padded  ", "start": "00:00:03.250"},
        {"text": "no speaker"},
        {"speaker": "Ana", "text": ""},
        {"speaker": "Ana"},
        {"speaker": "Ben", "text": 'Ana said "hi"\n'},
    ]
    raw = json.dumps(data, indent=2, ensure_ascii=False)
    t = parse_text(raw)
    check_offsets(t)
    assert t.format == "json"
    assert [(u.speaker, u.text, u.ts_start) for u in t.utterances] == [
        ("Ana", "Hello there", 1.5),
        ("Ben Ito", "padded", 3.25),
        (None, "no speaker", None),
        ("Ben", 'Ana said \\"hi\\"', None),  # escaped value: the raw literal slice
    ]
    assert t.participants == ["Ana", "Ben Ito", "Ben"]


def test_json_segments_object_and_alternative_keys():
    raw = json.dumps(
        {
            "title": "Acme sync",
            "date": "2026-03-14",
            "segments": [
                {"name": "Ana", "content": "one", "start_time": 2},
                {"speaker_name": "Ben", "utterance": "two", "end_time": 5},
                {"speaker": "Ana", "text": "Ana", "start": 7},
            ],
        }
    )
    t = parse_text(raw)
    check_offsets(t)
    assert said(t) == [("Ana", "one"), ("Ben", "two"), ("Ana", "Ana")]
    assert t.utterances[0].ts_start == 2.0 and t.utterances[1].ts_end == 5.0
    # The text "Ana" must point at the text value, not at the speaker value before it.
    assert raw[t.utterances[2].start - 9 : t.utterances[2].start] == '"text": "'
    assert t.detected_title == "Acme sync"
    assert t.detected_date == dt.date(2026, 3, 14)


def test_json_entries_whose_text_is_under_words_or_sentence_are_read_and_word_lists_are_not_text():
    raw = json.dumps(
        [
            {"speaker_name": "Lucía", "words": "¡Hola! We send the contract Friday."},
            {"speaker_name": "Per", "sentence": "Good, thanks."},
            {"speaker_name": "Per", "words": [{"word": "ignored"}], "text": "From text."},
        ],
        ensure_ascii=False,
    )
    t = parse_text(raw)
    check_offsets(t)
    assert said(t) == [
        ("Lucía", "¡Hola! We send the contract Friday."),
        ("Per", "Good, thanks."),
        ("Per", "From text."),
    ]


def test_json_with_utf8_bom_keeps_offsets_into_the_decoded_text():
    raw = '[{"speaker": "Zoë", "text": "Grüße — 5 €"}]'
    t = load_bytes(b"\xef\xbb\xbf" + raw.encode("utf-8"), "call.json")
    check_offsets(t)
    assert t.text == raw and t.encoding == "utf-8-sig"
    assert said(t) == [("Zoë", "Grüße — 5 €")]


@pytest.mark.parametrize(
    "raw",
    ['["a", "b"]', '{"foo": 1}', "42", '[{"speaker": "Ana"}]', "[]", '[{"text": "ok"}, 3]'],
)
def test_json_that_is_not_a_list_of_utterance_objects_is_refused(raw):
    with pytest.raises(InputError) as info:
        parse_text(raw, format="json")
    assert "JSON" in str(info.value) and "segments" in str(info.value)


def test_invalid_json_with_explicit_format_is_refused_but_autodetect_falls_back():
    with pytest.raises(InputError, match="could not be read"):
        parse_text('[{"text": "unterminated', format="json")
    t = parse_text('[{"text": "unterminated')
    assert t.format != "json"
    check_offsets(t)


# --- minutes ---------------------------------------------------------------------------------

MINUTES = """# Acme partnership sync
Date: 14 March 2026
Attendees: Jun Kitamura (JK), Amara Okafor, Li Wei, Dr. Sara Lind

## Discussion
- Pricing: Acme wants a 10% discount.
* JK: we can consider it
  if volume grows.
• Amara: timeline is tight
1. Data sharing still open

ACTION: JK to send the revised deck by Friday
Action item: Amara to confirm the pilot scope.
TODO: book the next call
"""


def test_minutes_bullets_headings_actions_with_offsets_excluding_markers():
    t = parse_text(MINUTES)
    check_offsets(t)
    assert t.format == "minutes"
    assert said(t) == [
        (None, "Acme partnership sync"),
        (None, "Date: 14 March 2026"),
        (None, "Attendees: Jun Kitamura (JK), Amara Okafor, Li Wei, Dr. Sara Lind"),
        (None, "Discussion"),
        (None, "Pricing: Acme wants a 10% discount."),
        ("JK", "we can consider it\n  if volume grows."),
        ("Amara", "timeline is tight"),
        (None, "Data sharing still open"),
        (None, "ACTION: JK to send the revised deck by Friday"),
        (None, "Action item: Amara to confirm the pilot scope."),
        (None, "TODO: book the next call"),
    ]
    assert t.detected_title == "Acme partnership sync"
    assert t.detected_date == dt.date(2026, 3, 14)


def test_minutes_attendees_give_participants_and_initials_aliases():
    t = parse_text(MINUTES)
    assert t.participants == ["Jun Kitamura", "Amara Okafor", "Li Wei", "Dr. Sara Lind"]
    assert t.aliases["JK"] == "Jun Kitamura"  # written in parentheses
    assert t.aliases["AO"] == "Amara Okafor"  # derived from the name
    assert t.aliases["LW"] == "Li Wei"
    assert t.aliases["SL"] == "Dr. Sara Lind"  # honorific skipped
    assert t.aliases["Amara"] == "Amara Okafor"
    assert t.aliases["Sara"] == "Dr. Sara Lind"


def test_ambiguous_initials_and_first_names_are_left_out():
    text = "Attendees: Ana Silva, Ana Sousa (ASO), Ben Ito\n\n- Ben: hello\n- Ana Silva: hi\n"
    t = parse_text(text)
    assert t.aliases.get("AS") == "Ana Silva"  # Ana Sousa has explicit initials
    assert t.aliases["ASO"] == "Ana Sousa"
    assert "Ana" not in t.aliases
    assert t.aliases["Ben"] == "Ben Ito"


def test_attendees_as_a_bullet_list_under_the_label():
    text = "# Notes\n\nParticipants:\n- Jun Kitamura (JK)\n- Amara Okafor – Acme\n\n## Points\n- JK: agreed\n"
    t = parse_text(text)
    check_offsets(t)
    assert t.participants == ["Jun Kitamura", "Amara Okafor"]
    assert t.aliases["JK"] == "Jun Kitamura"
    assert said(t)[-1] == ("JK", "agreed")


# --- plain -----------------------------------------------------------------------------------


def test_plain_prose_splits_into_sentence_ish_units():
    text = (
        "We discussed the rollout with the partner team and the\n"
        "dates they proposed.\n"
        "Budget remains open.\n\n"
        "A second paragraph without an ending"
    )
    t = parse_text(text)
    check_offsets(t)
    assert t.format == "plain"
    assert [u.text for u in t.utterances] == [
        "We discussed the rollout with the partner team and the\ndates they proposed.",
        "Budget remains open.",
        "A second paragraph without an ending",
    ]


def test_a_two_megabyte_single_line_parses_into_utterances_with_exact_offsets():
    """Its parse time is measured by bench/input_bounds.py, not asserted here."""
    sentence = "The partner asked again about the data-sharing terms and nobody answered. "
    text = sentence * (2_000_000 // len(sentence))
    t = load_bytes(text.encode())
    check_offsets(t)
    assert t.format == "plain" and len(t.utterances) > 1000
    t = parse_text("Ana: " + "x" * 2_000_000)
    check_offsets(t)
    assert said(t)[0][0] == "Ana" and len(t.utterances[0].text) == 2_000_000


# --- detection -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (VTT, "vtt"),
        ("\ufeffWEBVTT\n\n00:01.000 --> 00:02.000\nhi\n", "vtt"),
        (SRT, "srt"),
        ('[{"speaker": "A", "text": "b"}]', "json"),
        ('  {"segments": [{"text": "hi"}]}', "json"),
        ("[00:00:01] Ana: hi\n[00:00:02] Ben: yo\n", "lines"),
        (LINES, "lines"),
        (MINUTES, "minutes"),
        ("- one\n- two\n- three\n", "minutes"),
        ("Just some prose. Nothing else here.", "plain"),
    ],
)
def test_format_is_autodetected(text, expected):
    assert detect_format(text) == expected
    t = parse_text(text)
    assert t.format == expected
    check_offsets(t)


def test_explicit_format_overrides_detection_and_unknown_format_is_refused():
    t = parse_text(LINES, format="plain")
    assert t.format == "plain" and all(u.speaker is None for u in t.utterances)
    check_offsets(t)
    with pytest.raises(InputError, match="unknown transcript format"):
        parse_text(LINES, format="pdf")
    assert set(FORMATS) == {"vtt", "srt", "json", "email", "minutes", "lines", "plain"}


# --- metadata --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("Date: 2026-03-14", dt.date(2026, 3, 14)),
        ("Date: 14 March 2026", dt.date(2026, 3, 14)),
        ("**Date:** March 14th, 2026", dt.date(2026, 3, 14)),
        ("Meeting on March 14, 2026", dt.date(2026, 3, 14)),
        ("# Acme sync 2026-03-14", dt.date(2026, 3, 14)),
        ("Date: 14/03/2026", dt.date(2026, 3, 14)),
        ("Date: 14 mars 2026", dt.date(2026, 3, 14)),  # dateparser fallback
        ("Date: today", None),
        ("Date: 2026-02-30", None),
        ("No date here", None),
        # Month first only when the notes show it; dates in other scripts.
        ("Date: 02/12/2026", dt.date(2026, 12, 2)),
        ("Date: Wed, 12/02/2026", dt.date(2026, 12, 2)),
        ("Date: 12/02/2026\nNext review 12/20/2026", dt.date(2026, 12, 2)),
        ("Date: 12/02/2026\nNext review 20/12/2026", dt.date(2026, 2, 12)),
        ("التاريخ: 2 ديسمبر 2026", dt.date(2026, 12, 2)),
        ("日期：2026年12月2日", dt.date(2026, 12, 2)),
        ("2026년 12월 2일 회의", dt.date(2026, 12, 2)),
    ],
)
def test_date_detection(header, expected):
    t = parse_text(f"{header}\nAna: hello\nBen: hi\n")
    assert t.detected_date == expected
    assert t.detected_date != dt.date.today() or expected == dt.date.today()


def test_date_deep_in_the_transcript_is_not_the_meeting_date():
    body = "".join(f"Ana: point {i}\n" for i in range(80))
    t = parse_text(body + "Ben: we shipped on 2025-01-02\n")
    assert t.detected_date is None


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("# Quarterly review #\nAna: hi\n", "Quarterly review"),
        ("Subject: Pricing call\nAna: hi\nBen: yo\n", "Pricing call"),
        ("Title: Acme / Beta sync\n\n- a\n- b\n", "Acme / Beta sync"),
        ("Ana: hi\nBen: yo\n", None),
    ],
)
def test_title_detection(text, title):
    assert parse_text(text).detected_title == title


# --- decoding --------------------------------------------------------------------------------

SAMPLE = "Ana: Olá, café?\nBen: Sí — 5 €.\n"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (SAMPLE.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + SAMPLE.encode("utf-8"), "utf-8-sig"),
        (b"\xff\xfe" + SAMPLE.encode("utf-16-le"), "utf-16-le"),
        (b"\xfe\xff" + SAMPLE.encode("utf-16-be"), "utf-16-be"),
        (SAMPLE.encode("utf-16-le"), "utf-16-le"),
        (SAMPLE.encode("utf-16-be"), "utf-16-be"),
        (b"\xff\xfe\x00\x00" + SAMPLE.encode("utf-32-le"), "utf-32-le"),
        (SAMPLE.encode("utf-32-le"), "utf-32-le"),
    ],
)
def test_unicode_encodings_with_and_without_bom_decode_verbatim(data, encoding):
    text, found = decode(data)
    assert (text, found) == (SAMPLE, encoding)
    t = load_bytes(data, "call.txt")
    assert t.encoding == encoding and said(t) == [("Ana", "Olá, café?"), ("Ben", "Sí — 5 €.")]


@pytest.mark.parametrize("encoding", ["utf-16-le", "cp1251", "shift_jis"])
def test_non_latin_scripts_decode_via_charset_detection(encoding):
    original = "北村: 明日までに資料を送ります。\n田中: はい、わかりました。\n"
    if encoding == "cp1251":
        original = "Иван: Привет, мы отправим документ завтра.\nОльга: Хорошо, спасибо большое.\n"
    text, _ = decode(original.encode(encoding))
    assert text == original
    assert len(parse_text(text).participants) == 2


def test_cp1252_smart_quotes_and_euro():
    original = "Ana: We’ll pay “40 €” — maybe.\r\nBen: Fine…\r\n"
    text, encoding = decode(original.encode("cp1252"))
    assert (text, encoding) == (original, "cp1252")
    t = load_bytes(original.encode("cp1252"), "notes.txt")
    check_offsets(t)
    assert said(t) == [("Ana", "We’ll pay “40 €” — maybe."), ("Ben", "Fine…")]


def test_latin1_with_mixed_line_endings_keeps_them_and_offsets():
    original = "José: Ça va très bien.\r\nMüller: Grüße aus Köln.\rÅsa: Så bra.\nJosé: Olé.\r"
    text, encoding = decode(original.encode("latin-1"))
    assert text == original and encoding in ("latin-1", "cp1252")
    t = load_bytes(original.encode("latin-1"))
    check_offsets(t)
    assert said(t) == [
        ("José", "Ça va très bien."),
        ("Müller", "Grüße aus Köln."),
        ("Åsa", "Så bra."),
        ("José", "Olé."),
    ]


def test_stray_nul_and_control_bytes_do_not_break_parsing():
    data = b"Ana: hel\x00lo\x07 there\x0b\nBen: fi\x1bne\x0c thanks\x1c\nAna: \x00\n"
    t = load_bytes(data, "call.txt")
    check_offsets(t)
    assert [u.speaker for u in t.utterances] == ["Ana", "Ben", "Ana"]
    assert t.utterances[0].text == "hel\x00lo\x07 there"
    assert t.utterances[2].text == "\x00"  # not whitespace, so kept verbatim


@pytest.mark.parametrize(
    ("data", "what"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "PDF"),
        (b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + b"\x00" * 40, "ZIP"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
        (b"\x1f\x8b\x08\x00\x00\x00\x00\x00", "gzip"),
        (bytes(range(256)) * 8, "binary"),
    ],
)
def test_binary_files_under_a_txt_name_are_refused_with_a_fix(data, what):
    with pytest.raises(InputError) as info:
        load_bytes(data, "meeting.txt")
    message = str(info.value)
    assert what in message and "meeting.txt" in message
    assert ".txt, .vtt, .srt, .docx or .json" in message


@pytest.mark.parametrize("data", [b"", b"   \n\t\r\n  ", "  \n ".encode("utf-16")])
def test_empty_and_whitespace_only_input_is_refused(data):
    with pytest.raises(InputError, match="is empty"):
        load_bytes(data, "empty.txt")
    with pytest.raises(InputError, match="empty"):
        parse_text("  \n")


# --- loading ---------------------------------------------------------------------------------


def test_over_size_input_is_refused_naming_the_limit_and_setting(monkeypatch):
    with pytest.raises(InputError) as info:
        load_bytes(b"Ana: hi\n" * 1000, "big.txt", max_bytes=1024)
    assert "big.txt" in str(info.value) and "ANALYZER_MAX_INPUT_MB" in str(info.value)
    monkeypatch.setenv("ANALYZER_MAX_INPUT_MB", "0.001")
    get_settings.cache_clear()
    try:
        with pytest.raises(InputError, match="over the 1.0 KB input limit"):
            load_bytes(b"x" * 2000, "big.txt")
    finally:
        monkeypatch.delenv("ANALYZER_MAX_INPUT_MB")
        get_settings.cache_clear()


def _docx_bytes(paragraphs: list[str]) -> bytes:
    import docx

    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "Owner"
    table.rows[0].cells[1].text = "Due"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_real_docx_is_read_as_paragraphs_joined_by_newlines():
    paragraphs = ["Jun Kitamura: We start now.", "Amara Okafor: Good.", "", "Jun Kitamura: Done."]
    data = _docx_bytes(paragraphs)
    t = load_bytes(data, "call.docx")
    check_offsets(t)
    assert t.format == "docx"
    assert t.text == "\n".join(paragraphs) + "\nOwner\tDue"
    assert said(t) == [
        ("Jun Kitamura", "We start now."),
        ("Amara Okafor", "Good."),
        ("Jun Kitamura", "Done.\nOwner\tDue"),  # the table row continues the last turn
    ]
    # A Word file with another name is still recognised by its contents.
    assert load_bytes(data, "call.bin").format == "docx"


def test_docx_that_is_really_text_is_parsed_as_text():
    t = load_bytes(b"Ana: hi\nBen: hello\n", "call.docx")
    assert t.format == "lines" and said(t) == [("Ana", "hi"), ("Ben", "hello")]


def test_corrupt_docx_is_refused_with_a_fix():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "not word")
    with pytest.raises(InputError, match="Word document"):
        load_bytes(buffer.getvalue(), "broken.docx")


def test_load_path_reads_files_and_reports_missing_ones(tmp_path):
    path = tmp_path / "call.srt"
    path.write_bytes(SRT.encode("utf-8"))
    assert load_path(path).format == "srt"
    with pytest.raises(InputError, match="no such file"):
        load_path(tmp_path / "missing.txt")
    with pytest.raises(InputError, match="folder"):
        load_path(tmp_path)


def test_every_input_error_says_what_to_do():
    for bad in (b"", b"%PDF-1.4", b"[1, 2]"):
        with pytest.raises(InputError) as info:
            load_bytes(bad, "x.txt")
        assert info.value.fix, str(info.value)


def test_a_labeled_meeting_file_is_read_as_the_meeting_inside_it_with_its_title_and_date():
    from pathlib import Path

    example = (Path(__file__).resolve().parents[1] / "examples" / "sao-paulo-logistics.txt").read_text(
        encoding="utf-8"
    )
    labeled = {
        "id": "m1",
        "title": "Rate  review",
        "date": "2026-02-03",
        "partner": "TransRota",
        "transcript": example,
        "labels": [{"kind": "commitment", "quote": "send", "owner": None, "due": None, "description": "x"}],
    }
    t = load_bytes(json.dumps(labeled, ensure_ascii=False, indent=2).encode("utf-8"), "labeled.json")
    plain = parse_text(example)
    assert t.text == example and t.format == plain.format
    assert [(u.speaker, u.text) for u in t.utterances] == [(u.speaker, u.text) for u in plain.utterances]
    assert t.detected_title == "Rate review" and t.detected_date == dt.date(2026, 2, 3)


def test_a_json_export_that_merely_has_a_labels_key_is_still_read_as_an_export():
    raw = json.dumps({"labels": ["x"], "utterances": [{"speaker": "Ana", "text": "Hello there"}]})
    t = load_bytes(raw.encode("utf-8"), "export.json")
    assert t.format == "json" and [(u.speaker, u.text) for u in t.utterances] == [("Ana", "Hello there")]
