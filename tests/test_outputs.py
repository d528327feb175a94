"""The plain-text and PDF outputs of the edition: form, whitespace, completeness, PDF/A."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from lxml import etree

from conftest import TEI
from typstviews import view_source
from pipeline import pdf
from pipeline.xmlload import load

NS = {"t": "http://www.tei-c.org/ns/1.0"}
DOCUMENTS = ("cwihp77-introduction", "cwihp77-report", "pentagon-papers-p28")
# the introduction, born digital, has one view: its encoding gives a diplomatic view nothing else to show
VIEWS = {"cwihp77-introduction": ("reading",), "cwihp77-report": ("reading", "diplomatic"),
         "pentagon-papers-p28": ("reading", "diplomatic")}
TEXTS = [f"{d}.{v}.txt" for d in DOCUMENTS for v in VIEWS[d]]
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


def test_pdf_helper_is_replaced_after_a_pdf_not_before_its_glyph_retry(tmp_path, monkeypatch):
    """Over the memory limit, the helper is replaced once the PDF is done: the retry after a character no font
    has reuses the helper that found it (and what Typst memoised there)."""
    monkeypatch.setattr(pdf, "MEMORY_LIMIT", 0)
    monkeypatch.setattr(pdf, "_no_glyph", set())
    source = load(TEI / "pentagon-papers-p28.xml")
    target = tmp_path / "glyph.typ"
    markup = "Alchemy: \U0001F701.\n"
    target.write_text(markup, encoding="utf-8")
    helpers = []
    compile_once = pdf._Helper.compile

    def compile(self, markup, timestamp, name):
        try:
            return compile_once(self, markup, timestamp, name)
        finally:
            helpers.append(self.process.pid if self.process else None)
    monkeypatch.setattr(pdf._Helper, "compile", compile)
    document, notes = pdf.compile_typst(markup, source, target)
    assert document.startswith(b"%PDF") and notes == ["no font has the character U+1F701: the PDF prints its code point"]
    assert len(helpers) == 2 and helpers[0] == helpers[1] is not None
    assert pdf._helper.process is None  # replaced (at the next PDF) as its memory passed the limit


def test_pdf_is_finished_by_an_incremental_update_that_readers_follow(tmp_path):
    """finish_pdf appends to Typst's file (its bytes kept as they are, its file identifier kept): poppler and qpdf
    read the catalog without /Suspects and the XMP with the contributors, escaped; a file whose cross-reference
    section is a stream (not Typst's way) is rewritten whole, with the same result."""
    import pikepdf
    compiler = __import__("typst").Compiler(font_paths=pdf.font_folders(), ignore_system_fonts=True)
    (tmp_path / "a.typ").write_text('#set document(title: "T")\nWords.\n', encoding="utf-8")
    typst_pdf = compiler.compile(input=str(tmp_path / "a.typ"), root=str(tmp_path), pdf_standards="a-2b",
                                 timestamp=0)
    names = ["Ann <Smith> & Co", "Émile"]
    with pikepdf.open(io.BytesIO(typst_pdf)) as document:
        out = io.BytesIO()
        document.save(out, object_stream_mode=pikepdf.ObjectStreamMode.generate, static_id=True)
        streamed_pdf = out.getvalue()
    for raw in (typst_pdf, streamed_pdf):
        finished = pdf.finish_pdf(raw, names)
        assert finished.startswith(raw) == (raw is typst_pdf)
        target = tmp_path / "finished.pdf"
        target.write_bytes(finished)
        info = subprocess.run(["pdfinfo", "-meta", str(target)], capture_output=True, text=True)
        assert info.returncode == 0 and not info.stderr, info.stderr
        assert ("<dc:contributor><rdf:Bag><rdf:li>Ann &lt;Smith&gt; &amp; Co</rdf:li><rdf:li>Émile</rdf:li>"
                "</rdf:Bag></dc:contributor>") in info.stdout
        with pikepdf.open(target) as document:
            assert document.check_pdf_syntax() == []
            assert "/Suspects" not in document.Root.MarkInfo and document.Root.MarkInfo.Marked
            assert document.trailer.ID == pikepdf.open(io.BytesIO(raw)).trailer.ID
            assert document.open_metadata()["dc:title"] == "T"
    assert pdf.finish_pdf(typst_pdf, names) == pdf.finish_pdf(typst_pdf, names)  # the same bytes each time
    assert b"/Suspects" not in pdf.finish_pdf(typst_pdf, [])[len(typst_pdf):]  # no names: /Suspects still dropped

# ----- the cross-format policy (common.xsl): every output and view says the same thing the same way -----

DELETED_MARKER = "[deleted passage — see the diplomatic text]"


def pdf_text(path: Path, layout: bool = True) -> str:
    return subprocess.run(["pdftotext", *(["-layout"] if layout else []), str(path), "-"],
                          capture_output=True, text=True).stdout


def flat(text: str) -> str:
    return " ".join(text.split())


def html_view(built_edition, document: str, view: str) -> str:
    from lxml import html
    page = html.fromstring((built_edition / "html" / f"{document}.html").read_bytes())
    return flat(page.xpath(f"string(//section[@id='{view}'])"))


@needs_poppler
def test_paraphrased_note_is_described_in_the_diplomatic_view_only(built_edition):
    """Point 4's handwritten note is not transcribed: the translator gives its sense. Every diplomatic output says
    so and names the translator's note; never a transcribed-looking '⟨delete⟩', nor the editors' 'mark'."""
    described = ("[note on the page (deletion), its words not transcribed: their sense is given by the translator, Merle"
                 " Pribbenow, in T5]")
    out = built_edition
    for diplomatic in (flat((out / "txt" / "cwihp77-report.diplomatic.txt").read_text()),
                       flat(pdf_text(out / "pdf" / "cwihp77-report.diplomatic.pdf", layout=False)),
                       html_view(out, "cwihp77-report", "diplomatic")):
        assert f"{described} [deleted: Comrade Brezhnev asked" in diplomatic
        assert "⟨delete⟩ Comrade" not in diplomatic and "mark, not transcribed" not in diplomatic
    assert "[margin: ?]" in (out / "txt" / "cwihp77-report.diplomatic.txt").read_text()  # a mark with content
    assert flat((out / "txt" / "cwihp77-report.diplomatic.txt").read_text()).count("[mark: delete]") == 3  # no place
    for reading in (body((out / "txt" / "cwihp77-report.reading.txt").read_text()),
                    pdf_text(out / "pdf" / "cwihp77-report.pdf").split("This PDF")[-1],
                    html_view(out, "cwihp77-report", "reading")):
        assert "not transcribed: the translator" not in reading
    legend = (out / "txt" / "cwihp77-report.diplomatic.txt").read_text().split("\nLegend\n")[1]
    assert "[note on the page …]" in legend and "mark, not transcribed" not in legend


@needs_poppler
def test_deletions_are_struck_only_where_the_encoding_says_so(built_edition):
    out = built_edition
    tree = etree.parse(str(TEI / "cwihp77-report.xml"))
    struck = tree.xpath("//t:text//t:del[@rend = 'strikethrough']", namespaces=NS)
    unstruck = tree.xpath("//t:text//t:del[not(@rend)]", namespaces=NS)
    assert struck and unstruck
    text = flat((out / "txt" / "cwihp77-report.diplomatic.txt").read_text())
    typ = view_source((out / "pdf" / "cwihp77-report.typ").read_text(), "diplomatic")
    page = (out / "html" / "cwihp77-report.html").read_text()
    for del_ in unstruck:
        start = " ".join("".join(del_.itertext()).split()[:4])
        assert f"[deleted: {start}" in text and f"[-{start}" not in text
        assert re.search(r'#ed-del-unstruck\("deleted", "deletion: handwritten"\)\[' + re.escape(start.split()[0]), typ)
        assert re.search(r'<del [^>]*class="[^"]*\bunstruck\b[^"]*"[^>]*><span class="unstruck-label">\[deleted: </span>'
                         + re.escape(start.split()[0]), page)
    assert len(re.findall(r"#ed-del\(", typ)) == len(struck)
    assert len(re.findall(r"#ed-del\(\"deletion: handwritten \(inferred\)\"\)", typ)) == len([d for d in struck if d.get("hand")])


@needs_poppler
def test_reading_outputs_leave_deleted_passages_out_alike(built_edition):
    """Reading TXT, PDF and HTML: no deleted words; one marker wording where they were, as often in each."""
    out = built_edition
    tree = etree.parse(str(TEI / "cwihp77-report.xml"))
    passages = [" ".join("".join(d.itertext()).split()[:6]) for d in tree.xpath("//t:text//t:del", namespaces=NS)
                if len("".join(d.xpath(".//text()[not(ancestor::t:supplied)]", namespaces=NS)).split()) >= 4]
    txt = flat(body((out / "txt" / "cwihp77-report.reading.txt").read_text()))
    pdf_reading = flat(pdf_text(out / "pdf" / "cwihp77-report.pdf", layout=False)).split("Lê Thanh Nghị, “Report", 1)[1]
    html_reading = html_view(out, "cwihp77-report", "reading")
    for text in (txt, pdf_reading):
        for passage in passages:
            assert passage not in text, passage
    # a paragraph deleted whole: words; words deleted within a paragraph: the web edition's sign, ⌫
    assert txt.count(DELETED_MARKER) == pdf_reading.count(DELETED_MARKER) == html_reading.count(DELETED_MARKER) == 4
    assert txt.count("[⌫]") == pdf_reading.count("[⌫]") == html_reading.split("Square brackets", 1)[1].count("⌫") - 4 == 3
    assert "the voices of [⌫] war are being heard" in txt  # the sentence is not broken
    # the notes on the dropped point stand where they are (between paragraphs), followed by the marker, not by nothing
    assert re.search(r"\[T5\] Translator’s Note: There is a hand-written note[^[]*\[N5\] The dropped Point 4 follows this note:[^[]*"
                     + re.escape(DELETED_MARKER) + r" ˹4˺/-Comrade", txt)


@needs_poppler
def test_additions_are_flagged_alike_in_the_reading_views(built_edition):
    out = built_edition
    tree = etree.parse(str(TEI / "cwihp77-report.xml"))
    adds = tree.xpath("//t:text//t:add[not(ancestor::t:del)]", namespaces=NS)
    txt = (out / "txt" / "cwihp77-report.reading.txt").read_text()
    typ = (out / "pdf" / "cwihp77-report.typ").read_text()
    assert body(txt).count("˹") == len(adds) == typ.count("#ed-add-light[")
    assert "[T1]˹Brother Tuan will type up" in txt and "\n\n[T2]˹24 copies˺\n" in txt  # two blocks, not one line
    assert "Handwritten: " not in typ


@needs_poppler
def test_a_gap_is_set_off_from_the_word_before_it(built_edition):
    out = built_edition
    expected = "position of the Soviet Union [… 1 line illegible] and the need"
    for view in ("reading", "diplomatic"):
        assert expected in flat((out / "txt" / f"cwihp77-report.{view}.txt").read_text())
        assert expected in html_view(out, "cwihp77-report", view)
    for name in ("cwihp77-report.pdf", "cwihp77-report.diplomatic.pdf"):
        assert expected in flat(pdf_text(out / "pdf" / name))


@needs_poppler
def test_bracket_legends_name_who_is_responsible(built_edition):
    """The introduction has no translator: its brackets are the author's."""
    out = built_edition
    intro = [(out / "txt" / "cwihp77-introduction.reading.txt").read_text().split("\nLegend\n")[1]]
    intro += [flat(pdf_text(out / "pdf" / "cwihp77-introduction.pdf")).split("How to cite")[1]]
    intro += [flat(html_view(out, "cwihp77-introduction", "reading"))]
    for text in intro:
        text = flat(text)
        assert "translator" not in text and "Pierre Asselin" in text
    report = flat((out / "txt" / "cwihp77-report.reading.txt").read_text().split("\nLegend\n")[1])
    assert "words supplied by the translator, Merle Pribbenow" in report
    pentagon = flat((out / "txt" / "pentagon-papers-p28.reading.txt").read_text().split("\nLegend\n")[1])
    assert "[words]" not in pentagon and "(deletions)" not in pentagon and "deleted" not in pentagon


@needs_poppler
def test_milestone_is_printed_as_encoded(built_edition):
    """The header keeps the printed ornament in @n, spaces reduced to one: '** *'."""
    out = built_edition
    n = etree.parse(str(TEI / "cwihp77-report.xml")).xpath("string(//t:milestone/@n)", namespaces=NS)
    assert n == "** *"
    texts = [(out / "txt" / f"cwihp77-report.{v}.txt").read_text() for v in ("reading", "diplomatic")]
    texts += [pdf_text(out / "pdf" / n) for n in ("cwihp77-report.pdf", "cwihp77-report.diplomatic.pdf")]
    for text in texts:
        assert re.search(r"(?m)^\s+\*\* \*$", text) and "* * *" not in text
    assert "** *" in html_view(out, "cwihp77-report", "reading")


@needs_poppler
def test_pentagon_foot_is_one_line(built_edition):
    out = built_edition
    for text in ((out / "txt" / "pentagon-papers-p28.diplomatic.txt").read_text(),
                 pdf_text(out / "pdf" / "pentagon-papers-p28.diplomatic.pdf")):
        assert re.search(r"(?m)^\s*28 TOP SECRET - Sensitive$", text)
        assert not re.search(r"(?m)^\s*28$", text)
    # the head is not one line: the stamp stands apart, its two lines kept
    text = (out / "txt" / "pentagon-papers-p28.diplomatic.txt").read_text()
    assert re.search(r"(?m)Section 3\.3$\n\s+NND Project Number", text)
    assert "28 TOP SECRET - Sensitive" in html_view(out, "pentagon-papers-p28", "diplomatic")


@needs_poppler
def test_pentagon_pdfs_mark_the_cut_start_and_keep_the_stamp_lines(built_edition):
    """Both PDFs mark the cut start; the stamp, the classification marks and the page number are in the diplomatic
    transcription only, as in the web page and the plain text (one rule for every format)."""
    out = built_edition
    for name in ("pentagon-papers-p28.pdf", "pentagon-papers-p28.diplomatic.pdf"):
        assert "[…] to the United Nations" in flat(pdf_text(out / "pdf" / name))
    diplomatic = pdf_text(out / "pdf" / "pentagon-papers-p28.diplomatic.pdf")
    assert re.search(r"(?m)Section 3\.3$\n\s+NND Project Number: NND 63316", diplomatic)
    text_of = pdf_text(out / "pdf" / "pentagon-papers-p28.pdf").split("This PDF")[-1]
    assert "TOP SECRET" not in text_of and "NND Project Number:" not in text_of


@needs_poppler
@pytest.mark.parametrize("document", DOCUMENTS)
def test_pdf_title_block_keeps_urls_and_identifiers_whole(built_edition, document):
    for name in (f"{document}.pdf", f"{document}.diplomatic.pdf")[:len(VIEWS[document])]:
        lines = pdf_text(built_edition / "pdf" / name, layout=False).splitlines()
        assert any("https://creativecommons.org/licenses/by/4.0/" in line for line in lines)
        assert any(f"{document}.html" in line for line in lines)  # the web page's address, whole


@needs_poppler
def test_pdf_metadata_names_the_view_translator_and_edition_date(built_edition):
    out = built_edition

    def info(name):
        return subprocess.run(["pdfinfo", str(out / "pdf" / name)], capture_output=True, text=True).stdout

    diplomatic, reading = info("cwihp77-report.diplomatic.pdf"), info("cwihp77-report.pdf")
    assert re.search(r"(?m)^Title:.*\(Diplomatic transcription\)$", diplomatic)
    assert "Diplomatic transcription" not in re.search(r"(?m)^Title:.*$", reading).group(0)
    assert re.search(r"(?m)^Subject:.*Translated by Merle Pribbenow", diplomatic)
    assert re.search(r"(?m)^Keywords:.*Merle Pribbenow", diplomatic)
    assert "Translated by" not in info("pentagon-papers-p28.pdf")
    # the date of this version of the edition (a whole date the header gives), never the date of the source, of
    # the build, nor a day made up from a year (1 January)
    for text in (diplomatic, reading):
        assert re.search(r"(?m)^CreationDate:\s+Sun Dec  6 00:00:00 2026 UTC$", text)
        assert "1965" not in re.search(r"(?m)^CreationDate:.*$", text).group(0)
    title_block = flat(pdf_text(out / "pdf" / "cwihp77-report.diplomatic.pdf")).split("“Report on Meetings")[0]
    assert "Diplomatic transcription" in title_block
    assert "Date [1965, after 4 July]" in title_block
    assert re.search(r"(?m)^Date:\s+\[1965, after 4 July\]$", (out / "txt" / "cwihp77-report.reading.txt").read_text())


@needs_poppler
@pytest.mark.parametrize("document", DOCUMENTS)
def test_both_licences_with_their_own_statement(built_edition, document):
    tree = etree.parse(str(TEI / f"{document}.xml"))
    licences = tree.xpath("//t:publicationStmt//t:licence", namespaces=NS)
    assert len(licences) == 2
    header = (built_edition / "txt" / f"{document}.reading.txt").read_text().split("=" * 78)[0]
    block = flat(pdf_text(built_edition / "pdf" / f"{document}.pdf")).split("How to cite")[0]
    assert header.count("\nLicence:") == 2
    for licence in licences:
        statement = " ".join("".join(licence.itertext()).split())
        url = licence.get("target")
        assert statement in flat(header) and statement in block
        if url:
            assert f"{statement} <{url}>" in flat(header) and f"{statement} {url}" in block


@needs_poppler
def test_point_labels_are_as_in_the_source(built_edition):
    """Nothing is normalised (editorialDecl): '1/-Vietnam’s', as published, in every output."""
    out = built_edition
    texts = [(out / "txt" / f"cwihp77-report.{v}.txt").read_text() for v in ("reading", "diplomatic")]
    texts += [pdf_text(out / "pdf" / n, layout=False) for n in ("cwihp77-report.pdf", "cwihp77-report.diplomatic.pdf")]
    texts += [html_view(out, "cwihp77-report", v) for v in ("reading", "diplomatic")]
    for text in texts:
        assert "1/-Vietnam’s revolutionary struggle" in text and "4/-We are very moved" in text
        assert "1/- Vietnam’s" not in text and "4/- We are" not in text and "˺/- " not in text and "+)/- " not in text


@needs_poppler
def test_diplomatic_pdf_labels_hands_and_places(built_edition):
    """The place of the head notes and the hand of the replaced line are the edition's inference: said so."""
    typ = view_source((built_edition / "pdf" / "cwihp77-report.typ").read_text(), "diplomatic")
    assert '#ed-add("handwritten, top (inferred)")[24 copies]' in typ
    assert re.search(r'#ed-del\("deletion: handwritten \(inferred\)"\)\[Based on my personal', typ)
    text = flat(pdf_text(built_edition / "pdf" / "cwihp77-report.diplomatic.pdf"))
    assert "24 copies˺ handwritten, top (inferred)" in text




@needs_poppler
def test_end_of_the_transcribed_page_in_every_output(built_edition):
    """Pentagon page: '[end of p. 28]' after the text in the web page, both plain texts and both PDFs."""
    out = built_edition
    for view in ("reading", "diplomatic"):
        assert html_view(out, "pentagon-papers-p28", view).endswith("[end of p. 28]")
        text = body((out / "txt" / f"pentagon-papers-p28.{view}.txt").read_text()).split("-" * 78)[0]
        assert text.rstrip().endswith("[end of p. 28]"), text[-200:]
    for name in ("pentagon-papers-p28.pdf", "pentagon-papers-p28.diplomatic.pdf"):
        text = flat(pdf_text(out / "pdf" / name))
        assert text.count("[end of p. 28]") == 1
        # after the last words of the page, before the apparatus (a list of corrections at the end)
        assert text.index("[end of p. 28]") > text.index("essentiality of carefully")
    # a document without page breaks has no such marker
    assert "[end of" not in (out / "txt" / "cwihp77-report.reading.txt").read_text()


@needs_poppler
def test_sic_legend_says_who_flags_the_word(built_edition):
    """Ochad [sic] is this edition's flag, Si-ga’s [sic] the translator's: each legend says so (from @resp)."""
    out = built_edition
    who = {"cwihp77-introduction": "this edition's editors", "cwihp77-report": "the translator, Merle Pribbenow"}
    for document, party in who.items():
        for view in VIEWS[document]:
            legend = flat((out / "txt" / f"{document}.{view}.txt").read_text().split("\nLegend\n")[1])
            assert f"[sic] so in the source, flagged by {party}" in legend
        for name in (f"{document}.pdf", f"{document}.diplomatic.pdf")[:len(VIEWS[document])]:
            assert f"“[sic]”: so in the source, flagged by {party}." in flat(pdf_text(out / "pdf" / name))
    assert "the translator flags" not in (out / "html" / "cwihp77-introduction.html").read_text()


@needs_poppler
def test_pdf_note_examples_are_the_notes_the_document_has(built_edition):
    """The source's editor's notes (E) and this edition's (N) are numbered apart: the introduction has this edition's
    N1 and N2 and no E; the report both series; the Pentagon page has no numbered notes."""
    out = built_edition
    intro = flat(pdf_text(out / "pdf" / "cwihp77-introduction.pdf"))
    assert "Notes: 1, 2, 3 the author’s; N1, N2 this edition’s." in intro and "E1" not in intro
    report = flat(pdf_text(out / "pdf" / "cwihp77-report.diplomatic.pdf"))
    assert "Notes: T1, T2, T3 the translator’s; E1, E2, E3 the source’s editor’s; N1, N2, N3 this edition’s." in report
    assert "Notes:" not in flat(pdf_text(out / "pdf" / "pentagon-papers-p28.pdf")).split("“United States")[0]


@needs_poppler
def test_deletions_carry_the_same_hand_label_in_every_diplomatic_output(built_edition):
    """Deleted paragraphs, the dropped Point 4 and the subst's deletion: 'deletion: handwritten' in the plain text,
    the web page (a visible label, as for additions) and the PDF, with '(inferred)' where the hand is the edition's
    inference; the reading page's tooltips say the same."""
    from lxml import html
    out = built_edition
    tree = etree.parse(str(TEI / "cwihp77-report.xml"))
    handed = tree.xpath("//t:text//t:del[@hand]", namespaces=NS)
    assert len(handed) >= 5
    page = html.fromstring((out / "html" / "cwihp77-report.html").read_bytes())
    dels = page.xpath("//section[@id='diplomatic']//del")
    labels = [d.getnext() for d in dels]
    labelled = [d for d, l in zip(dels, labels) if l is not None and "del-label" in (l.get("class") or "")]
    inferred = {t[1:] for c in tree.xpath("//t:certainty[@match='@hand']/@target", namespaces=NS) for t in c.split()}
    expected = ["deletion: handwritten (inferred)" if d.get("{http://www.w3.org/XML/1998/namespace}id") in inferred
                else "deletion: handwritten" for d in handed]
    assert sorted(flat(l.text_content()) for l in labels if l is not None and "del-label" in (l.get("class") or "")) \
        == sorted(expected) and len(labelled) == len(handed) == 5 and len(inferred) == 4
    txt = flat((out / "txt" / "cwihp77-report.diplomatic.txt").read_text())
    assert txt.count("](deletion: handwritten (inferred))") == 4 and txt.count("](deletion: handwritten)") == 1
    typ = view_source((out / "pdf" / "cwihp77-report.typ").read_text(), "diplomatic")
    assert typ.count('#ed-del("deletion: handwritten (inferred)")') == 4
    assert typ.count('#ed-del-unstruck("deleted", "deletion: handwritten")') == 1
    titles = page.xpath("//section[@id='reading']//span[@class='del-marker']/@title")
    paragraphs = [t for t in titles if t.startswith("Deleted paragraph")]
    assert len(paragraphs) == 4 and all(t.startswith("Deleted paragraph — deletion: handwritten") for t in paragraphs)
    assert sum(t.startswith("Deleted paragraph — deletion: handwritten (inferred): ") for t in paragraphs) == 3



def test_note_markers_attach_to_the_word_before_them_in_every_format(built_edition):
    """A marker that comments on what precedes it follows the word ("overthrown[E2]"); one that introduces an
    addition ("Handwritten parenthetical addition") keeps its space before the words it introduces."""
    out = built_edition
    for name in ("cwihp77-report.reading.txt", "cwihp77-report.diplomatic.txt"):
        txt = flat(body((out / "txt" / name).read_text()))
        assert "was overthrown[E1]" in txt and "being heard[T10]" in txt
        assert re.search(r"this matter\.(\[margin: \?\])?\[T9\]\. We", txt)  # the "?" stands in the margin
        assert "our people. [T6]" in txt
    html_reading = html_view(out, "cwihp77-report", "reading")
    assert "was overthrownE1" in html_reading and "this matter.T9" in html_reading


@needs_poppler
def test_no_typst_code_from_a_source_runs(tmp_path):
    """Values of a source reach the .typ only through its escaping functions, its comments included: an xml:id,
    the source's file name or a namespace holding a line break (line feed, carriage return, U+0085, U+2028,
    U+2029, where Typst ends a comment) and code after it stay inside their comment. (The loader refuses such
    characters in a namespace URI; the comment escapes them anyway.)"""
    from pipeline.transform import STYLESHEETS, Stylesheets, render
    from pipeline.xmlload import parse_bytes
    payloads = ["#(1000+337)", "#(2000+1)", "#(3000+3)", "#(4000+4)", '#read("/etc/hostname")', "#(5000+5)"]
    hostile_id = "p1&#10;{0}&#x2028;{1}&#x85;{2}&#13;{3}&#10;{4}".format(*payloads).replace('"', "&quot;")
    data = f"""<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="x&#10;#(40+2)"><teiHeader><fileDesc>
<titleStmt><title>Hostile</title></titleStmt><publicationStmt><p>Test.</p></publicationStmt><sourceDesc><p>Test.</p>
</sourceDesc></fileDesc></teiHeader><text><body><p xml:id="{hostile_id}">Words.</p></body></text></TEI>""".encode()
    source = parse_bytes(data, tmp_path / f"hostile\n{payloads[5]}.xml", "hostile.xml")
    sheets = Stylesheets(STYLESHEETS)
    sheets.set_corpus([])
    markup = render(sheets, source, [("typst", "reading")]).results[("typst", "reading")].text
    for line in re.split("\r\n|\n|\r|\x85|\u2028|\u2029", markup):
        if any(payload in line for payload in payloads):
            assert line.startswith("// "), line
    target = tmp_path / "hostile.typ"
    target.write_text(markup, encoding="utf-8")
    document, _ = pdf.compile_typst(markup, source, target)
    (tmp_path / "hostile.pdf").write_bytes(document)
    text = flat(pdf_text(tmp_path / "hostile.pdf", layout=False))
    assert "Words." in text and not re.search(r"\b(42|1337|2001|3003|4004|5005)\b", text)
    hostname = Path("/etc/hostname").read_text().strip() if Path("/etc/hostname").exists() else ""
    assert not hostname or hostname not in text


def test_plain_text_shows_control_characters_and_bidi_overrides_by_their_code_points():
    """A terminal control (U+009B starts an escape sequence), DEL and the bidirectional embeddings, overrides and
    isolates of a source reach the plain text as [U+XXXX]: nothing is lost, nothing acts on a terminal or reorders
    a line. Right-to-left text and its marks (U+200F) are text, kept as they are."""
    from pipeline.transform import Stylesheets, render
    from pipeline.xmlload import parse_bytes
    data = """<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>A &#x202E;reversed&#x202C;
title</title></titleStmt><publicationStmt><p>Test.</p></publicationStmt><sourceDesc><p>Test.</p></sourceDesc></fileDesc>
</teiHeader><text><body><p>CSI &#x9B;31m, DEL &#x7F;, an isolate &#x2066;x&#x2069;, Hebrew &#x5E9;&#x5DC;&#x5D5;&#x5DD;&#x200F;.</p>
<list><item n="&#x202E;1">Mark.</item></list></body></text></TEI>""".encode()
    source = parse_bytes(data, Path("controls.xml"), "controls.xml")
    sheets = Stylesheets(("text",))
    sheets.set_corpus([])
    rendered = render(sheets, source, [("text", "reading"), ("text", "diplomatic")])
    assert rendered.views == ("reading",)  # no transcriptional markup: one text, no diplomatic view
    for result in rendered.results.values():
        text = result.text
        assert not re.search("[\x7f-\x9f\u202a-\u202e\u2066-\u2069]", text)
        title = "A [U+202E]reversed[U+202C] title"
        assert f"{title}\n{'=' * len(title)}\n" in text  # (the heading's rule as long as what it shows)
        assert "CSI [U+009B]31m, DEL [U+007F], an isolate [U+2066]x[U+2069], Hebrew \u05e9\u05dc\u05d5\u05dd\u200f." in text
        assert "  [U+202E]1 Mark." in text  # an item's number from @n
