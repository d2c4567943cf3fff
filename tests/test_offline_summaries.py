"""Offline finding summaries say the promise in a few words instead of repeating the quote."""

from __future__ import annotations

import datetime as dt

from analyzer.pipeline import analyze

CALL = """Ana Ruiz: Thanks, Kofi. Can you send the signed NDA back to us?
Kofi Mensah: Yes, I will send the signed NDA by Friday.
Ana Ruiz: And on our side we'll share the pallet plan for the Tema warehouse tomorrow, so your team can prepare.
"""
MINUTES = """# Weekly sync
Attendees: Ana Ruiz (AR), Kofi Mensah (KM)

- AR to circulate the revised rebate table by Thu
"""


def _commitments(text: str) -> dict[str, str]:
    report = analyze(text, date=dt.date(2026, 6, 2), partner="Volta Foods")
    return {f.quote: f.summary for f in report.by_kind("commitment")}


def test_a_spoken_commitment_is_summarised_as_owner_and_action_without_the_deadline_words():
    summaries = _commitments(CALL)
    assert summaries["Yes, I will send the signed NDA by Friday."] == "Kofi Mensah will send the signed NDA."
    pallet = next(s for q, s in summaries.items() if "pallet plan" in q)
    assert pallet == "Ana Ruiz will share the pallet plan for the Tema warehouse."


def test_an_action_line_in_minutes_is_summarised_with_the_full_owner_name():
    summaries = _commitments(MINUTES)
    assert list(summaries.values()) == ["Ana Ruiz (AR) will circulate the revised rebate table."]
