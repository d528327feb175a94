"""The build: discover -> scan -> name -> plan (the manifest: what is to be made) -> run the tasks
(pipeline/tasks.py) on an executor (pipeline/executor.py, or a Dask cluster: pipeline/cluster.py) -> write.

Sources are only ever read. Every output is written by this process (pipeline/writer.py), whichever machine made
it: checked again (names.output_path) and written atomically (a temporary file in the same folder, then a
rename), so a build stopped at any moment leaves each output either old and whole or new and whole. A document
that fails is reported and the others are still built.

Each document has one output name, its document path (pipeline/names.py): its root xml:id where that can name a
file, else a name derived from its file name, below its subfolders; collisions get distinct names and a warning.
The output folder is kept apart from the sources and locked while a build writes into it (pipeline/outfolder.py).

Builds are incremental: the manifest (pipeline/manifest.py) records, per output, a key made of everything it was
made from (the source, the registers, the stylesheets and schemas, the package version, the options); an output
whose key has not changed is not made again.

What runs, and when: a document's task (parse, validate, prepare, web page, texts, Typst source, summary), then
its PDF task, fed the Typst source (the longest documents first, a document's PDFs before the next document, so
that no core is left with a long one at the end); once every document's task is done, the site pages, while the
last PDFs are made. The search index of the web pages (pipeline/search.py) is made in parts, here, in threads:
each part as soon as its documents' pages are written, and only where one of its pages changed.
"""

from __future__ import annotations

import hashlib
import heapq
import itertools
import os
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__, names, resources, search, tasks
from . import executor as executors
from .atomic import write_atomic, write_if_changed  # noqa: F401 (write_atomic: the commands' too)
# discover, display_name and load_all are also the commands' (cli.py, exchange.py, validate.py)
from .discovery import (Candidate, discover, discover_with_folders, display_name, load_all,  # noqa: F401
                        name_documents, scan)
from .links import DocumentIndex
from .manifest import MANIFEST, Manifest  # noqa: F401 (MANIFEST: the tests')
from .outfolder import BuildError, OutputFolder, check_apart
from .schemas import declarations, declarations_of
from .tasks import (CORPUS_PAGES, RULE_CHANGED, STYLESHEETS, BuildContext, DocumentResult,  # noqa: F401
                    DocumentTask, PdfResult, PdfTask, SiteResult, SiteTask, SourceFile)
from .validate import Validator, check_files, register_ids
from .writer import Writer
from .xmlload import Problem, Source, SourceError, read_source


@dataclass(frozen=True)
class Output:
    """One file made per document: which --format asks for it, by which stylesheet ("" for the copy of the
    source, "pdf" for a PDF compiled from the Typst source), in which view (an output of the diplomatic view is
    made only for a document that has one)."""

    format: str
    stylesheet: str
    path: str  # relative to the output folder; {path} is the document path
    view: str = "reading"

    def at(self, document_path: str) -> str:
        return self.path.format(path=document_path)


TYPST_SOURCE = Output("pdf", "typst", "pdf/{path}.typ")  # both views in one source (see xslt/typst.xsl)
OUTPUTS = (
    Output("html", "html", "html/{path}.html"),
    Output("html", "csl", "html/{path}.csl.json"),  # its citation record (xslt/csl.xsl), which the page links
    Output("html", "", "tei/{path}.xml"),  # the TEI source the page links to
    Output("txt", "text", "txt/{path}.reading.txt", "reading"),
    Output("txt", "text", "txt/{path}.diplomatic.txt", "diplomatic"),
    TYPST_SOURCE,
    Output("pdf", "pdf", "pdf/{path}.pdf", "reading"),
    Output("pdf", "pdf", "pdf/{path}.diplomatic.pdf", "diplomatic"),
)
# What builds wrote before one Typst source held both views: removed when its document is made again.
LEGACY_FILES = ("pdf/{}.diplomatic.typ",)
# Every file a document path names, in any build or export: two documents may share none of them.
DOCUMENT_FILES = tuple(dict.fromkeys(
    [o.path.replace("{path}", "{}") for o in OUTPUTS if o.format != "pdf"] + ["pdf/{}.typ"] + list(LEGACY_FILES)
    + [o.path.replace("{path}", "{}") for o in OUTPUTS if o.stylesheet == "pdf"] + list(names.EXPORT_FILES)))
