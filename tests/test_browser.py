"""The web edition in a real browser (Debian's chromium, driven through chromedriver): both views, notes and
register links followed there and back, screenshots of each view saved under tests/artifacts/."""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from pathlib import Path

import pytest

webdriver = pytest.importorskip("selenium.webdriver")
from selenium.webdriver.common.by import By  # noqa: E402

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
CHROMIUM, CHROMEDRIVER = shutil.which("chromium"), shutil.which("chromedriver")
pytestmark = pytest.mark.skipif(not (CHROMIUM and CHROMEDRIVER), reason="Debian's chromium and chromium-driver")


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def site(built_edition):
    """The built output folder served on a loopback port."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                             functools.partial(QuietHandler, directory=str(built_edition)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/html/"
    server.shutdown()


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--window-size=1280,1400",
                 f"--user-data-dir={tmp_path_factory.mktemp('chromium')}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=webdriver.ChromeService(executable_path=CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


def shot(browser, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / f"{name}.png"))


def open_page(browser, url: str) -> None:
    """Load a page in the default (reading) view: the edition remembers a reader's last view."""
    browser.get(url)
    browser.execute_script("window.localStorage.clear()")
    browser.get(url)


def visible_text(browser, selector: str) -> str:
    return browser.execute_script(f"return document.querySelector({selector!r}).innerText")


def in_viewport(browser, element) -> bool:
    return browser.execute_script(
        "const r = arguments[0].getBoundingClientRect(); return r.bottom > 0 && r.top < window.innerHeight;", element)


DELETED = "Comrade Zhou Enlai devoted a great deal of time to talking about this subject."


def test_deletion_struck_through_in_diplomatic_view_and_absent_from_reading(browser, site):
    open_page(browser, site + "cwihp77-report.html")
    assert DELETED not in " ".join(visible_text(browser, "#reading").split())
    shot(browser, "report-reading")
    switch = [e for e in browser.find_elements(By.XPATH, "//button[normalize-space() = 'Diplomatic'] | "
                                                         "//a[@href = '#diplomatic']") if e.is_displayed()]
    switch[0].click()  # the view switch, or without it the anchor of the diplomatic section
    deletions = browser.find_elements(By.CSS_SELECTOR, "#diplomatic del")
    struck = [d for d in deletions if DELETED in " ".join(d.text.split())]
    assert struck, "the crossed-out line is in the diplomatic view"
    style = browser.execute_script("return getComputedStyle(arguments[0]).textDecorationLine", struck[0])
    assert "line-through" in style
    browser.execute_script("arguments[0].scrollIntoView()", struck[0])
    shot(browser, "report-diplomatic")


def test_note_link_there_and_back(browser, site):
    open_page(browser, site + "cwihp77-introduction.html")
    reference = browser.find_element(By.CSS_SELECTOR, "#reading a[role='doc-noteref']")
    target_id = reference.get_attribute("href").split("#", 1)[1]
    reference.click()
    assert browser.current_url.endswith("#" + target_id)
    note = browser.find_element(By.ID, target_id)
    assert in_viewport(browser, note) and note.text.strip()
    back = note.find_element(By.CSS_SELECTOR, f"a[href='#{reference.get_attribute('id')}']")
    back.click()
    assert browser.current_url.endswith("#" + reference.get_attribute("id"))
    assert in_viewport(browser, reference)


def test_person_link_to_the_register_and_back(browser, site):
    open_page(browser, site + "cwihp77-report.html")
    person = browser.find_element(By.CSS_SELECTOR, "#reading a[href^='persons.html#']")
    entry_id = person.get_attribute("href").split("#", 1)[1]
    occurrence_id = person.get_attribute("id")
    person.click()
    assert browser.current_url.endswith(f"persons.html#{entry_id}")
    entry = browser.find_element(By.ID, entry_id)
    shot(browser, "persons-register")
    back = entry.find_element(By.CSS_SELECTOR, f"a[href$='cwihp77-report.html#{occurrence_id}']")
    back.click()
    assert browser.current_url.endswith(f"cwihp77-report.html#{occurrence_id}")
    assert in_viewport(browser, browser.find_element(By.ID, occurrence_id))


