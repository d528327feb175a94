"""The build: discover -> scan -> name -> plan -> per document (load, validate, transform, write) -> corpus pages.

Sources are only ever read. Every output is written atomically (a temporary file in the same folder, then a
rename), so a build stopped at any moment leaves each output either old and whole or new and whole. A document
that fails is reported and the others are still built.

Each document has one output name, its document path (pipeline/names.py): its root xml:id where that can name a
file, else a name derived from its file name, below its subfolders; collisions get distinct names and a warning.
The output folder is kept apart from the sources and locked while a build writes into it (pipeline/outfolder.py);
the worker that writes an output checks the path again (names.output_path), whatever the scan found.

Builds are incremental: a manifest in the output folder records, per output, a key made of everything it was
made from (the source, the registers, the stylesheets and schemas, the package version, the options); an output
whose key has not changed is not made again. Documents are built in worker processes, each with its own Saxon
and compiled stylesheets, and each parses its document once for validation and every output.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import signal
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import asdict, dataclass, field
from pathlib import Path

from . import __version__, atomic, names, pdf, resources, search
from .atomic import write_atomic, write_if_changed
# discover, display_name and load_all are also the commands' (cli.py, exchange.py, validate.py)
from .discovery import (Candidate, discover, discover_with_folders, display_name, load_all,  # noqa: F401
                        name_documents, scan)
from .links import DocumentIndex
from .outfolder import BuildError, OutputFolder, check_apart
from .schemas import declarations, declarations_of
from .transform import Stylesheets, TransformError, render
from .manifest import MANIFEST, entry, is_current, read_manifest
from .validate import Validator, register_ids
from .xmlload import Problem, Source, SourceError, as_tei_p5, load, parse_bytes


@dataclass(frozen=True)
class Output:
    """One file made per document: which --format asks for it, by which stylesheet, in which view."""

    format: str
    stylesheet: str  # "" for the copy of the source, written from the bytes the worker loaded
    path: str  # relative to the output folder; {path} is the document path
    view: str = "reading"


OUTPUTS = (
    Output("html", "html", "html/{path}.html"),
    Output("html", "csl", "html/{path}.csl.json"),  # its citation record, which the page links
    Output("html", "", "tei/{path}.xml"),  # the TEI source the page links to
    Output("txt", "text", "txt/{path}.reading.txt", "reading"),
    Output("txt", "text", "txt/{path}.diplomatic.txt", "diplomatic"),
    Output("pdf", "typst", "pdf/{path}.typ", "reading"),
    Output("pdf", "typst", "pdf/{path}.diplomatic.typ", "diplomatic"),
)
# Every file a document path names, in any build or export: two documents may share none of them.
DOCUMENT_FILES = tuple(dict.fromkeys(
    [o.path.replace("{path}", "{}") for o in OUTPUTS]
    + [o.path.replace("{path}", "{}").removesuffix(".typ") + ".pdf" for o in OUTPUTS if o.stylesheet == "typst"]
    + list(names.EXPORT_FILES)))
# Pages of the web edition made once per build from all documents: named template -> file.
CORPUS_PAGES = {
    "index-page": "html/index.html",
    "persons-page": "html/persons.html",
    "places-page": "html/places.html",
    "organizations-page": "html/organizations.html",
    "encoding-page": "html/encoding.html",
    "search-page": "html/search.html",
}
FORMATS = ("html", "txt", "pdf")
# what the configuration tells the stylesheets (common.xsl's parameters of the same names)
EDITION_PARAMETERS = ("edition-title", "base-url", "edition-version")
RULE_CHANGED = "source-changed"  # the rule of the warning of a file that changed while the build ran


@dataclass
class BuildReport:
    built: list[str] = field(default_factory=list)
    up_to_date: list[str] = field(default_factory=list)
    failures: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # files that could not be read as TEI (loader, not TEI)

    @property
    def ok(self) -> bool:
        return not self.failures


# ----- writing -----

def write_output(out: Path, relative: str, data: bytes | str) -> Path:
    """Write one output, atomically, at a path checked again here (names.output_path): inside `out`, through
    no symbolic link, over no file that is not a regular one."""
    target = names.output_path(out, relative)
    write_atomic(target, data)
    return target


# ----- what an output is made from -----

def tools_digest() -> str:
    """The stylesheets, assets, fonts and schemas, and the package version: a change rebuilds everything."""
    digest = hashlib.sha256(__version__.encode())
    for folder in (resources.xslt(""), resources.schema("")):
        for path in sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            digest.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _key(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogateescape")).hexdigest()


# ----- building one document (in a worker process, or in this one with --jobs 1) -----

@dataclass
class DocumentTask:
    """Outputs of one document, made in one worker from one parse and one prepare pass. A long document is split
    in two tasks (its diplomatic PDF apart, the slowest output) so that two cores share it, except with --strict,
    where validation must come before any output is written; the first task of a document validates it.

    The document path was given at scan time; the worker names the outputs by it (not by what it reads, which
    may have changed since) and checks each path again before writing."""

    path: Path
    name: str
    document_path: str
    digest: str  # of the bytes the scan read: the worker warns when the file has changed since
    outputs: tuple[Output, ...]
    out: Path
    strict: bool
    text_width: int
    validates: bool = True
    size: int = 0
    formats: tuple[str, ...] = FORMATS  # all the build makes: a web page links those downloads


# A document at least this long is split in two tasks when several jobs run.
SPLIT_BYTES = 512 * 1024


def _task_groups(outputs: tuple[Output, ...], size: int, strict: bool, jobs: int) -> list[tuple[Output, ...]]:
    alone = [o for o in outputs if o.stylesheet == "typst" and o.view == "diplomatic"]
    if strict or jobs <= 1 or size < SPLIT_BYTES or not alone or len(alone) == len(outputs):
        return [outputs]
    return [tuple(o for o in outputs if o not in alone), tuple(alone)]


@dataclass
class DocumentResult:
    name: str
    document_path: str
    written: list[str] = field(default_factory=list)  # relative output paths
    warnings: list[Problem] = field(default_factory=list)
    failures: list[Problem] = field(default_factory=list)
    refused: bool = False  # the loader refused the file, or it is not TEI
    summary: str | None = None  # what the site pages read of the document (common.xsl's mode e:summary)
    changed: bool = False  # the file was not what the scan read: its outputs are not recorded as current


_worker: dict = {}


def _start_worker(stylesheet_names: tuple[str, ...], register_paths: tuple[Path, ...],
                  register_files: tuple[str, ...], tag: str, edition: dict[str, str],
                  document_index: dict[str, str] | None = None, in_process: bool = False) -> None:
    """Once per process: compile the stylesheets and the schema, read the registers, hand the stylesheets the
    edition's configured parameters and the document index (pipeline/links.py)."""
    if not in_process:
        # Ctrl-C reaches every process of the terminal's group: the main process stops the workers itself
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        _die_with_parent()
    atomic.set_tag(tag)
    if "typst" in stylesheet_names:
        pdf.start_helper()
    registers = [load(p, display_name(p)) for p in register_paths]
    stylesheets = Stylesheets(stylesheet_names)
    stylesheets.set_corpus([stylesheets.document(r) for r in registers])
    stylesheets.set_edition(edition)
    stylesheets.set_document_index(document_index or {})
    _worker.update(stylesheets=stylesheets, validator=Validator(), register_ids=register_ids(registers),
                   register_files=register_files)


