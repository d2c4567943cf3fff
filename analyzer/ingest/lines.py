"""The `lines` format ("Name: words" turns, continuation lines included) and `plain` prose."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from analyzer.core.models import Utterance

from .chrome import chrome_rule
from .minutes import HEADING
from .speakers import (
    HEADER_LABELS,
    TOPIC_LABELS,
    Label,
    SpeakerRule,
    find_bracket_name,
    find_initials_dash,
    find_label,
    find_name_time_words,
    find_name_stamp,
    looks_like_name,
    plain_name,
    stamp_only,
    stamped_line,
    timestamp_prefix,
    title_case,
)
from .textspans import Line, make_utterance, prose_units


@dataclass(frozen=True, slots=True)
class LineInfo:
    """How one line of a `lines` document reads."""

    line: Line
    label: Label | None
    header: bool  # a heading or a "Date:"/"Attendees:"-style line: standalone, never a turn
    chrome: bool = False  # a line the meeting tool wrote ("X started transcription"): in no turn


Classified = tuple[list[LineInfo], SpeakerRule]


def classify(lines: list[Line]) -> Classified:
    """Label every line and decide which label names are speakers."""
    infos: list[LineInfo] = []
    names: list[str] = []
    lower: list[str] = []
    strong: list[str] = []
    content = 0
    tool_line: str | None = None  # the chrome rule of the last non-blank line
    for number, line in enumerate(lines):
        if line.blank:
            infos.append(LineInfo(line, None, False))
            continue
        tool_line = chrome_rule(line.text, tool_line)
        if tool_line:
            infos.append(LineInfo(line, None, False, chrome=True))
            continue
        label = find_label(line.text) or find_initials_dash(line.text) or find_name_time_words(line.text)
        if label is None:
            label = find_bracket_name(line.text)
            if label is not None:
                strong.append(label.name)  # "[Full Name] words" is unmistakable, like "Name 0:03"
        if label is None:
            label = find_name_stamp(line.text)
            if label is not None and _words_below(lines, number):
                strong.append(label.name)
            elif label is not None:
                label = None  # "Budget review 10:15" in an agenda: nothing said under it
        header = bool(HEADING.match(line.text)) or (label is None and _header_label(line.text))
        infos.append(LineInfo(line, label, header))
        if header:
            continue
        content += 1
        if label is not None:
            (lower if label.lower else names).append(label.name)
    if len(names) + len(strong) < 3 * content // 10:
        # Few "Name:" labels: maybe Google Meet, where the name stands alone above the words.
        alone = _names_alone(infos)
        if len(alone) > len(names) + len(strong):
            infos = [alone.get(i, info) for i, info in enumerate(infos)]
            strong = [info.label.name for info in alone.values() if info.label is not None]
            content -= len(alone)
    return infos, SpeakerRule(names, content, strong, lower)


def _words_below(lines: list[Line], number: int) -> bool:
    """A "Name 0:03" line opens a turn only when the words follow on the next line."""
    if number + 1 >= len(lines) or lines[number + 1].blank:
        return False
    return not stamped_line(lines[number + 1].text)


def _names_alone(infos: list[LineInfo]) -> dict[int, LineInfo]:
    """Google Meet style: the speaker's name alone on a line, the words on the lines below.

    A line counts when it is name-shaped, follows a blank line (or a timestamp line, or the
    start), is followed by words, and the same name does this at least twice, with at least two
    different names: a lone heading such as "Next steps" never qualifies.
    """
    found: dict[int, LineInfo] = {}
    for i, info in enumerate(infos):
        text = info.line.text.strip()
        if info.line.blank or info.label is not None or info.header or not text or text[-1] in ".?!,;:":
            continue
        before_ok = i == 0 or infos[i - 1].line.blank or stamp_only(infos[i - 1].line.text) is not None
        after_ok = i + 1 < len(infos) and not infos[i + 1].line.blank
        if before_ok and after_ok and len(text.split()) <= 4 and looks_like_name(text) and title_case(text):
            found[i] = LineInfo(
                info.line, Label(name=" ".join(text.split()), content=len(info.line.text), ts=None), False
            )
    counts = Counter(info.label.name for info in found.values() if info.label is not None)
    # A time alone under the name ("Ana Ruiz" / "00:03" / words) marks a turn even when it is her only one.
    stamped = {
        info.label.name
        for i, info in found.items()
        if info.label is not None and stamp_only(infos[i + 1].line.text) is not None
    }
    keep = {name for name, count in counts.items() if count >= 2} | stamped
    if len(keep) < 2:
        return {}
    return {i: info for i, info in found.items() if info.label is not None and info.label.name in keep}


def _header_label(text: str) -> bool:
    """ "Date: …", "Présents : …", or a topic of typed notes ("Pricing: …"): a line of its own."""
    colon = text.find(":", 0, 40)
    label = plain_name(text[:colon]).lower() if colon > 0 else ""
    return label in HEADER_LABELS or label in TOPIC_LABELS


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

    resume: str | None = None  # the speaker whose turn a tool-made line interrupted
    for info in infos:
        line = info.line
        if line.blank:
            if open_turn is not None and open_turn[0] is None:
                close()  # speakerless paragraphs end at blank lines; turns do not
            continue
        if info.chrome:
            resume = open_turn[0] if open_turn is not None else resume
            close()
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
        if stamp is not None and open_turn is not None and open_turn[0] and open_turn[2] == open_turn[3]:
            # "Ana Ruiz" / "00:03" / words (Zoom, Teams): the time belongs to the name above it.
            speaker, ts = open_turn[0], open_turn[1] if open_turn[1] is not None else stamp.ts
            end = line.start + stamp.content if stamp.content < len(line.text) else line.end
            open_turn = (speaker, ts, end, line.end)
        elif stamp is not None:
            open_(None, stamp.ts, line.start + stamp.content, line.end)
        elif open_turn is None:
            open_(resume, None, line.start, line.end)
        else:
            open_turn = (*open_turn[:3], line.end)
        resume = None
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
