"""The work of a build, and the checks of `edition validate`, import and export, as tasks that run in a worker
process, never in the command's own: a local process (pipeline/executor.py) or a Dask worker (pipeline/cluster.py),
where the task's budget can end them. A task is handed everything it reads (the source's bytes, the registers' bytes, the
options, the document index that links between documents resolve by) and returns what it made as bytes: it reads
no file but the schema files a source declares, and writes none. The command's process writes every output
(pipeline/build.py), through the path checks of names.py, atomically.

- DocumentTask: a document parsed once, validated, prepared once; its web page, its citation record (CSL-JSON),
  plain texts, Typst source and summary. Outputs of a view the document does not have are not made.
- PdfTask: the PDF of each view, from the Typst source a DocumentTask made (no second load or prepare pass).
- SiteTask: the index, register, encoding and search pages, from the documents' summaries.
- CheckTask: one file checked against its schema (RELAX NG, Schematron): `edition validate`, import and export.

A worker keeps, across tasks and builds, its compiled stylesheets (only those its tasks needed), its validator
(compiled schemas), its PDF helper (one typst.Compiler) and the registers of the build at hand
(WorkerState). Tasks in one worker run one at a time: Saxon's compiled stylesheets are not shared between
threads.
"""

from __future__ import annotations

import hashlib
import math
import os
import resource
import signal
import threading
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from . import names, pdf, resources
from .transform import SITE, STYLESHEETS, Stylesheets, TransformError, render
from .catalog import Catalog
from .validate import FileReport, SchemaError, Validator, register_ids
from .xmlload import Problem, Source, SourceError, as_tei_p5, parse_bytes

# The budget of a document task, the site pages' task and a check task, in a worker process: the XSLT and
# validation (a declared Schematron's XPath too) that a hostile source within the loader's limits could still make
# slow (a quadratic path) or large. Parsing has the
# loader's limits, Typst the PDF helper's budget, DTS its own. Beyond it the kernel ends the worker (RLIMIT_CPU,
# RLIMIT_DATA): the build runs the task once more in a new worker, then reports that document as failed.
def _from_environment(name: str, default: int, least: int) -> int:
    """A budget the user may set in the environment (a slower machine, larger files; or a test's smaller one)."""
    value = os.environ.get(name, "")
    return int(value) if value.isdigit() and int(value) >= least else default


TASK_SECONDS = _from_environment("EDITION_TASK_SECONDS", 120, 1)
TASK_SECONDS_PER_MB = _from_environment("EDITION_TASK_SECONDS_PER_MB", 60, 0)
WORKER_MEMORY_BYTES = 6 * 1024 ** 3

RULE_CHANGED = "source-changed"  # the rule of the warning of a file that changed while the build ran
# Pages of the web edition made once per build from all documents: named template -> file.
CORPUS_PAGES = {
    "index-page": "html/index.html",
    "persons-page": "html/persons.html",
    "places-page": "html/places.html",
    "organizations-page": "html/organizations.html",
    "encoding-page": "html/encoding.html",
    "search-page": "html/search.html",
}


@dataclass(frozen=True)
class SourceFile:
    """A file's bytes as the command read them, with the names messages give it."""

    name: str  # as messages show it (discovery.display_name)
    path: str  # as the command found it: the Schematron's file-name rule reads its name, and the schemas the file
    # declares by a relative address are found from it (on a worker that shares the command's file system)
    data: bytes


@dataclass(frozen=True)
class BuildContext:
    """What every task of a build shares, sent once to each worker: the registers, the options, and the digest of
    the command's stylesheets, schemas and version (a worker whose differ refuses: its outputs would not be the
    same bytes)."""

    registers: tuple[SourceFile, ...]
    register_files: tuple[str, ...]  # the registers' copies beside the sources (tei/NAME.xml), for the pages' links
    formats: tuple[str, ...]
    text_width: int
    strict: bool
    tools: str
    document_index: tuple[tuple[str, str], ...] = ()  # the links between documents resolve by it (pipeline/links.py)
    # the configured edition-title, base-url and edition-version (pipeline/config.py): '' where unset
    edition: tuple[tuple[str, str], ...] = ()

    @cached_property
    def key(self) -> str:
        digest = hashlib.sha256()
        for part in (self.tools, *self.register_files, *self.formats, str(self.text_width), str(self.strict),
                     *(f"{key}\0{value}" for key, value in self.document_index),
                     *(f"{name}\0{value}" for name, value in self.edition)):
            digest.update(part.encode("utf-8", "surrogateescape") + b"\0")
        for register in self.registers:
            digest.update(register.name.encode("utf-8", "surrogateescape") + b"\0" + register.data)
        return digest.hexdigest()


class _OfASource:
    """A task on one source file, named as messages name the file."""

    @property
    def name(self) -> str:
        return self.source.name


