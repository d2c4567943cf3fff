"""Partner memory commands: `partner`, `ask`, `brief`, `eval-followup` and `eval-retrieval`."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

import typer
from .render import shown
from rich.table import Table

from ..core.errors import InputError
from ..core.models import KIND_LABELS, KINDS
from . import render
from .meetings import parse_date

DEFAULT_BACKEND = "Default: ANALYZER_BACKEND, else offline."


def chosen_backend(flag: str | None) -> str:
    """The --backend flag, else the ANALYZER_BACKEND setting (which defaults to offline)."""
    from ..settings import get_settings

    return (flag or get_settings().backend).strip()


STATUS_COLOURS = {
    "kept": "green",
    "slipped": "yellow",
    "dropped": "dim",
    "open": "cyan",
    "overdue": "bold red",
}


def partner_cmd(
    name: str = typer.Argument(..., help="Partner name as stored (case-insensitive)."),
    as_of: Optional[str] = typer.Option(
        None, "--as-of", help="Judge overdue as of YYYY-MM-DD (default: today)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the timeline JSON."),
    backend: Optional[str] = typer.Option(
        None, "--backend", "-b", help=f"Follow-up by 'offline' rules or 'openai:<model>'. {DEFAULT_BACKEND}"
    ),
) -> None:
    """A partner's meetings, every commitment's status (kept/slipped/dropped/open/overdue) and health indicators."""
    from ..memory import partner_timeline
    from ..memory.brief import accuracy_note
    from ..sides import PROMISE_LABELS
    from ..store import Store

    day = parse_date(as_of, "--as-of")
    timeline = partner_timeline(Store(), name, as_of=day, backend=chosen_backend(backend))
    if as_json:
        typer.echo(json.dumps(timeline.model_dump(mode="json"), indent=2, ensure_ascii=False))
        return
    con = render.console
    table = Table(
        "date",
        "meeting",
        *[KIND_LABELS[k] for k in KINDS],
        title=f"{shown(timeline.partner)}",
        title_justify="left",
    )
    for row in timeline.meetings:
        table.add_row(row.date.isoformat(), shown(row.title), *[str(row.counts[k]) for k in KINDS])
    con.print(table)
    titles = {m.meeting_id: m.date.isoformat() for m in timeline.meetings}
    con.print("\n[bold]Commitments[/]")
    for c in timeline.commitments:
        colour = STATUS_COLOURS[c.status]
        due = c.due.isoformat() if c.due else "no date"
        side = f" [dim]({PROMISE_LABELS[c.side]})[/]" if c.side else ""
        check = " [yellow](check this)[/]" if c.check else ""
        con.print(
            f"[{colour}]{c.status:>8}[/]{check} {titles.get(c.meeting_id, '')} {shown(c.owner or '?')}{side} "
            f"(due {due}): “{shown(c.quote)}”"
        )
        if c.evidence:
            con.print(
                f"         [dim]{titles.get(c.evidence.meeting_id, '')}: “{shown(c.evidence.quote)}” "
                f"{c.evidence.meeting_id} @{c.evidence.start}-{c.evidence.end}[/]"
            )
    ind = timeline.indicators
    rate = f"{ind.kept_rate:.0%}" if ind.kept_rate is not None else "n/a"
    con.print(
        f"\n[bold]Indicators[/]  kept {ind.commitments_kept}/{ind.commitments_made} (kept rate {rate}) · "
        f"overdue {ind.overdue} · conflicts carried over {ind.open_conflicts_carried_over} · "
        f"gaps/meeting {ind.transparency_gaps_per_meeting:.2f} · trend [bold]{ind.trend}[/]"
    )
    if timeline.status_accuracy:
        con.print(f"[dim]{accuracy_note(timeline.status_accuracy)}[/]")
    for side, who in (("theirs", "they"), ("ours", "we")):
        part = ind.by_side.get(side)
        if part and part.commitments_made:
            rate = f"{part.kept_rate:.0%}" if part.kept_rate is not None else "n/a"
            con.print(
                f"            {who} kept {part.commitments_kept}/{part.commitments_made} "
                f"(kept rate {rate}) · overdue {part.overdue}"
            )


def ask_cmd(
    question: str = typer.Argument(..., help="A question about past meetings."),
    partner: Optional[str] = typer.Option(None, "--partner", "-p"),
    backend: Optional[str] = typer.Option(
        None, "--backend", "-b", help=f"'offline' (passages only) or 'openai:<model>'. {DEFAULT_BACKEND}"
    ),
    k: int = typer.Option(5, "-k", help="Passages to retrieve."),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Answer from stored meetings with citations (offline: the best passages, no generated text)."""
    from ..memory import ask
    from ..search import transcript_lookup
    from ..store import Store

    store = Store()
    answer = ask(store, question, partner=partner, backend=chosen_backend(backend), k=k)
    if as_json:
        typer.echo(json.dumps(answer.model_dump(mode="json"), indent=2, ensure_ascii=False))
        return
    if answer.answer is not None:
        for sentence in answer.sentences or []:
            refs = "; ".join(
                f"{c.title} {c.date} {c.meeting_id} @{c.start}-{c.end}" for c in sentence.citations
            )
            render.console.print(f"{shown(sentence.text)} [dim][{shown(refs)}][/]")
        if not answer.sentences:
            render.console.print(shown(answer.answer))
        if answer.uncited:
            render.console.print(
                f"[dim]{answer.uncited} generated sentence(s) left out: their quotes are not in the "
                "passages they cite.[/]"
            )
        render.console.print("")
    render.hits(question, answer.passages, transcript_lookup(store))


