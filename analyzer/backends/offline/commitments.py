"""Commitments: firm first-person or assigned future actions, minus hedges, conditions and recaps.

A sentence qualifies through one of: a firm first-person future ("I'll send", "we're going to
ship", "our team will prepare") followed by a concrete verb; a delivery promise to the listener
("you'll have the forecast Monday"); a promise phrase ("leave it with me", "consider it done");
an accepted request ("Consider it done." after "could you send..."); or, in minutes, an ACTION
line or "XY to <verb>" bullet. It is then dropped when hedged, conditional on something open,
a question, a recap, or a restatement of an earlier commitment by the same owner.
"""

from __future__ import annotations

import datetime as dt
import re

from ...core.models import RawFinding
from ...deadlines import find_due
from . import lexicon as lx
from .meeting import Meeting
from .commitment_summaries import summary as _summary
from ...text.sentences import Sentence

_PRONOUN_OWNERS = {
    "i",
    "we",
    "you",
    "they",
    "he",
    "she",
    "it",
    "this",
    "that",
    "both",
    "the",
    "our",
    "everyone",
}
_NOT_NAMES = {
    "Topic",
    "Team",
    "Both",
    "Everyone",
    "Nobody",
    "Someone",
    "Next",
    "Action",
    "We",
    "They",
    "It",
    "This",
}


def _has_due(text: str) -> bool:
    return find_due(text, dt.date(2000, 1, 3))[0] is not None


def _firm(sent: Sentence) -> tuple[int, str, str] | None:
    """(cue position, verb, how) when the sentence holds a firm self-commitment."""
    text = sent.text
    if lx.NONCOMMIT.search(text):
        return None
    if m := lx.PROMISE.search(text):
        return m.start(), "promise", "promise"
    for m in lx.FIRM.finditer(text):
        verb = (m.group("verb") or m.group("verb2") or m.group("verb3") or "").lower()
        if verb == "have" and re.match(r"\s*to\b", text[m.end() :]):
            continue  # "we'll have to" is an obligation, not an undertaking
        if verb in lx.VAGUE_VERBS or not (verb in lx.ACTION_VERBS or _has_due(text[m.end() :])):
            continue  # an unusual verb needs a deadline to count as a concrete action
        if verb == "check" and not re.search(
            r"\band (?:send|share|confirm|get back|come back|let you know)", text[m.end() :], re.I
        ):
            continue
        return m.start(), verb, "firm"
    if (m := lx.DATED_PROMISE.search(text)) and _has_due(text):
        return m.start(), "promise", "dated"
    if m := lx.DELIVER.search(text):
        before = text[: m.start()].lower()
        if not re.search(r"\b(?:know|think|sure|hope|bet|guess|believe)\s*$", before):
            return m.start(), "deliver", "deliver"
    return None


def _named(sent: Sentence, meeting: Meeting, after_topic: bool = False) -> tuple[int, str, str] | None:
    """(cue position, owner token, verb) for "Name will/to <verb>" in minutes or speech.

    `after_topic` also reads "back label: Lily to send …" (a topic, then the action item). Only
    owner choice uses it, so that the rule votes the trained model learned from stay as they were.
    """
    reported = list(lx.REPORTED.finditer(sent.text))
    for m in [*reported, *lx.NAMED.finditer(sent.text)]:
        who: str = m.group("who")
        verb = m.group("verb").lower()
        first = who.split()[0]
        if first in _NOT_NAMES or first.lower() in _PRONOUN_OWNERS:
            continue
        topic = after_topic and sent.text[: m.start()].rstrip().endswith(":")
        if " to " in m.group(0) and m.start() > 2 and not sent.action and not topic:
            continue  # "X to <verb>" only as a bullet, an ACTION line or after a topic, not mid-sentence
        bullet = sent.action or (sent.minutes and (m.start() == 0 or topic))
        if verb in {"try", "hope", "think", "consider", "see", "look", "be", "want", "like"}:
            continue
        if not bullet and (verb in lx.VAGUE_VERBS or verb not in lx.ACTION_VERBS or verb == "check"):
            continue  # in running text only concrete actions count; bullets are action items anyway
        if lx.STATUS.search(sent.text):
            continue
        resolved = meeting.people.resolve(who)
        if resolved and re.fullmatch(r"[A-Z]{2,4}", who) and resolved != who:
            # keep the initials as written next to the full name; initials that read as a title stay as written
            resolved = (
                who if who.lower() in {"mr", "ms", "dr", "mrs", "st"} else f"{resolved} ({who})"
            )  # keep the initials as written next to the full name
        # "<Name> said he would ..." frames a person even when the notes never list attendees
        known = (
            m in reported or resolved != who or re.fullmatch(r"[A-Z]{2,4}", who) or meeting.people.find(who)
        )
        if known:
            # for reported speech the undertaking starts at its verb: "said" is not a past action
            return (m.start("verb") if m in reported else m.start()), resolved or who, verb
    return None


