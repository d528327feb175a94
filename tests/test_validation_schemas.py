"""Declared schemas: xml-model to a RELAX NG grammar (XML and compact syntax) with embedded Schematron, to a
Schematron file (XPath 1 and XPath 2), missing or remote ones, the catalogue; --schema on .rng, .rnc and .sch;
grammars that cannot be read (exit 2, one line); and agreement with jing, file by file.

The fixtures are in tests/fixtures/schemas/letters/: schema/letter.rng and schema/letter.rnc describe the same
small language (an include with overrides, an external reference, datatypes, a value choice) and embed the same
Schematron rules (XPath 2); each document names its schema with xml-model."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from lxml import etree

from conftest import FIXTURES, TEI_ALL, needs_shared
from pipeline import rnc
from pipeline.catalog import Catalog
from pipeline.schemas import SchemaError, read_grammar
from pipeline.validate import Validator, validation_report
from pipeline.xmlload import load

LETTERS = FIXTURES / "schemas" / "letters"
SCHEMA = LETTERS / "schema"
JING = shutil.which("jing")
needs_jing = pytest.mark.skipif(JING is None, reason="jing is not installed")
TEI_RELEASE = "http://www.tei-c.org/release/xml/tei/custom/schema/relaxng/tei_all.rng"

# What each document must give: the rule ids found (errors), the rule ids found as warnings, and whether the
# grammar finds it invalid (checked against jing below).
EXPECTED = {
    "valid": ((), (), False),
    "invalid-grammar": ((), (), True),
    "invalid-datatype": (("",), (), True),  # the year rule cannot cast "1958-11-07": reported, not a crash
    "invalid-list": ((), (), True),
    "invalid-rules": (("dates-from-1800", "ref-target-kind"), (), False),
    "warning": ((), ("hi-rend",), False),
    "grammar-only": ((), (), False),  # its embedded rules are not declared: ref-target-kind is not run
}


def grammar_documents() -> list[Path]:
    return sorted(p for p in LETTERS.glob("r[nn][gc]-*.xml"))


@pytest.mark.parametrize("document", grammar_documents(), ids=lambda p: p.stem)
def test_declared_grammar_and_embedded_rules(document):
    syntax, _, case = document.stem.partition("-")
    errors, warnings, grammar_invalid = EXPECTED[case]
    report = Validator().check(load(document))
    suffix = f"schema/letter.{syntax}"
    assert report.schema.startswith(f"{suffix} (RELAX NG{' compact' if syntax == 'rnc' else ''})")
    assert ("Schematron embedded" in report.schema) == (case != "grammar-only")
    assert sorted(p.rule for p in report.problems if p.kind == "rule" and p.severity == "error") == list(errors)
    assert sorted(p.rule for p in report.problems if p.severity == "warning") == list(warnings)
    assert any(p.kind == "grammar" for p in report.problems) == grammar_invalid
    assert report.valid == (not errors and not grammar_invalid)


def _jing(grammar: Path, documents: list[Path]) -> dict[Path, bool]:
    """jing's verdict per document (True: invalid), one JVM for all."""
    run = subprocess.run(["timeout", "300", JING, *(["-c"] if grammar.suffix == ".rnc" else []), str(grammar),
                          *map(str, documents)], capture_output=True, text=True)
    assert run.returncode in (0, 1), run.stdout + run.stderr
    assert f"{grammar}:" not in run.stdout, run.stdout  # the grammar itself was read
    return {d: f"{d}:" in run.stdout for d in documents}


@needs_jing
@pytest.mark.parametrize("grammar", ["letter.rng", "letter.rnc"])
def test_grammar_verdicts_agree_with_jing_file_by_file(grammar):
    """Every letters document against each syntax of the grammar (--schema), ours against jing's."""
    documents = sorted(LETTERS.glob("*.xml"))
    theirs = _jing(SCHEMA / grammar, documents)
    validator = Validator(SCHEMA / grammar)
    ours = {d: any(p.kind == "grammar" for p in validator.validate(load(d))) for d in documents}
    assert ours == theirs
    assert sum(theirs.values()) >= 6 and not all(theirs.values())


