"""Tests for tests/llm_server.py, driven through the real openai and langchain-openai clients.

Nothing is mocked: every test talks HTTP to a server on 127.0.0.1.
"""

from __future__ import annotations

import base64
import concurrent.futures
import json
import os
import struct
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import openai
import pytest
from langchain_openai import ChatOpenAI, OpenAIEmbeddings
from langchain_openai.chat_models.base import OpenAIRefusalError
from pydantic import BaseModel

sys.path.insert(0, str(Path(__file__).resolve().parent))

from llm_server import (
    LLMServer,
    count_tokens,
    delay,
    empty,
    fake_embedding,
    json_content,
    refusal,
    reset,
    status,
    text_content,
)

API_KEY = "test-key-5ecret-value"


class Finding(BaseModel):
    """One finding, as the analyzer's schema might ask for."""

    kind: str
    quote: str


class Findings(BaseModel):
    """Top-level structured output."""

    findings: list[Finding]


def _client(server: LLMServer, **kw) -> openai.OpenAI:
    kw.setdefault("max_retries", 0)
    kw.setdefault("timeout", 5.0)
    return openai.OpenAI(base_url=server.base_url, api_key=API_KEY, **kw)


def _structured(server: LLMServer, **kw):
    kw.setdefault("max_retries", 0)
    kw.setdefault("timeout", 5.0)
    llm = ChatOpenAI(base_url=server.base_url, api_key=API_KEY, model="test-model", **kw)
    return llm.with_structured_output(Findings, method="json_schema", include_raw=True)


def _ask(client: openai.OpenAI, text: str = "hello"):
    return client.chat.completions.create(model="test-model", messages=[{"role": "user", "content": text}])


# ---- happy paths -------------------------------------------------------------------------------


def test_openai_chat_completion_records_request_and_counts_tokens(llm_server):
    import tiktoken

    llm_server.push(json_content({"findings": [{"kind": "commitment", "quote": "we will ship"}]}))
    messages = [
        {"role": "system", "content": "You extract commitments from meeting notes."},
        {"role": "user", "content": [{"type": "text", "text": "Ana: we will ship the report by Friday."}]},
    ]
    resp = _client(llm_server).chat.completions.create(model="test-model", messages=messages)

    assert json.loads(resp.choices[0].message.content)["findings"][0]["kind"] == "commitment"
    assert resp.choices[0].finish_reason == "stop"
    enc = tiktoken.get_encoding("o200k_base")  # cache seeded by the server module
    expected = len(enc.encode(messages[0]["content"])) + len(enc.encode(messages[1]["content"][0]["text"]))
    assert expected > 0
    assert resp.usage.prompt_tokens == expected
    assert resp.usage.completion_tokens == len(enc.encode(resp.choices[0].message.content)) > 0
    assert resp.usage.total_tokens == resp.usage.prompt_tokens + resp.usage.completion_tokens

    (call,) = llm_server.calls
    assert call.path == "/v1/chat/completions" and call.method == "POST" and call.status == 200
    assert call.input_tokens == expected == llm_server.input_tokens_total
    assert call.body["messages"] == messages and call.model == "test-model"
    assert call.headers["authorization"] == f"Bearer {API_KEY}"
    assert call.received_at <= time.time() and call.finished >= call.started
    # The key is kept for assertions but never shown.
    assert API_KEY not in repr(call) and API_KEY not in repr(call.headers)
    assert API_KEY not in json.dumps(call.to_dict())

    llm_server.reset_calls()
    assert llm_server.calls == [] and llm_server.input_tokens_total == 0


def test_default_reply_is_empty_findings_and_responder_sees_body(llm_server):
    client = _client(llm_server)
    assert json.loads(_ask(client).choices[0].message.content) == {"findings": []}

    seen = []

    def responder(body):
        seen.append(body["messages"][-1]["content"])
        return json_content({"findings": [{"kind": "echo", "quote": body["messages"][-1]["content"]}]})

    llm_server.set_responder(responder)
    llm_server.push({"findings": [{"kind": "queued", "quote": "q"}]})  # queue wins over responder
    assert json.loads(_ask(client, "one").choices[0].message.content)["findings"][0]["kind"] == "queued"
    assert json.loads(_ask(client, "two").choices[0].message.content)["findings"][0]["quote"] == "two"
    assert seen == ["two"]
    llm_server.set_responder(None)
    assert json.loads(_ask(client).choices[0].message.content) == {"findings": []}


def test_langchain_structured_output_parses_scripted_json(llm_server):
    llm_server.push(json_content({"findings": [{"kind": "commitment", "quote": "we will ship by Friday"}]}))
    result = _structured(llm_server).invoke("Meeting notes: we will ship by Friday.")

    assert result["parsing_error"] is None
    assert result["parsed"] == Findings(findings=[Finding(kind="commitment", quote="we will ship by Friday")])
    assert result["raw"].usage_metadata["input_tokens"] == llm_server.calls[0].input_tokens > 0
    body = llm_server.calls[0].body
    assert body["response_format"]["type"] == "json_schema"
    assert body["response_format"]["json_schema"]["name"] == "Findings"
    assert body["response_format"]["json_schema"]["strict"] is True


