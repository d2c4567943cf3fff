"""One analysed meeting: counts, finding cards beside the highlighted transcript, review and exports."""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import streamlit as st

from analyzer.safe_text import md

from analyzer import export, finding_filter, overview
from analyzer.core.models import KIND_LABELS, KINDS, Finding, Report
from analyzer.evaluation.dataset import LabeledMeeting
from analyzer.sides import SideCall, finding_side, promiser_side

from .components import (
    KIND_ICONS,
    active,
    counts_row,
    finding_card_html,
    finding_spans,
    get_indexer,
    get_store,
    guarded,
    legend,
    on_click_set,
    transcript_view,
)

from .label_compare import label_comparison
from .sides_panel import sides_panel

REVIEW_CHOICES = ["pending", "accepted", "rejected"]
Sides = dict[str, SideCall]


def _header(report: Report) -> None:
    m = report.meeting
    when = {
        "given": "",
        "detected": " (date found in the transcript)",
        "today": " (no date found: today assumed)",
    }
    parts = [f"**{md(m.title)}**", f"{m.date:%a %d %b %Y}{when.get(m.date_source, '')}"]
    if m.partner:
        parts.append(f"partner **{md(m.partner)}**")
    parts.append(f"{report.stats.words:,} words · {report.stats.seconds:.1f} s · {report.stats.backend}")
    st.markdown(" · ".join(parts))
    if report.stored:
        _stored_line(m.id)
    if report.stats.suspicious:
        st.error(report.stats.suspicious, icon=":material/gpp_maybe:")
    for line in report.stats.injection_lines:
        st.warning(
            f"Possible prompt-injection line (characters {line.start}–{line.end}): “{line.text}”. It was "
            "analysed as ordinary meeting text.",
            icon=":material/shield:",
        )
    if report.stats.review_changes is not None:
        from analyzer.review_carry import describe

        st.info(
            f"This meeting was stored before: {describe(report.stats.review_changes)}.",
            icon=":material/rate_review:",
        )
    for warning in report.stats.warnings:
        st.warning(warning[:1].upper() + warning[1:], icon=":material/warning:")
    if report.stats.partial:
        failed = "; ".join(
            f"chunk {c.index + 1} (characters {c.start}–{c.end}): {c.error}"
            for c in report.stats.failed_chunks
        )
        st.warning(
            f"Partial result — {len(report.stats.failed_chunks)} of {report.stats.chunks} chunks failed: "
            f"{failed}. Findings in those parts are missing; run the analysis again to complete it.",
            icon=":material/warning:",
        )
    if report.stats.ungrounded:
        st.info(
            f"{report.stats.ungrounded} finding(s) could not be pinned to exact words in the transcript and "
            "were left out.",
            icon=":material/info:",
        )


SIDE_FILTERS = {"both": "Both sides", "theirs": "Partner's side", "ours": "Our side"}


def _filtered(report: Report, key: str, sides: Sides) -> list[tuple[int, Finding]]:
    """The filter bar over the cards (kind, side, person, confidence); the numbered findings it lets through."""
    present = [k for k in KINDS if any(f.kind == k for f in report.findings)]
    counts = {k: sum(f.kind == k for f in report.findings) for k in present}
    kinds = st.pills(
        "Show",
        present,
        selection_mode="multi",
        default=present,
        format_func=lambda k: f"{KIND_LABELS[k]} ({counts[k]})",
        key=f"{key}_f_kinds",
    )
    side, who, sure = st.columns([2, 3, 2])
    chosen = side.selectbox(
        "Side",
        list(SIDE_FILTERS),
        format_func=SIDE_FILTERS.__getitem__,
        key=f"{key}_f_side",
        help="Commitments by whose promise they are; other findings by who said the words.",
    )
    persons = who.multiselect(
        "People",
        finding_filter.people(report.findings),
        placeholder="Anyone",
        key=f"{key}_f_people",
        help="Findings whose owner, speaker or parties include any of these people.",
    )
    floor = sure.slider("Confidence at least", 0.0, 1.0, 0.0, 0.05, key=f"{key}_f_conf")
    shown = finding_filter.narrow(report.findings, kinds or present, persons, floor)
    if chosen != "both":
        shown = [(n, f) for n, f in shown if finding_side(f, sides, report.transcript.aliases) == chosen]
    if not kinds:
        shown = []
    if len(shown) < len(report.findings):
        st.caption(f"Showing {len(shown)} of {len(report.findings)} findings.")
    return shown


def _cards(report: Report, key: str, sides: Sides) -> None:
    """One section per kind, a card per finding with a button that focuses its words."""
    if not report.findings:
        st.success("No commitments, open conflicts, transparency gaps or cultural missteps were found.")
        return
    numbered = _filtered(report, key, sides)
    for kind in KINDS:
        items = [(n, f) for n, f in numbered if f.kind == kind]
        if not items:
            continue
        st.subheader(f"{KIND_ICONS[kind]} {KIND_LABELS[kind]} ({len(items)})", anchor=False)
        for n, f in items:
            with st.container(border=True, key=f"{key}_card_{n}"):
                st.html(finding_card_html(f, n, promiser_side(f, sides, report.transcript.aliases)))
                selected = st.session_state.get("an_selected") == n
                st.button(
                    "Shown in transcript" if selected else "Show in transcript",
                    key=f"{key}_show_{n}",
                    on_click=on_click_set("an_selected", n),
                    type="primary" if selected else "secondary",
                    icon=":material/my_location:",
                )