def test_schematron_files_in_xpath_1_and_2_find_the_same(cli):
    for name, schema in (("sch-only", "letter.sch"), ("sch-xpath1", "letter-xpath1.sch")):
        report = Validator().check(load(LETTERS / f"{name}.xml"))
        assert report.schema == f"schema/{schema} (Schematron)"
        assert [(p.line, p.rule, p.kind) for p in report.problems] == [(16, "p-not-empty", "rule")]


def test_schema_option_takes_each_kind(cli):
    document = LETTERS / "rng-invalid-rules.xml"
    for schema, rules in (("letter.rnc", {"dates-from-1800", "ref-target-kind"}), ("letter.rng", None),
                          ("letter.sch", set()), ("letter-xpath1.sch", set())):
        code, out, err = cli("validate", "--format", "json", "--schema", SCHEMA / schema, document)
        report = json.loads(out)
        assert report["files"][0]["schema"] == str(SCHEMA / schema), err
        found = {p["rule"] for p in report["files"][0]["problems"]}
        assert found == (rules if rules is not None else {"dates-from-1800", "ref-target-kind"})
        assert code == (1 if found else 0)


def test_a_declared_schema_that_cannot_be_had_is_one_problem(cli):
    from pipeline.build import display_name
    code, out, _ = cli("validate", LETTERS / "declared-missing.xml", LETTERS / "declared-remote.xml")
    lines = out.splitlines()
    assert code == 1
    assert lines[0].startswith(f"{display_name(LETTERS / 'declared-missing.xml')}:2:1: error: declared schema "
                               "unavailable: ../nowhere/letter.rng not found")
    assert lines[1].startswith(f"{display_name(LETTERS / 'declared-remote.xml')}:2:1: error: declared schema "
                               f"unavailable: {TEI_RELEASE} is not available offline")
    assert lines[2:] == ["not checked: 2 files (see above)", "2 files, 2 errors"]


def test_undeclared_files_get_the_edition_schema():
    report = Validator().check(load(LETTERS / "undeclared.xml"))
    assert report.schema == "the edition schema (edition.rng, edition.sch)" and report.problems


def _catalog(folder: Path, body: str) -> Path:
    path = folder / "catalog.xml"
    path.write_text(f'<catalog xmlns="urn:oasis:names:tc:entity:xmlns:xml:catalog">{body}</catalog>')
    return path


@needs_shared(TEI_ALL)
def test_a_remote_schema_is_read_through_the_catalogue(cli, tmp_path, monkeypatch):
    catalog = _catalog(tmp_path, f'<uri name="{TEI_RELEASE}" uri="{TEI_ALL.as_uri()}"/>')
    code, out, _ = cli("validate", "--format", "json", "--catalog", catalog, LETTERS / "declared-remote.xml")
    report = json.loads(out)["files"][0]
    assert report["schema"] == f"{TEI_RELEASE} (RELAX NG, via the catalogue)"
    assert code == 1 and {p["kind"] for p in report["problems"]} == {"grammar"}  # letters are not TEI
    monkeypatch.setenv("XML_CATALOG_FILES", str(catalog))  # the standard variable, as libxml2 reads it
    code, out, _ = cli("validate", LETTERS / "declared-remote.xml")
    assert f"checked against {TEI_RELEASE} (RELAX NG, via the catalogue): 1 file" in out


