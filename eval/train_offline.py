"""Train and cross-validate the offline extractor's unresolved-conflict scorer (dev meetings only).

    .venv/bin/python eval/train_offline.py            # grouped 5-fold CV + d01-d28 -> d29-d38, tables
    .venv/bin/python eval/train_offline.py --write    # also fit on all dev meetings and write the JSON

Positives are sentences overlapping a gold unresolved_conflict quote by >= 50% of the shorter span
(the scoring rule); every other sentence is a negative. The model is L2-regularised logistic
regression fitted by Newton's method in numpy; the L2 strength is picked by an inner grouped CV on
the training meetings only (log-loss), so no held-out meeting ever influences its own model.
The decision thresholds are fixed below *before* looking at any CV result.

Never point this at eval/data/test: that split is measured by the project lead only.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analyzer.backends.offline import conflict_model, conflicts  # noqa: E402
from analyzer.evaluation.dataset import load_dataset  # noqa: E402
from analyzer.evaluation.runner import evaluate  # noqa: E402
from analyzer.evaluation.scoring import aggregate  # noqa: E402
from analyzer.settings import Settings  # noqa: E402

DEV = ROOT / "eval" / "data" / "dev"
KIND = "unresolved_conflict"
DROP_BELOW, ADD_ABOVE = 0.15, 0.5  # pre-registered: drop only clear non-conflicts, add only likely ones
L2_GRID = [3.0, 10.0, 30.0]  # a first run over 1-100 always picked 10 or 30
FOLDS = 5


def data_hash(directory: Path) -> str:
    """sha256 over the dev files (name + bytes): which data a saved model was trained on."""
    digest = hashlib.sha256()
    for path in sorted(directory.glob("*.json")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def capture(meetings) -> list:
    """The extractor's own `Meeting` view of each dev meeting (so features match runtime exactly)."""
    seen = []
    original = conflicts.detect

    def spy(meeting):
        seen.append(meeting)
        return original(meeting)

    conflicts.detect, previous = spy, conflict_model._override
    conflict_model.use(False)
    try:
        evaluate(DEV, backend="offline", meetings=meetings, settings=Settings(home=Path(tempfile.mkdtemp())))
    finally:
        conflicts.detect = original
        conflict_model.use(previous)
    assert len(seen) == len(meetings), "the offline backend should see each meeting as one request"
    return seen


def _positive(sent, gold) -> bool:
    for g in gold:
        shared = max(0, min(sent.end, g.end) - max(sent.start, g.start))
        if shared and 2 * shared >= min(sent.end - sent.start, g.end - g.start):
            return True
    return False


