"""The build manifest (OUT/.build-manifest.json): what each output was made from, so that a build remakes only
what changed. It is read as untrusted: anything damaged (not JSON, not the shape written here) is ignored with a
warning, and every output is made again.

A Manifest holds the previous build's record and the one this build writes: an output still current is kept,
one made again is recorded with the key of what it was made from and its size and modification time (an output
changed since by anyone else is made again); each document has an entry with its warnings, its summary (what
the site pages read of it) and its views; the search index has, for each of its parts, the key of the pages it
was made from and its files."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

from .atomic import write_atomic
from .xmlload import Problem

MANIFEST = ".build-manifest.json"
VIEWS = ("reading", "diplomatic")
_PROBLEM_FIELDS = {"file": str, "line": int, "column": int, "message": str, "rule": str, "severity": str, "kind": str}


class Manifest:
    """The previous build's record (`previous`) and this build's, written by write()."""

    def __init__(self, out: Path, previous: dict | None = None, damaged: Problem | None = None):
        self.out = out
        self.previous = previous or {}
        self.damaged = damaged  # the warning of a damaged manifest, which was ignored
        self.outputs: dict[str, dict] = {}
        self.documents: dict[str, dict] = {}
        self.registers: dict = {}
        self.search: dict = {}

    @classmethod
    def read(cls, out: Path) -> Manifest:
        previous, damaged = read_manifest(out)
        return cls(out, previous, damaged)

    def forget_previous(self) -> None:
        """Make everything again (--force)."""
        self.previous = {}

    # ----- outputs -----

    def is_current(self, relative: str, key: str) -> bool:
        return is_current(self.previous, self.out, relative, key)

    def keep(self, relative: str) -> None:
        """An output that was current: its record carries over."""
        self.outputs[relative] = self.previous["outputs"][relative]

    def record(self, relative: str, key: str) -> None:
        """An output just written, made from inputs with this key."""
        self.outputs[relative] = entry(self.out, relative, key)

    def written_before(self, relative: str) -> bool:
        """Did an earlier build write this output (and record it)?"""
        return relative in self.previous.get("outputs", {})

    # ----- documents -----

    def previous_document(self, document_path: str) -> dict:
        found = self.previous.get("documents", {}).get(document_path, {})
        return found if isinstance(found, dict) else {}

    def previous_views(self, document_path: str, key: str) -> tuple[str, ...] | None:
        """The views the document had when it was last built from inputs with this key, None if not known."""
        document = self.previous_document(document_path)
        views = document.get("views")
        if document.get("key") != key or not isinstance(views, list) or not views or not set(views) <= set(VIEWS):
            return None
        return tuple(views)

    def previous_summary(self, document_path: str) -> str | None:
        text = self.previous_document(document_path).get("summary")
        return text if isinstance(text, str) else None

    def keep_document(self, document_path: str) -> list[Problem]:
        """A document that is up to date: its entry carries over; returns its warnings."""
        document = self.previous_document(document_path)
        self.documents[document_path] = document
        return [Problem(**w) for w in document.get("warnings", [])]

    def record_document(self, document_path: str, *, source: str, key: str, warnings: list[Problem],
                        summary: str | None, views: tuple[str, ...]) -> None:
        self.documents[document_path] = {"source": source, "key": key, "warnings": [asdict(w) for w in warnings],
                                         "summary": summary, "views": list(views)}

    def forget_document(self, document_path: str) -> None:
        self.documents.pop(document_path, None)

    def summary(self, document_path: str) -> str | None:
        text = self.documents.get(document_path, {}).get("summary")
        return text if isinstance(text, str) else None

    # ----- the registers: validated by the command, their findings kept -----

    def previous_registers(self, key: str) -> tuple[list[Problem], list[Problem]] | None:
        """The registers' problems and warnings when they were last validated with this key."""
        previous = self.previous.get("registers", {})
        if not isinstance(previous, dict) or previous.get("key") != key or "warnings" not in previous:
            return None
        return ([Problem(**p) for p in previous.get("problems", [])],
                [Problem(**p) for p in previous.get("warnings", [])])

    def record_registers(self, key: str, problems: list[Problem], warnings: list[Problem]) -> None:
        self.registers = {"key": key, "problems": [asdict(p) for p in problems],
                          "warnings": [asdict(w) for w in warnings]}

    # ----- the search index: a key for each part, and its files -----

    def search_files_before(self) -> list[str]:
        """The files of the previous build's search index (as recorded: the caller checks each path)."""
        previous = self.previous.get("search", {})
        files = previous.get("files", []) if isinstance(previous, dict) else []
        return [f for f in files if isinstance(f, str)] if isinstance(files, list) else []

    def previous_search_part(self, number: int, key: str) -> tuple[str, list[str]] | None:
        """Where the previous index's part `number` lay in html/pagefind/ and its files, if it was made with this
        key and every file is as it wrote it."""
        previous = self.previous.get("search", {})
        parts = previous.get("parts", []) if isinstance(previous, dict) else []
        part = parts[number] if isinstance(parts, list) and number < len(parts) else None
        if not isinstance(part, dict) or part.get("key") != key or not isinstance(part.get("prefix"), str):
            return None
        files = part.get("files")
        if not isinstance(files, list) or not files or not all(isinstance(f, str) for f in files):
            return None
        return (part["prefix"], files) if all(self.is_current(f, key) for f in files) else None

    def record_search(self, parts: list[tuple[str, str, list[str]]], files: list[str]) -> None:
        """Each part's key, place and files, and every file of the index (the parts' and the list of parts)."""
        self.search = {"parts": [{"key": key, "prefix": prefix, "files": part_files}
                                 for key, prefix, part_files in parts], "files": files}

    def keep_previous_search(self) -> None:
        """The previous index left as it is (this build could not make a new one): its record and its files'."""
        previous = self.previous.get("search")
        outputs = self.previous.get("outputs")
        if not isinstance(previous, dict) or not isinstance(outputs, dict):
            return
        for relative in self.search_files_before():
            if isinstance(outputs.get(relative), dict):
                self.outputs[relative] = outputs[relative]
        self.search = previous

    def write(self, version: str) -> None:
        record = {"version": version, "outputs": self.outputs, "documents": self.documents,
                  "registers": self.registers, "search": self.search}
        if record == self.previous:
            return  # a build that changed nothing (the manifest of 1,331 letters is 6 MB of JSON)
        write_atomic(self.out / MANIFEST, json.dumps(record, indent=1, sort_keys=True))


