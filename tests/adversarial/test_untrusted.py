"""Untrusted input beyond single files: the scenario table of tests/adversarial/cases.tsv, one test each.

A hostile archive does not stop at hostile files: it brings folders, links, FIFOs, names that are not UTF-8, races
and signals, and it is exported as well as built. Each scenario makes what it needs in a temporary folder (what
git cannot hold is made here: symbolic links, FIFOs, /proc links, file names that are not UTF-8), runs the real
command (or, where a race or a budget must be forced, the real functions in this process) and checks the exit
code and message the table gives, that no traceback was printed, and what the table says must hold.
"""

from __future__ import annotations

import fcntl
import functools
import hashlib
import http.server
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import TEI, copy_sources

ADVERSARIAL = Path(__file__).resolve().parent
EDITION = Path(sys.executable).parent / "edition"
SECRET = "the-secret-no-output-may-hold-9c41d2"
TEI_NS = "http://www.tei-c.org/ns/1.0"


# ===== The table =====

@dataclass(frozen=True)
class Scenario:
    name: str
    kind: str
    exit: int
    says: str
    holds: str


def read_scenarios() -> dict[str, Scenario]:
    lines = [line for line in (ADVERSARIAL / "cases.tsv").read_text(encoding="utf-8").split("\n")
             if line and not line.startswith("#")]
    start = lines.index(next(line for line in lines if line.startswith("scenario\t")))
    found = {}
    for line in lines[start + 1:]:
        name, kind, code, says, holds = line.split("\t")
        found[name] = Scenario(name, kind, int(code), says, holds)
    return found


SCENARIOS = read_scenarios()


@dataclass
class Outcome:
    exit: int
    said: str


TESTS = {}


def scenario(function):
    TESTS[function.__name__.replace("_", "-")] = function
    return function


def test_every_scenario_has_a_test():
    assert sorted(SCENARIOS) == sorted(TESTS)


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_scenario(name, tmp_path, monkeypatch, request):
    expected = SCENARIOS[name]
    outcome = TESTS[name](tmp_path, monkeypatch, request)
    assert "Traceback" not in outcome.said, outcome.said
    assert outcome.exit == expected.exit, outcome.said
    assert re.search(expected.says, outcome.said), outcome.said


# ===== Helpers =====

def edition(*args, cwd: Path, env: dict | None = None, timeout: float = 300) -> Outcome:
    done = subprocess.run([str(EDITION), *map(str, args)], cwd=cwd, env=env, capture_output=True, timeout=timeout)
    return Outcome(done.returncode, (done.stdout + done.stderr).decode("utf-8", "replace"))


def document(doc_id: str | None, text: str = "Ordinary text.", header: str = "", lang: str = "en") -> str:
    """A small TEI document, valid against the edition's schema when its id matches its file name."""
    root_id = f' xml:id="{doc_id}"' if doc_id is not None else ""
    prefix = re.sub(r"[^A-Za-z0-9]", "", doc_id or "anonymous") or "d"
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="{TEI_NS}"{root_id} xml:lang="{lang}">
  <teiHeader>
    <fileDesc>
      <titleStmt><title>Scenario document {doc_id or "without an id"}</title></titleStmt>
      <publicationStmt><p>A test fixture of the edition's pipeline.</p></publicationStmt>
      <sourceDesc><p>Made by a test.</p></sourceDesc>
    </fileDesc>{header}
  </teiHeader>
  <text>
    <body>
      <div xml:id="{prefix}-d1">
        <p xml:id="{prefix}-p1">{text}</p>
      </div>
    </body>
  </text>
