"""The labeled-notes dataset format: one JSON file per meeting, gold findings pinned to exact quotes.

This is a public contract: other people's datasets arrive in it, so validation is strict about
what scoring depends on (kinds, dates, quotes that really occur in the transcript) and lenient about
everything else (unknown fields are ignored). A file looks like:

    {"id": "d01", "title": "Q3 supply review", "date": "2025-03-04", "partner": "Kitamura Foods",
     "transcript": "...",
     "scored_kinds": ["commitment", "unresolved_conflict"],          # optional; default all kinds
     "labels": [{"kind": "commitment", "quote": "I'll send the deck by Friday",
                 "owner": "Jun Kitamura", "due": "2025-03-07",       # optional
                 "description": "...", "start": 1234}],              # optional
     "followups": [...]}                                              # optional, passed through

Every label is resolved to a character span (`start`, `end`) into `transcript`: without `start`
the quote must occur exactly once; with `start`, `transcript[start:start+len(quote)]` must equal it.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from ..core.errors import DatasetError
from ..core.models import KINDS, Kind

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _iso_date(value: Any) -> Any:
    """Accept only YYYY-MM-DD strings (or date objects): pydantic alone would also take timestamps."""
    if value is None or isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or not _ISO_DATE.match(value.strip()):
        raise ValueError(f"{value!r} is not a date in YYYY-MM-DD form")
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError as error:
        raise ValueError(f"{value!r} is not a real date ({error})") from None


class _SpanProblem(ValueError):
    """A quote/start problem, carrying the field path so the loader can name it."""

    def __init__(self, field: str, problem: str, fix: str) -> None:
        self.field, self.problem, self.fix = field, problem, fix
        super().__init__(f"{field}: {problem}; {fix}")


class Label(BaseModel):
    """One gold finding. `start`/`end` are filled in by LabeledMeeting when the label is resolved."""

    model_config = ConfigDict(extra="ignore")

    kind: Kind
    quote: str = Field(min_length=1)
    owner: str | None = None
    due: dt.date | None = None
    description: str | None = None
    start: int | None = Field(None, ge=0)
    end: int | None = Field(
        None, ge=0, description="Set on resolution; if given, must equal start + len(quote)."
    )

    @field_validator("due", mode="before")
    @classmethod
    def _check_due(cls, value: Any) -> Any:
        return _iso_date(value)

    @property
    def span(self) -> tuple[int, int]:
        """The resolved (start, end) span into the meeting transcript."""
        if self.start is None or self.end is None:
            raise ValueError("label is not resolved; validate it inside a LabeledMeeting")
        return self.start, self.end


class Followup(BaseModel):
    """How an earlier commitment turned out (used by the follow-up tracker; passed through here)."""

    model_config = ConfigDict(extra="ignore")

    commitment_meeting: str
    commitment_quote: str
    status: Literal["kept", "slipped", "dropped", "open"]
    evidence: str | None = None
    evidence_start: int | None = Field(None, ge=0)


class LabeledMeeting(BaseModel):
    """One labeled meeting. After validation every label has a resolved span."""

    model_config = ConfigDict(extra="ignore")

    id: str = Field(min_length=1)
    title: str
    date: dt.date
    partner: str = ""
    transcript: str = Field(min_length=1)
    labels: list[Label]
    scored_kinds: list[Kind] | None = Field(
        None,
        description="Kinds labeled exhaustively in this meeting; others are not scored. None: all kinds.",
    )
    followups: list[Followup] | None = None

    @field_validator("date", mode="before")
    @classmethod
    def _check_date(cls, value: Any) -> Any:
        return _iso_date(value)

    @model_validator(mode="after")
    def _resolve_spans(self) -> "LabeledMeeting":
        seen: dict[tuple[str, int, int], int] = {}
        for index, label in enumerate(self.labels):
            start = resolve_quote(self.transcript, label.quote, label.start, field=f"labels[{index}]")
            end = start + len(label.quote)
            if label.end is not None and label.end != end:
                raise _SpanProblem(
                    f"labels[{index}].end", f"is {label.end} but start + len(quote) is {end}", 'remove "end"'
                )
            label.start, label.end = start, end
            # A repeated label could never be matched twice (matching is one-to-one): a certain fn.
            if (label.kind, start, end) in seen:
                raise _SpanProblem(
                    f"labels[{index}]",
                    f"repeats labels[{seen[label.kind, start, end]}] (same kind and quote)",
                    "remove one of them",
                )
            seen[label.kind, start, end] = index
        return self

    def kinds_scored(self) -> tuple[str, ...]:
        """The kinds whose labels are exhaustive for this meeting."""
        return tuple(self.scored_kinds) if self.scored_kinds is not None else KINDS


def _occurrences(text: str, quote: str) -> list[int]:
    found, at = [], text.find(quote)
    while at != -1:
        found.append(at)
        at = text.find(quote, at + 1)
    return found


def _loose_hint(text: str, quote: str) -> str:
    """Where the quote occurs ignoring case and whitespace, to point at the usual copy-paste slips."""
    words = quote.split()
    if not words:
        return ""
    pattern = r"\s+".join(re.escape(w) for w in words)
    match = re.search(pattern, text, flags=re.IGNORECASE)
    if match:
        return f" (ignoring case and whitespace it matches {match.group(0)!r} at {match.start()})"
    return ""


def resolve_quote(text: str, quote: str, start: int | None, *, field: str = "label") -> int:
    """The start offset of `quote` in `text`, checked against `start` if given; raises on ambiguity."""
    places = _occurrences(text, quote)
    if start is not None:
        if text[start : start + len(quote)] == quote:
            return start
        actual = text[start : start + len(quote)]
        where = f"; it occurs at {', '.join(map(str, places[:5]))}" if places else ""
        raise _SpanProblem(
            f"{field}.start",
            f"transcript[{start}:{start + len(quote)}] is {actual!r}, not the quote{where}",
            'set "start" to the quote\'s character offset (0-based, in characters not bytes) or remove it',
        )
    if not places:
        raise _SpanProblem(
            f"{field}.quote",
            f"{_short(quote)} does not occur in the transcript{_loose_hint(text, quote)}",
            "copy the quote character for character from the transcript (check quotes, dashes, whitespace)",
        )
    if len(places) > 1:
        raise _SpanProblem(
            f"{field}.quote",
            f"occurs {len(places)} times in the transcript (at {', '.join(map(str, places[:5]))})",
            'add "start" with its character offset',
        )
    return places[0]


def _short(text: str, limit: int = 60) -> str:
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


def _field_path(loc: tuple[Any, ...]) -> str:
    """("labels", 4, "quote") -> "labels[4].quote"."""
    path = ""
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path or "(file)"


_FIXES = {
    "missing": "add the field",
    "literal_error": "use one of the allowed values",
    "string_type": "make it a JSON string",
    "int_type": "make it a whole number",
    "int_parsing": "make it a whole number",
    "list_type": "make it a JSON list",
    "model_type": "make it a JSON object",
    "model_attributes_type": "make it a JSON object",
    "string_too_short": "fill it in",
    "greater_than_equal": "use a number of 0 or more",
}


def _fail(problem: str, fix: str) -> DatasetError:
    """A DatasetError whose fix reads as its own sentence after the problem."""
    return DatasetError(problem, fix[:1].upper() + fix[1:])


def _dataset_error(file: str, error: ValidationError) -> DatasetError:
    """The first validation problem of a file as one DatasetError naming file and field."""
    first = error.errors(include_url=False)[0]
    cause = (first.get("ctx") or {}).get("error")
    if isinstance(cause, _SpanProblem):
        # Span problems raised in the model validator carry their own field path.
        return _fail(f"{file}: {cause.field}: {cause.problem}", cause.fix)
    field = _field_path(tuple(first["loc"]))
    message = str(cause) if isinstance(cause, ValueError) else first["msg"][:1].lower() + first["msg"][1:]
    fix = _FIXES.get(first["type"], "see docs/labeling.md for the format")
    if first["type"] == "missing":
        message = "is missing"
    elif first["type"] == "literal_error" and ("kind" in first["loc"] or "scored_kinds" in first["loc"]):
        message = f"{first.get('input')!r} is not a kind"
        fix = "use one of " + ", ".join(KINDS)
    elif field == "date" or field.endswith(".due"):
        fix = "write the date as YYYY-MM-DD" + (", or null for none" if field.endswith(".due") else "")
    more = len(error.errors()) - 1
    if more:
        fix += f" ({more} more problem{'s' if more > 1 else ''} in this file)"
    return _fail(f"{file}: {field}: {message}", fix)


def load_meeting(path: str | Path) -> LabeledMeeting:
    """Load and validate one labeled-meeting JSON file; any problem raises DatasetError naming file and field."""
    file = str(path)
    try:
        raw = Path(path).read_text(encoding="utf-8-sig")  # -sig: tolerate a BOM from Windows editors
    except UnicodeDecodeError as error:
        raise _fail(
            f"{file}: not UTF-8 text ({error.reason} at byte {error.start})", "save it as UTF-8"
        ) from error
    except OSError as error:
        raise _fail(f"{file}: cannot be read ({error.strerror})", "check the path and permissions") from error
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as error:
        raise _fail(
            f"{file}: not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})",
            "fix the JSON syntax, e.g. with 'python -m json.tool FILE'",
        ) from error
    if not isinstance(data, dict):
        raise _fail(
            f"{file}: the top level is a JSON {type(data).__name__}", "make it one object per meeting"
        )
    try:
        return LabeledMeeting.model_validate(data)
    except ValidationError as error:
        raise _dataset_error(file, error) from None


def load_dataset(directory: str | Path) -> list[LabeledMeeting]:
    """Every *.json file in `directory` (sorted by name), validated. A single .json file path also works."""
    path = Path(directory)
    if path.is_file():
        files = [path]
    elif path.is_dir():
        files = sorted(path.glob("*.json"))
        if not files:
            raise _fail(
                f"dataset directory {path} has no *.json files",
                "add one labeled meeting per JSON file (format: docs/labeling.md and analyzer/evaluation/dataset.py)",
            )
    else:
        raise _fail(
            f"dataset directory {path} does not exist", "pass --dataset DIR with labeled *.json files"
        )
    meetings = [load_meeting(file) for file in files]
    seen: dict[str, Path] = {}
    for file, meeting in zip(files, meetings):
        if meeting.id in seen:
            raise _fail(
                f"{file}: id: {meeting.id!r} is also the id of {seen[meeting.id]}",
                "give every meeting a unique id",
            )
        seen[meeting.id] = file
    return meetings


def labels_of_upload(source: str | bytes, analysed_text: str) -> LabeledMeeting | None:
    """The labels a labeled-meeting file carries (eval data, or the app's own export), resolved
    against the text that was analysed; None for any other file, or when the labels do not fit."""
    from ..ingest.loader import labeled_meeting_data

    text = source.decode("utf-8-sig", errors="replace") if isinstance(source, bytes) else source
    data = labeled_meeting_data(text)
    if data is None:
        return None
    # Offsets are found again in the analysed text, which ingest may have decoded differently.
    labels = [{k: v for k, v in label.items() if k not in ("start", "end")} for label in data["labels"]]
    try:
        return LabeledMeeting.model_validate({**data, "transcript": analysed_text, "labels": labels})
    except ValidationError:
        return None