def test_catalogue_entries(tmp_path):
    (tmp_path / "schemas" / "sub").mkdir(parents=True)
    more = tmp_path / "more.xml"
    more.write_text('<catalog xmlns="urn:oasis:names:tc:entity:xmlns:xml:catalog">'
                    '<uri name="urn:x:next" uri="schemas/next.rng"/></catalog>')
    delegated = tmp_path / "delegated.xml"
    delegated.write_text('<catalog xmlns="urn:oasis:names:tc:entity:xmlns:xml:catalog">'
                         '<rewriteURI uriStartString="http://delegated.example/" rewritePrefix="schemas/d/"/>'
                         "</catalog>")
    catalog = Catalog([_catalog(tmp_path, """
        <uri name="http://example.org/a.rng" uri="schemas/a.rng"/>
        <rewriteURI uriStartString="http://example.org/p5/" rewritePrefix="schemas/p5/"/>
        <rewriteURI uriStartString="http://example.org/p5/deep/" rewritePrefix="schemas/deep/"/>
        <uriSuffix uriSuffix="/eltec-1.rng" uri="schemas/eltec.rng"/>
        <system systemId="http://example.org/system.rng" uri="schemas/system.rng"/>
        <group xml:base="schemas/sub/"><uri name="http://example.org/b.rng" uri="b.rng"/></group>
        <uri name="http://example.org/remote.rng" uri="http://mirror.example/remote.rng"/>
        <delegateURI uriStartString="http://delegated.example/" catalog="delegated.xml"/>
        <nextCatalog catalog="more.xml"/>""")])
    schemas = tmp_path / "schemas"
    assert catalog.resolve("http://example.org/a.rng") == schemas / "a.rng"
    assert catalog.resolve("http://example.org/p5/x/tei.rng") == schemas / "p5/x/tei.rng"
    assert catalog.resolve("http://example.org/p5/deep/tei.rng") == schemas / "deep/tei.rng"  # the longest prefix
    assert catalog.resolve("../../Schemas/eltec-1.rng") == schemas / "eltec.rng"
    assert catalog.resolve("http://example.org/system.rng") == schemas / "system.rng"
    assert catalog.resolve("http://example.org/b.rng") == schemas / "sub/b.rng"
    assert catalog.resolve("http://example.org/remote.rng") is None  # never fetched
    assert catalog.resolve("http://delegated.example/t.rng") == schemas / "d/t.rng"
    assert catalog.resolve("urn:x:next") == schemas / "next.rng"
    assert catalog.resolve("http://example.org/unknown.rng") is None


def test_a_missing_declared_schema_can_be_supplied_by_the_catalogue(tmp_path):
    """eltec-fra's case: a relative href to a grammar not shipped; a uriSuffix entry supplies it."""
    document = tmp_path / "texts" / "novel.xml"
    document.parent.mkdir()
    text = (LETTERS / "rng-valid.xml").read_text()
    document.write_text(text.replace("schema/letter.rng", "../../Schemas/letter.rng"))
    assert Validator(catalog=Catalog()).check(load(document)).schema == ""
    supplied = (SCHEMA / "letter.rng").as_uri()
    catalog = Catalog([_catalog(tmp_path, f'<uriSuffix uriSuffix="Schemas/letter.rng" uri="{supplied}"/>')])
    report = Validator(catalog=catalog).check(load(document))
    assert report.valid and "via the catalogue" in report.schema


# ===== grammars that cannot be read: exit 2, one line, no traceback =====

def _write(folder: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text)


GRAMMAR = '<grammar xmlns="http://relaxng.org/ns/structure/1.0">{}</grammar>'


