"""The read path of the store: committed meetings, their passages, reports and findings.

Readers only read committed generations (see `store.py`), so a reader sees a meeting's old copy
or its new one, never none and never a mix. `Store` inherits these methods.
"""

from __future__ import annotations

from typing import Any

from . import store_journal as journal
from .core.errors import NotFoundError
from .core.models import Finding, MeetingMeta, Report
from .store_records import partner_key


class StoreReads:
    """Reading committed meetings; the collections are opened by `Store`."""

    meetings: Any
    passages: Any
    reports: Any
    findings: Any

    def list_meetings(self, partner: str | None = None) -> list[MeetingMeta]:
        where = {"partner_key": partner_key(partner)} if partner else None
        got = self.meetings.get(where=where, include=["metadatas"])
        metas = [MeetingMeta.model_validate_json(m["meta_json"]) for m in got["metadatas"]]
        return sorted(metas, key=lambda m: (m.date, m.title))

    def committed_ids(self) -> set[str]:
        return set(self.meetings.get(include=[])["ids"])

    def committed_generations(self, partner: str | None = None) -> dict[str, str]:
        """Committed meeting id -> the generation of its passages (optionally one partner's)."""
        where = {"partner_key": partner_key(partner)} if partner else None
        got = self.meetings.get(where=where, include=["metadatas"])
        return {
            mid: meta["generation"]
            for mid, meta in zip(got["ids"], got["metadatas"])
            if meta.get("generation")
        }

    def _generations(self, meeting_id: str) -> tuple[str, str]:
        record = self._meeting_record(meeting_id)
        return record["generation"], record.get("findings_generation") or record["generation"]

    def passage_ids(self, meeting_id: str) -> list[str]:
        """The chunk ids of a committed meeting's passages."""
        gen = self._generations(self.resolve_id(meeting_id))[0]
        got = self.passages.get(where={"generation": gen}, include=["metadatas"])
        return [m.get("chunk_id", "") for m in got["metadatas"]]

    def partners(self) -> list[str]:
        names = {
            m["partner"] for m in self.meetings.get(include=["metadatas"])["metadatas"] if m.get("partner")
        }
        return sorted(names, key=str.lower)

    def _meeting_record(self, meeting_id: str) -> dict[str, Any]:
        got = self.meetings.get(ids=[meeting_id], include=["metadatas"])
        if not got["ids"]:
            raise NotFoundError(
                f"no stored meeting '{meeting_id}'", "run 'analyzer meetings' to list stored meetings"
            )
        return got["metadatas"][0]

    def get_meeting(self, meeting_id: str) -> MeetingMeta:
        return MeetingMeta.model_validate_json(self._meeting_record(self.resolve_id(meeting_id))["meta_json"])

    def resolve_id(self, prefix: str) -> str:
        """Accept a unique id prefix, like git does for commits."""
        ids = [i for i in self.committed_ids() if i.startswith(prefix)]
        if len(ids) == 1:
            return ids[0]
        if not ids:
            raise NotFoundError(
                f"no stored meeting '{prefix}'", "run 'analyzer meetings' to list stored meetings"
            )
        raise NotFoundError(f"'{prefix}' matches {len(ids)} meetings", "give more characters of the id")

    def get_report(self, meeting_id: str) -> Report:
        """The stored report of a meeting: metadata, transcript, findings and stats."""
        meeting_id = self.resolve_id(meeting_id)
        findings_gen = self._generations(meeting_id)[1]
        got = self.reports.get(ids=[journal.record_id(findings_gen, meeting_id)], include=["metadatas"])
        if not got["ids"]:
            raise NotFoundError(f"meeting '{meeting_id}' is being deleted", "run 'analyzer meetings' again")
        report = Report.model_validate_json(got["metadatas"][0]["report_json"])
        report.stored = True
        return report

    def findings_for(self, meeting_ids: list[str] | None = None, kind: str | None = None) -> list[Finding]:
        if meeting_ids is not None and not meeting_ids:
            return []
        got_records = self.meetings.get(ids=meeting_ids, include=["metadatas"])
        gens = [m.get("findings_generation") or m.get("generation") for m in got_records["metadatas"]]
        clauses: list[dict[str, Any]] = [{"generation": {"$in": [g for g in gens if g] or ["-"]}}]
        if kind:
            clauses.append({"kind": kind})
        where = clauses[0] if len(clauses) == 1 else {"$and": clauses}
        got = self.findings.get(where=where, include=["metadatas"])
        return [Finding.model_validate_json(m["finding_json"]) for m in got["metadatas"]]
