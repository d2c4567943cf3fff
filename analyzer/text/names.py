"""Names as people write them: titles, honorifics, folding for comparison, the words of a name.

Owner resolution in the offline backend and commitment linking in partner memory compare names the
same way, through these helpers.
"""

from __future__ import annotations

import re
import unicodedata

TITLE = r"(?:Dr|Prof|Professor|Mr|Mrs|Ms|Miss|Mx|Sir|Madam|Director|President|Chairman|Chairwoman|Minister|Engr?|Eng)"
# Honorifics that precede a name in Malaysia ("Dato' Lim"), Ethiopia ("Ato"), Indonesia ("Pak") and at sea ("Captain"):
# they are titles, never a first name.
_TITLE_WORDS = {
    "dr",
    "prof",
    "professor",
    "mr",
    "mrs",
    "ms",
    "miss",
    "mx",
    "sir",
    "madam",
    "engr",
    "eng",
    "dato",
    "dato'",
    "dato’",
    "datuk",
    "datin",
    "puan",
    "encik",
    "ato",
    "w/ro",
    "pak",
    "ibu",
    "bu",
    "captain",
    "capt",
}
HONORIFIC = r"(?:san|sama|sensei|shi|ssi|nim|ji)"


def fold(text: str) -> str:
    """Casefold and strip accents so "João" matches "Joao"."""
    return "".join(c for c in unicodedata.normalize("NFKD", text.casefold()) if not unicodedata.combining(c))


def name_words(name: str) -> list[str]:
    """Name words without titles or honorifics: "Dr. Ananya Iyer" -> ["Ananya", "Iyer"]."""
    words = []
    for word in re.split(r"\s+", name.strip()):
        word = re.sub(rf"-{HONORIFIC}$", "", word.strip(".,;:()"))
        if word and fold(word).rstrip(".") not in _TITLE_WORDS:
            words.append(word)
    return words


def initials(name: str) -> str:
    return "".join(w[0] for w in name_words(name)).upper()
