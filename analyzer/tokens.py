"""Offline tiktoken: seed its cache from the packaged BPE files so nothing is downloaded.

tiktoken looks for `TIKTOKEN_CACHE_DIR/<sha1 of the blob URL>` before fetching; writing the
verified files there once makes `get_encoding`, langchain's token splitters and
`ChatOpenAI.get_num_tokens` work on an air-gapped laptop.
"""

from __future__ import annotations

import hashlib
import os
from functools import lru_cache
from pathlib import Path

import tiktoken

from .resources import BPE_SHA256, bpe_ranks

BLOB_URL = "https://openaipublic.blob.core.windows.net/encodings/{name}.tiktoken"
DEFAULT_ENCODING = "o200k_base"


def _cache_dir() -> Path:
    configured = os.environ.get("TIKTOKEN_CACHE_DIR") or os.environ.get("DATA_GYM_CACHE_DIR")
    if configured:
        return Path(configured)
    from .settings import get_settings

    path = get_settings().cache_dir / "tiktoken"
    # tiktoken reads this variable on every load; setting it keeps later callers (langchain) offline too.
    os.environ["TIKTOKEN_CACHE_DIR"] = str(path)
    return path


def seed_cache() -> Path:
    """Write every packaged encoding into tiktoken's cache directory (idempotent). Returns the directory."""
    directory = _cache_dir()
    directory.mkdir(parents=True, exist_ok=True)
    for name in BPE_SHA256:
        url = BLOB_URL.format(name=name)
        target = directory / hashlib.sha1(url.encode()).hexdigest()
        if target.is_file() and hashlib.sha256(target.read_bytes()).hexdigest() == BPE_SHA256[name]:
            continue
        tmp = target.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(bpe_ranks(name))
        os.replace(tmp, target)  # atomic: concurrent processes never see a half-written file
    return directory


@lru_cache(maxsize=4)
def encoding(name: str = DEFAULT_ENCODING) -> tiktoken.Encoding:
    """A tiktoken encoding, loaded offline."""
    seed_cache()
    return tiktoken.get_encoding(name)


def count_tokens(text: str, name: str = DEFAULT_ENCODING) -> int:
    """Number of tokens in `text`; special-token strings in transcripts are counted as plain text."""
    return len(encoding(name).encode(text, disallowed_special=()))
