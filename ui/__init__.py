"""The Streamlit web app's UI (pages and components). UI only: all analysis lives in `analyzer`."""
