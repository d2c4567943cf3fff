"""The bundled examples through the installed CLI: every quote is the original text at its offsets."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from analyzer.cli import main
from analyzer.core.models import KINDS

EXAMPLES = sorted(
    p for p in (Path(__file__).resolve().parents[1] / "examples").iterdir() if p.name != "README.md"
)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_each_example_prints_findings_quoted_exactly_at_their_offsets(path, capsys):
    main(["analyze", str(path), "--json", "--no-store", "--date", "2026-04-14"])
    report = json.loads(capsys.readouterr().out)
    text = path.read_text(encoding="utf-8")
    assert report["findings"], f"{path.name} gave no findings"
    for finding in report["findings"]:
        assert text[finding["start"] : finding["end"]] == finding["quote"]


def test_the_examples_together_show_every_kind(capsys):
    kinds = set()
    for path in EXAMPLES:
        main(["analyze", str(path), "--json", "--no-store"])
        kinds |= {f["kind"] for f in json.loads(capsys.readouterr().out)["findings"]}
    assert kinds == set(KINDS)
