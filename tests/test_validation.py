"""Validation: the project schema, its Schematron rules (a fixture pair per rule), the CLI's report; another grammar
(--schema), reduced per document, and its messages."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from lxml import etree

from conftest import FIXTURES, REPO, TEI, TEI_ALL, needs_shared
from pipeline import rng_subset
from pipeline.validate import Validator, register_ids, schematron_rule_ids
from pipeline.xmlload import load

RULE_FIXTURES = FIXTURES / "schematron"
REGISTER_IDS = register_ids([load(TEI / "registers.xml")])


def test_every_rule_has_a_valid_and_an_invalid_fixture():
    missing = [f"{rule}.{kind}.xml" for rule in schematron_rule_ids() for kind in ("valid", "invalid")
               if not (RULE_FIXTURES / f"{rule}.{kind}.xml").exists()]
    assert not missing, f"rules without fixtures: {missing}"


@pytest.mark.parametrize("rule", schematron_rule_ids())
def test_rule_fixtures(rule):
    validator = Validator()
    valid = load(RULE_FIXTURES / f"{rule}.valid.xml")
    assert validator.validate(valid, REGISTER_IDS) == []
    invalid = load(RULE_FIXTURES / f"{rule}.invalid.xml")
    assert rule in {p.rule for p in validator.validate(invalid, REGISTER_IDS)}


def test_sources_are_valid(cli):
    code, out, _ = cli("validate", TEI)
    assert (code, out.strip().splitlines()) == (0, ["checked against the edition schema (edition.rng, edition.sch): "
                                                    "4 files, 0 errors", "4 files, 0 errors"])


def test_problems_are_reported_in_compiler_style(cli, tmp_path):
    broken = tmp_path / "cwihp77-report.xml"
    broken.write_text((TEI / "cwihp77-report.xml").read_text().replace('resp="#merle-pribbenow"', "", 1))
    shutil_copy = (TEI / "registers.xml").read_bytes()
    (tmp_path / "registers.xml").write_bytes(shutil_copy)
    code, out, _ = cli("validate", broken)
    assert code == 1
    lines = out.strip().splitlines()
    assert re.fullmatch(rf"{re.escape(str(broken))}:\d+:\d+: error: .+ \[(note-resp|supplied-reason-resp)\]", lines[0])
    assert lines[-1] == "1 file, 1 error"


def test_json_report(cli, tmp_path):
    code, out, _ = cli("validate", "--format", "json", TEI / "pentagon-papers-p28.xml")
    report = json.loads(out)
    assert code == 0 and report["summary"] == {"files": 1, "errors": 0}
    assert report["files"][0]["valid"] is True


def test_usage_errors_exit_2(cli):
    assert cli("validate", "--format", "yaml")[0] == 2
    assert cli("validate", "no/such/file.xml")[0] == 2
    assert cli("build", "--format", "docx", TEI)[0] == 2


@needs_shared(TEI_ALL)
def test_sources_are_valid_against_tei_all(cli):
    code, out, _ = cli("validate", "--schema", TEI_ALL, TEI)
    assert (code, out.strip().splitlines()[-1]) == (0, "4 files, 0 errors"), out


@needs_shared(TEI_ALL)
def test_project_grammar_is_tei_all_reduced_to_the_vocabulary(capsys, monkeypatch):
    """edition.rng is generated, never edited: regenerating it gives the same file."""
    monkeypatch.chdir(REPO)
    assert rng_subset.main([str(TEI_ALL), "schema/edition-elements.txt"]) == 0
    assert capsys.readouterr().out.replace(str(TEI_ALL.name), "tei_all.rng") == \
        (REPO / "schema" / "edition.rng").read_text()


def test_subset_grammar_is_stricter():
    """An element outside the vocabulary is refused by the project grammar."""
    source = (TEI / "pentagon-papers-p28.xml").read_text()
    tree = etree.fromstring(source.replace("<stamp ", "<seal ").replace("</stamp>", "</seal>").encode())
    grammar = etree.RelaxNG(etree.parse(str(REPO / "schema" / "edition.rng")))
    assert not grammar.validate(tree)


# ===== Another grammar (--schema): reduced per document, messages for every invalid document =====

def _tei(body: str, header: str = "<titleStmt><title>T</title></titleStmt>") -> str:
    return (f'<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc>{header}'
            "<publicationStmt><p>P</p></publicationStmt><sourceDesc><p>S</p></sourceDesc></fileDesc></teiHeader>"
            f"<text><body>{body}</body></text></TEI>")


def _problems(tmp_path, text: str, grammar=TEI_ALL) -> list[str]:
    path = tmp_path / "doc.xml"
    path.write_text(text)
    return [f"{p.line}: {p.message}" for p in Validator(grammar).validate(load(path))]


@needs_shared(TEI_ALL)
@pytest.mark.parametrize("text, expected", [
    ('<TEI.2>\n<text/></TEI.2>', ["1: Expecting element TEI or teiCorpus, got TEI.2"]),
    ('<TEI><teiHeader/></TEI>', ["1: Expecting a namespace for element TEI"]),
    (_tei("<p>x</p>", header="<titleStmt>\n<author>A</author></titleStmt>").replace("<titleStmt>", "\n<titleStmt>"),
     ["2: Element titleStmt is incomplete: missing required element title"]),
    ('<TEI xmlns="http://www.tei-c.org/ns/1.0">\n<text><body><p/></body></text></TEI>',
     ["1: Element TEI is incomplete: missing required element teiHeader"]),
    (_tei("<p>a\n<frobnicate/></p>"), ["2: Did not expect element frobnicate there"]),
])
def test_every_invalid_document_gets_a_located_message(tmp_path, text, expected):
    """libxml2 says nothing when a reduced grammar's start cannot match (the root is not a start element, or a
    required element occurs nowhere in the document): the validator says it, at the element concerned."""
    assert _problems(tmp_path, text) == expected


@needs_shared(TEI_ALL)
def test_reduced_grammars_are_compiled_once_per_element_set(tmp_path):
    from pipeline.validate import _REDUCED_GRAMMARS, compiled_grammar
    grammar = compiled_grammar(TEI_ALL)
    before = grammar._compiled.cache_info()
    for text in (_tei("<p>a</p>"), _tei("<p>b</p><p>c</p>")):
        assert _problems(tmp_path, text) == []
    after = grammar._compiled.cache_info()
    assert after.hits - before.hits >= 1 and after.maxsize == _REDUCED_GRAMMARS


@needs_shared(TEI_ALL)
def test_no_document_is_pathological(tmp_path):
    """A document naming every element of TEI all: its reduction is all of TEI all, whose content-model automata
    take libxml2 some 13 s to build; validated without them, it takes a fraction of a second."""
    import time
    from pipeline.validate import compiled_grammar
    names = sorted(compiled_grammar(TEI_ALL).reducer.element_names)
    start = time.process_time()
    problems = _problems(tmp_path, _tei("<p>" + "".join(f"<{name}/>" for name in names) + "</p>"))
    assert problems and time.process_time() - start < 5


def test_a_grammar_the_reducer_does_not_take_apart_is_used_whole(tmp_path):
    (tmp_path / "part.rng").write_text('<grammar xmlns="http://relaxng.org/ns/structure/1.0"><define name="b">'
                                       '<element name="b"><empty/></element></define></grammar>')
    (tmp_path / "main.rng").write_text('<grammar xmlns="http://relaxng.org/ns/structure/1.0"><include href="part.rng"/>'
                                       '<start><element name="a"><ref name="b"/></element></start></grammar>')
    assert _problems(tmp_path, "<a><b/></a>", tmp_path / "main.rng") == []
    assert _problems(tmp_path, "<a>\n<c/></a>", tmp_path / "main.rng") == ["2: Did not expect element c there"]


def test_rule_passes_walk_elements_only_when_every_context_is_an_element():
    from pipeline.schematron import element_context as _element_context
    rules = etree.parse(str(REPO / "schema" / "edition.sch"))
    assert all(_element_context(c) for c in rules.xpath("//sch:rule/@context", namespaces={
        "sch": "http://purl.oclc.org/dsdl/schematron"}))
    assert not any(_element_context(c) for c in ("@xml:id", "tei:p/@rend", "text()", "tei:p//comment()", "/",
                                                  "node()", "tei:*[x]/attribute::y"))


def test_rule_failures_are_located_at_their_element(tmp_path):
    """Each failure is reported at its own element's line and column (the node is handed over by libxslt, not
    found again by an XPath that counts preceding siblings)."""
    items = "".join(f'\n<item xml:id="i{n}">x <ref target="#none{n}">{n}</ref> <ref target="#i{n}">y</ref></item>'
                    for n in range(300))
    path = tmp_path / "long-list.xml"
    path.write_text('<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="long-list"><teiHeader><fileDesc><titleStmt>'
                    "<title>T</title></titleStmt><publicationStmt><p>P</p></publicationStmt><sourceDesc><p>S</p>"
                    f'</sourceDesc></fileDesc></teiHeader><text><body><div xml:id="d"><list>{items}\n</list></div>'
                    "</body></text></TEI>")
    problems = [p for p in Validator().validate(load(path)) if p.rule == "pointer-resolves"]
    assert [(p.line, p.column, p.message.split(": ")[1].split(" ")[0]) for p in problems] == \
        [(n + 2, len(f'<item xml:id="i{n}">x ') + 1, f"#none{n}") for n in range(300)]


def test_validating_one_file_reads_its_neighbours_only_for_its_pointers(tmp_path, monkeypatch):
    """Registers beside the file resolve its pointers: looked for (each neighbour's start only, by the build's
    quick scan) when the file has "#" pointers, and only the registers parsed; never otherwise."""
    import pipeline.build
    import pipeline.validate
    for name in ("registers.xml", "cwihp77-introduction.xml", "pentagon-papers-p28.xml"):
        (tmp_path / name).write_bytes((TEI / name).read_bytes())
    scanned, loaded = [], []
    real_scan, real_load = pipeline.build.scan, pipeline.validate.load
    monkeypatch.setattr(pipeline.build, "scan", lambda path: scanned.append(path.name) or real_scan(path))
    monkeypatch.setattr(pipeline.validate, "load",
                        lambda path, *a: loaded.append(Path(path).name) or real_load(path, *a))
    without = tmp_path / "no-pointers.xml"
    without.write_text(_tei("<p>Nothing points anywhere.</p>"))
    assert pipeline.validate.validation_report([without]).files[0].schema
    assert (scanned, loaded) == ([], ["no-pointers.xml"])
    report = pipeline.validate.validation_report([tmp_path / "pentagon-papers-p28.xml"])
    assert report.ok, report.lines()
    assert sorted(scanned) == ["cwihp77-introduction.xml", "no-pointers.xml", "registers.xml"]
    assert loaded[1:] == ["pentagon-papers-p28.xml", "registers.xml"]
