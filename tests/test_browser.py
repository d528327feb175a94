"""The web edition in a real browser (Debian's chromium, driven through chromedriver): both views, side by side
and one at a time, notes and names as cards and followed there and back, the search page, the pages' security
policy; screenshots of each view saved under tests/artifacts/ (at 1280 and 390 px where the layout changes)."""

from __future__ import annotations

import contextlib
import functools
import json
import http.server
import shutil
import threading
from pathlib import Path

import pytest
from conftest import TEI

webdriver = pytest.importorskip("selenium.webdriver")
from selenium.webdriver.common.actions import interaction  # noqa: E402
from selenium.webdriver.common.actions.action_builder import ActionBuilder  # noqa: E402
from selenium.webdriver.common.actions.pointer_input import PointerInput  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
CHROMIUM, CHROMEDRIVER = shutil.which("chromium"), shutil.which("chromedriver")
pytestmark = pytest.mark.skipif(not (CHROMIUM and CHROMEDRIVER), reason="Debian's chromium and chromium-driver")


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.contextmanager
def served(out: Path):
    """A built output folder served on a loopback port: the address of its html/ folder."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(out)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/html/"
    finally:
        server.shutdown()


@pytest.fixture(scope="module")
def site(built_edition):
    """The built output folder served on a loopback port."""
    with served(built_edition) as address:
        yield address


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
    """A note's mark opens its card; the card's link leads to the note in the list, whose link leads back."""
    open_page(browser, site + "cwihp77-introduction.html")
    reference = browser.find_element(By.CSS_SELECTOR, "#reading a[role='doc-noteref']")
    target_id = reference.get_attribute("href").split("#", 1)[1]
    reference.click()
    browser.find_element(By.CSS_SELECTOR, f".card a.card-more[href='#{target_id}']").click()
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
    person.click()  # the name's card, whose link leads to the entry
    browser.find_element(By.CSS_SELECTOR, f".card a.card-more[href='persons.html#{entry_id}']").click()
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
    """The ⌫ marker and a correction are in the tab order; focused (by keyboard or a tap), they show what the
    browser's tooltip said, in a card that describes them to a screen reader, and are named for it."""
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
    assert not browser.execute_script("return arguments[0].hasAttribute('title')", marker), "no native tooltip"
    tip = browser.find_element(By.CSS_SELECTOR, ".card-tip")
    assert tip.get_attribute("role") == "tooltip" and marker.get_attribute("aria-describedby") == tip.get_attribute("id")
    assert DELETED in tip.text
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", marker)
    shot(browser, "report-del-marker-focused")

    open_page(browser, site + "pentagon-papers-p28.html")
    corrected = [e for e in browser.find_elements(By.CSS_SELECTOR, "#reading .choice.corr") if e.text == "Europe"][0]
    browser.execute_script("arguments[0].focus()", corrected)
    assert browser.switch_to.active_element == corrected
    assert "“Burope”" in corrected.get_attribute("aria-label")
    assert "Burope" in browser.find_element(By.CSS_SELECTOR, ".card-tip").text


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
            if view:  # the view that holds it, or both side by side
                assert shown in (view, "both" if width == 1280 else view)
    finally:
        browser.set_window_size(1280, 1400)


def console_errors(browser) -> list:
    return [entry for entry in browser.get_log("browser")
            if entry["level"] == "SEVERE" and "favicon.ico" not in entry["message"]]


def wait_for(browser, condition, seconds: float = 20):
    return WebDriverWait(browser, seconds, poll_frequency=0.2).until(lambda driver: condition())


@pytest.mark.parametrize("width", [1280, 390])
def test_search_finds_a_word_of_the_report_and_its_link_lands_on_the_paragraph(browser, site, width):
    browser.set_window_size(width, 900)
    try:
        browser.get(site + "index.html")
        box = browser.find_element(By.CSS_SELECTOR, "form.site-search input[name='q']")
        box.send_keys("Kosygin", Keys.ENTER)  # the search box of every page leads to the search page
        wait_for(browser, lambda: browser.find_elements(By.CSS_SELECTOR, ".search-result li a"))
        assert browser.current_url.startswith(site + "search.html?q=Kosygin")
        shot(browser, f"search-{width}")
        links = browser.find_elements(By.CSS_SELECTOR, ".search-result a[href*='cwihp77-report.html#rep-']")
        assert links, "the report's paragraphs are found"
        assert not browser.find_elements(By.CSS_SELECTOR, ".search-result a[href*='#dip-']"), "not the diplomatic text"
        assert "Kosygin" in links[0].find_element(By.TAG_NAME, "mark").text
        fragment = links[0].get_attribute("href").split("#", 1)[1]
        assert not console_errors(browser)
        links[0].click()
        wait_for(browser, lambda: browser.current_url.endswith("#" + fragment))
        paragraph = browser.find_element(By.ID, fragment)
        assert paragraph.tag_name == "p" and "Kosygin" in paragraph.text
        assert in_viewport(browser, paragraph)
        top, bar_bottom = browser.execute_script("""return [document.getElementById(arguments[0]).getBoundingClientRect().top,
            document.querySelector('nav.views').getBoundingClientRect().bottom]""", fragment)
        assert top >= bar_bottom - 1
    finally:
        browser.set_window_size(1280, 1400)


