"""Untrusted text (transcripts, titles, partner names, LLM fields) made inert for Markdown and terminals.

A transcript line can carry `<img src=… onerror=…>`, `![x](https://tracker/…)` or
`[Verify your account](javascript:…)`. Rendered as Markdown (the app, an email client, a wiki) it
would fetch remote images, run markup or show a clickable link the user never wrote. `md` escapes
every character that starts Markdown or HTML syntax, so the text shows exactly as written;
`plain` drops terminal control sequences and invisible direction overrides, so a line cannot
rewrite the screen or reorder what it shows.
"""

from __future__ import annotations

import re
import unicodedata

# C0/C1 controls except tab and newline; ESC starts terminal sequences.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Bidirectional overrides and isolates (the "Trojan Source" characters).
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
# Zero-width characters and the soft hyphen: invisible, so two names that look the same can differ.
_INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u2060-\u2064\ufeff]")
# Enough to stop links, images, HTML, emphasis, code and tables; mid-line, nothing else is syntax.
_MARKDOWN = re.compile(r"([\\`*_\[\]<>|!~&])")


def plain(text: str | None) -> str:
    """The text without control characters and bidirectional overrides; lone surrogates replaced."""
    if not text:
        return ""
    clean = text.encode("utf-8", "replace").decode("utf-8") if _has_surrogate(text) else text
    return _BIDI.sub("", _CONTROLS.sub("", clean))


def clean_name(name: str | None) -> str | None:
    """A speaker or attendee name as it should be shown and matched: NFC, visible characters only.

    "Ana\u200b Ruiz", a decomposed "Jose\u0301" and a name wrapped in a direction override would
    otherwise be separate people that look identical (or a spoofed one). The transcript keeps the
    original text; only the name field is cleaned.
    """
    if name is None:
        return None
    clean = " ".join(_INVISIBLE.sub("", plain(unicodedata.normalize("NFC", name))).split())
    return clean or None


def md(text: str | None) -> str:
    """The text as one line of literal Markdown: syntax characters escaped, line breaks as spaces."""
    return _MARKDOWN.sub(r"\\\1", " ".join(plain(text).split()))


def _has_surrogate(text: str) -> bool:
    return any("\ud800" <= ch <= "\udfff" for ch in text)
