"""A bounded fuzz (Hypothesis) over what a source can name: root xml:ids, refsDecl labels, citable unit
identifiers, file names (any bytes) and attribute values, with paths out of the folder, separators, reserved and
device names, over-long names, controls and bidi overrides among them. Each example is built (every format) and
exported (bag, Dublin Core, DTS) in this process, and must: change nothing outside its output folders, leave its
sources as they were, run no Typst code from its text or attributes (a payload that would print a marker if it
ran), and end without an exception (a refusal is a clean error, not a crash). About a minute."""

from __future__ import annotations

import functools
import hashlib
import os
import secrets
import shutil
import subprocess
import tempfile
from pathlib import Path
from unittest import mock

from hypothesis import HealthCheck, Phase, given, note, settings, strategies as st
from lxml import etree

TEI_NS = "http://www.tei-c.org/ns/1.0"
T = f"{{{TEI_NS}}}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
TOKEN = f"escaped-{secrets.token_hex(4)}"
MARKER = "MARK" + "ER-RAN"  # what the payload prints only if Typst runs it
PAYLOAD = '#("MARK" + "ER-RAN")'
# bounded: no shrinking (a failing example is reported as found, with its notes), no database in the work tree
SETTINGS = settings(max_examples=30, deadline=None, database=None, phases=(Phase.explicit, Phase.generate),
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

HOSTILE = [f"../../{TOKEN}", f"../../../../../../../../../tmp/{TOKEN}", "..", ".", f"/tmp/{TOKEN}", f"a/{TOKEN}",
           f"a\\{TOKEN}", "con", "NUL.txt", "com1", "index", "persons", "search", "edition", "x", "x.diplomatic",
           "x" * 300, "é" * 120, "\u202eevil.lmth", "a\u200bb", "a\nb", "a\rb", "%2e%2e", "#frag", "?q", "a:b",
           "javascript:alert(1)", "", " ", "-rf", ".hidden", "trailing.", "Ω", "a b", PAYLOAD, f'") {PAYLOAD} //']


def xml_safe(text: str) -> str:
    """The characters an XML attribute or text may hold."""
    return "".join(c for c in text if c in "\t\n\r" or (" " <= c <= "\ud7ff") or ("\ue000" <= c <= "\ufffd")
                   or c > "\uffff")


values = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=30).map(xml_safe),
                   st.lists(st.sampled_from(HOSTILE), min_size=2, max_size=3).map("/".join))
# file names: any bytes but '/' and NUL, or hostile text; a file may have no root xml:id
raw_names = st.binary(min_size=1, max_size=40).map(lambda b: b.replace(b"/", b"_").replace(b"\0", b"_"))
file_names = st.one_of(raw_names.map(os.fsdecode), st.sampled_from(HOSTILE).filter(lambda n: n and "/" not in n
                                                                                   and n not in (".", "..")))
documents = st.lists(st.fixed_dictionaries({
    "file": file_names, "id": st.one_of(st.none(), values), "label": values, "unit": values, "attribute": values,
}), min_size=1, max_size=3)


def tei(spec: dict) -> bytes:
    root = etree.Element(T + "TEI", nsmap={None: TEI_NS})
    if spec["id"] is not None:
        root.set(XML_ID, spec["id"])
    header = etree.SubElement(root, T + "teiHeader")
    file_desc = etree.SubElement(header, T + "fileDesc")
    etree.SubElement(etree.SubElement(file_desc, T + "titleStmt"), T + "title").text = f"Fuzzed {PAYLOAD}"
    etree.SubElement(etree.SubElement(file_desc, T + "publicationStmt"), T + "p").text = "Fuzzed."
    etree.SubElement(etree.SubElement(file_desc, T + "sourceDesc"), T + "p").text = "Fuzzed."
    encoding = etree.SubElement(header, T + "encodingDesc")
    for label in (None, spec["label"]):
        refs = etree.SubElement(encoding, T + "refsDecl")
        if label is not None:
            refs.set("n", label)
        structure = etree.SubElement(refs, T + "citeStructure", unit="p", match="//p", use="@n")
        structure.set("delim", spec["label"][:3])
    body = etree.SubElement(etree.SubElement(root, T + "text"), T + "body")
    paragraph = etree.SubElement(etree.SubElement(body, T + "div"), T + "p", n=spec["unit"], rend=spec["attribute"])
    paragraph.set("{http://www.w3.org/XML/1998/namespace}lang", spec["attribute"][:20])
    if spec.get("element_id"):
        paragraph.set(XML_ID, spec["element_id"])
    paragraph.text = f"Text {PAYLOAD} and "
    etree.SubElement(paragraph, T + "ref", target=spec["attribute"]).text = f"a link {PAYLOAD}"
    etree.SubElement(paragraph, T + "lb", n=spec["unit"]).tail = "end."
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


