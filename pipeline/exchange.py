"""Exchange with other archives: take TEI from elsewhere (import), give TEI to others (export).

Import checks a file as the build would (hardened loader, TEI P5, the project's schema or another grammar),
normalises its encoding to UTF-8 and NFC without touching anything else, and files it under its xml:id; a file
without one is given one by the build's rule (pipeline/names.py), from its file name.

Export writes, from the same sources, always the same bytes (dates come from the headers, never the clock):
a BagIt bag (RFC 8493) of the sources, schema, validation report and built outputs; a Dublin Core record per
source; a teiCorpus of all sources; a static DTS 1.0 tree. Documents are named by their document paths, as the
build names them. Everything is made in a staging folder first and then written file by file with write_atomic.
The export records what it wrote (OUT/.export-manifest.json): a later export removes only those files, and
writes over no file in OUT/bag, dc, dts or tei-corpus.xml that it did not write.
"""

from __future__ import annotations

import codecs
import hashlib
import json
import os
import re
import stat
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import bagit
from lxml import etree

from . import __version__, dts, metadata, names, p4, resources
from .build import DOCUMENT_FILES, BuildReport, build, discover_with_folders, display_name, load_all, write_atomic
from .discovery import RULE_NAMING
from .outfolder import OutputFolder, check_apart
from .catalog import Catalog
from .schemas import files_read
from .teicorpus import CORPUS_NAME as CORPUS_FILE, tei_corpus
from .validate import ValidationReport, check_files, register_ids, validation_report
from .xmlload import XML_ID, Problem, Source, SourceError, as_tei_p5, load, parse_bytes

SCHEMA_FILES = ("edition.rng", "edition.sch", "README.md")
OUTPUT_FOLDERS = ("html", "txt", "pdf", "tei")  # what the build writes; an --outputs folder is read for these
CHECKSUMS = ("sha256", "sha512")
EXPORT_PARTS = ("bag", "dc", "dts", CORPUS_FILE)  # what export owns in its output folder
EXPORT_MANIFEST = ".export-manifest.json"  # the files the last export wrote, relative to its folder


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


def import_files(paths: list[Path], into: Path, *, grammar: Path | None = None, replace: bool = False,
                 new_id: str | None = None) -> list[ImportResult]:
    """Check, normalise and copy TEI files into the sources folder; one result per file, in the order given.

    Files are named as the build names them: by their root xml:id; a file without one is given one, its file
    name made into a name (with `d` before it where an xml:id cannot start so, `001.xml` -> `d001`); a file
    whose id another file of the same import has (or wants) first gets `NAME-2` ..., written into its root as
    its xml:id, with a note."""
    results: dict[str, ImportResult] = {}
    candidates: list[_Candidate] = []
    for path in paths:
        name = display_name(path)
        try:
            candidates.append(_prepare(path, name, new_id))
        except SourceError as error:
            results[name] = _refused(name, error.problem)

    # files that carry an xml:id are named first: their names are their own; the others take what is left
    candidates.sort(key=lambda c: c.given_id is None)
    paths_given, notes = names.document_paths(
        [names.Named(c.file, c.given_id or c.wanted_id, (), c.wanted_id) for c in candidates], ("{}.xml",),
        reserved=())
    renamed = {note.file: note for note in notes if isinstance(note, names.Renaming)}
    kept = []
    for candidate, given in zip(candidates, paths_given):
        note = renamed.get(candidate.file)
        if candidate.given_id is None or note:
            if not candidate.name(given, into, note):
                results[candidate.file] = ImportResult(candidate.file, "refused", reason=(
                    f'{candidate.file}: xml:id "{candidate.given_id}" {note.reason.removeprefix("is ")}, imported '
                    "with it, and it cannot be changed in the file (it is not written out in the root's start tag)"))
                continue
        else:
            candidate.source = parse_bytes(candidate.source.data, into / f"{given}.xml", candidate.file)
        kept.append(candidate)
    candidates = kept

    # Pointers may go to registers imported with the file or already in the folder (unless replaced now).
    incoming = {c.source.path.name for c in candidates}
    settled = [s for s in _existing_registers(into) if s.path.name not in incoming]
    known = register_ids([c.source for c in candidates] + settled)
    schema_name = grammar.name if grammar else "the edition schema"
    checked = check_files([c.source for c in candidates], grammar, None, lambda: known)
    for candidate, report in zip(candidates, checked):
        source = candidate.source
        target = source.path
        problems = report.problems
        if problems:
            results[candidate.file] = ImportResult(
                candidate.file, "refused", reason=f"{candidate.file}: not valid against {schema_name} "
                f"({_count(len(problems), 'problem')}, listed above)", problems=problems)
        elif target.is_file() and not target.is_symlink() and target.read_bytes() == source.data:
            results[candidate.file] = ImportResult(candidate.file, "unchanged", str(target))
        elif os.path.lexists(target) and not replace:
            results[candidate.file] = ImportResult(candidate.file, "refused", reason=(
                f"{candidate.file}: {target} already exists (--replace to overwrite it)"))
        else:
            status = "replaced" if os.path.lexists(target) else "imported"
            try:
                write_atomic(names.output_path(into, target.name), source.data)
            except names.UnsafePath as error:
                results[candidate.file] = ImportResult(candidate.file, "refused", reason=f"{candidate.file}: {error}")
                continue
            results[candidate.file] = ImportResult(candidate.file, status, str(target), "; ".join(candidate.notes))
    return [results[display_name(path)] for path in paths]


