"""Partner names as people type them: one stored name for "Lodz Freight" and "Łódź Freight Sp. z o.o.".

A query name resolves to a stored spelling when, after folding (case, accents, punctuation, letters
such as ł or ø that have no decomposition) and dropping trailing legal forms (`data/company_forms.json`),
it equals exactly one stored name, or its words are all words of exactly one stored name. Anything
looser would guess, so an ambiguous or unknown name resolves to nothing and the caller says so.
"""

from __future__ import annotations

import json
import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from .core.errors import NotFoundError
from .store_records import partner_key

if TYPE_CHECKING:
    from .store import Store

FORMS_FILE = Path(__file__).with_name("data") / "company_forms.json"
# Letters NFKD leaves alone, written the way people type them on an English keyboard.
_PLAIN = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe", "ı": "i", "þ": "th"})


@lru_cache(maxsize=1)
def _forms() -> tuple[tuple[str, ...], ...]:
    forms = json.loads(FORMS_FILE.read_text(encoding="utf-8"))["forms"]
    return tuple(sorted((tuple(f.split()) for f in forms), key=len, reverse=True))


def fold(name: str) -> tuple[str, ...]:
    """The words of a name, folded and without trailing legal forms."""
    text = unicodedata.normalize("NFKD", name.lower().translate(_PLAIN))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    # Dotted abbreviations ("S.A.", "o.o.", "A/S") become one word, as the forms list writes them.
    text = re.sub(r"\b(\w)[./](?=\w\b)", r"\1", text)
    words = re.sub(r"[^\w]+|_", " ", text).split()
    trimmed = True
    while trimmed and len(words) > 1:
        trimmed = False
        for form in _forms():
            if len(form) < len(words) and tuple(words[-len(form) :]) == form:
                words, trimmed = words[: -len(form)], True
                break
    return tuple(words)


def resolve_partner(query: str, stored: list[str]) -> str | None:
    """The stored name `query` means, or None when none or several could be meant."""
    key = fold(query)
    if not key:
        return None
    same = [name for name in stored if fold(name) == key]
    if len(same) == 1:
        return same[0]
    if same:
        return None
    within = [name for name in stored if set(key) <= set(fold(name))]
    return within[0] if len(within) == 1 else None


def stored_partner(store: Store, name: str) -> str:
    """The stored spelling of a partner as typed; NotFoundError listing the known partners otherwise."""
    names = store.partners()
    exact = [n for n in names if partner_key(n) == partner_key(name)]
    found = exact[0] if exact else resolve_partner(name, names)
    if found is None:
        known = ", ".join(names) if names else "none yet"
        raise NotFoundError(
            f"no stored meetings with partner '{name}' (known partners: {known})",
            "check the spelling, or analyse a meeting with --partner first",
        )
    return found
