"""`analyzer eval` and `analyzer eval-runs` end to end through `analyzer.cli.main`.

The first tests run the real pipeline with the offline backend; the others replace the analysis with
a fake (via `runner._default_analyze`) to pin down CLI behaviour that does not depend on extraction quality.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from analyzer.cli import main
from analyzer.core.models import AnalysisStats, Finding, MeetingMeta, Report, Transcript
from analyzer.evaluation import runner
from analyzer.settings import get_settings

TRANSCRIPT = (
    "Maria: Thanks for joining, everyone.\n"
    "Jun: Can you share the cost breakdown for the new plant?\n"
    "Maria: Let's not get into the numbers today.\n"
    "Maria: I'll send the revised forecast by Friday.\n"
    "Jun: The price is still too high for us.\n"
    "Maria: Let's touch base next week, it's a slam dunk.\n"
)
CONTRACT_KEYS = {
    "backend",
    "prompt_versions",
    "dataset",
    "per_kind",
    "micro",
    "macro_f1",
    "owner_accuracy",
    "due_accuracy",
    "findings_per_1000_words",
    "ungrounded",
    "seconds",
    "meetings",
    "created_at",
}


@pytest.fixture
def home(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("ANALYZER_HOME", str(tmp_path / "home"))
    get_settings.cache_clear()
    yield tmp_path / "home"
    get_settings.cache_clear()


@pytest.fixture
def dataset(tmp_path) -> Path:
    directory = tmp_path / "data"
    directory.mkdir()
    meeting = {
        "id": "m1",
        "title": "Forecast review",
        "date": "2025-03-04",
        "partner": "Kitamura Foods",
        "transcript": TRANSCRIPT,
        "labels": [
            {
                "kind": "commitment",
                "quote": "I'll send the revised forecast by Friday.",
                "owner": "Maria",
                "due": "2025-03-07",
            },
            {"kind": "transparency_gap", "quote": "Let's not get into the numbers today."},
            {"kind": "unresolved_conflict", "quote": "The price is still too high for us."},
            {"kind": "cultural_misstep", "quote": "Let's touch base next week, it's a slam dunk."},
        ],
    }
    (directory / "m1.json").write_text(json.dumps(meeting), encoding="utf-8")
    (directory / "m2.json").write_text(
        json.dumps({**meeting, "id": "m2", "scored_kinds": ["commitment"], "labels": meeting["labels"][:1]}),
        encoding="utf-8",
    )
    return directory


def fake_analyze(text, *, backend, title, date, partner, store, settings, progress=None):
    """Finds exactly the commitment (owner by initials-free first name, right due) and one false alarm."""
    assert store is False
    quote = "I'll send the revised forecast by Friday."
    at, thanks = text.index(quote), text.index("Thanks")
    findings = [
        Finding(
            kind="commitment",
            quote=quote,
            summary="forecast",
            start=at,
            end=at + len(quote),
            owner="maria",
            due=date.replace(day=7),
        ),
        Finding(kind="cultural_misstep", quote="Thanks", summary="false alarm", start=thanks, end=thanks + 6),
    ]
    if progress:
        progress("extracting", 0.5)
    return Report(
        meeting=MeetingMeta(id="x", title=title, date=date, partner=partner),
        findings=findings,
        stats=AnalysisStats(
            backend=f"{backend}@t",
            prompt_versions={"extract": "v1"},
            words=len(text.split()),
            ungrounded=1,
            seconds=0.25,
        ),
        transcript=Transcript(text=text, format="lines"),
    )


@pytest.fixture
def fake(monkeypatch):
    monkeypatch.setattr(runner, "_default_analyze", lambda: fake_analyze)


def run_json(capsys, *args: str):
    code = main(["eval", *args, "--json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    return json.loads(out), err


def test_eval_json_with_the_real_offline_pipeline_prints_the_report_and_saves_the_run(home, dataset, capsys):
    report, err = run_json(capsys, "--dataset", str(dataset), "--backend", "offline")
    assert CONTRACT_KEYS <= set(report)
    assert report["backend"].startswith("offline")
    assert report["dataset"] == str(dataset)
    assert set(report["per_kind"]) == {
        "commitment",
        "unresolved_conflict",
        "transparency_gap",
        "cultural_misstep",
    }
    for score in report["per_kind"].values():
        assert {"precision", "recall", "f1", "tp", "fp", "fn"} <= set(score)
    # m1 labels all four kinds, m2 only its commitment: 5 gold items in total
    assert sum(s["tp"] + s["fn"] for s in report["per_kind"].values()) == 5
    assert [m["id"] for m in report["meetings"]] == ["m1", "m2"]
    assert 0.0 <= report["micro"]["f1"] <= 1.0 and report["seconds"] >= 0
    assert report["findings_per_1000_words"] >= 0
    saved = list((home / "runs").glob("*.json"))
    assert len(saved) == 1 and "offline" in saved[0].name
    assert json.loads(saved[0].read_text())["meetings"] == report["meetings"]
    assert not (home / "chroma").exists()  # evaluation never stores meetings


def test_eval_json_scores_a_known_analysis(home, dataset, capsys, fake):
    report, _ = run_json(capsys, "--dataset", str(dataset))
    # m1: commitment tp, 3 fn, misstep fp; m2: commitment tp, misstep prediction unscored there
    assert report["per_kind"]["commitment"] == {
        "precision": 1.0,
        "recall": 1.0,
        "f1": 1.0,
        "tp": 2,
        "fp": 0,
        "fn": 0,
    }
    assert (
        report["per_kind"]["cultural_misstep"]["fp"] == 1
        and report["per_kind"]["cultural_misstep"]["fn"] == 1
    )
    assert report["owner_accuracy"] == 1.0 and report["due_accuracy"] == 1.0
    assert report["ungrounded"] == 2 and report["prompt_versions"] == {"extract": "v1"}
    m1_errors = {(e["type"], e["kind"]) for e in report["meetings"][0]["errors"]}
    assert m1_errors == {
        ("fp", "cultural_misstep"),
        ("fn", "cultural_misstep"),
        ("fn", "transparency_gap"),
        ("fn", "unresolved_conflict"),
    }
    words = len(TRANSCRIPT.split()) * 2
    assert report["findings_per_1000_words"] == pytest.approx(4 * 1000 / words)


def test_eval_with_several_backends_prints_a_list_and_saves_each_run(home, dataset, capsys, fake):
    reports, _ = run_json(
        capsys, "--dataset", str(dataset), "--backend", "offline", "--backend", "openai:gpt-x"
    )
    assert [r["backend"] for r in reports] == ["offline@t", "openai:gpt-x@t"]
    assert len(list((home / "runs").glob("*.json"))) == 2


def test_eval_kinds_limits_scoring_to_those_kinds(home, dataset, capsys, fake):
    report, _ = run_json(capsys, "--dataset", str(dataset), "--kinds", "commitment")
    assert list(report["per_kind"]) == ["commitment"] and report["micro"]["f1"] == 1.0


def test_eval_prints_a_table_with_one_column_per_backend(home, dataset, capsys, fake):
    assert main(["eval", "--dataset", str(dataset), "-b", "offline", "-b", "openai:gpt-x"]) == 0
    out = capsys.readouterr().out
    assert "offline@t" in out and "openai:gpt-x@t" in out
    assert "Commitments P/R/F1" in out and "macro F1" in out and "owner accuracy" in out


def test_eval_runs_lists_saved_runs_newest_first(home, dataset, capsys, fake):
    main(["eval", "--dataset", str(dataset), "--json", "-b", "offline"])
    main(["eval", "--dataset", str(dataset), "--json", "-b", "openai:gpt-x"])
    capsys.readouterr()
    assert main(["eval-runs", "--json"]) == 0
    runs = json.loads(capsys.readouterr().out)
    assert len(runs) == 2 and {r["backend"] for r in runs} == {"offline@t", "openai:gpt-x@t"}
    assert main(["eval-runs", Path(runs[0]["path"]).stem]) == 0  # a saved run re-rendered by name
    assert "Commitments P/R/F1" in capsys.readouterr().out


def test_eval_on_an_invalid_dataset_is_one_line_on_stderr_and_exit_2(home, dataset, capsys, fake):
    bad = json.loads((dataset / "m1.json").read_text())
    bad["labels"][0]["quote"] = "I will send it"
    (dataset / "m1.json").write_text(json.dumps(bad))
    assert main(["eval", "--dataset", str(dataset), "--json"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("error: ") and "m1.json: labels[0].quote: " in err


def test_eval_with_an_unknown_kind_exits_2(home, dataset, capsys, fake):
    assert main(["eval", "--dataset", str(dataset), "--kinds", "commitments"]) == 2
    assert "unknown kind 'commitments'" in capsys.readouterr().err


def test_eval_on_a_missing_directory_exits_2(home, tmp_path, capsys, fake):
    assert main(["eval", "--dataset", str(tmp_path / "nowhere")]) == 2
    assert "does not exist" in capsys.readouterr().err


def test_findings_indexing_a_normalised_copy_are_realigned_to_the_dataset_text(home, dataset):
    def shifted(text, **kwargs):
        report = fake_analyze(text, **kwargs)
        for finding in report.findings:  # as if the pipeline had dropped a 3-character prefix
            finding.start, finding.end = finding.start - 3, finding.end - 3
        return report

    report = runner.evaluate(dataset, analyze_fn=shifted, kinds=["commitment"])
    assert report.per_kind["commitment"].tp == 2
    assert [m.realigned for m in report.meetings] == [2, 2]


def test_an_analysis_error_names_the_meeting(home, dataset):
    from analyzer.core.errors import BackendError

    def failing(text, **kwargs):
        raise BackendError("the server answered 500", "try again later")

    with pytest.raises(BackendError, match="meeting 'm1': the server answered 500"):
        runner.evaluate(dataset, analyze_fn=failing)
