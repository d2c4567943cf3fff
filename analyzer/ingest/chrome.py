"""Lines that meeting tools add around the speech: "X started transcription", "Meeting ended after
00:42:17", "3 replies", "<Media omitted>". They are structure, not anyone's words, so they never
join a turn. The patterns are data (`data/transcript_lines.json`), each with examples that tests run.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel

DATA_FILE = Path(__file__).with_name("data") / "transcript_lines.json"


class ChromeRule(BaseModel):
    """One kind of tool-made line."""

    id: str
    about: str
    pattern: str
    examples: list[str]
    not_examples: list[str] = []
    after: list[str] = []  # only directly after a line of one of these rules (a count under a reaction)


@lru_cache(maxsize=1)
def rules() -> tuple[ChromeRule, ...]:
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    return tuple(ChromeRule.model_validate(entry) for entry in data["chrome"])


@lru_cache(maxsize=1)
def _compiled() -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{rule.pattern})" for rule in rules() if not rule.after))


def chrome_rule(line: str, previous: str | None = None) -> str | None:
    """The id of the rule a whole line matches, or None for a line of speech.

    `previous` is the rule id of the line before (blank lines skipped), for rules that only follow one.
    """
    text = line.strip()
    if not text or len(text) > 300:
        return None
    if previous is not None:
        follow = next((r.id for r in rules() if previous in r.after and re.fullmatch(r.pattern, text)), None)
        if follow:
            return follow
    if _compiled().fullmatch(text) is None:
        return None
    return next(rule.id for rule in rules() if not rule.after and re.fullmatch(rule.pattern, text))


def label_words(key: str, file: str = DATA_FILE.name) -> frozenset[str]:
    """A word list of an ingest data file ("topic_labels", "header_labels"), lowercased."""
    data = json.loads((DATA_FILE.parent / file).read_text(encoding="utf-8"))
    return frozenset(word.lower() for word in data[key]["words"])
