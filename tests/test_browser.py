"""The real app in a real browser: `streamlit run app.py` driven by Playwright with Debian's Chromium.

Set UPDATE_SCREENSHOT=1 to refresh the page screenshots in docs/ (screenshot-<page>.png): the Analyze
page from the analysis test, the Meetings, partner, Search and Evaluate pages from the last two tests.
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


def _analyse(page, text: str, title: str | None = None) -> None:
    """Paste text (and a title), let Streamlit pick it up, press Analyze and wait for the transcript view."""
    if title is not None:
        field = page.get_by_label("Title")
        field.fill(title)
        field.press("Enter")  # commits the title before the text area's rerun
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


def _idle(page, timeout: int = 60_000) -> None:
    """Wait until the app is not running a script (Streamlit's running indicator is gone)."""
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=timeout
    )


def _shoot(page, tmp_path: Path, name: str) -> None:
    """A full-page screenshot of the page as it is; copied to docs/screenshot-<name>.png on request."""
    _fit_viewport_to_page(page)
    shot = tmp_path / f"screenshot-{name}.png"
    page.screenshot(path=str(shot), full_page=True)
    page.set_viewport_size({"width": 1500, "height": 1000})
    assert shot.stat().st_size > 10_000
    if os.environ.get("UPDATE_SCREENSHOT") == "1":
        (ROOT / "docs").mkdir(exist_ok=True)
        shutil.copyfile(shot, ROOT / "docs" / f"screenshot-{name}.png")


def _go_to(page, link: str, heading: str) -> None:
    """Switch pages with the sidebar navigation (the session, and what it holds, stays)."""
    page.get_by_role("link", name=link, exact=True).click()
    page.get_by_role("heading", name=heading).wait_for()


def _choose(page, key: str, option: str) -> None:
    """Pick the option containing `option` in the selectbox with widget key `key`, by typing into it."""
    box = page.locator(f".st-key-{key} input")
    box.click()
    box.press_sequentially(option)
    page.get_by_role("option", name=option).first.wait_for()
    box.press("Enter")


def _grid_cell(page, text: str, cell: str = "td") -> None:
    """Wait until a table (a canvas grid) has a cell (or a `th` header) with `text`, in its hidden
    accessibility table."""
    page.locator(f"[data-testid=stDataFrame] {cell}", has_text=text).first.wait_for(state="attached")


def _hits(page, query: str) -> list[str]:
    """The texts of all result cards of a search, once the last one the count promises is shown."""
    count = page.get_by_text(f"passage(s) for “{query}”")
    count.wait_for()
    shown = int(count.inner_text().split()[0])
    if shown:
        page.locator(f".st-key-se_hit_{shown - 1}").wait_for(state="visible")
    return page.locator("[class*='st-key-se_hit_']").all_inner_texts()


def _card_texts(page) -> list[str]:
    """Summary and details of every finding card on the page, in order."""
    return [
        summary + " | " + meta
        for summary, meta in zip(
            page.locator(".fcard .summary").all_inner_texts(), page.locator(".fcard .meta").all_inner_texts()
        )
    ]


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

    _shoot(page, tmp_path, "analyze")


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


QUARRY_NOTES = (
    "Mina Ko: Thanks for joining. Can you confirm the gravel tonnage?\n"
    "Raul Diaz: Yes, I will send the tonnage forecast to Mina by Friday.\n"
    "Mina Ko: Good. We will pay the deposit by next Wednesday.\n"
    "Raul Diaz: The basalt surcharge is still unacceptable for us.\n"
)


def test_a_stored_meeting_reopens_on_the_meetings_page_with_the_same_finding_cards(page):
    _analyse(page, QUARRY_NOTES, title="Quarry gravel pricing")
    analysed = _card_texts(page)
    assert len(analysed) >= 2
    page.get_by_text("searchable on the Search page").wait_for()  # indexed in the background
    stored_as = page.get_by_text("Stored as").inner_text()

    _go_to(page, "Meetings", "Meetings and follow-ups")
    _choose(page, "me_view_target", "Quarry gravel pricing")
    page.locator(".st-key-me_open_card_1").wait_for(state="visible")
    page.locator(".st-key-me_open_transcript_box .transcript").wait_for(state="visible")

    assert _card_texts(page) == analysed
    assert page.get_by_text("Stored as").inner_text() == stored_as  # the same stored meeting
    assert page.get_by_text("Analysing").count() == 0  # read from the store, not analysed again
    assert "basalt surcharge" in page.locator(".st-key-me_open_transcript_box").inner_text()


DEPOT_NOTES = (
    "Depot lease call, 2 March 2026\n"
    "Ana Lima: Thanks all. Can you confirm the loading bays?\n"
    "Jon Berg: Yes, I will send the signed bay plan to Ana by Friday.\n"
    "Ana Lima: Fine. The night-shift surcharge is still unacceptable for us.\n"
)


