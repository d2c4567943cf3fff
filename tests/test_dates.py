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
