"""The document index: what the stylesheets need to know of the other documents of a build to make a link
between documents (xslt/common.xsl, e:link-parameters, decides which elements link and where).

Python only gathers strings from the build's quick look at each file (pipeline/discovery.py): each document's
source file, relative to the folder that holds every document of the build; its root xml:id; and the element
xml:ids some document's @target names as a fragment. Entries, all strings:

    "file 1958/a.xml"   -> "1958/a"      a source file -> its document path
    "id L00001"         -> "L00001"      a root xml:id -> its document path (the first document that has it)
    "element p12"       -> "1958/a 1959/b"  an xml:id named as a fragment -> the documents holding it, in order
    "source 1958/a"     -> "1958/a.xml"  a document path -> its source file (where its relative links start)

The index grows with the documents and the fragments that links name, not with all the ids of a corpus. What a
document's links resolve to goes into its outputs' key (key_part), so that a page is made again when a document
its links name is added, removed or renamed, and only then.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from pathlib import Path, PurePosixPath

from . import names
from .discovery import Candidate


class DocumentIndex:
    def __init__(self, documents: Sequence[Candidate]):
        sources = _source_files(documents)
        named = {target.partition("#")[2] for document in documents for target in document.targets} - {""}
        entries: dict[str, str] = {}
        holders: dict[str, list[str]] = {}
        for document in documents:
            entries[f"file {sources[document.path]}"] = document.document_path
            entries[f"source {document.document_path}"] = sources[document.path]
            if document.root_id:
                entries.setdefault(f"id {document.root_id}", document.document_path)
            for found in sorted((document.ids - {document.root_id}) & named):  # a root id names the page
                holders.setdefault(found, []).append(document.document_path)
        for found, paths in holders.items():
            entries[f"element {found}"] = " ".join(paths)
        self.entries = dict(sorted(entries.items()))
        # the entries a target may read, by the last name it holds: a file's name, an id
        self._by_name: dict[str, list[str]] = {}
        for key, value in self.entries.items():
            kind, _, name = key.partition(" ")
            if kind != "source":
                self._by_name.setdefault(PurePosixPath(name).name if kind == "file" else name, []).append(
                    f"{key}\0{value}")

    def key_part(self, document: Candidate) -> str:
        """What the resolution of a document's links depends on: where its source lies, and every entry its
        targets could read (for `../letters/x.xml#p3`, the files named x.xml and the documents holding p3).
        '' for a document without targets. It is a superset of what the stylesheets look up, so that no change
        that matters is missed, without the resolution rule written twice."""
        if not document.targets:
            return ""
        names = set()
        for target in document.targets:
            address, _, fragment = target.partition("#")
            names |= {PurePosixPath(address).name, fragment} - {""}
        digest = hashlib.sha256(self.entries.get(f"source {document.document_path}", "").encode("utf-8",
                                                                                              "surrogateescape"))
        for name in sorted(names):
            for entry in self._by_name.get(name, ()):
                digest.update(entry.encode("utf-8", "surrogateescape") + b"\0")
        return digest.hexdigest()


def _source_files(documents: Sequence[Candidate]) -> dict[Path, str]:
    """Each document's file, '/'-separated, relative to the innermost folder that holds them all (so that
    `../letters/x.xml` from a file of minutes/ finds letters/x.xml when both folders are built)."""
    if not documents:
        return {}
    absolute = {d.path: os.path.abspath(d.path) for d in documents}
    base = os.path.commonpath([os.path.dirname(p) for p in absolute.values()])
    # a file name that is not UTF-8 is given escaped, as messages show it (no target written in XML names it)
    return {path: names.readable(Path(os.path.relpath(found, base)).as_posix()) for path, found in absolute.items()}
