"""PDF is a step on the Typst output: the .typ file compiled in-process to PDF/A-2b.

Nothing is fetched: Typst uses the fonts it embeds (Libertinus Serif, DejaVu Sans Mono), those shipped in
xslt/fonts/, and the Debian font folders listed below for scripts other TEI may hold; never whatever else the
machine has, so the same source gives the same PDF everywhere. The document date comes from the source (set
by the stylesheet), never the time of the build.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from pathlib import Path

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


def compile_typst(markup: str, source: Source, typ_path: Path) -> tuple[bytes, list[str]]:
    """The PDF/A-2b bytes of the .typ file written at typ_path (its folder is Typst's root), and warnings.

    PDF/A forbids a character drawn with no glyph. A character no font has is printed as its code point
    (U+1F701), the .typ file is rewritten to match, and a warning names the character."""
    warnings: list[str] = []
    for _ in range(_MAX_GLYPH_FALLBACKS):
        try:
            return typst.compile(str(typ_path), font_paths=font_folders(), ignore_system_fonts=True,
                                 pdf_standards="a-2b", timestamp=int(source_timestamp(source).timestamp())), warnings
        except typst.TypstError as error:
            missing = _MISSING_GLYPH.search(str(error.message))
            unprintable = [c for c in (missing.group(1) if missing else "") if not c.isascii() and c in markup]
            if not unprintable:
                raise PdfError(*_explain(error, markup, typ_path)) from None
            for character in unprintable:
                markup = markup.replace(character, f"U+{ord(character):04X}")
                warnings.append(f"no font has the character U+{ord(character):04X}: the PDF prints its code point")
            write_atomic(typ_path, markup)
    raise PdfError(f"Typst could not compile {typ_path.name}: too many characters without a glyph")


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


def _explain(error: "typst.TypstError", markup: str, typ_path: Path) -> tuple[str, str]:
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
