"""Third-party TEI (../shared/corpus/): every TEI P5 file builds to HTML, plain text and PDF without losing
text; files that are not TEI P5 or not well-formed are refused by name, and the rest of the build goes on.

The corpus is built once per session. Two pairs of files share an id (mdtest1.xml/.tei, Test/test.odd and
Test/bare/test.xml) and outputs are named by id, so the files go into as few builds as keep ids apart.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
from lxml import etree

from conftest import CORPUS, needs_shared
from pipeline.build import BuildReport, build
from pipeline.xmlload import TEI_NS, SourceError, load

CORPUS_FILES = CORPUS / "tei-stylesheets-tests"
pytestmark = needs_shared(CORPUS_FILES)


@dataclass(frozen=True)
class Expected:
    refused: str = ""  # the reason the build gives, when the file is refused by design
    why: str = ""


BUILDS = Expected(why="a TEI P5 document")
ODD = Expected(why="a TEI P5 ODD: its specification elements are unknown to the stylesheets, built as text with "
                   "a warning each")
NOT_TEI = "not a TEI P5 document"
STUFF = Expected(f"{NOT_TEI}: root element <stuff> in no namespace", "not TEI: an input of the ODD tests")
P4 = Expected(why="TEI P4 (<TEI.2>, no namespace): converted to TEI P5 in memory, with a warning naming the changes")

EXPECTED: dict[str, Expected | pytest.MarkDecorator] = {
    "Test/alt.odd": ODD,
    "Test/alt2.odd": Expected(f"{NOT_TEI}: root element <classSpec>", "an ODD fragment: a classSpec, no TEI root"),
    "Test/bare/test.xml": BUILDS,
    "Test/mdtest1.tei": BUILDS,
    "Test/mdtest1.xml": BUILDS,
    "Test/test-pure.odd": ODD,
    "Test/test-pure.xml": STUFF,
    "Test/test-pure2.odd": ODD,
    "Test/test-pure2.xml": STUFF,
    "Test/test-tree-mini.xml": BUILDS,
    "Test/test.odd": ODD,
    "Test/test12.xml": BUILDS,
    "Test/test13.odd": ODD,
    "Test/test20.xml": BUILDS,
    "Test/test22.xml": BUILDS,
    "Test/test23.xml": BUILDS,
    "Test/test25.xml": BUILDS,
    "Test/test27.xml": BUILDS,
    "Test/test31.xml": BUILDS,
    "Test/test32.xml": BUILDS,
    "Test/test36.xml": BUILDS,
    "Test/test5.xml": BUILDS,
    "Test/test6.xml": BUILDS,
    "Test/testODD.xml": STUFF,
    "Test/testapp.xml": BUILDS,
    "Test/testapp2.xml": BUILDS,
    "Test/testdrama.odd": ODD,
    "Test/testp4.xml": P4,
    "Test/testrend.xml": Expected("not well-formed XML: Opening and ending tag mismatch: encodingDesc line 16",
                                  "malformed: </teiHeader> closes <encodingDesc>"),
    "Test/testslides.xml": BUILDS,
    "Test/testxi-inc.xml": Expected(f"{NOT_TEI}: root element <div> in namespace {TEI_NS}",
                                    "a fragment meant to be XIncluded: a TEI div, no TEI root"),
    "Test2/invalidInstances/testPure1InvalidInstance.xml": BUILDS,
    "Test2/tei_simplePrint.doc.xml": BUILDS,  # its alchemical symbols have no font: printed as U+1F701
    "Test2/testAttValQuant.odd": ODD,
    "Test2/testBinaryObjects1.xml": BUILDS,
    "Test2/testEgXml1.xml": BUILDS,
    "Test2/testMathML.xml": BUILDS,
    "Test2/testNotes1.xml": BUILDS,
    "Test2/testP4Input1.xml": P4,
    "Test2/testStructure1.xml": BUILDS,
    "Test2/testToRdf1.xml": BUILDS,
    "Test2/testWhitespace1.xml": BUILDS,
    "Test2/validInstances/testNonTeiOdd1ValidInstance.xml": Expected(
        f"{NOT_TEI}: root element <div> in namespace http://www.w3.org/1999/xhtml", "XHTML, not TEI"),
    "Test2/validInstances/testPure1ValidInstance.xml": BUILDS,
}


def _corpus_files() -> list[str]:
    if not CORPUS_FILES.is_dir():
        return sorted(EXPECTED)
    return sorted(str(p.relative_to(CORPUS_FILES)) for p in CORPUS_FILES.rglob("*") if p.is_file())


@dataclass
class CorpusBuild:
    out: dict[str, Path]  # corpus file -> the output folder of its build
    reports: dict[str, BuildReport]  # corpus file -> the report of its build
    ids: dict[str, str]  # corpus file -> the id its outputs are named by


@pytest.fixture(scope="session")
def corpus_build(tmp_path_factory) -> CorpusBuild:
    """The whole corpus built once, in as few builds as keep the documents' ids apart."""
    batches: list[dict[str, str]] = []  # each: id -> corpus file
    ids = {}
    for name in _corpus_files():
        try:
            ids[name] = load(CORPUS_FILES / name).id
        except SourceError:
            ids[name] = name  # refused anyway; any batch will do
        batch = next((b for b in batches if ids[name] not in b), None)
        if batch is None:
            batch = {}
            batches.append(batch)
        batch[ids[name]] = name
    out, reports = {}, {}
    root = tmp_path_factory.mktemp("corpus")
    for number, batch in enumerate(batches, 1):
        folder = root / f"build{number}"
        report = build([CORPUS_FILES / name for name in batch.values()], folder, log=lambda message: None)
        for name in batch.values():
            out[name], reports[name] = folder, report
    return CorpusBuild(out, reports, ids)


