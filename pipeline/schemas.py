"""Schemas from files: which ones a document declares, and reading them safely.

A document names its schemas with `<?xml-model href="..." schematypens="..."?>` before its root element (W3C,
"Associating Schemas with XML documents"). An href is resolved relative to the document, or mapped through the
catalogue (pipeline.catalog); nothing is ever fetched: a web address the catalogue does not map is "not available
offline". Kinds read: RELAX NG in the XML syntax (.rng) and the compact syntax (.rnc), ISO Schematron (and 1.5),
and Schematron embedded in a RELAX NG grammar (a Schematron xml-model naming a grammar).

Every schema file is untrusted: it is read by the hardened loader (no DTD, no entities, no network), a compact
one by pipeline.rnc. Includes and external references are resolved here, never by libxml2, and only to files
inside the folder of the schema named (or of a file the catalogue names), at most MAX_INCLUDE_DEPTH deep and
without loops; the grammar handed to libxml2 refers to no file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

from lxml import etree

from . import rnc
from .catalog import Catalog, CatalogError
from .schematron import SCH15_NS, SCH_NS
from .xmlload import MAX_SOURCE_BYTES, Source, SourceError, load

RNG_NS = "http://relaxng.org/ns/structure/1.0"
R = f"{{{RNG_NS}}}"
S = f"{{{SCH_NS}}}"
MAX_INCLUDE_DEPTH = 16
MAX_SCHEMA_FILES = 256
SCHEMATRON_TYPES = (SCH_NS, SCH15_NS)
_PSEUDO_ATTRIBUTE = re.compile(r"""([A-Za-z_][\w.\-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')""")


class SchemaError(Exception):
    """A schema that cannot be used: missing, not available offline, unreadable, not a schema (one line)."""


@dataclass(frozen=True)
class Part:
    """One schema file and how it is read: "relaxng" (XML or compact syntax), "schematron" (a Schematron file,
    or the rules embedded in a grammar: `embedded`)."""

    kind: str
    path: Path
    href: str  # as written (in the xml-model or on the command line)
    embedded: bool = False
    via_catalog: bool = False

    @property
    def label(self) -> str:
        what = {"relaxng": "RELAX NG compact" if self.path.suffix == ".rnc" else "RELAX NG",
                "schematron": "Schematron embedded in the grammar" if self.embedded else "Schematron"}[self.kind]
        return f"{self.href} ({what}{', via the catalogue' if self.via_catalog else ''})"


@dataclass(frozen=True)
class Declaration:
    """One xml-model instruction of a document."""

    href: str
    kind: str  # relaxng, schematron, or "" (a kind the pipeline does not read)
    schematypens: str
    line: int


def declarations(source: Source) -> list[Declaration]:
    """The xml-model instructions before the root element, in order."""
    return declarations_of(xml_model_instructions(source.root))


def xml_model_instructions(root: etree._Element) -> list[tuple[str, int]]:
    """The text and line of each xml-model instruction before a root element, in order."""
    node = root.getprevious()
    instructions = []
    while node is not None:
        if isinstance(node, etree._ProcessingInstruction) and node.target == "xml-model":
            instructions.append((node.text or "", node.sourceline or 1))
        node = node.getprevious()
    return list(reversed(instructions))


def declarations_of(instructions: list[tuple[str, int]]) -> list[Declaration]:
    """The declarations of xml-model instructions given as (text, line), in order (the build's quick look at a
    file finds them so, without the tree)."""
    found = []
    for text, line in instructions:
        attributes = {m.group(1): m.group(2) if m.group(2) is not None else m.group(3)
                      for m in _PSEUDO_ATTRIBUTE.finditer(text)}
        href = (attributes.get("href") or "").strip()
        if not href:
            continue
        namespace = (attributes.get("schematypens") or "").strip()
        media = (attributes.get("type") or "").strip().lower()
        suffix = Path(urlparse(href).path).suffix.lower()
        if namespace == RNG_NS or not namespace and (suffix in (".rng", ".rnc") or "relax-ng" in media):
            kind = "relaxng"
        elif namespace in SCHEMATRON_TYPES or not namespace and suffix == ".sch":
            kind = "schematron"
        else:
            kind = ""
        found.append(Declaration(href, kind, namespace or media or suffix, line))
    return found


def locate(href: str, base: Path | None, catalog: Catalog) -> tuple[Path, bool]:
    """The local file an href names (relative to `base`'s folder), and whether the catalogue mapped it."""
    absolute = urljoin(base.resolve().as_uri(), href) if base is not None else href
    try:
        for name in dict.fromkeys((href, absolute)):
            mapped = catalog.resolve(name)
            if mapped is not None:
                return mapped, True
    except CatalogError as error:
        raise SchemaError(str(error)) from None
    parsed = urlparse(absolute)
    if parsed.scheme == "file":
        return Path(unquote(parsed.path)), False
    if parsed.scheme:
        raise SchemaError(f"{href} is not available offline (no catalogue entry maps it to a local file)")
    return Path(href), False


# ===== reading grammars =====

def read_grammar(path: Path, catalog: Catalog, href: str | None = None, reader: "SchemaReader | None" = None
                 ) -> etree._Element:
    """A RELAX NG grammar (either syntax) with its includes and external references resolved in place."""
    return (reader or SchemaReader(catalog)).read(path, path.resolve().parent, (), href or str(path))


def read_schematron(path: Path, catalog: Catalog, reader: "SchemaReader | None" = None) -> etree._Element:
    """A Schematron schema with its sch:include elements resolved (inside its folder or through the catalogue)."""
    root = (reader or SchemaReader(catalog)).read(path, path.resolve().parent, (), str(path), schematron=True)
    if root.tag not in (S + "schema", f"{{{SCH15_NS}}}schema"):
        raise SchemaError(f"{path}: not a Schematron schema (root element <{etree.QName(root).localname}>)")
    return root


def files_read(part: Part, catalog: Catalog) -> list[Path]:
    """Every file reading a schema part reads (the file and its includes, resolved), in the order read: what a
    document checked against it depends on. SchemaError when it cannot be read."""
    reader = SchemaReader(catalog)
    if part.kind == "schematron" and not part.embedded:
        read_schematron(part.path, catalog, reader)
    else:
        read_grammar(part.path, catalog, part.href, reader)
    return reader.paths


class SchemaReader:
    """Reads a schema and what it includes, within the budgets; `paths` are the files it read."""

    def __init__(self, catalog: Catalog):
        self.catalog = catalog
        self.files = 0
        self.paths: list[Path] = []

    def read(self, path: Path, folder: Path, chain: tuple[Path, ...], shown: str,
             schematron: bool = False) -> etree._Element:
        resolved = path.resolve()
        if resolved in chain:
            loop = " -> ".join(p.name for p in (*chain, resolved))
            raise SchemaError(f"{shown}: includes loop ({loop})")
        if len(chain) > MAX_INCLUDE_DEPTH:
            raise SchemaError(f"{shown}: includes nested more than {MAX_INCLUDE_DEPTH} deep")
        self.files += 1
        self.paths.append(resolved)
        if self.files > MAX_SCHEMA_FILES:
            raise SchemaError(f"{shown}: more than {MAX_SCHEMA_FILES} schema files included")
        root = _parse(path, shown)
        chain = (*chain, resolved)
        if schematron:
            for include in list(root.iter(S + "include")):
                target = self.target(include.get("href", ""), path, folder, shown)
                included = self.read(*target, chain, shown, schematron=True)
                _replace(include, included)
            return root
        if not root.tag.startswith(R):
            raise SchemaError(f"{shown}: not a RELAX NG grammar (root element <{etree.QName(root).localname}> "
                              f"in {etree.QName(root).namespace or 'no namespace'})")
        for reference in list(root.iter(R + "externalRef", R + "include")):
            if reference.getparent() is None and reference is not root:
                continue
            target_path, target_folder = self.target(reference.get("href", ""), path, folder, shown)
            included = self.read(target_path, target_folder, chain, shown)
            if reference.tag == R + "externalRef":
                _inherit(included, reference)
                if reference is root:
                    root = included
                else:
                    _replace(reference, included)
            else:
                _include(reference, included, shown)
        return root

    def target(self, href: str, path: Path, folder: Path, shown: str) -> tuple[Path, Path]:
        if not href.strip():
            raise SchemaError(f"{shown}: an include without href")
        target, mapped = locate(href.strip(), path, self.catalog)
        target = target.resolve()
        if mapped:
            return target, target.parent
        if not target.is_relative_to(folder):
            raise SchemaError(f"{shown}: {href} lies outside the schema's folder ({folder.name}/): not read")
        return target, folder


def _parse(path: Path, shown: str) -> etree._Element:
    if path.suffix.lower() == ".rnc":
        try:
            if not path.is_file():
                raise SchemaError(f"{shown}: {'not a file' if path.exists() else 'no such file'}")
            if path.stat().st_size > MAX_SOURCE_BYTES:
                raise SchemaError(f"{shown}: larger than {MAX_SOURCE_BYTES // (1024 * 1024)} MiB")
            data = path.read_bytes()
        except OSError as error:
            raise SchemaError(f"{shown}: cannot read: {error.strerror}") from None
        try:
            text = data.decode("utf-16" if data[:2] in (b"\xff\xfe", b"\xfe\xff") else "utf-8").lstrip("\ufeff")
        except UnicodeDecodeError:
            raise SchemaError(f"{shown}: a compact schema must be UTF-8 or UTF-16") from None
        try:
            return rnc.parse(text)
        except rnc.CompactSyntaxError as error:
            raise SchemaError(f"{path}:{error.line}:{error.column}: {error.message}") from None
    try:
        return load(path).root
    except SourceError as error:
        problem = error.problem
        raise SchemaError(f"{path}:{problem.line}:{problem.column}: {problem.message}") from None


def _replace(old: etree._Element, new: etree._Element) -> None:
    new.tail = old.tail
    old.getparent().replace(old, new)


def _inherit(included: etree._Element, reference: etree._Element) -> None:
    """What an included file's root takes from the element that includes it (RELAX NG 4.5-4.7): the `ns` of the
    reference when it has none of its own; its datatype library stays its own file's (none: the empty one)."""
    if included.get("ns") is None and reference.get("ns") is not None:
        included.set("ns", reference.get("ns"))
    if included.get("datatypeLibrary") is None:
        included.set("datatypeLibrary", "")


def _include(include: etree._Element, grammar: etree._Element, shown: str) -> None:
    """RELAX NG 4.7: the included grammar's components in a div, less the start and the defines that the include
    element overrides, followed by the include's own components."""
    if grammar.tag != R + "grammar":
        raise SchemaError(f"{shown}: {include.get('href')} is included but is not a grammar")
    own = list(_components(include))
    overridden = {c.get("name") for c in own if c.tag == R + "define"}
    overrides_start = any(c.tag == R + "start" for c in own)
    for component in list(_components(grammar)):
        if component.tag == R + "start" and overrides_start or \
                component.tag == R + "define" and component.get("name") in overridden:
            component.getparent().remove(component)
    _inherit(grammar, include)
    division = etree.Element(R + "div", nsmap=grammar.nsmap)
    for name in ("ns", "datatypeLibrary"):
        if grammar.get(name) is not None:
            division.set(name, grammar.get(name))
    division.extend(list(grammar))
    replacement = etree.Element(R + "div")  # the include's own components keep what they inherited from it
    for name in ("ns", "datatypeLibrary"):
        if include.get(name) is not None:
            replacement.set(name, include.get(name))
    replacement.append(division)
    replacement.extend(list(include))
    _replace(include, replacement)


def _components(container: etree._Element):
    """start and define elements of a grammar or include, through divs."""
    for child in container.iterchildren(R + "start", R + "define", R + "div"):
        if child.tag == R + "div":
            yield from _components(child)
        else:
            yield child
