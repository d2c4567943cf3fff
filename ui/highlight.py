"""Escaped, highlighted HTML for untrusted text (transcripts, passages).

Transcripts come from business partners and uploads, so they are untrusted: every piece of text is
`html.escape`d slice by slice *between offsets* before any markup is added. Markup is only ever
our own tags around those escaped slices, never anything derived from the text itself.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from analyzer.ingest.timecodes import clock_label

KIND_CLASSES = {
    "commitment": "k-commitment",
    "unresolved_conflict": "k-conflict",
    "transparency_gap": "k-gap",
    "cultural_misstep": "k-misstep",
    "passage": "k-passage",
    "term": "k-term",
}


@dataclass(frozen=True)
class Span:
    """A highlighted range [start, end) of the text; `ident` becomes the element id `f-<ident>`."""

    start: int
    end: int
    kind: str
    ident: int | str
    title: str = ""


def _esc(text: str) -> str:
    """Escape a slice and keep its line breaks visible without relying on CSS white-space."""
    return html.escape(text, quote=True).replace("\r\n", "\n").replace("\n", "<br>")


def highlight_html(
    text: str,
    spans: Sequence[Span],
    *,
    selected: int | str | None = None,
    id_prefix: str = "f-",
    css_class: str = "transcript",
    muted: Sequence[tuple[int, int]] = (),
    speakers: Sequence[tuple[int, int]] = (),
    labels: Sequence[tuple[int, int, str]] = (),
) -> str:
    """The whole `text` as one HTML block with every span wrapped in a coloured <mark>.

    Overlapping spans are cut into segments at every boundary; a segment takes the colour of its
    innermost (shortest) span. The first segment of each span carries its id, so `#f-<n>` anchors
    and scrollIntoView land on it; a span hidden under another gets an empty anchor instead.
    `muted` ranges (format markup such as timecodes) are drawn grey and `speakers` ranges bold,
    where no finding covers them. `labels` ranges (caption cue numbers, timings, voice tags) are not
    shown at all: each is replaced by its clean "Name [mm:ss]" line start, escaped like the text.
    """
    n = len(text)
    clean = [s for s in spans if 0 <= s.start < s.end <= n]
    extra = [(a, b) for a, b in [*muted, *speakers, *((a, b) for a, b, _ in labels)] if 0 <= a < b <= n]
    bounds = sorted(
        {0, n, *(s.start for s in clean), *(s.end for s in clean), *(x for r in extra for x in r)}
    )
    out: list[str] = [f'<div class="{css_class}">']
    started: set[int | str] = set()
    shown: set[int] = set()
    for lo, hi in zip(bounds, bounds[1:]):
        active = [s for s in clean if s.start <= lo and s.end >= hi]
        replaced = next(((a, label) for a, b, label in labels if a <= lo and hi <= b), None)
        if replaced is not None:
            if replaced[0] not in shown:
                shown.add(replaced[0])
                brk = "<br>" if replaced[0] else ""
                out.append(
                    f'{brk}<span class="spk">{html.escape(replaced[1])}</span> ' if replaced[1] else ""
                )
            continue
        piece = _esc(text[lo:hi])
        if not active:
            if any(a <= lo and hi <= b for a, b in speakers):
                piece = f'<span class="spk">{piece}</span>'
            elif any(a <= lo and hi <= b for a, b in muted):
                piece = f'<span class="aux">{piece}</span>'
            out.append(piece)
            continue
        top = min(active, key=lambda s: (s.end - s.start, str(s.ident)))
        for s in active:  # anchors for spans that begin here but are drawn under another colour
            if s is not top and s.ident not in started:
                started.add(s.ident)
                out.append(f'<span class="anchor" id="{id_prefix}{html.escape(str(s.ident))}"></span>')
        classes = ["hl", KIND_CLASSES.get(top.kind, "k-passage")]
        if len(active) > 1:
            classes.append("multi")
        if selected is not None and any(s.ident == selected for s in active):
            classes.append("sel")
        attrs = f'class="{" ".join(classes)}"'
        if top.ident not in started:
            started.add(top.ident)
            attrs += f' id="{id_prefix}{html.escape(str(top.ident))}"'
        if top.title:
            attrs += f' title="{html.escape(top.title, quote=True)}"'
        out.append(f"<mark {attrs}>{piece}</mark>")
    out.append("</div>")
    return "".join(out)


def layout_ranges(text: str, utterances: Sequence) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Gaps between utterances (format markup, headers, timecodes) and the speaker names inside them."""
    muted: list[tuple[int, int]] = []
    speakers: list[tuple[int, int]] = []
    previous = 0
    for utt in sorted(utterances, key=lambda u: u.start):
        if utt.start > previous:
            muted.append((previous, utt.start))
            at = text.rfind(utt.speaker, previous, utt.start) if utt.speaker else -1
            if at != -1:
                speakers.append((at, at + len(utt.speaker)))
        previous = max(previous, utt.end)
    if utterances and previous < len(text):
        muted.append((previous, len(text)))
    return muted, speakers


_CAPTION_MARKUP = re.compile(r"-->|^WEBVTT", re.M)


def caption_labels(text: str, utterances: Sequence) -> list[tuple[int, int, str]]:
    """For captions (VTT, SRT): every gap before an utterance as (start, end, "Name [mm:ss]:").

    Cue numbers, timings and voice tags are markup, not words; a reader wants who spoke and when.
    Other formats keep their text as written (their labels already read as "Name: words").
    """
    if not _CAPTION_MARKUP.search(text[:2000]):
        return []
    out: list[tuple[int, int, str]] = []
    previous = 0
    for utt in sorted(utterances, key=lambda u: u.start):
        if utt.start > previous:
            label = (
                f"{utt.speaker}{clock_label(utt.ts_start)}:"
                if utt.speaker
                else clock_label(utt.ts_start).strip()
            )
            out.append((previous, utt.start, label))
        previous = max(previous, utt.end)
    if utterances and previous < len(text):
        out.append((previous, len(text), ""))
    return out


def term_spans(text: str, terms: Iterable[str], ident_start: int = 0) -> list[Span]:
    """Case-insensitive occurrences of query terms (words of 3+ letters, quoted phrases) in `text`."""
    words = {t.strip() for t in terms if len(t.strip()) >= 3}
    spans: list[Span] = []
    for word in sorted(words, key=len, reverse=True):
        for m in re.finditer(re.escape(word), text, flags=re.IGNORECASE):
            if not any(s.start < m.end() and m.start() < s.end for s in spans):
                spans.append(Span(m.start(), m.end(), "term", f"t{ident_start + len(spans)}"))
    return spans


def query_terms(query: str) -> list[str]:
    """The words and quoted phrases of a search query worth highlighting."""
    phrases = re.findall(r'"([^"]+)"', query)
    rest = re.sub(r'"[^"]+"', " ", query)
    stop = {"the", "and", "for", "with", "what", "when", "who", "did", "about", "that", "this", "was", "are"}
    words = [w for w in re.findall(r"[\w][\w\-./#%]*", rest) if w.lower() not in stop]
    return phrases + words


def escape(text: str | None) -> str:
    """Escaped text for inline use in our own HTML."""
    return _esc(text or "")
