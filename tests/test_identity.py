"""A document's identity (issue 16): an archive's folder as it comes, files named by date or number, without a
root xml:id, in subfolders (tests/fixtures/dated-minutes/), builds completely, each document under its document
path (pipeline/names.py): the root xml:id where it names a file, else the file's name, below its subfolders;
collisions get distinct names with a warning naming both files. Failures are per file, and the summary counts
the files refused."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from lxml import html

from conftest import CORPUS, FIXTURES, TEI, broken_links, needs_shared
from pipeline import names
from pipeline.build import build, display_name, scan

DATED = FIXTURES / "dated-minutes"
PATHS = {  # file -> its document path
    "1958/1958-11-07-hac-meeting-minutes.xml": "1958/1958-11-07-hac-meeting-minutes",
    "1958/1958-12-01-hac-meeting-minutes.xml": "1958/1958-12-01-hac-meeting-minutes",
    "1959/1959-01-15-hac-meeting-minutes.xml": "1959/1959-01-15-hac-meeting-minutes",
    "1959/appendix/001.xml": "1959/appendix/001",
    "1959/notes.tei": "1959/notes",
    "1959/notes.xml": "1959/notes-2",  # notes.tei comes first and keeps the name
    "index.xml": "index-2",  # index is the site's own page
}


@pytest.fixture(scope="module")
def dated_build(tmp_path_factory):
    """The dated folder built once (one job), with the document path each prepare pass got in the worker
    (tests/probe)."""
    folder = tmp_path_factory.mktemp("dated")
    probe = folder / "probe.log"
    out = folder / "out"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PYTHONPATH", str(Path(__file__).parent / "probe"))
        patch.setenv("EDITION_TEST_PROBE", str(probe))
        report = build([DATED], out, jobs=1)
    given = dict(line.removeprefix("prepare ").split("\t") for line in probe.read_text(encoding="utf-8").splitlines()
                 if line.startswith("prepare "))
    return out, report, given


def test_a_dated_folder_without_ids_builds_completely(dated_build):
    out, report, _ = dated_build
    assert report.ok and not report.refused, [str(f) for f in report.failures]
    assert len(report.built) == len(PATHS)
    manifest = json.loads((out / ".build-manifest.json").read_text())
    for path in PATHS.values():
        for output in (f"html/{path}.html", f"txt/{path}.reading.txt", f"pdf/{path}.typ", f"pdf/{path}.pdf",
                       f"tei/{path}.xml"):
            assert (out / output).is_file(), output
        two = manifest["documents"][path]["views"] == ["reading", "diplomatic"]
        for output in (f"txt/{path}.diplomatic.txt", f"pdf/{path}.diplomatic.pdf"):  # only where the views differ
            assert (out / output).is_file() == two, output
    for file, path in PATHS.items():  # each copy from its own source
        assert (out / "tei" / f"{path}.xml").read_bytes() == (DATED / file).read_bytes()
    assert (out / "tei" / "registers.xml").read_bytes() == (DATED / "registers.xml").read_bytes()
    manifest = json.loads((out / ".build-manifest.json").read_text())
    assert sorted(manifest["documents"]) == sorted(PATHS.values())


def test_collisions_are_warnings_naming_both_files(dated_build):
    _, report, _ = dated_build
    naming = sorted(str(w) for w in report.warnings if w.rule == "document-path")
    folder = display_name(DATED)
    assert naming == [
        f'{folder}/1959/notes.xml:1:1: warning: document path "1959/notes" is taken by {folder}/1959/notes.tei '
        '(html/1959/notes.html): its outputs are named "1959/notes-2" [document-path]',
        f'{folder}/index.xml:1:1: warning: document path "index" is the name of a page of the site: its outputs are '
        'named "index-2" [document-path]']


def test_the_stylesheets_are_given_each_document_path(dated_build):
    """document-path reaches every prepare pass (and so every output); source-file names the copy in tei/."""
    _, _, given = dated_build
    assert given == {path: f"{path.rpartition('/')[2]}.xml" for path in PATHS.values()}


def test_names_do_not_depend_on_the_number_of_jobs(dated_build, tmp_path):
    out, _, _ = dated_build
    again = build([DATED], tmp_path / "out", ("txt",), jobs=2)
    assert sorted(json.loads((tmp_path / "out" / ".build-manifest.json").read_text())["documents"]) == \
        sorted(json.loads((out / ".build-manifest.json").read_text())["documents"])
    assert [str(w) for w in again.warnings if w.rule == "document-path"] == \
        [str(w) for w in dated_build[1].warnings if w.rule == "document-path"]


def test_every_link_of_every_page_resolves(dated_build):
    """Every page links by document path: ../ to the site's top from a page in a subfolder, 1958/... from the
    site pages to a document, the downloads and the source's copy beside the page's own path, and the links
    between documents; every fragment lands on an id of the page it names."""
    out, _, _ = dated_build
    broken, checked = broken_links(out)
    assert broken == [] and checked > 100


def _links(page: Path) -> dict[str, str]:
    """A page's links in its reading text: words -> href, or words -> the bracketed target of one that leads
    nowhere here."""
    root = html.parse(str(page)).getroot()
    found = {}
    for link in root.xpath("//section[@id='reading']//*[self::a or self::span][contains(@class, 'ref') or "
                           "contains(@class, 'ptr')]"):
        words = " ".join("".join(link.xpath("text()")).split())
        target = link.xpath("span[@class='link-target']")
        found[words] = link.get("href") if link.tag == "a" else " ".join(target[0].text_content().split())
    return found


def test_links_between_documents_lead_to_their_pages(dated_build):
    """A ref or ptr naming another document of the build, by its file relative to its own (with or without a
    fragment) or by an xml:id in it, links to that document's page (and the element); a target the build does
    not hold is its words and the target in brackets, never a link, never struck through."""
    out, _, _ = dated_build
    html_folder = out / "html"
    assert _links(html_folder / "1958/1958-11-07-hac-meeting-minutes.html") == {
        "the next meeting": "../1958/1958-12-01-hac-meeting-minutes.html",
        "the appendix": "../1959/appendix/001.html#appendix-total",
        "the minutes of January": "../1959/1959-01-15-hac-meeting-minutes.html#new-member",
        "minutes this folder does not hold": "[not in this edition: ../1957/1957-11-02-hac-meeting-minutes.xml]"}
    assert _links(html_folder / "1958/1958-12-01-hac-meeting-minutes.html") == {
        "../1959/1959-01-15-hac-meeting-minutes.xml": "../1959/1959-01-15-hac-meeting-minutes.html",
        "a file beside the folder": "[not in this edition: ../../elsewhere/1959-01-15.xml]"}
    assert _links(html_folder / "1959/1959-01-15-hac-meeting-minutes.html") == {
        "7 November": "../1958/1958-11-07-hac-meeting-minutes.html"}  # a fragment the page lacks is left off
    assert _links(html_folder / "1959/appendix/001.html") == {"this paragraph": "#appendix-total"}
    css = (html_folder / "edition.css").read_text(encoding="utf-8")
    assert [rule for rule in css.split("}") if "link" in rule.split("{")[0] and "line-through" in rule] == []
    reading = (out / "txt/1958/1958-11-07-hac-meeting-minutes.reading.txt").read_text(encoding="utf-8")
    assert re.search(r"minutes\s+this\s+folder\s+does\s+not\s+hold\s+\[not\s+in\s+this\s+edition:\s+\.\./1957/",
                     reading)


def test_the_edition_keeps_its_names(tmp_path):
    """The edition's own documents have safe root ids in one folder: their document paths are their ids."""
    found = [scan(path) for path in sorted(TEI.glob("*.xml"))]
    paths, notes = names.document_paths([c.named() for c in found], ("html/{}.html",))
    assert paths == [c.root_id for c in found] and notes == []


