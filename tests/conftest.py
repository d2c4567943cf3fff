"""Shared fixtures: every test gets its own data directory, no network, and no API key from the host."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
sys.path.insert(0, str(TESTS))

# The llm_server fixture lives in tests/llm_server.py, which also runs standalone.
pytest_plugins = ["llm_server"]


@pytest.fixture(autouse=True)
def analyzer_home(tmp_path_factory, monkeypatch):
    """Point all on-disk state at a fresh temporary directory and keep the run offline."""
    from analyzer.settings import get_settings

    home = tmp_path_factory.mktemp("analyzer-home")
    monkeypatch.setenv("ANALYZER_HOME", str(home))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    for name in (
        "OPENAI_API_KEY",
        "OPENAI_BASE_URL",
        "ANALYZER_BACKEND",
        "ANALYZER_CHROMA_URL",
        "ANALYZER_EMBEDDING",
    ):
        monkeypatch.delenv(name, raising=False)
    get_settings.cache_clear()
    yield home
    get_settings.cache_clear()


@pytest.fixture
def openai_env(llm_server, monkeypatch):
    """Environment for the OpenAI-compatible backend against the local test server."""
    from analyzer.settings import get_settings

    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-secret-key-123")
    monkeypatch.setenv("OPENAI_BASE_URL", llm_server.base_url)
    monkeypatch.setenv("ANALYZER_MAX_RETRIES", "0")
    monkeypatch.setenv("ANALYZER_TIMEOUT", "5")
    get_settings.cache_clear()
    return llm_server


@pytest.fixture
def examples_dir() -> Path:
    return ROOT / "examples"