def test_pages_work_without_javascript_errors(browser, site):
    for page in ("index.html", "pentagon-papers-p28.html", "encoding.html", "places.html", "organizations.html"):
        browser.get(site + page)
        assert browser.find_element(By.TAG_NAME, "main").text.strip()
        errors = [entry for entry in browser.get_log("browser")
                  if entry["level"] == "SEVERE" and "favicon.ico" not in entry["message"]]
        assert not errors, errors
    shot(browser, "pentagon-page")


def test_deletion_marker_and_correction_are_reached_and_shown_by_focus(browser, site):
    """The ⌫ marker and a correction are in the tab order; focused (by keyboard or a tap), they show what their
    tooltip says and are named for a screen reader."""
    open_page(browser, site + "cwihp77-report.html")
    marker = browser.find_element(By.CSS_SELECTOR, "#reading .del-marker")
    assert browser.execute_script("return arguments[0].tabIndex", marker) == 0
    label = marker.get_attribute("aria-label")
    assert label.startswith("Deleted") and DELETED in label
    # Tab from the element before it lands on it
    browser.execute_script("""
        const all = [...document.querySelectorAll('a[href], button, [tabindex="0"]')];
        all[all.indexOf(arguments[0]) - 1].focus();""", marker)
    webdriver.ActionChains(browser).send_keys("\ue004").perform()  # Tab
    assert browser.switch_to.active_element == marker
    shown = browser.execute_script("return getComputedStyle(arguments[0], '::after').content", marker)
    assert DELETED in shown
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", marker)
    shot(browser, "report-del-marker-focused")

    open_page(browser, site + "pentagon-papers-p28.html")
    corrected = [e for e in browser.find_elements(By.CSS_SELECTOR, "#reading .choice.corr") if e.text == "Europe"][0]
    browser.execute_script("arguments[0].focus()", corrected)
    assert browser.switch_to.active_element == corrected
    assert "“Burope”" in corrected.get_attribute("aria-label")
    assert "Burope" in browser.execute_script("return getComputedStyle(arguments[0], '::after').content", corrected)


def boxes_overlap(browser, a, b) -> bool:
    return browser.execute_script("""
        const r = arguments[0].getBoundingClientRect(), s = arguments[1].getBoundingClientRect();
        return r.left < s.right && s.left < r.right && r.top < s.bottom && s.top < r.bottom;""", a, b)


@pytest.mark.parametrize("width", [1280, 390])
def test_margin_marks_paragraph_links_and_quotation_rules_do_not_collide(browser, site, width):
    browser.set_window_size(width, 1000)
    try:
        # the "?" the translator puts in the margin (the "delete" notations have no place: they stand in the line)
        open_page(browser, site + "cwihp77-report.html#dip-rep-p056")
        marks = browser.find_elements(By.CSS_SELECTOR, "#diplomatic .metamark.margin")
        assert marks
        for mark in marks:
            paragraph = mark.find_element(By.XPATH, "ancestor::p[1]")
            link = paragraph.find_element(By.CSS_SELECTOR, "a.cite-link")
            assert not boxes_overlap(browser, mark, link), paragraph.get_attribute("id")
            assert browser.execute_script("return arguments[0].getBoundingClientRect().left", mark) >= 0
        browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", marks[0])
        shot(browser, f"report-metamarks-{width}")
        open_page(browser, site + "cwihp77-introduction.html#int-p22")
        quote = browser.find_element(By.CSS_SELECTOR, "#reading blockquote")
        link = quote.find_element(By.CSS_SELECTOR, "a.cite-link")
        rule = browser.execute_script("""const r = arguments[0].getBoundingClientRect();
            return [r.left, r.left + parseFloat(getComputedStyle(arguments[0]).borderLeftWidth)];""", quote)
        left, right = browser.execute_script(
            "const r = arguments[0].getBoundingClientRect(); return [r.left, r.right];", link)
        assert right <= rule[0] or left >= rule[1], "the ¶ stands on the quotation's rule"
        assert right <= width
        shot(browser, f"introduction-quotation-{width}")
    finally:
        browser.set_window_size(1280, 1400)


