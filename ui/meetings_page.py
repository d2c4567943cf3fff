"""Meetings page: stored meetings by partner, their commitments and open issues, trends, and deletion.

Commitment statuses come from partner memory (`analyzer.memory.partner_timeline`) when it is
installed (kept / slipped / dropped / open / overdue); otherwise from due dates relative to today.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
import streamlit as st

from analyzer.safe_text import md, plain

from analyzer.core.models import KIND_LABELS, KINDS
from analyzer.sides import PROMISE_LABELS

from .components import active, commitment_status, get_store, guarded

ALL = "All partners"


def _init_state() -> None:
    for key, value in {"me_confirm": None, "me_open": None}.items():
        if key not in st.session_state:
            st.session_state[key] = value


def _counts(store: Any, meetings: list) -> pd.DataFrame:
    """Findings per kind per meeting (rejected ones left out), one row per meeting in date order."""
    findings = active(store.findings_for([m.id for m in meetings])) if meetings else []
    rows, seen = [], set()
    for m in meetings:
        label = f"{m.date:%Y-%m-%d} {plain(m.title[:40])}"
        label = label if label not in seen else f"{label} ({m.id[:6]})"  # chart labels must be unique
        seen.add(label)
        row = {"id": m.id, "meeting": label}
        for kind in KINDS:
            row[KIND_LABELS[kind]] = sum(f.meeting_id == m.id and f.kind == kind for f in findings)
        rows.append(row)
    return pd.DataFrame(rows)


def _rate(rate: float | None) -> str:
    return "—" if rate is None else f"{rate:.0%}"


def _indicator_metrics(indicators: Any) -> None:
    """Kept rates (theirs and ours apart when sides are known), overdue, carried-over conflicts, trend."""
    sides = indicators.by_side
    c = st.columns(5 if sides else 4)
    if sides:
        theirs, ours = sides["theirs"], sides["ours"]
        c[0].metric(
            "They kept", _rate(theirs.kept_rate), help=f"{theirs.commitments_made} promised by the partner"
        )
        c[1].metric("We kept", _rate(ours.kept_rate), help=f"{ours.commitments_made} promised by us")
    else:
        c[0].metric(
            "Commitments kept", _rate(indicators.kept_rate), help="Set sides to split theirs and ours"
        )
    rest = c[2:] if sides else c[1:]
    rest[0].metric("Overdue", indicators.overdue)
    rest[1].metric("Open conflicts carried over", indicators.open_conflicts_carried_over)
    rest[2].metric("Trend", indicators.trend)


def _memory_commitments(store: Any, partner: str, meetings: list) -> pd.DataFrame | None:
    """Commitments with the richer memory statuses, or None when partner memory is not installed."""
    try:
        from analyzer.memory import partner_timeline
    except ImportError:
        return None
    timeline = partner_timeline(store, partner)
    titles = {m.id: m.title for m in meetings}
    indicators = getattr(timeline, "indicators", None)
    if indicators is not None:
        _indicator_metrics(indicators)
    if timeline.status_accuracy is not None:
        from analyzer.memory.brief import accuracy_note

        st.caption(accuracy_note(timeline.status_accuracy))
    rows = [
        {
            "status": c.status,
            "check": "check this" if c.check else "",
            "whose": PROMISE_LABELS[c.side] if c.side else "—",
            "owner": c.owner or "—",
            "due": c.due,
            "quote": c.quote,
            "meeting": titles.get(c.meeting_id, c.meeting_id),
            "evidence": f"{titles.get(c.evidence.meeting_id, '')}: “{c.evidence.quote}”"
            if c.evidence
            else "",
        }
        for c in timeline.commitments
    ]
    return pd.DataFrame(rows)


def _commitments(store: Any, meetings: list, partner: str | None) -> pd.DataFrame:
    if partner:
        try:
            memory = _memory_commitments(store, partner, meetings)
        except Exception as error:  # noqa: BLE001 — memory is optional; fall back to due-date statuses
            st.caption(f"Partner memory failed ({error}); showing statuses from due dates instead.")
            memory = None
        if memory is not None:
            return memory
    titles = {m.id: (m.title, m.date) for m in meetings}
    today = dt.date.today()
    rows = [
        {
            "status": commitment_status(f.due, today),
            "owner": f.owner or "—",
            "due": f.due,
            "what": f.summary,
            "quote": f.quote,
            "meeting": titles.get(f.meeting_id, ("", None))[0],
        }
        for f in active(store.findings_for(list(titles), kind="commitment"))
    ]
    order = {"overdue": 0, "due soon": 1, "open": 2, "no date": 3}
    rows.sort(key=lambda r: (order.get(r["status"], 9), r["due"] or dt.date.max))
    return pd.DataFrame(rows)


def _status_style(value: str) -> str:
    return {
        "overdue": "color:#b91c1c;font-weight:700",
        "due soon": "color:#b45309;font-weight:700",
        "slipped": "color:#b45309;font-weight:700",
        "dropped": "color:#6b7280",
        "kept": "color:#15803d;font-weight:700",
    }.get(value, "")


def _issues(store: Any, meetings: list) -> None:
    titles = {m.id: m for m in meetings}
    for kind in ("unresolved_conflict", "transparency_gap"):
        items = active(store.findings_for(list(titles), kind=kind))
        st.markdown(f"**{KIND_LABELS[kind]}** ({len(items)})")
        if not items:
            st.caption("None recorded.")
            continue
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        "date": titles[f.meeting_id].date,
                        "meeting": titles[f.meeting_id].title,
                        "summary": f.summary,
                        "quote": f.quote,
                        "speaker": f.speaker or "",
                    }
                    for f in items
                ]
            ).sort_values("date", ascending=False),
            hide_index=True,
            width="stretch",
            key=f"me_issues_{kind}",
        )


def _delete(store: Any, meetings: list) -> None:
    with st.expander("Delete a meeting", icon=":material/delete:"):
        options = {m.id: f"{m.date} · {m.title}" + (f" · {m.partner}" if m.partner else "") for m in meetings}
        target = st.selectbox(
            "Meeting", list(options), format_func=lambda m: options[m], key="me_delete_target"
        )
        if st.button("Delete…", key="me_delete"):
            st.session_state.me_confirm = target
        if st.session_state.me_confirm and st.session_state.me_confirm in options:
            st.warning(
                f"Delete **{options[st.session_state.me_confirm]}** with its passages and findings? "
                "This cannot be undone."
            )
            c1, c2 = st.columns(2)
            if c1.button("Yes, delete it", type="primary", key="me_delete_yes"):
                with guarded("Could not delete: "):
                    meta = store.delete(st.session_state.me_confirm)
                    st.session_state.me_confirm = None
                    st.toast(f"Deleted {md(meta.title)}")
                    st.rerun()
            if c2.button("Cancel", key="me_delete_no"):
                st.session_state.me_confirm = None
                st.rerun()


def _viewer(store: Any, meetings: list) -> None:
    """A stored meeting opened with the same cards, review and exports as right after its analysis."""
    st.subheader("Open a meeting", anchor=False)
    options = {m.id: f"{m.date} · {m.title}" + (f" · {m.partner}" if m.partner else "") for m in meetings}
    target = st.selectbox(
        "Meeting",
        [None, *options],
        format_func=lambda i: "Choose a meeting…" if i is None else options[i],
        key="me_view_target",
    )
    if target:
        with guarded():
            from .results import render_report

            render_report(store.get_report(target), key="me_open")


def _extras(store: Any, partner: str) -> None:
    """Brief and open-commitments calendar from partner memory, when installed."""
    try:
        from analyzer.memory import brief_markdown, open_commitments_ics
    except ImportError:
        st.caption("Partner memory (briefs, kept/slipped tracking) is not available in this installation.")
        return
    with guarded("Partner memory failed: "):
        c1, c2 = st.columns(2)
        c1.download_button(
            "Partner brief (Markdown)",
            brief_markdown(store, partner),
            "partner-brief.md",
            key="me_brief",
            width="stretch",
        )
        c2.download_button(
            "Open commitments (ICS)",
            open_commitments_ics(store, partner),
            "open-commitments.ics",
            key="me_ics",
            width="stretch",
        )


def render() -> None:
    """The Meetings page."""
    _init_state()
    st.title(":material/event_note: Meetings and follow-ups")
    with guarded("The meeting store cannot be read: "):
        store = get_store()
        partners = store.partners()
        partner = st.selectbox("Partner", [ALL, *partners], key="me_partner")
        partner = None if partner == ALL else partner
        meetings = store.list_meetings(partner)
        if not meetings:
            st.info(
                "No meetings stored yet. Analyse one on the **Analyze** page with “Store this meeting” ticked."
            )
            return
        counts = _counts(store, meetings)
        c1, c2, c3 = st.columns(3)
        c1.metric("Meetings", len(meetings))
        c2.metric("Partners", len({m.partner for m in meetings if m.partner}))
        labels = [KIND_LABELS[k] for k in KINDS]
        c3.metric("Findings", int(counts[labels].to_numpy().sum()))
        st.subheader("History", anchor=False)
        by_id = counts.set_index("id")
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        "date": m.date,
                        "title": m.title,
                        "partner": m.partner,
                        **by_id.loc[m.id, labels].to_dict(),
                        "id": m.id,
                    }
                    for m in reversed(meetings)
                ]
            ),
            hide_index=True,
            width="stretch",
            key="me_history",
        )
        st.caption("Findings per kind per meeting, oldest first")
        st.bar_chart(
            counts.set_index("meeting")[labels],
            color=["#2563eb", "#dc2626", "#d97706", "#7c3aed"],
            stack=True,
            x_label="meeting",
            y_label="findings",
        )
        st.subheader("Commitments", anchor=False)
        frame = _commitments(store, meetings, partner)
        if frame.empty:
            st.caption("No commitments recorded.")
        else:
            st.dataframe(
                frame.style.map(_status_style, subset=["status"]),
                hide_index=True,
                width="stretch",
                key="me_commitments",
            )
        st.subheader("Open conflicts and transparency gaps", anchor=False)
        _issues(store, meetings)
        if partner:
            _extras(store, partner)
        _viewer(store, meetings)
        _delete(store, meetings)
