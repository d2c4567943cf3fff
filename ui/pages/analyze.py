"""The Analyze page script (run by st.navigation in app.py)."""

from ui import analyze_page

analyze_page.render()
