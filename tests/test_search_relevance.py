"""Search shows what the query is about: loose semantic neighbours and repeated lines are left out."""

from __future__ import annotations

import datetime as dt

from analyzer.pipeline import analyze
from analyzer.search import search
from analyzer.store import Store

FILLER = [
    "Marta: The weather in Porto was lovely last weekend, we went to the beach twice.",
    "Jon: My daughter started school, she loves the art classes and the new teacher.",
    "Marta: We also repainted the office kitchen, it is bright yellow now.",
    "Jon: The football season starts soon, I have tickets for the opening game.",
]


def _store_meeting() -> Store:
    lines = (
        FILLER * 3
        + ["Jon: Your quote adds a fuel surcharge of nine percent on every container."]
        + FILLER * 3
    )
    store = Store()
    analyze(
        "\n".join(lines) + "\n",
        backend="offline",
        date=dt.date(2026, 3, 2),
        partner="Porto Lines",
        title="Rates call",
        store=True,
        store_obj=store,
    )
    return store


def test_a_word_the_store_contains_returns_only_passages_that_contain_it_once_each():
    store = _store_meeting()
    hits = search(store, "surcharge", k=10)
    assert hits and all("surcharge" in hit.text for hit in hits)
    spans = sorted((hit.start, hit.end) for hit in hits)
    for (a_start, a_end), (b_start, b_end) in zip(spans, spans[1:]):
        shared = min(a_end, b_end) - max(a_start, b_start)
        assert shared <= 0.5 * min(a_end - a_start, b_end - b_start)  # no passage repeats another


def test_a_passage_sharing_more_than_half_its_span_with_a_better_hit_of_its_meeting_overlaps_it():
    from analyzer.core.models import SearchHit
    from analyzer.search import overlaps

    hit = SearchHit(
        meeting_id="m1",
        title="t",
        partner="p",
        date=dt.date(2026, 3, 2),
        text="x",
        start=100,
        end=300,
        score=1.0,
        chunk_id="c1",
        match="semantic",
    )
    assert overlaps(hit, {"meeting_id": "m1", "start": 150, "end": 350})  # 150 of 200 shared
    assert not overlaps(hit, {"meeting_id": "m1", "start": 250, "end": 450})  # 50 of 200
    assert not overlaps(hit, {"meeting_id": "m2", "start": 100, "end": 300})  # another meeting
