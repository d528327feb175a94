"""A static Distributed Text Services (DTS 1.0) tree: entry point, collection, navigation and document files.

Citable units come from each header's `refsDecl/citeStructure` (unit, match, use, delim); a header that declares
none has the tree of its text's divisions (div, div1 ... div7: levels by nesting, identifiers from @n or position,
titles from head). The files are named
so that the URI templates of the entry point expand to them, in the style the specification gives for static
sites (`navigation/{resource}{;tree}{;down}{/ref}`); README.md in the tree documents the mapping. A static tree
is a Level 0 server: `start`/`end` ranges and `page` are not offered (those URLs are simply not found).

A header is untrusted: resource ids are document paths, and tree names and unit identifiers become file names
only when pipeline/names.py accepts them (others are left out with a warning). The XPath of `match` and `use`
is evaluated only within a budget: the expressions accepted (safe_xpath) are those whose cost grows with the
document, not with its square (no following/preceding axes, no descendant search inside a predicate or from
the root of a nested structure, few `//` steps, short), a document yields at most MAX_UNITS citable units, and
its citation trees are abandoned, with a warning, after MAX_SECONDS.
"""

from __future__ import annotations

import bisect
import copy
import json
import re
import time
import unicodedata
from dataclasses import dataclass, field

from lxml import etree

from . import metadata, names
from .xmlload import TEI_NS, Source

CONTEXT = "https://dtsapi.org/context/v1.0.json"
DTS_VERSION = "1.0"
DTS_NS = "https://w3id.org/api/dts#"
ROOT_ID = "edition"
# The budget of one document's citation trees (see the module's docstring).
MAX_UNITS = 20_000
MAX_SECONDS = 30.0
MAX_XPATH = 300  # characters of a match or use expression
MAX_STRUCTURES = 50  # citeStructure elements in a document
MAX_BYTES = 100_000_000  # of navigation and passage files for a document (a unit's file lists its siblings)
NS = {"tei": TEI_NS}
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@dataclass
class CiteStructure:
    unit: str
    match: str
    use: str
    delim: str
    children: list[CiteStructure] = field(default_factory=list)

    def as_json(self) -> dict:
        found = {"@type": "CiteStructure", "citeType": self.unit}
        children = _unique_json([c.as_json() for c in self.children])
        if children:
            found["citeStructure"] = children
        return found


@dataclass
class CitableUnit:
    identifier: str
    cite_type: str
    level: int
    parent: CitableUnit | None
    element: etree._Element
    context: etree._Element  # the element the unit was matched in: a milestone's passage ends with it
    children: list[CitableUnit] = field(default_factory=list)

    def as_json(self) -> dict:
        found = {"identifier": self.identifier, "@type": "CitableUnit", "level": self.level,
                 "parent": self.parent.identifier if self.parent else None, "citeType": self.cite_type}
        title = _head_of(self.element)
        if title:
            found["dublinCore"] = {"title": [_localised(title, self.element)]}
        return found

    def descendants(self) -> list[CitableUnit]:
        found = []
        for child in self.children:
            found += [child] + child.descendants()
        return found


@dataclass
class CitationTree:
    identifier: str | None  # None for the default (first) tree
    structures: list[CiteStructure]
    roots: list[CitableUnit]

    def units(self) -> list[CitableUnit]:
        found = []
        for root in self.roots:
            found += [root] + root.descendants()
        return found

    def depth(self) -> int:
        return max((u.level for u in self.units()), default=0)

    def as_json(self) -> dict:
        found = {"@type": "CitationTree", "citeStructure": _unique_json([s.as_json() for s in self.structures])}
        if self.identifier:
            found["identifier"] = self.identifier
        return found


