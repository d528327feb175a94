"""Schematron, compiled once per schema and run on trees the hardened loader produced.

Two engines, chosen by the schema's queryBinding:
- XPath 1.0 (`xslt`, `xslt1`, `exslt`, none): lxml's ISO skeleton compiled to XSLT 1.0, run by libxslt with every
  file and network access denied. The edition's own rules (schema/edition.sch) take this road.
- XPath 2.0 and later (`xslt2`, `xslt3`, `xpath2`, `xpath3`, `xpath31`: what TEI ODDs generate): compiled here to
  an XSLT 3.0 stylesheet and run by Saxon, the one complete XPath 3.1 implementation the pipeline already
  carries. lxml's skeleton cannot (XPath 1.0 only), and a pure-Python XPath engine would be both slower and less
  complete. Saxon is handed the tree serialised by lxml, never a file, and its access to any URI is closed
  before the stylesheet is compiled (the generated stylesheet imports nothing).

A failure is located without XPath: libxslt hands the failing node itself to a Python extension function; Saxon
reports fn:path(), resolved against the lxml tree through one index per parent. Either way the cost is linear
in the failures, not in failures times siblings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree, isoschematron

from .xmlload import Problem, Source

SCH_NS = "http://purl.oclc.org/dsdl/schematron"
SCH15_NS = "http://www.ascc.net/xml/schematron"
SVRL_NS = "http://purl.oclc.org/dsdl/svrl"
XSL_NS = "http://www.w3.org/1999/XSL/Transform"
S = f"{{{SCH_NS}}}"
X = f"{{{XSL_NS}}}"
LOCATE_NS = "urn:x-edition:locate"
XPATH1_BINDINGS = frozenset(("", "xslt", "xslt1", "exslt", "xpath"))
XPATH2_BINDINGS = frozenset(("xslt2", "xslt3", "xpath2", "xpath3", "xpath31"))
# role values (lower case) that make a finding a warning rather than an error
WARNING_ROLES = frozenset(("warning", "warn", "nonfatal", "info", "information", "informative", "caution"))
_ALLOWED_PROTOCOLS = "http://saxon.sf.net/feature/allowedProtocols"
# XSLT that a schema may carry (xsl:key, xsl:function) must not reach a file or write one
_FORBIDDEN_XSLT = ("import", "include", "import-schema", "result-document")


class SchematronError(ValueError):
    """A Schematron schema that cannot be compiled (one line)."""


@dataclass(frozen=True)
class Finding:
    node: object  # an lxml element of the source
    message: str
    rule: str  # the assert's or report's id
    severity: str


class Rules:
    """A compiled Schematron schema. `parameters` are schema-level lets the caller sets for each document."""

    def __init__(self, schema: etree._Element, parameters: tuple[str, ...] = ()):
        schema = _as_iso(schema)
        _refuse_foreign_xslt(schema)
        binding = (schema.get("queryBinding") or "").strip().lower()
        if binding in XPATH1_BINDINGS:
            self._engine = _Xslt1(schema, parameters)
        elif binding in XPATH2_BINDINGS:
            if parameters:
                raise SchematronError("parameters are supported for XPath 1.0 rules only")
            self._engine = _Saxon(schema)
        else:
            raise SchematronError(f'queryBinding "{binding}" is not supported (xslt, xslt2, xslt3 and the xpath ones '
                                  "are)")
        self.binding = binding or "xslt"

    def check(self, source: Source, parameters: dict[str, str] | None = None) -> list[Finding]:
        return self._engine.check(source, parameters or {})

    def problems(self, source: Source, parameters: dict[str, str] | None = None) -> list[Problem]:
        return [source.problem(f.node, f.message, f.rule, f.severity, kind="rule")
                for f in self.check(source, parameters)]


def extract_embedded(grammar: etree._Element) -> etree._Element | None:
    """The Schematron rules a RELAX NG grammar carries (ISO elements anywhere in it), as one schema: each
    pattern as it stands, each rule outside a pattern in a pattern of its own. None when it carries none. Their
    queryBinding is XSLT 2.0 unless an embedded schema element says otherwise (as TEI ODDs do, they use XPath 2)."""
    found = [e for e in grammar.iter(S + "ns", S + "let", S + "pattern", S + "rule", S + "phase", S + "diagnostics",
                                     S + "schema", X + "key", X + "function")
             if not any(a.tag in (S + "pattern", S + "schema", S + "phase", S + "diagnostics", X + "function",
                                  X + "key") for a in e.iterancestors())]
    if not any(e.tag in (S + "pattern", S + "rule") or e.tag == S + "schema" and e.find(S + "pattern") is not None
               for e in found):
        return None
    schema = etree.Element(S + "schema", queryBinding="xslt2", nsmap={"sch": SCH_NS, "xsl": XSL_NS})
    for element in found:
        if element.tag == S + "schema":
            if element.get("queryBinding"):
                schema.set("queryBinding", element.get("queryBinding"))
            for child in element:
                schema.append(_copy(child))
        elif element.tag == S + "rule":
            pattern = etree.SubElement(schema, S + "pattern")
            pattern.append(_copy(element))
        else:
            schema.append(_copy(element))
    # ns declarations first, lets before patterns: the order Schematron prescribes
    order = {S + "ns": 0, S + "let": 1, X + "key": 1, X + "function": 1, S + "phase": 2, S + "pattern": 3}
    schema[:] = sorted(schema, key=lambda e: order.get(e.tag, 4))
    return schema


def _copy(element: etree._Element) -> etree._Element:
    copied = etree.fromstring(etree.tostring(element))  # keeps the namespace declarations it uses
    copied.tail = None
    return copied


def _as_iso(schema: etree._Element) -> etree._Element:
    """A Schematron 1.5 schema read as ISO (its elements are a subset); an ISO one as it is."""
    if schema.tag == f"{{{SCH15_NS}}}schema":
        text = etree.tostring(schema).replace(SCH15_NS.encode(), SCH_NS.encode())
        schema = etree.fromstring(text, etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False))
    if schema.tag != S + "schema":
        raise SchematronError(f"not a Schematron schema (root element <{etree.QName(schema).localname}>)")
    return schema


def _refuse_foreign_xslt(schema: etree._Element) -> None:
    for element in schema.iter(*(X + name for name in _FORBIDDEN_XSLT)):
        raise SchematronError(f"xsl:{etree.QName(element).localname} in a Schematron schema is not supported "
                              "(it would read or write files)")
    for element in schema.iter(S + "include", S + "extends"):
        if element.get("href"):
            raise SchematronError(f"sch:{etree.QName(element).localname} href=\"{element.get('href')}\" was not "
                                  "resolved")


def severity(role: str | None) -> str:
    return "warning" if (role or "").strip().lower() in WARNING_ROLES else "error"


# ===== XPath 1.0: lxml's ISO skeleton on libxslt =====

class _Xslt1:
    def __init__(self, schema: etree._Element, parameters: tuple[str, ...]):
        try:
            compiled = isoschematron.Schematron(schema, include=False, store_xslt=True).validator_xslt.getroot()
        except (etree.SchematronParseError, etree.XSLTParseError, etree.XSLTApplyError) as error:
            raise SchematronError(f"the Schematron schema does not compile: {_one_line(error)}") from None
        for variable in compiled.iterchildren(X + "variable"):
            if variable.get("name") in parameters:
                variable.tag = X + "param"
        for unread in list(compiled.iter(f"{{{SVRL_NS}}}fired-rule", f"{{{SVRL_NS}}}active-pattern")):
            unread.getparent().remove(unread)
        if all(element_context(rule.get("context") or "") for rule in schema.iter(S + "rule")):
            for walk in compiled.iter(X + "apply-templates"):
                if walk.get("select") == "@*|*|comment()|processing-instruction()":
                    walk.set("select", "*")  # every context is an element: the pass visits elements only
        # the failing node itself, handed to Python, instead of an XPath built by counting preceding siblings
        for location in compiled.iter(X + "attribute"):
            if location.get("name") == "location":
                location[:] = [etree.Element(X + "value-of", select="locate:node(.)", nsmap={"locate": LOCATE_NS})]
        self.located: list = []
        try:
            self.transform = etree.XSLT(compiled, access_control=etree.XSLTAccessControl.DENY_ALL,
                                        extensions={(LOCATE_NS, "node"): self._locate})
        except etree.XSLTParseError as error:
            raise SchematronError(f"the Schematron schema does not compile: {_one_line(error)}") from None

    def _locate(self, _context, nodes) -> str:
        self.located.append(nodes[0] if nodes else None)
        return str(len(self.located) - 1)

    def check(self, source: Source, parameters: dict[str, str]) -> list[Finding]:
        self.located = []
        try:
            report = self.transform(source.tree, **{name: etree.XSLT.strparam(value)
                                                    for name, value in parameters.items()})
        except etree.XSLTApplyError as error:
            raise SchematronError(f"the Schematron rules failed: {_one_line(error)}") from None
        findings = []
        for failure in report.getroot().iterchildren(f"{{{SVRL_NS}}}failed-assert",
                                                     f"{{{SVRL_NS}}}successful-report"):
            index = failure.get("location", "")
            node = self.located[int(index)] if index.isdigit() and int(index) < len(self.located) else None
            message = " ".join(failure.findtext(f"{{{SVRL_NS}}}text", "").split())
            findings.append(Finding(_element_of(node, source), message, failure.get("id", ""),
                                    severity(failure.get("role"))))
        self.located = []
        return findings


def _element_of(node, source: Source):
    """The element a finding is reported at: an attribute's or a text's parent; the root for the document."""
    if isinstance(node, etree._Element) and isinstance(node.tag, str):
        return node
    parent = node.getparent() if hasattr(node, "getparent") else None
    return parent if parent is not None else source.root


def element_context(context: str) -> bool:
    """Whether a rule context can match elements only: outside its predicates, no attribute, text, comment,
    processing-instruction or node() step, and not the document node."""
    outside = context
    while True:
        inner = re.sub(r"\[[^\[\]]*\]", "", outside)
        if inner == outside:
            break
        outside = inner
    return not re.search(r"@|attribute::|namespace::|text\(|comment\(|processing-instruction\(|node\(|^\s*/\s*$",
                         outside)


# ===== XPath 2.0 and later: compiled here to XSLT 3.0, run by Saxon =====

_PROCESSOR = None


def _processor():
    """One Saxon processor for Schematron per process, closed to every URI before anything is compiled."""
    global _PROCESSOR
    if _PROCESSOR is None:
        from saxonche import PySaxonProcessor
        _PROCESSOR = PySaxonProcessor(license=False)
        _PROCESSOR.set_configuration_property(_ALLOWED_PROTOCOLS, "")
    return _PROCESSOR


class _Saxon:
    def __init__(self, schema: etree._Element):
        from saxonche import PySaxonApiError
        self.stylesheet = compile_to_xslt(schema)
        text = etree.tostring(self.stylesheet, encoding="unicode")
        processor = _processor()
        try:
            self.executable = processor.new_xslt30_processor().compile_stylesheet(stylesheet_text=text)
        except PySaxonApiError as error:
            raise SchematronError(f"the Schematron schema does not compile: {_one_line(error)}") from None
        self.executable.set_save_xsl_message(False, None)

    def check(self, source: Source, parameters: dict[str, str]) -> list[Finding]:
        from saxonche import PySaxonApiError
        processor = _processor()
        document = processor.parse_xml(xml_text=source.xml_text())
        self.executable.set_global_context_item(xdm_item=document)
        try:
            text = self.executable.apply_templates_returning_string(xdm_value=document)
        except PySaxonApiError as error:
            raise SchematronError(f"the Schematron rules failed: {_one_line(error)}") from None
        report = etree.fromstring(text.encode("utf-8"), etree.XMLParser(resolve_entities=False, no_network=True,
                                                                        load_dtd=False, huge_tree=True))
        index = _PathIndex(source.root)
        return [Finding(index.element(f.get("path", "")), " ".join((f.text or "").split()), f.get("id", ""),
                        severity(f.get("role"))) for f in report]


class _PathIndex:
    """Elements by the path fn:path() gives (/Q{uri}name[n]/...), each parent's children indexed once."""

    _STEP = re.compile(r"Q\{([^}]*)\}([^\[/]+)\[(\d+)\]")
    # one step of fn:path(): an element (Q{uri}local[n]), an attribute (@Q{uri}local or @local), another node
    _STEPS = re.compile(r"/(Q\{[^}]*\}[^/\[]+\[\d+\]|@Q\{[^}]*\}[^/]*|[^/]*)")

    def __init__(self, root: etree._Element):
        self.root = root
        self.children: dict = {}

    def element(self, path: str):
        steps = [m.group(1) for m in self._STEPS.finditer(path)]
        if not steps or not steps[0]:
            return self.root
        node = None
        for step in steps:
            match = self._STEP.fullmatch(step)
            if not match:
                break  # an attribute, text or comment step: its element is where the finding is
            uri, local, number = match.group(1), match.group(2), int(match.group(3))
            if node is None:
                if (etree.QName(self.root).namespace or "", etree.QName(self.root).localname) != (uri, local):
                    return self.root
                node = self.root
                continue
            found = self._indexed(node).get((uri, local, number))
            if found is None:
                break
            node = found
        return node if node is not None else self.root

    def _indexed(self, parent: etree._Element) -> dict:
        if parent not in self.children:
            counts: dict = {}
            table = {}
            for child in parent.iterchildren(etree.Element):
                name = etree.QName(child)
                key = (name.namespace or "", name.localname)
                counts[key] = counts.get(key, 0) + 1
                table[key + (counts[key],)] = child
            self.children[parent] = table
        return self.children[parent]


