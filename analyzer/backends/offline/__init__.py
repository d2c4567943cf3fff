"""The offline extractor: a trained sentence model plus deterministic parts, no network and no LLM.

The rule detectors (commitments, conflicts, gaps, missteps) read a `Meeting` view (sentences with
exact offsets, turns, people) and propose findings; the trained model (`model.py`) scores every
sentence for every kind, using the rules' votes as some of its features, and decides. Owners,
deadlines and summaries come from the deterministic parts. Quotes are exact substrings of the
request text. See docs/labeling.md for what each kind means.
"""

from __future__ import annotations

from ...core.backend import ExtractionRequest, ExtractionResult
from ...core.models import RawFinding
from . import commitments, conflicts, gaps, missteps
from .meeting import Meeting
from .model import TrainedModel, decide, feature_matrix, shipped_model
from .sentences import Sentence

RULES_VERSION = "rules-1.5"
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


def _shorten(text: str, limit: int = 140) -> str:
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def _model_finding(meeting: Meeting, sent: Sentence, kind: str) -> RawFinding:
    """A finding only the model proposed: owner and deadline from the deterministic parts."""
    speaker = meeting.speaker_name(sent)
    if kind != "commitment":
        summary = _SUMMARIES[kind].format(quote=_shorten(sent.text))
        return RawFinding(kind=kind, quote=sent.text, speaker=speaker, summary=summary)  # type: ignore[arg-type]
    named = commitments.named_owner(sent, meeting)
    owner = named or speaker or (meeting.note_author if sent.speaker is None else None)
    return commitments.make(meeting, sent, 0, owner, None)


def findings_for(
    meeting: Meeting, request: ExtractionRequest, proposed: dict[tuple[int, str], RawFinding],
    probabilities: dict, model: TrainedModel,
) -> list[RawFinding]:
    """The model's decisions as findings: the rule's wording where a rule agrees, else generic parts."""
    findings: list[RawFinding] = []
    for index, kind, probability in decide(probabilities, model.manifest.kinds):
        sent = meeting.sentences[index]
        finding = proposed.get((index, kind)) or _model_finding(meeting, sent, kind)
        finding = finding.model_copy(update={"confidence": round(probability, 3)})
        if request.text.find(finding.quote, sent.start - request.offset) < 0:
            continue  # never report a quote that is not verbatim in the request
        findings.append(finding)
    return findings


class OfflineBackend:
    """Trained-model extractor; the pipeline sends it the whole meeting as one request."""

    name = "offline"
    max_chunk_tokens = None
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
        probabilities = self.model.probabilities(feature_matrix(meeting, hits))
        return ExtractionResult(findings=findings_for(meeting, request, proposed, probabilities, self.model))

    def reask(self, request: ExtractionRequest, problem: str) -> ExtractionResult:
        """The model is deterministic: asking again gives the same answer."""
        return self.extract(request)


__all__ = ["OfflineBackend", "RULES_VERSION", "findings_for", "rule_findings"]
