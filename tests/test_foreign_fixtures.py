"""The fixtures of TEI from elsewhere (tests/fixtures/foreign/, issue 17) and their intent rows: each fixture is TEI P5
with its origin and licence, listed in the folder's README; every intent row is well-formed. The rows themselves
describe the rendering issue 17 asks for and are not evaluated here (tests/intentrows.py --built does that)."""

from __future__ import annotations

import pytest

from conftest import TEI_ALL, needs_shared
from intentrows import FOREIGN, problems, read
from pipeline.validate import Validator
from pipeline.xmlload import TEI_NS, load

FIXTURES = sorted(p.name for p in FOREIGN.glob("*.xml"))
# valid TEI with what TEI all leaves out: MathML inside formula, XInclude (processed before validation); the only
# element the grammar may complain about in each
BEYOND_TEI_ALL = {"mathml.xml": "math", "xinclude.xml": "include"}
T = {"t": TEI_NS}


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
    from intentrows import Row
    names = {"a.xml"}
    assert problems(Row(2, "a.xml", "html", "reading", "count(.//td", "1", "x"), names)
    assert problems(Row(2, "a.xml", "txt", "reading", "(unclosed", "1", "x"), names)
    assert problems(Row(2, "a.xml", "txt", "reading", "no group", "unique", "x"), names)
    assert problems(Row(2, "a.xml", "typ", "page", "x", "1", "x"), names)
    assert problems(Row(2, "b.xml", "txt", "reading", "x", "1", "x"), names)
    assert not problems(Row(2, "a.xml", "txt", "both", r"\[(\d+)\]", "unique", "x"), names)
