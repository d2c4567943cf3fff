"""Partner health: the meetings with a partner, every commitment's status, and a few indicators.

`partner_timeline(...).model_dump(mode="json")` is the public JSON shape of `analyzer partner --json`:
{"partner", "meetings": [...], "commitments": [...], "indicators": {...}, "status_accuracy": {...}}.
Indicator definitions are in docs/partner-memory.md; each is simple on purpose, so a manager can check it by hand.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field

from ..core.models import KINDS, Finding, MeetingMeta, Report
from ..sides import promiser_side, sides_for
from ..store import Store
from .followup import commitments_from_store, content_words, known_partner, track, _overlap
from .linking import vectors
from .models import CommitmentRef, FollowupDecision, MeetingText, StatusAccuracy, TrackedCommitment

CONFLICT_TOPIC_SIMILARITY = 0.5  # cosine between two conflict quotes that count as "the same topic"
TREND_FRICTION_STEP = 1.0  # one more (or fewer) conflict/gap/misstep than the earlier average
TREND_FOLLOWTHROUGH_STEP = 0.25


class MeetingRow(BaseModel):
    meeting_id: str
    title: str
    date: dt.date
    counts: dict[str, int]


class SideIndicators(BaseModel):
    """One side's promises: how many were made and kept, and the kept rate over those that can be judged."""

    commitments_made: int = 0
    commitments_kept: int = 0
    kept_rate: float | None = None
    overdue: int = 0


class Indicators(BaseModel):
    """The health numbers; definitions in docs/partner-memory.md."""

    meetings: int
    commitments_made: int
    commitments_kept: int
    kept_rate: float | None
    status_counts: dict[str, int]
    overdue: int
    conflicts_total: int
    open_conflicts_carried_over: int
    transparency_gaps_total: int
    transparency_gaps_per_meeting: float
    missteps_total: int
    friction_last: int | None
    friction_before_avg: float | None
    followthrough_last: float | None
    followthrough_before: float | None
    trend: Literal["better", "worse", "steady", "mixed", "unknown"]
    by_side: dict[str, SideIndicators] = Field(
        {}, description="'theirs' (the partner's promises) and 'ours', when someone's side is known."
    )


class PartnerTimeline(BaseModel):
    """A partner's meetings, commitments with statuses as of a date, and health indicators."""

    partner: str
    meetings: list[MeetingRow]
    commitments: list[TrackedCommitment]
    indicators: Indicators
    status_accuracy: StatusAccuracy | None = Field(
        None, description="How often these statuses are right on unseen partners (offline deciders only)."
    )


ACCURACY_FILE = Path(__file__).with_name("data") / "status_accuracy.json"


def status_accuracy(backend: str = "offline") -> StatusAccuracy | None:
    """The measured accuracy of the offline decider in use; None for an LLM decider (not measured here)."""
    from ..settings import get_settings

    if backend != "offline":
        return None
    data = json.loads(ACCURACY_FILE.read_text(encoding="utf-8"))
    decider = get_settings().followup_offline
    figures = data[decider]
    return StatusAccuracy(
        decider=f"offline {decider}",
        followups=figures["followups"],
        accuracy=figures["accuracy"],
        per_status={s: figures[s] for s in ("kept", "slipped", "dropped", "open")},
        check_below=data["check_below"],
    )


@dataclass
class PartnerState:
    """Everything the timeline, brief and calendar are computed from (internal)."""

    partner: str
    as_of: dt.date
    reports: list[Report]
    commitments: list[CommitmentRef]
    decisions: list[FollowupDecision]
    tracked: list[TrackedCommitment]
    new_due: dict[str, dt.date]  # commitment id -> the date a slip moved it to


def final_status(
    com: CommitmentRef, decisions: list[FollowupDecision], as_of: dt.date
) -> tuple[str, FollowupDecision | None]:
    """The status as of `as_of`: the latest decision with news, else open; overdue when past due without news of it.

    A slip with a new date that has also passed is overdue; a slip without a date stays slipped.
    """
    news = [d for d in decisions if d.commitment_id == com.id and d.status != "open"]
    last = news[-1] if news else None
    if last and last.status in ("kept", "dropped"):
        return last.status, last
    if last:  # slipped
        return ("overdue" if last.new_due and last.new_due < as_of else "slipped"), last
    return ("overdue" if com.due and com.due < as_of else "open"), None