def _die_with_parent() -> None:
    """A worker is killed when the build's main process ends, however it ends (Linux)."""
    try:
        import ctypes
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _build_document(task: DocumentTask) -> DocumentResult:
    result = DocumentResult(task.name, task.document_path)
    problem = names.path_problem(task.document_path)  # checked again where it is used: nothing is taken on trust
    if problem:
        result.failures.append(Problem(task.name, 1, 1, f"the document path cannot name files: {problem}"))
        return result
    try:
        source, converted = as_tei_p5(load(task.path, task.name))
    except SourceError as error:
        result.failures.append(error.problem)
        result.refused = True
        return result
    if source.digest != task.digest:
        result.changed = True
        result.warnings.append(Problem(task.name, 1, 1, "the file changed while the build ran: its outputs are made "
                                                        "from it as it is now, and made again by the next build",
                                       RULE_CHANGED, "warning", "source"))
    if converted:
        result.warnings.append(Problem(source.name, 1, 1, "TEI P4, converted to TEI P5 in memory (edition import "
                                       f"converts the file): {'; '.join(converted)}", severity="warning",
                                       kind="conversion"))
    # against its declared schema, else the edition's; one warning per document, saying which schema
    checked = _worker["validator"].check(source, _worker["register_ids"]) if task.validates else None
    if checked and task.strict and checked.errors:
        result.failures += checked.errors
        return result
    result.warnings += checked.warnings() if checked else []
    stylesheets: Stylesheets = _worker["stylesheets"]
    stylesheets.set_site(task.formats, _worker["register_files"])
    transformed = [(o.stylesheet, o.view) for o in task.outputs if o.stylesheet]
    try:
        if transformed or task.validates:  # one summary per document, from its first task
            outputs = render(stylesheets, source, transformed, document_path=task.document_path,
                             source_file=task.document_path.rpartition("/")[2] + ".xml",  # its copy in tei/
                             text_width=task.text_width, summary=task.validates)
            result.summary = outputs.summary
            result.warnings += _message_problems(source, outputs.messages)  # unknown elements
        for output in task.outputs:
            relative = output.path.format(path=task.document_path)
            if not output.stylesheet:  # the copy, from the very bytes that were loaded and built
                write_output(task.out, relative, source.data)
                result.written.append(relative)
                continue
            rendered = outputs.results[(output.stylesheet, output.view)]
            result.warnings += _message_problems(source, rendered.messages)
            if output.stylesheet != "typst":
                write_output(task.out, relative, rendered.text)
                result.written.append(relative)
                continue
            typeset = pdf.typeset(rendered.text, source, Path(relative).name)
            write_output(task.out, relative, typeset.markup)
            relative_pdf = relative.removesuffix(".typ") + ".pdf"
            write_output(task.out, relative_pdf, typeset.pdf)
            result.written += [relative, relative_pdf]
            result.warnings += [Problem(source.name, 1, 1, note, severity="warning", kind="pdf")
                                for note in typeset.notes]
    except TransformError as error:
        result.failures.append(source.problem(source.root, str(error)))
    except pdf.PdfError as error:
        element = _resolve_path(source, error.tei_path) if error.tei_path else None
        result.failures.append(source.problem(element if element is not None else source.root, str(error)))
    except names.UnsafePath as error:
        result.failures.append(Problem(task.name, 1, 1, str(error)))
    except OSError as error:
        result.failures.append(Problem(task.name, 1, 1, f"cannot write {error.filename}: {error.strerror}"))
    return result


