"""`edition serve`: the media types it sends, and with --watch a change of a source rebuilt and seen, in a real
process on a free loopback port (and, where Debian's chromium is installed, an open page reloading itself)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from conftest import TEI
from pipeline.serve import media_type

EDITION = Path(sys.executable).with_name("edition")
TITLE = "United States-Vietnam Relations, 1945-1967 (the Pentagon Papers), page 28"


@pytest.mark.parametrize("path, expected", [
    ("html/index.html", "text/html; charset=utf-8"),
    ("html/edition.js", "text/javascript; charset=utf-8"),
    ("html/pagefind/pagefind.js", "text/javascript; charset=utf-8"),
    ("html/pagefind/wasm.en.pagefind", "application/octet-stream"),
    ("html/pagefind/pagefind.en_0123456789.pf_meta", "application/octet-stream"),
    ("html/pagefind/fragment/en_0123456.pf_fragment", "application/octet-stream"),
    ("html/x.wasm", "application/wasm"),
    ("html/cwihp77-report.csl.json", "application/vnd.citationstyles.csl+json"),
    ("export/dts/collection/cwihp77-report.json", "application/ld+json"),
    ("export/dts/document/cwihp77-report.xml", "application/tei+xml"),
    ("tei/cwihp77-report.xml", "application/xml"),
    ("txt/cwihp77-report.reading.txt", "text/plain; charset=utf-8"),
    ("pdf/cwihp77-report.pdf", "application/pdf"),
    ("html/unknown.bin", "application/octet-stream"),
])
def test_media_types(path, expected):
    assert media_type(path) == expected


def fetch(url: str):
    """(status, headers (case-insensitive), body)."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, b""


def wait_until(condition, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(0.25)
    raise AssertionError(f"not within {seconds} s: {what}")


@pytest.fixture
def served(tmp_path):
    """`edition serve --watch` on a copy of two sources, on a free port: (process, base URL, sources folder)."""
    sources = tmp_path / "tei"
    sources.mkdir()
    for name in ("registers.xml", "pentagon-papers-p28.xml"):
        shutil.copyfile(TEI / name, sources / name)
    # the package's own path only (PYTHONSAFEPATH): the server runs the installed package
    process = subprocess.Popen([str(EDITION), "serve", "--watch", "--port", "0", "--format", "html", "--jobs", "1",
                                "--out", str(tmp_path / "out"), str(sources)], cwd=tmp_path,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True,
                               env={**os.environ, "PYTHONSAFEPATH": "1"})
    try:
        line = ""
        deadline = time.monotonic() + 120
        while "Serving" not in line and time.monotonic() < deadline and process.poll() is None:
            line = process.stdout.readline()
        found = re.search(r"(http://127\.0\.0\.1:\d+)/html/index\.html", line)
        assert found, (line, process.poll())
        yield process, found.group(1), sources
    finally:
        process.terminate()  # this test's own server, by its process
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)


def test_serve_watch_rebuilds_a_changed_source_and_the_page_shows_it(served):
    process, base, sources = served
    status, headers, body = fetch(base + "/html/pentagon-papers-p28.html")
    assert status == 200 and headers["Content-Type"] == "text/html; charset=utf-8"
    assert TITLE.encode() in body
    assert b'<script src="/__edition/reload.js" defer></script></head>' in body, "the page reloads after a rebuild"
    generation = json.loads(fetch(base + "/__edition/changes")[2])["generation"]
    # what the search page needs: its script, its WebAssembly and index, with their types
    assert fetch(base + "/html/pagefind/pagefind.js")[1]["Content-Type"].startswith("text/javascript")
    assert fetch(base + "/html/pagefind/wasm.en.pagefind")[0] == 200
    assert fetch(base + "/html/pentagon-papers-p28.csl.json")[1]["Content-Type"] == \
        "application/vnd.citationstyles.csl+json"
    assert fetch(base + "/")[0] == 200  # redirected to the index
    assert fetch(base + "/html/")[0] == 200 and fetch(base + "/tei/")[0] == 404, "no folder listings"
    assert fetch(base + "/html/../../tei/registers.xml")[0] in (200, 404)  # never outside the output folder
    source = sources / "pentagon-papers-p28.xml"
    source.write_text(source.read_text(encoding="utf-8").replace(TITLE, TITLE + ", revised"), encoding="utf-8")
    wait_until(lambda: (TITLE + ", revised").encode() in fetch(base + "/html/pentagon-papers-p28.html")[2], 120,
               "the changed title on the page")
    wait_until(lambda: json.loads(fetch(base + "/__edition/changes")[2])["generation"] > generation, 30,
               "the pages told to reload")
    # the search index was made again from the new page
    assert process.poll() is None


def test_serve_refuses_a_port_in_use(tmp_path):
    import socket
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run([str(EDITION), "serve", "--port", str(port), "--format", "txt", "--out",
                               str(tmp_path / "out"), str(TEI / "pentagon-papers-p28.xml")], cwd=tmp_path,
                              capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL)
    assert done.returncode == 1
    assert f"cannot serve on 127.0.0.1:{port}" in done.stderr and "Traceback" not in done.stderr


CHROMIUM, CHROMEDRIVER = shutil.which("chromium"), shutil.which("chromedriver")


@pytest.mark.skipif(not (CHROMIUM and CHROMEDRIVER), reason="Debian's chromium and chromium-driver")
def test_an_open_page_reloads_itself_after_a_rebuild(served, tmp_path):
    webdriver = pytest.importorskip("selenium.webdriver")
    _, base, sources = served
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 f"--user-data-dir={tmp_path / 'chromium'}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=webdriver.ChromeService(executable_path=CHROMEDRIVER), options=options)
    try:
        driver.get(base + "/html/pentagon-papers-p28.html")
        heading = lambda: driver.execute_script("return document.getElementById('doc-title').textContent")  # noqa: E731
        assert heading() == TITLE
        source = sources / "pentagon-papers-p28.xml"
        source.write_text(source.read_text(encoding="utf-8").replace(TITLE, TITLE + " (reloaded)"), encoding="utf-8")
        wait_until(lambda: heading() == TITLE + " (reloaded)", 120, "the open page reloaded with the new title")
        errors = [e for e in driver.get_log("browser") if e["level"] == "SEVERE" and "favicon" not in e["message"]]
        assert not errors, errors
    finally:
        driver.quit()
