"""Run an evaluation (analyze every labeled meeting, score, summarise) and keep a history of runs.

Runs are saved as JSON under `Settings.runs_dir`, one file per backend per run, named
`<UTC timestamp>-<backend slug>.json` so a directory listing is already in time order.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from ..core.errors import AnalyzerError, ConfigError, InputError, NotFoundError
from ..core.models import KINDS
from ..settings import Settings, get_settings
from .dataset import LabeledMeeting, load_dataset
from .report import EvalReport
from .finding_scores import MeetingScore, accuracy, aggregate, score_meeting

Progress = Callable[[str, float], None]
AnalyzeFn = Callable[..., Any]  # same signature as analyzer.pipeline.analyze, returning a Report


def check_kinds(kinds: Iterable[str] | None) -> list[str] | None:
    """Validate a user-given kinds filter (None means all kinds)."""
    if kinds is None:
        return None
    kinds = list(dict.fromkeys(kinds))
    unknown = [k for k in kinds if k not in KINDS]
    if unknown:
        raise InputError(f"unknown kind {', '.join(map(repr, unknown))}", "use one of " + ", ".join(KINDS))
    return kinds


def _default_analyze() -> AnalyzeFn:
    try:
        from ..pipeline import analyze
    except ModuleNotFoundError as error:
        if error.name != "analyzer.pipeline":
            raise
        raise ConfigError(
            "the analysis pipeline (analyzer.pipeline) is not installed",
            "reinstall the package with 'pip install -e .'",
        ) from None
    return analyze


def _realign(findings: list, text: str) -> tuple[list, int]:
    """Make finding spans index `text` (the dataset transcript) even if the pipeline normalised its copy.

    Offsets are compared character for character with gold spans, so a pipeline that, say, dropped a
    BOM or CRLFs would shift every span; re-finding each quote (nearest occurrence) avoids that.
    """
    moved, out = 0, []
    for finding in findings:
        if text[finding.start : finding.end] == finding.quote or not finding.quote:
            out.append(finding)
            continue
        places = [m.start() for m in re.finditer(re.escape(finding.quote), text)]
        if places:
            start = min(places, key=lambda p: abs(p - finding.start))
            finding = finding.model_copy(update={"start": start, "end": start + len(finding.quote)})
            moved += 1
        out.append(finding)
    return out, moved


def _merge_versions(into: dict[str, str], more: dict[str, str]) -> None:
    """Union of prompt versions; a key with differing versions across meetings lists all of them."""
    for key, version in more.items():
        seen = into.get(key, "").split(",") if into.get(key) else []
        if version not in seen:
            into[key] = ",".join(sorted(seen + [version]))


def _meeting_progress(progress: Progress, meeting_id: str, index: int, total: int) -> Progress:
    """One meeting's progress, reported as its share of the whole run."""

    def sub(message: str, fraction: float) -> None:
        progress(f"{meeting_id}: {message}", (index + max(0.0, min(1.0, fraction))) / total)

    return sub


def _analyze_one(
    analyze: AnalyzeFn, meeting: LabeledMeeting, backend: Any, settings: Settings, progress: Progress | None
) -> Any:
    """One meeting through the pipeline (store=False); an analyzer error names the meeting."""
    try:
        return analyze(
            meeting.transcript,
            backend=backend,
            title=meeting.title,
            date=meeting.date,
            partner=meeting.partner,
            store=False,
            settings=settings,
            progress=progress,
        )
    except AnalyzerError as error:
        # Same class, so the CLI's exit code and the caller's except clauses still apply;
        # a subclass with a different constructor is re-raised as it is.
        try:
            named = type(error)(f"meeting {meeting.id!r}: {error.problem}", error.fix)
        except TypeError:
            raise error from None
        raise named from error


def _scored(meeting: LabeledMeeting, result: Any, kinds: list[str] | None) -> MeetingScore:
    predicted, moved = _realign(list(result.findings), meeting.transcript)
    stats = result.stats
    counted = [f for f in predicted if kinds is None or f.kind in kinds]
    return score_meeting(meeting, predicted, kinds).model_copy(
        update={
            "findings": len(counted),
            "words": stats.words or len(meeting.transcript.split()),
            "ungrounded": stats.ungrounded,
            "seconds": round(stats.seconds, 3),
            "partial": stats.partial,
            "realigned": moved,
        }
    )


def _is_llm(backend: Any) -> bool:
    if isinstance(backend, str):
        return backend.strip() not in ("", "offline")
    return not getattr(backend, "is_offline", False)


def _results(
    analyze: AnalyzeFn,
    meetings: list[LabeledMeeting],
    backend: Any,
    settings: Settings,
    progress: Progress | None,
) -> list[Any]:
    """Every meeting's pipeline result, in order.

    LLM backends wait on the network, so up to `Settings.concurrency` meetings are analysed at once
    (progress is then reported per finished meeting, from this thread). The offline backend is
    CPU-bound and runs them one at a time, with progress inside each meeting.
    """
    total = len(meetings)
    workers = min(settings.concurrency, total) if _is_llm(backend) else 1
    if workers <= 1:
        out = []
        for index, meeting in enumerate(meetings):
            if progress:
                progress(meeting.id, index / total)
            sub = _meeting_progress(progress, meeting.id, index, total) if progress else None
            out.append(_analyze_one(analyze, meeting, backend, settings, sub))
        return out
    from concurrent.futures import ThreadPoolExecutor, as_completed

    with ThreadPoolExecutor(workers) as pool:
        futures = {
            pool.submit(_analyze_one, analyze, m, backend, settings, None): i for i, m in enumerate(meetings)
        }
        done: dict[int, Any] = {}
        for future in as_completed(futures):
            done[futures[future]] = future.result()
            if progress:
                progress(f"{meetings[futures[future]].id}: done", len(done) / total)
    return [done[i] for i in range(total)]


