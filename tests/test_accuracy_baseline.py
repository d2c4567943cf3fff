"""The offline extractor's accuracy on the held-out test split must not regress.

eval/baseline.json records the macro-F1 measured when the extractor last changed; this test runs the
real evaluation (offline backend, every meeting of the split) and compares. It counts, never times.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from analyzer.evaluation.runner import evaluate

ROOT = Path(__file__).resolve().parents[1]
BASELINE = json.loads((ROOT / "eval" / "baseline.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def report():
    return evaluate(ROOT / BASELINE["dataset"], backend=BASELINE["backend"])


def test_offline_macro_f1_on_the_test_split_stays_within_tolerance_of_the_recorded_figure(report):
    floor = BASELINE["macro_f1"] - BASELINE["tolerance"]
    assert report.macro_f1 >= floor, (
        f"offline macro-F1 on {BASELINE['dataset']} fell to {report.macro_f1:.3f}, "
        f"below the recorded {BASELINE['macro_f1']:.3f} - {BASELINE['tolerance']}"
    )


def test_every_meeting_of_the_test_split_was_scored_with_grounded_findings(report):
    assert len(report.meetings) == len(list((ROOT / BASELINE["dataset"]).glob("*.json")))
    assert report.ungrounded == 0
    assert not any(m.partial for m in report.meetings)


def test_the_smooth_meeting_of_the_test_split_gets_no_findings(report):
    smooth = [m for m in report.meetings if m.per_kind and all(s.tp + s.fn == 0 for s in m.per_kind.values())]
    assert smooth, "the test split should keep a meeting with no labeled problems"
    assert all(m.findings == 0 for m in smooth)


def test_the_leave_one_author_out_report_belongs_to_the_shipped_weights_and_holds_the_recorded_mean():
    """`make train` writes eval/model-report.json with the weights; a retrain that drops the mean fails there
    (eval/train.py exits 1) and here, and stale reports for other weights are caught."""
    report = json.loads((ROOT / "eval" / "model-report.json").read_text(encoding="utf-8"))
    manifest = json.loads((ROOT / "analyzer" / "backends" / "offline" / "data" / "model.json").read_text())
    assert report["weights_sha256"] == manifest["weights_sha256"]
    held_out = {row["group"] for row in report["loao"]}
    assert len(held_out) >= 8 and not any(group.startswith("icsi") for group in held_out)
    assert report["mean"]["macro_f1"] >= BASELINE["loao_mean_macro_f1"] - BASELINE["tolerance"]
