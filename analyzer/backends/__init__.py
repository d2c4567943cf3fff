"""Backends are adapters behind the core Backend protocol, chosen by a string.

- `offline`: the deterministic extractor shipped with the package (no key, no network).
- `openai:<model>`: any OpenAI-compatible server (OPENAI_API_KEY, OPENAI_BASE_URL).
- `ollama:<model>`: the same, defaulting the base URL to a local Ollama.
"""

from __future__ import annotations

from ..core.backend import Backend
from ..core.errors import ConfigError
from ..settings import Settings, get_settings

_HELP = "use 'offline', 'openai:<model>' (e.g. openai:gpt-4o-mini) or 'ollama:<model>'"


def get_backend(spec: str | Backend | None = None, settings: Settings | None = None) -> Backend:
    """The backend for a spec string (default from settings), or the Backend object given."""
    if spec is not None and not isinstance(spec, str):
        return spec
    settings = settings or get_settings()
    spec = (spec or settings.backend).strip()
    if spec == "offline":
        from .offline import OfflineBackend

        return OfflineBackend()
    provider, _, model = spec.partition(":")
    if provider in ("openai", "ollama") and model:
        from .openai_compat import OpenAICompatibleBackend

        return OpenAICompatibleBackend(model, settings, provider=provider)
    raise ConfigError(f"unknown backend '{spec}'", _HELP)


def describe_backend(spec: str) -> str:
    """A plain description for UIs: offline mode, or which model at which server."""
    import os

    if spec == "offline":
        return "Offline extractor (rules + local embeddings; no LLM, no network)"
    base = os.environ.get("OPENAI_BASE_URL") or ("local Ollama" if spec.startswith("ollama:") else "api.openai.com")
    key = "key set" if os.environ.get("OPENAI_API_KEY") else "no key"
    return f"LLM {spec.split(':', 1)[1]} at {base} ({key})"
