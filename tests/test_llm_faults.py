"""LLM faults scripted on the local OpenAI-compatible server: retries, re-asks, partial results, caching."""

from __future__ import annotations

import datetime as dt

import pytest
from llm_server import delay, empty, json_content, refusal, reset, status, text_content

from analyzer.pipeline import analyze
from analyzer.settings import get_settings

TEXT = "Dana: Can you confirm the delivery?\nYuki: We will ship the first 500 housings by Friday.\n"
GOOD = {
    "findings": [
        {
            "kind": "commitment",
            "quote": "We will ship the first 500 housings by Friday",
            "summary": "Yuki ships housings",
            "owner": "Yuki",
            "due_text": "by Friday",
        }
    ]
}
DAY = dt.date(2026, 3, 10)


def _run() -> object:
    return analyze(TEXT, backend="openai:test-model", date=DAY)


@pytest.fixture
def retrying(openai_env, monkeypatch):
    monkeypatch.setenv("ANALYZER_MAX_RETRIES", "2")
    get_settings.cache_clear()
    return openai_env


def test_429_with_retry_after_is_retried_after_the_given_wait(retrying):
    retrying.push(status(429, retry_after=1), json_content(GOOD))
    report = _run()
    first, second = retrying.chat_calls
    assert second.started - first.finished >= 0.9, "Retry-After was honoured"
    assert len(report.findings) == 1 and not report.stats.partial


@pytest.mark.parametrize("fault", [status(500), status(503), reset()], ids=["500", "503", "connection reset"])
def test_server_errors_and_resets_are_retried_with_backoff(retrying, fault):
    retrying.push(fault, json_content(GOOD))
    report = _run()
    assert len(retrying.chat_calls) == 2
    assert len(report.findings) == 1 and not report.stats.partial


def test_retries_are_bounded_and_the_chunk_is_then_reported_failed(retrying):
    retrying.set_responder(lambda body: status(503))
    report = _run()
    assert len(retrying.chat_calls) == 3, "one call plus ANALYZER_MAX_RETRIES=2 retries"
    assert report.stats.partial and report.stats.failed_chunks[0].index == 0
    assert "503" in report.stats.failed_chunks[0].error


def test_a_response_slower_than_the_timeout_fails_the_chunk_with_a_clear_error(openai_env, monkeypatch):
    monkeypatch.setenv("ANALYZER_TIMEOUT", "0.5")
    get_settings.cache_clear()
    openai_env.push(delay(3, then=json_content(GOOD)))
    report = _run()
    assert report.stats.partial
    assert (
        "timed out" in report.stats.failed_chunks[0].error
        and "ANALYZER_TIMEOUT" in report.stats.failed_chunks[0].error
    )


@pytest.mark.parametrize(
    "bad",
    [
        text_content('{"findings": [{"kind": "commitment", "quo'),
        text_content('{"findings": [{"kind": "promise"}]}'),
        empty(),
        refusal(),
    ],
    ids=["truncated json", "schema violation", "empty response", "refusal"],
)
def test_invalid_output_is_reasked_once_and_a_good_second_answer_is_used(openai_env, bad):
    openai_env.push(bad, json_content(GOOD))
    report = _run()
    assert len(openai_env.chat_calls) == 2
    assert "could not be used" in openai_env.chat_calls[1].messages[-1]["content"]
    assert len(report.findings) == 1 and not report.stats.partial


@pytest.mark.parametrize("bad", [empty(), refusal()], ids=["empty twice", "refusal twice"])
def test_invalid_output_twice_marks_the_chunk_failed_and_names_it(openai_env, bad):
    openai_env.push(bad, bad)
    report = _run()
    assert len(openai_env.chat_calls) == 2
    assert report.stats.partial and [c.index for c in report.stats.failed_chunks] == [0]
    assert report.stats.usage.calls == 2


def test_hallucinated_quotes_never_reach_the_user_and_are_counted(openai_env):
    invented = {
        "findings": [
            GOOD["findings"][0],
            {"kind": "transparency_gap", "summary": "x", "quote": "We never disclose our margins to anyone"},
        ]
    }
    openai_env.push(json_content(invented), json_content(invented))
    report = _run()
    assert [f.kind for f in report.findings] == ["commitment"]
    assert report.stats.ungrounded == 1
    assert all(TEXT[f.start : f.end] == f.quote for f in report.findings)