@pytest.mark.parametrize("files, schema, message", [
    ({"g.rng": "<grammar"}, "g.rng", r"g\.rng:1:\d+: not well-formed XML"),
    ({"g.rng": "<TEI xmlns='http://www.tei-c.org/ns/1.0'/>"}, "g.rng", "not a RELAX NG grammar"),
    ({"g.rng": GRAMMAR.format("<start><element name='a'><bogus/></element></start>")}, "g.rng",
     "not a usable RELAX NG grammar"),
    ({"g.rnc": "start = element a { text "}, "g.rnc", r"g\.rnc:1:\d+: expected '}'"),
    ({"g.rnc": "start = element a { b & c | d }\nb = empty\nc = empty\nd = empty"}, "g.rnc",
     "mixed operators need parentheses"),
    ({"g.rnc": 'start = element a { "x }'}, "g.rnc", "unterminated literal"),
    ({"g.rnc": 'start = element a { xsd:string - "x" | empty }'}, "g.rnc", "parentheses are required"),
    ({"g.rnc": "start = element a { prefix:thing }"}, "g.rnc", "undeclared datatypes prefix 'prefix'"),
    ({"sub/g.rng": GRAMMAR.format("<include href='../outside.rng'/>"), "outside.rng": GRAMMAR.format("")},
     "sub/g.rng", r"\.\./outside\.rng lies outside the schema's folder"),
    ({"sub/g.rng": GRAMMAR.format(f"<include href='{Path('/etc/passwd').as_uri()}'/>")}, "sub/g.rng",
     "lies outside the schema's folder"),
    ({"a.rng": GRAMMAR.format("<include href='b.rng'/>"), "b.rng": GRAMMAR.format("<include href='a.rng'/>")},
     "a.rng", r"includes loop \(a\.rng -> b\.rng -> a\.rng\)"),
    ({"a.rnc": 'include "a.rnc"'}, "a.rnc", "includes loop"),
    ({"g.rng": GRAMMAR.format("<start><externalRef href='http://example.org/x.rng'/></start>")}, "g.rng",
     "http://example.org/x.rng is not available offline"),
    ({"g.rng": GRAMMAR.format("<start><externalRef href='none.rng'/></start>")}, "g.rng", "no such file"),
    ({"g.sch": "<schema xmlns='http://purl.oclc.org/dsdl/schematron' queryBinding='xslt2'><pattern><rule "
               "context='*'><assert test='((('>x</assert></rule></pattern></schema>"}, "g.sch", "does not compile"),
    ({"g.sch": "<schema xmlns='http://purl.oclc.org/dsdl/schematron' queryBinding='xslt3'>"
               "<xsl:include xmlns:xsl='http://www.w3.org/1999/XSL/Transform' href='x.xsl'/></schema>"},
     "g.sch", "xsl:include in a Schematron schema is not supported"),
    ({"g.sch": "<schema xmlns='http://purl.oclc.org/dsdl/schematron' queryBinding='python'/>"}, "g.sch",
     'queryBinding "python" is not supported'),
    ({"g.txt": "x"}, "g.txt", r"--schema takes a RELAX NG grammar \(\.rng, \.rnc\) or a Schematron file"),
])
def test_a_schema_that_cannot_be_read_exits_2_with_one_line(cli, tmp_path, files, schema, message):
    import re
    _write(tmp_path, files)
    document = tmp_path / "doc.xml"
    document.write_text("<a/>")
    code, out, err = cli("validate", "--schema", tmp_path / schema, document)
    assert code == 2 and out == "" and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1 and re.search(message, err), err


def test_nested_includes_are_limited(tmp_path):
    for number in range(20):
        (tmp_path / f"g{number}.rng").write_text(GRAMMAR.format(f"<include href='g{number + 1}.rng'/>"))
    (tmp_path / "g20.rng").write_text(GRAMMAR.format("<start><element name='a'><empty/></element></start>"))
    with pytest.raises(SchemaError, match="nested more than 16 deep"):
        read_grammar(tmp_path / "g0.rng", Catalog())


def test_a_declared_schema_that_cannot_be_read_is_a_problem_of_the_file(tmp_path):
    (tmp_path / "broken.rnc").write_text("start = element a {")
    document = tmp_path / "doc.xml"
    document.write_text('<?xml-model href="broken.rnc" schematypens="http://relaxng.org/ns/structure/1.0"?>\n<a/>')
    report = Validator().check(load(document))
    assert report.schema == "" and [p.kind for p in report.problems] == ["schema"]
    assert "declared schema cannot be used" in report.problems[0].message


# ===== the compact syntax, construct by construct, against jing =====

