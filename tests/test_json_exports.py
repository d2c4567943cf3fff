"""The native JSON of speech-to-text services: Deepgram, AWS Transcribe, Google Speech-to-Text and
AssemblyAI are read with speakers and timings in seconds; Rev.ai is refused with a way out.

Every utterance must be transcript.text[start:end] of the raw JSON, so each test checks the slice.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from analyzer.core.errors import InputError
from analyzer.core.models import Transcript
from analyzer.ingest import load_bytes, parse_text

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def turns(t: Transcript) -> list[tuple[str | None, str, float | None, float | None]]:
    """(speaker, text, ts_start, ts_end) per utterance, after checking each is a slice of the raw text."""
    for utt in t.utterances:
        assert t.text[utt.start : utt.end] == utt.text
    return [(u.speaker, u.text, u.ts_start, u.ts_end) for u in t.utterances]


def deepgram(results: dict) -> str:
    return json.dumps(
        {"metadata": {"request_id": "r-17", "duration": 40.0, "channels": 1}, "results": results}
    )


def deepgram_channel(alternative: dict) -> dict:
    return {"channels": [{"alternatives": [{"confidence": 0.97, "words": [], **alternative}]}]}


def test_deepgram_utterances_become_turns_with_numbered_speakers_and_second_times():
    raw = deepgram(
        {
            **deepgram_channel({"transcript": "Shall we begin? The crates left Busan."}),
            "utterances": [
                {"start": 1.25, "end": 2.5, "channel": 0, "transcript": "Shall we begin?", "speaker": 0},
                {
                    "start": 3.0,
                    "end": 6.75,
                    "channel": 0,
                    "transcript": "The crates left Busan.",
                    "speaker": 1,
                },
            ],
        }
    )
    t = parse_text(raw)
    assert t.format == "json"
    assert turns(t) == [
        ("Speaker 0", "Shall we begin?", 1.25, 2.5),
        ("Speaker 1", "The crates left Busan.", 3.0, 6.75),
    ]
    assert t.participants == ["Speaker 0", "Speaker 1"]


def test_deepgram_without_utterances_reads_each_paragraph_sentence_with_the_paragraph_speaker():
    paragraphs = [
        {
            "speaker": 1,
            "sentences": [
                {"text": "Morning all.", "start": 0.5, "end": 1.5},
                {"text": "Quotes are due Tuesday.", "start": 1.6, "end": 3.2},
            ],
        },
        {"speaker": 0, "sentences": [{"text": "Tuesday works for us.", "start": 4.0, "end": 5.5}]},
    ]
    raw = deepgram(deepgram_channel({"transcript": "x", "paragraphs": {"paragraphs": paragraphs}}))
    assert turns(parse_text(raw)) == [
        ("Speaker 1", "Morning all.", 0.5, 1.5),
        ("Speaker 1", "Quotes are due Tuesday.", 1.6, 3.2),
        ("Speaker 0", "Tuesday works for us.", 4.0, 5.5),
    ]


def test_deepgram_with_only_a_transcript_is_one_speakerless_utterance():
    raw = deepgram(deepgram_channel({"transcript": "We ship the samples on the ninth."}))
    assert turns(parse_text(raw)) == [(None, "We ship the samples on the ninth.", None, None)]


def aws(results: dict) -> str:
    return json.dumps({"jobName": "vendor-sync", "status": "COMPLETED", "results": results}, indent=1)


def test_aws_audio_segments_become_turns_keeping_spk_labels_and_reading_string_seconds():
    raw = aws(
        {
            "transcripts": [{"transcript": "Can you confirm the tonnage? Yes, twelve tons."}],
            "items": [{"type": "pronunciation", "alternatives": [{"content": "Can"}], "start_time": "0.4"}],
            "audio_segments": [
                {
                    "id": 0,
                    "transcript": "Can you confirm the tonnage?",
                    "start_time": "0.4",
                    "end_time": "2.1",
                    "speaker_label": "spk_1",
                    "items": [0],
                },
                {
                    "id": 1,
                    "transcript": "Yes, twelve tons.",
                    "start_time": "2.9",
                    "end_time": "4.0",
                    "speaker_label": "spk_0",
                    "items": [],
                },
            ],
        }
    )
    t = parse_text(raw)
    assert turns(t) == [
        ("spk_1", "Can you confirm the tonnage?", 0.4, 2.1),
        ("spk_0", "Yes, twelve tons.", 2.9, 4.0),
    ]
    assert t.participants == ["spk_1", "spk_0"]


def test_aws_without_audio_segments_reads_the_job_transcript_without_speakers():
    raw = aws({"transcripts": [{"transcript": "The invoice went out on Monday."}], "items": []})
    assert turns(parse_text(raw)) == [(None, "The invoice went out on Monday.", None, None)]


def test_a_long_whole_recording_transcript_is_cut_into_pieces_that_are_all_slices():
    sentence = "The berth schedule moved by one day again. "
    raw = aws({"transcripts": [{"transcript": (sentence * 80).strip()}]})
    t = parse_text(raw)
    assert len(t.utterances) == 4
    assert all(len(u.text) <= 1000 and u.speaker is None for u in t.utterances)
    assert " ".join(text for _, text, _, _ in turns(t)) == (sentence * 80).strip()


def google(results: list) -> str:
    return json.dumps({"results": results, "totalBilledTime": "30s"}, indent=2)


def test_google_results_become_turns_ending_at_result_end_time_with_a_speaker_only_when_all_tags_agree():
    raw = google(
        [
            {
                "alternatives": [{"transcript": "hello from the lab", "confidence": 0.9}],
                "resultEndTime": "4.200s",
            },
            {
                "alternatives": [
                    {
                        "transcript": " the results look good",
                        "words": [
                            {"startTime": "5s", "endTime": "5.3s", "word": "the", "speakerTag": 2},
                            {"startTime": "5.3s", "endTime": "6s", "word": "results", "speakerTag": 2},
                        ],
                    }
                ],
                "resultEndTime": "7.5s",
            },
            {
                "alternatives": [
                    {
                        "transcript": "sure thanks",
                        "words": [
                            {"startTime": "8.1s", "word": "sure", "speakerTag": 1},
                            {"startTime": "8.6s", "word": "thanks", "speakerTag": 2},
                        ],
                    }
                ],
                "resultEndTime": "9s",
            },
        ]
    )
    assert turns(parse_text(raw)) == [
        (None, "hello from the lab", 0.0, 4.2),  # no words: it starts where the audio does
        ("Speaker 2", "the results look good", 5.0, 7.5),
        (None, "sure thanks", 8.1, 9.0),  # two tags in one result: no single speaker
    ]


def test_google_diarized_words_in_the_last_result_name_the_speakers_of_earlier_results():
    tagged = [
        {"startTime": "0.6s", "word": "welcome", "speakerTag": 1},
        {"startTime": "1.1s", "word": "back", "speakerTag": 1},
        {"startTime": "3.4s", "word": "glad", "speakerTag": 2},
    ]
    raw = google(
        [
            {"alternatives": [{"transcript": "welcome back"}], "resultEndTime": "2.5s"},
            {"alternatives": [{"transcript": "glad to be here"}], "resultEndTime": "5s"},
            {"alternatives": [{"transcript": "", "words": tagged}], "languageCode": "en-us"},
        ]
    )
    assert turns(parse_text(raw)) == [
        ("Speaker 1", "welcome back", 0.0, 2.5),
        ("Speaker 2", "glad to be here", 2.5, 5.0),  # starts where the previous result ended
    ]


def assemblyai(**fields: object) -> str:
    return json.dumps({"id": "tx-5", "status": "completed", "audio_duration": 20, **fields}, indent=2)


def test_assemblyai_millisecond_times_become_seconds_and_letters_become_speakers():
    raw = assemblyai(
        text="Are the labels printed? Half of them.",
        utterances=[
            {
                "speaker": "A",
                "text": "Are the labels printed?",
                "start": 1480,
                "end": 2960,
                "confidence": 0.9,
                "words": [],
            },
            {
                "speaker": "B",
                "text": "Half of them.",
                "start": 3500,
                "end": 4125,
                "confidence": 0.95,
                "words": [{"text": "Half", "start": 3500, "end": 3700, "speaker": "B"}],
            },
        ],
    )
    assert turns(load_bytes(raw.encode(), "call.json")) == [
        ("Speaker A", "Are the labels printed?", 1.48, 2.96),
        ("Speaker B", "Half of them.", 3.5, 4.125),
    ]


def test_assemblyai_shaped_utterances_without_service_keys_are_still_read_as_milliseconds():
    raw = json.dumps(
        {"utterances": [{"speaker": "C", "text": "Noted.", "start": 61000, "end": 61800, "confidence": 0.8}]}
    )
    assert turns(parse_text(raw)) == [("Speaker C", "Noted.", 61.0, 61.8)]


def test_assemblyai_without_speaker_labels_reads_the_text_without_speakers():
    raw = assemblyai(text="We will review the freight quote.", utterances=None, words=[])
    assert turns(parse_text(raw)) == [(None, "We will review the freight quote.", None, None)]


def test_integer_second_times_in_a_plain_export_stay_seconds():
    raw = json.dumps({"utterances": [{"speaker": "Ines", "text": "Start at nine.", "start": 12, "end": 15}]})
    assert turns(parse_text(raw)) == [("Ines", "Start at nine.", 12.0, 15.0)]


def test_the_json_example_keeps_its_second_times():
    t = load_bytes((EXAMPLES / "seoul-cosmetics.json").read_bytes(), "seoul-cosmetics.json")
    assert [u.ts_start for u in t.utterances[:3]] == [0.0, 8.7, 16.9]
    assert [u.speaker for u in t.utterances[:2]] == ["Lee Seo-yeon", "Park Ji-won"]


def test_a_vendor_transcript_with_escapes_maps_to_its_raw_literal():
    raw = deepgram(
        {"utterances": [{"start": 0.0, "end": 1.0, "transcript": 'We call it "phase two".', "speaker": 3}]}
    )
    assert turns(parse_text(raw)) == [("Speaker 3", 'We call it \\"phase two\\".', 0.0, 1.0)]


def test_revai_json_is_refused_with_how_to_export_captions():
    raw = json.dumps(
        {
            "monologues": [
                {"speaker": 0, "elements": [{"type": "text", "value": "Hi", "ts": 0.2, "end_ts": 0.4}]}
            ]
        }
    )
    with pytest.raises(InputError) as info:
        parse_text(raw)
    assert "Rev.ai" in str(info.value) and "captions" in str(info.value) and "VTT or SRT" in str(info.value)


@pytest.mark.parametrize(
    ("raw", "service"),
    [
        (deepgram(deepgram_channel({"transcript": " "})), "Deepgram"),
        (aws({"transcripts": [{"transcript": ""}]}), "AWS Transcribe"),
        (google([{"alternatives": [{"transcript": ""}]}]), "Google Speech-to-Text"),
    ],
)
def test_service_json_with_no_words_is_refused_naming_the_service(raw, service):
    with pytest.raises(InputError, match=f"the {service} JSON holds no transcript text"):
        parse_text(raw, format="json")