</TEI>
"""


def snapshot(root: Path, *, leave_out: tuple[Path, ...] = ()) -> dict[str, str]:
    """Every file and link below a folder by relative path: a digest, or where a link points."""
    found = {}
    for folder, folders, files in os.walk(root):
        folders[:] = [f for f in folders if Path(folder, f) not in leave_out]
        for name in folders + files:
            path = Path(folder, name)
            if path.is_symlink():
                found[str(path.relative_to(root))] = "-> " + os.readlink(path)
            elif path.is_file():
                found[str(path.relative_to(root))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def texts_below(folder: Path) -> str:
    return "\n".join(p.read_bytes().decode("utf-8", "replace") for p in sorted(folder.rglob("*")) if p.is_file())


def escaped_anywhere(token: str, *roots: Path) -> list[str]:
    """Files whose name holds the token, below the roots (and in the system's temporary folder)."""
    found = []
    for root in (*roots, Path("/tmp")):
        paths = root.rglob(f"*{token}*") if root != Path("/tmp") else root.glob(f"*{token}*")
        found += [str(p) for p in paths]
    return found


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def in_process(report) -> Outcome:
    said = "\n".join(str(p) for p in report.warnings + report.failures)
    return Outcome(0 if report.ok else 1, said)


# ===== write anywhere =====

@scenario
def dts_label_outside_out(tmp_path, monkeypatch, request):
    token = secrets.token_hex(6)
    sources = copy_sources(tmp_path / "tei")
    page = sources / "pentagon-papers-p28.xml"
    text = page.read_text(encoding="utf-8")
    tree_label = "../" * 5 + f"escaped-tree-{token}"
    text = text.replace("</refsDecl>", f'</refsDecl>\n      <refsDecl n="{tree_label}"><citeStructure unit="line" '
                                       'match="//lb" use="@n"/></refsDecl>', 1)
    text = text.replace('<lb n="5"/>', f'<lb n="{"../" * 4}escaped-unit-{token}"/>', 1)
    page.write_text(text, encoding="utf-8")
    built = tmp_path / "built"
    (built / "html").mkdir(parents=True)  # outputs are not what this scenario is about
    before = snapshot(tmp_path, leave_out=(tmp_path / "export",))
    outcome = edition("export", sources, "--out", tmp_path / "export", "--outputs", built, cwd=tmp_path)
    assert snapshot(tmp_path, leave_out=(tmp_path / "export",)) == before
    assert escaped_anywhere(token, tmp_path) == []
    return outcome


@scenario
def source_changed_during_build(tmp_path, monkeypatch, request):
    from pipeline import build as build_module
    token = secrets.token_hex(6)
    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / "changing.xml").write_text(document("changing"), encoding="utf-8")
    scan = build_module.scan

    def scan_then_change(path, *args):
        found = scan(path, *args)
        path.write_text(document(f"../../escaped-{token}"), encoding="utf-8")  # the race, forced
        return found
    monkeypatch.setattr(build_module, "scan", scan_then_change)
    out = tmp_path / "deep" / "out"
    report = build_module.build([sources], out, ("html", "txt"), jobs=1)
    assert (out / "html" / "changing.html").is_file() and (out / "txt" / "changing.reading.txt").is_file()
    assert escaped_anywhere(token, tmp_path) == []
    return in_process(report)


@scenario
def symlinked_output_folder(tmp_path, monkeypatch, request):
    sources = copy_sources(tmp_path / "tei")
    outside = tmp_path / "outside"
    outside.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    (out / "html").symlink_to(outside)
    outcome = edition("build", "--format", "html", "--out", out, sources, cwd=tmp_path)
    assert list(outside.iterdir()) == []
    return outcome


# ===== run code =====

@pytest.fixture
def pentagon():
    from pipeline.xmlload import load
    return load(TEI / "pentagon-papers-p28.xml")


def _typeset(markup: str, name: str) -> Outcome:
    from pipeline import pdf
    from pipeline.xmlload import load
    try:
        done = pdf.typeset(markup, load(TEI / "pentagon-papers-p28.xml"), name)
    except pdf.PdfError as error:
        return Outcome(1, str(error))
    return Outcome(0, "\n".join(done.notes) or "compiled")


@scenario
def typst_time_budget(tmp_path, monkeypatch, request):
    from pipeline import pdf
    monkeypatch.setattr(pdf, "PDF_SECONDS", 3.0)
    monkeypatch.setattr(pdf, "PDF_SECONDS_PER_MB", 0.0)
    start = time.monotonic()
    outcome = _typeset("#for i in range(100000) { for j in range(100000) { } }\n", "loop.typ")
    assert time.monotonic() - start < 30
    assert pdf._helper.process is None  # killed
    return outcome


@scenario
def typst_memory_budget(tmp_path, monkeypatch, request):
    from pipeline import pdf
    pdf.stop_helper(kill=True)
    monkeypatch.setattr(pdf, "PDF_MEMORY_BYTES", 1024 * 1024 * 1024)  # the next helper's budget
    try:
        start = time.monotonic()
        outcome = _typeset("#let a = range(300000000).map(x => x)\n#a.len()\n", "memory.typ")
        assert time.monotonic() - start < 60
    finally:
        pdf.stop_helper(kill=True)  # the next helper has the usual budget
    return outcome


