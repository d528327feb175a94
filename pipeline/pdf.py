"""PDF is a step on the Typst output: the .typ file compiled in-process to PDF/A-2b.

Nothing is fetched: Typst gets the fonts it needs from the package (xslt/fonts/) and the system, no package
imports, and a fixed timestamp (from the source's publication date) so the PDF is byte-identical across builds.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from pathlib import Path

import typst

from . import resources
from .xmlload import TEI_NS, Source

# A comment the Typst stylesheet writes before the markup of each TEI element that opens a block, so that a
# Typst error can be traced back to the element (see xslt/typst.xsl).
_ORIGIN = re.compile(r"^\s*// tei: (.+)$")
_FALLBACK_TIME = datetime(2000, 1, 1, tzinfo=timezone.utc)


class PdfError(Exception):
    """Typst could not compile a document; the message names the TEI document and element."""


def compile_typst(markup: str, source: Source, typ_path: Path) -> bytes:
    fonts = [str(resources.font_dir())] if resources.font_dir().is_dir() else []
    try:
        return typst.compile(markup.encode("utf-8"), root=str(typ_path.parent), font_paths=fonts,
                             pdf_standards=["a-2b"], timestamp=int(source_timestamp(source).timestamp()))
    except Exception as error:  # typst raises its own error types; all of them mean "this document failed"
        raise PdfError(_explain(str(error), markup, typ_path)) from None


def source_timestamp(source: Source) -> datetime:
    """The document's publication date (teiHeader), or a fixed date: never the time of the build."""
    when = source.root.xpath("string(t:teiHeader/t:fileDesc/t:publicationStmt//t:date/@when)",
                             namespaces={"t": TEI_NS})
    match = re.match(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", when or "")
    if not match:
        return _FALLBACK_TIME
    year, month, day = (int(part) if part else 1 for part in match.groups())
    try:
        return datetime(year, month, day, tzinfo=timezone.utc)
    except ValueError:
        return _FALLBACK_TIME


def _explain(message: str, markup: str, typ_path: Path) -> str:
    """Typst's message with the TEI element the failing line came from."""
    lines = markup.split("\n")
    found = re.search(r"(?:line|:)\s*(\d+)", message)
    origin = ""
    if found:
        for line in reversed(lines[: int(found.group(1))]):
            match = _ORIGIN.match(line)
            if match:
                origin = f" (from TEI {match.group(1)})"
                break
    return f"Typst could not compile {typ_path.name}{origin}: {' '.join(message.split())}"
