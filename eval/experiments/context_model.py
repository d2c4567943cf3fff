"""Experiment (2026-12-03, eval/experiments.md): a second-stage context model over the first stage's
probabilities of the neighbouring sentences and turns, against the shipped per-sentence model.

    python eval/experiments/context_model.py     # about 25 minutes on 2 cores, warm eval/.cache

Three outer folds over the 15 LOAO groups (5 held out at a time, every other group trains); the proxy
is sentence-level F1 (`train._sentence_f1`) with decision settings chosen on inner out-of-fold
predictions of the training groups only. It never reads eval/data/test or sequences-holdout.
"""

import json
import pickle
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "eval"))
import train as T  # noqa: E402
from sklearn.ensemble import HistGradientBoostingClassifier  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402

from analyzer.backends.offline.model import FEATURE_NAMES, KindModel  # noqa: E402
from analyzer.core.models import KINDS  # noqa: E402

PICKLE = Path("/tmp/context-model-examples.pkl")
if not PICKLE.exists():
    files = T.groups(ROOT.parent / "shared" / "corpora" / "icsi-mrda" / "train")
    loaded = []
    for group, paths in files.items():
        for path in paths:
            example = T.load_example(group, path)
            meeting, _ = T.meeting_view(example.labeled)
            loaded.append((example, [s.speaker for s in meeting.sentences]))
    PICKLE.write_bytes(pickle.dumps(([e for e, _ in loaded], [s for _, s in loaded])))
ex, spk = pickle.loads(PICKLE.read_bytes())
for e, s in zip(ex, spk):
    e.spk = s
print(sorted({e.group for e in ex}), flush=True)
LO = T.LOAO_GROUPS
OUTER = [LO[i::3] for i in range(3)]
SIG = [FEATURE_NAMES.index(n) for n in FEATURE_NAMES if not n.startswith(("emb_", "ctx_"))]
TH = [round(x, 3) for x in np.arange(0.05, 0.91, 0.05)] + [1.01]
RT = [0.0, 0.05, 0.2, 0.4, 0.7, 1.01]


def stage1(train_ex, apply_ex):
    out = {id(e): np.zeros((len(e.features), 4)) for e in apply_ex}
    for c in range(4):
        a = T._fit(train_ex, c)
        if a is None:
            continue
        m = T._as_model({KINDS[c]: a}, {KINDS[c]: KindModel(threshold=0.5)})
        for e in apply_ex:
            if len(e.features):
                out[id(e)][:, c] = m.first_stage(e.features)[:, c]
    return out


def oof1(train_ex):
    names = sorted({e.group for e in train_ex})
    folds = [names[i::3] for i in range(3)]
    out = {}
    for held in folds:
        out.update(
            stage1([e for e in train_ex if e.group not in held], [e for e in train_ex if e.group in held])
        )
    return out


def lg(p):
    p = np.clip(p, 1e-4, 1 - 1e-4)
    return np.log(p / (1 - p))


def ctx(e, P):
    n = len(P)
    L = lg(P)
    cols = []
    if n == 0:
        return np.zeros((0, 4 * 9 + 4 + len(SIG)))
    pad = np.full((6, 4), -9.2)
    Lp = np.vstack([pad, L, pad])

    def wmax(lo, hi):  # offsets lo..hi relative
        return np.max(np.stack([Lp[6 + o : 6 + o + n] for o in range(lo, hi + 1) if o != 0]), axis=0)

    cols += [L, wmax(-3, 3), wmax(1, 5), wmax(-5, -1)]
    cols += [
        np.repeat(L.max(0, keepdims=True), n, 0),
        np.repeat(L.mean(0, keepdims=True), n, 0),
        L - L.max(0),
    ]
    rank = np.argsort(np.argsort(-P, axis=0), axis=0) / max(1, n - 1)
    cols.append(rank)
    spk = e.spk
    # max logit over the next turn by another speaker
    nxt = np.full((n, 4), -9.2)
    for i in range(n):
        j = i + 1
        while j < n and spk[j] == spk[i]:
            j += 1
        k = j
        while k < n and spk[k] == spk[j]:
            k += 1
        if j < n:
            nxt[i] = L[j:k].max(0)
    cols.append(nxt)
    pos = np.arange(n)[:, None] / max(1, n - 1)
    chg = np.array([[1.0 if i == 0 or spk[i] != spk[i - 1] else 0.0] for i in range(n)])
    cols += [pos, chg, np.full((n, 1), np.log(n)), np.full((n, 1), 0.0), e.features[:, SIG]]
    return np.hstack(cols)


