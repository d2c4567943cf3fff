"""The deadline table: each phrase, said in a sentence on a given meeting date, resolves to one ISO date.

Rules are those of docs/labeling.md; the additions (working days, "the Nth", a weekday with a day
number, holiday anchors, day-first or month-first numeric dates) are documented there too.
"""

import datetime as dt

import pytest

from analyzer.deadlines import find_due

TUE = dt.date(2026, 6, 2)  # a Tuesday
D = dt.date

TABLE = [
    # (phrase, meeting date, expected, country of the partner or None)
    ("by Friday", TUE, D(2026, 6, 5), None),
    ("this Friday", TUE, D(2026, 6, 5), None),
    ("next Friday", TUE, D(2026, 6, 12), None),
    ("on Monday", TUE, D(2026, 6, 8), None),
    ("by Tuesday", TUE, D(2026, 6, 9), None),
    ("Wednesday next week", TUE, D(2026, 6, 10), None),
    ("next Wednesday", TUE, D(2026, 6, 10), None),
    ("by Thursday morning", TUE, D(2026, 6, 4), None),
    ("tomorrow", TUE, D(2026, 6, 3), None),
    ("by close of business tomorrow", TUE, D(2026, 6, 3), None),
    ("by end of day", TUE, D(2026, 6, 2), None),
    ("today", TUE, D(2026, 6, 2), None),
    ("by EOD", TUE, D(2026, 6, 2), None),
    ("by the end of this week", TUE, D(2026, 6, 5), None),
    ("end of the week", TUE, D(2026, 6, 5), None),
    ("next week", TUE, D(2026, 6, 12), None),
    ("by end of next week", TUE, D(2026, 6, 12), None),
    ("the week after next", TUE, D(2026, 6, 19), None),
    ("within two weeks", TUE, D(2026, 6, 16), None),
    ("in two weeks' time", TUE, D(2026, 6, 16), None),
    ("in two weeks", TUE, D(2026, 6, 16), None),
    ("within 10 days", TUE, D(2026, 6, 12), None),
    ("in three days", TUE, D(2026, 6, 5), None),
    ("within a week", TUE, D(2026, 6, 9), None),
    ("within ten working days", TUE, D(2026, 6, 16), None),
    ("within 5 business days", TUE, D(2026, 6, 9), None),
    ("by the end of the month", TUE, D(2026, 6, 30), None),
    ("by month-end", TUE, D(2026, 6, 30), None),
    ("by the end of next month", TUE, D(2026, 7, 31), None),
    ("by the end of Q3", TUE, D(2026, 9, 30), None),
    ("by the end of the quarter", TUE, D(2026, 6, 30), None),
    ("by Q4", TUE, D(2026, 12, 31), None),
    ("by the end of the year", TUE, D(2026, 12, 31), None),
    ("by the 10th", TUE, D(2026, 6, 10), None),
    ("on the 5th", TUE, D(2026, 6, 5), None),
    ("by the twentieth", TUE, D(2026, 6, 20), None),
    ("by the 3rd", D(2026, 6, 10), D(2026, 7, 3), None),
    ("on Friday the 3rd", D(2026, 6, 10), D(2026, 7, 3), None),
    ("on Friday the 13th", D(2026, 11, 2), D(2026, 11, 13), None),
    ("from Monday the seventeenth", D(2026, 8, 3), D(2026, 8, 17), None),
    ("by March 3rd", TUE, D(2027, 3, 3), None),
    ("by 3 March", TUE, D(2027, 3, 3), None),
    ("by July 15", TUE, D(2026, 7, 15), None),
    ("by 15 July 2026", TUE, D(2026, 7, 15), None),
    ("by 2026-07-15", TUE, D(2026, 7, 15), None),
    ("by June 30th", TUE, D(2026, 6, 30), None),
    ("on Sept 1", TUE, D(2026, 9, 1), None),
    ("no later than 20 June", TUE, D(2026, 6, 20), None),
    ("by 1 July", TUE, D(2026, 7, 1), None),
    ("by the first of March", TUE, D(2027, 3, 1), None),
    ("by the end of September", TUE, D(2026, 9, 30), None),
    ("by the end of June", TUE, D(2026, 6, 30), None),
    ("end of May", D(2026, 5, 4), D(2026, 5, 31), None),
    ("mid-March", TUE, D(2027, 3, 15), None),
    ("by mid-July", TUE, D(2026, 7, 15), None),
    ("in the first week of August", TUE, D(2026, 8, 7), None),
    ("before Golden Week", TUE, D(2027, 4, 28), None),
    ("before Christmas", TUE, D(2026, 12, 24), None),
    ("by 15/04", TUE, D(2027, 4, 15), None),
    ("by 04/15", TUE, D(2027, 4, 15), None),
    ("by 05/07", TUE, D(2026, 7, 5), "Germany"),
    ("by 05/07", TUE, D(2027, 5, 7), "United States"),
    ("by 05/07", TUE, None, None),
    ("by Monday", D(2026, 6, 8), D(2026, 6, 15), None),
    ("by Friday", D(2026, 6, 5), D(2026, 6, 12), None),
    ("soon", TUE, None, None),
    ("ASAP", TUE, None, None),
    ("in due course", TUE, None, None),
    ("before the launch", TUE, None, None),
    ("next month", TUE, None, None),
    ("in early July", TUE, None, None),
]


@pytest.mark.parametrize(
    "phrase, meeting, expected, country", TABLE, ids=[f"{r[0]}@{r[1]}-{r[3]}" for r in TABLE]
)
def test_each_deadline_phrase_resolves_to_its_iso_date(phrase, meeting, expected, country):
    sentence = f"Okay, I'll send you the signed copy {phrase}, if that works."
    assert find_due(sentence, meeting, country=country)[1] == expected


def test_the_table_covers_at_least_sixty_phrases():
    assert len({(r[0], r[1], r[3]) for r in TABLE}) >= 60


def test_an_ambiguous_numeric_date_is_reported_as_ambiguous():
    from analyzer.deadlines import is_ambiguous

    assert is_ambiguous("by 05/07", country=None)
    assert not is_ambiguous("by 15/04", country=None)
    assert not is_ambiguous("by 05/07", country="Japan")
