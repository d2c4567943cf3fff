"""Scoring partner memory on labeled sequences: follow-up status accuracy and retrieval recall@k.

Follow-up is scored per labeled followup (one earlier commitment in one later meeting): the status
must match, and for kept/slipped/dropped the cited evidence must overlap the labeled evidence by
at least half of the shorter span. Two modes:

- `gold`: the labeled commitments are followed up, which isolates the linking step;
- `extracted`: meetings are analysed with the offline extractor and stored, and the stored
  commitments are followed up (a labeled commitment the extractor missed counts as wrong).
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from pydantic import BaseModel

from ..core.errors import DatasetError
from ..evaluation.dataset import Label, LabeledMeeting, load_dataset, resolve_quote
from ..ingest import parse_text
from .followup import track
from .models import STATUSES, CommitmentRef, FollowupDecision, MeetingText


class StatusScore(BaseModel):
    total: int = 0
    status_correct: int = 0
    evidence_correct: int = 0  # status right AND evidence overlaps (open: no evidence needed)

    @property
    def accuracy(self) -> float:
        return self.status_correct / self.total if self.total else 0.0


class FollowupItem(BaseModel):
    sequence: str
    commitment_meeting: str
    meeting: str
    commitment_quote: str
    gold: str
    predicted: str  # a status, or "missing" when the commitment was not tracked in that meeting
    evidence_ok: bool
    evidence: str | None = None


class FollowupEval(BaseModel):
    mode: str
    backend: str
    per_status: dict[str, StatusScore]
    overall: StatusScore
    items: list[FollowupItem]

    def summary(self) -> dict[str, float]:
        out = {s: round(v.accuracy, 3) for s, v in self.per_status.items()}
        out["overall"] = round(self.overall.accuracy, 3)
        out["overall_with_evidence"] = round(self.overall.evidence_correct / max(1, self.overall.total), 3)
        return out


def spans_match(a: tuple[int, int], b: tuple[int, int], need: float = 0.5) -> bool:
    """Whether two spans overlap by at least `need` of the shorter one."""
    inter = min(a[1], b[1]) - max(a[0], b[0])
    shorter = min(a[1] - a[0], b[1] - b[0])
    return shorter > 0 and inter >= need * shorter


def sequences(root: str | Path) -> dict[str, list[LabeledMeeting]]:
    """Each sub-directory of `root` is one partner's sequence of labeled meetings, in date order."""
    base = Path(root)
    dirs = sorted(p for p in base.iterdir() if p.is_dir()) if base.is_dir() else []
    if not dirs:
        raise DatasetError(f"{base} has no sequence sub-directories", "pass --dataset eval/data/sequences")
    return {d.name: sorted(load_dataset(d), key=lambda m: m.date) for d in dirs}


def meeting_text(m: LabeledMeeting, meeting_id: str | None = None) -> MeetingText:
    transcript = parse_text(m.transcript)
    if transcript.text != m.transcript:  # offsets must index the labeled text; keep it verbatim
        transcript = transcript.model_copy(update={"text": m.transcript, "utterances": []})
    return MeetingText(id=meeting_id or m.id, title=m.title, date=m.date, transcript=transcript)


def gold_commitments(seq: list[LabeledMeeting]) -> list[CommitmentRef]:
    return [
        CommitmentRef(
            id=f"{m.id}:{label.start}",
            meeting_id=m.id,
            meeting_date=m.date,
            quote=label.quote,
            start=label.start,
            end=label.end,
            owner=label.owner,
            due=label.due,
        )
        for m in seq
        for label in m.labels
        if label.kind == "commitment"
    ]


def score_sequence(
    name: str,
    seq: list[LabeledMeeting],
    decisions: list[FollowupDecision],
    commitments: list[CommitmentRef],
    ids: dict[str, str],
    mode: str,
) -> list[FollowupItem]:
    """Items for one sequence. `ids` maps dataset meeting ids to the ids the decisions use."""
    by_id = {m.id: m for m in seq}
    items = []
    for later in seq:
        for fu in later.followups or []:
            origin = by_id.get(fu.commitment_meeting)
            if origin is None:
                raise DatasetError(
                    f"{later.id}: followup names unknown meeting {fu.commitment_meeting}",
                    "use the id of an earlier meeting of the same sequence",
                )
            cstart = resolve_quote(
                origin.transcript, fu.commitment_quote, None, field="followups.commitment_quote"
            )
            cspan = (cstart, cstart + len(fu.commitment_quote))
            match = [
                c
                for c in commitments
                if c.meeting_id == ids[origin.id] and spans_match((c.start, c.end), cspan)
            ]
            decision = next(
                (
                    d
                    for d in decisions
                    if match and d.commitment_id == match[0].id and d.meeting_id == ids[later.id]
                ),
                None,
            )
            predicted = decision.status if decision else "missing"
            evidence_ok = predicted == fu.status
            if evidence_ok and fu.evidence:
                estart = resolve_quote(
                    later.transcript, fu.evidence, fu.evidence_start, field="followups.evidence"
                )
                ev = decision.evidence if decision else None
                evidence_ok = bool(
                    ev and spans_match((ev.start, ev.end), (estart, estart + len(fu.evidence)))
                )
            items.append(
                FollowupItem(
                    sequence=name,
                    commitment_meeting=origin.id,
                    meeting=later.id,
                    commitment_quote=fu.commitment_quote,
                    gold=fu.status,
                    predicted=predicted,
                    evidence_ok=evidence_ok,
                    evidence=decision.evidence.quote if decision and decision.evidence else None,
                )
            )
    return items


