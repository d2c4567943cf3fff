"""Exports of a report: JSON, Markdown (for a follow-up email), CSV, and ICS for commitments with due dates.

CSV cells that a spreadsheet would run as formulas are neutralised; transcripts are untrusted.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Mapping
from typing import Any

from .core.models import KIND_LABELS, KINDS, Finding, Report
from .overview import build as build_overview
from .safe_text import md, plain
from .sides import PROMISE_LABELS, SideCall, assign_sides, promiser_side, split_by_side

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def finding_dict(finding: Finding) -> dict[str, Any]:
    """The public JSON shape of one finding."""
    data = finding.model_dump(mode="json", exclude={"meeting_id", "chunk_id"})
    data["due"] = finding.due.isoformat() if finding.due else None
    return data


def report_dict(report: Report) -> dict[str, Any]:
    """`{"meeting", "findings", "stats"}`: the shape `analyzer analyze --json` prints."""
    return {
        "meeting": report.meeting.model_dump(mode="json"),
        "findings": [finding_dict(f) for f in report.findings],
        "stats": report.stats.model_dump(mode="json") | {"counts": report.counts()},
        "stored": report.stored,
    }


def to_json(report: Report) -> str:
    return json.dumps(report_dict(report), indent=2, ensure_ascii=False)


def _sides(report: Report, sides: Mapping[str, SideCall] | None) -> Mapping[str, SideCall]:
    """The sides given, else what the notes alone say (attendee labels, organisations, the note-taker)."""
    return sides if sides is not None else assign_sides(report.transcript, report.meeting.partner)


def _commitment_line(f: Finding, side: str | None = None) -> str:
    who = md(f.owner or f.speaker or "someone")
    due = f" — due {f.due:%a %d %b %Y}" if f.due else (f" — {md(f.due_text)}" if f.due_text else "")
    promised = f" _({PROMISE_LABELS[side]})_" if side else ""
    return f"- **{who}**{promised}: {md(f.summary)}{due}\n  > “{md(f.quote)}”"


def to_markdown(report: Report, sides: Mapping[str, SideCall] | None = None) -> str:
    """A follow-up summary, ready to paste into an email; transcript text in it is inert Markdown."""
    m = report.meeting
    calls = _sides(report, sides)
    lines = [f"## {md(m.title)}", f"{m.date:%A %d %B %Y}" + (f" · {md(m.partner)}" if m.partner else ""), ""]
    if report.stats.partial:
        failed = ", ".join(str(c.index + 1) for c in report.stats.failed_chunks)
        lines += [f"_Partial analysis: chunk(s) {failed} failed; re-run to complete._", ""]
    overview = build_overview(report)
    if overview.topics:
        lines += ["Topics: " + ", ".join(md(t) for t in overview.topics), ""]
    if overview.decisions:
        lines += ["### Decisions", ""]
        lines += [
            f"- “{md(d.text)}”" + (f" ({md(d.speaker)})" if d.speaker else "") for d in overview.decisions
        ]
        lines.append("")
    if not report.findings:
        lines.append("No commitments, open conflicts, transparency gaps or cultural missteps were found.")
    for kind in KINDS:
        items = report.by_kind(kind)
        if not items:
            continue
        lines += [f"### {KIND_LABELS[kind]} ({len(items)})", ""]
        for f in items:
            if kind == "commitment":
                lines.append(_commitment_line(f, promiser_side(f, calls, report.transcript.aliases)))
            else:
                who = f" ({md(f.speaker)})" if f.speaker else ""
                lines.append(f"- {md(f.summary)}{who}\n  > “{md(f.quote)}”")
                if f.suggested_repair:
                    lines.append(f"  Suggested next step: {md(f.suggested_repair)}")
        lines.append("")
    prompts = ", ".join(f"{k} {v}" for k, v in report.stats.prompt_versions.items())
    lines.append(f"_Analysed by {report.stats.backend}; prompts {prompts}._")
    return "\n".join(lines).rstrip() + "\n"


def _step_line(f: Finding) -> str:
    who = plain(f.owner or f.speaker or "")
    due = f" (by {f.due:%a %d %b})" if f.due else (f" ({plain(f.due_text)})" if f.due_text else "")
    return f"- {who + ': ' if who else ''}“{' '.join(plain(f.quote).split())}”{due}"


# Addressed to the partner: their promises are "yours", ours are "ours".
_EMAIL_SECTIONS = [
    ("ours", "What we will do:"),
    ("theirs", "What you will do:"),
    ("unknown", "Other next steps:"),
]


def _next_steps(agreed: list[Finding], groups: dict[str, list[Finding]]) -> list[str]:
    if not groups["ours"] and not groups["theirs"]:
        return ["Here are the next steps as I noted them:", "", *map(_step_line, agreed)]
    lines: list[str] = []
    for side, title in _EMAIL_SECTIONS:
        if groups[side]:
            lines += [title, "", *map(_step_line, groups[side]), ""]
    return lines[:-1]


def to_email(report: Report, sides: Mapping[str, SideCall] | None = None) -> str:
    """A follow-up the user can send to the partner: what was agreed, who does it, by when.

    Plain text, no Markdown, and nothing the analyzer judged (conflicts, gaps, missteps, model
    versions): those stay in the internal note (`to_markdown`). Text from the transcript has its
    control characters removed. When sides are known, the steps are split into ours and theirs.
    """
    m = report.meeting
    agreed = report.by_kind("commitment")
    groups = split_by_side(agreed, _sides(report, sides), report.transcript.aliases)
    lines = [f"Subject: Follow-up: {plain(m.title)} ({m.date:%d %b %Y})", "", "Hello,", ""]
    lines.append(f"Thank you for the call on {m.date:%A %d %B %Y}.")
    decided = build_overview(report).decisions
    if decided:
        lines += ["", "What we decided:", ""]
        lines += [f"- “{' '.join(plain(d.text).split())}”" for d in decided]
        lines.append("")
    if lines[-1]:
        lines.append("")
    if agreed:
        lines += _next_steps(agreed, groups)
        lines += ["", "Please tell me if I missed or misread anything."]
    else:
        lines += ["I noted no action items; please tell me if I missed any."]
    lines += ["", "Best regards,", ""]
    return "\n".join(lines)


def safe_cell(value: Any) -> str:
    """A CSV cell that spreadsheets show as text, never run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


