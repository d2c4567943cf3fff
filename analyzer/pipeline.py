"""The stages wired together: ingest → chunking → extraction (cached, concurrent) → grounding → store.

`analyze()` is the one entry point the CLI, the app and the evaluation share.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from .backends import get_backend
from .cache import ExtractionCache
from .chunking import chunk_transcript, passages
from .core.backend import Backend, ExtractionRequest, ExtractionResult, MeetingContext
from .core.errors import BackendError, InputError, InvalidOutputError, OutputTooLongError
from .core.models import (
    AnalysisStats,
    Chunk,
    ChunkFailure,
    Finding,
    MeetingMeta,
    RawFinding,
    Report,
    Transcript,
    Usage,
    content_hash,
)
from .deadlines import resolve_due
from .grounding import ground, merge_duplicates
from .ingest import load_bytes, load_path, load_text
from .injection import find_injection_lines, in_span
from .prompting import load_prompts
from .settings import Settings, get_settings
from .store import Store, partner_key
from .tokens import count_tokens

Progress = Callable[[str, float], None]


def load_source(
    source: str | bytes | Path | Transcript,
    settings: Settings,
    name: str | None = None,
    format: str | None = None,
) -> Transcript:
    """Any accepted input as a Transcript; raises InputError with a fix for unusable input."""
    if isinstance(source, Transcript):
        return source
    if isinstance(source, Path):
        return load_path(source, format=format)
    if isinstance(source, bytes):
        return load_bytes(source, filename=name, max_bytes=settings.max_input_bytes, format=format)
    if len(source.encode("utf-8", "surrogatepass")) > settings.max_input_bytes:
        raise InputError(
            f"the text is larger than the {settings.max_input_mb:g} MB limit",
            "split it, or raise ANALYZER_MAX_INPUT_MB",
        )
    if not source.strip():
        raise InputError("the text is empty", "paste or upload the meeting transcript or notes")
    return load_text(source, format=format)


def meeting_meta(
    transcript: Transcript, *, title: str | None, date: dt.date | None, partner: str, source_name: str = ""
) -> MeetingMeta:
    """Metadata with the date given, else detected in the text, else today (and say which)."""
    if date is not None:
        day, source = date, "given"
    elif transcript.detected_date is not None:
        day, source = transcript.detected_date, "detected"
    else:
        day, source = dt.date.today(), "today"
    stem = Path(source_name).stem.replace("-", " ").replace("_", " ").strip() if source_name else ""
    return MeetingMeta(
        id="m" + content_hash(partner_key(partner), transcript.text, length=11),
        title=(title or transcript.detected_title or stem.title() or f"Meeting on {day.isoformat()}").strip(),
        date=day,
        partner=partner.strip(),
        participants=transcript.participants,
        format=transcript.format,
        source_name=Path(source_name).name if source_name else "",
        date_source=source,
    )


def _requests(
    transcript: Transcript, chunks: list[Chunk], context: MeetingContext
) -> list[ExtractionRequest]:
    return [
        ExtractionRequest(
            chunk_id=c.id,
            text=c.text,
            offset=c.start,
            utterances=[u for u in transcript.utterances if u.start < c.end and u.end > c.start],
            context=context,
        )
        for c in chunks
    ]


class _ChunkOutcome:
    def __init__(self) -> None:
        self.findings: list[Finding] = []
        self.ungrounded = 0
        self.invalid = 0
        self.usage = Usage()
        self.cached = False
        self.error: str | None = None
        self.suspicious = False


def _ground_all(
    raws: list[RawFinding], transcript: Transcript, chunk: ExtractionRequest, strict: bool = True
) -> tuple[list[Finding], list[RawFinding], list[RawFinding]]:
    """(grounded findings, the raw findings they came from, the raw findings whose quote is not there).

    `strict` for model answers (see `grounding.ground`); the offline rules quote whole sentences.
    """
    grounded, kept, missing = [], [], []
    hi = chunk.offset + len(chunk.text)
    for raw in raws:
        finding = ground(raw, transcript, chunk.offset, hi, strict=strict)
        if finding:
            grounded.append(finding)
            kept.append(raw)
        else:
            missing.append(raw)
    return grounded, kept, missing


def _extract_chunk(
    backend: Backend,
    request: ExtractionRequest,
    transcript: Transcript,
    cache: ExtractionCache,
    versions: str,
    flagged: bool = False,
    refresh: bool = False,
) -> _ChunkOutcome:
    """One chunk: cache, call, re-ask once on invalid output or ungrounded quotes, ground.

    `flagged`: the chunk holds a line addressing the model; an empty LLM answer then is suspicious and
    is not cached. `refresh`: ignore the cache (the new answer replaces it).
    """
    outcome = _ChunkOutcome()
    key = cache.key(request, backend_id(backend), versions)
    result = None if refresh else cache.get(key)
    outcome.cached = result is not None
    try:
        if result is None:
            result = _call_with_reask(backend, request, outcome)
    except BackendError as error:
        outcome.error = error.message
        return outcome
    outcome.invalid = result.invalid
    strict = not backend.is_offline
    grounded, kept, missing = _ground_all(result.findings, transcript, request, strict)
    if missing and not outcome.cached and not backend.is_offline:
        retry = _reground(backend, request, missing, outcome)
        if retry is not None:
            regrounded, rekept, missing = _ground_all(retry.findings, transcript, request, strict)
            grounded += regrounded
            kept += rekept
            outcome.invalid = result.invalid + retry.invalid
    outcome.findings, outcome.ungrounded = grounded, len(missing)
    outcome.suspicious = flagged and not backend.is_offline and not grounded
    if not outcome.cached and not outcome.suspicious:
        # Only what the result reports: a cached re-run grounds the same findings and counts the same misses.
        final = ExtractionResult(findings=[*kept, *missing], usage=result.usage, invalid=outcome.invalid)
        cache.put(key, backend_id(backend), versions, final, request.chunk_id.split(":", 1)[0])
    return outcome


def _reground(
    backend: Backend, request: ExtractionRequest, missing: list[RawFinding], outcome: _ChunkOutcome
) -> ExtractionResult | None:
    """One short follow-up turn for the ungrounded findings only; None if it fails.

    A failed follow-up costs nothing already found: the first answer's grounded findings stand, and
    its tokens are counted all the same.
    """
    asked: list[tuple[str, str, str]] = [(str(m.kind), m.summary, m.quote) for m in missing]
    try:
        retry = backend.reground(request, asked)
    except BackendError as error:
        outcome.usage = outcome.usage.add(getattr(error, "usage", None) or Usage(calls=1))
        return None
    outcome.usage = outcome.usage.add(retry.usage)
    return retry


def _call_with_reask(
    backend: Backend, request: ExtractionRequest, outcome: _ChunkOutcome, problem: str = "", depth: int = 0
) -> ExtractionResult:
    """One call, and on invalid output one re-ask; every call's tokens are counted, failed or not.

    An answer cut off at the output limit is not asked again at the same size: the excerpt is split in
    two at a line break and each half is asked on its own (twice at most, so quarters at the smallest).
    """
    try:
        result = backend.reask(request, problem) if problem else backend.extract(request)
    except OutputTooLongError as error:
        outcome.usage = outcome.usage.add(error.usage or Usage(calls=1))
        halves = _halves(request) if depth < 2 else None
        if halves is None:
            raise
        parts = [_call_with_reask(backend, half, outcome, problem, depth + 1) for half in halves]
        usage = parts[0].usage.add(parts[1].usage)
        return ExtractionResult(
            findings=[f for p in parts for f in p.findings],
            usage=usage,
            invalid=sum(p.invalid for p in parts),
        )
    except InvalidOutputError as error:
        outcome.usage = outcome.usage.add(error.usage or Usage(calls=1))
        try:
            result = backend.reask(request, error.problem)
        except InvalidOutputError as again:
            outcome.usage = outcome.usage.add(again.usage or Usage(calls=1))
            raise
    outcome.usage = outcome.usage.add(result.usage)
    return result


def _halves(request: ExtractionRequest) -> tuple[ExtractionRequest, ExtractionRequest] | None:
    """The request cut in two at the line break nearest its middle (else a space); None if too short."""
    text = request.text
    if len(text) < 200:
        return None
    mid = len(text) // 2
    cut = min(
        (i for i in (text.rfind("\n", 0, mid), text.find("\n", mid)) if i > 0),
        key=lambda i: abs(i - mid),
        default=-1,
    )
    if cut < len(text) // 5 or cut > len(text) * 4 // 5:
        cut = text.rfind(" ", 0, mid)
    if cut <= 0:
        return None
    cut += 1
    at = request.offset + cut
    first = request.model_copy(
        update={
            "chunk_id": f"{request.chunk_id}a",
            "text": text[:cut],
            "utterances": [u for u in request.utterances if u.start < at],
        }
    )
    second = request.model_copy(
        update={
            "chunk_id": f"{request.chunk_id}b",
            "text": text[cut:],
            "offset": at,
            "utterances": [u for u in request.utterances if u.end > at],
        }
    )
    return first, second


def _suspicion(outcomes: list[_ChunkOutcome]) -> str | None:
    count = sum(o.suspicious for o in outcomes)
    if not count:
        return None
    return (
        f"{count} chunk(s) holding a line that addresses the AI model came back with no findings: the model may "
        "have obeyed the transcript. Check those lines, or re-run with another model."
    )


def backend_id(backend: Backend) -> str:
    """Backend name plus its rules version (offline), the identity results and caches record."""
    version = getattr(backend, "version", "")
    return f"{backend.name}@{version}" if version else backend.name


def _finalise(
    finding: Finding, meta: MeetingMeta, transcript: Transcript, backend: str, versions: str
) -> Finding:
    if finding.kind == "commitment":
        # The backend's own ISO date wins; the phrase only fills a gap or flags a disagreement.
        resolved = resolve_due(finding.due_text, meta.date, order=transcript.numeric_dates)  # None if no text
        if finding.due is None:
            finding.due = resolved
        elif resolved is not None and resolved != finding.due:
            finding.due_note = (
                f"'{finding.due_text}' reads as {resolved.isoformat()} against the meeting date, "
                f"not {finding.due.isoformat()}: check the deadline"
            )
        if finding.owner:
            finding.owner = transcript.aliases.get(finding.owner.strip(), finding.owner.strip())
    finding.meeting_id = meta.id
    finding.backend = backend
    finding.prompt_version = versions
    finding.id = f"{meta.id}:f:{content_hash(finding.kind, str(finding.start), str(finding.end), length=10)}"
    return finding


def analyze(
    source: str | bytes | Path | Transcript,
    *,
    backend: str | Backend | None = None,
    title: str | None = None,
    date: dt.date | None = None,
    partner: str = "",
    store: bool = False,
    settings: Settings | None = None,
    progress: Progress | None = None,
    source_name: str = "",
    store_obj: Store | None = None,
    format: str | None = None,
    refresh: bool = False,
    index: bool = True,
) -> Report:
    """Analyse one meeting end to end and, with `store=True`, save it whole to the vector store;
    with `index=False` its search passages are left to `analyzer.indexing` (embedded afterwards)."""
    settings = settings or get_settings()
    started = time.perf_counter()
    notify = progress or (lambda message, fraction: None)
    notify("Reading the transcript", 0.02)
    if isinstance(source, Path) and not source_name:
        source_name = source.name
    transcript = load_source(source, settings, source_name or None, format)
    meta = meeting_meta(transcript, title=title, date=date, partner=partner, source_name=source_name)
    engine = get_backend(backend, settings)
    prompts = load_prompts()
    versions = prompts.version_tag
    context = MeetingContext(
        meeting_date=meta.date,
        title=meta.title,
        partner=meta.partner,
        participants=transcript.participants,
        aliases=transcript.aliases,
        note_author=transcript.note_author,
    )
    chunks = chunk_transcript(transcript, meta.id, engine.max_chunk_tokens, settings.chunk_overlap)
    requests = _requests(transcript, chunks, context)
    cache = ExtractionCache(settings.cache_dir / "extractions")
    slots: list[_ChunkOutcome | None] = [None] * len(requests)
    notify(f"Extracting with {engine.name} ({len(requests)} chunk{'s' * (len(requests) != 1)})", 0.1)
    workers = 1 if engine.is_offline else min(settings.concurrency, max(1, len(requests)))
    injected = find_injection_lines(transcript)
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = {
            pool.submit(
                _extract_chunk,
                engine,
                r,
                transcript,
                cache,
                versions,
                in_span(injected, r.offset, r.offset + len(r.text)),
                refresh,
            ): i
            for i, r in enumerate(requests)
        }
        for done, future in enumerate(futures, start=1):
            slots[futures[future]] = future.result()
            notify(f"Extracted chunk {done} of {len(requests)}", 0.1 + 0.75 * done / max(1, len(requests)))
    outcomes = [o for o in slots if o is not None]  # every future was waited for, so none is missing
    name = backend_id(engine)
    findings, merged = merge_duplicates([f for o in outcomes for f in o.findings])
    findings = [_finalise(f, meta, transcript, name, versions) for f in findings]
    stats = AnalysisStats(
        backend=name,
        prompt_versions=prompts.versions,
        chunks=len(requests),
        cached_chunks=sum(o.cached for o in outcomes),
        failed_chunks=[
            ChunkFailure(chunk_id=c.id, index=c.index, start=c.start, end=c.end, error=o.error)
            for c, o in zip(chunks, outcomes)
            if o.error
        ],
        findings=len(findings),
        ungrounded=sum(o.ungrounded for o in outcomes),
        invalid_findings=sum(o.invalid for o in outcomes),
        duplicates_merged=merged,
        usage=sum((o.usage for o in outcomes), Usage()),
        words=transcript.word_count(),
        warnings=list(transcript.warnings),
        transcript_tokens=count_tokens(transcript.text),
        injection_lines=injected,
        suspicious=_suspicion(outcomes),
    )
    stats.partial = bool(stats.failed_chunks)
    report = Report(meeting=meta, findings=findings, stats=stats, transcript=transcript)
    report.stats.seconds = round(time.perf_counter() - started, 3)
    if store:
        notify("Saving to the meeting store", 0.9)
        chunks = passages(transcript, meta.id) if index else []
        (store_obj or Store(settings)).save(report, chunks, index=index)
        report.stored = True
    report.stats.seconds = round(time.perf_counter() - started, 3)
    notify("Done", 1.0)
    return report
