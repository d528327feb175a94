"""The build: discover -> scan -> plan -> per document (load, validate, transform, write) -> corpus pages.

Sources are only ever read. Every output is written atomically (a temporary file in the same folder, then a
rename), so a build stopped at any moment leaves each output either old and whole or new and whole. A document
that fails is reported and the others are still built.

Builds are incremental: a manifest in the output folder records, per output, a key made of everything it was
made from (the source, the registers, the stylesheets and schemas, the package version, the options); an output
whose key has not changed is not made again. Documents are built in worker processes, each with its own Saxon
and compiled stylesheets, and each parses its document once for validation and every output.
"""

from __future__ import annotations

import hashlib
import io
import json
import multiprocessing
import os
import re
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import asdict, dataclass, field
from pathlib import Path

from lxml import etree

from . import __version__, pdf, resources
from .atomic import write_atomic, write_if_changed
from .transform import Stylesheets, TransformError, render
from .validate import Validator, register_ids
from .xmlload import TEI_NS, XML_ID, MAX_SOURCE_BYTES, Problem, Source, SourceError, as_tei_p5, load, parse_bytes


@dataclass(frozen=True)
class Output:
    """One file made per document: which --format asks for it, by which stylesheet, in which view."""

    format: str
    stylesheet: str
    path: str  # relative to the output folder; {id} is the document's xml:id
    view: str = "reading"


OUTPUTS = (
    Output("html", "html", "html/{id}.html"),
    Output("txt", "text", "txt/{id}.reading.txt", "reading"),
    Output("txt", "text", "txt/{id}.diplomatic.txt", "diplomatic"),
    Output("pdf", "typst", "pdf/{id}.typ", "reading"),
    Output("pdf", "typst", "pdf/{id}.diplomatic.typ", "diplomatic"),
)
# Pages of the web edition made once per build from all documents: named template -> file.
CORPUS_PAGES = {
    "index-page": "html/index.html",
    "persons-page": "html/persons.html",
    "places-page": "html/places.html",
    "organizations-page": "html/organizations.html",
    "encoding-page": "html/encoding.html",
}
FORMATS = ("html", "txt", "pdf")
MANIFEST = ".build-manifest.json"
_SAFE_ID = re.compile(r"[A-Za-z_][\w.\-]*")


@dataclass
class BuildReport:
    built: list[str] = field(default_factory=list)
    up_to_date: list[str] = field(default_factory=list)
    failures: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures


class BuildError(Exception):
    """A problem that stops the whole build (not one document): e.g. an output folder that cannot be written."""


# ----- discovery and reading -----

