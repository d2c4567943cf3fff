"""The offline extractor: deterministic linguistic rules plus the packaged sentence-embedding model.

No network and no LLM. Each detector module (commitments, conflicts, gaps, missteps) reads the
same `Meeting` view (sentences with exact offsets, turns, people) and returns RawFindings whose
quote is an exact substring of the request text. See docs/labeling.md for what each kind means.
"""

from __future__ import annotations

from ...core.backend import ExtractionRequest, ExtractionResult
from ...core.models import RawFinding
from . import commitments, conflicts, gaps, missteps
from .meeting import Meeting

VERSION = "offline-1.4"


class OfflineBackend:
    """Rule-based extractor; the pipeline sends it the whole meeting as one request."""

    name = "offline"
    max_chunk_tokens = None
    is_offline = True
    version = VERSION

    def extract(self, request: ExtractionRequest) -> ExtractionResult:
        """All findings of the four kinds in one request, quotes exact substrings of `request.text`."""
        meeting = Meeting.from_request(request)
        pairs = []
        for detector in (commitments, conflicts, gaps, missteps):
            pairs.extend(detector.detect(meeting))
        findings: list[RawFinding] = []
        seen: set[tuple[str, int]] = set()
        for sent, finding in sorted(pairs, key=lambda p: p[0].start):
            local = sent.start - request.offset
            quote_at = request.text.find(finding.quote, local)
            if quote_at < 0 or (finding.kind, quote_at) in seen:
                continue  # never report a quote that is not verbatim in the request
            seen.add((finding.kind, quote_at))
            findings.append(finding)
        return ExtractionResult(findings=findings)

    def reask(self, request: ExtractionRequest, problem: str) -> ExtractionResult:
        """Rules are deterministic: asking again gives the same answer."""
        return self.extract(request)


__all__ = ["OfflineBackend", "VERSION"]
