"""Unresolved conflicts: pushback episodes that are still open when the meeting ends.

Pushback sentences are graded: explicit refusal or disagreement ("we can't accept", "we don't
agree", "non-starter", "won't fly", "not in a position to accept") is strong; evaluative and polite or
indirect pushback ("too short", "I'm not sure we can live with that", "a difficult number for us",
"we see it differently", "our position hasn't changed", "we're quite far apart", "with respect, ...
not ...") is medium; soft reluctance ("difficult for us") only counts when the topic is parked. Jokes,
questions, recaps and past disputes are not pushback. Nearby pushbacks on the same topic (shared
content words or embedding similarity) form one episode. The episode's status is decided over the
rest of the meeting: the last decisive move wins, where park/escalate/agree-to-disagree keeps it open,
and agreement, concession or compromise settles it, if it is adjacent to the pushback or on the same
topic further on (a generic "that's fine" only counts nearby). No move at all means the topic was
dropped: still open. One finding per open episode, quoting its first clear pushback (or an explicit
refusal that follows it within a few turns); closing lines such as "we're far apart" are not quoted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...core.models import RawFinding
from .conflict_cues import (  # selection.py reads these cue regexes as attributes of `conflicts`
    ACK,
    CONCEDE,
    INDIRECT,
    JOKE,
    MEDIUM,
    OPEN,
    PAST_CONTEXT,
    RECAP_LINE,
    REQUESTING,
    RESOLVED,
    SOFT,
    STRONG,
    TOPIC_SHIFT,
    WEAK_OK,
)
from .meeting import Meeting
from ...text.sentences import Sentence

GAP = 4  # pushbacks this many turns apart still belong to one episode


def grade(sent: Sentence) -> int:
    """3 strong, 2 medium, 1 soft, 0 none."""
    text = sent.text
    if (
        text.rstrip().endswith("?")
        or PAST_CONTEXT.search(text)
        or RECAP_LINE.search(text)
        or JOKE.search(text)
    ):
        return 0
    ask = REQUESTING.search(
        text
    )  # "X asked for six containers, as they cannot..." is the ask, not a pushback

    def requesting(m: re.Match[str]) -> bool:
        return bool(ask and ask.start() < m.start())

    past = bool(re.search(r"\b(?:was|were|came|had|did|could not|couldn(?:'|’)t)\b", text))
    if (m := STRONG.search(text)) and not requesting(m):
        return 0 if CONCEDE.search(text, m.end()) else 3
    if (m := MEDIUM.search(text)) and not requesting(m) and not past:
        return 2
    if (
        (m := INDIRECT.search(text))
        and not requesting(m)
        and not CONCEDE.search(text)
        and (not past or re.search(r"\b(?:told|promised|assured)\b", text))
    ):
        return 2
    return 1 if SOFT.search(text) else 0


def _new_topic(episode: list[tuple[Sentence, int]], sent: Sentence, meeting: Meeting) -> bool:
    """A pushback a few turns on that argues about something else starts its own episode."""
    gap = sent.utt - episode[-1][0].utt
    moved_on = _boundary(meeting, episode[-1][0], sent)
    if gap <= 1 or gap <= 2 and not moved_on or OPEN.search(sent.text):
        return False  # a direct reply, even to "let's park it", continues the same argument
    words = _words(sent.text)
    if len(words) < 3 or any(len(words & _words(x.text)) >= 2 for x, _ in episode):
        return False
    meeting.embed([x for x, _ in episode[-6:]] + [sent])
    # once the last point was parked or the agenda moved on, only a clearly similar pushback continues it
    closed = moved_on or any(OPEN.search(x.text) for x, _ in episode[-2:])
    return max(meeting.similarity(sent, x) for x, _ in episode[-6:]) < (0.6 if closed else 0.3)


def _boundary(meeting: Meeting, after: Sentence, until: Sentence) -> bool:
    """Whether a point was parked or the agenda moved on between two sentences (both excluded)."""
    return any(
        OPEN.search(s.text) or TOPIC_SHIFT.search(s.text) or _heading(s)
        for s in meeting.sentences[after.index + 1 : until.index]
    )


def _heading(sent: Sentence) -> bool:
    """An agenda heading in minutes ("Pricing:", "Grid connection and substation")."""
    text = sent.text.rstrip()
    return sent.minutes and (
        text.endswith(":") or len(text.split()) <= 8 and not re.search(r"[.!?;,]$", text)
    )


def _episodes(meeting: Meeting) -> list[list[tuple[Sentence, int]]]:
    """Pushbacks grouped into episodes: nearby ones on one topic, then nearby episodes on the same topic."""
    episodes: list[list[tuple[Sentence, int]]] = []
    for sent in meeting.sentences:
        level = grade(sent)
        if not level:
            continue
        if (
            episodes
            and sent.utt - episodes[-1][-1][0].utt <= GAP
            and not _new_topic(episodes[-1], sent, meeting)
        ):
            episodes[-1].append((sent, level))
        else:
            episodes.append([(sent, level)])
    merged: list[list[tuple[Sentence, int]]] = []
    for episode in episodes:
        if (
            merged
            and episode[0][0].utt - merged[-1][-1][0].utt <= 2 * GAP
            and _same_topic(merged[-1], episode, meeting)
        ):
            merged[-1].extend(episode)
        else:
            merged.append(episode)
    return merged


def _same_topic(a: list[tuple[Sentence, int]], b: list[tuple[Sentence, int]], meeting: Meeting) -> bool:
    """Whether two nearby episodes argue about the same thing (embedding similarity of their turns).

    Pushbacks share their refusal wording ("we cannot accept"), so after a park or an agenda move the
    bar is higher: two different points both left open are two conflicts.
    """
    meeting.embed([x for x, _ in a] + [y for y, _ in b])
    best = max(meeting.similarity(x, y) for x, _ in a for y, _ in b)
    closed = any(OPEN.search(x.text) for x, _ in a[-2:]) or _boundary(meeting, a[-1][0], b[0][0])
    return best > (0.6 if closed else 0.45)


_TOPIC_STOP = set(
    """the a an and or but to of for on in at by with from is are was were be been it its this that these those
