"""Commitment follow-up: what later meetings with the same partner say about earlier commitments.

Meetings are read in date order. Every commitment stays *active* until a later meeting shows it
kept or dropped; each later meeting gets one decision per active commitment: kept, slipped,
dropped or open (no mention), citing the sentence it rests on.

Offline linking (no LLM) scores every sentence of the later meeting against the commitment:
sentence-level embedding similarity (the sentence alone and with the two sentences before it,
because "We now expect to ship them on the 20th" only makes sense after "How are the samples
coming?"), plus topic overlap (content words and names shared with the commitment) and owner
overlap, plus a bonus when the sentence carries a status cue. Pairs are assigned greedily and
one-to-one per meeting so two similar commitments cannot both claim the same sentence. The status
then comes from the cue rules in `cues.py`. Nothing is matched by exact text.

`backend="openai:<model>"` asks an LLM instead (see `followup_llm.py`); the output is the same.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

import numpy as np

from ..backends.offline.people import fold, name_words
from ..backends.offline.sentences import Sentence, split_request
from ..core.errors import NotFoundError
from ..store import Store, partner_key
from .cues import classify
from .models import CommitmentRef, Evidence, FollowupDecision, FollowupResult, MeetingText

LINK_THRESHOLD = 0.45  # below this no sentence is "about" the commitment: status open
CONTEXT_SENTENCES = 2
CONTEXT_WEIGHT = 0.85  # context helps pronouns ("ship them") but must not beat the sentence that names the thing
_STOP = set(
    "the a an and or but to of in on at by for with from we i you our your their they it this that these those will "
    "shall would could can be is are was were been have has had do does did not no so as up out all any some next "
    "week weeks month end friday monday tuesday wednesday thursday saturday sunday tomorrow today send sent get give "
    "share let us me my make sure also then than there here just about over into more first new i'll we'll i'm".split()
)


def content_words(text: str) -> set[str]:
    """Lower-cased content words (no stop words, no numbers) for topic overlap."""
    return {w for w in re.findall(r"[a-z][a-z'-]{2,}", fold(text)) if w not in _STOP}


def _overlap(a: set[str], b: set[str]) -> int:
    """Shared words, where a word also matches a longer word it starts ("thai" ~ "thailand", "sample" ~ "samples")."""
    hits = 0
    for word in a:
        if any(word == other or (min(len(word), len(other)) >= 4 and (other.startswith(word) or word.startswith(other)))
               for other in b):
            hits += 1
    return hits


def _owner_tokens(owner: str | None) -> set[str]:
    if not owner:
        return set()
    return {fold(w) for w in name_words(re.sub(r"[()]", " ", owner)) if len(w) >= 2}


def _sentences(meeting: MeetingText) -> list[Sentence]:
    transcript = meeting.transcript
    return split_request(transcript.text, 0, list(transcript.utterances))


def _link_scores(commitments: list[CommitmentRef], sentences: list[Sentence], meeting: MeetingText,
                 cues: list[tuple] | None = None) -> np.ndarray:
    """[commitments x sentences] link scores (higher = more surely about that commitment)."""
    from ..embedding import local_model

    model = local_model()
    texts = [s.text for s in sentences]
    contexts = [" ".join(texts[max(0, i - CONTEXT_SENTENCES): i + 1]) for i in range(len(texts))]
    sent_vecs, ctx_vecs = model.encode(texts), model.encode(contexts)
    com_vecs = model.encode([c.quote for c in commitments])
    semantic = np.maximum(com_vecs @ sent_vecs.T, CONTEXT_WEIGHT * (com_vecs @ ctx_vecs.T))
    scores = np.zeros_like(semantic)
    words = [content_words(t) for t in texts]
    ctx_words = [content_words(t) for t in contexts]
    speakers = [fold(s.inline_label or s.speaker or "") for s in sentences]
    cues = cues or [classify(t, meeting.date) for t in texts]
    for ci, com in enumerate(commitments):
        topic = content_words(com.quote)
        owner = _owner_tokens(com.owner)
        for si, sent in enumerate(sentences):
            own = _overlap(topic, words[si])
            shared = 0.07 * min(own, 3) + 0.03 * min(_overlap(topic, ctx_words[si] - words[si]), 2)
            said_by_owner = bool(owner and set(speakers[si].split()) & owner)
            names_owner = bool(owner & {fold(w) for w in re.findall(r"[\w']+", contexts[si])} or
                               owner & set(re.findall(r"\b[A-Z]{2,3}\b", sent.text)))
            status, _, cue = cues[si]
            # A bare future date is a weak cue ("the rig is booked for next week"); words like "sent" are strong.
            bonus = -0.05 if not status else (0.0 if cue.startswith("new date") else 0.1)
            scores[ci, si] = semantic[ci, si] + shared + 0.05 * (said_by_owner or names_owner) + bonus
    return scores


def decide_meeting(commitments: list[CommitmentRef], meeting: MeetingText) -> list[FollowupDecision]:
    """One offline decision per active commitment for one later meeting."""
    sentences = _sentences(meeting)
    if not commitments:
        return []
    if not sentences:
        return [_open(c, meeting.id, "the meeting has no sentences") for c in commitments]
    cues = [classify(s.text, meeting.date) for s in sentences]  # once per sentence: date parsing is slow
    scores = _link_scores(commitments, sentences, meeting, cues)
    pairs = sorted(((scores[c, s], c, s) for c in range(len(commitments)) for s in range(len(sentences))), reverse=True)
    chosen: dict[int, tuple[float, int]] = {}
    used: set[int] = set()
    for score, ci, si in pairs:
        if score < LINK_THRESHOLD:
            break
        if ci in chosen or si in used:
            continue
        if cues[si][0] is None:
            continue  # a mention without any status words says nothing about progress
        chosen[ci] = (float(score), si)
        used.add(si)
    out = []
    for ci, com in enumerate(commitments):
        if ci not in chosen:
            out.append(_open(com, meeting.id, "no sentence of this meeting is about it"))
            continue
        score, si = chosen[ci]
        status, new_due, cue = cues[si]
        first, last = _statement(sentences, si, cues, scores[ci], used)
        text = meeting.transcript.text
        out.append(FollowupDecision(
            commitment_id=com.id, commitment_meeting_id=com.meeting_id, meeting_id=meeting.id, status=status,  # type: ignore[arg-type]
            evidence=Evidence(meeting_id=meeting.id, quote=text[first.start:last.end], start=first.start, end=last.end),
            new_due=new_due, score=round(score, 3), reason=f"linked at {score:.2f}; cue '{cue}'",
        ))
    return out


def _statement(sentences: list[Sentence], si: int, cues: list[tuple], row: np.ndarray,
               used: set[int]) -> tuple[Sentence, Sentence]:
    """The linked sentence widened to its neighbours in the same turn that say the same thing.

    "We've decided to skip the audit. So there won't be an agenda from me." is one statement; citing
    both sentences shows the reader the whole of it.
    """
    floor = max(LINK_THRESHOLD, float(row[si]) - 0.35)

    def joins(j: int) -> bool:
        # Same speaker and turn, same status, about the same commitment, and not another commitment's evidence.
        return (_same_turn(sentences[j], sentences[si]) and j not in used and row[j] >= floor
                and cues[j][0] == cues[si][0])

    first = last = si
    while first > 0 and joins(first - 1):
        first -= 1
    while last + 1 < len(sentences) and joins(last + 1):
        last += 1
    return sentences[first], sentences[last]


def _same_turn(a: Sentence, b: Sentence) -> bool:
    return a.utt == b.utt and (a.inline_label or a.speaker) == (b.inline_label or b.speaker)


def _open(com: CommitmentRef, meeting_id: str, reason: str) -> FollowupDecision:
    return FollowupDecision(commitment_id=com.id, commitment_meeting_id=com.meeting_id, meeting_id=meeting_id,
                            status="open", reason=reason)


def track(
    commitments: Iterable[CommitmentRef], meetings: Iterable[MeetingText], *, backend: str = "offline"
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
        made = decider.decide(active, meeting) if decider else decide_meeting(active, meeting)
        decisions += made
        closed = {d.commitment_id for d in made if d.status in ("kept", "dropped")}
        pending = [c for c in pending if c.id not in closed]
    return decisions


def commitments_from_store(store: Store, meeting_ids: list[str]) -> list[CommitmentRef]:
    """The stored commitment findings of these meetings as CommitmentRefs."""
    dates = {m.id: m.date for m in store.list_meetings() if m.id in set(meeting_ids)}
    found = store.findings_for(meeting_ids, kind="commitment")
    found.sort(key=lambda f: (dates.get(f.meeting_id, dt.date.min), f.meeting_id, f.start))
    return [CommitmentRef(id=f.id, meeting_id=f.meeting_id, meeting_date=dates[f.meeting_id], quote=f.quote,
                          start=f.start, end=f.end, owner=f.owner or f.speaker, due=f.due, summary=f.summary)
            for f in found if f.meeting_id in dates and f.review != "rejected"]


def known_partner(store: Store, partner: str) -> str:
    """The stored spelling of a partner name; NotFoundError listing the known partners otherwise."""
    names = store.partners()
    for name in names:
        if partner_key(name) == partner_key(partner):
            return name
    known = ", ".join(names) if names else "none yet"
    raise NotFoundError(f"no stored meetings with partner '{partner}' (known partners: {known})",
                        "check the spelling, or analyse a meeting with --partner first")


def follow_up(store: Store, partner: str, *, backend: str = "offline") -> FollowupResult:
    """Follow up every stored commitment of a partner through the partner's later stored meetings."""
    name = known_partner(store, partner)
    metas = store.list_meetings(name)
    meetings = [MeetingText(id=m.id, title=m.title, date=m.date, transcript=store.get_report(m.id).transcript)
                for m in metas]
    commitments = commitments_from_store(store, [m.id for m in metas])
    version = ""
    if backend != "offline":
        from .llm import load_prompt

        version = load_prompt("followup").version
    return FollowupResult(partner=name, backend=backend, prompt_version=version,
                          decisions=track(commitments, meetings, backend=backend))
