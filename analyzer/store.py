"""The vector store: Chroma, embedded (PersistentClient) or a team server (HttpClient).

Three collections: `passages` (small transcript chunks for search), `findings`, and `meetings`.
A meeting is written whole: passages and findings first, then its `meetings` record, which is the
commit point. Readers only see committed meetings; leftovers of an interrupted write are
invisible and are replaced when the meeting is analysed again. Writes take a file lock so two
local processes never interleave.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import json
import logging
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from .core.errors import NotFoundError, StoreError
from .core.models import Chunk, Finding, MeetingMeta, Report, Transcript
from .embedding import embedding_function
from .settings import Settings, get_settings

SCHEMA_VERSION = 1
BATCH = 2000
log = logging.getLogger(__name__)


def date_int(day: dt.date) -> int:
    return day.year * 10000 + day.month * 100 + day.day


def partner_key(name: str) -> str:
    """Partner names compare case- and space-insensitively."""
    return " ".join(name.lower().split())


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


class Store:
    """Meetings, passages and findings in Chroma, with idempotent content-hash ids."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or get_settings()
        remote = self.settings.chroma_url or self.settings.chroma_host
        if not remote:
            self.settings.chroma_dir.mkdir(parents=True, exist_ok=True)
        self.client = _client(
            str(self.settings.chroma_dir), self.settings.chroma_url, self.settings.chroma_host, self.settings.chroma_port
        )
        self.embedder = embedding_function(self.settings.embedding)
        suffix = "" if self.settings.embedding == "local" else "-" + self.settings.embedding.replace(":", "-")
        self.meetings = self._collection("meetings" + suffix)
        self.passages = self._collection("passages" + suffix)
        self.findings = self._collection("findings" + suffix)

    def _collection(self, name: str) -> Any:
        try:
            collection = self.client.get_or_create_collection(
                name,
                embedding_function=self.embedder,
                metadata={"hnsw:space": "cosine", "schema_version": SCHEMA_VERSION},
            )
        except Exception as error:
            raise StoreError(f"cannot open collection '{name}' ({error})", _store_fix(self.settings.chroma_url)) from None
        found = (collection.metadata or {}).get("schema_version")
        if found != SCHEMA_VERSION:
            raise StoreError(
                f"the store at {self.settings.home} was written by schema version {found}, this is version "
                f"{SCHEMA_VERSION}",
                "re-analyse your meetings into a new ANALYZER_HOME (move the old directory aside)",
            )
        return collection

    @contextlib.contextmanager
    def _write_lock(self) -> Iterator[None]:
        self.settings.ensure_home()
        with open(self.settings.home / "store.lock", "a+") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    # ---- writing -------------------------------------------------------------------------
    def save(self, report: Report, passages: list[Chunk]) -> None:
        """Write a meeting whole: passages, findings, then the meeting record (the commit point)."""
        meta = report.meeting
        base = _base_metadata(meta)
        with self._write_lock():
            # Uncommit first: while the records are replaced the meeting reads as absent, never half-new.
            self.meetings.delete(ids=[meta.id])
            self._delete_records(meta.id)
            for start in range(0, len(passages), BATCH):
                batch = passages[start : start + BATCH]
                self.passages.add(
                    ids=[c.id for c in batch],
                    documents=[c.text for c in batch],
                    metadatas=[{**base, **_passage_metadata(c)} for c in batch],
                )
            if report.findings:
                self.findings.add(
                    ids=[f.id for f in report.findings],
                    documents=[f.quote for f in report.findings],
                    metadatas=[{**base, **_finding_metadata(f)} for f in report.findings],
                )
            self.meetings.upsert(
                ids=[meta.id], documents=[f"{meta.title} — {meta.partner}"], metadatas=[_meeting_metadata(report)]
            )

    def delete(self, meeting_id: str) -> MeetingMeta:
        """Delete a meeting and everything stored with it."""
        meta = self.get_meeting(meeting_id)
        with self._write_lock():
            self.meetings.delete(ids=[meeting_id])  # uncommit first: readers stop seeing it at once
            self._delete_records(meeting_id)
        return meta

    def _delete_records(self, meeting_id: str) -> None:
        self.passages.delete(where={"meeting_id": meeting_id})
        self.findings.delete(where={"meeting_id": meeting_id})

    # ---- reading -------------------------------------------------------------------------
    def list_meetings(self, partner: str | None = None) -> list[MeetingMeta]:
        where = {"partner_key": partner_key(partner)} if partner else None
        got = self.meetings.get(where=where, include=["metadatas"])
        metas = [MeetingMeta.model_validate_json(m["meta_json"]) for m in got["metadatas"]]
        return sorted(metas, key=lambda m: (m.date, m.title))

    def committed_ids(self) -> set[str]:
        return set(self.meetings.get(include=[])["ids"])

    def partners(self) -> list[str]:
        names = {m["partner"] for m in self.meetings.get(include=["metadatas"])["metadatas"] if m.get("partner")}
        return sorted(names, key=str.lower)

    def _meeting_record(self, meeting_id: str) -> dict[str, Any]:
        got = self.meetings.get(ids=[meeting_id], include=["metadatas"])
        if not got["ids"]:
            raise NotFoundError(f"no stored meeting '{meeting_id}'", "run 'analyzer meetings' to list stored meetings")
        return got["metadatas"][0]

    def get_meeting(self, meeting_id: str) -> MeetingMeta:
        return MeetingMeta.model_validate_json(self._meeting_record(self.resolve_id(meeting_id))["meta_json"])

    def resolve_id(self, prefix: str) -> str:
        """Accept a unique id prefix, like git does for commits."""
        ids = [i for i in self.committed_ids() if i.startswith(prefix)]
        if len(ids) == 1:
            return ids[0]
        if not ids:
            raise NotFoundError(f"no stored meeting '{prefix}'", "run 'analyzer meetings' to list stored meetings")
        raise NotFoundError(f"'{prefix}' matches {len(ids)} meetings", "give more characters of the id")

    def get_report(self, meeting_id: str) -> Report:
        """The stored report of a meeting: metadata, transcript, findings and stats."""
        record = self._meeting_record(self.resolve_id(meeting_id))
        return Report.model_validate_json(record["report_json"])

    def findings_for(self, meeting_ids: list[str] | None = None, kind: str | None = None) -> list[Finding]:
        clauses: list[dict[str, Any]] = []
        if meeting_ids is not None:
            clauses.append({"meeting_id": {"$in": meeting_ids or ["-"]}})
        if kind:
            clauses.append({"kind": kind})
        where = None if not clauses else clauses[0] if len(clauses) == 1 else {"$and": clauses}
        got = self.findings.get(where=where, include=["metadatas"])
        committed = self.committed_ids()
        return [
            Finding.model_validate_json(m["finding_json"]) for m in got["metadatas"] if m["meeting_id"] in committed
        ]

    def update_findings(self, meeting_id: str, findings: list[Finding]) -> None:
        """Replace a stored meeting's findings (after review in the UI); passages are left as they are."""
        report = self.get_report(meeting_id)
        report.findings = findings
        report.stats.findings = len(findings)
        base = _base_metadata(report.meeting)
        with self._write_lock():
            self.meetings.delete(ids=[report.meeting.id])  # uncommit while findings are swapped
            self.findings.delete(where={"meeting_id": report.meeting.id})
            if findings:
                self.findings.add(
                    ids=[f.id for f in findings],
                    documents=[f.quote for f in findings],
                    metadatas=[{**base, **_finding_metadata(f)} for f in findings],
                )
            self.meetings.upsert(
                ids=[report.meeting.id], documents=[f"{report.meeting.title} — {report.meeting.partner}"],
                metadatas=[_meeting_metadata(report)],
            )


