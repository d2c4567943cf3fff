"""A small learned scorer for unresolved-conflict quotes, shipped as data next to the cue rules.

Why: the cue rules find pushback episodes well but over-fit the meetings they were tuned on, and
they often quote the wrong sentence of an episode. This logistic regression (numpy only, trained
by eval/train_offline.py on the dev meetings) scores each *graded* sentence (one the rules already
consider pushback) from its MiniLM embedding, the embedding of the reply to it, and the rule
signals. Only graded sentences are scored, so at most a few dozen extra embeddings per meeting.

The weights are a data file of our own: its sha256 is pinned here and checked at load, so an edited
or regenerated file fails loudly until SCORER_SHA256 is updated on purpose.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ...core.errors import ConfigError

SCORER_PATH = Path(__file__).parent / "data" / "conflict_scorer.json"
SCORER_SHA256 = "808b1939ea2fb9fca2d6afdb4aa31bad8bd8ed62b22429ec4972262fa74a0d5f"
# Whether the packaged scorer changes the extractor's output by default. Stays False unless the
# grouped cross-validation in eval/experiments.md clears the adoption bar.
ENABLED = False

# Rule signals, in the order of the columns after the two embeddings (names are saved with the weights).
RULE_FEATURES = [
    "grade1", "grade2", "grade3", "rules_reported", "rules_quote", "episode_open", "episode_size",
    "first_in_episode", "open_cue", "indirect_cue", "resolved_after_near", "resolved_after_far",
    "speaker_change", "position", "minutes", "length", "has_reply",
]
EMBED_DIM = 384
FEATURES = [f"emb{i}" for i in range(EMBED_DIM)] + [f"reply_emb{i}" for i in range(EMBED_DIM)] + RULE_FEATURES


@dataclass
class Scorer:
    """Logistic regression over FEATURES; rule columns are standardised with the saved mean/std."""

    weights: np.ndarray
    bias: float
    mean: np.ndarray  # of the rule columns
    std: np.ndarray
    drop_below: float  # a rule-reported episode whose best sentence scores below this is dropped
    add_above: float  # an episode the rules did not report is added if its best sentence scores above this
    meta: dict

    def probabilities(self, x: np.ndarray) -> np.ndarray:
        z = standardise(x, self.mean, self.std) @ self.weights + self.bias
        return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))

    def to_json(self) -> str:
        body = dict(self.meta, features=FEATURES, weights=[round(float(w), 6) for w in self.weights],
                    bias=round(float(self.bias), 6), rule_mean=[round(float(v), 6) for v in self.mean],
                    rule_std=[round(float(v), 6) for v in self.std], drop_below=self.drop_below,
                    add_above=self.add_above)
        return json.dumps(body, indent=1, sort_keys=True) + "\n"


def standardise(x: np.ndarray, mean: np.ndarray, std: np.ndarray) -> np.ndarray:
    """Embedding columns are already unit-scale; only the rule columns are centred and scaled."""
    out = np.array(x, dtype=np.float64, copy=True)
    out[:, 2 * EMBED_DIM:] = (out[:, 2 * EMBED_DIM:] - mean) / std
    return out


def from_json(text: str) -> Scorer:
    data = json.loads(text)
    if data.get("features") != FEATURES:
        raise ConfigError("the conflict scorer was trained on a different feature list",
                          "retrain it with 'python eval/train_offline.py --write'")
    return Scorer(weights=np.asarray(data["weights"], dtype=np.float64), bias=float(data["bias"]),
                  mean=np.asarray(data["rule_mean"]), std=np.asarray(data["rule_std"]),
                  drop_below=float(data["drop_below"]), add_above=float(data["add_above"]),
                  meta={k: v for k, v in data.items() if k in ("training_data_sha256", "meetings", "l2", "trained_by")})


def load(path: Path = SCORER_PATH, expected: str | None = None) -> Scorer:
    """The packaged scorer, refusing a file whose sha256 is not the pinned one."""
    expected = SCORER_SHA256 if expected is None else expected
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ConfigError(f"the conflict scorer {path} cannot be read ({error})", "reinstall the package") from None
    actual = hashlib.sha256(data).hexdigest()
    if actual != expected:
        raise ConfigError(
            f"the conflict scorer {path.name} has sha256 {actual[:12]}…, expected {expected[:12]}…: the file changed",
            "restore it, or after retraining on purpose update SCORER_SHA256 in conflict_model.py")
    return from_json(data.decode("utf-8"))


_override: Scorer | None | bool = None  # set by `use` (cross-validation); None means the default
_loaded: Scorer | None = None


def use(scorer: Scorer | bool | None) -> None:
    """Force a scorer (a fold's model), False for rules only, or None for the packaged default."""
    global _override
    _override = scorer


def active() -> Scorer | None:
    """The scorer the extractor should apply now, or None for rules only."""
    global _loaded
    if _override is False:
        return None
    if isinstance(_override, Scorer):
        return _override
    if not ENABLED:
        return None
    if _loaded is None:
        _loaded = load()
    return _loaded


def design(meeting, sents: list, rules: list[list[float]], replies: list) -> np.ndarray:
    """Feature rows for `sents`: embedding, reply embedding (zeros if none) and the rule signals.

    Embeddings go through `meeting.embed`, so sentences the rules already compared are not embedded twice.
    """
    if not sents:
        return np.zeros((0, len(FEATURES)))
    meeting.embed(list(sents) + [r for r in replies if r is not None])
    rows = []
    for sent, reply, signals in zip(sents, replies, rules):
        own = meeting.vector(sent)
        other = meeting.vector(reply) if reply is not None else np.zeros(EMBED_DIM, dtype=np.float32)
        rows.append(np.concatenate([own, other, np.asarray(signals, dtype=np.float32)]))
    return np.vstack(rows)


def log_length(text: str) -> float:
    return math.log1p(len(text.split()))
