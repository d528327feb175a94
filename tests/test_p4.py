"""TEI P4 to P5 (pipeline.p4): each rename and restructuring on a fragment, the whole conversion on the two P4
files of the TEI Stylesheets' tests and on a P4 document of our own (valid against TEI all afterwards, by jing
and by us), what the build and the import do with a P4 file."""

from __future__ import annotations

import copy
import re
import shutil
import subprocess

import pytest
from lxml import etree

from conftest import CORPUS, FIXTURES, TEI_ALL, needs_shared
from pipeline import p4
from pipeline.validate import Validator
from pipeline.xmlload import SourceError, as_tei_p5, load, parse_bytes

TEI = "http://www.tei-c.org/ns/1.0"
JING = shutil.which("jing")
P4_CORPUS = [CORPUS / "tei-stylesheets-tests/Test/testp4.xml", CORPUS / "tei-stylesheets-tests/Test2/testP4Input1.xml"]
OUR_P4 = FIXTURES / "p4" / "p4-letters.xml"


def converted(body: str, header: str = "") -> tuple[str, list[str]]:
    """The <text> (or with `header`, the teiHeader) of a P4 document holding the fragment, as P5 markup without
    namespace declarations, and the list of changes."""
    document = (f"<TEI.2><teiHeader>{header}<fileDesc><titleStmt><title>T</title></titleStmt></fileDesc></teiHeader>"
                f"<text><body>{body}</body></text></TEI.2>")
    root, changes = p4.convert(etree.fromstring(document))
    part = root.find(f"{{{TEI}}}teiHeader" if header else f"{{{TEI}}}text/{{{TEI}}}body")
    text = etree.tostring(part, encoding="unicode", with_tail=False)
    text = text.replace(f' xmlns="{TEI}"', "")
    return re.sub(r"^<(body|teiHeader)>|</(body|teiHeader)>$", "", text), changes


@pytest.mark.parametrize("p4_markup, p5_markup, change", [
    ('<div0 id="a" lang="fr"><p>x</p></div0>', '<div xml:id="a" xml:lang="fr"><p>x</p></div>', "<div0> -> <div>"),
    ('<div1><div2><div3><p>x</p></div3></div2></div1>', "<div><div><div><p>x</p></div></div></div>", "<div1> -> <div>"),
    ('<p><xref url="http://e.org/" targType="web">e</xref><xptr url="http://e.org/x"/></p>',
     '<p><ref target="http://e.org/" type="web">e</ref><ptr target="http://e.org/x"/></p>', "<xref> -> <ref>"),
    ('<p id="a"><ref target="a b">x</ref><ptr target="http://e.org/"/><note resp="ed" corresp="a">n</note></p>',
     '<p xml:id="a"><ref target="#a #b">x</ref><ptr target="#http://e.org/"/><note resp="#ed" corresp="#a">n</note></p>'
     .replace("#http://e.org/", "http://e.org/"), '@target pointers gain "#"'),
    ("<P><HI REND='i'>x</HI></P>", '<p><hi rend="i">x</hi></p>', "element names in P5 case"),
    ('<p><date value="1850-03-04" certainty="low">d</date><dateRange from="1850" to="1851">r</dateRange></p>',
     '<p><date when="1850-03-04" cert="low">d</date><date from="1850" to="1851">r</date></p>', "date/@value -> @when"),
    ('<p><sic corr="a">b</sic><corr sic="c">d</corr></p>',
     "<p><choice><sic>b</sic><corr>a</corr></choice><choice><corr>d</corr><sic>c</sic></choice></p>",
     "sic/@corr -> <choice><sic/><corr/></choice>"),
    ('<p><abbr expan="Doctor">Dr</abbr> <expan abbr="Mr">Mister</expan></p>',
     "<p><choice><abbr>Dr</abbr><expan>Doctor</expan></choice> "
     "<choice><expan>Mister</expan><abbr>Mr</abbr></choice></p>",
     "abbr/@expan -> <choice><abbr/><expan/></choice>"),
    ('<p><orig reg="color">colour</orig><reg orig="olde">old</reg></p>',
     "<p><choice><orig>colour</orig><reg>color</reg></choice><choice><reg>old</reg><orig>olde</orig></choice></p>",
     "orig/@reg -> <choice><orig/><reg/></choice>"),
    ('<p><gap desc="a word" reason="illegible"/></p>', '<p><gap reason="illegible"><desc>a word</desc></gap></p>',
     "gap/@desc -> <desc>"),
    ('<p><figure url="a.png"><figDesc>A</figDesc></figure><figure entity="fig2"/></p>',
     '<p><figure><graphic url="a.png"/><figDesc>A</figDesc></figure><figure><graphic url="ENTITY_fig2"/></figure></p>',
     "figure/@url or @entity -> <graphic url>"),
    ("<lg1><l>a</l></lg1><sp><spkr>S</spkr><p>x</p></sp>", "<lg><l>a</l></lg><sp><speaker>S</speaker><p>x</p></sp>",
     "<spkr> -> <speaker>"),
    ('<p><name><foreName>A</foreName></name><index level1="a" level2="b"/></p>',
     "<p><name><forename>A</forename></name><index><term>a</term><index><term>b</term></index></index></p>",
     "index/@level1-3 -> nested <index><term>"),
    ('<p><q broken="no" direct="y">a</q><del status="unremarkable">b</del><add place="unspecified">c</add></p>',
     "<p><q>a</q><del>b</del><add>c</add></p>", "@broken=\"no\" dropped (P4's default)"),
    ('<p TEIform="p"><seg type="a b" part="N">x</seg><anchor id="x" anchored="yes"/></p>',
     '<p><seg type="a_b">x</seg><anchor xml:id="x" anchored="true"/></p>', "@TEIform dropped (not in P5)"),
    ('<p><q><text><body><p>inner</p></body></text></q></p>',
     "<p><q><floatingText><body><p>inner</p></body></floatingText></q></p>", "<text> within a text -> <floatingText>"),
    ("<div1><letter><p>Dear</p></letter></div1>",
     '<div><floatingText type="letter"><body><p>Dear</p></body></floatingText></div>',
     '<letter> -> <floatingText type="letter"><body>'),
    ('<p><interp value="x"/><witList><witness sigil="A">a</witness></witList><state unit="page"/></p>',
     '<p><interp inst="x"/><listWit><witness sigil="A">a</witness></listWit><refState unit="page"/></p>',
     "<witList> -> <listWit>"),
])
def test_each_rename(p4_markup, p5_markup, change):
    found, changes = converted(p4_markup)
    assert found == p5_markup
    assert any(c == change or c.startswith(change + " (") for c in changes), changes


