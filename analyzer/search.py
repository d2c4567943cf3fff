"""Hybrid search over stored passages: semantic (vectors) fused with exact terms (names, numbers).

Exact terms use Chroma's document `$contains` filter, so a purchase-order number or a person's
name is found even when the embedding model has no idea what it means. The two rankings are
merged by reciprocal-rank fusion.

A partner filter is the common case and Chroma's metadata filter is its cost (about 70 ms over
100k passages, against 4-7 ms unfiltered): the filter is evaluated over every stored passage on
each query. A long-lived process (the web app) therefore remembers the passages of each
partner (`_PartnerIndex`), restricts the vector query with `ids=` instead of `where=` and matches
exact terms in memory. `ids=` and `where=` only decide the allowed set before the same vector
search, so the hits are identical (bench/search.py checks this).
"""

from __future__ import annotations

import datetime as dt
import re
import threading
from collections.abc import Callable
from typing import Any, Literal, cast

from .core.errors import AnalyzerError
from .core.models import SearchHit, Transcript
from .settings import get_settings
from .store import Store, date_int, partner_key

RRF_K = 60
_STOP = {
    "what",
    "when",
    "where",
    "which",
    "who",
    "whom",
    "why",
    "how",
    "did",
    "does",
    "the",
    "and",
    "about",
    "say",
    "said",
    "with",
    "from",
    "that",
    "this",
    "they",
    "their",
    "there",
    "have",
    "has",
    "for",
    "was",
    "were",
    "are",
}


# A phrase in straight, curly or single quotes ('no-brainer', "PO 4471"); an apostrophe inside a
# word (don't) is not a quote because the opening mark must follow a space or bracket.
QUOTED = re.compile(r"""(?:^|(?<=[\s(\[]))["“‘']([^"”’'\n]{2,60})["”’'](?=[\s.,;:!?)\]]|$)""")


def exact_terms(query: str) -> list[str]:
    """Terms that should match literally: quoted phrases, tokens with digits, capitalised names."""
    terms = [m.group(1) for m in QUOTED.finditer(query)]
    rest = QUOTED.sub(" ", query)
    for token in re.findall(r"[\w][\w\-./#]*[\w]|\w", rest):
        if any(ch.isdigit() for ch in token) or (
            token[0].isupper() and token.lower() not in _STOP and len(token) > 2
        ):
            terms.append(token)
    return list(dict.fromkeys(terms))


def _where(
    partner: str | None,
    since: dt.date | None,
    until: dt.date | None,
    meeting_ids: list[str] | None,
    generations: list[str] | None = None,
) -> Any:
    clauses: list[dict[str, Any]] = []
    if generations is not None:
        # Committed copies only, before ranking: leftovers of a crash can never take a result slot.
        clauses.append({"generation": {"$in": generations or ["-"]}})
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


class _PartnerIndex:
    """Per process: each partner's stored passages (ids, texts, metadata), per passages collection.

    Valid while the partner's committed (meeting, generation) pairs are unchanged: every write of a
    meeting gets a new generation, so a new, re-saved or deleted meeting shows up as a changed set
    (checked on every search through the small meetings collection) and the partner is loaded
    again. Only rows of committed generations are kept. The first search for a partner uses the plain
    filtered query (a one-shot CLI search gains nothing from loading); later searches load once,
    then query vectors by `ids=` and match exact terms in memory (Chroma's `$contains` scans every
    stored document: ~100 ms per variant at 100k passages).
    """

    MAX_PASSAGES = 200_000  # about 1 KB each with metadata; beyond this the index starts over

    def __init__(self) -> None:
        self._partners: dict[
            tuple[str, str], tuple[frozenset[tuple[str, str]], list[tuple[str, str, dict]]]
        ] = {}
        self._asked: set[tuple[str, str]] = set()
        self._lock = threading.Lock()

    def passages(
        self, store: Store, key: str
    ) -> tuple[frozenset[tuple[str, str]], list[tuple[str, str, dict]]] | None:
        """(the partner's committed (meeting, generation) pairs, its passages), or None: use the filtered query."""
        slot = (str(store.passages.id), key)
        with self._lock:
            first = slot not in self._asked
            self._asked.add(slot)
        if first:
            return None
        meetings = frozenset(store.committed_generations(key).items())
        with self._lock:
            cached = self._partners.get(slot)
        if cached is not None and cached[0] == meetings:
            return cached
        # The same `where` as the filtered query, so the allowed set and the order are the same.
        got = store.passages.get(where={"partner_key": key}, include=["documents", "metadatas"])
        live = {gen for _mid, gen in meetings}
        rows = [
            row
            for row in zip(got["ids"], got["documents"], got["metadatas"])
            if row[2].get("generation") in live
        ]
        with self._lock:
            if sum(len(r) for _, r in self._partners.values()) + len(rows) > self.MAX_PASSAGES:
                self._partners.clear()
            self._partners[slot] = (meetings, rows)
        return meetings, rows

    def clear(self) -> None:
        with self._lock:
            self._partners.clear()
            self._asked.clear()


