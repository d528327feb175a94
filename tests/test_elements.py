"""Per-element fixtures: golden outputs (rewritten only with --update-goldens, then reviewed) and intent rows
(tests/fixtures/elements/intent.tsv: XPath over the HTML page or a regex over both text views;
typst-intent.tsv: a regex over the Typst source of one view: `x.typ` the reading view, `x.diplomatic.typ` the
diplomatic one, each as Typst compiles it from the document's one source, tests/typstviews.py)."""

from __future__ import annotations

import csv
import re
from functools import lru_cache
from pathlib import Path

import pytest
from lxml import html

from conftest import FIXTURES
from typstviews import view_source
from pipeline.transform import STYLESHEETS, Stylesheets, render as render_outputs
from pipeline.xmlload import load, parse_bytes

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
    (pipeline.transform.render: the prepare pass, then each output from the prepared tree). A fixture whose
    encoding gives the views nothing different to show has no diplomatic text; the Typst source holds both views."""
    stem = name.removesuffix(".xml")
    files = {("html", "reading"): f"{stem}.html",
             ("text", "reading"): f"{stem}.reading.txt", ("text", "diplomatic"): f"{stem}.diplomatic.txt",
             ("typst", "reading"): f"{stem}.typ"}
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


def check_goldens(folder: Path, stem: str, outputs: dict[str, str], update_goldens: set[str]) -> None:
    """Each output of a fixture (by file name) against its golden file in folder, rewritten first for the formats
    asked; a golden of an output no longer made (a document of one view has no diplomatic text) is an error, removed
    with --update-goldens."""
    gone = [p.name for p in folder.glob(f"{stem}.*") if p.name not in outputs]
    if gone and update_goldens:
        for name in gone:
            (folder / name).unlink()
    else:
        assert not gone, f"goldens of outputs the build no longer makes: {gone}"
    for name, text in outputs.items():
        golden = folder / name
        actual = golden_form(name, text)
        if name.rsplit(".", 1)[1] in update_goldens:
            golden.parent.mkdir(exist_ok=True)
            golden.write_text(actual, encoding="utf-8")
        assert golden.exists(), f"no golden for {name}: run pytest --update-goldens and review the file"
        assert actual == golden.read_text(encoding="utf-8"), f"{name} differs from its golden file"


@pytest.mark.parametrize("fixture", FIXTURE_FILES)
def test_golden_outputs(fixture, update_goldens):
    check_goldens(GOLDEN, fixture.removesuffix(".xml"), render(fixture), update_goldens)


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
            if f"{stem}.{view}.txt" in outputs:  # a document of one view has no diplomatic text
                assert re.search(row["expected"], outputs[f"{stem}.{view}.txt"]), f"{view} text"


@pytest.mark.parametrize("row", rows("typst-intent.tsv"), ids=lambda r: f"{r['typ']}:{r['regex'][:40]}")
def test_typst_intent(row):
    stem = row["file"].removesuffix(".xml")
    view = "diplomatic" if row["typ"] == f"{stem}.diplomatic.typ" else "reading"
    assert row["typ"] in (f"{stem}.typ", f"{stem}.diplomatic.typ")
    assert re.search(row["regex"], view_source(render(row["file"])[f"{stem}.typ"], view))


def test_every_fixture_has_intent_rows():
    described = {r["file"] for r in rows("intent.tsv")}
    assert set(FIXTURE_FILES) <= described


# ----- outputs draw behaviours, not elements -----

TEI_NS = "http://www.tei-c.org/ns/1.0"
XSL_NS = "http://www.w3.org/1999/XSL/Transform"
OUTPUT_STYLESHEETS = ("html.xsl", "text.xsl", "typst.xsl", "site.xsl", "csl.xsl")
# The TEI element names an output stylesheet may match or test, with why: none. What an element is, and every
# parameter of its drawing, is its row of the behaviour table (model.xsl); the outputs read the prepared tree.
ELEMENT_NAME_EXCEPTIONS: dict[str, dict[str, str]] = {name: {} for name in OUTPUT_STYLESHEETS}


def tei_names_in(stylesheet: Path) -> set[str]:
    """The TEI element names a stylesheet's expressions and patterns use: prefixed names in the TEI namespace,
    EQNames in it (Q{...}name), wildcard steps (*:name) and comparisons of local-name() with a literal."""
    from lxml import etree
    tree = etree.parse(str(stylesheet))
    prefixes = {p for el in tree.iter() for p, uri in (el.nsmap or {}).items() if uri == TEI_NS and p}
    patterns = [re.compile(rf"(?<![\w.\-]){re.escape(p)}:([A-Za-z_][\w.\-]*)") for p in prefixes]
    patterns += [re.compile(r"Q\{" + re.escape(TEI_NS) + r"\}([A-Za-z_][\w.\-]*)"),
                 re.compile(r"\*:([A-Za-z_][\w.\-]*)"),
                 re.compile(r"local-name\(\s*\.?\s*\)\s*(?:=|eq|!=|ne)\s*['\"]([\w.\-]+)['\"]")]
    found = set()
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        # patterns and expressions (XSLT attributes), attribute and text value templates: every value is searched
        for value in [*element.attrib.values(), element.text or ""]:
            for pattern in patterns:
                found |= set(pattern.findall(value))
    return found


@pytest.mark.parametrize("stylesheet", OUTPUT_STYLESHEETS)
def test_outputs_name_no_tei_element_but_the_listed_exceptions(stylesheet):
    """An output draws behaviours from the prepared tree's parameters; an element name in it is a decision the
    behaviour table should make."""
    from conftest import REPO
    names = tei_names_in(REPO / "xslt" / stylesheet)
    assert names <= set(ELEMENT_NAME_EXCEPTIONS[stylesheet]), sorted(names - set(ELEMENT_NAME_EXCEPTIONS[stylesheet]))


def test_the_element_name_check_finds_names(tmp_path):
    """The check itself finds every way of naming an element."""
    sample = tmp_path / "sample.xsl"
    sample.write_text(f"""<xsl:stylesheet version="3.0" xmlns:xsl="{XSL_NS}" xmlns:t="{TEI_NS}" expand-text="yes">
  <xsl:template match="t:add | *[self::t:del]"><span class="{{if (self::Q{{{TEI_NS}}}note) then 'a' else 'b'}}"/></xsl:template>
  <xsl:template name="x"><xsl:if test="*:gap or local-name() = 'sic'">{{t:corr}}</xsl:if></xsl:template>
