"""Exchange with other archives: `edition import` and `edition export` (bag, Dublin Core, teiCorpus, DTS)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path
from urllib.parse import quote, unquote

import bagit
import pytest
from click.testing import CliRunner
from lxml import etree

from conftest import TEI, TEI_ALL, copy_sources, needs_shared
from pipeline.build import build
from pipeline.cli import main
from pipeline.dts import CONTEXT, DTS_NS, tei_xpath
from pipeline.xmlload import TEI_NS, XML_ID, load

NS = {"t": TEI_NS}
SOURCES = sorted(p.name for p in TEI.glob("*.xml"))
DOCUMENTS = [name for name in SOURCES if name != "registers.xml"]


def run(*args) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def files_of(folder: Path) -> dict[str, bytes]:
    """The files below a folder, by relative path; not hidden ones (such as the build's manifest)."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and not any(part.startswith(".") for part in p.relative_to(folder).parts)}


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> Path:
    """The edition exported once by the CLI: the export folder."""
    project = tmp_path_factory.mktemp("project")
    copy_sources(project / "tei")
    code, out, err = run("export", project / "tei", "--out", project / "export")
    assert code == 0, out + err
    assert "4 sources exported" in out
    return project / "export"


# ===== import =====

def _document(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / "incoming" / name
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(text.encode(encoding, errors="xmlcharrefreplace"))  # &#8217; where latin-1 has no ’
    return path


def _pentagon(new_id: str) -> str:
    return (TEI / "pentagon-papers-p28.xml").read_text(encoding="utf-8").replace(
        'xml:id="pentagon-papers-p28"', f'xml:id="{new_id}"')


def test_import_copies_utf8_nfc_files_byte_for_byte(tmp_path, cli):
    code, out, _ = cli("import", "--into", tmp_path / "tei", *sorted(TEI.glob("*.xml")))
    assert code == 0, out
    assert out.count("imported ") == len(SOURCES) and out.strip().endswith("4 imported, 0 refused")
    for name in SOURCES:
        assert (tmp_path / "tei" / name).read_bytes() == (TEI / name).read_bytes()
    code, out, _ = cli("import", "--into", tmp_path / "tei", TEI / "registers.xml")
    assert code == 0 and out.startswith(f"unchanged {tmp_path / 'tei' / 'registers.xml'}: identical to ")


@pytest.mark.parametrize("encoding, declared", [("latin-1", "ISO-8859-1"), ("utf-16", "UTF-16"),
                                                ("cp1252", "windows-1252")])
def test_import_re_encodes_to_utf8_and_keeps_the_content(tmp_path, cli, encoding, declared):
    copy_sources(tmp_path / "tei")
    text = _pentagon("pp-other").replace("Workersâ€™", "Workers'").replace('encoding="UTF-8"',
                                                                           f'encoding="{declared}"')
    text = text.replace("Declassified per", "Déclassified per")  # a character outside ASCII
    incoming = _document(tmp_path, "other.xml", text, encoding)
    code, out, _ = cli("import", "--into", tmp_path / "tei", incoming)
    assert code == 0, out
    assert f"imported {incoming} -> {tmp_path / 'tei' / 'pp-other.xml'} (re-encoded from {declared} to UTF-8)" in out
    data = (tmp_path / "tei" / "pp-other.xml").read_bytes()
    assert data.decode("utf-8").startswith('<?xml version="1.0" encoding="UTF-8"?>')
    assert "Déclassified per" in data.decode("utf-8")
    assert _canonical(load(tmp_path / "tei" / "pp-other.xml")) == _canonical(load(incoming))


def test_import_normalises_to_nfc_and_nothing_else(tmp_path, cli):
    copy_sources(tmp_path / "tei")
    text = _pentagon("pp-nfd").replace("Declassified per", "De\u0301classified per")
    incoming = _document(tmp_path, "nfd.xml", text)
    code, out, _ = cli("import", "--into", tmp_path / "tei", incoming)
    assert code == 0 and "(normalised to Unicode NFC)" in out
    data = (tmp_path / "tei" / "pp-nfd.xml").read_bytes()
    assert data == unicodedata.normalize("NFC", text).encode("utf-8")
    assert unicodedata.is_normalized("NFC", data.decode("utf-8"))


def test_import_never_overwrites_without_replace(tmp_path, cli):
    copy_sources(tmp_path / "tei")
    before = (tmp_path / "tei" / "pentagon-papers-p28.xml").read_bytes()
    changed = _document(tmp_path, "p28.xml", _pentagon("pentagon-papers-p28").replace("violently", "strongly"))
    code, out, _ = cli("import", "--into", tmp_path / "tei", changed)
    assert code == 1
    assert f"refused {changed}: {tmp_path / 'tei' / 'pentagon-papers-p28.xml'} already exists (--replace" in out
    assert (tmp_path / "tei" / "pentagon-papers-p28.xml").read_bytes() == before
    code, out, _ = cli("import", "--into", tmp_path / "tei", "--replace", changed)
    assert code == 0 and out.startswith(f"replaced {tmp_path / 'tei' / 'pentagon-papers-p28.xml'} with {changed}")
    assert (tmp_path / "tei" / "pentagon-papers-p28.xml").read_bytes() == changed.read_bytes()


def test_import_refuses_with_the_reason_and_location(tmp_path, cli):
    copy_sources(tmp_path / "tei")
    malformed = _document(tmp_path, "malformed.xml", f'<TEI xmlns="{TEI_NS}" xml:id="m">\n  <teiHeader>\n</TEI>')
    p4 = _document(tmp_path, "p4.xml", '<TEI.2 id="p4"><teiHeader/></TEI.2>')
    html = _document(tmp_path, "page.xml", '<html xmlns="http://www.w3.org/1999/xhtml"/>')
    invalid = _document(tmp_path, "invalid.xml", _pentagon("pp-invalid").replace(
        '<p xml:id="pp28-p1" part="F">', '<p part="F">'))
    line = next(number for number, text in enumerate(invalid.read_text().split("\n"), 1) if '<p part="F">' in text)
    code, out, _ = cli("import", "--into", tmp_path / "tei", malformed, p4, html, invalid)
    assert code == 1
    lines = out.splitlines()
    assert re.fullmatch(rf"refused {re.escape(str(malformed))}:3:\d+: not well-formed XML: Opening and ending tag "
                        "mismatch: teiHeader line 2 and TEI", lines[0])
    # TEI P4 is converted to P5 first; this one (an empty header) is then not valid
    p4_problems = [text for text in lines if text.startswith(f"{p4}:")]
    assert p4_problems and lines[1:len(p4_problems) + 2] == p4_problems + [
        f"refused {p4}: not valid against the edition schema ({len(p4_problems)} problem"
        f"{'' if len(p4_problems) == 1 else 's'}, listed above)"]
    lines = [lines[0]] + lines[len(p4_problems) + 2:]
    assert lines[1].startswith(f"refused {html}:1:1: not a TEI P5 document: root element <html>")
    assert re.fullmatch(rf"{re.escape(str(invalid))}:{line}:\d+: error: Every div and p carries an xml:id.*"
                        r"\[citable-id\]", lines[2])
    assert lines[3] == f"refused {invalid}: not valid against the edition schema (1 problem, listed above)"
    assert lines[4] == "0 imported, 4 refused"
    assert sorted(p.name for p in (tmp_path / "tei").iterdir()) == SOURCES


def test_import_gives_ids_to_files_without_one_by_the_build_rule(tmp_path, cli):
    """A file without a root xml:id is named after its file, as the build names it (with `d` before a name an
    xml:id cannot start with); files of one import that want the same name get NAME-2 with a note; --id still
    names one file."""
    copy_sources(tmp_path / "tei")
    text = _pentagon("x").replace(' xml:id="x"', "")
    incoming = _document(tmp_path, "anonymous.xml", text)
    (tmp_path / "other").mkdir()
    twin = tmp_path / "other" / "anonymous.xml"
    twin.write_text(text + "<!-- the twin -->\n", encoding="utf-8")
    dated = _document(tmp_path, "1958-11-07-minutes.xml", text)
    code, out, _ = cli("import", "--into", tmp_path / "tei", incoming, twin, dated)
    assert code == 0, out
    lines = out.splitlines()
    assert lines[0] == f'imported {incoming} -> {tmp_path / "tei" / "anonymous.xml"} (xml:id "anonymous" added)'
    assert lines[1].startswith(f'imported {twin} -> {tmp_path / "tei" / "anonymous-2.xml"} (xml:id "anonymous-2" '
                               f'added (taken by {incoming}')
    assert lines[2] == (f'imported {dated} -> {tmp_path / "tei" / "d1958-11-07-minutes.xml"} '
                        '(xml:id "d1958-11-07-minutes" added)')
    data = (tmp_path / "tei" / "anonymous.xml").read_text(encoding="utf-8")
    assert data == text.replace("<TEI ", '<TEI xml:id="anonymous" ', 1)
    assert load(tmp_path / "tei" / "anonymous-2.xml").root.get(XML_ID) == "anonymous-2"
    # two files with one root xml:id (a copy-and-paste slip): the second is imported as NAME-2, its id changed
    first, second = _document(tmp_path, "twin-a.xml", _pentagon("twin")), _document(tmp_path, "twin-b.xml",
                                                                                     _pentagon("twin"))
    code, out, _ = cli("import", "--into", tmp_path / "tei", first, second)
    assert code == 0, out
    assert out.splitlines()[1] == (f'imported {second} -> {tmp_path / "tei" / "twin-2.xml"} (xml:id "twin" changed to '
                                   f'"twin-2" (taken by {first} (twin.xml)))')
    assert (tmp_path / "tei" / "twin-2.xml").read_text(encoding="utf-8") == _pentagon("twin-2")
    code, out, _ = cli("import", "--into", tmp_path / "tei", "--id", "pp-named", incoming)
    assert code == 0, out
    data = (tmp_path / "tei" / "pp-named.xml").read_text(encoding="utf-8")
    assert data == text.replace("<TEI ", '<TEI xml:id="pp-named" ', 1)
    assert load(tmp_path / "tei" / "pp-named.xml").root.get(XML_ID) == "pp-named"
    code, _, err = cli("import", "--into", tmp_path / "tei", "--id", "two", incoming, incoming)
    assert code == 2 and "--id names a single file" in err
    code, _, err = cli("import", "--into", tmp_path / "tei", "--id", "../escape", incoming)
    assert code == 2 and "is not an xml:id that can name a file" in err


def test_import_against_another_schema(tmp_path, cli):
    copy_sources(tmp_path / "tei")
    grammar = tmp_path / "any-tei.rng"
    grammar.write_text(f"""<grammar xmlns="http://relaxng.org/ns/structure/1.0" ns="{TEI_NS}">
  <start><element name="TEI"><ref name="anything"/></element></start>
  <define name="anything"><zeroOrMore><choice><attribute><anyName/></attribute><text/>
    <element><anyName/><ref name="anything"/></element></choice></zeroOrMore></define>
</grammar>""", encoding="utf-8")
    foreign = _document(tmp_path, "foreign.xml", f'<TEI xmlns="{TEI_NS}" xml:id="foreign"><teiHeader/>'
                                                 '<text><body><p>No xml:id here.</p></body></text></TEI>')
    code, out, _ = cli("import", "--into", tmp_path / "tei", foreign)
    assert code == 1 and "not valid against the edition schema" in out
    code, out, _ = cli("import", "--into", tmp_path / "tei", "--schema", grammar, foreign)
    assert code == 0 and out.startswith(f"imported {foreign} -> ")


def test_import_usage_errors(tmp_path, cli):
    assert cli("import")[0] == 2
    assert cli("import", tmp_path / "missing.xml")[0] == 2


@pytest.mark.parametrize("grammar", ["not a grammar", "<grammar xmlns='http://relaxng.org/ns/structure/1.0'>"
                                                      "<include href='../outside.rng'/></grammar>"])
def test_import_with_an_unreadable_schema_exits_2_with_one_line(tmp_path, cli, grammar):
    schema = tmp_path / "bad.rng"
    schema.write_text(grammar, encoding="utf-8")
    code, out, err = cli("import", "--into", tmp_path / "tei", "--schema", schema, TEI / "pentagon-papers-p28.xml")
    assert code == 2 and out == "" and not (tmp_path / "tei").exists()
    assert err.startswith("error: ") and "bad.rng" in err and len(err.strip().splitlines()) == 1, err


def test_validate_and_export_name_a_file_name_that_is_not_utf8(tmp_path, cli):
    """The edition's rule file-name-matches-id is handed the file's name: one that is not UTF-8 is given
    escaped, as messages show it, by `validate`, `build` and `export` alike (no traceback)."""
    folder = tmp_path / "sources"
    folder.mkdir()
    name = b"caf\xe9.xml".decode("utf-8", "surrogateescape")  # Latin-1 bytes in the name
    (folder / name).write_bytes((TEI / "pentagon-papers-p28.xml").read_bytes())
    code, out, _ = cli("validate", folder)
    assert code == 1 and "caf\\xe9.xml" in out
    assert re.search(r"The file name \(caf\\xe9\.xml\) must equal /TEI/@xml:id", out), out
    code, _, err = cli("export", folder, "--out", tmp_path / "export")
    assert code == 1 and "The file name (caf\\xe9.xml) must equal /TEI/@xml:id" in err, err


def _canonical(source) -> str:
    return etree.tostring(source.root, method="c14n").decode("utf-8")


# ===== export: the bag =====

def edition_name(exported: Path) -> str:
    """The edition's name as the web edition's pages give it: the exports name it alike."""
    page = (exported / "bag/data/outputs/html/index.html").read_text(encoding="utf-8")
    return re.search(r'<p class="site-title"><a href="index.html">([^<]*)', page).group(1)


def test_bag_validates_and_holds_what_was_asked(exported):
    bag = bagit.Bag(str(exported / "bag"))
    bag.validate()
    assert bag.version_info == (1, 0)
    payload = set(bag.payload_entries())
    assert {f"data/tei/{name}" for name in SOURCES} <= payload
    assert {"data/schema/edition.rng", "data/schema/edition.sch", "data/schema/README.md",
            "data/validation.json"} <= payload
    for name in DOCUMENTS:
        doc_id = name[:-4]
        assert {f"data/outputs/html/{doc_id}.html", f"data/outputs/txt/{doc_id}.reading.txt",
                f"data/outputs/pdf/{doc_id}.pdf"} <= payload
        # the introduction, born digital, has one view
        assert (f"data/outputs/pdf/{doc_id}.diplomatic.pdf" in payload) == (doc_id != "cwihp77-introduction")
    for name in SOURCES:
        assert (exported / "bag/data/tei" / name).read_bytes() == (TEI / name).read_bytes()


def test_bag_info_comes_from_the_headers(exported):
    info = bagit.Bag(str(exported / "bag")).info
    dates = [when for name in SOURCES for when in load(TEI / name).root.xpath(
        "t:teiHeader/t:revisionDesc//t:change/@when", namespaces=NS)]
    assert info["Bagging-Date"] == max(dates)
    assert info["Source-Organization"] == "Editors of this digital edition"  # one organisation, two spellings
    assert info["Bag-Count"] == "1 of 1"
    assert info["Title"] == [load(TEI / name).root.xpath("string(t:teiHeader/t:fileDesc/t:titleStmt/t:title[1])",
                                                         namespaces=NS) for name in SOURCES]
    assert info["External-Description"].startswith(edition_name(exported))
    assert "The bag holds the TEI P5 sources (3 documents, 1 register file)" in info["External-Description"]
    assert re.fullmatch(r"tei-edition-[0-9a-f]{16}", info["Internal-Sender-Identifier"])


def test_a_damaged_bag_fails_validation(exported, tmp_path):
    for damage in ("change a byte", "remove a file", "add a file"):
        copy = tmp_path / damage.replace(" ", "-")
        shutil.copytree(exported / "bag", copy)
        bagit.Bag(str(copy)).validate()
        target = copy / "data/tei/cwihp77-report.xml"
        if damage == "change a byte":
            data = bytearray(target.read_bytes())
            data[1000] ^= 1
            target.write_bytes(bytes(data))
        elif damage == "remove a file":
            target.unlink()
        else:
            (copy / "data/tei/extra.xml").write_bytes(b"<extra/>")
        with pytest.raises(bagit.BagValidationError):
            bagit.Bag(str(copy)).validate()


def test_validation_report_is_what_validate_prints(exported, cli, monkeypatch):
    monkeypatch.chdir(exported / "bag/data")
    code, out, _ = cli("validate", "--format", "json", "tei")
    assert code == 0
    assert out == (exported / "bag/data/validation.json").read_text(encoding="utf-8")
    assert json.loads(out)["summary"] == {"files": 4, "errors": 0}


def test_export_is_byte_identical_for_the_same_sources(exported, tmp_path):
    copy_sources(tmp_path / "tei")
    code, out, err = run("export", tmp_path / "tei", "--out", tmp_path / "again")
    assert code == 0, out + err
    assert files_of(tmp_path / "again") == files_of(exported)


def test_re_export_removes_what_is_gone(exported, tmp_path):
    """A second export into the same folder, without one source and from existing outputs: no stale files."""
    shutil.copytree(exported, tmp_path / "export")
    copy_sources(tmp_path / "tei")
    (tmp_path / "tei/pentagon-papers-p28.xml").unlink()
    code, out, err = run("export", tmp_path / "tei", "--out", tmp_path / "export",
                         "--outputs", exported / "bag/data/outputs")
    assert code == 0, out + err
    bagit.Bag(str(tmp_path / "export/bag")).validate()
    left = files_of(tmp_path / "export")
    assert not [name for name in left if "pentagon-papers-p28" in name and "outputs" not in name]
    assert not [name for name in left if name.endswith(".tmp")]
    outputs = {n: d for n, d in files_of(exported / "bag/data/outputs").items()}
    assert {n[len("bag/data/outputs/"):]: d for n, d in left.items() if n.startswith("bag/data/outputs/")} == outputs


def test_export_refuses_invalid_sources(tmp_path):
    copy_sources(tmp_path / "tei")
    report = tmp_path / "tei/cwihp77-report.xml"
    report.write_text(report.read_text(encoding="utf-8").replace('<p xml:id="rep-p001">', "<p>"), encoding="utf-8")
    code, _, err = run("export", tmp_path / "tei", "--out", tmp_path / "export")
    assert code == 1
    assert re.search(r"cwihp77-report\.xml:\d+:\d+: error: Every div and p carries an xml:id", err)
    assert "error: 1 source not valid against the edition schema (edition.rng, edition.sch): nothing exported" in err
    assert not (tmp_path / "export").exists()


# ===== export: Dublin Core and teiCorpus =====

def test_dublin_core_records(exported):
    dc = "{http://purl.org/dc/elements/1.1/}"
    elements = {"title", "creator", "subject", "description", "publisher", "contributor", "date", "type", "format",
                "identifier", "source", "language", "relation", "coverage", "rights"}
    for name in SOURCES:
        root = etree.parse(str(exported / "dc" / name)).getroot()
        assert root.tag == "{http://www.openarchives.org/OAI/2.0/oai_dc/}dc"
        assert {child.tag[len(dc):] for child in root} <= elements
        assert all(child.tag.startswith(dc) and (child.text or "").strip() for child in root)
    record = etree.parse(str(exported / "dc/cwihp77-report.xml")).getroot()

    def values(element: str) -> list[str]:
        return [e.text for e in record.iter(dc + element)]

    assert values("title")[0] == "Report on Meetings with Party Leaders of Eight Socialist Countries"
    assert values("creator") == ["Le Thanh Nghi"]
    assert "Merle Pribbenow" in values("contributor")  # the translator
    assert values("publisher") == ["Editors of this digital edition"]
    assert values("date") == ["1965-07-04/1965-12-31", "2026"]  # written (origDate), published (this edition)
    assert values("type") == ["Text"] and values("format") == ["application/tei+xml"]
    assert values("identifier") == ["cwihp77-report"]
    assert values("language") == ["en", "vi"]
    assert any("Vietnam National Archives Center 3" in s and "8058" in s for s in values("source"))
    rights = values("rights")  # each licence with its own words: the publisher's rights are not CC BY
    assert any("CC BY 4.0" in r and "(https://creativecommons.org/licenses/by/4.0/)" in r for r in rights)
    assert any("Wilson Center" in r and "creativecommons" not in r for r in rights)
    assert values("description")[0].startswith("Report by Le Thanh Nghi")


@needs_shared(TEI_ALL)
@pytest.mark.skipif(shutil.which("jing") is None, reason="jing is not installed")
def test_tei_corpus_is_valid_tei_all(exported):
    corpus = exported / "tei-corpus.xml"
    result = subprocess.run(["jing", str(TEI_ALL), str(corpus)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout
    root = etree.parse(str(corpus)).getroot()
    assert root.tag == f"{{{TEI_NS}}}teiCorpus"
    assert root.findtext(f"{{{TEI_NS}}}teiHeader//{{{TEI_NS}}}title") == edition_name(exported)
    assert [t.get(XML_ID) for t in root.findall(f"{{{TEI_NS}}}TEI")] == [n[:-4] for n in SOURCES]
    assert root.find(f"{{{TEI_NS}}}TEI[@{{http://www.w3.org/XML/1998/namespace}}id='registers']/"
                     f"{{{TEI_NS}}}standOff") is not None


# ===== export: DTS =====

def expand(template: str, **values) -> str:
    """RFC 6570 expansion for the operators DTS templates use here ({x}, {/x}, {;x}, {?x}, {&x})."""
    def one(match):
        operator, names = match.group(1), match.group(2).split(",")
        found = [(n, quote(str(values[n]), safe="")) for n in names if values.get(n) is not None]
        if not found:
            return ""
        if operator == "/":
            return "".join("/" + v for _, v in found)
        if operator == ";":
            return "".join(f";{n}={v}" for n, v in found)
        if operator in ("?", "&"):
            return operator + "&".join(f"{n}={v}" for n, v in found)
        return ",".join(v for _, v in found)
    return re.sub(r"\{([/;?&]?)([^}]*)\}", one, template)


def served(dts: Path, url: str) -> Path:
    """The file a static server publishing the DTS folder at /dts/ answers the URL with."""
    assert url.startswith("/dts/"), url
    return dts / unquote(url[len("/dts/"):])


def read_json(dts: Path, url: str) -> dict:
    path = served(dts, url)
    assert path.is_file(), f"{url} is not served: {path} is missing"
    return json.loads(path.read_text(encoding="utf-8"))


def check_object(data: dict, top: bool = True) -> None:
    """The required properties of each DTS 1.0 object type (the specification's tables)."""
    if top:
        assert data["@context"] == CONTEXT and data["dtsVersion"] == "1.0"
    required = {"EntryPoint": ("@id", "collection", "navigation", "document"),
                "Collection": ("@id", "title", "totalParents", "totalChildren", "collection"),
                "Resource": ("@id", "title", "totalParents", "collection", "navigation", "document"),
                "Navigation": ("@id", "resource"),
                "CitableUnit": ("identifier", "level", "parent"),
                "CitationTree": (), "CiteStructure": ("citeType",)}
    assert data["@type"] in required, data
    for key in required[data["@type"]]:
        assert key in data, (data["@type"], key)
    for member in data.get("member", []):
        check_object(member, top=False)
    for key in ("ref", "resource"):
        if key in data:
            check_object(data[key], top=False)
    for tree in data.get("citationTrees", []):
        check_object(tree, top=False)
    for structure in data.get("citeStructure", []):
        check_object(structure, top=False)


def test_every_dts_file_follows_the_specification(exported):
    dts = exported / "dts"
    names = [p for p in dts.rglob("*.json")]
    assert len(names) > 100
    for path in names:
        check_object(json.loads(path.read_text(encoding="utf-8")))
    for path in dts.rglob("*.xml"):
        root = etree.parse(str(path)).getroot()
        assert root.tag == f"{{{TEI_NS}}}TEI"
    assert "URI template" in (dts / "README.md").read_text(encoding="utf-8")


def test_dts_templates_resolve_to_the_files(exported):
    dts = exported / "dts"
    entry = json.loads((dts / "index.json").read_text(encoding="utf-8"))
    assert entry["@type"] == "EntryPoint" and entry["@id"] == "/dts/index.json"
    root = read_json(dts, expand(entry["collection"]))
    assert root == read_json(dts, expand(entry["collection"], id=root["@id"]))
    assert root["@type"] == "Collection" and root["totalParents"] == 0 and root["title"] == edition_name(exported)
    assert root["totalChildren"] == len(root["member"]) == len(SOURCES)
    assert read_json(dts, expand(entry["collection"], id=root["@id"], nav="parents"))["member"] == []
    for member in root["member"]:
        assert member["@type"] == "Resource"
        resource = read_json(dts, expand(entry["collection"], id=member["@id"]))
        assert resource == dict(member, **{"@context": CONTEXT, "dtsVersion": "1.0"})
        assert read_json(dts, expand(member["collection"], nav="parents"))["member"][0]["@id"] == root["@id"]
        full = served(dts, expand(entry["document"], resource=member["@id"]))
        assert full.read_bytes() == (TEI / f"{member['@id']}.xml").read_bytes()
        assert served(dts, expand(member["document"])) == full
        tree = read_json(dts, expand(entry["navigation"], resource=member["@id"], down=-1))
        assert tree["resource"]["@id"] == member["@id"]
        for unit in tree["member"]:
            by_ref = read_json(dts, expand(member["navigation"], ref=unit["identifier"]))
            assert by_ref["ref"] == unit and "member" not in by_ref
            assert served(dts, expand(entry["document"], resource=member["@id"], ref=unit["identifier"])).is_file()
            for down in (0, 1, -1):
                assert read_json(dts, expand(member["navigation"], ref=unit["identifier"], down=down))["ref"] == unit


def _citable(element) -> str:
    return element.get(XML_ID) or element.get("n")


def test_dts_navigation_follows_each_header_citestructure(exported):
    """The citable units are the ones the refsDecl/citeStructure of each header declares, in document order."""
    dts = exported / "dts"
    for name in DOCUMENTS:
        root = load(TEI / name).root
        structures = root.xpath("t:teiHeader/t:encodingDesc/t:refsDecl/t:citeStructure", namespaces=NS)
        assert structures, f"{name} declares no citation structure"
        expected = []
        for structure in structures:
            for top in root.xpath(tei_xpath(structure.get("match")), namespaces={"tei": TEI_NS}):
                expected.append((top, _citable(top), 1, None, structure.get("unit")))
                for child in structure.xpath("t:citeStructure", namespaces=NS):
                    for unit in top.xpath(tei_xpath(child.get("match")), namespaces={"tei": TEI_NS}):
                        reference = _citable(top) + child.get("delim") + _citable(unit)
                        expected.append((unit, reference, 2, _citable(top), child.get("unit")))
        order = {e: i for i, e in enumerate(root.iter())}
        expected = [row[1:] for row in sorted(expected, key=lambda row: order[row[0]])]
        tree = read_json(dts, f"/dts/navigation/{name[:-4]};down=-1.json")
        assert [(u["identifier"], u["level"], u["parent"], u["citeType"]) for u in tree["member"]] == expected
        top_level = read_json(dts, f"/dts/navigation/{name[:-4]};down=1.json")["member"]
        assert top_level == [u for u in tree["member"] if u["level"] == 1]
        citation_tree = tree["resource"]["citationTrees"][0]["citeStructure"]
        assert {s["citeType"] for s in citation_tree} == {s.get("unit") for s in structures}


def test_dts_passages(exported):
    dts = exported / "dts"
    wrapper = f"{{{DTS_NS}}}wrapper"
    first = next(u for u in read_json(dts, "/dts/navigation/cwihp77-report;down=2.json")["member"] if u["level"] == 2)
    paragraph = etree.parse(str(dts / f"document/cwihp77-report/{first['identifier']}.xml")).getroot()
    assert paragraph.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    copied = paragraph.find(wrapper)[0]
    own_id = first["identifier"].rpartition(".")[2]  # section.paragraph
    original = load(TEI / "cwihp77-report.xml").root.xpath(f"//*[@xml:id='{own_id}']")[0]
    assert "".join(copied.itertext()) == "".join(original.itertext())
    line = etree.parse(str(dts / "document/pentagon-papers-p28/pp28-page.5.xml")).getroot().find(wrapper)
    text = " ".join("".join(line.itertext()).split())
    assert text == "in evident surprise, violently dissented. When in February 1957"
    siblings = read_json(dts, "/dts/navigation/pentagon-papers-p28;down=0/pp28-page.pp28-p2.json")["member"]
    assert [u["identifier"] for u in siblings if u["citeType"] == "paragraph"] == [
        "pp28-page.pp28-p1", "pp28-page.pp28-p2", "pp28-page.pp28-p3", "pp28-page.pp28-p4"]
    children = read_json(dts, "/dts/navigation/pentagon-papers-p28;down=1/pp28-page.json")["member"]
    assert children[0]["identifier"] == "pp28-page" and {u["level"] for u in children[1:]} == {2}


# ===== round trip =====

def test_round_trip_export_import_build_gives_the_same_outputs(exported, tmp_path, cli):
    """Import the exported sources into an empty project, build: the outputs are the bag's, byte for byte."""
    bag_sources = sorted((exported / "bag/data/tei").glob("*.xml"))
    code, out, _ = cli("import", "--into", tmp_path / "tei", *bag_sources)
    assert code == 0, out
    assert out.count("imported ") == len(SOURCES)
    report = build([tmp_path / "tei"], tmp_path / "output", log=lambda message: None)
    assert report.ok, [str(f) for f in report.failures]
    assert files_of(tmp_path / "output") == files_of(exported / "bag/data/outputs")


def test_dts_reads_any_citestructure(tmp_path):
    """Foreign TEI: composed references (delim), position(), a second citation tree of milestones."""
    from pipeline import dts, metadata
    path = tmp_path / "foreign.xml"
    path.write_text(f"""<TEI xmlns="{TEI_NS}" xml:id="foreign" xml:lang="de"><teiHeader><fileDesc><titleStmt>
      <title>Ein Buch</title></titleStmt><publicationStmt><p/></publicationStmt><sourceDesc><p/></sourceDesc>
      </fileDesc><encodingDesc>
        <refsDecl><citeStructure unit="book" match="//body/div" use="@n">
          <citeStructure unit="chapter" match="div" use="position()" delim="."/></citeStructure></refsDecl>
        <refsDecl n="pages"><citeStructure unit="page" match="//pb" use="@n"/></refsDecl>
      </encodingDesc></teiHeader><text><body>
        <div n="I"><head>Erstes Buch</head><div><pb n="1"/><p>eins zwei</p></div><div><p>drei <pb n="2"/>vier</p></div></div>
        <div n="II"><div><p>fünf</p></div></div></body></text></TEI>""", encoding="utf-8")
    source = load(path)
    files, warnings = dts.tree([source], {"foreign": metadata.dublin_core(source, {})}, "/dts/")
    assert warnings == []
    tree = json.loads(files["navigation/foreign;down=-1.json"])
    assert [(u["identifier"], u["level"], u["parent"], u["citeType"]) for u in tree["member"]] == [
        ("I", 1, None, "book"), ("I.1", 2, "I", "chapter"), ("I.2", 2, "I", "chapter"),
        ("II", 1, None, "book"), ("II.1", 2, "II", "chapter")]
    assert tree["member"][0]["dublinCore"] == {"title": [{"lang": "de", "value": "Erstes Buch"}]}
    pages = json.loads(files["navigation/foreign;tree=pages;down=-1.json"])
    assert [u["identifier"] for u in pages["member"]] == ["1", "2"]
    assert pages["resource"]["citationTrees"][1] == {
        "@type": "CitationTree", "identifier": "pages",
        "citeStructure": [{"@type": "CiteStructure", "citeType": "page"}]}

    def passage(name: str) -> str:
        return " ".join(" ".join(etree.fromstring(files[name]).find(f"{{{DTS_NS}}}wrapper").itertext()).split())

    assert passage("document/foreign/I.2.xml") == "drei vier"
    assert passage("document/foreign;tree=pages/1.xml") == "eins zwei drei"
    assert passage("document/foreign;tree=pages/2.xml") == "vier fünf"


def test_dts_falls_back_to_the_divisions_where_the_header_declares_no_citation_structure(tmp_path):
    """No citeStructure: a level per nesting of div (or div1, div2 ...), identifiers from @n where all the
    divisions beside it have different ones, else their positions, joined by a dot; titles from head."""
    from pipeline import dts, metadata
    path = tmp_path / "letters.xml"
    path.write_text(f"""<TEI xmlns="{TEI_NS}" xml:id="letters"><teiHeader><fileDesc><titleStmt><title>Briefe</title>
      </titleStmt><publicationStmt><p/></publicationStmt><sourceDesc><p/></sourceDesc></fileDesc></teiHeader>
      <text><front><div type="preface"><head>Vorwort</head><p>v</p></div></front><body>
        <div type="letter" n="L1"><head>Erster Brief</head><div type="writingSession"><p>a</p></div>
          <div type="writingSession"><p><seg><div type="postscript"><p>b</p></div></seg></p></div></div>
        <div type="letter" n="L2"><div><p>c</p></div><div n="x"><p>d</p></div></div>
        <div1 n="A"><div2 n="a"><p>e</p></div2></div1>
      </body></text></TEI>""", encoding="utf-8")
    source = load(path)
    files, warnings = dts.tree([source], {"letters": metadata.dublin_core(source, {})}, "/dts/")
    assert warnings == []
    tree = json.loads(files["navigation/letters;down=-1.json"])
    assert [(u["identifier"], u["level"], u["parent"], u["citeType"]) for u in tree["member"]] == [
        ("1", 1, None, "preface"), ("2", 1, None, "letter"), ("2.1", 2, "2", "writingSession"),
        ("2.2", 2, "2", "writingSession"), ("2.2.1", 3, "2.2", "postscript"), ("3", 1, None, "letter"),
        ("3.1", 2, "3", "div"), ("3.2", 2, "3", "div"), ("4", 1, None, "div1"), ("4.a", 2, "4", "div2")]
    assert tree["member"][1]["dublinCore"] == {"title": ["Erster Brief"]}
    assert json.loads(files["collection/letters.json"])["citationTrees"] == [{"@type": "CitationTree", "citeStructure": [
        {"@type": "CiteStructure", "citeType": "preface"},
        {"@type": "CiteStructure", "citeType": "letter", "citeStructure": [
            {"@type": "CiteStructure", "citeType": "writingSession", "citeStructure": [
                {"@type": "CiteStructure", "citeType": "postscript"}]},
            {"@type": "CiteStructure", "citeType": "div"}]},
        {"@type": "CiteStructure", "citeType": "div1", "citeStructure": [
            {"@type": "CiteStructure", "citeType": "div2"}]}]}]
    passage = etree.fromstring(files["document/letters/2.2.xml"]).find(f"{{{DTS_NS}}}wrapper")
    assert " ".join("".join(passage.itertext()).split()) == "b"
    assert "navigation/letters;down=-1/3.2.json" in files


def test_a_corpus_whose_documents_share_ids_stays_valid(tmp_path):
    """Two letters with the same root id and the same note ids: in the teiCorpus the second's ids get the first
    free NAME-2, and its pointers to them (@target, @corresp, @hand, @resp, @who ...) follow; pointers to
    another file's ids are left alone."""
    from pipeline.teicorpus import make_ids_unique, pointer_attributes
    letter = f"""<TEI xmlns="{TEI_NS}" xml:id="L1"><teiHeader><fileDesc><titleStmt><title>Brief</title></titleStmt>
      <publicationStmt><p/></publicationStmt><sourceDesc><p/></sourceDesc></fileDesc><profileDesc><handNotes>
      <handNote xml:id="h1"/></handNotes></profileDesc></teiHeader><text><body><div xml:id="n1-2"><p xml:id="p1">
      <ref target="#n1 #p1 other.xml#n1">see</ref> <add hand="#h1">x</add> <note xml:id="n1" corresp="#p1" resp="#h1"/>
      <q who="#L1">y</q> <persName ref="#person">z</persName></p></div></body></text></TEI>"""
    first, second = (etree.fromstring(letter) for _ in range(2))
    taken: set[str] = set()
    assert make_ids_unique(first, taken) == {}
    assert make_ids_unique(second, taken) == {"L1": "L1-2", "h1": "h1-2", "n1-2": "n1-2-2", "p1": "p1-2",
                                              "n1": "n1-3"}
    assert etree.tostring(first) == etree.tostring(etree.fromstring(letter))
    ids = second.xpath("//@xml:id")
    assert ids == ["L1-2", "h1-2", "n1-2-2", "p1-2", "n1-3"] and not set(ids) & set(first.xpath("//@xml:id"))
    assert second.xpath("string(//t:ref/@target)", namespaces=NS) == "#n1-3 #p1-2 other.xml#n1"
    assert [second.xpath(f"string(//t:{path})", namespaces=NS) for path in ("add/@hand", "note/@corresp",
                                                                          "note/@resp", "q/@who", "persName/@ref")] \
        == ["#h1-2", "#p1-2", "#h1-2", "#L1-2", "#person"]
    assert {"target", "corresp", "hand", "resp", "who", "ref", "wit", "facs", "ana"} <= pointer_attributes()


@needs_shared(TEI_ALL)
def test_the_pointer_attributes_are_those_of_tei_all():
    """schema/tei-pointer-attributes.txt, the attributes whose "#id" references follow a renamed id, is made
    from TEI all: every attribute whose value is a pointer (anyURI) on some element."""
    from pipeline.teicorpus import pointer_attributes
    rng = etree.parse(str(TEI_ALL))
    r = "{http://relaxng.org/ns/structure/1.0}"
    defines = {d.get("name"): d for d in rng.iter(r + "define")}

    def is_pointer(pattern, seen=()) -> bool:
        for found in pattern.iter(r + "data", r + "ref"):
            if found.tag == r + "data" and found.get("type") == "anyURI":
                return True
            name = found.get("name")
            if found.tag == r + "ref" and name in defines and name not in seen and is_pointer(defines[name], (*seen, name)):
                return True
        return False
    expected = {a.get("name") for a in rng.iter(r + "attribute")
                if a.get("name") and ":" not in a.get("name") and is_pointer(a)}
    assert pointer_attributes() == expected


def _letters(tmp_path: Path) -> Path:
    """Two letters, each valid against the letters' grammar it declares (tests/fixtures/schemas/letters: the XML
    syntax and the compact one), not against the edition's."""
    folder = shutil.copytree(Path(__file__).parent / "fixtures/schemas/letters", tmp_path / "letters")
    for path in folder.glob("*.xml"):
        if path.name not in ("rng-valid.xml", "rnc-valid.xml"):
            path.unlink()
    return folder


def test_export_packs_documents_valid_against_their_declared_schema(tmp_path, cli):
    """Documents that declare their own grammar are exported when they are valid against it (they never claimed
    to follow the edition's rules): the bag holds that grammar with what it includes, and its report."""
    folder = _letters(tmp_path)
    assert cli("validate", folder, "--schema", TEI / ".." / "schema" / "edition.rng")[0] == 1  # not the edition's
    code, out, err = cli("export", folder, "--out", tmp_path / "export")
    assert code == 0, out + err
    bag = tmp_path / "export" / "bag"
    bagit.Bag(str(bag)).validate()
    schema_files = sorted(str(p.relative_to(bag / "data/schema")) for p in (bag / "data/schema").rglob("*")
                          if p.is_file())
    assert schema_files == ["declared/common.rnc", "declared/common.rng", "declared/letter.rnc",
                            "declared/letter.rng", "declared/list.rnc", "declared/list.rng"]
    assert (bag / "data/schema/declared/letter.rng").read_bytes() == (folder / "schema/letter.rng").read_bytes()
    report = json.loads((bag / "data/validation.json").read_text(encoding="utf-8"))
    assert {f["file"]: (f["schema"], f["valid"]) for f in report["files"]} == {
        "tei/rnc-valid.xml": ("schema/letter.rnc (RELAX NG compact) + schema/letter.rnc (Schematron embedded in "
                              "the grammar)", True),
        "tei/rng-valid.xml": ("schema/letter.rng (RELAX NG) + schema/letter.rng (Schematron embedded in the "
                              "grammar)", True)}


def test_export_against_another_schema(tmp_path, cli):
    """--schema checks every source against one schema (as validate does), and the bag holds it; a schema that
    cannot be read is a usage error; an invalid source stops the export, naming the schema."""
    folder = _letters(tmp_path)
    grammar = folder / "schema" / "letter.rnc"
    code, out, err = cli("export", folder, "--schema", grammar, "--out", tmp_path / "export")
    assert code == 0, out + err
    bag = tmp_path / "export" / "bag"
    assert sorted(p.name for p in (bag / "data/schema/declared").iterdir()) == ["common.rnc", "letter.rnc", "list.rnc"]
    report = json.loads((bag / "data/validation.json").read_text(encoding="utf-8"))
    assert {f["schema"] for f in report["files"]} == {str(grammar)}
    code, _, err = cli("export", folder, "--schema", folder / "rng-valid.xml", "--out", tmp_path / "other")
    assert code == 2 and err.startswith("error: ") and not (tmp_path / "other").exists()
    code, _, err = cli("export", folder, "--schema", TEI.parent / "schema" / "edition.rng", "--out", tmp_path / "x")
    assert code == 1 and "error: 2 sources not valid against " in err and "edition.rng" in err
