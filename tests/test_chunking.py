"""Chunking: token-bounded windows of whole utterances, with overlap and exact offsets."""

from analyzer.chunking import chunk_transcript, passages
from analyzer.core.models import Transcript, Utterance
from analyzer.tokens import count_tokens


def _transcript(n: int, words: int = 30) -> Transcript:
    lines, utts, pos = [], [], 0
    for i in range(n):
        speaker = ["Ana Souza", "Jun Kitamura", "Priya Rao"][i % 3]
        body = " ".join(f"word{i}_{j}" for j in range(words)) + "."
        line = f"{speaker}: {body}"
        start = pos + len(speaker) + 2
        utts.append(Utterance(speaker=speaker, text=body, start=start, end=start + len(body)))
        lines.append(line)
        pos += len(line) + 1
    text = "\n".join(lines)
    return Transcript(text=text, format="lines", utterances=utts)


def test_chunks_respect_token_limit_and_tile_the_text_in_order():
    t = _transcript(40)
    chunks = chunk_transcript(t, "m1", max_tokens=300, overlap=60)
    assert len(chunks) > 3
    for c in chunks:
        assert c.text == t.text[c.start : c.end]
        assert count_tokens(c.text) <= 300 + 5
    assert chunks[0].start == 0 and chunks[-1].end == len(t.text)
    for a, b in zip(chunks, chunks[1:]):
        assert b.start <= a.end, "consecutive chunks leave no gap"
        assert b.start > a.start


def test_chunks_start_and_end_on_utterance_boundaries():
    t = _transcript(25)
    starts = {0} | {t.text.rfind("\n", 0, u.start) + 1 for u in t.utterances}
    for c in chunk_transcript(t, "m1", max_tokens=200, overlap=50)[1:]:
        assert c.start in starts


def test_overlap_repeats_the_last_utterances_of_the_previous_chunk():
    t = _transcript(30)
    chunks = chunk_transcript(t, "m1", max_tokens=450, overlap=80)
    overlaps = [a.end - b.start for a, b in zip(chunks, chunks[1:])]
    assert all(o > 0 for o in overlaps)


def test_none_means_the_whole_meeting_in_one_chunk_with_speakers():
    t = _transcript(12)
    (chunk,) = chunk_transcript(t, "m1", max_tokens=None)
    assert chunk.text == t.text
    assert chunk.speakers == ["Ana Souza", "Jun Kitamura", "Priya Rao"]


def test_an_utterance_longer_than_a_chunk_is_split_with_exact_offsets():
    body = " ".join(f"Sentence number {i} is about freight." for i in range(400))
    text = "Lukas: " + body
    t = Transcript(
        text=text, format="lines", utterances=[Utterance(speaker="Lukas", text=body, start=7, end=len(text))]
    )
    chunks = chunk_transcript(t, "m1", max_tokens=200, overlap=20)
    assert len(chunks) > 5
    for c in chunks:
        assert c.text == text[c.start : c.end]
        assert count_tokens(c.text) <= 220


def test_chunk_ids_are_stable_for_the_same_content():
    t = _transcript(20)
    assert [c.id for c in passages(t, "m1")] == [c.id for c in passages(t, "m1")]


def test_a_one_line_json_export_is_cut_at_utterance_boundaries_and_tiled_exactly():
    import json

    from analyzer.ingest.detect import parse_text

    rows = [{"speaker": ["Ana", "Jun"][i % 2], "text": f"Point {i} about the pallets."} for i in range(400)]
    transcript = parse_text(json.dumps({"utterances": rows}))
    assert "\n" not in transcript.text and len(transcript.utterances) == 400
    chunks = passages(transcript, "m1")
    assert all(transcript.text[c.start : c.end] == c.text for c in chunks)
    # Every utterance sits whole inside some passage: no cut falls inside one.
    for utt in transcript.utterances:
        assert any(c.start <= utt.start and utt.end <= c.end for c in chunks)
