"""The `lines` format ("Name: words" turns, continuation lines included) and `plain` prose."""

from __future__ import annotations

from dataclasses import dataclass

from analyzer.core.models import Utterance

from .minutes import HEADING
from .speakers import (
    HEADER_LABELS,
    Label,
    SpeakerRule,
    find_label,
    find_name_stamp,
    plain_name,
    stamp_only,
    timestamp_prefix,
)
from .textspans import Line, make_utterance, prose_units


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
    strong: list[str] = []
    content = 0
    for line in lines:
        if line.blank:
            infos.append(LineInfo(line, None, False))
            continue
        label = find_label(line.text)
        if label is None:
            label = find_name_stamp(line.text)
            if label is not None:
                strong.append(label.name)
        header = bool(HEADING.match(line.text)) or (
            label is None and _header_label(line.text)
        )
        infos.append(LineInfo(line, label, header))
        if header:
            continue
        content += 1
        if label is not None:
            names.append(label.name)
    return infos, SpeakerRule(names, content, strong)


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
    carried_ts: float | None = None  # from a timestamp line whose turn has no words of its own

    def close() -> None:
        nonlocal open_turn, carried_ts
        if open_turn is not None:
            speaker, ts, start, end = open_turn
            utt = make_utterance(text, start, end, speaker, ts)
            if utt is not None:
                utterances.append(utt)
            carried_ts = ts if utt is None and speaker is None else None
            open_turn = None

    def open_(speaker: str | None, ts: float | None, start: int, end: int) -> None:
        nonlocal open_turn, carried_ts
        close()
        open_turn = (speaker, ts if ts is not None else carried_ts, start, end)
        carried_ts = None

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
            open_(label.name, label.ts, line.start + label.content, line.end)
            continue
        stamp = timestamp_prefix(line.text) or stamp_only(line.text)
        if stamp is not None:
            open_(None, stamp.ts, line.start + stamp.content, line.end)
        elif open_turn is None:
            open_(None, None, line.start, line.end)
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