def citation_trees(source: Source) -> tuple[list[CitationTree], list[str]]:
    """The document's citation trees, one per refsDecl that holds citeStructure, and warnings."""
    warnings: list[str] = []
    trees = []
    order = {element: index for index, element in enumerate(source.root.iter())}
    budget = _Budget()
    structure_count = len(source.root.xpath("tei:teiHeader/tei:encodingDesc/tei:refsDecl//tei:citeStructure",
                                            namespaces=NS))
    if structure_count > MAX_STRUCTURES:
        return [], [f"{structure_count} citeStructure elements, more than the export's budget of {MAX_STRUCTURES}: "
                    "no citation tree is offered"]
    for number, refs_decl in enumerate(source.root.xpath(
            "tei:teiHeader/tei:encodingDesc/tei:refsDecl[tei:citeStructure]", namespaces=NS), 1):
        structures = [_structure(s) for s in refs_decl.xpath("tei:citeStructure", namespaces=NS)]
        identifier = None
        if trees:
            identifier = refs_decl.get("n") or refs_decl.get("{http://www.w3.org/XML/1998/namespace}id") \
                or f"tree{number}"
            problem = names.name_problem(identifier)
            if problem:
                warnings.append(f'refsDecl "{names.readable(identifier[:100])}" cannot name a static file '
                                f'({problem}): its tree is named tree{number}')
                identifier = f"tree{number}"
        seen: set[str] = set()
        roots = []
        for structure in structures:
            roots += _units(structure, source.root, None, 1, seen, warnings, budget)
        trees.append(CitationTree(identifier, structures, _in_order(roots, order)))
    if not trees:
        trees = _division_tree(source, order, budget)
    if budget.exceeded:
        warnings.append(budget.exceeded)
    return trees, warnings


# the TEI elements that divide a text, for a header that declares no citation structure
DIVISIONS = frozenset(f"{{{TEI_NS}}}{name}" for name in ("div", "div1", "div2", "div3", "div4", "div5", "div6", "div7"))
DIVISION_DELIM = "."


def _division_tree(source: Source, order: dict, budget: _Budget) -> list[CitationTree]:
    """The citation tree of a document whose header declares none, from its divisions (div, div1 ... div7 in
    its text): a level per nesting, the citeType a division's @type (else its name), identifiers from @n where
    every division beside it has one, all different, that can name a file, else from its position among them,
    joined to its parent's by a dot (2.1); titles from head (CitableUnit.as_json). No divisions: no tree."""
    roots = _divisions_below(source.root.find(f"{{{TEI_NS}}}text"), None, 1, budget)
    if not roots:
        return []
    return [CitationTree(None, _structures_of(roots), _in_order(roots, order))]


def _divisions_below(element, parent: CitableUnit | None, level: int, budget: _Budget) -> list[CitableUnit]:
    if element is None:
        return []
    found = []  # the divisions whose nearest division above is `element` (or none, at the top)
    stack = list(reversed([child for child in element if isinstance(child.tag, str)]))
    while stack:
        candidate = stack.pop()
        if candidate.tag in DIVISIONS:
            found.append(candidate)
        else:
            stack += reversed([child for child in candidate if isinstance(child.tag, str)])
    given = [" ".join((d.get("n") or "").split()) for d in found]
    by_n = all(given) and len(set(given)) == len(given) and not any(
        names.name_problem(n) or DIVISION_DELIM in n for n in given)
    units = []
    for position, (division, n) in enumerate(zip(found, given), 1):
        if not budget.spend():
            break
        own = n if by_n else str(position)
        identifier = parent.identifier + DIVISION_DELIM + own if parent else own
        cite_type = " ".join((division.get("type") or "").split()) or etree.QName(division).localname
        unit = CitableUnit(identifier, cite_type, level, parent, division, division)
        unit.children = _divisions_below(division, unit, level + 1, budget)
        units.append(unit)
    return units


def _structures_of(units: list[CitableUnit]) -> list[CiteStructure]:
    """The citeStructure a tree of units follows: the types at each level, each with the types below it."""
    by_type: dict[str, list[CitableUnit]] = {}
    for unit in units:
        by_type.setdefault(unit.cite_type, []).append(unit)
    return [CiteStructure(cite_type, "", "", DIVISION_DELIM,
                          _structures_of([child for unit in group for child in unit.children]))
            for cite_type, group in by_type.items()]


