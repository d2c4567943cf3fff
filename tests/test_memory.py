"""Partner memory: follow-up of commitments, partner timeline, cited answers, brief and calendar, CLI.

A small hand-written two-meeting sequence is stored in a real Chroma store (tmp ANALYZER_HOME).
Findings are written directly (not extracted) so these tests do not depend on extractor rules.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from llm_server import json_content

from analyzer.chunking import passages
from analyzer.core.errors import NotFoundError
from analyzer.core.models import AnalysisStats, Finding, MeetingMeta, Report
from analyzer.ingest import parse_text
from analyzer.memory import ask, brief_markdown, follow_up, open_commitments_ics, partner_timeline
from analyzer.memory.ask import NOT_IN_MEETINGS
from analyzer.store import Store

ROOT = Path(__file__).resolve().parents[1]
PARTNER = "Acme Tiles"
M1 = """Ana Ruiz: Thanks for joining, Ben. Let's go through the plan for the spring collection.
Ben Cole: I will send the quarterly sales forecast by Friday.
Ana Ruiz: Great. We will ship the marble samples to your Lyon office next week.
Ben Cole: And I'll book the factory audit for April 10.
Ana Ruiz: I will share the updated price list by March 20.
Ben Cole: The payment terms are still a problem for us; we cannot accept sixty days.
"""
M2 = """Ana Ruiz: Good morning, Ben, thanks for making time.
Ana Ruiz: Thank you for the sales forecast you sent on Friday, it was very helpful for our planning.
Ben Cole: How are the marble samples coming along?
Ana Ruiz: Sorry, the samples are delayed at the quarry, we now expect to ship them on March 27.
Ben Cole: About the audit: we decided not to do the factory audit after all, since your certificate is enough.
Ben Cole: Sixty-day payment terms are still a problem for us, we cannot accept them.
Ana Ruiz: I cannot tell you which supplier cuts the stone.
Ben Cole: Let's not beat around the bush here.
"""
DAY1, DAY2 = dt.date(2026, 3, 2), dt.date(2026, 3, 16)


def _finding(meeting_id: str, text: str, kind: str, quote: str, **extra) -> Finding:
    start = text.index(quote)
    return Finding(
        kind=kind,
        quote=quote,
        summary=quote,
        start=start,
        end=start + len(quote),
        meeting_id=meeting_id,
        id=f"{meeting_id}:f:{start}",
        backend="test",
        **extra,
    )


def _save(store: Store, meeting_id: str, day: dt.date, text: str, findings: list[tuple]) -> None:
    transcript = parse_text(text)
    assert transcript.text == text
    meta = MeetingMeta(id=meeting_id, title=f"Acme call {day:%d %b}", date=day, partner=PARTNER)
    items = [_finding(meeting_id, text, *f[:2], **(f[2] if len(f) > 2 else {})) for f in findings]
    report = Report(meeting=meta, findings=items, stats=AnalysisStats(backend="test"), transcript=transcript)
    store.save(report, passages(transcript, meeting_id))


@pytest.fixture
def store() -> Store:
    s = Store()
    _save(
        s,
        "m1",
        DAY1,
        M1,
        [
            (
                "commitment",
                "I will send the quarterly sales forecast by Friday.",
                {"owner": "Ben Cole", "due": dt.date(2026, 3, 6)},
            ),
            (
                "commitment",
                "We will ship the marble samples to your Lyon office next week.",
                {"owner": "Ana Ruiz", "due": dt.date(2026, 3, 13)},
            ),
            (
                "commitment",
                "And I'll book the factory audit for April 10.",
                {"owner": "Ben Cole", "due": dt.date(2026, 4, 10)},
            ),
            (
                "commitment",
                "I will share the updated price list by March 20.",
                {"owner": "Ana Ruiz", "due": dt.date(2026, 3, 20)},
            ),
            (
                "unresolved_conflict",
                "The payment terms are still a problem for us; we cannot accept sixty days.",
            ),
        ],
    )
    _save(
        s,
        "m2",
        DAY2,
        M2,
        [
            (
                "unresolved_conflict",
                "Sixty-day payment terms are still a problem for us, we cannot accept them.",
            ),
            (
                "transparency_gap",
                "I cannot tell you which supplier cuts the stone.",
                {"suggested_repair": "ask in writing"},
            ),
            ("cultural_misstep", "Let's not beat around the bush here.", {"why_it_matters": "idiom"}),
        ],
    )
    return s


def _by_quote(items, fragment: str):
    return next(item for item in items if fragment in item.quote)


def test_follow_up_decides_kept_slipped_dropped_and_open_with_cited_evidence(store):
    result = follow_up(store, "acme tiles")
    decisions = {d.commitment_id: d for d in result.decisions}
    assert all(d.meeting_id == "m2" for d in result.decisions) and len(decisions) == 4

    quotes = [f.quote for f in store.findings_for(["m1"], kind="commitment")]

    def decision(fragment: str):
        return decisions[f"m1:f:{M1.index(next(q for q in quotes if fragment in q))}"]

    kept, slipped = decision("sales forecast"), decision("marble samples")
    dropped, still_open = decision("factory audit"), decision("price list")
    assert (kept.status, slipped.status, dropped.status, still_open.status) == (
        "kept",
        "slipped",
        "dropped",
        "open",
    )
    assert "forecast you sent" in kept.evidence.quote
    assert "we now expect to ship them on March 27" in slipped.evidence.quote
    assert slipped.new_due == dt.date(2026, 3, 27)
    assert "decided not to do the factory audit" in dropped.evidence.quote
    assert still_open.evidence is None
    for d in (kept, slipped, dropped):  # every cited span opens to exactly its quote
        assert M2[d.evidence.start : d.evidence.end] == d.evidence.quote and d.evidence.meeting_id == "m2"


def test_commitment_past_due_without_news_is_overdue(store):
    on_time = partner_timeline(store, PARTNER, as_of=dt.date(2026, 3, 16))  # price list due 20 Mar
    assert _by_quote(on_time.commitments, "price list").status == "open"
    later = partner_timeline(store, PARTNER, as_of=dt.date(2026, 3, 30))
    assert _by_quote(later.commitments, "price list").status == "overdue"
    # The slip moved the samples to 27 Mar; that date has passed too.
    assert _by_quote(later.commitments, "marble samples").status == "overdue"
    assert _by_quote(later.commitments, "sales forecast").status == "kept"


def test_overdue_is_judged_as_of_today_by_default_not_as_of_the_last_meeting(store):
    # The meetings are from March 2026; today is later, so the unreported price list is overdue.
    assert dt.date.today() > dt.date(2026, 3, 20)
    now = partner_timeline(store, PARTNER)
    assert _by_quote(now.commitments, "price list").status == "overdue"
    assert now.indicators.overdue >= 1
    assert f"As of {dt.date.today().isoformat()}" in brief_markdown(store, PARTNER)


def test_timeline_json_shape_and_indicator_arithmetic(store):
    data = partner_timeline(store, PARTNER, as_of=dt.date(2026, 3, 16)).model_dump(mode="json")
    assert set(data) == {"partner", "meetings", "commitments", "indicators", "status_accuracy"}
    assert data["partner"] == PARTNER
    assert [set(m) for m in data["meetings"]] == [{"meeting_id", "title", "date", "counts"}] * 2
    assert data["meetings"][1]["counts"] == {
        "commitment": 0,
        "unresolved_conflict": 1,
        "transparency_gap": 1,
        "cultural_misstep": 1,
    }
    row = data["commitments"][0]
    assert set(row) == {
        "meeting_id",
        "quote",
        "start",
        "end",
        "owner",
        "due",
        "status",
        "evidence",
        "side",
        "confidence",
        "check",
    }
    assert set(row["evidence"]) == {"meeting_id", "quote", "start", "end"}
    ind = data["indicators"]
    assert ind["commitments_made"] == 4 and ind["commitments_kept"] == 1
    assert ind["status_counts"] == {"kept": 1, "slipped": 1, "dropped": 1, "open": 1, "overdue": 0}
    assert ind["kept_rate"] == pytest.approx(1 / 3, abs=1e-3)  # open (not yet due) is too early to judge
    assert ind["open_conflicts_carried_over"] == 1  # the payment-terms dispute came back
    assert ind["transparency_gaps_per_meeting"] == 0.5
    assert ind["friction_last"] == 3 and ind["friction_before_avg"] == 1.0
    assert ind["followthrough_last"] == pytest.approx(1 / 3, abs=1e-3)
    assert ind["trend"] == "worse"


def test_unknown_partner_lists_known_partners(store):
    with pytest.raises(NotFoundError, match="Acme Tiles"):
        partner_timeline(store, "Nobody Ltd")


def test_ask_offline_returns_ranked_passages_and_no_generated_text(store):
    answer = ask(store, "When will the marble samples ship?", partner=PARTNER, k=3)
    assert answer.answer is None and answer.sentences == [] and answer.backend == "offline"
    assert 0 < len(answer.passages) <= 3
    assert [h.score for h in answer.passages] == sorted((h.score for h in answer.passages), reverse=True)
    assert any("expect to ship them on March 27" in h.text for h in answer.passages)


def _passage_with(user: str, words: str) -> str:
    """The id of the passage block (as the model sees them) that holds `words`."""
    for block in re.split(r"\n(?=\[P\d+\] )", user):
        if words in block and block.startswith("[P"):
            return block[1 : block.index("]")]
    raise AssertionError(f"no passage holds {words!r}")


def test_ask_with_llm_cites_retrieved_passages_and_drops_unknown_citations(store, openai_env):
    def respond(body):
        user = body["messages"][-1]["content"]
        assert "<<<PASSAGES" in user and "PASSAGES>>>" in user
        slipped = _passage_with(user, "we now expect to ship them on March 27")
        return json_content(
            {
                "answerable": True,
                "sentences": [
                    {
                        "text": "The samples slipped to March 27.",
                        "citations": [
                            {"passage": slipped, "quote": "we now expect to ship them on March 27"},
                            {"passage": "P99"},
                        ],
                    },
                    {"text": "They were already delivered.", "citations": [{"passage": "P42"}]},
                ],
            }
        )

    openai_env.set_responder(respond)
    answer = ask(
        store, "When will the marble samples ship?", partner=PARTNER, backend="openai:test-model", k=3
    )
    assert len(openai_env.chat_calls) == 1
    assert [s.text for s in answer.sentences] == ["The samples slipped to March 27."]
    [citation] = answer.sentences[0].citations  # P99 was never retrieved: dropped
    assert "we now expect to ship them on March 27" in citation.quote
    transcript = store.get_report(citation.meeting_id).transcript.text
    assert transcript[citation.start : citation.end] == citation.quote
    assert answer.answer == "The samples slipped to March 27."


def test_ask_with_llm_drops_a_sentence_whose_quote_is_not_in_the_passage_it_cites(store, openai_env):
    def respond(body):
        user = body["messages"][-1]["content"]
        slipped = _passage_with(user, "we now expect to ship them on March 27")
        other = next(f"P{n}" for n in range(1, 4) if f"P{n}" != slipped)
        cite = [{"passage": slipped, "quote": "we now expect to ship them on March 27"}]
        sentences = [
            {"text": "The samples slipped to March 27.", "citations": cite},
            {
                "text": "They offered a 40% discount.",
                "citations": [{"passage": slipped, "quote": "forty percent off"}],
            },
            {"text": "Short quotes prove nothing.", "citations": [{"passage": slipped, "quote": "we"}]},
            {
                "text": "Cited from the wrong passage.",
                "citations": [{"passage": other, "quote": cite[0]["quote"]}],
            },
        ]
        return json_content({"answerable": True, "sentences": sentences})

    openai_env.set_responder(respond)
    answer = ask(
        store, "When will the marble samples ship?", partner=PARTNER, backend="openai:test-model", k=3
    )
    assert [s.text for s in answer.sentences] == ["The samples slipped to March 27."]
    assert answer.uncited == 3
    assert answer.answer == "The samples slipped to March 27."


def test_ask_with_llm_says_so_when_passages_do_not_contain_the_answer(store, openai_env):
    openai_env.push(json_content({"answerable": False, "sentences": []}))
    answer = ask(store, "What is their CEO's favourite colour?", backend="openai:test-model")
    assert answer.answer == NOT_IN_MEETINGS and answer.sentences == [] and answer.passages


def test_follow_up_with_llm_grounds_evidence_and_opens_uncited_claims(store, openai_env):
    openai_env.push(
        json_content(
            {
                "items": [
                    {
                        "commitment": 1,
                        "status": "kept",
                        "evidence": "Thank you for the sales forecast you sent on Friday",
                    },
                    {
                        "commitment": 2,
                        "status": "slipped",
                        "evidence": "we now expect to ship them on March 27",
                    },
                    {"commitment": 3, "status": "dropped", "evidence": "words nobody said in this meeting"},
                ]
            }
        )
    )
    result = follow_up(store, PARTNER, backend="openai:test-model")
    statuses = [d.status for d in result.decisions]
    assert statuses == ["kept", "slipped", "open", "open"]  # 3: evidence not in the meeting; 4: not answered
    assert result.decisions[1].new_due == dt.date(2026, 3, 27) and result.prompt_version
    assert "<<<TRANSCRIPT" in openai_env.chat_calls[0].body["messages"][-1]["content"]


def test_brief_markdown_has_its_sections(store):
    text = brief_markdown(store, PARTNER, as_of=dt.date(2026, 3, 16))
    for heading in (
        "# Before the next call with Acme Tiles",
        "## Open commitments",
        "## Open conflicts",
        "## Transparency gaps to follow up",
        "## Missteps to avoid",
    ):
        assert heading in text
    assert "### Ana Ruiz" in text and "**slipped**" in text and "price list" in text
    assert (
        "sales forecast" not in text.split("## Open commitments")[1].split("## Open conflicts")[0]
    )  # kept: not owed
    assert (
        "Sixty-day payment terms" in text
        and "which supplier cuts the stone" in text
        and "beat around the bush" in text
    )


def test_ics_has_events_for_open_commitments_with_due_dates(store):
    ics = open_commitments_ics(store, PARTNER)
    assert (
        ics.startswith("BEGIN:VCALENDAR") and ics.count("BEGIN:VEVENT") == 2
    )  # slipped samples + open price list
    unfolded = ics.replace("\r\n ", "")
    assert "DTSTART;VALUE=DATE:20260327" in unfolded  # the slipped commitment at its new date
    assert "DTSTART;VALUE=DATE:20260320" in unfolded
    assert "sales forecast" not in unfolded and "factory audit" not in unfolded


def test_cli_partner_json_prints_the_timeline_shape(store, capsys):
    from analyzer.cli import main

    assert main(["partner", "acme tiles", "--json", "--as-of", "2026-03-30"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {"partner", "meetings", "commitments", "indicators", "status_accuracy"}
    assert {c["status"] for c in data["commitments"]} == {"kept", "overdue", "dropped"}


def test_brief_and_partner_follow_the_analyzer_backend_setting_unless_a_flag_says_otherwise(
    store, openai_env, monkeypatch, capsys
):
    from analyzer.cli import main
    from analyzer.settings import get_settings

    monkeypatch.setenv("ANALYZER_BACKEND", "openai:test-model")
    get_settings.cache_clear()
    openai_env.set_responder(lambda body: json_content({"items": []}))
    assert main(["brief", PARTNER, "--as-of", "2026-03-30"]) == 0
    assert openai_env.chat_calls  # the follow-up was asked of the configured model
    asked = len(openai_env.chat_calls)
    assert main(["partner", PARTNER, "--json", "--backend", "offline"]) == 0
    assert len(openai_env.chat_calls) == asked  # the flag wins over the setting
    assert main(["partner", PARTNER, "--json"]) == 0
    assert len(openai_env.chat_calls) == asked  # the same question again: the cached answer
    assert main(["cache", "clear"]) == 0
    assert main(["partner", PARTNER, "--json"]) == 0
    assert len(openai_env.chat_calls) > asked
    capsys.readouterr()


def test_cli_unknown_partner_is_one_line_exit_2(store, capsys):
    from analyzer.cli import main

    assert main(["partner", "Nobody Ltd"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "Acme Tiles" in err and err.count("\n") == 1


def test_partner_memory_splits_their_promises_from_ours_once_sides_are_known(store, capsys):
    from analyzer.cli import app
    from analyzer.sides import Team, save_team
    from typer.testing import CliRunner

    before = partner_timeline(store, PARTNER, as_of=DAY2)
    assert before.indicators.by_side == {} and all(c.side is None for c in before.commitments)
    assert "## Open commitments" in brief_markdown(store, PARTNER, as_of=DAY2)

    save_team(Team(people=["Ana Ruiz"]))
    timeline = partner_timeline(store, PARTNER, as_of=DAY2)
    assert _by_quote(timeline.commitments, "sales forecast").side == "theirs"
    assert _by_quote(timeline.commitments, "marble samples").side == "ours"
    theirs, ours = timeline.indicators.by_side["theirs"], timeline.indicators.by_side["ours"]
    # Ben: forecast kept, audit dropped. Ana: samples slipped, price list not due yet (not judged).
    assert (theirs.commitments_made, theirs.commitments_kept, theirs.kept_rate) == (2, 1, 0.5)
    assert (ours.commitments_made, ours.commitments_kept, ours.kept_rate) == (2, 0, 0.0)

    brief = brief_markdown(store, PARTNER, as_of=DAY2)
    assert "They kept 1 of 2 (kept rate 50%" in brief and "We kept 0 of 2 (kept rate 0%" in brief
    owed_by_us = brief.split("## We owe them")[1].split("## Open conflicts")[0]
    assert "marble samples" in owed_by_us and "price list" in owed_by_us
    assert "## They owe us" not in brief  # the forecast was kept and the audit dropped: nothing owed

    result = CliRunner().invoke(app, ["partner", PARTNER, "--as-of", DAY2.isoformat()])
    assert result.exit_code == 0, result.output
    assert "(we promised)" in result.output and "they kept 1/2 (kept rate 50%)" in result.output


def test_a_second_partner_view_reads_the_sentence_vectors_from_the_cache_and_agrees(store, monkeypatch):
    from analyzer.embedding import MiniLM

    first = partner_timeline(store, PARTNER, as_of=DAY2)
    calls = []
    original = MiniLM.encode
    monkeypatch.setattr(
        MiniLM, "encode", lambda self, texts: calls.append(len(texts)) or original(self, texts)
    )
    again = partner_timeline(store, PARTNER, as_of=DAY2)
    assert calls == []  # every meeting's sentences were encoded once, by the first view
    assert again.model_dump() == first.model_dump()


def test_follow_up_asks_again_when_the_answer_is_not_the_schema_and_counts_both_calls(store, openai_env):
    from analyzer.memory.followup_llm import LLMFollowupOutput
    from analyzer.memory.llm import StructuredLLM
    from llm_server import text_content

    openai_env.push(text_content("Sure! Here is what I found: kept."), json_content({"items": []}))
    llm = StructuredLLM("openai:test-model", LLMFollowupOutput)
    parsed, usage = llm.invoke([("system", "s"), ("human", "h")])
    assert parsed.items == [] and usage.calls == 2 and usage.input_tokens > 0
    assert "could not be used" in openai_env.chat_calls[1].body["messages"][-1]["content"]


def test_a_schema_failure_twice_is_one_error_that_still_reports_the_tokens_spent(store, openai_env):
    from analyzer.core.errors import InvalidOutputError
    from analyzer.memory.followup_llm import LLMFollowupOutput
    from analyzer.memory.llm import StructuredLLM
    from llm_server import text_content

    openai_env.push(text_content("no"), text_content("still no"))
    with pytest.raises(InvalidOutputError) as caught:
        StructuredLLM("openai:test-model", LLMFollowupOutput).invoke([("human", "h")])
    assert caught.value.usage.calls == 2 and caught.value.usage.input_tokens > 0


def test_a_server_error_on_follow_up_falls_back_to_offline_decisions_that_say_so(store, openai_env):
    from llm_server import status

    openai_env.push(status(500))
    result = follow_up(store, PARTNER, backend="openai:test-model")
    offline = follow_up(store, PARTNER, backend="offline")
    assert [d.status for d in result.decisions] == [d.status for d in offline.decisions]
    assert all(
        "failed on this meeting (openai:test-model answered HTTP 500)" in d.reason for d in result.decisions
    )


def test_statuses_the_offline_decider_gets_wrong_often_say_check_this_with_the_measured_figures(store):
    report = json.loads((ROOT / "eval" / "followup-report.json").read_text(encoding="utf-8"))
    timeline = partner_timeline(store, PARTNER, as_of=DAY2)
    measured = timeline.status_accuracy
    assert measured is not None and measured.accuracy == report["loao_pooled_rules"]["accuracy"]
    assert measured.per_status["kept"] == report["loao_pooled_rules"]["kept"]
    for c in timeline.commitments:
        assert c.check == (c.status in ("kept", "slipped", "dropped") and measured.per_status[c.status] < 0.7)
    assert any(c.check for c in timeline.commitments)
    brief = brief_markdown(store, PARTNER, as_of=DAY2)
    assert "(check this)" in brief and "on partners it never saw" in brief


def test_the_same_follow_up_question_twice_is_answered_from_the_cache_until_cleared(
    store, openai_env, capsys
):
    from analyzer.cli import main
    from analyzer.memory.followup_llm import LLMFollowupOutput
    from analyzer.memory.llm import StructuredLLM

    openai_env.push(json_content({"items": []}), json_content({"items": []}), json_content({"items": []}))
    messages = [("system", "s"), ("human", "the same meetings")]
    first, spent = StructuredLLM("openai:test-model", LLMFollowupOutput).invoke(messages)
    again, free = StructuredLLM("openai:test-model", LLMFollowupOutput).invoke(messages)
    assert spent.calls == 1 and free.calls == 0 and again == first
    assert len(openai_env.chat_calls) == 1
    StructuredLLM("openai:test-model", LLMFollowupOutput).invoke([("human", "other meetings")])
    assert len(openai_env.chat_calls) == 2, "a different question is asked"
    assert main(["cache", "clear"]) == 0
    assert "Removed 2 cached answer(s)" in capsys.readouterr().out
    StructuredLLM("openai:test-model", LLMFollowupOutput).invoke(messages)
    assert len(openai_env.chat_calls) == 3