def compile_to_xslt(schema: etree._Element) -> etree._Element:
    """An ISO Schematron schema (XPath 2.0 or later) as an XSLT 3.0 stylesheet that outputs one <f> element per
    failed assert or successful report, with its id, role, fn:path() and message.

    One walk visits every element (and, when a rule context may match other nodes, every node); at each node
    each active pattern applies its first matching rule, as Schematron prescribes: a pattern is a mode whose rule
    templates have decreasing priorities, and a node no rule matches is skipped."""
    schema = _expanded(schema)
    namespaces = {ns.get("prefix"): ns.get("uri") for ns in schema.iter(S + "ns")}
    for reserved in ("xsl", "xs", "e"):
        if reserved in namespaces and namespaces[reserved] != {"xsl": XSL_NS, "xs": "http://www.w3.org/2001/XMLSchema",
                                                                "e": "urn:x-edition:schematron"}[reserved]:
            raise SchematronError(f'the prefix "{reserved}" is reserved in Schematron compiled here')
    nsmap = {"xsl": XSL_NS, "xs": "http://www.w3.org/2001/XMLSchema", "e": "urn:x-edition:schematron", **namespaces}
    stylesheet = etree.Element(X + "stylesheet", version="3.0", nsmap=nsmap)
    stylesheet.set("exclude-result-prefixes", "#all")
    etree.SubElement(stylesheet, X + "output", method="xml", indent="no")
    for foreign in schema.iterchildren(X + "key", X + "function"):
        stylesheet.append(_copy(foreign))
    active = _active_patterns(schema)
    diagnostics = {d.get("id"): d for d in schema.iter(S + "diagnostic") if d.get("id")}
    for let in schema.iterchildren(S + "let"):
        stylesheet.append(_variable(let))
    for phase_let in _active_phase_lets(schema):
        stylesheet.append(_variable(phase_let))
    patterns = [p for p in schema.iterchildren(S + "pattern") if active is None or p.get("id") in active]
    contexts = [rule.get("context", "") for p in patterns for rule in p.iterchildren(S + "rule")]
    walk_all = not all(element_context(c) or c.strip() == "/" for c in contexts)

    root = etree.SubElement(stylesheet, X + "template", match="/")
    report = etree.SubElement(root, "report")
    etree.SubElement(report, X + "apply-templates", select=".", mode="e:walk")
    walk = etree.SubElement(stylesheet, X + "template", match="document-node()|*" if not walk_all else "node()|@*",
                            mode="e:walk")
    for number in range(len(patterns)):
        etree.SubElement(walk, X + "apply-templates", select=".", mode=f"e:p{number}")
    etree.SubElement(walk, X + "apply-templates", select="*" if not walk_all else "@*|node()", mode="e:walk")
    etree.SubElement(stylesheet, X + "mode", name="e:walk", **{"on-no-match": "deep-skip"})

    for number, pattern in enumerate(patterns):
        mode = f"e:p{number}"
        etree.SubElement(stylesheet, X + "mode", name=mode, **{"on-no-match": "deep-skip"})
        for let in pattern.iterchildren(S + "let"):
            stylesheet.append(_variable(let))
        rules = list(pattern.iterchildren(S + "rule"))
        for position, rule in enumerate(rules):
            if not rule.get("context"):
                raise SchematronError("a rule without a context")
            template = etree.SubElement(stylesheet, X + "template", match=rule.get("context"), mode=mode,
                                        priority=str(len(rules) - position))
            # a test that raises an error (a cast that fails on this document) is a finding, not a crash
            attempt = etree.SubElement(template, X + "try")
            for child in rule:
                if child.tag == S + "let":
                    attempt.append(_variable(child))
                elif child.tag in (S + "assert", S + "report"):
                    attempt.append(_check(child, diagnostics))
            failed = etree.SubElement(etree.SubElement(attempt, X + "catch"), "f")
            etree.SubElement(failed, X + "attribute", name="path", select="path()")
            etree.SubElement(failed, X + "value-of", select=f"'The rule for ' || {_string(rule.get('context'))} || "
                                                            "' cannot be evaluated here: ' || "
                                                            "$Q{http://www.w3.org/2005/xqt-errors}description")
    return stylesheet


