"""A small, scriptable OpenAI-compatible HTTP server for tests and benchmarks.

It speaks enough of the OpenAI REST API for the real ``openai`` and
``langchain-openai`` clients to run unmodified against it on 127.0.0.1:

* ``POST /v1/chat/completions`` - non-streaming, and streaming (``"stream": true``)
  as server-sent events, including the ``stream_options.include_usage`` chunk;
* ``POST /v1/embeddings`` - deterministic, hash-seeded, L2-normalised vectors
  (1536 dimensions unless ``dimensions`` is requested or the model is
  ``text-embedding-3-large``), as float lists or base64 float32 (the ``openai``
  client asks for base64 by default);
* ``GET /v1/models`` and ``GET /v1/models/{id}``.

Every request is recorded (:class:`RecordedRequest`): path, headers, JSON body,
timestamps and the number of input tokens (tiktoken, ``o200k_base``, over all
message contents). The ``Authorization`` header is kept for assertions but is
redacted in every ``repr`` and in anything the server writes out; the server
itself logs nothing.

Replies are scripted with :class:`Reply` values, built by :func:`json_content`,
:func:`text_content`, :func:`refusal`, :func:`empty`, :func:`status`,
:func:`reset` and :func:`delay`. Each request takes the next queued reply
(:meth:`LLMServer.push`), else asks the responder (:meth:`LLMServer.set_responder`),
else answers ``{"findings": []}``. Chat completions and embeddings have separate
queues and responders (``endpoint="chat"`` / ``endpoint="embeddings"``).

In pytest, use the function-scoped ``llm_server`` fixture::

    def test_something(llm_server):
        llm_server.push(json_content({"findings": []}))
        client = openai.OpenAI(base_url=llm_server.base_url, api_key="test-key", max_retries=0)
        ...
        assert llm_server.calls[0].input_tokens > 0

The fixture sets nothing in ``os.environ``; :meth:`LLMServer.env` returns the
variables a test may pass to ``monkeypatch.setenv`` or to a subprocess.

Standalone (benchmarks, a Streamlit subprocess)::

    python tests/llm_server.py --port 8765 [--delay 1.0] [--script replies.json] [--loop]

prints ``listening on http://127.0.0.1:PORT/v1`` once ready. ``--script`` takes a
JSON list of reply specs (see :func:`reply_from_spec`). A standalone server is
observed and re-scripted through ``/_control/*`` endpoints (see
:meth:`LLMServer._control`).
"""

from __future__ import annotations

import argparse
import base64
import collections
import dataclasses
import json
import math
import signal
import socket
import struct
import sys
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable, Iterable, Mapping
from urllib.parse import urlsplit

try:  # pytest is only needed for the fixture; the CLI runs without it.
    import pytest
except ImportError:  # pragma: no cover
    pytest = None  # type: ignore[assignment]

from llm_fake import (  # noqa: F401  (tests import the reply constructors from llm_server)
    REFUSAL_TEXT,
    Reply,
    _chat_input_tokens,
    _coerce_reply,
    _embedding_input_tokens,
    _embedding_inputs,
    _embedding_key,
    _encoding,
    count_tokens,
    delay,
    empty,
    fake_embedding,
    json_content,
    refusal,
    reply_from_spec,
    reset,
    status,
    text_content,
)

__all__ = [
    "LLMServer",
    "RecordedRequest",
    "Reply",
    "count_tokens",
    "delay",
    "empty",
    "fake_embedding",
    "json_content",
    "llm_server",
    "refusal",
    "reply_from_spec",
    "reset",
    "status",
    "text_content",
]

DEFAULT_FINDINGS: dict[str, Any] = {"findings": []}
DEFAULT_MODELS = ("test-model", "gpt-4o-mini", "gpt-4o", "text-embedding-3-small", "text-embedding-3-large")
_SENSITIVE_HEADERS = frozenset({"authorization", "api-key", "x-api-key", "openai-api-key"})

# --------------------------------------------------------------------------------------------
# Recording
# --------------------------------------------------------------------------------------------


class _Headers(dict):
    """Request headers with lower-case names; ``repr`` hides credential values."""

    def __repr__(self) -> str:
        return repr(self.redacted())

    def redacted(self) -> dict[str, str]:
        """A plain copy with credential headers replaced by ``"<redacted>"``."""
        return {k: ("<redacted>" if k in _SENSITIVE_HEADERS else v) for k, v in self.items()}


