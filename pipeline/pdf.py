"""PDF is a step on the Typst output: the .typ file compiled to PDF/A-2b, once per view.

typst.xsl writes both views of a document in one source; one line near its top (VIEW_LINE) says which view Typst
draws. The reading view is compiled from the source as it is, the diplomatic view from the same source with that
line's default changed, and nothing else: compiled one after the other by the same long-lived typst.Compiler, the
second reuses what Typst memoised of the first (every paragraph the views share is laid out once).

Typst keeps what it memoises for the life of its process (typst-py never evicts it): about 650 MB after one
300-page document, and more with each. So PDFs are compiled in a helper process (one per build worker, holding
one typst.Compiler), replaced once a document's PDFs are done if its memory has passed MEMORY_LIMIT, and before a
document if what it will add would take it past (make_room): a build's memory follows its largest document, not
the number of documents. A helper that dies is a PDF error for that
document only.

What a source could make Typst do is bounded (the stylesheets escape every source value; this is the second
line): each document is compiled in a private temporary folder holding only its .typ file, which is Typst's
root (`read()` or `image()` reach nothing else); packages are looked up in an empty folder and every download
goes to a proxy that does not exist; the helper runs with a memory budget (RLIMIT_DATA, PDF_MEMORY_BYTES: Typst
aborts beyond it) and each compile with a time budget (pdf_seconds(): the helper is killed when it is over);
either is that document's PDF error. The helper is started as `python -I -m pipeline.pdf` in that private
folder, so it imports only the installed package (never a `pipeline/` folder where the user happens to be),
ignores Ctrl-C (the build stops it), and dies with the process that started it.

Nothing is fetched: Typst uses the fonts it embeds (Libertinus Serif, DejaVu Sans Mono), those shipped in
xslt/fonts/, and the Debian font folders listed below for scripts other TEI may hold; never whatever else the
machine has, so the same source gives the same PDF everywhere. The document date comes from the source (set
by the stylesheet where the header gives a whole date), never the time of the build; where it gives none, PDF/A
still needs one, and the PDF carries a fixed placeholder (2000-01-01), not a date made up from a year.

Typst writes no dc:contributor and marks every PDF "/Suspects false" (which poppler reports as an error of type):
the stylesheet names the contributors in a line of the .typ ("#let ed-contributors = (...)"), and finish_pdf
writes them into the XMP metadata and drops the default /Suspects entry (pikepdf reads the file; the objects that
change are appended as an incremental update), keeping the file's identifier, so the same .typ still gives the
same bytes.
"""

from __future__ import annotations

import io
import json
import os
import re
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import typst

from . import resources
from .atomic import write_atomic
from .xmlload import Source

# A comment the Typst stylesheet writes before the markup of each TEI element that opens a block, so that a
# Typst error can be traced back to the element (see xslt/typst.xsl).
_ORIGIN = re.compile(r"^\s*// tei: (.+)$")
_FALLBACK_TIME = datetime(2000, 1, 1, tzinfo=timezone.utc)
# Debian's fonts-dejavu-core (Hebrew, Arabic, Greek...) and fonts-droid-fallback (Chinese, Japanese, Korean).
SYSTEM_FONT_FOLDERS = ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/truetype/droid")

# Typst's PDF/A refusal of a character that none of the fonts has: `the text `"X"` could not be displayed`.
_MISSING_GLYPH = ('the text `"', '"` could not be displayed')
_MAX_GLYPH_FALLBACKS = 50

MEMORY_LIMIT = 900 * 1024 * 1024  # bytes of resident memory the helper process is replaced rather than pass
# What laying out a document adds to the helper's memory, per byte of its Typst markup (measured: a 3.4 MB novel,
# 5.5 MB of markup, took a fresh helper from 70 to 806 MB)
GROWTH_PER_MARKUP_BYTE = 150
# The budgets of one PDF. Memory: the helper's data segment (it holds what Typst memoised of earlier documents,
# up to MEMORY_LIMIT, and the document being laid out: a 300-page document takes about 650 MB).
PDF_MEMORY_BYTES = 3 * 1024 * 1024 * 1024
# Time: a minute, and 30 s more per MB of Typst markup (Typst lays out about 0.2 MB of source a second).
PDF_SECONDS = 60.0
PDF_SECONDS_PER_MB = 30.0
# Where a package download would go: nowhere (Typst honours the proxy variables).
_NO_NETWORK = "http://127.0.0.1:9"
# The line of a two-view source that chooses its view (xslt/typst.xsl writes it): `typst compile --input
# view=diplomatic` chooses the other view; the build changes its default instead, so that the library Typst
# compiles with stays the same between the views (a changed sys.inputs would make it lay out everything again).
VIEW_LINE = '#let ed-view = sys.inputs.at("view", default: "reading")'
VIEWS = ("reading", "diplomatic")


