"""`analyzer eval` (score backends on a labeled dataset) and `analyzer eval-runs` (saved run history)."""

from __future__ import annotations

import json
import sys
from contextlib import nullcontext
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from ..evaluation import check_kinds, evaluate, list_runs, load_dataset, load_run, render_table, save_run
from ..settings import get_settings


def _progress_bar(enabled: bool):
    """A rich progress bar on stderr, or a no-op context when output must stay clean."""
    if not enabled:
        return nullcontext(None)
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TaskProgressColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    )


def eval_command(
    dataset: Annotated[Path, typer.Option("--dataset", "-d", help="Directory of labeled *.json meetings.")],
    backend: Annotated[
        Optional[list[str]],
        typer.Option("--backend", "-b", help="Backend to evaluate; repeat to compare (default: settings)."),
    ] = None,
    kinds: Annotated[
        Optional[list[str]], typer.Option("--kinds", "-k", help="Only score these kinds; repeatable.")
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the report JSON (a list for several backends).")
    ] = False,
    save: Annotated[bool, typer.Option("--save/--no-save", help="Save each run to the run history.")] = True,
) -> None:
    """Analyze every labeled meeting with each backend and print precision/recall/F1 per kind."""
    settings = get_settings()
    backends = list(dict.fromkeys(backend or [settings.backend]))
    wanted = check_kinds(kinds)
    meetings = load_dataset(dataset)  # once, and before any bar: a bad file fails fast with one line
    reports = []
    with _progress_bar(not as_json and sys.stderr.isatty()) as bar:
        for name in backends:
            callback = None
            if bar is not None:
                task = bar.add_task(f"{name}", total=1.0)

                def callback(message: str, fraction: float, _task=task, _name=name) -> None:
                    bar.update(_task, completed=fraction, description=f"{_name} {message}"[:60])

            reports.append(
                evaluate(
                    dataset,
                    backend=name,
                    kinds=wanted,
                    settings=settings,
                    progress=callback,
                    meetings=meetings,
                )
            )
    err = Console(stderr=True)
    if save:
        for report in reports:
            err.print(f"saved run: {save_run(report, settings)}", style="dim", highlight=False)
    if as_json:
        payload = [r.model_dump(mode="json") for r in reports]
        sys.stdout.write(json.dumps(payload if len(payload) > 1 else payload[0], indent=2) + "\n")
        return
    Console().print(render_table(reports))
    if any(m.partial for r in reports for m in r.meetings):
        err.print("note: some chunks failed in at least one meeting; recall is understated (see --json).")


def runs_command(
    runs: Annotated[
        Optional[list[str]], typer.Argument(help="Saved run files or names to show side by side.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """List saved evaluation runs, newest first; with RUN names, show those runs' scores side by side."""
    settings = get_settings()
    if runs:
        reports = [load_run(run, settings) for run in runs]
        if as_json:
            sys.stdout.write(json.dumps([r.model_dump(mode="json") for r in reports], indent=2) + "\n")
        else:
            Console().print(render_table(reports, title="Saved runs"))
        return
    infos = list_runs(settings)
    if as_json:
        sys.stdout.write(json.dumps([i.model_dump(mode="json") for i in infos], indent=2) + "\n")
        return
    if not infos:
        Console(stderr=True).print(
            f"no saved runs in {settings.runs_dir}; run 'analyzer eval --dataset DIR' first."
        )
        return
    table = Table(title=f"Saved runs in {settings.runs_dir} (newest first)", title_justify="left")
    table.add_column("run", no_wrap=True)  # the name is what `eval-runs RUN` takes
    table.add_column("dataset", overflow="fold", min_width=12)
    for column in ("meetings", "micro F1", "macro F1"):
        table.add_column(column.replace(" ", "\n"), justify="right")
    for info in infos:
        if info.error:
            table.add_row(info.path.stem, "[red]unreadable (details: --json)[/red]", "", "", "")
            continue
        table.add_row(
            info.path.stem, info.dataset, str(info.meetings), f"{info.micro_f1:.2f}", f"{info.macro_f1:.2f}"
        )
    Console().print(table)


def register(app: typer.Typer) -> None:
    """Add `eval` and `eval-runs` to the analyzer app (idempotent: `main()` may run many times per process)."""
    if any(command.name == "eval" for command in app.registered_commands):
        return
    app.command("eval")(eval_command)
    app.command("eval-runs")(runs_command)
