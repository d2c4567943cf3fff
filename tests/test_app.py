"""The Streamlit app driven headlessly with `streamlit.testing.v1.AppTest` (no browser).

Each test gets its own ANALYZER_HOME (conftest), so the app's cached Store is a fresh one.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from analyzer.core.models import KIND_LABELS, KINDS
from analyzer.evaluation import LabeledMeeting
from analyzer.pipeline import analyze

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # `ui` sits next to app.py

from ui.components import KIND_ICONS  # noqa: E402
from test_memory import store as acme_store  # noqa: E402,F401  (a fixture: two meetings with a partner)

APP = str(ROOT / "app.py")
TIMEOUT = 180  # the first run loads the store and the embedding model


def start(page: str | None = None) -> AppTest:
    """The app after its first run, optionally switched to another page."""
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    assert not at.exception, [e.value for e in at.exception]
    if page:
        at.switch_page(f"ui/pages/{page}.py").run()
        assert not at.exception, [e.value for e in at.exception]
    return at


def metrics(at: AppTest) -> dict[str, int]:
    return {m.label.split(" ", 1)[1]: int(m.value) for m in at.metric}


def html_text(at: AppTest) -> str:
    return "\n".join(str(h.proto.body) for h in at.get("html"))


def frame_with(at: AppTest, column: str):
    """The first st.dataframe with this column (AppTest does not expose dataframe keys)."""
    for frame in at.dataframe:
        if column in frame.value.columns:
            return frame.value
    raise AssertionError(f"no table with a {column!r} column")


def shown_cards(at: AppTest) -> set[int]:
    """The numbers of the finding cards on screen (from their "Show in transcript" buttons)."""
    return {int(b.key.rsplit("_", 1)[1]) for b in at.button if b.key and b.key.startswith("an_0_show_")}


def store_example(name: str, partner: str) -> object:
    return analyze(ROOT / "examples" / name, partner=partner, store=True)


def test_analyzing_a_pasted_example_shows_the_same_counts_as_the_library():
    at = start()
    assert any("Try kitamura-precision.vtt" == b.label for b in at.button), "empty state offers the examples"
    at.button(key="an_example_kitamura-precision.vtt").click().run()
    text = at.text_area(key="an_text").value
    assert text == (ROOT / "examples" / "kitamura-precision.vtt").read_text(encoding="utf-8")
    assert at.text_input(key="an_new_partner").value == "Kitamura Precision"

    at.button(key="an_go").click().run()

    assert not at.exception and not at.error, [e.value for e in at.error]
    expected = analyze(text, partner="Kitamura Precision", source_name="kitamura-precision.vtt")
    assert metrics(at) == {KIND_LABELS[k]: n for k, n in expected.counts().items()}
    report = at.session_state["an_reports"][0]
    assert report.stored and report.meeting.id == expected.meeting.id
    page = html_text(at)
    for n, _finding in enumerate(report.findings, start=1):
        assert f'id="f-{n}"' in page  # every finding has its highlight anchor
    assert {s.value.split(" (")[0] for s in at.subheader} >= {
        f"{KIND_ICONS[k]} {KIND_LABELS[k]}" for k in KINDS if expected.counts()[k]
    }


def test_selecting_a_finding_marks_its_words_in_the_transcript():
    at = start()
    at.button(key="an_example_sao-paulo-logistics.txt").click().run()
    at.button(key="an_go").click().run()
    at.button(key="an_0_show_1").click().run()
    assert at.session_state["an_selected"] == 1
    page = html_text(at)
    assert 'class="hl k-' in page and " sel" in page
    assert "scrollIntoView" in page


def test_rejecting_a_finding_is_saved_to_the_store_and_left_out_of_the_labeled_export():
    from ui.results import labeled_meeting

    at = start()
    at.button(key="an_example_sao-paulo-logistics.txt").click().run()
    at.button(key="an_go").click().run()
    report = at.session_state["an_reports"][0]
    editor_key = f"an_0_review_{report.meeting.id}"
    at.session_state[editor_key] = {
        "edited_rows": {0: {"review": "rejected"}, 1: {"owner": "Someone Else"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    at.button(key="an_0_save_review").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert any("saved" in s.value for s in at.success)

    from analyzer.store import Store

    stored = Store().get_report(report.meeting.id).findings
    assert [f.review for f in stored[:2]] == ["rejected", "edited"]
    assert stored[1].owner == "Someone Else"
    labeled = labeled_meeting(Store().get_report(report.meeting.id))
    assert len(labeled["labels"]) == len(stored) - 1
    LabeledMeeting.model_validate(labeled)  # a valid evaluation-dataset meeting


def test_the_export_tab_offers_a_sendable_follow_up_apart_from_the_internal_note():
    at = start()
    at.button(key="an_example_sao-paulo-logistics.txt").click().run()
    at.button(key="an_go").click().run()
    report = at.session_state["an_reports"][0]
    email = at.text_area(key="an_0_email").value
    assert email.startswith("Subject: Follow-up: ") and "Best regards," in email
    commitment = report.by_kind("commitment")[0]
    assert " ".join(commitment.quote.split()) in email
    for kind in ("unresolved_conflict", "transparency_gap", "cultural_misstep"):
        assert all(" ".join(f.quote.split()) not in email for f in report.by_kind(kind))
    assert "Analysed by" not in email and "###" not in email


def test_search_finds_a_phrase_of_a_stored_meeting_and_opens_its_transcript():
    store_example("sao-paulo-logistics.txt", "TransRota Logística")
    store_example("kitamura-precision.vtt", "Kitamura Precision")
    at = start("search")
    at.text_input(key="se_query").input("late-delivery penalty")
    at.button[0].click().run()  # the form's submit button
    assert not at.exception and not at.error
    hits = at.session_state["se_hits"][1]
    assert hits and hits[0].partner == "TransRota Logística"
    page = html_text(at)
    assert 'class="hl k-term"' in page and "penalty" in page

    at.button(key="se_open_0").click().run()
    assert any("Sao Paulo Logistics" in s.value for s in at.subheader)
    assert "k-passage" in html_text(at)


def test_a_meeting_analysed_in_the_app_shows_at_once_and_becomes_searchable_in_the_background():
    import time

    from analyzer.store import Store

    at = start()
    at.button(key="an_example_sao-paulo-logistics.txt").click().run()
    at.button(key="an_go").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    report = at.session_state["an_reports"][0]
    assert report.stored and report.findings
    captions = " ".join(c.value for c in at.caption)
    assert f"Stored as `{report.meeting.id}`" in captions
    assert "indexing for search" in captions or "searchable on the Search page" in captions

    deadline = time.monotonic() + 120
    while Store().unindexed() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert Store().unindexed() == [], "the background indexer committed the passages"
    at.run()
    assert any("searchable on the Search page" in c.value for c in at.caption)

    at.switch_page("ui/pages/search.py").run()
    at.text_input(key="se_query").input("late-delivery penalty")
    at.button[0].click().run()
    hits = at.session_state["se_hits"][1]
    assert hits and hits[0].meeting_id == report.meeting.id


def test_search_filters_by_partner():
    store_example("sao-paulo-logistics.txt", "TransRota Logística")
    store_example("kitamura-precision.vtt", "Kitamura Precision")
    at = start("search")
    at.text_input(key="se_query").input("price")
    at.selectbox(key="se_partner").select("Kitamura Precision")
    at.button[0].click().run()
    hits = at.session_state["se_hits"][1]
    assert hits and {h.partner for h in hits} == {"Kitamura Precision"}


def test_ask_box_answers_from_stored_meetings_when_partner_memory_is_installed():
    pytest.importorskip("analyzer.memory")
    store_example("kitamura-precision.vtt", "Kitamura Precision")
    at = start("search")
    at.text_input(key="se_ask_q").input("What did they say about the price increase?")
    at.button(key="se_ask_go").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert "Kitamura Precision" in html_text(at)


def test_meetings_view_shows_a_partners_commitments_and_history():
    store_example("sao-paulo-logistics.txt", "TransRota Logística")
    kitamura = store_example("kitamura-precision.vtt", "Kitamura Precision")
    at = start("meetings")
    assert {m.label: m.value for m in at.metric}["Meetings"] == "2"
    at.selectbox(key="me_partner").select("Kitamura Precision").run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    values = {m.label: m.value for m in at.metric}
    assert values["Meetings"] == "1"
    history = frame_with(at, "title")
    assert list(history["title"]) == ["Kitamura Precision"]
    assert not any("memory failed" in c.value for c in at.caption), [c.value for c in at.caption]
    commitments = frame_with(at, "status")
    assert len(commitments) == kitamura.counts()["commitment"]
    assert set(commitments["status"]) <= {
        "open",
        "due soon",
        "overdue",
        "no date",
        "kept",
        "slipped",
        "dropped",
    }


def test_deleting_a_meeting_asks_for_confirmation_first():
    store_example("sao-paulo-logistics.txt", "TransRota Logística")
    at = start("meetings")
    at.button(key="me_delete").click().run()
    from analyzer.store import Store

    assert len(Store().list_meetings()) == 1, "nothing is deleted before confirming"
    at.button(key="me_delete_yes").click().run()
    assert not at.exception
    assert Store().list_meetings() == []
    assert any("No meetings stored" in i.value for i in at.info)


def _tiny_dataset(directory: Path) -> list[dict]:
    meetings = [
        {
            "id": "tiny1",
            "title": "Supply call",
            "date": "2026-03-02",
            "partner": "Acme",
            "transcript": "Maria: Thanks for joining.\nJun: Can you share the cost breakdown?\n"
            "Maria: I'll send the revised forecast by Friday.\nJun: The price is still too high for us.\n",
            "labels": [
                {
                    "kind": "commitment",
                    "quote": "I'll send the revised forecast by Friday.",
                    "owner": "Maria",
                    "due": "2026-03-06",
                }
            ],
        },
        {
            "id": "tiny2",
            "title": "Follow-up",
            "date": "2026-03-09",
            "partner": "Acme",
            "transcript": "Jun: Did the forecast arrive?\nMaria: We will deliver the samples tomorrow.\n"
            "Jun: Let's not discuss margins today.\n",
            "labels": [
                {
                    "kind": "commitment",
                    "quote": "We will deliver the samples tomorrow.",
                    "owner": "Maria",
                    "due": "2026-03-10",
                }
            ],
        },
    ]
    directory.mkdir()
    for m in meetings:
        (directory / f"{m['id']}.json").write_text(json.dumps(m), encoding="utf-8")
    return meetings


def test_evaluate_page_scores_a_tiny_dataset_and_lists_the_run(tmp_path):
    meetings = _tiny_dataset(tmp_path / "tiny")
    at = start("evaluate")
    at.text_input(key="ev_dataset").input(str(tmp_path / "tiny"))
    at.button[0].click().run()  # "Run evaluation"
    assert not at.exception and not at.error, [e.value for e in at.error]
    report = at.session_state["ev_results"]["offline"]
    assert [m.id for m in report.meetings] == ["tiny1", "tiny2"]
    table = frame_with(at, "precision")
    row = table[table["kind"] == KIND_LABELS["commitment"]].iloc[0]
    assert row["tp"] + row["fn"] == sum(len(m["labels"]) for m in meetings)
    assert {"Micro F1", "Macro F1", "Owner accuracy", "Due-date accuracy"} <= {m.label for m in at.metric}
    runs = frame_with(at, "micro F1")
    assert len(runs) == 1 and runs.iloc[0]["meetings"] == 2


def test_evaluate_page_explains_a_missing_dataset(tmp_path):
    at = start("evaluate")
    at.text_input(key="ev_dataset").input(str(tmp_path / "nowhere"))
    at.button[0].click().run()
    assert not at.exception
    assert any("does not exist" in e.value for e in at.error)


def test_bad_upload_is_reported_as_an_error_not_a_traceback():
    # AppTest cannot drive st.file_uploader; send an unusable input through the same code path instead.
    script = AppTest.from_function(_run_bad_input, default_timeout=TIMEOUT).run()
    assert not script.exception
    assert script.error and "empty" in script.error[0].value


def _run_bad_input():
    from ui.analyze_page import run_analysis

    run_analysis(
        [("   ", "")], {"backend": "offline", "title": None, "date": None, "partner": "", "store": False}
    )


@pytest.mark.parametrize("text", ["<script>alert(1)</script> & <b>bold</b>", "a\nb <img src=x onerror=1>"])
def test_transcript_html_escapes_untrusted_text(text):
    from ui.highlight import Span, highlight_html

    out = highlight_html(text, [Span(0, 8, "commitment", 1)], selected=1)
    assert "<script>" not in out and "<img" not in out and "<b>" not in out
    assert 'id="f-1"' in out and "sel" in out


def test_overlapping_findings_each_keep_an_anchor():
    from ui.highlight import Span, highlight_html

    out = highlight_html(
        "one two three four", [Span(0, 13, "commitment", 1), Span(4, 7, "cultural_misstep", 2)]
    )
    assert out.count('id="f-1"') == 1 and out.count('id="f-2"') == 1
    assert "k-misstep multi" in out  # the inner span shows on top


def test_commitment_status_is_relative_to_today():
    from ui.components import commitment_status

    today = dt.date(2026, 3, 10)
    assert commitment_status(dt.date(2026, 3, 9), today) == "overdue"
    assert commitment_status(dt.date(2026, 3, 17), today) == "due soon"
    assert commitment_status(dt.date(2026, 3, 18), today) == "open"
    assert commitment_status(None, today) == "no date"


def test_a_stored_meeting_opens_with_its_cards_and_review_without_reanalysis():
    report = store_example("sao-paulo-logistics.txt", "TransRota Logística")
    at = start("meetings")
    at.selectbox(key="me_view_target").select(report.meeting.id).run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    kinds = {m.label.split(" ", 1)[-1]: int(m.value) for m in at.metric}
    assert {KIND_LABELS[k]: kinds[KIND_LABELS[k]] for k in KINDS} == {
        KIND_LABELS[k]: n for k, n in report.counts().items()
    }
    editor_key = f"me_open_review_{report.meeting.id}"
    at.session_state[editor_key] = {
        "edited_rows": {0: {"review": "rejected"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    at.button(key="me_open_save_review").click().run()
    assert any("saved" in s.value for s in at.success)
    from analyzer.store import Store

    assert Store().get_report(report.meeting.id).findings[0].review == "rejected"


def test_analysing_a_reviewed_meeting_again_says_what_was_kept():
    from analyzer.store import Store

    report = store_example("sao-paulo-logistics.txt", "TransRota Logística")
    findings = Store().get_report(report.meeting.id).findings
    findings[0] = findings[0].model_copy(update={"review": "accepted"})
    Store().update_findings(report.meeting.id, findings)
    at = start()
    at.button(key="an_example_sao-paulo-logistics.txt").click().run()
    at.button(key="an_go").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert any("1 kept from your review" in i.value for i in at.info), [i.value for i in at.info]
    assert at.session_state["an_reports"][0].findings[0].review == "accepted"


def test_the_filter_bar_narrows_a_long_result_by_kind_person_and_confidence():
    at = start()
    at.button(key="an_example_kitamura-precision.vtt").click().run()
    at.button(key="an_go").click().run()
    report = at.session_state["an_reports"][0]
    kinds = {f.kind for f in report.findings}
    assert "commitment" in kinds and len(kinds) >= 2, "the example has several kinds"

    at.button_group(key="an_0_f_kinds").set_value(["commitment"]).run()
    headings = [s.value for s in at.subheader if s.value.startswith(tuple(KIND_ICONS.values()))]
    assert headings == [
        f"{KIND_ICONS['commitment']} {KIND_LABELS['commitment']} ({report.counts()['commitment']})"
    ]
    shown = shown_cards(at)
    assert shown == {n for n, f in enumerate(report.findings, start=1) if f.kind == "commitment"}
    assert f"Showing {len(shown)} of {len(report.findings)} findings." in [c.value for c in at.caption]

    owner = next(f.owner for f in report.findings if f.kind == "commitment" and f.owner)
    at.multiselect(key="an_0_f_people").set_value([owner]).run()
    shown = shown_cards(at)
    assert shown and all(report.findings[n - 1].kind == "commitment" for n in shown)
    assert all(owner in {report.findings[n - 1].owner, report.findings[n - 1].speaker} for n in shown)

    at.multiselect(key="an_0_f_people").set_value([]).run()
    at.button_group(key="an_0_f_kinds").set_value(sorted(kinds)).run()
    at.slider(key="an_0_f_conf").set_value(0.8).run()
    shown = shown_cards(at)
    sure = {n for n, f in enumerate(report.findings, start=1) if f.confidence >= 0.8}
    assert shown == sure and 0 < len(sure) < len(report.findings)


def test_an_analysed_meeting_opens_with_an_overview_of_topics_next_steps_and_open_items():
    from analyzer.overview import build

    at = start()
    at.button(key="an_example_kitamura-precision.vtt").click().run()
    at.button(key="an_go").click().run()
    expected = build(at.session_state["an_reports"][0])
    texts = [m.value for m in at.markdown]
    heading = next(t for t in texts if t.startswith("**Overview**"))
    assert all(topic in heading for topic in expected.topics) and expected.topics
    steps = texts[texts.index("**Next steps**") + 1]
    assert steps.count("\n- ") + 1 == len(expected.next_steps) and expected.next_steps[0].text in steps
    still_open = texts[texts.index("**Still open**") + 1]
    assert still_open.count("\n- ") + 1 == len(expected.open_items)


SIDED_NOTES = """Pilot planning call
Attendees: us: Dara Quinn (me), Ivo Sato | them: Lee Min