COMPACT_CASES = [
    # (grammar, valid documents, invalid documents)
    ('element a { attribute x { xsd:integer { minInclusive = "3" } }? , text }',
     ['<a x="3">t</a>', "<a/>"], ['<a x="2"/>', '<a x="z"/>']),
    ('default namespace = "urn:d"\nnamespace o = "urn:o"\nelement a { element o:b { empty }*, element c { empty } }',
     ['<a xmlns="urn:d"><o:b xmlns:o="urn:o"/><c/></a>'], ['<a xmlns="urn:d"><b/><c/></a>', "<a><c/></a>"]),
    ('start = r\nr = element r { (x | y)+ & z? }\nx = element x { empty }\ny = element y { list { xsd:int+ } }\n'
     'z = element z { mixed { x* } }',
     ["<r><x/><z>t<x/>t</z><y>1 2</y></r>", "<r><y>3</y></r>"], ["<r><z/></r>", "<r><y>a</y></r>"]),
    ('namespace local = ""\nstart = element r { attribute * - (x | local:*) { text }* }',
     ['<r xmlns:p="urn:p" p:a="1"/>'], ['<r b="1"/>']),
    ('start = element r { v* }\nv = element v { string "A " | token "b" | (xsd:string - "no") }',
     ["<r><v>A </v><v>  b </v><v>yes</v></r>"], ["<r><v>no</v></r>"]),
    ('start = element r { a }\na = element a { empty }\na |= element b { empty }\n'
     'div { start |= element s { empty } }',
     ["<r><a/></r>", "<r><b/></r>", "<s/>"], ["<r><c/></r>"]),
    ('start = element r { grammar { start = element i { parent p } p = empty } }\np = text',
     ["<r><i>t</i></r>"], ["<r><i><i/></i></r>"]),
    ('start = \\element\n\\element = element element { \\text? }\n\\text = element text { text }',
     ["<element><text>x</text></element>"], ["<element><element/></element>"]),
    ('# documentation and annotations are not patterns\n'
     'namespace a = "http://relaxng.org/ns/compatibility/annotations/1.0"\n'
     '## the root\n[ a:documentation [ "r" ] ] start = element r { [ a:defaultValue = "1" ] '
     'attribute n { "1" | "2" }? }'
     ' >> a:documentation [ "after" ]',
     ['<r n="2"/>', "<r/>"], ['<r n="3"/>']),
    ('start = element r { attribute v { "a" ~ "b" } }', ['<r v="ab"/>'], ['<r v="a"/>']),
    ('start = element r { """x"y""" }', ['<r>x"y</r>'], ["<r>x</r>"]),
    ('start = element \\x{72} { text }', ["<r/>"], ["<s/>"]),
]


@needs_jing
def test_compact_constructs_agree_with_jing(tmp_path):
    documents, grammars, ours = [], {}, {}
    for number, (compact, valid, invalid) in enumerate(COMPACT_CASES):
        grammar = tmp_path / f"g{number}.rnc"
        grammar.write_text(compact, encoding="utf-8")
        compiled = etree.RelaxNG(read_grammar(grammar, Catalog()))
        for kind, texts in (("valid", valid), ("invalid", invalid)):
            for index, text in enumerate(texts):
                document = tmp_path / f"d{number}-{kind}{index}.xml"
                document.write_text(text)
                grammars.setdefault(grammar, []).append(document)
                ours[document] = not compiled.validate(etree.parse(str(document)))
                assert ours[document] == (kind == "invalid"), (compact, text)
                documents.append(document)
    theirs = {}
    for grammar, group in grammars.items():
        theirs.update(_jing(grammar, group))
    assert ours == theirs


def test_compact_syntax_errors_name_line_and_column():
    with pytest.raises(rnc.CompactSyntaxError) as raised:
        rnc.parse("start = element a {\n  attribute b { text } text\n}")
    assert (raised.value.line, raised.value.column) == (2, 24)
    with pytest.raises(rnc.CompactSyntaxError, match="nested more than"):
        rnc.parse("start = " + "(" * 500 + "text" + ")" * 500)
