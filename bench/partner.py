"""Partner memory speed: `partner_timeline` and the brief for a partner with 10 meetings and 60 commitments.

The meetings are written straight into a throw-away store (the findings are given, not extracted), so
the figure is follow-up itself: loading the reports, linking every commitment to every later meeting,
deciding statuses, sides and indicators. Start-up (imports, the embedding model) is measured apart.
The first call encodes each meeting's sentences (cached on disk by content, analyzer/memory/linking.py);
later calls, and every call after a meeting is added, pay only for what changed.
Target (issue: partner memory): at most 2 s for the timeline with 10 meetings and 60 commitments.
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import emit, fresh_home, median, parser

MEETINGS = 10
PER_MEETING = 6
TARGET_S = 2.0
ITEMS = ["price sheet", "pallet forecast", "audit plan", "label artwork", "insurance note", "port schedule"]


def _meeting(number: int) -> str:
    lines = [f"Ana Ruiz: Welcome to call {number + 1}, Ben."]
    for i, item in enumerate(ITEMS):
        who = "Ben Cole" if i % 2 else "Ana Ruiz"
        lines.append(f"{who}: I will send the {item} version {number + 1} by Friday.")
        if number:
            lines.append(f"{who}: The {item} version {number} went out on Tuesday as promised.")
    lines.append("Ben Cole: Thanks, talk soon.")
    return "\n".join(lines) + "\n"


def _fill(store) -> None:
    from analyzer.chunking import passages
    from analyzer.core.models import AnalysisStats, Finding, MeetingMeta, Report
    from analyzer.ingest import parse_text

    for number in range(MEETINGS):
        text = _meeting(number)
        transcript = parse_text(text)
        meeting_id = f"bench{number:02d}"
        day = dt.date(2026, 1, 5) + dt.timedelta(days=14 * number)
        findings = []
        for i, item in enumerate(ITEMS):
            quote = f"I will send the {item} version {number + 1} by Friday."
            start = text.index(quote)
            owner = "Ben Cole" if i % 2 else "Ana Ruiz"
            findings.append(
                Finding(
                    kind="commitment",
                    quote=quote,
                    summary=quote,
                    start=start,
                    end=start + len(quote),
                    owner=owner,
                    due=day + dt.timedelta(days=4),
                    meeting_id=meeting_id,
                    id=f"{meeting_id}:f:{start}",
                    backend="bench",
                )
            )
        meta = MeetingMeta(id=meeting_id, title=f"Call {number + 1}", date=day, partner="Acme Tiles")
        report = Report(
            meeting=meta, findings=findings, stats=AnalysisStats(backend="bench"), transcript=transcript
        )
        store.save(report, passages(transcript, meeting_id))


def main() -> None:
    args = parser(__doc__.splitlines()[0]).parse_args()
    fresh_home("bench-partner-")
    started = time.perf_counter()
    from analyzer.memory import brief_markdown, partner_timeline
    from analyzer.store import Store

    store = Store()
    _fill(store)
    setup = time.perf_counter() - started
    timings: dict[str, list[float]] = {"partner_timeline": [], "brief_markdown": []}
    as_of = dt.date(2026, 6, 1)
    counts = None
    for _ in range(args.runs):
        began = time.perf_counter()
        timeline = partner_timeline(store, "Acme Tiles", as_of=as_of)
        timings["partner_timeline"].append(time.perf_counter() - began)
        began = time.perf_counter()
        brief_markdown(store, "Acme Tiles", as_of=as_of)
        timings["brief_markdown"].append(time.perf_counter() - began)
        counts = timeline.indicators.status_counts
    # The first call encodes every meeting's sentences; later calls read them from the vector cache.
    rows = [
        {
            "call": name,
            "meetings": MEETINGS,
            "commitments": MEETINGS * PER_MEETING,
            "first call s": values[0],
            "later calls, median s": median(values[1:]) if len(values) > 1 else float("nan"),
            "target s": TARGET_S,
            "met (later calls)": len(values) > 1 and median(values[1:]) <= TARGET_S,
        }
        for name, values in timings.items()
    ]
    emit(
        args,
        "Partner memory, 10 meetings x 6 commitments",
        rows,
        {"setup s": round(setup, 1), "statuses": counts},
    )


if __name__ == "__main__":
    main()