def select(exs, probs, c):
    fair = [i for i, e in enumerate(exs) if not e.group.startswith("dev-")]
    best = max(
        (
            T._sentence_f1(
                [exs[i] for i in fair],
                [probs[i] for i in fair],
                c,
                KindModel(threshold=t, rule_threshold=r, window=w),
            ),
            -t,
            -r,
            w,
        )
        for t in TH
        for r in RT
        for w in T.WINDOWS[KINDS[c]]
    )
    return KindModel(threshold=-best[1], rule_threshold=-best[2], window=best[3])


res = {"base": {k: [] for k in KINDS}, "lr2": {k: [] for k in KINDS}, "hgb2": {k: [] for k in KINDS}}
for fold in OUTER:
    t0 = time.time()
    tr = [e for e in ex if e.group not in fold]
    te = [e for e in ex if e.group in fold]
    oof = oof1(tr)
    F = stage1(tr, te)
    print("stage1 done", time.time() - t0, flush=True)
    Xtr = {id(e): ctx(e, oof[id(e)]) for e in tr}
    Xte = {id(e): ctx(e, F[id(e)]) for e in te}
    for c, kind in enumerate(KINDS):
        # baseline: stage-1 with thresholds chosen on OOF
        s = select(tr, [oof[id(e)][:, c] for e in tr], c)
        for g in fold:
            ge = [e for e in te if e.group == g]
            res["base"][kind].append(T._sentence_f1(ge, [F[id(e)][:, c] for e in ge], c, s))
        rows = [e for e in tr if e.scored[c] and len(e.features)]
        X = np.vstack([Xtr[id(e)] for e in rows])
        y = np.concatenate([e.targets[:, c] for e in rows])
        w = np.concatenate(
            [np.full(len(e.features), 0.5 if e.group.startswith("icsi") else 1.0) for e in rows]
        )
        mu, sd = X.mean(0), X.std(0) + 1e-6
        for name, model in (
            ("lr2", LogisticRegression(C=0.05, max_iter=3000)),
            (
                "hgb2",
                HistGradientBoostingClassifier(
                    max_iter=150, learning_rate=0.05, max_leaf_nodes=15, l2_regularization=1.0, random_state=0
                ),
            ),
        ):
            # inner OOF of stage-2 for thresholds
            names = sorted({e.group for e in rows})
            folds = [names[i::3] for i in range(3)]
            oo = {}
            for held in folds:
                idx = np.concatenate([np.full(len(e.features), e.group in held) for e in rows])
                model.fit((X[~idx] - mu) / sd, y[~idx], sample_weight=w[~idx])
                for e in rows:
                    if e.group in held:
                        oo[id(e)] = model.predict_proba((Xtr[id(e)] - mu) / sd)[:, 1]
            s2 = select(rows, [oo[id(e)] for e in rows], c)
            model.fit((X - mu) / sd, y, sample_weight=w)
            for g in fold:
                ge = [e for e in te if e.group == g]
                pr = [
                    model.predict_proba((Xte[id(e)] - mu) / sd)[:, 1] if len(e.features) else np.zeros(0)
                    for e in ge
                ]
                res[name][kind].append(T._sentence_f1(ge, pr, c, s2))
        print(
            fold,
            kind,
            {n: round(float(np.mean(v[kind][-len(fold) :])), 3) for n, v in res.items()},
            time.time() - t0,
            flush=True,
        )
    Path("/tmp/context-model-results.json").write_text(json.dumps(res))
for n, v in res.items():
    print(
        n,
        {k: round(float(np.mean(x)), 3) for k, x in v.items()},
        round(float(np.mean([np.mean(x) for x in v.values()])), 3),
    )
