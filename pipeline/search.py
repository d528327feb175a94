"""The web edition's search index: Pagefind, run on the pages a build wrote, offline.

What is indexed is the pages' own decision (html.xsl): the reading text and the notes of each document page
(data-pagefind-body), not the diplomatic text, the headers and navigation or the site pages; the filters by
document, person, place and organisation (data-pagefind-filter). This module only runs the indexer, from the
installed package (PyPI `pagefind` with its `bin` extra, which ships the binary), and hands its files to the build.

Pagefind holds a whole index in memory while it makes it, about 25 times the size of the pages (1.6 GB for the
100 novels' pages): so the documents are indexed in parts (plan_parts), each its own bundle, and the search page
merges them (Pagefind's mergeIndex). A part is at most PART_BYTES of TEI (its pages about twice that; a larger
document is a part of its own), and of a quarter (1 / MIN_PARTS) of a corpus of more than MIN_SPLIT_BYTES at most.
The parts follow the order the build makes the documents in (the longest first), so that a part is indexed as soon
as its documents' pages are written, beside the documents still being made, and the last part, which waits for the
last documents, is one of the smallest; a part whose pages did not change is not indexed again. Its memory follows
the largest part, not the corpus. The first part is `html/pagefind/`, which the search page loads; each other is
`html/pagefind/part-N/`, and `html/pagefind/parts.json` lists them.

Pagefind writes its index into a temporary folder outside the output folder; the build then writes the files into
`html/pagefind/` one by one, each atomically and only where its bytes changed, and removes the files of the
previous index that the new one does not have (those only: the build deletes only what it wrote). Its file names
are digests of their contents and its output depends only on the pages, but for one thing: Pagefind writes its
filters, and each filter's values (the persons, places ... and the pages that name them), in the order of a hash
table seeded at random. Those files are put in one order here (canonical_filters), and named and referred to by a
digest of their new contents, so that two builds of the same pages give byte-identical indexes (tested).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import resource
import subprocess
import tempfile
import threading
from pathlib import Path


FOLDER = "pagefind"  # in html/, beside the pages; names.py keeps documents out of it
# Every document in one index, stemmed as English: Pagefind searches only the index of the search page's
# language, and the edition has one search page.
LANGUAGE = "en"
# Budgets: Pagefind indexes tens of MB of HTML in seconds; a run is stopped past these.
SECONDS = 600
MEMORY_BYTES = 4 * 1024 ** 3
PART_BYTES = 6 * 1024 ** 2  # of TEI per part of the index, at most (about 12 MB of pages, 300 MB of Pagefind's memory)
MIN_PARTS = 4  # a part of a corpus of more than MIN_SPLIT_BYTES of TEI is 1 / MIN_PARTS of it at most
MIN_SPLIT_BYTES = 1024 ** 2
PARTS_AT_ONCE = 2  # Pagefind runs at once
PARTS_LIST = "parts.json"
_UI_FILES = ("pagefind-ui", "pagefind-modular-ui", "pagefind-component-ui", "pagefind-highlight")


class SearchIndexError(Exception):
    """Pagefind could not make the index (the message says why)."""


def executable() -> Path | None:
    """Pagefind's binary from the installed pagefind_bin package, or None where it is not installed."""
    try:
        import pagefind_bin
        return pagefind_bin.get_executable()
    except (ImportError, FileNotFoundError):
        return None


def version() -> str:
    """The installed Pagefind's version (its index changes with it), or '' where it is not installed."""
    try:
        from importlib.metadata import version as installed
        return installed("pagefind_bin")
    except Exception:  # noqa: BLE001 - not installed, or installed without metadata
        return ""