def read_manifest(out: Path) -> tuple[dict, Problem | None]:
    """The manifest of an earlier build ({} if there is none) and a warning when it is damaged."""
    path = out / MANIFEST
    if not path.exists():
        return {}, None
    try:
        manifest = json.loads(path.read_bytes().decode("utf-8"))
        problem = _shape_problem(manifest)
    except (OSError, ValueError, RecursionError) as error:
        problem = str(error).split("\n")[0][:200] or type(error).__name__
    if problem is None:
        return manifest, None
    return {}, Problem(str(path), 1, 1, f"the build manifest is damaged ({problem}): ignored, every output is "
                                        "made again", "manifest", "warning")


def _shape_problem(manifest) -> str | None:
    if not isinstance(manifest, dict):
        return "not a JSON object"
    outputs = manifest.get("outputs", {})
    if not isinstance(outputs, dict):
        return '"outputs" is not an object'
    for relative, entry in outputs.items():
        if not (isinstance(entry, dict) and isinstance(entry.get("key"), str) and isinstance(entry.get("stat"), list)
                and len(entry["stat"]) == 2 and all(type(n) is int for n in entry["stat"])):
            return f'the entry of output "{relative[:100]}" is not one this build writes'
    documents = manifest.get("documents", {})
    if not isinstance(documents, dict):
        return '"documents" is not an object'
    for entry in documents.values():
        if not isinstance(entry, dict) or not _problems_ok(entry.get("warnings", [])):
            return "a document's entry is not one this build writes"
    registers = manifest.get("registers", {})
    if not isinstance(registers, dict) or not all(_problems_ok(registers.get(k, [])) for k in ("problems", "warnings")):
        return '"registers" is not an object this build writes'
    return None


def _problems_ok(problems) -> bool:
    return isinstance(problems, list) and all(
        isinstance(p, dict) and set(p) == set(_PROBLEM_FIELDS)
        and all(type(p[name]) is kind for name, kind in _PROBLEM_FIELDS.items()) for p in problems)


def is_current(manifest: dict, out: Path, relative: str, key: str) -> bool:
    """True when the output is there as the manifest recorded it, made from inputs with this key."""
    entry = manifest.get("outputs", {}).get(relative)
    try:
        stat = (out / relative).stat()
    except (OSError, ValueError):  # (a damaged manifest's path: a NUL)
        return False
    # size and modification time as recorded: an output another build (or a killed one) wrote since is redone
    return bool(entry) and entry.get("key") == key and [stat.st_size, stat.st_mtime_ns] == entry.get("stat")


def entry(out: Path, relative: str, key: str) -> dict:
    stat = (out / relative).stat()
    return {"key": key, "stat": [stat.st_size, stat.st_mtime_ns]}
