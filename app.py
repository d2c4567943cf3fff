"""Meeting-notes analyzer: the Streamlit web app (UI only; the analysis lives in `analyzer`).

Run with `streamlit run app.py` or `analyzer app`. Pages: Analyze, Search, Meetings, Evaluate.
"""

from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st

ROOT = Path(__file__).resolve().parent
# `ui` sits next to this file; make it importable however the app is started (streamlit run, AppTest).
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from ui.components import inject_css  # noqa: E402

PAGES = [
    st.Page("ui/pages/analyze.py", title="Analyze", icon=":material/manage_search:", url_path="analyze", default=True),
    st.Page("ui/pages/search.py", title="Search", icon=":material/search:", url_path="search"),
    st.Page("ui/pages/meetings.py", title="Meetings", icon=":material/event_note:", url_path="meetings"),
    st.Page("ui/pages/evaluate.py", title="Evaluate", icon=":material/analytics:", url_path="evaluate"),
]


def main() -> None:
    """Configure the page, add the shared styles, and run the selected page."""
    st.set_page_config(page_title="Meeting-notes analyzer", page_icon=":material/handshake:", layout="wide")
    inject_css()
    page = st.navigation(PAGES)
    with st.sidebar:
        st.caption("Meeting-notes analyzer · local store, offline by default.")
    page.run()


main()
