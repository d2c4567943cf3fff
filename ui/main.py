"""The Streamlit app's entry: page set-up and navigation (run by app.py and by `analyzer app`)."""

from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st

HERE = Path(__file__).resolve().parent
# `ui` must be importable however the app starts (streamlit run, AppTest, an installed wheel).
if str(HERE.parent) not in sys.path:
    sys.path.insert(0, str(HERE.parent))

from ui.components import guarded, inject_css  # noqa: E402
from ui.sides_panel import team_form  # noqa: E402

ICON = HERE / "static" / "icon.png"


def pages() -> list:
    """The four pages, by absolute path so any entry script can run them."""
    return [
        st.Page(
            str(HERE / "pages" / "analyze.py"),
            title="Analyze",
            icon=":material/manage_search:",
            url_path="analyze",
            default=True,
        ),
        st.Page(
            str(HERE / "pages" / "search.py"), title="Search", icon=":material/search:", url_path="search"
        ),
        st.Page(
            str(HERE / "pages" / "meetings.py"),
            title="Meetings",
            icon=":material/event_note:",
            url_path="meetings",
        ),
        st.Page(
            str(HERE / "pages" / "evaluate.py"),
            title="Evaluate",
            icon=":material/analytics:",
            url_path="evaluate",
        ),
    ]


def main() -> None:
    """Configure the page, add the shared styles, and run the selected page."""
    # A local icon file: an emoji or material icon would be fetched from a CDN, which fails offline.
    st.set_page_config(page_title="Meeting-notes analyzer", page_icon=str(ICON), layout="wide")
    inject_css()
    page = st.navigation(pages())
    with st.sidebar:
        st.caption("Meeting-notes analyzer · local store, offline by default.")
        with guarded("Your team: "):
            team_form()
    page.run()


if __name__ == "__main__":
    main()