def pdf_seconds(markup: str) -> float:
    return PDF_SECONDS + PDF_SECONDS_PER_MB * len(markup.encode("utf-8")) / 1e6


class PdfError(Exception):
    """Typst could not compile a document; tei_path is the path() of the TEI element it came from, if known."""

    def __init__(self, message: str, tei_path: str = ""):
        super().__init__(message)
        self.tei_path = tei_path


def font_folders() -> list[str]:
    return [str(folder) for folder in (resources.font_dir(), *map(Path, SYSTEM_FONT_FOLDERS)) if folder.is_dir()]


@dataclass
class _Failure:
    """What Typst said when it could not compile (the fields of typst.TypstError that _explain reads)."""

    message: str
    diagnostic: str


@dataclass
class Typeset:
    """A compiled document: a PDF per view, the markup they were compiled from (characters no font has replaced
    by their code points) and warnings."""

    pdfs: dict[str, bytes]
    markup: str
    notes: list[str] = field(default_factory=list)

    @property
    def pdf(self) -> bytes:
        """The PDF of the first view compiled (the reading view)."""
        return next(iter(self.pdfs.values()))


def view_markup(markup: str, view: str) -> str:
    """The source Typst compiles for `view`: the source itself for the reading view, else with the view line's
    default set to the view (the one change: line numbers stay those of the .typ file)."""
    if view == "reading":
        return markup
    if view not in VIEWS:
        raise ValueError(f"no view {view!r}")
    line = f"\n{VIEW_LINE}\n"
    if line not in markup:
        raise PdfError(f"the Typst source has one view only: it has no {view} view")
    return markup.replace(line, "\n" + VIEW_LINE.replace('"reading"', f'"{view}"') + "\n", 1)


class _Helper:
    """The helper process of this process: JSON lines in (a folder holding one .typ file, the timestamp), JSON
    lines out (done, or Typst's message; and the helper's resident memory)."""

    def __init__(self):
        self.process: subprocess.Popen | None = None
        self.folder: Path | None = None  # private: the helper's working folder, one subfolder per compile
        self.resident = 0  # bytes, as the helper last said

    def start(self) -> None:
        if self.process is not None and self.process.poll() is None:
            return
        self.stop(kill=True)
        self.folder = Path(tempfile.mkdtemp(prefix="edition-pdf-"))
        environment = {key: value for key, value in os.environ.items()
                       if not key.lower().endswith("_proxy") and not key.startswith(("PYTHON", "TYPST"))}
        environment.update({name: _NO_NETWORK for name in ("HTTPS_PROXY", "HTTP_PROXY", "ALL_PROXY",
                                                            "https_proxy", "http_proxy", "all_proxy")})
        environment["RUST_BACKTRACE"] = "0"
        with open(self.folder / "helper.log", "wb") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-I", "-m", "pipeline.pdf", str(os.getpid()), str(PDF_MEMORY_BYTES)],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log, cwd=self.folder, env=environment,
                text=True, encoding="utf-8")

    def compile(self, markup: str, timestamp: int, name: str) -> bytes:
        self.start()
        work = Path(tempfile.mkdtemp(dir=self.folder, prefix="compile-"))  # Typst's root: this document only
        try:
            (work / "document.typ").write_text(markup, encoding="utf-8")
            request = {"folder": str(work), "timestamp": timestamp, "fonts": font_folders()}
            answer = self._ask(json.dumps(request) + "\n", pdf_seconds(markup), name)
            self.resident = answer["rss"]
            if answer.get("errno"):  # the helper could not write the PDF (a full disk)
                raise OSError(answer["errno"], answer["message"], str(work / "document.pdf"))
            if not answer["ok"]:
                raise _TypstFailed(_Failure(answer["message"], answer["diagnostic"]))
            return (work / "document.pdf").read_bytes()
        finally:
            shutil.rmtree(work, ignore_errors=True)

    def _ask(self, request: str, seconds: float, name: str) -> dict:
        """The helper's answer to one request, within `seconds`; a helper over its budget is killed."""
        deadline = time.monotonic() + seconds
        try:
            self.process.stdin.write(request)
            self.process.stdin.flush()
            while True:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    self.stop(kill=True)
                    raise PdfError(f"Typst took longer than {seconds:.0f} s, the time budget of {name}: stopped")
                ready, _, _ = select.select([self.process.stdout], [], [], remaining)
                if ready:
                    break
            answer = json.loads(self.process.stdout.readline() or "null")
        except (OSError, ValueError):
            answer = None
        if answer is None:
            reason = self._death()
            self.stop(kill=True)
            raise PdfError(f"the PDF engine stopped while compiling {name}{reason}")
        return answer

    def _death(self) -> str:
        """Why the helper died, if it says: Typst aborts when it needs more than its memory budget."""
        try:
            self.process.wait(timeout=5)
            log = (self.folder / "helper.log").read_text(encoding="utf-8", errors="replace")
        except (OSError, subprocess.TimeoutExpired):
            return ""
        if "memory allocation of" in log:
            return f": it needed more than the memory budget of {PDF_MEMORY_BYTES // (1024 * 1024)} MB"
        return ""

    def make_room(self, markup_bytes: int) -> None:
        """Replace, before a document, a helper whose memory with what the document will add would pass
        MEMORY_LIMIT: the build's memory then follows its largest document, not what earlier ones left."""
        if self.process is not None and self.resident + GROWTH_PER_MARKUP_BYTE * markup_bytes > MEMORY_LIMIT:
            self.stop()

    def stop_if_large(self) -> None:
        if self.resident > MEMORY_LIMIT:
            self.stop()

    def stop(self, kill: bool = False) -> None:
        """End the helper: by closing its input (it finishes and exits), or at once."""
        if self.process is not None:
            if kill:
                self.process.kill()
            else:
                self.process.stdin.close()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
            for stream in (self.process.stdin, self.process.stdout):
                try:
                    stream.close()
                except OSError:
                    pass
            self.process = None
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = None
        self.resident = 0