def _edit_first_due_date(page, iso_date: str) -> None:
    """In the review grid (a canvas), select row 1's first cell, move to the due column and type a date."""
    panel = page.locator(".st-key-an_0_save_review").locator("xpath=..")  # the Review tab's block
    canvas = panel.locator("[data-testid=data-grid-canvas]")
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    page.mouse.click(box["x"] + 15, box["y"] + 35 + 17)  # header ~35 px, then row 1's "#" cell
    page.locator("#glide-cell-0-0[aria-selected=true]").wait_for(state="attached")
    for _ in range(6):  # "#", kind, review, quote, summary, owner, due
        page.keyboard.press("ArrowRight")
    page.locator("#glide-cell-6-0[aria-selected=true]").wait_for(state="attached")
    page.keyboard.press("Enter")  # opens the cell's date editor
    editor = page.locator("[data-testid=date-picker-cell]")
    editor.fill(iso_date)
    editor.press("Enter")
    page.locator("#glide-cell-6-0", has_text=iso_date).wait_for(state="attached")  # the grid's a11y table


def test_an_edited_due_date_is_saved_and_kept_when_the_meeting_is_analysed_again(page):
    _analyse(page, DEPOT_NOTES, title="Depot lease")
    first = page.locator(".fcard").first
    assert "due Fri 06 Mar 2026" in first.inner_text()

    page.get_by_role("tab", name="Review").click()
    assert page.locator("#glide-cell-1-0").inner_text() == "Commitments"
    _edit_first_due_date(page, "2026-03-20")
    _idle(page)  # the edit reruns the app; a click during that run can be lost
    page.locator(".st-key-an_0_save_review button").click()
    page.get_by_text("Review saved to the meeting store.").wait_for()
    # The edit and the save rerun the app; the Review tab stays open (it used to fall back to the first).
    assert page.get_by_role("tab", name="Review").get_attribute("aria-selected") == "true"

    page.get_by_role("tab", name="Findings & transcript").click()
    assert "due Fri 20 Mar 2026" in first.inner_text() and "review edited" in first.inner_text()

    go = page.locator(".st-key-an_go button")
    if not go.is_visible():
        page.get_by_text("Transcript, meeting details and backend").click()
    _idle(page)  # a click while the app still runs can be lost
    go.click()  # the same text again
    page.get_by_text("0 new, 0 gone, 1 kept from your review").wait_for(timeout=ANALYSIS_MS)
    _idle(page)
    card = page.locator(".fcard").first.inner_text()
    assert "due Fri 20 Mar 2026" in card and "review edited" in card and "06 Mar" not in card

    _go_to(page, "Meetings", "Meetings and follow-ups")  # and the store holds it after the re-analysis
    _choose(page, "me_view_target", "Depot lease")
    stored = page.locator(".st-key-me_open_card_1")
    stored.wait_for(state="visible")
    assert "due Fri 20 Mar 2026" in stored.inner_text() and "review edited" in stored.inner_text()


FERRY_NOTES = (
    "Ferry charter call, 9 March 2026\n"
    "Ines Roth: Welcome. Where are we on the charter?\n"
    "Kofi Mensah: Purchase order PO-5512 covers the two spring sailings.\n"
    "Ines Roth: I will send the crew manifest to Kofi by Thursday.\n"
)


def test_searching_a_stored_word_shows_its_passage_with_the_meeting_and_opens_it(page):
    _analyse(page, FERRY_NOTES, title="Ferry charter")
    page.get_by_text("searchable on the Search page").wait_for()  # indexed in the background

    _go_to(page, "Search", "Search past meetings")
    query = page.locator(".st-key-se_query input")
    query.fill("PO-5512")
    query.press("Enter")  # submits the search form
    texts = _hits(page, "PO-5512")
    assert any("PO-5512" in text for text in texts), texts

    hit = page.locator("[class*='st-key-se_hit_']", has_text="PO-5512").first
    text = hit.inner_text()
    assert "Ferry charter · 09 Mar 2026" in text and "contains your words" in text
    assert "Purchase order PO-5512 covers the two spring sailings." in text
    assert hit.locator("mark.k-term").all_inner_texts() == ["PO-5512"]

    hit.get_by_role("button", name="Open in transcript").click()
    page.get_by_role("heading", name="Ferry charter · 09 Mar 2026").wait_for()
    opened = page.locator(".st-key-se_transcript_box")
    opened.locator("#f-passage").wait_for(state="attached")
    passage = "".join(opened.locator("mark.k-passage, mark.multi").all_inner_texts())
    assert "PO-5512 covers the two spring sailings" in passage
    page.locator(".st-key-se_back button").click()
    page.locator(".st-key-se_hit_0").wait_for(state="visible")  # back to the same results


