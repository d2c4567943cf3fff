"""Nothing downloads: a fresh process with sockets disabled can tokenize, embed, chunk and store."""

import json
import os
import subprocess
import sys
import textwrap

import pytest

from analyzer import resources

BLOCK_NETWORK = textwrap.dedent(
    """
    import socket
    def _refuse(*args, **kwargs):
        raise OSError("network disabled in this test")
    socket.socket.connect = _refuse
    socket.socket.connect_ex = _refuse
    socket.create_connection = _refuse
    socket.getaddrinfo = _refuse
    """
)

SCRIPT = textwrap.dedent(
    """
    import json, tiktoken
    from analyzer.tokens import count_tokens
    from analyzer.embedding import local_model
    from analyzer.store import Store
    from analyzer.core.models import Chunk, MeetingMeta, Report, AnalysisStats, Transcript
    import datetime as dt
    n = count_tokens("Kitamura-san will send the revised quote by Friday.")
    m = tiktoken.encoding_for_model("gpt-4o-mini").name
    v = local_model().encode(["hello world", "price increase"])
    store = Store()
    text = "Jun: hello world"
    meta = MeetingMeta(id="m1", title="t", date=dt.date(2026, 1, 5), partner="P")
    report = Report(meeting=meta, findings=[], stats=AnalysisStats(), transcript=Transcript(text=text, format="lines"))
    store.save(report, [Chunk(id="m1:0", meeting_id="m1", index=0, text=text, start=0, end=len(text))])
    print(json.dumps({"tokens": n, "model_encoding": m, "dims": v.shape[1], "count": store.passages.count()}))
    """
)


def test_a_fresh_process_without_network_tokenizes_embeds_and_stores(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(BLOCK_NETWORK)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI", "TIKTOKEN"))}
    env.update(
        PYTHONPATH=str(site),
        ANALYZER_HOME=str(tmp_path / "home"),
        HF_HUB_OFFLINE="1",
        TIKTOKEN_CACHE_DIR=str(tmp_path / "empty-tiktoken-cache"),
    )
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, env=env, timeout=120
    )
    assert result.returncode == 0, result.stderr[-2000:]
    out = json.loads(result.stdout.strip().splitlines()[-1])
    assert out == {"tokens": out["tokens"], "model_encoding": "o200k_base", "dims": 384, "count": 1}
    assert out["tokens"] > 5


def test_a_changed_data_file_fails_loudly(tmp_path, monkeypatch):
    fake = tmp_path / "model.onnx"
    fake.write_bytes(b"not the pinned model")
    with pytest.raises(resources.ConfigError, match="sha256"):
        resources._verified_file(str(fake), resources.MODEL_SHA256)


def test_packaged_files_match_their_pins():
    assert resources.embedding_model_path().is_file()
    assert resources.embedding_tokenizer_path().is_file()
    assert len(resources.bpe_ranks("cl100k_base")) > 1_000_000
