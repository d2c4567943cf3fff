"""Generations, the write journal and repair: how the store stays whole across crashes and writers.

Every write of a meeting gets a fresh generation id. Its passages and findings are stored under
that generation, beside any older copy; the meeting record then names the generation (the commit
point), and only afterwards are older generations removed. Readers only read the generations that
committed records name, so they see the old copy or the new one, never none and never a mix.

Before a write touches anything it is entered in a small `journal` collection (in Chroma, so it
works against a shared server as well as on disk) and removed when the write is finished. An
entry that is still there when no writer holds it marks an interrupted write: `recover` finishes
or undoes it, and `leftovers` finds records that no committed meeting owns.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

# A server's writers hold no common lock: an entry younger than this may belong to a live writer.
LIVE_WRITE_SECONDS = 15 * 60
MARK = [[1.0]]  # the journal and reports are looked up by id only; Chroma still wants a vector


def new_generation() -> str:
    """A fresh generation id: unique across processes and machines."""
    return uuid.uuid4().hex[:16]


def record_id(generation: str, item_id: str) -> str:
    """The Chroma id of a passage or finding: the same item in two generations never collides."""
    return f"{generation}.{item_id}"


@dataclass
class Leftovers:
    """Records no committed meeting owns, and journal entries of interrupted writes."""

    passages: list[str] = field(default_factory=list)
    findings: list[str] = field(default_factory=list)
    reports: list[str] = field(default_factory=list)
    writes: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.passages) + len(self.findings) + len(self.reports) + len(self.writes)


def begin(journal: Any, generation: str, meeting_id: str, op: str) -> None:
    """Enter a write in the journal before it touches any record."""
    journal.upsert(
        ids=[generation],
        embeddings=MARK,
        metadatas=[{"meeting_id": meeting_id, "op": op, "started": time.time()}],
    )


def finish(journal: Any, generation: str) -> None:
    """Remove a finished write's entry (the last step of every write)."""
    journal.delete(ids=[generation])


def live_generations(journal: Any, meeting_id: str | None, exclude: str, local: bool) -> set[str]:
    """Generations of writes that may still be running (none locally: the local writer holds the lock)."""
    if local:
        return set()
    got = journal.get(where={"meeting_id": meeting_id} if meeting_id else None, include=["metadatas"])
    now = time.time()
    return {
        gid
        for gid, meta in zip(got["ids"], got["metadatas"])
        if gid != exclude and now - float(meta.get("started", 0)) < LIVE_WRITE_SECONDS
    }


def stale_ids(collection: Any, where: dict[str, Any], keep: set[str]) -> list[str]:
    """Ids of records matching `where` whose generation is not in `keep`."""
    got = collection.get(where=where or None, include=["metadatas"])
    return [rid for rid, meta in zip(got["ids"], got["metadatas"]) if meta.get("generation") not in keep]


def committed_generations(meetings: Any) -> tuple[dict[str, str], dict[str, str]]:
    """(meeting id -> passages generation, meeting id -> findings generation) of committed records."""
    got = meetings.get(include=["metadatas"])
    passages, findings = {}, {}
    for mid, meta in zip(got["ids"], got["metadatas"]):
        if meta.get("generation"):
            passages[mid] = meta["generation"]
            findings[mid] = meta.get("findings_generation") or meta["generation"]
    return passages, findings


def leftovers(store: Any) -> Leftovers:
    """Everything no committed meeting owns (except what live writers on a server may still commit)."""
    passages_gen, findings_gen = committed_generations(store.meetings)
    live = live_generations(store.journal, None, "", store.is_local)
    keep_passages = set(passages_gen.values()) | live
    keep_findings = set(findings_gen.values()) | live
    found = Leftovers(
        passages=stale_ids(store.passages, {}, keep_passages) if store.passages.count() else [],
        findings=stale_ids(store.findings, {}, keep_findings) if store.findings.count() else [],
        reports=stale_ids(store.reports, {}, keep_findings) if store.reports.count() else [],
    )
    got = store.journal.get(include=[])
    found.writes = [gid for gid in got["ids"] if gid not in live]
    return found


def remove(store: Any, found: Leftovers) -> None:
    """Delete the records `leftovers` found (the journal entries last)."""
    for collection, ids in (
        (store.passages, found.passages),
        (store.findings, found.findings),
        (store.reports, found.reports),
    ):
        _delete_ids(collection, ids)
    _delete_ids(store.journal, found.writes)


def _delete_ids(collection: Any, ids: Iterable[str], batch: int = 2000) -> None:
    ids = list(ids)
    for start in range(0, len(ids), batch):
        collection.delete(ids=ids[start : start + batch])


def recover(store: Any) -> int:
    """Finish or undo interrupted writes in a local store; the number of journal entries handled.

    Runs under the store's write lock, so no entry can belong to a live writer. An interrupted
    delete is finished (its meeting was on its way out); an interrupted save is undone where it had
    not committed, and its older generations are removed where it had.
    """
    got = store.journal.get(include=["metadatas"])
    if not got["ids"]:
        return 0
    for meta in got["metadatas"]:
        if meta.get("op") == "delete":
            store.remove_meeting_records(meta["meeting_id"])
    remove(store, leftovers(store))
    return len(got["ids"])


def wait_turn(journal_collection: Any, generation: str, meeting_id: str, budget: float) -> None:
    """Block until every earlier live write of the same meeting is gone (a queue kept in Chroma).

    Each writer enters itself first and then looks: of the live entries for the meeting, the one
    that started first (ties broken by id) goes. Entries older than LIVE_WRITE_SECONDS are taken as
    left by a crashed writer. Raises TimeoutError when the turn does not come within `budget`.
    """
    deadline = time.monotonic() + budget
    while True:
        got = journal_collection.get(where={"meeting_id": meeting_id}, include=["metadatas"])
        entries = dict(zip(got["ids"], got["metadatas"]))
        mine = entries.get(generation)
        if mine is None:
            return
        now = time.time()
        ahead = [
            gid
            for gid, meta in entries.items()
            if gid != generation
            and now - float(meta.get("started", 0)) < LIVE_WRITE_SECONDS
            and (float(meta.get("started", 0)), gid) < (float(mine.get("started", 0)), generation)
        ]
        if not ahead:
            return
        if time.monotonic() > deadline:
            raise TimeoutError(meeting_id)
        time.sleep(0.2)