# ----- the build -----

def build(paths: list[Path], out: Path, formats: tuple[str, ...] = FORMATS, *, strict: bool = False,
          text_width: int = 78, jobs: int | None = None, force: bool = False, log=None,
          edition: dict[str, str] | None = None) -> BuildReport:
    """`edition`: the stylesheets' edition-title, base-url and edition-version, as configured (pipeline.config);
    unset ones are the headers' (the project description, editionStmt) and no base URL."""
    log = log or (lambda message: None)
    edition = {name: (edition or {}).get(name, "") for name in EDITION_PARAMETERS}
    report = BuildReport()
    check_apart(out, paths)
    found = [scan(path, folders) for path, folders in discover_with_folders(paths)]
    for candidate in found:
        if candidate.problem:
            report.failures.append(candidate.problem)
            report.refused.append(candidate.name)
    candidates, naming = name_documents([c for c in found if not c.problem], DOCUMENT_FILES)
    report.warnings += naming
    register_candidates = [c for c in candidates if c.is_register]
    registers = load_all([c.path for c in register_candidates], report)
    register_paths = {c.path: c.document_path for c in register_candidates}
    documents = [c for c in candidates if not c.is_register]
    outputs = tuple(o for o in OUTPUTS if o.format in formats)
    with OutputFolder(out) as folder:
        _build(documents, registers, register_paths, out, folder, outputs, formats, strict, text_width, jobs,
               force, log, report, edition)
    report.warnings = list(dict.fromkeys(report.warnings))
    report.failures = list(dict.fromkeys(report.failures))
    return report