def partner_state(
    store: Store, partner: str, as_of: dt.date | None = None, backend: str = "offline"
) -> PartnerState:
    """Load a partner's stored meetings up to `as_of` and follow up their commitments."""
    name = known_partner(store, partner)
    metas: list[MeetingMeta] = store.list_meetings(name)
    if as_of is not None:
        metas = [m for m in metas if m.date <= as_of]
    reports = [store.get_report(m.id) for m in metas]
    # Overdue is judged as of today unless asked otherwise: the last meeting's date hid every slip since.
    day = as_of or dt.date.today()
    commitments = commitments_from_store(store, [m.id for m in metas])
    meetings = [
        MeetingText(id=r.meeting.id, title=r.meeting.title, date=r.meeting.date, transcript=r.transcript)
        for r in reports
    ]
    decisions = track(commitments, meetings, backend=backend)
    sides = _promisers(reports, name)
    measured = status_accuracy(backend)
    tracked, new_due = [], {}
    for com in commitments:
        status, decision = final_status(com, decisions, day)
        if decision and decision.new_due:
            new_due[com.id] = decision.new_due
        tracked.append(
            TrackedCommitment(
                meeting_id=com.meeting_id,
                quote=com.quote,
                start=com.start,
                end=com.end,
                owner=com.owner,
                due=com.due,
                status=status,
                evidence=decision.evidence if decision else None,
                side=sides.get(com.id),
                confidence=round(decision.score, 3) if decision else None,
                check=_needs_check(status, measured),
            )
        )
    return PartnerState(name, day, reports, commitments, decisions, tracked, new_due)


def _needs_check(status: str, measured: StatusAccuracy | None) -> bool:
    """A status the decider gets right less often than the bar (kept, slipped, dropped offline)."""
    if measured is None or status not in measured.per_status or status == "open":
        return False
    return measured.per_status[status] < measured.check_below


def _promisers(reports: list[Report], partner: str) -> dict[str, Literal["ours", "theirs"]]:
    """Commitment id -> the side of whoever promised it, for every commitment whose side is known."""
    out: dict[str, Literal["ours", "theirs"]] = {}
    for report in reports:
        calls = sides_for(report.transcript, partner)
        for finding in report.by_kind("commitment"):
            side = promiser_side(finding, calls, report.transcript.aliases)
            if side:
                out[finding.id] = side
    return out


def _side_numbers(tracked: list[TrackedCommitment]) -> dict[str, SideIndicators]:
    out = {}
    for side in ("theirs", "ours"):
        mine = [t for t in tracked if t.side == side]
        kept = sum(t.status == "kept" for t in mine)
        judged = sum(t.status != "open" for t in mine)
        out[side] = SideIndicators(
            commitments_made=len(mine),
            commitments_kept=kept,
            kept_rate=round(kept / judged, 3) if judged else None,
            overdue=sum(t.status == "overdue" for t in mine),
        )
    return out if any(t.side for t in tracked) else {}


def carried_over_conflicts(reports: list[Report]) -> list[Finding]:
    """Unresolved conflicts whose topic comes back as an unresolved conflict in a later meeting.

    Same topic = quote embeddings at cosine >= 0.5, or two shared content words. We cannot see
    conflicts settled outside meetings, so this counts recurrence, not proof that nothing moved.
    """
    from ..embedding import local_model

    conflicts = [(i, f) for i, r in enumerate(reports) for f in r.by_kind("unresolved_conflict")]
    if len(conflicts) < 2:
        return []
    vecs = vectors(local_model(), [f.quote for _, f in conflicts])
    carried = []
    for a, (i, fa) in enumerate(conflicts):
        words = content_words(fa.quote)
        if any(
            j > i
            and (
                float(vecs[a] @ vecs[b]) >= CONFLICT_TOPIC_SIMILARITY
                or _overlap(words, content_words(fb.quote)) >= 2
            )
            for b, (j, fb) in enumerate(conflicts)
        ):
            carried.append(fa)
    return carried


