"""Narrowing a long list of findings by kind, person and confidence (the app's filter bar).

Findings keep their number in the report (1-based, report order) whatever is filtered, so a card
and its highlight in the transcript always share one number.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from .core.models import Finding
from .safe_text import clean_name


# Minutes write an owner as "Helen Marsh (HM)" to keep the initials as written; one person either way.
_INITIALS_AFTER = re.compile(r"\s*\([A-Z]{2,4}\)$")


def person_name(name: str | None) -> str | None:
    """The name a person is listed under: cleaned, without initials in brackets after it."""
    clean = clean_name(name)
    return _INITIALS_AFTER.sub("", clean) or clean if clean else None


def people_of(finding: Finding) -> set[str]:
    """Everyone a finding is about: a commitment's owner, the speaker, a conflict's parties."""
    cleaned = (person_name(name) for name in (finding.owner, finding.speaker, *finding.parties))
    return {name for name in cleaned if name}


def people(findings: Iterable[Finding]) -> list[str]:
    """The people named by any finding, the most often named first (ties by name)."""
    counts = Counter(name for f in findings for name in people_of(f))
    return sorted(counts, key=lambda name: (-counts[name], name.casefold()))


def narrow(
    findings: list[Finding],
    kinds: Iterable[str] | None = None,
    persons: Iterable[str] | None = None,
    min_confidence: float = 0.0,
) -> list[tuple[int, Finding]]:
    """(number, finding) pairs that pass every filter given; None or empty means "any"."""
    wanted_kinds = set(kinds or ())
    wanted_people = set(persons or ())
    return [
        (n, f)
        for n, f in enumerate(findings, start=1)
        if (not wanted_kinds or f.kind in wanted_kinds)
        and (not wanted_people or people_of(f) & wanted_people)
        and f.confidence >= min_confidence
    ]
