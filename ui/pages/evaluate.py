"""The Evaluate page script (run by st.navigation in app.py)."""

from ui import evaluate_page

evaluate_page.render()
