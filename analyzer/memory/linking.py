"""Offline linking: how surely a sentence of a later meeting is about an earlier commitment.

A link score adds up evidence that a sentence reports on a commitment:

- meaning: sentence-embedding similarity of the commitment with the sentence alone, and (discounted)
  with the sentence plus the two before it and with the speaker's whole turn, because "We now expect
  to ship them on the 20th" only makes sense after "How are the samples coming?";
- topic and object words match loosely (prefixes, long shared stems, a rough lemma: "kits" ~ "kit");
- topic: content words and names shared with the commitment;
- object agreement: the sentence (or its context) names the thing promised ("the drawings",
  "the replacement units"), not only its surroundings ("the Muskoka chair", "Mombasa stock");
- owner agreement: the owner says it, or someone names them (a completion report that names the
  owner may paraphrase the object: "thanks for the lab report, Constanza" for "the test results") ("We received the drawings from Dan",
  "AV said ..." in minutes, where people appear as initials);
- a status cue (strong words like "sent" add more than a bare future date).

Real calls are full of sentences on a neighbouring topic ("we confirmed the cushion order for the
chairs" next to "we received the chair drawings"); a sentence that agrees with the commitment on
neither owner nor object is discounted, and one with no shared word, no owner and only a weak
meaning match is not linked at all.
"""

from __future__ import annotations

import hashlib
import os
import re
from typing import Any

import numpy as np

from ..text.names import fold, name_words
from ..text.sentences import Sentence
from .cues import classify

CONTEXT_SENTENCES = 2
CONTEXT_WEIGHT = 0.85
TURN_WEIGHT = 0.8  # the whole turn of the speaker, discounted like the context  # context helps pronouns ("ship them") but must not beat the sentence that names the thing
OBJECT_BONUS = 0.08  # the sentence names the promised thing itself
OBJECT_CONTEXT_BONUS = (
    0.04  # ... or only its lead-in does ("So, the Romanian instructions. It's back with ...")
)
OWNER_BONUS = 0.05
NO_AGREEMENT_PENALTY = 0.08  # neither owner nor object: at best a neighbouring topic
STRONG_MEANING = 0.6  # a paraphrase this close needs no shared word or owner to count

_STOP = set(
    "the a an and or but to of in on at by for with from we i you our your their they it this that these those will "
    "shall would could can be is are was were been have has had do does did not no so as up out all any some next "
    "week weeks month end friday monday tuesday wednesday thursday saturday sunday tomorrow today send sent get give "
    "share let us me my make sure also then than there here just about over into more first new i'll we'll i'm "
    # function words and call filler: sharing "after" or "thanks" says nothing about the topic
    "after before until within during only still already again very really well what when where which who how "
    "because onto per via yes okay thanks thank please good great sorry".split()
)
STEM = 7  # "comparison" ~ "comparing", "delivery" ~ "delivered": a long shared stem is the same word
# Where the object of a promise ends: "send you the drawings | for the chair", "ship ten units | from Mombasa".
_OBJECT_END = re.compile(
    r"(?<![\w-])(?:for|to|by|before|with|from|on|in|at|after|until|within|once|when|next|this|tomorrow|today|and|straight|"
    r"so|which|because|as)(?![\w-])|[,;.:!?]"
)
# A promise names its action after a modal or "to" ("I'll send", "FM to send", "will have ... ready").
_PROMISE_VERB = re.compile(
    r"(?:\b(?:will|shall|to|and)\s+|'ll\s+)(?:\w+ly\s+)?([a-z]+)\s+(?:up\s+|out\s+)?", re.I
)
_PURPOSE = re.compile(r",?\s+(?:so that|so|and then|then|because|which|as soon as)\s+", re.I)
_LEAD = {
    "you",
    "them",
    "him",
    "her",
    "us",
    "me",
    "it",
    "the",
    "a",
    "an",
    "our",
    "your",
    "their",
    "his",
    "its",
    "all",
    "every",
    "each",
    "some",
    "any",
    "that",
    "this",
    "these",
    "those",
}


_REFERS_BACK = re.compile(r"\b(?:it|its|it's|them|they|they're|that|those|this|these|one|ones)\b", re.I)


