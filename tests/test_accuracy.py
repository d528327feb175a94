"""Issue 20: what the outputs state is what the sources support, alike in the web page, the plain text and the
PDF. One test per decision, each over the three formats (XPath over the built HTML, regular expressions over the
plain text, pdftotext over the PDF); the TEI side of each decision is held by tests/test_sources.py."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from lxml import etree, html

from conftest import TEI
from typstviews import view_source

NS = {"t": "http://www.tei-c.org/ns/1.0"}
needs_poppler = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils (pdftotext, pdfinfo)")
REPORT, INTRO, PAGE = "cwihp77-report", "cwihp77-introduction", "pentagon-papers-p28"
# the introduction, born digital, has one view (its encoding gives a diplomatic view nothing else to show)
VIEWS = {REPORT: ("reading", "diplomatic"), INTRO: ("reading",), PAGE: ("reading", "diplomatic")}


def flat(text: str) -> str:
    return " ".join(text.split())


def page(out: Path, name: str):
    return html.fromstring((out / "html" / f"{name}.html").read_bytes())


def view(out: Path, name: str, which: str) -> str:
    return flat(page(out, name).xpath(f"string(//section[@id='{which}'])"))


def txt(out: Path, name: str, which: str) -> str:
    return (out / "txt" / f"{name}.{which}.txt").read_text(encoding="utf-8")


def pdf(out: Path, name: str, which: str, layout: bool = False) -> str:
    file = out / "pdf" / (f"{name}.pdf" if which == "reading" else f"{name}.{which}.pdf")
    return subprocess.run(["pdftotext", *(["-layout"] if layout else []), str(file), "-"],
                          capture_output=True, text=True, check=True).stdout


def pdf_body(out: Path, name: str, which: str) -> str:
    """A PDF's text after its title block (whose metadata and legend speak of the text), whitespace made single."""
    return flat(pdf(out, name, which, layout=True).split("This PDF", 1)[1].split("\n\n", 1)[1])


def typst(out: Path, name: str, which: str) -> str:
    """The Typst source of one view: the document's one .typ, with each view switch taken as `which` takes it."""
    return view_source((out / "pdf" / f"{name}.typ").read_text(encoding="utf-8"), which)


def txt_body(out: Path, name: str, which: str) -> str:
    """A plain text between its header and its legend, whitespace made single."""
    return flat(txt(out, name, which).split("=" * 78 + "\n", 1)[1].split("\nLegend\n", 1)[0])


def three(out: Path, name: str, which: str) -> dict[str, str]:
    """The text of one document in one view in the three formats, header and legend aside (the web page with its
    notes), whitespace made single."""
    root = page(out, name)
    web = flat(root.xpath(f"string(//section[@id='{which}'])") + " " + root.xpath("string(//section[@id='notes'])"))
    return {"html": web, "txt": txt_body(out, name, which), "pdf": pdf_body(out, name, which)}


# ===== Inference shown as inference =====

@needs_poppler
def test_delete_notations_stand_nowhere_the_translator_does_not_say(built_edition):
    """The three "delete" notations: no margin in any format; the dash of each paragraph is struck with it."""
    dip = page(built_edition, REPORT).xpath("//section[@id='diplomatic']")[0]
    marks = [m for m in dip.xpath(".//span[contains(concat(' ', @class, ' '), ' metamark ')]") if flat(m.text_content()) == "delete"]
    assert len(marks) == 3 and not any("margin" in m.get("class").split() for m in marks)
    assert all(flat(m.getnext().text_content()).startswith("-It") or flat(m.getnext().text_content()).startswith("-North")
               or flat(m.getnext().text_content()).startswith("-There") for m in marks)
    text = flat(txt(built_edition, REPORT, "diplomatic"))
    assert text.count("[mark: delete][- -") == 3 and "[margin: delete]" not in text
    typ = typst(built_edition, REPORT, "diplomatic")
    assert typ.count("#ed-mark(none)[delete]") == 3 and '#ed-mark("margin")[delete]' not in typ
    assert len(re.findall(r'#ed-mark\(none\)\[delete\]#ed-del\("deletion: handwritten \(inferred\)"\)\[#strong\[\\-\]', typ)) == 3
    assert flat(pdf(built_edition, REPORT, "diplomatic")).count("⟨delete⟩ -") == 3


@needs_poppler
def test_the_kosygin_deletion_shows_three_untranscribed_words(built_edition):
    for fmt, text in three(built_edition, REPORT, "diplomatic").items():
        assert "the voices of [… 3 words untranscribed] war are being heard" in text.replace("[-", "").replace("-]", ""), fmt
        assert text.count("the struggle against the war") == 1, fmt  # only in the translator's note T10
    dels = page(built_edition, REPORT).xpath("//section[@id='diplomatic']//del[@id='dip-rep-p068-del']")
    assert flat(dels[0].text_content()) == "[… 3 words untranscribed]"