def test_a_partial_meeting_is_stored_as_partial_and_a_rerun_completes_it(openai_env):
    from analyzer.store import Store

    openai_env.push(empty(), empty())
    first = analyze(TEXT, backend="openai:test-model", date=DAY, store=True)
    assert Store().get_report(first.meeting.id).stats.partial
    openai_env.push(json_content(GOOD))
    second = analyze(TEXT, backend="openai:test-model", date=DAY, store=True)
    stored = Store().get_report(second.meeting.id)
    assert not stored.stats.partial and len(stored.findings) == 1
    assert len(Store().list_meetings()) == 1


def test_one_invalid_finding_is_dropped_and_counted_and_the_rest_of_the_chunk_is_kept(openai_env):
    mixed = {"findings": [GOOD["findings"][0], {"kind": "promise", "quote": "Can you confirm the delivery?"}]}
    openai_env.push(json_content(mixed))
    report = _run()
    assert len(openai_env.chat_calls) == 1, "a partly invalid answer is not re-asked"
    assert [f.kind for f in report.findings] == ["commitment"]
    assert report.stats.invalid_findings == 1 and not report.stats.partial


def test_a_failing_grounding_reask_keeps_the_grounded_findings_of_the_first_answer(openai_env):
    invented = {
        "findings": [
            GOOD["findings"][0],
            {"kind": "transparency_gap", "summary": "x", "quote": "We never disclose our margins to anyone"},
        ]
    }
    openai_env.push(json_content(invented), status(500), status(500), status(500), status(500))
    report = _run()
    assert [f.quote for f in report.findings] == [GOOD["findings"][0]["quote"]]
    assert report.stats.ungrounded == 1 and not report.stats.partial


def test_an_answer_cut_off_at_the_output_limit_is_asked_again_in_two_halves(openai_env):
    second = "Kim: I will send the signed contract to Dana by Monday.\n"
    text = TEXT + "Dana: Thanks. Next, the contract.\n" * 3 + second
    both = {
        "findings": [
            *GOOD["findings"],
            {
                "kind": "commitment",
                "summary": "Kim sends the contract",
                "quote": "I will send the signed contract to Dana by Monday",
                "owner": "Kim",
            },
        ]
    }
    cut = text_content('{"findings": [{"kind": "commitment", "quo', finish_reason="length")
    openai_env.push(cut, json_content(GOOD), json_content({"findings": [both["findings"][1]]}))
    report = analyze(text, backend="openai:test-model", date=DAY)
    calls = openai_env.chat_calls
    assert len(calls) == 3 and not report.stats.partial
    halves = [c.messages[-1]["content"] for c in calls[1:]]
    assert "500 housings" in halves[0] and "signed contract" not in halves[0]
    assert "signed contract" in halves[1] and "500 housings" not in halves[1]
    assert sorted(f.owner for f in report.findings) == ["Kim", "Yuki"]
    assert report.stats.usage.calls == 3
    # Every call caps its output (langchain sends max_tokens as OpenAI's max_completion_tokens).
    assert all(1024 <= c.body["max_completion_tokens"] <= 8192 for c in calls)


def test_a_hung_server_fails_at_the_deadline_not_after_every_retry(retrying, monkeypatch):
    monkeypatch.setenv("ANALYZER_TIMEOUT", "60")
    monkeypatch.setenv("ANALYZER_DEADLINE", "1.5")
    get_settings.cache_clear()
    retrying.set_responder(lambda body: delay(4, then=json_content(GOOD)))
    report = _run()
    # One attempt, cut at the deadline; the two retries ANALYZER_MAX_RETRIES allows are not made.
    assert len(retrying.chat_calls) == 1
    error = report.stats.failed_chunks[0].error
    assert "gave no answer for 1.5 s" in error and "ANALYZER_DEADLINE" in error


def test_the_deadline_counts_waiting_without_an_answer_not_the_whole_command(retrying, monkeypatch):
    monkeypatch.setenv("ANALYZER_DEADLINE", "1.5")
    get_settings.cache_clear()
    # A 503 costs a 0.5 s pause and answers take 0.5-1 s: 3.5 s of waiting in all, never 1.5 s without an answer.
    retrying.push(status(503), delay(0.5, then=json_content(GOOD)))
    retrying.push(delay(1, then=json_content(GOOD)), delay(1, then=json_content(GOOD)))
    reports = [_run(), analyze(TEXT + "Dana: Good.\n", backend="openai:test-model", date=DAY)]
    reports.append(analyze(TEXT + "Dana: Fine.\n", backend="openai:test-model", date=DAY))
    assert [len(r.findings) for r in reports] == [1, 1, 1]
    assert not any(r.stats.partial for r in reports)
