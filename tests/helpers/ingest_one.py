"""Ingest one transcript into the store named by ANALYZER_HOME; used by the durability tests."""

import datetime as dt
import sys
from pathlib import Path

from analyzer.pipeline import analyze

report = analyze(Path(sys.argv[1]), partner=sys.argv[2], date=dt.date(2026, 3, 10), store=True)
print(report.meeting.id, len(report.findings), flush=True)