def _accepted_request(sent: Sentence, meeting: Meeting) -> Sentence | None:
    """The request this short acceptance answers, if the previous turn asked for a concrete action."""
    if not lx.ACCEPT.search(sent.text) or len(sent.text) > 60:
        return None
    for prev in reversed(meeting.previous_other(sent)):
        if lx.REQUEST.search(prev.text):
            verbs = {w.lower() for w in re.findall(r"[A-Za-z]+", prev.text)}
            if verbs & (lx.ACTION_VERBS - {"have", "get", "take", "make", "give", "put", "keep"}):
                return prev
    return None


def _blocked(sent: Sentence, meeting: Meeting, cue: int) -> bool:
    text, clause = sent.text, sent.text[max(0, cue - 60) :]
    if text.rstrip().endswith("?"):
        return True
    if re.search(
        r"\b(?:not|never|nobody|no one|don(?:'|’)t think|doubt)\b|n(?:'|’)t\b",
        text[max(0, cue - 30) : cue + 25],
        re.I,
    ):
        return True  # "I don't think we'll solve this", "nobody will read it"
    before = text[:cue][-40:]
    if lx.REPORTED.search(text[max(0, cue - 60) : cue + 30]):
        before, clause = "", text[cue:]  # "she said she would send": that "would" is no hedge
    if lx.HEDGE.search(clause) or lx.HEDGE.search(before):
        return True
    if lx.CONDITIONAL.search(text) and not sent.action:
        return True
    if lx.RECAP.search(text) or any(
        lx.RECAP.search(s.text) for s in meeting.turn(sent.utt) if s.index < sent.index
    ):
        return True
    return bool(lx.PAST.search(clause) and not re.search(r"\bnext\b|\btomorrow\b", clause))


_BARE_MONTH = re.compile(
    r"(?:the )?(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?|q[1-4])", re.I
)


def _due(sent: Sentence, cue: int, meeting: Meeting):
    """The deadline after the commitment cue; a bare month used as a noun ("the April report") is skipped."""
    rest = sent.text[cue:]
    country = next(iter(meeting.partner_countries), None)
    due_text, due = find_due(rest, meeting.date, country)
    while due_text and _BARE_MONTH.fullmatch(due_text):
        later = rest[rest.find(due_text) + len(due_text) :]
        next_text, next_due = find_due(later, meeting.date, country)
        if not next_text:
            break
        due_text, due, rest = next_text, next_due, later
    if due_text is None:
        due_text, due = find_due(sent.text, meeting.date, country)
    return due_text, due


def detect(meeting: Meeting) -> list[tuple[Sentence, RawFinding]]:
    """Commitment findings, one per undertaking, at its clearest (earliest) statement."""
    found: list[tuple[Sentence, RawFinding]] = []
    for sent in meeting.sentences:
        if lx.VOUCH.search(sent.text) and len(sent.text) < 45:
            # "I give you my word on this." vouches for the previous sentence of the same turn
            before = [s for s in meeting.turn(sent.utt) if s.index < sent.index]
            if before and not lx.HEDGE.search(before[-1].text) and _has_due(before[-1].text):
                sent = before[-1]
                found.append((sent, make(meeting, sent, 0, meeting.speaker_name(sent), None)))
            continue
        owner = None
        request = None
        if sent.features.get("item"):
            if sent.features["item"] == "action":
                found.append((sent, _item_finding(meeting, sent)))
            continue
        if sent.minutes or sent.action:
            hit = _named(sent, meeting)
            if (
                not hit
                and sent.minutes
                and (firm := _firm(sent))
                and re.match(r"\W*we\b", sent.text[firm[0] :], re.I)
            ):
                hit = (firm[0], meeting.note_author or "We", firm[1])  # "We will ship ..." in the notes
            if not hit:
                continue
            cue, owner, verb = hit
        else:
            hit = _firm(sent)
            if hit is None:
                named = _named(sent, meeting)
                request = _accepted_request(sent, meeting)
                if named:
                    cue, owner, verb = named
                elif request is not None:
                    cue, verb = 0, "accept"
                else:
                    continue
            else:
                cue, verb, _how = hit
            owner = owner or meeting.speaker_name(sent)
        if _blocked(sent, meeting, cue):
            continue
        found.append((sent, make(meeting, sent, cue, owner, request)))
    return _dedupe(found, meeting)


def _item_finding(meeting: Meeting, sent: Sentence) -> RawFinding:
    """An action item that ingest found structurally: its owner and due cell are given."""
    written = sent.features.get("item_owner")
    owner = (meeting.people.resolve(written) or written) if written else None
    cell = sent.features.get("item_due")
    due_text, due = find_due(cell, meeting.date) if cell else (None, None)
    if due is None:
        due_text, due = find_due(sent.text, meeting.date)
    return RawFinding(
        rule="commitment.action_item",
        kind="commitment",
        quote=sent.text,
        speaker=None,
        owner=owner,
        due_text=due_text,
        due=due,
        summary=_summary(owner, sent, None, due_text),
        confidence=0.85,
    )