def content_words(text: str) -> set[str]:
    """Lower-cased content words (no stop words, no numbers) for topic overlap."""
    return {w for w in re.findall(r"[a-z][a-z'-]{2,}", fold(text)) if w not in _STOP}


def overlap(a: set[str], b: set[str], stem: bool = False) -> int:
    """Shared words, where a word also matches a longer word it starts ("thai" ~ "thailand", "sample" ~ "samples").

    With `stem`, words sharing their first STEM letters also match ("comparison" ~ "comparing").
    """
    hits = 0
    for word in a:
        if any(
            word == other
            or (min(len(word), len(other)) >= 4 and (other.startswith(word) or word.startswith(other)))
            or (stem and len(word) >= STEM and word[:STEM] == other[:STEM])
            or (stem and _lemma(word) == _lemma(other))
            for other in b
        ):
            hits += 1
    return hits


_SUFFIX = re.compile(r"(?:ing|ed|es|s)$")


def _lemma(word: str) -> str:
    """A rough lemma: "kits" ~ "kit", "booked" ~ "booking" ~ "book". Short words keep their ending ("bus")."""
    cut = _SUFFIX.sub("", word)
    return cut if len(cut) >= 3 else word


def object_words(quote: str, head: bool = False) -> set[str]:
    """Content words of what was promised: "I'll send you the revised drawings for the chair" -> {revised, drawings}.

    Taken from after each promise verb up to the first preposition or clause break; the purpose
    clause ("so Harcourt can plan ...") is cut first because it names other things. Empty when the
    sentence has no recognisable promise verb (then only topic and owner agreement count).
    With `head`, only the words before "of": the list in "the list of the 40 pilot pharmacies".
    """
    main = _PURPOSE.split(fold(quote), maxsplit=1)[0]
    found: set[str] = set()
    for m in _PROMISE_VERB.finditer(main):
        rest = main[m.end() :]
        end = _OBJECT_END.search(rest)
        phrase_text = rest[: end.start()] if end else rest
        if head:
            phrase_text = re.split(r"\bof\b", phrase_text, maxsplit=1)[0]
        phrase = [w for w in phrase_text.split() if w not in _LEAD]
        found |= content_words(" ".join(phrase))
    return found


def owner_tokens(owner: str | None) -> set[str]:
    """Folded name words of the owner plus their upper-case initials ("Antti Virtanen" -> antti, virtanen, AV)."""
    if not owner:
        return set()
    words = [fold(w) for w in name_words(re.sub(r"[()]", " ", owner)) if len(w) >= 2]
    tokens = set(words)
    if len(words) >= 2:  # minutes write people as initials: "AV said the wording is still with the lawyers"
        tokens.add((words[0][0] + words[-1][0]).upper())
    return tokens


def _turn_key(s: Sentence) -> tuple:
    return (s.utt, s.inline_label or s.speaker)


# Part of the vector cache key: change it when the packaged embedding model changes.
VECTORS_VERSION = "minilm-l6-int8-1"


def _names(text: str) -> set[str]:
    """Folded words of a text, plus upper-case initials ("AV") kept upper-case so "in" never matches "IN"."""
    words = re.findall(r"[\w']+", text)
    return {fold(w) for w in words} | {w for w in words if w.isupper() and 2 <= len(w) <= 3}


def vectors(model: Any, texts: list[str]) -> np.ndarray:
    """Embeddings of `texts`, kept on disk by content: each stored meeting is encoded once, not on
    every partner view (a changed meeting has other texts, so it is encoded again)."""
    from ..settings import get_settings

    key = hashlib.sha256("\x1f".join([VECTORS_VERSION, *texts]).encode()).hexdigest()[:32]
    path = get_settings().cache_dir / "link-vectors" / f"{key}.npy"
    try:
        return np.load(path)
    except (OSError, ValueError):
        pass
    found = model.encode(texts)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{key}.{os.getpid()}.npy")
        np.save(tmp, found)
        os.replace(tmp, path)  # atomic: a reader never loads half a file
    except OSError:
        pass  # a read-only home only costs the speed-up
    return found