we you they i he she our your their us me my not no can can't cannot will won't would should could do does did don't
have has had just so then there here what which who when how why very too more less also about than as if into out
think need want know see say said yes okay ok well right really still only even much many some any all one two
let's lets please thank thanks sure maybe because""".split()
)


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in _TOPIC_STOP and len(w) > 2}


def _first_reply(meeting: Meeting, sent: Sentence) -> list[Sentence]:
    """The next turn by someone else, if it comes right after."""
    for turn in meeting.turns_after(sent, 1):
        if turn and turn[0].speaker != sent.speaker and not turn[0].minutes:
            return turn
    return []


def _shifted(meeting: Meeting, after: Sentence, until: Sentence) -> bool:
    """Whether the conversation moved to another agenda item between two sentences."""
    return any(
        TOPIC_SHIFT.search(s.text) or s.minutes and s.utt != after.utt and s.text.rstrip().endswith(":")
        for s in meeting.sentences[after.index + 1 : until.index]
    )


def _flags(meeting: Meeting) -> list[int]:
    """Per sentence: 1 if it parks/leaves a point open, 2 if it agrees or concedes, else 0 (computed once)."""
    if "conflict_flags" not in meeting.features:
        meeting.features["conflict_flags"] = [
            1 if OPEN.search(s.text) else 2 if (RESOLVED.search(s.text) or CONCEDE.search(s.text)) else 0
            for s in meeting.sentences
        ]
    return meeting.features["conflict_flags"]


def _context_words(sent: Sentence, meeting: Meeting) -> set[str]:
    """Content words of a sentence with its turn and the turn it answers ("Agreed." takes its topic from them)."""
    own = _words(sent.text)
    if len(own) >= 3:
        return own
    words = set(own)
    turn = meeting.turn(sent.utt)
    for s in [x for x in turn if x.index < sent.index][-1:] or meeting.previous_other(sent)[-1:]:
        words |= _words(s.text)
    return words


