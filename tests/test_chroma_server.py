"""Server mode against a real Chroma server (`chroma run`), started and stopped by this module.

Covers what changes when ANALYZER_CHROMA_URL is set: ingest through HttpClient, a search that
finds a seeded phrase at rank 1, delete, and two analyzer processes (with separate data
directories, as on two machines, so the local write lock cannot serialise them) writing to the
same server at once without losing anything.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from serving import free_port, wait_healthy

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
CHROMA = Path(sys.executable).parent / "chroma"
SEEDED = "the zirconium flange tolerance must stay within four microns"


def _serve(path: Path):
    """Start `chroma run` on a free port with data under `path`; (process, URL, log file)."""
    if not CHROMA.exists() and not shutil.which("chroma"):
        pytest.fail("the chroma CLI is missing: it ships with chromadb; run 'make install'")
    path.mkdir(parents=True, exist_ok=True)
    port = free_port()
    log = open(path / "server.log", "wb")
    proc = subprocess.Popen(
        [
            str(CHROMA if CHROMA.exists() else shutil.which("chroma")),
            "run",
            "--path",
            str(path / "data"),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ, "ANONYMIZED_TELEMETRY": "False"},
    )
    url = f"http://127.0.0.1:{port}"
    wait_healthy(f"{url}/api/v2/heartbeat", proc, 30.0, lambda: (path / "server.log").read_text()[-2000:])
    return proc, url, log


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory):
    """A real Chroma server on a free port with a temporary data path; yields its URL."""
    proc, url, log = _serve(tmp_path_factory.mktemp("chroma-server"))
    try:
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


@pytest.fixture
def server_env(chroma_server, monkeypatch):
    from analyzer.settings import get_settings

    monkeypatch.setenv("ANALYZER_CHROMA_URL", chroma_server)
    get_settings.cache_clear()
    return chroma_server


def _meeting_with_seed() -> str:
    return (
        "Supplier quality review\nDate: 2026-03-10\n\n"
        "Dana Whitfield: Thanks for joining. Let's start with the drawing change for the housing.\n"
        f"Sato Yuki: For the new housing, {SEEDED}, otherwise assembly fails.\n"
        "Dana Whitfield: Understood. I will send the revised drawing by Friday.\n"
        "Sato Yuki: Thank you. We will confirm the sample dates next week.\n"
    )


def test_ingest_search_delete_through_server(server_env):
    from analyzer.pipeline import analyze
    from analyzer.search import search
    from analyzer.store import Store

    store = Store()
    assert store.settings.chroma_url == server_env
    assert "fastapi" in store.client.get_settings().chroma_api_impl.lower()  # HTTP, not the embedded client
    report = analyze(_meeting_with_seed(), partner="Server Partner", store=True)
    assert report.stored
    assert report.meeting.id in store.committed_ids()

    hits = search(store, SEEDED, k=3, partner="Server Partner")
    assert hits, "no hits through the server"
    assert SEEDED in hits[0].text
    assert hits[0].meeting_id == report.meeting.id
    # The second search for a partner goes through the in-process partner index (ids= over HTTP).
    assert [h.chunk_id for h in search(store, SEEDED, k=3, partner="Server Partner")] == [
        h.chunk_id for h in hits
    ]

    # A meeting added after the index was filled is seen: the partner's committed set changed.
    later = analyze(
        _meeting_with_seed().replace(SEEDED, "the cobalt gasket order moves to week 14"),
        partner="Server Partner",
        store=True,
    )
    found = search(store, "cobalt gasket order week 14", k=3, partner="Server Partner")
    assert found and found[0].meeting_id == later.meeting.id
    store.delete(later.meeting.id)

    store.delete(report.meeting.id)
    assert report.meeting.id not in store.committed_ids()
    assert store.passages.get(where={"meeting_id": report.meeting.id}, include=[])["ids"] == []
    assert store.findings.get(where={"meeting_id": report.meeting.id}, include=[])["ids"] == []
    assert search(store, SEEDED, k=3, partner="Server Partner") == []


def test_two_processes_write_to_one_server_at_once(server_env, tmp_path):
    from analyzer.chunking import passages
    from analyzer.ingest import load_path
    from analyzer.store import Store

    meetings = [
        (ROOT / "examples" / "sao-paulo-logistics.txt", "TransRota Logística"),
        (ROOT / "examples" / "lagos-fintech-minutes.md", "PayLinka"),
    ]
    procs = []
    for i, (path, partner) in enumerate(meetings):
        # Separate homes, as on two machines: only the server keeps the writes apart.
        env = {**os.environ, "ANALYZER_HOME": str(tmp_path / f"home{i}"), "ANALYZER_CHROMA_URL": server_env}
        procs.append(
            subprocess.Popen(
                [sys.executable, "-m", "analyzer", "analyze", str(path), "--partner", partner, "--json"],
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                cwd=ROOT,
            )
        )
    outputs = [p.communicate(timeout=120) for p in procs]
    for proc, (_out, err) in zip(procs, outputs):
        assert proc.returncode == 0, err.decode(errors="replace")[-2000:]

    store = Store()
    committed = store.committed_ids()
    for (path, _), (out, _) in zip(meetings, outputs):
        data = json.loads(out)
        meeting_id = data["meeting"]["id"]
        assert meeting_id in committed
        expected = passages(load_path(path), meeting_id)
        assert sorted(store.passage_ids(meeting_id)) == sorted(c.id for c in expected)
        assert len(store.findings_for([meeting_id])) == len(data["findings"])
        assert store.get_report(meeting_id).meeting.id == meeting_id


def test_two_clients_storing_the_same_meeting_at_once_end_with_one_consistent_copy(server_env, tmp_path):
    from analyzer.chunking import passages
    from analyzer.ingest import load_path
    from analyzer.store import Store

    path = ROOT / "examples" / "sao-paulo-logistics.txt"
    procs = []
    for i, title in enumerate(["Copy from client A", "Copy from client B"]):
        # Separate homes, as on two machines: the local lock cannot serialise them, only the server's queue.
        env = {**os.environ, "ANALYZER_HOME": str(tmp_path / f"home{i}"), "ANALYZER_CHROMA_URL": server_env}
        procs.append(
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "analyzer",
                    "analyze",
                    str(path),
                    "--partner",
                    "TransRota Logística",
                    "--title",
                    title,
                    "--json",
                ],
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                cwd=ROOT,
            )
        )
    outputs = [p.communicate(timeout=180) for p in procs]
    for proc, (_out, err) in zip(procs, outputs):
        assert proc.returncode == 0, err.decode(errors="replace")[-2000:]
    ids = {json.loads(out)["meeting"]["id"] for out, _ in outputs}
    assert len(ids) == 1
    (meeting_id,) = ids
    store = Store()
    report = store.get_report(meeting_id)
    winner = next(
        json.loads(out) for out, _ in outputs if json.loads(out)["meeting"]["title"] == report.meeting.title
    )
    assert sorted(store.passage_ids(meeting_id)) == sorted(
        c.id for c in passages(load_path(path), meeting_id)
    )
    assert sorted(f.id for f in store.findings_for([meeting_id])) == sorted(
        f["id"] for f in winner["findings"]
    )
    rows = store.passages.get(where={"meeting_id": meeting_id}, include=[])["ids"]
    assert len(rows) == len(store.passage_ids(meeting_id)), "the losing copy's rows are gone"
    assert store.check().total == 0


def test_a_server_that_dies_mid_command_is_one_line_with_a_fix(tmp_path, monkeypatch, capsys):
    from analyzer.cli import main
    from analyzer.pipeline import analyze
    from analyzer.settings import get_settings
    from analyzer.store import Store

    proc, url, log = _serve(tmp_path / "own-server")  # its own server: this test kills it
    try:
        monkeypatch.setenv("ANALYZER_CHROMA_URL", url)
        get_settings.cache_clear()
        analyze(_meeting_with_seed(), partner="Kitamura Precision", store=True)
        opened = Store.__init__

        def open_then_lose_the_server(self, *args, **kwargs):
            opened(self, *args, **kwargs)  # the client is connected; then the server goes away
            proc.kill()
            proc.wait()

        monkeypatch.setattr(Store, "__init__", open_then_lose_the_server)
        code = main(["search", "flange tolerance"])
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        log.close()
    err = capsys.readouterr().err
    assert code == 2, err
    assert (
        err.startswith(f"error: the Chroma server at {url} stopped answering")
        and "ANALYZER_CHROMA_URL" in err
    )
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
