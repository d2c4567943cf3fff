"""Settings from the environment (prefix ANALYZER_). All on-disk state lives under `home`."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from typing import Annotated, Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict


OLLAMA_URL = "http://localhost:11434/v1"  # where a local Ollama serves the OpenAI protocol


def _default_home() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "meeting-analyzer"


class Settings(BaseSettings):
    """Every knob the analyzer reads. Tests point `home` at a temporary directory."""

    model_config = SettingsConfigDict(env_prefix="ANALYZER_", extra="ignore")

    home: Path = Field(default_factory=_default_home, description="Data directory: store, caches, runs.")
    backend: str = Field("offline", description="Default backend: 'offline' or 'openai:<model>'.")
    embedding: str = Field("local", description="'local' (packaged MiniLM) or 'openai:<embedding model>'.")
    chroma_url: str | None = Field(
        None, description="Use a Chroma server at this URL instead of the local store."
    )
    chroma_host: str | None = None
    chroma_port: int | None = None
    max_input_mb: float = Field(20.0, description="Refuse inputs larger than this many megabytes.")
    chunk_tokens: int = Field(8000, description="Chunk size in tokens for LLM backends.")
    chunk_overlap: int = Field(200, description="Overlap between chunks, in tokens.")
    concurrency: int = Field(10, ge=1, description="Concurrent LLM calls per meeting.")
    timeout: float = Field(60.0, description="Seconds before an LLM call times out.")
    max_retries: int = Field(3, ge=0, description="Retries on 429/5xx/connection errors, with backoff.")
    deadline: float = Field(
        110.0, gt=0, description="Stop waiting on LLM servers after this many seconds without any answer."
    )
    temperature: float = 0.0
    max_output_tokens: int = Field(
        8192, ge=256, description="Most output tokens one LLM answer may use (less for short excerpts)."
    )
    followup_offline: Literal["rules", "learned"] = Field(
        "rules",
        description="Offline follow-up decisions: the hand-written rules, or the trained status model "
        "(equal on held-out authors, eval/followup-report.json).",
    )
    search_min_similarity: float = Field(
        0.2, ge=0.0, le=1.0, description="Semantic-only search hits below this cosine similarity are dropped."
    )
    search_min_similarity_with_exact: float = Field(
        0.35,
        ge=0.0,
        le=1.0,
        description="When some passage contains the query's words, semantic-only hits need this similarity.",
    )

    # The OpenAI client's own variable names, read here so that every client gets them from one place.
    openai_api_key: SecretStr | None = Field(
        None, validation_alias="OPENAI_API_KEY", description="API key for openai:<model> backends."
    )
    openai_base_url: str | None = Field(
        None, validation_alias="OPENAI_BASE_URL", description="An OpenAI-compatible server (vLLM, Ollama...)."
    )
    prompts_dir: Path | None = Field(None, description="Read prompt files from here instead of prompts/.")
    # Who "we" are, so commitments split into what we promised and what the partner promised.
    our_org: str = Field("", description="Your organisation's name, as the notes write it.")
    our_people: Annotated[list[str], NoDecode] = Field(
        [], description="Your team's people, comma-separated (ANALYZER_OUR_PEOPLE='Ana Ruiz, Tom Li')."
    )
    our_domains: Annotated[list[str], NoDecode] = Field(
        [], description="Your email domains, comma-separated (ANALYZER_OUR_DOMAINS='acme.com')."
    )
    debug: bool = Field(False, description="Show tracebacks for unexpected errors.")

    def llm_endpoint(self, provider: str) -> tuple[str | None, str | None]:
        """(base URL, API key) for a provider: Ollama needs no key and has a default local URL."""
        key = self.openai_api_key.get_secret_value() if self.openai_api_key else None
        if provider == "ollama":
            return self.openai_base_url or OLLAMA_URL, key or "ollama"
        return self.openai_base_url, key

    @field_validator("our_people", "our_domains", mode="before")
    @classmethod
    def _comma_list(cls, value: object) -> object:
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    @field_validator("home", mode="before")
    @classmethod
    def _expand(cls, value: object) -> object:
        return Path(str(value)).expanduser() if value else value

    @property
    def chroma_dir(self) -> Path:
        return self.home / "chroma"

    @property
    def cache_dir(self) -> Path:
        return self.home / "cache"

    @property
    def runs_dir(self) -> Path:
        return self.home / "runs"

    @property
    def max_input_bytes(self) -> int:
        return int(self.max_input_mb * 1024 * 1024)

    def ensure_home(self) -> Path:
        self.home.mkdir(parents=True, exist_ok=True)
        return self.home


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Process-wide settings; call `get_settings.cache_clear()` after changing the environment."""
    return Settings()
