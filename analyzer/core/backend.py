"""The Backend protocol: what every extractor adapter (offline, OpenAI-compatible) provides."""

from __future__ import annotations

import datetime as dt
from typing import Protocol, runtime_checkable

from pydantic import BaseModel, Field

from .models import RawFinding, Usage, Utterance


class MeetingContext(BaseModel):
    """What an extractor may know about the meeting beyond the chunk's text."""

    meeting_date: dt.date
    title: str = ""
    partner: str = ""
    participants: list[str] = []
    aliases: dict[str, str] = {}
    note_author: str | None = None


class ExtractionRequest(BaseModel):
    """One chunk to extract from. Utterance offsets index the full transcript; `offset` is the chunk's start."""

    chunk_id: str
    text: str
    offset: int
    utterances: list[Utterance]
    context: MeetingContext


class ExtractionResult(BaseModel):
    findings: list[RawFinding]
    usage: Usage = Usage()
    invalid: int = Field(
        0, ge=0, description="Findings the backend returned that failed validation (dropped)."
    )


@runtime_checkable
class Backend(Protocol):
    """An extractor. `name` identifies backend and model (e.g. `openai:gpt-4o-mini`) in results and caches.

    `max_chunk_tokens` is the chunk size it wants; None means the whole meeting in one request.
    """

    name: str
    max_chunk_tokens: int | None
    is_offline: bool

    def extract(self, request: ExtractionRequest) -> ExtractionResult: ...

    def reask(self, request: ExtractionRequest, problem: str) -> ExtractionResult:
        """Ask again after invalid output, telling the model what was wrong."""
        ...

    def reground(self, request: ExtractionRequest, missing: list[tuple[str, str, str]]) -> ExtractionResult:
        """Ask only for the findings (kind, summary, quote) whose quotes are not in the excerpt.

        The answer holds replacements for those findings alone; the rest of the first answer stands.
        """
        ...