@dataclass(frozen=True)
class DocumentTask(_OfASource):
    source: SourceFile
    document_path: str  # given at scan time: the outputs are named by it, whatever the file says now
    outputs: tuple[tuple[str, str], ...]  # (stylesheet, view) to make; ("typst", "reading") is the Typst source
    size: int = 0


@dataclass
class DocumentResult:
    name: str
    document_path: str
    files: dict[tuple[str, str], bytes] = field(default_factory=dict)  # (stylesheet, view) -> the output
    typst: str | None = None  # the Typst source, for the PDF task
    timestamp: int = 0  # the PDFs' date (from the header)
    views: tuple[str, ...] = ("reading",)
    summary: str | None = None  # what the site pages read of the document (common.xsl's mode e:summary)
    warnings: list[Problem] = field(default_factory=list)
    failures: list[Problem] = field(default_factory=list)
    refused: bool = False  # the loader refused the file, or it is not TEI


@dataclass(frozen=True)
class PdfTask(_OfASource):
    source: SourceFile  # to name the TEI element a Typst error comes from
    document_path: str
    typ_name: str  # the .typ file's name, for messages
    markup: str
    timestamp: int
    views: tuple[str, ...]
    size: int = 0


@dataclass
class PdfResult:
    name: str
    document_path: str
    markup: str = ""  # as compiled: a character no font has is written as its code point
    pdfs: dict[str, bytes] = field(default_factory=dict)  # view -> PDF
    warnings: list[Problem] = field(default_factory=list)
    failures: list[Problem] = field(default_factory=list)


@dataclass(frozen=True)
class SiteTask:
    summaries: tuple[tuple[str, str], ...]  # (the document's name for messages, its summary), in the build's order
    name: str = "(corpus pages)"


@dataclass
class SiteResult:
    name: str
    pages: dict[str, bytes] = field(default_factory=dict)  # relative path -> page
    warnings: list[Problem] = field(default_factory=list)
    failures: list[Problem] = field(default_factory=list)


@dataclass(frozen=True)
class CheckTask(_OfASource):
    """One file checked against the --schema given (`schema`), else the schemas it declares, else the edition's;
    `registers`: the registers' ids, for a file that points somewhere (the edition's rules read them)."""

    source: SourceFile
    schema: str | None
    catalog: Catalog
    registers: frozenset[str] = frozenset()
    size: int = 0


@dataclass
class CheckResult:
    name: str
    report: FileReport | None = None
    schema_error: str = ""  # the --schema given cannot be used (SchemaError): the command says so and stops


class WorkerMismatch(Exception):
    """The worker's stylesheets, schemas or version are not the command's."""


# ----- the worker -----