class _TypstFailed(Exception):
    def __init__(self, failure: _Failure):
        super().__init__(failure.message)
        self.failure = failure


_helper = _Helper()
# Characters no font has, found by this process's compiles: replaced before the next document is compiled, so
# that each costs one extra compile per process, not one per document.
_no_glyph: set[str] = set()


def start_helper() -> None:
    """Start this process's helper now, so that it starts up while this process compiles its stylesheets."""
    _helper.start()


def stop_helper(kill: bool = False) -> None:
    _helper.stop(kill=kill)


def typeset(markup: str, when: Source | int, name: str, views: tuple[str, ...] = ("reading",)) -> Typeset:
    """The PDF/A-2b of each view of Typst markup, in order (the reading view first: the diplomatic compile reuses
    its layout), each finished (finish_pdf: the contributors the source names, no /Suspects); `when` is the
    source or the timestamp Typst is given as a Unix time (source_timestamp: the PDF's own date is the
    stylesheet's, from a whole date of the header), `name` the .typ file's name, for messages.

    PDF/A forbids a character drawn with no glyph. A character no font has is printed as its code point
    (U+1F701), in the PDFs and in the markup returned (the .typ file written beside them), and a warning names
    the character; every view is compiled from the same markup."""
    timestamp = when if isinstance(when, int) else int(source_timestamp(when).timestamp())
    names = contributors(markup)  # the same line in every view
    notes: list[str] = []

    def replace(characters) -> str:
        nonlocal markup
        for character in sorted(c for c in characters if c in markup):
            markup = markup.replace(character, f"U+{ord(character):04X}")
            notes.append(f"no font has the character U+{ord(character):04X}: the PDF prints its code point")
        return markup

    replace(_no_glyph)
    _helper.make_room(len(markup.encode("utf-8")))  # (not before a retry: it reuses what the helper memoised)
    try:
        for _ in range(_MAX_GLYPH_FALLBACKS):
            try:
                pdfs = {view: finish_pdf(_helper.compile(view_markup(markup, view), timestamp, name), names)
                        for view in views}
                notes.sort()
                return Typeset(pdfs, markup, notes)
            except _TypstFailed as failed:
                error = failed.failure
                unprintable = {c for c in _missing_glyphs(f"{error.message}\n{error.diagnostic}")
                               if not c.isascii() and c in markup}
                if not unprintable:
                    raise PdfError(*_explain(error, markup, name)) from None
                _no_glyph.update(unprintable)
                replace(unprintable)  # and every view again, from the same markup
        raise PdfError(f"Typst could not compile {name}: too many characters without a glyph")
    finally:
        _helper.stop_if_large()


