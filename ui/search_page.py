"""Search page: hybrid search over stored meetings, filters, and opening a hit in its transcript.

If partner memory (`analyzer.memory.ask`) is installed, an "Ask" box answers questions with cited passages.
"""

from __future__ import annotations

import datetime as dt
import html
from typing import Any

import streamlit as st

from analyzer.core.models import KIND_LABELS, KINDS, MATCH_LABELS
from analyzer.safe_text import md

from .components import (
    embedding_model,
    finding_spans,
    get_indexer,
    get_store,
    guarded,
    legend,
    show_error,
    transcript_view,
)
from .highlight import Span, highlight_html, layout_ranges, query_terms, term_spans

ALL = "All"


def _init_state() -> None:
    for key, value in {"se_open": None, "se_hits": None}.items():
        if key not in st.session_state:
            st.session_state[key] = value


def _filters(store: Any) -> dict[str, Any]:
    c1, c2, c3, c4 = st.columns([3, 3, 2, 2])
    partner = c1.selectbox("Partner", [ALL, *store.partners()], key="se_partner")
    dates = c2.date_input(
        "Meeting dates",
        value=[],
        key="se_dates",
        format="YYYY-MM-DD",
        help="Pick a start and an end date; leave empty for all dates.",
    )
    speaker = c3.text_input("Speaker", key="se_speaker", placeholder="any")
    kind = c4.selectbox(
        "Containing a finding of kind",
        [ALL, *KINDS],
        key="se_kind",
        format_func=lambda k: KIND_LABELS.get(k, k),
    )
    since = until = None
    if isinstance(dates, (tuple, list)) and dates:
        since, until = dates[0], dates[-1]
    elif isinstance(dates, dt.date):
        since = dates
    return {
        "partner": None if partner == ALL else partner,
        "since": since,
        "until": until,
        "speaker": speaker.strip() or None,
        "kind": None if kind == ALL else kind,
    }


def _passage_layout(store: Any, hit: Any, cache: dict[str, Any]) -> tuple[list, list]:
    """Muted markup and speaker ranges of the hit's meeting, cut to the passage and shifted to it."""
    if hit.meeting_id not in cache:
        try:
            transcript = store.get_report(hit.meeting_id).transcript
            cache[hit.meeting_id] = layout_ranges(transcript.text, transcript.utterances)
        except Exception:  # noqa: BLE001 — the layout is cosmetic; show the plain passage instead
            cache[hit.meeting_id] = ([], [])
    lo, hi = hit.start, hit.end
    shift = [
        [(max(a, lo) - lo, min(b, hi) - lo) for a, b in ranges if a < hi and b > lo]
        for ranges in cache[hit.meeting_id]
    ]
    return shift[0], shift[1]


def _hit_card(hit: Any, query: str, index: int, layout: tuple[list, list] = ([], [])) -> None:
    """One result: meeting, date, speaker, and the passage with query terms highlighted (escaped first)."""
    terms = query_terms(query)
    with st.container(border=True, key=f"se_hit_{index}"):
        head = (
            f"<b>{html.escape(hit.title)}</b> · {hit.date:%d %b %Y}"
            + (f" · {html.escape(hit.partner)}" if hit.partner else "")
            + (f" · speaker {html.escape(hit.speaker)}" if hit.speaker else "")
            + f' <span style="color:#6b7280;font-size:.8rem">({MATCH_LABELS[hit.match]})</span>'
        )
        st.html(
            f"<div>{head}</div>"
            + highlight_html(
                hit.text,
                term_spans(hit.text, terms),
                id_prefix=f"h{index}-",
                muted=layout[0],
                speakers=layout[1],
            )
        )
        st.button(
            "Open in transcript",
            key=f"se_open_{index}",
            on_click=_open,
            args=(hit.meeting_id, hit.start, hit.end),
        )


def _open(meeting_id: str, start: int, end: int) -> None:
    st.session_state.se_open = (meeting_id, start, end)