class WorkerState:
    """What a worker keeps across tasks: compiled stylesheets (compiled when a task first needs them), the
    validator, the registers of the build at hand, the PDF helper (pipeline/pdf.py).

    Each thread that runs tasks has its own (_here()): SaxonC's objects crash the process when a thread other
    than the one that made them uses or frees them, and a process may build from several threads (`edition serve
    --watch` rebuilds in its watcher thread, after a first build in the main one; a Dask worker's threads)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.context: BuildContext | None = None  # the build at hand
        self.installed: BuildContext | None = None  # given when the worker started (the local pool)
        self.registers: list[Source] = []
        self.register_ids: dict = {}
        self.document_sheets: Stylesheets | None = None
        self.site_sheets: Stylesheets | None = None
        self.validator: Validator | None = None
        self.checkers: dict[tuple, Validator] = {}  # by schema and catalogue, for check tasks
        self._tools: str | None = None

    def use(self, context: BuildContext) -> None:
        if context is self.context or (self.context is not None and context.key == self.context.key):
            return
        if self._tools is None:
            self._tools = resources.tools_digest()
        if context.tools != self._tools:
            raise WorkerMismatch("this worker's edition (package version, stylesheets or schemas) is not the one "
                                 "of the command: install the same on every machine")
        self.registers = [as_tei_p5(parse_bytes(r.data, Path(r.path), r.name))[0] for r in context.registers]
        self.register_ids = register_ids(self.registers)
        self.context = context
        for sheets in (self.document_sheets, self.site_sheets):
            if sheets is not None:
                self._set_corpus(sheets)

    def document_stylesheets(self, names: set[str]) -> Stylesheets:
        """The prepare pass and the output stylesheets `names`, compiled the first time a task needs them."""
        have = set(self.document_sheets.executables) if self.document_sheets else set()
        if not names <= have:
            self.document_sheets = Stylesheets(tuple(sorted(names | (have & set(STYLESHEETS)))))
            self._set_corpus(self.document_sheets)
        return self.document_sheets

    def site_stylesheets(self) -> Stylesheets:
        if self.site_sheets is None:
            self.site_sheets = Stylesheets((SITE,))
            self._set_corpus(self.site_sheets)
        return self.site_sheets

    def check(self, source: Source):
        if self.validator is None:
            self.validator = Validator()
        return self.validator.check(source, self.register_ids)

    def _set_corpus(self, sheets: Stylesheets) -> None:
        sheets.set_corpus([sheets.document(r) for r in self.registers])
        sheets.set_site(self.context.formats, self.context.register_files)
        sheets.set_document_index(dict(self.context.document_index))
        sheets.set_edition(dict(self.context.edition))


_states: dict[threading.Thread, WorkerState] = {}
_states_lock = threading.Lock()


def _here() -> WorkerState:
    """This thread's worker state, made when the thread first runs a task and kept while the process runs (never
    let go by another thread: see WorkerState)."""
    with _states_lock:
        return _states.setdefault(threading.current_thread(), WorkerState())


def start_worker(context: BuildContext | None = None) -> None:
    """A local worker's start (the pool's initializer): the build's context (none for checks), and the PDF helper
    started now, so that it starts up while the first document is prepared."""
    # Ctrl-C reaches every process of the terminal's group: the main process stops the workers itself
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with_parent()
    _here().installed = context
    if context is not None and "pdf" in context.formats:
        pdf.start_helper()
    limit_worker_memory()


def limit_worker_memory() -> None:
    """The memory budget of a worker process (a local one, or a Dask worker: pipeline/cluster.py)."""
    _limit(resource.RLIMIT_DATA, WORKER_MEMORY_BYTES)
    _limit(resource.RLIMIT_CORE, 0)  # a worker ended by its budget leaves no core file behind


def _die_with_parent() -> None:
    """A worker is killed when the build's main process ends, however it ends (Linux)."""
    try:
        import ctypes
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def run(task, context: BuildContext | None = None):
    """Run one task in this worker (with the build's context: given, or the one the worker started with)."""
    state = _here()
    with state.lock:
        if not isinstance(task, CheckTask):
            state.use(context or state.installed)
        if isinstance(task, PdfTask):
            return make_pdfs(task)  # (the PDF helper has a budget of its own)
        run_task = {DocumentTask: build_document, SiteTask: make_site_pages, CheckTask: check_file}.get(type(task))
        if run_task is None:
            raise TypeError(f"not a task: {type(task).__name__}")
        _limit_cpu(task_seconds(task))
        try:
            return run_task(task)
        finally:
            _limit_cpu(None)


def task_seconds(task) -> int:
    """The CPU seconds a document or check task (or the site pages' task) may take: by the size of what it reads."""
    size = sum(len(summary) for _, summary in task.summaries) if isinstance(task, SiteTask) else task.size
    return TASK_SECONDS + math.ceil(TASK_SECONDS_PER_MB * size / 2 ** 20)


def beyond_budget(task, again: str) -> str:
    """Why a task's worker ended (the build's and the checks' words alike): `again`, how it was tried again."""
    return (f"{again}: beyond the budget of {task_seconds(task)} CPU seconds or "
            f"{WORKER_MEMORY_BYTES // 2 ** 30} GB of memory, or killed from outside")


def _limit_cpu(seconds: int | None) -> None:
    """The worker's CPU time may grow by `seconds` from now (None: no limit but the hard one)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    _limit(resource.RLIMIT_CPU, None if seconds is None else math.ceil(usage.ru_utime + usage.ru_stime) + seconds)


def _limit(kind: int, value: int | None) -> None:
    """Lower the soft limit of this process (never above the hard limit), or raise it back to the hard limit."""
    _soft, hard = resource.getrlimit(kind)
    if value is None or (hard != resource.RLIM_INFINITY and value > hard):
        value = hard
    resource.setrlimit(kind, (value, hard))


# ----- the tasks -----

def check_file(task: CheckTask) -> CheckResult:
    """The file's validation report (pipeline/validate.py: Validator.check)."""
    state = _here()
    key = (task.schema, task.catalog)
    if key not in state.checkers:
        try:
            state.checkers[key] = Validator(Path(task.schema) if task.schema else None, catalog=task.catalog)
        except SchemaError as error:
            return CheckResult(task.name, schema_error=str(error))
    try:
        source = parse_bytes(task.source.data, Path(task.source.path), task.name)
    except SourceError as error:  # the command loaded these bytes: not expected, but said, never raised
        return CheckResult(task.name, FileReport(task.name, "", [error.problem]))
    return CheckResult(task.name, state.checkers[key].check(source, task.registers))