@scenario
def typst_root_private(tmp_path, monkeypatch, request):
    from pipeline import pdf
    from pipeline.xmlload import load
    folder = tmp_path / "pdf"
    folder.mkdir()
    (folder / "secret.txt").write_text(SECRET)
    (folder / "other-document.typ").write_text(SECRET)
    typ = folder / "x.typ"
    markup = '#read("secret.txt") #read("other-document.typ")\n'
    typ.write_text(markup)
    try:
        document_pdf, _ = pdf.compile_typst(markup, load(TEI / "pentagon-papers-p28.xml"), typ)
    except pdf.PdfError as error:
        return Outcome(1, str(error))
    text = subprocess.run(["pdftotext", "-", "-"], input=document_pdf, capture_output=True).stdout.decode()
    assert SECRET not in text
    return Outcome(0, text)


@scenario
def helper_imports_installed_package(tmp_path, monkeypatch, request):
    project = tmp_path / "project"
    copy_sources(project / "tei")
    marker = tmp_path / "imported-from-the-current-folder"
    for package in ("pipeline", "multiprocessing", "typst", "lxml", "saxonche"):
        (project / package).mkdir()
        for module in ("__init__.py", "pdf.py", "spawn.py"):
            (project / package / module).write_text(f"open({str(marker)!r}, 'a').write('{package}/{module} ')\n")
    said = []
    for jobs in ("2", "1"):
        outcome = edition("build", "--force", "--format", "pdf", "--jobs", jobs, "--out", "out", "tei", cwd=project)
        said.append(outcome.said)
        assert outcome.exit == 0, outcome.said
    assert not marker.exists(), marker.read_text()
    return Outcome(0, "\n".join(said))


# ===== publish secrets =====

def _with_secret(tmp_path: Path) -> tuple[Path, Path]:
    sources = tmp_path / "sources"
    sources.mkdir()
    shutil.copy(TEI / "pentagon-papers-p28.xml", sources)
    shutil.copy(TEI / "registers.xml", sources)
    secret = tmp_path / "private" / "secret.txt"
    secret.parent.mkdir()
    secret.write_text(SECRET)
    return sources, secret


@scenario
def symlink_to_secret(tmp_path, monkeypatch, request):
    sources, secret = _with_secret(tmp_path)
    (sources / "leak.xml").symlink_to(secret)
    outcome = edition("build", "--format", "html,txt", "--out", "out", "sources", cwd=tmp_path)
    assert SECRET not in texts_below(tmp_path / "out")
    assert not (tmp_path / "out" / "tei" / "leak.xml").exists()
    assert (tmp_path / "out" / "html" / "pentagon-papers-p28.html").is_file()
    return outcome


@scenario
def proc_environ(tmp_path, monkeypatch, request):
    sources, _ = _with_secret(tmp_path)
    (sources / "environ.xml").symlink_to("/proc/self/environ")
    outcome = edition("build", "--format", "html", "--out", "out", "sources", "/proc/self/environ", cwd=tmp_path,
                      env=dict(os.environ, EDITION_TEST_MARKER=SECRET))
    assert "a symbolic link: not followed" in outcome.said
    assert SECRET not in texts_below(tmp_path / "out")
    assert sorted(p.name for p in (tmp_path / "out" / "tei").iterdir()) == ["pentagon-papers-p28.xml",
                                                                             "registers.xml"]
    return outcome


@scenario
def oversized_source(tmp_path, monkeypatch, request):
    sources, _ = _with_secret(tmp_path)
    with open(sources / "huge.xml", "wb") as huge:  # sparse: 65 MB on the disk's books, nothing written
        huge.write(f'<TEI xmlns="{TEI_NS}" xml:id="huge">'.encode())
        huge.truncate(65 * 1024 * 1024)
    outcome = edition("build", "--format", "html", "--out", "out", "sources", cwd=tmp_path)
    assert not (tmp_path / "out" / "tei" / "huge.xml").exists()
    return outcome


@scenario
def refused_not_copied(tmp_path, monkeypatch, request):
    sources, _ = _with_secret(tmp_path)
    (sources / "broken.xml").write_text(f'<TEI xmlns="{TEI_NS}" xml:id="broken"><teiHeader>{SECRET}</TEI>')
    outcome = edition("build", "--format", "html", "--out", "out", "sources", cwd=tmp_path)
    copies = tmp_path / "out" / "tei"
    assert sorted(p.name for p in copies.iterdir()) == ["pentagon-papers-p28.xml", "registers.xml"]
    assert digest(copies / "pentagon-papers-p28.xml") == digest(TEI / "pentagon-papers-p28.xml")
    assert SECRET not in texts_below(tmp_path / "out")
    return outcome


# ===== destroy files =====

