"""Exports: JSON shape, Markdown for email, formula-safe CSV, and valid ICS events."""

import csv
import datetime as dt
import io
import json

from analyzer.core.models import AnalysisStats, Finding, MeetingMeta, Report, Transcript
from analyzer.export import safe_cell, to_csv, to_email, to_ics, to_json, to_markdown


def _report() -> Report:
    text = (
        'Dana: We will send the revised drawings by Friday.\nKen: =HYPERLINK("http://x") is our price list.'
    )
    findings = [
        Finding(
            kind="commitment",
            quote="We will send the revised drawings by Friday",
            summary="Dana sends drawings",
            start=6,
            end=49,
            speaker="Dana",
            owner="Dana Whitfield",
            due=dt.date(2026, 3, 13),
            due_text="by Friday",
            id="m1:f:1",
        ),
        Finding(
            kind="transparency_gap",
            quote='=HYPERLINK("http://x") is our price list',
            summary="=cmd|' /C calc'!A0",
            start=56,
            end=97,
            speaker="Ken",
            suggested_repair="Ask for the list in writing",
        ),
    ]
    meta = MeetingMeta(
        id="m1", title="Supply review; Q1, 2026", date=dt.date(2026, 3, 10), partner="Kitamura Precision"
    )
    return Report(
        meeting=meta,
        findings=findings,
        stats=AnalysisStats(backend="offline"),
        transcript=Transcript(text=text, format="lines"),
    )


def test_json_export_has_meeting_findings_and_stats_with_iso_dates():
    data = json.loads(to_json(_report()))
    assert set(data) >= {"meeting", "findings", "stats"}
    first = data["findings"][0]
    assert {"kind", "quote", "start", "end", "speaker", "owner", "due", "summary", "confidence"} <= set(first)
    assert first["due"] == "2026-03-13"
    assert data["stats"]["counts"]["commitment"] == 1


def test_markdown_export_reads_as_an_email_with_quotes_and_owners():
    md = to_markdown(_report())
    assert "### Commitments (1)" in md
    assert "**Dana Whitfield**" in md and "Fri 13 Mar 2026" in md
    assert "> “We will send the revised drawings by Friday”" in md
    assert "Suggested next step: Ask for the list in writing" in md


def test_csv_starts_with_a_byte_order_mark_so_spreadsheets_read_it_as_utf8():
    data = to_csv(_report()).encode("utf-8")
    assert data.startswith(b"\xef\xbb\xbf")
    header = next(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert header[0] == "kind"


def test_csv_cells_that_start_like_formulas_are_neutralised():
    rows = list(csv.DictReader(io.StringIO(to_csv(_report()).encode().decode("utf-8-sig"))))
    assert rows[1]["quote"].startswith("'=")
    assert rows[1]["summary"].startswith("'=")
    assert rows[0]["due"] == "2026-03-13"
    for value in ("=1+1", "+1", "-1", "@SUM(A1)", "\t=1"):
        assert safe_cell(value).startswith("'")
    assert safe_cell("plain") == "plain"


def test_ics_has_one_all_day_event_per_dated_commitment_with_escaped_text():
    ics = to_ics(_report())
    assert ics.startswith("BEGIN:VCALENDAR\r\n") and ics.rstrip().endswith("END:VCALENDAR")
    assert ics.count("BEGIN:VEVENT") == 1
    assert "DTSTART;VALUE=DATE:20260313" in ics and "DTEND;VALUE=DATE:20260314" in ics
    assert "Supply review\\; Q1\\, 2026" in ics.replace("\r\n ", "")
    assert all(len(line.encode()) <= 75 for line in ics.split("\r\n"))


def test_a_bare_carriage_return_in_a_summary_cannot_start_an_event_of_its_own():
    report = _report()
    report.findings[0].summary = "Dana sends drawings\rEND:VEVENT\rBEGIN:VEVENT\rSUMMARY:Wire money\r\nnow"
    ics = to_ics(report)
    assert "\r" not in ics.replace("\r\n", "")  # only CRLF line ends, no bare CR
    unfolded = ics.replace("\r\n ", "")
    lines = unfolded.split("\r\n")
    assert lines.count("BEGIN:VEVENT") == 1 and not any(line.startswith("SUMMARY:Wire") for line in lines)
    assert "Dana sends drawings\\nEND:VEVENT\\nBEGIN:VEVENT\\nSUMMARY:Wire money\\nnow" in unfolded


def test_the_email_to_send_lists_the_agreed_next_steps_and_none_of_the_analyzers_judgments():
    email = to_email(_report())
    assert email.startswith("Subject: Follow-up: Supply review; Q1, 2026 (10 Mar 2026)\n")
    assert "- Dana Whitfield: “We will send the revised drawings by Friday” (by Fri 13 Mar)" in email
    assert "HYPERLINK" not in email and "Ask for the list" not in email  # the gap stays internal
    assert "Analysed by" not in email and "**" not in email and "###" not in email