def _string(text: str) -> str:
    """An XPath string literal."""
    return "'" + text.replace("'", "''") + "'"


def _variable(let: etree._Element) -> etree._Element:
    if let.get("value") is None:
        raise SchematronError(f'sch:let "{let.get("name")}" without a value attribute is not supported')
    return etree.Element(X + "variable", name=let.get("name"), select=let.get("value"))


def _check(test: etree._Element, diagnostics: dict) -> etree._Element:
    is_assert = test.tag == S + "assert"
    if not test.get("test"):
        raise SchematronError("an assert or report without a test")
    condition = etree.Element(X + "if", test=f"not({test.get('test')})" if is_assert else test.get("test"))
    found = etree.SubElement(condition, "f")
    for name in ("id", "role"):
        if test.get(name):
            etree.SubElement(found, X + "attribute", name=name).text = test.get(name)
    etree.SubElement(found, X + "attribute", name="path", select="path()")
    _message(test, found)
    for reference in (test.get("diagnostics") or "").split():
        if reference in diagnostics:
            etree.SubElement(found, X + "text").text = " "
            _message(diagnostics[reference], found)
    return condition


def _message(source: etree._Element, target: etree._Element) -> None:
    """Text, sch:name and sch:value-of as XSLT; other markup gives its text."""
    def text(value: str | None):
        if value:
            etree.SubElement(target, X + "text").text = value
    text(source.text)
    for child in source:
        if child.tag == S + "name":
            etree.SubElement(target, X + "value-of", select=f"name({child.get('path') or '.'})")
        elif child.tag == S + "value-of":
            etree.SubElement(target, X + "value-of", select=child.get("select") or "''")
        elif isinstance(child.tag, str):
            _message(child, target)
        text(child.tail)