class _Budget:
    """What one document's citation trees may cost: units and seconds."""

    def __init__(self):
        self.units = 0
        self.deadline = time.monotonic() + MAX_SECONDS
        self.exceeded = ""
        self.refused: set[str] = set()  # expressions already warned of

    def spend(self) -> bool:
        """Count one unit; False once the budget is spent (and why, in self.exceeded)."""
        if self.exceeded:
            return False
        self.units += 1
        if self.units > MAX_UNITS:
            self.exceeded = (f"more than {MAX_UNITS} citable units, the export's budget for a document: the "
                             "citation trees are cut there")
        elif time.monotonic() > self.deadline:
            self.exceeded = (f"the citation trees took longer than {MAX_SECONDS:.0f} s, the export's budget for a "
                             "document: they are cut there")
        return not self.exceeded


def tree(sources: list[Source], records: dict[str, dict], base: str,
         paths: list[str] | None = None) -> tuple[dict[str, bytes], list[str]]:
    """All files of the static DTS tree, by path relative to the DTS folder, and warnings. `paths` are the
    documents' paths (names.document_paths), their DTS ids; `records` are keyed by them."""
    files = _Files()
    warnings: list[str] = []
    templates = Templates(base)
    resources = []
    for each, path in zip(sources, paths or [s.id for s in sources]):
        problem = names.path_problem(path)
        if problem:
            warnings.append(f"{each.name}: {path!r} cannot name a DTS resource ({problem}): left out")
            continue
        trees, found = citation_trees(each)
        warnings += [f"{each.name}: {w}" for w in found]
        resources.append((each, path, trees))
    collection = _root_collection(sources, records, templates, resources)

    files["README.md"] = readme(base).encode("utf-8")
    files["index.json"] = _json({"@context": CONTEXT, "dtsVersion": DTS_VERSION, "@id": base + "index.json",
                                 "@type": "EntryPoint", "collection": templates.collection,
                                 "navigation": templates.navigation, "document": templates.document})
    root_file = _json(dict(_top(), **collection))
    for path in ("collection.json", f"collection/{ROOT_ID}.json", f"collection/{ROOT_ID};nav=children.json"):
        files[path] = root_file
    files[f"collection/{ROOT_ID};nav=parents.json"] = _json(dict(_top(), **_without_members(collection),
                                                                  member=[]))
    summary = _without_members(collection)
    for each, path, trees in resources:
        resource = _resource(each, path, trees, records[path], templates)
        own = _json(dict(_top(), **resource))
        files[f"collection/{path}.json"] = own
        files[f"collection/{path};nav=children.json"] = own
        files[f"collection/{path};nav=parents.json"] = _json(dict(_top(), **resource, member=[summary]))
        files[f"document/{path}.xml"] = each.data
        navigation, cut = _navigation_files(each, path, trees, resource, base)
        if cut:
            warnings.append(f"{each.name}: its navigation files pass {MAX_BYTES // 1_000_000} MB, the export's "
                            "budget for a document: they are cut there")
        for file, data in navigation.items():
            files[file] = data
    return files.written, warnings + files.warnings


class _Files:
    """The files of the tree: a second file at a path already written (as a case-insensitive file system
    compares names: a unit of one document against another document in a subfolder, say) is left out, with a
    warning, never written over the first."""

    def __init__(self):
        self.written: dict[str, bytes] = {}
        self.keys: dict[str, str] = {}
        self.warnings: list[str] = []

    def __setitem__(self, path: str, data: bytes) -> None:
        key = unicodedata.normalize("NFC", path).casefold()
        if key in self.keys and (self.keys[key] != path or self.written[path] != data):
            self.warnings.append(f"{path} would be written twice: the second is left out")
            return
        self.keys[key] = path
        self.written[path] = data