def _build(documents: list[Candidate], registers: list[Source], register_paths: dict[Path, str], out: Path,
           folder: OutputFolder, outputs: tuple[Output, ...], formats, strict, text_width, jobs, force, log,
           report: BuildReport, edition: dict[str, str]) -> None:
    manifest, damaged = read_manifest(out)
    if damaged:
        report.warnings.append(damaged)
    if not os.path.lexists(out / MANIFEST) and not folder.resumed:
        _refuse_foreign_files(out, documents, outputs)
    manifest = {} if force else manifest
    tools = tools_digest()
    schemas = Validator()  # what each file's declared schemas are made of, for the keys
    registers_key = _key(*sorted(s.digest + schemas.declared_digest(declarations(s), s.path) for s in registers))
    index = DocumentIndex(documents)
    # the configured title, address and version are in citations of every output
    options = "|".join([str(text_width), str(int(strict))] + [edition[name] for name in EDITION_PARAMETERS])
    new_manifest = {"version": __version__, "outputs": {}, "documents": {}}
    _validate_registers(registers, strict, _key(tools, registers_key), manifest, new_manifest, report)

    tasks, keys = [], {}
    for candidate in documents:
        # besides its bytes, a document's outputs are made from its declared schemas and the documents its
        # links name
        made_from = (schemas.declared_digest(declarations_of(list(candidate.schemas)), candidate.path),
                     index.key_part(candidate))
        wanted = []
        for output in outputs:
            relative = output.path.format(path=candidate.document_path)
            # a web page's download links follow the formats built
            formats_key = ",".join(sorted(formats)) if output.format == "html" else ""
            key = _key(tools, registers_key, candidate.digest, *made_from, relative, output.view, options,
                       formats_key)
            keys[relative] = key
            related = [relative] + ([relative.removesuffix(".typ") + ".pdf"] if output.stylesheet == "typst" else [])
            if all(is_current(manifest, out, r, key) for r in related):
                for r in related:
                    new_manifest["outputs"][r] = manifest["outputs"][r]
            else:
                wanted.append(output)
        previous = manifest.get("documents", {}).get(candidate.document_path, {})
        if wanted or not isinstance(previous.get("summary"), str):  # (a document's summary is made with its outputs)
            size = candidate.path.stat().st_size if candidate.path.is_file() else 0
            groups = _task_groups(tuple(wanted), size, strict, jobs or os.cpu_count() or 1)
            tasks += [DocumentTask(candidate.path, candidate.name, candidate.document_path, candidate.digest, group,
                                   out, strict, text_width, number == 0, size, tuple(formats))
                      for number, group in enumerate(groups)]
        else:
            report.up_to_date.append(candidate.name)
            report.warnings += [Problem(**w) for w in previous.get("warnings", [])]
            new_manifest["documents"][candidate.document_path] = previous

    stylesheet_names = tuple(sorted({o.stylesheet for task in tasks for o in task.outputs if o.stylesheet}))
    register_files = tuple(f"{register_paths[r.path]}.xml" for r in registers)
    # the longest documents first, so that no core is left with a long one at the end
    tasks.sort(key=lambda task: -task.size)
    for result in _merge(_run(tasks, stylesheet_names, tuple(r.path for r in registers), register_files,
                              folder.tag, index.entries, jobs, log, edition)):
        report.warnings += result.warnings
        report.failures += result.failures
        report.written += [out / r for r in result.written]
        if result.refused:
            report.refused.append(result.name)
        elif not result.failures:
            report.built.append(result.name)
            new_manifest["documents"][result.document_path] = {
                "source": result.name, "warnings": [asdict(w) for w in result.warnings], "summary": result.summary}
            for relative in result.written if not result.changed else ():
                key = keys.get(relative) or keys[relative.removesuffix(".pdf") + ".typ"]
                new_manifest["outputs"][relative] = entry(out, relative, key)

    try:
        if "html" in formats and documents:
            _corpus_pages(documents, registers, register_paths, out, report, manifest, new_manifest,
                          _key(tools, registers_key, options,
                               *(f"{c.name}:{c.digest}:{c.document_path}" for c in documents)), edition)
            log("search index")
            _search_index(out, report, manifest, new_manifest)
        write_atomic(out / MANIFEST, json.dumps(new_manifest, indent=1, sort_keys=True))
    except names.UnsafePath as error:
        raise BuildError(str(error)) from None
    except OSError as error:
        raise BuildError(f"cannot write to {error.filename or out}: {error.strerror}") from None