def _expanded(schema: etree._Element) -> etree._Element:
    """Abstract patterns and abstract rules instantiated (ISO Schematron 6.3 and 5.4.3), by copying."""
    schema = _copy(schema)
    abstract_patterns = {p.get("id"): p for p in schema.iterchildren(S + "pattern") if p.get("abstract") == "true"}
    abstract_rules = {r.get("id"): r for r in schema.iter(S + "rule") if r.get("abstract") == "true"}
    for pattern in list(schema.iterchildren(S + "pattern")):
        if pattern.get("abstract") == "true":
            schema.remove(pattern)
        elif pattern.get("is-a"):
            template = abstract_patterns.get(pattern.get("is-a"))
            if template is None:
                raise SchematronError(f'pattern is-a="{pattern.get("is-a")}": no such abstract pattern')
            values = {p.get("name"): p.get("value", "") for p in pattern.iterchildren(S + "param")}
            instance = _copy(template)
            del instance.attrib["abstract"]
            if pattern.get("id"):
                instance.set("id", pattern.get("id"))
            else:
                instance.attrib.pop("id", None)
            for element in instance.iter(etree.Element):
                for name in ("context", "test", "select", "path", "value"):
                    if element.get(name) is not None:
                        element.set(name, _substitute(element.get(name), values))
            pattern.getparent().replace(pattern, instance)
    for rule in list(schema.iter(S + "rule")):
        if rule.get("abstract") == "true":
            rule.getparent().remove(rule)
            continue
        for extends in list(rule.iterchildren(S + "extends")):
            base = abstract_rules.get(extends.get("rule"))
            if base is None:
                raise SchematronError(f'extends rule="{extends.get("rule")}": no such abstract rule')
            position = rule.index(extends)
            rule[position:position + 1] = [_copy(child) for child in base if isinstance(child.tag, str)]
    return schema


def _substitute(text: str, values: dict[str, str]) -> str:
    for name in sorted(values, key=len, reverse=True):
        text = re.sub(rf"\${re.escape(name)}(?![\w.\-])", lambda _m, v=values[name]: v, text)
    return text


def _active_patterns(schema: etree._Element) -> set[str] | None:
    phase = schema.get("defaultPhase")
    if not phase or phase == "#ALL":
        return None
    found = [p for p in schema.iterchildren(S + "phase") if p.get("id") == phase]
    if not found:
        raise SchematronError(f'defaultPhase "{phase}": no such phase')
    return {active.get("pattern") for active in found[0].iterchildren(S + "active")}


def _active_phase_lets(schema: etree._Element) -> list[etree._Element]:
    phase = schema.get("defaultPhase")
    return [let for p in schema.iterchildren(S + "phase") if p.get("id") == phase for let in p.iterchildren(S + "let")]


def _one_line(error: Exception) -> str:
    return " ".join(str(error).split())[:500]

