"""The fixtures of TEI from elsewhere (tests/fixtures/foreign/, issue 17): each fixture is TEI P5 with its origin and
licence, listed in the folder's README; its outputs match their golden files (rewritten only with --update-goldens,
then reviewed); every intent row (intent.tsv: what a reader should see, per output and view) is met."""

from __future__ import annotations

from functools import lru_cache

import pytest

from conftest import TEI_ALL, needs_shared
from intentrows import FOREIGN, Row, evaluate_outputs, problems, read
from pipeline.transform import render as render_outputs
from pipeline.validate import Validator
from pipeline.xmlload import TEI_NS, load
from test_elements import check_goldens, stylesheets

FIXTURES = sorted(p.name for p in FOREIGN.glob("*.xml"))
GOLDEN = FOREIGN / "golden"
# valid TEI with what TEI all leaves out: MathML inside formula, XInclude (processed before validation); the only
# element the grammar may complain about in each
BEYOND_TEI_ALL = {"mathml.xml": "math", "xinclude.xml": "include"}
T = {"t": TEI_NS}
# output file suffix by (stylesheet, view), and the (format, view) an intent row names; the Typst source holds
# both views (a fixture of one view has no diplomatic text)
OUTPUTS = {("html", "reading"): ".html", ("text", "reading"): ".reading.txt", ("text", "diplomatic"): ".diplomatic.txt",
           ("typst", "reading"): ".typ"}
FORMATS = {"html": "html", "txt": "text", "typ": "typst"}


@lru_cache(maxsize=None)
def rendered(name: str):
    """Every output of one fixture, made as the build makes them (the prepare pass, then each output)."""
    return render_outputs(stylesheets(), load(FOREIGN / name), list(OUTPUTS))


def outputs(name: str) -> dict[str, str]:
    stem = name.removesuffix(".xml")
    results = rendered(name).results
    return {stem + suffix: results[key].text for key, suffix in OUTPUTS.items() if key in results}


@pytest.mark.parametrize("name", FIXTURES)
def test_fixture_says_where_it_comes_from(name):
    source = load(FOREIGN / name)
    assert source.is_tei and source.id == "foreign-" + name.removesuffix(".xml")
    header = source.root.find("t:teiHeader", T)
    assert header.xpath("normalize-space(t:fileDesc/t:sourceDesc)", namespaces=T)
    assert header.xpath("normalize-space(t:fileDesc/t:publicationStmt/t:availability/t:licence)", namespaces=T)


@needs_shared(TEI_ALL)
@pytest.mark.parametrize("name", FIXTURES)
def test_fixture_is_valid_tei(name):
    found = Validator(TEI_ALL).validate(load(FOREIGN / name))
    if name in BEYOND_TEI_ALL:
        assert found and all(f"element {BEYOND_TEI_ALL[name]} " in p.message + " " or
                             p.message.endswith(f"content: {BEYOND_TEI_ALL[name]}") for p in found), found
    else:
        assert not found, [str(p) for p in found]


def test_readme_lists_every_fixture():
    readme = (FOREIGN / "README.md").read_text(encoding="utf-8")
    assert [name for name in FIXTURES if f"`{name}`" not in readme] == []


def test_intent_rows_are_well_formed():
    rows = read()
    assert [(row.number, p) for row in rows for p in problems(row, set(FIXTURES))] == []
    assert sorted(set(FIXTURES) - {row.file for row in rows}) == []


def test_intent_rows_check_what_they_should():
    """The checker itself: a broken XPath, regex or expectation is reported."""
    names = {"a.xml"}
    assert problems(Row(2, "a.xml", "html", "reading", "count(.//td", "1", "x"), names)
    assert problems(Row(2, "a.xml", "txt", "reading", "(unclosed", "1", "x"), names)
    assert problems(Row(2, "a.xml", "txt", "reading", "no group", "unique", "x"), names)
    assert problems(Row(2, "a.xml", "typ", "page", "x", "1", "x"), names)
    assert problems(Row(2, "b.xml", "txt", "reading", "x", "1", "x"), names)
    assert not problems(Row(2, "a.xml", "txt", "both", r"\[(\d+)\]", "unique", "x"), names)