class Templates:
    """The URI templates of the static tree (RFC 6570), and the concrete paths they expand to."""

    def __init__(self, base: str):
        self.base = base
        self.collection = base + "collection{/id}{;nav}.json"
        self.navigation = base + "navigation/{resource}{;tree}{;down}{/ref}.json"
        self.document = base + "document/{resource}{;tree}{/ref}.xml"

    def for_resource(self, resource_id: str) -> dict:
        return {"collection": f"{self.base}collection/{resource_id}{{;nav}}.json",
                "navigation": f"{self.base}navigation/{resource_id}{{;tree}}{{;down}}{{/ref}}.json",
                "document": f"{self.base}document/{resource_id}{{;tree}}{{/ref}}.xml"}


def navigation_path(resource_id: str, tree_id: str | None, down: int | None, ref: str | None) -> str:
    """The file the navigation template expands to for these parameters (relative to the DTS folder)."""
    return (f"navigation/{resource_id}" + (f";tree={tree_id}" if tree_id else "")
            + (f";down={down}" if down is not None else "") + (f"/{ref}" if ref else "") + ".json")


def document_path(resource_id: str, tree_id: str | None, ref: str | None) -> str:
    return (f"document/{resource_id}" + (f";tree={tree_id}" if tree_id else "")
            + (f"/{ref}" if ref else "") + ".xml")


def passage(unit: CitableUnit, language: str = "", positions: tuple[dict, dict] | None = None,
            kinds: dict | None = None) -> bytes:
    """The Document endpoint's answer for one citable unit: the passage in a dts:wrapper inside a TEI root.

    An empty matched element (a milestone such as lb or pb) stands for the text from it to the next element of
    the same kind within the unit's context, which is what a reader citing "line 5" wants. `positions` are the
    document's (see _positions), passed when many passages of one document are made.
    """
    root = etree.Element(f"{{{TEI_NS}}}TEI", nsmap={None: TEI_NS})
    if language:
        root.set(_XML_LANG, language)
    wrapper = etree.SubElement(root, f"{{{DTS_NS}}}wrapper", nsmap={"dts": DTS_NS})
    element = unit.element
    if len(element) == 0 and not (element.text or "").strip():
        wrapper.append(_milestone_passage(element, unit.context, positions or _positions(element.getroottree()),
                                          kinds))
    else:
        copied = copy.deepcopy(element)
        copied.tail = None
        wrapper.append(copied)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8") + b"\n"


def readme(base: str) -> str:
    """The README of the DTS folder: how the URI templates map to its files."""
    return f"""# Distributed Text Services (DTS 1.0), as static files

This folder answers the requests of the DTS 1.0 API (https://dtsapi.org/) with files that any static web
server can serve. Publish it at `{base}`: every `@id` and URI template starts with that base (set it with
`edition export --dts-base URL`). It is a Level 0 server: the `start`/`end` ranges and `page` are not offered,
and such URLs are simply not found.

The entry point is `index.json`. Its URI templates (RFC 6570) use path segments and path parameters, as the
specification suggests for static sites, so that an expanded template is the name of a file here. `ID` is a
document's `xml:id`, `REF` the identifier of one of its citable units:

- Collection, `collection{{/id}}{{;nav}}.json`:
  - `collection.json`: the root collection `{ROOT_ID}` (also `collection/{ROOT_ID}.json`), all documents;
  - `collection/ID.json`: one document (a Resource); `collection/ID;nav=parents.json`: its parent collection.
- Navigation, `navigation/{{resource}}{{;tree}}{{;down}}{{/ref}}.json`:
  - `navigation/ID;down=-1.json`, `navigation/ID;down=1.json`, ...: the citation tree, whole or to a depth;
  - `navigation/ID/REF.json`: one citable unit; `navigation/ID;down=0/REF.json`: the unit and its siblings;
  - `navigation/ID;down=-1/REF.json`, `navigation/ID;down=1/REF.json`, ...: the unit and the units below it.
- Document, `document/{{resource}}{{;tree}}{{/ref}}.xml`:
  - `document/ID.xml`: the whole TEI document;
  - `document/ID/REF.xml`: one citable unit, in a `dts:wrapper` inside a `TEI` element.

`;tree=NAME` appears only for a citation tree other than the default one (a second `refsDecl`). The citable
units are those each document declares in `teiHeader/encodingDesc/refsDecl/citeStructure`: `unit` is the DTS
`citeType`, `match` selects the units and `use` gives their identifier, joined to the parent's identifier with
`delim` when there is one. A document whose header declares none is cited by its divisions (`div`, `div1` ...
`div7`): one level per nesting, the `citeType` a division's `@type`, identifiers from `@n` (or the position among
its sibling divisions) joined by `.`, titles from `head`. A unit that is an empty element (a milestone such as
`lb`) stands for the text from it to the next element of its kind.

`.json` files are JSON-LD (`application/ld+json`; `application/json` serves DTS clients as well), `.xml` files
are TEI (`application/tei+xml`). The files are made by `edition export`: do not edit them by hand.
"""