def _followthrough(
    decisions: list[FollowupDecision], commitments: list[CommitmentRef], meeting: MeetingMeta
) -> float | None:
    """Share of commitments reported on (or due) at this meeting that were reported kept."""
    due = {c.id: c.due for c in commitments}
    judged = [
        d
        for d in decisions
        if d.meeting_id == meeting.id
        and (d.status != "open" or ((when := due.get(d.commitment_id)) is not None and when < meeting.date))
    ]
    return sum(d.status == "kept" for d in judged) / len(judged) if judged else None


def _trend(friction: list[int], follow: list[float | None]) -> tuple[float | None, float | None, str]:
    if len(friction) < 2:
        return None, None, "unknown"
    before = sum(friction[:-1]) / (len(friction) - 1)
    earlier = [f for f in follow[:-1] if f is not None]
    before_follow = sum(earlier) / len(earlier) if earlier else None
    signals = set()
    if friction[-1] >= before + TREND_FRICTION_STEP:
        signals.add("worse")
    elif friction[-1] <= before - TREND_FRICTION_STEP:
        signals.add("better")
    if follow[-1] is not None and before_follow is not None:
        if follow[-1] <= before_follow - TREND_FOLLOWTHROUGH_STEP:
            signals.add("worse")
        elif follow[-1] >= before_follow + TREND_FOLLOWTHROUGH_STEP:
            signals.add("better")
    trend = "mixed" if len(signals) == 2 else (signals.pop() if signals else "steady")
    return round(before, 3), (round(before_follow, 3) if before_follow is not None else None), trend


def indicators(state: PartnerState) -> Indicators:
    """Compute the indicators from a partner state (pure arithmetic; see docs/partner-memory.md)."""
    reports = state.reports
    counts = {
        s: sum(t.status == s for t in state.tracked)
        for s in ("kept", "slipped", "dropped", "open", "overdue")
    }
    made = len(state.tracked)
    judged = made - counts["open"]  # open = not yet due and no news: too early to judge
    friction = [
        r.counts()["unresolved_conflict"] + r.counts()["transparency_gap"] + r.counts()["cultural_misstep"]
        for r in reports
    ]
    follow = [_followthrough(state.decisions, state.commitments, r.meeting) for r in reports]
    before, before_follow, trend = _trend(friction, follow)
    gaps = sum(r.counts()["transparency_gap"] for r in reports)
    return Indicators(
        meetings=len(reports),
        commitments_made=made,
        commitments_kept=counts["kept"],
        kept_rate=round(counts["kept"] / judged, 3) if judged else None,
        status_counts=counts,
        overdue=counts["overdue"],
        conflicts_total=sum(r.counts()["unresolved_conflict"] for r in reports),
        open_conflicts_carried_over=len(carried_over_conflicts(reports)),
        transparency_gaps_total=gaps,
        transparency_gaps_per_meeting=round(gaps / len(reports), 3) if reports else 0.0,
        missteps_total=sum(r.counts()["cultural_misstep"] for r in reports),
        friction_last=friction[-1] if friction else None,
        friction_before_avg=before,
        followthrough_last=round(follow[-1], 3) if follow and follow[-1] is not None else None,
        followthrough_before=before_follow,
        trend=trend,
        by_side=_side_numbers(state.tracked),
    )


def partner_timeline(
    store: Store, partner: str, as_of: dt.date | None = None, backend: str = "offline"
) -> PartnerTimeline:
    """Meetings, commitment statuses (as of `as_of`, default today) and indicators."""
    state = partner_state(store, partner, as_of, backend)
    rows = [
        MeetingRow(
            meeting_id=r.meeting.id,
            title=r.meeting.title,
            date=r.meeting.date,
            counts={k: r.counts()[k] for k in KINDS},
        )
        for r in state.reports
    ]
    return PartnerTimeline(
        partner=state.partner,
        meetings=rows,
        commitments=state.tracked,
        indicators=indicators(state),
        status_accuracy=status_accuracy(backend),
    )
