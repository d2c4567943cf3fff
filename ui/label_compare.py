"""An uploaded labeled meeting: the analyzer's findings set against the file's own labels."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analyzer.core.models import KIND_LABELS, Report
from analyzer.evaluation.dataset import LabeledMeeting
from analyzer.evaluation.finding_scores import score_meeting
from analyzer.safe_text import md


def _f1(tp: int, fp: int, fn: int) -> float | None:
    return round(2 * tp / (2 * tp + fp + fn), 2) if tp + fp + fn else None


def label_comparison(report: Report, labels: LabeledMeeting) -> None:
    """Per kind: labels found, missed and extra findings, with the missed labels' words."""
    score = score_meeting(labels, report.findings)
    rows = [
        {
            "kind": KIND_LABELS[kind],
            "labels": counts.tp + counts.fn,
            "found": counts.tp,
            "missed": counts.fn,
            "extra findings": counts.fp,
            "F1": _f1(counts.tp, counts.fp, counts.fn),
        }
        for kind, counts in score.per_kind.items()
    ]
    found = sum(c.tp for c in score.per_kind.values())
    total = sum(c.tp + c.fn for c in score.per_kind.values())
    with st.expander(
        f"Compared with the file's labels · {found} of {total} found", icon=":material/fact_check:"
    ):
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
        if score.owner_total:
            st.caption(
                f"Owners right: {score.owner_right} of {score.owner_total}; due dates right: "
                f"{score.due_right} of {score.due_total}."
            )
        missed = [e for e in score.errors if e.type == "fn"]
        if missed:
            st.markdown("**Labels the analyzer missed**")
            st.markdown("\n".join(f"- {KIND_LABELS[e.kind]}: “{md(e.quote)}”" for e in missed))
