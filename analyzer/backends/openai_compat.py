"""LLM backend for any OpenAI-compatible server (OpenAI, Ollama, vLLM, llama.cpp) via langchain-openai.

One call per chunk returns all four kinds as JSON under the ExtractionOutput schema. Each finding
is validated on its own, so one invalid finding is dropped and counted, never the chunk; only an
answer that is not the schema's JSON object at all is invalid output, re-asked once by the
pipeline through `reask`. Calls go through `providers.invoke`: timeouts, bounded retries with
backoff (honouring Retry-After) and the deadline on waiting.
"""

from __future__ import annotations

import json

from pydantic import BaseModel, Field, ValidationError

from ..core.backend import ExtractionRequest, ExtractionResult
from ..core.errors import InvalidOutputError, OutputTooLongError
from ..core.models import RawFinding
from ..prompting import load_prompts, render_messages, render_reask, render_reground
from ..providers import chat_model, invoke, usage_of
from ..settings import Settings


class ExtractionOutput(BaseModel):
    """Everything found in one transcript excerpt."""

    findings: list[RawFinding] = Field(
        description="Every commitment, unresolved conflict, transparency gap and cultural misstep; empty if none."
    )


class OpenAICompatibleBackend:
    """`openai:<model>` (or `ollama:<model>`): structured output through ChatOpenAI."""

    is_offline = False

    def __init__(self, model: str, settings: Settings, provider: str = "openai") -> None:
        self.name = f"{provider}:{model}"
        self.model = model
        self.max_chunk_tokens: int | None = settings.chunk_tokens
        self.prompts = load_prompts()
        self.base_url, _key = settings.llm_endpoint(provider)
        self.max_output_tokens = settings.max_output_tokens
        self.settings = settings
        self._llm = chat_model(provider, model, settings)
        schema = {"name": "ExtractionOutput", "schema": ExtractionOutput.model_json_schema(), "strict": False}
        self._json = self._llm.bind(response_format={"type": "json_schema", "json_schema": schema})

    def _call(
        self, messages: list, request: ExtractionRequest, budget: int | None = None
    ) -> ExtractionResult:
        budget = budget or output_budget(request, self.max_output_tokens)
        raw = invoke(self._json.bind(max_tokens=budget), messages, self.name, self.base_url, self.settings)
        usage = usage_of(raw)
        try:
            findings, dropped = _findings(raw)
        except InvalidOutputError as error:
            error.usage = usage  # invalid answers still cost tokens; the pipeline counts them
            raise
        return ExtractionResult(findings=findings, usage=usage, invalid=dropped)

    def extract(self, request: ExtractionRequest) -> ExtractionResult:
        return self._call(render_messages(self.prompts, request), request)

    def reask(self, request: ExtractionRequest, problem: str) -> ExtractionResult:
        messages = render_messages(self.prompts, request)
        messages.append(("human", render_reask(self.prompts, problem)))
        return self._call(messages, request)

    def reground(self, request: ExtractionRequest, missing: list[tuple[str, str, str]]) -> ExtractionResult:
        # The same system and excerpt messages as the first call (a provider's prefix cache applies), then
        # one short turn; the answer is a few findings, so its output budget is small.
        messages = render_messages(self.prompts, request)
        messages.append(("human", render_reground(self.prompts, missing)))
        budget = min(self.max_output_tokens, 512 + 256 * len(missing))
        return self._call(messages, request, budget)


def output_budget(request: ExtractionRequest, ceiling: int) -> int:
    """`max_tokens` for one excerpt: findings quote the text, so about its own length, within [1024, ceiling]."""
    return max(1024, min(ceiling, len(request.text) // 3 + 512))


def _findings(raw: object) -> tuple[list[RawFinding], int]:
    """The valid findings of an answer and how many were dropped; InvalidOutputError if it is unusable."""
    fix = "the chunk was re-asked once; re-run to retry it"
    refusal = (getattr(raw, "additional_kwargs", None) or {}).get("refusal")
    if refusal:
        raise InvalidOutputError(f"the model refused: {str(refusal)[:120]}", fix)
    if (getattr(raw, "response_metadata", None) or {}).get("finish_reason") == "length":
        raise OutputTooLongError("the model ran out of output tokens mid-answer", fix)
    content = getattr(raw, "content", "")
    if not isinstance(content, str) or not content.strip():
        raise InvalidOutputError("the model returned an empty answer", fix)
    try:
        data = json.loads(content)
    except ValueError as error:
        raise InvalidOutputError(f"the answer is not valid JSON ({error})", fix) from None
    items = data.get("findings") if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise InvalidOutputError("the answer did not match the schema: no 'findings' list", fix)
    findings, problems = [], []
    for item in items:
        try:
            # A model cannot claim an offline rule's id: that field is ours to set.
            findings.append(RawFinding.model_validate(item).model_copy(update={"rule": None}))
        except ValidationError as error:
            problems.append(error)  # one bad finding is dropped (and counted), the rest of the chunk is kept
    if problems and not findings:
        first = problems[0].errors()[0] if problems[0].errors() else {"msg": "invalid", "loc": ()}
        where = ".".join(str(part) for part in first.get("loc", ())) or "finding"
        raise InvalidOutputError(
            f"the answer did not match the schema at findings.{where}: {first['msg']}", fix
        )
    return findings, len(problems)