def _project(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    copy_sources(project / "tei")
    return project


def _changes_nothing(project: Path, *args) -> Outcome:
    """`edition ARGS` run in the project, which it must leave as it was."""
    before = snapshot(project)
    outcome = edition(*args, cwd=project)
    assert snapshot(project) == before
    return outcome


@scenario
def out_contains_sources(tmp_path, monkeypatch, request):
    project = _project(tmp_path)
    other = project / "other-folder"
    other.mkdir()
    # a document with the id of one of the project's sources: its copy would land on tei/cwihp77-report.xml
    report = (TEI / "cwihp77-report.xml").read_text(encoding="utf-8")
    (other / "cwihp77-report.xml").write_text(report.replace("</body>", "<!-- other --></body>"), encoding="utf-8")
    return _changes_nothing(project, "build", "other-folder", "--out", ".")


@scenario
def out_inside_sources(tmp_path, monkeypatch, request):
    project = _project(tmp_path)
    (project / "tei" / ".draft.xml.abc123.tmp").write_text("the user's draft")
    return _changes_nothing(project, "build", "tei", "--out", "tei/output")


@scenario
def out_is_sources(tmp_path, monkeypatch, request):
    return _changes_nothing(_project(tmp_path), "build", "tei", "--out", "tei")


@scenario
def foreign_files_in_out(tmp_path, monkeypatch, request):
    project = _project(tmp_path)
    mine = project / "site" / "html" / "pentagon-papers-p28.html"
    mine.parent.mkdir(parents=True)
    mine.write_text("the user's own page")
    return _changes_nothing(project, "build", "tei", "--out", "site")


@scenario
def temporaries_of_others(tmp_path, monkeypatch, request):
    project = _project(tmp_path)
    txt = project / "out" / "txt"
    txt.mkdir(parents=True)
    stopped = "edition-00112233445566ff"
    (project / "out" / ".edition-lock").write_text(f"{stopped}\n")
    (txt / f".x.reading.txt.{stopped}-q1w2e3.tmp").write_text("half")
    (txt / ".notes.txt.abc123.tmp").write_text("the user's")
    (txt / ".x.txt.edition-ffeeddccbbaa9988-zz.tmp").write_text("not the stopped build's")
    outcome = edition("build", "--format", "txt", "tei", "--out", "out", cwd=project)
    assert sorted(p.name for p in txt.glob(".*")) == [".notes.txt.abc123.tmp",
                                                     ".x.txt.edition-ffeeddccbbaa9988-zz.tmp"]
    return outcome


@scenario
def concurrent_build_locked(tmp_path, monkeypatch, request):
    project = _project(tmp_path)
    out = project / "out"
    out.mkdir()
    (out / "notes.txt").write_text("kept")
    lock = os.open(out / ".edition-lock", os.O_RDWR | os.O_CREAT)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)  # as a running build holds it
        before = snapshot(out)
        outcome = edition("build", "--format", "txt", "tei", "--out", "out", cwd=project)
        assert snapshot(out) == before
    finally:
        os.close(lock)
    return outcome


def _outputs_for_export(project: Path) -> Path:
    done = edition("build", "--format", "html,txt", "tei", "--out", "built", cwd=project)
    assert done.exit == 0, done.said
    return project / "built"


@scenario
def export_keeps_user_files(tmp_path, monkeypatch, request):
    project = _project(tmp_path)
    built = _outputs_for_export(project)
    export = project / "export"
    first = edition("export", "tei", "--out", export, "--outputs", built, cwd=project)
    assert first.exit == 0, first.said
    mine = [export / "dc" / "mine.txt", export / "dts" / "mine.txt", export / "dts" / "navigation" / "mine.json",
            export / "mine.txt"]
    for path in mine:
        path.write_text("the user's")
    (project / "tei" / "pentagon-papers-p28.xml").unlink()  # the second export writes less
    outcome = edition("export", "tei", "--out", export, "--outputs", built, cwd=project)
    assert all(path.read_text() == "the user's" for path in mine)
    assert not (export / "dc" / "pentagon-papers-p28.xml").exists()  # what the first export wrote: removed
    return outcome


@scenario
def export_refuses_user_file_in_bag(tmp_path, monkeypatch, request):
    project = _project(tmp_path)
    built = _outputs_for_export(project)
    mine = project / "export" / "bag" / "data" / "mine.txt"
    mine.parent.mkdir(parents=True)
    mine.write_text("the user's")
    before = snapshot(project / "export")
    outcome = edition("export", "tei", "--out", "export", "--outputs", built, cwd=project)
    assert snapshot(project / "export") == before
    return outcome


# ===== replace silently =====