</xsl:stylesheet>""")
    assert tei_names_in(sample) == {"add", "del", "note", "gap", "sic", "corr"}


# ----- document paths -----

def test_a_page_in_a_subfolder_links_through_its_document_path(tmp_path):
    """With document-path (the build's name for a document, INTERFACES.md), a page in a subfolder reaches the site
    pages, the assets and the registers through ../ per folder, and its downloads under the same path in each
    format's folder; its summary carries the path by which the site pages link to it."""
    from lxml import html as lhtml
    sheets = Stylesheets(("html", "site"))
    sheets.set_corpus([])
    sheets.set_site(("html", "txt", "pdf"), ("registers.xml",))
    rendered = render_outputs(sheets, load(ELEMENTS / "persName.001.xml"), [("html", "reading")],
                              document_path="editions/1958/persName.001", summary=True)
    page = lhtml.fromstring(rendered.results[("html", "reading")].text)
    links = {link for link in page.xpath("//@href | //@src") if not link.startswith("#")}
    root, top = "../../", "../../../"
    assert {f"{root}edition.css", f"{root}edition.js", f"{root}index.html", f"{root}encoding.html"} <= links
    assert {f"{top}tei/editions/1958/persName.001.xml", f"{top}tei/registers.xml",
            f"{top}txt/editions/1958/persName.001.reading.txt", f"{top}pdf/editions/1958/persName.001.pdf"} <= links
    names = page.xpath("//section[@id='reading']//a[contains(@class, 'name')]/@href")
    assert names and all(href.startswith(f"{root}persons.html#") for href in names)
    assert all(link.startswith((root, "http")) for link in links), sorted(links)
    assert 'path="editions/1958/persName.001"' in rendered.summary
    summary = sheets.document(parse_bytes(rendered.summary.encode(), tmp_path / "summary.xml", "summary.xml"))
    # (the fixture's own standOff serves as the registers: its persons are listed with their occurrences)
    sheets.set_corpus([sheets.document(load(ELEMENTS / "persName.001.xml"))], [summary])
    index = lhtml.fromstring(sheets.call("site", "index-page").text)
    assert index.xpath("//ul[@class='document-list']//a/@href") == ["editions/1958/persName.001.html"]
    assert "editions/1958/persName.001.html#" in sheets.call("site", "persons-page").text
