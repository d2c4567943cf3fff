"""The offline extractor: a trained sentence model plus deterministic parts, no network and no LLM.

The rule detectors (commitments, conflicts, gaps, missteps) read a `Meeting` view (sentences with
exact offsets, turns, people) and propose findings; the trained model (`model.py`) scores every
sentence for every kind, using the rules' votes as some of its features, and decides. Owners,
deadlines and summaries come from the deterministic parts. Quotes are exact substrings of the
request text. See docs/labeling.md for what each kind means.
"""

from __future__ import annotations

import numpy as np

from ...core.backend import ExtractionRequest, ExtractionResult
from ...core.models import RawFinding
from . import commitments, conflicts, gaps, missteps
from .meeting import Meeting
from .model import (
    TrainedModel,
    closed_flags,
    decide,
    feature_matrix,
    rule_flags,
    shipped_model,
    speech_words,
)
from ...text.sentences import Sentence

RULES_VERSION = "rules-1.7"
DETECTORS = (commitments, conflicts, gaps, missteps)
_SUMMARIES = {
    "unresolved_conflict": "Disagreement still open: {quote}",
    "transparency_gap": "Information held back or unclear: {quote}",
    "cultural_misstep": "Remark that may misfire across cultures: {quote}",
}


def rule_findings(meeting: Meeting) -> dict[tuple[int, str], RawFinding]:
    """What the rule detectors propose, keyed by (sentence index, kind)."""
    found: dict[tuple[int, str], RawFinding] = {}
    for detector in DETECTORS:
        for sent, finding in detector.detect(meeting):
            found.setdefault((sent.index, finding.kind), finding)
    return found


def rule_result(request: ExtractionRequest) -> ExtractionResult:
    """The rule layer alone (what the model sees as votes), for inspection and tests."""
    meeting = Meeting.from_request(request)
    ordered = sorted(rule_findings(meeting).items(), key=lambda item: meeting.sentences[item[0][0]].start)
    return ExtractionResult(findings=[finding for _key, finding in ordered])


def _shorten(text: str, limit: int = 140) -> str:
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def _model_finding(meeting: Meeting, sent: Sentence, kind: str) -> RawFinding:
    """A finding only the model proposed: owner and deadline from the deterministic parts."""
    speaker = meeting.speaker_name(sent)
    if kind != "commitment":
        summary = _SUMMARIES[kind].format(quote=_shorten(sent.text))
        return RawFinding(kind=kind, quote=sent.text, speaker=speaker, summary=summary)
    named = commitments.named_owner(sent, meeting)
    owner = named or speaker or (meeting.note_author if sent.speaker is None else None)
    return commitments.make(meeting, sent, 0, owner, None)


def findings_for(
    meeting: Meeting,
    request: ExtractionRequest,
    proposed: dict[tuple[int, str], RawFinding],
    features: np.ndarray,
    model: TrainedModel,
) -> list[RawFinding]:
    """The model's decisions as findings: the rule's wording where a rule agrees, else generic parts."""
    findings: list[RawFinding] = []
    chosen = decide(
        model.probabilities(features, [s.speaker for s in meeting.sentences]),
        model.manifest.kinds,
        speech_words(meeting),
        rule_flags(features),
        closed_flags(meeting),
    )
    for index, kind, probability in chosen:
        sent = meeting.sentences[index]
        if (
            kind == "commitment"
            and (index, kind) not in proposed
            and (commitments.vetoed(sent, meeting) or _restates(meeting, sent, proposed))
        ):
            continue
        finding = proposed.get((index, kind)) or _model_finding(meeting, sent, kind)
        finding = finding.model_copy(update={"confidence": round(probability, 3)})
        if request.text.find(finding.quote, sent.start - request.offset) < 0:
            continue  # never report a quote that is not verbatim in the request
        findings.append(finding)
    return findings


def _restates(meeting: Meeting, sent: Sentence, proposed: dict[tuple[int, str], RawFinding]) -> bool:
    """Whether a model-only commitment says again what a proposed one says (minutes narrate their actions)."""
    others = [meeting.sentences[i] for i, kind in proposed if kind == "commitment"]
    if any(meeting.similarity(sent, other) > 0.8 for other in others):
        return True
    items = [(s, proposed[(s.index, "commitment")]) for s in others if s.features.get("item")]
    owner = commitments.named_owner(sent, meeting) or meeting.speaker_name(sent)
    return bool(items) and commitments.narrates_item(meeting, sent, owner, items)


class OfflineBackend:
    """Trained-model extractor; the pipeline sends it the whole meeting as one request."""

    name = "offline"
    max_chunk_tokens: int | None = None  # the Backend protocol's type, not just None
    is_offline = True

    def __init__(self, model: TrainedModel | None = None) -> None:
        self._model = model

    @property
    def model(self) -> TrainedModel:
        """The weights in use (the shipped, sha256-checked ones unless others were given)."""
        if self._model is None:
            self._model = shipped_model()
        return self._model

    @property
    def version(self) -> str:
        return f"{self.model.version}+{RULES_VERSION}"

    def extract(self, request: ExtractionRequest) -> ExtractionResult:
        """All findings of the four kinds in one request, quotes exact substrings of `request.text`."""
        meeting = Meeting.from_request(request)
        if not meeting.sentences:
            return ExtractionResult(findings=[])
        proposed = rule_findings(meeting)
        hits = {key: finding.confidence for key, finding in proposed.items()}
        features = feature_matrix(meeting, hits)
        return ExtractionResult(findings=findings_for(meeting, request, proposed, features, self.model))

    def reask(self, request: ExtractionRequest, problem: str) -> ExtractionResult:
        """The model is deterministic: asking again gives the same answer."""
        return self.extract(request)

    def reground(self, request: ExtractionRequest, missing: list[tuple[str, str, str]]) -> ExtractionResult:
        """Never needed: the rules quote the text itself, so nothing is ever ungrounded."""
        return ExtractionResult(findings=[])


__all__ = ["OfflineBackend", "RULES_VERSION", "findings_for", "rule_findings", "rule_result"]
