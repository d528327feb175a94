"""The search index the build makes with Pagefind: the documents' reading texts and notes only, filters by
document, person, place and organisation, the same bytes from the same pages, remade only when pages change."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from conftest import TEI
from pipeline import search

pytestmark = pytest.mark.skipif(search.executable() is None, reason="pagefind[bin] is installed with the package")


def index_files(out: Path) -> dict[str, bytes]:
    folder = out / "html" / search.FOLDER
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def fragments(out: Path) -> list[dict]:
    """Pagefind's record of each page it indexed (its text, filters, anchors)."""
    records = []
    for path, data in index_files(out).items():
        if path.endswith(".pf_fragment"):
            raw = gzip.decompress(data)
            assert raw.startswith(b"pagefind_dcd")
            records.append(json.loads(raw[len(b"pagefind_dcd"):]))
    return sorted(records, key=lambda r: r["url"])


def test_only_the_documents_reading_texts_and_notes_are_indexed(built_edition):
    pages = fragments(built_edition)
    assert [p["url"] for p in pages] == ["/cwihp77-introduction.html", "/cwihp77-report.html",
                                         "/pentagon-papers-p28.html"], "the documents, not the site pages"
    report = next(p for p in pages if p["url"] == "/cwihp77-report.html")
    text = " ".join(report["content"].split())
    assert "Views Expressed by Zhou Enlai" in text
    assert report["meta"]["title"] == "Report on Meetings with Party Leaders of Eight Socialist Countries"
    # not the page's frame, the header, the views' headings and introductions, the ¶ links or the back links
    for frame in ("Skip to the content", "Persons Places Organizations", "How to cite", "Diplomatic text",
                  "Corrections applied", "↩ reading", "Link to this paragraph"):
        assert frame not in text, frame
    # not the diplomatic text a second time: a crossed-out line is read in the diplomatic view only
    assert "Comrade Zhou Enlai devoted a great deal of time to talking about this subject" not in text
    assert text.count("Views Expressed by Zhou Enlai") == 1
    # the notes are: a translator's note of the report
    assert "Brother Tuan will type up an official copy" in text
    # a note's mark is not a word of the text (“accessible at” is not “accessible atE1”)
    assert "atE1" not in text


def test_the_filters_are_the_document_and_the_entries_its_text_names(built_edition):
    report = next(p for p in fragments(built_edition) if p["url"] == "/cwihp77-report.html")
    filters = report["filters"]
    assert filters["document"] == ["Report on Meetings with Party Leaders of Eight Socialist Countries"]
    assert "Zhou Enlai" in filters["persons"] and "Le Thanh Nghi" in filters["persons"]
    assert "China" in filters["places"] and "Hanoi" in filters["places"]
    assert "Vietnam Workers’ Party" in filters["organizations"]
    # the anchors a result links to: the paragraphs of the reading text, not of the diplomatic one
    ids = {a["id"] for a in report["anchors"]}
    assert "rep-p020" in ids and not any(i.startswith("dip-") for i in ids)


def test_two_builds_give_the_same_index(built_edition, tmp_path):
    from pipeline.build import build
    again = tmp_path / "again"
    assert build([TEI], again, ("html",), jobs=1).ok
    first, second = index_files(built_edition), index_files(again)
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []
    assert any(name.startswith("filter/") for name in first)


