"""Validation: the project's RELAX NG grammar and Schematron rules, or another RELAX NG grammar.

Both are compiled once per process (another grammar once per set of element names, see _Grammar) and applied to
trees the hardened loader produced. Every finding is a Problem with FILE:LINE:COL and, for Schematron, the rule
id.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from lxml import etree, isoschematron

from . import resources
from .rng_subset import R, Reducer, ReductionUnsupported
from .xmlload import XML_ID, Problem, Source

SVRL_NS = "http://purl.oclc.org/dsdl/svrl"
XSL_NS = "http://www.w3.org/1999/XSL/Transform"
SCH_NS = "http://purl.oclc.org/dsdl/schematron"
# Values the Schematron rules need from outside the document; see schema/edition.sch.
_SCHEMATRON_PARAMETERS = ("file-name", "register-ids")
_PARSER = dict(resolve_entities=False, no_network=True, load_dtd=False)
# Reduced grammars kept compiled, per grammar: a folder of documents uses a few element sets again and again.
_REDUCED_GRAMMARS = 32
# Above this many element names a reduced grammar is validated without content-model automata (see _Grammar).
_AUTOMATA_ELEMENTS = 150


class _Grammar:
    """A RELAX NG grammar, compiled whole or, when `reduce`, once per set of element names a document uses.

    Why: libxml2 compiles each element's content model into an automaton and checks it for determinism by
    comparing, state by state, its transitions pairwise (xmlFAComputesDeterminism), which grows with about the
    cube of the alternatives a content model offers. TEI all's content models offer hundreds of elements: 13 s
    to compile, nearly all of it in that check. Reduced to the elements of one document (rng_subset.Reducer,
    the same verdicts for that document), the grammar compiles in milliseconds. A document with very many element
    names (over _AUTOMATA_ELEMENTS) would make even its reduction slow to compile: libxml2 then validates it
    without automata (the same verdicts, in less time, but with fewer and less precise messages).
    """

    def __init__(self, path: Path, reduce: bool):
        tree = etree.parse(str(path), etree.XMLParser(**_PARSER))
        self.name = path.name
        self.reducer = None
        if reduce:
            try:
                self.reducer = Reducer(tree.getroot())
            except ReductionUnsupported:
                pass
        self.whole = etree.RelaxNG(tree) if self.reducer is None else None
        self._compiled = lru_cache(maxsize=_REDUCED_GRAMMARS)(self._compile)

    def element_names(self, source: Source) -> frozenset[str] | None:
        """The element names of the document that the grammar knows (None: the grammar is not reduced)."""
        if self.reducer is None:
            return None
        tags = {element.tag for element in source.root.iter(etree.Element)}
        return frozenset(tag.rpartition("}")[2] for tag in tags) & self.reducer.element_names

    def compiled(self, names: frozenset[str] | None) -> etree.RelaxNG:
        return self.whole if names is None else self._compiled(names)

    def _compile(self, names: frozenset[str]) -> etree.RelaxNG:
        grammar = self.reducer.reduce(names)
        if len(names) > _AUTOMATA_ELEMENTS:
            try:
                return etree.RelaxNG(_without_automata(grammar))
            except etree.RelaxNGParseError:  # a start element with data content: nothing to gain
                grammar = self.reducer.reduce(names)
        return etree.RelaxNG(grammar)

    def explain(self, source: Source, names: frozenset[str] | None) -> list[tuple[etree._Element, str]]:
        """Why a document is invalid when libxml2 gave no reason: a reduced grammar whose start cannot match."""
        root = source.root
        expected = self.reducer.start_elements if self.reducer else None
        if expected is not None and _qname(root) not in expected:
            return [(root, _unexpected_root(root, expected))]
        if self.reducer is not None:
            lacking = self.reducer.unsatisfiable(names)
            found = _innermost(root, lambda element: _qname(element) in lacking)
            if found:
                return [(element, _incomplete(element, lacking[_qname(element)])) for element in found]
        return [(root, f"Element {etree.QName(root).localname} is not valid against {self.name}")]


def _without_automata(grammar: etree._Element) -> etree._Element:
    """The same grammar, which libxml2 compiles without content-model automata.

    libxml2 compiles the content of an element only if every pattern in it can be compiled (an element with a name
    class cannot), and it compiles no element below one it could not. Every element a document may start with
    gets an optional element of any name and notAllowed content: it never matches, so the language is the same.
    """
    defines = {define.get("name"): define for define in grammar.iterchildren(R + "define")}
    for ref in grammar.find(R + "start").iter(R + "ref"):
        element = defines[ref.get("name")][0]
        if element.tag == R + "element":
            never = etree.SubElement(etree.SubElement(element, R + "optional"), R + "element")
            etree.SubElement(never, R + "anyName")
            etree.SubElement(never, R + "notAllowed")
    return grammar


def _qname(element: etree._Element) -> tuple[str, str]:
    name = etree.QName(element)
    return name.namespace or "", name.localname


def _unexpected_root(root: etree._Element, expected: frozenset[tuple[str, str]]) -> str:
    namespace, local = _qname(root)
    namespaces = sorted(ns for ns, name in expected if name == local)
    if namespaces and not namespace:
        return f"Expecting a namespace for element {local}"
    if namespaces:
        return f"Element {local} has wrong namespace: expecting {namespaces[0]}"
    return f"Expecting element {' or '.join(sorted(name for _, name in expected))}, got {local}"


def _incomplete(element: etree._Element, lacking: list[str]) -> str:
    local = etree.QName(element).localname
    if len(lacking) == 1:
        return f"Element {local} is incomplete: missing required element {lacking[0]}"
    shown = ", ".join(lacking[:12]) + (", ..." if len(lacking) > 12 else "")
    return f"Element {local} is incomplete: missing one of the required elements {shown}"


def _innermost(root: etree._Element, matches) -> list[etree._Element]:
    """The elements that match and hold no element that matches, in document order (no two are nested)."""
    found, below = [], {}
    for _, element in etree.iterwalk(root, events=("end",), tag=etree.Element):
        inner = any([below.pop(child, False) for child in element])
        if matches(element) and not inner:
            found.append(element)
        below[element] = inner or matches(element)
    return found


@lru_cache(maxsize=None)
def _grammar(path: Path, reduce: bool) -> _Grammar:
    return _Grammar(path, reduce)


@lru_cache(maxsize=1)
def _schematron() -> etree.XSLT:
    """The rules compiled to XSLT, with the schema-level lets turned into stylesheet parameters.

    The SVRL report keeps only what the validator reads (failed asserts and successful reports); and when every
    rule's context is an element, each pattern's pass visits elements only, not every attribute too.
    """
    rules = etree.parse(str(resources.schema("edition.sch")), etree.XMLParser(**_PARSER))
    compiled = isoschematron.Schematron(rules, store_xslt=True).validator_xslt.getroot()
    for variable in compiled.iterchildren(f"{{{XSL_NS}}}variable"):
        if variable.get("name") in _SCHEMATRON_PARAMETERS:
            variable.tag = f"{{{XSL_NS}}}param"
    for unread in list(compiled.iter(f"{{{SVRL_NS}}}fired-rule", f"{{{SVRL_NS}}}active-pattern")):
        unread.getparent().remove(unread)
    if all(_element_context(rule.get("context") or "") for rule in rules.iter(f"{{{SCH_NS}}}rule")):
        for walk in compiled.iter(f"{{{XSL_NS}}}apply-templates"):
            if walk.get("select") == "@*|*|comment()|processing-instruction()":
                walk.set("select", "*")
    access = etree.XSLTAccessControl.DENY_ALL
    return etree.XSLT(compiled, access_control=access)


def _element_context(context: str) -> bool:
    """Whether a rule context can match elements only: outside its predicates, no attribute, text, comment,
    processing-instruction or node() step."""
    outside = context
    while True:
        inner = re.sub(r"\[[^\[\]]*\]", "", outside)
        if inner == outside:
            break
        outside = inner
    return not re.search(r"@|attribute::|namespace::|text\(|comment\(|processing-instruction\(|node\(|^\s*/\s*$",
                         outside)


def schematron_rule_ids() -> list[str]:
    rules = etree.parse(str(resources.schema("edition.sch")))
    return sorted(rules.xpath("//sch:assert/@id | //sch:report/@id", namespaces={"sch": SCH_NS}))


class Validator:
    """Validates sources against the project schema (grammar and rules) or against another grammar."""

    def __init__(self, grammar: Path | None = None):
        self.grammar_path = Path(grammar) if grammar else resources.schema("edition.rng")
        self.with_rules = grammar is None

    def validate(self, source: Source, register_ids: frozenset[str] = frozenset()) -> list[Problem]:
        problems = self._grammar_problems(source)
        if self.with_rules:
            problems += self._rule_problems(source, register_ids)
        return sorted(set(problems))

    def _grammar_problems(self, source: Source) -> list[Problem]:
        # the project's grammar is small: reducing it per document would not pay
        grammar = _grammar(self.grammar_path, not self.with_rules)
        names = grammar.element_names(source)
        compiled = grammar.compiled(names)
        if compiled.validate(source.tree):
            return []
        # libxml2 gives no column: the column of the line's first start tag, found once per line
        first_on_line, columns = {}, {}
        for element in source.root.iter(etree.Element):
            first_on_line.setdefault(element.sourceline, element)
        problems = []
        for entry in compiled.error_log:
            line = entry.line or source.root.sourceline or 1
            if line not in columns:
                columns[line] = source.column_of(first_on_line[line]) if line in first_on_line else 1
            problems.append(Problem(source.name, line, entry.column or columns[line], _tidy(entry.message)))
        if not problems:
            problems = [source.problem(element, _tidy(message)) for element, message in grammar.explain(source, names)]
        return problems

    def _rule_problems(self, source: Source, register_ids: frozenset[str]) -> list[Problem]:
        report = _schematron()(
            source.tree,
            **{"file-name": etree.XSLT.strparam(source.path.stem),
               "register-ids": etree.XSLT.strparam(" " + " ".join(sorted(register_ids)) + " ")})
        problems = []
        for failure in report.getroot().iterchildren(f"{{{SVRL_NS}}}failed-assert",
                                                     f"{{{SVRL_NS}}}successful-report"):
            found = source.root.xpath(failure.get("location"))
            node = found[0] if found else source.root
            if not isinstance(node, etree._Element):  # an attribute or text node: report its element
                node = node.getparent()
            message = " ".join(failure.findtext(f"{{{SVRL_NS}}}text", "").split())
            problems.append(source.problem(node, message, failure.get("id", "")))
        return problems


def register_ids(sources: list[Source]) -> frozenset[str]:
    ids = set()
    for source in sources:
        if source.is_register:
            ids.update(source.root.xpath("//@xml:id"))
    return frozenset(ids)


def _tidy(message: str) -> str:
    """libxml2's RELAX NG messages, made readable."""
    message = message.strip()
    message = re.sub(r"\{http://www\.tei-c\.org/ns/1\.0\}", "", message)
    return message


__all__ = ["Validator", "register_ids", "schematron_rule_ids", "XML_ID"]
