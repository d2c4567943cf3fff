"""The evaluation report: a JSON-stable pydantic model and its rich table rendering.

JSON shape (extra keys allowed, so saved runs from newer versions still load):
{"backend", "prompt_versions", "dataset", "per_kind": {kind: {precision, recall, f1, tp, fp, fn}},
 "micro": {precision, recall, f1}, "macro_f1", "owner_accuracy", "due_accuracy",
 "findings_per_1000_words", "ungrounded", "seconds", "meetings": [...], "created_at"}
`owner_accuracy` / `due_accuracy` are null when no matched commitment could be scored.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from pydantic import BaseModel, ConfigDict, Field
from rich.table import Table

from ..core.models import KIND_LABELS
from .finding_scores import PRF, KindScore, MeetingScore


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0)


class EvalReport(BaseModel):
    """The result of evaluating one backend on one dataset."""

    model_config = ConfigDict(extra="allow")

    backend: str
    prompt_versions: dict[str, str] = {}
    dataset: str
    per_kind: dict[str, KindScore]
    micro: PRF
    macro_f1: float
    owner_accuracy: float | None = None
    due_accuracy: float | None = None
    findings_per_1000_words: float = 0.0
    ungrounded: int = 0
    seconds: float = Field(0.0, description="Wall time of the whole evaluation.")
    meetings: list[MeetingScore] = []
    created_at: dt.datetime = Field(default_factory=_now)
    # Extras beyond the contract: the denominators behind the ratios above.
    kinds: list[str] = []
    words: int = 0
    findings: int = 0
    owner_scored: int = 0
    due_scored: int = 0

    def to_json(self) -> str:
        """The report as indented JSON (what `analyzer eval --json` prints and run history stores)."""
        return self.model_dump_json(indent=2)


def _num(value: float | None, digits: int = 2) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value:.0%}"


def render_table(reports: Sequence[EvalReport], title: str | None = None) -> Table:
    """One column per report (backend); rows are per-kind P/R/F1 and the summary metrics."""
    datasets = sorted({r.dataset for r in reports})
    table = Table(title=title or f"Evaluation on {', '.join(datasets)}", title_justify="left")
    table.add_column("metric", style="bold")
    for report in reports:
        table.add_column(report.backend, justify="right")
    kinds: list[str] = []
    for report in reports:
        kinds += [k for k in report.per_kind if k not in kinds]
    for kind in kinds:
        cells = []
        for report in reports:
            score = report.per_kind.get(kind)
            cells.append(
                "–" if score is None else f"{score.precision:.2f} / {score.recall:.2f} / {score.f1:.2f}"
            )
        table.add_row(f"{KIND_LABELS.get(kind, kind)} P/R/F1", *cells, end_section=kind == kinds[-1])
    rows = [
        ("micro F1", lambda r: _num(r.micro.f1)),
        ("macro F1", lambda r: _num(r.macro_f1)),
        ("owner accuracy", lambda r: f"{_pct(r.owner_accuracy)} of {r.owner_scored}"),
        ("due accuracy", lambda r: f"{_pct(r.due_accuracy)} of {r.due_scored}"),
        ("findings / 1k words", lambda r: _num(r.findings_per_1000_words, 1)),
        ("ungrounded", lambda r: str(r.ungrounded)),
        ("seconds", lambda r: _num(r.seconds, 1)),
    ]
    for index, (name, cell) in enumerate(rows):
        table.add_row(name, *(cell(r) for r in reports), end_section=index == 1)
    count = len(reports[0].meetings) if reports else 0
    table.caption = f"{count} meeting{'s' * (count != 1)}; P/R/F1 = precision / recall / F1"
    return table
