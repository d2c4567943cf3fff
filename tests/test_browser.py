"""The real app in a real browser: `streamlit run app.py` driven by Playwright with Debian's Chromium.

Set UPDATE_SCREENSHOT=1 to refresh docs/screenshot-analyze.png from the analysis test.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from serving import free_port, wait_healthy

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
STARTUP_SECONDS = 90
ANALYSIS_MS = 180_000  # the first analysis also loads the store and the embedding model
XSS_TRANSCRIPT = (
    "Alice Park: Welcome. <script>window.__xss=1</script>\n"
    'Bob Chan: I will send the revised price list by Friday. <img src=x onerror="window.__xss=2">\n'
    "Alice Park: Thanks, Bob.\n"
)


@pytest.fixture(scope="module")
def app_url(tmp_path_factory):
    """A Streamlit server on a free port with its own ANALYZER_HOME; stopped (whole process group) afterwards."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run 'make chromium' (apt-get install chromium)")
    home = tmp_path_factory.mktemp("browser-home")
    port = free_port()
    env = {**os.environ, "ANALYZER_HOME": str(home), "HF_HUB_OFFLINE": "1", "ANALYZER_BACKEND": "offline"}
    env.pop("OPENAI_API_KEY", None)
    log = open(home / "streamlit.log", "w")
    streamlit = Path(sys.executable).with_name("streamlit")
    process = subprocess.Popen(
        [
            str(streamlit),
            "run",
            str(ROOT / "app.py"),
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
            "--server.fileWatcherType",
            "none",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(
            f"{url}/_stcore/health",
            process,
            STARTUP_SECONDS,
            lambda: (home / "streamlit.log").read_text()[-2000:],
        )
        yield url
    finally:
        _stop(process)
        log.close()


def _stop(process: subprocess.Popen) -> None:
    """Stop the server we started and its children: SIGTERM to its own process group, then SIGKILL."""
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser, app_url):
    context = browser.new_context(viewport={"width": 1500, "height": 1000})
    tab = context.new_page()
    tab.set_default_timeout(60_000)
    tab.goto(app_url)
    tab.get_by_role("heading", name="Analyze a partner meeting").wait_for()
    yield tab
    context.close()


def _analyse(page, text: str) -> None:
    """Paste text, let Streamlit pick it up, press Analyze and wait for the transcript view."""
    area = page.get_by_label("Transcript or notes")
    area.fill(text)
    area.press("Control+Enter")  # commits the text area (a rerun enables the Analyze button)
    button = page.locator(".st-key-an_go button")
    page.wait_for_function(
        "() => { const b = document.querySelector('.st-key-an_go button'); return b && !b.disabled; }"
    )
    button.click()
    page.locator(".transcript").first.wait_for(state="visible", timeout=ANALYSIS_MS)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=ANALYSIS_MS
    )


def _fit_viewport_to_page(page, limit: int = 2600) -> None:
    """Streamlit scrolls inside its main container, so a full-page screenshot needs a tall viewport."""
    height = page.evaluate(
        "() => { const m = document.querySelector('[data-testid=\"stMain\"]') || document.scrollingElement;"
        " m.scrollTo(0, 0); return m.scrollHeight; }"
    )
    page.set_viewport_size({"width": 1500, "height": max(1000, min(int(height), limit))})
    time.sleep(1.0)  # let Streamlit re-lay out for the new size


def test_analysing_a_pasted_example_highlights_the_evidence(page, tmp_path):
    example = (ROOT / "examples" / "kitamura-precision.vtt").read_text(encoding="utf-8")
    _analyse(page, example)

    marks = page.locator(".transcript mark.hl")
    marks.first.wait_for(state="visible")
    assert marks.count() >= 5
    assert page.locator(".transcript mark.k-commitment").count() >= 1
    assert page.locator(".transcript mark.k-conflict").count() >= 1
    page.get_by_role("button", name="Show in transcript").first.click()
    page.locator(".transcript mark.sel").first.wait_for(state="visible")
    time.sleep(1.5)  # let the smooth scroll to the selected words finish before the screenshot

    _fit_viewport_to_page(page)
    shot = tmp_path / "screenshot-analyze.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
    if os.environ.get("UPDATE_SCREENSHOT") == "1":
        (ROOT / "docs").mkdir(exist_ok=True)
        shutil.copyfile(shot, ROOT / "docs" / "screenshot-analyze.png")


def test_markup_in_a_transcript_is_shown_as_text_and_never_runs(page):
    _analyse(page, XSS_TRANSCRIPT)

    transcript = page.locator(".transcript").first
    text = transcript.inner_text()
    assert "<script>window.__xss=1</script>" in text
    assert '<img src=x onerror="window.__xss=2">' in text
    assert page.get_by_text("<script>window.__xss=1</script>").first.is_visible()
    assert transcript.locator("script, img").count() == 0
    time.sleep(1)  # give an injected onerror handler every chance to fire
    assert page.evaluate("typeof window.__xss") == "undefined"


SIDED_NOTES = (
    "Pilot planning call\nAttendees: us: Dara Quinn (me), Ivo Sato | them: Lee Min\n\n"
    "Dara Quinn: Thanks for joining. Ivo, can you send the revised price sheet?\n"
    "Ivo Sato: Yes, I will send the revised price sheet to Lee by Friday.\n"
    "Lee Min: Good. We will share the warehouse volumes by next Wednesday.\n"
    "Lee Min: Honestly, the penalty clause is still unacceptable for us.\n"
)


def test_the_overview_sides_and_filter_bar_narrow_a_meeting_and_the_email_splits_the_promises(page):
    _analyse(page, SIDED_NOTES)

    page.locator(".st-key-an_0_overview").wait_for(state="visible")
    cards = page.locator(".fcard")
    total = cards.count()
    assert total >= 2
    assert page.locator(".fcard .side-ours").count() == 1 and page.locator(".fcard .side-theirs").count() == 1

    page.locator(".st-key-an_0_f_kinds button", has_text="Commitments").click()  # hide the commitments
    page.wait_for_function(f"() => document.querySelectorAll('.fcard').length < {total}")
    assert page.locator(".fcard .side-ours").count() == 0
    page.locator(".st-key-an_0_f_kinds button", has_text="Commitments").click()
    page.wait_for_function(f"() => document.querySelectorAll('.fcard').length == {total}")

    page.get_by_role("tab", name="Export").click()
    email = page.locator(".st-key-an_0_email textarea").input_value()
    assert email.index("What we will do:") < email.index("price sheet") < email.index("What you will do:")
