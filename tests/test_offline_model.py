"""The trained offline model: pinned weights, loud failures, deterministic training and inference."""

from __future__ import annotations

import importlib.util
import json
import shutil
import sys
from pathlib import Path

import numpy as np
import pytest

from analyzer.backends.offline import OfflineBackend, model
from analyzer.core.backend import ExtractionRequest, MeetingContext
from analyzer.core.errors import ConfigError
from analyzer.core.models import Utterance

ROOT = Path(__file__).resolve().parents[1]


def _train_module():
    spec = importlib.util.spec_from_file_location("train_script", ROOT / "eval" / "train.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["train_script"] = module
    spec.loader.exec_module(module)
    return module


def _copy_weights(tmp_path: Path) -> Path:
    for name in ("model.json", "model.npz"):
        shutil.copy(model.DATA / name, tmp_path / name)
    return tmp_path / "model.json"


def test_shipped_weights_match_their_pinned_sha256():
    manifest = json.loads(model.MANIFEST.read_text())
    assert model.sha256_of(model.DATA / manifest["weights_file"]) == manifest["weights_sha256"]
    assert set(model.read_model().manifest.kinds) == {
        "commitment",
        "unresolved_conflict",
        "transparency_gap",
        "cultural_misstep",
    }


def test_changed_weights_fail_loudly_with_the_fix(tmp_path):
    manifest = _copy_weights(tmp_path)
    weights = tmp_path / "model.npz"
    data = bytearray(weights.read_bytes())
    data[len(data) // 2] ^= 0xFF
    weights.write_bytes(bytes(data))
    with pytest.raises(ConfigError, match="do not match their pinned sha256") as error:
        model.read_model(manifest)
    assert "make train" in str(error.value)


def test_missing_weights_fail_loudly_with_the_fix(tmp_path):
    manifest = _copy_weights(tmp_path)
    (tmp_path / "model.npz").unlink()
    with pytest.raises(ConfigError, match="missing"):
        model.read_model(manifest)
    with pytest.raises(ConfigError, match="manifest"):
        model.read_model(tmp_path / "absent.json")


def _request(text: str) -> ExtractionRequest:
    utterances, pos = [], 0
    for line in text.splitlines(keepends=True):
        name, _, words = line.rstrip("\n").partition(": ")
        start = pos + len(name) + 2
        utterances.append(Utterance(speaker=name, text=words, start=start, end=start + len(words)))
        pos += len(line)
    import datetime as dt

    context = MeetingContext(meeting_date=dt.date(2026, 3, 4), participants=[u.speaker for u in utterances])
    return ExtractionRequest(chunk_id="c", text=text, offset=0, utterances=utterances, context=context)


TEXT = (
    "Ana Souza: Thanks for joining, shall we look at the pallet numbers first?\n"
    "Ken Ito: Yes. I'll send the signed pallet report by Friday.\n"
    "Ana Souza: Good. We still think the surcharge is far too high for this lane.\n"
    "Ken Ito: We cannot move on it this quarter, so let's leave it there for today.\n"
)


def test_findings_carry_the_models_probability_and_are_deterministic():
    backend = OfflineBackend()
    first = backend.extract(_request(TEXT)).findings
    second = OfflineBackend().extract(_request(TEXT)).findings
    assert [f.model_dump() for f in first] == [f.model_dump() for f in second]
    meeting = model.Meeting.from_request(_request(TEXT))
    from analyzer.backends.offline import rule_findings

    hits = {k: f.confidence for k, f in rule_findings(meeting).items()}
    speakers = [s.speaker for s in meeting.sentences]
    probs = backend.model.probabilities(model.feature_matrix(meeting, hits), speakers)
    by_quote = {s.text: s.index for s in meeting.sentences}
    for finding in first:
        assert finding.confidence == round(float(probs[finding.kind][by_quote[finding.quote]]), 3)
    assert any(f.kind == "commitment" and f.owner == "Ken Ito" for f in first)


def test_decide_keeps_one_finding_per_window_and_honours_both_thresholds():
    probs = {"unresolved_conflict": np.array([0.9, 0.8, 0.1, 0.7, 0.3])}
    settings = {"unresolved_conflict": model.KindModel(threshold=0.6, rule_threshold=0.2, window=1)}
    flags = {"unresolved_conflict": np.array([0, 0, 0, 0, 1.0])}
    assert [i for i, _k, _p in model.decide(probs, settings, 0, flags)] == [0, 3]
    settings["unresolved_conflict"].window = 0
    assert [i for i, _k, _p in model.decide(probs, settings, 0, flags)] == [0, 1, 3, 4]
    assert [i for i, _k, _p in model.decide(probs, settings, 0, None)] == [0, 1, 3]


def test_training_twice_gives_the_same_weight_bytes(tmp_path):
    train = _train_module()
    dev = sorted((ROOT / "eval" / "data" / "dev").glob("*.json"))[:4]
    examples = [train.load_example(f"g{i % 2}", path) for i, path in enumerate(dev)]
    outputs = []
    for run in ("a", "b"):
        arrays, settings = train.train(examples, inner_folds=2)
        out = tmp_path / run
        out.mkdir()
        outputs.append(train.write_weights(arrays, settings, {"g": 4}, out).read_bytes())
    assert outputs[0] == outputs[1]
    assert model.read_model(tmp_path / "a" / "model.json").manifest.seed == train.SEED


def test_training_refuses_held_out_data():
    train = _train_module()
    for folder in train.FORBIDDEN:
        assert folder.name in {"test", "sequences-holdout"}
    files = train.groups(None)
    assert all("test" not in path.parent.name for paths in files.values() for path in paths)
