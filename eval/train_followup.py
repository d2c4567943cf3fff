"""Train the follow-up status model on partner sequences, score it leave-one-author-out, ship it.

    python eval/train_followup.py            # LOAO report + weights into analyzer/memory/data
    python eval/train_followup.py --check    # retrain and fail unless the bytes equal the shipped weights

Author groups: eval/data/sequences (the tuning set of the earlier rules, one group "seq-dev") and
every folder under eval/data/sequences-train/. eval/data/sequences-holdout is never trained on or
tuned on; it is scored once with the final weights (`--holdout`) and reported.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analyzer.core.models import Utterance  # noqa: E402,F401  (pydantic models resolve lazily)
from analyzer.evaluation.dataset import LabeledMeeting, load_meeting, resolve_quote  # noqa: E402
from analyzer.memory.cues import classify  # noqa: E402
from analyzer.pinned import npz_bytes  # noqa: E402
from analyzer.memory.followup import (  # noqa: E402
    _sentences,
    decide_meeting,
    decisions_from,
    meeting_pairs,
    track,
)
from analyzer.memory.linking import link_scores  # noqa: E402
from analyzer.memory.models import STATUSES, CommitmentRef  # noqa: E402
from analyzer.memory.memory_scores import (  # noqa: E402
    _aggregate,
    gold_commitments,
    meeting_text,
    score_sequence,
    spans_match,
)
from analyzer.memory.status_model import (  # noqa: E402
    CLASSES,
    DATA,
    PAIR_FEATURES,
    StatusManifest,
    StatusModel,
    choose_pairs,
    pair_features,
)

SEED = 20261202
C = 0.1
# Unweighted: "balanced" inflates P(reported) for every pair, so nearly every commitment got linked and
# "open" was almost never predicted (0.09 leave-one-author-out); see eval/experiments.md.
CLASS_WEIGHT: str | None = None
THRESHOLDS = [round(x, 2) for x in np.arange(0.05, 0.91, 0.05)]
OPTIONS: dict = {"class_weight": CLASS_WEIGHT}
FORBIDDEN = ROOT / "eval" / "data" / "sequences-holdout"
CACHE = ROOT / "eval" / ".cache"
# The cache is keyed by this code too: the readers (ingest) and sentence splitting decide the
# sentences the pairs are built on, so a change there must rebuild the rows.
FEATURE_CODE = [
    *(
        ROOT / "analyzer" / "memory" / name
        for name in ("status_model.py", "linking.py", "cues.py", "followup.py")
    ),
    *sorted((ROOT / "analyzer" / "ingest").glob("*.py")),
    *sorted((ROOT / "analyzer" / "ingest" / "data").glob("*.json")),
    *sorted((ROOT / "analyzer" / "text").glob("*.py")),
]


@dataclass
class MeetingRows:
    """One later meeting, teacher-forced: the commitments its labels follow up, against its sentences."""

    features: np.ndarray  # [commitments x sentences x PAIR_FEATURES]
    gold: list[str]  # each commitment's labeled status in this meeting
    evidence: np.ndarray  # [commitments x sentences] True where a sentence is the labeled evidence


@dataclass
class Rows:
    """The teacher-forced meetings of one author group, and its sequences for scoring with `track`."""

    meetings: list[MeetingRows]
    sequences: dict[str, list[LabeledMeeting]]

    @property
    def features(self) -> np.ndarray:
        return np.vstack([m.features.reshape(-1, len(PAIR_FEATURES)) for m in self.meetings])

    @property
    def targets(self) -> np.ndarray:
        parts = []
        for m in self.meetings:
            t = np.zeros(m.evidence.shape, np.int64)
            for ci, status in enumerate(m.gold):
                if status != "open":
                    t[ci, m.evidence[ci]] = CLASSES.index(status)
            parts.append(t.reshape(-1))
        return np.concatenate(parts)


def groups() -> dict[str, Path]:
    found = {"seq-dev": ROOT / "eval" / "data" / "sequences"}
    for folder in sorted((ROOT / "eval" / "data" / "sequences-train").glob("*/")):
        found[folder.name] = folder
    for path in found.values():
        if FORBIDDEN == path.resolve() or FORBIDDEN in path.resolve().parents:
            raise SystemExit(f"refusing to train on held-out data: {path}")
    return found


def load_sequences(folder: Path) -> dict[str, list[LabeledMeeting]]:
    out = {}
    for sub in sorted(p for p in folder.iterdir() if p.is_dir()):
        out[f"{folder.name}/{sub.name}"] = sorted(
            (load_meeting(f) for f in sorted(sub.glob("*.json"))), key=lambda m: m.date
        )
    return out


def _labels(seq: list[LabeledMeeting], later: LabeledMeeting, commitments: list[CommitmentRef]) -> list:
    """(commitment, status, evidence span or None) for each followup label of `later`."""
    by_id = {m.id: m for m in seq}
    labels = []
    for fu in later.followups or []:
        origin = by_id[fu.commitment_meeting]
        start = resolve_quote(
            origin.transcript, fu.commitment_quote, None, field="followups.commitment_quote"
        )
        span = (start, start + len(fu.commitment_quote))
        com = next(
            (c for c in commitments if c.meeting_id == origin.id and spans_match((c.start, c.end), span)),
            None,
        )
        if com is not None:
            evidence = None
            if fu.evidence and fu.status != "open":
                at = resolve_quote(
                    later.transcript, fu.evidence, fu.evidence_start, field="followups.evidence"
                )
                evidence = (at, at + len(fu.evidence))
            labels.append((com, fu.status, evidence))
    return labels


def _meeting_rows(
    seq: list[LabeledMeeting], later: LabeledMeeting, commitments: list[CommitmentRef]
) -> MeetingRows | None:
    """Pairs of one later meeting: every commitment it has a followup label for, against every sentence."""
    labels = _labels(seq, later, commitments)
    meeting = meeting_text(later)
    sentences = _sentences(meeting)
    if not labels or not sentences:
        return None
    coms = [c for c, _, _ in labels]
    cues = [classify(s.text, later.date) for s in sentences]
    features = pair_features(coms, sentences, cues, link_scores(coms, sentences, cues), later.date)
    evidence = np.zeros((len(coms), len(sentences)), dtype=bool)
    for ci, (_com, _status, span) in enumerate(labels):
        for si, sent in enumerate(sentences):
            evidence[ci, si] = span is not None and spans_match((sent.start, sent.end), span, 0.3)
    return MeetingRows(features, [status for _, status, _ in labels], evidence)


def load_group(folder: Path) -> Rows:
    """A group's teacher-forced rows, cached on disk by the hash of its files and of the feature code."""
    import pickle

    digest = hashlib.sha256()
    for path in [*sorted(folder.rglob("*.json")), *FEATURE_CODE]:
        digest.update(path.read_bytes())
    cache = CACHE / f"followup-{folder.name}-{digest.hexdigest()[:16]}.pkl"
    if cache.is_file():
        return pickle.loads(cache.read_bytes())
    rows = _load_group(folder)
    CACHE.mkdir(parents=True, exist_ok=True)
    cache.write_bytes(pickle.dumps(rows))
    return rows


