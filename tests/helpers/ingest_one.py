"""Ingest (or delete) one meeting in the store named by ANALYZER_HOME; used by the durability tests.

    ingest_one.py PATH PARTNER [--kill-at POINT]      analyse and store PATH
    ingest_one.py --delete MEETING_ID [--kill-at POINT]
    ingest_one.py PATH PARTNER --defer-index          store without passages, then index them (as the app)

With --kill-at the process sends itself SIGKILL at that named point of the store write (see
`Store._checkpoint`), so a test can crash it exactly between two commits.
"""

import argparse
import datetime as dt
import os
import signal
from pathlib import Path

from analyzer.pipeline import analyze
from analyzer.store import Store

parser = argparse.ArgumentParser()
parser.add_argument("path", nargs="?")
parser.add_argument("partner", nargs="?")
parser.add_argument("--kill-at")
parser.add_argument("--delete")
parser.add_argument("--title")
parser.add_argument("--defer-index", action="store_true")
args = parser.parse_args()
if args.kill_at:

    def _die(self: Store, name: str) -> None:
        if name == args.kill_at:
            os.kill(os.getpid(), signal.SIGKILL)

    Store._checkpoint = _die  # type: ignore[method-assign]
if args.delete:
    print(Store().delete(args.delete).id, flush=True)
else:
    report = analyze(
        Path(args.path),
        partner=args.partner,
        date=dt.date(2026, 3, 10),
        store=True,
        title=args.title,
        index=not args.defer_index,
    )
    if args.defer_index:
        from analyzer.indexing import index_meeting

        index_meeting(Store(), report.meeting.id, report.transcript)
    print(report.meeting.id, len(report.findings), flush=True)