@dataclass
class _Candidate:
    """A file that passed the checks that need no other file: parsed and normalised; then named."""

    file: str
    source: Source  # parsed from the normalised bytes (its path, until named, is the file's own)
    notes: list[str]
    given_id: str | None  # the root xml:id (or --id), which names the file
    wanted_id: str = ""  # for a file without one: the name its file name gives (xml_id_from)

    def name(self, new_id: str, into: Path, renaming) -> bool:
        """Give the file the id `new_id`, in its root start tag and nothing else: added where it has none,
        changed where another file of the import has its id (the build's rule: NAME-2). False if it cannot."""
        data = _with_root_id(self.source.data, new_id, self.given_id)
        if data is None:
            return False
        why = f" ({renaming.reason.removeprefix('is ')})" if renaming else ""
        self.notes.append(f'xml:id "{self.given_id}" changed to "{new_id}"{why}' if self.given_id
                          else f'xml:id "{new_id}" added{why}')
        self.source = parse_bytes(data, into / f"{new_id}.xml", self.file)
        return True


def _prepare(path: Path, name: str, new_id: str | None) -> _Candidate:
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
    given = current or new_id
    if given:
        problem = names.name_problem(given)
        if problem:
            raise SourceError(source.problem(source.root, f'xml:id "{names.readable(given[:200])}" cannot name a '
                                                          f'file ({problem})'))
        if not current:
            data = _with_root_id(data, given)
            notes.append(f'xml:id "{given}" added')
        return _Candidate(name, parse_bytes(data, path, name), notes, given)
    return _Candidate(name, parse_bytes(data, path, name), notes, None, xml_id_from(path.stem))


def xml_id_from(text: str) -> str:
    """An xml:id made from a file name by the build's rule (names.derived_name), with `d` before it where an
    xml:id cannot start so (a digit, say)."""
    name = names.derived_name(text)
    kept = "".join(c for c in name if is_xml_id(f"d{c}"))  # without what an xml:id may not hold
    for candidate in (name, f"d{name}", kept, f"d{kept}"):
        if candidate and is_xml_id(candidate) and names.is_name(candidate):
            return candidate
    return names.FALLBACK_NAME