def test_typed_lines_stay_lines_on_a_narrow_screen(browser, site):
    """At 390 px the typescript's lines (lb) are not rewrapped: the block scrolls sideways, numbers in view."""
    browser.set_window_size(390, 900)
    try:
        open_page(browser, site + "pentagon-papers-p28.html#dip-pp28-p1")
        paragraphs = browser.find_elements(By.CSS_SELECTOR, "#diplomatic p.lined")
        assert len(paragraphs) == 4
        for paragraph in paragraphs:
            lines, breaks = browser.execute_script("""
                const p = arguments[0], tops = new Set();
                const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
                while (walker.nextNode()) {
                  if (!walker.currentNode.textContent.trim() || walker.currentNode.parentElement.closest('.lineno, .cite-link, .noteref')) continue;  // a raised mark is not a line
                  const range = document.createRange(); range.selectNodeContents(walker.currentNode);
                  for (const r of range.getClientRects()) tops.add(Math.round(r.top));
                }
                return [tops.size, p.querySelectorAll('br').length];""", paragraph)
            assert lines == breaks + 1, (paragraph.get_attribute("id"), lines, breaks)
        assert any(browser.execute_script("return arguments[0].scrollWidth > arguments[0].clientWidth", p)
                   for p in paragraphs)
        numbers = browser.find_elements(By.CSS_SELECTOR, "#diplomatic .lineno")
        assert numbers and all(n.is_displayed() for n in numbers)
        assert all(browser.execute_script("return arguments[0].getBoundingClientRect().left", n) >= 0 for n in numbers)
        shot(browser, "pentagon-diplomatic-390")
    finally:
        browser.set_window_size(1280, 1400)


@pytest.mark.parametrize("width", [1280, 390])
def test_a_linked_paragraph_or_note_stands_below_the_sticky_views_bar(browser, site, width):
    """Following a link (a register occurrence, a citation, a note) shows the target, not the bar over it."""
    browser.set_window_size(width, 900)
    try:
        for fragment, view in (("dip-rep-p120", "diplomatic"), ("rep-p039", "reading"), ("note-e1", None)):
            open_page(browser, site + f"cwihp77-report.html#{fragment}")
            top, bar_bottom, shown = browser.execute_script("""
                const t = document.getElementById(arguments[0]).getBoundingClientRect();
                const bar = document.querySelector('nav.views').getBoundingClientRect();
                return [t.top, bar.bottom, document.documentElement.dataset.view];""", fragment)
            assert top >= bar_bottom, (fragment, top, bar_bottom)
            if view:
                assert shown == view
    finally:
        browser.set_window_size(1280, 1400)


@pytest.mark.parametrize("name", ["cwihp77-report", "cwihp77-introduction", "pentagon-papers-p28", "encoding", "persons"])
def test_no_page_is_wider_than_a_390_px_screen(browser, site, name):
    """At 390 px nothing widens the page (the legend table, a long address in the metadata): only the typed lines of
    the Pentagon page scroll, inside their own block."""
    browser.set_window_size(390, 900)
    try:
        open_page(browser, site + f"{name}.html")
        browser.execute_script("document.documentElement.dataset.view = 'diplomatic'")
        page_width, screen = browser.execute_script(
            "return [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        assert page_width <= screen, (name, page_width, screen)
        for table in browser.find_elements(By.CSS_SELECTOR, "table.legend-table"):
            assert browser.execute_script("return arguments[0].getBoundingClientRect().right", table) <= screen
    finally:
        browser.set_window_size(1280, 1400)


def test_typed_lines_that_scroll_show_that_they_do(browser, site):
    """A typed line cut by a narrow screen has a sign at the edge that more of it is there (a shadow drawn while the
    block can scroll); a block that fits has none visible (the cover scrolls with the content and hides it)."""
    browser.set_window_size(390, 900)
    try:
        open_page(browser, site + "pentagon-papers-p28.html#dip-pp28-p2")
        paragraph = browser.find_element(By.CSS_SELECTOR, "#diplomatic p.lined")
        scrolls, background = browser.execute_script(
            "return [arguments[0].scrollWidth > arguments[0].clientWidth, getComputedStyle(arguments[0]).backgroundImage]",
            paragraph)
        assert scrolls and "radial-gradient" in background and "linear-gradient" in background
        browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", paragraph)
        shot(browser, "pentagon-scroll-cue-390")
    finally:
        browser.set_window_size(1280, 1400)
