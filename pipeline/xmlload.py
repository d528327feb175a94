"""The one way the pipeline reads XML.

Every input is untrusted. Sources are read as bytes by us (so a gzip file is not silently inflated) and parsed
by lxml with no DTD loading, no network and no entity resolution. Only when that tree holds entity references
and the document proves self-contained (no external DTD subset, no external or parameter entities) is it
parsed again with its internal entities expanded, libxml2's amplification limit stopping entity bombs; lxml's
"internal" entity mode would otherwise load an external DTD subset. XInclude is never processed. Saxon never
parses a source: it is handed the root element serialised from this tree, without a DOCTYPE.
"""

from __future__ import annotations

import codecs
import errno
import hashlib
import os
import re
import stat
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from lxml import etree

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
MAX_SOURCE_BYTES = 64 * 1024 * 1024
# Saxon's own XML parser (handed the tree as text) stops beyond these (jdk.xml.maxElementDepth,
# elementAttributeLimit counting namespace declarations, maxXMLNameLimit): the loader refuses first, saying where.
MAX_DEPTH = 100
MAX_ATTRIBUTES = 200
MAX_NAME = 1000

_EXTERNAL_ENTITY = re.compile(r"<!ENTITY\s+(%\s*)?([^\s>]+)\s+(SYSTEM|PUBLIC)\b")
_PARAMETER_ENTITY = re.compile(r"<!ENTITY\s+%\s*([^\s>]+)")
_START_TAG = re.compile(r"<(?![/!?])")
_DECLARED_ENCODING = re.compile(rb"""^<\?xml[^>]*?\sencoding\s*=\s*["']([A-Za-z0-9._\-]+)["']""")
# byte-order marks and the first bytes of "<?" in UTF-16 and UTF-32 without one: NUL bytes are expected there
_WIDE_STARTS = (b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff", b"<\x00", b"\x00<", b"\x00\x00\x00<")
# libxml2's advice to programmers, which means nothing to the person reading the message (removed as plain
# strings: a parser's message may quote kilobytes of the source, where a pattern could backtrack)
_LIBXML2_HINTS = ("use XML_PARSE_HUGE option", "try XML_PARSE_HUGE", "see xmlCtxtSetMaxAmplification.",
                  "see xmlCtxtSetMaxAmplification")
# what of a parser's message is kept: it may quote a namespace URI or a name of any length
MAX_MESSAGE = 300
# Files of the running system: readable, regular-looking, and never a source (/proc/self/environ holds the
# build's environment).
_SYSTEM_FOLDERS = ("/proc/", "/sys/", "/dev/")


@dataclass(frozen=True, order=True)
class Problem:
    """One finding about one file, printed in compiler style."""

    file: str
    line: int
    column: int
    message: str
    rule: str = ""
    severity: str = "error"
    kind: str = ""  # what found it (pipeline.validate.KINDS): grammar, rule, schema, source, stylesheet ...

    def __str__(self) -> str:
        rule = f" [{self.rule}]" if self.rule else ""
        return _one_line(f"{self.file}:{self.line}:{self.column}: {self.severity}: {self.message}{rule}")

    def as_dict(self) -> dict:
        return {"file": self.file, "line": self.line, "column": self.column, "severity": self.severity,
                "message": self.message, "rule": self.rule, "kind": self.kind}


def _one_line(text: str) -> str:
    """A message is one line: a source's line breaks or terminal controls (in a namespace, a file name) cannot
    start a line of their own."""
    return re.sub(r"[\s\x00-\x1f\x7f-\x9f\u2028\u2029]+", " ", text).strip()


REGISTER_LISTS = tuple(f"{{{TEI_NS}}}{name}" for name in ("listPerson", "listPlace", "listOrg"))


def is_register_shape(root: str, children: list[str], standoff: list[str]) -> bool:
    """What a register is, the one definition (the build's quick look and a loaded source alike): a TEI document
    with no text whose standOff holds a list of persons, places or organisations. Its entries are what names in
    the documents point at; it is not built as a document. Any other TEI file, one holding only a standOff of
    other things included, is a document: built (and reported by validation where it is not valid TEI).

    `root` is the root element's tag, `children` the tags of its children, `standoff` those of its standOff's."""
    return (root == f"{{{TEI_NS}}}TEI" and f"{{{TEI_NS}}}text" not in children
            and any(tag in REGISTER_LISTS for tag in standoff))


class SourceError(Exception):
    """A file that cannot be read as XML (or as TEI where TEI is required)."""

    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem


@dataclass
class Source:
    """A parsed source document: the lxml tree and the bytes it was parsed from."""

    path: Path
    data: bytes
    tree: etree._ElementTree
    name: str = field(default="")  # the file name as the user gave it, for messages

    @property
    def root(self) -> etree._Element:
        return self.tree.getroot()

    @property
    def id(self) -> str:
        return self.root.get(XML_ID) or self.path.stem

    @cached_property
    def digest(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    @property
    def is_tei(self) -> bool:
        return self.root.tag in (f"{{{TEI_NS}}}TEI", f"{{{TEI_NS}}}teiCorpus")

    @property
    def is_register(self) -> bool:
        """See is_register_shape (the one definition)."""
        standoff = [c.tag for s in self.root.iterchildren(f"{{{TEI_NS}}}standOff") for c in s]
        return is_register_shape(self.root.tag, [c.tag for c in self.root], standoff)

    def xml_text(self) -> str:
        """The root element serialised for Saxon: no DOCTYPE, no entity references left."""
        return etree.tostring(self.root, encoding="unicode")

    def problem(self, element, message: str, rule: str = "", severity: str = "error", kind: str = "") -> Problem:
        line = getattr(element, "sourceline", None) or 1
        return Problem(self.name, line, self.column_of(element), message, rule, severity, kind)

    def column_of(self, element) -> int:
        """The column of an element's start tag (lxml records only lines), found in the source text."""
        line = getattr(element, "sourceline", None)
        if not line:
            return 1
        located = self._located_lines.get(line)
        if located is None:
            # each line's start tags are found once, however many problems it holds (a file on one line with
            # thousands of failing elements: linear, not quadratic); ids are safe keys, the elements are held by
            # _elements_by_line
            elements = self._elements_by_line.get(line, ())
            starts = [m.start() for m in _START_TAG.finditer(self._lines[line - 1])] if line <= len(self._lines) else []
            located = self._located_lines[line] = ({id(e): i for i, e in enumerate(elements)}, starts)
        positions, starts = located
        index = positions.get(id(element))
        return starts[index] + 1 if index is not None and index < len(starts) else 1

    @cached_property
    def _located_lines(self) -> dict[int, tuple[dict[int, int], list[int]]]:
        return {}

    @cached_property
    def _lines(self) -> list[str]:
        encoding = self.tree.docinfo.encoding or "utf-8"
        try:
            text = self.data.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            text = self.data.decode("utf-8", errors="replace")
        return text.lstrip("\ufeff").split("\n")

    @cached_property
    def _elements_by_line(self) -> dict[int, list]:
        by_line: dict[int, list] = {}
        for element in self.root.iter():
            if element.sourceline:
                by_line.setdefault(element.sourceline, []).append(element)
        return by_line


def _parser(entities: bool | str = False, collect_ids: bool = True) -> etree.XMLParser:
    # Measured: resolve_entities="internal" and collect_ids=False each make libxml2 read an external DTD
    # subset; they are used only where the loader has made sure there is none.
    return etree.XMLParser(resolve_entities=entities, no_network=True, load_dtd=False, dtd_validation=False,
                           huge_tree=False, remove_comments=False, strip_cdata=True, collect_ids=collect_ids)


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def load(path: Path | str, name: str | None = None) -> Source:
    """Read and parse one XML file; raise SourceError with FILE:LINE:COL when it cannot be used."""
    path = Path(path)
    name = name or str(path)
    return parse_bytes(read_source(path, name), path, name)


def read_source(path: Path, name: str) -> bytes:
    """A source's bytes, read only from a regular file: never through a symbolic link, never from a FIFO, a
    device or a socket (opened without blocking, then checked), never from /proc, /sys or /dev, and never more
    than MAX_SOURCE_BYTES."""
    def fail(message: str):
        raise SourceError(Problem(name, 1, 1, message))

    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW | os.O_CLOEXEC)
    except OSError as error:
        if error.errno == errno.ELOOP:
            fail("a symbolic link: not followed (name the file it points to)")
        if error.errno == errno.ENOENT:
            fail("no such file")
        fail(f"cannot read file: {error.strerror}")
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            kind = ("a folder" if stat.S_ISDIR(info.st_mode) else "a FIFO" if stat.S_ISFIFO(info.st_mode)
                    else "a socket" if stat.S_ISSOCK(info.st_mode) else "a device")
            fail(f"not a file: {kind}, not read")
        if os.path.realpath(path).startswith(_SYSTEM_FOLDERS):
            fail("a file of the running system (/proc, /sys or /dev): not read")
        if info.st_size > MAX_SOURCE_BYTES:
            fail(f"file is larger than {MAX_SOURCE_BYTES // (1024 * 1024)} MiB")
        chunks, size = [], 0
        while size <= MAX_SOURCE_BYTES:  # the size may have changed since fstat
            chunk = os.read(descriptor, min(1 << 20, MAX_SOURCE_BYTES + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > MAX_SOURCE_BYTES:
            fail(f"file is larger than {MAX_SOURCE_BYTES // (1024 * 1024)} MiB")
        return b"".join(chunks)
    except OSError as error:
        fail(f"cannot read file: {error.strerror}")
    finally:
        os.close(descriptor)


def parse_bytes(data: bytes, path: Path, name: str) -> Source:
    def fail(message: str, line: int = 1, column: int = 1):
        raise SourceError(Problem(name, line, column, message))

    if not data.strip():
        fail("empty file")
    if data.strip() in (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"):
        fail("the file holds only a byte-order mark")
    if data[:2] == b"\x1f\x8b":
        fail("gzip-compressed data, not XML (decompress it first)")
    _refuse_binary_and_wrong_width(data, fail)
    # A repeated xml:id is a validity finding (Schematron rule xml-id-unique), not a reason to refuse the file,
    # so ids are not collected where that is safe: without a DOCTYPE there is no DTD libxml2 could read.
    parser = _parser(collect_ids=not _surely_without_doctype(data))
    root = _parse(data, parser, fail)
    tree = root.getroottree()
    _refuse_misdeclared_8bit(data, fail)
    if tree.docinfo.internalDTD is not None:
        _refuse_external_declarations(data, tree, fail)
    # With an external DTD named, libxml2 only warns of an undeclared entity and drops it, even from an
    # attribute value: that would lose text silently.
    for entry in parser.error_log:
        if entry.type_name == "WAR_UNDECLARED_ENTITY":
            entity = re.sub(r"^Entity '(.*)' not defined$", r"\1", entry.message.strip())
            fail(f"entity reference &{entity}; is not declared in the document: it would need the external DTD, "
                 "which is never loaded", entry.line or 1, entry.column or 1)
    reference = next(root.iter(etree.Entity), None)
    # An entity in an attribute value leaves no node to find, and lxml would serialise it as a reference that
    # Saxon, handed the root element without its DOCTYPE, cannot resolve: any use of a declared entity counts.
    used = reference.name if reference is not None else _declared_entity_used(data, tree)
    if used:
        if tree.docinfo.system_url or tree.docinfo.public_id:
            fail(f"entity reference &{used}; would need the external DTD, which is never loaded",
                 (reference.sourceline or 1) if reference is not None else 1)
        tree = _parse(data, _parser("internal"), fail).getroottree()
    source = Source(path=path, data=data, tree=tree, name=name)
    _refuse_beyond_limits(source)
    return source


def _declared_entity_used(data: bytes, tree: etree._ElementTree) -> str:
    """The name of an entity the internal subset declares and the document refers to (in an attribute value,
    say), or ''."""
    dtd = tree.docinfo.internalDTD
    if dtd is None:
        return ""
    names = [entity.name for entity in dtd.iterentities()]
    if not names:
        return ""
    text = data.decode(tree.docinfo.encoding or "utf-8", errors="replace")
    return next((name for name in names if f"&{name};" in text), "")


def _surely_without_doctype(data: bytes) -> bool:
    """True when the bytes are in an ASCII-compatible encoding (what the pattern can see) and hold no DOCTYPE."""
    start = data.lstrip(b"\xef\xbb\xbf").lstrip()
    return start.startswith(b"<") and not start.startswith(b"<\x00") and b"<!DOCTYPE" not in data


def _parse(data: bytes, parser: etree.XMLParser, fail) -> etree._Element:
    try:
        root = etree.fromstring(data, parser, base_url=None)
    except etree.XMLSyntaxError as error:
        line, column = error.position or (1, 1)
        message = parser_message(error.msg or str(error))
        if "limit" in message or "Excessive depth" in message or "amplification" in message:
            message += " (a limit of the loader)"
        fail(f"not well-formed XML: {message}", max(line or 1, 1), max(column or 1, 1))
    return root


def parser_message(message: str) -> str:
    """libxml2's message made readable: without its position (given apart), its advice to programmers and
    what it quotes beyond MAX_MESSAGE characters. No regular expression: the message quotes the source."""
    position = message.rfind(", line ")
    if position >= 0 and ", column " in message[position:]:
        message = message[:position]
    for hint in _LIBXML2_HINTS:
        message = message.replace(hint, "")
    message = " ".join(message.split()).rstrip(" ,")
    return message if len(message) <= MAX_MESSAGE else message[:MAX_MESSAGE] + "…"


# The limits, checked cheaply first: libxml2's XPath for depth and attribute counts, and a byte pattern for a
# markup construct over 1,000 characters long, without which no name can be too long and no start tag can hold
# too many namespace declarations. Only a document that may break a limit is walked in Python to say where.
_TOO_DEEP = etree.XPath("boolean(" + "/*" * (MAX_DEPTH + 1) + ")")
_MANY_ATTRIBUTES = etree.XPath(f"boolean(//*[count(@*) > {MAX_ATTRIBUTES}])")
_LONG_TAG = re.compile(rb"<[^<>]{%d}" % MAX_NAME)


def _refuse_beyond_limits(source: Source) -> None:
    if not (_TOO_DEEP(source.tree) or _MANY_ATTRIBUTES(source.tree) or _LONG_TAG.search(source.data)):
        return

    def fail(element, message: str):
        raise SourceError(source.problem(element, f"{message} (a limit of the loader)"))

    depth = 0
    for event, element in etree.iterwalk(source.root, events=("start", "end")):
        if event == "end":
            depth -= 1
            continue
        depth += 1
        local = etree.QName(element).localname
        if depth > MAX_DEPTH:
            fail(element, f"elements nested more than {MAX_DEPTH} deep (<{local}> is at depth {depth})")
        parent = element.getparent()
        declared = [p or "" for p, uri in element.nsmap.items() if parent is None or parent.nsmap.get(p) != uri]
        if len(element.attrib) + len(declared) > MAX_ATTRIBUTES:
            fail(element, f"<{local}> has more than {MAX_ATTRIBUTES} attributes and namespace declarations")
        names = [local, element.prefix or "", *declared, *(etree.QName(a).localname for a in element.attrib)]
        if max(map(len, names)) > MAX_NAME:
            fail(element, f"a name longer than {MAX_NAME} characters")
    for instruction in source.root.iter(etree.PI):
        if len(instruction.target) > MAX_NAME:
            fail(instruction, f"a name longer than {MAX_NAME} characters")


def _refuse_binary_and_wrong_width(data: bytes, fail) -> None:
    """Binary data, archives, and a declaration of UTF-16 or UTF-32 over 8-bit bytes: named, not parsed."""
    if data[:4] == b"PK\x03\x04":
        fail("a zip archive (for example .docx or .odt), not XML")
    nul = data.find(b"\x00")
    if nul >= 0 and not data.startswith(_WIDE_STARTS):
        fail("a NUL byte: binary data, not XML text", *_line_col(data.decode("latin-1"), nul))
    declared = _DECLARED_ENCODING.match(data.lstrip(b"\xef\xbb\xbf"))
    if declared and re.fullmatch(rb"(?i)(utf|ucs)-?(16|32|2|4)\w*", declared.group(1)):
        fail(f"the XML declaration says encoding=\"{declared.group(1).decode()}\" but the file is written in an "
             "8-bit encoding (UTF-8?): correct the declaration", 1, declared.start(1) + 1)


def _refuse_misdeclared_8bit(data: bytes, fail) -> None:
    """A declaration of a one-byte encoding (ISO-8859-1, Windows-1252 ...) over UTF-8 bytes would turn every
    accented letter into two wrong ones: refused rather than read as declared."""
    declared = _DECLARED_ENCODING.match(data)
    eight_bit = re.search(rb"[\x80-\xff]", data)
    if not declared or not eight_bit:
        return
    try:
        codec = codecs.lookup(declared.group(1).decode("ascii")).name
        data.decode("utf-8")
    except (LookupError, UnicodeDecodeError):
        return
    if re.match(r"(iso8859|cp125|windows-125|latin|koi8|mac-)", codec):
        fail(f"the XML declaration says encoding=\"{declared.group(1).decode()}\" but the file is UTF-8: correct "
             "the declaration", *_line_col(data.decode("latin-1"), eight_bit.start()))


def _refuse_external_declarations(data: bytes, tree: etree._ElementTree, fail) -> None:
    """Entities may come only from the document's own internal subset: no external or parameter entities."""
    text = data.decode(tree.docinfo.encoding or "utf-8", errors="replace")
    external = _EXTERNAL_ENTITY.search(text)
    if external:
        kind = "parameter entity" if external.group(1) else "entity"
        fail(f"external {kind} '{external.group(2)}' refused: external entities are never loaded",
             *_line_col(text, external.start()))
    parameter = _PARAMETER_ENTITY.search(text)
    if parameter:
        fail(f"parameter entity '{parameter.group(1)}' refused", *_line_col(text, parameter.start()))


def as_tei_p5(source: Source) -> tuple[Source, list[str]]:
    """The source as TEI P5: itself, or, for TEI P4, converted in memory (pipeline.p4) with what was changed; a
    source that is neither is refused as require_tei refuses it. The converted source keeps the bytes it was read
    from and its elements their lines."""
    from . import p4
    if not p4.is_p4(source.root):
        require_tei(source)
        return source, []
    root, changes = p4.convert(source.root)
    return Source(path=source.path, data=source.data, tree=root.getroottree(), name=source.name), changes


def require_tei(source: Source) -> None:
    """Refuse documents that are not TEI P5, naming what they are instead."""
    root = source.root
    if source.is_tei:
        return
    local = etree.QName(root).localname
    if root.tag in ("TEI.2", "teiCorpus.2") or (local == "TEI" and not etree.QName(root).namespace):
        message = ("TEI P4 or TEI without namespace is not supported: convert it to TEI P5 "
                   f"(root element <{root.tag}>, expected <TEI xmlns=\"{TEI_NS}\">)")
    else:
        namespace = etree.QName(root).namespace
        message = (f"not a TEI P5 document: root element <{local}>"
                   + (f" in namespace {namespace}" if namespace else " in no namespace"))
    raise SourceError(source.problem(root, message))
