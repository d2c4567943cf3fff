"""One provider stack for every LLM client: backend specs, the ChatOpenAI client, error mapping, usage.

Extraction (`backends/openai_compat.py`), follow-up and cited answers (`memory/llm.py`) all build
their client here, so each gets the same endpoint and key (`Settings.llm_endpoint`), timeouts,
retries with backoff, and one analyzer error with a fix for every way a call can fail.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from .core.errors import BackendError, ConfigError, InvalidOutputError, OutputTooLongError
from .core.models import Usage
from .settings import Settings

PROVIDERS = ("openai", "ollama")
SPEC_HELP = "use 'offline', 'openai:<model>' (e.g. openai:gpt-4o-mini) or 'ollama:<model>'"


def parse_spec(spec: str | None) -> tuple[str, str | None]:
    """("offline", None), or (provider, model) for 'openai:<model>' and 'ollama:<model>'."""
    text = (spec or "offline").strip()
    if text == "offline":
        return "offline", None
    provider, _, model = text.partition(":")
    if provider in PROVIDERS and model.strip():
        return provider, model.strip()
    raise ConfigError(f"unknown backend '{text}'", SPEC_HELP)


def chat_model(provider: str, model: str, settings: Settings, **options: Any) -> Any:
    """The ChatOpenAI client for a provider and model, with the settings' endpoint, key and limits."""
    from langchain_openai import ChatOpenAI

    base_url, api_key = settings.llm_endpoint(provider)
    if not api_key:
        raise ConfigError(
            f"the backend '{provider}:{model}' needs an API key",
            "set OPENAI_API_KEY (and OPENAI_BASE_URL for a compatible server such as Ollama or vLLM), "
            "or use --backend offline",
        )
    return ChatOpenAI(
        model=model,
        api_key=api_key,
        base_url=base_url,
        temperature=settings.temperature,
        timeout=settings.timeout,
        max_retries=settings.max_retries,
        **options,
    )


@contextmanager
def mapped_errors(name: str, base_url: str | None) -> Iterator[None]:
    """Turn the openai client's exceptions into analyzer errors that say what to do."""
    import openai

    try:
        yield
    except openai.APITimeoutError as error:
        raise BackendError(f"{name} timed out ({error})", "raise ANALYZER_TIMEOUT or try again") from None
    except openai.APIConnectionError as error:
        raise BackendError(
            f"cannot reach {base_url or 'the OpenAI API'} ({error})",
            "check OPENAI_BASE_URL and that the server is running, or use --backend offline",
        ) from None
    except openai.AuthenticationError:
        raise ConfigError(f"{name} rejected the API key", "check OPENAI_API_KEY") from None
    except openai.RateLimitError:
        raise BackendError(
            f"{name} is rate-limiting after retries", "wait and re-run; done work is cached"
        ) from None
    except openai.APIStatusError as error:
        raise BackendError(f"{name} answered HTTP {error.status_code}", "re-run later") from None
    except openai.LengthFinishReasonError:
        raise OutputTooLongError(f"{name} ran out of output tokens mid-answer", "re-run") from None
    except openai.OpenAIError as error:
        raise InvalidOutputError(
            f"{name} returned unusable output ({type(error).__name__})", "re-run"
        ) from None


def usage_of(raw: object) -> Usage:
    """The token usage a langchain message reports (zeros when the server sent none)."""
    meta = getattr(raw, "usage_metadata", None) or {}
    return Usage(
        calls=1,
        input_tokens=int(meta.get("input_tokens", 0)),
        output_tokens=int(meta.get("output_tokens", 0)),
    )
