"""Sentence spans inside utterances, with exact offsets into the full transcript.

Labels must never be part of a quote, so speaker labels, WebVTT voice tags, bullets, "ACTION:"
prefixes, markdown emphasis and wrapping quote marks are masked (replaced by spaces of the same
length) before splitting; offsets therefore stay those of the original text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..core.models import Utterance

ABBREVIATIONS = {
    "dr",
    "mr",
    "mrs",
    "ms",
    "prof",
    "st",
    "vs",
    "eg",
    "e.g",
    "ie",
    "i.e",
    "approx",
    "etc",
    "no",
    "inc",
    "ltd",
    "co",
    "jr",
    "sr",
    "u.s",
    "dept",
    "rev",
    "ref",
    "art",
    "sec",
    "para",
    "p",
    "pp",
    "vol",
    "op",
    "cf",
    "fig",
    "mt",
    "ca",
    "corp",
    "gmbh",
    "est",
    "nr",
}
# Masked before splitting: markup that is never part of what someone said.
_MASKS = [
    re.compile(r"<v(?:\.[^ >]*)?\s+[^>]*>|</v>|<\d{2}:[\d:.]+>|</?[bciu]>"),
    re.compile(r"\*\*|__"),
    re.compile(r"^\s*(?:[-*•–]|\d+[.)])\s+", re.M),
    re.compile(r"^\s*#+\s+", re.M),
]
ACTION_PREFIX = re.compile(r"^\s*(?:ACTION(?: ITEM)?|Action(?: item)?|TODO|AI|Next step)s?\s*[:\-–]\s*")
# "Name:" or "MC:" at the start of a line or sentence, when the speaker is written inline.
LABEL = re.compile(
    r"^\s*((?:Dr\.?|Mr\.?|Mrs\.?|Ms\.?|Prof\.?)?\s*[A-Z][\w'’.-]*(?:[ -][A-Z][\w'’.-]*){0,3})\s*:\s+"
)
_TIMING = re.compile(r"^\s*(?:\d+\s*$|\d{1,2}:\d{2}[:\d.,]*\s*-->.*$|WEBVTT.*$|NOTE\b.*$)", re.M)
_BOUNDARY = re.compile(
    r"([.!?]+)([\"'”’)\]]*)(\s+)(?=[\"'“‘(\[]?[A-Z0-9])|([.!?]+)([\"'”’)\]]*)\s*$|\n\s*\n|\n(?=\s*[-*•])"
)
META_KEYS = {
    "date",
    "time",
    "attendees",
    "participants",
    "present",
    "apologies",
    "absent",
    "minutes",
    "location",
    "subject",
    "agenda",
    "title",
    "next call",
    "next meeting",
    "note",
    "notes",
    "venue",
    "chair",
    "cc",
    "to",
    "from",
}
# Minutes pack several items into one bullet with semicolons; each is its own clause.
_CLAUSE = re.compile(_BOUNDARY.pattern + r"|(;)(\s+)")
QUOTES = "\"'“”‘’"


@dataclass
class Sentence:
    """One sentence or bullet clause. `start`/`end` index the full transcript."""

    text: str
    start: int
    end: int
    speaker: str | None
    utt: int  # index of the utterance it belongs to
    index: int = 0  # position in the meeting
    action: bool = False  # came from an ACTION line
    minutes: bool = False  # narrated minutes rather than verbatim speech
    inline_label: str | None = None
    features: dict = field(default_factory=dict)

    @property
    def low(self) -> str:
        return self.text.lower()


def fallback_utterances(text: str, offset: int = 0) -> list[Utterance]:
    """Utterances from raw text when the caller gave none: one per non-empty line, labels detected."""
    out: list[Utterance] = []
    pos = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        start = pos
        pos += len(line)
        if not body.strip() or _TIMING.fullmatch(body):
            continue
        speaker = None
        voice = re.match(r"\s*<v(?:\.[^ >]*)?\s+([^>]+)>", body)
        label = LABEL.match(body)
        if voice:
            speaker = voice.group(1).strip()
        elif label and label.group(1).strip().lower() not in META_KEYS and not ACTION_PREFIX.match(body):
            speaker = label.group(1).strip()
        out.append(
            Utterance(speaker=speaker, text=body, start=offset + start, end=offset + start + len(body))
        )
    return out


def _mask(text: str) -> str:
    masked = text
    for pattern in _MASKS:
        masked = pattern.sub(lambda m: " " * len(m.group(0)), masked)
    return masked


def _is_abbreviation(text: str, dot: int) -> bool:
    word = re.search(r"([\w.]+)$", text[:dot])
    if not word:
        return False
    token = word.group(1).lower().rstrip(".")
    return token in ABBREVIATIONS or (len(token) == 1 and token.isalpha())


def _pieces(masked: str, clauses: bool = False) -> list[tuple[int, int]]:
    """Split masked utterance text into (start, end) pieces at sentence (and, in minutes, ';') boundaries."""
    spans, begin = [], 0
    boundary = _CLAUSE if clauses else _BOUNDARY
    for m in boundary.finditer(masked):
        if m.group(1) and m.group(1) == "." and _is_abbreviation(masked, m.start()):
            continue
        if masked[begin : m.start()].count("(") > masked[begin : m.start()].count(")"):
            continue  # never split inside parentheses: "(Rev. 4)", "(approx. 20)"
        if (
            m.lastindex
            and m.lastindex >= 6
            and m.group(6)
            and sum(masked.count(q, 0, m.start()) for q in '"“”') % 2
        ):
            continue  # a ';' inside words quoted in minutes belongs to the quoted sentence
        if m.group(1):
            cut = m.end(2)
        elif m.group(4):
            cut = m.end(5)
        elif m.lastindex and m.lastindex >= 6 and m.group(6):
            cut = m.start(6)
        else:
            cut = m.start()
        spans.append((begin, cut))
        begin = m.end()
    spans.append((begin, len(masked)))
    return spans


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (text[start].isspace() or text[start] in QUOTES + "-–—*_>"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in QUOTES + "*_"):
        end -= 1
    # keep a quote mark that closes a quote opened inside the sentence
    span = text[start:end]
    if (
        end < len(text)
        and text[end] in '"”'
        and (span.count('"') + span.count("“") + span.count("”")) % 2 == 1
    ):
        end += 1
    return start, end


def _label(text: str) -> re.Match[str] | None:
    """A speaker label at the start of `text`, unless it is a metadata key such as "Date:"."""
    m = LABEL.match(text)
    if not m or len(m.group(1)) > 40 or m.group(1).strip().lower() in META_KEYS:
        return None
    return m


def split_utterance(utt: Utterance, index: int, base: int, text: str) -> list[Sentence]:
    """Sentences of one utterance. `text` is the request text, `base` its offset in the transcript."""
    local = text[utt.start - base : utt.end - base]
    masked = _mask(local)
    head = re.match(r"\s*([^:\n]{1,40}):", masked)
    if head and head.group(1).strip().lower() in META_KEYS:
        return []  # "Date: ...", "Attendees: ..." lines are not speech
    minutes = utt.speaker is None
    if not minutes and (label := _label(masked)):
        masked = " " * label.end() + masked[label.end() :]
    out: list[Sentence] = []
    quoted_by: str | None = None  # minutes: the label of a quotation still open
    for a, b in _pieces(masked, clauses=minutes):
        action = False
        if m := ACTION_PREFIX.match(masked[a:b]):
            action, a = True, a + m.end()
        inline = None
        if minutes and (m := _label(masked[a:b])):
            inline, a = m.group(1).strip(), a + m.end()
            quoted_by = inline if masked[a:b].lstrip()[:1] in '"“' else None
        elif minutes and quoted_by:
            inline = quoted_by
        s, e = _trim(masked, a, b)
        if quoted_by and (masked[s:b].count('"') + masked[s:b].count("”")) % 2 == 1 and inline and a > 0:
            quoted_by = None  # this sentence closes the quotation
        if e - s < 2 or not re.search(r"[A-Za-z]", local[s:e]):
            continue
        out.append(
            Sentence(
                text=local[s:e],
                start=utt.start + s,
                end=utt.start + e,
                speaker=inline or utt.speaker,
                utt=index,
                action=action or utt.item == "action",
                minutes=minutes and inline is None,
                inline_label=inline,
                features=_item(utt),
            )
        )
    return out


def _item(utt: Utterance) -> dict:
    """Structural action-item facts that ingest found (checkbox, table row), for the rules."""
    if utt.item is None:
        return {}
    return {"item": utt.item, "item_owner": utt.owner, "item_due": utt.due_text}


LONG = 600  # a "sentence" longer than this is a run-on: cut it into clause windows
WINDOW = 320
MAX_WINDOWS = 120  # run-on windows analysed per request; the rest of an unpunctuated flood is skipped
_CLAUSE_CUT = re.compile(r"[,;:—–]\s+|\s+-\s+|\s+(?=(?:and|but|so|because|then)\b)")


def _windows(sent: Sentence) -> list[Sentence]:
    """Clause-sized pieces of an overlong sentence, cut at commas/conjunctions, else at spaces."""
    text, out, begin = sent.text, [], 0
    while begin < len(text):
        end = min(len(text), begin + WINDOW)
        if end < len(text):
            cuts = [m.end() for m in _CLAUSE_CUT.finditer(text, begin + WINDOW // 3, end)]
            if cuts:
                end = cuts[-1]
            else:
                space = text.rfind(" ", begin + WINDOW // 3, end)
                end = space + 1 if space > begin else end
        a, b = begin, end
        while a < b and text[a].isspace():
            a += 1
        while b > a and (text[b - 1].isspace() or text[b - 1] in ",;:"):
            b -= 1
        if b - a >= 2:
            out.append(
                Sentence(
                    text=text[a:b],
                    start=sent.start + a,
                    end=sent.start + b,
                    speaker=sent.speaker,
                    utt=sent.utt,
                    action=sent.action,
                    minutes=sent.minutes,
                    inline_label=sent.inline_label,
                )
            )
        begin = end
    return out


def split_request(text: str, base: int, utterances: list[Utterance]) -> list[Sentence]:
    """All sentences of a request, in order, each with its meeting-wide index.

    Overlong run-on sentences are cut into clause windows, and only the first MAX_WINDOWS such
    windows are kept, so an unpunctuated multi-megabyte line costs bounded work.
    """
    if not utterances:
        utterances = fallback_utterances(text, base)
    out: list[Sentence] = []
    windows = 0
    for i, utt in enumerate(utterances):
        for sent in split_utterance(utt, i, base, text):
            if len(sent.text) <= LONG:
                out.append(sent)
                continue
            for piece in _windows(sent):
                windows += 1
                if windows <= MAX_WINDOWS:
                    out.append(piece)
    for i, sent in enumerate(out):
        sent.index = i
    return out