PARTNER_INDEX = _PartnerIndex()
USE_PARTNER_INDEX = True  # benchmarks switch it off to measure the plain filtered path


def _partner_passages(
    store: Store, partner: str | None, plain_partner_filter: bool
) -> tuple[frozenset[tuple[str, str]], list[tuple[str, str, dict]]] | None:
    """(committed pairs, passages) to restrict to when the only filter is a partner (else None: use `where`)."""
    if not USE_PARTNER_INDEX or not partner or not plain_partner_filter:
        return None
    return PARTNER_INDEX.passages(store, partner_key(partner))


def _semantic(
    store: Store, query: str, where: Any, n: int, rows: list[tuple[str, str, dict]] | None = None
) -> list[tuple[str, str, dict, float]]:
    total = store.passages.count() if rows is None else len(rows)
    if total == 0:
        return []
    # `ids=` and `where=` both only fix the allowed set before the same vector search.
    restrict: dict[str, Any] = {"where": where} if rows is None else {"ids": [r[0] for r in rows]}
    got = store.passages.query(
        query_texts=[query],
        n_results=min(n, total),
        include=["documents", "metadatas", "distances"],
        **restrict,
    )
    return list(zip(got["ids"][0], got["documents"][0], got["metadatas"][0], got["distances"][0]))


def _exact(
    store: Store, term: str, where: Any, n: int, rows: list[tuple[str, str, dict]] | None = None
) -> list[tuple[str, str, dict]]:
    variants = list(dict.fromkeys([term, term.lower(), term.capitalize(), term.upper()]))
    if rows is not None:
        # Same semantics as Chroma's case-sensitive `$contains` over the variants, first n in store order.
        return [row for row in rows if any(v in row[1] for v in variants)][:n]
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
    merge_overlaps: bool = True,
) -> list[SearchHit]:
    """Top-k passages for a query, with filters. `kind` keeps passages that contain a finding of that kind.

    A passage overlapping a better hit of the same meeting by more than half is left out unless
    `merge_overlaps` is False (for callers that re-rank the pool and de-duplicate afterwards).
    """
    if kind:
        with_kind = {f.meeting_id for f in store.findings_for(meeting_ids, kind=kind)}
        meeting_ids = sorted(with_kind if meeting_ids is None else with_kind & set(meeting_ids))
    plain = not (since or until or meeting_ids is not None)
    indexed = _partner_passages(store, partner, plain)
    committed = dict(indexed[0]) if indexed else store.committed_generations(partner)
    where = _where(partner, since, until, meeting_ids, sorted(set(committed.values())))
    rows = indexed[1] if indexed else None
    pool = max(k * 4, 40)
    scores: dict[str, float] = {}
    records: dict[str, tuple[str, dict]] = {}
    matched: dict[str, set[str]] = {}
    semantic = _semantic(store, query, where, pool, rows)
    for rank, (pid, doc, meta, dist) in enumerate(semantic):
        scores[pid] = scores.get(pid, 0.0) + 1.0 / (RRF_K + rank) + max(0.0, 1.0 - dist) * 0.01
        records[pid] = (doc, meta)
        matched.setdefault(pid, set()).add("semantic")
    for term in exact_terms(query):
        for rank, (pid, doc, meta) in enumerate(_exact(store, term, where, pool, rows)):
            # Exact hits on rare terms deserve to outrank loose semantic neighbours.
            scores[pid] = scores.get(pid, 0.0) + 1.5 / (RRF_K + rank)
            records.setdefault(pid, (doc, meta))
            matched.setdefault(pid, set()).add("exact")
    if rows is not None:
        # Exact-only hits came from the in-memory index; re-read them so a meeting re-saved with a new
        # title or date since the index was filled shows what is stored now (one get by ids).
        cached_only = [pid for pid, how in matched.items() if how == {"exact"}]
        if cached_only:
            fresh = store.passages.get(ids=cached_only, include=["documents", "metadatas"])
            current = dict(zip(fresh["ids"], zip(fresh["documents"], fresh["metadatas"])))
            for pid in cached_only:
                if pid in current:
                    records[pid] = current[pid]
                else:
                    del scores[pid]  # deleted since
    similarity = {pid: 1.0 - dist for pid, _, _, dist in semantic}
    floor = _floor(matched)
    hits: list[SearchHit] = []
    for pid in sorted(scores, key=scores.__getitem__, reverse=True):
        doc, meta = records[pid]
        if committed.get(meta["meeting_id"]) != meta.get("generation"):
            continue  # re-read rows of a copy replaced since the partner index was filled
        if matched[pid] == {"semantic"} and similarity.get(pid, 0.0) < floor:
            continue  # a loose neighbour: it shares neither the words nor enough meaning
        speakers = meta.get("speakers") or []
        if speaker and not any(speaker.lower() in s.lower() for s in speakers):
            continue
        if merge_overlaps and any(overlaps(hit, meta) for hit in hits):
            continue  # overlapping passages of one meeting would repeat the same lines
        hits.append(_hit(meta, doc, scores[pid], matched[pid], pid, speakers))
        if len(hits) >= k:
            break
    return hits


