"""Stage: a meeting's overview, extractive and cited: its topics, the decisions taken, the next steps.

Offline and deterministic. Decisions are sentences that a decision rule finds (rules as data, in
`analyzer/data/overview_rules.json`, each with examples); next steps are the meeting's commitments;
open items are its unresolved conflicts; topics are the content words and phrases that come back in
several turns. Every line keeps the exact span it came from, so the app can show its words.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from .text.sentences import Sentence, split_utterance
from .core.models import Finding, Report, Transcript

MAX_TOPICS = 6
MAX_DECISIONS = 6
MAX_STEPS = 10
MAX_OPEN = 5
RULES_FILE = Path(__file__).with_name("data") / "overview_rules.json"
_WORD = re.compile(r"[^\W\d_](?:[^\W\d_]|['’-](?=[^\W\d_]))+")
_BREAK = re.compile(r"[.!?;:,()\[\]\"“”/|–—]+")


class OverviewLine(BaseModel):
    """One line of the overview and the words it rests on."""

    text: str
    start: int
    end: int
    speaker: str | None = None
    rule: str | None = None


class Overview(BaseModel):
    """What the meeting was about, what was decided, who does what next, and what is still open."""

    version: str
    topics: list[str]
    decisions: list[OverviewLine]
    next_steps: list[OverviewLine]
    open_items: list[OverviewLine]


class _Rule(BaseModel):
    id: str
    pattern: str
    examples: list[str]
    not_examples: list[str]


class _Rules(BaseModel):
    version: str
    about: str
    decision_rules: list[_Rule]
    blockers: dict[str, str]
    stop_words: list[str]


@lru_cache(maxsize=1)
def rules() -> tuple[str, list[tuple[str, re.Pattern[str]]], dict[str, re.Pattern[str]], frozenset[str]]:
    """(version, decision patterns by id, blocker patterns, stop words) from the rules file."""
    raw: Any = json.loads(RULES_FILE.read_text(encoding="utf-8"))
    data = _Rules.model_validate(raw)
    compiled = [(r.id, re.compile(r.pattern, re.I)) for r in data.decision_rules]
    blockers = {name: re.compile(p, re.I) for name, p in data.blockers.items()}
    return data.version, compiled, blockers, frozenset(w.casefold() for w in data.stop_words)


def decision_rule(sentence: str) -> str | None:
    """The id of the decision rule that finds this sentence, or None (questions and negations never)."""
    _, compiled, blockers, _ = rules()
    whole = (p for name, p in blockers.items() if name != "negation_before")
    if sentence.rstrip().endswith("?") or any(p.search(sentence) for p in whole):
        return None
    for rule_id, pattern in compiled:
        hit = pattern.search(sentence)
        if hit and not blockers["negation_before"].search(sentence[: hit.start()]):
            return rule_id
    return None


def _sentences(transcript: Transcript) -> list[Sentence]:
    text = transcript.text
    return [s for i, u in enumerate(transcript.utterances) for s in split_utterance(u, i, 0, text)]


def _overlaps(sentence: Sentence, findings: list[Finding]) -> bool:
    return any(f.start < sentence.end and sentence.start < f.end for f in findings)


def decisions(transcript: Transcript, commitments: list[Finding]) -> list[OverviewLine]:
    """Sentences that record a decision, except those already shown as a commitment."""
    out: list[OverviewLine] = []
    for s in _sentences(transcript):
        rule_id = decision_rule(s.text)
        if rule_id and not _overlaps(s, commitments):
            out.append(OverviewLine(text=s.text, start=s.start, end=s.end, speaker=s.speaker, rule=rule_id))
    return out[:MAX_DECISIONS]


def topics(transcript: Transcript, skip_names: list[str]) -> list[str]:
    """Content words and phrases (up to three words) said in at least two turns, the most spread first."""
    stop = rules()[3] | {w.casefold() for name in skip_names for w in _WORD.findall(name)}
    turns: dict[str, set[int]] = defaultdict(set)
    forms: dict[str, Counter[str]] = defaultdict(Counter)
    spoken = any(u.speaker for u in transcript.utterances)
    for index, utt in enumerate(transcript.utterances):
        if spoken and utt.speaker is None:
            continue  # the title, date and attendee lines above a transcript are not what was discussed
        for piece in _BREAK.split(utt.text):
            run: list[str] = []
            for word in [*_WORD.findall(piece), ""]:
                if word and word.casefold() not in stop and len(word) > 2 and not word.isupper():
                    run.append(word)
                    continue
                for key, form in _grams(run):
                    turns[key].add(index)
                    forms[key][form] += 1
                run = []
    score = {k: len(v) * (1 + 0.6 * k.count(" ")) for k, v in turns.items() if len(v) >= 2}
    chosen: list[str] = []
    for key in sorted(score, key=lambda k: (-score[k], k)):
        if not any(key in c or c in key for c in chosen):
            chosen.append(key)
        if len(chosen) == MAX_TOPICS:
            break
    return [forms[k].most_common(1)[0][0] for k in chosen]


def _grams(run: list[str]) -> list[tuple[str, str]]:
    return [
        (" ".join(w.casefold() for w in run[i : i + n]), " ".join(run[i : i + n]))
        for n in (1, 2, 3)
        for i in range(len(run) - n + 1)
    ]


def _line(f: Finding) -> OverviewLine:
    return OverviewLine(text=f.summary, start=f.start, end=f.end, speaker=f.speaker, rule=f.rule)


def build(report: Report) -> Overview:
    """The overview of an analysed meeting; rejected findings are left out."""
    kept = [f for f in report.findings if f.review != "rejected"]
    commitments = [f for f in kept if f.kind == "commitment"]
    steps = sorted(commitments, key=lambda f: (f.due is None, f.due or report.meeting.date, f.start))
    names = [*(u.speaker or "" for u in report.transcript.utterances), report.meeting.partner or ""]
    return Overview(
        version=rules()[0],
        topics=topics(report.transcript, names),
        decisions=decisions(report.transcript, commitments),
        next_steps=[_line(f) for f in steps[:MAX_STEPS]],
        open_items=[_line(f) for f in kept if f.kind == "unresolved_conflict"][:MAX_OPEN],
    )