def link_scores(
    commitments: list, sentences: list[Sentence], cues: list[tuple] | None = None, meeting_date=None
) -> np.ndarray:
    """[commitments x sentences] link scores (higher = more surely about that commitment)."""
    from ..embedding import local_model

    model = local_model()
    texts = [s.text for s in sentences]
    contexts = [" ".join(texts[max(0, i - CONTEXT_SENTENCES) : i + 1]) for i in range(len(texts))]
    sent_vecs, ctx_vecs = vectors(model, texts), vectors(model, contexts)
    com_vecs = vectors(model, [c.quote for c in commitments])
    semantic = np.maximum(com_vecs @ sent_vecs.T, CONTEXT_WEIGHT * (com_vecs @ ctx_vecs.T))
    if TURN_WEIGHT:
        # The whole turn: a report often names the thing in one sentence and the news in another.
        turn_of = [_turn_key(s) for s in sentences]
        keys = sorted(set(turn_of), key=turn_of.index)
        turn_vecs = vectors(model, [" ".join(t for t, k in zip(texts, turn_of) if k == key) for key in keys])
        turn_sim = TURN_WEIGHT * (com_vecs @ turn_vecs.T)
        semantic = np.maximum(semantic, turn_sim[:, [keys.index(k) for k in turn_of]])
    scores = np.zeros_like(semantic)
    words = [content_words(t) for t in texts]
    ctx_words = [content_words(t) - w for t, w in zip(contexts, words)]
    speakers = [_names(s.inline_label or s.speaker or "") for s in sentences]
    names = [_names(c) for c in contexts]
    cues = cues or [classify(t, meeting_date) for t in texts]
    owners = [owner_tokens(c.owner) for c in commitments]
    named = [{ci for ci, own in enumerate(owners) if own & _names(t)} for t in texts]
    for ci, com in enumerate(commitments):
        topic, thing, head = (
            content_words(com.quote),
            object_words(com.quote),
            object_words(com.quote, head=True),
        )
        owner = owners[ci]
        for si in range(len(sentences)):
            own, around = overlap(topic, words[si], True), overlap(topic, ctx_words[si], True)
            shared = 0.07 * min(own, 3) + 0.03 * min(around, 2)
            by_owner = bool(owner and (speakers[si] & owner or names[si] & owner))
            obj = (
                OBJECT_BONUS
                if overlap(thing, words[si], True)
                else (OBJECT_CONTEXT_BONUS if overlap(thing, ctx_words[si], True) else 0.0)
            )
            meaning = float(semantic[ci, si])
            if not (own or around or by_owner) and meaning < STRONG_MEANING:
                scores[ci, si] = -1.0  # nothing ties it to this commitment but a vague resemblance
                continue
            # "And Mihai, thank you for the records": a sentence addressed to the owner of another open
            # commitment is about that one, whatever else it shares with this one.
            other_owner = bool(named[si]) and ci not in named[si]
            agree = (
                OWNER_BONUS * by_owner
                + obj
                - (NO_AGREEMENT_PENALTY if other_owner or not (by_owner or obj) else 0.0)
            )
            status, _, cue = cues[si]
            if (
                status == "kept"
                and thing
                and ci not in named[si]
                and not (obj == OBJECT_BONUS or (obj and _REFERS_BACK.search(texts[si])))
            ):
                # "Forty stores, we launched on the 14th" is news about the pilot, not the promised store list:
                # a report that something was done must name the thing, point back to it ("they arrived") right
                # after a sentence that names it, or name the owner ("thanks for the lab report, Constanza",
                # "the keys Marcus gave us"): people paraphrase what they received, but then say from whom.
                scores[ci, si] = -1.0
                continue
            if cue.startswith("new date") and head and not overlap(head, words[si], True):
                # "Three more schools asked for the sync for August", "the board meets next month": a bare
                # date is news about the promised thing only if the sentence names it.
                scores[ci, si] = -1.0
                continue
            # A bare future date is a weak cue ("the rig is booked for next week"); words like "sent" are strong.
            bonus = -0.05 if not status else (0.0 if cue.startswith("new date") else 0.1)
            scores[ci, si] = meaning + shared + agree + bonus
    return scores
