"""LLM plumbing shared by follow-up and ask: versioned prompt files and one structured call.

Calls go through langchain-openai exactly like the extraction backend
(`ChatOpenAI(...).with_structured_output(Model, method="json_schema", include_raw=True)`), reading
OPENAI_API_KEY / OPENAI_BASE_URL, and every failure becomes an analyzer error with a fix.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Generic, TypeVar

from pydantic import BaseModel, ValidationError

from ..core.errors import BackendError, ConfigError, InputError, InvalidOutputError
from ..core.models import Usage
from ..prompting import PROMPTS_DIR, _load_yaml
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
    """("offline", None) or (provider, model) for 'openai:<model>' / 'ollama:<model>'."""
    spec = (spec or "offline").strip()
    if spec == "offline":
        return "offline", None
    provider, _, model = spec.partition(":")
    if provider in ("openai", "ollama") and model:
        return provider, model
    raise InputError(
        f"unknown backend '{spec}'", "use 'offline' or 'openai:<model>' (e.g. openai:gpt-4o-mini)"
    )


class StructuredLLM(Generic[T]):
    """One model behind a pydantic schema; `invoke(messages) -> (parsed, usage)`."""

    def __init__(self, spec: str, schema: type[T]) -> None:
        from langchain_openai import ChatOpenAI

        provider, model = parse_backend(spec)
        if model is None:
            raise InputError("the offline backend makes no LLM calls", "pass --backend openai:<model>")
        settings = get_settings()
        self.name = f"{provider}:{model}"
        self.base_url, api_key = settings.llm_endpoint(provider)
        if not api_key:
            raise ConfigError(
                f"the backend '{self.name}' needs an API key",
                "set OPENAI_API_KEY (and OPENAI_BASE_URL for a compatible server), or use --backend offline",
            )
        llm = ChatOpenAI(
            model=model,
            api_key=api_key,
            base_url=self.base_url,
            temperature=settings.temperature,
            timeout=settings.timeout,
            max_retries=settings.max_retries,
        )
        self._structured = llm.with_structured_output(schema, method="json_schema", include_raw=True)

    def invoke(self, messages: list[tuple[str, str]]) -> tuple[T, Usage]:
        import openai

        try:
            result = self._structured.invoke(messages)
        except openai.APITimeoutError:
            raise BackendError(f"{self.name} timed out", "raise ANALYZER_TIMEOUT or try again") from None
        except openai.APIConnectionError:
            raise BackendError(
                f"cannot reach {self.base_url or 'the OpenAI API'}",
                "check OPENAI_BASE_URL and that the server is running, or use --backend offline",
            ) from None
        except openai.AuthenticationError:
            raise ConfigError(f"{self.name} rejected the API key", "check OPENAI_API_KEY") from None
        except openai.APIStatusError as error:
            raise BackendError(f"{self.name} answered HTTP {error.status_code}", "try again later") from None
        except (ValidationError, openai.OpenAIError) as error:
            raise InvalidOutputError(
                f"{self.name} returned unusable output ({type(error).__name__})", "re-run"
            ) from None
        raw = result.get("raw")
        meta = getattr(raw, "usage_metadata", None) or {}
        usage = Usage(
            calls=1,
            input_tokens=int(meta.get("input_tokens", 0)),
            output_tokens=int(meta.get("output_tokens", 0)),
        )
        parsed = result.get("parsed")
        if parsed is None:
            raise InvalidOutputError(f"{self.name} answered, but not in the expected schema", "re-run")
        return parsed, usage
