"""Commitment follow-up: what later meetings with the same partner say about earlier commitments.

Meetings are read in date order. Every commitment stays *active* until a later meeting shows it
kept or dropped; each later meeting gets one decision per active commitment: kept, slipped,
dropped or open (no mention), citing the sentence it rests on.

Offline, a trained model decides (`status_model.py`): every (commitment, sentence) pair gets its
link features and status cues, and a logistic regression trained on partner sequences by several
authors gives P(none, kept, slipped, dropped). It is not shipped yet (`decide_meeting_learned`, trained
by eval/train_followup.py); `decide_meeting`, the default, is still the hand-written decision. The
rules path works as follows.

Offline linking (no LLM) scores every sentence of the later meeting against the commitment
(`linking.py`: embedding similarity of the sentence and its lead-in, shared topic words, agreement on
the owner and on the promised object, and a status cue). Pairs are assigned greedily and one-to-one
per meeting so two similar commitments cannot both claim the same sentence, and a bare reply to a sentence
that is already another commitment's evidence ("It did, it's filed.") is not claimed by a third. The status then comes
from the cue rules in `cues.py`, read over the whole statement: the linked sentence and the rest of
the speaker's report on it in the same turn ("The samples are finished, but ... So they can only
fly after the holiday." is a slip). Nothing is matched by exact text.

`backend="openai:<model>"` asks an LLM instead (see `followup_llm.py`); the output is the same.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any, cast

import numpy as np

from ..text.sentences import Sentence, split_request
from ..core.errors import BackendError
from ..store import Store
from .cues import classify
from .linking import content_words, link_scores, overlap
from .models import CommitmentRef, Evidence, FollowupDecision, FollowupResult, FollowupStatus, MeetingText
from .status_model import StatusModel, decide_pairs, pair_features, shipped_status_model

LINK_THRESHOLD = 0.45  # below this no sentence is "about" the commitment: status open
STATEMENT_REACH = 3  # how many sentences of the same turn a report on one commitment may run on
_overlap = overlap  # health.py shares the topic-overlap rule


def _sentences(meeting: MeetingText) -> list[Sentence]:
    transcript = meeting.transcript
    return split_request(transcript.text, 0, list(transcript.utterances))


def decide_meeting_learned(
    commitments: list[CommitmentRef], meeting: MeetingText, model: StatusModel | None = None
) -> list[FollowupDecision]:
    """One offline decision per active commitment for one later meeting, by the trained model."""
    if not commitments:
        return []
    return decisions_from(
        commitments, meeting, meeting_pairs(commitments, meeting), model or shipped_status_model()
    )


Pairs = tuple[list[Sentence], list[tuple], np.ndarray]


def meeting_pairs(commitments: list[CommitmentRef], meeting: MeetingText) -> Pairs:
    """The later meeting's sentences, their status cues, and the pair features against `commitments`."""
    sentences = _sentences(meeting)
    cues = [classify(s.text, meeting.date) for s in sentences]  # once per sentence: date parsing is slow
    scores = link_scores(commitments, sentences, cues) if sentences else np.zeros((len(commitments), 0))
    return sentences, cues, pair_features(commitments, sentences, cues, scores, meeting.date)


def decisions_from(
    commitments: list[CommitmentRef], meeting: MeetingText, pairs: Pairs, model: StatusModel
) -> list[FollowupDecision]:
    """The model's decisions for one meeting from its pair features: evidence cited, the rest open."""
    sentences, cues, features = pairs
    chosen = {ci: (si, status, p) for ci, si, status, p in decide_pairs(model, features)}
    text = meeting.transcript.text
    out = []
    for ci, com in enumerate(commitments):
        if ci not in chosen:
            out.append(_open(com, meeting.id, "no sentence of this meeting reports on it"))
            continue
        si, status, probability = chosen[ci]
        sent = sentences[si]
        out.append(
            FollowupDecision(
                commitment_id=com.id,
                commitment_meeting_id=com.meeting_id,
                meeting_id=meeting.id,
                status=cast(FollowupStatus, status),  # the cue and model classes are FollowupStatus values
                evidence=Evidence(
                    meeting_id=meeting.id, quote=text[sent.start : sent.end], start=sent.start, end=sent.end
                ),
                new_due=cues[si][1] if status == "slipped" else None,
                score=round(probability, 3),
                reason=f"{model.manifest.version}: reported with p={probability:.2f}",
            )
        )
    return out


