"""RELAX NG compact syntax, read into the XML syntax (the OASIS specification of 2002, section by section).

Why our own: the one Python library for this reads an `include` by opening the path or fetching the URL itself
and drops the include's overriding definitions, and it knows no `external` pattern. Here `include` and
`external` stay `<include href>` and `<externalRef href>` for the schema loader to resolve (only inside the
schema's folder or through the catalogue); annotations become foreign elements, so that Schematron embedded
in a compact grammar is found as it is in an XML one. A syntax error is a CompactSyntaxError with its line and
column. The lexer scans by hand and by simple patterns: no backtracking on the schema's text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

RNG_NS = "http://relaxng.org/ns/structure/1.0"
R = f"{{{RNG_NS}}}"
XSD_DATATYPES = "http://www.w3.org/2001/XMLSchema-datatypes"
XML_NS = "http://www.w3.org/XML/1998/namespace"
ANNOTATIONS_NS = "http://relaxng.org/ns/compatibility/annotations/1.0"
KEYWORDS = frozenset(("attribute", "default", "datatypes", "div", "element", "empty", "external", "grammar",
                      "include", "inherit", "list", "mixed", "namespace", "notAllowed", "parent", "start", "string",
                      "text", "token"))
INHERIT = object()  # the namespace a prefix maps to with `namespace p = inherit`
# nesting of parentheses, patterns and annotations: deeper than this is refused, not a stack overflow
MAX_NESTING = 100

_ESCAPE = re.compile(r"\\x+\{([0-9A-Fa-f]{1,6})\}")
_NAME = re.compile(r"[^\W\d][\w.\-]*")
_SPACE = re.compile(r"[ \t\r\n]+")
# marks `data - pattern` not in parentheses while parsing: it may only stand as a whole pattern
_BARE = "{urn:x-edition:rnc}bare-except"
_PUNCTUATION = ("|=", "&=", ">>", "=", "{", "}", "(", ")", "[", "]", ",", "|", "&", "?", "*", "+", "-", "~")


class CompactSyntaxError(ValueError):
    def __init__(self, message: str, line: int, column: int):
        super().__init__(f"{line}:{column}: {message}")
        self.message, self.line, self.column = message, line, column


@dataclass(frozen=True)
class Token:
    kind: str  # name, cname (p:x), nsname (p:*), literal, documentation, punctuation itself, or "end"
    value: str
    line: int
    column: int
    escaped: bool = False  # an identifier written \like-this: never a keyword


def tokens(text: str) -> list[Token]:
    text = _ESCAPE.sub(lambda m: _character(m), text.replace("\r\n", "\n").replace("\r", "\n"))
    found, position, line, line_start = [], 0, 1, 0
    length = len(text)

    def fail(message: str, at: int):
        raise CompactSyntaxError(message, line, at - line_start + 1)

    while position < length:
        char = text[position]
        column = position - line_start + 1
        if char in " \t\n":
            end = _SPACE.match(text, position).end()
            line += text.count("\n", position, end)
            if "\n" in text[position:end]:
                line_start = text.rfind("\n", position, end) + 1
            position = end
            continue
        if char == "#":
            end = text.find("\n", position)
            end = length if end < 0 else end
            if text.startswith("##", position):
                found.append(Token("documentation", text[position:end].lstrip("#").strip(), line, column))
            position = end
            continue
        if char in "\"'":
            quote = char * 3 if text.startswith(char * 3, position) else char
            end = text.find(quote, position + len(quote))
            body = text[position + len(quote):end] if end >= 0 else ""
            if end < 0 or (len(quote) == 1 and "\n" in body):
                fail("unterminated literal", position)
            found.append(Token("literal", body, line, column))
            line += body.count("\n")
            if "\n" in body:
                line_start = position + len(quote) + body.rfind("\n") + 1
            position = end + len(quote)
            continue
        escaped = char == "\\"
        match = _NAME.match(text, position + escaped)
        if match:
            name, end = match.group(), match.end()
            if not escaped and text.startswith(":*", end):
                found.append(Token("nsname", name, line, column))
                position = end + 2
                continue
            if not escaped and text.startswith(":", end):
                local = _NAME.match(text, end + 1)
                if not local:
                    fail("a prefixed name needs a local name after ':'", end)
                found.append(Token("cname", f"{name}:{local.group()}", line, column))
                position = local.end()
                continue
            found.append(Token("name", name, line, column, escaped))
            position = end
            continue
        if escaped:
            fail("a backslash must stand before a name", position)
        punctuation = next((p for p in _PUNCTUATION if text.startswith(p, position)), None)
        if punctuation is None:
            fail(f"unexpected character {char!r}", position)
        found.append(Token(punctuation, punctuation, line, column))
        position += len(punctuation)
    found.append(Token("end", "", line, position - line_start + 1))
    return found


def _character(match: re.Match) -> str:
    code = int(match.group(1), 16)
    if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        raise CompactSyntaxError(f"\\x{{{match.group(1)}}} is not a character", 1, 1)
    return chr(code)


def parse(text: str) -> etree._Element:
    """The XML syntax of a compact schema: a <grammar> or the pattern it holds, include and external as hrefs."""
    return _Parser(tokens(text)).schema()


class _Parser:
    def __init__(self, stream: list[Token]):
        self.stream = stream
        self.at = 0
        self.namespaces: dict[str, object] = {"xml": XML_NS}
        self.default_namespace: object | None = None  # None: not declared (the inherited one applies)
        self.datatypes = {"xsd": XSD_DATATYPES}
        self.depth = 0


    # ----- tokens -----

    @property
    def token(self) -> Token:
        return self.stream[self.at]

    def peek(self, ahead: int = 1) -> Token:
        return self.stream[min(self.at + ahead, len(self.stream) - 1)]

    def next(self) -> Token:
        token = self.stream[self.at]
        if token.kind != "end":
            self.at += 1
        return token

    def fail(self, message: str, token: Token | None = None):
        token = token or self.token
        raise CompactSyntaxError(message, token.line, token.column)

    def expect(self, kind: str) -> Token:
        if self.token.kind != kind:
            shown = "the end of the schema" if self.token.kind == "end" else repr(self.token.value)
            self.fail(f"expected {kind!r}, found {shown}")
        return self.next()

    def keyword(self, word: str, token: Token | None = None) -> bool:
        token = token or self.token
        return token.kind == "name" and not token.escaped and token.value == word

    def skip_documentation(self) -> list[str]:
        lines = []
        while self.token.kind == "documentation":
            lines.append(self.next().value)
        return lines

    def deeper(self):
        self.depth += 1
        if self.depth > MAX_NESTING:
            self.fail(f"nested more than {MAX_NESTING} deep")

    # ----- the schema -----

    def schema(self) -> etree._Element:
        self.declarations()
        if self.starts_grammar_content():
            root = etree.Element(R + "grammar", nsmap={None: RNG_NS})
            self.grammar_content(root, "end")
        else:
            pattern = self.pattern()
            self.skip_documentation()
            if self.token.kind != "end":
                self.fail(f"unexpected {self.token.value!r} after the pattern")
            root = pattern
        self.expect("end")
        for marked in root.iter():
            marked.attrib.pop(_BARE, None)
        if self.default_namespace is not None and self.default_namespace is not INHERIT:
            root.set("ns", self.default_namespace)
        return root

    def declarations(self) -> None:
        while True:
            self.skip_documentation()
            if self.keyword("namespace"):
                self.next()
                prefix = self.identifier_or_keyword()
                self.expect("=")
                uri = self.namespace_uri()
                if prefix == "xml" and uri != XML_NS or prefix != "xml" and uri == XML_NS:
                    self.fail("the prefix xml is bound to the XML namespace only")
                self.namespaces[prefix] = uri
            elif self.keyword("default") and self.keyword("namespace", self.peek()):
                self.next(), self.next()
                prefix = None if self.token.kind == "=" else self.identifier_or_keyword()
                self.expect("=")
                uri = self.namespace_uri()
                self.default_namespace = uri
                if prefix:
                    self.namespaces[prefix] = uri
            elif self.keyword("datatypes"):
                self.next()
                prefix = self.identifier_or_keyword()
                self.expect("=")
                self.datatypes[prefix] = self.literal()
            else:
                return

    def namespace_uri(self):
        if self.keyword("inherit"):
            self.next()
            return INHERIT
        return self.literal()

    def starts_grammar_content(self) -> bool:
        token, following = self.token, self.peek()
        if token.kind == "[":
            depth, index = 0, self.at
            while True:  # skip the lead annotation to see what it annotates
                kind = self.stream[index].kind
                depth += kind == "["
                depth -= kind == "]"
                index += 1
                if depth == 0 or kind == "end":
                    break
            token, following = self.stream[index], self.stream[min(index + 1, len(self.stream) - 1)]
        if token.kind == "name" and not token.escaped and token.value in ("start", "div", "include"):
            return token.value != "start" or following.kind in ("=", "|=", "&=")
        if token.kind == "name" and following.kind in ("=", "|=", "&="):
            return True
        return token.kind == "cname" and following.kind == "["  # an annotation element at grammar level

    def grammar_content(self, parent: etree._Element, closing: str, in_include: bool = False) -> None:
        self.deeper()
        while True:
            documentation = self.skip_documentation()
            if self.token.kind == closing:
                break
            annotation = self.lead_annotation()
            token = self.token
            if token.kind == "cname" and self.peek().kind == "[" and not annotation:
                parent.append(self.annotation_element())
                continue
            if self.keyword("start"):
                self.next()
                component = etree.SubElement(parent, R + "start")
                self.assignment(component)
            elif self.keyword("div"):
                self.next()
                component = etree.SubElement(parent, R + "div")
                self.expect("{")
                self.grammar_content(component, "}", in_include)
                self.expect("}")
            elif self.keyword("include") and not in_include:
                self.next()
                component = etree.SubElement(parent, R + "include", href=self.literal())
                self.inherit_clause(component)
                if self.token.kind == "{":
                    self.next()
                    self.grammar_content(component, "}", in_include=True)
                    self.expect("}")
            elif token.kind == "name" and self.peek().kind in ("=", "|=", "&="):
                self.next()
                component = etree.SubElement(parent, R + "define", name=token.value)
                self.assignment(component)
            else:
                self.fail(f"expected a definition, start, div or include, found {token.value or 'the end'!r}")
            self.annotate(component, annotation, documentation)
        self.depth -= 1

    def assignment(self, component: etree._Element) -> None:
        operator = self.next()
        if operator.kind not in ("=", "|=", "&="):
            self.fail("expected '=', '|=' or '&='", operator)
        if operator.kind != "=":
            component.set("combine", "choice" if operator.kind == "|=" else "interleave")
        component.append(self.pattern())

    def inherit_clause(self, element: etree._Element) -> None:
        """`inherit = prefix`: the included schema inherits that namespace; without it, the default one."""
        if self.keyword("inherit"):
            self.next()
            self.expect("=")
            prefix = self.identifier_or_keyword()
            if prefix not in self.namespaces:
                self.fail(f"undeclared namespace prefix {prefix!r}")
            namespace = self.namespaces[prefix]
        else:
            namespace = self.default_namespace
        if namespace is not None and namespace is not INHERIT:
            element.set("ns", namespace)

    # ----- patterns -----

    def pattern(self) -> etree._Element:
        self.deeper()
        first = self.particle()
        operator = self.token.kind
        if operator not in (",", "|", "&"):
            self.depth -= 1
            return first
        combined = etree.Element(R + {",": "group", "|": "choice", "&": "interleave"}[operator])
        combined.append(first)
        while self.token.kind == operator:
            self.next()
            combined.append(self.particle())
        if any(particle.get(_BARE) for particle in combined):
            self.fail('parentheses are required around a "-" expression')
        if self.token.kind in (",", "|", "&"):
            self.fail("mixed operators need parentheses")
        self.depth -= 1
        return combined

    def particle(self) -> etree._Element:
        documentation = self.skip_documentation()
        annotation = self.lead_annotation()
        primary = self.primary()
        self.annotate(primary, annotation, documentation)
        if self.token.kind in ("*", "+", "?"):
            if primary.get(_BARE):
                self.fail('parentheses are required around a "-" expression')
            repeated = etree.Element(R + {"*": "zeroOrMore", "+": "oneOrMore", "?": "optional"}[self.next().kind])
            repeated.append(primary)
            primary = repeated
        while self.token.kind == ">>":  # follow annotations: siblings in the XML syntax, dropped in a group
            self.next()
            self.annotation_element()
        return primary

    def primary(self) -> etree._Element:
        token = self.token
        word = token.value if token.kind == "name" and not token.escaped else None
        if word in ("element", "attribute"):
            self.next()
            made = etree.Element(R + word)
            name_class = self.name_class(attribute=word == "attribute")
            self.expect("{")
            content = self.pattern()
            self.expect("}")
            if word == "attribute" and _is_text(content):
                content = None  # attribute x { text } is the XML syntax's default
            self.put_name_class(made, name_class)
            if content is not None:
                made.append(content)
            elif word == "attribute":
                etree.SubElement(made, R + "text")
            return made
        if word in ("mixed", "list"):
            self.next()
            made = etree.Element(R + word)
            self.expect("{")
            made.append(self.pattern())
            self.expect("}")
            return made
        if word in ("empty", "notAllowed", "text"):
            self.next()
            return etree.Element(R + word)
        if word == "parent":
            self.next()
            return etree.Element(R + "parentRef", name=self.identifier())
        if word == "grammar":
            self.next()
            made = etree.Element(R + "grammar")
            self.expect("{")
            self.grammar_content(made, "}")
            self.expect("}")
            return made
        if word == "external":
            self.next()
            made = etree.Element(R + "externalRef", href=self.literal())
            self.inherit_clause(made)
            return made
        if token.kind == "(":
            self.next()
            made = self.pattern()
            self.expect(")")
            made.attrib.pop(_BARE, None)
            return made
        if token.kind == "literal":
            made = etree.Element(R + "value", type="token", datatypeLibrary="")
            made.text = self.literal()
            return made
        if word in ("string", "token") or token.kind == "cname":
            return self.data()
        if token.kind == "name" and (token.escaped or token.value not in KEYWORDS):
            self.next()
            return etree.Element(R + "ref", name=token.value)
        self.fail(f"expected a pattern, found {token.value or 'the end of the schema'!r}")

    def data(self) -> etree._Element:
        token = self.next()
        if token.kind == "cname":
            prefix, local = token.value.split(":", 1)
            if prefix not in self.datatypes:
                self.fail(f"undeclared datatypes prefix {prefix!r}", token)
            library = self.datatypes[prefix]
        else:
            library, local = "", token.value
        if self.token.kind == "literal":
            made = etree.Element(R + "value", type=local, datatypeLibrary=library)
            made.text = self.literal()
            return made
        made = etree.Element(R + "data", type=local, datatypeLibrary=library)
        if self.token.kind == "{":
            self.next()
            while self.token.kind != "}":
                self.skip_documentation()
                self.lead_annotation()
                name = self.identifier_or_keyword()
                self.expect("=")
                etree.SubElement(made, R + "param", name=name).text = self.literal()
                self.skip_documentation()
            self.expect("}")
        if self.token.kind == "-":
            self.next()
            exception = etree.SubElement(made, R + "except")
            self.skip_documentation()
            annotation = self.lead_annotation()
            excluded = self.primary()
            self.annotate(excluded, annotation, [])
            exception.append(excluded)
            made.set(_BARE, "1")
        return made

    # ----- name classes -----

    def name_class(self, attribute: bool):
        self.deeper()
        first = self.name_class_item(attribute)
        if self.token.kind == "|":
            choice = [first]
            while self.token.kind == "|":
                self.next()
                choice.append(self.name_class_item(attribute))
            first = ("choice", choice)
        self.depth -= 1
        return first

    def name_class_item(self, attribute: bool):
        self.lead_annotation()
        token = self.token
        if token.kind == "(":
            self.next()
            inner = self.name_class(attribute)
            self.expect(")")
            return inner
        if token.kind == "*" or token.kind == "nsname":
            self.next()
            item = ("anyName", None) if token.kind == "*" else ("nsName", self.namespace_of(token.value, token))
            if self.token.kind == "-":
                self.next()
                return item + (self.name_class_item(attribute),)
            return item + (None,)
        if token.kind == "cname":
            self.next()
            prefix, local = token.value.split(":", 1)
            return ("name", (self.namespace_of(prefix, token), local))
        if token.kind == "name":
            self.next()
            # an unprefixed attribute is in no namespace; an unprefixed element in the default one
            return ("name", ("" if attribute else None, token.value))
        self.fail(f"expected a name, found {token.value or 'the end of the schema'!r}")

    def namespace_of(self, prefix: str, token: Token):
        if prefix not in self.namespaces:
            self.fail(f"undeclared namespace prefix {prefix!r}", token)
        namespace = self.namespaces[prefix]
        return None if namespace is INHERIT else namespace

    def put_name_class(self, element: etree._Element, name_class) -> None:
        kind = name_class[0]
        if kind == "name" and len(element) == 0:
            namespace, local = name_class[1]
            element.set("name", local)
            if namespace is not None:
                element.set("ns", namespace)
            return
        element.insert(0, self.name_class_element(name_class))

    def name_class_element(self, name_class) -> etree._Element:
        kind = name_class[0]
        if kind == "name":
            namespace, local = name_class[1]
            made = etree.Element(R + "name")
            made.text = local
            if namespace is not None:
                made.set("ns", namespace)
            return made
        if kind == "choice":
            made = etree.Element(R + "choice")
            made.extend(self.name_class_element(item) for item in name_class[1])
            return made
        made = etree.Element(R + kind)
        if kind == "nsName" and name_class[1] is not None:  # None: the inherited namespace
            made.set("ns", name_class[1])
        if name_class[2] is not None:
            etree.SubElement(made, R + "except").append(self.name_class_element(name_class[2]))
        return made

    # ----- literals, names, annotations -----

    def literal(self) -> str:
        value = self.expect("literal").value
        while self.token.kind == "~":
            self.next()
            value += self.expect("literal").value
        return value

    def identifier(self) -> str:
        token = self.expect("name")
        if token.value in KEYWORDS and not token.escaped:
            self.fail(f"{token.value!r} is a keyword: write \\{token.value} for a name", token)
        return token.value

    def identifier_or_keyword(self) -> str:
        return self.expect("name").value

    def lead_annotation(self) -> list:
        """`[ attributes elements ]` before a pattern or component: foreign attributes and elements."""
        if self.token.kind != "[":
            return []
        self.next()
        found = self.annotation_content()
        self.expect("]")
        return found

    def annotation_content(self) -> list:
        self.deeper()
        found = []
        while self.token.kind not in ("]", "end"):
            token = self.token
            if token.kind in ("name", "cname") and self.peek().kind == "=":
                self.next(), self.next()
                found.append(("attribute", self.foreign_name(token, attribute=True), self.literal()))
            elif token.kind in ("name", "cname") and self.peek().kind == "[":
                found.append(self.annotation_element())
            elif token.kind == "literal":
                found.append(self.literal())
            else:
                self.fail(f"unexpected {token.value!r} in an annotation")
        self.depth -= 1
        return found

    def annotation_element(self) -> etree._Element:
        token = self.next()
        made = etree.Element(self.foreign_name(token, attribute=False))
        self.expect("[")
        last = None
        for item in self.annotation_content():
            if isinstance(item, tuple):
                made.set(item[1], item[2])
            elif isinstance(item, str):
                if last is None:
                    made.text = (made.text or "") + item
                else:
                    last.tail = (last.tail or "") + item
            else:
                made.append(item)
                last = item
        self.expect("]")
        return made

    def foreign_name(self, token: Token, attribute: bool) -> str:
        if token.kind == "cname":
            prefix, local = token.value.split(":", 1)
            namespace = self.namespaces.get(prefix)
            if namespace is None:
                self.fail(f"undeclared namespace prefix {prefix!r}", token)
            if namespace is INHERIT or namespace == RNG_NS:
                self.fail("an annotation must be in a namespace of its own", token)
            return f"{{{namespace}}}{local}"
        if not attribute:
            self.fail("an annotation element needs a prefixed name", token)
        return token.value

    def annotate(self, element: etree._Element, annotation: list, documentation: list[str]) -> None:
        position = 0
        for item in annotation:
            if isinstance(item, etree._Element):
                element.insert(position, item)
                position += 1
            elif isinstance(item, tuple) and "{" in item[1]:
                element.set(item[1], item[2])
        if documentation:
            note = etree.Element(f"{{{ANNOTATIONS_NS}}}documentation")
            note.text = "\n".join(documentation)
            element.insert(0, note)


def _is_text(pattern: etree._Element) -> bool:
    return pattern.tag == R + "text" and len(pattern) == 0