def _aggregate(items: list[FollowupItem], mode: str, backend: str) -> FollowupEval:
    per: dict[str, StatusScore] = defaultdict(StatusScore)
    overall = StatusScore()
    for item in items:
        for score in (per[item.gold], overall):
            score.total += 1
            score.status_correct += item.gold == item.predicted
            score.evidence_correct += item.evidence_ok
    return FollowupEval(
        mode=mode,
        backend=backend,
        per_status={s: per[s] for s in STATUSES if s in per},
        overall=overall,
        items=items,
    )


def evaluate_gold(root: str | Path, backend: str = "offline") -> FollowupEval:
    """Follow up the GOLD commitments of every sequence (isolates linking and status rules)."""
    items = []
    for name, seq in sequences(root).items():
        commitments = gold_commitments(seq)
        decisions = track(commitments, [meeting_text(m) for m in seq], backend=backend)
        items += score_sequence(name, seq, decisions, commitments, {m.id: m.id for m in seq}, "gold")
    return _aggregate(items, "gold", backend)


def evaluate_extracted(root: str | Path, backend: str = "offline") -> FollowupEval:
    """Analyse and store every sequence with `backend`, then follow up the stored commitments with it."""
    from ..pipeline import analyze
    from ..store import Store
    from .followup import commitments_from_store, follow_up

    store = Store()
    items = []
    for name, seq in sequences(root).items():
        ids = {}
        for m in seq:
            report = analyze(
                m.transcript,
                backend=backend,
                date=m.date,
                partner=m.partner,
                title=m.title,
                store=True,
                store_obj=store,
            )
            ids[m.id] = report.meeting.id
        result = follow_up(store, seq[0].partner, backend=backend)
        commitments = commitments_from_store(store, list(ids.values()))
        items += score_sequence(name, seq, result.decisions, commitments, ids, "extracted")
    return _aggregate(items, "extracted", backend)


class RetrievalEval(BaseModel):
    k: int
    queries: int
    hits: int  # with `retrieve` (search + sentence re-rank), what `ask` uses
    search_hits: int = 0  # with plain `analyzer.search.search`, for comparison
    misses: list[dict[str, str]] = []

    @property
    def recall(self) -> float:
        return self.hits / self.queries if self.queries else 0.0

    @property
    def search_recall(self) -> float:
        return self.search_hits / self.queries if self.queries else 0.0


def evaluate_retrieval(root: str | Path, k: int = 5) -> RetrievalEval:
    """Store every dev meeting; each label's description is a query over all of them (no partner filter).

    A query is a hit when one of the top-k passages is from the label's meeting and overlaps its quote.
    """
    from ..pipeline import analyze
    from ..search import search
    from ..store import Store
    from .retrieval import retrieve

    store = Store()
    meetings = load_dataset(root)
    ids = {}
    for m in meetings:
        report = analyze(
            m.transcript,
            backend="offline",
            date=m.date,
            partner=m.partner or "unknown",
            title=m.title,
            store=True,
            store_obj=store,
        )
        ids[m.id] = report.meeting.id
    result = RetrievalEval(k=k, queries=0, hits=0)

    def found(hits: list, meeting_id: str, label: Label) -> bool:
        return any(h.meeting_id == meeting_id and h.start < label.end and h.end > label.start for h in hits)

    for m in meetings:
        for label in m.labels:
            if not label.description:
                continue
            result.queries += 1
            result.search_hits += found(search(store, label.description, k=k), ids[m.id], label)
            if found(retrieve(store, label.description, k=k), ids[m.id], label):
                result.hits += 1
            else:
                result.misses.append({"meeting": m.id, "query": label.description, "quote": label.quote})
    return result