@scenario
def name_collisions(tmp_path, monkeypatch, request):
    sources = tmp_path / "sources"
    for relative, doc_id in (("index.xml", "index"), ("people.xml", "persons"), ("x.xml", "x"),
                             ("x-dip.xml", "x.diplomatic"), ("letter1.xml", "Letter"), ("letter2.xml", "letter"),
                             ("a/same.xml", None), ("b/same.xml", None)):
        (sources / relative).parent.mkdir(parents=True, exist_ok=True)
        (sources / relative).write_text(document(doc_id, f"The text of {relative}."), encoding="utf-8")
    said, layouts = [], []
    for jobs in ("2", "1"):
        out = tmp_path / f"out-{jobs}"
        outcome = edition("build", "--format", "html,txt", "--jobs", jobs, "sources", "--out", out, cwd=tmp_path)
        assert outcome.exit == 0, outcome.said
        said.append(outcome.said.replace(out.name, "out"))
        manifest = json.loads((out / ".build-manifest.json").read_text())
        layouts.append(sorted(manifest["documents"]))
        pages = sorted(p.relative_to(out / "html").as_posix() for p in (out / "html").rglob("*.html"))
        assert len(pages) == 6 + 8, pages  # the site's pages and one page per document
        texts = {(out / "txt" / f"{path}.reading.txt").read_text() for path in manifest["documents"]}
        assert len(texts) == 8  # eight documents, eight distinct texts: none replaced another
        assert "site-title" in (out / "html" / "index.html").read_text()  # the site's own index
        assert sorted(p.name for p in (out / "tei").rglob("*.xml")) == sorted(
            f"{path.rpartition('/')[2]}.xml" for path in manifest["documents"])
        assert (out / "tei" / "a" / "same.xml").read_text() != (out / "tei" / "b" / "same.xml").read_text()
    assert layouts[0] == layouts[1] and said[0] == said[1]
    renamed = [line for line in said[0].splitlines() if "[document-path]" in line]
    assert len(renamed) == 4, renamed  # index, persons, one of x and x.diplomatic, one of Letter and letter
    for line in renamed:
        assert "is the name of a page of the site" in line or re.search(r"is taken by sources/\S+\.xml", line)
    return Outcome(0, said[0])


@scenario
def duplicate_ids_utf32(tmp_path, monkeypatch, request):
    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / "a.xml").write_text(document("twin", "The UTF-8 twin."), encoding="utf-8")
    (sources / "b.xml").write_bytes(document("twin", "The UTF-32 twin.").replace(
        'encoding="UTF-8"', 'encoding="UTF-32"').encode("utf-32"))
    outcome = edition("build", "--format", "html,txt", "sources", "--out", "out", cwd=tmp_path)
    texts = sorted(p.read_text() for p in (tmp_path / "out" / "txt").glob("*.reading.txt"))
    assert len(texts) == 2 and "UTF-8 twin" in texts[0] + texts[1] and "UTF-32 twin" in texts[0] + texts[1]
    assert "sources/b.xml:1:1: warning: document path \"twin\" is taken by sources/a.xml" in outcome.said
    return outcome


# ===== fall over =====

@scenario
def entity_in_attribute_export(tmp_path, monkeypatch, request):
    sources = tmp_path / "sources"
    sources.mkdir()
    shutil.copy(ADVERSARIAL / "entity-in-root-attribute.xml", sources)
    return edition("export", "sources", "--out", "export", cwd=tmp_path)


@scenario
def parser_message_time(tmp_path, monkeypatch, request):
    from pipeline.xmlload import SourceError, load
    start = time.monotonic()
    try:
        load(ADVERSARIAL / "parser-message-backtracking.xml")
    except SourceError as error:
        outcome = Outcome(1, str(error))
    else:
        outcome = Outcome(0, "loaded")
    assert time.monotonic() - start < 2
    return outcome


@scenario
def expensive_citestructure(tmp_path, monkeypatch, request):
    sources = tmp_path / "sources"
    sources.mkdir()
    header = """
    <encodingDesc>
      <refsDecl>
        <citeStructure unit="everything" match="//*[count(//*) &gt; 0]" use="count(preceding::*)"/>
      </refsDecl>
      <refsDecl n="lines">
        <citeStructure unit="paragraph" match="//p" use="@xml:id">
          <citeStructure unit="line" match="//lb" use="@n" delim="."/>
        </citeStructure>
      </refsDecl>
    </encodingDesc>"""
    lines = "".join(f'<lb n="{n}"/>line ' for n in range(1, 20001))
    (sources / "long.xml").write_text(document("long", lines, header), encoding="utf-8")
    built = tmp_path / "built"
    (built / "html").mkdir(parents=True)
    start = time.monotonic()
    outcome = edition("export", "sources", "--out", "export", "--outputs", built, cwd=tmp_path, timeout=120)
    assert time.monotonic() - start < 60
    assert "starts from the document's root in a nested structure" in outcome.said
    return outcome