def brief_cmd(
    name: str = typer.Argument(..., help="Partner name as stored."),
    as_of: Optional[str] = typer.Option(
        None, "--as-of", help="Judge overdue as of YYYY-MM-DD (default: today)."
    ),
    ics: Optional[Path] = typer.Option(
        None, "--ics", help="Also write open commitments with due dates to this .ics file."
    ),
    backend: Optional[str] = typer.Option(
        None, "--backend", "-b", help=f"Follow-up by 'offline' rules or 'openai:<model>'. {DEFAULT_BACKEND}"
    ),
) -> None:
    """Print a Markdown brief for the next call; with --ics, write the open commitments calendar too."""
    from ..memory import brief_markdown, open_commitments_ics
    from ..store import Store

    store, day, spec = Store(), parse_date(as_of, "--as-of"), chosen_backend(backend)
    sys.stdout.write(brief_markdown(store, name, as_of=day, backend=spec))
    if ics is not None:
        try:
            ics.write_text(
                open_commitments_ics(store, name, as_of=day, backend=spec), encoding="utf-8", newline=""
            )
        except OSError as error:
            raise InputError(f"cannot write {ics} ({error.strerror})", "choose a writable path") from None
        render.err_console.print(f"wrote {ics}")


def eval_followup_cmd(
    dataset: Path = typer.Option(
        Path("eval/data/sequences"), "--dataset", "-d", help="Directory of sequence folders."
    ),
    backend: Optional[str] = typer.Option(
        None, "--backend", "-b", help=f"Extraction and follow-up backend. {DEFAULT_BACKEND}"
    ),
    mode: str = typer.Option(
        "gold",
        "--mode",
        help="'gold' (labeled commitments), 'extracted' (the backend's extraction + store) or 'both'.",
    ),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Score commitment follow-up on labeled sequences: status accuracy per status, and evidence overlap."""
    from ..memory.memory_scores import evaluate_extracted, evaluate_gold

    if mode not in ("gold", "extracted", "both"):
        raise InputError(f"unknown --mode '{mode}'", "use gold, extracted or both")
    backend = chosen_backend(backend)
    runs = []
    if mode in ("gold", "both"):
        runs.append(evaluate_gold(dataset, backend))
    if mode in ("extracted", "both"):
        runs.append(evaluate_extracted(dataset, backend))
    if as_json:
        typer.echo(json.dumps([r.model_dump(mode="json") | {"summary": r.summary()} for r in runs], indent=2))
        return
    table = Table(
        "mode",
        "status",
        "n",
        "status acc.",
        "status+evidence",
        title=f"Follow-up ({backend})",
        title_justify="left",
    )
    for run in runs:
        for status, score in [*run.per_status.items(), ("overall", run.overall)]:
            table.add_row(
                run.mode,
                status,
                str(score.total),
                f"{score.accuracy:.3f}",
                f"{score.evidence_correct / max(1, score.total):.3f}",
            )
    render.console.print(table)


def eval_retrieval_cmd(
    dataset: Path = typer.Option(Path("eval/data/dev"), "--dataset", "-d"),
    k: int = typer.Option(5, "-k"),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Recall@k of hybrid search: each label's description as a query over all stored dev meetings."""
    from ..memory.memory_scores import evaluate_retrieval

    result = evaluate_retrieval(dataset, k)
    if as_json:
        typer.echo(
            json.dumps(
                result.model_dump(mode="json")
                | {"recall": result.recall, "search_recall": result.search_recall},
                indent=2,
            )
        )
        return
    render.console.print(
        f"recall@{k}: {result.recall:.3f} ({result.hits}/{result.queries} queries) with the re-rank "
        f"'ask' uses; plain search: {result.search_recall:.3f}"
    )
    for miss in result.misses[:10]:
        render.console.print(f"  [dim]miss {miss['meeting']}: {shown(miss['query'])}[/]")


def register(app: typer.Typer) -> None:
    """Add the partner-memory commands (idempotent: `main()` may run many times per process)."""
    if any(command.name == "partner" for command in app.registered_commands):
        return
    app.command("partner")(partner_cmd)
    app.command("ask")(ask_cmd)
    app.command("brief")(brief_cmd)
    app.command("eval-followup")(eval_followup_cmd)
    app.command("eval-retrieval")(eval_retrieval_cmd)
