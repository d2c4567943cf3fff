"""Score the shipped offline model on new author groups before anything is tuned on them (the first look).

    python eval/first_look.py eval/data/incoming/<author> [...] [--out eval/results/first-look-<version>.json]

Each folder is one author group (its *.json files, searched recursively, so partner sequences
count too). For each group it prints and records macro-F1, per-kind F1, owner and due accuracy for
the shipped model and for its rule layer alone. Run it once when a group arrives, before the group
is moved into eval/data/train and trained on; the figure is published beside the later LOAO row.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "eval"))

import train  # noqa: E402  (the training script's loaders and scorer, so both measure the same way)

from analyzer.backends.offline.model import shipped_model  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="+", type=Path)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    model = shipped_model()
    rows = []
    for folder in args.folders:
        files = sorted(folder.rglob("*.json"))
        if any(bad in folder.resolve().parents or bad == folder.resolve() for bad in train.FORBIDDEN):
            raise SystemExit(f"refusing to read held-out data: {folder}")
        examples = [train.load_example(folder.name, path) for path in files]
        row = {
            **train._row(folder.name, train.score(model, examples)),
            "rules_only": train._row(folder.name, train.score(None, examples)),
        }
        rows.append(row)
        print(json.dumps(row), flush=True)
    out = args.out or ROOT / "eval" / "results" / f"first-look-{model.version}.json"
    out.write_text(json.dumps({"model": model.version, "groups": rows}, indent=1) + "\n", encoding="utf-8")
    print("wrote", out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