def test_the_index_is_remade_only_when_pages_change_and_its_old_files_go(tmp_path):
    from pipeline.build import build
    sources = tmp_path / "tei"
    sources.mkdir()
    for name in ("registers.xml", "pentagon-papers-p28.xml"):
        (sources / name).write_bytes((TEI / name).read_bytes())
    out = tmp_path / "out"
    assert build([sources], out, ("html",), jobs=1).ok
    folder = out / "html" / search.FOLDER
    before = {p: p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}
    assert build([sources], out, ("html",), jobs=1).ok  # nothing changed
    assert {p: p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()} == before
    page = sources / "pentagon-papers-p28.xml"
    page.write_text(page.read_text(encoding="utf-8").replace("peaceful coexistence", "peaceful cohabitation"),
                    encoding="utf-8")
    assert build([sources], out, ("html",), jobs=1).ok
    text = " ".join(p["content"] for p in fragments(out))
    assert "cohabitation" in text and "coexistence" not in text
    written = {p for p in folder.rglob("*") if p.is_file()}
    listed = set(json.loads((out / ".build-manifest.json").read_text())["search"]["files"])
    assert {p.relative_to(out).as_posix() for p in written} == listed, "no file of the old index is left"


def test_a_build_without_web_pages_makes_no_index(tmp_path):
    from pipeline.build import build
    assert build([TEI / "pentagon-papers-p28.xml", TEI / "registers.xml"], tmp_path / "out", ("txt",), jobs=1).ok
    assert not (tmp_path / "out" / "html").exists()


def test_canonical_filters_sort_what_pagefind_writes_in_a_random_order(tmp_path):
    bundle = tmp_path / "pagefind"
    (bundle / "filter").mkdir(parents=True)
    values = [["b", [1]], ["a", [0, 1]]]
    (bundle / "filter" / "en_0000001.pf_filter").write_bytes(search._encode_file(["persons", values]))
    meta = ["1.5.2", [], [], [["persons", "en_0000001"], ["document", "en_0000002"]], [], ["title"]]
    (bundle / "filter" / "en_0000002.pf_filter").write_bytes(search._encode_file(["document", [["x", [0]]]]))
    (bundle / "pagefind.en_0000000000.pf_meta").write_bytes(search._encode_file(meta))
    (bundle / "pagefind-entry.json").write_text(json.dumps({"version": "1.5.2", "languages": {
        "en": {"hash": "en_0000000000", "wasm": "en", "page_count": 2}}}))
    search.canonical_filters(bundle)
    entry = json.loads((bundle / "pagefind-entry.json").read_text())
    meta = search._decode_file(bundle / f"pagefind.{entry['languages']['en']['hash']}.pf_meta")
    assert [name for name, _ in meta[3]] == ["document", "persons"]
    persons = search._decode_file(bundle / "filter" / f"{meta[3][1][1]}.pf_filter")
    assert persons == ["persons", [["a", [0, 1]], ["b", [1]]]]
    assert sorted(p.name for p in (bundle / "filter").iterdir()) == sorted(f"{h}.pf_filter" for _, h in meta[3])


def test_the_index_is_made_in_parts_and_only_the_part_of_a_changed_page_is_made_again(tmp_path, monkeypatch):
    """The parts follow the order documents are made in (the longest first) and the sources' sizes (known before
    any page is written); a changed document's part is indexed again, the others keep their files as they were;
    the search page's list names every part after the first."""
    from pipeline.build import build
    monkeypatch.setattr(search, "PART_BYTES", 1)  # a part per document (the index is made in this process)
    sources = tmp_path / "tei"
    sources.mkdir()
    for name in ("registers.xml", "pentagon-papers-p28.xml", "cwihp77-introduction.xml", "cwihp77-report.xml"):
        (sources / name).write_bytes((TEI / name).read_bytes())
    out = tmp_path / "out"
    assert build([sources], out, ("html",), jobs=2).ok
    folder = out / "html" / search.FOLDER
    assert json.loads((folder / search.PARTS_LIST).read_text()) == ["part-2/", "part-3/"]
    # the longest first: the report's part is the first, the Pentagon Papers page (the shortest) the last
    by_part = {part: sorted(json.loads(gzip.decompress(p.read_bytes())[len(b"pagefind_dcd"):])["url"]
                            for p in (folder / part / "fragment").glob("*.pf_fragment"))
               for part in ("", "part-2", "part-3")}
    assert by_part == {"": ["/cwihp77-report.html"], "part-2": ["/cwihp77-introduction.html"],
                       "part-3": ["/pentagon-papers-p28.html"]}
    before = {p: p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}
    page = sources / "pentagon-papers-p28.xml"
    page.write_text(page.read_text(encoding="utf-8").replace("peaceful coexistence", "peaceful cohabitation"),
                    encoding="utf-8")
    assert build([sources], out, ("html",), jobs=2).ok
    after = {p: p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}
    changed = {p.relative_to(folder).parts[0] for p in after if before.get(p) != after[p]}
    assert changed == {"part-3"}, changed
    assert "cohabitation" in " ".join(p["content"] for p in fragments(out))
    listed = json.loads((out / ".build-manifest.json").read_text())["search"]
    assert [len(part["files"]) > 0 for part in listed["parts"]] == [True, True, True]
    assert {p.relative_to(out).as_posix() for p in after} == set(listed["files"]), "no file of the old part is left"


