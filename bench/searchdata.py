"""A synthetic search corpus: N passages from 50 partners, written straight into the store's collections.

Embedding 100k passages with the real model would take many minutes on a small machine, so a pool
of real MiniLM embeddings of synthetic sentences is perturbed with small Gaussian noise and
re-normalised: the vectors keep the clustered geometry of real text (which matters for HNSW and for
how many of a partner's passages sit near a query) while each passage stays distinct.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

PARTNERS = [f"Partner {i:02d}" for i in range(50)]
PASSAGES_PER_MEETING = 200
POOL = 1500
NOISE = 0.25
BATCH = 5000


def partner_of(index: int) -> str:
    return PARTNERS[(index // PASSAGES_PER_MEETING) % len(PARTNERS)]


def sentence_pool(seed: int = 11) -> tuple[list[str], np.ndarray]:
    from analyzer.embedding import local_model
    from synth import sentences

    texts = sentences(POOL, seed=seed)
    return texts, local_model().encode(texts)


GENERATION = "bench"  # one generation for every synthetic meeting: search reads committed generations only


def fill(store, upto: int, texts: list[str], vectors: np.ndarray, seed: int = 5) -> int:
    """Add passages (and their meetings' commit records) until the passages collection holds `upto`."""
    from analyzer.store import date_int, partner_key

    have = store.passages.count()
    rng = np.random.default_rng(seed + have)
    for begin in range(have, upto, BATCH):
        end = min(upto, begin + BATCH)
        picks = rng.integers(0, len(texts), end - begin)
        vecs = vectors[picks] + rng.normal(
            0, NOISE / np.sqrt(vectors.shape[1]), (end - begin, vectors.shape[1])
        )
        vecs = (vecs / np.linalg.norm(vecs, axis=1, keepdims=True)).astype(np.float32)
        ids, docs, metas, meetings = [], [], [], {}
        for offset, pick in enumerate(picks):
            i = begin + offset
            meeting = f"msyn{i // PASSAGES_PER_MEETING:06d}"
            partner = partner_of(i)
            day = dt.date(2025, 1, 1) + dt.timedelta(days=(i // PASSAGES_PER_MEETING) % 365)
            meta = {
                "meeting_id": meeting,
                "title": f"Synthetic {meeting}",
                "partner": partner,
                "partner_key": partner_key(partner),
                "date": day.isoformat(),
                "date_int": date_int(day),
                "start": 0,
                "end": len(texts[pick]),
                "index": i % PASSAGES_PER_MEETING,
                "speakers": ["Dana Whitfield"],
                "generation": GENERATION,
                "chunk_id": f"{meeting}:{i}",
            }
            ids.append(f"{meeting}:{i}")
            docs.append(texts[pick])
            metas.append(meta)
            keys = ("meeting_id", "title", "partner", "partner_key", "date", "date_int", "generation")
            meetings[meeting] = {k: meta[k] for k in keys}
        store.passages.add(ids=ids, embeddings=vecs, documents=docs, metadatas=metas)
        # The meetings collection is the commit point search() checks; vectors there are never queried.
        store.meetings.upsert(
            ids=list(meetings),
            embeddings=np.zeros((len(meetings), vectors.shape[1]), np.float32) + 0.05,
            documents=[m["title"] for m in meetings.values()],
            metadatas=list(meetings.values()),
        )
    return store.passages.count()