FORMATS = ("html", "txt", "pdf")
# what the configuration tells the stylesheets (common.xsl's parameters of the same names; pipeline/config.py)
EDITION_PARAMETERS = ("edition-title", "base-url", "edition-version")


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


def _key(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogateescape")).hexdigest()


# ----- the plan: what is to be made -----

@dataclass
class Job:
    """A document to make again: the outputs wanted (stale or missing) and the key of every output."""

    candidate: Candidate
    wanted: tuple[Output, ...]
    keys: dict[str, str]  # relative path -> key, for every output of the document
    source_key: str  # the document as a whole (its views are recorded with it)

    @property
    def size(self) -> int:
        return self.candidate.size

    @property
    def task_outputs(self) -> tuple[tuple[str, str], ...]:
        """(stylesheet, view) of the document task: the outputs it renders, the Typst source for the PDFs."""
        rendered = [(o.stylesheet, o.view) for o in self.wanted if o.stylesheet in STYLESHEETS]
        if any(o.format == "pdf" for o in self.wanted) and ("typst", "reading") not in rendered:
            rendered.append(("typst", "reading"))
        return tuple(dict.fromkeys(rendered))


@dataclass
class Plan:
    jobs: list[Job]
    documents: list[Candidate]
    site_key: str  # what the site pages are drawn from, but the summaries (see site_key())


def site_key(the_plan: Plan, summaries: dict[str, str]) -> str:
    """The key of the site pages: the summaries they are drawn from (in the build's order), the registers, the
    stylesheets and options; a document whose text changed but not its summary leaves them as they are."""
    return _key(the_plan.site_key, *(f"{c.document_path}\0{summaries.get(c.document_path, '')}"
                                     for c in the_plan.documents))

def plan(documents: list[Candidate], outputs: tuple[Output, ...], formats: tuple[str, ...], manifest: Manifest,
         tools: str, registers_key: str, options: str, register_files: tuple[str, ...], report: BuildReport,
         made_from) -> Plan:
    """Which documents are made again, and which of their outputs: those whose key or file changed; an output of
    the diplomatic view is expected only of a document known (from its last build) to have one, or not known.
    `made_from(candidate)`: what else than its bytes a document's outputs are made from (strings for the key)."""
    jobs = []
    for candidate in documents:
        path = candidate.document_path
        also = made_from(candidate)
        source_key = _key(tools, registers_key, candidate.digest, *also, options)
        # a web page's download links follow the formats built
        keys = {o.at(path): _key(tools, registers_key, candidate.digest, *also, o.at(path), o.view, options,
                                 ",".join(sorted(formats)) if o.format == "html" else "") for o in outputs}
        views = manifest.previous_views(path, source_key)
        expected = [o for o in outputs if o.view == "reading" or views is None or o.view in views]
        stale = [o for o in expected if not manifest.is_current(o.at(path), keys[o.at(path)])]
        if any(o.format == "pdf" for o in stale):  # the PDFs are made from the Typst source, all at once
            stale = [o for o in expected if o not in stale and o.format == "pdf"] + stale
        if not stale and manifest.previous_summary(path) is not None:
            report.up_to_date.append(candidate.name)
            report.warnings += manifest.keep_document(path)
            for output in expected:
                manifest.keep(output.at(path))
            continue
        for output in expected:
            if output not in stale:
                manifest.keep(output.at(path))
        jobs.append(Job(candidate, tuple(o for o in outputs if o in stale), keys, source_key))
    return Plan(jobs, documents, _key(tools, registers_key, options, ",".join(sorted(formats)), *register_files))


# ----- the build -----

def build(paths: list[Path], out: Path, formats: tuple[str, ...] = FORMATS, *, strict: bool = False,
          text_width: int = 78, jobs: int | None = None, force: bool = False, log=None,
          scheduler: str | None = None, edition: dict[str, str] | None = None) -> BuildReport:
    """Build the documents found in `paths` into `out`: on `jobs` local processes, or on the Dask cluster whose
    scheduler is at `scheduler` (pipeline/cluster.py; the same outputs, byte for byte).

    `edition`: the stylesheets' edition-title, base-url and edition-version, as configured (pipeline.config);
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
        manifest = Manifest.read(out)
        if manifest.damaged:
            report.warnings.append(manifest.damaged)
        if not os.path.lexists(out / MANIFEST) and not folder.resumed:
            _refuse_foreign_files(out, documents, outputs)
        if force:
            manifest.forget_previous()
        tools = resources.tools_digest()
        schemas = Validator()  # what each file's declared schemas are made of, for the keys
        registers_key = _key(*sorted(s.digest + schemas.declared_digest(declarations(s), s.path) for s in registers))
        index = DocumentIndex(documents)
        # the configured title, address and version are in the citations of every output
        options = "|".join([str(text_width), str(int(strict))] + [edition[name] for name in EDITION_PARAMETERS])
        _validate_registers(registers, strict, _key(tools, registers_key), manifest, report)
        register_files = tuple(f"{register_paths[r.path]}.xml" for r in registers)

        def made_from(candidate: Candidate) -> tuple[str, str]:
            """Besides its bytes, a document's outputs are made from its declared schemas (every file they read)
            and the documents its links name."""
            return (schemas.declared_digest(declarations_of(list(candidate.schemas)), candidate.path),
                    index.key_part(candidate))

        the_plan = plan(documents, outputs, formats, manifest, tools, registers_key, options, register_files, report,
                        made_from)
        context = BuildContext(
            registers=tuple(SourceFile(r.name, str(r.path), r.data) for r in registers),
            register_files=register_files,
            formats=tuple(formats), text_width=text_width, strict=strict, tools=tools,
            document_index=tuple(index.entries.items()), edition=tuple(edition.items()))
        run = _Run(the_plan, outputs, formats, manifest, report, log)
        try:
            if the_plan.jobs or (run.site_wanted and not run.site_current()):
                run.go(lambda: _executor(scheduler, jobs, context, len(the_plan.jobs)))
            _finish(run, registers, register_paths, out, formats, documents)
            if run.site_wanted:
                log("search index")
                _search_index(out, report, manifest, run)
            manifest.write(__version__)
        except names.UnsafePath as error:
            raise BuildError(str(error)) from None
        except OSError as error:
            raise BuildError(f"cannot write to {error.filename or out}: {error.strerror}") from None
    report.warnings = list(dict.fromkeys(report.warnings))
    report.failures = list(dict.fromkeys(report.failures))
    return report


def _executor(scheduler: str | None, jobs: int | None, context: BuildContext, documents: int):
    if scheduler:
        from .cluster import DaskExecutor  # the [distributed] extra: imported only when asked for
        return DaskExecutor(scheduler, context)
    return executors.local(min(jobs or os.cpu_count() or 1, max(1, documents)), context)


def _finish(run: _Run, registers: list[Source], register_paths: dict[Path, str], out: Path, formats,
            documents: list[Candidate]) -> None:
    """After the tasks: the web edition's assets and the registers' copies (each document's copy is written with
    its outputs)."""
    if "html" in formats and documents:
        for asset in resources.asset_files():
            write_if_changed(names.output_path(out, f"html/{asset.name}"), asset.read_bytes())
        for register in registers:
            write_if_changed(names.output_path(out, f"tei/{register_paths[register.path]}.xml"), register.data)


def _search_key(pages: list[tuple[str, list]]) -> str:
    """The key of a part of the search index: its pages' size and time of writing (the writer leaves a page made
    again the same as it was) and Pagefind's version."""
    return _key(search.version(), *(f"{relative}:{size}:{written}" for relative, (size, written) in pages))


