"""The trained sentence model: features, pinned weights, calibrated probabilities and decisions.

Every sentence of a meeting is a candidate for every kind. Its features are the packaged MiniLM
embedding of the sentence, the mean embedding of the turns around it, the generic signals of
`signals.py` and which rule detectors fired on it. One logistic regression per kind (trained by
`eval/train.py` with scikit-learn) gives a first probability. For the kinds judged across turns, a
second stage (`context_stage.py`) judges again from the first stage's probabilities around the
sentence. A sentence becomes a finding when the last probability reaches the kind's threshold,
chosen on training folds only. Inference is numpy alone.

The weights ship as package data: `data/model.json` (the manifest) pins `data/model.npz` by sha256,
and loading fails loudly when the file is missing or changed.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from pydantic import BaseModel, Field

from ...core.errors import ConfigError
from ...pinned import verified_npz
from ...core.models import KINDS
from . import conflicts
from .context_stage import context_matrix, context_names, forest_probability
from .meeting import Meeting
from .signals import NAMES as SIGNAL_NAMES
from .signals import signal_matrix

DATA = Path(__file__).with_name("data")
MANIFEST = DATA / "model.json"
FEATURE_VERSION = "f1"
EMBED_DIM = 384
RULE_FEATURES = [f"rule_{kind}" for kind in KINDS] + [f"rule_conf_{kind}" for kind in KINDS]
FEATURE_NAMES = (
    [f"emb_{i}" for i in range(EMBED_DIM)]
    + [f"ctx_{i}" for i in range(EMBED_DIM)]
    + SIGNAL_NAMES
    + RULE_FEATURES
)
# The first-stage columns the second stage sees besides the probabilities: everything but the vectors.
CONTEXT_SIGNALS = [n for n in FEATURE_NAMES if not n.startswith(("emb_", "ctx_"))]
CONTEXT_FEATURES = context_names(KINDS, CONTEXT_SIGNALS)
_SIGNAL_COLUMNS = [FEATURE_NAMES.index(n) for n in CONTEXT_SIGNALS]


class KindModel(BaseModel):
    """Decision settings of one kind; its arrays live in the npz under `<kind>.*`."""

    threshold: float = Field(
        ge=0.0, le=1.01, description="A sentence no rule proposed needs this probability."
    )
    rule_threshold: float = Field(
        0.5, ge=0.0, le=1.01, description="A sentence a rule proposed needs this one."
    )
    window: int = Field(
        0, ge=0, description="Keep only the most probable finding within this many sentences."
    )
    speech_threshold: float | None = Field(
        None,
        ge=0.0,
        le=1.0,
        description="Transcribed speech: the floor for extra candidates below `threshold`.",
    )
    speech_density: float = Field(
        0.0, ge=0.0, description="Transcribed speech: at most this many extra candidates per 1,000 words."
    )


class Manifest(BaseModel):
    """What `eval/train.py` wrote: version, feature layout, per-kind settings, the pinned weights file."""

    version: str
    feature_version: str
    features: list[str]
    kinds: dict[str, KindModel]
    weights_file: str
    weights_sha256: str
    trained_on: dict[str, int] = {}
    seed: int = 0
    context_kinds: list[str] = Field(
        default_factory=list, description="Kinds the second stage decides (`context_stage.py`)."
    )
    context_features: list[str] = Field(default_factory=list)


@dataclass
class TrainedModel:
    """Loaded weights: per kind a standardiser and a linear model over FEATURE_NAMES."""

    manifest: Manifest
    arrays: dict[str, np.ndarray]

    @property
    def version(self) -> str:
        return self.manifest.version

    def first_stage(self, features: np.ndarray) -> np.ndarray:
        """Sentences x KINDS of the per-sentence logistic regressions' probabilities (0 for a kind with none)."""
        out = np.zeros((len(features), len(KINDS)))
        for column, kind in enumerate(KINDS):
            if f"{kind}.coef" not in self.arrays:
                continue
            z = (features - self.arrays[f"{kind}.mean"]) / self.arrays[f"{kind}.scale"]
            logit = z @ self.arrays[f"{kind}.coef"] + self.arrays[f"{kind}.intercept"][0]
            out[:, column] = 1.0 / (1.0 + np.exp(-np.clip(logit, -40, 40)))
        return out

    def trees(self, kind: str) -> dict[str, np.ndarray]:
        """The second stage's exported trees of one kind (`context_stage.forest_probability`)."""
        prefix = f"{kind}.tree."
        return {k[len(prefix) :]: v for k, v in self.arrays.items() if k.startswith(prefix)}

    def probabilities(self, features: np.ndarray, speakers: list[str | None]) -> dict[str, np.ndarray]:
        """P(kind | sentence and its context) for every row of `features`; `speakers` per row."""
        first = self.first_stage(features)
        out: dict[str, np.ndarray] = {
            kind: first[:, column] for column, kind in enumerate(KINDS) if kind in self.manifest.kinds
        }
        if self.manifest.context_kinds and len(features):
            x = context_matrix(first, speakers, features[:, _SIGNAL_COLUMNS])
            for kind in self.manifest.context_kinds:
                out[kind] = forest_probability(self.trees(kind), x)
        return out


