"""Reduce a RELAX NG grammar to a set of elements.

Every element outside the set becomes `notAllowed`, the grammar is simplified (RELAX NG's own rules for
`notAllowed` and `empty`) and what is no longer reachable from `start` is dropped. Removing choices only
narrows the language, so the result is a strict subset of the input grammar; and a document that uses only
elements of the set is valid under the subset exactly when it is valid under the whole grammar.

The project's schema is made this way from the TEI all-modules grammar:

    python -m pipeline.rng_subset TEI_ALL.rng schema/edition-elements.txt > schema/edition.rng
"""

from __future__ import annotations

import sys
from pathlib import Path

from lxml import etree

RNG_NS = "http://relaxng.org/ns/structure/1.0"
R = f"{{{RNG_NS}}}"
_ANNOTATION_NAMESPACES = ("http://relaxng.org/ns/compatibility/annotations/1.0",
                          "http://purl.oclc.org/dsdl/schematron", "http://www.w3.org/1999/xhtml")


def element_defines(grammar: etree._Element) -> dict[str, str]:
    """Define name -> the local name of the element it defines (defines whose pattern is one element)."""
    result = {}
    for define in grammar.iterchildren(R + "define"):
        patterns = [child for child in define if child.tag.startswith(R)]
        if len(patterns) == 1 and patterns[0].tag == R + "element" and patterns[0].get("name"):
            result[define.get("name")] = patterns[0].get("name")
    return result


def subset(grammar: etree._Element, keep: set[str], start_elements: set[str] | None = None) -> etree._Element:
    """A copy of `grammar` that allows only the elements named in `keep` (by local name)."""
    grammar = etree.fromstring(etree.tostring(grammar))
    _strip_annotations(grammar)
    defines = element_defines(grammar)
    dropped = {name for name, element in defines.items() if element not in keep}
    if start_elements is not None:
        start = grammar.find(R + "start")
        for ref in start.iter(R + "ref"):
            if defines.get(ref.get("name")) not in start_elements:
                _replace(ref, etree.Element(R + "notAllowed"))
    for define in list(grammar.iterchildren(R + "define")):
        if define.get("name") in dropped:
            grammar.remove(define)
    for ref in list(grammar.iter(R + "ref")):
        if ref.get("name") in dropped:
            _replace(ref, etree.Element(R + "notAllowed"))
    _simplify(grammar)
    _drop_unreachable(grammar)
    return grammar


def _strip_annotations(grammar: etree._Element) -> None:
    for node in list(grammar.iter()):
        if not isinstance(node.tag, str):
            if node.getparent() is not None and not isinstance(node, etree._Entity):
                _remove(node)
        elif etree.QName(node).namespace in _ANNOTATION_NAMESPACES:
            _remove(node)
    for node in grammar.iter():
        for attribute in list(node.attrib):
            if attribute.startswith("{"):
                del node.attrib[attribute]
        if node.tag.startswith(R) and node.tag not in (R + "value", R + "param"):
            node.text = None
        node.tail = None


def _remove(node) -> None:
    parent = node.getparent()
    if parent is not None:
        parent.remove(node)


def _replace(old: etree._Element, new: etree._Element) -> None:
    parent = old.getparent()
    parent.replace(old, new)


def _kind(node) -> str:
    return node.tag[len(R):] if isinstance(node.tag, str) and node.tag.startswith(R) else ""


