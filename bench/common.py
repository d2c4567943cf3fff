"""Shared helpers for the benchmark scripts: an isolated ANALYZER_HOME, medians, tables and --json.

Every script runs offline against a throw-away data directory, so benchmarks never touch a user's
store or cache, and a second run does not profit from the first one's extraction cache.
"""

from __future__ import annotations

import argparse
import atexit
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")


def fresh_home(prefix: str = "bench-") -> Path:
    """A new temporary ANALYZER_HOME, set in the environment, with the settings cache cleared."""
    from analyzer.settings import get_settings

    home = Path(tempfile.mkdtemp(prefix=prefix))
    atexit.register(shutil.rmtree, home, ignore_errors=True)  # a 100k-passage store is ~0.5 GB
    os.environ["ANALYZER_HOME"] = str(home)
    for name in ("ANALYZER_CHROMA_URL", "ANALYZER_CHROMA_HOST", "ANALYZER_CHROMA_PORT", "ANALYZER_BACKEND"):
        os.environ.pop(name, None)
    get_settings.cache_clear()
    return home


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    value = fn()
    return time.perf_counter() - started, value


def median(values: Iterable[float]) -> float:
    return statistics.median(list(values))


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100): what a user actually waited at that rank."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), int(round(q / 100 * len(ordered) + 0.5))))
    return ordered[rank - 1]


def table(rows: list[dict[str, Any]], columns: list[str] | None = None) -> str:
    """A plain fixed-width table (markdown-compatible pipes)."""
    if not rows:
        return "(no rows)"
    columns = columns or list(rows[0])
    cells = [[_fmt(r.get(c, "")) for c in columns] for r in rows]
    widths = [max(len(c), *(len(row[i]) for row in cells)) for i, c in enumerate(columns)]
    line = lambda values: "| " + " | ".join(v.ljust(w) for v, w in zip(values, widths)) + " |"  # noqa: E731
    out = [line(columns), "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
    out += [line(row) for row in cells]
    return "\n".join(out)


def _fmt(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.3f}" if abs(value) < 100 else f"{value:.0f}"
    if isinstance(value, bool):
        return "yes" if value else "NO"
    return str(value)


def parser(description: str) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    p.add_argument("--runs", type=int, default=5, help="repetitions; medians are reported")
    return p


def emit(
    args: argparse.Namespace, title: str, rows: list[dict[str, Any]], extra: dict[str, Any] | None = None
) -> None:
    """Print the result as a table (with a title) or, with --json, as one JSON object."""
    if args.json:
        print(json.dumps({"benchmark": title, "rows": rows, **(extra or {})}, default=str))
    else:
        print(f"## {title}\n")
        print(table(rows))
        for key, value in (extra or {}).items():
            if not isinstance(value, (list, dict)):
                print(f"{key}: {value}")
        print()