def test_streaming_sse_with_openai_and_langchain(llm_server):
    payload = {"findings": [{"kind": "conflict", "quote": "we disagree on the budget split"}]}
    llm_server.push(json_content(payload), json_content(payload))
    stream = _client(llm_server).chat.completions.create(
        model="test-model",
        messages=[{"role": "user", "content": "stream please"}],
        stream=True,
        stream_options={"include_usage": True},
    )
    chunks = list(stream)
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert json.loads(text) == payload
    assert len([c for c in chunks if c.choices]) > 2  # really split into deltas
    assert chunks[-1].usage.prompt_tokens == count_tokens("stream please")

    llm = ChatOpenAI(base_url=llm_server.base_url, api_key=API_KEY, model="test-model", max_retries=0)
    assert json.loads("".join(str(c.content) for c in llm.stream("again"))) == payload
    assert [c.stream for c in llm_server.calls] == [True, True]


# ---- faults ------------------------------------------------------------------------------------


def test_refusal_surfaces_as_parsing_error(llm_server):
    llm_server.push(refusal())
    result = _structured(llm_server).invoke("something objectionable")
    assert result["parsed"] is None
    assert isinstance(result["parsing_error"], OpenAIRefusalError)
    assert result["raw"].additional_kwargs["refusal"] == "I can't help with that"

    llm_server.push(refusal("nope"))
    msg = _ask(_client(llm_server)).choices[0].message
    assert msg.content is None and msg.refusal == "nope"


def test_empty_truncated_and_invalid_content(llm_server):
    structured = _structured(llm_server)
    llm_server.push(empty())
    result = structured.invoke("x")
    assert result["parsed"] is None and isinstance(result["parsing_error"], ValueError)

    # Truncated or schema-violating JSON fails inside openai's parse(), i.e. it raises from
    # invoke() rather than landing in parsing_error.
    for bad in ('{"findings": [{"kind": "comm', '{"findings": [{"kind": 3}]}'):
        llm_server.push(text_content(bad))
        with pytest.raises(ValueError):  # pydantic.ValidationError
            structured.invoke("x")
    llm_server.push(text_content('{"findings": [{"kind": "comm', finish_reason="length"))
    with pytest.raises(openai.LengthFinishReasonError):
        structured.invoke("x")
    assert [c.reply_kind for c in llm_server.calls] == ["content"] * 4


def test_429_is_retried_after_retry_after(llm_server):
    llm_server.push(status(429, retry_after=1), json_content({"findings": []}))
    resp = _ask(_client(llm_server, max_retries=1))
    assert json.loads(resp.choices[0].message.content) == {"findings": []}
    first, second = llm_server.calls
    assert (first.status, second.status) == (429, 200)
    assert second.headers.get("x-stainless-retry-count") == "1"
    assert second.started - first.finished >= 0.9  # honoured Retry-After: 1


def test_429_without_retries_raises_rate_limit_error(llm_server):
    llm_server.push(status(429, retry_after=1))
    with pytest.raises(openai.RateLimitError) as info:
        _ask(_client(llm_server))
    assert info.value.status_code == 429
    assert info.value.code == "rate_limit_exceeded"
    assert info.value.response.headers["retry-after"] == "1"

    llm_server.push(status(429))
    with pytest.raises(openai.RateLimitError):  # langchain's subclass
        _structured(llm_server).invoke("x")
    assert len(llm_server.calls) == 2


@pytest.mark.parametrize("code", [500, 503])
def test_server_errors_raise_internal_server_error(llm_server, code):
    llm_server.push(status(code))
    with pytest.raises(openai.InternalServerError) as info:
        _ask(_client(llm_server))
    assert info.value.status_code == code
    llm_server.push(status(code, body={"error": {"message": "custom", "type": "server_error"}}))
    with pytest.raises(openai.InternalServerError, match="custom"):
        _structured(llm_server).invoke("x")


def test_connection_reset_raises_connection_error(llm_server):
    llm_server.push(reset())
    with pytest.raises(openai.APIConnectionError) as info:
        _ask(_client(llm_server))
    assert not isinstance(info.value, openai.APITimeoutError)
    llm_server.push(reset())
    with pytest.raises(openai.APIConnectionError):
        _structured(llm_server).invoke("x")
    assert [c.status for c in llm_server.calls] == [None, None]
    # The server keeps serving afterwards.
    assert _ask(_client(llm_server)).choices[0].message.content == '{"findings": []}'


def test_delay_beyond_timeout_raises_timeout_error(llm_server):
    llm_server.push(delay(5))
    with pytest.raises(openai.APITimeoutError):
        _ask(_client(llm_server, timeout=0.3))
    llm_server.push(delay(5))
    with pytest.raises(openai.APITimeoutError):
        _structured(llm_server, timeout=0.3).invoke("x")
    assert len(llm_server.calls) == 2  # fixture teardown wakes the sleeping handlers