Dara Quinn: Thanks for joining. Ivo, can you send the revised price sheet?
Ivo Sato: Yes, I will send the revised price sheet to Lee by Friday.
Lee Min: Good. We will share the warehouse volumes by next Wednesday.
"""


def test_sides_split_the_cards_and_the_email_and_a_changed_side_is_saved_for_the_partner():
    at = start()
    at.text_area(key="an_text").input(SIDED_NOTES)
    at.selectbox(key="an_partner").select("+ New partner…").run()
    at.text_input(key="an_new_partner").input("Lodz Freight")
    at.button(key="an_go").click().run()
    assert not at.exception, [e.value for e in at.exception]
    cards = html_text(at)
    assert "we promised" in cards and "they promised" in cards
    email = at.text_area(key="an_0_email").value
    assert email.index("What we will do:") < email.index("price sheet") < email.index("What you will do:")

    at.selectbox(key="an_0_f_side").select("theirs").run()
    assert len(shown_cards(at)) == 1  # only Lee Min's promise

    people = {c.key: c for c in at.get("button_group") if c.key and c.key.startswith("an_0_side_")}
    assert len(people) == 3
    people["an_0_side_1"].set_value("theirs").run()  # Ivo Sato, second in the attendee list
    assert not at.exception, [e.value for e in at.exception]
    assert "we promised" not in html_text(at)
    from analyzer.ingest import parse_text
    from analyzer.sides import sides_for

    assert sides_for(parse_text(SIDED_NOTES), "Lodz Freight")["Ivo Sato"].side == "theirs"


def test_the_team_form_in_the_sidebar_saves_who_we_are():
    at = start()
    at.sidebar.text_input[0].input("Acme Logistics")
    at.sidebar.text_area[0].input("Dara Quinn\nIvo Sato")
    at.sidebar.text_input[1].input("acme.com, @acme.de")
    at.sidebar.button[0].click().run()
    assert not at.exception, [e.value for e in at.exception]
    from analyzer.sides import load_book

    team = load_book().team
    assert (team.org, team.people, team.domains) == (
        "Acme Logistics",
        ["Dara Quinn", "Ivo Sato"],
        ["acme.com", "acme.de"],
    )


def test_a_pasted_labeled_meeting_is_analysed_and_compared_with_its_labels():
    text = (
        "Dara Quinn: Can you send the revised price sheet?\n"
        "Ivo Sato: Yes, I will send the revised price sheet by Friday.\n"
        "Dara Quinn: And the customs forms?\n"
        "Ivo Sato: The customs forms are for another day.\n"
    )
    labeled = {
        "id": "paste-1",
        "title": "Price sheet call",
        "date": "2026-12-02",
        "transcript": text,
        "labels": [
            {
                "kind": "commitment",
                "quote": "I will send the revised price sheet by Friday.",
                "owner": "Ivo Sato",
            },
            {"kind": "transparency_gap", "quote": "The customs forms are for another day."},
        ],
    }
    at = start()
    at.text_area(key="an_text").input(json.dumps(labeled)).run()
    at.button(key="an_go").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert any(e.label.startswith("Compared with the file's labels") for e in at.expander)
    frame = frame_with(at, "missed")
    row = frame[frame["kind"] == KIND_LABELS["commitment"]].iloc[0]
    assert (row["labels"], row["found"]) == (1, 1)
    assert "Price sheet call" in at.markdown[0].value or any(
        "Price sheet call" in m.value for m in at.markdown
    )


def test_the_partner_view_and_the_cli_give_every_commitment_the_same_status(acme_store, capsys):  # noqa: F811
    # Two meetings with Acme Tiles (tests/test_memory.py): kept, dropped, and slipped or open ones that are
    # overdue by today; both views judge them as of today.
    from analyzer.cli import main

    assert main(["partner", "Acme Tiles", "--json"]) == 0
    cli = [(c["quote"], c["status"]) for c in json.loads(capsys.readouterr().out)["commitments"]]
    at = start("meetings")
    at.selectbox(key="me_partner").select("Acme Tiles").run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    shown = frame_with(at, "status")
    assert list(zip(shown["quote"], shown["status"])) == cli
    assert {"kept", "dropped", "overdue"} <= {status for _, status in cli}
