"""Where a schema named by URI is to be found on this machine: OASIS XML Catalogs 1.1, read offline.

A file may name its schema by a web address (`<?xml-model href="http://www.tei-c.org/.../tei_all.rng"?>`); the
pipeline never fetches it. A catalogue maps such an address (or any href) to a local file: the files given with
`--catalog` and those in the standard XML_CATALOG_FILES variable (space-separated, as libxml2 reads it). Entries
read: uri, system, rewriteURI, rewriteSystem, uriSuffix, systemSuffix, delegateURI, delegateSystem, nextCatalog,
group (xml:base is honoured everywhere). A mapping to anything but a local file counts as no mapping.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

from lxml import etree

from .xmlload import SourceError, load

CATALOG_NS = "urn:oasis:names:tc:entity:xmlns:xml:catalog"
ENVIRONMENT = "XML_CATALOG_FILES"
XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"
# nextCatalog and delegate chains: deeper than this is a loop or a mistake
MAX_CATALOG_DEPTH = 8


class CatalogError(Exception):
    """A catalogue file that cannot be read (one line, naming the file)."""


@dataclass
class _Entries:
    exact: dict[str, str] = field(default_factory=dict)        # uri and system: name -> target URI
    rewrites: list[tuple[str, str]] = field(default_factory=list)  # (start string, prefix)
    suffixes: list[tuple[str, str]] = field(default_factory=list)  # (suffix, target URI)
    delegates: list[tuple[str, str]] = field(default_factory=list)  # (start string, catalogue URI)
    next: list[str] = field(default_factory=list)


class Catalog:
    """An ordered list of catalogue files, read once each, consulted in order."""

    def __init__(self, files: list[Path | str] = ()):
        self.files = [_as_uri(str(f)) for f in files]
        self._read: dict[str, _Entries] = {}

    # equal catalogues (the same files) share compiled schemas: see pipeline.validate's caches
    def __eq__(self, other) -> bool:
        return isinstance(other, Catalog) and self.files == other.files

    def __hash__(self) -> int:
        return hash(tuple(self.files))

    @classmethod
    def from_environment(cls, extra: list[Path] = ()) -> "Catalog":
        """The files given (first) and those of XML_CATALOG_FILES."""
        listed = os.environ.get(ENVIRONMENT, "").split()
        return cls([*extra, *listed])

    def resolve(self, uri: str) -> Path | None:
        """The local file a URI (or a system identifier) is mapped to, or None."""
        for catalog in self.files:
            found = self._lookup(catalog, uri, 0)
            if found:
                local = _local_path(found)
                if local is not None:
                    return local
        return None

    def _lookup(self, catalog: str, uri: str, depth: int) -> str | None:
        if depth > MAX_CATALOG_DEPTH:
            raise CatalogError(f"{_shown(catalog)}: catalogues chained more than {MAX_CATALOG_DEPTH} deep")
        entries = self._entries(catalog)
        if uri in entries.exact:
            return entries.exact[uri]
        rewrite = max((r for r in entries.rewrites if uri.startswith(r[0])), key=lambda r: len(r[0]), default=None)
        if rewrite:
            return rewrite[1] + uri[len(rewrite[0]):]
        suffix = max((s for s in entries.suffixes if uri.endswith(s[0])), key=lambda s: len(s[0]), default=None)
        if suffix:
            return suffix[1]
        delegates = sorted((d for d in entries.delegates if uri.startswith(d[0])), key=lambda d: -len(d[0]))
        if delegates:  # a delegated URI is looked up only in the catalogues it is delegated to
            for _, delegate in delegates:
                found = self._lookup(delegate, uri, depth + 1)
                if found:
                    return found
            return None
        for following in entries.next:
            found = self._lookup(following, uri, depth + 1)
            if found:
                return found
        return None

    def _entries(self, catalog: str) -> _Entries:
        if catalog not in self._read:
            self._read[catalog] = _Entries()  # a catalogue that names itself reads as empty the second time
            self._read[catalog] = _read_catalog(catalog)
        return self._read[catalog]


def _read_catalog(catalog: str) -> _Entries:
    path = _local_path(catalog)
    if path is None:
        raise CatalogError(f"{catalog}: a catalogue must be a local file (nothing is fetched)")
    try:
        root = load(path).root
    except SourceError as error:
        raise CatalogError(f"catalogue {error.problem}") from None
    if root.tag != f"{{{CATALOG_NS}}}catalog":
        raise CatalogError(f"{path}: not an OASIS XML catalogue (root element <{etree.QName(root).localname}>)")
    entries = _Entries()
    root_base = path.resolve().as_uri()
    _collect(root, urljoin(root_base, root.get(XML_BASE)) if root.get(XML_BASE) else root_base, entries)
    return entries


def _collect(element: etree._Element, base: str, entries: _Entries) -> None:
    """The entries of a catalogue or group element whose own base (xml:base applied) is `base`."""
    for child in element.iterchildren(etree.Element):
        namespace, kind = etree.QName(child).namespace, etree.QName(child).localname
        if namespace != CATALOG_NS:
            continue
        here = urljoin(base, child.get(XML_BASE)) if child.get(XML_BASE) else base

        def target(attribute: str) -> str:
            return urljoin(here, child.get(attribute, "").strip())
        if kind in ("uri", "system"):
            name = child.get("name" if kind == "uri" else "systemId", "").strip()
            if name:
                entries.exact.setdefault(name, target("uri"))
        elif kind in ("rewriteURI", "rewriteSystem"):
            start = child.get("uriStartString" if kind == "rewriteURI" else "systemIdStartString", "").strip()
            if start:
                entries.rewrites.append((start, target("rewritePrefix")))
        elif kind in ("uriSuffix", "systemSuffix"):
            suffix = child.get("uriSuffix" if kind == "uriSuffix" else "systemIdSuffix", "").strip()
            if suffix:
                entries.suffixes.append((suffix, target("uri")))
        elif kind in ("delegateURI", "delegateSystem"):
            start = child.get("uriStartString" if kind == "delegateURI" else "systemIdStartString", "").strip()
            if start:
                entries.delegates.append((start, target("catalog")))
        elif kind == "nextCatalog":
            entries.next.append(target("catalog"))
        elif kind == "group":
            _collect(child, here, entries)


def _as_uri(name: str) -> str:
    return name if urlparse(name).scheme in ("file", "http", "https") else Path(name).resolve().as_uri()


def _local_path(uri: str) -> Path | None:
    parsed = urlparse(uri)
    if parsed.scheme == "file" and parsed.netloc in ("", "localhost"):
        return Path(unquote(parsed.path))
    if parsed.scheme == "" and uri:
        return Path(uri)
    return None


def _shown(uri: str) -> str:
    local = _local_path(uri)
    return str(local) if local else uri
