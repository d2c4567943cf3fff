"""Scoring predicted findings against gold labels. Pure functions: no I/O, no pipeline.

Rules (documented here because every number in an eval report depends on them):

* A prediction matches a gold label when the kinds are equal and the character spans overlap by at
  least 50% of the shorter span (and by at least one character). Matching is one-to-one and greedy:
  candidate pairs are taken largest overlap first (ties: earlier prediction, then earlier label).
  So two predictions on one gold label give 1 tp + 1 fp.
* Kinds outside a meeting's `scored_kinds` are not scored for that meeting: neither its labels nor
  predictions of those kinds count (no fn, no fp).
* Zero division: a ratio with a zero denominator is 0.0, except that a kind with no gold and no
  predicted items scores precision = recall = F1 = 1.0 (nothing to find, nothing wrongly found).
  F1 is 0.0 when precision + recall is 0. Macro F1 is the mean per-kind F1 over the kinds that have
  any gold or predicted item across the dataset (1.0 if there are none); micro sums tp/fp/fn over kinds.
  Kinds that no meeting scores are left out of the per-kind results altogether.
* Matched commitments also score owner and due. Owner is scored only when the gold label names an
  owner (the field is optional in the format); see `owner_matches` for what counts as the same person.
  Due is always scored: exact date equality, and both null counts as right.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from typing import Literal, Protocol

from pydantic import BaseModel

from ..core.models import KINDS
from ..ingest.attendees import HONORIFICS


class _Spanned(Protocol):
    kind: str
    start: int | None
    end: int | None


class Counts(BaseModel):
    """True positives, false positives and false negatives of one kind."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __add__(self, other: "Counts") -> "Counts":
        return Counts(tp=self.tp + other.tp, fp=self.fp + other.fp, fn=self.fn + other.fn)


class PRF(BaseModel):
    precision: float
    recall: float
    f1: float


class KindScore(PRF):
    tp: int
    fp: int
    fn: int


class ErrorItem(BaseModel):
    """A false positive (a prediction nothing matched) or false negative (a gold label nothing matched)."""

    type: Literal["fp", "fn"]
    kind: str
    quote: str
    start: int
    end: int
    summary: str | None = None  # fp: what the analyzer said
    description: str | None = None  # fn: what the labeler said


class AttributeMiss(BaseModel):
    """A matched commitment whose owner or due date is wrong."""

    field: Literal["owner", "due"]
    quote: str
    start: int
    end: int
    gold: str | None
    predicted: str | None


class MeetingScore(BaseModel):
    """Everything scored for one meeting; `EvalReport.meetings` holds these."""

    id: str
    title: str = ""
    scored_kinds: list[str]
    per_kind: dict[str, Counts]
    errors: list[ErrorItem] = []
    attribute_errors: list[AttributeMiss] = []
    owner_right: int = 0
    owner_total: int = 0
    due_right: int = 0
    due_total: int = 0
    findings: int = 0
    words: int = 0
    ungrounded: int = 0
    seconds: float = 0.0
    partial: bool = False  # some chunks failed during analysis: recall is understated
    realigned: int = (
        0  # findings whose span was re-found by quote (pipeline text differed from the dataset's)
    )


def overlap(a_start: int, a_end: int, b_start: int, b_end: int) -> int:
    """Number of characters two half-open spans share."""
    return max(0, min(a_end, b_end) - max(a_start, b_start))


def spans_match(pred: _Spanned, gold: _Spanned) -> bool:
    """Same kind and overlap >= 50% of the shorter span (and > 0)."""
    return pred.kind == gold.kind and _match_overlap(pred, gold) > 0


def _match_overlap(pred: _Spanned, gold: _Spanned) -> int:
    """The overlap if the pair is a valid match, else 0."""
    ps, pe, gs, ge = int(pred.start or 0), int(pred.end or 0), int(gold.start or 0), int(gold.end or 0)
    shared = overlap(ps, pe, gs, ge)
    shorter = min(pe - ps, ge - gs)
    # Compare 2*shared >= shorter in integers so "exactly 50%" is not at the mercy of float rounding.
    return shared if shared > 0 and 2 * shared >= shorter else 0


