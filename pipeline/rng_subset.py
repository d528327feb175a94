"""Reduce a RELAX NG grammar to a set of elements (one reducer: Reducer, below).

Every element outside the set becomes `notAllowed`, the grammar is simplified (RELAX NG's own rules for
`notAllowed` and `empty`) and what is no longer reachable from `start` is dropped. Removing choices only
narrows the language, so the result is a strict subset of the input grammar; and a document that uses only
elements of the set is valid under the subset exactly when it is valid under the whole grammar. The validator
reduces another grammar (TEI all) to each document's elements this way; and the project's schema is made so
from the TEI all-modules grammar:

    python -m pipeline.rng_subset TEI_ALL.rng schema/edition-elements.txt > schema/edition.rng
"""

from __future__ import annotations

import copy
import sys
from pathlib import Path

from lxml import etree

RNG_NS = "http://relaxng.org/ns/structure/1.0"
R = f"{{{RNG_NS}}}"

def _strip_annotations(grammar: etree._Element) -> None:
    for node in list(grammar.iter()):
        if not isinstance(node.tag, str):
            if node.getparent() is not None and not isinstance(node, etree._Entity):
                _remove(node)
        elif not node.tag.startswith(R):  # foreign elements are annotations (RELAX NG 4.1)
            _remove(node)
    for node in grammar.iter():
        for attribute in list(node.attrib):
            if attribute.startswith("{"):
                del node.attrib[attribute]
        if node.tag.startswith(R) and node.tag not in (R + "value", R + "param", R + "name"):
            node.text = None
        node.tail = None


def _remove(node) -> None:
    parent = node.getparent()
    if parent is not None:
        parent.remove(node)


def _kind(node) -> str:
    return node.tag[len(R):] if isinstance(node.tag, str) and node.tag.startswith(R) else ""


class ReductionUnsupported(ValueError):
    """A grammar the Reducer does not take apart (includes, external references, divs, combined defines)."""


# Leaves, and value patterns (whose text is their content).
_OPAQUE = frozenset(("text", "empty", "notAllowed", "value"))
_REPEATS = frozenset(("oneOrMore", "zeroOrMore", "optional"))
# A repetition of a repetition: the one repetition it is equal to (any other pair is zeroOrMore).
_NESTED_REPEAT = {("oneOrMore", "oneOrMore"): "oneOrMore", ("optional", "optional"): "optional"}
_UNSUPPORTED = frozenset(("include", "externalRef", "parentRef", "grammar", "div"))
_KNOWN = frozenset(("start", "define", "element", "attribute", "group", "interleave", "choice", "optional",
                    "zeroOrMore", "oneOrMore", "list", "mixed", "ref", "parentRef", "empty", "text", "value", "data",
                    "notAllowed", "externalRef", "grammar", "param", "except", "div", "include", "name", "anyName",
                    "nsName"))