def _search_pages(html: Path, pages: list[str]) -> list[tuple[str, list]]:
    """The pages of a part as written (relative to html/): each there is, with its size and time of writing."""
    found = []
    for relative in pages:
        try:
            stat = (html / relative).stat()
        except OSError:
            continue  # (a document that failed has no page)
        found.append((relative, [stat.st_size, stat.st_mtime_ns]))
    return found


def _search_index(out: Path, report: BuildReport, manifest: Manifest, run: _Run) -> None:
    """The search index of the web pages (pipeline/search.py), in parts: each begun by the run once its pages were
    written (_Run._begin_part), or now; a part whose pages did not change (_search_key) keeps its files where it
    still lies (the first part that has pages at the top of html/pagefind/, the others in part-N/). Nothing is
    written before every part is made: where one cannot be, the previous index is left as it is, with a warning.
    The files are written one by one, each only where it changed; the files of the previous index the new one has
    not are removed."""
    try:
        for number in range(len(run.search_parts)):
            if number not in run.search_runs:
                run._begin_part(number)
        made = [run.search_runs[number] for number in range(len(run.search_parts))]
        made = [part for part in made if part.pages]  # (a part whose documents all failed has no pages)
        bundles = {}
        for position, part in enumerate(made):
            if part.kept is not None and part.kept[0] == search.prefix(position):
                continue
            try:  # (a kept part that now lies elsewhere is made again)
                bundles[position] = part.run.result() if part.run else search.index_part(out / "html", part.names)
            except Exception as error:  # noqa: BLE001 - whatever stops a part leaves the index as it was
                report.warnings.append(Problem(str(out / "html"), 1, 1, f"the search index is not made again: "
                                               f"{error} (the search page keeps the previous one, if any)",
                                               "search-index", "warning", "search"))
                manifest.keep_previous_search()
                return
        parts, files = [], []
        for position, part in enumerate(made):
            if position in bundles:
                part_files = []
                for name, data in search.placed(bundles[position], position).items():
                    relative = f"html/{search.FOLDER}/{name}"
                    write_if_changed(names.output_path(out, relative), data)
                    manifest.record(relative, part.key)
                    part_files.append(relative)
            else:
                part_files = part.kept[1]
                for relative in part_files:
                    manifest.keep(relative)
            parts.append((part.key, search.prefix(position), part_files))
            files += part_files
        listed = f"html/{search.FOLDER}/{search.PARTS_LIST}"
        write_if_changed(names.output_path(out, listed), search.parts_list(len(parts)))
        manifest.record(listed, _key(str(len(parts))))
        files.append(listed)
        for relative in set(manifest.search_files_before()) - set(files):
            try:
                if relative.startswith(f"html/{search.FOLDER}/"):  # (the manifest is read as untrusted)
                    names.output_path(out, relative, create=False).unlink(missing_ok=True)
            except (names.UnsafePath, OSError, ValueError):
                pass  # not a file of an index this build wrote: left alone
        manifest.record_search(parts, files)
    finally:
        run.end_search()


