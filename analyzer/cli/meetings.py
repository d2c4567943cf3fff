"""`analyze`, `search`, `meetings`, `show`, `delete` and `app`: the everyday commands."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Optional

import typer

from ..core.errors import InputError
from ..core.models import KINDS
from . import render


def parse_date(value: str | None, option: str = "--date") -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise InputError(
            f"{option} '{value}' is not a date", f"give it as YYYY-MM-DD, e.g. {option} 2026-03-14"
        ) from None


def _read_source(path: str) -> tuple[bytes | Path, str]:
    if path == "-":
        from ..ingest.loader import read_bounded

        return read_bounded(sys.stdin.buffer, "standard input"), "stdin"
    file = Path(path)
    if file.is_dir():
        raise InputError(f"{path} is a directory", "give one transcript file, or - to read standard input")
    if not file.exists():
        raise InputError(f"{path} does not exist", "check the path, or use - to read standard input")
    return file, file.name


def analyze_cmd(
    path: str = typer.Argument(
        ..., help="Transcript or notes file (.txt .vtt .srt .md .docx .json .eml), or - for stdin."
    ),
    backend: Optional[str] = typer.Option(
        None, "--backend", "-b", help="'offline' (default) or 'openai:<model>'."
    ),
    partner: str = typer.Option(
        "", "--partner", "-p", help="The partner organisation this meeting was with."
    ),
    date: Optional[str] = typer.Option(
        None, "--date", help="Meeting date YYYY-MM-DD (default: found in text, else today)."
    ),
    title: Optional[str] = typer.Option(
        None, "--title", help="Meeting title (default: found in text or file name)."
    ),
    no_store: bool = typer.Option(False, "--no-store", help="Do not save the meeting to the store."),
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON."),
    format: Optional[str] = typer.Option(
        None, "--format", help="Skip detection: lines, vtt, srt, email, minutes, json or plain."
    ),
    refresh: bool = typer.Option(
        False, "--refresh", help="Ask the backend again instead of using cached answers."
    ),
) -> None:
    """Analyse one meeting: commitments, unresolved conflicts, transparency gaps, cultural missteps."""
    from ..export import to_json
    from ..pipeline import analyze

    from ..store import Store

    day = parse_date(date)
    source, name = _read_source(path)
    store = None if no_store else Store()
    with render.progress(enabled=not as_json) as notify:
        report = analyze(
            source,
            backend=backend,
            title=title,
            date=day,
            partner=partner,
            store=store is not None,
            progress=notify,
            source_name=name,
            format=format,
            refresh=refresh,
            store_obj=store,
            index=False,  # the results come first; indexing for search follows, timed on its own
        )
    if as_json:
        typer.echo(to_json(report))
    else:
        render.report(report)
    if store is not None:
        _index_for_search(store, report, quiet=as_json)
    raise typer.Exit(_outcome_code(report))


def _index_for_search(store, report, quiet: bool) -> None:
    """Embed the stored meeting's passages after its results are printed; the time goes to stderr."""
    import time

    from ..core.errors import AnalyzerError
    from ..indexing import index_meeting

    started = time.perf_counter()
    try:
        index_meeting(store, report.meeting.id, report.transcript)
    except AnalyzerError as error:
        typer.echo(
            f"warning: the findings are stored, but indexing for search failed ({error}). "
            "Run 'analyzer store check --repair' to index it.",
            err=True,
        )
        return
    if not quiet:
        typer.echo(f"Indexed for search in {time.perf_counter() - started:.1f} s.", err=True)


def _outcome_code(report) -> int:
    """One line on stderr for a failed, partial or suspicious result (also with --json); 1 when nothing ran."""
    s = report.stats
    failed = len(s.failed_chunks)
    if s.suspicious:
        typer.echo(f"warning: {s.suspicious}", err=True)
    if failed and failed == s.chunks:
        typer.echo(
            f"error: every chunk failed ({s.failed_chunks[0].error}); nothing was found. "
            "Check the backend, then run the command again.",
            err=True,
        )
        return 1
    if failed:
        typer.echo(
            f"warning: {failed} of {s.chunks} chunks failed; the result is partial. Run the command again "
            "to retry only those.",
            err=True,
        )
    return 0