def _load_group(folder: Path) -> Rows:
    sequences = load_sequences(folder)
    meetings = []
    for seq in sequences.values():
        commitments = gold_commitments(seq)
        for later in seq[1:]:
            got = _meeting_rows(seq, later, commitments)
            if got is not None:
                meetings.append(got)
    return Rows(meetings, sequences)


def fit(rows: list[Rows]) -> dict[str, np.ndarray]:
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    x = np.vstack([r.features for r in rows]).astype(np.float64)
    y = np.concatenate([r.targets for r in rows])
    scaler = StandardScaler().fit(x)
    scale = np.where(scaler.scale_ > 1e-9, scaler.scale_, 1.0)
    model = LogisticRegression(C=C, max_iter=5000, random_state=SEED, class_weight=OPTIONS["class_weight"])
    model.fit((x - scaler.mean_) / scale, y)
    return {
        "mean": scaler.mean_.astype(np.float32),
        "scale": scale.astype(np.float32),
        "coef": model.coef_.astype(np.float32),
        "intercept": model.intercept_.astype(np.float32),
    }


def as_model(arrays: dict[str, np.ndarray], threshold: float, version: str = "fold") -> StatusModel:
    manifest = StatusManifest(
        version=version,
        features=PAIR_FEATURES,
        classes=list(CLASSES),
        threshold=threshold,
        weights_file="",
        weights_sha256="",
    )
    return StatusModel(manifest, arrays)