_MODAL = re.compile(r"\b(?:will|shall|going to|gonna|let me|i can|we can)\b|(?:'|’)ll\b", re.I)


def vetoed(sent: Sentence, meeting: Meeting) -> bool:
    """Grammar that rules out an undertaking whatever a model says: a question, a hedge ("we'll try"),
    an open condition, a recap of something said before, or a past action."""
    if sent.features.get("item") == "done":
        return True
    modal = _MODAL.search(sent.text)
    if modal is None and not sent.features.get("item") and find_due(sent.text, meeting.date)[0] is None:
        return True  # no future, no deadline, no action item: nothing was undertaken
    return _blocked(sent, meeting, modal.start() if modal else 0)


def named_owner(sent: Sentence, meeting: Meeting) -> str | None:
    """The person a sentence names as doing something ("Kenji will send", "Ana said she would"), if any."""
    hit = _named(sent, meeting, after_topic=True)
    return hit[1] if hit else None


def make(
    meeting: Meeting, sent: Sentence, cue: int, owner: str | None, request: Sentence | None
) -> RawFinding:
    """A commitment finding for `sent`: deadline after the cue, counterparty, summary."""
    due_text, due = _due(sent, cue, meeting)
    if request is not None and due_text is None:
        due_text, due = find_due(request.text, meeting.date)
    counterparty = None
    prev = meeting.previous_other(sent)
    if prev and prev[0].speaker:
        counterparty = meeting.people.resolve(prev[0].speaker)
    return RawFinding(
        rule="commitment.promise",
        kind="commitment",
        quote=sent.text,
        speaker=meeting.speaker_name(sent),
        owner=owner,
        counterparty=counterparty,
        due_text=due_text,
        due=due,
        summary=_summary(owner, sent, request, due_text),
        confidence=0.8 if due else 0.7,
    )


_STOP = set(
    """i we you they he she it the a an to and of for on in by at with our your my their this that will
'll be is are so just then also it's i'll we'll send""".split()
)


def _content(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in _STOP and len(w) > 2}


def _dedupe(found: list[tuple[Sentence, RawFinding]], meeting: Meeting) -> list[tuple[Sentence, RawFinding]]:
    """Drop restatements: a later sentence by the same owner that says the same thing again.

    Only pairs that share content words or a due date are compared by embedding (one batch).
    """

    def owner(f: RawFinding) -> str:
        return (f.owner or "").lower()

    words = [_content(s.text) for s, _ in found]
    candidates: list[tuple[int, int]] = []
    for j, (_, fj) in enumerate(found):
        for i in range(j):
            fi = found[i][1]
            if owner(fi) != owner(fj):
                continue
            shared = len(words[i] & words[j]) / max(1, min(len(words[i]), len(words[j])))
            if shared >= 0.5 or (fi.due is not None and fi.due == fj.due and shared >= 0.2):
                candidates.append((i, j))
    meeting.embed([found[k][0] for pair in candidates for k in pair])
    pairs = set(candidates)
    kept: list[int] = []
    for j, (sent, finding) in enumerate(found):
        duplicate = False
        for i in kept:
            if (i, j) not in pairs:
                continue
            earlier = found[i][1]
            same_due = earlier.due is not None and earlier.due == finding.due
            sim = meeting.similarity(sent, found[i][0])
            if sim > 0.8 or (same_due and sim > 0.5):
                duplicate = True
                if sent.features.get("item") and not found[i][0].features.get("item"):
                    kept.remove(i)  # the action list states it most clearly: keep the item, not the narrative
                    kept.append(j)
                break
        if not duplicate:
            kept.append(j)
    return _prefer_items([found[k] for k in sorted(kept)], meeting)


def _prefer_items(
    found: list[tuple[Sentence, RawFinding]], meeting: Meeting
) -> list[tuple[Sentence, RawFinding]]:
    """Minutes often narrate each action and then list it: keep the action-list item, drop the narration."""
    items = [(s, f) for s, f in found if s.features.get("item")]
    if not items:
        return found
    return [
        (s, f) for s, f in found if s.features.get("item") or not narrates_item(meeting, s, f.owner, items)
    ]


def narrates_item(
    meeting: Meeting, sent: Sentence, owner: str | None, items: list[tuple[Sentence, RawFinding]]
) -> bool:
    """Whether `sent` (not an item) tells the same action as one of the listed items of the same owner."""
    for item, finding in items:
        same_owner = bool(owner and (finding.owner or "").lower() == owner.lower())
        if same_owner and meeting.similarity(sent, item) > 0.55:
            return True
    return False