CSV_COLUMNS = [
    "kind",
    "summary",
    "quote",
    "speaker",
    "owner",
    "counterparty",
    "due",
    "due_text",
    "confidence",
    "why_it_matters",
    "suggested_repair",
    "start",
    "end",
    "meeting",
    "date",
    "partner",
]


def to_csv(report: Report) -> str:
    """Findings as CSV, starting with a UTF-8 byte-order mark so Excel reads "ł" as "ł", not "Å‚"."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for f in report.findings:
        row = finding_dict(f) | {
            "meeting": report.meeting.title,
            "date": report.meeting.date.isoformat(),
            "partner": report.meeting.partner,
        }
        writer.writerow([safe_cell(row.get(col)) for col in CSV_COLUMNS])
    return out.getvalue()


def _ics_text(text: str) -> str:
    """RFC 5545 TEXT: backslash, semicolon and comma escaped; every line break (CRLF, LF or a bare CR,
    which some readers split on) as `\\n`; other control characters dropped, so no line can start a
    property or an event of its own."""
    text = plain(text.replace("\r\n", "\n").replace("\r", "\n"))
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> str:
    """RFC 5545 lines are at most 75 octets; longer ones continue after CRLF + space."""
    out, current = [], ""
    for ch in line:
        if len((current + ch).encode("utf-8")) > 74:
            out.append(current)
            current = " "
        current += ch
    return "\r\n".join([*out, current])


def commitments_ics(items: list[tuple[Finding, str, str]], calendar_name: str = "Commitments") -> str:
    """An ICS calendar: one all-day event per (commitment, meeting title, partner) with a due date."""
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//meeting-analyzer//commitments//EN",
        f"X-WR-CALNAME:{_ics_text(calendar_name)}",
    ]
    for f, title, partner in items:
        if not f.due:
            continue
        who = f.owner or f.speaker or "Someone"
        lines += [
            "BEGIN:VEVENT",
            f"UID:{f.id or f.start}@meeting-analyzer",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{f.due:%Y%m%d}",
            f"DTEND;VALUE=DATE:{f.due + dt.timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{_ics_text(f'{who}: {f.summary}')}",
            f"DESCRIPTION:{_ics_text(f'“{f.quote}” — {title}' + (f' ({partner})' if partner else ''))}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"


def to_ics(report: Report) -> str:
    items = [(f, report.meeting.title, report.meeting.partner) for f in report.by_kind("commitment")]
    return commitments_ics(items, f"Commitments — {report.meeting.title}")