def test_every_corpus_file_has_an_expectation():
    assert sorted(EXPECTED) == _corpus_files()


def _cases():
    for name in _corpus_files():
        expected = EXPECTED.get(name, BUILDS)
        if isinstance(expected, pytest.MarkDecorator):
            yield pytest.param(name, BUILDS, marks=expected, id=name)
        else:
            yield pytest.param(name, expected, id=name)


@pytest.mark.parametrize("name, expected", list(_cases()))
def test_corpus_file(corpus_build: CorpusBuild, name: str, expected: Expected):
    report = corpus_build.reports[name]
    path = str(CORPUS_FILES / name)
    failures = [f for f in report.failures if f.file == path]
    if expected.refused:
        assert any(expected.refused in f.message for f in failures), (expected.why, [str(f) for f in failures])
        assert re.match(r".+:\d+:\d+: error: ", str(failures[0]))
        assert path not in report.built
        return
    assert not failures, [str(f) for f in failures]
    assert path in report.built
    out, doc_id = corpus_build.out[name], corpus_build.ids[name]
    # the diplomatic view's outputs where the encoding gives that view something different to show
    views = json.loads((out / ".build-manifest.json").read_text())["documents"][doc_id]["views"]
    for output in (f"html/{doc_id}.html", f"txt/{doc_id}.reading.txt"):
        assert (out / output).stat().st_size > 0, output
    assert (out / f"txt/{doc_id}.diplomatic.txt").is_file() == ("diplomatic" in views)
    for output in (f"pdf/{doc_id}.pdf", f"pdf/{doc_id}.diplomatic.pdf")[:len(views)]:
        assert (out / output).read_bytes().startswith(b"%PDF-"), output
    root = load(path).root
    for view in ("reading", "diplomatic"):
        shown = view if view in views else "reading"  # one text: the words of both views are in it
        lost = lost_words(source_words(root, view), (out / f"txt/{doc_id}.{shown}.txt").read_text(encoding="utf-8"))
        assert not lost, f"words of the {view} text missing from txt/{doc_id}.{shown}.txt: {lost}"


def test_unknown_elements_are_reported_as_warnings(corpus_build: CorpusBuild):
    """Elements outside the stylesheets' behaviour table build (their text kept) with a warning naming them."""
    name = "Test/alt.odd"
    path = str(CORPUS_FILES / name)
    warnings = [str(w) for w in corpus_build.reports[name].warnings
                if w.file == path and "unknown TEI element" in w.message]
    for element in ("specGrp", "elementSpec", "attDef", "altIdent"):
        assert any(f"<{element}>" in w for w in warnings), (element, warnings)
    assert all(re.match(rf"{re.escape(path)}:\d+:\d+: warning: ", w) for w in warnings)