def is_xml_id(value: str) -> bool:
    """True for an NCName, what an xml:id must be."""
    try:
        etree.QName(value)
    except ValueError:
        return False
    return ":" not in value


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


_ROOT_ID = re.compile(r"""(\sxml:id\s*=\s*)(["'])([^"'<>]*)\2""")


def _with_root_id(data: bytes, new_id: str, replacing: str | None = None) -> bytes:
    """The document with xml:id="new_id" added to its root start tag (or, `replacing` its xml:id there, changed),
    and nothing else changed; None when the id to replace is not written out in the tag (an entity, say)."""
    text = data.decode("utf-8")
    position = 1 if text.startswith("\ufeff") else 0
    while match := _PROLOG_ITEM.match(text, position):  # XML declaration, comments, PIs, DOCTYPE
        position = match.end()
    name_end = re.compile(r"\s*<[^\s/>]+").match(text, position).end()
    if replacing is None:
        return (text[:name_end] + f' xml:id="{new_id}"' + text[name_end:]).encode("utf-8")
    tag_end, quote = name_end, ""
    while tag_end < len(text) and (quote or text[tag_end] != ">"):  # the root start tag, quoted values skipped
        if text[tag_end] in "\"'":
            quote = "" if quote == text[tag_end] else quote or text[tag_end]
        tag_end += 1
    found = _ROOT_ID.search(text, name_end, tag_end)
    if not found or found.group(3) != replacing:
        return None
    return (text[:found.start(3)] + new_id + text[found.end(3):]).encode("utf-8")


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
           schema: Path | None = None, catalog: Catalog | None = None, log=None) -> ExportReport:
    """Export the sources into `out`: bag/, dc/, dts/ and the teiCorpus file (see the module docstring).

    Each source must be valid against its schema, as `edition validate` checks it: the one it declares (found
    through `catalog` where it names a web address), else the edition's; or, given, `schema` for all. The bag
    holds the report and the schema files it names. SchemaError: `schema` cannot be read."""
    check_apart(out, paths)
    report = BuildReport()
    found = discover_with_folders(paths)
    sources = load_all([path for path, _ in found], report)
    if report.failures:
        raise ExportError("some sources cannot be read", report.failures)
    if not sources:
        raise ExportError("no TEI sources to export")
    folders = dict(found)
    named, notes = names.document_paths(
        [names.Named(s.name, s.root.get(XML_ID, ""), folders[s.path], s.path.stem) for s in sources], DOCUMENT_FILES)
    checked = validation_report([s.path for s in sources], schema=schema, catalog=catalog,
                                names=[f"tei/{p}.xml" for p in named])
    if not checked.ok:
        failed = [f for f in checked.files if not f.valid]
        against = " and ".join(dict.fromkeys(f.schema for f in failed if f.checked)) or "any schema"
        problems = [p for f in failed for p in f.problems]
        raise ExportError(f"{_count(len(failed), 'source')} not valid against {against}"
                          f"{' (or not checked)' if any(not f.checked for f in failed) and against != 'any schema' else ''}"
                          ": nothing exported", problems)
    validation = checked.as_dict()
    schema_files = _schema_files(checked, catalog or Catalog.from_environment())

    export_report = ExportReport(out, [s.name for s in sources])
    export_report.warnings += [str(Problem(n.file, 1, 1, n.message(), RULE_NAMING, "warning", "naming")) for n in notes]
    try:
        _stage_and_publish(paths, sources, named, validation, schema_files, out, outputs, dts_base, log,
                           export_report)
    except names.UnsafePath as error:
        raise ExportError(str(error)) from None
    export_report.warnings = list(dict.fromkeys(export_report.warnings))
    return export_report


