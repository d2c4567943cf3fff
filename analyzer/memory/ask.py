"""Cited answers over stored meetings: hybrid retrieval, then (optionally) a short LLM answer.

Offline there is no generated text: the answer is the ranked passages. With an LLM backend the
model sees only the retrieved passages (in a delimited data section) and must cite passage ids for
every sentence; citations to passages that were not retrieved are dropped, sentences left without
a citation are dropped, and when nothing is left the answer is "The stored meetings don't say."
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field

from ..core.errors import InputError
from ..core.models import SearchHit
from ..grounding import locate, long_enough
from ..store import Store
from .llm import StructuredLLM, fence, load_prompt, parse_backend
from .retrieval import retrieve

NOT_IN_MEETINGS = "The stored meetings don't say."


class Citation(BaseModel):
    """A span of a stored meeting that supports a sentence; open it with `analyzer show MEETING_ID`."""

    meeting_id: str
    title: str
    date: dt.date
    start: int
    end: int
    quote: str


class AnswerSentence(BaseModel):
    text: str
    citations: list[Citation]


class Answer(BaseModel):
    """`answer` is None offline (the passages are the answer); every sentence carries citations."""

    answer: str | None
    sentences: list[AnswerSentence] = []
    passages: list[SearchHit] = []
    backend: str = "offline"
    uncited: int = Field(0, description="Model sentences dropped because no citation held up.")


class _LLMCitation(BaseModel):
    passage: str = Field(description="A passage id as given, e.g. P2.")
    quote: str | None = Field(None, description="Exact supporting words from that passage, optional.")


class _LLMSentence(BaseModel):
    text: str
    citations: list[_LLMCitation]


class LLMAnswer(BaseModel):
    """A short answer built only from the passages."""

    answerable: bool = Field(description="False when the passages do not contain the answer.")
    sentences: list[_LLMSentence] = Field(description="At most four sentences, each citing passages.")


def render_passages(hits: list[SearchHit]) -> str:
    """Passages as the model sees them: an id, the meeting and date, then the text."""
    blocks = []
    for n, hit in enumerate(hits, start=1):
        blocks.append(
            f"[P{n}] {hit.title} ({hit.partner}, {hit.date.isoformat()})\n{fence(hit.text, 'PASSAGES')}"
        )
    return "\n\n".join(blocks)


def _citation(hit: SearchHit, quote: str | None) -> Citation | None:
    """Cite the quoted words inside the passage; the whole passage when no quote was given.

    None when the quote is not in the passage it names (or too short to mean anything): a claim
    whose support is elsewhere, or nowhere, is not cited.
    """
    if quote and quote.strip():
        span = locate(hit.text, quote) if long_enough(quote) else None
        if span is None:
            return None
    else:
        return Citation(
            meeting_id=hit.meeting_id,
            title=hit.title,
            date=hit.date,
            start=hit.start,
            end=hit.end,
            quote=hit.text,
        )
    # Passage offsets are offsets into the meeting transcript, so a span inside it shifts by hit.start.
    return Citation(
        meeting_id=hit.meeting_id,
        title=hit.title,
        date=hit.date,
        start=hit.start + span.start,
        end=hit.start + span.end,
        quote=hit.text[span.start : span.end],
    )


def cited_sentences(parsed: LLMAnswer, hits: list[SearchHit]) -> tuple[list[AnswerSentence], int]:
    """Sentences that still cite something, and how many were dropped.

    A citation counts when it names a retrieved passage and its quote (if any) is in that passage.
    """
    by_id = {f"P{n}": hit for n, hit in enumerate(hits, start=1)}
    out, dropped = [], 0
    for sentence in parsed.sentences:
        citations = []
        for cite in sentence.citations:
            key = cite.passage.strip().strip("[]").upper()
            key = key if key.startswith("P") else f"P{key}"
            citation = _citation(by_id[key], cite.quote) if key in by_id else None
            if citation is not None:
                citations.append(citation)
        if citations and sentence.text.strip():
            out.append(AnswerSentence(text=sentence.text.strip(), citations=citations))
        elif sentence.text.strip():
            dropped += 1
    return out, dropped


def ask(
    store: Store, question: str, partner: str | None = None, backend: str = "offline", k: int = 5
) -> Answer:
    """Answer a question from stored meetings: ranked passages offline, a cited short answer with an LLM."""
    if not question.strip():
        raise InputError(
            "the question is empty", "ask something, e.g. 'what did they promise about the samples?'"
        )
    if k < 1:
        raise InputError(f"-k {k} is too small", "ask for at least one passage")
    provider, _ = parse_backend(backend)
    if partner:
        from .followup import known_partner

        partner = known_partner(store, partner)
    hits = retrieve(store, question, k=k, partner=partner)
    if provider == "offline":
        return Answer(answer=None, passages=hits, backend="offline")
    if not hits:
        return Answer(answer=NOT_IN_MEETINGS, passages=[], backend=backend)
    prompt = load_prompt("ask")
    user = prompt.user.format(question="\x01", passages="\x00")
    user = user.replace("\x01", " ".join(question.split())).replace("\x00", render_passages(hits))
    parsed, _ = StructuredLLM(backend, LLMAnswer).invoke([("system", prompt.system), ("human", user)])
    sentences, dropped = cited_sentences(parsed, hits) if parsed.answerable else ([], 0)
    text = " ".join(s.text for s in sentences) if sentences else NOT_IN_MEETINGS
    return Answer(answer=text, sentences=sentences, passages=hits, backend=backend, uncited=dropped)