def _editor_frame(findings: list[Finding]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "#": n,
                "kind": KIND_LABELS[f.kind],
                "review": "accepted" if f.review == "edited" else f.review,
                "quote": f.quote,
                "summary": f.summary,
                "owner": f.owner or "",
                "due": f.due,
            }
            for n, f in enumerate(findings, start=1)
        ]
    )


def reviewed_findings(findings: list[Finding], edited: pd.DataFrame) -> list[Finding]:
    """Apply the review table to the findings: accepted / rejected, or edited when a field changed."""
    out = []
    for f, (_, row) in zip(findings, edited.iterrows()):
        due = row["due"]
        due = (
            None
            if due is None or pd.isna(due)
            else (due if isinstance(due, dt.date) else pd.Timestamp(due).date())
        )
        if isinstance(due, dt.datetime):
            due = due.date()
        owner = (row["owner"] or "").strip() or None
        summary = (row["summary"] or "").strip() or f.summary
        changed = summary != f.summary or owner != f.owner or due != f.due
        review = row["review"] if row["review"] in REVIEW_CHOICES else "pending"
        if changed and review != "rejected":
            review = "edited"
        elif f.review == "edited" and review == "accepted":
            review = "edited"  # an earlier edit stays an edit once it is saved
        out.append(f.model_copy(update={"summary": summary, "owner": owner, "due": due, "review": review}))
    return out


def _saved(base: str, message: str, kind: str = "success") -> None:
    """Rerun, so the cards, counts and header above show what was just saved, with a fresh table (a new
    key: the old one's edits are in the findings now); `message` stays below it until the next edit."""
    st.session_state[f"{base}_gen"] = st.session_state.get(f"{base}_gen", 0) + 1
    st.session_state[f"{base}_note"] = (kind, message)
    st.rerun()


def _stored_line(meeting_id: str) -> None:
    """Where the meeting is stored, and whether search can find it yet (polled while it is indexed)."""
    indexer = get_indexer()
    busy = meeting_id in indexer.pending()

    def line() -> None:
        if meeting_id in indexer.pending():
            st.caption(f":material/database: Stored as `{meeting_id}` — indexing for search…")
        elif busy:
            st.rerun()  # indexing just ended: one full run shows the new state and stops the polling
        elif meeting_id in indexer.failed:
            st.warning(
                f"Stored as `{meeting_id}`, but indexing it for search failed ({indexer.failed[meeting_id]}). "
                "Its findings are safe; `analyzer store check --repair` indexes it.",
                icon=":material/database:",
            )
        else:
            st.caption(f":material/database: Stored as `{meeting_id}` — searchable on the Search page.")

    st.fragment(line, run_every=1.0 if busy else None)()


def _review(report: Report, key: str) -> None:
    st.caption(
        "Accept or reject each finding, or correct its summary, owner or due date. Rejected findings are "
        "left out of exports; saved corrections go to the store and into the labeled-meeting export."
    )
    base = f"{key}_review_{report.meeting.id}"
    gen = st.session_state.get(f"{base}_gen", 0)
    editor_key = f"{base}_{gen}" if gen else base
    edited = st.data_editor(
        _editor_frame(report.findings),
        key=editor_key,
        hide_index=True,
        width="stretch",
        disabled=["#", "kind", "quote"],
        column_config={
            "#": st.column_config.NumberColumn(width="small"),
            "review": st.column_config.SelectboxColumn(options=REVIEW_CHOICES, required=True, width="small"),
            "quote": st.column_config.TextColumn(width="large"),
            "summary": st.column_config.TextColumn(width="large"),
            "due": st.column_config.DateColumn(format="YYYY-MM-DD"),
        },
    )
    if st.button("Save review", key=f"{key}_save_review", type="primary", icon=":material/save:"):
        with guarded("Could not save the review: "):
            report.findings = reviewed_findings(report.findings, edited)
            if report.stored:
                get_store().update_findings(report.meeting.id, report.findings)
                _saved(base, "Review saved to the meeting store.")
            else:
                _saved(
                    base,
                    "Review kept for this session and the exports. Tick “Store this meeting” and analyse "
                    "again (or use the button below) to keep it in the store.",
                    "info",
                )
    unsaved = st.session_state.get(editor_key) or {}
    note = st.session_state.get(f"{base}_note")
    if note and not any(unsaved.get(part) for part in ("edited_rows", "added_rows", "deleted_rows")):
        (st.success if note[0] == "success" else st.info)(note[1])
    if not report.stored and st.button("Store this meeting with the review", key=f"{key}_store_now"):
        with guarded("Could not store the meeting: "):
            get_store().save(report, [], index=False)
            get_indexer().submit(report.meeting.id, report.transcript)
            report.stored = True
            _saved(base, "Stored.")


