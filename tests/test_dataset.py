"""The labeled-notes format: valid files load with resolved spans; every invalid file names file and field."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from analyzer.core.errors import DatasetError
from analyzer.evaluation import load_dataset

TRANSCRIPT = (
    "Maria: Thanks for joining. I'll send the revised forecast by Friday.\n"
    "Jun: The price is still too high for us.\n"
    "Maria: Let's not get into the numbers today. Thanks.\n"
)


def valid_meeting(**changes) -> dict:
    data = {
        "id": "d01",
        "title": "Forecast review",
        "date": "2025-03-04",
        "partner": "Kitamura Foods",
        "transcript": TRANSCRIPT,
        "labels": [
            {
                "kind": "commitment",
                "quote": "I'll send the revised forecast by Friday.",
                "owner": "Maria",
                "due": "2025-03-07",
                "description": "forecast",
            },
            {"kind": "unresolved_conflict", "quote": "The price is still too high for us."},
            {"kind": "transparency_gap", "quote": "Let's not get into the numbers today."},
        ],
    }
    data.update(changes)
    return data


def write(directory: Path, name: str, data) -> Path:
    path = directory / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


def load_error(tmp_path: Path, data) -> str:
    write(tmp_path, "d03.json", data)
    with pytest.raises(DatasetError) as caught:
        load_dataset(tmp_path)
    return str(caught.value)


def test_valid_file_loads_with_every_label_resolved_to_a_span(tmp_path):
    write(tmp_path, "b.json", valid_meeting(id="b", extra_field="ignored"))
    write(tmp_path, "a.json", valid_meeting(id="a", scored_kinds=["commitment"]))
    write(tmp_path, "notes.txt", "not part of the dataset")
    meetings = load_dataset(tmp_path)
    assert [m.id for m in meetings] == ["a", "b"]  # sorted by file name
    meeting = meetings[1]
    assert meeting.date == dt.date(2025, 3, 4) and meeting.partner == "Kitamura Foods"
    for label in meeting.labels:
        start, end = label.span
        assert TRANSCRIPT[start:end] == label.quote
    assert meeting.labels[0].due == dt.date(2025, 3, 7) and meeting.labels[1].due is None
    assert meetings[0].kinds_scored() == ("commitment",)
    assert meeting.kinds_scored() == (
        "commitment",
        "unresolved_conflict",
        "transparency_gap",
        "cultural_misstep",
    )


def test_repeated_quote_resolves_with_its_start(tmp_path):
    start = TRANSCRIPT.rindex("Thanks.")
    data = valid_meeting(labels=[{"kind": "cultural_misstep", "quote": "Thanks", "start": start}])
    write(tmp_path, "d.json", data)
    assert load_dataset(tmp_path)[0].labels[0].span == (start, start + 6)


def test_followups_pass_through(tmp_path):
    followups = [
        {
            "commitment_meeting": "d00",
            "commitment_quote": "I'll call",
            "status": "slipped",
            "evidence": "Thanks for joining.",
            "evidence_start": 7,
        }
    ]
    write(tmp_path, "d.json", valid_meeting(followups=followups))
    (meeting,) = load_dataset(tmp_path)
    assert meeting.followups[0].status == "slipped" and meeting.followups[0].evidence_start == 7


def test_a_single_file_path_also_loads(tmp_path):
    path = write(tmp_path, "d.json", valid_meeting())
    assert [m.id for m in load_dataset(path)] == ["d01"]


def test_bad_json_names_the_file_and_position(tmp_path):
    message = load_error(tmp_path, '{"id": "d03",\n "title": }')
    assert "d03.json" in message and "not valid JSON" in message and "line 2" in message


def test_top_level_list_is_rejected(tmp_path):
    assert "d03.json" in load_error(tmp_path, [valid_meeting()])


@pytest.mark.parametrize(
    ("drop", "field"),
    [("transcript", "transcript"), ("labels", "labels"), ("date", "date")],
)
def test_missing_meeting_field_is_named(tmp_path, drop, field):
    data = valid_meeting()
    del data[drop]
    message = load_error(tmp_path, data)
    assert f"d03.json: {field}: " in message and "is missing. Add the field" in message


def test_missing_label_field_is_named_with_its_index(tmp_path):
    data = valid_meeting()
    del data["labels"][1]["kind"]
    assert "d03.json: labels[1].kind: " in load_error(tmp_path, data)


def test_quote_not_in_transcript(tmp_path):
    data = valid_meeting()
    data["labels"][2]["quote"] = "let's NOT get into  the numbers today."
    message = load_error(tmp_path, data)
    assert "d03.json: labels[2].quote: " in message and "does not occur in the transcript" in message
    assert "ignoring case and whitespace" in message  # points at the near miss


def test_quote_occurring_twice_without_start(tmp_path):
    data = valid_meeting()
    data["labels"].append({"kind": "cultural_misstep", "quote": "Thanks"})
    message = load_error(tmp_path, data)
    assert "d03.json: labels[3].quote: occurs 2 times in the transcript" in message
    assert 'Add "start" with its character offset' in message


def test_wrong_start(tmp_path):
    data = valid_meeting()
    data["labels"][0]["start"] = 3
    message = load_error(tmp_path, data)
    assert "d03.json: labels[0].start: " in message and "not the quote" in message
    assert str(TRANSCRIPT.index("I'll send")) in message  # says where it really is


def test_repeated_label(tmp_path):
    data = valid_meeting()
    data["labels"].append(dict(data["labels"][1]))
    assert "d03.json: labels[3]: repeats labels[1]" in load_error(tmp_path, data)


def test_bad_kind(tmp_path):
    data = valid_meeting()
    data["labels"][1]["kind"] = "conflict"
    message = load_error(tmp_path, data)
    assert (
        "d03.json: labels[1].kind: 'conflict' is not a kind" in message and "unresolved_conflict" in message
    )


def test_bad_kind_in_scored_kinds(tmp_path):
    assert "d03.json: scored_kinds[0]: " in load_error(tmp_path, valid_meeting(scored_kinds=["commitments"]))


@pytest.mark.parametrize("date", ["04/03/2025", "2025-02-30", 1741046400])
def test_bad_meeting_date(tmp_path, date):
    message = load_error(tmp_path, valid_meeting(date=date))
    assert "d03.json: date: " in message and "YYYY-MM-DD" in message


def test_bad_due_date(tmp_path):
    data = valid_meeting()
    data["labels"][0]["due"] = "Friday"
    assert "d03.json: labels[0].due: 'Friday' is not a date" in load_error(tmp_path, data)


def test_bad_followup_status(tmp_path):
    followups = [{"commitment_meeting": "d00", "commitment_quote": "x", "status": "done"}]
    assert "d03.json: followups[0].status: " in load_error(tmp_path, valid_meeting(followups=followups))


def test_duplicate_meeting_ids(tmp_path):
    write(tmp_path, "a.json", valid_meeting())
    write(tmp_path, "b.json", valid_meeting())
    with pytest.raises(DatasetError, match=r"b\.json: id: 'd01' is also the id of .*a\.json"):
        load_dataset(tmp_path)


def test_empty_or_missing_directory_says_what_to_do(tmp_path):
    with pytest.raises(DatasetError, match="no \\*.json files.*Add one labeled meeting per JSON file"):
        load_dataset(tmp_path)
    with pytest.raises(DatasetError, match="does not exist.*--dataset"):
        load_dataset(tmp_path / "nope")


def test_an_uploaded_labeled_meeting_gives_its_labels_resolved_in_the_analysed_text():
    import json

    from analyzer.evaluation.dataset import labels_of_upload

    text = "Ana: I will send the quote by Monday.\nBo: Thanks.\n"
    data = {
        "id": "u1",
        "title": "Quote call",
        "date": "2026-12-02",
        "transcript": text,
        "labels": [{"kind": "commitment", "quote": "I will send the quote by Monday.", "start": 999}],
    }
    found = labels_of_upload(json.dumps(data).encode(), text)
    assert found is not None and found.labels[0].start == text.index("I will send")
    assert labels_of_upload("Ana: hello\n", "Ana: hello\n") is None
    assert (
        labels_of_upload(
            json.dumps({**data, "labels": [{"kind": "commitment", "quote": "never said"}]}), text
        )
        is None
    )
