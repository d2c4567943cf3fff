"""Analyze page: paste or upload a transcript, set its metadata and backend, run the analysis.

The results view (cards, highlighted transcript, review, exports) lives in `ui.results`.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from analyzer.backends import backend_info
from analyzer.settings import get_settings

from . import results
from .components import EXAMPLES, get_indexer, get_store, guarded, show_error

UPLOAD_TYPES = ["txt", "vtt", "srt", "md", "docx", "json", "eml"]
NO_PARTNER = "— no partner —"
NEW_PARTNER = "+ New partner…"
CUSTOM_BACKEND = "Other model…"
# The partner each bundled example is about (as in `make demo`).
EXAMPLE_PARTNERS = {
    "kitamura-precision.vtt": "Kitamura Precision",
    "sao-paulo-logistics.txt": "TransRota Logística",
    "lagos-fintech-minutes.md": "PayLinka",
    "seoul-cosmetics.json": "Seoul distributor",
}


def _init_state() -> None:
    """Session defaults, set once per session (widgets read them through their keys)."""
    defaults: dict[str, Any] = {
        "an_source": "Paste text",
        "an_text": "",
        "an_title": "",
        "an_date": None,
        "an_partner": NO_PARTNER,
        "an_new_partner": "",
        "an_reports": [],
        "an_current": 0,
        "an_selected": None,
        "an_labels": {},
    }
    for key, value in defaults.items():
        if key not in st.session_state:
            st.session_state[key] = value


def examples() -> list[str]:
    """File names of the bundled examples."""
    return (
        sorted(p.name for p in EXAMPLES.iterdir() if p.name in EXAMPLE_PARTNERS) if EXAMPLES.is_dir() else []
    )


def load_example(name: str) -> None:
    """Callback: put a bundled example into the text area and fill in its partner."""
    st.session_state.an_text = (EXAMPLES / name).read_text(encoding="utf-8")
    st.session_state.an_source = "Paste text"
    st.session_state.an_title = ""
    partner = EXAMPLE_PARTNERS.get(name, "")
    st.session_state.an_partner = NEW_PARTNER
    st.session_state.an_new_partner = partner
    st.session_state.an_example_name = name
    st.session_state.an_example_text = st.session_state.an_text


def _partners() -> list[str]:
    try:
        return get_store().partners()
    except Exception as error:  # noqa: BLE001 — an unreadable store must not block analysing
        show_error(error, "Could not list known partners: ")
        return []


def _backend_picker() -> str:
    """Backend selector with a plain description of what will run (and whether a key is set)."""
    default = get_settings().backend
    choices = list(
        dict.fromkeys(["offline", default, "openai:gpt-4o-mini", "ollama:llama3.1", CUSTOM_BACKEND])
    )
    spec = st.selectbox(
        "Backend",
        choices,
        key="an_backend",
        format_func=lambda s: "Offline extractor (no LLM)" if s == "offline" else s,
    )
    if spec == CUSTOM_BACKEND:
        spec = (
            st.text_input(
                "Backend spec", placeholder="openai:<model> or ollama:<model>", key="an_backend_custom"
            ).strip()
            or "offline"
        )
    info = backend_info(spec)
    if not info.is_llm:
        st.caption(f":material/check_circle: {info.label}")
    elif not info.ready:
        st.caption(
            f":material/warning: {info.label} — set OPENAI_API_KEY (and OPENAI_BASE_URL for a local server) first."
        )
    else:
        st.caption(f":material/cloud: {info.label}")
    return spec


def _input_form() -> tuple[list[tuple[str | bytes, str]], dict[str, Any]] | None:
    """The input widgets; returns (sources, options) when the user asks to analyse."""
    source_mode = st.radio(
        "Source",
        ["Paste text", "Upload files"],
        horizontal=True,
        key="an_source",
        label_visibility="collapsed",
    )
    sources: list[tuple[str | bytes, str]] = []
    if source_mode == "Paste text":
        text = st.text_area(
            "Transcript or notes",
            key="an_text",
            height=220,
            placeholder="Paste the transcript: `Name: what they said` lines, WebVTT, SRT, "
            "markdown minutes or a JSON export…",
        )
        if text.strip():
            # An untouched example keeps its file name, so the title is derived from it as the CLI does.
            example = st.session_state.get("an_example_name", "")
            unchanged = example and text == st.session_state.get("an_example_text")
            sources = [(text, example if unchanged else "")]
    else:
        files = st.file_uploader(
            "Transcript files",
            type=UPLOAD_TYPES,
            accept_multiple_files=True,
            key="an_files",
            help="One meeting per file: .txt .vtt .srt .md .docx .json",
        )
        sources = [(f.getvalue(), f.name) for f in files or []]

    c1, c2, c3 = st.columns([3, 2, 3])
    title = c1.text_input("Title", key="an_title", placeholder="Detected from the file if left empty")
    date = c2.date_input(
        "Date",
        key="an_date",
        value=None,
        format="YYYY-MM-DD",
        help="Leave empty to use the date in the transcript (or today). Relative deadlines "
        "like “by Friday” are resolved from it.",
    )
    with c3:
        known = _partners()
        options = [NO_PARTNER, *known, NEW_PARTNER]
        if st.session_state.an_partner not in options:
            st.session_state.an_partner = NO_PARTNER
        choice = st.selectbox("Partner", options, key="an_partner")
        partner = "" if choice == NO_PARTNER else choice
        if choice == NEW_PARTNER:
            partner = st.text_input("New partner name", key="an_new_partner").strip()
    c4, c5 = st.columns([5, 3])
    with c4:
        backend = _backend_picker()
    with c5:
        store = st.checkbox(
            "Store this meeting",
            value=True,  # the widget's own default: a session-state default could reach the browser late
            key="an_store",
            help="Save it to the local meeting store so it can be searched and reviewed later.",
        )
        go = st.button(
            "Analyze",
            type="primary",
            key="an_go",
            icon=":material/manage_search:",
            width="stretch",
            disabled=not sources,
        )
    if not go:
        return None
    if len(sources) > 1 and title:
        st.info(
            "The title applies to a single meeting; titles of the uploaded files are detected from each file."
        )
    options_ = {
        "title": title.strip() or None if len(sources) == 1 else None,
        "date": date,
        "partner": partner,
        "store": store,
        "backend": backend,
    }
    return sources, options_


def run_analysis(sources: list[tuple[str | bytes, str]], options: dict[str, Any]) -> list[Any]:
    """Analyse each source with progress in an st.status box; errors become st.error lines."""
    from analyzer.evaluation.dataset import labels_of_upload
    from analyzer.pipeline import analyze

    reports = []
    total = len(sources)
    with st.status(f"Analysing {total} meeting{'s' * (total != 1)}…", expanded=True) as status:
        bar = st.progress(0.0, text="Starting")
        for index, (source, name) in enumerate(sources):
            label = name or "pasted text"

            def progress(message: str, fraction: float, _i: int = index, _label: str = label) -> None:
                overall = (_i + max(0.0, min(1.0, fraction))) / total
                bar.progress(overall, text=f"{_label}: {message}")

            try:
                store_obj = get_store() if options["store"] else None
                report = analyze(
                    source,
                    backend=options["backend"],
                    title=options["title"],
                    date=options["date"],
                    partner=options["partner"],
                    store=options["store"],
                    progress=progress,
                    source_name=name,
                    store_obj=store_obj,
                    index=False,  # indexed for search in the background, after the results show
                )
            except Exception as error:  # noqa: BLE001 — shown as one line, the other files still run
                show_error(error, f"{label}: ")
                continue
            if report.stored:
                get_indexer().submit(report.meeting.id, report.transcript)
            report.findings.sort(key=lambda f: (f.start, f.end))
            reports.append(report)
            # An uploaded labeled meeting keeps its labels, shown beside the findings as a comparison.
            st.session_state.an_labels[report.meeting.id] = labels_of_upload(source, report.transcript.text)
            st.write(
                f":material/check_circle: {label}: {report.stats.findings} findings in {report.stats.seconds:.1f} s"
            )
        failed = total - len(reports)
        status.update(
            label=f"Analysed {len(reports)} of {total}" + (f" ({failed} failed)" if failed else ""),
            state="error" if failed and not reports else "complete",
            expanded=bool(failed),
        )
    return reports


def _empty_state() -> None:
    st.info(
        "Paste a transcript above or upload files, then press **Analyze**. "
        "No transcript at hand? Try one of the bundled examples (invented companies):",
        icon=":material/waving_hand:",
    )
    names = examples()
    cols = st.columns(max(1, len(names)))
    for col, name in zip(cols, names):
        col.button(
            f"Try {name}", key=f"an_example_{name}", on_click=load_example, args=(name,), width="stretch"
        )


def render() -> None:
    """The Analyze page."""
    _init_state()
    st.title(":material/manage_search: Analyze a partner meeting")
    st.caption(
        "Finds commitments, unresolved conflicts, transparency gaps and cultural missteps — "
        "each pinned to the exact words in your transcript."
    )
    # Once there are results, the input folds away so the findings lead the page.
    with st.expander(
        "Transcript, meeting details and backend",
        expanded=not st.session_state.an_reports,
        icon=":material/edit_note:",
    ):
        request = _input_form()
    # The progress box gets a slot in every run, so the results below keep their place on the next
    # rerun, when the box is gone: otherwise they remount and the open tab (Review) falls back to the first.
    progress_slot = st.container()
    if request:
        with progress_slot, guarded():
            done = run_analysis(*request)
            if done:
                st.session_state.an_reports = done
                st.session_state.an_current = 0
                st.session_state.an_selected = None
    reports = st.session_state.an_reports
    if not reports:
        _empty_state()
        return
    if len(reports) > 1:
        labels = [f"{r.meeting.title} ({r.meeting.date})" for r in reports]
        st.selectbox("Meeting", range(len(reports)), format_func=lambda i: labels[i], key="an_current")
    current = min(st.session_state.an_current, len(reports) - 1)
    report = reports[current]
    results.render_report(
        report, key=f"an_{current}", labels=st.session_state.an_labels.get(report.meeting.id)
    )