def _simplify(grammar: etree._Element) -> None:
    """Propagate notAllowed and empty until nothing changes."""
    while True:
        changed = False
        never = {define.get("name") for define in grammar.iterchildren(R + "define")
                 if [_kind(c) for c in define if _kind(c)] == ["notAllowed"]}
        for ref in list(grammar.iter(R + "ref")):
            if ref.get("name") in never:
                _replace(ref, etree.Element(R + "notAllowed"))
                changed = True
        # innermost first, so one pass settles most of the tree
        for node in reversed(list(grammar.iter())):
            if node is grammar or node.getparent() is None:
                continue
            kind = _kind(node)
            children = [c for c in node if _kind(c)]
            kinds = [_kind(c) for c in children]
            if kind == "choice":
                alive = [c for c in children if _kind(c) != "notAllowed"]
                if len(alive) != len(children):
                    for c in children:
                        if _kind(c) == "notAllowed" and alive:
                            node.remove(c)
                    if not alive:
                        _replace(node, etree.Element(R + "notAllowed"))
                    changed = True
                    continue
                if len(children) == 1:
                    _replace(node, children[0])
                    changed = True
            elif kind in ("group", "interleave", "oneOrMore", "list", "mixed"):
                if "notAllowed" in kinds:
                    _replace(node, etree.Element(R + "notAllowed"))
                    changed = True
                elif kind in ("group", "interleave") and "empty" in kinds and len(children) > 1:
                    for c in children:
                        if _kind(c) == "empty":
                            node.remove(c)
                    changed = True
            elif kind in ("zeroOrMore", "optional"):
                if kinds in (["notAllowed"], ["empty"]):
                    _replace(node, etree.Element(R + "empty"))
                    changed = True
            if node.getparent() is None:
                continue
            # repetition of a repetition, and empty or one-child groups: shapes libxml2 compiles slowly
            children = [c for c in node if _kind(c)]
            kinds = [_kind(c) for c in children]
            if kind in ("oneOrMore", "zeroOrMore", "optional", "group", "interleave", "define",
                        "list", "mixed") and "empty" in kinds and len(children) > 1:
                for c in children:
                    if _kind(c) == "empty":
                        node.remove(c)
                changed = True
            elif kind in ("oneOrMore", "zeroOrMore", "optional") and len(children) == 1 \
                    and kinds[0] in ("oneOrMore", "zeroOrMore"):
                inner = children[0]
                outer = "oneOrMore" if kind == "oneOrMore" and kinds[0] == "oneOrMore" else "zeroOrMore"
                replacement = etree.Element(R + outer)
                replacement.extend(list(inner))
                _replace(node, replacement)
                changed = True
            elif kind == "group" and len(children) == 1:
                _replace(node, children[0])
                changed = True
            elif kind in ("element", "attribute"):
                # the name class is the first child: only the content counts
                content = children[1:] if node.get("name") is None else children
                if "notAllowed" in [_kind(c) for c in content]:
                    _replace(node, etree.Element(R + "notAllowed"))
                    changed = True
            elif kind == "define" and len(children) > 1 and "notAllowed" in kinds:
                for c in children:
                    node.remove(c)
                node.append(etree.Element(R + "notAllowed"))
                changed = True
        if not changed:
            return


def _drop_unreachable(grammar: etree._Element) -> None:
    defines = {d.get("name"): d for d in grammar.iterchildren(R + "define")}
    reached: set[str] = set()
    pending = [grammar.find(R + "start")]
    while pending:
        node = pending.pop()
        for ref in node.iter(R + "ref"):
            name = ref.get("name")
            if name not in reached and name in defines:
                reached.add(name)
                pending.append(defines[name])
    for name, define in defines.items():
        if name not in reached:
            grammar.remove(define)


def read_element_list(path: Path) -> set[str]:
    names = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            names.add(line)
    return names


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 2:
        print("usage: python -m pipeline.rng_subset GRAMMAR.rng ELEMENTS.txt > SUBSET.rng", file=sys.stderr)
        return 2
    grammar = etree.parse(argv[0], etree.XMLParser(resolve_entities=False, no_network=True)).getroot()
    keep = read_element_list(Path(argv[1]))
    unknown = keep - set(element_defines(grammar).values())
    if unknown:
        print(f"elements not in the grammar: {', '.join(sorted(unknown))}", file=sys.stderr)
        return 1
    reduced = subset(grammar, keep, start_elements={"TEI"})
    etree.indent(reduced, space=" ")
    header = etree.Comment(
        f" Generated by pipeline.rng_subset from {Path(argv[0]).name} and {Path(argv[1]).name}: the TEI P5 "
        "all-modules grammar reduced to the edition's elements. Do not edit; regenerate. ")
    reduced.insert(0, header)
    sys.stdout.write(etree.tostring(reduced, encoding="unicode", xml_declaration=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