_PAIRS: dict[tuple, object] = {}
_TEXTS: dict[str, object] = {}


def learned(model: StatusModel):
    """A decide function for `track` with the model, caching pair features per (meeting, active set)."""

    def decide(commitments, meeting):
        key = (meeting.id, tuple(c.id for c in commitments))
        if key not in _PAIRS:
            _PAIRS[key] = meeting_pairs(commitments, meeting)
        return decisions_from(commitments, meeting, _PAIRS[key], model)  # type: ignore[arg-type]

    return decide


def _text(m: LabeledMeeting):
    if m.id not in _TEXTS:
        _TEXTS[m.id] = meeting_text(m)
    return _TEXTS[m.id]


def evaluate(decide, sequences: dict[str, list[LabeledMeeting]]) -> list:
    """Followup items of gold commitments tracked with `decide`, scored like `analyzer eval-followup`."""
    items = []
    for name, seq in sequences.items():
        commitments = gold_commitments(seq)
        decisions = track(commitments, [_text(m) for m in seq], decide=decide)
        items += score_sequence(name, seq, decisions, commitments, {m.id: m.id for m in seq}, "gold")
    return items


def forced_items(model: StatusModel, rows: Rows, thresholds: list[float]) -> dict[float, list[tuple]]:
    """(gold, predicted, evidence_ok) per label, teacher-forced, for each threshold.

    The active commitments of each meeting are the labeled ones, so the pair features and the
    probabilities are computed once and only the threshold varies: fast enough to choose it.
    """
    out: dict[float, list[tuple]] = {t: [] for t in thresholds}
    for m in rows.meetings:
        width = m.features.shape[-1]
        probs = model.probabilities(m.features.reshape(-1, width)).reshape(
            *m.features.shape[:2], len(CLASSES)
        )
        for t in thresholds:
            chosen = {ci: (si, status) for ci, si, status, _ in choose_pairs(probs, t)}
            for ci, gold in enumerate(m.gold):
                si, predicted = chosen.get(ci, (None, "open"))
                ok = predicted == gold and (gold == "open" or bool(si is not None and m.evidence[ci, si]))
                out[t].append((gold, predicted, ok))
    return out


def train(data: dict[str, Rows]) -> tuple[dict[str, np.ndarray], float]:
    """Weights on all groups, and the threshold that is best on leave-one-group-out predictions."""
    names = sorted(data)
    oof: dict[float, list[tuple]] = {t: [] for t in THRESHOLDS}
    for held in names:
        model = as_model(fit([data[n] for n in names if n != held]), 0.5)
        for t, items in forced_items(model, data[held], THRESHOLDS).items():
            oof[t] += items
    best = max(
        THRESHOLDS, key=lambda t: (_floor(oof[t]) + sum(ok for *_, ok in oof[t]) / max(1, len(oof[t])), -t)
    )
    return fit([data[n] for n in names]), best


def _floor(items: list[tuple]) -> float:
    """The worst per-status accuracy (status right), so no status is given up for the common one."""
    per = Counter(g for g, _, _ in items)
    right = Counter(g for g, p, _ in items if g == p)
    return min((right[s] / per[s] for s in per), default=0.0)


