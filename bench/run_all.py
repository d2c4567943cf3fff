"""Run every benchmark, each in its own subprocess (fresh imports, fresh ANALYZER_HOME), one after another.

    python bench/run_all.py            # tables
    python bench/run_all.py --json     # one JSON object: {script name: its JSON output}
    python bench/run_all.py --quick    # fewer runs and a 10k-passage search corpus (minutes, not a quarter hour)

Benchmarks run sequentially on purpose: in parallel they would compete for the same two cores.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent

SCRIPTS = [
    ("pipeline_speed", [], ["--runs", "2"]),
    ("embedding", [], ["--runs", "1"]),
    ("llm", [], ["--runs", "1", "--concurrency", "4,10"]),
    ("memory", [], ["--no-store-run"]),
    ("selection", [], []),
    ("search", [], ["--sizes", "1000,10000", "--no-per-partner"]),
    ("input_bounds", [], []),
    ("partner", [], ["--runs", "2"]),
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--only", help="comma-separated script names")
    args = parser.parse_args()
    wanted = set(args.only.split(",")) if args.only else None
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    results, failed = {}, []
    for name, full, quick in SCRIPTS:
        if wanted and name not in wanted:
            continue
        cmd = [sys.executable, str(HERE / f"{name}.py"), *(quick if args.quick else full)]
        if args.json:
            cmd.append("--json")
        started = time.perf_counter()
        proc = subprocess.run(cmd, env=env, capture_output=True, text=True)
        seconds = time.perf_counter() - started
        if proc.returncode != 0:
            failed.append(name)
            sys.stderr.write(f"{name} failed ({proc.returncode}):\n{proc.stderr[-3000:]}\n")
            continue
        if args.json:
            results[name] = json.loads(proc.stdout.strip().splitlines()[-1])
        else:
            print(proc.stdout)
            print(f"({name}: {seconds:.0f} s)\n", flush=True)
    if args.json:
        results["load_average_at_end"] = os.getloadavg()
        print(json.dumps(results, default=str))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
