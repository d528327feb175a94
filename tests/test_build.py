"""The build: outputs for every document, deterministic, atomic, sources untouched, failures isolated."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import FIXTURES, TEI, copy_sources
from pipeline.build import MANIFEST, build, write_atomic

EXPECTED = {
    "html": ["index.html", "persons.html", "places.html", "organizations.html", "encoding.html", "search.html",
             "edition.css", "edition.js", "pagefind"]
            + [f"{d}.{s}" for d in ("cwihp77-introduction", "cwihp77-report", "pentagon-papers-p28")
               for s in ("html", "csl.json")],
    # the introduction, born digital, has one view: its encoding gives a diplomatic view nothing else to show
    "txt": ["cwihp77-introduction.reading.txt"] + [f"{d}.{v}.txt" for d in ("cwihp77-report", "pentagon-papers-p28")
                                                   for v in ("reading", "diplomatic")],
    # one Typst source per document holds both its views
    "pdf": [f"{d}.{e}" for d in ("cwihp77-introduction", "cwihp77-report", "pentagon-papers-p28") for e in ("typ", "pdf")]
           + [f"{d}.diplomatic.pdf" for d in ("cwihp77-report", "pentagon-papers-p28")],
    "tei": [p.name for p in TEI.glob("*.xml")],
}


def digests(folder: Path) -> dict[str, str]:
    """Every output by digest; not the build's manifest, which records when each output was written."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and p.name != ".build-manifest.json"}


def test_every_output_is_built(built_edition):
    for folder, names in EXPECTED.items():
        assert sorted(p.name for p in (built_edition / folder).iterdir()) == sorted(names)


def test_outputs_are_readable_by_others_as_the_umask_allows(built_edition):
    """Outputs are published by web servers: written through temporary files, they still get the mode an
    ordinary new file gets (0644 under the usual umask 022), not the temporary file's 0600."""
    umask = os.umask(0)
    os.umask(umask)
    modes = {oct(p.stat().st_mode & 0o777) for p in built_edition.rglob("*") if p.is_file()}
    assert modes == {oct(0o666 & ~umask)}


def test_builds_are_byte_identical_and_sources_untouched(built_edition, tmp_path):
    before = digests(TEI)
    report = build([TEI], tmp_path / "again")
    assert report.ok
    assert digests(tmp_path / "again") == digests(built_edition)
    assert digests(TEI) == before


def test_one_bad_document_does_not_stop_the_others(tmp_path, cli):
    sources = copy_sources(tmp_path / "tei")
    (sources / "broken.xml").write_text('<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader>\n</TEI>')
    (sources / "page.xml").write_text("<html><body>not TEI</body></html>")
    code, out, err = cli("build", "--format", "txt", "--out", tmp_path / "out", sources)
    assert code == 1
    assert "3 documents built" in out and "2 failures" in out
    assert f"{sources / 'broken.xml'}:2:7: error: not well-formed XML" in err
    assert "page.xml:1:1: error: not a TEI P5 document: root element <html>" in err
    assert len(list((tmp_path / "out" / "txt").glob("*.txt"))) == 5  # the introduction has one view


def test_atomic_write_leaves_old_or_new(tmp_path):
    target = tmp_path / "out" / "a.txt"
    write_atomic(target, "old")
    write_atomic(target, "new")
    assert target.read_text() == "new"
    assert [p.name for p in target.parent.iterdir()] == ["a.txt"]


def test_stale_temporaries_are_cleaned_up(tmp_path):
    """A stopped build's temporaries (its tag is in the lock file it left) are removed by the next build; a
    file of the user's that merely looks like a temporary is not, nor a later build's."""
    out = tmp_path / "out"
    (out / "txt").mkdir(parents=True)
    stopped = "edition-0123456789abcdef"
    (out / ".edition-lock").write_text(f"{stopped}\n")
    (out / "txt" / f".x.reading.txt.{stopped}-abc123.tmp").write_text("half")
    (out / "txt" / ".notes.txt.abc123.tmp").write_text("the user's")
    (out / "txt" / ".x.reading.txt.edition-fedcba9876543210-abc123.tmp").write_text("another build's")
    assert build([TEI], out, ("txt",)).ok
    assert sorted(p.name for p in out.rglob("*.tmp")) == [".notes.txt.abc123.tmp",
                                                         ".x.reading.txt.edition-fedcba9876543210-abc123.tmp"]
    assert not (out / ".edition-lock").exists()