def test_intent_rows_are_evaluated_as_written():
    """The evaluator itself: counts, uniqueness of labels and XPath values against given outputs."""
    texts = {("txt", "reading"): "[1] a\n[2] b\n[1] c", ("html", "reading"):
             "<html><body><section id='reading'><p>x</p><p>y</p></section></body></html>"}
    output = lambda format, view: texts[format, view]  # noqa: E731
    assert evaluate_outputs(Row(2, "a.xml", "txt", "reading", r"(?m)^\[(\d)\]", "3", "x"), output) == []
    assert evaluate_outputs(Row(2, "a.xml", "txt", "reading", r"(?m)^\[(\d)\]", "unique", "x"), output)
    assert evaluate_outputs(Row(2, "a.xml", "html", "reading", "count(.//p)", "2", "x"), output) == []
    assert evaluate_outputs(Row(2, "a.xml", "html", "reading", "count(.//p)", "1", "x"), output)


@pytest.mark.parametrize("name", FIXTURES)
def test_golden_outputs(name, update_goldens):
    check_goldens(GOLDEN, name.removesuffix(".xml"), outputs(name), update_goldens)


@pytest.mark.parametrize("row", read(), ids=lambda r: f"{r.number}:{r.file}:{r.format}:{r.view}")
def test_intent(row):
    done = rendered(row.file)
    # (the one Typst source is the reading view's output)
    misses = evaluate_outputs(row, lambda format, view: done.results[FORMATS[format],
                                                                     "reading" if format == "typ" else view].text,
                              done.views)
    assert misses == [], f"{row.says}: {misses}"


def test_an_xinclude_is_reported_to_the_build():
    """An XInclude is never processed: the prepare pass says so (the build's warning of kind unprocessed-include),
    with its href, once per include; the outputs name it where it stands."""
    messages = [m for m in rendered("xinclude.xml").messages if m.startswith("unprocessed-include|")]
    assert [m.split("|")[1] for m in messages] == ["testxi-inc.xml", "chapter3.xml"]


def test_the_build_warns_of_an_xinclude(tmp_path):
    from pipeline.build import build
    report = build([FOREIGN / "xinclude.xml"], tmp_path / "out", ("txt",), jobs=1)
    found = [(w.line, w.message) for w in report.warnings if w.kind == "unprocessed-include"]
    assert [line for line, _ in found] == [25, 28]
    assert all("xi:include" in message for _, message in found) and "chapter3.xml" in found[1][1]


HOSTILE_MATH = f"""<TEI xmlns="{TEI_NS}" xml:id="hostile-math"><teiHeader><fileDesc><titleStmt><title>x</title></titleStmt>
<publicationStmt><p>x</p></publicationStmt><sourceDesc><p>x</p></sourceDesc></fileDesc></teiHeader><text><body>
<p>A <formula><m:math xmlns:m="http://www.w3.org/1998/Math/MathML" xmlns:h="http://www.w3.org/1999/xhtml" display="block"
 onclick="alert(1)"><m:mrow href="javascript:alert(2)" style="color:red"><m:mi mathvariant="bold" class="x">a"#b</m:mi>
<m:mo>)</m:mo><m:mtext>$x$ "q" \\ #let</m:mtext><m:msup><m:mi>c</m:mi><m:mn>2</m:mn></m:msup></m:mrow>
<m:annotation-xml encoding="text/html"><h:script>alert(3)</h:script></m:annotation-xml></m:math></formula> formula.</p>
</body></text></TEI>"""


def test_mathml_reaches_the_outputs_only_through_safe_lists(tmp_path):
    """The web page keeps MathML's presentation elements and their safe attributes, nothing else; the Typst math
    writes every value of the source as a string literal or an escaped character, and compiles."""
    from lxml import html
    from pipeline import pdf
    path = tmp_path / "hostile-math.xml"
    path.write_text(HOSTILE_MATH, encoding="utf-8")
    source = load(path)
    results = render_outputs(stylesheets(), source, [("html", "reading"), ("typst", "reading"), ("text", "reading")]).results
    page = html.fromstring(results["html", "reading"].text)
    math = page.xpath("//section[@id='reading']//math")[0]
    assert [el.tag for el in math.iter()] == ["math", "mrow", "mi", "mo", "mtext", "msup", "mi", "mn"]
    assert {a for el in math.iter() for a in el.attrib} == {"xmlns", "display", "aria-label", "mathvariant"}
    assert "alert(3)" not in results["html", "reading"].text
    typ = results["typst", "reading"].text
    assert '$ "a\\"#b" \\) "$x$ \\"q\\" \\\\ #let" c^2 $' in typ
    assert 'a"#b) $x$ "q" \\ #let c^2' in results["text", "reading"].text
    (tmp_path / "hostile-math.typ").write_text(typ, encoding="utf-8")
    document, _ = pdf.compile_typst(typ, source, tmp_path / "hostile-math.typ")
    assert document.startswith(b"%PDF")