ids_with_code = st.builds(lambda before, after: f"{before}\n{PAYLOAD}\n{after}", st.sampled_from(["x", "p1", ""]),
                          st.sampled_from(["", "y", "// z"]))


@settings(max_examples=5, deadline=None, database=None, phases=(Phase.explicit, Phase.generate))
@given(ids_with_code, ids_with_code)
def test_no_typst_code_runs_from_an_xml_id(root_id, element_id):
    """An xml:id reaches a `// tei:` comment of the Typst file: a line break in it must not end the comment."""
    from pipeline import pdf
    from pipeline.transform import Stylesheets
    from pipeline.xmlload import parse_bytes
    spec = {"id": root_id, "label": "", "unit": "1", "attribute": "x", "element_id": element_id}
    source = parse_bytes(tei(spec), Path("fuzzed.xml"), "fuzzed.xml")
    sheets = _stylesheets()
    node = sheets.document(source)
    sheets.set_corpus([], [node])
    markup = sheets.apply("typst", sheets.prepare(node, source_file="fuzzed.xml")).text
    try:
        document = pdf.typeset(markup, source, "fuzzed.typ").pdf
    except pdf.PdfError:
        return  # refused: nothing ran to the end
    text = subprocess.run(["pdftotext", "-", "-"], input=document, capture_output=True).stdout.decode()
    assert MARKER not in text, "Typst ran code from an xml:id"


@functools.lru_cache(maxsize=1)
def _stylesheets():
    from pipeline.transform import Stylesheets
    return Stylesheets(("typst",))


def snapshot(root: Path, leave_out: tuple[Path, ...]) -> dict[str, str]:
    found = {}
    for folder, folders, files in os.walk(root):
        folders[:] = [f for f in folders if Path(folder, f) not in leave_out]
        for name in files:
            path = Path(folder, name)
            found[os.fsencode(path).hex()] = (os.readlink(path) if path.is_symlink()
                                              else hashlib.sha256(path.read_bytes()).hexdigest())
    return found


def escaped() -> list[str]:
    """Files a path out of the sandbox (which is in the system's temporary folder) would have made."""
    return [str(p) for p in Path(tempfile.gettempdir()).glob(f"*{TOKEN}*")]


@SETTINGS
@given(documents)
def test_fuzzed_names_write_nothing_outside_out_and_run_no_typst_code(specs):
    from pipeline.build import BuildError, build
    from pipeline.exchange import ExportError, export
    from pipeline.validate import ValidationReport
    sandbox = Path(tempfile.mkdtemp(prefix="edition-fuzz-"))
    try:
        sources = sandbox / "sources"
        sources.mkdir()
        written = set()
        for spec in specs:
            name = spec["file"] + ".xml"
            if name in written or len(os.fsencode(name)) > 255:
                continue
            written.add(name)
            (sources / name).write_bytes(tei(spec))
            note(f"{name!r}: {spec}")
        out, exported = sandbox / "out", sandbox / "export"
        before = snapshot(sandbox, (out, exported))
        try:
            report = build([sources], out, jobs=1)
            note(f"build: {[str(p) for p in report.failures + report.warnings]}")
        except BuildError as error:  # a clean refusal of the whole build
            note(f"build refused: {error}")
        with mock.patch("pipeline.exchange.validation_report",  # the schema is not the point: a report of no problems
                        return_value=ValidationReport(files=[])):
            try:
                export([sources], exported, outputs=out)
            except (ExportError, BuildError) as error:
                note(f"export refused: {error}")
        assert snapshot(sandbox, (out, exported)) == before, "a source changed, or a file appeared outside --out"
        assert escaped() == []
        for path in out.rglob("*.pdf"):
            text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True).stdout.decode("utf-8", "replace")
            assert MARKER not in text, f"{path.name}: Typst ran code from the source"
    finally:
        shutil.rmtree(sandbox, ignore_errors=True)
