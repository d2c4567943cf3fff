"""Check labeled-notes files with the standard library only, so authors can validate as they write.

Usage: python3 eval/check_labels.py FILE_OR_DIR [...]
Checks each file against the rules `analyzer/evaluation/dataset.py` enforces: required fields,
known kinds, ISO dates, and every quote occurring exactly once (or at its given `start`).
Exit 0 when every file passes; otherwise one line per problem and exit 1.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

KINDS = {"commitment", "unresolved_conflict", "transparency_gap", "cultural_misstep"}


def _date_ok(value: object) -> bool:
    if value is None:
        return True
    try:
        dt.date.fromisoformat(str(value))
    except ValueError:
        return False
    return len(str(value)) == 10


def problems(path: Path) -> list[str]:
    """Every problem in one labeled meeting file, as `path: problem` lines."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        return [f"{path}: not readable JSON ({error})"]
    out = []
    for field in ("id", "date", "transcript", "labels"):
        if field not in data:
            out.append(f"{path}: missing field {field!r}")
    if out:
        return out
    if not _date_ok(data["date"]):
        out.append(f"{path}: date {data['date']!r} is not YYYY-MM-DD")
    text = data["transcript"]
    for index, label in enumerate(data["labels"]):
        where = f"{path}: labels[{index}]"
        if label.get("kind") not in KINDS:
            out.append(f"{where}: kind {label.get('kind')!r} not one of {sorted(KINDS)}")
        if not _date_ok(label.get("due")):
            out.append(f"{where}: due {label.get('due')!r} is not YYYY-MM-DD or null")
        quote = label.get("quote") or ""
        if not quote:
            out.append(f"{where}: empty quote")
            continue
        if "start" in label and label["start"] is not None:
            if text[label["start"] : label["start"] + len(quote)] != quote:
                out.append(f"{where}: transcript[start:start+len(quote)] is not the quote")
            continue
        count = text.count(quote)
        if count != 1:
            out.append(f"{where}: quote occurs {count} times (must be exactly once, or give 'start')")
    return out


def main(argv: list[str]) -> int:
    files: list[Path] = []
    for arg in argv:
        path = Path(arg)
        files.extend(sorted(path.rglob("*.json")) if path.is_dir() else [path])
    found = [line for file in files for line in problems(file)]
    print("\n".join(found) if found else f"{len(files)} files OK")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
