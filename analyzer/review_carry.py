"""Carry a user's review across a re-analysis: reviewed findings are never overwritten.

When a stored meeting is analysed again, each finding the user reviewed (accepted, edited or
rejected) is kept exactly as reviewed, pinned again to its quote in the new transcript. A fresh
finding of the same kind over the same words is the same finding, so the reviewed copy replaces
it; the other fresh findings are added as pending. Pending findings of the old analysis that the
new one no longer finds are dropped, and counted, so the user is told what changed.
"""

from __future__ import annotations

from .core.models import Finding, Report, ReviewChanges


def carry_review(previous: Report, report: Report) -> ReviewChanges:
    """Merge `previous`'s reviewed findings into `report` (in place); return what changed."""
    text = report.transcript.text
    # A review made on this very report (stored after reviewing) wins over the stored one.
    current = [f for f in report.findings if f.review != "pending"]
    reviewed = [
        f for f in previous.findings if f.review != "pending" and not any(_same(f, c) for c in current)
    ]
    kept: list[Finding] = []
    lost = 0
    for finding in reviewed:
        pinned = _pin(finding, text, report.meeting.id)
        if pinned is None:
            lost += 1
        else:
            kept.append(pinned)
    fresh = [f for f in report.findings if f.review != "pending" or not any(_same(f, k) for k in kept)]
    old_pending = [f for f in previous.findings if f.review == "pending"]
    new = sum(not any(_same(f, old) for old in old_pending) for f in fresh)
    gone = lost + sum(not any(_same(old, f) for f in report.findings) for old in old_pending)
    report.findings = sorted(kept + fresh, key=lambda f: (f.start, f.end, f.kind))
    report.stats.findings = len(report.findings)
    return ReviewChanges(new=new, gone=gone, kept=len(kept))


def _pin(finding: Finding, text: str, meeting_id: str) -> Finding | None:
    """The reviewed finding at its quote's place in `text` (nearest its old place), or None."""
    if text[finding.start : finding.end] == finding.quote:
        return finding.model_copy(update={"meeting_id": meeting_id})
    places = []
    at = text.find(finding.quote)
    while at >= 0 and finding.quote:
        places.append(at)
        at = text.find(finding.quote, at + 1)
    if not places:
        return None
    start = min(places, key=lambda p: abs(p - finding.start))
    return finding.model_copy(
        update={"start": start, "end": start + len(finding.quote), "meeting_id": meeting_id}
    )


def _same(a: Finding, b: Finding) -> bool:
    """Same kind over overlapping words: the same finding found twice."""
    if a.kind != b.kind:
        return False
    overlap = min(a.end, b.end) - max(a.start, b.start)
    return overlap > 0 and overlap >= 0.5 * min(a.end - a.start, b.end - b.start)


def describe(changes: ReviewChanges) -> str:
    """One line for the user: '3 new, 1 gone, 2 kept from your review'."""
    return f"{changes.new} new, {changes.gone} gone, {changes.kept} kept from your review"