def test_search_filters_by_document_and_person(browser, site):
    browser.get(site + "search.html?q=Soviet")
    wait_for(browser, lambda: browser.find_elements(By.CSS_SELECTOR, ".search-result"))
    assert len(browser.find_elements(By.CSS_SELECTOR, ".search-result")) >= 2
    document = browser.find_element(By.CSS_SELECTOR, "select[name='document']")
    titles = [o.text for o in document.find_elements(By.TAG_NAME, "option")]
    assert "Report on Meetings with Party Leaders of Eight Socialist Countries" in titles
    persons = [o.text for o in browser.find_elements(By.CSS_SELECTOR, "select[name='persons'] option")]
    assert "Zhou Enlai" in persons and "Persons" not in persons
    webdriver.support.select.Select(document).select_by_visible_text(
        "Report on Meetings with Party Leaders of Eight Socialist Countries")
    wait_for(browser, lambda: len(browser.find_elements(By.CSS_SELECTOR, ".search-result")) == 1)
    assert "document=Report" in browser.current_url, "the filter is in the address, to share or come back to"
    assert not console_errors(browser)


@pytest.fixture(scope="module")
def site_in_parts(tmp_path_factory):
    """The web edition with its search index made in parts, one page each (pipeline/search.py), served."""
    from pipeline import search
    from pipeline.build import build
    out = tmp_path_factory.mktemp("parts") / "out"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search, "PART_BYTES", 1)  # (the index is made in the command's process)
        assert build([TEI], out, ("html",), jobs=2).ok
    assert json.loads((out / "html" / "pagefind" / "parts.json").read_text()) == ["part-2/", "part-3/"]
    with served(out) as address:
        yield address


def test_search_in_an_index_of_parts_finds_every_document(browser, site_in_parts):
    """A corpus's index is made in parts (Pagefind's memory follows a part, not the corpus): the search page merges
    them, and finds and filters the documents of every part."""
    browser.get(site_in_parts + "search.html?q=Soviet")
    wait_for(browser, lambda: len(browser.find_elements(By.CSS_SELECTOR, ".search-result")) >= 2)
    pages = {a.get_attribute("href").split("/html/", 1)[1].split("#")[0]
             for a in browser.find_elements(By.CSS_SELECTOR, ".search-result li a")}
    assert {"cwihp77-report.html", "cwihp77-introduction.html"} <= pages, pages
    titles = [o.text for o in browser.find_elements(By.CSS_SELECTOR, "select[name='document'] option")]
    assert len([t for t in titles if t]) >= 3, titles  # the filter's values come from every part
    assert not console_errors(browser)


def test_search_opened_from_a_folder_says_it_needs_http(browser, built_edition):
    browser.get((built_edition / "html" / "search.html").as_uri() + "?q=Kosygin")
    note = browser.find_element(By.ID, "search-needs-http")
    assert note.is_displayed() and "edition serve" in note.text


def matching_tops(browser) -> list:
    """[id, top of its first line in the reading view, in the diplomatic view, left of each] of the paragraphs both
    views show: where the reader sees each begin (space the script adds before a paragraph is inside its box)."""
    return browser.execute_script("""
        const firstLine = (el) => {
          const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
          while (walker.nextNode()) {
            const node = walker.currentNode;
            if (!node.textContent.trim() || node.parentElement.closest('.lineno, .cite-link, .metamark')) continue;
            const range = document.createRange(); range.selectNodeContents(node);
            const rect = range.getClientRects()[0];
            if (rect) return rect;
          }
          return el.getBoundingClientRect();
        };
        const out = [];
        for (const r of document.querySelectorAll('#reading p[id], #reading li[id]')) {
          const d = document.getElementById('dip-' + r.id);
          if (!d || !r.offsetParent || !d.offsetParent) continue;
          const a = firstLine(r), b = firstLine(d);
          out.push([r.id, a.top + scrollY, b.top + scrollY, a.left, b.left]);
        }
        return out;""")


