"""Extraction cache: a chunk's raw findings keyed by (chunk content, meeting context, prompt versions, backend).

Re-analysing an unchanged meeting makes no LLM calls, and after a partial failure only the
failed chunks are redone. Entries are written atomically, so a crash never leaves a torn file.
"""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import BaseModel, ValidationError

from .core.backend import ExtractionRequest, ExtractionResult
from .core.models import content_hash


class CacheEntry(BaseModel):
    key: str
    backend: str
    prompt_versions: str
    meeting_id: str = ""  # so `analyzer cache clear --meeting ID` can find a meeting's entries
    result: ExtractionResult


class ExtractionCache:
    """JSON files under `<home>/cache/extractions/`."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    @staticmethod
    def key(request: ExtractionRequest, backend: str, prompt_versions: str) -> str:
        """Everything the backend receives: a reader change that re-cuts turns or moves a speaker
        (the same text, parsed anew) must not be answered from the old parse."""
        turns = [(u.start, u.end, u.speaker, u.item, u.owner, u.due_text) for u in request.utterances]
        return content_hash(
            backend,
            prompt_versions,
            request.context.model_dump_json(),
            request.text,
            repr(turns),
            length=32,
        )

    def _path(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.json"

    def get(self, key: str) -> ExtractionResult | None:
        path = self._path(key)
        try:
            return CacheEntry.model_validate_json(path.read_text(encoding="utf-8")).result
        except (OSError, ValidationError, ValueError):
            return None  # missing or unreadable entries are simply recomputed

    def put(
        self, key: str, backend: str, prompt_versions: str, result: ExtractionResult, meeting_id: str = ""
    ) -> None:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        entry = CacheEntry(
            key=key, backend=backend, prompt_versions=prompt_versions, meeting_id=meeting_id, result=result
        )
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(entry.model_dump_json(), encoding="utf-8")
        os.replace(tmp, path)

    def clear(self, meeting_id: str | None = None) -> int:
        """Remove every entry, or one meeting's; returns how many were removed."""
        count = 0
        for path in self.directory.glob("*/*.json"):
            if meeting_id is not None and _meeting_of(path) != meeting_id:
                continue
            path.unlink(missing_ok=True)
            count += 1
        return count


def _meeting_of(path: Path) -> str | None:
    try:
        return CacheEntry.model_validate_json(path.read_text(encoding="utf-8")).meeting_id
    except (OSError, ValidationError, ValueError):
        return None