def sha256_of(path: Path) -> str:
    """The sha256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read_model(manifest_path: Path = MANIFEST) -> TrainedModel:
    """Load and verify the weights; a missing or changed file raises ConfigError with the fix."""
    fix = "run 'make train' to rebuild the weights, or restore analyzer/backends/offline/data from git"
    if not manifest_path.is_file():
        raise ConfigError(f"the offline model manifest {manifest_path} is missing", fix)
    manifest = Manifest.model_validate(json.loads(manifest_path.read_text(encoding="utf-8")))
    layout = manifest.feature_version != FEATURE_VERSION or manifest.features != FEATURE_NAMES
    if layout or (manifest.context_kinds and manifest.context_features != CONTEXT_FEATURES):
        raise ConfigError("the offline model was trained on another feature layout", fix)
    weights = manifest_path.with_name(manifest.weights_file)
    arrays = verified_npz(weights, manifest.weights_sha256, "offline model", fix)
    return TrainedModel(manifest, arrays)


@lru_cache(maxsize=1)
def shipped_model() -> TrainedModel:
    """The weights that ship with the package, verified once per process."""
    return read_model()


def sentence_vectors(meeting: Meeting) -> np.ndarray:
    """Unit MiniLM vectors of every sentence, one batch (the meeting caches them)."""
    if not meeting.sentences:
        return np.zeros((0, EMBED_DIM), dtype=np.float32)
    meeting.embed(meeting.sentences)
    return np.stack([meeting.vector(s) for s in meeting.sentences]).astype(np.float32)


def _context(meeting: Meeting, vectors: np.ndarray) -> np.ndarray:
    """Mean vector of the previous and next turns by other speakers, per sentence."""
    out = np.zeros_like(vectors)
    for sent in meeting.sentences:
        around = [s.index for s in meeting.previous_other(sent)]
        after = [t for t in meeting.turns_after(sent, 3) if t and t[0].speaker != sent.speaker]
        if after:
            around += [s.index for s in after[0]]
        if around:
            out[sent.index] = vectors[around].mean(axis=0)
    return out


# Which sentences `conflicts.closed_sentences` closes; training caches the flags under this version.
CLOSED_VERSION = "closed-2"


def closed_flags(meeting: Meeting) -> np.ndarray:
    """1 where the model may not add a conflict (`conflicts.closed_sentences`), else 0."""
    flags = np.zeros(len(meeting.sentences), dtype=np.int8)
    flags[sorted(conflicts.closed_sentences(meeting))] = 1
    return flags


def rule_flags(features: np.ndarray) -> dict[str, np.ndarray]:
    """Per kind, which rows a rule proposed (read back from the rule-vote columns)."""
    return {kind: features[:, FEATURE_NAMES.index(f"rule_{kind}")] for kind in KINDS}


def feature_matrix(meeting: Meeting, rule_hits: dict[tuple[int, str], float]) -> np.ndarray:
    """FEATURE_NAMES columns for every sentence; `rule_hits` maps (sentence index, kind) to confidence."""
    vectors = sentence_vectors(meeting)
    count = len(meeting.sentences)
    rules = np.zeros((count, len(RULE_FEATURES)), dtype=np.float32)
    for (index, kind), confidence in rule_hits.items():
        column = KINDS.index(kind)
        rules[index, column] = 1.0
        rules[index, len(KINDS) + column] = max(rules[index, len(KINDS) + column], confidence)
    parts = [vectors, _context(meeting, vectors), signal_matrix(meeting, vectors), rules]
    return np.hstack(parts).astype(np.float32) if count else np.zeros((0, len(FEATURE_NAMES)), np.float32)


SPEECH_MIN_WORDS = 4000


def speech_words(meeting: Meeting) -> int:
    """The word count of a long recording of raw speech (most sentences with no capital), else 0.

    Only long recordings qualify: there commitments are casual and sparse, and a ranked handful of
    candidates per 1,000 words is worth checking; a short call's clear promises pass the threshold.
    """
    sentences = meeting.sentences
    lower = sum(1 for s in sentences if s.text == s.text.lower())
    words = sum(len(s.text.split()) for s in sentences)
    if words < SPEECH_MIN_WORDS or lower < 0.6 * len(sentences):
        return 0
    return words


def _speech_extra(probs: np.ndarray, setting: KindModel, words: int) -> list[int]:
    """In long real speech commitments are casual and sparse: the best few below threshold join, ranked."""
    if setting.speech_threshold is None or not setting.speech_density:
        return []
    below = np.flatnonzero((probs < setting.threshold) & (probs >= setting.speech_threshold))
    room = int(setting.speech_density * words / 1000)
    return [int(i) for i in below[np.argsort(-probs[below], kind="stable")][:room]]


def decide(
    probabilities: dict[str, np.ndarray],
    settings: dict[str, KindModel],
    speech_words: int = 0,
    proposed: dict[str, np.ndarray] | None = None,
    closed: np.ndarray | None = None,
) -> list[tuple[int, str, float]]:
    """(sentence index, kind, probability) of every finding: at threshold, one per window.

    `proposed[kind]` flags the sentences a rule proposed; they are held to `rule_threshold`, the rest
    to `threshold`. `speech_words` > 0 marks transcribed speech of that many words, which may add
    ranked candidates. `closed` flags sentences of disputes the rules settled or already report: no
    conflict the rules did not propose is reported there.
    """
    chosen: list[tuple[int, str, float]] = []
    for kind, probs in probabilities.items():
        setting = settings[kind]
        flags = proposed.get(kind) if proposed else None
        needed = (
            np.where(flags > 0, setting.rule_threshold, setting.threshold)
            if flags is not None
            else setting.threshold
        )
        allowed = probs >= needed
        if kind == "unresolved_conflict" and closed is not None:
            allowed &= (closed == 0) | (flags > 0 if flags is not None else False)
        above = [int(i) for i in np.flatnonzero(allowed)]
        if speech_words:
            above += _speech_extra(probs, setting, speech_words)
        above.sort(key=lambda i: -probs[i])
        kept: list[int] = []
        for index in above:
            if setting.window and any(abs(index - other) <= setting.window for other in kept):
                continue
            kept.append(index)
        chosen.extend((index, kind, float(probs[index])) for index in kept)
    return sorted(chosen)
