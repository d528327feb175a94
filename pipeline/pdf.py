"""PDF is a step on the Typst output: the .typ file compiled to PDF/A-2b.

Typst keeps what it memoises for the life of its process (typst-py never evicts it): about 650 MB after one
300-page document, and more with each. So PDFs are compiled in a helper process (`python -m pipeline.pdf`,
one per build worker), replaced once a PDF is done if its memory has passed MEMORY_LIMIT: a build's memory
follows its largest document, not the number of documents. Not between a compile that found a character no font
has and its retry: the retry reuses what Typst memoised and takes a tenth of the time. A helper that dies is a
PDF error for that document only.

Nothing is fetched: Typst uses the fonts it embeds (Libertinus Serif, DejaVu Sans Mono), those shipped in
xslt/fonts/, and the Debian font folders listed below for scripts other TEI may hold; never whatever else the
machine has, so the same source gives the same PDF everywhere. The document date comes from the source (set
by the stylesheet where the header gives a whole date), never the time of the build; where it gives none, PDF/A
still needs one, and the PDF carries a fixed placeholder (2000-01-01), not a date made up from a year.

Typst writes no dc:contributor and marks every PDF "/Suspects false" (which poppler reports as an error of type):
the stylesheet names the contributors in a line of the .typ ("#let ed-contributors = (...)"), and finish_pdf
writes them into the XMP metadata and drops the default /Suspects entry, with pikepdf (qpdf), keeping the file's
identifier, so the same .typ still gives the same bytes.
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import pikepdf
import typst

from . import resources
from .atomic import write_atomic
from .xmlload import TEI_NS, Source

# A comment the Typst stylesheet writes before the markup of each TEI element that opens a block, so that a
# Typst error can be traced back to the element (see xslt/typst.xsl).
_ORIGIN = re.compile(r"^\s*// tei: (.+)$")
_FALLBACK_TIME = datetime(2000, 1, 1, tzinfo=timezone.utc)
# Debian's fonts-dejavu-core (Hebrew, Arabic, Greek...) and fonts-droid-fallback (Chinese, Japanese, Korean).
SYSTEM_FONT_FOLDERS = ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/truetype/droid")


# Typst's PDF/A refusal of a character that none of the fonts has.
_MISSING_GLYPH = re.compile(r'the text `"(.+?)"` could not be displayed')
_MAX_GLYPH_FALLBACKS = 50


class PdfError(Exception):
    """Typst could not compile a document; tei_path is the path() of the TEI element it came from, if known."""

    def __init__(self, message: str, tei_path: str = ""):
        super().__init__(message)
        self.tei_path = tei_path


def font_folders() -> list[str]:
    return [str(folder) for folder in (resources.font_dir(), *map(Path, SYSTEM_FONT_FOLDERS)) if folder.is_dir()]


MEMORY_LIMIT = 1024 * 1024 * 1024  # bytes of resident memory after which the helper process is replaced


@dataclass
class _Failure:
    """What Typst said when it could not compile (the fields of typst.TypstError that _explain reads)."""

    message: str
    diagnostic: str


class _Helper:
    """The helper process of this process: JSON lines in (a .typ file, its PDF's path, the timestamp), JSON
    lines out (done, or Typst's message; and the helper's resident memory)."""

    def __init__(self):
        self.process: subprocess.Popen | None = None
        self.resident = 0  # bytes, as the helper last said

    def start(self) -> None:
        if self.process is None or self.process.poll() is not None:
            self.process = subprocess.Popen([sys.executable, "-m", "pipeline.pdf"], stdin=subprocess.PIPE,
                                            stdout=subprocess.PIPE, text=True, encoding="utf-8")

    def compile(self, typ_path: Path, timestamp: int) -> bytes:
        self.start()
        handle, output = tempfile.mkstemp(dir=typ_path.parent, prefix=f".{typ_path.stem}.", suffix=".pdf.tmp")
        os.close(handle)
        try:
            request = {"input": str(typ_path), "output": output, "timestamp": timestamp,
                       "fonts": font_folders()}
            try:
                self.process.stdin.write(json.dumps(request) + "\n")
                self.process.stdin.flush()
                answer = json.loads(self.process.stdout.readline() or "null")
            except (OSError, ValueError):
                answer = None
            if answer is None:
                self.stop()
                raise PdfError(f"the PDF engine stopped while compiling {typ_path.name}")
            self.resident = answer["rss"]
            if answer.get("errno"):  # the helper could not write the PDF (a full disk, a read-only folder)
                raise OSError(answer["errno"], answer["message"], output)
            if not answer["ok"]:
                raise _TypstFailed(_Failure(answer["message"], answer["diagnostic"]))
            return Path(output).read_bytes()
        finally:
            Path(output).unlink(missing_ok=True)

    def stop_if_large(self) -> None:
        if self.resident > MEMORY_LIMIT:
            self.stop()

    def stop(self) -> None:
        if self.process is not None:
            self.process.stdin.close()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
            self.process = None
        self.resident = 0


class _TypstFailed(Exception):
    def __init__(self, failure: _Failure):
        super().__init__(failure.message)
        self.failure = failure


_helper = _Helper()


def start_helper() -> None:
    """Start this process's helper now, so that it starts up while this process compiles its stylesheets."""
    _helper.start()


def compile_typst(markup: str, source: Source, typ_path: Path) -> tuple[bytes, list[str]]:
    """The PDF/A-2b bytes of the .typ file written at typ_path (its folder is Typst's root), and warnings.

    PDF/A forbids a character drawn with no glyph. A character no font has is printed as its code point
    (U+1F701), the .typ file is rewritten to match, and a warning names the character."""
    warnings: list[str] = []
    try:
        for _ in range(_MAX_GLYPH_FALLBACKS):
            try:
                return finish_pdf(_helper.compile(typ_path, int(source_timestamp(source).timestamp())),
                                  contributors(markup)), warnings
            except _TypstFailed as failed:
                error = failed.failure
                missing = _MISSING_GLYPH.search(str(error.message))
                unprintable = [c for c in (missing.group(1) if missing else "") if not c.isascii() and c in markup]
                if not unprintable:
                    raise PdfError(*_explain(error, markup, typ_path)) from None
                for character in unprintable:
                    markup = markup.replace(character, f"U+{ord(character):04X}")
                    warnings.append(f"no font has the character U+{ord(character):04X}: the PDF prints its code point")
                write_atomic(typ_path, markup)
        raise PdfError(f"Typst could not compile {typ_path.name}: too many characters without a glyph")
    finally:
        _helper.stop_if_large()


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
    "/Suspects false" (the default of PDF, which poppler misreports); the file identifier is kept."""
    with pikepdf.open(io.BytesIO(data)) as document:
        mark_info = document.Root.get("/MarkInfo")
        if mark_info is not None and mark_info.get("/Suspects") is False:
            del mark_info["/Suspects"]
        if names:
            with document.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as xmp:
                xmp["dc:contributor"] = names
        out = io.BytesIO()
        document.save(out, static_id=True, object_stream_mode=pikepdf.ObjectStreamMode.preserve)
        return out.getvalue()


def _explain(error: _Failure, markup: str, typ_path: Path) -> tuple[str, str]:
    """Typst's message and the TEI element the failing line came from (the nearest `// tei:` line above)."""
    found = re.search(r"\.typ:(\d+):\d+", error.diagnostic or "")
    origin, tei_path = "the document's preamble", ""
    if found:
        for line in reversed(markup.split("\n")[: int(found.group(1))]):
            match = _ORIGIN.match(line)
            if match:
                origin, tei_path = f"TEI element {match.group(1)}", match.group(1).split(" ")[0]
                break
    where = f"{typ_path.name}:{found.group(1)}" if found else typ_path.name
    return f"Typst could not compile {where} (from {origin}): {' '.join(str(error.message).split())}", tei_path


def _serve() -> None:
    """The helper process: compile each requested file, answer, until standard input closes."""
    import resource
    for line in sys.stdin:
        request = json.loads(line)
        answer = {"ok": True, "message": "", "diagnostic": ""}
        try:
            typst.compile(request["input"], output=request["output"], font_paths=request["fonts"],
                          ignore_system_fonts=True, pdf_standards="a-2b", timestamp=request["timestamp"])
        except typst.TypstError as error:
            answer.update(ok=False, message=str(error.message), diagnostic=str(error.diagnostic or ""))
        except OSError as error:
            answer.update(ok=False, errno=error.errno or 5, message=error.strerror or str(error))
        answer["rss"] = _resident_bytes() or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()


def _resident_bytes() -> int:
    """The current resident set (Linux), which falls when memory is returned; 0 where it cannot be read."""
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


if __name__ == "__main__":
    _serve()
