"""The small core: types, the Backend protocol and the exception family. Imports nothing else of the package."""

from .backend import Backend, ExtractionRequest, ExtractionResult, MeetingContext
from .errors import (
    AnalyzerError,
    BackendError,
    ConfigError,
    DatasetError,
    InputError,
    InvalidOutputError,
    NotFoundError,
    StoreError,
)
from .models import (
    KIND_LABELS,
    KINDS,
    AnalysisStats,
    Chunk,
    ChunkFailure,
    Finding,
    Kind,
    MeetingMeta,
    RawFinding,
    Report,
    SearchHit,
    Transcript,
    Usage,
    Utterance,
    content_hash,
)

__all__ = [name for name in dir() if not name.startswith("_")]
