"""Sides in the app: who is on our side and who on the partner's, and the user's team.

The choices are saved at once (per partner, in the store's home), so every later meeting with
the partner, the partner view and the exports use them.
"""

from __future__ import annotations

import streamlit as st

from analyzer.core.models import Report
from analyzer.safe_text import md
from analyzer.sides import SideCall, Team, load_book, remember, save_team, sides_for, team_of

CHOICES = ["ours", "theirs"]  # nothing selected: not sure
CHOICE_LABELS = {"ours": "Our side", "theirs": "Partner's side"}


def _saver(report: Report, person: str, key: str):
    def _save() -> None:
        choice = st.session_state[key]
        if report.meeting.partner:
            remember(report.meeting.partner, {person: choice})
        st.session_state.setdefault("sides_session", {})[(report.meeting.id, person)] = choice

    return _save


def _with_session(report: Report, calls: dict[str, SideCall]) -> dict[str, SideCall]:
    """Choices made this session, which are all a meeting without a partner has (they cannot be saved)."""
    chosen = st.session_state.get("sides_session", {})
    out = {}
    for person, call in calls.items():
        mark = (report.meeting.id, person)
        out[person] = (
            call.model_copy(update={"side": chosen[mark], "reason": "you set this"})
            if mark in chosen
            else call
        )
    return out


def sides_panel(report: Report, key: str) -> dict[str, SideCall]:
    """The sides of this meeting's people, editable; returns them for the cards and exports."""
    calls = _with_session(report, sides_for(report.transcript, report.meeting.partner))
    if not calls:
        return calls
    ours = sum(c.side == "ours" for c in calls.values())
    theirs = sum(c.side == "theirs" for c in calls.values())
    unknown = len(calls) - ours - theirs
    label = f"Sides · {ours} ours, {theirs} partner's" + (f", {unknown} not sure" if unknown else "")
    with st.expander(label, icon=":material/group:"):
        if report.meeting.partner:
            st.caption(f"Saved for {md(report.meeting.partner)}: later meetings with them use these choices.")
        else:
            st.caption("No partner is set for this meeting, so these choices last for this session only.")
        for number, (person, call) in enumerate(calls.items()):
            name, choice, why = st.columns([3, 3, 4], vertical_alignment="center")
            name.markdown(f"**{md(person)}**")
            widget = f"{key}_side_{number}"
            choice.segmented_control(
                "Side",
                CHOICES,
                default=call.side,
                format_func=CHOICE_LABELS.__getitem__,
                key=widget,
                label_visibility="collapsed",
                on_change=_saver(report, person, widget),
            )
            why.caption(md(call.reason if call.side else "not sure: nothing in the notes says"))
    return calls


def team_form() -> None:
    """The sidebar form saying who "we" are."""
    team = team_of(book=load_book())
    with st.expander("Your team", icon=":material/badge:", expanded=not team.known):
        with st.form("team_form", border=False):
            org = st.text_input("Organisation", team.org, placeholder="Acme Logistics")
            people = st.text_area("People (one per line)", "\n".join(team.people), height=90)
            domains = st.text_input("Email domains", ", ".join(team.domains), placeholder="acme.com")
            if st.form_submit_button("Save team", icon=":material/save:"):
                save_team(
                    Team(
                        org=org.strip(),
                        people=[p.strip() for p in people.splitlines() if p.strip()],
                        domains=[d.strip().lstrip("@").lower() for d in domains.split(",") if d.strip()],
                    )
                )
                st.toast("Team saved: commitments now split into ours and the partner's.")