def test_authentication_error_when_key_required():
    with LLMServer(require_api_key="right-key") as server:
        client = openai.OpenAI(base_url=server.base_url, api_key="wrong-key", max_retries=0)
        with pytest.raises(openai.AuthenticationError):
            _ask(client)
        ok = openai.OpenAI(base_url=server.base_url, api_key="right-key", max_retries=0)
        assert _ask(ok).choices[0].message.content == '{"findings": []}'


def test_concurrent_delayed_requests_overlap(llm_server):
    llm_server.set_responder(lambda body: delay(1, json_content({"findings": []})))
    client = _client(llm_server)
    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda i: _ask(client, f"chunk {i}"), range(4)))
    assert len(results) == 4
    calls = llm_server.calls
    assert len(calls) == 4 and all(c.status == 200 for c in calls)
    assert max(c.started for c in calls) < min(c.finished for c in calls)  # all four in flight at once
    assert llm_server.max_overlap() == 4 and llm_server.peak_in_flight == 4
    assert max(c.finished for c in calls) - min(c.started for c in calls) < 2.0


# ---- embeddings, models, CLI ---------------------------------------------------------------------


def test_embeddings_are_deterministic_unit_vectors(llm_server):
    client = _client(llm_server)
    a = client.embeddings.create(
        model="text-embedding-3-small", input=["alpha", "beta"]
    )  # base64 on the wire
    b = client.embeddings.create(model="text-embedding-3-small", input="alpha", encoding_format="float")
    assert llm_server.calls[0].body["encoding_format"] == "base64"
    v = a.data[0].embedding
    assert len(v) == 1536 and abs(sum(x * x for x in v) - 1) < 1e-5
    assert v == pytest.approx(b.data[0].embedding, abs=1e-6)
    assert a.data[1].embedding != pytest.approx(v, abs=1e-3)
    assert b.data[0].embedding == pytest.approx(fake_embedding("alpha"), abs=1e-9)
    small = client.embeddings.create(model="text-embedding-3-small", input="alpha", dimensions=64)
    assert len(small.data[0].embedding) == 64
    assert a.usage.prompt_tokens == llm_server.calls[0].input_tokens == 2

    # langchain's OpenAIEmbeddings sends cl100k token ids; they embed like the same text.
    count_tokens("seed", "cl100k_base")  # seeds tiktoken's cl100k cache for the client side
    emb = OpenAIEmbeddings(
        base_url=llm_server.base_url, api_key=API_KEY, model="text-embedding-3-small", max_retries=0
    )
    vectors = emb.embed_documents(["alpha", "The partner agreed to share the audit."])
    assert isinstance(llm_server.calls[-1].body["input"][0], list)
    assert vectors[0] == pytest.approx(v, abs=1e-6)


def test_embedding_faults_use_their_own_queue(llm_server):
    llm_server.push(status(503), endpoint="embeddings")
    client = _client(llm_server)
    with pytest.raises(openai.InternalServerError):
        client.embeddings.create(model="text-embedding-3-small", input="x")
    assert _ask(client).choices[0].message.content == '{"findings": []}'
    raw = base64.b64decode(
        client.embeddings.with_raw_response.create(model="m", input="x").http_response.json()["data"][0][
            "embedding"
        ]
    )
    assert len(struct.unpack(f"<{len(raw) // 4}f", raw)) == 1536


def test_models_and_bad_requests(llm_server):
    client = _client(llm_server)
    assert "test-model" in [m.id for m in client.models.list()]
    with pytest.raises(openai.BadRequestError):
        client.chat.completions.create(model="test-model", messages=[])
    with pytest.raises(openai.NotFoundError):
        client.models.retrieve("no-such-model")


def test_standalone_cli_with_script_and_control_endpoints(tmp_path):
    script = tmp_path / "replies.json"
    script.write_text(
        json.dumps([{"json": {"findings": [{"kind": "scripted", "quote": "q"}]}}, {"status": 500}])
    )
    proc = subprocess.Popen(
        [
            sys.executable,
            str(Path(__file__).with_name("llm_server.py")),
            "--port",
            "0",
            "--script",
            str(script),
        ],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        line = proc.stdout.readline().strip()
        assert line.startswith("listening on http://127.0.0.1:")
        base_url = line.split()[-1]
        client = openai.OpenAI(base_url=base_url, api_key=API_KEY, max_retries=0, timeout=10)
        assert json.loads(_ask(client).choices[0].message.content)["findings"][0]["kind"] == "scripted"
        with pytest.raises(openai.InternalServerError):
            _ask(client)
        assert _ask(client).choices[0].message.content == '{"findings": []}'
        root = base_url.rsplit("/v1", 1)[0]
        with urllib.request.urlopen(f"{root}/_control/stats", timeout=5) as r:
            stats = json.load(r)
        assert stats["chat_requests"] == 3 and stats["input_tokens_total"] == 3
        with urllib.request.urlopen(f"{root}/_control/calls", timeout=5) as r:
            calls_text = r.read().decode()
        assert API_KEY not in calls_text and "<redacted>" in calls_text
    finally:
        proc.terminate()
        assert proc.wait(timeout=5) == 0
