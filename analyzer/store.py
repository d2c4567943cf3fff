"""The vector store: Chroma, embedded (PersistentClient) or a team server (HttpClient).

Collections: `passages` (small transcript chunks for search), `findings`, `reports` (each stored
meeting's full report), `meetings` (one small record per meeting) and `journal` (writes in
progress). Each write of a meeting gets a new generation: its rows are written beside the old
copy, the meeting record then names the new generation (the commit point), and the old rows are
removed afterwards. Readers only read committed generations, so they see the old copy or the new
one, never none and never a mix, whatever point a crash hits. Writers to the same meeting queue
on journal entries in Chroma itself, so clients of one server are serialised too; local
processes also take a file lock. See `store_journal.py` and docs/reliability.md.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import threading
import time
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from . import store_journal as journal
from .core.errors import StoreError
from .core.models import Chunk, Finding, MeetingMeta, Report
from .embedding import embedding_function
from .settings import Settings, get_settings
from .store_reads import StoreReads
from .store_records import (  # noqa: F401  (date_int, partner_key: part of the store's interface)
    SCHEMA_VERSION,
    base_metadata,
    date_int,
    finding_metadata,
    meeting_metadata,
    partner_key,
    passage_metadata,
)

QUEUE_WAIT_SECONDS = 120.0
BATCH = 2000
log = logging.getLogger(__name__)
# Held by every write of this process and by release_clients: a background indexing thread's write
# must not lose its Chroma client to a reader reopening the store halfway through.
_PROCESS_WRITES = threading.RLock()


@lru_cache(maxsize=8)
def _client(home: str, url: str | None, host: str | None, port: int | None) -> Any:
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    try:
        if url or host:
            from urllib.parse import urlparse

            parsed = urlparse(url) if url else None
            return chromadb.HttpClient(
                host=(parsed.hostname if parsed else host) or "localhost",
                port=(parsed.port if parsed else port) or 8000,
                ssl=bool(parsed and parsed.scheme == "https"),
                settings=chroma_settings,
            )
        return chromadb.PersistentClient(path=home, settings=chroma_settings)
    except Exception as error:  # chromadb raises many types; all mean the same to a user
        where = url or f"{host}:{port}" if (url or host) else home
        raise StoreError(f"cannot open the store at {where} ({error})", _store_fix(url or host)) from None


def _store_fix(remote: str | None) -> str:
    if remote:
        return "check that the Chroma server is running and ANALYZER_CHROMA_URL is right"
    return "check that ANALYZER_HOME is writable, or point it at another directory"


@contextlib.contextmanager
def _flock(settings: Settings, name: str) -> Iterator[None]:
    """An exclusive lock on `<home>/<name>` between processes of this machine."""
    settings.ensure_home()
    with open(settings.home / name, "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


class Store(StoreReads):
    """Meetings, passages and findings in Chroma, written by generation (see the module docstring)."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or get_settings()
        remote = self.settings.chroma_url or self.settings.chroma_host
        self.is_local = not remote
        if self.is_local:
            self.settings.chroma_dir.mkdir(parents=True, exist_ok=True)
        self.embedder = embedding_function(self.settings.embedding)
        with self._open_lock():
            self.client = _client(
                str(self.settings.chroma_dir),
                self.settings.chroma_url,
                self.settings.chroma_host,
                self.settings.chroma_port,
            )
            suffix = (
                "" if self.settings.embedding == "local" else "-" + self.settings.embedding.replace(":", "-")
            )
            self.meetings = self._collection("meetings" + suffix)
            self.passages = self._collection("passages" + suffix)
            self.findings = self._collection("findings" + suffix)
            self.reports = self._collection("reports" + suffix, plain=True)
            self.journal = self._collection("journal" + suffix, plain=True)
        self._opened_stamp = self._stamp()
        self._upgrade()
        if self.journal.count():
            self._recover()

    def _collection(self, name: str, plain: bool = False) -> Any:
        try:
            collection = self.client.get_or_create_collection(
                name,
                embedding_function=None if plain else self.embedder,
                metadata={"hnsw:space": "cosine", "schema_version": SCHEMA_VERSION},
            )
        except Exception as error:
            raise StoreError(
                f"cannot open collection '{name}' ({error})", _store_fix(self.settings.chroma_url)
            ) from None
        found = (collection.metadata or {}).get("schema_version")
        if found not in (1, SCHEMA_VERSION):
            raise StoreError(
                f"the store at {self.settings.home} was written by schema version {found}, this is version "
                f"{SCHEMA_VERSION}",
                "re-analyse your meetings into a new ANALYZER_HOME (move the old directory aside)",
            )
        return collection

    @contextlib.contextmanager
    def _open_lock(self) -> Iterator[None]:
        """Only one process at a time creates a local store: Chroma's first-open migrations race."""
        if not self.is_local:
            yield
            return
        with _flock(self.settings, "open.lock"):
            yield

    @contextlib.contextmanager
    def _write_lock(self) -> Iterator[None]:
        with _PROCESS_WRITES, _flock(self.settings, "store.lock"):
            try:
                yield
            finally:
                if self.is_local:
                    self._touch_stamp()
                    self._opened_stamp = self._stamp()  # this store's own writes are not "elsewhere"

    @contextlib.contextmanager
    def _write(self, meeting_id: str, op: str) -> Iterator[str]:
        """One write of one meeting: the local lock, a journal entry, a turn in the writers' queue."""
        generation = journal.new_generation()
        with self._write_lock():
            journal.begin(self.journal, generation, meeting_id, op)
            try:
                journal.wait_turn(self.journal, generation, meeting_id, QUEUE_WAIT_SECONDS)
            except TimeoutError:
                journal.finish(self.journal, generation)
                raise StoreError(
                    f"another writer has been storing meeting {meeting_id} for over {QUEUE_WAIT_SECONDS:.0f} s",
                    "try again later; if that writer crashed, 'analyzer store check --repair' clears it "
                    f"after {journal.LIVE_WRITE_SECONDS // 60} minutes",
                ) from None
            yield generation
            journal.finish(self.journal, generation)

    def _checkpoint(self, name: str) -> None:
        """A named point between two commits of a write (the durability tests kill the process here)."""

    # ---- freshness (a long-lived reader sees other processes' writes) ----------------------
    def _stamp(self) -> float:
        path = self.settings.home / "store.stamp"
        return path.stat().st_mtime_ns if self.is_local and path.exists() else 0

    def _touch_stamp(self) -> None:
        path = self.settings.home / "store.stamp"
        path.write_text(str(time.time_ns()), encoding="utf-8")

    @property
    def changed_elsewhere(self) -> bool:
        """Whether another process wrote to this local store since it was opened here."""
        return self.is_local and self._stamp() != self._opened_stamp

    # ---- writing -------------------------------------------------------------------------
    def save(
        self, report: Report, passages: list[Chunk], keep_review: bool = True, index: bool = True
    ) -> None:
        """Write a meeting as a new generation; the old copy stays readable until the new one commits.

        With `keep_review`, findings the user reviewed in the stored copy are carried into `report`
        (see review_carry.py), read under the same write turn so a concurrent review is not lost.
        With `index=False` the passages are left to `index_passages` (the app runs it after showing
        the results): the meeting commits without them, and search reads its previous passages, if
        any, until they land.
        """
        meta = report.meeting
        base = base_metadata(meta)
        with self._write(meta.id, "save") as gen:
            record = self.meetings.get(ids=[meta.id], include=["metadatas"])["metadatas"]
            stored = self.get_report(meta.id) if record else None
            if keep_review and stored is not None:
                from .review_carry import carry_review

                report.stats.review_changes = carry_review(stored, report)
            passages_gen = gen if index or stored is None else record[0]["generation"]
            # The same transcript again: its indexed passages stand, so nothing waits to be indexed.
            same = stored is not None and stored.transcript.text == report.transcript.text
            indexed = index or (same and record[0].get("indexed", True))
            self._checkpoint("begun")
            if index:
                self._add_passages(gen, base, passages)
            self._checkpoint("passages")
            self._add_findings(gen, base, report)
            self._checkpoint("findings")
            self._commit(report, passages_gen, gen, indexed=indexed)
            self._checkpoint("committed")
            self._settle(meta.id, passages_gen, gen, passages if index else None, report.findings)
            self._checkpoint("settled")

    def index_passages(self, meeting_id: str, passages: list[Chunk]) -> bool:
        """Add the passages of a meeting saved with `index=False`; False if it is gone or already indexed."""
        with self._write(meeting_id, "index") as gen:
            if meeting_id not in self.unindexed():  # deleted, or indexed by a later save, meanwhile
                return False
            report = self.get_report(meeting_id)  # read in this turn: a review saved meanwhile stands
            self._add_passages(gen, base_metadata(report.meeting), passages)
            self._checkpoint("index-passages")
            findings_gen = self._generations(meeting_id)[1]
            self._commit(report, gen, findings_gen, indexed=True)
            self._checkpoint("index-committed")
            self._settle(meeting_id, gen, findings_gen, passages, report.findings)
        return True

    def unindexed(self) -> list[str]:
        """Meetings saved whose passages are not in the search index yet (`save(index=False)`)."""
        got = self.meetings.get(where={"indexed": False}, include=[])
        return sorted(got["ids"])

    def _add_passages(self, gen: str, base: dict[str, Any], passages: list[Chunk]) -> None:
        for start in range(0, len(passages), BATCH):
            batch = passages[start : start + BATCH]
            self.passages.upsert(
                ids=[journal.record_id(gen, c.id) for c in batch],
                documents=[c.text for c in batch],
                metadatas=[{**base, **passage_metadata(c), "generation": gen} for c in batch],
            )

    def _add_findings(self, gen: str, base: dict[str, Any], report: Report) -> None:
        if report.findings:
            self.findings.upsert(
                ids=[journal.record_id(gen, f.id) for f in report.findings],
                documents=[f.quote for f in report.findings],
                metadatas=[{**base, **finding_metadata(f), "generation": gen} for f in report.findings],
            )
        self.reports.upsert(
            ids=[journal.record_id(gen, report.meeting.id)],
            embeddings=journal.MARK,
            metadatas=[
                {"meeting_id": report.meeting.id, "generation": gen, "report_json": report.model_dump_json()}
            ],
        )

    def _commit(self, report: Report, passages_gen: str, findings_gen: str, indexed: bool = True) -> None:
        meta = report.meeting
        self.meetings.upsert(
            ids=[meta.id],
            documents=[f"{meta.title} — {meta.partner}"],
            metadatas=[{**meeting_metadata(report, passages_gen, findings_gen), "indexed": indexed}],
        )

    def _settle(
        self,
        meeting_id: str,
        passages_gen: str,
        findings_gen: str,
        passages: list[Chunk] | None,
        findings: list[Finding],
    ) -> None:
        """After the commit: remove older generations, and check that what committed is all there."""
        live = journal.live_generations(self.journal, meeting_id, findings_gen, self.is_local)
        where = {"meeting_id": meeting_id}
        keep_p, keep_f = {passages_gen} | live, {findings_gen} | live
        journal.remove(
            self,
            journal.Leftovers(
                passages=journal.stale_ids(self.passages, where, keep_p) if passages is not None else [],
                findings=journal.stale_ids(self.findings, where, keep_f),
                reports=journal.stale_ids(self.reports, where, keep_f),
            ),
        )
        if passages is not None:
            stored = self.passages.get(where={"generation": passages_gen}, include=[])["ids"]
            if len(stored) != len(passages):
                raise StoreError(
                    f"meeting {meeting_id} was stored incompletely ({len(stored)} of {len(passages)} "
                    "passages)",
                    "analyse the meeting again",
                )
        stored_findings = self.findings.get(where={"generation": findings_gen}, include=[])["ids"]
        if len(stored_findings) != len(findings):
            raise StoreError(f"meeting {meeting_id} was stored incompletely", "analyse the meeting again")

    def delete(self, meeting_id: str) -> MeetingMeta:
        """Delete a meeting and everything stored with it; the meeting record goes last but one."""
        meta = self.get_meeting(meeting_id)
        with self._write(meta.id, "delete"):
            self._remove_rows(self.passages, meta.id)
            self._remove_rows(self.findings, meta.id)
            self._checkpoint("rows")
            self.meetings.delete(ids=[meta.id])
            self._checkpoint("record")
            self._remove_rows(self.reports, meta.id)
        return meta

    def remove_meeting_records(self, meeting_id: str) -> None:
        """Everything stored for a meeting, record included (finishing an interrupted delete)."""
        self._remove_rows(self.passages, meeting_id)
        self._remove_rows(self.findings, meeting_id)
        self.meetings.delete(ids=[meeting_id])
        self._remove_rows(self.reports, meeting_id)

    @staticmethod
    def _remove_rows(collection: Any, meeting_id: str) -> None:
        collection.delete(where={"meeting_id": meeting_id})

    def update_findings(self, meeting_id: str, findings: list[Finding]) -> None:
        """Replace a stored meeting's findings (after review); its passages are kept as they are."""
        report = self.get_report(meeting_id)
        report.findings = findings
        report.stats.findings = len(findings)
        base = base_metadata(report.meeting)
        with self._write(report.meeting.id, "review") as gen:
            record = self._meeting_record(report.meeting.id)
            passages_gen = record["generation"]
            self._add_findings(gen, base, report)
            self._checkpoint("findings")
            self._commit(report, passages_gen, gen, indexed=record.get("indexed", True))
            self._settle(report.meeting.id, passages_gen, gen, None, findings)

    # ---- repair ----------------------------------------------------------------------------
    def _recover(self) -> None:
        """Finish or undo writes a crash interrupted (local stores; a server's are left to `check`)."""
        if not self.is_local:
            return
        with self._write_lock():
            handled = journal.recover(self)
        if handled:
            log.warning("finished or undid %d interrupted store write(s)", handled)

    def check(self, repair: bool = False) -> journal.Leftovers:
        """Records no committed meeting owns; with `repair`, remove them (under the write lock)."""
        with self._write_lock() if repair else contextlib.nullcontext():
            found = journal.leftovers(self)
            if repair:
                journal.remove(self, found)
        return found

    def _upgrade(self) -> None:
        """Bring a schema-1 store (no generations) to schema 2 in place, keeping every meeting."""
        if (self.meetings.metadata or {}).get("schema_version") != 1:
            return
        with self._write_lock():
            from .store_upgrade import upgrade_v1

            upgrade_v1(self)


def reopen_if_changed(store: Store) -> Store:
    """`store`, or a freshly opened one when another process wrote to it since it was opened.

    Chroma's embedded client keeps its vector index in memory: a long-lived reader (the app) that
    does not reopen after another process's write fails with "Error finding id" on filtered queries.
    """
    if not store.changed_elsewhere:
        return store
    release_clients()
    return Store(store.settings)


def release_clients() -> None:
    """Forget every open Chroma client of this process, so the next Store reads the disk afresh."""
    from chromadb.api.client import SharedSystemClient

    with _PROCESS_WRITES:
        _client.cache_clear()
        SharedSystemClient.clear_system_cache()