class Reducer:
    """A grammar prepared once (annotations stripped, inherited `ns` made explicit, the reference graph between
    defines worked out) and then reduced to many element sets, each reduction touching only the defines the
    document can reach.

    `reduce(keep)` gives a grammar in which every define of a named element outside `keep` (by local name) is
    `notAllowed`: the same language as the whole grammar for documents that use only elements of `keep`, since
    such a document can match no element pattern outside `keep`. Elements with a name class (`anyName`,
    `nsName`) are never dropped.
    """

    def __init__(self, grammar: etree._Element):
        if grammar.tag != R + "grammar":
            raise ReductionUnsupported("not a RELAX NG grammar in the XML syntax")
        grammar = copy.deepcopy(grammar)
        _strip_annotations(grammar)
        kinds = {_kind(node) for node in grammar.iter() if node is not grammar}
        if kinds - _KNOWN:  # not RELAX NG: libxml2 says what, compiling the grammar whole
            raise ReductionUnsupported(f"unknown RELAX NG elements: {', '.join(sorted(kinds - _KNOWN))}")
        unsupported = sorted(kinds & _UNSUPPORTED)
        if unsupported:
            raise ReductionUnsupported(f"the grammar has {unsupported[0]} elements")
        _explicit_namespaces(grammar)
        self.root_attributes = dict(grammar.attrib)
        self.nsmap = dict(grammar.nsmap)
        self.defines: dict[str, etree._Element] = {}
        self.start = None
        for child in grammar:
            if child.get("combine") is not None:
                raise ReductionUnsupported("the grammar combines defines")
            if child.tag == R + "start":
                if self.start is not None:
                    raise ReductionUnsupported("the grammar has more than one start")
                self.start = child
            elif child.tag == R + "define":
                if child.get("name") in self.defines:
                    raise ReductionUnsupported(f"define {child.get('name')} is given twice")
                self.defines[child.get("name")] = child
            else:
                raise ReductionUnsupported(f"unexpected {child.tag} in the grammar")
        if self.start is None:
            raise ReductionUnsupported("the grammar has no start")
        # Simplified once here, so that a reduction simplifies again only the defines that refer to a dropped element.
        refs = {name: frozenset(r.get("name") for r in define.iter(R + "ref")) for name, define in self.defines.items()}
        never = _simplify_defines(self.defines, refs, set(), list(self.defines))
        for name in never:
            grammar.remove(self.defines.pop(name))
        _simplify_pattern(self.start, never)
        # define name -> (namespace, local name) of the element it defines
        self.element_of = {name: _qname(define[0]) for name, define in self.defines.items()
                           if len(define) == 1 and _kind(define[0]) == "element" and define[0].get("name")}
        self.element_names = frozenset(local for _, local in self.element_of.values())
        self.refs = {name: frozenset(r.get("name") for r in define.iter(R + "ref"))
                     for name, define in self.defines.items()}
        self.start_refs = frozenset(r.get("name") for r in self.start.iter(R + "ref"))
        self.start_elements = self._start_elements()

    def reduce(self, keep) -> etree._Element:
        """The grammar for documents whose elements all have local names in `keep`."""
        return self._reduce(keep)[0]

    def unsatisfiable(self, keep) -> dict[tuple[str, str], list[str]]:
        """The elements named in `keep` that no document using only the elements of `keep` can hold, by
        (namespace, local name), each with the local names of the elements its content lacks (one of them is
        required). A reduction whose start is notAllowed leaves libxml2 nothing to say: this says it."""
        _, never = self._reduce(keep)
        blocked: dict[tuple[str, str], set[str]] = {}
        alive = set()
        for name, qname in self.element_of.items():
            if qname[1] not in keep:
                continue
            if name not in never:
                alive.add(qname)
            else:
                blocked.setdefault(qname, set()).update(self._lacking(self.defines[name][0], never))
        return {qname: sorted(names) for qname, names in blocked.items() if qname not in alive}

    def _reduce(self, keep) -> tuple[etree._Element, set[str]]:
        dropped = {name for name, (_, local) in self.element_of.items() if local not in keep}
        reached = self._reachable(self.start_refs, dropped)
        grammar = etree.Element(R + "grammar", self.root_attributes, nsmap=self.nsmap)
        start = copy.deepcopy(self.start)
        grammar.append(start)
        copies = {}
        for name, define in self.defines.items():  # in the grammar's order, so equal sets give equal files
            if name in reached:
                copies[name] = copy.deepcopy(define)
                grammar.append(copies[name])
        referring = [name for name in copies if self.refs[name] & dropped]
        never = set(dropped) | _simplify_defines(copies, self.refs, dropped, referring)
        _simplify_pattern(start, never)
        for name in never:
            if name in copies:
                grammar.remove(copies.pop(name))
        # what is left that start still reaches
        live = self._reachable({r.get("name") for r in start.iter(R + "ref")}, set(),
                               lambda name: {r.get("name") for r in copies[name].iter(R + "ref")}
                               if name in copies else ())
        for name, define in copies.items():
            if name not in live:
                grammar.remove(define)
        return grammar, never

    def _reachable(self, roots, dropped, refs_of=None) -> set[str]:
        refs_of = refs_of or (lambda name: self.refs.get(name, ()))
        reached: set[str] = set()
        pending = [name for name in roots if name not in dropped]
        while pending:
            name = pending.pop()
            if name in reached:
                continue
            reached.add(name)
            pending.extend(target for target in refs_of(name) if target not in reached and target not in dropped)
        return reached

    def _start_elements(self) -> frozenset[tuple[str, str]] | None:
        """(namespace, local name) of the elements a document may start with; None when a name class is one."""
        names = set()
        pending, seen = [self.start], set()
        while pending:
            for child in pending.pop():
                kind = _kind(child)
                if kind == "element":
                    if child.get("name") is None:
                        return None
                    names.add(_qname(child))
                elif kind == "ref" and child.get("name") not in seen:
                    seen.add(child.get("name"))
                    pending.append(self.defines[child.get("name")])
                elif kind != "ref":
                    pending.append(child)
        return frozenset(names)

    def _lacking(self, node, never) -> set[str]:
        """For a pattern that cannot match (given the `never` defines): the local names of the elements, one of
        which it would need, in its first part that cannot match."""
        kind = _kind(node)
        if kind == "ref":
            name = node.get("name")
            if name in self.element_of:
                return {self.element_of[name][1]}
            return self._lacking(self.defines[name], never)
        children = list(node)[1:] if kind in ("element", "attribute") and node.get("name") is None else list(node)
        dead = [child for child in children if _dead(child, never)]
        if kind == "choice":
            return set().union(*(self._lacking(child, never) for child in dead))
        return self._lacking(dead[0], never) if dead else set()


