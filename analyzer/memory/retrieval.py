"""Retrieval for cited answers: hybrid search, then a sentence-level re-rank of a wider pool.

`analyzer.search.search` embeds whole passages (several turns), so one relevant sentence is
diluted by its neighbours. Re-ranking a 4x wider pool by the best single sentence's similarity to
the question (plus phrases the question quotes, 'like this') recovers those passages.
"""

from __future__ import annotations

import re

from ..core.models import SearchHit
from ..search import search
from ..store import Store

POOL_FACTOR = 4
_SPLIT = re.compile(r"(?<=[.!?])\s+|\n+")


def quoted_phrases(question: str) -> list[str]:
    """Phrases in single or double quotes ("'touch base'"), which should appear literally."""
    return [p.strip().lower() for p in re.findall(r"[\"“‘']([^\"”’']{3,60})[\"”’']", question)]


def retrieve(store: Store, question: str, *, k: int = 5, partner: str | None = None) -> list[SearchHit]:
    """The top-k passages for a question: hybrid search over a wider pool, re-ranked by best sentence."""
    from ..embedding import local_model

    pool = search(store, question, k=max(k * POOL_FACTOR, 20), partner=partner)
    if len(pool) <= 1:
        return pool[:k]
    model = local_model()
    qvec = model.encode([question])[0]
    sentences = [[s for s in _SPLIT.split(hit.text) if len(s.strip()) > 3] or [hit.text] for hit in pool]
    flat = [s for group in sentences for s in group]
    vecs = model.encode(flat)
    phrases = quoted_phrases(question)
    top = max(hit.score for hit in pool) or 1.0
    scored, at = [], 0
    for hit, group in zip(pool, sentences):
        best = float((vecs[at:at + len(group)] @ qvec).max())
        at += len(group)
        literal = any(p in hit.text.lower() for p in phrases)
        # The fused search score still counts (exact names and numbers live there), scaled to [0, 1].
        scored.append((best + 0.3 * hit.score / top + 0.2 * literal, hit))
    scored.sort(key=lambda pair: pair[0], reverse=True)
    return [hit.model_copy(update={"score": round(score, 5)}) for score, hit in scored[:k]]
