"""Word coverage of a plain-text output against its TEI source, and note markers that repeat (issue 17).

Coverage: the words a reader of the reading view must find, counted as a multiset, against the words of the
built `.reading.txt`; coverage = words found / words expected (extra words in the output, such as the header,
note markers or the legend, do not count either way).

The words expected are those of each outermost `text` element (never the `teiHeader`), with these rules:

- Left out: deletions (`del`, whatever they hold) and, of the edition's reading view, `fw` and `metamark` (forme
  work and marks, not text of the work: README, "Reading and diplomatic texts"); `binaryObject` (encoded data).
  `surplus` is kept: the text is in the source and a reading text shows it marked as superfluous (Leiden
  braces), it does not silently drop it.
- Alternatives: of `choice`, the child the reading view shows (`corr`, then `reg`, `expan`, `ex`; else the
  first child); of `app`, the `lem` (else the first `rdg`, as in parallel segmentation without a lemma).
- Joining: text nodes join as XML joins them (the element's string value): `<hi>W</hi>ord` is one word. Words
  break only where whitespace is, at the edges of the structural elements in `BREAKS` (blocks, table parts,
  title-page parts, a `note`, whose words the reader finds in the apparatus, an `index` entry, whose words
  stand in the index), at the edges of the parts of a
  bibliographic entry (`FIELDS` within `bibl`, `biblStruct`: author, title, imprint, date ..., which a reader
  sees apart, with separators), at the edges of every element in an `egXML` (an example shown as markup,
  where a tag stands at each edge) and in MathML (each token of a formula, `<mi>b</mi><mn>2</mn>`, is a symbol
  of its own, drawn apart: b²). `lb`, `pb`, `cb`, `gb` and `milestone` break words unless they break within
  one (`@break="no"`, or as other projects write it, `lb type="hyphenInWord"` or `rend="hyphenated"`); there, a
  hyphen (- U+2010 U+00AD ¬ ⸗) and whitespace before the break are dropped and the parts join:
  `Viet-<lb break="no"/>namese` is the word "vietnamese".
- A reference to a note (a `ref` or `ptr` whose one target is a note of the document's text) is that note's
  marker: its words are the label the source prints ("(1)"), which the edition's marker replaces, and are not
  words of the text; nor is that label where it begins the note itself ("(1) Dont notre ami ...").
- A word is a run of letters and digits (`[^\\W_]+`) after Unicode NFC and case folding, in source and output
  alike: punctuation, apostrophes and hyphens separate words on both sides.
- Marks within words, in source and output alike (the reading view's legend explains those of the output):
  note markers (`[12]`, `[T3]`, `[2.1]`) and `[sic]` are read as a space, so a marker attached to a word
  (`overthrown[E2]`, `[1]Geliebte`) is not part of it; the deletion sign `[⌫]`, the addition marks `˹ ˺`
  and quotation marks between letters (`“Med”s`) are dropped; letters in brackets next to a letter
  (`Na[ch]`, `[wür]de`, `Oberschlächte[r-]Meister`: supplied by an editor) join the word, and so do the
  letters around the flag of an uncertain reading within a word (`Ma[?]chen`, `Ma[? illegible]chen`). A sign with spaces around it still splits a
  word (`Sonntag [⌫] sgruß`): the reader sees two words.

Repeated note markers: the plain text lists notes under headings ("Notes", "Translator’s notes", ...,
"Corrections"), one entry per note beginning `[label] ` at the start of a line. A label (`1`, `T3`, `E2`, `a`)
that begins two or more entries of one file names different notes, so a marker in the text does not say which
it means. The legend (markers in a column, padded with spaces) and markers in the running text are not entries.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from pipeline.xmlload import TEI_NS, XML_ID

T = f"{{{TEI_NS}}}"
WORD = re.compile(r"[^\W_]+")
THRESHOLD = 99.9  # per cent of a file's words, issue 17

# Not words of the reading view (see the module's docstring).
LEFT_OUT = {T + name for name in ("del", "fw", "metamark", "binaryObject", "teiHeader")}
# The child of a choice the reading view shows, in order of preference.
CHOSEN = tuple(T + name for name in ("corr", "reg", "expan", "ex"))
# Elements whose edges are word breaks even where the source has no whitespace.
BREAKS = {T + name for name in (
    "ab", "argument", "back", "bibl", "biblStruct", "body", "byline", "castItem", "castList", "cell", "closer",
    "dateline", "div", "div1", "div2", "div3", "div4", "div5", "div6", "div7", "docEdition", "docImprint",
    "docTitle", "epigraph", "figDesc", "figure", "floatingText", "front", "group", "head", "item", "l", "label",
    "index", "lg", "list", "listBibl", "note", "opener", "p", "postscript", "row", "salute", "signed", "sp", "speaker",
    "stage", "table", "text", "titlePage", "titlePart", "trailer")}
# Inside a bibliographic entry, the entry's parts are fields whose edges are word breaks.
ENTRIES = {T + name for name in ("bibl", "biblStruct", "biblFull")}
FIELDS = {T + name for name in (
    "analytic", "author", "biblScope", "citedRange", "date", "distributor", "edition", "editor", "extent",
    "forename", "idno", "imprint", "meeting", "monogr", "name", "note", "orgName", "persName", "pubPlace",
    "publisher", "ref", "relatedItem", "resp", "respStmt", "series", "surname", "textLang", "title")}
# An example shown as markup: a tag stands at the edges of each of its elements.
EXAMPLE = "{http://www.tei-c.org/ns/Examples}egXML"
MATHML = "{http://www.w3.org/1998/Math/MathML}"
REFERENCES = {T + "ref", T + "ptr"}
MILESTONES = {T + name for name in ("lb", "pb", "cb", "gb", "milestone")}
HYPHEN_AT_BREAK = re.compile(r"[-\u2010\u00ad\u00ac\u2e17]?\s*$")


# Marks within words (see the module's docstring), applied in this order: signs dropped, markers read as a
# space, letters in brackets joined to the word they stand in.
_FLAGS = re.compile(r"(?<=[^\W_])\[\?[^\[\]]*\](?=[“”„‚‘’«»‹›\"]?[^\W_])")
_SIGNS = re.compile(r"\[⌫\]|[˹˺]|(?<=[^\W_])[“”„‚‘’«»‹›\"](?=[^\W_])")
_MARKERS = re.compile(r"\[(?:[A-Z]{0,3}\d+(?:\.\d+)*|sic)\]")
_LETTERS_IN_BRACKETS = re.compile(r"(?<=[^\W_])\[([^\W_][^\s\[\]]*)\]|\[([^\W_][^\s\[\]]*)\](?=[^\W_])")


def words(text: str) -> list[str]:
    text = _MARKERS.sub(" ", _SIGNS.sub("", _FLAGS.sub("", text)))
    text = _LETTERS_IN_BRACKETS.sub(lambda m: m.group(1) or m.group(2), text)
    return WORD.findall(unicodedata.normalize("NFC", text).casefold())


def in_word(element: etree._Element) -> bool:
    """A break within a word: @break="no", or lb type="hyphenInWord" or rend="hyphenated"."""
    return (element.get("break") == "no" or element.tag == T + "lb"
            and (element.get("type") == "hyphenInWord" or "hyphenated" in (element.get("rend") or "")))


def note_references(root: etree._Element) -> tuple[set, dict]:
    """The references to notes of a document's text (ref or ptr with one target, a note of the text), and the label
    each such note begins with: the words of its first reference."""
    notes = {n.get(XML_ID): n for n in root.iter(T + "note") if n.get(XML_ID)
             and any(a.tag == T + "text" for a in n.iterancestors())}
    references, labels = set(), {}
    for ref in root.iter(*REFERENCES):
        target = (ref.get("target") or "").split()
        if len(target) == 1 and target[0].startswith("#") and target[0][1:] in notes \
                and any(a.tag == T + "text" for a in ref.iterancestors()):
            references.add(ref)
            labels.setdefault(notes[target[0][1:]], " ".join("".join(ref.itertext()).split()))
    return references, labels


def source_text(root: etree._Element) -> str:
    """The text of a document's outermost `text` elements as the reading view must give it, before splitting into
    words: text nodes joined as XML joins them, a space where the rules above put a word break."""
    parts: list[str] = []
    joining = False  # after a break within a word: the whitespace that follows is dropped too
    references, labels = note_references(root)

    def walk(element, within: str) -> None:
        nonlocal joining
        tag = element.tag
        if not isinstance(tag, str) or tag in LEFT_OUT or element in references:
            return
        if tag in MILESTONES:
            if in_word(element):
                if parts:
                    parts[-1] = HYPHEN_AT_BREAK.sub("", parts[-1])
                joining = True
            else:
                space()
            return
        breaks = tag in BREAKS or within in ("example", "math") or tag.startswith(MATHML) or (within == "entry" and tag in FIELDS)
        inside = ("example" if within == "example" or tag == EXAMPLE else "math" if within == "math" or tag.startswith(MATHML)
                  else "entry" if within or tag in ENTRIES else "")
        if breaks:
            space()
        children = [c for c in element if isinstance(c.tag, str)]
        if tag == T + "choice" and children:
            walk(next((c for wanted in CHOSEN for c in children if c.tag == wanted), children[0]), inside)
        elif tag == T + "app" and children:
            readings = element.findall(T + "lem") or element.findall(T + "rdg") or element.findall(f"{T}rdgGrp/{T}rdg")
            if readings:
                walk(readings[0], inside)
        else:
            label = labels.get(element)
            text = element.text
            if label and text and text.lstrip().startswith(label):
                text = text.lstrip()[len(label):]
            add(text)
            for child in element:
                walk(child, inside)
                add(child.tail)
        if breaks:
            space()

    def space() -> None:
        nonlocal joining
        joining = False
        parts.append(" ")

    def add(text: str | None) -> None:
        nonlocal joining
        if text and joining:
            text = text.lstrip()
            joining = not text
        if text:
            parts.append(text)

    for text in root.iter(T + "text"):
        if not any(a.tag == T + "text" for a in text.iterancestors()):
            walk(text, "")
    return "".join(parts)


def source_words(root: etree._Element) -> list[str]:
    return words(source_text(root))


@dataclass
class Coverage:
    expected: int  # words the reading view must show
    found: int  # of those, found in the output (as a multiset)
    missing: Counter = field(default_factory=Counter)  # word -> how many times it is missing

    @property
    def percent(self) -> float:
        return 100.0 * self.found / self.expected if self.expected else 100.0


def coverage(expected: Counter, output: str) -> Coverage:
    missing = expected - Counter(words(output))
    total = sum(expected.values())
    return Coverage(total, total - sum(missing.values()), missing)


# ----- note markers -----

_LABEL = r"[A-Za-z]{0,3}\d+(?:[.\-][A-Za-z0-9]+)*|[a-z]{1,2}"
_ENTRY = re.compile(rf"\[({_LABEL})\] (?=\S)")
_RULE = re.compile(r"[-=~]{3,}\s*$")
_NOTES_HEADING = re.compile(r"(?i)(notes|corrections)\b")


def note_entries(text: str) -> list[tuple[str, str]]:
    """(label, first line of the entry) for every note entry of a plain text (see the module's docstring): lines
    starting `[label] ` below a heading that names notes or corrections, up to a rule line or another heading."""
    lines = text.splitlines()
    entries = []
    in_notes = False
    for number, line in enumerate(lines):
        following = lines[number + 1] if number + 1 < len(lines) else ""
        if line.strip() and _RULE.match(following) and not _RULE.match(line):  # a heading and its underline
            in_notes = bool(_NOTES_HEADING.search(line))
            continue
        if _RULE.match(line) and not (number and lines[number - 1].strip() and not _RULE.match(lines[number - 1])):
            in_notes = False  # a rule line (not a heading's underline) ends the section
            continue
        match = _ENTRY.match(line)
        if in_notes and match:
            entries.append((match.group(1), line[match.end():].strip()))
    return entries


def repeated_markers(text: str) -> dict[str, int]:
    """Labels that begin more than one note entry, with how many entries each begins."""
    counts = Counter(label for label, _ in note_entries(text))
    return {label: count for label, count in sorted(counts.items()) if count > 1}


# ----- measuring a build -----

@dataclass
class Document:
    """What is measured of one TEI P5 source, read before the build (so that no tree is kept)."""

    path: Path
    names: list[str]  # the output names it may have (plain_text_candidates)
    expected: Counter  # the words the reading view must show

    @classmethod
    def read(cls, path: Path, root: etree._Element, folder: Path | None = None) -> "Document":
        return cls(path, plain_text_candidates(path, root, folder), Counter(source_words(root)))


def plain_text_candidates(path: Path, root: etree._Element, folder: Path | None) -> list[str]:
    """Output names (relative to the txt folder, without suffix) a document may have: its document path (the
    source's subfolders below the folder built, then its id: INTERFACES.md), then its flat id."""
    doc_id = root.get(XML_ID) or path.stem
    names = []
    if folder is not None and path.parent != folder and path.is_relative_to(folder):
        names.append("/".join(path.parent.relative_to(folder).parts + (doc_id,)))
    names.append(doc_id)
    return list(dict.fromkeys(names))


def reading_text(out: Path, name: str) -> Path:
    return out / "txt" / f"{name}.reading.txt"


def locate_outputs(documents: list[Document], out: Path) -> dict[Path, Path | None]:
    """Each document's .reading.txt in a build's output folder, or None: not made, or claimed by two documents
    (two sources with one id, one of them renamed by the build: which is which the names cannot tell)."""
    found = {d.path: next((reading_text(out, n) for n in d.names if reading_text(out, n).is_file()), None)
             for d in documents}
    claimed = Counter(p for p in found.values() if p is not None)
    return {path: (p if p is not None and claimed[p] == 1 else None) for path, p in found.items()}


@dataclass
class FileResult:
    """One document measured against the plain text a build made of it (none: output None)."""

    document: Document
    output: Path | None = None
    coverage: Coverage | None = None
    repeated: dict[str, int] = field(default_factory=dict)

    @property
    def below_threshold(self) -> bool:
        return self.coverage is None or self.coverage.percent < THRESHOLD


def measure(document: Document, output: Path | None) -> FileResult:
    result = FileResult(document, output)
    if output is not None:
        text = output.read_text(encoding="utf-8")
        result.coverage = coverage(document.expected, text)
        result.repeated = repeated_markers(text)
    return result
