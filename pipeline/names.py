"""The one way a value from a source becomes a file name or a path: ids, refsDecl labels, file names.

A name is one path segment: letters, digits and marks of any script, `-`, `_` and `.`; not starting with `.` or
`-` (hidden files, `..`, command options) nor ending with `.`; no separator, space, control or format character
(bidi overrides), `:` (a URL scheme, a Windows drive), `%`, `#` or `?` (they would change a link); not a Windows
device name (`con`, `nul.txt`, `com1` ...); at most MAX_NAME_BYTES bytes of UTF-8. Anything else is refused, and
where a name must be found anyway (a document without a usable id) a readable one is derived by replacing what
is refused.

A document's path (`document_paths`) is its root xml:id where that is a name, else a name derived from its file
name; the folders before it mirror the source's subfolders. Paths that would share an output file (two documents,
a site page, `x` beside `x.diplomatic`, a file beside a folder of the same name, names that differ only in case
or Unicode normalisation) get distinct names, `NAME-2`, `NAME-3` ..., in the order the documents are given, with
a warning naming both files.
"""

from __future__ import annotations

import os
import stat
import unicodedata
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

# A name's UTF-8 bytes: leaves room within the 255 bytes of a file name for the longest output suffix
# (".diplomatic.typ"), a temporary file's prefix and tag (".NAME.~edition-<16 hex>.tmp") and a DTS file's
# path parameters ("NAME;tree=TREE;down=-1", where TREE is a name too).
MAX_NAME_BYTES = 100
MAX_PATH_BYTES = 1000
# Top-level document paths the site uses: its pages, its assets (edition.css, edition.js) and the DTS root
# collection (dts.ROOT_ID).
RESERVED_PATHS = ("index", "persons", "places", "organizations", "encoding", "search", "edition")
# Top-level folders the site uses in html/: the search index (search.FOLDER). A document is not put in them.
RESERVED_FOLDERS = ("pagefind",)
# Files an export names after a document path (exchange.py, dts.py), besides those of the build.
EXPORT_FILES = ("dc/{}.xml", "dts/collection/{}.json", "dts/document/{}.xml")
# Windows refuses these as file names, with any extension.
_DEVICES = {"con", "prn", "aux", "nul", "conin$", "conout$", "clock$"} | {f"{kind}{n}" for kind in ("com", "lpt")
                                                                        for n in "0123456789¹²³"}
_PUNCTUATION = "-_."
FALLBACK_NAME = "document"


class UnsafePath(Exception):
    """A path the pipeline was about to write that is not safely inside the output folder."""


def name_problem(value: object) -> str | None:
    """Why `value` cannot be used as one file or folder name; None when it can."""
    if not isinstance(value, str) or not value:
        return "it is empty"
    try:
        size = len(value.encode("utf-8"))
    except UnicodeEncodeError:
        return "it is not valid UTF-8"
    if size > MAX_NAME_BYTES:
        return f"it is longer than {MAX_NAME_BYTES} bytes"
    if value in (".", "..") or value[0] in ".-":
        return f"it starts with {value[0]!r}"
    if value.endswith("."):
        return "it ends with '.'"
    for character in value:
        if not _allowed(character):
            return f"it holds {_describe(character)}"
    if value.split(".")[0].casefold() in _DEVICES:
        return "it is a device name on Windows"
    return None


def is_name(value: object) -> bool:
    return name_problem(value) is None


def path_problem(path: str) -> str | None:
    """Why a '/'-separated relative path cannot be used (each segment a name); None when it can."""
    if not isinstance(path, str) or not path:
        return "it is empty"
    for segment in path.split("/"):
        problem = name_problem(segment)
        if problem:
            return f"{_quote(segment)}: {problem}"
    if len(path.encode("utf-8")) > MAX_PATH_BYTES:
        return f"it is longer than {MAX_PATH_BYTES} bytes"
    return None


def derived_name(text: str, fallback: str = FALLBACK_NAME) -> str:
    """A readable name made from any text (a file name, an id that cannot name a file): each run of refused
    characters becomes '-', the result is cut to MAX_NAME_BYTES at a character boundary."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    text = unicodedata.normalize("NFC", text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
                                 if _has_surrogates(text) else text)
    characters: list[str] = []
    for character in text:
        if _allowed(character):
            characters.append(character)
        elif characters and characters[-1] != "-":
            characters.append("-")
    name = "".join(characters).lstrip(".-")
    while len(name.encode("utf-8")) > MAX_NAME_BYTES:
        name = name[:-1]
    name = name.rstrip(".-")
    if not name:
        return fallback
    if name.split(".")[0].casefold() in _DEVICES:
        name = f"{fallback}-{name}"
    return name if is_name(name) else fallback


def readable(text: str) -> str:
    """A file name or value as it may be shown in a message: undecodable bytes and control characters escaped,
    so that it can neither break the output's encoding nor start a line of its own."""
    if _has_surrogates(text):
        text = text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return "".join(c if not _invisible(c) else f"\\u{ord(c):04x}" if ord(c) > 0xff else f"\\x{ord(c):02x}"
                   for c in text)