def labeled_meeting(report: Report) -> dict:
    """The meeting in the evaluation dataset format, rejected findings excluded."""
    m = report.meeting
    return {
        "id": m.id,
        "title": m.title,
        "date": m.date.isoformat(),
        "partner": m.partner,
        "transcript": report.transcript.text,
        "labels": [
            {
                "kind": f.kind,
                "quote": f.quote,
                "owner": f.owner,
                "due": f.due.isoformat() if f.due else None,
                "description": f.summary,
                "start": f.start,
            }
            for f in active(report.findings)
        ],
    }


def _exports(report: Report, key: str, sides: Sides) -> None:
    kept = report.model_copy(update={"findings": active(report.findings)})
    stem = (
        "".join(ch if ch.isalnum() else "-" for ch in report.meeting.title.lower()).strip("-")[:50]
        or "meeting"
    )
    has_due = any(f.due for f in kept.by_kind("commitment"))
    cols = st.columns(5)
    cols[0].download_button(
        "JSON",
        export.to_json(kept),
        f"{stem}.json",
        "application/json",
        key=f"{key}_dl_json",
        width="stretch",
    )
    cols[1].download_button(
        "Internal note",
        export.to_markdown(kept, sides),
        f"{stem}-note.md",
        "text/markdown",
        key=f"{key}_dl_md",
        width="stretch",
    )
    cols[2].download_button(
        "CSV", export.to_csv(kept), f"{stem}.csv", "text/csv", key=f"{key}_dl_csv", width="stretch"
    )
    cols[3].download_button(
        "Calendar (ICS)",
        export.to_ics(kept),
        f"{stem}-commitments.ics",
        "text/calendar",
        key=f"{key}_dl_ics",
        disabled=not has_due,
        width="stretch",
        help=None if has_due else "No commitment has a resolved due date.",
    )
    cols[4].download_button(
        "Labeled meeting",
        json.dumps(labeled_meeting(report), indent=2, ensure_ascii=False),
        f"{stem}-labeled.json",
        "application/json",
        key=f"{key}_dl_labeled",
        width="stretch",
        help="For eval/data: the reviewed findings as gold labels.",
    )
    email, note = st.columns(2)
    with email:
        st.markdown("**Follow-up to send** (agreed next steps only)")
        st.text_area(
            "Follow-up email",
            export.to_email(kept, sides),
            height=260,
            key=f"{key}_email",
            label_visibility="collapsed",
        )
        st.download_button(
            "Email text",
            export.to_email(kept, sides),
            f"{stem}-follow-up.txt",
            "text/plain",
            key=f"{key}_dl_email",
            icon=":material/mail:",
        )
    with note:
        st.markdown("**Internal note** (every finding, with the analyzer's judgments)")
        st.markdown(export.to_markdown(kept, sides))


def _overview(report: Report, key: str) -> None:
    """Topics, decisions, next steps and what is still open, above the cards."""
    ov = overview.build(report)
    if not (ov.topics or ov.decisions or ov.next_steps or ov.open_items):
        return
    with st.container(border=True, key=f"{key}_overview"):
        st.markdown("**Overview**" + (" · " + " · ".join(md(t) for t in ov.topics) if ov.topics else ""))
        sections = [
            ("Decisions", [f"“{d.text}”" for d in ov.decisions], "No decision was stated outright."),
            ("Next steps", [s.text for s in ov.next_steps], "No commitments."),
            ("Still open", [o.text for o in ov.open_items], "Nothing left open."),
        ]
        for col, (title, lines, empty) in zip(st.columns(3), sections):
            col.markdown(f"**{title}**")
            col.markdown("\n".join(f"- {md(line)}" for line in lines) if lines else f"_{empty}_")


def render_report(report: Report, key: str, labels: LabeledMeeting | None = None) -> None:
    """Everything about one analysed meeting; with `labels` (an uploaded labeled meeting), how they compare."""
    _header(report)
    counts_row(report)
    _overview(report, key)
    if labels is not None:
        label_comparison(report, labels)
    sides = sides_panel(report, key)
    tab_find, tab_review, tab_export = st.tabs(["Findings & transcript", "Review", "Export"])
    with tab_find:
        left, right = st.columns([5, 6], gap="large")
        with left:
            _cards(report, key, sides)
        with right:
            st.html('<span class="sticky-transcript"></span>')
            st.subheader("Transcript", anchor=False)
            legend()
            transcript_view(
                report.transcript.text,
                finding_spans(report.findings),
                selected=st.session_state.get("an_selected"),
                utterances=report.transcript.utterances,
                key=f"{key}_transcript",
            )
    with tab_review:
        _review(report, key)
    with tab_export:
        _exports(report, key, sides)