# ----- citable units -----

def _structure(element) -> CiteStructure:
    return CiteStructure(unit=element.get("unit") or "", match=element.get("match") or "",
                         use=element.get("use") or "", delim=element.get("delim") or "",
                         children=[_structure(c) for c in element.xpath("tei:citeStructure", namespaces=NS)])


def _units(structure: CiteStructure, context, parent: CitableUnit | None, level: int, seen: set[str],
           warnings: list[str], budget: _Budget) -> list[CitableUnit]:
    """The units a citeStructure matches in its context (the document, or the parent unit's element)."""
    problem = safe_xpath(structure.match, nested=parent is not None) or (
        safe_xpath(structure.use, nested=True) if structure.use.strip() != "position()" else None)
    if problem:
        if structure.match not in budget.refused:
            warnings.append(f"citeStructure {problem}: not evaluated (a budget of the export)")
            budget.refused.add(structure.match)
        return []
    try:
        matched = [m for m in context.xpath(tei_xpath(structure.match), namespaces=NS)
                   if isinstance(m, etree._Element)]
    except (etree.XPathError, ValueError) as error:
        warnings.append(f'citeStructure match="{structure.match}" cannot be evaluated: {error}')
        return []
    units = []
    for position, element in enumerate(matched, 1):
        if not budget.spend():
            break
        value = _use_value(element, structure.use, position, warnings)
        if not value:
            continue
        identifier = parent.identifier + structure.delim + value if parent and structure.delim else value
        if identifier in seen:
            warnings.append(f'citable unit "{names.readable(identifier[:100])}" ({structure.unit}) is not unique: '
                            'only the first is offered')
            continue
        problem = names.name_problem(identifier)
        if problem:
            warnings.append(f'citable unit "{names.readable(identifier[:100])}" cannot name a static file '
                            f'({problem}): left out')
            continue
        seen.add(identifier)
        unit = CitableUnit(identifier, structure.unit or etree.QName(element).localname, level, parent, element,
                           context)
        for child in structure.children:
            unit.children += _units(child, element, unit, level + 1, seen, warnings, budget)
        units.append(unit)
    return units


def _use_value(element, use: str, position: int, warnings: list[str]) -> str:
    if use.strip() == "position()":
        return str(position)
    try:
        found = element.xpath(tei_xpath(use), namespaces=NS)
    except (etree.XPathError, ValueError) as error:
        warnings.append(f'citeStructure use="{use}" cannot be evaluated: {error}')
        return ""
    if isinstance(found, list):
        found = found[0] if found else ""
        found = found.xpath("string()") if isinstance(found, etree._Element) else found
    if isinstance(found, float):
        found = str(int(found)) if found.is_integer() else str(found)
    return " ".join(str(found).split())


# ----- what a header's XPath may cost -----

_CHEAP_AXES = {"child", "attribute", "self", "parent", "ancestor", "ancestor-or-self", "descendant",
               "descendant-or-self"}