@needs_poppler
def test_the_source_s_editor_s_notes_are_no_one_s_in_particular(built_edition):
    """E1-E4 are the source's "editor's notes", credited to no one; this edition's notes are N1, N2 ..."""
    out = built_edition
    items = page(out, REPORT).xpath("//section[@id='notes']//li[contains(@class, 'kind-editorial')]")
    assert [flat(i.xpath("string(span[@class='note-mark'])")) for i in items] == ["E1", "E2", "E3", "E4"]
    assert not any("Cold War International History Project" in i.text_content() for i in items)
    ours = page(out, REPORT).xpath("//section[@id='notes']//li[contains(@class, 'kind-edition')]")
    assert [flat(i.xpath("string(span[@class='note-mark'])")) for i in ours] == [f"N{n}" for n in range(1, 7)]
    for which in ("reading", "diplomatic"):
        text = txt(out, REPORT, which)
        assert re.search(r"(?m)^\[E1\] Algerian President Ahmed Ben Bella was deposed in June 1965$", text)
        assert "(Cold War International History Project)" not in text
        assert "Editor’s note: Algerian President" in flat(pdf(out, REPORT, which))
        assert "(Cold War International History Project)" not in pdf_body(out, REPORT, which)


@needs_poppler
def test_the_introduction_is_not_offered_as_corrected(built_edition):
    """A born-digital essay: nothing corrected, so no view says 'corrections applied'; it has one text, which says
    so and why, and no diplomatic outputs."""
    out = built_edition
    intros = [flat(p) for p in page(out, INTRO).xpath("//p[@class='view-intro']/text()")]
    assert len(intros) == 1 and "nothing in it is corrected, added or deleted" in intros[0]
    assert "none is given" in intros[0] and "corrections applied" not in intros[0]
    header = flat(txt(out, INTRO, "reading").split("=" * 78)[0])
    assert "nothing in it is corrected, added or deleted" in header and "corrections applied" not in header
    assert "there is no diplomatic view" in header
    title = flat(pdf(out, INTRO, "reading")).split("How to cite")[1]
    assert "nothing in it is corrected, added or deleted" in title and "no diplomatic transcription" in title
    assert "corrections applied" not in title and "interventions marked" not in title
    assert not (out / "txt" / f"{INTRO}.diplomatic.txt").exists()
    assert not (out / "pdf" / f"{INTRO}.diplomatic.pdf").exists()
    # the report's views do differ, and say how
    assert "The text as finally revised: corrections applied" not in view(out, REPORT, "reading")  # it corrects nothing
    assert "corrections applied" in view(out, PAGE, "reading")


# ===== Citation and identification =====

@needs_poppler
@pytest.mark.parametrize("name", (REPORT, INTRO, PAGE))
def test_how_to_cite_names_the_publication_the_edition_and_its_version(built_edition, name):
    out = built_edition
    cites = [flat(page(out, name).xpath("string(//dd[@class='citation'])"))]
    cites += [flat(txt(out, name, which).split("How to cite:")[1].split("\nText:")[0]) for which in VIEWS[name]]
    cites += [flat(pdf(out, name, which, layout=True).split("How to cite")[1].split("This PDF")[0])
              for which in VIEWS[name]]
    for cite in cites:
        assert "xml:id" not in cite and f"web page {name}.html" in cite
        assert "Le Thanh Nghi’s 1965 report and a page of the Pentagon Papers: a TEI edition" in cite
        assert "edited by the editors of this digital edition (not named)" in cite
        assert "version of 6 December 2026" in cite and "public address is not recorded" in cite
        if name != PAGE:
            assert re.search(r"Published in .*CWIHP eDossier No\. 77.*Wilson Center, November 2016\)\.", cite)
        else:
            assert "Published in Office of the Secretary of Defense Vietnam Task Force" in cite


@needs_poppler
def test_the_left_out_about_the_author_box_is_said(built_edition):
    out = built_edition
    for text in (flat(page(out, INTRO).text_content()), flat(txt(out, INTRO, "reading")), flat(pdf(out, INTRO, "reading")),
                 flat(page(out, "encoding").text_content())):
        assert "“About the Author” box" in text and "San Diego State University" in text
    assert "San Diego State University" in flat(page(out, "persons").text_content())