@scenario
def glyph_memory(tmp_path, monkeypatch, request):
    from pipeline import pdf
    monkeypatch.setattr(pdf, "_no_glyph", set())
    compiles = []
    compile_once = pdf._Helper.compile

    def counted(self, markup, timestamp, name):
        compiles.append(name)
        return compile_once(self, markup, timestamp, name)
    monkeypatch.setattr(pdf._Helper, "compile", counted)
    first = _typeset("Alchemy: \U0001F701.\n", "first.typ")
    second = _typeset("More alchemy: \U0001F701 and air.\n", "second.typ")
    assert compiles == ["first.typ", "first.typ", "second.typ"]
    assert first.said == second.said
    return Outcome(max(first.exit, second.exit), first.said)


@scenario
def fifo_on_command_line(tmp_path, monkeypatch, request):
    os.mkfifo(tmp_path / "fifo.xml")
    said, codes = [], []
    for args in (["validate", "fifo.xml"], ["build", "--out", "out", "fifo.xml"],
                 ["import", "--into", "imported", "fifo.xml"]):
        start = time.monotonic()
        outcome = edition(*args, cwd=tmp_path, timeout=60)
        assert time.monotonic() - start < 20
        said.append(outcome.said)
        codes.append(outcome.exit)
    assert codes == [1, 1, 1]
    return Outcome(1, "\n".join(said))


# A Schematron rule whose XPath never ends (as a hostile archive's declared schema may hold): budgets of 3 CPU
# seconds per task make the scenarios quick; the ordinary files beside it need well under one.
RUNAWAY_RULES = """<schema xmlns="http://purl.oclc.org/dsdl/schematron" queryBinding="xslt2">
  <ns prefix="tei" uri="http://www.tei-c.org/ns/1.0"/>
  <pattern><rule context="tei:TEI">
    <assert test="sum(for $a in 1 to 100000, $b in 1 to 100000 return ($a * $b) mod 7) ge 0">never reached</assert>
  </rule></pattern>
</schema>
"""
SMALL_BUDGET = {**os.environ, "EDITION_TASK_SECONDS": "3", "EDITION_TASK_SECONDS_PER_MB": "0"}


def _runaway_folder(tmp_path: Path) -> Path:
    """sources/: runaway.xml (declaring the runaway rules), ordinary-1.xml and ordinary-2.xml."""
    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / "runaway.sch").write_text(RUNAWAY_RULES, encoding="utf-8")
    declared = (f'<?xml-model href="{(sources / "runaway.sch").as_uri()}" type="application/xml" '
                'schematypens="http://purl.oclc.org/dsdl/schematron"?>\n')
    (sources / "runaway.xml").write_text(document("runaway").replace("?>\n", "?>\n" + declared, 1), encoding="utf-8")
    for name in ("ordinary-1", "ordinary-2"):
        (sources / f"{name}.xml").write_text(document(name), encoding="utf-8")
    return sources


def _no_worker_left() -> None:
    """No process of a check or build is left running the runaway rule."""
    time.sleep(0.5)
    left = subprocess.run(["pgrep", "-f", "multiprocessing.spawn"], capture_output=True, text=True).stdout.split()
    mine = [pid for pid in left if Path(f"/proc/{pid}/environ").exists()
            and b"EDITION_TASK_SECONDS=3" in Path(f"/proc/{pid}/environ").read_bytes()]
    assert mine == [], mine


@scenario
def runaway_schematron_validate(tmp_path, monkeypatch, request):
    _runaway_folder(tmp_path)
    said = []
    for jobs in ("2", "1"):
        start = time.monotonic()
        outcome = edition("validate", "--verbose", "--jobs", jobs, "sources/runaway.xml", "sources/ordinary-1.xml",
                          "sources/ordinary-2.xml", cwd=tmp_path, env=SMALL_BUDGET, timeout=120)
        assert time.monotonic() - start < 60
        assert outcome.exit == 1, outcome.said
        assert "sources/ordinary-1.xml: valid" in outcome.said and "sources/ordinary-2.xml: valid" in outcome.said
        said.append(outcome.said)
    _no_worker_left()
    return Outcome(1, "\n".join(said))


