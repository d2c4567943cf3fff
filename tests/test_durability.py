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


def _spawn(home: Path, path: Path | None, partner: str = "", *extra: str) -> subprocess.Popen:
    env = {**os.environ, "ANALYZER_HOME": str(home)}
    args = [str(path), partner] if path else []
    return subprocess.Popen(
        [sys.executable, str(SCRIPT), *args, *extra],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _state(home: Path) -> dict[str, tuple[int, int]]:
    """What a fresh reader sees: per committed meeting, (passages, findings); it also finds no leftovers."""
    get_settings.cache_clear()
    os.environ["ANALYZER_HOME"] = str(home)
    get_settings.cache_clear()
    store = Store()
    seen = {}
    for meta in store.list_meetings():
        report = store.get_report(meta.id)
        passages = len(store.passage_ids(meta.id))
        findings = len(store.findings_for([meta.id]))
        assert findings == len(report.findings)
        seen[meta.id] = (passages, findings)
    assert store.check().total == 0, "opening the store finishes or undoes interrupted writes"
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


_OPEN_AFTER_IMPORTS = """
import sys
from analyzer.store import Store
print("imported", flush=True)
print(Store().meetings.count(), flush=True)
"""


def test_a_new_local_store_is_created_by_one_process_at_a_time(tmp_path):
    # Chroma creates its SQLite tables on first open; two processes doing it at once fail with
    # "table collections already exists". The open lock makes the second wait for the first.
    import fcntl

    home = tmp_path / "new"
    home.mkdir()
    env = {**os.environ, "ANALYZER_HOME": str(home)}
    with open(home / "open.lock", "a+") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        proc = subprocess.Popen(
            [sys.executable, "-c", _OPEN_AFTER_IMPORTS], env=env, stdout=subprocess.PIPE, text=True
        )
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "imported"
        time.sleep(3)
        assert proc.poll() is None, "the opener waits while another process holds the open lock"
        assert not list(home.rglob("chroma.sqlite3")), "no tables are created while the lock is held"
        fcntl.flock(held, fcntl.LOCK_UN)
    out, _ = proc.communicate(timeout=120)
    assert proc.returncode == 0 and out.strip() == "0"


def test_a_store_written_by_another_schema_version_is_refused_with_a_fix(tmp_path, monkeypatch):
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    from analyzer.core.errors import StoreError

    home = tmp_path / "old"
    client = chromadb.PersistentClient(
        path=str(home / "chroma"), settings=ChromaSettings(anonymized_telemetry=False)
    )
    from analyzer.embedding import LocalMiniLMEmbeddingFunction

    client.get_or_create_collection(
        "meetings",
        embedding_function=LocalMiniLMEmbeddingFunction(),
        metadata={"hnsw:space": "cosine", "schema_version": SCHEMA_VERSION + 1},
    )
    monkeypatch.setenv("ANALYZER_HOME", str(home))
    get_settings.cache_clear()
    with pytest.raises(StoreError) as info:
        Store()
    assert f"schema version {SCHEMA_VERSION + 1}" in info.value.message
    assert "new ANALYZER_HOME" in info.value.message


def _run(home: Path, *args, kill_at: str | None = None) -> subprocess.CompletedProcess:
    proc = _spawn(home, *args, *(["--kill-at", kill_at] if kill_at else []))
    out, err = proc.communicate(timeout=300)
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


@pytest.fixture(scope="module")
def stored_once(tmp_path_factory):
    """A home with EXAMPLE stored once (copied per test), and what a reader sees in it."""
    home = tmp_path_factory.mktemp("stored") / "home"
    done = _run(home, EXAMPLE, "Kitamura Precision")
    assert done.returncode == 0, done.stderr
    return home, _state(home)


def _copy(home: Path, to: Path) -> Path:
    import shutil

    shutil.copytree(home, to)
    return to


@pytest.mark.slow
@pytest.mark.parametrize("point", ["begun", "passages", "findings", "committed", "settled"])
def test_sigkill_during_reanalysis_keeps_the_stored_meeting_readable(stored_once, tmp_path, point):
    source, expected = stored_once
    home = _copy(source, tmp_path / "home")
    killed = _run(home, EXAMPLE, "Kitamura Precision", "--title", "Renamed on re-analysis", kill_at=point)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    seen = _state(home)
    assert list(seen.values()) == list(expected.values()), f"killed at {point}: the meeting must stay whole"
    (meeting_id,) = seen
    title = Store().get_meeting(meeting_id).title
    new_copy = point in ("committed", "settled")
    assert (title == "Renamed on re-analysis") is new_copy, (
        f"killed at {point}: old copy before the commit, new after"
    )


@pytest.mark.slow
@pytest.mark.parametrize("point", ["rows", "record"])
def test_sigkill_during_delete_leaves_nothing_behind_once_reopened(stored_once, tmp_path, point):
    source, expected = stored_once
    home = _copy(source, tmp_path / "home")
    (meeting_id,) = expected
    killed = _run(home, None, "", "--delete", meeting_id, kill_at=point)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert _state(home) == {}, f"killed at {point}: reopening finishes the delete"
    store = Store()
    assert store.passages.count() == store.findings.count() == store.reports.count() == 0


@pytest.mark.slow
def test_leftovers_of_a_crashed_first_write_never_take_a_search_slot(stored_once, tmp_path, monkeypatch):
    from analyzer.core.models import Chunk
    from analyzer.search import search

    source, expected = stored_once
    home = _copy(source, tmp_path / "home")
    monkeypatch.setenv("ANALYZER_HOME", str(home))
    get_settings.cache_clear()
    store = Store()
    before = search(store, "delivery schedule", k=10, partner="Kitamura Precision")
    # What a crash between the rows and the commit of another meeting leaves: rows of no committed copy.
    text = "the delivery schedule for the delivery schedule review of the delivery schedule"
    junk = [
        Chunk(id=f"junk{i}", meeting_id="mghost", index=i, start=0, end=len(text), text=text)
        for i in range(300)
    ]
    store._add_passages(
        "deadbeef",
        {
            "meeting_id": "mghost",
            "title": "ghost",
            "partner": "Kitamura Precision",
            "partner_key": "kitamura precision",
            "date": "2026-03-10",
            "date_int": 20260310,
        },
        junk,
    )
    after = search(Store(), "delivery schedule", k=10, partner="Kitamura Precision")
    assert len(before) == 10 and [h.chunk_id for h in after] == [h.chunk_id for h in before]
    assert len(search(Store(), "delivery schedule", k=10)) == 10
    found = Store().check()
    assert len(found.passages) == 300
    Store().check(repair=True)
    assert Store().check().total == 0 and list(_state(home).values()) == list(expected.values())


@pytest.mark.slow
def test_a_schema_1_store_is_upgraded_in_place_without_losing_a_meeting(stored_once, tmp_path, monkeypatch):
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    from analyzer.search import search

    source, expected = stored_once
    home = _copy(source, tmp_path / "home")
    client = chromadb.PersistentClient(
        path=str(home / "chroma"), settings=ChromaSettings(anonymized_telemetry=False)
    )
    # Turn the copy back into what schema 1 wrote: no generations, the report inside the meeting record.
    meetings, passages = client.get_collection("meetings"), client.get_collection("passages")
    findings, reports = client.get_collection("findings"), client.get_collection("reports")
    (meeting_id,) = expected
    report_json = reports.get(include=["metadatas"])["metadatas"][0]["report_json"]
    meetings.update(
        ids=[meeting_id],
        metadatas=[
            {"report_json": report_json, "generation": None, "findings_generation": None, "schema_version": 1}
        ],
    )
    for collection in (passages, findings):
        got = collection.get(include=["documents", "metadatas", "embeddings"])
        collection.delete(ids=got["ids"])
        bare = [{k: v for k, v in m.items() if k not in ("generation", "chunk_id")} for m in got["metadatas"]]
        ids = [i.split(".", 1)[1] for i in got["ids"]]
        collection.add(ids=ids, documents=got["documents"], metadatas=bare, embeddings=got["embeddings"])
        collection.modify(metadata={"schema_version": 1})
    meetings.modify(metadata={"schema_version": 1})
    client.delete_collection("reports")
    client.delete_collection("journal")
    del client
    chromadb.api.client.SharedSystemClient.clear_system_cache()
    from analyzer import store as store_module

    store_module._client.cache_clear()
    monkeypatch.setenv("ANALYZER_HOME", str(home))
    get_settings.cache_clear()
    assert list(_state(home).values()) == list(expected.values())
    assert search(Store(), "delivery schedule", k=3)


@pytest.mark.slow
@pytest.mark.parametrize("point", ["index-passages", "index-committed"])
def test_sigkill_while_indexing_in_the_background_keeps_the_findings_and_repair_indexes(
    stored_once, tmp_path, point, capsys
):
    source, expected = stored_once
    home = tmp_path / "home"
    killed = _run(home, EXAMPLE, "Kitamura Precision", "--defer-index", kill_at=point)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    seen = _state(home)
    ((passages, findings),) = seen.values()
    ((_, expected_findings),) = expected.values()
    assert findings == expected_findings, "the findings committed before indexing began"
    store = Store()
    if point == "index-passages":  # killed before the passages committed: nothing half-indexed
        assert passages == 0 and store.unindexed() == list(seen)
        from analyzer.cli import main

        assert main(["store", "check"]) == 1
        assert "not in search yet" in capsys.readouterr().out
        assert main(["store", "check", "--repair"]) == 0
        assert "Indexed 1 meeting(s)" in capsys.readouterr().out
    assert list(_state(home).values()) == list(expected.values())
    assert Store().unindexed() == []
