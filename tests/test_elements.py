"""Per-element fixtures: golden outputs (rewritten only with --update-goldens, then reviewed) and intent rows
(tests/fixtures/elements/intent.tsv: XPath over the HTML page or a regex over both text views;
typst-intent.tsv: a regex over one .typ output)."""

from __future__ import annotations

import csv
import re
from functools import lru_cache
from pathlib import Path

import pytest
from lxml import html

from conftest import FIXTURES
from pipeline.transform import STYLESHEETS, Stylesheets, render as render_outputs
from pipeline.xmlload import load

ELEMENTS = FIXTURES / "elements"
GOLDEN = ELEMENTS / "golden"
FIXTURE_FILES = sorted(p.name for p in ELEMENTS.glob("*.xml"))


@lru_cache(maxsize=1)
def stylesheets() -> Stylesheets:
    sheets = Stylesheets(STYLESHEETS)
    sheets.set_corpus([])
    return sheets


@lru_cache(maxsize=None)
def render(name: str) -> dict[str, str]:
    """Every output of one fixture, keyed by the file name the build would give it, made as the build makes them
    (pipeline.transform.render: the prepare pass, then each output from the prepared tree)."""
    stem = name.removesuffix(".xml")
    files = {("html", "reading"): f"{stem}.html",
             ("text", "reading"): f"{stem}.reading.txt", ("text", "diplomatic"): f"{stem}.diplomatic.txt",
             ("typst", "reading"): f"{stem}.typ", ("typst", "diplomatic"): f"{stem}.diplomatic.typ"}
    rendered = render_outputs(stylesheets(), load(ELEMENTS / name), files)
    return {files[key]: result.text for key, result in rendered.results.items()}


def golden_form(name: str, text: str) -> str:
    """What a golden file keeps: the text sections of a page, the body of a .typ (not the shared preamble)."""
    if name.endswith(".html"):
        page = html.fromstring(text)
        sections = page.xpath("//section[@id='reading' or @id='diplomatic' or @id='notes']")
        return "\n".join(html.tostring(s, encoding="unicode") for s in sections) + "\n"
    if name.endswith(".typ"):
        start = re.search(r"^// tei: /", text, re.M)
        return text[start.start():] if start else text
    return text


@pytest.mark.parametrize("fixture", FIXTURE_FILES)
def test_golden_outputs(fixture, update_goldens):
    for name, text in render(fixture).items():
        golden = GOLDEN / name
        actual = golden_form(name, text)
        if name.rsplit(".", 1)[1] in update_goldens:
            golden.parent.mkdir(exist_ok=True)
            golden.write_text(actual, encoding="utf-8")
        assert golden.exists(), f"no golden for {name}: run pytest --update-goldens and review the file"
        assert actual == golden.read_text(encoding="utf-8"), f"{name} differs from its golden file"


def rows(table: str) -> list[dict]:
    with open(ELEMENTS / table, encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream, delimiter="\t", quoting=csv.QUOTE_NONE))


@pytest.mark.parametrize("row", rows("intent.tsv"), ids=lambda r: f"{r['file']}:{r['format']}:{r['xpath'][:40]}")
def test_intent(row):
    outputs = render(row["file"])
    stem = row["file"].removesuffix(".xml")
    if row["format"] == "html":
        value = html.fromstring(outputs[f"{stem}.html"]).xpath(row["xpath"])
        if isinstance(value, bool):
            value = "true" if value else "false"
        elif isinstance(value, float):
            value = str(int(value)) if value.is_integer() else str(value)
        assert str(value) == row["expected"]
    else:
        for view in ("reading", "diplomatic"):
            assert re.search(row["expected"], outputs[f"{stem}.{view}.txt"]), f"{view} text"


@pytest.mark.parametrize("row", rows("typst-intent.tsv"), ids=lambda r: f"{r['typ']}:{r['regex'][:40]}")
def test_typst_intent(row):
    assert re.search(row["regex"], render(row["file"])[row["typ"]])


def test_every_fixture_has_intent_rows():
    described = {r["file"] for r in rows("intent.tsv")}
    assert set(FIXTURE_FILES) <= described