def compile_typst(markup: str, source: Source, typ_path: Path) -> tuple[bytes, list[str]]:
    """typeset() for a .typ file written at typ_path, which is rewritten if characters were replaced."""
    done = typeset(markup, source, typ_path.name)
    if done.markup != markup:
        write_atomic(typ_path, done.markup)
    return done.pdf, done.notes


def _missing_glyphs(message: str) -> set[str]:
    """The characters of every `the text "X" could not be displayed` in Typst's message (no regular expression:
    the message quotes the source)."""
    found = set()
    start, end = _MISSING_GLYPH
    position = message.find(start)
    while position >= 0:
        close = message.find(end, position + len(start))
        if close < 0:
            break
        found.update(message[position + len(start):close])
        position = message.find(start, close)
    return found


def source_timestamp(source: Source) -> datetime:
    """The timestamp Typst is given: a fixed date, never the time of the build. The PDF's own date is set by the
    stylesheet from the header where the header gives a whole date; this one is used only where it gives none."""
    return _FALLBACK_TIME


# The line of the .typ that names the PDF's contributors: Typst string literals (as typst.xsl writes them with
# t:string: whitespace normalised, backslash and quote escaped), which are JSON strings.
_CONTRIBUTORS = "#let ed-contributors = ("


def contributors(markup: str) -> list[str]:
    """The contributors the .typ names (its "#let ed-contributors" line), in order."""
    for line in markup.split("\n"):
        if line.startswith(_CONTRIBUTORS) and line.endswith(")"):
            inner = line[len(_CONTRIBUTORS):-1].strip().rstrip(",")
            return json.loads("[" + inner + "]") if inner else []
    return []


def finish_pdf(data: bytes, names: list[str]) -> bytes:
    """The PDF with its contributors in the XMP metadata (dc:contributor) and without Typst's default
    "/Suspects false" (the default of PDF, which poppler misreports). Written as an incremental update (the
    objects that change appended after Typst's file, with a cross-reference section of their own) where Typst
    ended its file with a classic cross-reference table, as it does: a rewrite of the whole file by qpdf cost
    about 0.04 s per MB of PDF. The file identifier is kept, so the same .typ still gives the same bytes."""
    import pikepdf  # here, not at the top: the command's own process, which makes no PDF, never loads it
    with pikepdf.open(io.BytesIO(data)) as document:
        root = document.Root
        changed = {}
        mark_info = root.get("/MarkInfo")
        if mark_info is not None and mark_info.get("/Suspects") is False:
            del mark_info["/Suspects"]
            holder = mark_info if mark_info.is_indirect else root
            changed[holder.objgen] = holder
        if names:
            metadata = root.Metadata
            metadata.write(_with_contributors(metadata.read_bytes(), names))
            changed[metadata.objgen] = metadata
        if not changed:
            return data
        table = _last_xref(data)
        if table is None:
            out = io.BytesIO()
            document.save(out, static_id=True, object_stream_mode=pikepdf.ObjectStreamMode.preserve)
            return out.getvalue()
        return data + _update(len(data), table, document.trailer, changed)


_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_DC = "http://purl.org/dc/elements/1.1/"


def _with_contributors(xmp: bytes, names: list[str]) -> bytes:
    """Typst's XMP packet with a dc:contributor (an unordered array, as Dublin Core has it) in its description.
    The element is made by lxml, which escapes the names, inside a description that declares the prefixes
    Typst's packet declares, and taken out of it."""
    from lxml import etree
    description = etree.Element(f"{{{_RDF}}}Description", nsmap={"dc": _DC, "rdf": _RDF})
    bag = etree.SubElement(etree.SubElement(description, f"{{{_DC}}}contributor"), f"{{{_RDF}}}Bag")
    for name in names:
        etree.SubElement(bag, f"{{{_RDF}}}li").text = name
    made = etree.tostring(description, encoding="utf-8")
    contributor = made[made.index(b">") + 1:made.rindex(b"</rdf:Description>")]
    end = xmp.find(b"</rdf:Description>")
    if end < 0 or b"<dc:contributor" in xmp:
        raise PdfError("Typst's XMP metadata is not as expected: no place for dc:contributor")
    return xmp[:end] + contributor + xmp[end:]