_FUNCTIONS = {"position", "last", "string", "normalize-space", "concat", "not", "true", "false", "number",
              "starts-with", "contains", "substring", "substring-before", "substring-after", "string-length",
              "translate", "boolean", "name", "local-name", "count", "text", "node", "comment",
              "processing-instruction"}
_MAX_DESCENDANT_STEPS = 2


def safe_xpath(expression: str, *, nested: bool) -> str | None:
    """Why a citeStructure expression is outside the export's budget, or None: it must be short, use only the
    functions and axes whose cost grows with the document, search descendants at most twice and never inside
    a predicate (that would search once per candidate), and, in a nested structure, start from its parent
    unit (an absolute path there would search the whole document once per parent unit)."""
    shown = f'"{names.readable(expression[:100])}"'
    if len(expression) > MAX_XPATH:
        return f"{shown}... is longer than {MAX_XPATH} characters"
    tokens = []
    position = 0
    while position < len(expression):
        match = _XPATH_TOKEN.match(expression, position)
        if not match:
            return None  # not XPath: lxml says why when it is evaluated
        if match.lastgroup != "space":
            tokens.append((match.lastgroup, match.group()))
        position = match.end()
    predicates = 0
    descendant_steps = 0
    for index, (kind, text) in enumerate(tokens):
        after = tokens[index + 1][1] if index + 1 < len(tokens) else ""
        descends = text == "//" or (kind == "name" and after == "::" and text.startswith("descendant"))
        if kind == "op" and text == "[":
            predicates += 1
        elif kind == "op" and text == "]":
            predicates -= 1
        elif text == "$":
            return f"{shown} uses a variable"
        elif kind == "name" and after == "::" and text not in _CHEAP_AXES:
            return f"{shown} uses the {text} axis, which reads the whole document for each node"
        elif kind == "name" and after == "(" and text not in _FUNCTIONS:
            return f"{shown} calls {text}(), which the export does not evaluate"
        if descends:
            descendant_steps += 1
            if predicates > 0:
                return f"{shown} searches descendants inside a predicate, once per candidate"
            if descendant_steps > _MAX_DESCENDANT_STEPS:
                return f"{shown} searches descendants more than {_MAX_DESCENDANT_STEPS} times"
        if index == 0 and nested and kind == "op" and text in ("/", "//"):
            return f"{shown} starts from the document's root in a nested structure, once per parent unit"
    return None


def _in_order(units: list[CitableUnit], order: dict) -> list[CitableUnit]:
    """Units (and their children) in document order: the order DTS requires for member arrays."""
    units = sorted(units, key=lambda u: order.get(u.element, 0))
    for unit in units:
        unit.children = _in_order(unit.children, order)
    return units


# The XPath of citeStructure is written with TEI as the default element namespace (as in XSLT's
# xpath-default-namespace); XPath 1.0 has none, so unprefixed element names get the tei: prefix.
_XPATH_TOKEN = re.compile(r"""(?P<string>"[^"]*"|'[^']*')|(?P<number>\d+(?:\.\d*)?|\.\d+)
    |(?P<name>[A-Za-z_][\w.\-]*(?::(?:[A-Za-z_][\w.\-]*|\*))?)|(?P<op>//|::|\.\.|!=|<=|>=|[/\[\]()@,|=<>+*.$-])
    |(?P<space>\s+)""", re.X)
_SPACE = re.compile(r"\s*")
_EXPECTS_OPERAND = {"@", "::", "(", "[", ",", "/", "//", "|", "+", "-", "=", "!=", "<", "<=", ">", ">=", "$"}


