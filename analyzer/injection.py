"""Prompt-injection lines: transcript text that addresses an AI model or tries to instruct it.

The rules are data (`data/injection_rules.json`: id, pattern, an example each must match). A line
found here is still ordinary meeting text for extraction; it is reported in the result's stats
with its offsets, and an LLM chunk holding one that comes back with no findings marks the result
suspicious (and is not cached), since an obeying model would answer exactly so.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel

from .core.models import InjectionLine, Transcript

RULES_FILE = Path(__file__).with_name("data") / "injection_rules.json"
_MAX_LINE = 2000


class InjectionRule(BaseModel):
    id: str
    pattern: str
    example: str


class InjectionRules(BaseModel):
    version: str
    about: str = ""
    rules: list[InjectionRule]


@lru_cache(maxsize=1)
def _compiled() -> tuple[str, list[tuple[str, re.Pattern[str]]]]:
    rules = InjectionRules.model_validate(json.loads(RULES_FILE.read_text(encoding="utf-8")))
    return rules.version, [(r.id, re.compile(r.pattern, re.IGNORECASE | re.MULTILINE)) for r in rules.rules]


def rules() -> InjectionRules:
    """The rule file, validated."""
    return InjectionRules.model_validate(json.loads(RULES_FILE.read_text(encoding="utf-8")))


def find_injection_lines(transcript: Transcript) -> list[InjectionLine]:
    """Each line of the transcript that a rule matches, with its exact offsets and the rule's id."""
    found = []
    for utt in transcript.utterances or []:
        found += _scan(transcript.text, utt.start, utt.end)
    if not transcript.utterances:
        found = _scan(transcript.text, 0, len(transcript.text))
    return found


def _scan(text: str, start: int, end: int) -> list[InjectionLine]:
    out = []
    at = start
    for line in text[start:end].splitlines(keepends=True):
        body = line.rstrip("\r\n")
        for rule_id, pattern in _compiled()[1]:
            if pattern.search(body[:_MAX_LINE]):
                lead = len(body) - len(body.lstrip())
                out.append(
                    InjectionLine(start=at + lead, end=at + len(body), text=body.strip()[:300], rule=rule_id)
                )
                break
        at += len(line)
    return out


def in_span(lines: list[InjectionLine], start: int, end: int) -> bool:
    """Whether any flagged line lies within [start, end)."""
    return any(line.start < end and line.end > start for line in lines)