def test_a_malformed_file_reports_the_parser_line_and_the_summary_counts_it(tmp_path, cli):
    folder = shutil.copytree(DATED, tmp_path / "minutes")
    (folder / "1960").mkdir()
    (folder / "1960" / "1960-01-04-hac-meeting-minutes.xml").write_text(
        (DATED / "index.xml").read_text().replace("</head>", "</hed>"), encoding="utf-8")
    code, out, err = cli("build", "--format", "txt", "--out", tmp_path / "out", folder)
    assert code == 1
    assert re.search(r"1960/1960-01-04-hac-meeting-minutes\.xml:13:\d+: error: not well-formed XML: Opening and "
                     r"ending tag mismatch: head line 13 and hed", err), err
    assert "cannot name" not in err
    assert re.search(r"7 documents built into .*, 1 refused, 1 failure, ", out), out


TILLICH = CORPUS / "tillich-briefe"


@needs_shared(TILLICH)
def test_letters_sharing_a_root_id_all_build_with_a_warning_naming_both(tmp_path):
    """Six root ids of the Tillich letters are each the id of two files (a copy-and-paste slip): all are built,
    each second one under NAME-2, with a warning naming both files."""
    by_id: dict[str, list[Path]] = {}
    for path in sorted((TILLICH / "editions").glob("*.xml")):
        by_id.setdefault(scan(path).root_id, []).append(path)
    shared = {doc_id: paths for doc_id, paths in by_id.items() if doc_id and len(paths) > 1}
    assert len(shared) == 6
    files = [path for paths in shared.values() for path in paths]
    report = build(files, tmp_path / "out", ("txt",), jobs=2)
    assert report.ok and len(report.built) == len(files), [str(f) for f in report.failures]
    warnings = [w for w in report.warnings if w.rule == "document-path"]
    assert len(warnings) == len(files) - len(shared)
    for doc_id, (first, *others) in shared.items():
        assert (tmp_path / "out" / "txt" / f"{doc_id}.reading.txt").is_file()
        for number, other in enumerate(others, 2):
            assert (tmp_path / "out" / "txt" / f"{doc_id}-{number}.reading.txt").is_file()
            assert any(w.file.endswith(other.name) and first.name in w.message and f'"{doc_id}-{number}"' in w.message
                       for w in warnings), doc_id