@needs_poppler
def test_section_breaks_of_the_introduction_in_every_format(built_edition):
    out = built_edition
    for which in VIEWS[INTRO]:
        for fmt, text in three(out, INTRO, which).items():
            assert text.count("[section break]") == 3, (fmt, which)
    assert "* * *" not in view(out, INTRO, "reading")  # no ornament the capture does not show


def test_register_paragraph_numbers_are_those_of_the_ids(built_edition):
    """'¶39' leads to rep-p039; the author's note is back matter, not a paragraph of the introduction."""
    checked = 0
    for register in ("persons", "places", "organizations"):
        for link in page(built_edition, register).xpath("//ul[@class='occurrences']//a[contains(., '¶')]"):
            number = re.search(r"¶(\w+)", link.text_content()).group(1)
            # a name's occurrence in a block ("-n3"), in the diplomatic view ("dip-") where only it shows the name
            target = re.sub(r"^dip-|-n\d+$", "", link.get("href").split("#", 1)[1])
            source = TEI / (link.get("href").split(".html")[0] + ".xml")
            anchored = etree.parse(str(source)).xpath(
                f"//*[@xml:id = '{target}']/ancestor-or-self::t:p[@xml:id][1]/@xml:id", namespaces=NS)
            assert anchored and re.sub(r"^.*p0*(\d+[a-z]?)$", r"\1", anchored[0]) == number, (link.text_content(), target)
            checked += 1
    assert checked > 500
    asselin = page(built_edition, "persons").xpath("//article[@id='pierre-asselin']//a")
    assert any("back matter, ¶1" in a.text_content() for a in asselin)
    assert not any(re.search(r"Introduction – ¶27\b", a.text_content()) for a in asselin)


@needs_poppler
def test_the_pentagon_corrections_are_lettered_in_every_format_and_view(built_edition):
    out = built_edition
    pairs = {"reading": ["Europe", "Workers'", "Le", "from"], "diplomatic": ["Burope", "Workersâ€™", "le", "fram"]}
    for which, words in pairs.items():
        marks = page(out, PAGE).xpath(f"//section[@id='{which}']//sup[contains(@class, 'kind-correction')]/a")
        assert [(flat(a.text_content()), a.get("href")) for a in marks] == [(l, f"#correction-{l}") for l in "abcd"]
        text = flat(txt(out, PAGE, which))
        for word, letter in zip(words, "abcd"):
            assert f"{word}[{letter}]" in text
        assert re.search(r"Europe a|Europe\s*a,", flat(pdf(out, PAGE, which))) or which == "diplomatic"
        assert all(f"Read “{c}”" in flat(pdf(out, PAGE, which)) for c in ("Europe", "from"))
    assert len(page(out, PAGE).xpath("//li[starts-with(@id, 'correction-')]")) == 4


@needs_poppler
def test_one_rule_for_the_stamp_and_classification_marks(built_edition):
    """Forme work is the page as typed, not its text: in every diplomatic output, in no reading output."""
    out = built_edition
    for fmt, text in three(out, PAGE, "reading").items():
        assert "TOP SECRET" not in text and "NND Project Number" not in text, fmt
    for fmt, text in three(out, PAGE, "diplomatic").items():
        assert text.count("TOP SECRET - Sensitive") == 2 and "NND Project Number: NND 63316" in text, fmt


def test_the_encoding_page_gives_one_project_description(built_edition):
    encoding = page(built_edition, "encoding")
    descriptions = encoding.xpath("//div[@class='project-desc']")
    assert len(descriptions) == 1
    words = flat(descriptions[0].text_content())
    assert "not part of the eDossier" in words and "Why the Pentagon Papers page stands beside the report" in words


@needs_poppler
def test_zhou_enlai_s_missing_point_is_noted_everywhere(built_edition):
    for which in ("reading", "diplomatic"):
        for fmt, text in three(built_edition, REPORT, which).items():
            assert "goes from 7/- to 9/-: there is no point 8/-" in text, (fmt, which)


def test_registers_aliarcham_and_amin(built_edition):
    organisations = page(built_edition, "organizations")
    (entry,) = organisations.xpath("//article[@id='aliarcham-academy-of-social-sciences']")
    assert flat(entry.xpath("string(h2)")) == "Aliarcham Academy of Social Sciences"
    assert "Aliacham Academy of Social Sciences" in flat(entry.xpath("string(p[@class='variants'])"))
    (amin,) = page(built_edition, "persons").xpath("//article[@id='amin-al-hafiz']")
    assert "Not certain" in flat(amin.text_content()) and "United Arab Republic" in flat(amin.text_content())
    links = page(built_edition, REPORT).xpath("//section[@id='reading']//a[contains(@href, '#amin-al-hafiz')]")
    assert links and "Not certain" in links[0].get("title")


