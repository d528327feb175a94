"""Finding the sources and naming them: discover the files below the folders given, take a quick look at each
(scan: its kind, root xml:id and digest, read as the loader reads it), and give each its document path
(pipeline/names.py). Messages name a file by display_name, which cannot forge a line of the report."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, replace
from pathlib import Path

from lxml import etree

from . import names
from .schemas import xml_model_instructions
from .xmlload import XML_ID, Problem, Source, SourceError, as_tei_p5, load, parse_bytes, read_source

RULE_NAMING = "document-path"


def discover(paths: list[Path]) -> list[Path]:
    """XML files named, or found below named folders (*.xml, *.tei), in a stable order."""
    return [path for path, _ in discover_with_folders(paths)]


def discover_with_folders(paths: list[Path]) -> list[tuple[Path, tuple[str, ...]]]:
    """Each file with its folders relative to the folder named on the command line (none for a file named).

    Hidden files and folders are passed over; symbolic links to folders are not followed (a link to a file is
    listed, and the loader refuses it by name), so that nothing outside the named folders is read."""
    found: dict[Path, tuple[str, ...]] = {}
    for path in paths:
        if not path.is_dir():
            found.setdefault(path, ())
            continue
        below = []
        for folder, folders, files in os.walk(path):  # symbolic links to folders are not descended into
            folders[:] = [f for f in folders if not f.startswith(".")]
            below += [Path(folder, f) for f in files if not f.startswith(".") and Path(f).suffix in (".xml", ".tei")]
        for file in sorted(below):
            found.setdefault(file, file.relative_to(path).parts[:-1])
    return list(found.items())


def load_all(paths: list[Path], report, *, tei_only: bool = True) -> list[Source]:
    """The files loaded as TEI (P4 converted in memory); each refusal added to the report (a BuildReport)."""
    sources = []
    for path in paths:
        try:
            source = load(path, display_name(path))
            if tei_only:
                source, _ = as_tei_p5(source)  # TEI P4 converted in memory, as the worker that builds it does
            sources.append(source)
        except SourceError as error:
            report.failures.append(error.problem)
            report.refused.append(error.problem.file)
    return sources


def display_name(path: Path) -> str:
    """The file as messages name it: relative to the current folder where it lies below it, with control
    characters and bytes that are not UTF-8 escaped (a file name cannot forge a line of the report)."""
    try:  # the folders resolved, not the file: a symbolic link is named as itself, not as what it points to
        shown = str((Path(os.path.realpath(path.parent)) / path.name).relative_to(Path.cwd()))
    except (ValueError, OSError):
        shown = str(path)
    return names.readable(shown)


@dataclass(frozen=True)
class Candidate:
    """What a quick look at a file tells before it is built: its kind, its root xml:id, the digest of its bytes,
    the schemas it declares, and what links to and between documents are made of (its @target values and its
    xml:ids, read as strings: what they mean is the stylesheets' business); then its document path
    (names.document_paths)."""

    path: Path
    name: str
    digest: str
    root_id: str
    is_register: bool
    folders: tuple[str, ...] = ()
    problem: Problem | None = None  # the file cannot be read at all (the loader's reason)
    document_path: str = ""
    schemas: tuple[tuple[str, int], ...] = ()  # its xml-model instructions: (text, line)
    targets: tuple[str, ...] = ()  # the distinct tokens of its @target attributes
    ids: frozenset[str] = frozenset()  # its xml:id values
    size: int = 0  # of its bytes

    @property
    def id(self) -> str:
        return self.document_path.rpartition("/")[2]

    def named(self) -> names.Named:
        return names.Named(self.name, self.root_id, self.folders, self.path.stem)


def scan(path: Path, folders: tuple[str, ...] = ()) -> Candidate:
    """Read a file's bytes and parse them with the loader, keeping only a few strings (found by lxml, in C: this
    is the build's first step, before any worker has work). A file the loader refuses is named by its file name
    alone; the worker that builds it reports why, with its line and column."""
    name = display_name(path)
    try:
        data = read_source(path, name)
    except SourceError as error:
        return Candidate(path, name, "", "", False, folders, error.problem)
    digest = hashlib.sha256(data).hexdigest()
    try:
        source = parse_bytes(data, path, name)
    except SourceError:
        return Candidate(path, name, digest, "", False, folders, size=len(data))
    root = source.root
    targets = (token for target in _TARGETS(root) for token in target.split())
    return Candidate(path, name, digest, root.get(XML_ID, ""), source.is_register, folders,
                     schemas=tuple(xml_model_instructions(root)), targets=tuple(dict.fromkeys(targets)),
                     ids=frozenset(_IDS(root)), size=len(data))


# plain strings: lxml's "smart" ones hold their element, and with it the whole tree, for as long as they are kept
_IDS = etree.XPath("//@xml:id", smart_strings=False)
_TARGETS = etree.XPath("//@target", smart_strings=False)


def name_documents(candidates: list[Candidate], files: tuple[str, ...]) -> tuple[list[Candidate], list[Problem]]:
    """Each candidate with its document path, and the warnings of the names that were not what they wanted;
    `files` are the output file patterns of a document (build.DOCUMENT_FILES)."""
    paths, notes = names.document_paths([c.named() for c in candidates], files)
    named = [replace(c, document_path=p) for c, p in zip(candidates, paths)]
    return named, [Problem(note.file, 1, 1, note.message(), RULE_NAMING, "warning", "naming") for note in notes]