def _simplify_defines(defines: dict[str, etree._Element], refs: dict[str, frozenset[str]], never: set[str],
                      pending: list[str]) -> set[str]:
    """Simplify the `pending` defines (in place) given the `never` ones; a define that becomes notAllowed makes
    those that refer to it simplify again. Returns the defines that became notAllowed."""
    users: dict[str, list[str]] = {}
    for name in defines:
        for target in refs[name]:
            users.setdefault(target, []).append(name)
    never, became = set(never), set()
    queued = set(pending)
    pending = list(pending)
    while pending:
        name = pending.pop()
        queued.discard(name)
        _simplify_pattern(defines[name], never)
        if _is_not_allowed(defines[name]) and name not in never:
            never.add(name)
            became.add(name)
            for user in users.get(name, ()):
                if user not in queued:
                    queued.add(user)
                    pending.append(user)
    return became


def _qname(element: etree._Element) -> tuple[str, str]:
    """(namespace, local name) of a named element pattern whose `ns` is explicit."""
    name = element.get("name").strip()
    if ":" in name:
        prefix, local = name.split(":", 1)
        return element.nsmap.get(prefix, "http://www.w3.org/XML/1998/namespace" if prefix == "xml" else ""), local
    return element.get("ns", ""), name


def _dead(node, never) -> bool:
    """Whether a pattern can match nothing when the defines in `never` are notAllowed."""
    kind = _kind(node)
    if kind == "ref":
        return node.get("name") in never
    if kind == "notAllowed":
        return True
    if kind in _OPAQUE or kind in ("data", "zeroOrMore", "optional"):
        return False
    children = list(node)[1:] if kind in ("element", "attribute") and node.get("name") is None else list(node)
    if kind == "choice":
        return all(_dead(child, never) for child in children)
    return any(_dead(child, never) for child in children)


def _explicit_namespaces(grammar: etree._Element) -> None:
    """Give every pattern that uses the inherited `ns` (named elements, name classes, values) its own, and drop
    it elsewhere, so that a pattern keeps its meaning when simplification lifts it out of its parent."""
    def visit(node, inherited):
        own = node.get("ns")
        current = own if own is not None else inherited
        kind = _kind(node)
        if kind in ("name", "nsName", "value") or kind == "element" and node.get("name") is not None:
            node.set("ns", current)
        elif kind != "attribute" and node is not grammar and own is not None:
            del node.attrib["ns"]
        if kind in ("data", "value") and node.get("datatypeLibrary") is None:
            library = next((a.get("datatypeLibrary") for a in node.iterancestors()
                            if a.get("datatypeLibrary") is not None), "")
            if kind == "data" or node.get("type") is not None:
                node.set("datatypeLibrary", library)
        for child in node:
            visit(child, current)
    visit(grammar, "")
    for node in grammar.iter():
        if node is not grammar and _kind(node) not in ("data", "value") and "datatypeLibrary" in node.attrib:
            del node.attrib["datatypeLibrary"]


def _is_not_allowed(define: etree._Element) -> bool:
    return len(define) == 1 and define[0].tag == R + "notAllowed"