def _refuse_foreign_files(out: Path, documents: list[Candidate], outputs: tuple[Output, ...]) -> None:
    """A folder no build has written into (no manifest, no stopped build's lock) may hold a user's files: the
    build does not replace them (`edition build other-folder --out .` beside a tei/ folder, say)."""
    planned = [o.path.format(path=c.document_path) for c in documents for o in outputs]
    planned += [p.removesuffix(".typ") + ".pdf" for p in planned if p.endswith(".typ")]
    planned += list(CORPUS_PAGES.values()) + [f"html/{a.name}" for a in resources.asset_files()]
    existing = [p for p in planned if os.path.lexists(out / p)]
    if existing:
        raise BuildError(f"{out / existing[0]} exists, and no build wrote it ({out} has no {MANIFEST}): it is not "
                         f"replaced; choose an empty or new --out" + (f" ({len(existing)} such files)"
                                                                       if len(existing) > 1 else ""))


def _validate_registers(registers: list[Source], strict: bool, key: str, manifest: dict, new_manifest: dict,
                        report: BuildReport) -> None:
    """Registers are validated here (documents in their workers); the findings are kept with the manifest."""
    previous = manifest.get("registers", {})
    if previous.get("key") == key and "warnings" in previous:
        problems = [Problem(**p) for p in previous.get("problems", [])]
        warnings = [Problem(**p) for p in previous.get("warnings", [])]
    else:
        ids = register_ids(registers)
        validator = Validator()
        reports = [validator.check(source, ids) for source in registers]
        problems = [p for checked in reports for p in checked.errors]
        warnings = [w for checked in reports for w in checked.warnings()]
    new_manifest["registers"] = {"key": key, "problems": [asdict(p) for p in problems],
                                 "warnings": [asdict(w) for w in warnings]}
    if strict:
        report.failures += problems
    else:
        report.warnings += warnings


def _merge(results) -> list[DocumentResult]:
    """One result per document from the results of its tasks, by document path."""
    merged: dict[str, DocumentResult] = {}
    for result in results:
        whole = merged.setdefault(result.document_path, DocumentResult(result.name, result.document_path))
        whole.written += result.written
        whole.warnings += [w for w in result.warnings if w not in whole.warnings]
        whole.failures += [f for f in result.failures if f not in whole.failures]
        whole.refused = whole.refused or result.refused
        whole.changed = whole.changed or result.changed
        whole.summary = whole.summary or result.summary
    return [merged[path] for path in sorted(merged)]


