"""Scoring rules on small hand-computed cases (no pipeline)."""

from __future__ import annotations

import datetime as dt

import pytest

from analyzer.core.models import Finding
from analyzer.evaluation import (
    Counts,
    Label,
    LabeledMeeting,
    MeetingScore,
    aggregate,
    due_matches,
    match,
    owner_matches,
    prf,
    score_meeting,
    spans_match,
)

TEXT = "x" * 400  # offsets only matter for spans; quotes are not re-checked by scoring


def pred(kind: str, start: int, end: int, **extra) -> Finding:
    return Finding(
        kind=kind, quote=TEXT[start:end], summary=f"pred {start}-{end}", start=start, end=end, **extra
    )


def gold(kind: str, start: int, end: int, **extra) -> Label:
    return Label(kind=kind, quote=TEXT[start:end], start=start, end=end, **extra)


def meeting(*labels_at: tuple[str, str], scored_kinds=None) -> LabeledMeeting:
    """A meeting whose transcript contains each (kind, quote) label once, in order."""
    transcript = " | ".join(quote for _, quote in labels_at) or "nothing happened"
    labels = [{"kind": kind, "quote": quote} for kind, quote in labels_at]
    return LabeledMeeting(
        id="m", title="t", date="2025-03-04", transcript=transcript, labels=labels, scored_kinds=scored_kinds
    )


def finding_on(m: LabeledMeeting, quote: str, kind: str, **extra) -> Finding:
    start = m.transcript.index(quote)
    return Finding(kind=kind, quote=quote, summary="s", start=start, end=start + len(quote), **extra)


def test_identical_spans_and_kind_match():
    assert spans_match(pred("commitment", 10, 30), gold("commitment", 10, 30))


@pytest.mark.parametrize(
    ("p_start", "p_end", "matches"),
    [
        (50, 200, True),  # overlap 50 of the shorter 100: exactly 50% counts
        (49, 200, True),  # 51%
        (51, 200, False),  # 49%
        (90, 110, True),  # shorter span is the prediction (20): overlap 10 = 50%
        (91, 111, False),  # overlap 9 of 20
        (100, 150, False),  # touching, no shared character
    ],
)
def test_match_needs_overlap_of_half_the_shorter_span(p_start, p_end, matches):
    assert spans_match(pred("commitment", p_start, p_end), gold("commitment", 0, 100)) is matches


def test_different_kinds_never_match_even_on_the_same_span():
    assert not spans_match(pred("transparency_gap", 0, 50), gold("commitment", 0, 50))
    m = meeting(("commitment", "I will send the deck by Friday"))
    score = score_meeting(m, [finding_on(m, "I will send the deck by Friday", "transparency_gap")])
    assert score.per_kind["commitment"] == Counts(tp=0, fp=0, fn=1)
    assert score.per_kind["transparency_gap"] == Counts(tp=0, fp=1, fn=0)


def test_two_predictions_on_one_gold_label_give_one_tp_and_one_fp():
    pairs = match([pred("commitment", 0, 40), pred("commitment", 5, 40)], [gold("commitment", 0, 40)])
    assert pairs == [(0, 0)]
    m = meeting(("commitment", "I will send the deck by Friday"))
    twice = [finding_on(m, "I will send the deck by Friday", "commitment")] * 2
    score = score_meeting(m, twice)
    assert score.per_kind["commitment"] == Counts(tp=1, fp=1, fn=0)
    assert [e.type for e in score.errors] == ["fp"]


def test_greedy_matching_takes_the_largest_overlap_first():
    # The prediction overlaps gold 0 by 12 and gold 1 by 18: it is paired with gold 1 only.
    predictions = [pred("commitment", 8, 38)]
    labels = [gold("commitment", 0, 20), gold("commitment", 20, 40)]
    assert match(predictions, labels) == [(0, 1)]
    # Two predictions compete for one label: the bigger overlap wins, whatever the order.
    assert match([pred("commitment", 5, 25), pred("commitment", 0, 20)], [gold("commitment", 0, 20)]) == [
        (1, 0)
    ]