def build_document(task: DocumentTask) -> DocumentResult:
    """Parse, validate, prepare once; every output asked for, and the summary."""
    state = _here()
    context = state.context
    result = DocumentResult(task.name, task.document_path)
    problem = names.path_problem(task.document_path)  # checked again where it is used: nothing is taken on trust
    if problem:
        result.failures.append(Problem(task.name, 1, 1, f"the document path cannot name files: {problem}"))
        return result
    try:
        source, converted = as_tei_p5(parse_bytes(task.source.data, Path(task.source.path), task.name))
    except SourceError as error:
        result.failures.append(error.problem)
        result.refused = True
        return result
    if converted:
        result.warnings.append(Problem(source.name, 1, 1, "TEI P4, converted to TEI P5 in memory (edition import "
                                       f"converts the file): {'; '.join(converted)}", severity="warning",
                                       kind="conversion"))
    # against its declared schema, else the edition's; one warning per document, saying which schema
    checked = state.check(source)
    if context.strict and checked.errors:
        result.failures += checked.errors
        return result
    result.warnings += checked.warnings()
    stylesheets = state.document_stylesheets({name for name, _ in task.outputs})
    try:
        outputs = render(stylesheets, source, task.outputs, document_path=task.document_path,
                         source_file=task.document_path.rpartition("/")[2] + ".xml",  # its copy in tei/
                         text_width=context.text_width, summary=True)
    except TransformError as error:
        result.failures.append(source.problem(source.root, str(error)))
        return result
    result.summary, result.views = outputs.summary, outputs.views
    result.warnings += message_problems(source, outputs.messages)  # unknown elements
    for key, rendered in outputs.results.items():
        result.warnings += message_problems(source, rendered.messages)
        if key[0] == "typst":
            result.typst = rendered.text
            result.timestamp = int(pdf.source_timestamp(source).timestamp())
        else:
            result.files[key] = rendered.text.encode("utf-8")
    return result


def make_pdfs(task: PdfTask) -> PdfResult:
    """A PDF per view, reading first, through this worker's PDF helper."""
    result = PdfResult(task.name, task.document_path, task.markup)
    try:
        typeset = pdf.typeset(task.markup, task.timestamp, task.typ_name, task.views)
    except pdf.PdfError as error:
        result.failures.append(_located(task, error))
        return result
    result.markup, result.pdfs = typeset.markup, typeset.pdfs
    result.warnings += [Problem(task.name, 1, 1, note, severity="warning", kind="pdf") for note in typeset.notes]
    return result


def _located(task: PdfTask, error: pdf.PdfError) -> Problem:
    """A PDF error at the TEI element its Typst line came from (the source parsed again: errors are rare)."""
    if error.tei_path:
        try:
            source, _ = as_tei_p5(parse_bytes(task.source.data, Path(task.source.path), task.name))
            element = resolve_path(source, error.tei_path)
            return source.problem(element if element is not None else source.root, str(error))
        except SourceError:
            pass
    return Problem(task.name, 1, 1, str(error))


def make_site_pages(task: SiteTask) -> SiteResult:
    """The pages made from all documents (index, registers, encoding), drawn from the summaries the document
    tasks made: no source is read again."""
    result = SiteResult(task.name)
    state = _here()
    stylesheets = state.site_stylesheets()
    summaries = []
    for name, text in task.summaries:
        try:
            summaries.append(stylesheets.document(parse_bytes(text.encode("utf-8"), Path(name), name)))
        except (SourceError, TransformError) as error:  # a damaged manifest: left off the pages
            result.warnings.append(Problem(name, 1, 1, f"its summary cannot be read: {error}", severity="warning"))
    stylesheets.set_corpus([stylesheets.document(r) for r in state.registers], summaries)
    try:
        for template, page in CORPUS_PAGES.items():
            result.pages[page] = stylesheets.call(SITE, template).text.encode("utf-8")
    except TransformError as error:
        result.failures.append(Problem(task.name, 1, 1, str(error)))
    finally:
        stylesheets.set_corpus([stylesheets.document(r) for r in state.registers])  # the summaries let go
    return result


# ----- messages located in the source -----

def message_problems(source: Source, messages: tuple[str, ...]) -> list[Problem]:
    """The stylesheets' messages as warnings located in the source (see xslt/common.xsl)."""
    problems = []
    for message in messages:
        kind, _, rest = message.partition("|")
        if kind == "unknown-element":
            name, _, path = rest.partition("|")
            element = resolve_path(source, path)
            problems.append(source.problem(element if element is not None else source.root,
                                           f"unknown TEI element <{name}> rendered as generic text",
                                           severity="warning", kind="unknown-element"))
        elif kind == "unprocessed-include":
            href, _, path = rest.rpartition("|")
            element = resolve_path(source, path)
            problems.append(source.problem(element if element is not None else source.root,
                                           f"XInclude not processed: <xi:include href=\"{href}\"> is reported in the "
                                           "outputs, its fallback shown", severity="warning", kind="unprocessed-include"))
        else:
            problems.append(Problem(source.name, 1, 1, message.strip(), severity="warning", kind="stylesheet"))
    return problems


def resolve_path(source: Source, path: str):
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