def _run(tasks: list[DocumentTask], stylesheet_names, register_paths, register_files, tag: str,
         document_index: dict[str, str], jobs: int | None, log, edition: dict[str, str]):
    """Build documents in worker processes (spawned: Saxon must not be forked), or here for one job. Stopped
    (Ctrl-C, SIGTERM, an error), the workers and their PDF helpers are killed at once."""
    jobs = min(jobs or os.cpu_count() or 1, len(tasks))
    if jobs <= 1:
        if not tasks:
            return
        _start_worker(stylesheet_names, register_paths, register_files, tag, edition, document_index, in_process=True)
        try:
            for number, task in enumerate(tasks, 1):
                log(f"[{number}/{len(tasks)}] {task.name}")
                yield _build_document(task)
        finally:
            pdf.stop_helper(kill=True)
        return
    # a spawned worker starts as `python -c ...`, which would import from the current folder before the
    # package's own path is set: PYTHONSAFEPATH keeps the current folder out of its sys.path
    os.environ["PYTHONSAFEPATH"] = "1"
    context = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_start_worker,
                               initargs=(stylesheet_names, register_paths, register_files, tag, edition, document_index))
    try:
        futures = {pool.submit(_build_document, task): index for index, task in enumerate(tasks)}
        results = {}
        for number, future in enumerate(as_completed(futures), 1):
            log(f"[{number}/{len(tasks)}] {tasks[futures[future]].name}")
            results[futures[future]] = future.result()
    except BaseException:
        _kill_workers(pool)
        raise
    pool.shutdown()
    yield from (results[index] for index in sorted(results))  # in task order, whatever finished first


def _kill_workers(pool: ProcessPoolExecutor) -> None:
    """Kill the pool's workers now (their PDF helpers die with them), rather than wait for their documents."""
    processes = list((pool._processes or {}).values())  # the executor offers no other way to stop a running task
    for process in processes:
        if process.is_alive():
            process.kill()
    for process in processes:
        process.join(10)
    pool.shutdown(wait=False, cancel_futures=True)


def _corpus_pages(documents: list[Candidate], registers: list[Source], register_paths: dict[Path, str], out: Path,
                  report: BuildReport, manifest: dict, new_manifest: dict, key: str, edition: dict[str, str]) -> None:
    """The pages made from all documents (index, registers, encoding), drawn from the summaries the workers made
    (kept in the manifest: no source is read again), the assets and the registers' copies (each document's copy
    is written by its worker)."""
    pages = list(CORPUS_PAGES.values())
    if all(is_current(manifest, out, page, key) for page in pages):
        for page in pages:
            new_manifest["outputs"][page] = manifest["outputs"][page]
    else:
        stylesheets = Stylesheets(("site",))
        summaries = []
        for candidate in documents:  # in the build's order; a document that failed has none
            text = new_manifest["documents"].get(candidate.document_path, {}).get("summary")
            if isinstance(text, str):
                try:
                    summaries.append(stylesheets.document(parse_bytes(text.encode(), candidate.path, candidate.name)))
                except (SourceError, TransformError) as error:  # a damaged manifest: left off the pages
                    report.warnings.append(Problem(candidate.name, 1, 1, f"its summary cannot be read: {error}",
                                                   severity="warning"))
        stylesheets.set_corpus([stylesheets.document(r) for r in registers], summaries)
        stylesheets.set_edition(edition)
        try:
            for template, page in CORPUS_PAGES.items():
                report.written.append(write_output(out, page, stylesheets.call("site", template).text))
                new_manifest["outputs"][page] = entry(out, page, key)
        except TransformError as error:
            report.failures.append(Problem("(corpus pages)", 1, 1, str(error)))
    for asset in resources.asset_files():
        write_if_changed(names.output_path(out, f"html/{asset.name}"), asset.read_bytes())
    for register in registers:
        write_if_changed(names.output_path(out, f"tei/{register_paths[register.path]}.xml"), register.data)


