"""The learned follow-up model: which later sentence reports on an earlier commitment, and how it went.

Candidates are (active commitment, sentence of a later meeting) pairs. Each pair's features are the
offline link score and its parts (MiniLM similarity, rank among the sentences and among the
commitments), the status cue the date-and-verb rules read in the sentence and its neighbours, who
speaks or is named, whether the due date has passed, and generic grammar signals (negation,
future, past, question, a date). One multinomial logistic regression (trained by
`eval/train_followup.py` with scikit-learn, on partner sequences by many authors) gives
P(none | kept | slipped | dropped) per pair. Each commitment takes its most probable reporting
sentence, one-to-one per meeting; below the threshold it stays open. Dates and "overdue" stay rules.

The weights ship as package data, pinned by sha256 in `data/status_model.json` and checked at load.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from pydantic import BaseModel

from ..text.sentences import Sentence
from ..core.errors import ConfigError
from ..pinned import verified_npz
from .linking import content_words, object_words, overlap, owner_tokens

DATA = Path(__file__).with_name("data")
MANIFEST = DATA / "status_model.json"
CLASSES = ("none", "kept", "slipped", "dropped")
CUES = ("kept", "slipped", "dropped")
_A = r"(?:'|’)"
_SIGNALS = {
    "negation": re.compile(rf"\b(?:not|no|never|nothing|cannot)\b|n{_A}t\b", re.I),
    "future": re.compile(rf"\b(?:will|shall|going to|gonna)\b|{_A}ll\b", re.I),
    "past": re.compile(
        r"\b(?:was|were|did|had|already|yesterday|last (?:week|month)|ago)\b|\b\w{3,}ed\b", re.I
    ),
    "question": re.compile(r"\?"),
    "digit": re.compile(r"\d"),
    "thanks": re.compile(r"\bthank", re.I),
    "hedge": re.compile(r"\b(?:maybe|perhaps|might|hope|try|probably|should)\b", re.I),
}
PAIR_FEATURES = (
    [
        "link",
        "link_pos",
        "blocked",
        "rank_in_commitment",
        "rank_in_sentence",
        "best_for_commitment",
        "best_for_sentence",
        "gap_to_best",
    ]
    + [f"cue_{c}" for c in CUES]
    + ["cue_new_date"]
    + [f"near_cue_{c}" for c in CUES]
    + ["owner_speaks", "owner_named", "topic_words", "object_words", "past_due", "due_known", "words"]
    + [f"sig_{name}" for name in _SIGNALS]
)


class StatusManifest(BaseModel):
    """What `eval/train_followup.py` wrote: version, feature layout, threshold, the pinned weights."""

    version: str
    features: list[str]
    classes: list[str]
    threshold: float
    weights_file: str
    weights_sha256: str
    trained_on: dict[str, int] = {}


@dataclass
class StatusModel:
    """Loaded weights: a standardiser and a multinomial linear model over PAIR_FEATURES."""

    manifest: StatusManifest
    arrays: dict[str, np.ndarray]

    def probabilities(self, features: np.ndarray) -> np.ndarray:
        """Rows of P(class) in CLASSES order for every pair."""
        z = (features - self.arrays["mean"]) / self.arrays["scale"]
        logits = z @ self.arrays["coef"].T + self.arrays["intercept"]
        logits -= logits.max(axis=1, keepdims=True)
        exp = np.exp(logits)
        return exp / exp.sum(axis=1, keepdims=True)


def read_status_model(manifest_path: Path = MANIFEST) -> StatusModel:
    """Load and verify the follow-up weights; a missing or changed file raises ConfigError with the fix."""
    fix = "run 'make train' to rebuild the weights, or restore analyzer/memory/data from git"
    if not manifest_path.is_file():
        raise ConfigError(f"the follow-up model manifest {manifest_path} is missing", fix)
    manifest = StatusManifest.model_validate(json.loads(manifest_path.read_text(encoding="utf-8")))
    if manifest.features != PAIR_FEATURES or tuple(manifest.classes) != CLASSES:
        raise ConfigError("the follow-up model was trained on another feature layout", fix)
    arrays = verified_npz(
        manifest_path.with_name(manifest.weights_file), manifest.weights_sha256, "follow-up model", fix
    )
    return StatusModel(manifest, arrays)


@lru_cache(maxsize=1)
def shipped_status_model() -> StatusModel:
    """The follow-up weights that ship with the package, verified once per process."""
    return read_status_model()


def pair_features(
    commitments: list, sentences: list[Sentence], cues: list[tuple], scores: np.ndarray, meeting_date
) -> np.ndarray:
    """[commitments x sentences x PAIR_FEATURES] for one later meeting."""
    n_c, n_s = scores.shape
    out = np.zeros((n_c, n_s, len(PAIR_FEATURES)), dtype=np.float32)
    if not n_c or not n_s:
        return out
    order_c = np.argsort(np.argsort(-scores, axis=1), axis=1)
    order_s = np.argsort(np.argsort(-scores, axis=0), axis=0)
    best_c, best_s = scores.max(axis=1), scores.max(axis=0)
    words = [content_words(s.text) for s in sentences]
    speakers = [(s.inline_label or s.speaker or "").lower() for s in sentences]
    signals = np.array(
        [[float(bool(p.search(s.text))) for p in _SIGNALS.values()] for s in sentences], np.float32
    )
    cue_rows = np.array(
        [[float(c[0] == k) for k in CUES] + [float(c[2].startswith("new date"))] for c in cues], np.float32
    )
    near = np.zeros((n_s, len(CUES)), np.float32)
    for i in range(n_s):
        for j in (i - 1, i + 1):
            if 0 <= j < n_s and sentences[j].utt == sentences[i].utt:
                near[i] = np.maximum(near[i], cue_rows[j, : len(CUES)])
    lengths = np.log1p([len(s.text.split()) for s in sentences]).astype(np.float32)
    for ci, com in enumerate(commitments):
        topic, thing, owner = content_words(com.quote), object_words(com.quote), owner_tokens(com.owner)
        past_due = float(bool(com.due and meeting_date and com.due < meeting_date))
        for si, sent in enumerate(sentences):
            link = float(scores[ci, si])
            out[ci, si, :8] = [
                link,
                max(link, 0.0),
                float(link <= -1.0),
                1.0 / (1 + order_c[ci, si]),
                1.0 / (1 + order_s[ci, si]),
                float(link >= best_c[ci]),
                float(link >= best_s[si]),
                float(best_c[ci] - link),
            ]
            out[ci, si, 8:12] = cue_rows[si]
            out[ci, si, 12:15] = near[si]
            out[ci, si, 15:22] = [
                float(bool(owner) and any(t in speakers[si] for t in owner)),
                float(bool(owner) and bool(owner & {w.lower() for w in sent.text.split()})),
                min(overlap(topic, words[si], True), 4) / 4,
                min(overlap(thing, words[si], True), 3) / 3,
                past_due,
                float(com.due is not None),
                lengths[si],
            ]
            out[ci, si, 22:] = signals[si]
    return out


def decide_pairs(model: StatusModel, features: np.ndarray) -> list[tuple[int, int, str, float]]:
    """(commitment, sentence, status, probability) for each commitment that a sentence reports on."""
    n_c, n_s, width = features.shape
    if not n_c or not n_s:
        return []
    probs = model.probabilities(features.reshape(-1, width)).reshape(n_c, n_s, len(CLASSES))
    return choose_pairs(probs, model.manifest.threshold)


def choose_pairs(probs: np.ndarray, threshold: float) -> list[tuple[int, int, str, float]]:
    """The most probable reporting sentence per commitment, one-to-one, at or above `threshold`."""
    n_s = probs.shape[1]
    reported = 1.0 - probs[:, :, 0]
    chosen: list[tuple[int, int, str, float]] = []
    taken_c: set[int] = set()
    taken_s: set[int] = set()
    for flat in np.argsort(-reported, axis=None, kind="stable"):
        ci, si = divmod(int(flat), n_s)
        if reported[ci, si] < threshold:
            break
        if ci in taken_c or si in taken_s:
            continue
        status = CUES[int(np.argmax(probs[ci, si, 1:]))]
        chosen.append((ci, si, status, float(reported[ci, si])))
        taken_c.add(ci)
        taken_s.add(si)
    return chosen