def test_unknown_element_warnings_point_at_the_element(corpus_build: CorpusBuild):
    name = "Test/alt.odd"
    path = str(CORPUS_FILES / name)
    lines = sorted(w.line for w in corpus_build.reports[name].warnings
                   if w.file == path and "unknown TEI element <elementSpec>" in w.message)
    assert lines == [4, 14, 17]  # the three elementSpec start tags


def test_p4_files_are_converted_with_one_warning(corpus_build: CorpusBuild):
    for name in ("Test/testp4.xml", "Test2/testP4Input1.xml"):
        warnings = [w for w in corpus_build.reports[name].warnings
                    if w.file == str(CORPUS_FILES / name) and w.kind == "conversion"]
        assert len(warnings) == 1 and "<TEI.2> -> <TEI>" in warnings[0].message, warnings


def test_refused_files_do_not_stop_the_build(corpus_build: CorpusBuild):
    refused = [n for n, e in EXPECTED.items() if isinstance(e, Expected) and e.refused]
    built = [n for n, e in EXPECTED.items() if isinstance(e, Expected) and not e.refused]
    assert refused and built
    assert {corpus_build.out[n] for n in refused} <= {corpus_build.out[n] for n in built}


# ----- what "no text lost" means -----

T = f"{{{TEI_NS}}}"
WORD = re.compile(r"[^\W_]+")
# The child of a choice each view shows (xslt/common.xsl, e:alternate-choice); the others are not text lost.
CHOSEN = {"reading": ("corr", "reg", "expan", "ex"), "diplomatic": ("sic", "orig", "abbr", "am")}
# Left out of the reading view by design and kept in the diplomatic one, which is checked too.
NOT_IN_READING = {"del", "fw", "metamark"}


def words(text: str) -> list[str]:
    return WORD.findall(unicodedata.normalize("NFC", text).casefold())


def source_words(root, view: str) -> list[str]:
    """The words of the document's text elements (never its header) that the view must show.

    Element boundaries count as word breaks; a word the output joins (<hi>W</hi>ord) is still found, since
    lost_words accepts a word that is part of an output word. A hyphen before lb[@break='no'] is dropped, as
    the reading view joins the word.
    """
    parts: list[str] = []

    def walk(element):
        if not isinstance(element.tag, str):
            return
        local = element.tag[len(T):] if element.tag.startswith(T) else None
        if local == "teiHeader" or local == "binaryObject":  # binaryObject holds encoded data, not words
            return
        if view == "reading" and local in NOT_IN_READING:
            return
        if local in ("lb", "pb", "cb") and element.get("break") == "no":
            if parts:
                parts[-1] = re.sub(r"[-\u2010\u00ad\u00ac]?\s*$", "", parts[-1])
            return
        parts.append(" ")
        children = [c for c in element if isinstance(c.tag, str)]
        if local == "choice" and children:
            shown = next((c for wanted in CHOSEN[view] for c in children if c.tag == T + wanted), children[0])
            walk(shown)
        else:
            parts.append(element.text or "")
            for child in element:
                walk(child)
                parts.append(child.tail or "")
        parts.append(" ")

    for text in root.iter(T + "text"):
        if not any(a.tag == T + "text" for a in text.iterancestors()):
            walk(text)
    return words("".join(parts))


def lost_words(expected: list[str], output: str) -> dict[str, int]:
    """Words (with how many times) the output lacks: counted as words, or else found inside a joined word."""
    missing = Counter(expected) - Counter(words(output))
    joined = "".join(words(output))
    return {word: count for word, count in missing.items() if word not in joined}


def test_lost_words_finds_a_lost_word():
    root = etree.fromstring(f'<TEI xmlns="{TEI_NS}"><teiHeader><p>header</p></teiHeader><text><body><p>Vie'
                            '<lb break="no"/>tnam <choice><sic>Burope</sic><corr>Europe</corr></choice> '
                            '<del>gone</del> <hi>W</hi>ord kept</p></body></text></TEI>')
    assert source_words(root, "reading") == ["vietnam", "europe", "w", "ord", "kept"]
    assert source_words(root, "diplomatic") == ["vietnam", "burope", "gone", "w", "ord", "kept"]
    assert lost_words(source_words(root, "reading"), "Vietnam Europe Word kept") == {}
    assert lost_words(source_words(root, "reading"), "Vietnam Europe Word") == {"kept": 1}