@pytest.mark.parametrize("page", ["cwihp77-report.html", "pentagon-papers-p28.html"])
def test_side_by_side_shows_matching_paragraphs_at_the_same_height(browser, site, page):
    browser.set_window_size(1280, 900)
    open_page(browser, site + page)
    assert browser.execute_script("return document.documentElement.dataset.view") == "both"
    tops = matching_tops(browser)
    assert len(tops) >= 3
    for paragraph, reading, diplomatic, left, right in tops:
        # (the diplomatic view's typescript lines are set smaller: their letters start a pixel or two lower)
        assert abs(reading - diplomatic) <= 3, (paragraph, reading, diplomatic)
        assert left + 300 < right, "the diplomatic text stands beside the reading text"
    middle = tops[len(tops) // 2][0]
    browser.execute_script("document.getElementById(arguments[0]).scrollIntoView({block: 'start'})", middle)
    shot(browser, f"side-by-side-{page.removesuffix('.html')}-1280")
    assert not console_errors(browser)


def test_a_page_of_one_view_shows_its_one_text_across_the_page(browser, site):
    """The introduction, born digital, has one view: no switch of views, no side by side, its text the page's
    width, and the script content with that."""
    browser.set_window_size(1280, 900)
    open_page(browser, site + "cwihp77-introduction.html")
    assert browser.execute_script("return document.documentElement.dataset.view") is None
    assert not browser.find_elements(By.CSS_SELECTOR, ".view-toggle, #diplomatic, a[href='#diplomatic']")
    text = browser.find_element(By.ID, "reading")
    assert text.is_displayed() and text.size["width"] > 600
    assert not console_errors(browser)


def top_block(browser) -> tuple[str, float]:
    """The first paragraph of the view shown below the views bar, and how far below the bar it starts."""
    return tuple(browser.execute_script("""
        const bar = document.querySelector('nav.views').getBoundingClientRect().bottom;
        const view = document.documentElement.dataset.view === 'diplomatic' ? '#diplomatic' : '#reading';
        for (const p of document.querySelectorAll(view + ' p[id]')) {
          const r = p.getBoundingClientRect();
          if (r.bottom > bar && r.height > 0) return [p.id, r.top - bar];
        }"""))


def test_changing_the_view_keeps_the_readers_place(browser, site):
    """On a narrow screen one view at a time: switched, the other view shows the same paragraph where it stood."""
    browser.set_window_size(390, 900)
    try:
        open_page(browser, site + "cwihp77-report.html")
        assert browser.execute_script("return document.documentElement.dataset.view") == "reading"
        assert not browser.find_element(By.CSS_SELECTOR, ".view-toggle button[value='both']").is_displayed()
        browser.execute_script("""const p = document.getElementById('rep-p060');
            p.scrollIntoView();  // the views bar now stands at the top of the window
            window.scrollBy(0, p.getBoundingClientRect().top - document.querySelector('nav.views').getBoundingClientRect().bottom - 40);""")
        paragraph, offset = top_block(browser)
        assert paragraph == "rep-p059" and offset < 0  # its end above rep-p060, which starts 40 px lower
        browser.find_element(By.CSS_SELECTOR, ".view-toggle button[value='diplomatic']").click()
        shown, shown_offset = top_block(browser)
        assert shown == "dip-rep-p059" and abs(shown_offset - offset) <= 2
        shot(browser, "report-diplomatic-390")
        browser.find_element(By.CSS_SELECTOR, ".view-toggle button[value='reading']").click()
        assert top_block(browser)[0] == "rep-p059" and abs(top_block(browser)[1] - offset) <= 2
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


def tap(browser, element) -> None:
    touch = PointerInput(interaction.POINTER_TOUCH, "finger")
    actions = ActionBuilder(browser, mouse=touch)
    actions.pointer_action.move_to(element).pointer_down().pointer_up()
    actions.perform()


@pytest.mark.parametrize("width", [1280, 390])
def test_a_note_card_opens_by_keyboard_and_by_a_tap_and_is_named(browser, site, width):
    browser.set_window_size(width, 900)
    try:
        open_page(browser, site + "cwihp77-introduction.html")
        page = browser.current_url
        reference = browser.find_element(By.CSS_SELECTOR, "#reading a[role='doc-noteref']")
        note = browser.find_element(By.ID, reference.get_attribute("href").split("#", 1)[1])
        body = note.find_element(By.CSS_SELECTOR, ".note-body").text
        browser.execute_script("arguments[0].scrollIntoView({block: 'center'}); arguments[0].focus()", reference)
        webdriver.ActionChains(browser).send_keys(Keys.ENTER).perform()
        card = browser.find_element(By.CSS_SELECTOR, ".card[role='dialog']")
        assert card.get_attribute("aria-label") == reference.get_attribute("aria-label")  # "Author’s note 1"
        assert browser.switch_to.active_element == card, "a screen reader is taken into the card"
        assert body in card.text
        assert reference.get_attribute("aria-expanded") == "true"
        assert browser.current_url == page, "the page stays where it is"
        assert browser.execute_script("return arguments[0].getBoundingClientRect().right", card) <= \
            browser.execute_script("return document.documentElement.clientWidth")
        shot(browser, f"note-card-{width}")
        webdriver.ActionChains(browser).send_keys(Keys.ESCAPE).perform()
        assert not browser.find_elements(By.CSS_SELECTOR, ".card")
        assert browser.switch_to.active_element == reference
        tap(browser, reference)
        card = browser.find_element(By.CSS_SELECTOR, ".card[role='dialog']")
        assert body in card.text and browser.current_url == page
        card.find_element(By.CSS_SELECTOR, "button.card-close").click()
        assert not browser.find_elements(By.CSS_SELECTOR, ".card")
        assert not console_errors(browser)
    finally:
        browser.set_window_size(1280, 1400)


def test_names_open_a_card_and_can_be_shown_as_plain_text(browser, site):
    open_page(browser, site + "cwihp77-report.html")
    name = browser.find_element(By.CSS_SELECTOR, "#reading a.name[href^='places.html#china']")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", name)
    tap(browser, name)
    card = browser.find_element(By.CSS_SELECTOR, ".card[role='dialog']")
    assert "The People’s Republic of China" in card.text
    assert card.find_element(By.CSS_SELECTOR, "a.card-more").get_attribute("href").endswith("places.html#china")
    shot(browser, "name-card-1280")
    webdriver.ActionChains(browser).send_keys(Keys.ESCAPE).perform()
    toggle = browser.find_element(By.CSS_SELECTOR, ".names-toggle input")
    assert toggle.is_displayed() and toggle.is_selected()
    toggle.click()
    paragraph_colour = browser.execute_script("return getComputedStyle(arguments[0].closest('p')).color", name)
    style = browser.execute_script("const s = getComputedStyle(arguments[0]); return [s.textDecorationLine, s.color, s.pointerEvents]", name)
    assert style == ["none", paragraph_colour, "none"]
    assert name.get_attribute("tabindex") == "-1", "plain names leave the tab order"
    shot(browser, "report-plain-names-1280")
    browser.refresh()  # the reader's choice is kept
    assert browser.execute_script("return document.documentElement.dataset.names") == "plain"
    browser.find_element(By.CSS_SELECTOR, ".names-toggle input").click()
    assert browser.execute_script("return document.documentElement.dataset.names") is None


@pytest.mark.parametrize("page", ["cwihp77-report.html", "index.html", "persons.html", "search.html"])
def test_pages_forbid_inline_script_and_only_the_search_page_runs_webassembly(browser, site, page):
    browser.get(site + page)
    policy = browser.find_element(By.CSS_SELECTOR, "meta[http-equiv='Content-Security-Policy']").get_attribute("content")
    rules = {rule.split()[0]: rule.split()[1:] for rule in policy.split(";") if rule.strip()}
    assert rules["script-src"] == (["'self'", "'wasm-unsafe-eval'"] if page == "search.html" else ["'self'"])
    assert rules["default-src"] == rules["style-src"] == ["'self'"]
    assert rules["object-src"] == rules["base-uri"] == ["'none'"]
    if page == "search.html":
        browser.get(site + "search.html?q=Hanoi")
        wait_for(browser, lambda: browser.find_elements(By.CSS_SELECTOR, ".search-result"))
    assert not console_errors(browser)
    ran = browser.execute_script("""const s = document.createElement('script');
        s.textContent = 'window.inlineRan = true'; document.head.appendChild(s); return window.inlineRan === true;""")
    assert not ran, "an inline script is refused"
    browser.get_log("browser")  # (the refusal is logged)


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