def tei_xpath(expression: str) -> str:
    """The expression with its unprefixed element name tests in the TEI namespace (prefix tei:)."""
    result = []
    expects_operand = True  # at the start, and after an operator, a name is a name test
    after_attribute_axis = False
    position = 0
    while position < len(expression):
        match = _XPATH_TOKEN.match(expression, position)
        if not match:
            raise ValueError(f"unexpected character {expression[position]!r} in XPath {expression!r}")
        kind, text = match.lastgroup, match.group()
        position = match.end()
        if kind == "space":
            result.append(text)
            continue
        following = _XPATH_TOKEN.match(expression, _SPACE.match(expression, position).end())
        after = following.group() if following else None
        if kind == "name":
            if not expects_operand:  # XPath's rule: after an operand a name is an operator (and, or, div, mod)
                expects_operand = True
            else:
                if ":" not in text and after not in ("(", "::") and not after_attribute_axis \
                        and _previous_token(result) not in ("@", "$"):
                    text = "tei:" + text
                expects_operand = after in ("(", "::")
            after_attribute_axis = text == "attribute" and after == "::"
        elif kind == "op":
            if text == "*":
                expects_operand = not expects_operand  # a wildcard after an operator, multiplication after an operand
            else:
                expects_operand = text in _EXPECTS_OPERAND
                after_attribute_axis = after_attribute_axis and text == "::"
        else:
            expects_operand = False
        result.append(text)
    return "".join(result)


def _previous_token(result: list[str]) -> str | None:
    significant = [t for t in result if t.strip()]
    return significant[-1] if significant else None


# ----- passages -----

def _positions(tree) -> tuple[dict, dict]:
    """Each node's position in document order, and the position of the last node inside it."""
    nodes = list(tree.getroot().iter())
    order = {node: index for index, node in enumerate(nodes)}
    last = {}
    for node in reversed(nodes):
        last[node] = last[node[-1]] if len(node) else order[node]
    return order, last


def _milestone_passage(start, context, positions: tuple[dict, dict], kinds: dict | None = None):
    """A copy of the part of `context` from the milestone `start` up to the next element of its kind.
    `kinds` keeps, per context and kind, the milestones in document order (found once, not once each)."""
    order, last = positions
    kinds = {} if kinds is None else kinds
    kind = (context, start.tag, start.get("unit"))
    if kind not in kinds:
        same = [e for e in context.iter(start.tag) if start.get("unit") is None or e.get("unit") == start.get("unit")]
        kinds[kind] = ([order[e] for e in same], same)
    positions_of_kind, same = kinds[kind]
    index = bisect.bisect_right(positions_of_kind, order[start])
    following = same[index] if index < len(same) else None
    low = order[start] - 0.5
    high = order[following] if following is not None else last[context] + 1
    top = start.getparent() if start is not context else context
    while top is not context and last[top] < high - 1:
        top = top.getparent()
    return _copy_between(top, low, high, order, last)


def _copy_between(element, low: float, high: float, order: dict, last: dict):
    """A copy of element keeping only what lies between positions low and high in document order."""
    copied = etree.Element(element.tag, dict(element.attrib), nsmap=element.nsmap)
    if low < order[element] + 0.5 < high:
        copied.text = element.text
    previous = None
    for child in element:
        if not isinstance(child.tag, str):
            continue
        if low < order[child] and last[child] < high:
            previous = copy.deepcopy(child)
            previous.tail = None
            copied.append(previous)
        elif last[child] > low and order[child] < high:
            previous = _copy_between(child, low, high, order, last)
            copied.append(previous)
        if child.tail and low < last[child] + 0.5 < high:
            if previous is not None:
                previous.tail = (previous.tail or "") + child.tail
            else:
                copied.text = (copied.text or "") + child.tail
    return copied


# ----- JSON-LD objects -----

def _top() -> dict:
    return {"@context": CONTEXT, "dtsVersion": DTS_VERSION}


def _root_collection(sources: list[Source], records: dict[str, dict], templates: Templates,
                     resources: list) -> dict:
    name = metadata.edition_name(sources)
    description = metadata.edition_description(sources)
    found = {"@id": ROOT_ID, "@type": "Collection", "title": name,
             "totalParents": 0, "totalChildren": len(resources), "collection": templates.collection,
             "dublinCore": {"publisher": metadata.publishers(records), "title": [_localised(name, sources[0].root)]},
             "member": [_resource(each, path, trees, records[path], templates) for each, path, trees in resources]}
    if description:
        found["description"] = description
    return found


