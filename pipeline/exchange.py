"""Exchange with other archives: take TEI from elsewhere (import), give TEI to others (export).

Import checks a file as the build would (hardened loader, TEI P5, the project's schema or another grammar),
normalises its encoding to UTF-8 and NFC without touching anything else, and files it under its xml:id.

Export writes, from the same sources, always the same bytes (dates come from the headers, never the clock):
a BagIt bag (RFC 8493) of the sources, schema, validation report and built outputs; a Dublin Core record per
source; a teiCorpus of all sources; a static DTS 1.0 tree. Everything is made in a staging folder first and
then written file by file with write_atomic, stale files of an earlier export removed.
"""

from __future__ import annotations

import codecs
import copy
import hashlib
import json
import re
import shutil
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import bagit
from lxml import etree

from . import __version__, dts, metadata, p4, resources
from .build import _SAFE_ID, BuildReport, build, discover, load_all, remove_stale_temporaries, write_atomic
from .validate import Validator, register_ids, validation_report
from .xmlload import TEI_NS, XML_ID, Problem, Source, SourceError, as_tei_p5, load, parse_bytes

SCHEMA_FILES = ("edition.rng", "edition.sch", "README.md")
OUTPUT_FOLDERS = ("html", "txt", "pdf", "tei")  # what the build writes; an --outputs folder is read for these
CHECKSUMS = ("sha256", "sha512")
CORPUS_FILE = "tei-corpus.xml"
EXPORT_PARTS = ("bag", "dc", "dts", CORPUS_FILE)  # what export owns in its output folder


# ===== import =====

@dataclass
class ImportResult:
    """What happened to one file given to `edition import`."""

    file: str
    status: str  # imported, replaced, unchanged or refused
    target: str = ""
    reason: str = ""
    problems: list[Problem] = field(default_factory=list)

    def line(self) -> str:
        if self.status == "imported":
            return f"imported {self.file} -> {self.target}" + (f" ({self.reason})" if self.reason else "")
        if self.status == "replaced":
            return f"replaced {self.target} with {self.file}" + (f" ({self.reason})" if self.reason else "")
        if self.status == "unchanged":
            return f"unchanged {self.target}: identical to {self.file}"
        return f"refused {self.reason}"


@dataclass
class _Candidate:
    """A file that passed the checks that need no other file: parsed, normalised, named."""

    file: str
    source: Source  # parsed from the normalised bytes, with its path at the destination
    notes: list[str]


def import_files(paths: list[Path], into: Path, *, grammar: Path | None = None, replace: bool = False,
                 new_id: str | None = None) -> list[ImportResult]:
    """Check, normalise and copy TEI files into the sources folder; one result per file, in the order given."""
    results: dict[str, ImportResult] = {}
    candidates: list[_Candidate] = []
    for path in paths:
        name = str(path)
        try:
            candidates.append(_prepare(path, name, into, new_id))
        except SourceError as error:
            results[name] = _refused(name, error.problem)

    taken: dict[str, str] = {}
    for candidate in list(candidates):
        target = candidate.source.path
        if target.name in taken:
            results[candidate.file] = ImportResult(candidate.file, "refused", reason=(
                f"{candidate.file}: xml:id \"{candidate.source.id}\" is also the id of {taken[target.name]}, "
                "imported with it"))
            candidates.remove(candidate)
        else:
            taken[target.name] = candidate.file

    # Pointers may go to registers imported with the file or already in the folder (unless replaced now).
    incoming = {c.source.path.name for c in candidates}
    settled = [s for s in _existing_registers(into) if s.path.name not in incoming]
    known = register_ids([c.source for c in candidates] + settled)
    validator = Validator(grammar)
    schema_name = grammar.name if grammar else "the edition schema"
    for candidate in candidates:
        source = candidate.source
        target = source.path
        problems = validator.validate(source, known)
        if problems:
            results[candidate.file] = ImportResult(
                candidate.file, "refused", reason=f"{candidate.file}: not valid against {schema_name} "
                f"({_count(len(problems), 'problem')}, listed above)", problems=problems)
        elif target.exists() and target.read_bytes() == source.data:
            results[candidate.file] = ImportResult(candidate.file, "unchanged", str(target))
        elif target.exists() and not replace:
            results[candidate.file] = ImportResult(candidate.file, "refused", reason=(
                f"{candidate.file}: {target} already exists (--replace to overwrite it)"))
        else:
            status = "replaced" if target.exists() else "imported"
            write_atomic(target, source.data)
            results[candidate.file] = ImportResult(candidate.file, status, str(target), "; ".join(candidate.notes))
    return [results[str(path)] for path in paths]