@dataclasses.dataclass
class RecordedRequest:
    """One request the server received.

    ``received_at`` is wall-clock (``time.time()``); ``started``/``finished`` are
    ``time.monotonic()`` at receipt and when the response was fully written (or the
    connection dropped), for overlap checks. ``status`` is None for resets/aborts.
    """

    method: str
    path: str
    headers: _Headers
    body: Any
    received_at: float
    started: float
    input_tokens: int = 0
    finished: float | None = None
    status: int | None = None
    reply_kind: str | None = None
    stream: bool = False

    def __repr__(self) -> str:
        return (
            f"RecordedRequest({self.method} {self.path}, status={self.status}, reply={self.reply_kind}, "
            f"input_tokens={self.input_tokens}, "
            f"authorization={'sent' if 'authorization' in self.headers else 'absent'})"
        )

    @property
    def messages(self) -> list[dict[str, Any]]:
        """The chat request's ``messages`` (empty for other endpoints)."""
        return list(self.body.get("messages") or []) if isinstance(self.body, Mapping) else []

    @property
    def model(self) -> str | None:
        """The requested ``model``."""
        return self.body.get("model") if isinstance(self.body, Mapping) else None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-able view with credential headers redacted."""
        return {
            "method": self.method,
            "path": self.path,
            "headers": self.headers.redacted(),
            "body": self.body,
            "received_at": self.received_at,
            "started": self.started,
            "finished": self.finished,
            "status": self.status,
            "reply_kind": self.reply_kind,
            "stream": self.stream,
            "input_tokens": self.input_tokens,
        }


class _Abort(Exception):
    """The server is stopping, or the client went away: drop the connection."""


# --------------------------------------------------------------------------------------------
# Server
# --------------------------------------------------------------------------------------------


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    owner: LLMServer

    def handle_error(self, request, client_address) -> None:  # noqa: ANN001
        """Stay quiet about clients that hang up; report anything else to stderr."""
        exc = sys.exc_info()[1]
        if isinstance(exc, (OSError, _Abort)):
            return
        super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "fake-openai/1.0"
    sys_version = ""
    server: _HTTPServer

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        """Log nothing (and in particular never a header)."""

    def setup(self) -> None:
        super().setup()
        self.server.owner._track(self.connection)

    def finish(self) -> None:
        try:
            super().finish()
        except OSError:
            pass
        finally:
            self.server.owner._untrack(self.connection)

    def do_GET(self) -> None:  # noqa: N802
        self.server.owner._dispatch(self, "GET")

    def do_POST(self) -> None:  # noqa: N802
        self.server.owner._dispatch(self, "POST")

    def do_DELETE(self) -> None:  # noqa: N802
        self.server.owner._dispatch(self, "DELETE")


Responder = Callable[[dict], Any]


class LLMServer:
    """A scriptable fake OpenAI server on ``host:port`` (port 0 picks a free port).

    Start with :meth:`start` (or use as a context manager), stop with :meth:`stop`.
    ``default_delay`` delays every chat/embeddings reply that is not itself a delay
    (the ``--delay`` flag). ``require_api_key``, when set, answers 401 to requests
    whose bearer token differs.
    """

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        default_delay: float = 0.0,
        embedding_dim: int = 1536,
        require_api_key: str | None = None,
        models: Iterable[str] = DEFAULT_MODELS,
        loop_script: bool = False,
    ) -> None:
        self.host = host
        self.port = port
        self.default_delay = default_delay
        self.embedding_dim = embedding_dim
        self.require_api_key = require_api_key
        self.models = list(models)
        self.loop_script = loop_script
        self._lock = threading.Lock()
        self._stop_event = threading.Event()
        self._queues: dict[str, collections.deque[Reply]] = {
            "chat": collections.deque(),
            "embeddings": collections.deque(),
        }
        self._responders: dict[str, Responder | None] = {"chat": None, "embeddings": None}
        self._calls: list[RecordedRequest] = []
        self._connections: set[socket.socket] = set()
        self._in_flight = 0
        self.peak_in_flight = 0
        self._httpd: _HTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._counter = 0

    # ---- lifecycle -----------------------------------------------------------------------

    def start(self) -> LLMServer:
        """Bind and serve on a daemon thread; returns self. Also preloads the tokenizer in the background."""
        httpd = _HTTPServer((self.host, self.port), _Handler, bind_and_activate=True)
        httpd.owner = self
        self._httpd = httpd
        self.port = httpd.server_address[1]
        self._stop_event.clear()
        self._thread = threading.Thread(
            target=httpd.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"llm-server-{self.port}",
            daemon=True,
        )
        self._thread.start()
        threading.Thread(target=_preload_encodings, name="llm-server-tiktoken", daemon=True).start()
        return self

    def stop(self) -> None:
        """Stop serving, wake delayed handlers, drop open connections and close the socket."""
        self._stop_event.set()
        httpd = self._httpd
        if httpd is None:
            return
        httpd.shutdown()
        with self._lock:
            conns = list(self._connections)
        for conn in conns:
            try:
                conn.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=2)
        self._httpd = None

    def __enter__(self) -> LLMServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # ---- addresses -----------------------------------------------------------------------

    @property
    def url(self) -> str:
        """Root URL, e.g. ``http://127.0.0.1:PORT``."""
        return f"http://{self.host}:{self.port}"

    @property
    def base_url(self) -> str:
        """The OpenAI base URL, e.g. ``http://127.0.0.1:PORT/v1``."""
        return f"{self.url}/v1"

    def env(self, api_key: str = "test-key") -> dict[str, str]:
        """Environment variables pointing an OpenAI client here (not applied to os.environ)."""
        return {"OPENAI_BASE_URL": self.base_url, "OPENAI_API_KEY": api_key}

    # ---- scripting -----------------------------------------------------------------------

    def push(self, *replies: Any, endpoint: str = "chat") -> None:
        """Queue replies (Reply, dict -> json_content, str -> text_content) for `endpoint`."""
        with self._lock:
            self._queues[endpoint].extend(_coerce_reply(r) for r in replies)

    def set_responder(self, fn: Responder | None, endpoint: str = "chat") -> None:
        """Answer requests (after the queue is empty) with ``fn(request_body)``; None -> default reply."""
        with self._lock:
            self._responders[endpoint] = fn

    def clear_script(self) -> None:
        """Drop queued replies and responders."""
        with self._lock:
            for q in self._queues.values():
                q.clear()
            self._responders = {k: None for k in self._responders}

    @property
    def pending(self) -> int:
        """Number of queued, not yet served chat replies."""
        with self._lock:
            return len(self._queues["chat"])

    # ---- observations --------------------------------------------------------------------

    @property
    def calls(self) -> list[RecordedRequest]:
        """A snapshot of every recorded /v1 request, oldest first."""
        with self._lock:
            return list(self._calls)

    @property
    def chat_calls(self) -> list[RecordedRequest]:
        """Recorded chat-completion requests."""
        return [c for c in self.calls if c.path.endswith("/chat/completions")]

    @property
    def embedding_calls(self) -> list[RecordedRequest]:
        """Recorded embeddings requests."""
        return [c for c in self.calls if c.path.endswith("/embeddings")]

    @property
    def input_tokens_total(self) -> int:
        """Sum of ``input_tokens`` over all recorded requests."""
        return sum(c.input_tokens for c in self.calls)

    @property
    def in_flight(self) -> int:
        """Requests currently being answered."""
        with self._lock:
            return self._in_flight

    def reset_calls(self) -> None:
        """Forget recorded requests and the in-flight peak (the script is kept)."""
        with self._lock:
            self._calls.clear()
            self.peak_in_flight = self._in_flight

    def max_overlap(self, calls: Iterable[RecordedRequest] | None = None) -> int:
        """Largest number of the given (default: all) requests in progress at one instant."""
        events = []
        for c in self.calls if calls is None else calls:
            events.append((c.started, 1))
            events.append((c.finished if c.finished is not None else math.inf, -1))
        peak = cur = 0
        for _, step in sorted(events, key=lambda e: (e[0], e[1])):
            cur += step
            peak = max(peak, cur)
        return peak

    def stats(self) -> dict[str, Any]:
        """Counts for benchmarks: requests per endpoint, tokens, in-flight peak."""
        calls = self.calls
        return {
            "requests": len(calls),
            "chat_requests": sum(c.path.endswith("/chat/completions") for c in calls),
            "embedding_requests": sum(c.path.endswith("/embeddings") for c in calls),
            "input_tokens_total": sum(c.input_tokens for c in calls),
            "peak_in_flight": self.peak_in_flight,
            "pending_replies": self.pending,
        }

    # ---- internals -----------------------------------------------------------------------

    def _track(self, conn: socket.socket) -> None:
        with self._lock:
            self._connections.add(conn)

    def _untrack(self, conn: socket.socket) -> None:
        with self._lock:
            self._connections.discard(conn)

    def _next_reply(self, endpoint: str, body: Any) -> Reply:
        with self._lock:
            queue = self._queues[endpoint]
            reply = queue.popleft() if queue else None
            if reply is not None and self.loop_script:
                queue.append(reply)
            responder = self._responders[endpoint]
        if reply is None and responder is not None:
            reply = _coerce_reply(responder(body if isinstance(body, dict) else {}))
        if reply is None:
            reply = json_content(DEFAULT_FINDINGS)
        if self.default_delay > 0 and reply.kind != "delay":
            reply = delay(self.default_delay, reply)
        return reply

    def _dispatch(self, h: _Handler, method: str) -> None:
        path = urlsplit(h.path).path.rstrip("/") or "/"
        try:
            raw = _read_body(h)
        except (OSError, ValueError):
            h.close_connection = True
            return
        if path.startswith("/_control/"):
            self._control(h, method, path, raw)
            return
        headers = _Headers((k.lower(), v) for k, v in h.headers.items())
        body: Any = None
        bad_json = False
        if raw:
            try:
                body = json.loads(raw)
            except ValueError:
                bad_json = True
                body = raw.decode("utf-8", "replace")
        rec = RecordedRequest(method, path, headers, body, time.time(), time.monotonic())
        with self._lock:
            self._calls.append(rec)
            self._in_flight += 1
            self.peak_in_flight = max(self.peak_in_flight, self._in_flight)
        try:
            self._route(h, rec, method, path, body, bad_json)
        except (_Abort, OSError):
            h.close_connection = True
        finally:
            self._complete(rec, rec.status)

    def _route(
        self, h: _Handler, rec: RecordedRequest, method: str, path: str, body: Any, bad_json: bool
    ) -> None:
        route = path[3:] if path.startswith("/v1/") else path
        if (
            self.require_api_key is not None
            and rec.headers.get("authorization") != f"Bearer {self.require_api_key}"
        ):
            self._send_error(
                h, rec, 401, "Incorrect API key provided.", "invalid_request_error", "invalid_api_key"
            )
            return
        if route == "/models" and method == "GET":
            data = [_model_obj(m) for m in self.models]
            self._send_json(h, rec, 200, {"object": "list", "data": data})
            return
        if route.startswith("/models/") and method == "GET":
            name = route[len("/models/") :]
            if name in self.models:
                self._send_json(h, rec, 200, _model_obj(name))
            else:
                self._send_error(
                    h,
                    rec,
                    404,
                    f"The model '{name}' does not exist",
                    "invalid_request_error",
                    "model_not_found",
                )
            return
        if route in ("/chat/completions", "/embeddings") and method == "POST":
            if bad_json or not isinstance(body, dict):
                self._send_error(
                    h, rec, 400, "We could not parse the JSON body of your request.", "invalid_request_error"
                )
                return
            if route == "/chat/completions":
                rec.stream = bool(body.get("stream"))
                rec.input_tokens = _chat_input_tokens(body)
                missing = [k for k in ("model", "messages") if not body.get(k)]
            else:
                rec.input_tokens = _embedding_input_tokens(body)
                missing = [k for k in ("model", "input") if body.get(k) in (None, "", [])]
            if missing:
                self._send_error(
                    h, rec, 400, f"Missing required parameter: '{missing[0]}'.", "invalid_request_error"
                )
                return
            endpoint = "chat" if route == "/chat/completions" else "embeddings"
            reply = self._next_reply(endpoint, body)
            while reply.kind == "delay":
                rec.reply_kind = "delay"
                if self._stop_event.wait(reply.seconds):
                    raise _Abort()
                reply = reply.then or self._next_default(endpoint)
            rec.reply_kind = reply.kind
            if reply.kind == "reset":
                self._complete(rec, None)
                _send_reset(h)
                return
            if reply.kind == "status":
                self._send_status(h, rec, reply)
                return
            if endpoint == "chat":
                self._send_chat(h, rec, body, reply)
            else:
                self._send_embeddings(h, rec, body)
            return
        self._send_error(
            h, rec, 404, f"Unknown request URL: {method} {path}.", "invalid_request_error", "unknown_url"
        )

    def _complete(self, rec: RecordedRequest | None, code: int | None) -> None:
        """Mark `rec` answered *before* its last bytes go out, so a client never sees stale state."""
        if rec is None or rec.finished is not None:
            return
        rec.status = code
        with self._lock:
            self._in_flight -= 1
        rec.finished = time.monotonic()

    def _next_default(self, endpoint: str) -> Reply:
        return json_content(DEFAULT_FINDINGS)

    def _new_id(self, prefix: str) -> str:
        with self._lock:
            self._counter += 1
            n = self._counter
        return f"{prefix}-test{n:06d}"

    # ---- responses -----------------------------------------------------------------------

    def _send_bytes(
        self,
        h: _Handler,
        rec: RecordedRequest | None,
        code: int,
        data: bytes,
        content_type: str = "application/json",
        headers: Iterable[tuple[str, str]] = (),
    ) -> None:
        h.send_response(code)
        h.send_header("Content-Type", content_type)
        h.send_header("Content-Length", str(len(data)))
        h.send_header("x-request-id", f"req_{uuid.uuid4().hex[:24]}")
        for k, v in headers:
            h.send_header(k, v)
        h.end_headers()
        self._complete(rec, code)
        h.wfile.write(data)

    def _send_json(self, h: _Handler, rec: RecordedRequest | None, code: int, obj: Any, headers=()) -> None:
        self._send_bytes(h, rec, code, json.dumps(obj).encode(), headers=headers)

    def _send_error(
        self,
        h: _Handler,
        rec: RecordedRequest | None,
        code: int,
        message: str,
        type_: str,
        err_code: str | None = None,
    ) -> None:
        self._send_json(h, rec, code, _error_body(message, type_, err_code))

    def _send_status(self, h: _Handler, rec: RecordedRequest, reply: Reply) -> None:
        headers = list(reply.headers)
        if reply.retry_after is not None:
            ra = float(reply.retry_after)
            headers.append(("Retry-After", str(int(ra)) if ra.is_integer() else str(math.ceil(ra))))
            if not ra.is_integer():
                headers.append(("retry-after-ms", str(int(ra * 1000))))
        if reply.body is None:
            message, type_, err_code = _DEFAULT_ERRORS.get(
                reply.code, (f"HTTP {reply.code}", "server_error", None)
            )
            data = json.dumps(_error_body(message, type_, err_code)).encode()
        elif isinstance(reply.body, (bytes, bytearray)):
            data = bytes(reply.body)
        elif isinstance(reply.body, str):
            data = reply.body.encode()
        else:
            data = json.dumps(reply.body).encode()
        self._send_bytes(h, rec, reply.code, data, headers=headers)

    def _send_chat(self, h: _Handler, rec: RecordedRequest, body: dict, reply: Reply) -> None:
        content = reply.content if reply.kind == "content" else None
        refusal_text = reply.refusal if reply.kind == "refusal" else None
        completion_tokens = count_tokens(content or refusal_text or "")
        usage = {
            "prompt_tokens": rec.input_tokens,
            "completion_tokens": completion_tokens,
            "total_tokens": rec.input_tokens + completion_tokens,
            "prompt_tokens_details": {"cached_tokens": 0, "audio_tokens": 0},
            "completion_tokens_details": {
                "reasoning_tokens": 0,
                "audio_tokens": 0,
                "accepted_prediction_tokens": 0,
                "rejected_prediction_tokens": 0,
            },
        }
        common = {
            "id": self._new_id("chatcmpl"),
            "created": int(time.time()),
            "model": body.get("model", "test-model"),
            "system_fingerprint": "fp_test",
            "service_tier": "default",
        }
        if not body.get("stream"):
            message = {"role": "assistant", "content": content, "refusal": refusal_text, "annotations": []}
            choice = {"index": 0, "message": message, "logprobs": None, "finish_reason": reply.finish_reason}
            self._send_json(
                h, rec, 200, {**common, "object": "chat.completion", "choices": [choice], "usage": usage}
            )
            return
        include_usage = bool((body.get("stream_options") or {}).get("include_usage"))
        chunk = {**common, "object": "chat.completion.chunk"}

        def event(delta: dict, finish: str | None = None) -> dict:
            choice = {"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}
            return {**chunk, "choices": [choice], **({"usage": None} if include_usage else {})}

        events = [
            event({"role": "assistant", "content": "" if content is not None else None, "refusal": None})
        ]
        if refusal_text is not None:
            events += [event({"refusal": piece}) for piece in _pieces(refusal_text)]
        else:
            events += [event({"content": piece}) for piece in _pieces(content or "")]
        events.append(event({}, reply.finish_reason))
        if include_usage:
            events.append({**chunk, "choices": [], "usage": usage})
        h.send_response(200)
        h.send_header("Content-Type", "text/event-stream; charset=utf-8")
        h.send_header("Cache-Control", "no-cache")
        h.send_header("Transfer-Encoding", "chunked")
        h.send_header("x-request-id", f"req_{uuid.uuid4().hex[:24]}")
        h.end_headers()
        for ev in events:
            _write_chunk(h, f"data: {json.dumps(ev)}\n\n".encode())
        self._complete(rec, 200)
        _write_chunk(h, b"data: [DONE]\n\n")
        _write_chunk(h, b"")

    def _send_embeddings(self, h: _Handler, rec: RecordedRequest, body: dict) -> None:
        model = body.get("model", "text-embedding-3-small")
        dims = body.get("dimensions") or (3072 if model == "text-embedding-3-large" else self.embedding_dim)
        as_base64 = body.get("encoding_format") == "base64"
        data = []
        for i, item in enumerate(_embedding_inputs(body)):
            vec = fake_embedding(_embedding_key(item), int(dims))
            emb: Any = base64.b64encode(struct.pack(f"<{len(vec)}f", *vec)).decode() if as_base64 else vec
            data.append({"object": "embedding", "index": i, "embedding": emb})
        usage = {"prompt_tokens": rec.input_tokens, "total_tokens": rec.input_tokens}
        self._send_json(h, rec, 200, {"object": "list", "data": data, "model": model, "usage": usage})

    # ---- control API (standalone use) ------------------------------------------------------

    def _control(self, h: _Handler, method: str, path: str, raw: bytes) -> None:
        """Out-of-band endpoints for a server in another process (not recorded in ``calls``).

        ``GET /_control/stats`` -> :meth:`stats`; ``GET /_control/calls`` -> recorded
        requests (credentials redacted); ``POST /_control/push`` with a JSON list of reply
        specs (optionally ``?endpoint=embeddings``); ``POST /_control/reset`` forgets calls
        and the script; ``GET /_control/health`` -> ``{"ok": true}``.
        """
        try:
            if method == "GET" and path == "/_control/health":
                self._send_json(h, None, 200, {"ok": True})
            elif method == "GET" and path == "/_control/stats":
                self._send_json(h, None, 200, self.stats())
            elif method == "GET" and path == "/_control/calls":
                self._send_json(h, None, 200, [c.to_dict() for c in self.calls])
            elif method == "POST" and path == "/_control/push":
                specs = json.loads(raw or b"[]")
                endpoint = "embeddings" if "endpoint=embeddings" in (urlsplit(h.path).query or "") else "chat"
                self.push(
                    *[reply_from_spec(s) for s in (specs if isinstance(specs, list) else [specs])],
                    endpoint=endpoint,
                )
                self._send_json(h, None, 200, {"queued": len(self._queues[endpoint])})
            elif method == "POST" and path == "/_control/reset":
                self.reset_calls()
                self.clear_script()
                self._send_json(h, None, 200, {"ok": True})
            else:
                self._send_error(
                    h, None, 404, f"Unknown control URL: {method} {path}", "invalid_request_error"
                )
        except ValueError as exc:
            self._send_error(h, None, 400, f"Bad control request: {exc}", "invalid_request_error")


_DEFAULT_ERRORS: dict[int, tuple[str, str, str | None]] = {
    400: ("Invalid request.", "invalid_request_error", None),
    401: ("Incorrect API key provided.", "invalid_request_error", "invalid_api_key"),
    403: ("You are not allowed to sample from this model.", "invalid_request_error", None),
    404: (
        "The model does not exist or you do not have access to it.",
        "invalid_request_error",
        "model_not_found",
    ),
    408: ("Request timed out.", "server_error", None),
    429: (
        "Rate limit reached for test-model on requests per min (RPM): Limit 3, Used 3, Requested 1.",
        "requests",
        "rate_limit_exceeded",
    ),
    500: ("The server had an error while processing your request. Sorry about that!", "server_error", None),
    502: ("Bad gateway.", "server_error", None),
    503: ("The engine is currently overloaded, please try again later.", "server_error", None),
}


def _error_body(message: str, type_: str, code: str | None = None) -> dict[str, Any]:
    return {"error": {"message": message, "type": type_, "param": None, "code": code}}


def _model_obj(name: str) -> dict[str, Any]:
    return {"id": name, "object": "model", "created": 1700000000, "owned_by": "test"}


def _pieces(text: str, size: int = 16) -> list[str]:
    """Split `text` into stream deltas of about `size` characters."""
    return [text[i : i + size] for i in range(0, len(text), size)] or []


def _write_chunk(h: _Handler, data: bytes) -> None:
    h.wfile.write(f"{len(data):X}\r\n".encode() + data + b"\r\n")
    h.wfile.flush()


def _read_body(h: _Handler) -> bytes:
    """Read the request body (Content-Length or chunked)."""
    if "chunked" in (h.headers.get("Transfer-Encoding") or "").lower():
        out = bytearray()
        while True:
            size = int(h.rfile.readline().split(b";")[0].strip() or b"0", 16)
            if size == 0:
                while h.rfile.readline() not in (b"\r\n", b"\n", b""):
                    pass
                return bytes(out)
            out += h.rfile.read(size)
            h.rfile.readline()
    length = int(h.headers.get("Content-Length") or 0)
    return h.rfile.read(length) if length > 0 else b""


def _send_reset(h: _Handler) -> None:
    """Abort the TCP connection with RST (SO_LINGER 0), sending no response."""
    h.close_connection = True
    conn = h.connection
    try:
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    except OSError:
        pass
    h.server.owner._untrack(conn)
    conn.close()


def _preload_encodings() -> None:
    """Load o200k_base early so the first request is not slowed by tokenizer start-up."""
    try:
        _encoding("o200k_base")
    except Exception:  # noqa: BLE001 - reported again, loudly, on first use
        pass


# --------------------------------------------------------------------------------------------
# pytest fixture
# --------------------------------------------------------------------------------------------

if pytest is not None:

    @pytest.fixture
    def llm_server():
        """A fresh LLMServer on 127.0.0.1 (free port) for one test; stopped afterwards.

        Yields the server: ``.base_url``, ``.push(reply)``, ``.set_responder(fn)``,
        ``.calls``, ``.reset_calls()``, ``.input_tokens_total``, ``.env()``. os.environ
        is left alone.
        """
        server = LLMServer().start()
        try:
            yield server
        finally:
            server.stop()


# --------------------------------------------------------------------------------------------
# CLI
# --------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    """Run the server in the foreground until SIGINT/SIGTERM."""
    parser = argparse.ArgumentParser(description="Scriptable fake OpenAI-compatible server for tests.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port (printed on start)")
    parser.add_argument("--delay", type=float, default=0.0, help="seconds to wait before every reply")
    parser.add_argument("--script", help="JSON file: a list of reply specs served in order to chat requests")
    parser.add_argument(
        "--loop", action="store_true", help="cycle through --script instead of falling back to the default"
    )
    parser.add_argument("--embedding-dim", type=int, default=1536)
    parser.add_argument("--require-api-key", help="answer 401 unless 'Authorization: Bearer <this>' is sent")
    args = parser.parse_args(argv)

    server = LLMServer(
        args.host,
        args.port,
        default_delay=args.delay,
        embedding_dim=args.embedding_dim,
        require_api_key=args.require_api_key,
        loop_script=args.loop,
    )
    if args.script:
        with open(args.script, encoding="utf-8") as fh:
            specs = json.load(fh)
        if not isinstance(specs, list):
            parser.error("--script must contain a JSON list of reply specs")
        server.push(*[reply_from_spec(s) for s in specs])
    stopped = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stopped.set())
    server.start()
    print(f"listening on {server.base_url}", flush=True)
    try:
        stopped.wait()
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