# ----- document paths -----

@dataclass(frozen=True)
class Named:
    """What names a document: its display name, its root xml:id (or ''), its folders and file stem relative to
    the folder given on the command line."""

    file: str
    root_id: str
    folders: tuple[str, ...]
    stem: str


@dataclass(frozen=True)
class Renaming:
    """A document that did not get its natural path, and why (for a warning)."""

    file: str
    wanted: str
    given: str
    reason: str

    def message(self) -> str:
        return f'document path "{self.wanted}" {self.reason}: its outputs are named "{self.given}"'


@dataclass(frozen=True)
class Unnamed:
    """A root xml:id that cannot name a file: the document is named after its file instead (a warning)."""

    file: str
    root_id: str
    problem: str
    given: str

    def message(self) -> str:
        return (f'xml:id "{readable(self.root_id[:200])}" cannot name a file ({self.problem}): the document is '
                f'named after its file, "{self.given}"')


def natural_path(named: Named) -> tuple[str, Unnamed | None]:
    """The document's own path: folders mirrored, then its root xml:id when that is a name, else its file's
    stem made into one."""
    folders = [derived_name(folder, "folder") for folder in named.folders]
    note = None
    if named.root_id and is_name(named.root_id):
        last = unicodedata.normalize("NFC", named.root_id)
    else:
        last = derived_name(named.stem)
        if named.root_id:
            note = Unnamed(named.file, named.root_id, name_problem(named.root_id) or "", last)
    path = "/".join(folders + [last])
    while len(path.encode("utf-8")) > MAX_PATH_BYTES and folders:
        folders.pop(0)  # a folder tree deeper than any file system allows: the innermost folders are kept
        path = "/".join(folders + [last])
    return path, note


def document_paths(documents: list[Named], files: tuple[str, ...], reserved: tuple[str, ...] = RESERVED_PATHS
                   ) -> tuple[list[str], list[Unnamed | Renaming]]:
    """Each document's path (in the order given) and the notes to warn of. `files` are the output file
    patterns of a document ("html/{}.html" ...): two documents may not share a file, nor a file and a folder;
    names are compared as a case-insensitive file system would. The first document to want a path has it;
    others get the first free NAME-N, whatever the order the documents are then built in."""
    notes: list[Unnamed | Renaming] = []
    wanted = []
    for named in documents:
        path, note = natural_path(named)
        wanted.append(path)
        if note:
            notes.append(note)
    claims = _Claims(files, reserved)
    given: list[str | None] = [None] * len(documents)
    for index, path in enumerate(wanted):
        if claims.conflict(path) is None:
            claims.claim(path, documents[index].file)
            given[index] = path
    for index, path in enumerate(wanted):
        if given[index] is not None:
            continue
        reason = claims.conflict(path)
        candidate = claims.free(path)
        claims.claim(candidate, documents[index].file)
        given[index] = candidate
        notes.append(Renaming(documents[index].file, path, candidate, reason))
    return [g for g in given if g is not None], notes


class _Claims:
    """The output files and folders taken so far, compared as a case-insensitive, normalising file system would."""

    def __init__(self, files: tuple[str, ...], reserved: tuple[str, ...]):
        self.patterns = files
        self.reserved = {_key(r) for r in reserved}
        self.reserved_folders = {_key(r) for r in RESERVED_FOLDERS}
        self.files: dict[str, tuple[str, str]] = {}  # key -> (owner file, output path)
        self.folders: dict[str, tuple[str, str]] = {}

    def outputs(self, path: str) -> tuple[list[str], list[str]]:
        """The output files of a document path and the folders they lie in (their "/"-separated prefixes)."""
        files = [pattern.format(path) for pattern in self.patterns]
        folders = sorted({f[:end] for f in files for end in _slashes(f)})
        return files, folders

    def conflict(self, path: str) -> str | None:
        if "/" not in path and _key(path) in self.reserved:
            return "is the name of a page of the site"
        if "/" in path and _key(path.split("/", 1)[0]) in self.reserved_folders:
            return "is in a folder of the site (its search index)"
        files, folders = self.outputs(path)
        for output in files:
            owner = self.files.get(_key(output)) or self.folders.get(_key(output))
            if owner:
                return f"is taken by {owner[0]} ({owner[1]})"
        for folder in folders:
            owner = self.files.get(_key(folder))
            if owner:
                return f"is taken by {owner[0]} ({owner[1]})"
        return None

    def free(self, path: str) -> str:
        """The first free path like `path`: a folder that is another document's file is numbered first, outermost
        first (x.html-2/b), then the name (b-2)."""
        segments = path.split("/")
        for depth in range(1, len(segments)):
            folder, number = segments[depth - 1], 1
            while self._folder_taken(segments[:depth]):
                number += 1
                segments[depth - 1] = _numbered(folder, number)
        name, number = segments[-1], 1
        while self.conflict("/".join(segments)) is not None:
            number += 1
            segments[-1] = _numbered(name, number)
        return "/".join(segments)

    def _folder_taken(self, folders: list[str]) -> bool:
        """Whether the output folders that these document folders make are files of another document."""
        prefix = "/".join(folders)
        if len(folders) == 1 and _key(folders[0]) in self.reserved_folders:
            return True
        return any(_key(str(PurePosixPath(pattern.format(f"{prefix}/x")).parent)) in self.files
                   for pattern in self.patterns)

    def claim(self, path: str, owner: str) -> None:
        files, folders = self.outputs(path)
        for output in files:
            self.files[_key(output)] = (owner, output)
        for folder in folders:
            self.folders.setdefault(_key(folder), (owner, folder))


