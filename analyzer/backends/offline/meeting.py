"""The per-request view every detector works on: sentences, turns, people and meeting facts."""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass, field

import numpy as np

from ...core.backend import ExtractionRequest
from .identities import People
from ...text.sentences import Sentence, split_request

# Partners whose working language is English: idioms are not a cross-cultural risk with them.
ENGLISH_NATIVE = re.compile(
    r"\b(UK|U\.K\.|United Kingdom|England|Scotland|Wales|Ireland|USA|U\.S\.A?\.?|United States|America|"
    r"Canada|Australia|New Zealand)\b",
    re.I,
)

_FROM = re.compile(r"^\s*(?:From|To|Cc):\s*\**\s*([^<\n\[(]+?)\s*(?:<|\[|\(|$)", re.M | re.I)


@dataclass
class Meeting:
    """One request's sentences grouped into turns, with the people and facts the rules need."""

    sentences: list[Sentence]
    people: People
    date: dt.date
    partner: str = ""
    title: str = ""
    features: dict = field(default_factory=dict, repr=False)
    _vectors: dict[int, np.ndarray] = field(default_factory=dict, repr=False)
    _turns: dict[int, list[Sentence]] | None = field(default=None, repr=False)
    _utts: list[int] | None = field(default=None, repr=False)

    @classmethod
    def from_request(cls, request: ExtractionRequest) -> "Meeting":
        sentences = split_request(request.text, request.offset, list(request.utterances))
        ctx = request.context
        people = People(list(ctx.participants), dict(ctx.aliases), request.text)
        people.add_speakers([s.speaker for s in sentences if s.speaker and not s.inline_label])
        people.add_speakers([m.group(1).strip() for m in _FROM.finditer(request.text[:3000])])
        meeting = cls(
            sentences=sentences, people=people, date=ctx.meeting_date, partner=ctx.partner, title=ctx.title
        )
        meeting.features["head"] = request.text[:3000]
        meeting.features["marked_author"] = ctx.note_author
        return meeting

    # --- turns -------------------------------------------------------------------------------
    def _index_turns(self) -> tuple[dict[int, list[Sentence]], list[int]]:
        """Sentences by utterance number, and the utterance numbers in order (built on first use)."""
        if self._turns is None or self._utts is None:
            turns: dict[int, list[Sentence]] = {}
            for s in self.sentences:
                turns.setdefault(s.utt, []).append(s)
            self._turns, self._utts = turns, sorted(turns)
        return self._turns, self._utts

    def turn(self, utt: int) -> list[Sentence]:
        """The sentences of utterance number `utt`."""
        turns, _ = self._index_turns()
        return list(turns.get(utt, ()))

    def turns_after(self, sent: Sentence, limit: int = 4) -> list[list[Sentence]]:
        """The next `limit` utterances after the one holding `sent`."""
        _, utts = self._index_turns()
        at = bisect.bisect_right(utts, sent.utt)
        return [self.turn(u) for u in utts[at : at + limit]]

    def turns_before(self, sent: Sentence, limit: int = 3) -> list[list[Sentence]]:
        """The previous `limit` utterances, nearest first."""
        _, utts = self._index_turns()
        at = bisect.bisect_left(utts, sent.utt)
        return [self.turn(u) for u in reversed(utts[max(0, at - limit) : at])]

    def turns_until_end(self, sent: Sentence) -> list[list[Sentence]]:
        """Every later utterance, in order."""
        return self.turns_after(sent, len(self._utts or []) or 10**9)

    def previous_other(self, sent: Sentence) -> list[Sentence]:
        """The nearest earlier turn by someone else (empty if none)."""
        for turn in self.turns_before(sent, 6):
            if turn and turn[0].speaker != sent.speaker:
                return turn
        return []

    def speaker_name(self, sent: Sentence) -> str | None:
        return self.people.resolve(sent.speaker) if sent.speaker else None

    @property
    def note_author(self) -> str | None:
        """Who wrote the notes: the name on a "From:" line (a recap email), else the attendee marked "(me)"."""
        if "note_author" not in self.features:
            found = re.search(
                r"^\s*From:\s*\**\s*([^<\n\[(]+?)\s*(?:<|\[|\(|$)", self.features.get("head", ""), re.M | re.I
            )
            marked = self.features.get("marked_author")
            self.features["note_author"] = found.group(1).strip() if found else marked
        return self.features["note_author"]

    @property
    def cross_language(self) -> bool:
        """Whether the partner likely works in another language (unknown partners count as yes)."""
        return not ENGLISH_NATIVE.search(self.partner or "")

    @property
    def partner_countries(self) -> list[str]:
        """Countries in the partner's name; failing that, the one country the meeting talks about most.

        Users often type just a company name ("PayLinka"); the holiday, weekend and naming checks
        need a country, and a meeting about a partner usually names its city or country repeatedly.
        """
        from .holidays import countries, main_country

        named = countries(self.partner)
        if named:
            return named
        if "inferred_countries" not in self.features:
            self.features["inferred_countries"] = main_country(
                [self.title] + [s.text for s in self.sentences]
            )
        return self.features["inferred_countries"]

    # --- embeddings --------------------------------------------------------------------------
    def embed(self, sentences: list[Sentence]) -> None:
        """Compute (once, in one batch) the unit vectors of the sentences that need them.

        Only sentences a rule actually compares are embedded: embedding costs a few ms each.
        """
        missing = list({s.index: s for s in sentences if s.index not in self._vectors}.values())
        if not missing:
            return
        from ...embedding import local_model

        vecs = local_model().encode([s.text[:600] for s in missing])
        for s, v in zip(missing, vecs):
            self._vectors[s.index] = v

    def vector(self, sent: Sentence) -> np.ndarray:
        self.embed([sent])
        return self._vectors[sent.index]

    def similarity(self, a: Sentence, b: Sentence) -> float:
        self.embed([a, b])
        return float(self._vectors[a.index] @ self._vectors[b.index])
