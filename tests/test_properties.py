"""Properties over generated input (Hypothesis): TEI documents built from the edition's vocabulary with text
full of every output syntax's markup characters must build in every format and lose no text; the loader takes
any bytes without crashing; no generated URL becomes a script, data or file link in HTML."""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from functools import lru_cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, note, settings, strategies as st
from lxml import etree, html

from pipeline import pdf
from pipeline.transform import STYLESHEETS, Stylesheets, render as render_outputs
from pipeline.xmlload import TEI_NS, SourceError, parse_bytes
from conftest import REPO

T = f"{{{TEI_NS}}}"
VOCABULARY = {line.strip() for line in (REPO / "schema" / "edition-elements.txt").read_text().splitlines()
              if line.strip() and not line.startswith("#")}
# Modest and without a database in the work tree: the whole file runs in about a minute.
SETTINGS = settings(max_examples=40, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# Characters of every output syntax (HTML, Typst, Markdown-like list markers, the text view's own brackets),
# letters of the scripts the PDF fonts cover, and the line separators Typst breaks lines at.
ALPHABET = ("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
            " <>&\"'#*_$@\\`[]=-+/~.,;:!?(){}|^%"
            "àéîõüçñÅßøĐđăâêôơưạảấầẫậệịọụữỳ" "αβγΔΩ" "жЩя" "中文字" "—–…«»“”‘’·" "\u00a0\u2028\u2029\u0085\t\n")
SPECIALS = ["- ", "1. ", "+ ", "* ", "= ", "/ term: ", "//", "/*", "*/", "#let x = 1", "#panic()", "$x$", "`raw`",
            "```", "@label", "<label>", "\\", "\\u{41}", "...", "--", "---", "~", "https://example.org/x",
            "]]>", "&amp;", "&#106;", "{", "}", "\n- item", "\n1. x", "\n= head", "# ", "12.", "(x)", ".x",
            "<script>alert(1)</script>", "-->", "<!--", "''", "\"\"", "[-", "-]", "[+", "+]"]
TARGETS = ["https://example.org/a", "#p1", "mailto:x@example.org", "javascript:alert(1)", "../../etc/passwd",
           "file:///etc/passwd", "data:text/html,x", "http://example.org/\"q\"", ""]
RENDS = ["italic", "bold", "sup", "smallcaps", "underline strike", "color:red", "x\"y", ""]
LANGS = ["fr", "vi", "zh", "x-bogus", "en\"x", ""]

text_runs = st.lists(st.one_of(st.text(ALPHABET, max_size=12), st.sampled_from(SPECIALS)), max_size=3).map("".join)


def element(tag: str, text: str = "", **attributes) -> etree._Element:
    names = {"xml_lang": "{http://www.w3.org/XML/1998/namespace}lang"}
    el = etree.Element(T + tag, {names.get(k, k): v for k, v in attributes.items() if v})
    el.text = text
    return el


@st.composite
def inline(draw, depth: int = 0, in_note: bool = False) -> etree._Element:
    """One phrase-level element of the edition's vocabulary, with text and (at shallow depth) children."""
    simple = ["hi", "q", "quote", "said", "persName", "forename", "surname", "placeName", "orgName", "geogName",
              "foreign", "add", "del", "supplied", "emph", "seg", "num", "date", "time", "unclear", "damage",
              "stamp", "ref", "title", "label", "abbr", "expan", "sic", "metamark", "fw"]
    kinds = simple + ["choice", "subst", "lb", "pb", "milestone", "anchor", "ptr", "gap"] + ([] if in_note else ["note"])
    kind = draw(st.sampled_from(kinds))
    if kind in ("choice", "subst"):
        pair = draw(st.sampled_from([("sic", "corr"), ("orig", "reg"), ("abbr", "expan")] if kind == "choice"
                                    else [("del", "add")]))
        el = element(kind)
        for name in pair:
            el.append(element(name, draw(text_runs)))
        return el
    if kind in ("lb", "pb", "milestone", "anchor"):
        return element(kind, n=draw(st.sampled_from(["1", "5", "10", "x\"", ""])),
                       unit="section" if kind == "milestone" else "")
    if kind == "ptr":
        return element(kind, target=draw(st.sampled_from(TARGETS)))
    if kind == "gap":
        return element("gap", reason=draw(st.sampled_from(["illegible", "<b>", ""])))
    attributes = {}
    if kind == "hi":
        attributes["rend"] = draw(st.sampled_from(RENDS))
    if kind == "foreign":
        attributes["xml_lang"] = draw(st.sampled_from(LANGS))
    if kind == "ref":
        attributes["target"] = draw(st.sampled_from(TARGETS))
    if kind == "note":
        attributes["place"] = draw(st.sampled_from(["foot", "inline", ""]))
        attributes["type"] = draw(st.sampled_from(["translator", "editorial", "gloss", ""]))
    if kind in ("add", "metamark", "fw"):
        attributes["place"] = draw(st.sampled_from(["above", "margin", "top", "inline", ""]))
    if kind == "fw":
        attributes["type"] = draw(st.sampled_from(["pageNum", "stamp", "header", ""]))
    el = element(kind, draw(text_runs), **attributes)
    if depth < 2:
        fill(draw, el, depth + 1, in_note or kind == "note")
    assert etree.QName(el).localname in VOCABULARY
    return el


def fill(draw, parent: etree._Element, depth: int, in_note: bool = False) -> None:
    for child in draw(st.lists(inline(depth, in_note), max_size=3 if depth < 2 else 1)):
        child.tail = draw(text_runs)
        parent.append(child)


@st.composite
def block(draw) -> etree._Element:
    kind = draw(st.sampled_from(["p", "p", "p", "ab", "list", "note", "quote"]))
    if kind == "quote":
        el, p = element("quote"), element("p", draw(text_runs))
        fill(draw, p, 1)
        el.append(p)
        return el
    if kind == "list":
        el = element("list", rend=draw(st.sampled_from(["numbered", "bulleted", ""])))
        for _ in range(draw(st.integers(1, 3))):
            item = element("item", draw(text_runs))
            fill(draw, item, 1)
            el.append(item)
        return el
    el = element(kind, draw(text_runs))
    fill(draw, el, 0, in_note=kind == "note")
    return el


@st.composite
def documents(draw) -> etree._Element:
    tei = etree.Element(T + "TEI", nsmap={None: TEI_NS})
    tei.set("{http://www.w3.org/XML/1998/namespace}id", "generated")
    header = etree.SubElement(tei, T + "teiHeader")
    file_desc = etree.SubElement(header, T + "fileDesc")
    etree.SubElement(etree.SubElement(file_desc, T + "titleStmt"), T + "title").text = "Title " + draw(text_runs)
    etree.SubElement(etree.SubElement(file_desc, T + "publicationStmt"), T + "p").text = "Generated."
    etree.SubElement(etree.SubElement(file_desc, T + "sourceDesc"), T + "p").text = "Hypothesis."
    div = etree.SubElement(etree.SubElement(etree.SubElement(tei, T + "text"), T + "body"), T + "div")
    if draw(st.booleans()):
        head = element("head", draw(text_runs))
        fill(draw, head, 1)
        div.append(head)
    for child in draw(st.lists(block(), min_size=1, max_size=3)):
        div.append(child)
    return tei


# ===== What a view must show =====
HIDDEN = {"reading": {"del", "metamark", "fw"}, "diplomatic": set()}
HIDDEN_IN_CHOICE = {"reading": {"sic", "orig", "abbr"}, "diplomatic": {"corr", "reg", "expan"}}


def shown_texts(el: etree._Element, view: str, notes_view: str | None = None) -> list[str]:
    """The text nodes a view shows (numbered notes in notes_view: the web page lists them in the reading view;
    glosses and inline notes stand in the text)."""
    name = etree.QName(el).localname
    if name == "note" and notes_view and el.get("place") != "inline" and el.get("type") != "gloss":
        view, notes_view = notes_view, None
    parent = el.getparent()
    if name in HIDDEN[view] or (parent is not None and etree.QName(parent).localname == "choice"
                                and name in HIDDEN_IN_CHOICE[view]):
        return []
    found = [el.text or ""]
    for child in el:
        found += shown_texts(child, view, notes_view)
        found.append(child.tail or "")
    return found


def comparable(text: str) -> str:
    """Text as compared: NFKC, without whitespace and invisible characters (a PDF's text layer has neither
    the source's spaces nor its soft hyphens; line breaks fall where the layout puts them)."""
    text = unicodedata.normalize("NFKC", text)
    return "".join(c for c in text if not c.isspace() and unicodedata.category(c) not in ("Cf", "Cc"))


def words(texts: list[str]) -> list[str]:
    return [comparable(w) for t in texts for w in t.split() if comparable(w)]


def assert_no_loss(expected: list[str], output: str, what: str) -> None:
    haystack = comparable(output)
    lost = [w for w in expected if w not in haystack]
    assert not lost, f"{what} lost {lost!r}"


@lru_cache(maxsize=1)
def stylesheets() -> Stylesheets:
    sheets = Stylesheets(STYLESHEETS)
    sheets.set_corpus([])
    return sheets


def render(tei: etree._Element) -> tuple[object, dict[str, str], tuple[str, ...]]:
    """Every output of a generated document, made as the build makes them (pipeline.transform.render), and the
    views it has (one Typst source holds them all)."""
    source = parse_bytes(etree.tostring(tei, encoding="utf-8", xml_declaration=True), Path("generated.xml"),
                         "generated.xml")
    names = {("html", "reading"): "html", ("text", "reading"): "reading.txt", ("text", "diplomatic"): "diplomatic.txt",
             ("typst", "reading"): "typ"}
    rendered = render_outputs(stylesheets(), source, names)
    return source, {names[key]: result.text for key, result in rendered.results.items()}, rendered.views


@SETTINGS
@given(documents())
def test_generated_documents_build_in_every_format_and_lose_no_text(tmp_path_factory, tei):
    note(etree.tostring(tei, encoding="unicode"))
    source, outputs, views = render(tei)
    body = tei.find(f"{T}text")
    title = words([tei.findtext(f".//{T}title")])
    page = html.fromstring(outputs["html"])
    section = {s.get("id"): s.text_content() for s in page.xpath("//section[@id]")}
    assert_no_loss(title, page.xpath("string(//h1)"), "the page's title")
    typeset = pdf.typeset(outputs["typ"], source, "generated.typ", views)
    for view in views:  # a document whose views would show the same has the reading view alone
        expected = words(shown_texts(body, view))
        assert_no_loss(title + expected, outputs[f"{view}.txt"], f"{view}.txt")
        assert_no_loss(words(shown_texts(body, view, notes_view="reading")),
                       section[view] + section["notes"], f"the page's {view} view")
        pdf_path = tmp_path_factory.mktemp("typst") / f"generated.{view}.pdf"
        pdf_path.write_bytes(typeset.pdfs[view])
        if shutil.which("pdftotext"):
            text = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", str(pdf_path), "-"], capture_output=True,
                                  text=True, check=True).stdout
            assert_no_loss(title + expected, text, f"the {view} PDF")
    if views == ("reading",):  # then the diplomatic view would have shown the same words
        assert words(shown_texts(body, "diplomatic")) == words(shown_texts(body, "reading"))


