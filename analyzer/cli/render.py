"""Rich output for the CLI: reports, search hits, meeting lists and a progress bar on stderr."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from ..safe_text import plain
from ..core.models import KIND_LABELS, KINDS, MATCH_LABELS, MeetingMeta, Report, SearchHit, Transcript

console = Console(highlight=False, soft_wrap=True)
err_console = Console(stderr=True)
COLOURS = {
    "commitment": "green",
    "unresolved_conflict": "red",
    "transparency_gap": "yellow",
    "cultural_misstep": "magenta",
}


def shown(text: object) -> str:
    """Untrusted text for the terminal: no control sequences, no rich markup."""
    return escape(plain(str(text)))


@contextlib.contextmanager
def progress(enabled: bool = True) -> Iterator:
    """A progress bar on stderr while work runs; silent when not a terminal or disabled."""
    if not enabled or not sys.stderr.isatty():
        yield lambda message, fraction: None
        return
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TimeElapsedColumn(),
        console=err_console,
        transient=True,
    ) as bar:
        task = bar.add_task("Starting", total=1.0)
        yield lambda message, fraction: bar.update(task, description=message, completed=fraction)


def report(rep: Report) -> None:
    m = rep.meeting
    date_note = {
        "given": "",
        "detected": " (date found in the text)",
        "today": " (no date given or found: today)",
    }
    console.print(
        f"[bold]{shown(m.title)}[/bold] · {m.date}{date_note[m.date_source]}"
        + (f" · {shown(m.partner)}" if m.partner else "")
        + f" · id {m.id}"
    )
    for warning in rep.stats.warnings:
        console.print(f"[yellow]warning:[/] {shown(warning)}")
    counts = rep.counts()
    console.print("  ".join(f"[{COLOURS[k]}]{KIND_LABELS[k]}: {counts[k]}[/]" for k in KINDS))
    for kind in KINDS:
        items = rep.by_kind(kind)
        if not items:
            continue
        console.print(f"\n[bold {COLOURS[kind]}]{KIND_LABELS[kind]}[/]")
        for f in items:
            head = f"• {shown(f.summary)}"
            if kind == "commitment":
                due = f.due.isoformat() if f.due else (f.due_text or "no date")
                head += f"  [dim]owner[/] {shown(f.owner or f.speaker or '?')}  [dim]due[/] {shown(due)}"
            console.print(head)
            who = f"{shown(f.speaker)}: " if f.speaker else ""
            console.print(f"    [dim]{who}“{shown(f.quote)}”  @{f.start}-{f.end}[/]")
            if f.suggested_repair:
                console.print(f"    [dim]repair:[/] {shown(f.suggested_repair)}")
    s = rep.stats
    console.print(
        f"\n[dim]{s.backend} · {s.chunks} chunk(s), {s.cached_chunks} cached · {s.ungrounded} ungrounded dropped · "
        f"{s.usage.calls} LLM call(s) · {s.seconds:.2f}s · {'stored' if rep.stored else 'not stored'}[/]"
    )
    for line in s.injection_lines:
        console.print(
            f"[bold yellow]Possible prompt-injection line[/] @{line.start}-{line.end} ({line.rule}): "
            f"“{shown(line.text)}” (kept as ordinary meeting text)"
        )
    if s.review_changes is not None:
        from ..review_carry import describe

        console.print(f"[bold]Stored copy re-analysed:[/] {describe(s.review_changes)}.")
    if s.partial:
        failed = ", ".join(f"#{c.index + 1} ({shown(c.error)})" for c in s.failed_chunks)
        console.print(f"[bold red]Partial result:[/] chunk(s) {failed} failed. Re-run to retry only those.")


def hits(
    query: str, results: list[SearchHit], transcripts: Callable[[str], Transcript | None] | None = None
) -> None:
    """Ranked passages; with `transcripts` (meeting id -> Transcript) shown as `Speaker: text` lines."""
    from ..search import readable_passage  # the store (chromadb) loads only for commands that search

    if not results:
        console.print(f"No stored passage matches “{shown(query)}”. Try other words, or drop filters.")
        return
    for rank, h in enumerate(results, start=1):
        console.print(
            f"[bold]{rank}. {shown(h.title)}[/] · {h.date} · {shown(h.partner)} · "
            f"{shown(h.speaker or '')} [dim]({MATCH_LABELS[h.match]}; {h.meeting_id} @{h.start}-{h.end})[/]"
        )
        transcript = transcripts(h.meeting_id) if transcripts else None
        text = readable_passage(transcript, h.start, h.end) if transcript else " ".join(h.text.split())
        for line in _clip(text.splitlines(), 600):
            console.print("   " + shown(line))


def _clip(lines: list[str], budget: int) -> list[str]:
    out = []
    for line in lines:
        if budget <= 0:
            out.append("…")
            break
        out.append(line if len(line) <= budget else line[:budget] + "…")
        budget -= len(line)
    return out


def meeting_list(items: list[MeetingMeta]) -> None:
    if not items:
        console.print(
            "No meetings stored yet. Run: "
            "analyzer analyze examples/kitamura-precision.vtt --partner 'Kitamura Precision'"
        )
        return
    table = Table("id", "date", "partner", "title", "format")
    for m in items:
        table.add_row(m.id, m.date.isoformat(), shown(m.partner), shown(m.title), m.format)
    console.print(table)
