"""The offline model's second stage: context columns, and boosted trees evaluated with numpy alone."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import numpy as np
import pytest

from analyzer.backends.offline import context_stage, model

ROOT = Path(__file__).resolve().parents[1]


def _train_context():
    sys.path.insert(0, str(ROOT))
    spec = importlib.util.spec_from_file_location("train_context_script", ROOT / "eval" / "train_context.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_exported_trees_give_scikit_learns_probabilities():
    rng = np.random.RandomState(3)
    x = rng.randn(3000, 6)
    y = ((x[:, 0] > 0.2) ^ (x[:, 1] * x[:, 2] > 0.5)).astype(int)
    train_context = _train_context()
    forest = train_context.fit_forest(x, y, np.ones(len(y)), seed=7)
    trees = train_context.export_trees(forest, x[:100])
    fresh = rng.randn(500, 6)
    assert np.allclose(context_stage.forest_probability(trees, fresh), forest.predict_proba(fresh)[:, 1])
    # The trees learned the pattern, so the comparison is not between two constant outputs.
    assert forest.score(fresh, ((fresh[:, 0] > 0.2) ^ (fresh[:, 1] * fresh[:, 2] > 0.5)).astype(int)) > 0.8


def test_context_columns_see_the_neighbours_and_the_next_speaker():
    probs = np.array([[0.1, 0.1, 0.9, 0.1], [0.1, 0.1, 0.1, 0.1], [0.1, 0.8, 0.1, 0.1]])
    speakers = ["A", "A", "B"]
    x = context_stage.context_matrix(probs, speakers, np.zeros((3, 2)))
    names = context_stage.context_names(["c", "u", "t", "m"], ["s1", "s2"])
    assert x.shape == (3, len(names))
    column = {name: i for i, name in enumerate(names)}
    logit = np.log(0.8 / 0.2)
    # Sentence 0's next turn by someone else is sentence 2 (B), which carries the conflict logit.
    assert x[0, column["next_turn_max_u"]] == pytest.approx(logit)
    assert x[1, column["max_previous_t"]] == pytest.approx(np.log(0.9 / 0.1))
    assert x[2, column["next_turn_max_u"]] == context_stage.FLOOR
    assert list(x[:, column["speaker_change"]]) == [1.0, 0.0, 1.0]
    assert x[0, column["rank_t"]] == 0.0


def test_a_model_whose_context_layout_changed_fails_loudly(tmp_path):
    import json
    import shutil

    for name in ("model.json", "model.npz"):
        shutil.copy(model.DATA / name, tmp_path / name)
    manifest = json.loads((tmp_path / "model.json").read_text())
    if not manifest.get("context_kinds"):
        manifest["context_kinds"] = ["transparency_gap"]
    manifest["context_features"] = manifest.get("context_features", [])[:-1]
    (tmp_path / "model.json").write_text(json.dumps(manifest))
    with pytest.raises(model.ConfigError, match="another feature layout"):
        model.read_model(tmp_path / "model.json")