def _refuse_foreign_files(out: Path, documents: list[Candidate], outputs: tuple[Output, ...]) -> None:
    """A folder no build has written into (no manifest, no stopped build's lock) may hold a user's files: the
    build does not replace them (`edition build other-folder --out .` beside a tei/ folder, say)."""
    planned = [o.at(c.document_path) for c in documents for o in outputs]
    planned += list(CORPUS_PAGES.values()) + [f"html/{a.name}" for a in resources.asset_files()]
    existing = [p for p in planned if os.path.lexists(out / p)]
    if existing:
        raise BuildError(f"{out / existing[0]} exists, and no build wrote it ({out} has no {MANIFEST}): it is not "
                         f"replaced; choose an empty or new --out" + (f" ({len(existing)} such files)"
                                                                       if len(existing) > 1 else ""))


def _validate_registers(registers: list[Source], strict: bool, key: str, manifest: Manifest,
                        report: BuildReport) -> None:
    """Registers are validated here, in check tasks under their budget (documents in their own tasks); the
    findings are kept with the manifest."""
    known = manifest.previous_registers(key)
    if known:
        problems, warnings = known
    else:
        ids = register_ids(registers)
        reports = check_files(registers, None, None, lambda: ids)
        problems = [p for checked in reports for p in checked.errors]
        warnings = [w for checked in reports for w in checked.warnings()]
    manifest.record_registers(key, problems, warnings)
    if strict:
        report.failures += problems
    else:
        report.warnings += warnings


# ----- running the tasks, writing what they make -----

@dataclass
class _Document:
    """A document being made: what its tasks said so far."""

    job: Job
    data: bytes = b""  # as read for its task: the copy in tei/ is written from these bytes
    changed: bool = False  # the file was not what the scan read: its outputs are not recorded as current
    views: tuple[str, ...] = ()
    summary: str | None = None
    warnings: list[Problem] = field(default_factory=list)
    failures: list[Problem] = field(default_factory=list)
    refused: bool = False
    writes: list = field(default_factory=list)  # (relative, future)
    tasks_left: int = 1


