"""The local store and hybrid search, through a real Chroma PersistentClient in a temporary directory."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from analyzer.cli import main
from analyzer.core.errors import NotFoundError
from analyzer.ingest import parse_text
from analyzer.pipeline import analyze
from analyzer.search import readable_passage, search
from analyzer.store import Store

HANOI = """Linh Tran: Good morning. Shall we start with the cold-chain audit?
Oskar Berg: Yes. Our auditor found the freezer alarms at the Hai Duong depot were switched off for two nights.
Linh Tran: We fixed that on Monday and retrained the night shift.
Oskar Berg: Good. The other item is purchase order PO-88412, which is still not invoiced.
Linh Tran: I will send the invoice for PO-88412 by Friday.
Oskar Berg: And the fuel surcharge of nine percent is too high for us, we cannot accept it.
Linh Tran: Our diesel costs went up a lot, so we cannot drop it.
"""
LIMA = """Rosa Quispe: Welcome. Today we review the quinoa shipment schedule for the autumn.
Jonas Weber: The first container should leave Callao in the second week of September.
Rosa Quispe: We will confirm the booking with the shipping line by Wednesday.
Jonas Weber: Thank you. The organic certificate renewal is the last topic.
"""


@pytest.fixture
def store():
    s = Store()
    analyze(
        HANOI,
        partner="Red River Cold Chain",
        date=dt.date(2026, 3, 2),
        title="Cold chain review",
        store=True,
        store_obj=s,
    )
    analyze(
        LIMA,
        partner="Andes Grains",
        date=dt.date(2026, 4, 8),
        title="Shipment schedule",
        store=True,
        store_obj=s,
    )
    return s


def _counts(s: Store) -> tuple[int, int, int]:
    return s.meetings.count(), s.passages.count(), s.findings.count()


def test_reanalysing_the_same_meeting_keeps_one_copy(store):
    before = _counts(store)
    analyze(
        HANOI,
        partner="Red River Cold Chain",
        date=dt.date(2026, 3, 2),
        title="Cold chain review",
        store=True,
        store_obj=store,
    )
    assert _counts(store) == before
    assert [m.title for m in store.list_meetings()].count("Cold chain review") == 1


def test_deleting_a_meeting_removes_its_passages_and_findings(store):
    meeting = next(m for m in store.list_meetings() if m.partner == "Andes Grains")
    store.delete(meeting.id)
    assert all(m.partner != "Andes Grains" for m in store.list_meetings())
    assert store.passages.get(where={"meeting_id": meeting.id})["ids"] == []
    assert store.findings.get(where={"meeting_id": meeting.id})["ids"] == []
    with pytest.raises(NotFoundError):
        store.get_report(meeting.id)


def test_a_seeded_phrase_is_found_at_rank_one_with_offsets_into_the_original(store):
    hits = search(store, "freezer alarms switched off at the depot", k=3)
    top = hits[0]
    assert top.partner == "Red River Cold Chain"
    assert HANOI[top.start : top.end] == top.text and "freezer alarms" in top.text


def test_an_exact_purchase_order_number_is_found(store):
    hits = search(store, "PO-88412", k=5)
    assert hits and hits[0].match in ("exact", "both") and "PO-88412" in hits[0].text


def test_filters_narrow_results_by_partner_date_and_speaker(store):
    assert {h.partner for h in search(store, "shipment", partner="Andes Grains")} == {"Andes Grains"}
    assert {h.partner for h in search(store, "shipment", since=dt.date(2026, 4, 1))} == {"Andes Grains"}
    assert {h.partner for h in search(store, "shipment", until=dt.date(2026, 3, 31))} == {
        "Red River Cold Chain"
    }
    assert all("Oskar Berg" in (h.speaker or "") for h in search(store, "surcharge", speaker="Oskar Berg"))


def test_search_json_has_the_documented_fields(store, capsys):
    assert main(["search", "quinoa container", "--partner", "Andes Grains", "-k", "2", "--json"]) in (0, None)
    hits = json.loads(capsys.readouterr().out)
    assert hits and {
        "meeting_id",
        "title",
        "partner",
        "date",
        "speaker",
        "text",
        "start",
        "end",
        "score",
    } <= set(hits[0])


def test_a_vtt_hit_reads_as_speaker_lines_without_cue_markup():
    vtt = (
        "WEBVTT\n\n1\n00:00:01.000 --> 00:00:04.000\n<v Aiko Mori>The tooling budget is frozen.</v>\n\n"
        "2\n00:00:05.000 --> 00:00:08.000\n<v Ben Carter>Then we need another plan.</v>\n"
    )
    transcript = parse_text(vtt)
    shown = readable_passage(transcript, 0, len(vtt))
    assert shown == "Aiko Mori: The tooling budget is frozen.\nBen Carter: Then we need another plan."


def test_cli_search_prints_speaker_lines_not_raw_markup(capsys):
    vtt = (
        "WEBVTT\n\n1\n00:00:01.000 --> 00:00:04.000\n"
        "<v Aiko Mori>The tooling budget for the die casting is frozen.</v>\n"
    )
    analyze(vtt, partner="Mori Castings", date=dt.date(2026, 5, 4), store=True)
    main(["search", "tooling budget", "-k", "1"])
    out = capsys.readouterr().out
    assert "Aiko Mori: The tooling budget for the die casting is frozen." in out
    assert "-->" not in out and "<v " not in out


def test_phrases_in_any_kind_of_quotes_are_exact_terms_but_apostrophes_are_not():
    from analyzer.search import exact_terms

    assert exact_terms("Idiom 'no-brainer' used") == ["no-brainer", "Idiom"]
    assert exact_terms('find "PO 4471" now') == ["PO 4471"]
    assert exact_terms("the ‘touch base’ remark") == ["touch base"]
    assert exact_terms("we don't know Kitamura's plan") == ["Kitamura"]


def test_a_long_lived_reader_sees_another_processs_write_after_reopening(store):
    import os
    import subprocess
    import sys

    from analyzer.store import reopen_if_changed

    for _ in range(2):  # the second search fills the in-memory partner index
        assert search(store, "invoice", k=3, partner="Red River Cold Chain")
    assert not store.changed_elsewhere
    more = HANOI.replace("Hai Duong", "Bac Ninh") + "Oskar Berg: The reefer plug-in fee stays open too.\n"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "analyzer",
            "analyze",
            "-",
            "--partner",
            "Red River Cold Chain",
            "--date",
            "2026-05-04",
        ],
        input=more,
        capture_output=True,
        text=True,
        env=dict(os.environ),
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert store.changed_elsewhere
    fresh = reopen_if_changed(store)
    assert fresh is not store
    hits = search(fresh, "reefer plug-in fee", k=3, partner="Red River Cold Chain")
    assert hits and "reefer plug-in fee" in hits[0].text
    assert reopen_if_changed(fresh) is fresh


def test_store_check_reports_leftovers_and_repair_removes_them(store, capsys):
    from analyzer.core.models import Chunk

    assert main(["store", "check"]) == 0
    assert "nothing left over" in capsys.readouterr().out
    base = {
        "meeting_id": "mghost",
        "title": "t",
        "partner": "p",
        "partner_key": "p",
        "date": "2026-01-01",
        "date_int": 20260101,
    }
    store._add_passages(
        "0123abcd", base, [Chunk(id="c1", meeting_id="mghost", index=0, start=0, end=4, text="ghost")]
    )
    assert main(["store", "check"]) == 1
    assert "1 passages" in capsys.readouterr().out
    assert main(["store", "check", "--repair"]) == 0
    assert "Removed 1 passages" in capsys.readouterr().out
    assert main(["store", "check"]) == 0
