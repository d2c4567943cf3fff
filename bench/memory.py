"""Peak RSS of analysing a 100,000-word transcript offline, in a fresh subprocess (ru_maxrss).

The meeting is written to a file and analysed by the real CLI (`analyzer analyze FILE --backend
offline --no-store --json`, and once more with storing), so the figure includes interpreter,
imports, the ONNX model, tokenizers and Chroma: what a user's process actually peaks at.
The child's own rusage comes from os.wait4, so nothing else running on the machine is counted.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT, emit, parser

TARGET_MIB = 1024


def measure(path: Path, store: bool) -> dict:
    home = tempfile.mkdtemp(prefix="bench-mem-")
    env = {**os.environ, "ANALYZER_HOME": home, "HF_HUB_OFFLINE": "1"}
    cmd = [
        str(ROOT / ".venv" / "bin" / "analyzer"),
        "analyze",
        str(path),
        "--backend",
        "offline",
        "--json",
        "--partner",
        "Memory Bench",
    ]
    if not store:
        cmd.append("--no-store")
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    code = os.waitstatus_to_exitcode(status)
    stderr = proc.stderr.read().decode(errors="replace")[-300:] if proc.stderr else ""
    peak = usage.ru_maxrss / 1024  # KiB on Linux
    return {
        "run": "analyze + store" if store else "analyze (--no-store)",
        "exit": code,
        "peak_rss_mib": round(peak, 1),
        "target_mib": TARGET_MIB,
        "ok": code == 0 and peak <= TARGET_MIB,
        "wall_s": round(wall, 1),
        "cpu_s": round(usage.ru_utime + usage.ru_stime, 1),
        **({"stderr": stderr} if code else {}),
    }


def run(words: int = 100_000, with_store: bool = True) -> list[dict]:
    from synth import meeting_text

    path = Path(tempfile.mkdtemp(prefix="bench-mem-in-")) / "big-meeting.txt"
    path.write_text(meeting_text(words, seed=5), encoding="utf-8")
    rows = [measure(path, store=False)]
    if with_store:
        rows.append(measure(path, store=True))
    for row in rows:
        row["words"] = words
    return rows


def main() -> None:
    p = parser(__doc__.splitlines()[0])
    p.add_argument("--words", type=int, default=100_000)
    p.add_argument("--no-store-run", action="store_true", help="skip the second run that also stores")
    args = p.parse_args()
    emit(args, "peak RSS, offline analysis in a subprocess", run(args.words, not args.no_store_run))


if __name__ == "__main__":
    main()
