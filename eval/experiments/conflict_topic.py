"""Experiment: does the second stage judge conflicts better when it sees how the same topic goes on
later in the meeting?

Run 2026-12-04: not adopted; the figures are in eval/experiments.md (2026-12-04, later).

    python eval/experiments/conflict_topic.py     # about 30 minutes on 2 cores, warm eval/.cache

A dispute is "unresolved" by how it ends, which the window columns of `context_stage` only see when
the end is near. Topic columns follow the sentence's topic (MiniLM cosine above TOPIC, 0.35) through the
rest of the meeting: per kind, the highest first-stage logit among later and among earlier sentences
on the topic; how many later sentences return to it and how far the last one is; and the agreement,
disagreement and commitment signals of the later ones. Three outer folds over the 15 LOAO groups;
the proxy is sentence F1 per held-out group with settings chosen on inner out-of-fold predictions,
as in eval/experiments/context_model.py. It never reads eval/data/test or sequences-holdout.
"""

import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "eval"))
import train as T  # noqa: E402
import train_context as TC  # noqa: E402

from analyzer.backends.offline.context_stage import FLOOR  # noqa: E402
from analyzer.backends.offline.model import EMBED_DIM, FEATURE_NAMES  # noqa: E402
from analyzer.core.models import KINDS  # noqa: E402

TOPIC = 0.35  # about the top 3% of sentence pairs in a meeting
LATER_SIGNALS = [
    FEATURE_NAMES.index(n) for n in ("agree", "disagree", "self_future", "promise_word", "contrast")
]
KIND_COLUMNS = [KINDS.index(k) for k in ("unresolved_conflict", "transparency_gap", "cultural_misstep")]


def topic_columns(e, first: np.ndarray) -> np.ndarray:
    n = len(e.features)
    v = e.features[:, :EMBED_DIM].astype(np.float64)
    sims = v @ v.T
    logits = TC.context_matrix(first, e.speakers, np.zeros((n, 0)))[:, : len(KINDS)]
    later = np.triu(sims > TOPIC, k=1)
    earlier = np.tril(sims > TOPIC, k=-1)
    cols = []
    for mask in (later, earlier):
        for c in range(len(KINDS)):
            cols.append(np.where(mask, logits[None, :, c], FLOOR).max(axis=1))
    count = later.sum(axis=1)
    last = np.where(later, np.arange(n)[None, :], np.arange(n)[:, None]).max(axis=1)
    cols += [np.log1p(count), (last - np.arange(n)) / max(1, n)]
    for s in LATER_SIGNALS:
        cols.append(np.where(later, e.features[None, :, s], 0.0).max(axis=1))
    return np.stack(cols, axis=1)


def rows_for(exs, first, topic: bool):
    base = TC.context_rows(exs, first)
    if not topic:
        return base
    return {id(e): np.hstack([base[id(e)], topic_columns(e, first[id(e)])]) for e in exs if len(e.features)}


def main() -> None:
    files = T.groups(ROOT.parent / "shared" / "corpora" / "icsi-mrda" / "train")
    ex = [T.load_example(g, p) for g, paths in files.items() for p in paths]
    outer = [T.LOAO_GROUPS[i::3] for i in range(3)]
    res = {v: {KINDS[c]: [] for c in KIND_COLUMNS} for v in ("base", "context", "context+topic")}
    for fold in outer:
        t0 = time.time()
        tr = [e for e in ex if e.group not in fold]
        te = [e for e in ex if e.group in fold]
        inner = T._inner_folds(tr, 3)
        oof = T._first_stage_oof(tr, inner)
        full = {c: T._fit(tr, c) for c in range(len(KINDS))}
        model = T._as_model({KINDS[c]: a for c, a in full.items() if a}, {})
        first_te = {id(e): model.first_stage(e.features) for e in te}
        print("stage 1", round(time.time() - t0), flush=True)
        fair = [e for e in tr if not e.group.startswith("dev-")]
        for c in KIND_COLUMNS:
            kind = KINDS[c]
            s = T._choose(fair, [oof[id(e)][:, c] for e in fair], c)
            for g in fold:
                ge = [e for e in te if e.group == g]
                res["base"][kind].append(T._sentence_f1(ge, [first_te[id(e)][:, c] for e in ge], c, s))
            for name, topic in (("context", False), ("context+topic", True)):
                rows = rows_for(tr, oof, topic)
                rows_te = rows_for(te, first_te, topic)
                second = TC.out_of_fold(tr, c, rows, inner, T.ICSI_WEIGHT, T.SEED)
                s2 = T._choose(fair, [second[id(e)] for e in fair], c)
                _chosen, x, y, w = TC.stacked(tr, c, rows, T.ICSI_WEIGHT)
                forest = TC.fit_forest(x, y, w, T.SEED)
                for g in fold:
                    ge = [e for e in te if e.group == g]
                    pr = [
                        forest.predict_proba(rows_te[id(e)])[:, 1] if len(e.features) else np.zeros(0)
                        for e in ge
                    ]
                    res[name][kind].append(T._sentence_f1(ge, pr, c, s2))
            print(
                fold,
                kind,
                {n: round(float(np.mean(v[kind][-len(fold) :])), 3) for n, v in res.items()},
                round(time.time() - t0),
                flush=True,
            )
        Path("/tmp/conflict-topic-results.json").write_text(json.dumps(res))
    for n, v in res.items():
        print(n, {k: round(float(np.mean(x)), 3) for k, x in v.items()})


if __name__ == "__main__":
    main()
