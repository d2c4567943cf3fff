"""Evaluate page: score backends on a labeled dataset, browse their errors, compare with earlier runs."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from analyzer.backends import describe_backend
from analyzer.core.models import KIND_LABELS, KINDS
from analyzer.safe_text import md

from .components import ROOT, guarded, show_error
from .highlight import escape

BACKENDS = ["offline", "openai:gpt-4o-mini", "ollama:llama3.1"]


def _init_state() -> None:
    if "ev_results" not in st.session_state:
        st.session_state.ev_results = {}


def _dataset_path(text: str) -> Path:
    """A dataset path as typed; relative paths are taken from the project directory."""
    path = Path(text.strip()).expanduser()
    return path if path.is_absolute() else ROOT / path


def _run(dataset: Path, backends: list[str], kinds: Sequence[str] | None) -> dict[str, Any]:
    """Evaluate each backend with a progress bar; each finished run is saved to the run history."""
    from analyzer.evaluation import evaluate, load_dataset, save_run

    results: dict[str, Any] = {}
    meetings = load_dataset(dataset)
    with st.status(f"Evaluating on {len(meetings)} meetings…", expanded=True) as status:
        bar = st.progress(0.0)
        for i, backend in enumerate(backends):

            def progress(message: str, fraction: float, _i: int = i, _b: str = backend) -> None:
                bar.progress(
                    min(1.0, (_i + max(0.0, min(1.0, fraction))) / len(backends)), text=f"{_b}: {message}"
                )

            try:
                report = evaluate(dataset, backend=backend, kinds=kinds, progress=progress, meetings=meetings)
            except Exception as error:  # noqa: BLE001 — one failing backend must not hide the others
                show_error(error, f"{backend}: ")
                continue
            results[backend] = report
            with guarded("Could not save the run: "):
                save_run(report)
            st.write(
                f":material/check_circle: {backend}: macro F1 {report.macro_f1:.2f} in {report.seconds:.1f} s"
            )
        status.update(
            label=f"Evaluated {len(results)} of {len(backends)} backend(s)",
            state="complete" if results else "error",
            expanded=not results,
        )
    return results


def per_kind_frame(results: dict[str, Any]) -> pd.DataFrame:
    """Precision, recall and F1 per backend and kind, as a flat table."""
    rows = []
    for backend, report in results.items():
        for kind, score in report.per_kind.items():
            rows.append(
                {
                    "backend": backend,
                    "kind": KIND_LABELS.get(kind, kind),
                    "precision": score.precision,
                    "recall": score.recall,
                    "F1": score.f1,
                    "tp": score.tp,
                    "fp": score.fp,
                    "fn": score.fn,
                }
            )
        rows.append(
            {
                "backend": backend,
                "kind": "All (micro)",
                "precision": report.micro.precision,
                "recall": report.micro.recall,
                "F1": report.micro.f1,
            }
        )
    return pd.DataFrame(rows)


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"


def _scores(results: dict[str, Any]) -> None:
    for backend, report in results.items():
        st.markdown(
            f"**{backend}** · {report.dataset} · {len(report.meetings)} meetings · {report.seconds:.1f} s"
        )
        c = st.columns(5)
        c[0].metric("Micro F1", f"{report.micro.f1:.2f}")
        c[1].metric("Macro F1", f"{report.macro_f1:.2f}")
        c[2].metric(
            "Owner accuracy", _pct(report.owner_accuracy), help=f"{report.owner_scored} commitments scored"
        )
        c[3].metric(
            "Due-date accuracy", _pct(report.due_accuracy), help=f"{report.due_scored} commitments scored"
        )
        c[4].metric("Ungrounded", report.ungrounded)
    frame = per_kind_frame(results)
    st.dataframe(
        frame,
        hide_index=True,
        width="stretch",
        key="ev_table",
        column_config={
            k: st.column_config.NumberColumn(format="%.2f") for k in ("precision", "recall", "F1")
        },
    )
    rows = frame[frame["kind"] != "All (micro)"]
    # The kinds in the product's order (commitments first), not alphabetically.
    chart = rows.pivot_table(index="kind", columns="backend", values="F1").reindex(rows["kind"].unique())
    st.caption("F1 per kind")
    st.bar_chart(chart, stack=False, y_label="F1", sort=False)


def _errors(results: dict[str, Any]) -> None:
    """False positives and false negatives per meeting, with their quotes."""
    st.subheader("Errors", anchor=False)
    backend = st.selectbox("Backend", list(results), key="ev_err_backend")
    report = results[backend]
    c1, c2, c3 = st.columns(3)
    meeting_ids = ["All meetings", *[m.id for m in report.meetings]]
    meeting = c1.selectbox("Meeting", meeting_ids, key="ev_err_meeting")
    kinds = c2.multiselect(
        "Kinds", list(KINDS), default=list(KINDS), key="ev_err_kinds", format_func=lambda k: KIND_LABELS[k]
    )
    types = c3.multiselect(
        "Errors",
        ["fp", "fn"],
        default=["fp", "fn"],
        key="ev_err_types",
        format_func=lambda t: {"fp": "False positives", "fn": "False negatives"}[t],
    )
    shown = 0
    for m in report.meetings:
        if meeting != "All meetings" and m.id != meeting:
            continue
        items = [e for e in m.errors if e.kind in kinds and e.type in types]
        misses = m.attribute_errors
        if not items and not misses:
            continue
        with st.expander(
            f"{md(m.id)} · {md(m.title)} — {len(items)} error(s)", expanded=meeting != "All meetings"
        ):
            for e in items:
                label = "False positive" if e.type == "fp" else "False negative"
                note = e.summary if e.type == "fp" else e.description
                st.html(
                    f'<div class="fcard"><b>{label}</b> · {escape(KIND_LABELS.get(e.kind, e.kind))} · '
                    f'chars {e.start}–{e.end}<div class="quote">“{escape(e.quote)}”</div>'
                    + (f'<div class="meta">{escape(note)}</div>' if note else "")
                    + "</div>"
                )
                shown += 1
            for a in misses:
                st.html(
                    f'<div class="fcard"><b>Wrong {a.field}</b>: expected <b>{escape(a.gold or "none")}</b>, '
                    f'got <b>{escape(a.predicted or "none")}</b><div class="quote">“{escape(a.quote)}”</div></div>'
                )
    if not shown:
        st.caption("No errors of the selected types.")


def _history() -> None:
    from analyzer.evaluation import list_runs

    st.subheader("Earlier runs", anchor=False)
    runs = list_runs()
    if not runs:
        st.caption("No saved runs yet.")
        return
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "when": r.created_at,
                    "backend": r.backend,
                    "dataset": r.dataset,
                    "meetings": r.meetings,
                    "micro F1": r.micro_f1,
                    "macro F1": r.macro_f1,
                    "file": r.path.name,
                    "problem": r.error or "",
                }
                for r in runs
            ]
        ),
        hide_index=True,
        width="stretch",
        key="ev_runs",
        column_config={k: st.column_config.NumberColumn(format="%.3f") for k in ("micro F1", "macro F1")},
    )


def render() -> None:
    """The Evaluate page."""
    _init_state()
    st.title(":material/analytics: Evaluate extraction quality")
    st.caption(
        "Runs the analyzer on labeled meetings (nothing is stored) and scores it: a prediction counts "
        "when its kind matches and its words overlap a gold quote by at least half."
    )
    with st.form("ev_form", border=True):
        c1, c2 = st.columns([3, 2])
        dataset = c1.text_input(
            "Dataset directory",
            value="eval/data/test",
            key="ev_dataset",
            help="A directory of labeled meeting *.json files (relative to the project).",
        )
        backends = c2.multiselect(
            "Backends",
            BACKENDS,
            default=["offline"],
            key="ev_backends",
            format_func=lambda b: "Offline extractor (no LLM)" if b == "offline" else b,
        )
        extra = c1.text_input("Other backend", key="ev_extra", placeholder="openai:<model> or ollama:<model>")
        kinds = c2.multiselect(
            "Kinds (empty: all)", list(KINDS), key="ev_kinds", format_func=lambda k: KIND_LABELS[k]
        )
        go = st.form_submit_button("Run evaluation", type="primary", icon=":material/play_arrow:")
    chosen = list(dict.fromkeys([*backends, *([extra.strip()] if extra.strip() else [])]))
    for b in chosen:
        st.caption(f"{b}: {describe_backend(b)}")
    if go:
        if not chosen:
            st.warning("Choose at least one backend.")
        else:
            with guarded():
                results = _run(_dataset_path(dataset), chosen, kinds or None)
                if results:
                    st.session_state.ev_results = results
    if st.session_state.ev_results:
        _scores(st.session_state.ev_results)
        _errors(st.session_state.ev_results)
    with guarded("Could not list earlier runs: "):
        _history()
