"""Durability: a meeting is written whole or not at all, even under SIGKILL; parallel writers lose nothing."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from analyzer.settings import get_settings
from analyzer.store import SCHEMA_VERSION, Store

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "tests" / "helpers" / "ingest_one.py"
EXAMPLE = ROOT / "examples" / "kitamura-precision.vtt"
OTHER = ROOT / "examples" / "sao-paulo-logistics.txt"


def _spawn(home: Path, path: Path, partner: str) -> subprocess.Popen:
    env = {**os.environ, "ANALYZER_HOME": str(home)}
    return subprocess.Popen([sys.executable, str(SCRIPT), str(path), partner], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def _state(home: Path) -> dict[str, tuple[int, int]]:
    """What a fresh reader sees: per committed meeting, (passages, findings)."""
    get_settings.cache_clear()
    os.environ["ANALYZER_HOME"] = str(home)
    get_settings.cache_clear()
    store = Store()
    seen = {}
    for meta in store.list_meetings():
        report = store.get_report(meta.id)
        passages = len(store.passages.get(where={"meeting_id": meta.id}, include=[])["ids"])
        findings = len(store.findings_for([meta.id]))
        assert findings == len(report.findings)
        seen[meta.id] = (passages, findings)
    return seen


@pytest.mark.slow
def test_sigkill_at_random_points_leaves_each_meeting_whole_or_absent(tmp_path):
    reference_home = tmp_path / "reference"
    started = time.monotonic()
    proc = _spawn(reference_home, EXAMPLE, "Kitamura Precision")
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    full_run = time.monotonic() - started
    (expected,) = _state(reference_home).values()

    rng = random.Random(20261123)
    outcomes = {"absent": 0, "whole": 0}
    for iteration in range(6):
        home = tmp_path / f"kill-{iteration}"
        proc = _spawn(home, EXAMPLE, "Kitamura Precision")
        time.sleep(rng.uniform(0.5, full_run * 1.1))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        seen = _state(home)
        assert list(seen.values()) in ([], [expected]), f"iteration {iteration}: torn meeting {seen}"
        outcomes["whole" if seen else "absent"] += 1
        rerun = _spawn(home, EXAMPLE, "Kitamura Precision")
        assert rerun.wait(timeout=300) == 0
        assert list(_state(home).values()) == [expected], "re-running completes the meeting"
    assert outcomes["absent"] >= 1, f"kill points never hit the write window: {outcomes}"


@pytest.mark.slow
def test_two_processes_ingesting_different_meetings_at_once_lose_nothing(tmp_path):
    home = tmp_path / "shared"
    a = _spawn(home, EXAMPLE, "Kitamura Precision")
    b = _spawn(home, OTHER, "TransRota Logística")
    results = [p.communicate(timeout=300) for p in (a, b)]
    assert a.returncode == 0 and b.returncode == 0, results
    ids = {line.split()[0] for line, _ in results}
    seen = _state(home)
    assert set(seen) == ids
    assert all(passages > 0 for passages, _ in seen.values())
    from analyzer.search import search

    hits = search(Store(), "late-delivery penalty", k=3)
    assert any(h.partner == "TransRota Logística" for h in hits)


def test_a_store_written_by_another_schema_version_is_refused_with_a_fix(tmp_path, monkeypatch):
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    from analyzer.core.errors import StoreError

    home = tmp_path / "old"
    client = chromadb.PersistentClient(path=str(home / "chroma"), settings=ChromaSettings(anonymized_telemetry=False))
    from analyzer.embedding import LocalMiniLMEmbeddingFunction

    client.get_or_create_collection("meetings", embedding_function=LocalMiniLMEmbeddingFunction(),
                                    metadata={"hnsw:space": "cosine", "schema_version": SCHEMA_VERSION - 1})
    monkeypatch.setenv("ANALYZER_HOME", str(home))
    get_settings.cache_clear()
    with pytest.raises(StoreError) as info:
        Store()
    assert f"schema version {SCHEMA_VERSION - 1}" in info.value.message
    assert "new ANALYZER_HOME" in info.value.message
