"""Page scripts that `st.navigation` runs; each only calls its page module's `render()`."""
