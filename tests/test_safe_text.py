"""Transcript text stays text: no remote image, HTML, link or terminal sequence from it survives an export."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

from markdown_it import MarkdownIt

from analyzer.core.models import AnalysisStats, Finding, MeetingMeta, Report, Transcript
from analyzer.export import to_markdown
from analyzer.ingest.detect import parse_text
from analyzer.safe_text import md, plain

EVIL_TITLE = "<img src=x onerror=alert(1)> Review ![b](https://tracker.example/b.png)"
EVIL_QUOTE = "I will send the [Verify your account](javascript:alert(1)) report <script>alert(2)</script>"


def _report() -> Report:
    text = f"Ana: {EVIL_QUOTE}.\n"
    finding = Finding(
        kind="commitment",
        quote=EVIL_QUOTE,
        summary=f"Ana will send the {EVIL_QUOTE[16:]}",
        start=5,
        end=5 + len(EVIL_QUOTE),
        speaker="Ana",
        owner="Ana **Ruiz**",
        id="m1:f:1",
    )
    meta = MeetingMeta(
        id="m1", title=EVIL_TITLE, date=dt.date(2026, 3, 2), partner="<b>Evil</b> ![p](http://e.x/p)"
    )
    return Report(
        meeting=meta,
        transcript=Transcript(text=text, format="lines"),
        findings=[finding],
        stats=AnalysisStats(backend="offline"),
    )


def _html(markdown: str) -> str:
    return MarkdownIt("commonmark", {"html": True}).render(markdown)


def test_the_markdown_export_renders_no_image_html_or_link_from_the_transcript():
    out = _html(to_markdown(_report()))
    assert "<img" not in out and "<script" not in out and "<a " not in out and "<b>" not in out
    assert "javascript:alert(1)" in out  # still shown, as text
    assert "&lt;script&gt;" in out and "Verify your account" in out


def test_md_keeps_ordinary_text_readable_and_plain_drops_control_and_direction_characters():
    assert md("Ship 500 units by 5:00 - thanks (Ana)") == "Ship 500 units by 5:00 - thanks (Ana)"
    assert md("line one\nline two") == "line one line two"
    assert plain("\x1b[2J\x1b[31mred\x07") == "[2J[31mred"
    assert plain("invoice \u202etxt.exe") == "invoice txt.exe"
    assert plain("lone \ud800 surrogate") == "lone ? surrogate"


def test_the_cli_prints_no_terminal_escape_from_a_transcript(tmp_path):
    notes = tmp_path / "call.txt"
    notes.write_text("Ana Ruiz: I will send the \x1b[2J\x1b[31mfigures\x1b[0m by Friday.\n", encoding="utf-8")
    env = {"ANALYZER_HOME": str(tmp_path / "home"), "HF_HUB_OFFLINE": "1", "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, "-m", "analyzer", "analyze", str(notes), "--no-store"],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert "figures" in done.stdout and "\x1b[2J" not in done.stdout


def test_speaker_names_are_nfc_without_invisible_or_direction_characters_and_the_text_is_kept():
    text = (
        "Ana\u200b Ruiz: We will send the deck by Friday.\n"
        "Jose\u0301 Pe\u00f1a: Thanks, that works for us.\n"
        "Ana Ruiz: Then we are agreed.\n"
        "\u202eJos\u00e9 Pe\u00f1a: Yes, agreed.\n"
    )
    transcript = parse_text(text)
    assert [u.speaker for u in transcript.utterances] == ["Ana Ruiz", "Jos\u00e9 Pe\u00f1a"] * 2
    assert transcript.participants == ["Ana Ruiz", "Jos\u00e9 Pe\u00f1a"]
    assert transcript.text == text  # evidence offsets still point into what the user pasted