def match(predicted: Sequence[_Spanned], gold: Sequence[_Spanned]) -> list[tuple[int, int]]:
    """One-to-one greedy matching, largest overlap first: (prediction index, gold index) pairs."""
    candidates = []
    for pi, pred in enumerate(predicted):
        for gi, label in enumerate(gold):
            if pred.kind == label.kind and (shared := _match_overlap(pred, label)):
                candidates.append((-shared, pi, gi))
    candidates.sort()
    used_pred: set[int] = set()
    used_gold: set[int] = set()
    pairs = []
    for _, pi, gi in candidates:
        if pi not in used_pred and gi not in used_gold:
            used_pred.add(pi)
            used_gold.add(gi)
            pairs.append((pi, gi))
    return sorted(pairs)


def prf(tp: int, fp: int, fn: int) -> PRF:
    """Precision, recall and F1 with the zero-division rules in the module docstring."""
    if tp + fp + fn == 0:
        return PRF(precision=1.0, recall=1.0, f1=1.0)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return PRF(precision=precision, recall=recall, f1=f1)


# --- owners -----------------------------------------------------------------------------------

# Honorifics and professional titles people put before names across the partner countries we see
# (Malaysian "Dato'", Gulf "Sheikh", Arab-world "Eng.", German "Herr", Spanish "Sra." ...).
_TITLES = {
    "mr",
    "mrs",
    "ms",
    "miss",
    "mx",
    "dr",
    "prof",
    "professor",
    "sir",
    "madam",
    "dame",
    "eng",
    "engr",
    "ir",
    "dato",
    "datuk",
    "datin",
    "sheikh",
    "shaikh",
    "haji",
    "hajjah",
    "herr",
    "frau",
    "sr",
    "sra",
    "srta",
    "don",
    "doña",
    "dona",
} | {title.rstrip(".") for title in HONORIFICS} - {"tan", "sri", "m"}  # also surnames or an initial
_HONORIFIC = re.compile(r"-(san|sama|kun|chan|sensei|shi)$")


def _name_tokens(name: str) -> list[str]:
    """Casefolded name words without titles, honorifics or punctuation ("Dr. Kitamura-san" -> ["kitamura"]).

    Parentheses are left to `_variants`.
    """
    words = []
    for word in name.casefold().split():
        word = _HONORIFIC.sub("", word.strip(".,;:()'\""))
        word = word.replace(".", "")
        if word and word not in _TITLES:
            words.append(word)
    return words


def _initials(tokens: list[str]) -> set[str]:
    """Initials of a multi-word name; hyphenated parts give both "jpd" and "jd" for Jean-Pierre Dupont."""
    plain = "".join(t[0] for t in tokens)
    split = "".join(part[0] for t in tokens for part in t.split("-") if part)
    return {plain, split}


def owner_matches(predicted: str | None, gold: str | None) -> bool:
    """Whether two owner strings name the same person.

    Case, whitespace, titles (Mr, Dr, ...), Japanese honorifics (-san) and dots are ignored.
    A full name matches its initials ("Jun Kitamura" ~ "JK" ~ "J.K."), any one of its words
    ("Jun" or "Kitamura"), the same words in another order ("Kitamura Jun") and abbreviated words
    ("J. Kitamura"). Both empty counts as a match.
    """
    return any(_same_person(p, g) for p in _variants(predicted or "") for g in _variants(gold or ""))


def _variants(name: str) -> list[str]:
    """ "Magnus Eide (ME)" -> ["Magnus Eide", "ME"]: a parenthesised part (initials from an attendee
    line) is another way to write the same name."""
    inside = re.findall(r"\(([^)]*)\)", name)
    outside = re.sub(r"\([^)]*\)", " ", name).strip()
    return [v for v in [outside, *inside] if v.strip()] or [name]


def _same_person(predicted: str, gold: str) -> bool:
    a, b = _name_tokens(predicted), _name_tokens(gold)
    if not a or not b:
        return not a and not b
    if sorted(a) == sorted(b):  # also "Kitamura Jun" (family name first)
        return True
    if len(a) == len(b) and all(x == y or (min(len(x), len(y)) == 1 and x[0] == y[0]) for x, y in zip(a, b)):
        return True  # "J. Kitamura" ~ "Jun Kitamura"
    short, full = (a, b) if len(a) <= len(b) else (b, a)
    if len(short) == 1 and len(full) > 1:
        word = short[0]
        return (
            word in full
            or word in _initials(full)
            or any(word == part for t in full for part in t.split("-"))
        )
    return False