def _schema_files(checked: ValidationReport, catalog: Catalog) -> dict[str, bytes]:
    """The schema files the sources were checked against, by their path in the bag: the edition's under
    schema/ (when a source was checked against it), another schema's files (with what they include, keeping
    their folders relative to each other, so that the grammar reads them there too) under schema/declared/."""
    files: dict[str, bytes] = {}
    if any(f.checked and not f.parts for f in checked.files):
        files |= {f"schema/{name}": resources.schema(name).read_bytes() for name in SCHEMA_FILES}
    read = list(dict.fromkeys(path for f in checked.files for part in f.parts for path in files_read(part, catalog)))
    if read:
        base = os.path.commonpath([str(path.parent) for path in read])
        for path in read:
            relative = Path(os.path.relpath(path, base)).as_posix()
            if names.path_problem(relative):
                raise ExportError(f"{names.readable(str(path))}: a schema file whose name cannot name a file of the "
                                  f"bag ({names.path_problem(relative)})")
            files[f"schema/declared/{relative}"] = path.read_bytes()
    return files


def _stage_and_publish(paths: list[Path], sources: list[Source], named: list[str], validation: dict,
                       schema_files: dict[str, bytes], out: Path, outputs: Path | None, dts_base: str, log,
                       export_report: ExportReport) -> None:
    """Make every part in a staging folder, then publish it into `out` (locked while it is written)."""
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
        for source, path in zip(sources, named):
            _write(payload, f"tei/{path}.xml", source.data)
        for relative, data in schema_files.items():
            _write(payload, relative, data)
        _write(payload, "validation.json", json.dumps(validation, indent=2, ensure_ascii=False) + "\n")
        register_names = metadata.register_names([s for s in sources if s.is_register])
        records = {path: metadata.dublin_core(s, register_names, path) for s, path in zip(sources, named)}
        bag = make_bag(payload, bag_info(sources, named, records))
        export_report.payload_files = len(bag.payload_entries())

        for path in named:
            _write(staging, f"dc/{path}.xml", metadata.oai_dc(records[path]))
        corpus, renamings = tei_corpus(sources, named, records)
        _write(staging, CORPUS_FILE, corpus)
        export_report.warnings += renamings
        files, warnings = dts.tree(sources, records, dts_base, named)
        export_report.warnings += warnings
        for path, data in files.items():
            _write(staging, f"dts/{path}", data)

        with OutputFolder(out):
            export_report.files = _publish(staging, out)