def plan_parts(documents: list[tuple[str, int]]) -> list[list[str]]:
    """The parts of the index: the documents' pages (paths relative to html/), given with their sources' sizes in
    the order the build makes them, cut into consecutive parts of at most PART_BYTES of TEI, and of 1 / MIN_PARTS
    of them at most where they are more than MIN_SPLIT_BYTES (a larger document is a part alone). Sources decide, not
    pages: the parts are known before any page is written, and the same for the same sources."""
    total = sum(size for _, size in documents)
    limit = min(PART_BYTES, -(-total // MIN_PARTS)) if total > MIN_SPLIT_BYTES else PART_BYTES
    parts: list[list[str]] = [[]]
    size = 0
    for page, source_size in documents:
        if parts[-1] and size + source_size > limit:
            parts.append([])
            size = 0
        parts[-1].append(page)
        size += source_size
    return parts


def index_part(html: Path, pages: list[str]) -> dict[str, bytes]:
    """Index one part (its pages, relative to `html`, in order): the files of its bundle, by their paths in it,
    for the build to place (placed()) and write. Pagefind works in a temporary folder of its own, outside the
    output folder, on copies of the pages."""
    binary = executable()
    if binary is None:
        raise SearchIndexError("Pagefind is not installed (pip install 'pagefind[bin]'): the site has no search index")
    with tempfile.TemporaryDirectory(prefix="edition-pagefind-") as staging:
        site, bundle = Path(staging) / "site", Path(staging) / "bundle" / FOLDER
        for relative in pages:
            (site / relative).parent.mkdir(parents=True, exist_ok=True)
            (site / relative).write_bytes((html / relative).read_bytes())
        _run(binary, site, bundle, Path(staging))
        canonical_filters(bundle)
        return {path.relative_to(bundle).as_posix(): path.read_bytes()
                for path in sorted(bundle.rglob("*")) if path.is_file()}


def prefix(position: int) -> str:
    """Where the part at this position among the parts that have pages lies in html/pagefind/: the first at its
    top (the search page loads it), each other in part-N/."""
    return f"part-{position + 1}/" if position else ""


def placed(bundle: dict[str, bytes], position: int) -> dict[str, bytes]:
    """A part's files by their paths in html/pagefind/ (the scripts of Pagefind's own interface with the first
    part only: the search page loads the first's)."""
    return {prefix(position) + name: data for name, data in bundle.items()
            if not (position and name.startswith(_UI_FILES))}


def parts_list(count: int) -> bytes:
    """parts.json: the folders of the parts after the first, which the search page merges into the first."""
    return json.dumps([prefix(position) for position in range(1, count)]).encode("utf-8")


def _run(binary: Path, site: Path, bundle: Path, workdir: Path) -> None:
    """Pagefind on the site, its bundle written to `bundle`. It runs in an empty folder with none of its PAGEFIND_*
    settings from the environment, so that no configuration file or variable but these arguments steers it."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("PAGEFIND_")}
    command = [str(binary), "--site", str(site.resolve()), "--output-path", str(bundle.resolve()),
               "--force-language", LANGUAGE, "--silent"]
    with _running_lock:  # (a build stopped meanwhile starts no other)
        if _stopped.is_set():
            raise SearchIndexError("the build was stopped")
        try:
            process = subprocess.Popen(command, cwd=workdir, env=environment, stdin=subprocess.DEVNULL,
                                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        except OSError as error:
            raise SearchIndexError(f"Pagefind cannot be run: {error.strerror}") from None
        _running.add(process)
        try:  # its memory budget, set from here: a preexec_fn is not safe in a process with threads
            resource.prlimit(process.pid, resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))
        except OSError:
            pass  # (it has ended already)
    try:
        stdout, stderr = process.communicate(timeout=SECONDS)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        raise SearchIndexError(f"Pagefind took longer than {SECONDS} s: the site has no new search index") from None
    finally:
        with _running_lock:
            _running.discard(process)
    if process.returncode != 0 or not (bundle / "pagefind.js").is_file():
        said = " ".join((stderr or stdout).decode("utf-8", "replace").split())[-500:]
        raise SearchIndexError(f"Pagefind failed (exit code {process.returncode}): {said or 'it wrote no index'}")


_running: set[subprocess.Popen] = set()  # the Pagefind runs of this process (the build runs them in threads)
_running_lock = threading.Lock()
_stopped = threading.Event()


def allow_runs() -> None:
    """A build begins: Pagefind may run (again, in a process whose earlier build was stopped)."""
    _stopped.clear()


def stop_all() -> None:
    """Kill every Pagefind run of this process now, and start no other (a build stopped by a signal)."""
    with _running_lock:
        _stopped.set()
        for process in _running:
            process.kill()


# ----- Pagefind's filter files in one order -----
# A Pagefind data file is gzip("pagefind_dcd" + CBOR). A filter file holds [name, [[value, [page, ...]], ...]];
# the language's meta file (pagefind.LANG_HASH.pf_meta) names each filter file by its hash, and
# pagefind-entry.json names the meta file.
_SIGNATURE = b"pagefind_dcd"


def canonical_filters(bundle: Path) -> None:
    """Sort the values of each filter file, rename it by a digest of its sorted contents, and rewrite the meta
    file (its list of filters sorted too) and the entry file that name it."""
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    for language, about in sorted(entry.get("languages", {}).items()):
        meta_path = bundle / f"pagefind.{about['hash']}.pf_meta"
        meta = _decode_file(meta_path)
        prefix = about["hash"].split("_", 1)[0] + "_"
        for item in meta[3]:  # [[filter name, file hash], ...]
            old = bundle / "filter" / f"{item[1]}.pf_filter"
            name, values = _decode_file(old)
            data = _encode_file([name, sorted(values, key=lambda value: value[0])])
            new = prefix + hashlib.sha256(data).hexdigest()[:7]
            old.unlink()
            (bundle / "filter" / f"{new}.pf_filter").write_bytes(data)
            item[1] = new
        meta[3].sort()  # (in a random order too)
        data = _encode_file(meta)
        about["hash"] = prefix + hashlib.sha256(data).hexdigest()[:10]
        meta_path.unlink()
        (bundle / f"pagefind.{about['hash']}.pf_meta").write_bytes(data)
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def _decode_file(path: Path):
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(_SIGNATURE):
        raise SearchIndexError(f"Pagefind wrote {path.name} in a form this edition does not know")
    value, end = _cbor_decode(data, len(_SIGNATURE))
    if end != len(data):
        raise SearchIndexError(f"Pagefind wrote {path.name} in a form this edition does not know")
    return value


def _encode_file(value) -> bytes:
    return gzip.compress(_SIGNATURE + _cbor_encode(value), compresslevel=9, mtime=0)


def _cbor_decode(data: bytes, at: int):
    """The CBOR Pagefind writes: unsigned and negative integers, byte and text strings, arrays and maps."""
    kind, info = data[at] >> 5, data[at] & 31
    at += 1
    if info < 24:
        number = info
    elif info <= 27:
        size = 1 << (info - 24)
        number, at = int.from_bytes(data[at:at + size], "big"), at + size
    else:
        raise SearchIndexError("Pagefind wrote CBOR this edition does not read")
    if kind == 0:
        return number, at
    if kind == 1:
        return -1 - number, at
    if kind in (2, 3):
        raw = data[at:at + number]
        return (raw.decode("utf-8") if kind == 3 else bytes(raw)), at + number
    if kind in (4, 5):
        items = []
        for _ in range(number * (2 if kind == 5 else 1)):
            item, at = _cbor_decode(data, at)
            items.append(item)
        return (items if kind == 4 else dict(zip(items[::2], items[1::2]))), at
    raise SearchIndexError("Pagefind wrote CBOR this edition does not read")


def _cbor_encode(value) -> bytes:
    def head(kind: int, number: int) -> bytes:
        if number < 24:
            return bytes([kind << 5 | number])
        for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
            if number < 1 << (8 * size):
                return bytes([kind << 5 | info]) + number.to_bytes(size, "big")
        raise ValueError("integer too large for CBOR")
    if isinstance(value, bool) or value is None:
        raise TypeError("not in Pagefind's files")
    if isinstance(value, int):
        return head(0, value) if value >= 0 else head(1, -1 - value)
    if isinstance(value, str):
        raw = value.encode("utf-8")
        return head(3, len(raw)) + raw
    if isinstance(value, bytes):
        return head(2, len(value)) + value
    if isinstance(value, list):
        return head(4, len(value)) + b"".join(_cbor_encode(v) for v in value)
    if isinstance(value, dict):
        return head(5, len(value)) + b"".join(_cbor_encode(k) + _cbor_encode(v) for k, v in value.items())
    raise TypeError(f"not in Pagefind's files: {type(value).__name__}")