def _new(kind: str) -> etree._Element:
    return etree.Element(R + kind)


def _simplify_pattern(node: etree._Element, never: set[str]) -> etree._Element:
    """Simplify a pattern in place, bottom up (RELAX NG's rules for notAllowed and empty, one-child groups and
    choices, nested choices and repetitions); returns what now stands in its place."""
    kind = node.tag[len(R):]
    if kind == "ref":
        if node.get("name") in never:
            return _swap(node, _new("notAllowed"))
        return node
    if kind in _OPAQUE:
        return node
    if kind == "data":  # its `except` is a choice: what can never match excludes nothing
        for exception in list(node.iterchildren(R + "except")):
            for child in list(exception):
                simplified = _simplify_pattern(child, never)
                if _kind(simplified) == "notAllowed":
                    exception.remove(simplified)
            if not len(exception):
                node.remove(exception)
        return node
    children = list(node)
    first = 0
    if kind in ("element", "attribute") and node.get("name") is None:
        first = 1  # the name class
    content = [_simplify_pattern(child, never) for child in children[first:]]
    kinds = [c.tag[len(R):] for c in content]
    if kind == "choice":
        for child, child_kind in zip(content, kinds):
            if child_kind == "notAllowed":
                node.remove(child)
            elif child_kind == "choice":  # a choice in a choice is one choice
                index = node.index(child)
                node[index:index + 1] = list(child)
        remaining = list(node)
        if not remaining:
            return _swap(node, _new("notAllowed"))
        if len(remaining) == 1:
            return _swap(node, remaining[0])
        return node
    if kind in ("element", "attribute"):
        if "notAllowed" in kinds:
            return _swap(node, _new("notAllowed"))
        _drop_empty(node, content, kinds)
        return node
    # group-like: the children are a group
    if "notAllowed" in kinds:
        if kind in ("zeroOrMore", "optional"):
            return _swap(node, _new("empty"))
        if kind in ("define", "start"):
            for child in content:
                node.remove(child)
            node.append(_new("notAllowed"))
            return node
        return _swap(node, _new("notAllowed"))
    _drop_empty(node, content, kinds)
    remaining = list(node)
    if kind in ("group", "interleave", "oneOrMore", "zeroOrMore", "optional") \
            and [_kind(c) for c in remaining] == ["empty"]:
        return _swap(node, remaining[0])
    if kind == "mixed" and [_kind(c) for c in remaining] == ["empty"]:
        return _swap(node, _new("text"))
    if kind in ("group", "interleave") and len(remaining) == 1:
        return _swap(node, remaining[0])
    if kind in _REPEATS and len(remaining) == 1 and _kind(remaining[0]) in _REPEATS:
        inner = remaining[0]
        replacement = _new(_NESTED_REPEAT.get((kind, _kind(inner)), "zeroOrMore"))
        replacement.extend(list(inner))
        return _swap(node, replacement)
    return node


def _drop_empty(node, content, kinds) -> None:
    """`empty` beside other patterns in a group adds nothing."""
    if "empty" in kinds and len(content) > 1:
        empties = [c for c, k in zip(content, kinds) if k == "empty"]
        for child in empties[:-1] if len(empties) == len(content) else empties:
            node.remove(child)


def _swap(old: etree._Element, new: etree._Element) -> etree._Element:
    parent = old.getparent()
    if parent is not None and new is not old:
        parent.replace(old, new)
    return new


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
    grammar = etree.parse(argv[0], etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)).getroot()
    reducer = Reducer(grammar)
    keep = read_element_list(Path(argv[1]))
    unknown = keep - reducer.element_names
    if unknown:
        print(f"elements not in the grammar: {', '.join(sorted(unknown))}", file=sys.stderr)
        return 1
    reduced = reducer.reduce(keep)
    etree.indent(reduced, space=" ")
    header = etree.Comment(
        f" Generated by pipeline.rng_subset from {Path(argv[0]).name} and {Path(argv[1]).name}: the TEI P5 "
        "all-modules grammar reduced to the edition's elements. Do not edit; regenerate. ")
    reduced.insert(0, header)
    sys.stdout.write(etree.tostring(reduced, encoding="unicode", xml_declaration=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