def _made_first(candidate: Candidate) -> tuple[int, str]:
    """The order documents are made in: the longest first (so that no core is left with a long one at the end)."""
    return -candidate.size, candidate.document_path


@dataclass
class _SearchPart:
    """A part of the search index as this build found it: its pages (with their size and time of writing), its
    key, where its files lie and which they are if they are still those of its pages, else its Pagefind run."""

    pages: list[tuple[str, list]]  # relative to html/
    key: str
    kept: tuple[str, list[str]] | None = None
    run: Future | None = None

    @property
    def names(self) -> list[str]:
        return [relative for relative, _ in self.pages]


class _Run:
    """One build's tasks: which runs next, what is written of each result, what the manifest records."""

    def __init__(self, the_plan: Plan, outputs: tuple[Output, ...], formats, manifest: Manifest,
                 report: BuildReport, log):
        self.plan, self.outputs, self.formats, self.manifest, self.report, self.log = (
            the_plan, outputs, formats, manifest, report, log)
        self.documents = {job.candidate.document_path: _Document(job) for job in the_plan.jobs}
        self.waiting = sorted(the_plan.jobs, key=lambda job: _made_first(job.candidate))
        self.pdfs: list = []  # heap of (-size, order, PdfTask): the longest first, then in the order they came
        self._order = itertools.count()
        self.site_wanted = "html" in formats and bool(the_plan.documents)
        self.site_submitted = False
        # the parts of the search index (pipeline/search.py), in the order the documents are made; each begun once
        # the pages of its documents are written
        self.search_parts: list[list[str]] = []
        self.search_runs: dict[int, _SearchPart] = {}
        self._parts_left: list[set[str]] = []  # the documents of each part still to be made
        self._search_thread = ThreadPoolExecutor(max_workers=search.PARTS_AT_ONCE, thread_name_prefix="edition-search")
        if self.site_wanted:
            search.allow_runs()
            made_in_order = sorted(the_plan.documents, key=_made_first)
            self.search_parts = search.plan_parts([(f"{c.document_path}.html", c.size) for c in made_in_order])
            to_make = {f"{path}.html" for path in self.documents}
            self._parts_left = [set(part) & to_make for part in self.search_parts]
        self.summaries: dict[str, str] = {}
        self.pages: list = []  # (relative, future) of the site pages
        self.total = len(the_plan.jobs) + sum(any(o.format == "pdf" for o in j.wanted) for j in the_plan.jobs) \
            + int(self.site_wanted)
        self.site_key = ""
        self.done = 0
        self._documents_running = 0
        self.writer: Writer | None = None

    # which task next: the site pages once every document task is done; a document's PDFs; the next document
    def _next(self):
        if self.site_wanted and not self.site_submitted and not self.waiting and not self._documents_running:
            self.site_submitted = True
            if not self.site_current():
                return self._site_task()
            self.total -= 1
        if self.pdfs:
            return heapq.heappop(self.pdfs)[2]
        while self.waiting:
            task = self._document_task(self.waiting.pop(0))
            if task is not None:
                return task
        return None

    def go(self, make_executor) -> None:
        self.writer = Writer(self.manifest.out)
        stopped = True
        try:
            executor = make_executor()
        except BaseException:
            self.writer.close()
            raise
        retrying = executors.Retrying(executor)  # a task whose worker died runs once more, alone
        try:
            for number, left in enumerate(self._parts_left):
                if not left:  # (its documents are all up to date)
                    self._begin_part(number)
            while True:
                while retrying.room():
                    task = self._next()
                    if task is None:
                        break
                    self._documents_running += isinstance(task, DocumentTask)
                    retrying.submit(task)
                if not retrying.busy:
                    break
                for task, future in retrying.finished():
                    self._documents_running -= isinstance(task, DocumentTask)
                    self.done += 1
                    self.log(f"[{self.done}/{self.total}] {task.name}")
                    self._take(task, future)
            stopped = False
        finally:
            executor.close(kill=stopped)
            self.writer.close(cancel=stopped)
            if stopped:
                search.stop_all()
                self._search_thread.shutdown(wait=False, cancel_futures=True)
        self._record()

    def _take(self, task, future) -> None:
        try:
            result = future.result()
        except Exception as error:  # the task could not run (its worker died again, a lost cluster)
            result = _failed(task, error)
        if isinstance(result, SiteResult):
            self._take_site(result)
        elif isinstance(result, DocumentResult):
            self._take_document(result)
        else:
            self._take_pdfs(result)

    # ----- documents -----

    def _document_task(self, job: Job) -> DocumentTask | None:
        """The document's task, with its bytes read now (a file that cannot be read now is that document's
        failure); None when there is nothing to run."""
        candidate = job.candidate
        document = self.documents[candidate.document_path]
        try:
            document.data = read_source(candidate.path, candidate.name)
        except SourceError as error:
            document.failures.append(error.problem)
            document.refused = True
            self.done += 1 + int(any(o.format == "pdf" for o in job.wanted))
            document.tasks_left = 0
            self._page_done(candidate.document_path)
            return None
        if hashlib.sha256(document.data).hexdigest() != candidate.digest:
            document.changed = True
            document.warnings.append(Problem(candidate.name, 1, 1, "the file changed while the build ran: its "
                                             "outputs are made from it as it is now, and made again by the next "
                                             "build", RULE_CHANGED, "warning", "source"))
        return DocumentTask(SourceFile(candidate.name, str(candidate.path), document.data), candidate.document_path,
                            job.task_outputs, job.size)

    def _take_document(self, result: DocumentResult) -> None:
        self._write_document(result)
        self._page_done(result.document_path)

    def _write_document(self, result: DocumentResult) -> None:
        document = self.documents[result.document_path]
        job = document.job
        document.warnings += result.warnings
        document.failures += result.failures
        document.refused = result.refused
        document.tasks_left -= 1
        if result.failures:
            if any(o.format == "pdf" for o in job.wanted):
                self.total -= 1  # its PDFs are not made
            return
        document.views, document.summary = result.views, result.summary
        self.summaries[result.document_path] = result.summary
        path = job.candidate.document_path
        for output in job.wanted:
            if output.view not in result.views:
                continue
            if output.stylesheet == "":
                self._write(document, output.at(path), document.data)
            elif (output.stylesheet, output.view) in result.files:
                self._write(document, output.at(path), result.files[(output.stylesheet, output.view)])
        self._remove_views_it_no_longer_has(document)
        if result.typst is not None and any(o.format == "pdf" for o in job.wanted):
            document.tasks_left += 1
            typ = TYPST_SOURCE.at(path)
            task = PdfTask(SourceFile(job.candidate.name, str(job.candidate.path), document.data), path,
                           Path(typ).name, result.typst, result.timestamp, result.views, job.size)
            heapq.heappush(self.pdfs, (-job.size, next(self._order), task))
        document.data = document.data if document.tasks_left else b""

    def _take_pdfs(self, result: PdfResult) -> None:
        document = self.documents[result.document_path]
        document.tasks_left -= 1
        document.warnings += result.warnings
        document.failures += result.failures
        if not result.failures:
            path = document.job.candidate.document_path
            self._write(document, TYPST_SOURCE.at(path), result.markup.encode("utf-8"))
            for output in document.job.wanted:
                if output.stylesheet == "pdf" and output.view in result.pdfs:
                    self._write(document, output.at(path), result.pdfs[output.view])
        document.data = b""

    def _remove_views_it_no_longer_has(self, document: _Document) -> None:
        """A document that has one view now: the other view's outputs an earlier build wrote are removed (they
        are this build's to remove: recorded in its manifest), with the two-file Typst output of older builds."""
        path = document.job.candidate.document_path
        stale = [o.at(path) for o in self.outputs if o.view not in document.views]
        stale += [pattern.format(path) for pattern in LEGACY_FILES if "pdf" in self.formats]
        for relative in stale:
            if self.manifest.written_before(relative):
                try:
                    names.output_path(self.manifest.out, relative).unlink(missing_ok=True)
                except (OSError, names.UnsafePath):
                    pass  # left as it is: the pages no longer link it

    def _write(self, document: _Document, relative: str, data: bytes) -> None:
        document.writes.append((relative, self.writer.write(relative, data)))

    # ----- the site pages -----

    def _summaries(self) -> dict[str, str]:
        """Every document's summary: made by its task in this build, or kept from the last (a document that
        failed has none)."""
        found = {}
        for candidate in self.plan.documents:
            path = candidate.document_path
            text = self.summaries.get(path) if path in self.documents else self.manifest.summary(path)
            if isinstance(text, str):
                found[path] = text
        return found

    def site_current(self) -> bool:
        """Are the site pages as the summaries would draw them? If so they are kept (and not made again)."""
        self.site_key = site_key(self.plan, self._summaries())
        current = all(self.manifest.is_current(page, self.site_key) for page in CORPUS_PAGES.values())
        if current:
            for page in CORPUS_PAGES.values():
                self.manifest.keep(page)
        return current

    def _site_task(self) -> SiteTask:
        summaries = self._summaries()
        return SiteTask(tuple((c.name, summaries[c.document_path]) for c in self.plan.documents
                              if c.document_path in summaries))

    def _page_done(self, document_path: str) -> None:
        """A document's task is over (its page written, or not made): a part of the search index whose documents
        are all done is begun."""
        page = f"{document_path}.html"
        for number, left in enumerate(self._parts_left):
            if page in left:
                left.discard(page)
                if not left:
                    self._begin_part(number)

    def _begin_part(self, number: int) -> None:
        """Begin a part of the search index, in a thread, once its pages are written (the index reads no site
        page); a part whose pages are those its files were made from keeps them."""
        if self.writer is not None:
            self.writer.drain()
        pages = _search_pages(self.manifest.out / "html", self.search_parts[number])
        part = _SearchPart(pages, _search_key(pages))
        part.kept = self.manifest.previous_search_part(number, part.key)
        if part.kept is None and pages:
            part.run = self._search_thread.submit(search.index_part, self.manifest.out / "html", part.names)
        self.search_runs[number] = part

    def end_search(self) -> None:
        self._search_thread.shutdown()

    def _take_site(self, result: SiteResult) -> None:
        self.report.warnings += result.warnings
        self.report.failures += result.failures
        for page, data in result.pages.items():
            self.pages.append((page, self.writer.write(page, data)))

    # ----- what the build says and records -----

    def _record(self) -> None:
        """Once every write is done: each document built or failed, in the build's order; the manifest."""
        report, manifest = self.report, self.manifest
        for candidate in self.plan.documents:
            document = self.documents.get(candidate.document_path)
            if document is None:
                continue
            written = []
            for relative, future in document.writes:
                error = future.exception()
                if error is None:
                    written.append(relative)
                    report.written.append(future.result())
                elif isinstance(error, names.UnsafePath):
                    document.failures.append(Problem(candidate.name, 1, 1, str(error)))
                else:
                    document.failures.append(Problem(candidate.name, 1, 1,
                                                     f"cannot write {error.filename}: {error.strerror}"))
            report.warnings += document.warnings
            report.failures += document.failures
            if document.refused:
                report.refused.append(candidate.name)
                continue
            if document.failures:
                continue
            report.built.append(candidate.name)
            manifest.record_document(candidate.document_path, source=candidate.name, key=document.job.source_key,
                                     warnings=document.warnings, summary=document.summary, views=document.views)
            for relative in written if not document.changed else ():
                manifest.record(relative, document.job.keys[relative])
        for page, future in self.pages:
            error = future.exception()
            if error is not None:
                raise error
            report.written.append(future.result())
            manifest.record(page, self.site_key)


def _failed(task, error: Exception):
    """The result of a task that could not run: that document's failure (or the site pages')."""
    if type(error).__name__ in ("BrokenProcessPool", "KilledWorker") and not isinstance(task, PdfTask):
        # the kernel ends a worker whose task goes beyond its budget (pipeline/tasks.py); locally the task was
        # tried again alone (executor.Retrying), on Dask as often as the cluster allows
        again = "again when it ran alone" if type(error).__name__ == "BrokenProcessPool" else "on every try"
        message = tasks.beyond_budget(task, f"its worker ended while making it, and {again}")
    else:
        message = f"the build's worker failed on it: {type(error).__name__}: {' '.join(str(error).split())[:300]}"
    problem = Problem(task.name, 1, 1, message)
    if isinstance(task, DocumentTask):
        return DocumentResult(task.name, task.document_path, failures=[problem])
    if isinstance(task, PdfTask):
        return PdfResult(task.name, task.document_path, failures=[problem])
    return SiteResult(task.name, failures=[problem])