def _prepare(path: Path, name: str, into: Path, new_id: str | None) -> _Candidate:
    original = load(path, name)
    source, converted = as_tei_p5(original)
    if converted:  # TEI P4: the converted document is what is imported
        source = parse_bytes(p4.serialise(original.tree, source.root), source.path, name)
    data, notes = normalised(source)
    notes += [f"converted from TEI P4 to P5: {'; '.join(converted)}"] if converted else []
    current = source.root.get(XML_ID)
    if new_id and current and new_id != current:
        raise SourceError(source.problem(source.root, f'the file\'s xml:id is "{current}": --id {new_id} would '
                                                      'contradict it'))
    if not current:
        if not new_id:
            root_name = etree.QName(source.root).localname
            raise SourceError(source.problem(source.root, f"no xml:id on the root element <{root_name}>: the file "
                                                          "cannot be named (give it one, or use --id NAME)"))
        data = _with_root_id(data, new_id)
        notes.append(f'xml:id "{new_id}" added')
        current = new_id
    if not _SAFE_ID.fullmatch(current):
        raise SourceError(source.problem(source.root, f'xml:id "{current}" cannot name a file'))
    target = into / f"{current}.xml"
    return _Candidate(name, parse_bytes(data, target, name), notes)


def normalised(source: Source) -> tuple[bytes, list[str]]:
    """The file as UTF-8 in Unicode NFC, and what was changed; a file that already is comes back untouched."""
    declared = source.tree.docinfo.encoding or "UTF-8"
    try:
        codec = codecs.lookup(declared).name
        text = source.data.decode(codec)
    except (LookupError, UnicodeDecodeError) as error:
        raise SourceError(Problem(source.name, 1, 1, f"cannot decode the file as {declared}: {error}")) from None
    is_utf8 = codec == "utf-8"
    if is_utf8 and unicodedata.is_normalized("NFC", text):
        return source.data, []
    notes = [] if is_utf8 else [f"re-encoded from {declared} to UTF-8"]
    text = text.lstrip("\ufeff")
    if not unicodedata.is_normalized("NFC", text):
        # Normalise between the markup delimiters only: NFC would fuse '>' or '<' with a following U+0338.
        text = "".join(part if part in ("<", ">") else unicodedata.normalize("NFC", part)
                       for part in re.split(r"([<>])", text))
        notes.append("normalised to Unicode NFC")
    if not is_utf8:
        text = re.sub(r"""^(<\?xml[^>]*?\bencoding\s*=\s*)(["'])[^"']*\2""", r"\1\2UTF-8\2", text, count=1)
    return text.encode("utf-8"), notes


_PROLOG_ITEM = re.compile(r"\s*(<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^\[>]*(\[.*?\]\s*)?>)", re.S)


def _with_root_id(data: bytes, new_id: str) -> bytes:
    """The document with xml:id="new_id" added to its root start tag, and nothing else changed."""
    text = data.decode("utf-8")
    position = 1 if text.startswith("\ufeff") else 0
    while match := _PROLOG_ITEM.match(text, position):  # XML declaration, comments, PIs, DOCTYPE
        position = match.end()
    name_end = re.compile(r"\s*<[^\s/>]+").match(text, position).end()
    return (text[:name_end] + f' xml:id="{new_id}"' + text[name_end:]).encode("utf-8")


def _existing_registers(folder: Path) -> list[Source]:
    registers = []
    for path in sorted(folder.glob("*.xml")) if folder.is_dir() else []:
        try:
            source = load(path)
        except SourceError:
            continue
        if source.is_register:
            registers.append(source)
    return registers


def _refused(name: str, problem: Problem) -> ImportResult:
    return ImportResult(name, "refused", reason=f"{problem.file}:{problem.line}:{problem.column}: {problem.message}")


# ===== export =====

class ExportError(Exception):
    """The export cannot be made: the problems say why (invalid sources, a failed build...)."""

    def __init__(self, message: str, problems: list[Problem] = ()):
        super().__init__(message)
        self.problems = list(problems)


@dataclass
class ExportReport:
    out: Path
    sources: list[str] = field(default_factory=list)
    files: dict[str, int] = field(default_factory=dict)  # part (bag, dc, dts, corpus) -> files written there
    payload_files: int = 0
    warnings: list[str] = field(default_factory=list)


