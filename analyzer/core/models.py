"""Pydantic types shared by every stage. Offsets always index the ORIGINAL transcript text."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field
from pydantic.json_schema import SkipJsonSchema

Kind = Literal["commitment", "unresolved_conflict", "transparency_gap", "cultural_misstep"]
KINDS: tuple[Kind, ...] = ("commitment", "unresolved_conflict", "transparency_gap", "cultural_misstep")
KIND_LABELS: dict[str, str] = {
    "commitment": "Commitments",
    "unresolved_conflict": "Unresolved conflicts",
    "transparency_gap": "Transparency gaps",
    "cultural_misstep": "Cultural missteps",
}


def content_hash(*parts: str, length: int = 16) -> str:
    """Stable short id from text parts (sha256), used for idempotent store ids and cache keys."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    return digest[:length]


class Utterance(BaseModel):
    """One turn, bullet or cue. `text == transcript.text[start:end]` always holds."""

    speaker: str | None = None
    text: str
    start: int
    end: int
    ts_start: float | None = Field(None, description="Seconds from the start of the recording, if known.")
    ts_end: float | None = None
    item: Literal["action", "done"] | None = Field(
        None,
        description="Set by ingest for structural action items: an open checkbox or table row, or a done one.",
    )
    owner: str | None = Field(
        None, description="An action item's owner as written (@name, table owner cell)."
    )
    due_text: str | None = Field(None, description="An action item's due cell or phrase as written.")


class Transcript(BaseModel):
    """A parsed meeting: the decoded original text plus utterances that point into it."""

    text: str
    format: str = Field(description="Detected format: lines, vtt, srt, email, minutes, docx, json, plain.")
    utterances: list[Utterance] = []
    participants: list[str] = []
    aliases: dict[str, str] = Field({}, description="Initials or short names mapped to full names.")
    note_author: str | None = Field(None, description="Who wrote the notes, when they marked themselves.")
    affiliations: dict[str, str] = Field(
        {}, description="What the notes write beside a person: organisation, role or email domain."
    )
    sides: dict[str, Literal["ours", "theirs"]] = Field(
        {}, description="Sides the notes state: 'us:' / 'them:' labels in the attendee list."
    )
    detected_date: dt.date | None = None
    numeric_dates: Literal["day-first", "month-first"] | None = Field(
        None, description="How the notes write numeric dates, when one of them settles it ('12/22')."
    )
    detected_title: str | None = None
    encoding: str = "utf-8"
    warnings: list[str] = Field([], description="Problems reading the structure, each with how to fix it.")

    def speaker_at(self, offset: int) -> str | None:
        """The speaker of the utterance containing `offset`, if any."""
        for utt in self.utterances:
            if utt.start <= offset < utt.end:
                return utt.speaker
        return None

    def word_count(self) -> int:
        return len(self.text.split())


class MeetingMeta(BaseModel):
    """What a meeting is, independent of what was found in it."""

    id: str
    title: str
    date: dt.date
    partner: str = ""
    participants: list[str] = []
    format: str = "plain"
    source_name: str = ""
    date_source: Literal["given", "detected", "today"] = "given"


class Chunk(BaseModel):
    """A token-bounded window of whole utterances. `text == transcript.text[start:end]`."""

    id: str
    meeting_id: str
    index: int
    text: str
    start: int
    end: int
    speakers: list[str] = []
    tokens: int = 0

    @property
    def content_hash(self) -> str:
        return content_hash(self.text)


