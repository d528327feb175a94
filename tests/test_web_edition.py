"""The web edition as a reader meets it: links that land, registers that say where a name occurs, metadata,
downloads and tooltips that say what they should. Each test reads pages of a real build (or of a real
transform of the edition's sources)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote

import pytest
from lxml import html


def page(built: Path, name: str):
    return html.parse(str(built / "html" / name)).getroot()


def text(element) -> str:
    return " ".join(element.text_content().split())


@pytest.fixture(scope="module")
def pages(built_edition) -> dict[str, object]:
    return {p.name: html.parse(str(p)).getroot() for p in sorted((built_edition / "html").glob("*.html"))}


def test_every_fragment_link_lands_on_an_id_of_its_page(pages):
    """Register occurrences in deleted passages point at the diplomatic view's ids (dip-...): the reading view
    has no such words. Every page is checked, the registers and the index first of all."""
    assert {"persons.html", "places.html", "organizations.html", "index.html"} <= set(pages)
    ids = {name: set(root.xpath("//@id")) for name, root in pages.items()}
    broken, checked = [], 0
    for name, root in pages.items():
        for href in root.xpath("//a/@href"):
            target, hash_, fragment = href.partition("#")
            if not hash_ or "://" in target:
                continue
            target = target or name
            checked += 1
            if target not in ids or unquote(fragment) not in ids[target]:
                broken.append(f"{name}: {href}")
    assert checked > 1000
    assert not broken, broken[:20]


def test_register_occurrences_in_deletions_link_to_the_diplomatic_text(pages):
    persons = pages["persons.html"]
    deleted = [a for a in persons.xpath('//ul[@class="occurrences"]//a') if "deleted" in text(a)]
    assert deleted
    assert all(a.get("href").split("#")[1].startswith("dip-") for a in deleted)
    # the old links, to ids the reading view never had
    hrefs = set(persons.xpath("//a/@href"))
    assert "cwihp77-report.html#rep-p040-n1" not in hrefs
    assert "cwihp77-report.html#dip-rep-p040-del-n1" in hrefs or any(h.startswith("cwihp77-report.html#dip-rep-p040") for h in hrefs)


def test_register_occurrences_are_labelled_by_document_section_and_paragraph(pages):
    """Not raw ids ("rep-p018 #2"): the short title, the section heads and the paragraph number."""
    entry = pages["persons.html"].xpath('//article[@id="liu-shaoqi"]')[0]
    labels = [text(a) for a in entry.xpath('.//ul[@class="occurrences"]//a[not(ancestor::span[@class="occ-again"])]')]
    assert labels, "Liu Shaoqi has occurrences"
    assert any(label.startswith("Report – China: Views Expressed by Liu Shaoqi, ¶") for label in labels), labels
    assert not any(label.startswith("rep-") for label in labels)
    # repeated mentions in one paragraph: one labelled link, then the further mentions as small numbered links
    again = pages["persons.html"].xpath('//span[@class="occ-again"]/a')
    assert again and all(text(a).isdigit() and "mention" in a.get("aria-label") for a in again)


def test_deletion_markers_name_the_deleted_words_with_their_brackets(pages):
    report = pages["cwihp77-report.html"]
    markers = report.xpath('//section[@id="reading"]//span[contains(@class, "del-marker")]')
    assert markers
    for marker in markers:
        # reachable by keyboard and touch, and announced with the words (never "Deleted: " and nothing)
        assert marker.get("tabindex") == "0" and marker.get("role") == "img"
        assert marker.get("aria-label") == marker.get("title")
        assert not marker.get("aria-label").rstrip().endswith(":")
    labels = " ".join(m.get("aria-label") for m in markers)
    # the translator's supplied words keep the brackets the text shows them in
    assert "military specialists [advisors] had been sent" in labels
    assert "specialists advisors" not in labels


def test_a_deletion_of_a_gap_and_a_gap_say_what_is_missing(tmp_path):
    """A del holding only a gap was announced as "Deleted: " and the gap as "3 word cancelled"."""
    from pipeline.build import build
    source = tmp_path / "gaps.xml"
    source.write_text("""<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="gaps"><teiHeader><fileDesc>
      <titleStmt><title>Gaps</title></titleStmt><publicationStmt><p>Test.</p></publicationStmt>
      <sourceDesc><p>Test.</p></sourceDesc></fileDesc></teiHeader><text><body>
      <p xml:id="p1">Text <del rend="strikethrough"><gap reason="cancelled" unit="word" quantity="3"/></del> and
      <gap reason="illegible" unit="word" quantity="3"/>.</p></body></text></TEI>""", encoding="utf-8")
    report = build([source], tmp_path / "out", ("html",), jobs=1)
    assert report.ok, report.failures
    root = page(tmp_path / "out", "gaps.html")
    marker = root.xpath('//section[@id="reading"]//span[contains(@class, "del-marker")]')[0]
    assert marker.get("aria-label") == "Deleted: [… 3 words cancelled]"
    gap_titles = root.xpath('//section[@id="reading"]//span[contains(@class, "gap")]/@title')
    assert "Not transcribed: 3 words illegible" in gap_titles


def test_glosses_are_called_a_gloss(pages):
    titles = pages["cwihp77-report.html"].xpath('//span[contains(@class, "note-inline")]/@title')
    assert titles and all(t.startswith("Gloss (") for t in titles), set(titles)
    assert not pages["cwihp77-report.html"].xpath('//@*[contains(., "Glosse")]')


def test_corrections_are_focusable_and_named_with_the_source_form(pages):
    corr = [s for s in pages["pentagon-papers-p28.html"].xpath('//section[@id="reading"]//span[contains(@class, "choice")]')
            if text(s) == "Europe"]
    assert corr
    assert corr[0].get("tabindex") == "0" and corr[0].get("role")
    assert "from “Burope”" in corr[0].get("aria-label") and corr[0].get("aria-label").startswith("Europe, corrected")


def test_editorial_notes_take_the_colour_of_who_is_responsible(pages):
    """N1 (this edition's editors) is green like the legend says, not purple like the source's editor's notes."""
    report = pages["cwihp77-report.html"]
    ours = report.xpath('//sup[contains(@class, "noteref")][a[normalize-space() = "N1"]]')[0]
    assert "by-edition" in ours.get("class").split() and "kind-edition" in ours.get("class").split()
    theirs = [s for s in report.xpath('//sup[contains(@class, "kind-editorial")]') if "by-editor" in s.get("class").split()]
    assert theirs
    css = (Path(__file__).resolve().parent.parent / "xslt" / "assets" / "edition.css").read_text(encoding="utf-8")
    assert ".noteref.by-edition a" in css and "var(--edition)" in css.split(".noteref.by-edition a", 1)[1].split("}")[0]


def test_downloads_link_both_pdfs_and_the_registers(pages, built_edition):
    nav = pages["cwihp77-report.html"].xpath('//nav[@class="downloads"]')[0]
    links = {text(a): a.get("href") for a in nav.xpath(".//a")}
    assert links["PDF (reading text)"] == "../pdf/cwihp77-report.pdf"
    assert links["PDF (diplomatic transcription)"] == "../pdf/cwihp77-report.diplomatic.pdf"
    assert links["Registers (TEI)"] == "../tei/registers.xml"
    for href in links.values():
        assert (built_edition / "html" / href).resolve().is_file(), href


def test_downloads_follow_the_formats_built(tmp_path):
    from pipeline.build import build
    from conftest import TEI
    report = build([TEI], tmp_path / "out", ("html",), jobs=1)
    assert report.ok
    nav = page(tmp_path / "out", "cwihp77-report.html").xpath('//nav[@class="downloads"]')[0]
    hrefs = nav.xpath(".//a/@href")
    assert not [h for h in hrefs if h.startswith(("../pdf/", "../txt/"))], hrefs
    assert all((tmp_path / "out" / "html" / h).resolve().is_file() for h in hrefs)
    assert "../tei/registers.xml" in hrefs


def metadata(root) -> dict[str, object]:
    return {text(d.xpath("dt")[0]): d.xpath("dd")[0] for d in root.xpath('//header[@class="doc-header"]/dl/div')}


def test_pentagon_page_says_where_it_begins_and_ends(pages):
    root = pages["pentagon-papers-p28.html"]
    meta = metadata(root)
    assert "begins mid-sentence" in text(meta["Summary"])
    # NND 63316 is a declassification project number, not the page's archival identifier
    assert "NND" not in text(meta["Archive"])
    assert text(meta["Source"]).count("63316") == 1
    assert text(meta["Date"]) == "[1967–1969]"  # inferred by the editors: in brackets, as in every format
    for view in ("reading", "diplomatic"):
        last = root.xpath(f'//section[@id="{view}"]/*[last()]')[0]
        assert last.get("class") == "end-of-page" and text(last) == "[end of p. 28]"
    card = [c for c in pages["index.html"].xpath('//li[@class="document-card"]') if "Pentagon" in text(c)][0]
    assert text(metadata_of_card(card)["Date"]) == "[1967–1969]"


def metadata_of_card(card) -> dict[str, object]:
    return {text(d.xpath("dt")[0]): d.xpath("dd")[0] for d in card.xpath(".//dl/div")}


def test_vietnamese_in_metadata_is_marked_as_vietnamese(pages):
    for root in (pages["cwihp77-report.html"], pages["index.html"]):
        marked = {text(s) for s in root.xpath('//dl[@class="metadata"]//*[@lang="vi"]')}
        assert {"Trung tâm Lưu trữ quốc gia III", "Phủ Thủ tướng"} <= marked, marked


def test_vietnamese_in_register_identifications_is_marked_as_vietnamese(pages):
    office = pages["organizations.html"].xpath('//article[@id="prime-ministers-office"]/p[@class="identification"]')[0]
    assert [text(s) for s in office.xpath('.//*[@lang="vi"]')] == ["Phủ Thủ tướng"]
    assert "whose records (the fonds Phủ Thủ tướng) hold the report" in text(office)


def test_introduction_list_items_have_a_citation_link(pages):
    intro = pages["cwihp77-introduction.html"]
    for n in range(1, 5):
        item = intro.xpath(f'//li[@id="int-i{n}"]')[0]
        assert item.xpath(f'a[@class="cite-link"][@href="#int-i{n}"]')


def test_each_licence_is_shown_with_rel_license_only_on_the_encodings_link(pages):
    meta = metadata(pages["cwihp77-report.html"])
    licences = meta["Licences"].xpath('p[@class="licence"]')
    assert len(licences) == 2
    assert text(licences[0]).startswith("The text:") and not licences[0].xpath(".//a")
    link = licences[1].xpath(".//a")[0]
    assert link.get("rel") == "license" and link.get("href") == "https://creativecommons.org/licenses/by/4.0/"
    assert "TEI encoding" in link.get("aria-label")
    assert len(pages["cwihp77-report.html"].xpath('//a[@rel="license"]')) == 1


def test_how_to_cite_gives_the_date_and_the_page_and_id(pages):
    cite = text(metadata(pages["cwihp77-report.html"])["How to cite"])
    assert "[1965, after 4 July]" in cite
    assert "cwihp77-report.html" in cite and "xml:id" not in cite
    assert text(metadata(pages["pentagon-papers-p28.html"])["How to cite"]).count("[1967–1969]") == 1


def test_persons_are_listed_by_surname(pages):
    names = [text(h) for h in pages["persons.html"].xpath('//article/h2')]
    order = ["Pierre Asselin", "Leonid Brezhnev", "Ho Chi Minh", "Hoang Bao Son", "Alexei Kosygin", "Le Duan",
             "Walter Ulbricht", "Zhou Enlai"]
    assert [name for name in names if name in order] == order


def test_register_pages_state_their_licences_and_how_to_cite(pages):
    """The footer says 'Texts and licences as stated on each page': a register page states the registers' own."""
    from lxml import etree
    tei = etree.parse(str(Path(__file__).parent.parent / "tei" / "registers.xml"))
    statements = [" ".join("".join(l.itertext()).split())
                  for l in tei.xpath("//t:publicationStmt//t:licence", namespaces={"t": "http://www.tei-c.org/ns/1.0"})]
    assert len(statements) == 2
    for name in ("persons.html", "places.html", "organizations.html"):
        root = pages[name]
        licences = [text(p) for p in root.xpath('//dl[contains(@class, "register-metadata")]//p[@class="licence"]')]
        assert len(licences) == 2
        assert all(any(s in l for l in licences) for s in statements)
        assert root.xpath('//dl[contains(@class, "register-metadata")]//a[@rel="license"]/@href') == ["https://creativecommons.org/licenses/by/4.0/"]
        cite = text(root.xpath('//dl[contains(@class, "register-metadata")]//dd[@class="citation"]')[0])
        assert cite.startswith("“Registers of persons, places and organisations.”")
        assert cite.endswith(f", web page {name} (the edition’s public address is not recorded).")
        assert "xml:id" not in cite


def test_editors_sic_is_worded_and_coloured_as_theirs(pages):
    """Ochad [sic] is flagged by this edition's editors (sic/@resp): the legend says so and the flag has their class;
    the translator's Si-ga’s [sic] keeps the translator's wording."""
    intro, report = pages["cwihp77-introduction.html"], pages["cwihp77-report.html"]
    flags = intro.xpath('//section[@id="reading"]//span[contains(@class, "sic-flag")]')
    assert flags and all("resp-edition" in f.get("class") for f in flags)
    row = [r for r in intro.xpath('//table[@class="legend-table"]//tr') if "[sic]" in text(r)][0]
    assert "flagged by this edition's editors" in text(row) and "translator" not in text(row)
    assert row.xpath('.//span[contains(@class, "sic-flag") and contains(@class, "resp-edition")]')
    row = [r for r in report.xpath('//table[@class="legend-table"]//tr') if "[sic]" in text(r)][0]
    assert "flagged by the translator, Merle Pribbenow" in text(row)
    assert not report.xpath('//span[contains(@class, "sic-flag") and contains(@class, "resp-edition")]')


def test_pentagon_notes_list_the_corrections_as_the_diplomatic_pdf_does(pages):
    """The reading view applies four corrections: the notes section lists them (source form, who corrected),
    lettered a–d as the diplomatic PDF's apparatus, instead of 'This text has no notes.'"""
    notes = pages["pentagon-papers-p28.html"].xpath('//section[@id="notes"]')[0]
    assert "has no notes" not in text(notes)
    items = notes.xpath('.//li[contains(@class, "kind-correction")]')
    assert [text(i.xpath('span[@class="note-mark"]')[0]) for i in items] == ["a", "b", "c", "d"]
    assert text(items[0].xpath('span[@class="note-body"]')[0]) == (
        "Read “Europe” for “Burope” (corrected by this edition's editors; certainty: high).")
    assert all("corrected by this edition's editors" in text(i) for i in items)


def test_legend_note_samples_are_the_parties_the_page_has(pages):
    """The introduction has notes of this edition only: its legend has the N row in their colour and no E row; the
    report has both, each its own row: the source's editor's notes (E) and this edition's (N), numbered apart."""
    def rows(name, kind):
        return [r for r in pages[name].xpath('//table[@class="legend-table"]//tr') if r.xpath(f'.//sup[contains(@class, "kind-{kind}")]')]
    (intro,) = rows("cwihp77-introduction.html", "edition")
    assert [s.get("class") for s in intro.xpath(".//sup")] == ["noteref kind-edition by-edition"]
    assert "this edition’s editors" in text(intro) and not rows("cwihp77-introduction.html", "editorial")
    (theirs,) = rows("cwihp77-report.html", "editorial")
    (ours,) = rows("cwihp77-report.html", "edition")
    assert [text(s) for s in theirs.xpath(".//sup")] == ["E1"] and [text(s) for s in ours.xpath(".//sup")] == ["N1"]
    assert "does not always say whose" in text(theirs) and "CWIHP" not in text(theirs) and "publisher" not in text(theirs)


def test_each_place_of_mention_is_listed_once_per_entry(pages):
    for page in ("persons.html", "places.html", "organizations.html"):
        for item in pages[page].xpath('//ul[@class="occurrences"]/li'):
            labels = [text(a) for a in item.xpath('a')]
            assert len(labels) == len(set(labels)), (page, labels)