CRANE_NOTES = (
    "Crane rental call, 2 March 2026\n"
    "Ana Lima: Thanks all. Can you confirm the crane slots?\n"
    "Jon Berg: Yes, I will send the crane booking list to Ana by Friday.\n"
    "Ana Lima: We will share the PO-7731 pallet counts by next Wednesday.\n"
    "Jon Berg: The demurrage clause is still unacceptable for us.\n"
)


def test_the_export_tab_shows_the_follow_up_email_and_downloads_the_same_text(page, tmp_path):
    _analyse(page, CRANE_NOTES, title="Crane rental")

    page.get_by_role("tab", name="Export").click()
    area = page.locator(".st-key-an_0_email textarea")
    area.wait_for(state="visible")
    email = area.input_value()
    assert email.startswith("Subject: Follow-up: Crane rental (02 Mar 2026)\n\nHello,")
    assert "Thank you for the call on Monday 02 March 2026." in email
    steps = [
        "- Jon Berg: “Yes, I will send the crane booking list to Ana by Friday.” (by Fri 06 Mar)",
        "- Ana Lima: “We will share the PO-7731 pallet counts by next Wednesday.” (by Wed 11 Mar)",
    ]
    assert all(step in email for step in steps), email
    assert "demurrage" not in email  # conflicts stay in the internal note
    note = page.locator("[data-testid=stColumn]", has_text="Internal note (every finding").last
    assert "demurrage" in note.inner_text()  # the internal note beside the email has them

    button = page.locator(".st-key-an_0_dl_email button")
    assert "Email text" in button.inner_text()
    with page.expect_download() as download:
        button.click()
    assert download.value.suggested_filename == "crane-rental-follow-up.txt"
    saved = tmp_path / "email.txt"
    download.value.save_as(saved)
    assert saved.read_text(encoding="utf-8") == email


def test_the_meetings_partner_and_search_pages_show_a_partners_stored_meeting(page, tmp_path):
    page.get_by_role("button", name="Try kitamura-precision.vtt").click()
    page.locator(".st-key-an_new_partner input").wait_for()
    assert page.locator(".st-key-an_new_partner input").input_value() == "Kitamura Precision"
    page.locator(".st-key-an_go button").click()
    page.locator(".transcript").first.wait_for(state="visible", timeout=ANALYSIS_MS)
    assert "partner Kitamura Precision" in page.locator("[data-testid=stMain]").inner_text()
    page.get_by_text("searchable on the Search page").wait_for()  # indexed in the background

    _go_to(page, "Meetings", "Meetings and follow-ups")
    page.get_by_text("Findings per kind per meeting, oldest first").wait_for()
    _grid_cell(page, "Kitamura Precision")  # a row of the history table
    _shoot(page, tmp_path, "meetings")

    _choose(page, "me_partner", "Kitamura Precision")
    page.locator(".st-key-me_brief").wait_for(state="visible")  # the partner brief, from partner memory
    assert page.locator(".st-key-me_partner input").input_value() == "Kitamura Precision"
    page.get_by_text("Open conflicts carried over").wait_for()  # partner memory's indicators
    labels = page.locator("[data-testid=stMetricLabel]").all_inner_texts()
    assert {"Overdue", "Trend"} <= {label.strip() for label in labels}, labels
    _grid_cell(page, "check", "th")  # the partner's commitments, with partner memory's statuses
    _shoot(page, tmp_path, "partner")

    _go_to(page, "Search", "Search past meetings")
    _choose(page, "se_partner", "Kitamura Precision")
    query = page.locator(".st-key-se_query input")
    query.fill("price increase")
    query.press("Enter")
    texts = _hits(page, "price increase")
    assert texts and all("Kitamura Precision" in text for text in texts), texts  # the partner filter
    _shoot(page, tmp_path, "search")


def test_the_evaluate_page_scores_the_offline_extractor_on_the_test_set(page, tmp_path):
    _go_to(page, "Evaluate", "Evaluate extraction quality")
    page.locator("[data-testid=stFormSubmitButton] button", has_text="Run evaluation").click()
    page.get_by_text("Evaluated 1 of 1 backend(s)").wait_for(timeout=ANALYSIS_MS)
    page.get_by_text(" · 10 meetings · ").wait_for()  # the run's line: backend, dataset, meetings, time
    micro = page.locator("[data-testid=stMetric]", has_text="Micro F1")
    micro.wait_for()
    assert 0.0 < float(micro.locator("[data-testid=stMetricValue]").inner_text()) <= 1.0
    _grid_cell(page, "All (micro)")  # the per-kind score table
    _grid_cell(page, "test")  # the run went into the history of earlier runs
    _shoot(page, tmp_path, "evaluate")