def test_unwritable_output_is_a_clear_error(tmp_path, cli):
    blocker = tmp_path / "a-file"
    blocker.write_text("a file where the output folder should be")
    code, out, err = cli("build", "--format", "txt", "--out", blocker / "output", TEI)
    assert code == 1
    assert err.startswith(f"error: cannot write to {blocker / 'output'}") and "Traceback" not in err


def test_installed_command_runs_outside_the_repository(tmp_path):
    """The stylesheets and schemas ship with the package: no repository needed."""
    edition = Path(sys.executable).parent / "edition"
    sources = copy_sources(tmp_path / "tei")
    for args in (["validate", "tei"], ["build", "--format", "html,txt", "--out", "out", "tei"]):
        done = subprocess.run([str(edition), *args], cwd=tmp_path, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stdout + done.stderr
    assert (tmp_path / "out" / "html" / "cwihp77-report.html").is_file()
    assert sources.is_dir()


def test_incremental_builds_rebuild_only_what_changed(tmp_path):
    sources = copy_sources(tmp_path / "tei")
    out = tmp_path / "out"
    first = build([sources], out, ("txt",), jobs=1)
    assert sorted(first.built) and not first.up_to_date
    again = build([sources], out, ("txt",), jobs=1)
    assert (again.built, len(again.up_to_date)) == ([], 3)
    page = sources / "pentagon-papers-p28.xml"
    page.write_text(page.read_text() + "<!-- revised -->\n")
    changed = build([sources], out, ("txt",), jobs=1)
    assert [Path(n).name for n in changed.built] == ["pentagon-papers-p28.xml"]
    registers = sources / "registers.xml"
    registers.write_text(registers.read_text() + "<!-- revised -->\n")
    assert len(build([sources], out, ("txt",), jobs=1).built) == 3
    assert len(build([sources], out, ("txt",), jobs=1, force=True).built) == 3
    clean = tmp_path / "clean"
    build([sources], clean, ("txt",), jobs=1)
    assert {k: v for k, v in digests(out).items() if not k.startswith(".")} == \
        {k: v for k, v in digests(clean).items() if not k.startswith(".")}


def test_a_changed_declared_schema_checks_its_documents_again(tmp_path):
    """The key of a document's outputs holds the bytes of every schema file its declarations read (includes and
    external references too): a change in a file the grammar refers to makes the document checked again."""
    folder = shutil.copytree(FIXTURES / "schemas" / "letters", tmp_path / "letters")
    letter = folder / "rng-valid.xml"
    out = tmp_path / "out"
    first = build([letter], out, ("txt",), jobs=1)
    assert first.built and not [w for w in first.warnings if w.kind == "validation"]
    assert build([letter], out, ("txt",), jobs=1).up_to_date
    included = folder / "schema" / "list.rng"  # reached through letter.rng's include of a define's externalRef
    included.write_text(included.read_text().replace('<element name="item"><text/></element>',
                                                     '<element name="item"><data type="integer"/></element>'))
    again = build([letter], out, ("txt",), jobs=1)
    assert again.built and not again.up_to_date
    [warning] = [w.message for w in again.warnings if w.kind == "validation"]
    assert re.fullmatch(r"\d+ problems against schema/letter\.rng \(RELAX NG\) \+ schema/letter\.rng \(Schematron "
                        r"embedded in the grammar\): \d+ RELAX NG \(see: edition validate .*rng-valid\.xml\)", warning)


def test_a_page_is_made_again_when_the_documents_its_links_name_change(tmp_path):
    """What a document's links resolve to is in its outputs' key: adding the document a link names, or renaming
    the file a link names, makes the linking page again, and only it."""
    folder = shutil.copytree(FIXTURES / "dated-minutes", tmp_path / "minutes")
    out = tmp_path / "out"
    build([folder], out, ("html",), jobs=1)
    page = out / "html/1958/1958-11-07-hac-meeting-minutes.html"
    assert "[not in this edition: ../1957/1957-11-02-hac-meeting-minutes.xml]" in page.read_text(encoding="utf-8")
    (folder / "1957").mkdir()
    shutil.copy(folder / "1958/1958-12-01-hac-meeting-minutes.xml", folder / "1957/1957-11-02-hac-meeting-minutes.xml")
    added = build([folder], out, ("html",), jobs=1)
    assert sorted(Path(n).name for n in added.built) == ["1957-11-02-hac-meeting-minutes.xml",
                                                         "1958-11-07-hac-meeting-minutes.xml"]
    assert 'href="../1957/1957-11-02-hac-meeting-minutes.html"' in page.read_text(encoding="utf-8")
    (folder / "1959/appendix/001.xml").rename(folder / "1959/appendix/002.xml")
    renamed = build([folder], out, ("html",), jobs=1)
    assert sorted(Path(n).name for n in renamed.built) == ["002.xml", "1958-11-07-hac-meeting-minutes.xml"]
    assert "[not in this edition: ../1959/appendix/001.xml#appendix-total]" in page.read_text(encoding="utf-8")


def test_a_damaged_output_is_rebuilt(tmp_path):
    out = tmp_path / "out"
    build([TEI], out, ("txt",), jobs=1)
    target = out / "txt" / "cwihp77-report.reading.txt"
    target.write_text("truncated")
    rebuilt = build([TEI], out, ("txt",), jobs=1)
    assert [Path(n).name for n in rebuilt.built] == ["cwihp77-report.xml"]
    assert target.stat().st_size > 10000


def test_parallel_and_serial_builds_are_identical(built_edition, tmp_path, monkeypatch):
    """--jobs 1 and --jobs 2 make the same bytes. With one worker the order of the tasks shows: the longest
    document first, each document's PDFs before the next document, and the site pages as soon as every document's
    task is done, before the last PDFs; the search index last, on the written pages. Each document is parsed and
    prepared once, in the worker (tests/probe): its PDFs are made from the Typst source its task made."""
    probe = tmp_path / "probe.log"
    monkeypatch.setenv("PYTHONPATH", str(Path(__file__).parent / "probe"))
    monkeypatch.setenv("EDITION_TEST_PROBE", str(probe))
    serial = tmp_path / "serial"
    lines = []
    assert build([TEI], serial, jobs=1, log=lines.append).ok
    assert digests(serial) == digests(built_edition)
    sources = ["cwihp77-introduction.xml", "cwihp77-report.xml", "pentagon-papers-p28.xml"]
    seen = probe.read_text(encoding="utf-8").splitlines()
    parsed = [line.split(" ", 1)[1] for line in seen if line.startswith("parse ")]
    prepared = [line.split(" ", 1)[1].split("\t")[0] for line in seen if line.startswith("prepare ")]
    assert sorted(name for name in parsed if name != "registers.xml") == sources
    assert sorted(prepared) == [name.removesuffix(".xml") for name in sources]
    assert lines[-1] == "search index"  # in this process, once every page is written
    done = [Path(line.split("] ", 1)[1]).name for line in lines[:-1]]
    assert done[:2] == ["cwihp77-report.xml"] * 2  # the longest document, then its PDFs
    assert done[-2:] == ["(corpus pages)", "pentagon-papers-p28.xml"]  # the site pages before the last PDFs
    assert len(done) == 3 + 3 + 1


def test_every_page_names_the_edition_alike(built_edition):
    """Document pages are built one document at a time: the edition's name comes from the registers."""
    titles = {re.search(r'<p class="site-title"><a href="index.html">([^<]*)', p.read_text()).group(1)
              for p in (built_edition / "html").glob("*.html")}
    assert len(titles) == 1


def test_site_pages_come_from_the_summaries_the_workers_made(tmp_path, monkeypatch):
    """Each document's summary (common.xsl's mode e:summary over its prepared tree) is kept in the manifest; the
    index, register and encoding pages are drawn from the summaries: a rebuild after one source changed loads
    that document alone (besides the registers, which the build and its workers read), and the pages still list
    every document."""
    import json
    from pipeline import build as build_module
    sources = copy_sources(tmp_path / "tei")
    out = tmp_path / "out"
    assert build([sources], out, ("html",), jobs=1).ok
    documents = json.loads((out / MANIFEST).read_text())["documents"]
    summaries = {name: entry["summary"] for name, entry in documents.items()}
    assert len(summaries) == 3 and all("<e:summary " in text for text in summaries.values())
    changed = sources / "pentagon-papers-p28.xml"
    changed.write_text(changed.read_text().replace("page 28</title>", "page twenty-eight</title>", 1))
    read = []
    real_read = build_module.read_source
    monkeypatch.setattr(build_module, "read_source", lambda path, name: read.append(Path(path).name) or real_read(path, name))
    assert build([sources], out, ("html",), jobs=1).ok
    assert read == ["pentagon-papers-p28.xml"]  # read for its task (the registers are the build's, read apart)
    index = (out / "html" / "index.html").read_text()
    assert "page twenty-eight" in index and "Report on Meetings" in index and "Introduction" in index
    assert "cwihp77-report.html#" in (out / "html" / "persons.html").read_text()


def test_the_edition_name_for_the_exports_is_the_site_pages_one(built_edition):
    """pipeline.transform.edition_name (for what has the sources and no summaries: the exports) gives the name the
    site pages give, and metadata.py's copy of that decision gives the same (until the exports call the former)."""
    from pipeline import metadata
    from pipeline.transform import edition_name
    from pipeline.xmlload import load
    sources = [load(p) for p in sorted(TEI.glob("*.xml"))]
    index = (built_edition / "html" / "index.html").read_text()
    name = re.search(r"<h1>([^<]*)</h1>", index).group(1)
    assert edition_name(sources) == name == metadata.edition_name(sources)


def test_a_document_that_loses_its_diplomatic_view_loses_its_diplomatic_outputs(tmp_path):
    """The views a document has are the prepare pass's decision: a document whose only deletion is taken out has
    the reading view alone, and the diplomatic outputs an earlier build wrote for it are removed (they are the
    build's own: its manifest records them); nothing else is."""
    sources = tmp_path / "tei"
    sources.mkdir()
    letter = sources / "letter.xml"
    text = """<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="letter"><teiHeader><fileDesc><titleStmt><title>A letter</title>
</titleStmt><publicationStmt><p>Test.</p></publicationStmt><sourceDesc><p>Test.</p></sourceDesc></fileDesc></teiHeader>
<text><body><p>Dear <del rend="strikethrough">Sir</del> Hannah, the parcel came.</p></body></text></TEI>"""
    letter.write_text(text)
    out = tmp_path / "out"
    assert build([sources], out, ("txt", "html"), jobs=1).ok
    assert (out / "txt" / "letter.diplomatic.txt").is_file()
    (out / "txt" / "notes.txt").write_text("the user's")
    letter.write_text(text.replace('<del rend="strikethrough">Sir</del> ', ""))
    assert build([sources], out, ("txt", "html"), jobs=1).ok
    assert sorted(p.name for p in (out / "txt").iterdir()) == ["letter.reading.txt", "notes.txt"]
    page = (out / "html" / "letter.html").read_text()
    assert 'id="diplomatic"' not in page and "letter.diplomatic.txt" not in page and "One text" in page
    assert build([sources], out, ("txt", "html"), jobs=1).up_to_date == [str(letter)]  # and it stays up to date


def test_a_register_is_one_thing_everywhere(tmp_path):
    """One definition of a register (xmlload.is_register_shape), for the build's quick look and a loaded source
    alike: a TEI file with no text whose standOff lists persons, places or organisations. A TEI file holding only a
    standOff of something else is a document: built, not passed over in silence."""
    from pipeline.discovery import scan
    from pipeline.xmlload import load
    header = ('<teiHeader><fileDesc><titleStmt><title>{}</title></titleStmt><publicationStmt><p>Test.</p>'
              '</publicationStmt><sourceDesc><p>Test.</p></sourceDesc></fileDesc></teiHeader>')
    folder = tmp_path / "tei"
    folder.mkdir()
    (folder / "people.xml").write_text(f'<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="people">{header.format("People")}'
                                       '<standOff><listPerson><person xml:id="p1"><persName>Ann</persName></person>'
                                       '</listPerson></standOff></TEI>')
    (folder / "works.xml").write_text(f'<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="works">{header.format("Works")}'
                                      '<standOff><listBibl><bibl>A book.</bibl></listBibl></standOff></TEI>')
    for path, register in ((folder / "people.xml", True), (folder / "works.xml", False)):
        assert scan(path).is_register == load(path).is_register == register, path.name
    report = build([folder], tmp_path / "out", ("txt",), jobs=1)
    assert [Path(name).name for name in report.built] == ["works.xml"]
    assert (tmp_path / "out" / "txt" / "works.reading.txt").is_file()
