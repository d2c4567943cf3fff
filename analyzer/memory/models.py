"""Pydantic types of partner memory: commitments tracked across meetings and their follow-up decisions."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field

from ..core.models import Transcript

FollowupStatus = Literal["kept", "slipped", "dropped", "open"]
CommitmentStatus = Literal["kept", "slipped", "dropped", "open", "overdue"]
STATUSES: tuple[str, ...] = ("kept", "slipped", "dropped", "open")


class Evidence(BaseModel):
    """The words in a later meeting a decision rests on: `quote == transcript[start:end]` of that meeting."""

    meeting_id: str
    quote: str
    start: int
    end: int


class CommitmentRef(BaseModel):
    """A commitment made in one meeting, as follow-up tracks it."""

    id: str
    meeting_id: str
    meeting_date: dt.date
    quote: str
    start: int
    end: int
    owner: str | None = None
    due: dt.date | None = None
    summary: str = ""


class StatusAccuracy(BaseModel):
    """How often a follow-up decider's statuses are right on partners it never saw (measured)."""

    decider: str
    followups: int
    accuracy: float
    per_status: dict[str, float]
    check_below: float


class MeetingText(BaseModel):
    """A meeting as follow-up reads it: identity, date and the parsed transcript."""

    id: str
    title: str = ""
    date: dt.date
    transcript: Transcript


class FollowupDecision(BaseModel):
    """What one later meeting says about one earlier commitment."""

    commitment_id: str
    commitment_meeting_id: str
    meeting_id: str = Field(description="The later meeting this decision is about.")
    status: FollowupStatus
    evidence: Evidence | None = None
    new_due: dt.date | None = Field(
        None, description="Slipped only: the new date, when the evidence gives one."
    )
    score: float = Field(0.0, description="How strongly the evidence is linked to the commitment (offline).")
    reason: str = ""


class FollowupResult(BaseModel):
    """Every decision for a partner, in meeting order, and who made them."""

    partner: str = ""
    backend: str = "offline"
    prompt_version: str = ""
    decisions: list[FollowupDecision] = []


class TrackedCommitment(BaseModel):
    """A commitment with its current status as of a date (the timeline's `commitments` rows)."""

    meeting_id: str
    quote: str
    start: int
    end: int
    owner: str | None = None
    due: dt.date | None = None
    status: CommitmentStatus
    evidence: Evidence | None = None
    side: Literal["ours", "theirs"] | None = Field(
        None, description="Whose promise: ours (the user's team) or theirs (the partner's); None if unknown."
    )
    confidence: float | None = Field(
        None, description="How strongly the evidence is linked (the decision's score)."
    )
    check: bool = Field(
        False,
        description="The decider is right on this status less often than the 'check this' bar: verify it.",
    )