def _close() -> None:
    st.session_state.se_open = None


def _opened(store: Any) -> None:
    """The stored transcript of a hit's meeting, its findings and the passage highlighted and scrolled to."""
    meeting_id, start, end = st.session_state.se_open
    try:
        report = store.get_report(meeting_id)
    except Exception as error:  # noqa: BLE001
        show_error(error)
        st.button("Back to results", key="se_back_err", on_click=_close)
        return
    m = report.meeting
    st.button("← Back to results", key="se_back", on_click=_close)
    st.subheader(
        f"{md(m.title)} · {m.date:%d %b %Y}" + (f" · {md(m.partner)}" if m.partner else ""), anchor=False
    )
    legend()
    st.caption("The search passage is highlighted in green; findings keep their kind colours.")
    spans = [*finding_spans(report.findings), Span(start, end, "passage", "passage", "search result")]
    transcript_view(
        report.transcript.text,
        spans,
        scroll="f-passage",
        height=600,
        utterances=report.transcript.utterances,
        key="se_transcript",
    )


def _ask_box(store: Any, partner: str | None) -> None:
    """Partner memory Q&A, when the memory module is installed."""
    try:
        from analyzer.memory import ask
    except ImportError:
        return
    with st.expander("Ask about past meetings", icon=":material/forum:", expanded=False):
        question = st.text_input(
            "Question", key="se_ask_q", placeholder="What did they say about the price increase?"
        )
        if st.button("Ask", key="se_ask_go") and question.strip():
            with guarded("Could not answer: "):
                answer = ask(store, question, partner=partner, backend="offline", k=5)
                if answer.answer:
                    st.html(
                        f'<div class="fcard"><div class="summary">{html.escape(answer.answer)}</div></div>'
                    )
                elif not answer.passages:
                    st.info("Nothing in the stored meetings answers that.")
                else:
                    st.caption("Offline mode: the most relevant passages, best first.")
                for i, hit in enumerate(answer.passages):
                    st.html(
                        f'<div class="fcard"><b>[{i + 1}] {html.escape(hit.title)}</b> · {hit.date:%d %b %Y}'
                        f'<div class="quote">{html.escape(hit.text)}</div></div>'
                    )


def _indexing_note() -> None:
    """Meetings stored but not searchable yet, while the background indexer works on them."""
    waiting = len(get_indexer().pending())
    if waiting:
        st.caption(
            f":material/hourglass_top: {waiting} meeting(s) just stored are still being indexed; "
            "their passages show up in results when it is done (a few seconds)."
        )


def render() -> None:
    """The Search page."""
    _init_state()
    st.title(":material/search: Search past meetings")
    with guarded("The meeting store cannot be opened: "):
        store = get_store()
        if st.session_state.se_open:
            _opened(store)
            return
        if not store.committed_ids():
            st.info(
                "No meetings stored yet. Analyse one on the **Analyze** page with “Store this meeting” ticked."
            )
            return
        _indexing_note()
        with st.form("se_form", border=True):
            query = st.text_input(
                "Search", key="se_query", placeholder="e.g. price increase, PO-4471, Carnival"
            )
            filters = _filters(store)
            k = st.slider("Results", 3, 30, 8, key="se_k")
            submitted = st.form_submit_button("Search", type="primary", icon=":material/search:")
        if submitted:
            if not query.strip():
                st.warning("Type something to search for.")
            else:
                from analyzer.search import search

                embedding_model()
                st.session_state.se_hits = (query, search(store, query, k=k, **filters))
        _ask_box(store, filters["partner"])
        if st.session_state.se_hits:
            query, hits = st.session_state.se_hits
            if not hits:
                st.info("No passages match. Loosen the filters or try other words.")
            st.caption(f"{len(hits)} passage(s) for “{md(query)}”")
            layouts: dict[str, Any] = {}
            for index, hit in enumerate(hits):
                _hit_card(hit, query, index, _passage_layout(store, hit, layouts))
