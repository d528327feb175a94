"""The grammar Reducer (pipeline.rng_subset.Reducer) on small grammars: each simplification rule, namespaces and
name classes, what it refuses to take apart, what it says about elements that cannot be valid, and its promise:
a document that uses only the kept elements is valid under the reduction exactly when it is valid under the
whole grammar."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings, strategies as st
from lxml import etree

from pipeline.rng_subset import Reducer, ReductionUnsupported

RNG = "http://relaxng.org/ns/structure/1.0"
XSD = "http://www.w3.org/2001/XMLSchema-datatypes"


def grammar(defines: str, start: str = '<ref name="root"/>', ns: str = "") -> etree._Element:
    ns = f' ns="{ns}"' if ns else ""
    return etree.fromstring(f'<grammar xmlns="{RNG}" datatypeLibrary="{XSD}"{ns}><start>{start}</start>{defines}'
                            "</grammar>")


def shape(node: etree._Element) -> str:
    """A pattern in short: kind:name(children), `ns` left out."""
    kind = etree.QName(node).localname
    label = f"{kind}:{node.get('name')}" if node.get("name") else kind
    return f"{label}({','.join(shape(child) for child in node)})" if len(node) else label


def defines(reduced: etree._Element) -> dict[str, str]:
    patterns = {d.get("name"): shape(d[0]) for d in reduced.iterchildren(f"{{{RNG}}}define")}
    patterns["start"] = shape(reduced.find(f"{{{RNG}}}start")[0])
    return patterns


def valid(rng: etree._Element, document: str) -> bool:
    return etree.RelaxNG(etree.ElementTree(rng)).validate(etree.fromstring(document))


ELEMENTS = """
  <define name="a"><element name="a"><empty/></element></define>
  <define name="b"><element name="b"><empty/></element></define>
  <define name="c"><element name="c"><empty/></element></define>