def _without_members(collection: dict) -> dict:
    return {key: value for key, value in collection.items() if key != "member"}


def _resource(source: Source, resource_id: str, trees: list[CitationTree], record: dict, templates: Templates) -> dict:
    found = {"@id": resource_id, "@type": "Resource", "title": metadata.main_title(source),
             "totalParents": 1, "totalChildren": 0,
             "dublinCore": {key: _dc_values(key, values, source) for key, values in record.items()},
             **templates.for_resource(resource_id),
             "download": f"{templates.base}{document_path(resource_id, None, None)}",
             "mediaTypes": ["application/tei+xml"],
             "citationTrees": [t.as_json() for t in trees]}
    if record.get("description"):
        found["description"] = record["description"][0]
    return found


def _dc_values(key: str, values: list[str], source: Source) -> list:
    if key in ("title", "description"):
        return [_localised(value, source.root) for value in values]
    return values


def _navigation_files(source: Source, resource_id: str, trees: list[CitationTree], resource: dict,
                      base: str) -> tuple[dict[str, bytes], bool]:
    """The navigation files of one resource and the document files of its citable units, and whether they were
    cut at MAX_BYTES."""
    files: dict[str, bytes] = {}
    size = 0
    positions = _positions(source.tree)
    kinds: dict = {}
    nav_resource = {key: resource[key] for key in ("@id", "@type", "title", "totalParents", "totalChildren",
                                                   "collection", "navigation", "document", "citationTrees")}
    language = source.root.get(_XML_LANG) or ""

    def navigation(path: str, **parts) -> bytes:
        return _json(dict(_top(), **{"@type": "Navigation", "@id": base + path, "resource": nav_resource},
                          **parts))

    def add(path: str, data: bytes) -> bool:
        nonlocal size
        size += len(data)
        if size > MAX_BYTES:
            return False
        files[path] = data
        return True

    if not trees:  # a resource without citation tree: every navigation request answers an empty member
        for down in (-1, 1):
            path = navigation_path(resource_id, None, down, None)
            files[path] = navigation(path, member=[])
    for each in trees:
        units = each.units()
        depth = each.depth()
        for down in [-1] + list(range(1, depth + 1)):
            path = navigation_path(resource_id, each.identifier, down, None)
            if not add(path, navigation(path, member=[u.as_json() for u in units if down == -1 or u.level <= down])):
                return files, True
        for unit in units:
            below = unit.descendants()
            siblings = unit.parent.children if unit.parent else each.roots
            answers = {None: None, 0: siblings, -1: [unit] + below}
            for down in range(1, max(1, depth - unit.level) + 1):
                answers[down] = [unit] + [u for u in below if u.level <= unit.level + down]
            for down, members in answers.items():
                path = navigation_path(resource_id, each.identifier, down, unit.identifier)
                parts = {"ref": unit.as_json()}
                if members is not None:
                    parts["member"] = [m.as_json() for m in members]
                if not add(path, navigation(path, **parts)):
                    return files, True
            if not add(document_path(resource_id, each.identifier, unit.identifier),
                       passage(unit, language, positions, kinds)):
                return files, True
    return files, False


def _head_of(element) -> str:
    heads = element.xpath("tei:head", namespaces=NS)
    return metadata.text_of(heads[0]) if heads else ""


def _localised(value: str, element) -> dict | str:
    """A value with the language in force at the element (its nearest xml:lang), as DTS metadata writes it."""
    language = element.xpath("string(ancestor-or-self::*[@xml:lang][1]/@xml:lang)")
    return {"lang": language, "value": value} if language else value


def _unique_json(items: list[dict]) -> list[dict]:
    unique = []
    for item in items:
        if item not in unique:
            unique.append(item)
    return unique


def _json(data: dict) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")
