"""Before the next call: a Markdown brief and an ICS calendar of what is still owed.

The brief lists open commitments by side ("they owe us", "we owe them") and owner, unresolved conflicts (the latest
meeting's and those that keep coming back), transparency gaps to follow up, and the latest
meeting's cultural missteps to avoid repeating.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from ..core.models import Finding
from ..export import commitments_ics
from ..safe_text import md
from ..store import Store
from .health import (
    Indicators,
    PartnerState,
    carried_over_conflicts,
    indicators,
    partner_state,
    status_accuracy,
)
from .models import StatusAccuracy

OWED = ("overdue", "slipped", "open")  # statuses that still need doing, most urgent first


def _owed(state: PartnerState) -> list[tuple[Finding, str, str]]:
    """(finding with its current due date, meeting title, partner) for every commitment still owed."""
    findings = {f.id: f for r in state.reports for f in r.by_kind("commitment")}
    titles = {r.meeting.id: r.meeting.title for r in state.reports}
    out = []
    for ref, tracked in zip(state.commitments, state.tracked):
        if tracked.status in OWED and ref.id in findings:
            finding = findings[ref.id]
            # A slip moves the deadline: the calendar should show the date they now promise.
            due = state.new_due.get(ref.id) or finding.due
            out.append(
                (finding.model_copy(update={"due": due}), titles.get(ref.meeting_id, ""), state.partner)
            )
    return out


def open_commitments_ics(
    store: Store, partner: str, as_of: dt.date | None = None, backend: str = "offline"
) -> str:
    """An ICS calendar with one all-day event per open, overdue or slipped commitment that has a due date."""
    state = partner_state(store, partner, as_of, backend)
    return commitments_ics(_owed(state), f"Open commitments — {state.partner}")


def _quote(text: str) -> str:
    return md(text)


def accuracy_note(measured: StatusAccuracy) -> str:
    """One line on how far the statuses can be trusted, with the measured figures."""
    parts = ", ".join(f"{status} {value:.0%}" for status, value in measured.per_status.items())
    return (
        f"Statuses by the {measured.decider} decider are right {measured.accuracy:.0%} of the time on partners "
        f"it never saw ({parts}; {measured.followups} follow-ups); those below {measured.check_below:.0%} "
        "say 'check this'."
    )


def _rate(rate: float | None) -> str:
    return f"{rate:.0%}" if rate is not None else "n/a"


def _health(ind: Indicators) -> str:
    """The health line; with sides known, the partner's and our own follow-through apart."""
    line = (
        f"**Health:** {ind.commitments_kept} of {ind.commitments_made} commitments kept "
        f"(kept rate {_rate(ind.kept_rate)}), {ind.overdue} overdue, "
        f"{ind.open_conflicts_carried_over} conflict(s) carried over, trend: {ind.trend}."
    )
    for side, who in (("theirs", "They"), ("ours", "We")):
        part = ind.by_side.get(side)
        if part and part.commitments_made:
            line += (
                f" {who} kept {part.commitments_kept} of {part.commitments_made} "
                f"(kept rate {_rate(part.kept_rate)}, {part.overdue} overdue)."
            )
    return line


# Sections of what is still owed: the partner's promises first, then ours.
_OWED_TITLES = [("theirs", "They owe us"), ("ours", "We owe them"), (None, "Owed, side not known")]


def _owed_sections(state: PartnerState) -> list[str]:
    """Open commitments by side, then by owner; one section when no one's side is known."""
    dates = {r.meeting.id: r.meeting.date for r in state.reports}
    statuses = {(t.meeting_id, t.start): t for t in state.tracked}
    groups: dict[str | None, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for finding, title, _ in _owed(state):
        t = statuses[(finding.meeting_id, finding.start)]
        due = f"due {finding.due.isoformat()}" if finding.due else "no date"
        check = " (check this)" if t.check else ""
        groups[t.side][finding.owner or finding.speaker or "Unassigned"].append(
            f"- **{t.status}**{check} ({due}) — “{_quote(finding.quote)}” "
            f"_{md(title)}, {dates[finding.meeting_id].isoformat()}_"
        )
    if not groups:
        return ["## Open commitments", "", "Nothing owed on either side.", ""]
    sided = any(side is not None for side in groups)
    lines: list[str] = []
    for side, title in _OWED_TITLES:
        if side not in groups:
            continue
        lines += [f"## {title if sided else 'Open commitments'}", ""]
        for owner in sorted(groups[side], key=str.lower):
            lines += [f"### {md(owner)}", *groups[side][owner], ""]
    return lines


def brief_markdown(store: Store, partner: str, as_of: dt.date | None = None, backend: str = "offline") -> str:
    """A Markdown brief to read before the next call with a partner (follow-up by `backend`)."""
    state = partner_state(store, partner, as_of, backend)
    ind = indicators(state)
    last = state.reports[-1].meeting if state.reports else None
    lines = [f"# Before the next call with {md(state.partner)}", ""]
    lines.append(
        f"_As of {state.as_of.isoformat()}; {ind.meetings} meeting(s) stored"
        + (f"; last: {md(last.title)} ({last.date.isoformat()})._" if last else "._")
    )
    lines += ["", _health(ind), ""]
    measured = status_accuracy(backend)
    if measured:
        lines += [f"_{accuracy_note(measured)}_", ""]
    lines += _owed_sections(state)

    dates = {r.meeting.id: r.meeting.date for r in state.reports}
    lines += ["## Open conflicts", ""]
    latest = state.reports[-1].by_kind("unresolved_conflict") if state.reports else []
    recurring = [f for f in carried_over_conflicts(state.reports) if f not in latest]
    for f in latest:
        lines.append(f"- “{_quote(f.quote)}”" + (f" — {md(f.status)}" if f.status else ""))
    for f in recurring:
        lines.append(f"- (recurring) “{_quote(f.quote)}”")
    lines += ([] if latest or recurring else ["None open."]) + [""]

    lines += ["## Transparency gaps to follow up", ""]
    gaps = sorted(
        (f for r in state.reports for f in r.by_kind("transparency_gap")),
        key=lambda f: dates[f.meeting_id],
        reverse=True,
    )
    for f in gaps[:8]:
        repair = f" Next step: {md(f.suggested_repair)}" if f.suggested_repair else ""
        lines.append(f"- {dates[f.meeting_id].isoformat()}: “{_quote(f.quote)}”{repair}")
    lines += ([] if gaps else ["None found."]) + [""]

    lines += ["## Missteps to avoid", ""]
    missteps = state.reports[-1].by_kind("cultural_misstep") if state.reports else []
    for f in missteps:
        why = f" — {md(f.why_it_matters)}" if f.why_it_matters else ""
        repair = f" Instead: {md(f.suggested_repair)}" if f.suggested_repair else ""
        lines.append(f"- “{_quote(f.quote)}”{why}.{repair}")
    lines += ([] if missteps else ["None in the last meeting."]) + [""]
    return "\n".join(lines).rstrip() + "\n"
