"""The `lines` format ("Name: words" turns, continuation lines included) and `plain` prose."""

from __future__ import annotations

import re
from dataclasses import dataclass

from analyzer.core.models import Utterance

from .speakers import HEADER_LABELS, Label, SpeakerRule, find_label, plain_name, timestamp_prefix
from .textspans import Line, make_utterance, prose_units

HEADING = re.compile(r"[ \t]{0,3}#{1,6}[ \t]+(?=\S)")


@dataclass(frozen=True, slots=True)
class LineInfo:
    """How one line of a `lines` document reads."""

    line: Line
    label: Label | None
    header: bool  # a heading or a "Date:"/"Attendees:"-style line: standalone, never a turn


Classified = tuple[list[LineInfo], SpeakerRule]


def classify(lines: list[Line]) -> Classified:
    """Label every line and decide which label names are speakers."""
    infos: list[LineInfo] = []
    names: list[str] = []
    content = 0
    for line in lines:
        if line.blank:
            infos.append(LineInfo(line, None, False))
            continue
        label = find_label(line.text)
        header = bool(HEADING.match(line.text)) or (
            label is None and _header_label(line.text)
        )
        infos.append(LineInfo(line, label, header))
        if header:
            continue
        content += 1
        if label is not None:
            names.append(label.name)
    return infos, SpeakerRule(names, content)


def _header_label(text: str) -> bool:
    colon = text.find(":", 0, 40)
    return colon > 0 and plain_name(text[:colon]).lower() in HEADER_LABELS


def parse_lines(text: str, lines: list[Line], classified: Classified | None = None) -> list[Utterance]:
    """Turns start at accepted `Name:` labels (or a bracketed timestamp); other lines continue
    the open turn, or form speakerless paragraphs before the first turn."""
    infos, rule = classified or classify(lines)
    utterances: list[Utterance] = []
    # The open turn: speaker, ts, start offset, end offset.
    open_turn: tuple[str | None, float | None, int, int] | None = None

    def close() -> None:
        nonlocal open_turn
        if open_turn is not None:
            speaker, ts, start, end = open_turn
            utt = make_utterance(text, start, end, speaker, ts)
            if utt is not None:
                utterances.append(utt)
            open_turn = None

    for info in infos:
        line = info.line
        if line.blank:
            if open_turn is not None and open_turn[0] is None:
                close()  # speakerless paragraphs end at blank lines; turns do not
            continue
        if info.header:
            close()
            heading = HEADING.match(line.text)
            start = line.start + (heading.end() if heading else 0)
            utt = make_utterance(text, start, line.end)
            if utt is not None:
                utterances.append(utt)
            continue
        label = info.label
        if label is not None and label.name in rule:
            close()
            open_turn = (label.name, label.ts, line.start + label.content, line.end)
            continue
        stamp = timestamp_prefix(line.text)
        if stamp is not None:
            close()
            open_turn = (None, stamp.ts, line.start + stamp.content, line.end)
            continue
        if open_turn is None:
            open_turn = (None, None, line.start, line.end)
        else:
            open_turn = (*open_turn[:3], line.end)
    close()
    return utterances


def parse_plain(text: str, lines: list[Line]) -> list[Utterance]:
    """Sentence-ish prose units with no speaker."""
    utterances = []
    for start, end in prose_units(text, lines):
        utt = make_utterance(text, start, end)
        if utt is not None:
            utterances.append(utt)
    return utterances