def bag_info(sources: list[Source], paths: list[str], records: dict[str, dict]) -> dict[str, str | list[str]]:
    """bag-info.txt, filled from the headers; the date is the sources' latest, so that the bag is reproducible."""
    documents = [s for s in sources if not s.is_register]
    description = metadata.edition_description(sources)
    name = metadata.edition_name(sources)
    digest = hashlib.sha256("".join(f"{p}.xml {s.digest}\n" for s, p in zip(sources, paths)).encode()).hexdigest()
    contents = (f"the TEI P5 sources ({_count(len(documents), 'document')}, "
                f"{_count(len(sources) - len(documents), 'register file')}) with the edition schema, the "
                "validation report and the built outputs (HTML, plain text, PDF/A)")
    return {
        "Source-Organization": metadata.publishers(records) or ["unknown"],
        "External-Description": ((f"{name}: " if not description.startswith(name) else "")
                                 + f"{description} The bag holds {contents}.") if description
                                else f"{name}: {contents}.",
        "Bagging-Date": metadata.fixed_date(sources),
        "Bag-Count": "1 of 1",
        "Internal-Sender-Identifier": f"tei-edition-{digest[:16]}",
        "Internal-Sender-Description": f"Exported by edition {__version__} from "
                                       + ", ".join(f"tei/{p}.xml" for p in paths),
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


def _copy_outputs(outputs: Path, target: Path) -> None:
    """The outputs the build writes: regular files only (no symbolic link is followed into the bag), without
    hidden files (the incremental build's manifest, temporaries)."""
    found = [outputs / folder for folder in OUTPUT_FOLDERS if (outputs / folder).is_dir()
             and not (outputs / folder).is_symlink()]
    if not found:
        raise ExportError(f"{outputs} holds no built outputs ({', '.join(OUTPUT_FOLDERS)} folders)")
    for folder in found:
        for parent, folders, files in os.walk(folder):  # symbolic links to folders are not descended into
            folders[:] = [f for f in folders if not f.startswith(".")]
            for name in files:
                path = Path(parent, name)
                if not name.startswith(".") and stat.S_ISREG(os.lstat(path).st_mode):
                    _write(target, path.relative_to(outputs).as_posix(), path.read_bytes())


def _write(root: Path, relative: str, data: bytes | str) -> None:
    """A file in the staging folder (published with write_atomic later), checked as every output is."""
    root.mkdir(parents=True, exist_ok=True)
    names.output_path(root, relative).write_bytes(data.encode("utf-8") if isinstance(data, str) else data)


def _publish(staging: Path, out: Path) -> dict[str, int]:
    """Copy the staged parts to their places, each file atomically, and remove the files of the earlier export
    that are not made again. A file this export would write over, or find in the bag (where it would make the
    bag invalid), that no export wrote is the user's: nothing is published, and the export says which."""
    previous = _export_manifest(out)
    wanted: dict[str, Path] = {}
    for part in EXPORT_PARTS:
        staged = staging / part
        if staged.is_file():
            wanted[part] = staged
        for path in sorted(staged.rglob("*")) if staged.is_dir() else []:
            if path.is_file():
                wanted[path.relative_to(staging).as_posix()] = path
    in_bag = []
    for parent, _, files in os.walk(out / "bag"):
        in_bag += [Path(parent, f).relative_to(out).as_posix() for f in files]
    foreign = sorted(({r for r in wanted if os.path.lexists(out / r)} | set(in_bag)) - previous)
    if foreign:
        raise ExportError(f"{out / foreign[0]} was not written by an export ({out} has no record of it in "
                          f"{EXPORT_MANIFEST}): it is neither replaced nor removed; move it away or choose another "
                          "--out" + (f" ({len(foreign)} such files)" if len(foreign) > 1 else ""))
    try:
        _write_export_manifest(out, previous | set(wanted))  # before any write: a stopped export is known
        for relative, staged in wanted.items():
            data = staged.read_bytes()
            destination = names.output_path(out, relative)
            if not destination.is_file() or destination.read_bytes() != data:
                write_atomic(destination, data)
        for relative in sorted(previous - set(wanted), reverse=True):
            _remove(out, relative)
        _write_export_manifest(out, set(wanted))
    except names.UnsafePath as error:
        raise ExportError(str(error)) from None
    return {part: sum(1 for r in wanted if r == part or r.startswith(part + "/")) for part in EXPORT_PARTS}


def _export_manifest(out: Path) -> set[str]:
    """The files the last export into `out` wrote: paths in its parts, read as untrusted."""
    try:
        recorded = json.loads((out / EXPORT_MANIFEST).read_bytes().decode("utf-8")).get("files", [])
    except (OSError, ValueError, AttributeError):
        return set()
    return {r for r in recorded if isinstance(r, str) and r.split("/")[0] in EXPORT_PARTS} if isinstance(
        recorded, list) else set()


def _write_export_manifest(out: Path, files: set[str]) -> None:
    write_atomic(out / EXPORT_MANIFEST, json.dumps({"files": sorted(files)}, indent=1) + "\n")


def _remove(out: Path, relative: str) -> None:
    """Remove a file an earlier export wrote (a regular file, reached through no symbolic link), then the
    folders it leaves empty, up to the export part it was in."""
    try:
        path = names.output_path(out, relative, create=False)
    except names.UnsafePath:
        return
    if not os.path.lexists(path):
        return
    path.unlink()
    part = out / relative.split("/")[0]
    folder = path.parent
    while folder != part and part in folder.parents and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"