def export(paths: list[Path], out: Path, *, outputs: Path | None = None, dts_base: str = "/dts/",
           log=None) -> ExportReport:
    """Export the sources into `out`: bag/, dc/, dts/ and the teiCorpus file (see the module docstring)."""
    report = BuildReport()
    sources = load_all(discover(paths), report)
    if report.failures:
        raise ExportError("some sources cannot be read", report.failures)
    if not sources:
        raise ExportError("no TEI sources to export")
    _check_names(sources)
    validation = validation_report([s.path for s in sources], names=[f"tei/{s.path.name}" for s in sources]).as_dict()
    if validation["summary"]["errors"]:
        problems = [Problem(**p) for f in validation["files"] for p in f["problems"]]
        raise ExportError("the sources are not valid against the edition schema: nothing exported", problems)

    export_report = ExportReport(out, [s.name for s in sources])
    with tempfile.TemporaryDirectory(prefix="edition-export-") as staging:
        staging = Path(staging)
        payload = staging / "bag"
        if outputs is None:
            outputs = staging / "build"
            built = build(paths, outputs, log=log or (lambda message: None))
            if built.failures:
                raise ExportError("the build failed: nothing exported", built.failures)
            export_report.warnings += [str(w) for w in built.warnings]
        _copy_outputs(outputs, payload / "outputs")
        for source in sources:
            _write(payload / "tei" / source.path.name, source.data)
        for name in SCHEMA_FILES:
            _write(payload / "schema" / name, resources.schema(name).read_bytes())
        _write(payload / "validation.json", json.dumps(validation, indent=2, ensure_ascii=False) + "\n")
        names = metadata.register_names([s for s in sources if s.is_register])
        records = {s.id: metadata.dublin_core(s, names) for s in sources}
        bag = make_bag(payload, bag_info(sources, records))
        export_report.payload_files = len(bag.payload_entries())

        for source in sources:
            _write(staging / "dc" / f"{source.id}.xml", metadata.oai_dc(records[source.id]))
        _write(staging / CORPUS_FILE, tei_corpus(sources, records))
        files, warnings = dts.tree(sources, records, dts_base)
        export_report.warnings += warnings
        for path, data in files.items():
            _write(staging / "dts" / path, data)

        remove_stale_temporaries(out)
        for part in EXPORT_PARTS:
            export_report.files[part] = _publish(staging / part, out / part)
    return export_report


def bag_info(sources: list[Source], records: dict[str, dict]) -> dict[str, str | list[str]]:
    """bag-info.txt, filled from the headers; the date is the sources' latest, so that the bag is reproducible."""
    documents = [s for s in sources if not s.is_register]
    description = metadata.edition_description(sources)
    digest = hashlib.sha256("".join(f"{s.path.name} {s.digest}\n" for s in sources).encode()).hexdigest()
    contents = (f"the TEI P5 sources ({_count(len(documents), 'document')}, "
                f"{_count(len(sources) - len(documents), 'register file')}) with the edition schema, the "
                "validation report and the built outputs (HTML, plain text, PDF/A)")
    return {
        "Source-Organization": metadata.publishers(records) or ["unknown"],
        "External-Description": f"{description} The bag holds {contents}." if description
                                else f"{metadata.edition_name(sources)}: {contents}.",
        "Bagging-Date": metadata.fixed_date(sources),
        "Bag-Count": "1 of 1",
        "Internal-Sender-Identifier": f"tei-edition-{digest[:16]}",
        "Internal-Sender-Description": f"Exported by edition {__version__} from "
                                       + ", ".join(f"tei/{s.path.name}" for s in sources),
        "Title": [metadata.main_title(s) for s in sources],
    }


def make_bag(folder: Path, info: dict) -> bagit.Bag:
    """Turn a folder into a BagIt 1.0 bag (RFC 8493) with the Library of Congress library, reproducibly.

    bagit-python writes version 0.97 and lists tag files in directory order: the declaration is raised to 1.0
    (the two versions share the layout this bag uses) and the tag manifests are sorted, then the bag is
    validated.
    """
    bagit.make_bag(str(folder), dict(info), checksums=list(CHECKSUMS))
    (folder / "bagit.txt").write_text("BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n", encoding="utf-8")
    bag = bagit.Bag(str(folder))
    bag.save()
    for algorithm in CHECKSUMS:
        manifest = folder / f"tagmanifest-{algorithm}.txt"
        lines = sorted(manifest.read_text(encoding="utf-8").splitlines(keepends=True))
        manifest.write_text("".join(lines), encoding="utf-8")
    bag = bagit.Bag(str(folder))
    bag.validate()
    return bag