"""


def root(content: str) -> str:
    return f'<define name="root"><element name="root">{content}</element></define>' + ELEMENTS


def test_a_dropped_element_leaves_the_choices_it_was_in():
    reduced = Reducer(grammar(root('<zeroOrMore><choice><ref name="a"/><ref name="b"/></choice></zeroOrMore>')))
    assert defines(reduced.reduce({"root", "a"})) == {
        "start": "ref:root", "root": "element:root(zeroOrMore(ref:a))", "a": "element:a(empty)"}


def test_a_choice_without_an_alive_branch_is_not_allowed():
    reduced = Reducer(grammar(root('<choice><ref name="b"/><ref name="c"/></choice>')))
    assert defines(reduced.reduce({"root", "a"})) == {"start": "notAllowed"}


@pytest.mark.parametrize("repeat", ["group", "interleave", "oneOrMore", "list"])
def test_a_group_or_one_or_more_of_not_allowed_is_not_allowed(repeat):
    content = f'<ref name="a"/><{repeat}><ref name="b"/></{repeat}>'
    if repeat == "list":
        content = f'<ref name="a"/><attribute name="x"><list><ref name="never"/></list></attribute>'
    reduced = Reducer(grammar(root(content) + '<define name="never"><notAllowed/></define>'))
    assert defines(reduced.reduce({"root", "a"})) == {"start": "notAllowed"}


@pytest.mark.parametrize("repeat", ["zeroOrMore", "optional"])
def test_zero_or_more_and_optional_of_not_allowed_are_empty(repeat):
    reduced = Reducer(grammar(root(f'<ref name="a"/><{repeat}><ref name="b"/><ref name="c"/></{repeat}>')))
    assert defines(reduced.reduce({"root", "a", "b"}))["root"] == "element:root(ref:a)"


def test_an_attribute_with_not_allowed_content_is_not_allowed():
    never = '<define name="never"><notAllowed/></define>'
    optional = Reducer(grammar(root('<optional><attribute name="x"><ref name="never"/></attribute></optional>'
                                    '<ref name="a"/>') + never))
    assert defines(optional.reduce({"root", "a"}))["root"] == "element:root(ref:a)"
    required = Reducer(grammar(root('<attribute name="x"><ref name="never"/></attribute><ref name="a"/>') + never))
    assert defines(required.reduce({"root", "a"})) == {"start": "notAllowed"}


def test_an_element_with_not_allowed_content_never_occurs():
    """`a` needs a `b`: without `b`, `a` goes, and so does the optional place it had in `root`."""
    rng = grammar('<define name="root"><element name="root"><optional><ref name="a"/></optional><text/></element>'
                  '</define><define name="a"><element name="a"><ref name="b"/></element></define>'
                  '<define name="b"><element name="b"><empty/></element></define>')
    assert defines(Reducer(rng).reduce({"root", "a"})) == {"start": "ref:root", "root": "element:root(text)"}


def test_repetitions_of_repetitions_become_one():
    rng = grammar(root('<optional><zeroOrMore><ref name="a"/></zeroOrMore></optional>'
                       '<oneOrMore><oneOrMore><ref name="b"/></oneOrMore></oneOrMore>'
                       '<optional><optional><ref name="c"/></optional></optional>'
                       '<oneOrMore><optional><ref name="a"/></optional></oneOrMore>'))
    assert defines(Reducer(rng).reduce({"root", "a", "b", "c"}))["root"] == \
        "element:root(zeroOrMore(ref:a),oneOrMore(ref:b),optional(ref:c),zeroOrMore(ref:a))"


def test_mixed_of_nothing_is_text_and_empty_in_a_group_goes():
    rng = grammar(root('<mixed><optional><ref name="b"/></optional></mixed><empty/><ref name="a"/>'))
    assert defines(Reducer(rng).reduce({"root", "a"}))["root"] == "element:root(text,ref:a)"


def test_an_except_that_can_never_match_excludes_nothing():
    reducer = Reducer(grammar(root('<attribute name="v"><data type="string"><except><ref name="bad"/>'
                                   '</except></data></attribute>') + '<define name="bad"><notAllowed/></define>'))
    assert defines(reducer.reduce({"root"}))["root"] == "element:root(attribute:v(data))"


def test_namespaces_stay_with_their_patterns():
    """`inner` inherits urn:b from the group; when the group goes, `inner` keeps urn:b."""
    rng = grammar('<define name="root"><element name="root"><group ns="urn:b"><optional><ref name="a"/></optional>'
                  '<element name="inner"><empty/></element></group></element></define>'
                  '<define name="a"><element name="a"><ref name="b"/></element></define>'
                  '<define name="b"><element name="b"><empty/></element></define>', ns="urn:a")
    reduced = Reducer(rng).reduce({"root", "inner"})
    assert defines(reduced)["root"] == "element:root(element:inner(empty))"
    assert valid(reduced, '<root xmlns="urn:a"><inner xmlns="urn:b"/></root>')
    assert not valid(reduced, '<root xmlns="urn:a"><inner/></root>')


def test_elements_with_a_name_class_are_kept():
    """An element of any name (but `root`'s namespace) is no define's named element: it stays, whatever `keep`."""
    rng = grammar('<define name="root"><element name="root"><zeroOrMore><ref name="any"/></zeroOrMore></element>'
                  '</define><define name="any"><element><anyName><except><nsName ns="urn:a"/></except></anyName>'
                  '<zeroOrMore><attribute><anyName/></attribute></zeroOrMore><zeroOrMore><choice><text/>'
                  '<ref name="any"/></choice></zeroOrMore></element></define>', ns="urn:a")
    reduced = Reducer(rng).reduce({"root"})
    assert valid(reduced, '<root xmlns="urn:a"><x:foo xmlns:x="urn:x" a="1"><x:bar/>text</x:foo></root>')
    assert not valid(reduced, '<root xmlns="urn:a"><root/></root>')


def test_kept_names_match_in_every_namespace():
    """`keep` holds local names: an element of another namespace with a kept local name keeps both."""
    rng = grammar('<define name="root"><element name="root"><zeroOrMore><choice><ref name="t"/><ref name="s"/>'
                  '</choice></zeroOrMore></element></define>'
                  '<define name="t"><element name="title"><text/></element></define>'
                  '<define name="s"><element name="title" ns="urn:svg"><text/></element></define>', ns="urn:a")
    reduced = Reducer(rng).reduce({"root", "title"})
    assert valid(reduced, '<root xmlns="urn:a"><title/><title xmlns="urn:svg"/></root>')


@pytest.mark.parametrize("construct", [
    '<include href="other.rng"/>',
    '<define name="x"><externalRef href="other.rng"/></define>',
    '<div><define name="x"><empty/></define></div>',
    '<define name="root" combine="choice"><element name="other"><empty/></element></define>',
    '<define name="x"><grammar><start><notAllowed/></start></grammar></define>',
])
def test_grammars_it_does_not_take_apart(construct):
    with pytest.raises(ReductionUnsupported):
        Reducer(grammar(root("<empty/>") + construct))


def test_what_cannot_be_valid_is_said():
    reducer = Reducer(grammar(root('<ref name="a"/><choice><ref name="b"/><ref name="c"/></choice>')))
    assert reducer.start_elements == {("", "root")}
    assert reducer.unsatisfiable({"root", "a"}) == {("", "root"): ["b", "c"]}
    assert reducer.unsatisfiable({"root", "a", "b"}) == {}


# The promise, on a grammar with most constructs: documents of a small vocabulary, generated.
PROMISE = grammar("""
  <define name="root"><element name="root"><optional><attribute name="id"><data type="ID"/></attribute></optional>
    <ref name="head"/><zeroOrMore><choice><ref name="p"/><ref name="list"/><ref name="foreign"/></choice></zeroOrMore>
    </element></define>
  <define name="head"><element name="head"><oneOrMore><ref name="title"/></oneOrMore>
    <optional><ref name="note"/></optional></element></define>
  <define name="title"><element name="title"><ref name="phrase"/></element></define>
  <define name="note"><element name="note"><interleave><optional><ref name="hi"/></optional><text/></interleave>
    </element></define>
  <define name="p"><element name="p"><optional><attribute name="n"><list><oneOrMore><data type="integer"/>
    </oneOrMore></list></attribute></optional><ref name="phrase"/></element></define>
  <define name="list"><element name="list"><oneOrMore><ref name="item"/></oneOrMore></element></define>
  <define name="item"><element name="item"><choice><ref name="phrase"/><ref name="list"/></choice></element></define>
  <define name="phrase"><mixed><zeroOrMore><choice><ref name="hi"/><ref name="empty-class"/>
    <ref name="seg"/></choice></zeroOrMore></mixed></define>
  <define name="hi"><element name="hi"><optional><attribute name="rend"><choice><value>i</value><value>b</value>
    </choice></attribute></optional><ref name="phrase"/></element></define>
  <define name="seg"><element name="seg"><ref name="hi"/><ref name="hi"/></element></define>
  <define name="empty-class"><notAllowed/></define>
  <define name="foreign"><element><anyName><except><nsName/></except></anyName><empty/></element></define>
""", ns="urn:p")
REDUCER = Reducer(PROMISE)
NAMES = ["root", "head", "title", "note", "p", "list", "item", "hi", "seg", "other"]


def phrase(r, depth: int) -> str:
    parts = []
    for _ in range(r.randint(0, 3)):
        pick = r.random()
        parts.append("w" if pick < 0.4 or depth > 3 else hi(r, depth + 1) if pick < 0.75
                     else f"<seg>{hi(r, depth + 1)}{hi(r, depth + 1)}</seg>")
    return "".join(parts)


def hi(r, depth: int) -> str:
    rend = ' rend="x"' if r.random() < 0.02 else r.choice(["", ' rend="i"', ' rend="b"'])
    return f"<hi{rend}>{phrase(r, depth)}</hi>"


def listing(r, depth: int) -> str:
    items = (f"<item>{listing(r, depth + 1) if r.random() < 0.3 and depth < 3 else phrase(r, depth)}</item>"
             for _ in range(r.randint(1, 3)))
    return f"<list>{''.join(items)}</list>"


def document(r) -> str:
    """Mostly valid by construction; then, half the time, one element removed or renamed."""
    titles = "".join(f"<title>{phrase(r, 2)}</title>" for _ in range(r.randint(1, 2)))
    note = f"<note>{r.choice(['', 'w'])}{r.choice(['', hi(r, 2)])}</note>" if r.random() < 0.5 else ""
    numbers = ["", "", ' n="1 2"', ' n="x"']
    body = "".join(r.choice([f"<p{r.choice(numbers)}>{phrase(r, 1)}</p>", listing(r, 1), '<x:other xmlns:x="urn:x"/>'])
                   for _ in range(r.randint(0, 3)))
    tree = etree.fromstring(f'<root xmlns="urn:p"><head>{titles}{note}</head>{body}</root>')
    elements = list(tree.iter(etree.Element))[1:]
    if r.random() < 0.5:
        victim = r.choice(elements)
        if r.random() < 0.5:
            victim.getparent().remove(victim)
        else:
            victim.tag = "{urn:p}" + r.choice(NAMES)
    return etree.tostring(tree, encoding="unicode")


@settings(max_examples=200, deadline=None, database=None)
@given(st.integers(0, 2 ** 32))
def test_a_document_is_valid_under_its_reduction_exactly_when_under_the_whole_grammar(seed):
    tree = etree.fromstring(document(random.Random(seed)))
    used = {etree.QName(element).localname for element in tree.iter(etree.Element)}
    whole = etree.RelaxNG(etree.ElementTree(PROMISE)).validate(tree)
    reduced = REDUCER.reduce(used)
    assert etree.RelaxNG(etree.ElementTree(reduced)).validate(tree) == whole
    if reduced.find(f"{{{RNG}}}start/{{{RNG}}}notAllowed") is not None:  # libxml2 has nothing to say: the Reducer has
        lacking = REDUCER.unsatisfiable(used)
        qnames = [(etree.QName(e).namespace or "", etree.QName(e).localname) for e in tree.iter(etree.Element)]
        assert qnames[0] not in REDUCER.start_elements or any(qname in lacking for qname in qnames)


def test_what_is_not_relax_ng_is_left_to_libxml2_to_name():
    """An element of the RELAX NG namespace that RELAX NG does not define: the grammar is compiled whole, and
    libxml2's error says what it is."""
    with pytest.raises(ReductionUnsupported, match="unknown RELAX NG elements: bogus"):
        Reducer(grammar(root('<bogus/>')))
