"""Retrieval for cited answers: hybrid search, then a sentence-level re-rank of a wider pool.

`analyzer.search.search` embeds whole passages (several turns), so one relevant sentence is
diluted by its neighbours. Re-ranking an 8x wider pool by the best single sentence's similarity to
the question (plus phrases the question quotes, 'like this') recovers those passages.
"""

from __future__ import annotations

import re

import numpy as np

from ..core.models import SearchHit, content_hash
from ..search import QUOTED, overlaps, search
from ..store import Store

POOL_FACTOR = 8  # 4 gave recall@5 0.874 on the 38 dev meetings, 8 gives 0.908 (eval/README.md)
_SPLIT = re.compile(r"(?<=[.!?])\s+|\n+")
_CACHE: dict[
    str, np.ndarray
] = {}  # passage text hash -> its sentence vectors (passages repeat across questions)
_CACHE_MAX = 5000


def _sentence_vectors(texts: list[str]) -> list[np.ndarray]:
    """Sentence vectors of each passage, computed once per distinct passage text in this process."""
    from ..embedding import local_model

    keys = [content_hash(t) for t in texts]
    missing = {k: t for k, t in zip(keys, texts) if k not in _CACHE}
    if missing:
        groups = {k: [s for s in _SPLIT.split(t) if len(s.strip()) > 3] or [t] for k, t in missing.items()}
        flat = [s for g in groups.values() for s in g]
        vecs, at = local_model().encode(flat), 0
        if len(_CACHE) > _CACHE_MAX:
            _CACHE.clear()
        for k, g in groups.items():
            _CACHE[k] = vecs[at : at + len(g)]
            at += len(g)
    return [_CACHE[k] for k in keys]


def quoted_phrases(question: str) -> list[str]:
    """Phrases in single or double quotes ("'touch base'"), which should appear literally."""
    return [m.group(1).strip().lower() for m in QUOTED.finditer(question)]


def retrieve(store: Store, question: str, *, k: int = 5, partner: str | None = None) -> list[SearchHit]:
    """The top-k passages for a question: hybrid search over a wider pool, re-ranked by best sentence."""
    from ..embedding import local_model

    pool = search(store, question, k=max(k * POOL_FACTOR, 20), partner=partner, merge_overlaps=False)
    if len(pool) <= 1:
        return pool[:k]
    qvec = local_model().encode([question])[0]
    vectors = _sentence_vectors([hit.text for hit in pool])
    phrases = quoted_phrases(question)
    top = max(hit.score for hit in pool) or 1.0
    scored = []
    for hit, vecs in zip(pool, vectors):
        best = float((vecs @ qvec).max())
        literal = any(p in hit.text.lower() for p in phrases)
        # The fused search score still counts (exact names and numbers live there), scaled to [0, 1].
        scored.append((best + 0.3 * hit.score / top + 0.2 * literal, hit))
    scored.sort(key=lambda pair: pair[0], reverse=True)
    chosen: list[SearchHit] = []
    for score, hit in scored:
        if not any(overlaps(kept, hit.model_dump()) for kept in chosen):
            chosen.append(hit.model_copy(update={"score": round(score, 5)}))
        if len(chosen) == k:
            break
    return chosen