def _slashes(path: str):
    """Where each "/" of a path is."""
    end = path.find("/")
    while end > 0:
        yield end
        end = path.find("/", end + 1)


def _numbered(name: str, number: int) -> str:
    """NAME-N, within MAX_NAME_BYTES."""
    suffix = f"-{number}"
    while len((name + suffix).encode("utf-8")) > MAX_NAME_BYTES:
        name = name[:-1]
    return (name.rstrip(".-") or FALLBACK_NAME) + suffix


def _key(path: str) -> str:
    return unicodedata.normalize("NFC", path).casefold()


# ----- writing inside the output folder -----

def output_path(root: Path, relative: str, *, create: bool = True) -> Path:
    """The file `relative` ('/'-separated) inside the folder `root`, after checking that each segment is a plain
    file name (not empty, `.` or `..`, no control character, at most 255 bytes), that no folder on the way is a
    symbolic link or anything but a folder, and that the file itself, if it exists, is a regular file: what is
    written there stays inside `root`. Missing folders are created (unless `create` is false). The names in
    `relative` that come from a source are names (name_problem) already; this is the last check before a write
    or a removal. Raises UnsafePath."""
    segments = relative.split("/") if isinstance(relative, str) else [""]
    for segment in segments:
        problem = _segment_problem(segment)
        if problem:
            raise UnsafePath(f"{readable(str(relative))} cannot be written: {problem}")
    *folders, name = segments
    current = root
    for folder in folders:
        current = current / folder
        try:
            mode = os.lstat(current).st_mode
        except FileNotFoundError:
            if not create:
                return root.joinpath(*segments)  # not there: nothing below it either
            current.mkdir(exist_ok=True)
            mode = os.lstat(current).st_mode
        if not stat.S_ISDIR(mode):
            raise UnsafePath(f"{current} is not a folder (a symbolic link or a file): nothing is written through it")
    target = current / name
    try:
        mode = os.lstat(target).st_mode
    except FileNotFoundError:
        return target
    if not stat.S_ISREG(mode):
        raise UnsafePath(f"{target} exists and is not a regular file (a symbolic link, a folder or a device): "
                         "it is not replaced")
    return target


def _segment_problem(segment: str) -> str | None:
    if segment in ("", ".", ".."):
        return f"it has the path segment {segment!r}"
    try:
        size = len(segment.encode("utf-8"))
    except UnicodeEncodeError:
        return "it is not valid UTF-8"
    if size > 255:
        return "a segment is longer than 255 bytes"
    if any(c == "\\" or _invisible(c) and c != " " for c in segment):
        return "it holds a control character or a backslash"
    return None


# ----- characters -----

def _allowed(character: str) -> bool:
    if character in _PUNCTUATION:
        return True
    category = unicodedata.category(character)
    return category[0] in "LNM" and not _invisible(character)


def _invisible(character: str) -> bool:
    """Controls, format characters (bidi overrides, zero-width), separators other than the space, surrogates,
    private use and unassigned code points."""
    category = unicodedata.category(character)
    return category in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp") or (category == "Zs" and character != " ")


def _describe(character: str) -> str:
    if character == "/" or character == "\\":
        return f"a path separator ({character})"
    if character == " ":
        return "a space"
    if _invisible(character):
        return f"the invisible character U+{ord(character):04X}"
    return f"the character {character!r}"


def _has_surrogates(text: str) -> bool:
    return any("\ud800" <= c <= "\udfff" for c in text)


def _quote(text: str) -> str:
    return f'"{readable(text[:200])}"'