def cache_clear_cmd(
    meeting: Optional[str] = typer.Option(
        None, "--meeting", help="Only this meeting's cached answers (its id)."
    ),
) -> None:
    """Delete cached backend answers, so the next analysis (or follow-up, or ask) asks the backend again."""
    from ..cache import ExtractionCache
    from ..settings import get_settings

    cache = ExtractionCache(get_settings().cache_dir / "extractions")
    answers = 0
    if not meeting:
        # Follow-up and ask answers span meetings, so only a full clear removes them.
        for path in (get_settings().cache_dir / "answers").glob("*/*.json"):
            path.unlink(missing_ok=True)
            answers += 1
    if meeting:
        from ..core.errors import NotFoundError
        from ..store import Store

        try:
            meeting = Store().resolve_id(meeting)
        except NotFoundError:
            pass  # an unstored meeting's answers are cached under its full id all the same
    removed = cache.clear(meeting) + answers
    typer.echo(f"Removed {removed} cached answer(s)" + (f" of meeting {meeting}." if meeting else "."))


def search_cmd(
    query: str = typer.Argument(..., help="What to look for, e.g. 'price increase' or a PO number."),
    partner: Optional[str] = typer.Option(None, "--partner", "-p"),
    since: Optional[str] = typer.Option(None, "--since", help="Only meetings on or after YYYY-MM-DD."),
    until: Optional[str] = typer.Option(None, "--until", help="Only meetings on or before YYYY-MM-DD."),
    speaker: Optional[str] = typer.Option(None, "--speaker"),
    kind: Optional[str] = typer.Option(
        None, "--kind", help=f"Only meetings with findings of this kind: {', '.join(KINDS)}."
    ),
    k: int = typer.Option(10, "-k", help="Number of results."),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Search all stored meetings (semantic + exact names and numbers)."""
    from ..partner_names import stored_partner
    from ..search import search, transcript_lookup
    from ..store import Store

    if kind and kind not in KINDS:
        raise InputError(f"unknown kind '{kind}'", f"use one of {', '.join(KINDS)}")
    store = Store()
    hits = search(
        store,
        query,
        k=k,
        partner=stored_partner(store, partner) if partner else None,
        since=parse_date(since, "--since"),
        until=parse_date(until, "--until"),
        speaker=speaker,
        kind=kind,
    )
    if as_json:
        typer.echo(
            json.dumps(
                [h.model_dump(mode="json", exclude={"chunk_id"}) for h in hits], indent=2, ensure_ascii=False
            )
        )
    else:
        render.hits(query, hits, transcript_lookup(store))


def meetings_cmd(
    partner: Optional[str] = typer.Option(None, "--partner", "-p"),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """List stored meetings."""
    from ..partner_names import stored_partner
    from ..store import Store

    store = Store()
    items = store.list_meetings(stored_partner(store, partner) if partner else None)
    if as_json:
        typer.echo(json.dumps([m.model_dump(mode="json") for m in items], indent=2, ensure_ascii=False))
    else:
        render.meeting_list(items)


def show_cmd(
    meeting_id: str = typer.Argument(..., help="Meeting id (or a unique prefix), from 'analyzer meetings'."),
    as_json: bool = typer.Option(False, "--json"),
    markdown: bool = typer.Option(
        False, "--markdown", help="Print the internal note: every finding, as Markdown."
    ),
    email: bool = typer.Option(
        False, "--email", help="Print a follow-up to send: the agreed next steps only, plain text."
    ),
) -> None:
    """Show a stored meeting's findings."""
    from ..export import to_email, to_json, to_markdown
    from ..sides import sides_for
    from ..store import Store

    report = Store().get_report(meeting_id)
    kept = report.model_copy(update={"findings": [f for f in report.findings if f.review != "rejected"]})
    if as_json:
        typer.echo(to_json(report))
    elif email or markdown:
        sides = sides_for(report.transcript, report.meeting.partner)
        # Rejected findings never reach a message, as in the app's exports.
        typer.echo(to_email(kept, sides) if email else to_markdown(kept, sides))
    else:
        render.report(report)


def delete_cmd(meeting_id: str = typer.Argument(..., help="Meeting id (or unique prefix).")) -> None:
    """Delete a stored meeting with its passages and findings."""
    from ..store import Store

    meta = Store().delete(meeting_id)
    from ..safe_text import plain

    typer.echo(f"Deleted {meta.id}: {plain(meta.title)} ({meta.date})")


def store_check_cmd(
    repair: bool = typer.Option(
        False, "--repair", help="Remove what no stored meeting owns; index meetings search cannot find yet."
    ),
) -> None:
    """Find (and with --repair fix) records no stored meeting owns, and meetings not yet in search."""
    from ..store import Store

    store = Store()
    found = store.check(repair=repair)
    unindexed = store.unindexed()
    if repair and unindexed:
        from ..indexing import index_meeting

        for meeting_id in unindexed:
            index_meeting(store, meeting_id)
        typer.echo(f"Indexed {len(unindexed)} meeting(s) for search.")
    parts = (
        f"{len(found.passages)} passages, {len(found.findings)} findings, {len(found.reports)} reports, "
        f"{len(found.writes)} interrupted writes"
    )
    if not found.total and (repair or not unindexed):
        typer.echo(f"Store OK: {len(store.committed_ids())} meetings, nothing left over.")
    elif repair:
        typer.echo(f"Removed {parts} that no stored meeting owned.")
    else:
        if found.total:
            typer.echo(f"Found {parts} that no stored meeting owns.")
        if unindexed:
            typer.echo(f"{len(unindexed)} meeting(s) are not in search yet: {', '.join(unindexed)}.")
        typer.echo("Run 'analyzer store check --repair' to fix this.")
        raise typer.Exit(1)


def app_cmd(
    port: int = typer.Option(8501, "--port"),
    headless: bool = typer.Option(False, "--headless"),
    host: str = typer.Option(
        "127.0.0.1",
        "--host",
        help="Address to listen on. Only this machine by default; "
        "0.0.0.0 shares your meeting notes with everyone on the network, with no login.",
    ),
) -> None:
    """Open the web app (Streamlit) on the embedded defaults, reachable from this machine only."""
    import subprocess

    import ui

    if host not in ("127.0.0.1", "localhost", "::1"):
        typer.echo(
            f"warning: the app will listen on {host}: anyone who can reach this machine can read and delete "
            "the stored meetings (there is no login).",
            err=True,
        )
    app_path = Path(ui.__file__).resolve().parent / "main.py"
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(app_path),
        "--server.port",
        str(port),
        "--server.address",
        host,
        "--browser.gatherUsageStats",
        "false",
        "--client.toolbarMode",
        "minimal",
        "--server.headless",
        str(headless).lower(),
    ]
    raise typer.Exit(subprocess.call(command))


def register(app: typer.Typer) -> None:
    app.command("analyze")(analyze_cmd)
    app.command("search")(search_cmd)
    app.command("meetings")(meetings_cmd)
    app.command("show")(show_cmd)
    app.command("delete")(delete_cmd)
    store_app = typer.Typer(help="Check the meeting store.", no_args_is_help=True)
    store_app.command("check")(store_check_cmd)
    app.add_typer(store_app, name="store")
    app.command("app")(app_cmd)
    cache_app = typer.Typer(help="Cached backend answers.", no_args_is_help=True)
    cache_app.command("clear")(cache_clear_cmd)
    app.add_typer(cache_app, name="cache")
