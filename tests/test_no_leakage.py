"""No phrase from the held-out data may sit in the code's lexicons, rules or prompts.

Any string literal in the analyzer package (lexicons, rule patterns, summaries, docstrings), any of
its JSON data files and any prompt file that shares an 8-word sequence with a transcript in eval/data/test or
eval/data/sequences-holdout fails this test: held-out numbers are only honest if nothing was copied.
"""

import ast
import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HELD_OUT = [ROOT / "eval" / "data" / "test", ROOT / "eval" / "data" / "sequences-holdout"]
N = 8


def _words(text: str) -> list[str]:
    # Regex syntax is dropped so that "send(?:s)? the" still reads as words.
    return re.findall(r"[a-z0-9']+", re.sub(r"\(\?[:!=<]+|\\[bswd]", " ", text.lower()))


def _grams(text: str) -> set[tuple[str, ...]]:
    words = _words(text)
    return {tuple(words[i : i + N]) for i in range(len(words) - N + 1)}


def _held_out_grams() -> set[tuple[str, ...]]:
    grams: set[tuple[str, ...]] = set()
    for folder in HELD_OUT:
        for path in folder.rglob("*.json"):
            grams |= _grams(json.loads(path.read_text(encoding="utf-8"))["transcript"])
    return grams


def _code_strings() -> list[tuple[str, str]]:
    found = []
    for path in sorted((ROOT / "analyzer").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                found.append((f"{path.relative_to(ROOT)}:{node.lineno}", node.value))
    for path in sorted((ROOT / "analyzer").rglob("*.json")):  # rules and lexicons kept as data
        found.append((str(path.relative_to(ROOT)), path.read_text(encoding="utf-8")))
    for path in sorted((ROOT / "prompts").rglob("*")):
        if path.is_file():
            found.append((str(path.relative_to(ROOT)), path.read_text(encoding="utf-8")))
    return found


def test_held_out_data_is_present_to_check_against():
    assert len(_held_out_grams()) > 1000


def test_no_code_string_or_prompt_shares_eight_words_with_held_out_transcripts():
    held = _held_out_grams()
    leaks = [(where, " ".join(g)) for where, text in _code_strings() for g in _grams(text) & held]
    assert not leaks, f"phrases copied from held-out data: {leaks[:10]}"