def discover(paths: list[Path]) -> list[Path]:
    """XML files named, or found below named folders (*.xml, *.tei), in a stable order."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.suffix in (".xml", ".tei")
                            and p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts))
        else:
            found.append(path)
    return list(dict.fromkeys(found))


def load_all(paths: list[Path], report: BuildReport, *, tei_only: bool = True) -> list[Source]:
    sources = []
    for path in paths:
        try:
            source = load(path, display_name(path))
            if tei_only:
                source, _ = as_tei_p5(source)  # TEI P4 converted in memory, as the worker that builds it does
            sources.append(source)
        except SourceError as error:
            report.failures.append(error.problem)
    return sources


def display_name(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


@dataclass(frozen=True)
class Candidate:
    """What a quick look at a file tells before it is built: its kind, its id and the digest of its bytes."""

    path: Path
    name: str
    digest: str
    id: str
    is_register: bool


def scan(path: Path) -> Candidate:
    """Read a file's bytes and the start of its tree (no entities, no DTD) without parsing all of it.

    A file that cannot be read here is still a candidate: the worker that builds it reports the problem."""
    name = display_name(path)
    try:
        data = path.read_bytes() if path.stat().st_size <= MAX_SOURCE_BYTES else b""
    except OSError:
        data = b""
    root_id, children = "", []
    try:
        events = etree.iterparse(io.BytesIO(data), events=("start", "end"), resolve_entities=False,
                                 no_network=True, load_dtd=False, huge_tree=False)
        depth = 0
        for event, element in events:
            depth += 1 if event == "start" else -1
            if event == "start" and depth == 1:
                root_id = element.get(XML_ID, "")
            elif event == "start" and depth == 2:
                children.append(element.tag)
                if element.tag == f"{{{TEI_NS}}}text":
                    break
            elif event == "end" and depth == 1:
                element.clear()  # keep memory flat while walking a long header
    except etree.XMLSyntaxError:
        pass
    register = f"{{{TEI_NS}}}standOff" in children and f"{{{TEI_NS}}}text" not in children
    return Candidate(path, name, hashlib.sha256(data).hexdigest(), root_id or path.stem, register)


# ----- writing -----

def remove_stale_temporaries(out: Path) -> None:
    """Temporary files left by a build that was killed before its renames."""
    if out.is_dir():
        for stale in out.rglob(".*.tmp"):
            stale.unlink(missing_ok=True)


# ----- what an output is made from -----

def tools_digest() -> str:
    """The stylesheets, assets, fonts and schemas, and the package version: a change rebuilds everything."""
    digest = hashlib.sha256(__version__.encode())
    for folder in (resources.xslt(""), resources.schema("")):
        for path in sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            digest.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _key(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def _read_manifest(out: Path) -> dict:
    try:
        manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
        return manifest if isinstance(manifest, dict) else {}
    except (OSError, ValueError):
        return {}


def _current(manifest: dict, out: Path, relative: str, key: str) -> bool:
    entry = manifest.get("outputs", {}).get(relative)
    path = out / relative
    try:
        stat = path.stat()
    except OSError:
        return False
    # size and modification time as recorded: an output another build (or a killed one) wrote since is redone
    return bool(entry) and entry.get("key") == key and [stat.st_size, stat.st_mtime_ns] == entry.get("stat")


def _entry(out: Path, relative: str, key: str) -> dict:
    stat = (out / relative).stat()
    return {"key": key, "stat": [stat.st_size, stat.st_mtime_ns]}


# ----- building one document (in a worker process, or in this one with --jobs 1) -----

@dataclass
class DocumentTask:
    """Outputs of one document, made in one worker from one parse and one prepare pass. A long document is split
    in two tasks (its diplomatic PDF apart, the slowest output) so that two cores share it, except with --strict,
    where validation must come before any output is written; the first task of a document validates it."""

    path: Path
    name: str
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
    id: str
    written: list[str] = field(default_factory=list)  # relative output paths
    warnings: list[Problem] = field(default_factory=list)
    failures: list[Problem] = field(default_factory=list)
    summary: str | None = None  # what the site pages read of the document (common.xsl's mode e:summary)


_worker: dict = {}


def _start_worker(stylesheet_names: tuple[str, ...], register_paths: tuple[Path, ...]) -> None:
    """Once per process: compile the stylesheets and the schema, read the registers."""
    if "typst" in stylesheet_names:
        pdf.start_helper()
    registers = [load(p, display_name(p)) for p in register_paths]
    stylesheets = Stylesheets(stylesheet_names)
    stylesheets.set_corpus([stylesheets.document(r) for r in registers])
    _worker.update(stylesheets=stylesheets, validator=Validator(), register_ids=register_ids(registers),
                   register_files=tuple(p.name for p in register_paths))


def _build_document(task: DocumentTask) -> DocumentResult:
    result = DocumentResult(task.name, Path(task.name).stem)
    try:
        source, converted = as_tei_p5(load(task.path, task.name))
    except SourceError as error:
        result.failures.append(error.problem)
        return result
    if converted:
        result.warnings.append(Problem(source.name, 1, 1, "TEI P4, converted to TEI P5 in memory (edition import "
                                       f"converts the file): {'; '.join(converted)}", severity="warning",
                                       kind="conversion"))
    result.id = source.id
    # against its declared schema, else the edition's; one warning per document, saying which schema
    checked = _worker["validator"].check(source, _worker["register_ids"]) if task.validates else None
    if checked and task.strict and checked.errors:
        result.failures += checked.errors
        return result
    result.warnings += checked.warnings() if checked else []
    stylesheets: Stylesheets = _worker["stylesheets"]
    stylesheets.set_site(task.formats, _worker["register_files"])
    try:
        outputs = render(stylesheets, source, [(o.stylesheet, o.view) for o in task.outputs], text_width=task.text_width,
                         summary=task.validates)  # one summary per document, from its first task
        result.summary = outputs.summary
        result.warnings += _message_problems(source, outputs.messages)  # unknown elements
        for output in task.outputs:
            rendered = outputs.results[(output.stylesheet, output.view)]
            result.warnings += _message_problems(source, rendered.messages)
            relative = output.path.format(id=source.id)
            write_atomic(task.out / relative, rendered.text)
            result.written.append(relative)
            if output.stylesheet == "typst":
                relative_pdf = str(Path(relative).with_suffix(".pdf"))
                document, notes = pdf.compile_typst(rendered.text, source, task.out / relative)
                write_atomic(task.out / relative_pdf, document)
                result.written.append(relative_pdf)
                result.warnings += [Problem(source.name, 1, 1, note, severity="warning", kind="pdf") for note in notes]
    except TransformError as error:
        result.failures.append(source.problem(source.root, str(error)))
    except pdf.PdfError as error:
        element = _resolve_path(source, error.tei_path) if error.tei_path else None
        result.failures.append(source.problem(element if element is not None else source.root, str(error)))
    except OSError as error:
        result.failures.append(Problem(task.name, 1, 1, f"cannot write {error.filename}: {error.strerror}"))
    return result


# ----- the build -----

def build(paths: list[Path], out: Path, formats: tuple[str, ...] = FORMATS, *, strict: bool = False,
          text_width: int = 78, jobs: int | None = None, force: bool = False, log=None) -> BuildReport:
    log = log or (lambda message: None)
    report = BuildReport()
    candidates = [scan(path) for path in discover(paths)]
    register_candidates = [c for c in candidates if c.is_register]
    registers = load_all([c.path for c in register_candidates], report)
    documents = _unique_ids([c for c in candidates if not c.is_register], report)
    outputs = tuple(o for o in OUTPUTS if o.format in formats)

    try:
        out.mkdir(parents=True, exist_ok=True)
        remove_stale_temporaries(out)
    except OSError as error:
        raise BuildError(f"cannot write to {error.filename or out}: {error.strerror}") from None
    manifest = {} if force else _read_manifest(out)
    tools = tools_digest()
    registers_key = _key(*sorted(s.digest for s in registers))
    options = f"{text_width}|{int(strict)}"
    new_manifest = {"version": __version__, "outputs": {}, "documents": {}}
    _validate_registers(registers, strict, _key(tools, registers_key), manifest, new_manifest, report)

    tasks, keys = [], {}
    for candidate in documents:
        wanted = []
        for output in outputs:
            relative = output.path.format(id=candidate.id)
            # a web page's download links follow the formats built
            formats_key = ",".join(sorted(formats)) if output.format == "html" else ""
            key = _key(tools, registers_key, candidate.digest, relative, output.view, options, formats_key)
            keys[relative] = key
            related = [relative] + ([str(Path(relative).with_suffix(".pdf"))] if output.stylesheet == "typst" else [])
            if all(_current(manifest, out, r, key) for r in related):
                for r in related:
                    new_manifest["outputs"][r] = manifest["outputs"][r]
            else:
                wanted.append(output)
        previous = manifest.get("documents", {}).get(candidate.name, {})
        if wanted or not isinstance(previous.get("summary"), str):  # (a document's summary is made with its outputs)
            size = candidate.path.stat().st_size if candidate.path.is_file() else 0
            groups = _task_groups(tuple(wanted), size, strict, jobs or os.cpu_count() or 1)
            tasks += [DocumentTask(candidate.path, candidate.name, group, out, strict, text_width, number == 0, size,
                                   tuple(formats))
                      for number, group in enumerate(groups)]
        else:
            report.up_to_date.append(candidate.name)
            previous = manifest.get("documents", {}).get(candidate.name, {})
            report.warnings += [Problem(**w) for w in previous.get("warnings", [])]
            new_manifest["documents"][candidate.name] = previous

    stylesheet_names = tuple(sorted({o.stylesheet for task in tasks for o in task.outputs}))  # only those needed
    # the longest documents first, so that no core is left with a long one at the end
    tasks.sort(key=lambda task: -task.size)
    for result in _merge(_run(tasks, stylesheet_names, tuple(r.path for r in registers), jobs, log)):
        report.warnings += result.warnings
        report.failures += result.failures
        report.written += [out / r for r in result.written]
        if not result.failures:
            report.built.append(result.name)
            new_manifest["documents"][result.name] = {"warnings": [asdict(w) for w in result.warnings],
                                                      "summary": result.summary}
            for relative in result.written:
                key = keys.get(relative) or keys[str(Path(relative).with_suffix(".typ"))]
                new_manifest["outputs"][relative] = _entry(out, relative, key)

    try:
        if "html" in formats and documents:
            _corpus_pages(documents, registers, out, report, manifest, new_manifest,
                          _key(tools, registers_key, options, *(f"{c.name}:{c.digest}" for c in documents)))
        write_atomic(out / MANIFEST, json.dumps(new_manifest, indent=1, sort_keys=True))
    except OSError as error:
        raise BuildError(f"cannot write to {error.filename or out}: {error.strerror}") from None
    report.warnings = list(dict.fromkeys(report.warnings))
    report.failures = list(dict.fromkeys(report.failures))
    return report


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
    """One result per document from the results of its tasks, by document name."""
    merged: dict[str, DocumentResult] = {}
    for result in results:
        whole = merged.setdefault(result.name, DocumentResult(result.name, result.id))
        whole.id = result.id
        whole.written += result.written
        whole.warnings += [w for w in result.warnings if w not in whole.warnings]
        whole.failures += [f for f in result.failures if f not in whole.failures]
        whole.summary = whole.summary or result.summary
    return [merged[name] for name in sorted(merged)]


def _run(tasks: list[DocumentTask], stylesheet_names, register_paths, jobs: int | None, log):
    """Build documents in worker processes (spawned: Saxon must not be forked), or here for one job."""
    jobs = min(jobs or os.cpu_count() or 1, len(tasks))
    if jobs <= 1:
        if tasks:
            _start_worker(stylesheet_names, register_paths)
        for number, task in enumerate(tasks, 1):
            log(f"[{number}/{len(tasks)}] {task.name}")
            yield _build_document(task)
        return
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_start_worker,
                             initargs=(stylesheet_names, register_paths)) as pool:
        futures = {pool.submit(_build_document, task): index for index, task in enumerate(tasks)}
        results = {}
        for number, future in enumerate(as_completed(futures), 1):
            log(f"[{number}/{len(tasks)}] {tasks[futures[future]].name}")
            results[futures[future]] = future.result()
    yield from (results[index] for index in sorted(results))  # in task order, whatever finished first


def _corpus_pages(documents: list[Candidate], registers: list[Source], out: Path, report: BuildReport,
                  manifest: dict, new_manifest: dict, key: str) -> None:
    """The pages made from all documents (index, registers, encoding), drawn from the summaries the workers made
    (kept in the manifest: no source is read again), the assets and the source copies."""
    pages = list(CORPUS_PAGES.values())
    if all(_current(manifest, out, page, key) for page in pages):
        for page in pages:
            new_manifest["outputs"][page] = manifest["outputs"][page]
    else:
        stylesheets = Stylesheets(("site",))
        summaries = []
        for candidate in documents:  # in the build's order; a document that failed has none
            text = new_manifest["documents"].get(candidate.name, {}).get("summary")
            if isinstance(text, str):
                try:
                    summaries.append(stylesheets.document(parse_bytes(text.encode(), candidate.path, candidate.name)))
                except SourceError as error:  # a damaged manifest: the document is left off the pages
                    report.warnings.append(Problem(candidate.name, 1, 1, f"its summary cannot be read: {error}",
                                                   severity="warning"))
        stylesheets.set_corpus([stylesheets.document(r) for r in registers], summaries)
        try:
            for template, page in CORPUS_PAGES.items():
                write_atomic(out / page, stylesheets.call("site", template).text)
                report.written.append(out / page)
                new_manifest["outputs"][page] = _entry(out, page, key)
        except TransformError as error:
            report.failures.append(Problem("(corpus pages)", 1, 1, str(error)))
    for asset in resources.asset_files():
        write_if_changed(out / "html" / asset.name, asset.read_bytes())
    for candidate in documents + [Candidate(r.path, r.name, "", r.id, True) for r in registers]:
        write_if_changed(out / "tei" / candidate.path.name, candidate.path.read_bytes())


def _unique_ids(documents: list[Candidate], report: BuildReport) -> list[Candidate]:
    """Outputs are named by xml:id: refuse unsafe ids and a second document with an id already taken."""
    seen: dict[str, str] = {}
    kept = []
    for candidate in documents:
        if not _SAFE_ID.fullmatch(candidate.id):
            report.failures.append(Problem(candidate.name, 1, 1, f'xml:id "{candidate.id}" cannot name an output file'))
        elif candidate.id in seen:
            report.failures.append(Problem(candidate.name, 1, 1, f'xml:id "{candidate.id}" is also the id of '
                                                                 f'{seen[candidate.id]}: outputs would collide'))
        else:
            seen[candidate.id] = candidate.name
            kept.append(candidate)
    return kept


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
    """An XPath from Saxon's path() (Q{uri}name[n] steps) evaluated on the lxml tree."""
    steps = re.findall(r"/Q\{([^}]*)\}([^/\[]+)\[(\d+)\]", path)
    if not steps or "".join(f"/Q{{{u}}}{n}[{i}]" for u, n, i in steps) != path.strip():
        return None
    # names and namespaces as XPath variables: a namespace URI may hold any character
    xpath = "".join(f"/*[local-name()=$n{i} and namespace-uri()=$u{i}][{index}]" for i, (_, _, index) in enumerate(steps))
    variables = {f"{kind}{i}": value for i, (uri, name, _) in enumerate(steps) for kind, value in (("n", name), ("u", uri))}
    found = source.tree.xpath(xpath, **variables)
    return found[0] if found else None