def report_row(name: str, items: list) -> dict:
    result = _aggregate(items, "gold", "offline")
    return {
        "group": name,
        "followups": result.overall.total,
        "accuracy": round(result.overall.accuracy, 3),
        **{s: round(result.per_status[s].accuracy, 3) for s in STATUSES if s in result.per_status},
    }


def write_weights(
    arrays: dict[str, np.ndarray], threshold: float, trained_on: dict[str, int], out: Path
) -> Path:
    data = npz_bytes(arrays)
    weights = out / "status_model.npz"
    weights.write_bytes(data)
    sha = hashlib.sha256(data).hexdigest()
    manifest = StatusManifest(
        version=f"followup-1.0-{sha[:8]}",
        features=PAIR_FEATURES,
        classes=list(CLASSES),
        threshold=threshold,
        weights_file=weights.name,
        weights_sha256=sha,
        trained_on=trained_on,
    )
    (out / "status_model.json").write_text(
        json.dumps(manifest.model_dump(), indent=1) + "\n", encoding="utf-8"
    )
    return weights


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--no-loao", action="store_true")
    parser.add_argument(
        "--holdout", action="store_true", help="score the final weights on sequences-holdout once"
    )
    parser.add_argument("--report", type=Path, default=ROOT / "eval" / "followup-report.json")
    parser.add_argument(
        "--class-weight",
        choices=["none", "balanced"],
        default=None,
        help="experiments only: the shipped model uses CLASS_WEIGHT",
    )
    args = parser.parse_args(argv)
    if args.class_weight:
        OPTIONS["class_weight"] = None if args.class_weight == "none" else "balanced"
    np.random.seed(SEED)
    data = {name: load_group(folder) for name, folder in groups().items()}
    trained_on = {name: int(sum(len(s) for s in rows.sequences.values())) for name, rows in data.items()}
    print("meetings per group:", trained_on, flush=True)
    rows: list[dict] = []
    pooled: list = []
    pooled_rules: list = []
    if not (args.no_loao or args.check):
        for held in sorted(data):
            arrays, threshold = train({n: r for n, r in data.items() if n != held})
            model = as_model(arrays, threshold)
            got = evaluate(learned(model), data[held].sequences)
            rules = evaluate(decide_meeting, data[held].sequences)
            if held != "seq-dev":
                pooled += got
                pooled_rules += rules
            rows.append({**report_row(held, got), "threshold": threshold, "rules": report_row(held, rules)})
            print(json.dumps(rows[-1]), flush=True)
    arrays, threshold = train(data)
    out = DATA
    if args.check:
        import tempfile

        out = Path(tempfile.mkdtemp())
    out.mkdir(parents=True, exist_ok=True)
    weights = write_weights(arrays, threshold, trained_on, out)
    if args.check:
        same = weights.read_bytes() == (DATA / "status_model.npz").read_bytes()
        print(
            "follow-up weights reproduce the shipped file"
            if same
            else "follow-up weights DIFFER from the shipped file"
        )
        return 0 if same else 1
    report: dict = {
        "weights_sha256": hashlib.sha256(weights.read_bytes()).hexdigest(),
        "threshold": threshold,
        "loao": rows,
        "trained_on": trained_on,
    }
    if rows:
        new = [r for r in rows if r["group"] != "seq-dev"]
        report["loao_mean_accuracy"] = round(float(np.mean([r["accuracy"] for r in new])), 3)
        report["loao_pooled"] = report_row("new authors, pooled", pooled)
        report["loao_pooled_rules"] = report_row("new authors, pooled, rules", pooled_rules)
    if args.holdout:
        from analyzer.memory.status_model import read_status_model

        final = read_status_model(out / "status_model.json")
        held = load_sequences(FORBIDDEN)
        report["holdout"] = {
            "learned": report_row("sequences-holdout", evaluate(learned(final), held)),
            "rules": report_row("sequences-holdout", evaluate(decide_meeting, held)),
        }
        print("holdout:", json.dumps(report["holdout"]))
    args.report.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    print("wrote", weights, "and", args.report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