def test_matching_is_one_to_one_across_several_labels():
    predictions = [pred("commitment", 0, 20), pred("commitment", 20, 40), pred("commitment", 100, 120)]
    labels = [gold("commitment", 0, 20), gold("commitment", 20, 40)]
    assert match(predictions, labels) == [(0, 0), (1, 1)]


def test_kinds_outside_scored_kinds_are_neither_fp_nor_fn():
    m = meeting(
        ("commitment", "I will send it Monday"),
        ("unresolved_conflict", "That price is too high"),
        scored_kinds=["commitment"],
    )
    findings = [
        finding_on(m, "I will send it Monday", "commitment"),
        finding_on(m, "That price is too high", "cultural_misstep"),  # unscored kind: ignored
    ]
    score = score_meeting(m, findings)
    assert score.scored_kinds == ["commitment"]
    assert score.per_kind == {"commitment": Counts(tp=1, fp=0, fn=0)}
    assert score.errors == []


def test_kinds_filter_narrows_scoring_further():
    m = meeting(("commitment", "I will send it Monday"), ("unresolved_conflict", "That price is too high"))
    score = score_meeting(m, [], kinds=["unresolved_conflict"])
    assert score.per_kind == {"unresolved_conflict": Counts(tp=0, fp=0, fn=1)}


def test_errors_list_false_positives_with_summary_and_false_negatives_with_description():
    m = LabeledMeeting(
        id="m",
        title="t",
        date="2025-03-04",
        transcript="We will ship next week. Let's not get into the numbers today.",
        labels=[
            {
                "kind": "transparency_gap",
                "quote": "Let's not get into the numbers today.",
                "description": "dodges the price question",
            }
        ],
    )
    fp = finding_on(m, "We will ship next week.", "commitment")
    score = score_meeting(m, [fp])
    first, second = score.errors
    assert (first.type, first.kind, first.quote, first.start, first.end, first.summary) == (
        "fp",
        "commitment",
        "We will ship next week.",
        0,
        23,
        "s",
    )
    assert (second.type, second.kind, second.start, second.description) == (
        "fn",
        "transparency_gap",
        24,
        "dodges the price question",
    )


@pytest.mark.parametrize(
    ("predicted", "expected", "same"),
    [
        ("Jun Kitamura", "Jun Kitamura", True),
        ("jun  KITAMURA ", "Jun Kitamura", True),  # case and whitespace
        ("JK", "Jun Kitamura", True),  # initials
        ("Jun Kitamura", "J.K.", True),  # initials either way round, dots ignored
        ("Jun", "Jun Kitamura", True),  # first name
        ("Kitamura-san", "Jun Kitamura", True),  # family name with honorific
        ("Kitamura Jun", "Jun Kitamura", True),  # family name first
        ("Maria", "Jun Kitamura", False),
        ("JM", "Jun Kitamura", False),
        ("Jun Tanaka", "Jun Kitamura", False),
        (None, "Jun Kitamura", False),
        (None, None, True),
        ("Lim Chee Keong", "Dato' Lim Chee Keong", True),  # Malaysian honorific
        ("Eng. Samir Qasem", "Samir Qasem", True),  # professional title
        ("Sheikh Hamad", "Hamad Al-Thani", True),
        ("M. Al-Farsi", "Mohammed Al-Farsi", True),  # initial + hyphenated family name
        ("MA", "Mohammed Al-Farsi", True),  # initials of a hyphenated family name
        ("Dato' Lim", "Dato' Tan Wei Ming", False),
        ("Magnus Eide (ME)", "Magnus Eide", True),  # initials from the attendee line in parentheses
        ("(ME)", "Magnus Eide", True),
        ("Plant Manager (PH)", "Paul Henderson", True),  # the initials in parentheses name him
        ("Plant Manager (QX)", "Paul Henderson", False),  # a shared title is not a shared name
    ],
)
def test_owner_matching(predicted, expected, same):
    assert owner_matches(predicted, expected) is same