class RawFinding(BaseModel):
    """One finding as an extractor reports it, before grounding. Field descriptions are prompt text."""

    model_config = ConfigDict(extra="ignore")

    kind: Kind = Field(description="Which of the four kinds this finding is.")
    quote: str = Field(
        description="The exact words from the transcript that show the finding, copied character for "
        "character: one sentence or clause, never paraphrased, never including the speaker label."
    )
    summary: str = Field(description="One plain sentence a busy manager can read in an email.")
    speaker: str | None = Field(None, description="Who said the quoted words, as named in the transcript.")
    confidence: float = Field(0.7, ge=0.0, le=1.0, description="How sure you are, 0 to 1.")
    owner: str | None = Field(None, description="Commitments only: who must do it (full name if known).")
    counterparty: str | None = Field(None, description="Commitments only: to whom it was promised.")
    due_text: str | None = Field(
        None,
        description="Commitments only: the deadline exactly as said, e.g. 'by Friday', 'end of next week'.",
    )
    due: dt.date | None = Field(
        None, description="Commitments only: the deadline as YYYY-MM-DD, if resolvable."
    )
    parties: list[str] = Field([], description="Conflicts only: who disagrees with whom.")
    status: str | None = Field(
        None, description="Conflicts only: why it is still open at the end of the meeting."
    )
    why_it_matters: str | None = Field(None, description="Gaps and missteps: the risk to the partnership.")
    suggested_repair: str | None = Field(None, description="Gaps and missteps: what to say or do next.")
    # Which offline rule proposed the finding ("misstep.face.public_blame"); None for a model's own
    # finding. Not part of the LLM schema: logic keys on this id, never on the wording of a summary.
    rule: SkipJsonSchema[str | None] = None


class Finding(RawFinding):
    """A grounded finding: `quote == transcript.text[start:end]`."""

    due_note: str | None = Field(
        None, description="Set when the deadline phrase and the given date disagree."
    )

    id: str = ""
    meeting_id: str = ""
    start: int
    end: int
    chunk_id: str | None = None
    backend: str = ""
    prompt_version: str = ""
    grounding: Literal["exact", "fuzzy"] = "exact"
    review: Literal["pending", "accepted", "rejected", "edited"] = "pending"


class Usage(BaseModel):
    """Token usage of one or more backend calls."""

    calls: int = 0
    input_tokens: int = 0
    output_tokens: int = 0

    def __add__(self, other: "Usage") -> "Usage":
        return self.add(other)

    def add(self, other: "Usage") -> "Usage":
        return Usage(
            calls=self.calls + other.calls,
            input_tokens=self.input_tokens + other.input_tokens,
            output_tokens=self.output_tokens + other.output_tokens,
        )


class ChunkFailure(BaseModel):
    chunk_id: str
    index: int
    start: int
    end: int
    error: str


class InjectionLine(BaseModel):
    """A transcript line that addresses an AI model or instructs it (see analyzer/injection.py)."""

    start: int
    end: int
    text: str
    rule: str


class ReviewChanges(BaseModel):
    """What a re-analysis changed against the stored, reviewed copy of a meeting."""

    new: int = 0
    gone: int = 0
    kept: int = 0


class AnalysisStats(BaseModel):
    """How an analysis went: counts that let a user judge how complete it is."""

    backend: str = ""
    prompt_versions: dict[str, str] = {}
    chunks: int = 0
    cached_chunks: int = 0
    failed_chunks: list[ChunkFailure] = []
    warnings: list[str] = []
    partial: bool = False
    findings: int = 0
    ungrounded: int = 0
    invalid_findings: int = 0  # findings an LLM returned that failed validation, dropped one by one
    duplicates_merged: int = 0
    usage: Usage = Usage()
    seconds: float = 0.0
    words: int = 0
    transcript_tokens: int = 0
    review_changes: ReviewChanges | None = None
    injection_lines: list[InjectionLine] = Field([], description="Lines that address an AI model, as text.")
    suspicious: str | None = Field(None, description="Why this result may be a model obeying the transcript.")


class Report(BaseModel):
    """The result of analysing one meeting."""

    meeting: MeetingMeta
    findings: list[Finding]
    stats: AnalysisStats
    transcript: Transcript
    stored: bool = False

    def by_kind(self, kind: str) -> list[Finding]:
        return [f for f in self.findings if f.kind == kind]

    def counts(self) -> dict[str, int]:
        return {k: len(self.by_kind(k)) for k in KINDS}


# How a search hit matched, in words a reader understands (scores are rank fusion, not a percentage).
MATCH_LABELS = {
    "exact": "contains your words",
    "semantic": "similar meaning",
    "both": "contains your words, similar meaning",
}


class SearchHit(BaseModel):
    meeting_id: str
    title: str
    partner: str
    date: dt.date
    speaker: str | None = None
    text: str
    start: int
    end: int
    score: float
    chunk_id: str = ""
    match: Literal["semantic", "exact", "both"] = "semantic"
