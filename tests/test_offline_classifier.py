"""The learned unresolved-conflict scorer shipped with the offline extractor (conflict_model.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from analyzer.backends.offline import OfflineBackend, conflict_model, conflicts
from analyzer.backends.offline.meeting import Meeting
from analyzer.core.backend import ExtractionRequest, MeetingContext
from analyzer.core.errors import ConfigError
from analyzer.core.models import Utterance


def meeting(lines: list[tuple[str, str]]) -> tuple[Meeting, ExtractionRequest]:
    text, utterances = "", []
    for speaker, words in lines:
        line = f"{speaker}: {words}\n"
        start = len(text) + len(speaker) + 2
        utterances.append(Utterance(speaker=speaker, text=words, start=start, end=start + len(words)))
        text += line
    ctx = MeetingContext(meeting_date=dt.date(2026, 3, 4), partner="Hoshino Trading (Japan)",
                         participants=[s for s, _ in lines], aliases={})
    request = ExtractionRequest(chunk_id="c1", text=text, offset=0, utterances=utterances, context=ctx)
    return Meeting.from_request(request), request


def test_the_packaged_scorer_loads_and_its_sha256_is_the_pinned_one():
    scorer = conflict_model.load()
    assert len(scorer.weights) == len(conflict_model.FEATURES)
    assert scorer.meta["training_data_sha256"]


def test_a_changed_scorer_file_fails_with_a_clear_error(tmp_path):
    changed = tmp_path / "conflict_scorer.json"
    changed.write_bytes(conflict_model.SCORER_PATH.read_bytes().replace(b'"bias"', b' "bias"', 1))
    with pytest.raises(ConfigError) as error:
        conflict_model.load(changed)
    assert "sha256" in error.value.problem and "changed" in error.value.problem


def test_the_scorer_ranks_an_open_disagreement_above_a_pleasantry():
    lines = [
        ("Anna", "Thanks for hosting us, the office looks lovely."),
        ("Kenji", "We cannot accept a thirty percent price increase on the resin."),
        ("Anna", "Let's park the price for now and move to logistics."),
    ]
    m, _ = meeting(lines)
    sents = m.sentences
    episodes = conflicts.assess(m)
    rows, replies = conflicts.rule_signals(m, episodes, sents)
    probs = conflict_model.load().probabilities(conflict_model.design(m, sents, rows, replies))
    pleasantry = next(i for i, s in enumerate(sents) if "lovely" in s.text)
    pushback = next(i for i, s in enumerate(sents) if "cannot accept" in s.text)
    assert probs[pushback] > probs[pleasantry]


def test_rules_only_is_the_default_behaviour_because_the_scorer_was_not_adopted():
    # eval/experiments.md: the scorer did not clear the cross-validated adoption bar, so it is off.
    assert conflict_model.ENABLED is False
    assert conflict_model.active() is None


def test_forcing_a_scorer_changes_only_conflicts_and_keeps_quotes_verbatim():
    lines = [
        ("Anna", "I'll send the revised forecast by Friday."),
        ("Kenji", "We cannot accept a thirty percent price increase on the resin."),
        ("Anna", "Let's park the price for now and move to logistics."),
    ]
    _, request = meeting(lines)
    backend = OfflineBackend()
    rules = backend.extract(request).findings
    conflict_model.use(conflict_model.load())
    try:
        scored = backend.extract(request).findings
    finally:
        conflict_model.use(None)
    assert [f for f in scored if f.kind != "unresolved_conflict"] == [f for f in rules if f.kind != "unresolved_conflict"]
    assert all(f.quote in request.text for f in scored)
