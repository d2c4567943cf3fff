"""LLM follow-up: one structured call per later meeting, all active commitments batched.

Same output as the offline linker. The model's evidence is grounded against the later meeting's
text; a kept/slipped/dropped decision whose evidence cannot be found there is turned into open,
because an uncited status is not one a manager can check.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from ..core.models import Usage
from ..grounding import locate
from .cues import future_date
from .llm import StructuredLLM, fence, load_prompt
from .models import CommitmentRef, Evidence, FollowupDecision, MeetingText


class LLMFollowupItem(BaseModel):
    commitment: int = Field(description="The commitment's number as listed.")
    status: Literal["kept", "slipped", "dropped", "open"]
    evidence: str | None = Field(None, description="Exact words from the later meeting; null for open.")


class LLMFollowupOutput(BaseModel):
    """One decision per listed commitment."""

    items: list[LLMFollowupItem]


class LLMFollowup:
    """Decides follow-ups with an OpenAI-compatible model (`openai:<model>`)."""

    def __init__(self, backend: str) -> None:
        self.prompt = load_prompt("followup")
        self.llm = StructuredLLM(backend, LLMFollowupOutput)
        self.usage = Usage()

    def messages(self, commitments: list[CommitmentRef], meeting: MeetingText) -> list[tuple[str, str]]:
        listing = "\n".join(
            f'{n}. ({c.meeting_date.isoformat()}, owner {c.owner or "unknown"}, due {c.due or "no date"}) "{c.quote}"'
            for n, c in enumerate(commitments, start=1)
        )
        user = self.prompt.user.format(
            title=meeting.title or "untitled",
            date=meeting.date.isoformat(),
            commitments="\x01",
            transcript="\x00",
        )
        # Data goes in by replacement, not str.format, so braces in transcripts are harmless.
        user = user.replace("\x01", listing).replace("\x00", fence(meeting.transcript.text, "TRANSCRIPT"))
        return [("system", self.prompt.system), ("human", user)]

    def decide(self, commitments: list[CommitmentRef], meeting: MeetingText) -> list[FollowupDecision]:
        parsed, usage = self.llm.invoke(self.messages(commitments, meeting))
        self.usage = self.usage.add(usage)
        answers = {item.commitment: item for item in parsed.items}
        text = meeting.transcript.text
        out = []
        for n, com in enumerate(commitments, start=1):
            item = answers.get(n)
            base = dict(commitment_id=com.id, commitment_meeting_id=com.meeting_id, meeting_id=meeting.id)
            if item is None or item.status == "open":
                out.append(FollowupDecision(**base, status="open", reason=f"{self.llm.name}: no news"))
                continue
            span = locate(text, item.evidence or "") if item.evidence else None
            if span is None:
                out.append(
                    FollowupDecision(
                        **base,
                        status="open",
                        reason=f"{self.llm.name} said {item.status} but its evidence is not in the meeting",
                    )
                )
                continue
            quote = text[span.start : span.end]
            out.append(
                FollowupDecision(
                    **base,
                    status=item.status,
                    evidence=Evidence(meeting_id=meeting.id, quote=quote, start=span.start, end=span.end),
                    new_due=future_date(quote, meeting.date) if item.status == "slipped" else None,
                    score=1.0,
                    reason=f"{self.llm.name} ({self.prompt.name} prompt {self.prompt.version})",
                )
            )
        return out
