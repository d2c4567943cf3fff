"""Shared UI pieces: cached resources, page styling, finding cards and the transcript viewer."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import streamlit as st

from analyzer.core.errors import AnalyzerError
from analyzer.core.models import KIND_LABELS, KINDS, Finding, Report
from analyzer.settings import get_settings
from analyzer.sides import PROMISE_LABELS

from .highlight import Span, caption_labels, escape, highlight_html, layout_ranges

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
KIND_ICONS = {
    "commitment": ":material/handshake:",
    "unresolved_conflict": ":material/bolt:",
    "transparency_gap": ":material/visibility_off:",
    "cultural_misstep": ":material/public:",
}
KIND_COLOURS = {
    "commitment": "#2563eb",
    "unresolved_conflict": "#dc2626",
    "transparency_gap": "#d97706",
    "cultural_misstep": "#7c3aed",
}
CSS = """
<style>
.transcript{font-family:ui-sans-serif,system-ui,sans-serif;font-size:0.95rem;line-height:1.75;
  white-space:normal;word-wrap:break-word;color:#1f2937;padding:0.25rem 0.5rem}
.transcript mark.hl{padding:1px 0;border-radius:2px;color:inherit;scroll-margin:120px}
.transcript .aux{color:#9ca3af;font-size:0.85em}
.transcript .spk{font-weight:700;color:#111827}
.k-commitment{background:#dbeafe;border-bottom:2px solid #2563eb}
.k-conflict{background:#fee2e2;border-bottom:2px solid #dc2626}
.k-gap{background:#fef3c7;border-bottom:2px solid #d97706}
.k-misstep{background:#ede9fe;border-bottom:2px solid #7c3aed}
.k-passage{background:#ecfccb;border-bottom:2px solid #65a30d}
.k-term{background:#fde68a;font-weight:600}
mark.multi{background-image:repeating-linear-gradient(135deg,transparent 0 6px,rgba(0,0,0,.06) 6px 8px)}
mark.sel{border-bottom:3px solid #111827;box-shadow:0 2px 0 0 #111827;
  filter:saturate(2.2) brightness(.93);font-weight:600}
.fcard .quote{border-left:4px solid var(--kc,#999);padding:0.35rem 0.7rem;margin:0.3rem 0 0.5rem;
  background:#f9fafb;font-style:italic;color:#111827;border-radius:0 4px 4px 0}
.fcard .summary{font-weight:600;color:#111827;margin-bottom:0.15rem}
.fcard .meta{font-size:0.84rem;color:#4b5563}
.fcard .meta b{color:#1f2937}
.fcard .advice{font-size:0.88rem;margin-top:0.35rem;color:#374151}
.pill{display:inline-block;font-size:0.72rem;font-weight:700;letter-spacing:.02em;padding:1px 8px;
  border-radius:999px;color:white;margin-right:6px;vertical-align:middle}
.legend span{margin-right:14px;font-size:0.85rem;white-space:nowrap}
.legend i{display:inline-block;width:12px;height:12px;border-radius:3px;margin-right:4px;vertical-align:-1px}
/* The transcript column stays in view while the finding cards beside it scroll. */
div[data-testid="stColumn"]:has(.sticky-transcript){position:sticky;top:3.75rem;align-self:flex-start}
.side-ours{color:#1d4ed8}.side-theirs{color:#7c3aed}
.status-overdue{color:#b91c1c;font-weight:700}.status-soon{color:#b45309;font-weight:700}
</style>
"""


def inject_css() -> None:
    """Page-wide styles (a <style>-only st.html call takes no space on the page)."""
    st.html(CSS)


@st.cache_resource(show_spinner=False)
def _store_for(home: str, url: str | None, embedding: str) -> Any:
    from analyzer.store import Store

    return Store(get_settings())


def get_store() -> Any:
    """The Store for the current settings, cached across reruns and reopened after other processes write."""
    s = get_settings()
    store = _store_for(str(s.home), s.chroma_url, s.embedding)
    if store.changed_elsewhere:
        from analyzer.store import release_clients

        release_clients()
        _store_for.clear()
        store = _store_for(str(s.home), s.chroma_url, s.embedding)
    _CURRENT_STORES[str(s.home)] = store
    return store


# The store each home's background indexer writes with: the one the page last used, since a reopen
# (above) leaves the earlier one's Chroma client closed.
_CURRENT_STORES: dict[str, Any] = {}


@st.cache_resource(show_spinner=False)
def _indexer_for(home: str) -> Any:
    from analyzer.indexing import Indexer

    indexer = Indexer(lambda: _CURRENT_STORES[home])
    indexer.catch_up()  # meetings a stopped app saved but never indexed
    return indexer


def get_indexer() -> Any:
    """The background search indexer of the current store (one per server process)."""
    get_store()
    return _indexer_for(str(get_settings().home))


@st.cache_resource(show_spinner="Loading the embedding model…")
def embedding_model() -> Any:
    """The packaged MiniLM, loaded once per server process."""
    from analyzer.embedding import local_model

    return local_model()


def show_error(error: Exception, what: str = "") -> None:
    """An AnalyzerError as one actionable line; anything else as a short message (never a traceback)."""
    if isinstance(error, AnalyzerError):
        st.error(f"{what}{error.message}", icon=":material/error:")
    else:
        st.error(
            f"{what}Unexpected error: {type(error).__name__}: {error}. Please report it with the input "
            "that caused it.",
            icon=":material/error:",
        )


@contextmanager
def guarded(what: str = ""):
    """Run a block and turn any error into st.error, so the page never shows a traceback."""
    try:
        yield
    except Exception as error:  # noqa: BLE001 — the UI must stay up whatever the library raises
        show_error(error, what)


def legend() -> None:
    items = "".join(
        f'<span><i style="background:{KIND_COLOURS[k]}"></i>{html.escape(KIND_LABELS[k])}</span>'
        for k in KINDS
    )
    st.html(f'<div class="legend">{items}</div>')


def pill(kind: str) -> str:
    colour = KIND_COLOURS.get(kind, "#6b7280")
    return f'<span class="pill" style="background:{colour}">{KIND_LABELS.get(kind, kind)}</span>'


def finding_card_html(f: Finding, n: int, side: str | None = None) -> str:
    """A finding's body as escaped HTML: summary, exact quote, who, when, confidence and advice."""
    meta = []
    if f.speaker:
        meta.append(f"said by <b>{escape(f.speaker)}</b>")
    if f.kind == "commitment":
        meta.append(f"owner <b>{escape(f.owner or '—')}</b>")
        if side:
            meta.append(f'<b class="side-{side}">{escape(PROMISE_LABELS[side])}</b>')
        due = (
            f.due.strftime("%a %d %b %Y")
            if f.due
            else (f"“{f.due_text}” (unresolved)" if f.due_text else "no date")
        )
        meta.append(f"due <b>{escape(due)}</b>")
    if f.parties:
        meta.append("between <b>" + escape(" and ".join(f.parties)) + "</b>")
    meta.append(f"confidence <b>{f.confidence:.0%}</b>")
    meta.append(f'<a href="#f-{n}">jump to the words ↓</a>')
    if f.grounding == "fuzzy":
        meta.append("quote matched approximately")
    if f.review != "pending":
        meta.append(f"review <b>{escape(f.review)}</b>")
    advice = ""
    if f.why_it_matters:
        advice += f'<div class="advice"><b>Why it matters:</b> {escape(f.why_it_matters)}</div>'
    if f.suggested_repair:
        advice += f'<div class="advice"><b>Suggested repair:</b> {escape(f.suggested_repair)}</div>'
    if f.status and f.kind == "unresolved_conflict":
        advice += f'<div class="advice"><b>Still open because:</b> {escape(f.status)}</div>'
    colour = KIND_COLOURS.get(f.kind, "#999")
    return (
        f'<div class="fcard" style="--kc:{colour}"><div class="summary">#{n} · {escape(f.summary)}</div>'
        f'<div class="quote">“{escape(f.quote)}”</div><div class="meta">{" · ".join(meta)}</div>{advice}</div>'
    )


def finding_spans(findings: Sequence[Finding]) -> list[Span]:
    """One highlight span per finding, numbered from 1 in the order given."""
    return [
        Span(f.start, f.end, f.kind, n, f"#{n} {KIND_LABELS[f.kind]}: {f.summary}")
        for n, f in enumerate(findings, start=1)
    ]


def transcript_view(
    text: str,
    spans: Sequence[Span],
    *,
    selected: Any = None,
    height: int = 640,
    key: str = "transcript",
    utterances: Sequence[Any] = (),
    scroll: str | None = None,
) -> None:
    """The full transcript, escaped, with spans highlighted in place, in a scrolling box.

    With `utterances`, format markup between them (timecodes, tags) is greyed and speakers bolded.
    """
    muted, speakers = layout_ranges(text, utterances)
    labels = caption_labels(text, utterances)
    with st.container(height=height, border=True, key=f"{key}_box"):
        st.html(highlight_html(text, spans, selected=selected, muted=muted, speakers=speakers, labels=labels))
    if scroll or selected is not None:
        scroll_to(scroll or f"f-{selected}")


def scroll_to(element_id: str) -> None:
    """Scroll the page (and the transcript box) to our own element id after this run renders.

    Only a fixed script with an id we generated (`f-<int>`), never transcript text, goes in here.
    """
    safe = "".join(ch for ch in element_id if ch.isalnum() or ch in "-_")
    st.html(
        "<script>setTimeout(function(){var e=document.getElementById('" + safe + "');"
        "if(e){e.scrollIntoView({block:'center',behavior:'smooth'});}},400);</script>",
        unsafe_allow_javascript=True,
    )


def commitment_status(due: dt.date | None, today: dt.date | None = None) -> str:
    """open / due soon (within 7 days) / overdue, relative to today; 'no date' when nothing was resolved."""
    today = today or dt.date.today()
    if due is None:
        return "no date"
    if due < today:
        return "overdue"
    return "due soon" if (due - today).days <= 7 else "open"


def active(findings: Sequence[Finding]) -> list[Finding]:
    """Findings a reviewer has not rejected."""
    return [f for f in findings if f.review != "rejected"]


def counts_row(report: Report) -> None:
    """One metric per kind (rejected findings not counted)."""
    cols = st.columns(len(KINDS))
    kept = active(report.findings)
    for col, kind in zip(cols, KINDS):
        col.metric(f"{KIND_ICONS[kind]} {KIND_LABELS[kind]}", sum(f.kind == kind for f in kept))


def on_click_set(key: str, value: Any) -> Callable[[], None]:
    """A widget callback that sets one session-state key (callbacks run before the rerun)."""

    def _set() -> None:
        st.session_state[key] = value

    return _set