def features(meetings, cache: Path | None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """X (all sentences of all meetings), y, and each row's meeting index. Cached: embedding is slow."""
    key = data_hash(DEV)[:16] + hashlib.sha256(" ".join(conflict_model.FEATURES).encode()).hexdigest()[:8]
    if cache and (cache / f"{key}.npz").exists():
        saved = np.load(cache / f"{key}.npz")
        return saved["x"], saved["y"], saved["g"]
    xs, ys, gs = [], [], []
    for mi, (labeled, meeting) in enumerate(zip(meetings, capture(meetings))):
        assert all(labeled.transcript[s.start:s.end] == s.text for s in meeting.sentences), labeled.id
        gold = [lab for lab in labeled.labels if lab.kind == KIND]
        sents = meeting.sentences
        rows, replies = conflicts.rule_signals(meeting, conflicts.assess(meeting), sents)
        xs.append(conflict_model.design(meeting, sents, rows, replies))
        ys.append(np.array([_positive(s, gold) for s in sents], dtype=np.float64))
        gs.append(np.full(len(sents), mi))
    x, y, g = np.vstack(xs), np.concatenate(ys), np.concatenate(gs)
    if cache:
        cache.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(cache / f"{key}.npz", x=x, y=y, g=g)
    return x, y, g


def fit(x: np.ndarray, y: np.ndarray, l2: float) -> conflict_model.Scorer:
    """L2 logistic regression by Newton's method (the bias is not penalised)."""
    rules = x[:, 2 * conflict_model.EMBED_DIM:]
    mean, std = rules.mean(axis=0), rules.std(axis=0)
    std[std < 1e-6] = 1.0
    z = np.hstack([conflict_model.standardise(x, mean, std), np.ones((len(x), 1))])
    w = np.zeros(z.shape[1])
    penalty = np.full(z.shape[1], l2)
    penalty[-1] = 0.0
    for _ in range(25):
        p = 1.0 / (1.0 + np.exp(-np.clip(z @ w, -30, 30)))
        grad = z.T @ (p - y) + penalty * w
        hess = (z * (p * (1 - p))[:, None]).T @ z + np.diag(penalty + 1e-9)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-6:
            break
    return conflict_model.Scorer(weights=w[:-1], bias=float(w[-1]), mean=mean, std=std,
                                 drop_below=DROP_BELOW, add_above=ADD_ABOVE, meta={"l2": l2})


def pick_l2(x, y, g) -> float:
    """Inner grouped CV (by meeting) on the training rows only: the L2 strength with the lowest log-loss."""
    groups = np.unique(g)
    losses = []
    for l2 in L2_GRID:
        total = 0.0
        for k in range(4):
            held = np.isin(g, groups[k::4])
            model = fit(x[~held], y[~held], l2)
            p = np.clip(model.probabilities(x[held]), 1e-6, 1 - 1e-6)
            total -= float(np.sum(y[held] * np.log(p) + (1 - y[held]) * np.log(1 - p)))
        losses.append(total)
    return L2_GRID[int(np.argmin(losses))]


def train(x, y, g) -> conflict_model.Scorer:
    return fit(x, y, pick_l2(x, y, g))


def run(meetings, scorer) -> list:
    """Full extractor on `meetings` with `scorer` (False = rules only), fresh cache dir, per-meeting scores."""
    conflict_model.use(scorer)
    try:
        report = evaluate(DEV, backend="offline", meetings=meetings, settings=Settings(home=Path(tempfile.mkdtemp())))
    finally:
        conflict_model.use(None)
    return report.meetings


def table(title: str, results: dict[str, list]) -> str:
    kinds = ["commitment", "unresolved_conflict", "transparency_gap", "cultural_misstep"]
    lines = [f"### {title}", "", "| config | " + " | ".join(f"{k} P / R / F1" for k in kinds) + " | macro F1 |",
             "|---" * (len(kinds) + 2) + "|"]
    for name, scores in results.items():
        per_kind, _, macro = aggregate(scores)
        cells = [f"{per_kind[k].precision:.3f} / {per_kind[k].recall:.3f} / **{per_kind[k].f1:.3f}**"
                 if k == KIND else f"{per_kind[k].precision:.3f} / {per_kind[k].recall:.3f} / {per_kind[k].f1:.3f}"
                 for k in kinds]
        lines.append(f"| {name} | " + " | ".join(cells) + f" | {macro:.3f} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--write", action="store_true", help="fit on all dev meetings and write the scorer JSON")
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "offline-scorer-features")
    args = parser.parse_args()
    meetings = sorted(load_dataset(DEV), key=lambda m: m.id)
    x, y, g = features(meetings, args.cache)
    print(f"{len(meetings)} meetings, {len(y)} sentences, {int(y.sum())} positive", file=sys.stderr)

    cv = {"rules only": [], "rules + model": []}
    for k in range(FOLDS):
        held = [i for i in range(len(meetings)) if i % FOLDS == k]
        rows = ~np.isin(g, held)
        scorer = train(x[rows], y[rows], g[rows])
        print(f"fold {k + 1}: l2={scorer.meta['l2']}", file=sys.stderr)
        subset = [meetings[i] for i in held]
        cv["rules only"] += run(subset, False)
        cv["rules + model"] += run(subset, scorer)
    print(table(f"Grouped {FOLDS}-fold CV by meeting (d01-d38; fold = meeting number mod {FOLDS})", cv))

    early = [i for i, m in enumerate(meetings) if m.id <= "d28"]
    late = [m for m in meetings if m.id > "d28"]
    rows = np.isin(g, early)
    scorer = train(x[rows], y[rows], g[rows])
    split = {"rules only": run(late, False), "rules + model": run(late, scorer)}
    print(table(f"Trained on d01-d28, evaluated on d29-d38 (l2={scorer.meta['l2']})", split))

    if args.write:
        scorer = train(x, y, g)
        scorer.meta.update(training_data_sha256=data_hash(DEV), meetings=len(meetings),
                           trained_by="eval/train_offline.py")
        conflict_model.SCORER_PATH.parent.mkdir(parents=True, exist_ok=True)
        conflict_model.SCORER_PATH.write_text(scorer.to_json(), encoding="utf-8")
        digest = hashlib.sha256(conflict_model.SCORER_PATH.read_bytes()).hexdigest()
        print(f"wrote {conflict_model.SCORER_PATH} (l2={scorer.meta['l2']}); set SCORER_SHA256 = \"{digest}\"")


if __name__ == "__main__":
    main()
