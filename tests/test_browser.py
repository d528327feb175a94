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
