"""The per-request view every detector works on: sentences, turns, people and meeting facts."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

import numpy as np

from ...core.backend import ExtractionRequest
from .people import People
from .sentences import Sentence, split_request

# Partners whose working language is English: idioms are not a cross-cultural risk with them.
ENGLISH_NATIVE = re.compile(
    r"\b(UK|U\.K\.|United Kingdom|England|Scotland|Wales|Ireland|USA|U\.S\.A?\.?|United States|America|"
    r"Canada|Australia|New Zealand)\b", re.I)


@dataclass
class Meeting:
    """One request's sentences grouped into turns, with the people and facts the rules need."""

    sentences: list[Sentence]
    people: People
    date: dt.date
    partner: str = ""
    title: str = ""
    _vectors: np.ndarray | None = field(default=None, repr=False)

    @classmethod
    def from_request(cls, request: ExtractionRequest) -> "Meeting":
        sentences = split_request(request.text, request.offset, list(request.utterances))
        ctx = request.context
        people = People(list(ctx.participants), dict(ctx.aliases), request.text)
        people.add_speakers([s.speaker for s in sentences if s.speaker and not s.inline_label])
        return cls(sentences=sentences, people=people, date=ctx.meeting_date, partner=ctx.partner, title=ctx.title)

    # --- turns -------------------------------------------------------------------------------
    def turn(self, utt: int) -> list[Sentence]:
        """The sentences of utterance number `utt`."""
        return [s for s in self.sentences if s.utt == utt]

    def turns_after(self, sent: Sentence, limit: int = 4) -> list[list[Sentence]]:
        """The next `limit` utterances after the one holding `sent`."""
        utts = sorted({s.utt for s in self.sentences if s.utt > sent.utt})[:limit]
        return [self.turn(u) for u in utts]

    def turns_before(self, sent: Sentence, limit: int = 3) -> list[list[Sentence]]:
        """The previous `limit` utterances, nearest first."""
        utts = sorted({s.utt for s in self.sentences if s.utt < sent.utt}, reverse=True)[:limit]
        return [self.turn(u) for u in utts]

    def previous_other(self, sent: Sentence) -> list[Sentence]:
        """The nearest earlier turn by someone else (empty if none)."""
        for turn in self.turns_before(sent, 6):
            if turn and turn[0].speaker != sent.speaker:
                return turn
        return []

    def speaker_name(self, sent: Sentence) -> str | None:
        return self.people.resolve(sent.speaker) if sent.speaker else None

    @property
    def cross_language(self) -> bool:
        """Whether the partner likely works in another language (unknown partners count as yes)."""
        return not ENGLISH_NATIVE.search(self.partner or "")

    # --- embeddings --------------------------------------------------------------------------
    def vectors(self) -> np.ndarray:
        """Unit vectors of every sentence (computed once per request)."""
        if self._vectors is None:
            from ...embedding import local_model

            self._vectors = local_model().encode([s.text for s in self.sentences])
        return self._vectors

    def similarity(self, a: Sentence, b: Sentence) -> float:
        vec = self.vectors()
        return float(vec[a.index] @ vec[b.index])