@needs_poppler
def test_the_date_s_upper_bound_is_argued_in_every_format(built_edition):
    out = built_edition
    texts = [flat(page(out, REPORT).xpath("string(//dl[@class='metadata'])")), flat(txt(out, REPORT, "reading")),
             flat(pdf(out, REPORT, "reading"))]
    for text in texts:
        assert "The latest date, the end of 1965, is the archive’s dating and not certain" in text
        assert "[1965, after 4 July]" in text


# ===== Presentation =====

@needs_poppler
def test_consecutive_note_marks_stand_apart_in_the_pdf(built_edition):
    text = flat(pdf(built_edition, REPORT, "diplomatic"))
    assert "determined. T3, N2 Comrade Zhou Enlai devoted" in text
    assert "T3N2" not in text and "N2Comrade" not in text
    typ = typst(built_edition, REPORT, "diplomatic")
    assert "#show footnote.entry: it => grid(" in typ  # the lines of a note hang clear of its mark


@needs_poppler
def test_pdf_footnote_lines_hang_under_their_text(built_edition):
    """The continuation of a long note starts under its first word, not back at the margin below its mark."""
    lines = pdf(built_edition, REPORT, "diplomatic", layout=True).splitlines()
    indent = lambda line: len(line) - len(line.lstrip())
    first = next(i for i, line in enumerate(lines) if "This edition: The crossed-out line follows" in line)
    mark = next(line for line in reversed(lines[:first + 1]) if re.match(r"\s*N2\b", line))
    continuation = lines[first + 1]
    assert continuation.strip().startswith("left out of the reading text")
    assert indent(continuation) == indent(lines[first]) > indent(mark)


def test_one_colour_scheme_for_who_is_responsible(built_edition):
    """The PDF draws the later hand, the translator, the source's editors and this edition's in the web page's
    colours (edition.css), the later hand's for additions and marks."""
    css = (built_edition / "html" / "edition.css").read_text(encoding="utf-8")
    typ = typst(built_edition, REPORT, "diplomatic")
    for role, name in (("later-hand", "ed-later-hand"), ("translator", "ed-translator"), ("editor", "ed-editor"),
                       ("edition", "ed-edition")):
        colour = re.search(rf"--{role}:\s*(#[0-9a-f]{{6}})", css).group(1)
        assert f'#let {name} = rgb("{colour}")' in typ, role
    assert "#let ed-hand = ed-later-hand" in typ
    assert '#ed-note("T1", ed-translator)' in typ and '#ed-note("E1", ed-editor)' in typ and '#ed-note("N2", ed-edition)' in typ


@needs_poppler
def test_pdf_metadata_states_only_what_is_known(built_edition):
    """The date of the version (a whole date of the header); the translator as dc:contributor; no poppler warning."""
    for name in (REPORT, INTRO, PAGE):
        for suffix in ("", ".diplomatic")[:len(VIEWS[name])]:
            file = built_edition / "pdf" / f"{name}{suffix}.pdf"
            info = subprocess.run(["pdfinfo", str(file)], capture_output=True, text=True)
            assert "Syntax Error" not in info.stderr and "Suspects" not in info.stderr, info.stderr
            assert re.search(r"(?m)^CreationDate:\s+Sun Dec  6 00:00:00 2026 UTC$", info.stdout)
            meta = subprocess.run(["pdfinfo", "-meta", str(file)], capture_output=True, text=True).stdout
            contributors = re.findall(r"<dc:contributor>(.*?)</dc:contributor>", meta, re.S)
            if name == REPORT:
                assert contributors and "<rdf:li>Merle Pribbenow</rdf:li>" in contributors[0]
            else:
                assert not contributors
            assert "<pdfaid:part>2</pdfaid:part>" in meta and "<pdfaid:conformance>B</pdfaid:conformance>" in meta


def test_readers_pages_speak_without_encoding_jargon(built_edition):
    """What a reader sees (the text of every page, not its attributes) names no attribute, identifier or
    attribute value of the encoding."""
    jargon = re.compile(r"@\w+|\b\w+=\"|xml:id|place=|\b(rep|int|pp28)-p\d|\bhand-(annotator|draft)\b|"
                        r"\bunspecified\b|\bmetamark\b|citeStructure")
    for file in sorted((built_edition / "html").glob("*.html")):
        root = html.fromstring(file.read_bytes())
        for script in root.xpath("//script | //style"):
            script.drop_tree()
        words = flat(root.text_content())
        found = jargon.search(words)
        assert not found, (file.name, words[max(0, found.start() - 80):found.end() + 40])