def _last_xref(data: bytes) -> int | None:
    """Where the file's last cross-reference section begins, if it is a classic table ("xref"), else None."""
    mark = data.rfind(b"startxref", max(0, len(data) - 1024))
    if mark < 0:
        return None
    digits = data[mark + len(b"startxref"):].split(None, 1)[0] if data[mark + len(b"startxref"):].strip() else b""
    if not digits.isdigit() or int(digits) >= len(data):
        return None
    return int(digits) if data.startswith(b"xref", int(digits)) else None


def _update(offset: int, previous_xref: int, trailer, changed: dict) -> bytes:
    """The incremental update of a file of `offset` bytes whose last cross-reference table begins at
    `previous_xref`: each changed object (pikepdf objects, by number and generation) written again, a
    cross-reference section naming only them, and a trailer like the file's with /Prev pointing back to its table."""
    import pikepdf
    body = bytearray(b"\n")
    where = {}
    for (number, generation), thing in sorted(changed.items()):
        where[number, generation] = offset + len(body)
        body += b"%d %d obj\n" % (number, generation)
        if isinstance(thing, pikepdf.Stream):
            raw = thing.read_raw_bytes()
            head = pikepdf.Dictionary(thing.stream_dict)
            head.Length = len(raw)
            body += head.unparse(resolved=True) + b"\nstream\n" + raw + b"\nendstream\nendobj\n"
        else:
            body += thing.unparse(resolved=True) + b"\nendobj\n"
    start = offset + len(body)
    body += b"xref\n"
    for (number, generation) in sorted(where):
        body += b"%d 1\n%010d %05d n\r\n" % (number, where[number, generation], generation)
    tail = pikepdf.Dictionary(trailer)
    tail.Size = max(int(trailer.Size), max(number for number, _ in where) + 1)
    tail.Prev = previous_xref
    body += b"trailer\n" + tail.unparse(resolved=True) + b"\nstartxref\n%d\n%%%%EOF\n" % start
    return bytes(body)


def _explain(error: _Failure, markup: str, name: str) -> tuple[str, str]:
    """Typst's message and the TEI element the failing line came from (the nearest `// tei:` line above)."""
    found = re.search(r"\.typ:(\d+):\d+", error.diagnostic or "")
    origin, tei_path = "the document's preamble", ""
    if found:
        for line in reversed(markup.split("\n")[: int(found.group(1))]):
            match = _ORIGIN.match(line)
            if match:
                origin, tei_path = f"TEI element {match.group(1)}", match.group(1).split(" ")[0]
                break
    where = f"{name}:{found.group(1)}" if found else name
    message = " ".join(str(error.message).split())
    return f"Typst could not compile {where} (from {origin}): {message[:500]}", tei_path


def _serve(parent: int, memory: int) -> None:
    """The helper process: compile each requested document, answer, until standard input closes. One
    typst.Compiler serves every request (its fonts loaded once; what Typst memoised of one view serves the next);
    each compile's root is its own private folder, and packages are looked up in a folder that does not exist."""
    import resource
    _die_with(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole group: the build decides
    resource.setrlimit(resource.RLIMIT_DATA, (memory, memory))
    compiler, fonts = None, None
    packages = str(Path.cwd() / "packages")
    for line in sys.stdin:
        request = json.loads(line)
        folder = Path(request["folder"])
        answer = {"ok": True, "message": "", "diagnostic": ""}
        try:
            if compiler is None or fonts != request["fonts"]:
                fonts = request["fonts"]
                compiler = typst.Compiler(font_paths=fonts, ignore_system_fonts=True, package_path=packages,
                                          package_cache_path=packages)
            compiler.compile(input=str(folder / "document.typ"), output=str(folder / "document.pdf"),
                             root=str(folder), pdf_standards="a-2b", timestamp=request["timestamp"])
        except typst.TypstError as error:
            answer.update(ok=False, message=str(error.message), diagnostic=str(error.diagnostic or ""))
        except OSError as error:
            answer.update(ok=False, errno=error.errno or 5, message=error.strerror or str(error))
        answer["rss"] = _resident_bytes() or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()


def _die_with(parent: int) -> None:
    """Be killed when the process that started this one ends, however it ends (Linux; elsewhere the closed
    standard input ends the helper once its compile is done)."""
    try:
        import ctypes
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # it ended before the request was made
        os._exit(1)


def _resident_bytes() -> int:
    """The current resident set (Linux), which falls when memory is returned; 0 where it cannot be read."""
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


if __name__ == "__main__":
    _serve(int(sys.argv[1]), int(sys.argv[2]))