@scenario
def runaway_schematron_import_export(tmp_path, monkeypatch, request):
    _runaway_folder(tmp_path)
    imported = edition("import", "--into", "imported", "sources/runaway.xml", "sources/ordinary-1.xml", cwd=tmp_path,
                       env=SMALL_BUDGET, timeout=120)
    assert imported.exit == 1 and (tmp_path / "imported" / "ordinary-1.xml").is_file(), imported.said
    assert not (tmp_path / "imported" / "runaway.xml").exists()
    exported = edition("export", "sources", "--out", "exported", cwd=tmp_path, env=SMALL_BUDGET, timeout=120)
    assert exported.exit == 1 and "runaway.xml" in exported.said, exported.said
    _no_worker_left()
    return Outcome(1, imported.said + "\n" + exported.said)


def _runaway_build(tmp_path: Path, jobs: str) -> Outcome:
    _runaway_folder(tmp_path)
    start = time.monotonic()
    outcome = edition("build", "--format", "html,txt", "--jobs", jobs, "sources", "--out", "out", cwd=tmp_path,
                      env=SMALL_BUDGET, timeout=180)
    assert time.monotonic() - start < 90
    for name in ("ordinary-1", "ordinary-2"):
        assert (tmp_path / "out" / "html" / f"{name}.html").is_file(), outcome.said
    assert not (tmp_path / "out" / "html" / "runaway.html").exists()
    assert "2 documents built" in outcome.said and "1 failure" in outcome.said, outcome.said
    _no_worker_left()
    return outcome


@scenario
def runaway_register(tmp_path, monkeypatch, request):
    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / "runaway.sch").write_text(RUNAWAY_RULES, encoding="utf-8")
    declared = (f'<?xml-model href="{(sources / "runaway.sch").as_uri()}" type="application/xml" '
                'schematypens="http://purl.oclc.org/dsdl/schematron"?>\n')
    register = (TEI / "registers.xml").read_text(encoding="utf-8")
    (sources / "registers.xml").write_text(register.replace("?>\n", "?>\n" + declared, 1), encoding="utf-8")
    (sources / "ordinary-1.xml").write_text(document("ordinary-1"), encoding="utf-8")
    start = time.monotonic()
    outcome = edition("build", "--format", "txt", "--jobs", "1", "sources", "--out", "out", cwd=tmp_path,
                      env=SMALL_BUDGET, timeout=120)
    assert time.monotonic() - start < 60
    assert (tmp_path / "out" / "txt" / "ordinary-1.reading.txt").is_file(), outcome.said
    _no_worker_left()
    return outcome


@scenario
def runaway_document_one_job(tmp_path, monkeypatch, request):
    return _runaway_build(tmp_path, "1")


@scenario
def runaway_document_two_jobs(tmp_path, monkeypatch, request):
    return _runaway_build(tmp_path, "2")


def _build_page_named(tmp_path: Path, name: str) -> Outcome:
    """A build of the Pentagon page (and the registers) in a file of this name."""
    sources = tmp_path / "sources"
    sources.mkdir()
    shutil.copy(TEI / "registers.xml", sources)
    (sources / name).write_bytes((TEI / "pentagon-papers-p28.xml").read_bytes())
    return edition("build", "--format", "html,txt", "sources", "--out", "out", cwd=tmp_path)


@scenario
def non_utf8_file_name(tmp_path, monkeypatch, request):
    outcome = _build_page_named(tmp_path, os.fsdecode(b"caf\xe9-lettre.xml"))
    assert "caf\\xe9-lettre.xml" in outcome.said
    json.loads((tmp_path / "out" / ".build-manifest.json").read_text(encoding="utf-8"))
    return outcome


@scenario
def newline_in_file_name(tmp_path, monkeypatch, request):
    outcome = _build_page_named(tmp_path, "x\nforged.xml:1:1: error: FORGED.xml")
    assert not [line for line in outcome.said.splitlines() if line.startswith("forged")]
    return outcome


@scenario
def damaged_manifest(tmp_path, monkeypatch, request):
    project = _project(tmp_path)
    first = edition("build", "--format", "txt", "tei", "--out", "out", cwd=project)
    assert first.exit == 0, first.said
    said, codes = [], []
    for damage in ("{not json", "[]", '{"outputs": {"txt/x.reading.txt": 1}}',
                   '{"documents": {"x": {"warnings": [{"bogus": 1}]}}}'):
        (project / "out" / ".build-manifest.json").write_text(damage)
        outcome = edition("build", "--format", "txt", "tei", "--out", "out", cwd=project)
        assert "3 documents built" in outcome.said and "the build manifest is damaged" in outcome.said, outcome.said
        said.append(outcome.said)
        codes.append(outcome.exit)
    return Outcome(max(codes), "\n".join(said))


