"""Re-analysing a stored meeting keeps every finding the user reviewed (issue: corrections are lost)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from analyzer.pipeline import analyze
from analyzer.review_carry import carry_review, describe
from analyzer.store import Store

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "sao-paulo-logistics.txt"


def _first_commitment(findings):
    return next(i for i, f in enumerate(findings) if f.kind == "commitment")


def test_reanalysing_keeps_an_edited_due_date_and_a_rejection():
    report = analyze(EXAMPLE, partner="TransRota Logística", store=True)
    findings = Store().get_report(report.meeting.id).findings
    i = _first_commitment(findings)
    findings[i] = findings[i].model_copy(update={"due": dt.date(2031, 1, 31), "review": "edited"})
    rejected = next(j for j, f in enumerate(findings) if j != i)
    findings[rejected] = findings[rejected].model_copy(update={"review": "rejected"})
    Store().update_findings(report.meeting.id, findings)

    again = analyze(EXAMPLE, partner="TransRota Logística", store=True)
    stored = Store().get_report(again.meeting.id).findings
    edited = [f for f in stored if f.review == "edited"]
    assert [(f.quote, f.due) for f in edited] == [(findings[i].quote, dt.date(2031, 1, 31))]
    assert [f.quote for f in stored if f.review == "rejected"] == [findings[rejected].quote]
    assert len(stored) == len(findings), "a reviewed finding and its fresh copy are one finding"
    assert again.stats.review_changes is not None
    assert (again.stats.review_changes.kept, again.stats.review_changes.new) == (2, 0)
    assert describe(again.stats.review_changes) == "0 new, 0 gone, 2 kept from your review"


def test_a_first_analysis_reports_no_review_changes():
    report = analyze(EXAMPLE, partner="TransRota Logística", store=True)
    assert report.stats.review_changes is None
    assert Store().get_report(report.meeting.id).stored is True


def test_reviewed_quote_is_pinned_again_when_the_transcript_moves():
    report = analyze(EXAMPLE, partner="TransRota Logística", store=False)
    previous = report.model_copy(deep=True)
    first = previous.findings[0]
    previous.findings[0] = first.model_copy(update={"review": "accepted", "summary": "Checked by me."})
    moved = analyze(
        "Opening remarks before the call.\n\n" + report.transcript.text,
        title=report.meeting.title,
        date=report.meeting.date,
        partner="TransRota Logística",
        store=False,
    )
    changes = carry_review(previous, moved)
    kept = [f for f in moved.findings if f.review == "accepted"]
    assert len(kept) == 1 and kept[0].summary == "Checked by me."
    assert moved.transcript.text[kept[0].start : kept[0].end] == first.quote
    assert kept[0].start > first.start
    assert changes.kept == 1


def test_a_reviewed_finding_whose_words_are_gone_is_counted_as_gone():
    report = analyze(EXAMPLE, partner="TransRota Logística", store=False)
    previous = report.model_copy(deep=True)
    previous.findings[0] = previous.findings[0].model_copy(update={"review": "accepted"})
    quote = previous.findings[0].quote
    shorter = analyze(
        report.transcript.text.replace(quote, "Nothing to note."),
        title=report.meeting.title,
        date=report.meeting.date,
        store=False,
    )
    changes = carry_review(previous, shorter)
    assert changes.kept == 0 and changes.gone >= 1
    assert all(f.quote != quote for f in shorter.findings)
