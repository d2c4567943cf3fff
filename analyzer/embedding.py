"""Sentence embeddings: the packaged all-MiniLM-L6-v2 (int8 ONNX) run locally, or OpenAI embeddings.

The local model runs with onnxruntime and tokenizers (mean pooling, L2 norm, padding to the
longest input in each batch), so nothing is downloaded and short inputs stay cheap.
"""

from __future__ import annotations

import threading
from functools import lru_cache
from typing import Any

import numpy as np
from chromadb.api.types import Documents, EmbeddingFunction, Embeddings
from chromadb.utils.embedding_functions import register_embedding_function

from .core.errors import ConfigError
from .resources import embedding_model_path, embedding_tokenizer_path

MAX_WORDPIECES = 256  # the length all-MiniLM-L6-v2 was trained with
BATCH = 64
# Activation memory grows with batch x longest input, so long passages go in smaller batches.
BATCH_WORDPIECES = 2048


class MiniLM:
    """The packaged int8 MiniLM: `encode(texts) -> float32 array [n, 384]`, unit-length rows."""

    dimensions = 384

    def __init__(self, threads: int | None = None) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        options = ort.SessionOptions()
        if threads:
            options.intra_op_num_threads = threads
        self._session = ort.InferenceSession(
            str(embedding_model_path()), options, providers=["CPUExecutionProvider"]
        )
        self._inputs = {i.name for i in self._session.get_inputs()}
        self._tokenizer = Tokenizer.from_file(str(embedding_tokenizer_path()))
        self._tokenizer.enable_truncation(max_length=MAX_WORDPIECES)
        self._tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")  # pads to the longest in the batch
        self._lock = threading.Lock()  # the tokenizer's padding state is not thread-safe

    def count_wordpieces(self, texts: list[str]) -> int:
        with self._lock:
            encodings = self._tokenizer.encode_batch(list(texts))
        return int(sum(sum(e.attention_mask) for e in encodings))

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimensions), dtype=np.float32)
        # Sorting by length keeps padding small inside each batch.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        out = np.zeros((len(texts), self.dimensions), dtype=np.float32)
        for idx in _batches(order, texts):
            out[idx] = self._encode_batch([texts[i] or " " for i in idx])
        return out

    def _encode_batch(self, texts: list[str]) -> np.ndarray:
        with self._lock:
            encodings = self._tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self._inputs:
            feeds["token_type_ids"] = np.zeros_like(ids)
        hidden = self._session.run(None, feeds)[0]
        weights = mask[..., None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        return pooled / np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)


def _batches(order: list[int], texts: list[str]) -> list[list[int]]:
    """Split length-sorted indices into batches of at most BATCH inputs and ~BATCH_WORDPIECES padded."""
    batches: list[list[int]] = [[]]
    for i in order:
        # ~4 characters per wordpiece; the longest (last, as sorted) input sets the padded width.
        width = min(MAX_WORDPIECES, len(texts[i]) // 4 + 2)
        current = batches[-1]
        if current and (len(current) >= BATCH or (len(current) + 1) * width > BATCH_WORDPIECES):
            batches.append(current := [])
        current.append(i)
    return [b for b in batches if b]


@lru_cache(maxsize=1)
def local_model() -> MiniLM:
    """The process-wide local embedding model (loading costs ~0.3 s, so it is shared)."""
    return MiniLM()


@register_embedding_function
class LocalMiniLMEmbeddingFunction(EmbeddingFunction[Documents]):
    """A chromadb EmbeddingFunction over the packaged MiniLM model, fully offline."""

    def __init__(self) -> None:
        self._model = local_model()

    def __call__(self, input: Documents) -> Embeddings:
        return list(self._model.encode(list(input)))

    @staticmethod
    def name() -> str:
        return "meeting-analyzer-minilm-int8"

    def default_space(self) -> str:  # type: ignore[override]  # chromadb types it as its Space literal
        return "cosine"

    def get_config(self) -> dict[str, Any]:
        return {"model": "all-MiniLM-L6-v2-int8"}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> "LocalMiniLMEmbeddingFunction":
        return LocalMiniLMEmbeddingFunction()


def embedding_function(spec: str = "local") -> EmbeddingFunction[Documents]:
    """The embedding function for a settings string: 'local' or 'openai:<model>'."""
    if spec in ("local", "minilm", ""):
        return LocalMiniLMEmbeddingFunction()
    if spec.startswith("openai:"):
        return _openai_function(spec.split(":", 1)[1] or "text-embedding-3-small")
    raise ConfigError(f"unknown embedding '{spec}'", "set ANALYZER_EMBEDDING to 'local' or 'openai:<model>'")


def _openai_function(model: str) -> EmbeddingFunction[Documents]:
    from chromadb.utils.embedding_functions import OpenAIEmbeddingFunction

    from .settings import get_settings

    base_url, key = get_settings().llm_endpoint("openai")
    if not key:
        raise ConfigError(
            "OpenAI embeddings need an API key",
            "set OPENAI_API_KEY, or use ANALYZER_EMBEDDING=local (offline)",
        )
    # Chroma's function reads the key from the variable it is named by (it stores the name, not the key).
    return OpenAIEmbeddingFunction(model_name=model, api_key_env_var="OPENAI_API_KEY", api_base=base_url)


def embed(texts: list[str], spec: str = "local") -> np.ndarray:
    """Embed texts with the configured function; rows are unit length for the local model."""
    if spec in ("local", "minilm", ""):
        return local_model().encode(texts)
    return np.asarray(embedding_function(spec)(texts), dtype=np.float32)