def decide_meeting(commitments: list[CommitmentRef], meeting: MeetingText) -> list[FollowupDecision]:
    """One decision per active commitment by the hand-written linking and cue rules (the baseline)."""
    sentences = _sentences(meeting)
    if not commitments:
        return []
    if not sentences:
        return [_open(c, meeting.id, "the meeting has no sentences") for c in commitments]
    cues = [classify(s.text, meeting.date) for s in sentences]  # once per sentence: date parsing is slow
    scores = link_scores(commitments, sentences, cues)
    pairs = sorted(
        ((scores[c, s], c, s) for c in range(len(commitments)) for s in range(len(sentences))), reverse=True
    )
    chosen: dict[int, tuple[float, int]] = {}
    used: set[int] = set()
    for score, ci, si in pairs:
        if score < LINK_THRESHOLD:
            break
        if ci in chosen or si in used:
            continue
        if cues[si][0] is None:
            continue  # a mention without any status words says nothing about progress
        if _answers_other(si, ci, sentences, commitments, used):
            continue
        chosen[ci] = (float(score), si)
        used.add(si)
    out = []
    for ci, com in enumerate(commitments):
        if ci not in chosen:
            out.append(_open(com, meeting.id, "no sentence of this meeting is about it"))
            continue
        score, si = chosen[ci]
        first, last, sj = _statement(sentences, si, ci, cues, scores, used)
        status, new_due, cue = cues[sj]
        text = meeting.transcript.text
        out.append(
            FollowupDecision(
                commitment_id=com.id,
                commitment_meeting_id=com.meeting_id,
                meeting_id=meeting.id,
                status=cast(FollowupStatus, status),  # the cue and model classes are FollowupStatus values
                evidence=Evidence(
                    meeting_id=meeting.id, quote=text[first.start : last.end], start=first.start, end=last.end
                ),
                new_due=new_due,
                score=round(score, 3),
                reason=f"linked at {score:.2f}; cue '{cue}'",
            )
        )
    return out


def _statement(
    sentences: list[Sentence], si: int, ci: int, cues: list[tuple], scores: np.ndarray, used: set[int]
) -> tuple[Sentence, Sentence, int]:
    """The linked sentence widened to the rest of the speaker's report on the same commitment.

    People report in several sentences, and the verdict is often not in the most similar one:
    "The four samples are finished, but the lacquer needs more curing time. [...] So they can only
    fly after the holiday." is a slip; "We decided not to split the shipment. [...] so the 500 go
    with the April batch." is a drop. The statement runs over neighbouring sentences of the same
    turn that are not another commitment's evidence and are not more about another commitment.
    A drop anywhere in it decides; otherwise the last status said wins (the latest news in the
    telling: "it was delayed at customs ... it finally arrived on the 3rd" is kept).
    Returns the first and last sentence to cite and the index of the sentence whose cue decides.
    """
    row = scores[ci]

    def belongs(j: int, bare_date: bool) -> bool:
        # Not another commitment's evidence, and linked to this one at least loosely. A bare date of the
        # same status ("... and starts on March 9") needs no link: it cannot change the verdict, only cite it.
        return j not in used and (
            row[j] >= LINK_THRESHOLD - 0.15 or (bare_date and cues[j][0] == cues[si][0])
        )

    first = last = si
    for step in (-1, 1):
        j, edge = si + step, si
        while (
            0 <= j < len(sentences)
            and abs(j - si) <= STATEMENT_REACH
            and _same_turn(sentences[j], sentences[si])
        ):
            if j in used:
                break
            bare_date = cues[j][2].startswith("new date")
            if cues[j][0] and (not bare_date or cues[j][0] == cues[si][0]) and belongs(j, bare_date):
                # Status words extend the statement; uncued sentences only bridge to them. A bare future date
                # ("so we go by road for the June batch") may extend a slip but is too weak to overrule a report.
                edge = j
            j += step
        first, last = (edge, last) if step < 0 else (first, edge)
    told = [j for j in range(first, last + 1) if cues[j][0]]
    decider = next((j for j in told if cues[j][0] == "dropped"), told[-1] if told else si)
    return sentences[first], sentences[last], decider


def _answers_other(
    si: int, ci: int, sentences: list[Sentence], commitments: list[CommitmentRef], used: set[int]
) -> bool:
    """Whether the sentence only answers the sentence before it, which is already another commitment's evidence.

    "CV: The signed addendum went back to Leah two weeks ago, I hope it arrived." / "LB: It did, it's
    countersigned and filed." The reply is about the addendum CV returned; it must not become the evidence
    of another, similar commitment just because its context mentions an addendum. A reply that names a word
    of this commitment itself is not only an answer and may still be linked.
    """
    return si - 1 in used and not overlap(
        content_words(commitments[ci].quote), content_words(sentences[si].text), True
    )


