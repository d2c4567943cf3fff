"""Evaluation harness: a labeled-notes dataset format, span-overlap scoring, reports and run history.

from analyzer.evaluation import evaluate, render_table, save_run
report = evaluate("eval/data/dev", backend="offline")
"""

from .dataset import Followup, Label, LabeledMeeting, load_dataset, load_meeting, resolve_quote
from .report import EvalReport, render_table
from .runner import RunInfo, check_kinds, evaluate, list_runs, load_run, save_run
from .finding_scores import (
    PRF,
    AttributeMiss,
    Counts,
    ErrorItem,
    KindScore,
    MeetingScore,
    accuracy,
    aggregate,
    due_matches,
    match,
    overlap,
    owner_matches,
    prf,
    score_meeting,
    spans_match,
)

__all__ = [
    "PRF",
    "AttributeMiss",
    "Counts",
    "ErrorItem",
    "EvalReport",
    "Followup",
    "KindScore",
    "Label",
    "LabeledMeeting",
    "MeetingScore",
    "RunInfo",
    "accuracy",
    "aggregate",
    "check_kinds",
    "due_matches",
    "evaluate",
    "list_runs",
    "load_dataset",
    "load_meeting",
    "load_run",
    "match",
    "overlap",
    "owner_matches",
    "prf",
    "render_table",
    "resolve_quote",
    "save_run",
    "score_meeting",
    "spans_match",
]
