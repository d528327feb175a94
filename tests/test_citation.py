"""Citation data: what a reference manager reads from a document page (the citation_* tags, Dublin Core), the
CSL-JSON record of each document against the CSL-JSON schema's structure, the "How to cite" line, and the
repository's CITATION.cff against the edition's header."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import jsonschema
import pytest
import yaml
from lxml import etree

from conftest import REPO, TEI

BASE = "https://example.org/le-thanh-nghi/"
EDITION = "Le Thanh Nghi’s 1965 report and a page of the Pentagon Papers: a TEI edition"
TEI_NS = {"t": "http://www.tei-c.org/ns/1.0"}


@pytest.fixture(scope="module")
def configured(tmp_path_factory) -> Path:
    """The edition built (web pages only) with a base URL, as a configuration file would give it."""
    from pipeline.build import build
    out = tmp_path_factory.mktemp("cited") / "output"
    report = build([TEI], out, ("html",), jobs=1, edition={"base-url": BASE})
    assert report.ok, [str(f) for f in report.failures]
    return out


class HeadReader(HTMLParser):
    """A page's head as Zotero's "Embedded Metadata" translator reads it: every <meta name content> (in order, a
    name may repeat) and the <link rel href> elements."""

    def __init__(self):
        super().__init__()
        self.meta: list[tuple[str, str]] = []
        self.links: list[tuple[str, str, str]] = []
        self.in_head = True

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "body":
            self.in_head = False
        elif self.in_head and tag == "meta" and "name" in attributes:
            self.meta.append((attributes["name"], attributes.get("content") or ""))
        elif self.in_head and tag == "link":
            self.links.append((attributes.get("rel") or "", attributes.get("type") or "", attributes.get("href") or ""))

    def values(self, name: str) -> list[str]:
        return [content for key, content in self.meta if key.lower() == name.lower()]


def reference(page: Path) -> dict:
    """The item a reference manager makes of a page: Highwire Press tags first (title, each author, the date, the
    URL), Dublin Core where they say nothing, the canonical link last for the URL."""
    head = HeadReader()
    head.feed(page.read_text(encoding="utf-8"))
    first = lambda *names: next((v for n in names for v in head.values(n) if v), None)  # noqa: E731
    canonical = next((href for rel, _, href in head.links if rel == "canonical"), None)
    return {"title": first("citation_title", "DC.title"),
            "authors": head.values("citation_author") or head.values("DC.creator"),
            "date": first("citation_date", "citation_publication_date", "DC.date"),
            "url": first("citation_public_url", "citation_abstract_html_url") or canonical,
            "pdf": first("citation_pdf_url"),
            "language": first("citation_language", "DC.language"),
            "dc": {name: head.values(name) for name, _ in head.meta if name.startswith("DC")},
            "links": head.links}


def test_a_reference_manager_reads_title_authors_date_and_url(configured):
    report = reference(configured / "html" / "cwihp77-report.html")
    assert report["title"] == "Report on Meetings with Party Leaders of Eight Socialist Countries"
    assert report["authors"] == ["Le Thanh Nghi"]
    # written after 4 July 1965 and in 1965 (origDate notBefore/notAfter): the year
    assert report["date"] == "1965"
    assert report["url"] == BASE + "html/cwihp77-report.html"
    assert report["language"] == "en"
    assert report["dc"]["DC.contributor"] == ["Merle Pribbenow"]
    assert report["dc"]["DC.date"] == ["1965-07-04/1965-12-31"]
    assert any("CWIHP eDossier" in source for source in report["dc"]["DC.source"])
    assert ("canonical", "", BASE + "html/cwihp77-report.html") in report["links"]
    assert ("alternate", "application/vnd.citationstyles.csl+json", "cwihp77-report.csl.json") in report["links"]

    introduction = reference(configured / "html" / "cwihp77-introduction.html")
    assert introduction["authors"] == ["Pierre Asselin"] and introduction["date"] == "2016/11"
    pentagon = reference(configured / "html" / "pentagon-papers-p28.html")
    assert pentagon["authors"] == ["Office of the Secretary of Defense Vietnam Task Force"]
    assert pentagon["date"] == "1967" and pentagon["dc"]["DC.date"] == ["1967/1969"]


def test_without_a_base_url_no_address_is_made_up(built_edition):
    report = reference(built_edition / "html" / "cwihp77-report.html")
    assert report["title"] and report["authors"] == ["Le Thanh Nghi"] and report["date"] == "1965"
    assert report["url"] is None and report["pdf"] is None
    assert not [link for link in report["links"] if link[0] == "canonical"]
    assert report["dc"]["DC.identifier"] == ["cwihp77-report.html"]


# The structure of CSL-JSON input data as the CSL schema (csl-data.json, 1.0.2) defines it: an array of items,
# each an object with a type from the CSL types and an id, and only CSL variables: names (a list of name parts),
# dates (date-parts, a literal or raw form), numbers (a string or number) and strings.
CSL_TYPES = """article article-journal article-magazine article-newspaper bill book broadcast chapter classic
    collection dataset document entry entry-dictionary entry-encyclopedia event figure graphic hearing interview
    legal_case legislation manuscript map motion_picture musical_score pamphlet paper-conference patent performance
    periodical personal_communication post post-weblog regulation report review review-book software song speech
    standard thesis treaty webpage""".split()
CSL_NAMES = """author chair collection-editor compiler composer container-author contributor curator director editor
    editorial-director executive-producer guest host illustrator interviewer narrator organizer original-author
    performer producer recipient reviewed-author script-writer series-creator translator""".split()
CSL_DATES = "accessed available-date event-date issued original-date submitted".split()
CSL_NUMBERS = """chapter-number citation-number collection-number edition first-reference-note-number issue locator
    number number-of-pages number-of-volumes page page-first part printing supplement volume""".split()
CSL_STRINGS = """abstract annote archive archive_collection archive_location archive-place authority call-number
    citation-key citation-label collection-title container-title container-title-short dimensions division DOI event
    event-place event-title genre ISBN ISSN jurisdiction keyword language license medium note original-publisher
    original-publisher-place original-title part-title PMCID PMID publisher publisher-place references
    reviewed-genre reviewed-title scale section source status title title-short translated-title
    translated-title-short URL version year-suffix journalAbbreviation shortTitle""".split()
NAME = {"type": "object", "additionalProperties": False,
        "properties": {key: {"type": ["string", "number", "boolean"]} for key in
                       ("family", "given", "dropping-particle", "non-dropping-particle", "suffix", "comma-suffix",
                        "static-ordering", "literal", "parse-names")}}
DATE = {"anyOf": [{"type": "string"}, {
    "type": "object", "additionalProperties": False,
    "properties": {"date-parts": {"type": "array", "minItems": 1, "maxItems": 2,
                                  "items": {"type": "array", "minItems": 1, "maxItems": 3,
                                            "items": {"type": ["string", "number"]}}},
                   "season": {"type": ["string", "number"]}, "circa": {"type": ["string", "number", "boolean"]},
                   "literal": {"type": "string"}, "raw": {"type": "string"}, "edtf": {"type": "string"}}}]}
CSL_DATA = {
    "$schema": "http://json-schema.org/draft-07/schema#",
    "type": "array",
    "items": {"type": "object", "required": ["type", "id"], "additionalProperties": False,
              "properties": {"type": {"type": "string", "enum": CSL_TYPES}, "id": {"type": ["string", "number"]},
                             "categories": {"type": "array", "items": {"type": "string"}},
                             "custom": {"type": "object"},
                             **{n: {"type": "array", "items": NAME} for n in CSL_NAMES},
                             **{d: DATE for d in CSL_DATES},
                             **{n: {"type": ["string", "number"]} for n in CSL_NUMBERS},
                             **{s: {"type": "string"} for s in CSL_STRINGS}}},
}


def test_the_schema_structure_refuses_what_csl_refuses():
    validator = jsonschema.Draft7Validator(CSL_DATA)
    assert validator.is_valid([{"id": "x", "type": "manuscript", "author": [{"literal": "A"}],
                                "issued": {"date-parts": [[1965, 7, 4], [1965, 12, 31]]}}])
    for bad in ({"id": "x"}, {"id": "x", "type": "letter-to-the-editor"}, {"id": "x", "type": "book", "licence": "y"},
                {"id": "x", "type": "book", "author": [{"name": "A"}]}, {"id": "x", "type": "book", "issued": {"year": 1}},
                {"id": "x", "type": "book", "issued": {"date-parts": [[1, 2, 3, 4]]}}):
        assert not validator.is_valid([bad]), bad


@pytest.mark.parametrize("document", ["cwihp77-report", "cwihp77-introduction", "pentagon-papers-p28"])
def test_each_document_has_a_csl_json_record_that_the_schema_accepts(configured, document):
    record = json.loads((configured / "html" / f"{document}.csl.json").read_text(encoding="utf-8"))
    jsonschema.Draft7Validator(CSL_DATA).validate(record)
    item, = record
    page = reference(configured / "html" / f"{document}.html")
    assert item["id"] == document and item["title"] == page["title"]
    assert [a["literal"] for a in item["author"]] == page["authors"]
    assert item["URL"] == page["url"]
    # the edition, as How to cite names it: the header's series, its editors and its version (editionStmt/@n)
    assert item["container-title"] == EDITION
    assert item["editor"] == [{"literal": "the editors of this digital edition (not named)"}]
    assert item["version"] == "2026-12-06"


def test_the_report_record_keeps_its_archive_range_of_dates_and_publication(configured):
    item, = json.loads((configured / "html" / "cwihp77-report.csl.json").read_text(encoding="utf-8"))
    assert item["type"] == "manuscript"
    assert item["issued"] == {"date-parts": [[1965, 7, 4], [1965, 12, 31]]}
    assert item["translator"] == [{"literal": "Merle Pribbenow"}]
    assert item["archive"].startswith("Vietnam National Archives Center 3") and item["archive_location"] == "8058"
    assert item["note"].startswith("Published in Pierre Asselin, Le Thanh Nghi’s Tour of the Socialist Bloc, 1965")


def test_the_record_is_the_same_bytes_from_the_same_header(configured, tmp_path):
    from pipeline.build import build
    again = tmp_path / "again"
    assert build([TEI], again, ("html",), jobs=1, edition={"base-url": BASE}).ok
    for document in ("cwihp77-report", "pentagon-papers-p28"):
        assert (again / "html" / f"{document}.csl.json").read_bytes() == \
            (configured / "html" / f"{document}.csl.json").read_bytes()


def test_how_to_cite_names_the_publication_the_edition_its_version_and_address(configured):
    from lxml import html
    page = html.parse(str(configured / "html" / "cwihp77-report.html"))
    cite = " ".join(page.xpath("string(//dd[@class='citation'])").split())
    assert cite.startswith("Le Thanh Nghi, “Report on Meetings with Party Leaders of Eight Socialist Countries,” "
                           "translated by Merle Pribbenow, [1965, after 4 July].")
    assert "Published in Pierre Asselin, Le Thanh Nghi’s Tour of the Socialist Bloc, 1965" in cite
    # the edition's words (tests/test_accuracy.py), the configured base URL giving the page's address
    assert cite.endswith(f"In: {EDITION}, edited by the editors of this digital edition (not named), version of "
                         f"6 December 2026, at {BASE}html/cwihp77-report.html.")
    assert "xml:id" not in cite and "not recorded" not in cite
    persons = html.parse(str(configured / "html" / "persons.html"))
    assert f"at {BASE}html/persons.html." in persons.xpath("string(//dd[@class='citation'])")


def test_citation_cff_describes_the_edition_the_headers_describe():
    cff = yaml.safe_load((REPO / "CITATION.cff").read_text(encoding="utf-8"))
    # what the Citation File Format 1.2.0 requires, of the kinds it requires
    assert cff["cff-version"] == "1.2.0"
    assert isinstance(cff["message"], str) and cff["message"].strip()
    assert isinstance(cff["title"], str) and cff["title"].strip()
    assert cff["authors"] and all(isinstance(a, dict) and (a.get("name") or a.get("family-names")) for a in cff["authors"])
    assert cff.get("type", "software") in ("software", "dataset")
    registers = etree.parse(str(TEI / "registers.xml"))
    version = registers.xpath("string(//t:fileDesc/t:editionStmt/t:edition/@n)", namespaces=TEI_NS)
    series = " ".join(registers.xpath("string(//t:fileDesc/t:seriesStmt/t:title)", namespaces=TEI_NS).split())
    assert str(cff["version"]) == version
    assert cff["title"] == series


def test_a_public_address_the_header_records_is_cited_and_a_configured_base_url_wins(tmp_path):
    """publicationStmt/idno[@type='URL'] names where the edition's pages are: the citation, the tags and the record
    give the page under it. A configured base URL (where this build's output folder is served) is said last, so it
    wins, as a configured title and version do over the header's."""
    from lxml import html
    from pipeline.build import build
    sources = tmp_path / "tei"
    sources.mkdir()
    (sources / "registers.xml").write_bytes((TEI / "registers.xml").read_bytes())
    page = (TEI / "pentagon-papers-p28.xml").read_text(encoding="utf-8")
    recorded = "https://archive.example.net/nghi/pages"
    page = page.replace('<date when="2026">2026</date>\n      </publicationStmt>',
                        f'<date when="2026">2026</date>\n        <idno type="URL">{recorded}</idno>\n      </publicationStmt>', 1)
    assert recorded in page
    (sources / "pentagon-papers-p28.xml").write_text(page, encoding="utf-8")
    for out, edition, address in ((tmp_path / "recorded", None, recorded + "/"),
                                  (tmp_path / "configured", {"base-url": BASE}, BASE + "html/")):
        assert build([sources], out, ("html",), jobs=1, edition=edition).ok
        url = address + "pentagon-papers-p28.html"
        cite = " ".join(html.parse(str(out / "html" / "pentagon-papers-p28.html"))
                        .xpath("string(//dd[@class='citation'])").split())
        assert cite.endswith(f", at {url}.") and "not recorded" not in cite
        found = reference(out / "html" / "pentagon-papers-p28.html")
        assert found["url"] == url and ("canonical", "", url) in found["links"]
        item, = json.loads((out / "html" / "pentagon-papers-p28.csl.json").read_text(encoding="utf-8"))
        assert item["URL"] == url