def test_owner_and_due_accuracy_count_only_matched_commitments():
    m = LabeledMeeting(
        id="m",
        title="t",
        date="2025-03-04",
        transcript="JK to send deck by Thu. Maria will call them. We will review it someday.",
        labels=[
            {"kind": "commitment", "quote": "JK to send deck by Thu.", "owner": "JK", "due": "2025-03-06"},
            {"kind": "commitment", "quote": "Maria will call them.", "owner": "Maria", "due": None},
            {"kind": "commitment", "quote": "We will review it someday."},  # no owner labeled, due null
        ],
    )
    findings = [
        finding_on(m, "JK to send deck by Thu.", "commitment", owner="Jun Kitamura", due=dt.date(2025, 3, 6)),
        finding_on(m, "Maria will call them.", "commitment", owner="Jun", due=dt.date(2025, 3, 7)),
        finding_on(m, "We will review it someday.", "commitment", owner="Team"),
    ]
    score = score_meeting(m, findings)
    assert (score.owner_right, score.owner_total) == (1, 2)  # unlabeled owner is not scored
    assert (score.due_right, score.due_total) == (2, 3)  # both null counts as right
    assert {(a.field, a.gold, a.predicted) for a in score.attribute_errors} == {
        ("owner", "Maria", "Jun"),
        ("due", None, "2025-03-07"),
    }


def test_due_matching_is_exact_and_both_null_is_right():
    assert due_matches(None, None)
    assert due_matches(dt.date(2025, 3, 7), dt.date(2025, 3, 7))
    assert not due_matches(dt.date(2025, 3, 7), dt.date(2025, 3, 8))
    assert not due_matches(None, dt.date(2025, 3, 7))


def test_micro_sums_counts_and_macro_averages_active_kinds():
    scores = [
        MeetingScore(
            id="a",
            scored_kinds=["commitment", "unresolved_conflict"],
            per_kind={"commitment": Counts(tp=2, fp=1, fn=0), "unresolved_conflict": Counts(tp=1, fn=2)},
        ),
        MeetingScore(
            id="b",
            scored_kinds=["commitment", "unresolved_conflict", "transparency_gap"],
            per_kind={
                "commitment": Counts(fn=1),
                "unresolved_conflict": Counts(fn=1),
                "transparency_gap": Counts(),
            },
        ),
    ]
    per_kind, micro, macro = aggregate(scores)
    c = per_kind["commitment"]  # tp 2, fp 1, fn 1
    assert (c.tp, c.fp, c.fn) == (2, 1, 1)
    assert (
        c.precision == pytest.approx(2 / 3)
        and c.recall == pytest.approx(2 / 3)
        and c.f1 == pytest.approx(2 / 3)
    )
    u = per_kind["unresolved_conflict"]  # tp 1, fp 0, fn 3
    assert (u.precision, u.recall, u.f1) == pytest.approx((1.0, 0.25, 0.4))
    # micro: tp 3, fp 1, fn 4 -> P 3/4, R 3/7, F1 6/11
    assert (micro.precision, micro.recall, micro.f1) == pytest.approx((0.75, 3 / 7, 6 / 11))
    # macro over the two kinds with items only; a scored but empty kind shows 1.0 and is left out
    assert per_kind["transparency_gap"].f1 == 1.0
    assert "cultural_misstep" not in per_kind  # never scored in any meeting: not reported at all
    assert macro == pytest.approx((2 / 3 + 0.4) / 2)


def test_zero_denominators():
    assert prf(0, 0, 0).model_dump() == {"precision": 1.0, "recall": 1.0, "f1": 1.0}  # nothing to find
    assert prf(0, 2, 0).model_dump() == {"precision": 0.0, "recall": 0.0, "f1": 0.0}  # only false alarms
    assert prf(0, 0, 3).model_dump() == {"precision": 0.0, "recall": 0.0, "f1": 0.0}  # found nothing
    assert prf(0, 1, 1).f1 == 0.0
    per_kind, micro, macro = aggregate(
        [MeetingScore(id="a", scored_kinds=["commitment"], per_kind={"commitment": Counts()})]
    )
    assert micro.f1 == 1.0 and macro == 1.0


def test_aggregate_restricted_to_kinds():
    scores = [MeetingScore(id="a", scored_kinds=["commitment"], per_kind={"commitment": Counts(tp=1)})]
    per_kind, _, macro = aggregate(scores, kinds=["commitment"])
    assert list(per_kind) == ["commitment"] and macro == 1.0
