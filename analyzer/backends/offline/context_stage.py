"""The second stage of the sentence model: each kind judged again from what the first stage saw around it.

A dodge is a dodge relative to the question, and a remark costs face in how the others answer, so a
sentence's first-stage probability is not the whole story. The second stage sees, for all four
kinds, the sentence's first-stage logit, the highest logit just before, just after and around it,
in the next turn by someone else, in the whole meeting, the sentence's rank in its meeting, its
position, a speaker change, the meeting's length and the generic signals. Boosted trees (trained by
`eval/train.py` with scikit-learn) turn these into a probability; here they are evaluated with numpy
alone, from node arrays that ship pinned in the model's npz.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

KIND_COUNT = 4
FLOOR = -9.2  # the logit of a probability of 1e-4: "no sentence there"
_WINDOWS = {"around": (-3, 3), "next": (1, 5), "previous": (-5, -1)}
_PAD = 6


def context_names(kinds: Sequence[str], signals: Sequence[str]) -> list[str]:
    """Column names of `context_matrix`, in order."""
    parts = ["logit", *[f"max_{w}" for w in _WINDOWS], "meeting_max", "meeting_mean", "below_max", "rank"]
    names = [f"{part}_{kind}" for part in parts for kind in kinds]
    names += [f"next_turn_max_{kind}" for kind in kinds]
    return names + ["position", "speaker_change", "log_sentences"] + [f"signal_{s}" for s in signals]


def _logits(probs: np.ndarray) -> np.ndarray:
    clipped = np.clip(probs.astype(np.float64), 1e-4, 1 - 1e-4)
    return np.log(clipped / (1 - clipped))


def _window_max(padded: np.ndarray, count: int, low: int, high: int) -> np.ndarray:
    shifted = [padded[_PAD + o : _PAD + o + count] for o in range(low, high + 1) if o != 0]
    return np.max(np.stack(shifted), axis=0)


def _next_turn_max(logits: np.ndarray, speakers: Sequence[str | None]) -> np.ndarray:
    """Per sentence, the highest logit in the next turn by another speaker."""
    count = len(speakers)
    out = np.full((count, logits.shape[1]), FLOOR)
    for i in range(count):
        start = i + 1
        while start < count and speakers[start] == speakers[i]:
            start += 1
        end = start
        while end < count and speakers[end] == speakers[start]:
            end += 1
        if start < count:
            out[i] = logits[start:end].max(axis=0)
    return out


def context_matrix(probs: np.ndarray, speakers: Sequence[str | None], signals: np.ndarray) -> np.ndarray:
    """The second stage's columns (`context_names`) for every sentence of one meeting.

    `probs` is sentences x kinds of first-stage probabilities, `speakers` each sentence's speaker and
    `signals` the generic signal columns of the sentence features.
    """
    count = len(probs)
    if count == 0:
        return np.zeros((0, KIND_COUNT * 9 + 3 + signals.shape[1]))
    logits = _logits(probs)
    padded = np.vstack(
        [np.full((_PAD, logits.shape[1]), FLOOR), logits, np.full((_PAD, logits.shape[1]), FLOOR)]
    )
    columns = [logits] + [_window_max(padded, count, low, high) for low, high in _WINDOWS.values()]
    columns += [
        np.repeat(logits.max(axis=0, keepdims=True), count, axis=0),
        np.repeat(logits.mean(axis=0, keepdims=True), count, axis=0),
        logits - logits.max(axis=0),
        np.argsort(np.argsort(-probs, axis=0, kind="stable"), axis=0, kind="stable") / max(1, count - 1),
        _next_turn_max(logits, speakers),
    ]
    change = [1.0 if i == 0 or speakers[i] != speakers[i - 1] else 0.0 for i in range(count)]
    columns += [
        (np.arange(count) / max(1, count - 1))[:, None],
        np.array(change)[:, None],
        np.full((count, 1), np.log(count)),
        signals.astype(np.float64),
    ]
    return np.hstack(columns)


# The node fields a boosted tree needs at prediction time, as exported by eval/train.py.
TREE_FIELDS = ("feature", "threshold", "left", "right", "leaf", "value")


def forest_probability(trees: dict[str, np.ndarray], x: np.ndarray) -> np.ndarray:
    """P(kind) from exported boosted trees: the baseline plus one leaf value per tree, through a sigmoid.

    `trees` holds the concatenated node arrays (`TREE_FIELDS`), `roots` (each tree's first node) and
    `baseline`. Every row walks every tree at once, one depth level per step; a row goes left when its
    feature is at most the node's threshold, as scikit-learn's predictor does.
    """
    rows = np.arange(len(x))[:, None]
    node = np.repeat(trees["roots"][None, :].astype(np.int64), len(x), axis=0)
    leaf = trees["leaf"].astype(bool)
    while True:
        active = ~leaf[node]
        if not active.any():
            break
        feature = trees["feature"][node]
        go_left = x[rows, feature] <= trees["threshold"][node]
        step = np.where(go_left, trees["left"][node], trees["right"][node])
        node = np.where(active, step, node)
    raw = trees["baseline"][0] + trees["value"][node].sum(axis=1)
    return 1.0 / (1.0 + np.exp(-np.clip(raw, -40, 40)))
