"""Print the markdown tables of eval/README.md from eval/model-report.json and the first-look file.

python eval/tables.py
"""

from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
KINDS = ["commitment", "unresolved_conflict", "transparency_gap", "cultural_misstep"]


def _f(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def loao_table(report: dict) -> str:
    """One row per held-out author group: model, and the rule layer alone, macro and per kind."""
    lines = [
        "| held-out author group | meetings | macro-F1 (rules alone) | commitments | conflicts | gaps | missteps "
        "| owner | due |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for row in report["loao"]:
        rules = row.get("rules_only", {})
        lines.append(
            f"| {row['group']} | {row['meetings']} | **{_f(row['macro_f1'])}** ({_f(rules.get('macro_f1'))}) | "
            + " | ".join(f"{_f(row[k])} ({_f(rules.get(k))})" for k in KINDS)
            + f" | {_f(row['owner_accuracy'])} | {_f(row['due_accuracy'])} |"
        )
    mean = report["mean"]
    rules_mean = {
        k: sum(r["rules_only"][k] or 0 for r in report["loao"]) / len(report["loao"])
        for k in ["macro_f1", *KINDS]
    }
    lines.append(
        f"| **mean** | {sum(r['meetings'] for r in report['loao'])} | **{_f(mean['macro_f1'])}** "
        f"({_f(rules_mean['macro_f1'])}) | "
        + " | ".join(f"{_f(mean[k])} ({_f(rules_mean[k])})" for k in KINDS)
        + f" | {_f(mean['owner_accuracy'])} | {_f(mean['due_accuracy'])} |"
    )
    lines.append("| target | | 0.75 | 0.9 | 0.6 | 0.6 | 0.6 | 0.95 | 0.95 |")
    return "\n".join(lines)


def main() -> None:
    print(loao_table(json.loads((HERE / "model-report.json").read_text(encoding="utf-8"))))


if __name__ == "__main__":
    main()
