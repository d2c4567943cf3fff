"""The Search page script (run by st.navigation in app.py)."""

from ui import search_page

search_page.render()