def _on_topic(sent: Sentence, episode: list[tuple[Sentence, int]], topic: set[str], meeting: Meeting) -> bool:
    if len(_context_words(sent, meeting) & topic) >= 2:
        return True
    if len(episode) > 12 or not _context_words(sent, meeting) & topic:
        return False
    meeting.embed([x for x, _ in episode] + [sent])
    return max(meeting.similarity(sent, x) for x, _ in episode) > 0.5


def _status(episode: list[tuple[Sentence, int]], meeting: Meeting) -> tuple[str, str | None]:
    """("open" | "resolved", the sentence that decided it).

    Near the episode (until GAP turns after its last pushback) any park/escalate cue keeps it open and
    any agreement settles it; further on, only moves on the same topic (shared content words or a
    similar embedding) count. The last decisive move wins; no move at all means the meeting moved on.
    """
    first, last = episode[0][0], episode[-1][0]
    topic = set()
    for s, _ in episode:
        topic |= _words(s.text)
    for s in meeting.previous_other(first):
        topic |= _words(s.text)
    state, why = "open", None
    near_end = last.utt + GAP
    flags = _flags(meeting)
    near = [s for s in meeting.sentences[first.index + 1 :] if s.utt <= near_end]
    far = [
        s for s in meeting.sentences[(near[-1].index + 1) if near else first.index + 1 :] if flags[s.index]
    ]
    close_far = [s for s in far if len(_context_words(s, meeting) & topic) >= 2]
    rest = [
        s
        for s in far
        if s not in close_far and flags[s.index] == 2 and len(_context_words(s, meeting) & topic) == 1
    ]
    if rest and len(episode) <= 12:
        meeting.embed([x for x, _ in episode] + rest)
        close_far += [s for s in rest if max(meeting.similarity(s, x) for x, _ in episode) > 0.5]
    reply = _first_reply(meeting, last)
    if (
        reply
        and ACK.search(reply[0].text)
        and not any(grade(x) for x in reply)
        and not any(OPEN.search(x.text) for x in reply)
    ):
        state, why = (
            "resolved",
            reply[0].text,
        )  # the other side simply concedes the point ("Yes, fair point.")
    decisive = near + sorted(close_far, key=lambda s: s.index)
    parked = False
    for sent in decisive:
        in_episode = any(sent is x for x, _ in episode)
        if OPEN.search(sent.text):
            state, why, parked = "open", sent.text, True
        elif in_episode:
            continue
        elif (
            (RESOLVED.search(sent.text) or CONCEDE.search(sent.text))
            and grade(sent) < 2
            and not sent.text.rstrip().endswith("?")
            and not re.search(r"\b(?:if|unless|once|until|provided)\b", sent.text, re.I)
        ):
            adjacent = (sent.utt <= last.utt + 2 or not _shifted(meeting, last, sent)) and not parked
            weak = (
                not CONCEDE.search(sent.text)
                and WEAK_OK.search(sent.text)
                and len(RESOLVED.findall(sent.text)) <= 1
            )
            if adjacent or (not weak and _on_topic(sent, episode, topic, meeting)):
                state, why = "resolved", sent.text
        elif grade(sent) >= 2 and sent.utt <= near_end and state == "resolved":
            state, why = "open", sent.text  # the "agreement" was followed by more pushback
    return state, why


def _quote(episode: list[tuple[Sentence, int]], top: int) -> Sentence:
    """The pushback to quote: the first clear statement of disagreement, not a later refusal or a closer.

    People state the disagreement first ("twenty-eight is below our cost") and then harden it ("we
    cannot go lower"); the first statement is the one that shows what the dispute is about.
    """
    content = [(s, level) for s, level in episode if not OPEN.search(s.text)] or episode
    best = max(level for _, level in content)
    return next(s for s, level in content if level >= min(best, 2))


def _same_dispute(a: list[tuple[Sentence, int]], b: list[tuple[Sentence, int]], meeting: Meeting) -> bool:
    wa = set().union(*(_words(x.text) for x, _ in a))
    wb = set().union(*(_words(x.text) for x, _ in b))
    if len(wa & wb) >= 4:
        return True
    meeting.embed([x for x, _ in a] + [y for y, _ in b])
    return max(meeting.similarity(x, y) for x, _ in a for y, _ in b) > 0.6


