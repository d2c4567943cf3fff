"""Search indexing after the results show: a real Chroma store in a temporary directory."""

from __future__ import annotations

import datetime as dt

from analyzer.indexing import Indexer
from analyzer.pipeline import analyze
from analyzer.search import search
from analyzer.store import Store

DOCKS = """Mira Sol: Shall we go over the berth schedule for the spring?
Tomas Ek: Yes. Berth seven is booked for the Qingdao feeder on the third of April.
Mira Sol: I will send the revised berth plan BP-4471 to Tomas by Friday.
Tomas Ek: The night pilotage fee is still too high for us.
"""


def _store_deferred(store: Store, text: str = DOCKS, title: str = "Berth schedule") -> str:
    report = analyze(
        text,
        partner="Harbour Ops",
        date=dt.date(2026, 3, 2),
        title=title,
        store=True,
        store_obj=store,
        index=False,
    )
    assert report.stored
    return report.meeting.id


def test_a_meeting_stored_without_indexing_shows_its_findings_and_is_searchable_after_the_indexer():
    store = Store()
    meeting_id = _store_deferred(store)
    assert store.get_report(meeting_id).findings, "the findings are stored before any indexing"
    assert store.unindexed() == [meeting_id]
    assert not any("BP-4471" in h.text for h in search(store, "BP-4471", k=5))

    indexer = Indexer(lambda: store)
    indexer.submit(meeting_id)
    assert indexer.wait(timeout=120)
    assert indexer.pending() == [] and indexer.failed == {}
    assert store.unindexed() == []
    hits = search(store, "BP-4471", k=5)
    assert hits and "BP-4471" in hits[0].text and hits[0].meeting_id == meeting_id


def test_reanalysing_an_indexed_meeting_keeps_its_passages_and_leaves_nothing_to_index():
    store = Store()
    analyze(
        DOCKS,
        partner="Harbour Ops",
        date=dt.date(2026, 3, 2),
        title="Berth schedule",
        store=True,
        store_obj=store,
    )
    before = sorted(store.passage_ids(store.list_meetings()[0].id))
    meeting_id = _store_deferred(store, title="Berth schedule, renamed")
    assert store.get_meeting(meeting_id).title == "Berth schedule, renamed"
    assert store.unindexed() == [], "the same transcript: its passages stand"
    assert sorted(store.passage_ids(meeting_id)) == before
    assert store.passages.count() == len(before)
    assert any("BP-4471" in h.text for h in search(store, "BP-4471", k=5))


def test_a_second_save_before_indexing_still_leaves_one_set_of_passages():
    store = Store()
    meeting_id = _store_deferred(store)
    assert _store_deferred(store, title="Berth schedule, renamed") == meeting_id
    assert store.unindexed() == [meeting_id]
    indexer = Indexer(lambda: store)
    indexer.submit(meeting_id)
    indexer.submit(meeting_id)  # queued twice: indexed once
    assert indexer.wait(timeout=120) and store.unindexed() == []
    assert len(store.passage_ids(meeting_id)) == store.passages.count() > 0


def test_a_review_saved_before_the_indexer_runs_is_kept():
    store = Store()
    meeting_id = _store_deferred(store)
    findings = store.get_report(meeting_id).findings
    findings[0].review = "rejected"
    store.update_findings(meeting_id, findings)
    assert store.unindexed() == [meeting_id], "a review does not mark the meeting indexed"

    indexer = Indexer(lambda: store)
    indexer.submit(meeting_id)
    assert indexer.wait(timeout=120)
    assert store.get_report(meeting_id).findings[0].review == "rejected"
    assert store.unindexed() == []


def test_catch_up_indexes_meetings_a_stopped_app_left_unindexed_and_skips_deleted_ones():
    store = Store()
    kept = _store_deferred(store)
    gone = _store_deferred(store, text=DOCKS.replace("Berth seven", "Berth nine"), title="Other")
    store.delete(gone)

    indexer = Indexer(lambda: store)
    assert indexer.catch_up() == [kept]
    assert indexer.wait(timeout=120) and indexer.failed == {}
    assert store.unindexed() == [] and store.passage_ids(kept)
    assert indexer.catch_up() == []


def test_the_indexer_asks_for_the_store_again_after_a_failure_and_reports_a_second_one():
    from analyzer.core.errors import StoreError

    store = Store()
    meeting_id = _store_deferred(store)
    calls: list[int] = []

    def flaky() -> Store:
        calls.append(1)
        if len(calls) == 1:
            raise StoreError("the store was reopened", "try again")
        return store

    indexer = Indexer(flaky)
    indexer.submit(meeting_id)
    assert indexer.wait(timeout=120) and indexer.failed == {} and store.unindexed() == []
    assert len(calls) == 2

    def broken() -> Store:
        raise StoreError("cannot open the store", "check ANALYZER_HOME")

    other = _store_deferred(store, text=DOCKS.replace("Berth seven", "Berth nine"), title="Other")
    failing = Indexer(broken)
    failing.submit(other)
    assert failing.wait(timeout=120)
    assert "cannot open the store" in failing.failed[other] and store.unindexed() == [other]
