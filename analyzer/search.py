"""Hybrid search over stored passages: semantic (vectors) fused with exact terms (names, numbers).

Exact terms use Chroma's document `$contains` filter, so a purchase-order number or a person's
name is found even when the embedding model has no idea what it means. The two rankings are
merged by reciprocal-rank fusion.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from .core.models import SearchHit
from .store import Store, date_int, partner_key

RRF_K = 60
_STOP = {
    "what", "when", "where", "which", "who", "whom", "why", "how", "did", "does", "the", "and", "about", "say",
    "said", "with", "from", "that", "this", "they", "their", "there", "have", "has", "for", "was", "were", "are",
}


def exact_terms(query: str) -> list[str]:
    """Terms that should match literally: quoted phrases, tokens with digits, capitalised names."""
    terms = re.findall(r'"([^"]+)"', query)
    rest = re.sub(r'"[^"]+"', " ", query)
    for token in re.findall(r"[\w][\w\-./#]*[\w]|\w", rest):
        if any(ch.isdigit() for ch in token) or (token[0].isupper() and token.lower() not in _STOP and len(token) > 2):
            terms.append(token)
    return list(dict.fromkeys(terms))


def _where(partner: str | None, since: dt.date | None, until: dt.date | None, meeting_ids: list[str] | None) -> Any:
    clauses: list[dict[str, Any]] = []
    if partner:
        clauses.append({"partner_key": partner_key(partner)})
    if since:
        clauses.append({"date_int": {"$gte": date_int(since)}})
    if until:
        clauses.append({"date_int": {"$lte": date_int(until)}})
    if meeting_ids is not None:
        clauses.append({"meeting_id": {"$in": meeting_ids or ["-"]}})
    if not clauses:
        return None
    return clauses[0] if len(clauses) == 1 else {"$and": clauses}


def _semantic(store: Store, query: str, where: Any, n: int) -> list[tuple[str, str, dict, float]]:
    total = store.passages.count()
    if total == 0:
        return []
    got = store.passages.query(
        query_texts=[query], n_results=min(n, total), where=where, include=["documents", "metadatas", "distances"]
    )
    return list(zip(got["ids"][0], got["documents"][0], got["metadatas"][0], got["distances"][0]))


def _exact(store: Store, term: str, where: Any, n: int) -> list[tuple[str, str, dict]]:
    variants = list(dict.fromkeys([term, term.lower(), term.capitalize(), term.upper()]))
    docs = {"$or": [{"$contains": v} for v in variants]} if len(variants) > 1 else {"$contains": term}
    got = store.passages.get(where=where, where_document=docs, include=["documents", "metadatas"], limit=n)
    return list(zip(got["ids"], got["documents"], got["metadatas"]))


def search(
    store: Store,
    query: str,
    *,
    k: int = 10,
    partner: str | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    speaker: str | None = None,
    kind: str | None = None,
    meeting_ids: list[str] | None = None,
) -> list[SearchHit]:
    """Top-k passages for a query, with filters. `kind` keeps passages that contain a finding of that kind."""
    if kind:
        with_kind = {f.meeting_id for f in store.findings_for(meeting_ids, kind=kind)}
        meeting_ids = sorted(with_kind if meeting_ids is None else with_kind & set(meeting_ids))
    where = _where(partner, since, until, meeting_ids)
    pool = max(k * 4, 40)
    scores: dict[str, float] = {}
    records: dict[str, tuple[str, dict]] = {}
    matched: dict[str, set[str]] = {}
    for rank, (pid, doc, meta, dist) in enumerate(_semantic(store, query, where, pool)):
        scores[pid] = scores.get(pid, 0.0) + 1.0 / (RRF_K + rank) + max(0.0, 1.0 - dist) * 0.01
        records[pid] = (doc, meta)
        matched.setdefault(pid, set()).add("semantic")
    for term in exact_terms(query):
        for rank, (pid, doc, meta) in enumerate(_exact(store, term, where, pool)):
            # Exact hits on rare terms deserve to outrank loose semantic neighbours.
            scores[pid] = scores.get(pid, 0.0) + 1.5 / (RRF_K + rank)
            records[pid] = (doc, meta)
            matched.setdefault(pid, set()).add("exact")
    committed = store.committed_ids()
    hits = []
    for pid in sorted(scores, key=scores.get, reverse=True):
        doc, meta = records[pid]
        if meta["meeting_id"] not in committed:
            continue  # leftovers of an interrupted write are never shown
        speakers = meta.get("speakers") or []
        if speaker and not any(speaker.lower() in s.lower() for s in speakers):
            continue
        how = matched[pid]
        hits.append(
            SearchHit(
                meeting_id=meta["meeting_id"], title=meta["title"], partner=meta["partner"],
                date=dt.date.fromisoformat(meta["date"]), speaker=", ".join(speakers) or None, text=doc,
                start=meta["start"], end=meta["end"], score=round(scores[pid], 5), chunk_id=pid,
                match="both" if len(how) == 2 else next(iter(how)),  # type: ignore[arg-type]
            )
        )
        if len(hits) >= k:
            break
    return hits