def due_matches(predicted: dt.date | None, gold: dt.date | None) -> bool:
    """Exact date equality; both null is right."""
    return predicted == gold


def accuracy(right: int, total: int) -> float | None:
    """right / total, or None when there was nothing to score."""
    return right / total if total else None


# --- per meeting and dataset ------------------------------------------------------------------


def score_meeting(meeting, findings: Sequence, kinds: Iterable[str] | None = None) -> MeetingScore:
    """Score one LabeledMeeting's predicted findings (Finding-like objects) against its labels.

    `kinds` restricts scoring further (e.g. `--kinds commitment`); the meeting's own
    `scored_kinds` always applies.
    """
    wanted = set(kinds) if kinds is not None else set(KINDS)
    scored = [k for k in meeting.kinds_scored() if k in wanted]
    gold = [label for label in meeting.labels if label.kind in scored]
    pred = [f for f in findings if f.kind in scored]
    pairs = match(pred, gold)
    matched_pred = {pi for pi, _ in pairs}
    matched_gold = {gi for _, gi in pairs}

    per_kind = {k: Counts() for k in scored}
    for _, gi in pairs:
        per_kind[gold[gi].kind].tp += 1
    errors: list[ErrorItem] = []
    for pi, f in enumerate(pred):
        if pi not in matched_pred:
            per_kind[f.kind].fp += 1
            errors.append(
                ErrorItem(
                    type="fp",
                    kind=f.kind,
                    quote=f.quote,
                    start=f.start,
                    end=f.end,
                    summary=getattr(f, "summary", None),
                )
            )
    for gi, label in enumerate(gold):
        if gi not in matched_gold:
            per_kind[label.kind].fn += 1
            errors.append(
                ErrorItem(
                    type="fn",
                    kind=label.kind,
                    quote=label.quote,
                    start=label.start,
                    end=label.end,
                    description=label.description,
                )
            )
    errors.sort(key=lambda e: (e.start, e.type))

    result = MeetingScore(
        id=meeting.id, title=meeting.title, scored_kinds=scored, per_kind=per_kind, errors=errors
    )
    for pi, gi in pairs:
        f, label = pred[pi], gold[gi]
        if label.kind != "commitment":
            continue
        where = {"quote": label.quote, "start": label.start, "end": label.end}
        if label.owner:
            result.owner_total += 1
            if owner_matches(getattr(f, "owner", None), label.owner):
                result.owner_right += 1
            else:
                result.attribute_errors.append(
                    AttributeMiss(
                        field="owner", gold=label.owner, predicted=getattr(f, "owner", None), **where
                    )
                )
        result.due_total += 1
        predicted_due = getattr(f, "due", None)
        if due_matches(predicted_due, label.due):
            result.due_right += 1
        else:
            result.attribute_errors.append(
                AttributeMiss(field="due", gold=_iso(label.due), predicted=_iso(predicted_due), **where)
            )
    return result


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def aggregate(
    meetings: Sequence[MeetingScore], kinds: Iterable[str] | None = None
) -> tuple[dict[str, KindScore], PRF, float]:
    """Per-kind scores, micro P/R/F1 and macro F1 over a dataset's meeting scores.

    Only kinds scored in at least one meeting appear in the per-kind scores: a kind no meeting
    labels was not evaluated, and a 1.0 for it would read as a result.
    """
    kinds = list(kinds) if kinds is not None else list(KINDS)
    scored = {k for meeting in meetings for k in meeting.per_kind}
    totals = {k: Counts() for k in kinds if k in scored}
    for meeting in meetings:
        for kind, counts in meeting.per_kind.items():
            if kind in totals:
                totals[kind] = totals[kind] + counts
    per_kind = {
        k: KindScore(**prf(c.tp, c.fp, c.fn).model_dump(), **c.model_dump()) for k, c in totals.items()
    }
    overall = sum(totals.values(), Counts())
    micro = prf(overall.tp, overall.fp, overall.fn)
    active = [per_kind[k].f1 for k, c in totals.items() if c.tp + c.fp + c.fn]
    macro = sum(active) / len(active) if active else 1.0
    return per_kind, micro, macro