@pytest.mark.parametrize("header, p5_markup, change", [
    ('<encodingDesc><tagsDecl><tagUsage gi="p" occurs="1"/></tagsDecl></encodingDesc>',
     '<encodingDesc><tagsDecl><namespace name="http://www.tei-c.org/ns/1.0"><tagUsage gi="p" occurs="1"/></namespace>'
     "</tagsDecl></encodingDesc>", "tagsDecl's content in <namespace>"),
    ('<revisionDesc><change><date>1994</date><respStmt><name>A</name><resp>ed</resp></respStmt><item>fixed</item>'
     "</change></revisionDesc>", "<revisionDesc><change><date>1994</date> <name>A</name> <label>ed</label> "
     "<seg>fixed</seg></change></revisionDesc>", "P4's change (date, respStmt, item) -> P5's change content"),
    ('<profileDesc><langUsage><language id="de">German</language></langUsage><handList><hand id="h1" ink="brown" '
     'scribe="x"/></handList></profileDesc>', '<profileDesc><langUsage><language ident="de">German</language>'
     '</langUsage><handNotes><handNote xml:id="h1" medium="brown_ink"/></handNotes></profileDesc>',
     "handList/hand -> handNotes/handNote"),
])
def test_each_header_rename(header, p5_markup, change):
    found, changes = converted("<p>x</p>", header=header)
    assert found.startswith(p5_markup)
    assert any(c == change or c.startswith(change + " (") for c in changes), changes


def test_editor_and_imprint_and_header_dates():
    document = ('<TEI.2><teiHeader type="text" date.created="1999" date.updated="2001"><fileDesc><titleStmt><title>T'
                '</title></titleStmt><editionStmt><edition>1</edition><editor role="scribe">A</editor></editionStmt>'
                "<sourceDesc><bibl>B<imprint>I</imprint></bibl></sourceDesc></fileDesc></teiHeader><text><body><p/>"
                "</body></text></TEI.2>")
    root, changes = p4.convert(etree.fromstring(document))
    text = etree.tostring(root, encoding="unicode").replace(f' xmlns="{TEI}"', "")
    assert ("<editionStmt><edition>1</edition><respStmt><resp>scribe</resp><name>A</name></respStmt>"
            "</editionStmt>") in text
    assert "<bibl>BI</bibl>" in text
    assert ("<revisionDesc><change>updated <date>2001</date></change><change>created <date>1999</date></change>"
            "</revisionDesc>") in text
    assert "<teiHeader>" in text and "date.created" not in text


