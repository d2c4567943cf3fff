"""One provider stack for every LLM client: backend specs, the ChatOpenAI client, error mapping, usage.

Extraction (`backends/openai_compat.py`), follow-up and cited answers (`memory/llm.py`) all build
their client here and sends every call through `invoke`, so each gets the same endpoint and key
(`Settings.llm_endpoint`), timeouts, retries with backoff (honouring Retry-After), the deadline on
waiting, and one analyzer error with a fix for every way a call can fail.
"""

from __future__ import annotations

import threading
import time
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
        max_retries=0,  # `invoke` retries, so that the deadline bounds the retries too
        **options,
    )


class _Waiting:
    """How long this process has been waiting on LLM servers without any answer."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._calls = 0
        self._since = 0.0

    def begin(self) -> None:
        with self._lock:
            if self._calls == 0:
                self._since = time.monotonic()
            self._calls += 1

    def end(self, answered: bool) -> None:
        with self._lock:
            self._calls -= 1
            if answered:
                self._since = time.monotonic()

    def seconds(self) -> float:
        with self._lock:
            return time.monotonic() - self._since if self._calls else 0.0


WAITING = _Waiting()


def _retryable(error: Exception) -> bool:
    import openai

    if isinstance(error, openai.APIConnectionError):  # timeouts and resets too
        return True
    return isinstance(error, openai.APIStatusError) and (
        error.status_code in (408, 409, 429) or error.status_code >= 500
    )


def _pause(error: Exception, attempt: int) -> float:
    """Seconds before the next attempt: the server's Retry-After if it sent one, else 0.5 s doubling to 8 s."""
    response = getattr(error, "response", None)
    headers = getattr(response, "headers", None) or {}
    for name, scale in (("retry-after-ms", 0.001), ("retry-after", 1.0)):
        try:
            wait = float(headers.get(name, "")) * scale
        except ValueError:
            continue
        if 0 <= wait <= 60:
            return wait
    return min(8.0, 0.5 * 2**attempt)


def _deadline_error(name: str, base_url: str | None, settings: Settings) -> BackendError:
    return BackendError(
        f"{name} gave no answer for {settings.deadline:g} s",
        f"check that {base_url or 'the OpenAI API'} is up and answering, raise ANALYZER_DEADLINE, "
        "or use --backend offline",
    )


def invoke(runnable: Any, messages: list, name: str, base_url: str | None, settings: Settings) -> Any:
    """One LLM call with per-attempt timeouts, bounded retries with backoff, and the deadline.

    The deadline (`Settings.deadline`) bounds how long the process waits on servers without any
    answer, retries included, so a hung server fails the command in bounded time while a long,
    healthy analysis of many chunks runs on.
    """
    WAITING.begin()
    answered = False
    try:
        with mapped_errors(name, base_url):
            for attempt in range(settings.max_retries + 1):
                left = settings.deadline - WAITING.seconds()
                if left <= 0:
                    raise _deadline_error(name, base_url, settings)
                try:
                    raw = runnable.invoke(messages, timeout=min(settings.timeout, left))
                except Exception as error:
                    if not _retryable(error) or attempt == settings.max_retries:
                        raise
                    pause = _pause(error, attempt)
                    if pause >= settings.deadline - WAITING.seconds():
                        raise _deadline_error(name, base_url, settings) from None
                    time.sleep(pause)
                    continue
                answered = True
                return raw
        raise AssertionError("unreachable: the last attempt returns or raises")
    finally:
        WAITING.end(answered)


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