def evaluate(
    dataset_dir: str | Path,
    backend: Any = "offline",
    kinds: Iterable[str] | None = None,
    settings: Settings | None = None,
    analyze_fn: AnalyzeFn | None = None,
    progress: Progress | None = None,
    meetings: Sequence[LabeledMeeting] | None = None,
) -> EvalReport:
    """Analyze every meeting in the dataset with `backend` (store=False) and score against the labels.

    `analyze_fn` defaults to `analyzer.pipeline.analyze`; tests inject a fake. `progress(message, fraction)`
    is called as meetings (and, via the pipeline, their chunks) complete. `meetings` skips re-loading
    the dataset when the caller already has it (e.g. evaluating several backends). LLM backends
    analyse up to `Settings.concurrency` meetings at once.
    """
    kinds = check_kinds(kinds)
    settings = settings or get_settings()
    analyze = analyze_fn or _default_analyze()
    meetings = list(meetings) if meetings is not None else load_dataset(dataset_dir)
    backend_name = backend if isinstance(backend, str) else getattr(backend, "name", str(backend))

    started = time.perf_counter()
    results = _results(analyze, meetings, backend, settings, progress)
    scores = [_scored(meeting, result, kinds) for meeting, result in zip(meetings, results)]
    versions: dict[str, str] = {}
    resolved_names: list[str] = []
    for result in results:
        _merge_versions(versions, result.stats.prompt_versions)
        if result.stats.backend and result.stats.backend not in resolved_names:
            resolved_names.append(result.stats.backend)
    words = sum(s.words for s in scores)
    findings = sum(s.findings for s in scores)
    ungrounded = sum(s.ungrounded for s in scores)
    if progress:
        progress("done", 1.0)
    seconds = time.perf_counter() - started

    per_kind, micro, macro = aggregate(scores, kinds)
    owner_right, owner_total = sum(s.owner_right for s in scores), sum(s.owner_total for s in scores)
    due_right, due_total = sum(s.due_right for s in scores), sum(s.due_total for s in scores)
    return EvalReport(
        # The pipeline knows the concrete backend (e.g. "openai:gpt-4o-mini"); prefer its name.
        backend=",".join(resolved_names) or backend_name,
        prompt_versions=versions,
        dataset=str(dataset_dir),
        per_kind=per_kind,
        micro=micro,
        macro_f1=macro,
        owner_accuracy=accuracy(owner_right, owner_total),
        due_accuracy=accuracy(due_right, due_total),
        findings_per_1000_words=1000 * findings / words if words else 0.0,
        ungrounded=ungrounded,
        seconds=round(seconds, 3),
        meetings=scores,
        kinds=list(per_kind),
        words=words,
        findings=findings,
        owner_scored=owner_total,
        due_scored=due_total,
    )


# --- run history --------------------------------------------------------------------------------


class RunInfo(BaseModel):
    """One saved run, briefly (what `analyzer eval-runs` lists)."""

    path: Path
    created_at: dt.datetime | None = None
    backend: str = ""
    dataset: str = ""
    meetings: int = 0
    micro_f1: float | None = None
    macro_f1: float | None = None
    error: str | None = None  # set when the file could not be read as a report


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60] or "backend"


def save_run(report: EvalReport, settings: Settings | None = None) -> Path:
    """Write the report to `runs_dir/<timestamp>-<backend>.json` (never overwriting) and return the path."""
    settings = settings or get_settings()
    runs = settings.runs_dir
    runs.mkdir(parents=True, exist_ok=True)
    stamp = report.created_at.astimezone(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    base = f"{stamp}-{_slug(report.backend)}"
    path, n = runs / f"{base}.json", 1
    while path.exists():
        n += 1
        path = runs / f"{base}-{n}.json"
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(report.to_json(), encoding="utf-8")
    os.replace(tmp, path)  # atomic: an interrupted save never leaves half a report behind
    return path


def list_runs(settings: Settings | None = None) -> list[RunInfo]:
    """Saved runs, newest first. Unreadable files are listed with `error` set rather than hidden."""
    settings = settings or get_settings()
    if not settings.runs_dir.is_dir():
        return []
    infos = []
    for path in sorted(settings.runs_dir.glob("*.json"), reverse=True):
        try:
            report = load_run(path)
        except AnalyzerError as error:
            infos.append(RunInfo(path=path, error=error.problem))
            continue
        infos.append(
            RunInfo(
                path=path,
                created_at=report.created_at,
                backend=report.backend,
                dataset=report.dataset,
                meetings=len(report.meetings),
                micro_f1=report.micro.f1,
                macro_f1=report.macro_f1,
            )
        )
    return infos


def load_run(path: str | Path, settings: Settings | None = None) -> EvalReport:
    """Load a saved run by path, or by file name (with or without .json) inside `runs_dir`."""
    candidate = Path(path)
    if not candidate.exists():
        runs = (settings or get_settings()).runs_dir
        for name in (str(path), f"{path}.json"):
            if (runs / name).exists():
                candidate = runs / name
                break
        else:
            raise NotFoundError(f"no saved run {str(path)!r}", "run 'analyzer eval-runs' to list saved runs")
    try:
        return EvalReport.model_validate_json(candidate.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(
            f"saved run {candidate} cannot be read ({error})", "check the file or delete it"
        ) from error
    except ValidationError as error:
        first = error.errors(include_url=False)[0]
        where = ".".join(map(str, first["loc"])) or "(file)"
        raise InputError(
            f"saved run {candidate} is not an eval report ({where}: {first['msg']})",
            "delete it or re-run the eval",
        ) from None
