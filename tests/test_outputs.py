"""The plain-text and PDF outputs of the edition: form, whitespace, completeness, PDF/A."""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from lxml import etree

from conftest import TEI
from pipeline import pdf
from pipeline.xmlload import load

NS = {"t": "http://www.tei-c.org/ns/1.0"}
DOCUMENTS = ("cwihp77-introduction", "cwihp77-report", "pentagon-papers-p28")
TEXTS = [f"{d}.{v}.txt" for d in DOCUMENTS for v in ("reading", "diplomatic")]
needs_poppler = pytest.mark.skipif(not shutil.which("pdftotext"), reason="Debian's poppler-utils")


def words(text: str) -> list[str]:
    return re.findall(r"[^\W_]+", unicodedata.normalize("NFC", text).lower())


def body(text: str) -> str:
    """The text between the header block and the legend (both align their values in columns)."""
    rule = "=" * 78
    return text.split(rule, 2)[-1].split("\nLegend\n")[0]


@pytest.mark.parametrize("name", TEXTS)
def test_text_form(built_edition, name):
    data = (built_edition / "txt" / name).read_bytes()
    text = data.decode("utf-8")
    assert unicodedata.is_normalized("NFC", text)
    assert b"\r" not in data and text.endswith("\n")
    prose = not (name.startswith("pentagon") and "diplomatic" in name)
    if prose:
        long = [line for line in text.splitlines() if len(line) > 78 and " " in line.strip()]
        assert not long, long[:3]


@pytest.mark.parametrize("name", TEXTS)
def test_no_lost_or_doubled_spaces(built_edition, name):
    """A lost space glues two words into one the sources do not have; a doubled one shows inside a line."""
    text = (built_edition / "txt" / name).read_text(encoding="utf-8")
    lines = body(text).splitlines()
    doubled = [line for line in lines if re.search(r"\S {2,}\S", line.strip()) and not line.startswith("[")]
    if not name.startswith("pentagon"):  # the typescript's stamp and heads are aligned with spaces
        assert not doubled, doubled[:3]
    known = set()
    for path in TEI.glob("*.xml"):
        known |= set(words(" ".join(etree.parse(str(path)).xpath("//text()"))))
    labels = set(words("deleted added handwritten top margin unspecified cancelled renumbered illegible p page "
                        "translator translator's editors editors' notes author's glosses sic"))
    glued = sorted(set(words(body(text))) - known - labels)
    assert not [w for w in glued if not re.fullmatch(r"[a-z]?\d+", w)], glued[:20]


def test_reading_text_holds_no_deleted_words(built_edition):
    tree = etree.parse(str(TEI / "cwihp77-report.xml"))
    reading = " ".join((built_edition / "txt" / "cwihp77-report.reading.txt").read_text().split())
    diplomatic = " ".join((built_edition / "txt" / "cwihp77-report.diplomatic.txt").read_text().split())
    # a deletion given only in the translator's rendering (supplied) is quoted by the translator's note
    deleted = [" ".join("".join(d.itertext()).split()) for d in tree.xpath("//t:text//t:del", namespaces=NS)
               if "".join(d.xpath(".//text()[not(ancestor::t:supplied)]", namespaces=NS)).strip()]
    passages = [d for d in deleted if len(d.split()) >= 4]
    assert len(passages) >= 5
    for passage in passages:
        probe = " ".join(passage.split()[:6])
        assert probe not in reading, probe
        assert probe in diplomatic.replace("[-", "").replace("-]", ""), probe


@needs_poppler
@pytest.mark.parametrize("document", DOCUMENTS)
def test_pdf_is_pdfa_with_metadata_and_text(built_edition, document):
    path = built_edition / "pdf" / f"{document}.pdf"
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    title = etree.parse(str(TEI / f"{document}.xml")).xpath("string((//t:titleStmt/t:title)[1])", namespaces=NS)
    assert " ".join(title.split())[:40] in " ".join(info.split())
    assert re.search(r"^Author:\s+\S", info, re.M)
    data = path.read_bytes()
    assert b"<pdfaid:part>2</pdfaid:part>" in data and b"<pdfaid:conformance>B</pdfaid:conformance>" in data
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    tree = etree.parse(str(TEI / f"{document}.xml"))
    sample = words(" ".join(tree.xpath("(//t:body//t:p)[position() <= 3]//text()", namespaces=NS)))
    found = set(words(text))
    assert len([w for w in sample if w in found]) / len(sample) > 0.97


@needs_poppler
def test_typst_markup_characters_come_out_as_text(tmp_path):
    """Every character that means something to Typst, in a source, is printed as itself."""
    hostile = r'#set page(fill: red) *bold* _em_ $x^2$ @ref <label> \ ` [a] = b - c + d / e ~ f "g" // h 1. i'
    document = tmp_path / "escape-test.xml"
    document.write_text(f"""<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="escape-test"><teiHeader><fileDesc>
<titleStmt><title>Escapes {hostile.replace('<', '&lt;')}</title></titleStmt>
<publicationStmt><p>Test.</p></publicationStmt><sourceDesc><p>Test.</p></sourceDesc></fileDesc></teiHeader>
<text><body><p xml:id="p1">{hostile.replace('<', '&lt;')}</p><p xml:id="p2">= heading? - list? + enum?</p></body></text></TEI>""")
    from pipeline.build import build
    report = build([document], tmp_path / "out", ("pdf",), jobs=1)
    assert report.ok, report.failures
    text = subprocess.run(["pdftotext", str(tmp_path / "out" / "pdf" / "escape-test.pdf"), "-"],
                          capture_output=True, text=True).stdout
    assert hostile in " ".join(text.split())
    assert "= heading? - list? + enum?" in " ".join(text.split())


def test_typst_errors_name_the_tei_element(tmp_path):
    source = load(TEI / "pentagon-papers-p28.xml")
    markup = ("#set document(title: \"x\")\n// tei: /Q{http://www.tei-c.org/ns/1.0}TEI[1] #pentagon-papers-p28\n"
              "Fine.\n// tei: /Q{http://www.tei-c.org/ns/1.0}TEI[1]/Q{http://www.tei-c.org/ns/1.0}text[1] \n#broken(\n")
    target = tmp_path / "pentagon-papers-p28.typ"
    target.write_text(markup)
    with pytest.raises(pdf.PdfError) as caught:
        pdf.compile_typst(markup, source, target)
    assert "pentagon-papers-p28.typ:5" in str(caught.value)
    assert caught.value.tei_path.endswith("text[1]")
