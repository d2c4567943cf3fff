"""The Meetings page script (run by st.navigation in app.py)."""

from ui import meetings_page

meetings_page.render()
