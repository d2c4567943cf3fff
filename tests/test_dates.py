"""Deadline phrases resolved against the meeting date, per docs/labeling.md."""

import datetime as dt

import pytest

from analyzer.deadlines import find_due, resolve_due

WED = dt.date(2026, 3, 4)  # a Wednesday


@pytest.mark.parametrize(
    "sentence, phrase, due",
    [
        ("I'll send it by Friday.", "by Friday", dt.date(2026, 3, 6)),
        ("We ship next Friday.", "next Friday", dt.date(2026, 3, 13)),
        ("JK to send deck by Thu", "by Thu", dt.date(2026, 3, 5)),
        ("You'll have it by end of next week.", "by end of next week", dt.date(2026, 3, 13)),
        ("We deliver within two weeks.", "within two weeks", dt.date(2026, 3, 18)),
        ("Done by the end of the month.", "by the end of the month", dt.date(2026, 3, 31)),
        ("Tomorrow morning I send the file.", "Tomorrow", dt.date(2026, 3, 5)),
        ("We need it by Q3.", "by Q3", dt.date(2026, 9, 30)),
        ("In 10 days it will be there.", "In 10 days", dt.date(2026, 3, 14)),
        ("I'll call you on Monday.", "on Monday", dt.date(2026, 3, 9)),
        ("Delivery by 20 March 2026.", "by 20 March 2026", dt.date(2026, 3, 20)),
        ("Samples arrive mid-March.", "mid-March", dt.date(2026, 3, 15)),
        ("Two testers join from the first of April.", "the first of April", dt.date(2026, 4, 1)),
        ("The audit is on the twenty-third of June.", "on the twenty-third of June", dt.date(2026, 6, 23)),
    ],
)
def test_relative_and_explicit_deadlines_resolve_against_the_meeting_date(sentence, phrase, due):
    assert find_due(sentence, WED) == (phrase, due)


@pytest.mark.parametrize(
    "sentence",
    ["We'll get to it soon.", "I may look into it.", "Thanks, that's all.", "The first point is the price."],
)
def test_vague_or_absent_deadlines_resolve_to_none(sentence):
    assert find_due(sentence, WED)[1] is None


def test_a_weekday_said_on_that_weekday_means_next_week():
    friday = dt.date(2026, 3, 6)
    assert resolve_due("by Friday", friday) == dt.date(2026, 3, 13)


def test_an_iso_date_is_taken_as_is():
    assert resolve_due("2026-04-01", WED) == dt.date(2026, 4, 1)


@pytest.mark.parametrize(
    "text, order",
    [
        ("The pallets left on 12/18 and the invoice went out 12/19.", "month-first"),
        ("Shipped 18/12, invoiced 19.12.2026.", "day-first"),
        ("We run the line 24/7; version 3.14 of the firmware; a 50/50 split.", None),
        ("Meeting on 05/07 about the 06/08 launch.", None),  # every date reads both ways
        ("Delivered 12/20, paid 21/12, confirmed 12/23.", "month-first"),  # the majority
    ],
)
def test_the_notes_own_numeric_dates_settle_which_way_they_are_written(text, order):
    from analyzer.ingest.meeting_date import numeric_date_order

    assert numeric_date_order(text) == order


def test_an_ambiguous_due_date_follows_the_order_the_notes_use_and_is_left_open_without_one():
    meeting = dt.date(2026, 12, 10)
    assert resolve_due("by 01/05", meeting) is None
    assert resolve_due("by 01/05", meeting, order="month-first") == dt.date(2027, 1, 5)
    assert resolve_due("by 01/05", meeting, order="day-first") == dt.date(2027, 5, 1)
    assert resolve_due("by 01/05", meeting, country="United States", order="day-first") == dt.date(2027, 1, 5)


def test_a_us_style_transcript_gets_its_ambiguous_deadline_read_month_first():
    from analyzer.pipeline import analyze

    text = (
        "Date: 12/14/2026\n"
        "Dana Cole: The trial pallets reached Reno on 12/11, two days late.\n"
        "Luis Vega: I will send the corrected packing list to Dana by 01/05.\n"
    )
    report = analyze(text, partner="Sierra Freight")
    assert report.meeting.date == dt.date(2026, 12, 14)
    (promise,) = [f for f in report.findings if f.kind == "commitment" and "packing list" in f.quote]
    assert promise.due == dt.date(2027, 1, 5), promise