# ===== The loader takes any bytes =====
VALID = (REPO / "tests" / "fixtures" / "elements" / "choice.001.xml").read_bytes()


@st.composite
def mangled(draw) -> bytes:
    """A valid document cut, with bytes flipped or inserted, or arbitrary bytes."""
    data = bytearray(VALID[: draw(st.integers(0, len(VALID)))])
    for _ in range(draw(st.integers(0, 4))):
        if data:
            data[draw(st.integers(0, len(data) - 1))] = draw(st.integers(0, 255))
    if draw(st.booleans()):
        data[draw(st.integers(0, len(data))):0] = draw(st.binary(max_size=16))
    return bytes(data)


@settings(max_examples=300, deadline=None, database=None)
@given(st.one_of(st.binary(max_size=64), mangled()))
def test_loader_refuses_or_accepts_but_never_crashes(data):
    try:
        source = parse_bytes(data, Path("fuzz.xml"), "fuzz.xml")
    except SourceError as error:
        line = str(error)
        assert re.match(r"fuzz\.xml:\d+:\d+: error: \S", line) and "\n" not in line
    else:
        assert source.root is not None


# ===== No URL becomes script =====
SCHEMES = ["javascript:", "data:", "vbscript:", "file:"]


@st.composite
def hostile_urls(draw) -> str:
    """A dangerous scheme in random case, with whitespace and control characters a browser ignores inserted
    anywhere (as characters or as character references in the XML) and leading spaces."""
    scheme = draw(st.sampled_from(SCHEMES))
    cased = "".join(c.upper() if draw(st.booleans()) else c for c in scheme)
    noise = st.sampled_from(["\t", "\n", "\r", " ", ""])
    mixed = "".join(c + draw(noise) for c in cased)
    return draw(st.sampled_from(["", " ", "\t", "\n "])) + mixed + "alert(1)"


