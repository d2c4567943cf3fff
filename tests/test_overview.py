"""The extractive overview: decision rules pass their own examples, and each line cites real words."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from analyzer.overview import RULES_FILE, build, decision_rule, topics
from analyzer.pipeline import analyze
from analyzer.ingest.detect import parse_text

ROOT = Path(__file__).resolve().parents[1]
RULES = json.loads(RULES_FILE.read_text(encoding="utf-8"))["decision_rules"]


@pytest.mark.parametrize("rule", RULES, ids=[r["id"] for r in RULES])
def test_each_decision_rule_finds_its_examples_and_none_of_its_counter_examples(rule):
    for sentence in rule["examples"]:
        assert decision_rule(sentence) == rule["id"], sentence
    for sentence in rule["not_examples"]:
        assert decision_rule(sentence) is None, sentence


def test_topics_are_phrases_said_in_several_turns_never_the_speakers_names():
    transcript = parse_text(
        "Mira Okafor: The cold chain audit is booked.\n"
        "Tomas Lind: Good, and the cold chain audit covers both depots?\n"
        "Mira Okafor: Both depots, yes. Tomas, the pallet labels are the other thing.\n"
        "Tomas Lind: Pallet labels we fix next sprint.\n"
    )
    found = topics(transcript, ["Mira Okafor", "Tomas Lind"])
    assert found[:2] == ["cold chain audit", "depots"] or set(found[:3]) >= {"cold chain audit", "depots"}
    assert "pallet labels" in [t.casefold() for t in found]
    assert not {"Mira", "Okafor", "Tomas", "Lind"} & {w for t in found for w in t.split()}


def test_an_analysed_meeting_gets_an_overview_whose_lines_point_at_its_words():
    report = analyze(ROOT / "examples" / "kitamura-precision.vtt", partner="Kitamura Precision", store=False)
    overview = build(report)
    commitments = report.by_kind("commitment")
    assert [line.text for line in overview.next_steps] == [
        f.summary for f in sorted(commitments, key=lambda f: (f.due is None, f.due, f.start))
    ]
    assert len(overview.open_items) == len(report.by_kind("unresolved_conflict"))
    assert overview.topics and all(t.casefold() in report.transcript.text.casefold() for t in overview.topics)
    for line in overview.decisions:
        assert report.transcript.text[line.start : line.end] == line.text and line.rule


def test_the_follow_up_email_and_the_internal_note_list_the_decisions_in_the_speakers_words():
    from analyzer.export import to_email, to_markdown

    text = (
        "Ines Duarte: Thanks for joining. Let's go with the Porto warehouse for the pilot.\n"
        "Kofi Mensah: Fine. I'll send the revised rate card by Friday.\n"
        "Ines Duarte: We haven't agreed anything on exclusivity, that stays open.\n"
    )
    report = analyze(text, partner="Mensah Logistics", date=dt.date(2026, 3, 2), store=False)
    email, note = to_email(report), to_markdown(report)
    assert "What we decided:" in email
    assert "- “Let's go with the Porto warehouse for the pilot.”" in email
    assert "exclusivity" not in email.split("What we decided:")[1].split("next steps")[0]
    assert "### Decisions" in note and "Porto warehouse" in note.split("### Decisions")[1]


def test_header_lines_above_a_transcript_give_no_topics():
    from analyzer.ingest import parse_text
    from analyzer.overview import topics

    text = (
        "Pilot planning call\nDate: 2 December 2026\nAttendees: Dara Quinn, Lee Min\n\n"
        "Dara Quinn: When is the pilot start date?\nLee Min: The start date depends on the pallet count.\n"
        "Dara Quinn: Then send the pallet count first.\n"
    )
    found = topics(parse_text(text), ["Dara Quinn", "Lee Min"])
    assert "Date" not in found and "pallet count" in found