def _base_metadata(meta: MeetingMeta) -> dict[str, Any]:
    return {
        "meeting_id": meta.id,
        "title": meta.title,
        "partner": meta.partner,
        "partner_key": partner_key(meta.partner),
        "date": meta.date.isoformat(),
        "date_int": date_int(meta.date),
    }


def _passage_metadata(chunk: Chunk) -> dict[str, Any]:
    data: dict[str, Any] = {"start": chunk.start, "end": chunk.end, "index": chunk.index}
    if chunk.speakers:
        data["speakers"] = chunk.speakers
    return data


def _finding_metadata(finding: Finding) -> dict[str, Any]:
    data = {
        "kind": finding.kind,
        "start": finding.start,
        "end": finding.end,
        "speaker": finding.speaker or "",
        "owner": finding.owner or "",
        "due": finding.due.isoformat() if finding.due else "",
        "backend": finding.backend,
        "prompt_version": finding.prompt_version,
        "finding_json": finding.model_dump_json(),
    }
    return data


def _meeting_metadata(report: Report) -> dict[str, Any]:
    meta = report.meeting
    return {
        **_base_metadata(meta),
        "schema_version": SCHEMA_VERSION,
        "format": meta.format,
        "findings": len(report.findings),
        "counts_json": json.dumps(report.counts()),
        "meta_json": meta.model_dump_json(),
        "report_json": report.model_dump_json(),
        "stored_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
    }


def transcript_of(store: Store, meeting_id: str) -> Transcript:
    return store.get_report(meeting_id).transcript
