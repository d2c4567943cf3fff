"""Narrowing findings for the filter bar: numbers stay the report's, people match owner, speaker, parties."""

from __future__ import annotations

from analyzer.core.models import Finding
from analyzer.finding_filter import narrow, people


def _finding(kind: str, **fields) -> Finding:
    return Finding(kind=kind, quote="q", summary="s", start=0, end=1, **fields)


FINDINGS = [
    _finding("commitment", owner="Ana Ruiz", speaker="Ana Ruiz", confidence=0.9),
    _finding("unresolved_conflict", parties=["Ana Ruiz", "Kenji Mori"], confidence=0.4),
    _finding("commitment", owner="Kenji\u200b Mori", speaker="Kenji Mori", confidence=0.6),
    _finding("transparency_gap", speaker="Lale Demir", confidence=0.8),
]


def test_findings_keep_their_report_number_whatever_is_filtered():
    assert [n for n, _ in narrow(FINDINGS, kinds=["commitment"])] == [1, 3]
    assert [n for n, _ in narrow(FINDINGS)] == [1, 2, 3, 4]


def test_a_person_matches_as_owner_speaker_or_party_with_invisible_characters_ignored():
    assert [n for n, _ in narrow(FINDINGS, persons=["Kenji Mori"])] == [2, 3]
    assert people(FINDINGS) == ["Ana Ruiz", "Kenji Mori", "Lale Demir"]


def test_filters_combine_and_the_confidence_floor_is_inclusive():
    assert [n for n, _ in narrow(FINDINGS, kinds=["commitment"], persons=["Ana Ruiz"])] == [1]
    assert [n for n, _ in narrow(FINDINGS, min_confidence=0.8)] == [1, 4]


def test_an_owner_written_with_initials_is_the_same_person_as_the_speaker():
    findings = [
        _finding("commitment", owner="Helen Marsh (HM)", confidence=0.9),
        _finding("transparency_gap", speaker="Helen Marsh", confidence=0.9),
    ]
    assert people(findings) == ["Helen Marsh"]
    assert [n for n, _ in narrow(findings, persons=["Helen Marsh"])] == [1, 2]
