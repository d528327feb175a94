"""TEI P4 to TEI P5: the mechanical conversion, as a pure function (a tree in; a new tree and what changed out).

It follows the TEI Consortium's own P4-to-P5 conversion (the Stylesheets' profiles/default/p4/from.xsl) and the
Guidelines' list of changes: every element into the TEI namespace; names a P4 file writes in another case (an
SGML-era <TEIHEADER>, <P>) given their P5 case; TEI.2 and teiCorpus.2 become TEI and teiCorpus; id and lang become
xml:id and xml:lang; elements P5 renamed (xref, xptr, witList, state, dateRange, div0-div7, lg1-lg4, spkr, foreName,
handList/hand, event ...) and attributes (url, targType, date/@value, date/@certainty, entryFree/@key ...); pointer
attributes (IDREFs in P4) gain "#"; attributes P5 dropped go, and so do the values P4's DTD supplied by default;
the P4 shortcuts for a correction, expansion or regularisation (sic/@corr, corr/@sic, abbr/@expan, expan/@abbr,
orig/@reg, reg/@orig) become <choice>; gap/@desc a <desc>, figure/@url a <graphic>, editionStmt/editor a
respStmt, an index's @level1-3 nested index terms, change's P4 parts the P5 content of change.

The new tree keeps each element's source line, so that findings about it still point into the P4 file. Its
list of changes names each kind of change once, with a count.
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache

from lxml import etree

from . import resources

TEI_NS = "http://www.tei-c.org/ns/1.0"
T = f"{{{TEI_NS}}}"
XML_NS = "http://www.w3.org/XML/1998/namespace"
X = f"{{{XML_NS}}}"
P4_ROOTS = ("TEI.2", "teiCorpus.2")

ELEMENT_RENAMES = {
    "TEI.2": "TEI", "teiCorpus.2": "teiCorpus", "xref": "ref", "xptr": "ptr", "witList": "listWit",
    "state": "refState", "dateRange": "date", "spkr": "speaker", "cesdoc": "cesDoc", "foreName": "forename",
    "handList": "handNotes", "event": "incident",
    **{f"div{n}": "div" for n in range(8)}, **{f"lg{n}": "lg" for n in range(1, 5)},
}
# attributes that were IDREF(S) in P4 and are pointers in P5 (the Consortium's list): each value gains "#"
POINTERS = frozenset((
    "ana", "active", "adj", "adjFrom", "adjTo", "children", "class", "code", "copyOf", "corresp", "decls", "domains",
    "end", "exclude", "fVal", "feats", "follow", "hand", "inst", "location", "new", "next", "origin", "otherLangs",
    "parent", "passive", "perf", "prev", "render", "resp", "sameAs", "scheme", "script", "select", "since", "start",
    "synch", "target", "targetEnd", "value", "who", "wit"))
# attributes P5 has no place for
DROPPED = frozenset(("TEIform", "tei", "langKey", "old", "date.created", "date.updated"))
DROPPED_ON = {("refsDecl", "doctype"), ("change", "date"), ("ref", "from"), ("q", "direct"), ("sourceDesc", "default"),
              ("hand", "scribe"), ("hand", "style"), ("hand", "character"), ("hand", "first"), ("hand", "mainLang"),
              ("hand", "resp")}
# values that P4's DTD supplied by default (a file read with the DTD carries them): attribute -> value
DEFAULTS = {"targOrder": "u", "opt": "n", "to": "ditto", "default": "no", "part": "n", "full": "yes", "from": "root",
            "place": "unspecified", "sample": "complete", "org": "uniform"}
DEFAULTS_ON = {("teiHeader", "status"): "new", ("del", "status"): "unremarkable", ("teiHeader", "type"): "text",
               ("row", "role"): "data", ("cell", "role"): "data", ("cell", "rows"): "1", ("cell", "cols"): "1",
               ("q", "broken"): "no"}
# the P4 attribute on an element -> (the element its value becomes, the choice's order: the element first or not)
CHOICES = {("sic", "corr"): ("corr", True), ("corr", "sic"): ("sic", True), ("abbr", "expan"): ("expan", True),
           ("expan", "abbr"): ("abbr", True), ("orig", "reg"): ("reg", True), ("reg", "orig"): ("orig", True)}
_WEB = ("http:", "https:", "ftp:", "mailto:")


def is_p4(root: etree._Element) -> bool:
    """A TEI P4 document: a TEI.2 or teiCorpus.2 root, in no namespace, in whatever case."""
    return isinstance(root.tag, str) and root.tag.lower() in ("tei.2", "teicorpus.2")


@lru_cache(maxsize=1)
def p5_names() -> tuple[dict[str, str], dict[str, str]]:
    """Lower-cased -> P5 name, for elements and attributes (schema/tei-p5-names.txt, made from TEI all)."""
    elements, attributes = {}, {}
    for line in resources.schema("tei-p5-names.txt").read_text(encoding="utf-8").splitlines():
        kind, _, name = line.partition(" ")
        if kind in ("element", "attribute") and name:
            (elements if kind == "element" else attributes)[name.lower()] = name
    return elements, attributes


class _Conversion:
    def __init__(self):
        self.changes: Counter = Counter()
        self.order: list[str] = []
        self.elements, self.attributes = p5_names()

    def note(self, change: str, count: int = 1) -> None:
        if change not in self.changes:
            self.order.append(change)
        self.changes[change] += count

    def name(self, tag: str) -> str:
        """The P5 local name of a P4 element name."""
        if tag in ELEMENT_RENAMES:
            self.note(f"<{tag}> -> <{ELEMENT_RENAMES[tag]}>")
            return ELEMENT_RENAMES[tag]
        canonical = self.elements.get(tag.lower()) or next(
            (new for old, new in ELEMENT_RENAMES.items() if old.lower() == tag.lower()), None)
        if canonical and canonical != tag:
            self.note(f"element names in P5 case (<{tag}> -> <{canonical}>)")
            return canonical
        return tag

    def element(self, old: etree._Element, parent: etree._Element | None) -> etree._Element:
        local = old.tag if "}" not in old.tag else None
        if local is None:  # already in a namespace (MathML, SVG ...): kept as it is
            new = etree.Element(old.tag, nsmap=old.nsmap) if parent is None else etree.SubElement(parent, old.tag)
            new.attrib.update(old.attrib)
            new.text = old.text
            for child in old:
                self.child(child, new)
            return self._placed(new, old)
        p4_name = local
        name = self.name(local)
        folded = {self.attributes.get(a.lower(), a) if "}" not in a else a: v for a, v in old.attrib.items()}
        if any(a != b for a, b in zip(folded, old.attrib)):
            self.note("attribute names in P5 case")
        parent_name = etree.QName(parent).localname if parent is not None else ""
        if name == "text" and parent is not None and parent_name not in ("TEI", "group", "teiCorpus"):
            name = "floatingText"
            self.note("<text> within a text -> <floatingText>")
        if name == "hand" and parent_name == "handNotes":
            name = "handNote"
            self.note("handList/hand -> handNotes/handNote")
        new = etree.Element(T + name, nsmap={None: TEI_NS}) if parent is None else etree.SubElement(parent, T + name)
        self._placed(new, old)
        extra = self.attributes_of(name, p4_name, folded, new)
        target = new
        if name == "letter":  # a P4 letter: a floatingText of type letter whose body holds the letter
            new.tag = T + "floatingText"
            new.set("type", "letter")
            target = etree.SubElement(new, T + "body")
            self.note("<letter> -> <floatingText type=\"letter\"><body>")
        target.text = old.text
        for child in old:
            self.child(child, target)
        for made in extra:
            target.append(made)
        return self.restructure(new, name, folded)

    def _placed(self, new: etree._Element, old: etree._Element) -> etree._Element:
        if old.sourceline:
            new.sourceline = old.sourceline
        new.tail = old.tail
        return new

    def child(self, node, parent: etree._Element) -> None:
        if isinstance(node.tag, str):
            self.element(node, parent)
        else:  # comments and processing instructions, as they were
            copied = etree.Comment(node.text) if isinstance(node, etree._Comment) else \
                etree.ProcessingInstruction(node.target, node.text)
            copied.tail = node.tail
            parent.append(copied)

    def attributes_of(self, name: str, p4_name: str, attributes: dict, new: etree._Element) -> list:
        """Set the P5 attributes on `new`; returns elements that P4 attributes become (appended after the
        content)."""
        made = []
        for attribute, value in attributes.items():
            if "}" in attribute:
                new.set(attribute, value)
                continue
            key = (name, attribute)
            if attribute in DROPPED or key in DROPPED_ON or (p4_name, attribute) in DROPPED_ON:
                self.note(f"@{attribute} dropped (not in P5)")
            elif DEFAULTS_ON.get(key) == value.lower() or DEFAULTS.get(attribute) == value.lower() and \
                    attribute in DEFAULTS and key not in DEFAULTS_ON:
                self.note(f"@{attribute}=\"{value}\" dropped (P4's default)")
            elif attribute == "id":
                if name == "language":
                    new.set("ident", value)
                    self.note("language/@id -> @ident")
                else:
                    new.set(X + "id", value)
                    self.note("@id -> @xml:id")
            elif attribute == "lang":
                new.set(X + "lang", value)
                self.note("@lang -> @xml:lang")
            elif (name, attribute) in (("date", "value"), ("birth", "date")):
                new.set("when", value)
                self.note(f"{name}/@{attribute} -> @when")
            elif (name, attribute) == ("date", "certainty"):
                new.set("cert", value)
                self.note("date/@certainty -> @cert")
            elif (name, attribute) == ("interp", "value"):
                new.set("inst", value)
                self.note("interp/@value -> @inst")
            elif (name, attribute) == ("entryFree", "key"):
                new.set("sortKey", value)
                self.note("entryFree/@key -> @sortKey")
            elif (name, attribute) == ("gi", "TEI"):
                if value.lower() == "yes":
                    new.set("scheme", "TEI")
                self.note("gi/@TEI -> @scheme")
            elif (p4_name, attribute) == ("hand", "ink"):
                new.set("medium", f"{value}_ink")
                self.note("hand/@ink -> @medium")
            elif attribute == "mergedin":
                new.set("mergedIn", value)
                self.note("@mergedin -> @mergedIn")
            elif attribute == "targType":
                new.set("type", value)
                self.note("@targType -> @type")
            elif attribute in ("url", "doc") and name not in ("figure",):
                new.set("target", value)
                self.note(f"@{attribute} -> @target")
            elif attribute == "anchored":
                new.set("anchored", {"yes": "true", "no": "false"}.get(value.lower(), value))
                self.note("@anchored yes/no -> true/false")
            elif attribute == "type":
                if value.strip():
                    new.set("type", value.replace(" ", "_"))
                    if " " in value:
                        self.note("spaces in @type -> _")
            elif attribute == "desc" and name in ("gap", "event", "incident", "vocal"):
                description = etree.Element(T + "desc")
                description.text = value
                made.append(description)
                self.note(f"{name}/@desc -> <desc>")
            elif (name, attribute) in CHOICES or (name, attribute) in (("figure", "url"), ("figure", "entity")):
                new.set(attribute, value)  # taken apart in restructure
            elif attribute in POINTERS and (name, attribute) != ("variantEncoding", "location"):
                pointed = " ".join(token if token.startswith(_WEB) or token.startswith("#") else f"#{token}"
                                   for token in value.split())
                new.set(attribute, pointed)
                if pointed != " ".join(value.split()):
                    self.note(f"@{attribute} pointers gain \"#\"")
            else:
                new.set(attribute, value)
        return made

    def restructure(self, new: etree._Element, name: str, attributes: dict) -> etree._Element:
        """The P4 constructs that become other elements in P5."""
        parent = new.getparent()
        for (owner, attribute), (other, first) in CHOICES.items():
            if name == owner and new.get(attribute) is not None:
                value = new.attrib.pop(attribute)
                choice = etree.Element(T + "choice")
                choice.tail, new.tail = new.tail, None
                if parent is not None:
                    parent.replace(new, choice)
                alternative = etree.Element(T + other)
                alternative.text = value
                choice.extend([new, alternative] if first else [alternative, new])
                self.note(f"{owner}/@{attribute} -> <choice><{owner}/><{other}/></choice>")
                return choice
        if name == "figure" and (new.get("url") is not None or new.get("entity") is not None):
            graphic = etree.Element(T + "graphic")
            graphic.set("url", new.attrib.pop("url", None) or f"ENTITY_{new.attrib.pop('entity')}")
            new.attrib.pop("entity", None)
            new.insert(0, graphic)
            graphic.tail, new.text = new.text, None
            self.note("figure/@url or @entity -> <graphic url>")
        elif name == "editor" and parent is not None and etree.QName(parent).localname == "editionStmt":
            statement = etree.Element(T + "respStmt")
            statement.tail, new.tail = new.tail, None
            parent.replace(new, statement)
            etree.SubElement(statement, T + "resp").text = new.attrib.pop("role", None) or "editor"
            new.tag = T + "name"
            statement.append(new)
            self.note("editionStmt/editor -> respStmt")
            return statement
        elif name in ("imprint", "orgTitle") and parent is not None and \
                etree.QName(parent).localname == {"imprint": "bibl", "orgTitle": "orgName"}[name]:
            self._unwrap(new)
            self.note(f"{etree.QName(parent).localname}/{name} unwrapped")
        elif name == "tagsDecl":
            if len(new):
                namespace = etree.Element(T + "namespace", name=TEI_NS)
                namespace.extend(list(new))
                namespace.text, new.text = new.text, None
                new.append(namespace)
                self.note("tagsDecl's content in <namespace>")
            elif parent is not None:
                self._unwrap(new)
                self.note("empty tagsDecl removed")
        elif name == "index" and any(attributes.get(f"level{n}") for n in (1, 2, 3)):
            self._index(new, attributes)
        elif name == "change":
            self._change(new)
        elif name == "respStmt":
            self._responsibility(new)
        elif name == "teiHeader":
            self._revisions(new, attributes)
        elif name == "language" and new.get("ident") is None and (new.text or "").strip() == "English":
            new.set("ident", "en")
        return new

    def _unwrap(self, element: etree._Element) -> None:
        parent = element.getparent()
        position = parent.index(element)
        if element.text:
            if position:
                parent[position - 1].tail = (parent[position - 1].tail or "") + element.text
            else:
                parent.text = (parent.text or "") + element.text
        children = list(element)
        if children:
            children[-1].tail = (children[-1].tail or "") + (element.tail or "")
        elif element.tail:
            if position:
                parent[position - 1].tail = (parent[position - 1].tail or "") + element.tail
            else:
                parent.text = (parent.text or "") + element.tail
        parent[position:position + 1] = children

    def _index(self, index: etree._Element, attributes: dict) -> None:
        levels = [attributes[f"level{n}"] for n in (1, 2, 3) if attributes.get(f"level{n}")]
        for n in (1, 2, 3):
            index.attrib.pop(f"level{n}", None)
        where = index
        for number, term in enumerate(levels):
            if number:
                where = etree.SubElement(where, T + "index")
            etree.SubElement(where, T + "term").text = term
        self.note("index/@level1-3 -> nested <index><term>")

    def _change(self, change: etree._Element) -> None:
        """P4's change (date, respStmt, item) -> P5's change: the date, who and what, as its content."""
        parts = list(change)
        kinds = [etree.QName(p).localname for p in parts if isinstance(p.tag, str)]
        if "item" not in kinds and "respStmt" not in kinds:
            return
        change.text = None
        for part in parts:
            change.remove(part)
        pieces = []
        for part in parts:
            kind = etree.QName(part).localname if isinstance(part.tag, str) else ""
            if kind == "date":
                part.tail = None
                pieces.append(part)
            elif kind == "respStmt":
                for inner in part:
                    inner_kind = etree.QName(inner).localname if isinstance(inner.tag, str) else ""
                    if inner_kind == "resp":
                        label = etree.Element(T + "label")
                        label.text = "".join(inner.itertext()).strip()
                        pieces.append(label)
                    elif inner_kind == "name":
                        inner.tail = None
                        pieces.append(inner)
            elif kind == "item":
                span = etree.Element(T + "seg")
                span.text = part.text
                span.extend(list(part))
                pieces.append(span)
        for number, piece in enumerate(pieces):
            piece.tail = " " if number < len(pieces) - 1 else None
            change.append(piece)
        self.note("P4's change (date, respStmt, item) -> P5's change content")

    def _responsibility(self, statement: etree._Element) -> None:
        """P5's respStmt needs a resp and a name: a resp holding the name is taken apart."""
        for resp in statement.iterchildren(T + "resp"):
            for name in list(resp.iterchildren(T + "name")):
                resp.remove(name)
                name.tail = None
                statement.append(name)
                self.note("respStmt/resp/name -> respStmt/name")

    def _revisions(self, header: etree._Element, attributes: dict) -> None:
        dates = [(kind, attributes.get(f"date.{kind}")) for kind in ("updated", "created")
                 if attributes.get(f"date.{kind}")]
        if not dates or header.find(T + "revisionDesc") is not None:
            return
        revisions = etree.SubElement(header, T + "revisionDesc")
        for kind, when in dates:
            change = etree.SubElement(revisions, T + "change")
            change.text = f"{kind} "
            etree.SubElement(change, T + "date").text = when
        self.note("teiHeader/@date.created, @date.updated -> revisionDesc")


