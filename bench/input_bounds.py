"""Hostile-size inputs: one 2 MB line of real sentences, and a one-line JSON export of 1M utterances.

The inputs are built from the project's examples (bench/synth.py) and written to files first; each
case then runs in its own process on the file, so its peak memory (max RSS) is the analyzer's alone.
"ingest" is reading, parsing and chunking (the
steps that were quadratic); "analysis" adds the offline extractor, not storing. Targets: at most 30 s
and 1 GiB each. The offline extractor embeds every sentence with the packaged MiniLM model, so
analysis grows linearly with the text at the embedding rate; the 1M-utterance export (5M words) is
measured for ingest only, since its analysis would take hours at that rate.

    python bench/input_bounds.py            # table
    python bench/input_bounds.py --json
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import emit, fresh_home, parser

TARGET_S = 30.0
TARGET_MB = 1024.0
CASES = ("2 MB line: ingest", "2 MB line: analysis", "1M-utterance JSON: ingest")


def _line_input() -> str:
    """About 2 MB of example sentences with no line break at all."""
    from synth import sentences

    out: list[str] = []
    size, seed = 0, 0
    while size < 2_000_000:
        for sentence in sentences(2000, seed=seed):
            out.append(sentence)
            size += len(sentence) + 1
        seed += 1
    return " ".join(out)[:2_000_000]


def _json_input() -> str:
    """One million utterances, as a meeting tool's JSON export written on one line."""
    from synth import utterances

    # Short turns (the first five words of example utterances), as chat and ASR exports have: the
    # case is about the number of utterances, about 35 MB in all.
    pool = [(speaker, " ".join(text.split()[:5])) for speaker, text in utterances(20000, seed=3)]
    rows = [{"speaker": pool[i % len(pool)][0], "text": pool[i % len(pool)][1]} for i in range(1_000_000)]
    return json.dumps({"title": "Bulk export", "utterances": rows}, separators=(",", ":"))


def worker(case: str, path: Path) -> dict:
    """Ingest (or analyse offline, not stored) one input file; report time and peak memory."""
    fresh_home("bench-bounds-")
    size = path.stat().st_size
    os.environ["ANALYZER_MAX_INPUT_MB"] = str(size // 1_000_000 + 2)
    from analyzer.chunking import passages
    from analyzer.pipeline import analyze, load_source
    from analyzer.settings import get_settings

    get_settings.cache_clear()
    started = time.perf_counter()
    if case.endswith("analysis"):
        report = analyze(path, store=False, partner="Bench")
        transcript, findings, chunks = report.transcript, len(report.findings), report.stats.chunks
    else:
        transcript = load_source(path, get_settings())
        findings, chunks = 0, len(passages(transcript, "bench"))
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "case": case,
        "input_MB": round(size / 1e6, 1),
        "utterances": len(transcript.utterances) if transcript else 0,
        "chunks": chunks,
        "findings": findings,
        "seconds": round(seconds, 1),
        "peak_MB": round(peak_mb),
        "target": f"≤{TARGET_S:.0f} s, ≤{TARGET_MB:.0f} MB",
        "ok": seconds <= TARGET_S and peak_mb <= TARGET_MB,
    }


def main() -> None:
    p = parser(__doc__.splitlines()[0])
    p.add_argument("--case", choices=CASES, help=argparse_hidden())
    p.add_argument("--input", type=Path, help=argparse_hidden())
    args = p.parse_args()
    if args.case:
        print(json.dumps(worker(args.case, args.input)))
        return
    # Inputs are written to files first, so building them costs the measured process nothing.
    folder = Path(tempfile.mkdtemp(prefix="bench-bounds-input-"))
    files = {"line": folder / "one-line.txt", "json": folder / "export.json"}
    files["line"].write_text(_line_input(), encoding="utf-8")
    files["json"].write_text(_json_input(), encoding="utf-8")
    rows = []
    for case in CASES:
        path = files["json" if "JSON" in case else "line"]
        cmd = [sys.executable, __file__, "--case", case, "--input", str(path)]
        done = subprocess.run(cmd, capture_output=True, text=True, env=os.environ.copy())
        if done.returncode != 0:
            rows.append({"case": case, "ok": False, "note": done.stderr.strip().splitlines()[-1][:120]})
            continue
        rows.append(json.loads(done.stdout.strip().splitlines()[-1]))
    shutil.rmtree(folder, ignore_errors=True)
    emit(args, "hostile-size inputs (offline, not stored)", rows, {"load_average": os.getloadavg()})


def argparse_hidden() -> str:
    import argparse

    return argparse.SUPPRESS


if __name__ == "__main__":
    main()
