"""Backends are adapters behind the core Backend protocol, chosen by a string.

- `offline`: the deterministic extractor shipped with the package (no key, no network).
- `openai:<model>`: any OpenAI-compatible server (OPENAI_API_KEY, OPENAI_BASE_URL).
- `ollama:<model>`: the same, defaulting the base URL to a local Ollama.
"""

from __future__ import annotations

from pydantic import BaseModel

from ..core.backend import Backend
from ..core.errors import ConfigError
from ..providers import parse_spec
from ..settings import Settings, get_settings


def get_backend(spec: str | Backend | None = None, settings: Settings | None = None) -> Backend:
    """The backend for a spec string (default from settings), or the Backend object given."""
    if spec is not None and not isinstance(spec, str):
        return spec
    settings = settings or get_settings()
    provider, model = parse_spec(spec or settings.backend)
    if model is None:
        from .offline import OfflineBackend

        return OfflineBackend()
    from .openai_compat import OpenAICompatibleBackend

    return OpenAICompatibleBackend(model, settings, provider=provider)


class BackendInfo(BaseModel):
    """What a backend spec means, for UIs: offline or which model, and whether it is configured."""

    spec: str
    is_llm: bool
    model: str | None = None
    base_url: str | None = None
    key_required: bool = False
    key_set: bool = False

    @property
    def ready(self) -> bool:
        return not self.is_llm or self.key_set or not self.key_required

    @property
    def label(self) -> str:
        if not self.is_llm:
            return "Offline extractor (rules + local embeddings; no LLM, no network)"
        key = "key set" if self.key_set else ("no key needed" if not self.key_required else "no key")
        return f"LLM {self.model} at {self.base_url or 'api.openai.com'} ({key})"


def backend_info(spec: str) -> BackendInfo:
    """Describe a spec without creating the backend (never reveals the key itself)."""
    try:
        provider, model = parse_spec(spec)
    except ConfigError:
        provider, _, model = spec.partition(":")  # described as given; creating it says what is wrong
    if provider == "offline":
        return BackendInfo(spec=spec, is_llm=False)
    settings = get_settings()
    base, _key = settings.llm_endpoint(provider)
    return BackendInfo(
        spec=spec,
        is_llm=True,
        model=model or None,
        base_url=base,
        key_required=provider == "openai",
        key_set=settings.openai_api_key is not None,
    )


def describe_backend(spec: str) -> str:
    """A plain description for UIs: offline mode, or which model at which server."""
    return backend_info(spec).label