def tei_corpus(sources: list[Source], records: dict[str, dict]) -> bytes:
    """All sources (registers included) in one teiCorpus, with a header saying what it gathers."""
    tei = f"{{{TEI_NS}}}"

    def element(parent, name: str, text: str = "", **attributes):
        made = etree.SubElement(parent, tei + name, attributes)
        made.text = text or None
        return made

    corpus = etree.Element(tei + "teiCorpus", nsmap={None: TEI_NS})
    if metadata.language(sources[0]):
        corpus.set("{http://www.w3.org/XML/1998/namespace}lang", metadata.language(sources[0]))
    header = element(corpus, "teiHeader")
    file_desc = element(header, "fileDesc")
    title_stmt = element(file_desc, "titleStmt")
    element(title_stmt, "title", metadata.edition_name(sources))
    publication = element(file_desc, "publicationStmt")
    for publisher in metadata.publishers(records):
        element(publication, "publisher", publisher)
    when = metadata.fixed_date(sources)
    element(publication, "date", when, when=when)
    source_desc = element(file_desc, "sourceDesc")
    bibliography = element(source_desc, "listBibl")
    for source in sources:
        bibl = element(bibliography, "bibl")
        element(bibl, "title", metadata.main_title(source))
        bibl[-1].tail = ", "
        element(bibl, "idno", f"tei/{source.path.name}", type="file")
    description = metadata.edition_description(sources)
    if description:
        project = element(element(header, "encodingDesc"), "projectDesc")
        element(project, "p", description)
    etree.indent(header, level=1)
    header.tail = "\n  "
    for source in sources:
        copied = copy.deepcopy(source.root)  # the root element only: no prolog; entities were expanded on loading
        copied.tail = "\n  " if source is not sources[-1] else "\n"
        corpus.append(copied)
    corpus.text = "\n  "
    return etree.tostring(corpus, xml_declaration=True, encoding="UTF-8") + b"\n"


def _check_names(sources: list[Source]) -> None:
    """Sources go into the bag by file name and into DTS by xml:id: both must be unique, and not the root's."""
    problems = []
    seen_files: dict[str, str] = {}
    seen_ids: dict[str, str] = {}
    for source in sources:
        if source.path.name in seen_files:
            problems.append(source.problem(source.root, f"another source has the file name {source.path.name}: "
                                                        f"{seen_files[source.path.name]}"))
        if source.id in seen_ids or source.id == dts.ROOT_ID:
            problems.append(source.problem(source.root, f'xml:id "{source.id}" is taken (by '
                                                        f'{seen_ids.get(source.id, "the DTS root collection")})'))
        seen_files.setdefault(source.path.name, source.name)
        seen_ids.setdefault(source.id, source.name)
    if problems:
        raise ExportError("sources with the same name cannot be exported together", problems)


def _copy_outputs(outputs: Path, target: Path) -> None:
    """The outputs the build writes, without its hidden files (the incremental build's manifest)."""
    found = [outputs / folder for folder in OUTPUT_FOLDERS if (outputs / folder).is_dir()]
    if not found:
        raise ExportError(f"{outputs} holds no built outputs ({', '.join(OUTPUT_FOLDERS)} folders)")
    for folder in found:
        shutil.copytree(folder, target / folder.name,
                        ignore=shutil.ignore_patterns(".*"))  # no hidden files, no build temporaries


def _write(path: Path, data: bytes | str) -> None:
    """A file in the staging folder (published with write_atomic later)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)


def _publish(staged: Path, target: Path) -> int:
    """Copy a staged file or folder to its place, each file atomically; files not staged are removed."""
    if staged.is_file():
        if not target.is_file() or target.read_bytes() != staged.read_bytes():
            write_atomic(target, staged.read_bytes())
        return 1
    wanted = {p.relative_to(staged) for p in staged.rglob("*") if p.is_file()}
    for relative in sorted(wanted):
        data = (staged / relative).read_bytes()
        destination = target / relative
        if not destination.is_file() or destination.read_bytes() != data:
            write_atomic(destination, data)
    if target.is_dir():
        for path in sorted(target.rglob("*"), reverse=True):  # children before their folders
            if path.is_file() and path.relative_to(target) not in wanted:
                path.unlink()
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()
    return len(wanted)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"
