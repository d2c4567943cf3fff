"""LLM plumbing shared by follow-up and ask: versioned prompt files and one structured call.

The client comes from the same provider stack as extraction (`analyzer.providers`):
`ChatOpenAI(...).with_structured_output(Model, method="json_schema", include_raw=True)`, the same
endpoint, key, timeouts and retries, and every failure becomes an analyzer error with a fix.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Generic, TypeVar

from pydantic import BaseModel, ValidationError

from ..core.errors import ConfigError, InputError, InvalidOutputError
from ..core.models import Usage, content_hash
from ..prompting import PROMPTS_DIR, _load_yaml
from ..providers import chat_model, invoke, parse_spec, usage_of
from ..settings import get_settings

T = TypeVar("T", bound=BaseModel)


class MemoryPrompt(BaseModel):
    """A prompt file for a partner-memory task: system and user templates with a version."""

    name: str
    version: str
    system: str
    user: str


@lru_cache(maxsize=8)
def load_prompt(name: str, directory: str | None = None) -> MemoryPrompt:
    """`prompts/<name>.yaml`, validated (ANALYZER_PROMPTS_DIR overrides the directory)."""
    base = Path(directory or get_settings().prompts_dir or PROMPTS_DIR)
    path = base / f"{name}.yaml"
    try:
        return MemoryPrompt.model_validate(_load_yaml(path))
    except ValidationError as error:
        first = error.errors()[0]
        field = ".".join(str(p) for p in first["loc"])
        raise ConfigError(
            f"prompt file {path}: field '{field}': {first['msg']}", "fix the file or restore it from git"
        ) from error


def fence(text: str, marker: str) -> str:
    """Neutralise a section's own markers inside untrusted data so it cannot close its section."""
    return text.replace(f"{marker}>>>", f"{marker}> > >").replace(f"<<<{marker}", f"< < <{marker}")


def parse_backend(spec: str) -> tuple[str, str | None]:
    """("offline", None) or (provider, model): the one spec parser (`analyzer.providers`)."""
    return parse_spec(spec)


REASK = (
    "Your answer could not be used ({problem}). Answer again with only the JSON object the schema "
    "describes, nothing else."
)


class StructuredLLM(Generic[T]):
    """One model behind a pydantic schema; `invoke(messages) -> (parsed, usage)`.

    Built by the shared provider stack (`analyzer.providers`). An answer that does not fit the
    schema is asked for once more; the tokens of every attempt are counted, also when both fail.
    A valid answer is kept under `<home>/cache/answers/`, so asking the same thing again (a second
    `partner` or `brief` on unchanged meetings) costs no call; `analyzer cache clear` removes them.
    """

    def __init__(self, spec: str, schema: type[T], cache: bool = True) -> None:
        provider, model = parse_backend(spec)
        if model is None:
            raise InputError("the offline backend makes no LLM calls", "pass --backend openai:<model>")
        settings = get_settings()
        self.name = f"{provider}:{model}"
        self.base_url, _key = settings.llm_endpoint(provider)
        self.settings = settings
        self.schema = schema
        described = {"name": schema.__name__, "schema": schema.model_json_schema(), "strict": False}
        llm = chat_model(provider, model, settings)
        # The answer is parsed here, not by langchain, so that its usage is known even when it is invalid.
        self._json = llm.bind(response_format={"type": "json_schema", "json_schema": described})
        self.usage = Usage()
        self._cache = settings.cache_dir / "answers" if cache else None

    def _cached(self, messages: list[tuple[str, str]]) -> tuple[Path | None, T | None]:
        if self._cache is None:
            return None, None
        schema = self.schema.__name__ + repr(sorted(self.schema.model_json_schema().items()))
        key = content_hash(self.name, self.base_url or "", schema, repr(messages), length=32)
        path = self._cache / key[:2] / f"{key}.json"
        try:
            return path, self.schema.model_validate_json(path.read_text(encoding="utf-8"))
        except (OSError, ValidationError, ValueError):
            return path, None  # missing or unreadable: asked again

    def _once(self, messages: list[tuple[str, str]]) -> T:
        raw = invoke(self._json, messages, self.name, self.base_url, self.settings)
        self.usage = self.usage.add(usage_of(raw))
        content = getattr(raw, "content", "")
        try:
            return self.schema.model_validate_json(content if isinstance(content, str) else "")
        except ValidationError as error:
            raise InvalidOutputError(
                f"{self.name} answered, but not in the expected schema ({error.error_count()} errors)",
                "re-run",
            ) from None

    def invoke(self, messages: list[tuple[str, str]]) -> tuple[T, Usage]:
        path, cached = self._cached(messages)
        if cached is not None:
            return cached, Usage()
        before = self.usage
        try:
            parsed = self._once(messages)
        except InvalidOutputError as error:
            retry = [*messages, ("human", REASK.format(problem=error.problem))]
            try:
                parsed = self._once(retry)
            except InvalidOutputError as again:
                again.usage = _spent(before, self.usage)  # tokens of both attempts, for the caller to count
                raise
        if path is not None:
            _write_atomically(path, parsed.model_dump_json())
        return parsed, _spent(before, self.usage)


def _write_atomically(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def _spent(before: Usage, after: Usage) -> Usage:
    return Usage(
        calls=after.calls - before.calls,
        input_tokens=after.input_tokens - before.input_tokens,
        output_tokens=after.output_tokens - before.output_tokens,
    )