def test_a_part_whose_documents_all_failed_leaves_no_hole_in_the_index(tmp_path, monkeypatch):
    """The longest document fails (it is not well-formed): its part has no page, and the first part that has pages
    is the one the search page loads; parts.json names only parts that are there."""
    from pipeline.build import build
    monkeypatch.setattr(search, "PART_BYTES", 1)
    sources = tmp_path / "tei"
    sources.mkdir()
    for name in ("registers.xml", "pentagon-papers-p28.xml", "cwihp77-introduction.xml"):
        (sources / name).write_bytes((TEI / name).read_bytes())
    (sources / "broken.xml").write_text("<TEI>" + "<p>unclosed" * 20000, encoding="utf-8")  # the longest
    out = tmp_path / "out"
    report = build([sources], out, ("html",), jobs=2)
    assert len(report.failures) == 1 and report.failures[0].file.endswith("broken.xml")
    folder = out / "html" / search.FOLDER
    assert (folder / "pagefind.js").is_file()
    assert json.loads((folder / search.PARTS_LIST).read_text()) == ["part-2/"]
    assert (folder / "part-2" / "pagefind.js").is_file() and not (folder / "part-3").exists()
    assert sorted(p["url"] for p in fragments(out)) == ["/cwihp77-introduction.html", "/pentagon-papers-p28.html"]


def test_an_index_that_cannot_be_made_leaves_the_previous_one_as_it_was(tmp_path, monkeypatch):
    """Pagefind failing on one part: nothing of the index is written, the previous one stays whole (and recorded,
    so that the next build removes what it must), with a warning; the next build makes it again."""
    from pipeline.build import build
    monkeypatch.setattr(search, "PART_BYTES", 1)
    sources = tmp_path / "tei"
    sources.mkdir()
    for name in ("registers.xml", "pentagon-papers-p28.xml", "cwihp77-introduction.xml"):
        (sources / name).write_bytes((TEI / name).read_bytes())
    out = tmp_path / "out"
    assert build([sources], out, ("html",), jobs=1).ok
    folder = out / "html" / search.FOLDER
    before = {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    recorded = json.loads((out / ".build-manifest.json").read_text())["search"]
    page = sources / "pentagon-papers-p28.xml"
    page.write_text(page.read_text(encoding="utf-8").replace("peaceful coexistence", "peaceful cohabitation"),
                    encoding="utf-8")
    index_part = search.index_part

    def failing(html, pages):
        raise search.SearchIndexError("Pagefind failed (exit code 1): out of memory")
    monkeypatch.setattr(search, "index_part", failing)
    report = build([sources], out, ("html",), jobs=1)
    assert report.ok and any("search index is not made again: Pagefind failed" in w.message for w in report.warnings)
    assert {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()} == before
    assert json.loads((out / ".build-manifest.json").read_text())["search"] == recorded
    monkeypatch.setattr(search, "index_part", index_part)
    assert build([sources], out, ("html",), jobs=1).ok
    assert "cohabitation" in " ".join(p["content"] for p in fragments(out))