# ----- signals -----

@pytest.fixture(scope="module")
def corpus_for_signals(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    """The edition and twelve copies of its Pentagon page (long enough to be stopped midway), and the digests of
    a whole build of it."""
    root = tmp_path_factory.mktemp("signals")
    sources = copy_sources(root / "tei")
    page = (TEI / "pentagon-papers-p28.xml").read_text(encoding="utf-8")
    for number in range(12):
        (sources / f"copy-{number}.xml").write_text(page.replace('xml:id="pentagon-papers-p28"',
                                                                 f'xml:id="copy-{number}"'), encoding="utf-8")
    done = edition("build", "--out", "whole", "tei", cwd=root)
    assert done.exit == 0, done.said
    whole = root / "whole"
    return root, {str(p.relative_to(whole)): digest(p) for p in whole.rglob("*") if p.is_file()
                  and p.name != ".build-manifest.json"}


def _session(session: int) -> list[str]:
    """The processes of a session still alive (not zombies), as command lines."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            if int(fields[3]) == session and fields[0] != "Z":
                found.append((entry / "cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace"))
        except (OSError, IndexError, ValueError):
            continue
    return found


def _stop_midway(root: Path, whole: dict[str, str], number: int, group: bool) -> Outcome:
    out = root / f"out-{number}-{group}"
    process = subprocess.Popen([str(EDITION), "build", "--jobs", "2", "--out", str(out), "tei"], cwd=root,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and process.poll() is None:  # stopped once PDF helpers are at work
            if sum("pipeline.pdf" in command for command in _session(process.pid)) >= 2 and \
                    len(list((out / "pdf").glob("*.pdf"))) >= 2:
                break
            time.sleep(0.01)
        assert process.poll() is None, "the build finished before it could be stopped"
        sent = time.monotonic()
        if group:
            os.killpg(process.pid, number)  # Ctrl-C in a terminal reaches the whole group
        else:
            os.kill(process.pid, number)  # `kill PID`, or a service manager
        stdout, stderr = process.communicate(timeout=30)
        assert time.monotonic() - sent < 15, "the build took long to stop"
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    for _ in range(100):
        if not _session(process.pid):
            break
        time.sleep(0.05)
    assert _session(process.pid) == [], "processes left running"
    lines = [line for line in stderr.decode().splitlines() if line.strip()]
    assert len(lines) == 1 and not stdout.strip(), stdout.decode() + stderr.decode()
    written = {str(p.relative_to(out)): digest(p) for p in out.rglob("*") if p.is_file()}
    assert written, "nothing was written before the signal"
    for name, value in written.items():
        assert value == whole.get(name), f"{name} is not whole"
    return Outcome(process.returncode, stderr.decode())


@scenario
def sigterm_stops_workers(tmp_path, monkeypatch, request):
    root, whole = request.getfixturevalue("corpus_for_signals")
    return _stop_midway(root, whole, signal.SIGTERM, group=False)


@scenario
def sigint_stops_workers(tmp_path, monkeypatch, request):
    root, whole = request.getfixturevalue("corpus_for_signals")
    return _stop_midway(root, whole, signal.SIGINT, group=True)


# ----- the web edition's script -----

@scenario
def percent_escape_fragment(tmp_path, monkeypatch, request):
    webdriver = pytest.importorskip("selenium.webdriver")
    chromium, chromedriver = shutil.which("chromium"), shutil.which("chromedriver")
    if not (chromium and chromedriver):
        pytest.skip("Debian's chromium and chromium-driver")
    site = request.getfixturevalue("built_edition")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(
        type("Quiet", (http.server.SimpleHTTPRequestHandler,), {"log_message": lambda *a: None}),
        directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-dev-shm-usage",
                 f"--user-data-dir={tmp_path / 'chromium'}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=webdriver.ChromeService(executable_path=chromedriver), options=options)
    try:
        driver.get(f"http://127.0.0.1:{server.server_address[1]}/html/pentagon-papers-p28.html#%E0%A4%A")
        ran = driver.execute_script("return document.querySelector('div.copied') !== null")
        errors = [e for e in driver.get_log("browser") if e["level"] == "SEVERE" and "favicon" not in e["message"]]
    finally:
        driver.quit()
        server.shutdown()
    assert not errors, errors
    return Outcome(0, "edition.js ran" if ran else "edition.js stopped")