def _search_index(out: Path, report: BuildReport, manifest: dict, new_manifest: dict) -> None:
    """The search index of the web pages (pipeline/search.py), made again when a page it reads has changed: its
    key is that of every document page and Pagefind's version. Its files are written one by one, each only where
    it changed; the files of the previous index the new one has not are removed."""
    pages = sorted((relative, value["key"]) for relative, value in new_manifest["outputs"].items()
                   if relative.startswith("html/") and relative.endswith(".html") and relative not in CORPUS_PAGES.values())
    key = _key(search.version(), *(f"{relative}:{page_key}" for relative, page_key in pages))
    previous = manifest.get("search", {})
    previous_files = [f for f in previous.get("files", []) if isinstance(f, str)] if isinstance(previous, dict) else []
    if previous.get("key") == key and previous_files and all(is_current(manifest, out, f, key) for f in previous_files):
        new_manifest["search"] = previous
        for relative in previous_files:
            new_manifest["outputs"][relative] = manifest["outputs"][relative]
        return
    try:
        bundle = search.index_site(out / "html")
    except search.SearchIndexError as error:
        report.warnings.append(Problem(str(out / "html"), 1, 1, f"{error}; the search page says so", "search-index",
                                       "warning", "search"))
        return
    files = []
    for name, data in bundle.items():
        relative = f"html/{search.FOLDER}/{name}"
        write_if_changed(names.output_path(out, relative), data)
        new_manifest["outputs"][relative] = entry(out, relative, key)
        files.append(relative)
    for relative in set(previous_files) - set(files):
        if relative.startswith(f"html/{search.FOLDER}/"):  # (the manifest is read as untrusted)
            names.output_path(out, relative).unlink(missing_ok=True)
    new_manifest["search"] = {"key": key, "files": files}


def _message_problems(source: Source, messages: tuple[str, ...]) -> list[Problem]:
    """The stylesheets' messages as warnings located in the source (see xslt/common.xsl)."""
    problems = []
    for message in messages:
        kind, _, rest = message.partition("|")
        if kind == "unknown-element":
            name, _, path = rest.partition("|")
            element = _resolve_path(source, path)
            problems.append(source.problem(element if element is not None else source.root,
                                           f"unknown TEI element <{name}> rendered as generic text",
                                           severity="warning", kind="unknown-element"))
        elif kind == "unprocessed-include":
            href, _, path = rest.rpartition("|")
            element = _resolve_path(source, path)
            problems.append(source.problem(element if element is not None else source.root,
                                           f"XInclude not processed: <xi:include href=\"{href}\"> is reported in the "
                                           "outputs, its fallback shown", severity="warning", kind="unprocessed-include"))
        else:
            problems.append(Problem(source.name, 1, 1, message.strip(), severity="warning", kind="stylesheet"))
    return problems


def _resolve_path(source: Source, path: str):
    """An XPath from Saxon's path() (/Q{uri}name[n] steps) evaluated on the lxml tree; None if it is not one.

    Read without a regular expression: a namespace URI in it comes from the source and may hold anything."""
    steps = []
    position = 0
    while position < len(path):
        if not path.startswith("/Q{", position):
            return None
        close = path.find("}", position + 3)
        bracket = path.find("[", close + 1) if close >= 0 else -1
        end = path.find("]", bracket + 1) if bracket >= 0 else -1
        if end < 0 or not path[bracket + 1:end].isdigit() or "/" in path[close + 1:bracket]:
            return None
        steps.append((path[position + 3:close], path[close + 1:bracket], path[bracket + 1:end]))
        position = end + 1
    if not steps:
        return None
    # names and namespaces as XPath variables: a namespace URI may hold any character
    xpath = "".join(f"/*[local-name()=$n{i} and namespace-uri()=$u{i}][{index}]" for i, (_, _, index) in enumerate(steps))
    variables = {f"{kind}{i}": value for i, (uri, name, _) in enumerate(steps) for kind, value in (("n", name), ("u", uri))}
    found = source.tree.xpath(xpath, **variables)
    return found[0] if found else None