def browser_scheme(url: str) -> str:
    """The scheme a browser sees (WHATWG URL parsing: trim C0 controls and spaces, drop tabs and newlines)."""
    url = re.sub(r"[\t\n\r]", "", url.strip("\x00\x01\x02\x03\x04\x05\x06\x07\x08\t\n\x0b\x0c\r\x0e\x0f"
                                               "\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f "))
    match = re.match(r"([A-Za-z][A-Za-z0-9+.\-]*):", url)
    return match.group(1).lower() + ":" if match else ""


@SETTINGS
@given(st.lists(hostile_urls(), min_size=1, max_size=8))
def test_no_generated_url_becomes_a_script_data_or_file_link(urls):
    tei = etree.fromstring(VALID)
    p = tei.find(f".//{T}p")
    for url in urls:
        for tag, attribute in (("ref", "target"), ("ptr", "target"), ("graphic", "url")):
            el = etree.SubElement(p, T + tag, {attribute: url})
            el.text = None if tag != "ref" else "link"
    _, outputs, _ = render(tei)
    page = html.fromstring(outputs["html"])
    for el in page.iter():
        for name in ("href", "src"):
            value = el.get(name) if isinstance(el.tag, str) else None
            if value is not None:
                assert browser_scheme(value) not in SCHEMES, (el.tag, name, value)
