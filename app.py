"""Meeting-notes analyzer: the Streamlit web app (UI only; the analysis lives in `analyzer`).

Run with `streamlit run app.py` or `analyzer app`. Pages: Analyze, Search, Meetings, Evaluate (ui/).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # `ui` sits next to this file

from ui.main import main  # noqa: E402

main()