def _floor(matched: dict[str, set[str]]) -> float:
    settings = get_settings()
    if any("exact" in how for how in matched.values()):
        return settings.search_min_similarity_with_exact
    return settings.search_min_similarity


def overlaps(hit: SearchHit, meta: dict) -> bool:
    """Whether a passage shares more than half of the shorter span with a hit of the same meeting."""
    if hit.meeting_id != meta["meeting_id"]:
        return False
    shared = min(hit.end, meta["end"]) - max(hit.start, meta["start"])
    return shared > 0.5 * min(hit.end - hit.start, meta["end"] - meta["start"])


def _hit(meta: dict, doc: str, score: float, how: set[str], pid: str, speakers: list[str]) -> SearchHit:
    return SearchHit(
        meeting_id=meta["meeting_id"],
        title=meta["title"],
        partner=meta["partner"],
        date=dt.date.fromisoformat(meta["date"]),
        speaker=", ".join(speakers) or None,
        text=doc,
        start=meta["start"],
        end=meta["end"],
        score=round(score, 5),
        chunk_id=meta.get("chunk_id", pid),
        match="both" if len(how) == 2 else cast(Literal["semantic", "exact"], next(iter(how))),
    )


def readable_passage(transcript: Transcript, start: int, end: int) -> str:
    """A hit's span as `Speaker: text` lines, without format markup (cue numbers, timecodes, tags).

    Passages are stored as raw slices of the original input so their offsets stay exact; this is
    the form to show a reader. Without parsed utterances the raw slice is returned.
    """
    lines = []
    for utt in transcript.utterances:
        if utt.end <= start or utt.start >= end:
            continue
        body = transcript.text[max(utt.start, start) : min(utt.end, end)].strip()
        if body:
            lines.append(f"{utt.speaker}: {body}" if utt.speaker else body)
    return "\n".join(lines) if lines else transcript.text[start:end]


def transcript_lookup(store: Store) -> Callable[[str], Transcript | None]:
    """meeting id -> its stored Transcript (or None if it is gone), each read once."""
    cache: dict[str, Transcript | None] = {}

    def lookup(meeting_id: str) -> Transcript | None:
        if meeting_id not in cache:
            try:
                cache[meeting_id] = store.get_report(meeting_id).transcript
            except AnalyzerError:
                cache[meeting_id] = None
        return cache[meeting_id]

    return lookup