def _same_turn(a: Sentence, b: Sentence) -> bool:
    return a.utt == b.utt and (a.inline_label or a.speaker) == (b.inline_label or b.speaker)


def _open(com: CommitmentRef, meeting_id: str, reason: str) -> FollowupDecision:
    return FollowupDecision(
        commitment_id=com.id,
        commitment_meeting_id=com.meeting_id,
        meeting_id=meeting_id,
        status="open",
        reason=reason,
    )


def track(
    commitments: Iterable[CommitmentRef],
    meetings: Iterable[MeetingText],
    *,
    backend: str = "offline",
    decide: Callable[[list[CommitmentRef], MeetingText], list[FollowupDecision]] | None = None,
) -> list[FollowupDecision]:
    """Decisions for every (active commitment, later meeting) pair, meetings in date order.

    A commitment is active in a meeting when it was made in an earlier meeting and no earlier
    decision found it kept or dropped.
    """
    from .llm import parse_backend

    provider, _ = parse_backend(backend)
    ordered = sorted(meetings, key=lambda m: m.date)
    pending = list(commitments)
    rank = {m.id: i for i, m in enumerate(ordered)}
    decider = None
    if provider != "offline":
        from .followup_llm import LLMFollowup

        decider = LLMFollowup(backend)
    decisions: list[FollowupDecision] = []
    for index, meeting in enumerate(ordered):
        active = [c for c in pending if rank.get(c.meeting_id, len(ordered)) < index]
        if not active:
            continue
        made = (
            _llm_or_offline(decider, active, meeting)
            if decider
            else (decide or _offline_decide())(active, meeting)
        )
        decisions += made
        closed = {d.commitment_id for d in made if d.status in ("kept", "dropped")}
        pending = [c for c in pending if c.id not in closed]
    return decisions


def _llm_or_offline(
    decider: Any, active: list[CommitmentRef], meeting: MeetingText
) -> list[FollowupDecision]:
    """The model's decisions; when its call fails after retries, the offline ones, saying so.

    One failing meeting must not cost the whole partner view: the other meetings keep the
    model's decisions, and each offline one names the failure in its reason.
    """
    try:
        return decider.decide(active, meeting)
    except BackendError as error:
        failed = f"{decider.llm.name} failed on this meeting ({error.problem}); decided offline"
        return [
            d.model_copy(update={"reason": f"{failed}: {d.reason}" if d.reason else failed})
            for d in _offline_decide()(active, meeting)
        ]


def _offline_decide() -> Callable[[list[CommitmentRef], MeetingText], list[FollowupDecision]]:
    from ..settings import get_settings

    return decide_meeting_learned if get_settings().followup_offline == "learned" else decide_meeting


def commitments_from_store(store: Store, meeting_ids: list[str]) -> list[CommitmentRef]:
    """The stored commitment findings of these meetings as CommitmentRefs."""
    dates = {m.id: m.date for m in store.list_meetings() if m.id in set(meeting_ids)}
    found = store.findings_for(meeting_ids, kind="commitment")
    found.sort(key=lambda f: (dates.get(f.meeting_id, dt.date.min), f.meeting_id, f.start))
    return [
        CommitmentRef(
            id=f.id,
            meeting_id=f.meeting_id,
            meeting_date=dates[f.meeting_id],
            quote=f.quote,
            start=f.start,
            end=f.end,
            owner=f.owner or f.speaker,
            due=f.due,
            summary=f.summary,
        )
        for f in found
        if f.meeting_id in dates and f.review != "rejected"
    ]


def known_partner(store: Store, partner: str) -> str:
    """The stored spelling of a partner name; NotFoundError listing the known partners otherwise."""
    from ..partner_names import stored_partner

    return stored_partner(store, partner)


def follow_up(store: Store, partner: str, *, backend: str = "offline") -> FollowupResult:
    """Follow up every stored commitment of a partner through the partner's later stored meetings."""
    name = known_partner(store, partner)
    metas = store.list_meetings(name)
    meetings = [
        MeetingText(id=m.id, title=m.title, date=m.date, transcript=store.get_report(m.id).transcript)
        for m in metas
    ]
    commitments = commitments_from_store(store, [m.id for m in metas])
    version = ""
    if backend != "offline":
        from .llm import load_prompt

        version = load_prompt("followup").version
    return FollowupResult(
        partner=name,
        backend=backend,
        prompt_version=version,
        decisions=track(commitments, meetings, backend=backend),
    )
