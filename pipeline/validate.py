"""Validation: the project's RELAX NG grammar and Schematron rules, or another RELAX NG grammar.

Both are compiled once per process and applied to trees the hardened loader produced. Every finding is a
Problem with FILE:LINE:COL and, for Schematron, the rule id.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from lxml import etree, isoschematron

from . import resources
from .xmlload import XML_ID, Problem, Source

SVRL_NS = "http://purl.oclc.org/dsdl/svrl"
XSL_NS = "http://www.w3.org/1999/XSL/Transform"
# Values the Schematron rules need from outside the document; see schema/edition.sch.
_SCHEMATRON_PARAMETERS = ("file-name", "document-ids", "register-ids")


@lru_cache(maxsize=None)
def _grammar(path: Path) -> etree.RelaxNG:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    return etree.RelaxNG(etree.parse(str(path), parser))


@lru_cache(maxsize=1)
def _schematron() -> etree.XSLT:
    """The rules compiled to XSLT, with the schema-level lets turned into stylesheet parameters."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    rules = etree.parse(str(resources.schema("edition.sch")), parser)
    compiled = isoschematron.Schematron(rules, store_xslt=True).validator_xslt.getroot()
    for variable in compiled.iterchildren(f"{{{XSL_NS}}}variable"):
        if variable.get("name") in _SCHEMATRON_PARAMETERS:
            variable.tag = f"{{{XSL_NS}}}param"
    access = etree.XSLTAccessControl.DENY_ALL
    return etree.XSLT(compiled, access_control=access)


def schematron_rule_ids() -> list[str]:
    rules = etree.parse(str(resources.schema("edition.sch")))
    return sorted(rules.xpath("//sch:assert/@id | //sch:report/@id",
                              namespaces={"sch": "http://purl.oclc.org/dsdl/schematron"}))


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
        grammar = _grammar(self.grammar_path)
        if grammar.validate(source.tree):
            return []
        problems = []
        for entry in grammar.error_log:
            line = entry.line or 1
            column = entry.column or self._first_column(source, line)
            problems.append(Problem(source.name, line, column, _tidy(entry.message)))
        return problems

    @staticmethod
    def _first_column(source: Source, line: int) -> int:
        for element in source.root.iter():
            if element.sourceline == line:
                return source.column_of(element)
        return 1

    def _rule_problems(self, source: Source, register_ids: frozenset[str]) -> list[Problem]:
        document_ids = source.root.xpath("//@xml:id")
        report = _schematron()(
            source.tree,
            **{"file-name": etree.XSLT.strparam(source.path.stem),
               "document-ids": etree.XSLT.strparam(" " + " ".join(document_ids) + " "),
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
