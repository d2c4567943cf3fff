"""Upgrade a schema-1 store (no generations, reports inside the meeting records) to schema 2 in place.

Every committed meeting keeps its passages, findings and report: they are tagged with generation
`v1` and the report moves to the `reports` collection. Rows of meetings that never committed (the
leftovers of an interrupted schema-1 write) get no generation and are removed by the repair that
follows. The collections are marked version 2 last, so an interrupted upgrade simply runs again.
"""

from __future__ import annotations

from typing import Any

from . import store_journal as journal

LEGACY = "v1"


def _tag(collection: Any, meeting_id: str) -> None:
    got = collection.get(where={"meeting_id": meeting_id}, include=["metadatas"])
    if not got["ids"]:
        return
    metas = []
    for rid, meta in zip(got["ids"], got["metadatas"]):
        metas.append(
            {"generation": LEGACY, **({"chunk_id": rid} if "start" in meta and "kind" not in meta else {})}
        )
    for start in range(0, len(got["ids"]), 2000):
        collection.update(ids=got["ids"][start : start + 2000], metadatas=metas[start : start + 2000])


def upgrade_v1(store: Any) -> None:
    """Tag every committed meeting's rows with a generation, move reports out, then mark schema 2."""
    records = store.meetings.get(include=["metadatas"])
    for meeting_id, meta in zip(records["ids"], records["metadatas"]):
        if meta.get("report_json"):
            store.reports.upsert(
                ids=[journal.record_id(LEGACY, meeting_id)],
                embeddings=journal.MARK,
                metadatas=[
                    {"meeting_id": meeting_id, "generation": LEGACY, "report_json": meta["report_json"]}
                ],
            )
        _tag(store.passages, meeting_id)
        _tag(store.findings, meeting_id)
        store.meetings.update(
            ids=[meeting_id],
            metadatas=[
                {
                    "generation": LEGACY,
                    "findings_generation": LEGACY,
                    "report_json": None,
                    "schema_version": 2,
                }
            ],
        )
    journal.remove(store, journal.leftovers(store))
    for collection in (store.passages, store.findings, store.meetings):
        collection.modify(metadata={"schema_version": 2})
