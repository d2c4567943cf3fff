"""Grounding: quotes pinned to exact spans of the original text, or dropped; duplicates merged."""

from analyzer.core.models import Finding, RawFinding, Transcript, Utterance
from analyzer.grounding import ground, locate, merge_duplicates

TEXT = "Jun: We will send the revised deck by Friday.\nAmy: That\u2019s great, thanks Jun.\n"
T = Transcript(
    text=TEXT,
    format="lines",
    utterances=[
        Utterance(speaker="Jun", text="We will send the revised deck by Friday.", start=5, end=45),
        Utterance(speaker="Amy", text="That\u2019s great, thanks Jun.", start=51, end=75),
    ],
)


def test_exact_quote_is_located_at_its_offsets():
    span = locate(TEXT, "We will send the revised deck by Friday")
    assert (span.start, span.end, span.method) == (5, 44, "exact")


def test_whitespace_case_and_curly_quote_differences_still_ground_to_the_original_text():
    span = locate(TEXT, "that's great,  thanks jun")
    assert TEXT[span.start : span.end] == "That\u2019s great, thanks Jun"
    assert span.method == "fuzzy"


def test_a_small_typo_grounds_fuzzily_on_word_boundaries():
    span = locate(TEXT, "We will send the revisd deck by Friday")
    assert TEXT[span.start : span.end].startswith("We will send")
    assert TEXT[span.start : span.end].endswith("Friday")


def test_a_hallucinated_quote_is_not_grounded():
    raw = RawFinding(kind="commitment", quote="We promise a 20% discount on all orders", summary="x")
    assert ground(raw, T) is None


def test_grounded_finding_uses_original_text_and_fills_the_speaker():
    raw = RawFinding(
        kind="commitment", quote="we will send the revised deck by friday", summary="Deck by Friday"
    )
    finding = ground(raw, T)
    assert finding.quote == TEXT[finding.start : finding.end]
    assert finding.speaker == "Jun"


def test_a_model_quote_of_one_or_two_short_words_is_not_evidence():
    for quote in ("a", "Jun", "by Friday"):
        assert ground(RawFinding(kind="commitment", quote=quote, summary="x"), T, strict=True) is None
    assert ground(RawFinding(kind="commitment", quote="the revised deck", summary="x"), T, strict=True)


def test_a_model_quote_on_a_speaker_label_or_across_two_turns_is_not_evidence():
    label = RawFinding(kind="commitment", quote="Jun: We will send", summary="x")
    across = RawFinding(kind="commitment", quote="by Friday.\nAmy: That’s great", summary="x")
    assert ground(label, T, strict=True) is None and ground(across, T, strict=True) is None
    # The offline rules quote whole lines and stay as they were.
    assert ground(label, T) is not None


def test_a_model_answer_gets_its_speaker_from_the_transcript_line_not_from_the_model():
    raw = RawFinding(kind="commitment", quote="send the revised deck", summary="x", speaker="Amy")
    assert ground(raw, T, strict=True).speaker == "Jun"


def test_overlapping_duplicates_of_one_kind_merge_keeping_the_more_confident():
    a = Finding(kind="commitment", quote="x", summary="a", start=5, end=44, confidence=0.6)
    b = Finding(kind="commitment", quote="x", summary="b", start=10, end=44, confidence=0.9)
    c = Finding(kind="transparency_gap", quote="x", summary="c", start=5, end=44)
    kept, merged = merge_duplicates([a, b, c])
    assert merged == 1
    assert {f.summary for f in kept} == {"b", "c"}