def test_the_conversion_is_pure_and_keeps_lines_comments_and_instructions():
    source = load(OUR_P4)
    before = etree.tostring(source.tree)
    root, _ = p4.convert(source.root)
    assert etree.tostring(source.tree) == before
    assert root.tag == f"{{{TEI}}}TEI" and root.nsmap == {None: TEI}
    lines = {element.get("{http://www.w3.org/XML/1998/namespace}id"): element.sourceline for element in root.iter()
             if element.get("{http://www.w3.org/XML/1998/namespace}id")}
    assert lines == {"p4-letters": 5, "d1": 17, "p1": 19, "p2": 23, "d2": 26}
    data = p4.serialise(source.tree, root)
    assert b"<!DOCTYPE" not in data and b"<?page-setup a4?>" in data and b"<!-- after the document -->" in data
    assert parse_bytes(data, OUR_P4, "converted").root.tag == f"{{{TEI}}}TEI"


def _words(root: etree._Element) -> list[str]:
    return sorted(" ".join(root.itertext()).split())


def _jing_valid(path) -> bool:
    run = subprocess.run(["timeout", "300", JING, str(TEI_ALL), str(path)], capture_output=True, text=True)
    assert run.returncode in (0, 1), run.stderr
    return run.returncode == 0 and not run.stdout.strip()


@needs_shared(TEI_ALL)
@needs_shared(CORPUS)
@pytest.mark.skipif(JING is None, reason="jing is not installed")
@pytest.mark.parametrize("path", [*P4_CORPUS, OUR_P4], ids=lambda p: p.name)
def test_valid_p4_becomes_valid_p5(tmp_path, path):
    """Against TEI all, by jing and by us (the grammar and the Schematron it embeds), every word kept (ours adds
    the words P4 kept in attributes: a desc, a correction, an index term ...)."""
    source = load(path)
    root, changes = p4.convert(source.root)
    target = tmp_path / path.name
    target.write_bytes(p4.serialise(source.tree, root))
    assert _jing_valid(target), path
    assert Validator(TEI_ALL).validate(load(target)) == []
    assert changes[0].endswith("elements into the TEI namespace") and "<TEI.2> -> <TEI>" in changes
    if path in P4_CORPUS:
        assert _words(root) == _words(source.root)
    else:
        assert set(_words(source.root)) <= set(_words(root))


def test_the_loader_converts_p4_and_refuses_other_xml(tmp_path):
    source, changes = as_tei_p5(load(OUR_P4))
    assert source.root.tag == f"{{{TEI}}}TEI" and changes and source.data == OUR_P4.read_bytes()
    other = tmp_path / "other.xml"
    other.write_text("<stuff/>")
    with pytest.raises(SourceError, match="not a TEI P5 document: root element <stuff>"):
        as_tei_p5(load(other))


def test_the_build_converts_p4_in_memory_with_one_warning(tmp_path, cli):
    folder = tmp_path / "src"
    folder.mkdir()
    shutil.copy(OUR_P4, folder / "p4-letters.xml")
    code, out, err = cli("build", "--format", "txt", "--out", tmp_path / "out", folder)
    assert code == 0 and "1 document built" in out, out + err
    assert re.search(r"p4-letters\.xml:1:1: warning: TEI P4, converted to TEI P5 in memory .*<TEI\.2> -> <TEI>", err)
    assert "A plate" in (tmp_path / "out/txt/p4-letters.reading.txt").read_text(encoding="utf-8")
    assert (folder / "p4-letters.xml").read_bytes() == OUR_P4.read_bytes()


@needs_shared(TEI_ALL)
def test_import_converts_p4_with_a_note(tmp_path, cli):
    code, out, err = cli("import", "--into", tmp_path / "tei", "--schema", TEI_ALL, OUR_P4)
    assert code == 0, out + err
    assert "converted from TEI P4 to P5: 44 elements into the TEI namespace; <TEI.2> -> <TEI>;" in out
    imported = load(tmp_path / "tei" / "p4-letters.xml")
    assert imported.root.tag == f"{{{TEI}}}TEI" and imported.data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')


@needs_shared(TEI_ALL)
def test_the_p5_names_are_those_of_tei_all():
    """schema/tei-p5-names.txt, by which P4 names in another case are given their P5 case, is made from TEI all."""
    rng = etree.parse(str(TEI_ALL))
    names = {kind: {e.get("name") for e in rng.iter(f"{{http://relaxng.org/ns/structure/1.0}}{kind}")
                    if e.get("name") and ":" not in e.get("name")} for kind in ("element", "attribute")}
    elements, attributes = p4.p5_names()
    assert set(elements.values()) == names["element"] and set(attributes.values()) == names["attribute"]


def test_a_copy_of_p4_is_not_p5():
    root = etree.fromstring("<TEI.2><text/></TEI.2>")
    assert p4.is_p4(root) and p4.is_p4(etree.fromstring("<teiCorpus.2/>"))
    assert not p4.is_p4(etree.fromstring(f'<TEI xmlns="{TEI}"/>'))
    assert p4.is_p4(copy.deepcopy(root))
