"""The metadata each stored record carries: what Chroma filters on and what readers rebuild from."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from .core.models import Chunk, Finding, MeetingMeta, Report

SCHEMA_VERSION = 2  # 2: generations and the journal; stores of version 1 are upgraded in place


def date_int(day: dt.date) -> int:
    return day.year * 10000 + day.month * 100 + day.day


def partner_key(name: str) -> str:
    """Partner names compare case- and space-insensitively."""
    return " ".join(name.lower().split())


def base_metadata(meta: MeetingMeta) -> dict[str, Any]:
    return {
        "meeting_id": meta.id,
        "title": meta.title,
        "partner": meta.partner,
        "partner_key": partner_key(meta.partner),
        "date": meta.date.isoformat(),
        "date_int": date_int(meta.date),
    }


def passage_metadata(chunk: Chunk) -> dict[str, Any]:
    data: dict[str, Any] = {
        "start": chunk.start,
        "end": chunk.end,
        "index": chunk.index,
        "chunk_id": chunk.id,
    }
    if chunk.speakers:
        data["speakers"] = chunk.speakers
    return data


def finding_metadata(finding: Finding) -> dict[str, Any]:
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


def meeting_metadata(report: Report, passages_gen: str, findings_gen: str) -> dict[str, Any]:
    meta = report.meeting
    return {
        **base_metadata(meta),
        "schema_version": SCHEMA_VERSION,
        "generation": passages_gen,
        "findings_generation": findings_gen,
        "format": meta.format,
        "findings": len(report.findings),
        "counts_json": json.dumps(report.counts()),
        "meta_json": meta.model_dump_json(),
        "stored_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
    }