@dataclass
class Episode:
    """One pushback episode with the rules' verdict on it."""

    members: list[tuple[Sentence, int]]
    top: int
    state: str
    why: str | None
    reported: bool = False  # the rules report it
    quote: Sentence | None = None  # the sentence the rules quote (reported episodes only)


def assess(meeting: Meeting) -> list[Episode]:
    """Every pushback episode and whether the rules report it (open, a real dispute, not a repeat)."""
    out: list[Episode] = []
    reported: list[list[tuple[Sentence, int]]] = []
    for members in _episodes(meeting):
        top = max(level for _, level in members)
        state, why = _status(members, meeting)
        episode = Episode(members, top, state, why)
        out.append(episode)
        if state == "resolved" or (top < 2 and why is None):
            continue
        if len(members) == 1 and top == 2 and why is None and not INDIRECT.search(members[0][0].text):
            continue  # a lone evaluative remark ("too late", "can't guarantee") nobody takes up is not a dispute
        if any(_same_dispute(prev_ep, members, meeting) for prev_ep in reported):
            continue  # the same dispute flaring up again later is one finding
        reported.append(members)
        episode.reported, episode.quote = True, _quote(members, top)
    return out


def closed_sentences(meeting: Meeting) -> set[int]:
    """Where the model may not add a conflict of its own (see `model.decide`).

    A dispute the rules settled, from the turn before to the turn after: it is not open. For a
    dispute the rules report, only the claim pushed back on (the turn before): a finding there is the
    same dispute twice. The pushback turns themselves stay open to the model, because vetoing them
    cost conflict recall on authors held out (eval/experiments.md).
    """
    turns: set[int] = set()
    for episode in assess(meeting):
        utts = [sent.utt for sent, _ in episode.members]
        if episode.state == "resolved":
            turns.update(range(min(utts) - 1, max(utts) + 2))
        elif episode.reported:
            turns.add(min(utts) - 1)
    return {sent.index for sent in meeting.sentences if sent.utt in turns}


def _chosen(meeting: Meeting, episodes: list[Episode]) -> list[tuple[Episode, Sentence]]:
    """The episodes the rules report, each with the sentence they quote."""
    return [(ep, ep.quote) for ep in episodes if ep.reported and ep.quote is not None]


def _headline(parties: list[str], speaker: str | None, about: str | None = None) -> str:
    """Who is at odds, and over what: the words pushed back on (the card's quote is the pushback)."""
    if len(parties) >= 2:
        head = f"Disagreement still open between {', '.join(parties[:-1])} and {parties[-1]}"
    else:
        head = f"Disagreement still open ({parties[0] if parties else speaker or 'unattributed'})"
    if not about:
        return head + "."
    short = about if len(about) <= 90 else about[:89].rsplit(" ", 1)[0] + "…"
    return f"{head}, over “{short.rstrip('.')}”."


def detect(meeting: Meeting) -> list[tuple[Sentence, RawFinding]]:
    """One finding per pushback episode that is still open at the end of the request."""
    out = []
    for episode, sent in _chosen(meeting, assess(meeting)):
        members, top, why = episode.members, episode.top, episode.why
        parties = []
        for s, _ in members:
            name = meeting.speaker_name(s)
            if name and name not in parties:
                parties.append(name)
        prev = meeting.previous_other(sent)
        if prev and (name := meeting.speaker_name(prev[0])) and name not in parties:
            parties.append(name)
        status = f'left open: "{why[:100]}"' if why else "the meeting moved on without agreement"
        out.append(
            (
                sent,
                RawFinding(
                    rule="conflict.open_episode",
                    kind="unresolved_conflict",
                    quote=sent.text,
                    speaker=meeting.speaker_name(sent),
                    parties=parties,
                    status=status,
                    confidence=0.75 if top == 3 else 0.6,
                    summary=_headline(parties, meeting.speaker_name(sent), prev[-1].text if prev else None),
                ),
            )
        )
    return out
