"""The API key never lands in logs, results, caches, exports, evaluation runs or the store."""

from __future__ import annotations

import json
from pathlib import Path

from llm_server import json_content

from analyzer.cli import main

SECRET = "sk-test-secret-key-123"  # set by the openai_env fixture


def _grep(root: Path, needle: bytes) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file() and needle in p.read_bytes()]


def test_a_full_llm_run_writes_the_key_nowhere(openai_env, analyzer_home, tmp_path, capsys, examples_dir):
    openai_env.set_responder(lambda body: json_content({"findings": []}))
    transcript = examples_dir / "sao-paulo-logistics.txt"
    outputs = []
    for args in (
        ["analyze", str(transcript), "--backend", "openai:test-model", "--partner", "TransRota", "--json"],
        ["analyze", str(transcript), "--backend", "openai:test-model", "--partner", "TransRota"],
        ["search", "penalty", "--json"],
        ["meetings", "--json"],
    ):
        assert main(args) == 0
        outputs.append(capsys.readouterr())
    meeting_id = json.loads(outputs[0].out)["meeting"]["id"]
    for args in (["show", meeting_id, "--json"], ["show", meeting_id, "--markdown"]):
        assert main(args) == 0
        outputs.append(capsys.readouterr())

    from analyzer.export import to_csv, to_ics, to_json, to_markdown
    from analyzer.store import Store

    report = Store().get_report(meeting_id)
    exports = tmp_path / "exports"
    exports.mkdir()
    for name, render in (("r.json", to_json), ("r.md", to_markdown), ("r.csv", to_csv), ("r.ics", to_ics)):
        (exports / name).write_text(render(report))

    dataset = tmp_path / "dataset"
    dataset.mkdir()
    text = transcript.read_text()
    (dataset / "m1.json").write_text(
        json.dumps(
            {"id": "m1", "title": "t", "date": "2026-02-04", "partner": "p", "transcript": text, "labels": []}
        )
    )
    assert main(["eval", "--dataset", str(dataset), "--backend", "openai:test-model", "--json"]) == 0
    outputs.append(capsys.readouterr())

    assert openai_env.chat_calls, "the run really talked to the server"
    assert any(SECRET in c.headers.get("authorization", "") for c in openai_env.chat_calls), (
        "the key was used"
    )
    assert _grep(analyzer_home, SECRET.encode()) == []
    assert _grep(exports, SECRET.encode()) == []
    assert list(analyzer_home.rglob("*.json")), "runs and caches were written"
    for captured in outputs:
        assert SECRET not in captured.out and SECRET not in captured.err


def test_llm_endpoints_come_from_settings_and_the_key_never_shows_in_them(monkeypatch):
    from analyzer.settings import OLLAMA_URL, Settings

    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-secret-key-123")
    settings = Settings()
    assert settings.llm_endpoint("openai") == (None, "sk-test-secret-key-123")
    assert "sk-test-secret" not in repr(settings) and "sk-test-secret" not in settings.model_dump_json()
    monkeypatch.delenv("OPENAI_API_KEY")
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1")
    assert Settings().llm_endpoint("ollama") == ("http://127.0.0.1:9/v1", "ollama")
    monkeypatch.delenv("OPENAI_BASE_URL")
    assert Settings().llm_endpoint("ollama") == (OLLAMA_URL, "ollama")
    assert Settings().llm_endpoint("openai") == (None, None)
