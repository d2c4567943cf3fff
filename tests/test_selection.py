"""The token-saving pre-pass: windows are verbatim, within budget, and keep the obvious findings."""

from __future__ import annotations

from analyzer.ingest import parse_text
from analyzer.selection import ELISION, covered, cue_patterns, excerpts, select
from analyzer.tokens import count_tokens

SMALL_TALK = [
    "Anna Berg: Good morning everyone, can you hear me well?",
    "Kenji Sato: Yes, the sound is fine. The weather here is lovely today.",
    "Anna Berg: Here it is raining again, as usual for this time of year.",
    "Kenji Sato: My colleague is still getting coffee, he will join in a minute.",
    "Anna Berg: No problem, we can wait a moment for him to connect.",
    "Kenji Sato: The view from our new office is quite nice, there is a park outside.",
]
PROMISE = "Kenji Sato: I will send the PPAP documents for the new bracket by Friday."
PUSHBACK = "Anna Berg: We cannot accept an eight percent increase, that is not acceptable for us."


def _transcript():
    lines = SMALL_TALK[:3] + [PROMISE] + SMALL_TALK[3:] + [PUSHBACK]
    return parse_text("\n".join(lines) + "\n")


def test_cue_patterns_come_from_the_offline_lexicons():
    names = [name for name, _ in cue_patterns()]
    assert any(name.startswith("lexicon.") for name in names)
    assert len(names) >= 10


def test_windows_are_verbatim_disjoint_and_within_budget():
    transcript = _transcript()
    total = sum(count_tokens(u.text) for u in transcript.utterances)
    for share in (0.2, 0.4, 0.6):
        windows = select(transcript, share=share)
        assert windows
        assert sum(w.tokens for w in windows) <= share * total
        for a, b in zip(windows, windows[1:]):
            assert a.end <= b.start
        for w in windows:
            body = transcript.text[w.start : w.end]
            assert transcript.utterances[w.first].text in body and transcript.utterances[w.last].text in body


def test_full_budget_keeps_every_utterance():
    transcript = _transcript()
    windows = select(transcript, share=1.0)
    assert len(windows) == 1
    assert all(covered(windows, u.start, u.end) for u in transcript.utterances)


def test_obvious_findings_survive_a_small_budget():
    transcript = _transcript()
    windows = select(transcript, share=0.35)
    promise = transcript.text.index("I will send the PPAP")
    pushback = transcript.text.index("We cannot accept")
    assert covered(windows, promise, promise + 20)
    assert covered(windows, pushback, pushback + 16)


def test_context_adds_neighbours():
    transcript = _transcript()
    bare = select(transcript, share=0.35, context=0)
    wide = select(transcript, share=0.9, context=1)
    assert sum(w.last - w.first + 1 for w in wide) > sum(w.last - w.first + 1 for w in bare)


def test_excerpts_pack_windows_and_keep_the_text_exact():
    transcript = _transcript()
    windows = select(transcript, share=0.5)
    packed = excerpts(transcript, windows, max_tokens=None)
    assert len(packed) == 1
    assert packed[0].text.split(ELISION) == [transcript.text[w.start : w.end] for w in windows]
    one_each = excerpts(transcript, windows, max_tokens=1)
    assert len(one_each) == len(windows)
    assert all(e.start == e.windows[0].start and e.end == e.windows[-1].end for e in one_each)