def convert(root: etree._Element) -> tuple[etree._Element, list[str]]:
    """A TEI P4 document's root element -> a new TEI P5 root element, and what was changed (each kind once,
    with its count). The input is not modified."""
    conversion = _Conversion()
    converted = conversion.element(root, None)
    moved = sum(1 for element in root.iter(etree.Element) if "}" not in element.tag)
    changes = [f"{moved} element{'s' if moved != 1 else ''} into the TEI namespace"]
    changes += [f"{change} ({conversion.changes[change]})" if conversion.changes[change] > 1 else change
                for change in conversion.order]
    return converted, changes


def serialise(tree: etree._ElementTree, root: etree._Element) -> bytes:
    """A converted document as UTF-8 XML: the original's comments and processing instructions around the root
    (its DOCTYPE, naming a P4 DTD, is left out), the converted root in their place."""
    before, after = [], []
    node = tree.getroot().getprevious()
    while node is not None:
        before.insert(0, node)
        node = node.getprevious()
    node = tree.getroot().getnext()
    while node is not None:
        after.append(node)
        node = node.getnext()
    parts = [b'<?xml version="1.0" encoding="UTF-8"?>\n']
    parts += [etree.tostring(node, encoding="UTF-8", with_tail=False) + b"\n" for node in before]
    parts.append(etree.tostring(root, encoding="UTF-8", with_tail=False))
    parts += [b"\n" + etree.tostring(node, encoding="UTF-8", with_tail=False) for node in after]
    return b"".join(parts) + b"\n"
