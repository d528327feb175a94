"""The build: discover -> load -> validate -> transform -> write.

Sources are only ever read. Every output is written atomically (a temporary file in the same folder, then a
rename), so a build stopped at any moment leaves each output either old and whole or new and whole. A document
that fails is reported and the others are still built.
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from . import pdf, resources
from .transform import Stylesheets, TransformError
from .validate import Validator, register_ids
from .xmlload import Problem, Source, SourceError, load, require_tei


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
_SAFE_ID = re.compile(r"[A-Za-z_][\w.\-]*")


@dataclass
class BuildReport:
    built: list[str] = field(default_factory=list)
    failures: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures


class BuildError(Exception):
    """A problem that stops the whole build (not one document): e.g. an output folder that cannot be written."""


def discover(paths: list[Path]) -> list[Path]:
    """XML files named, or found below named folders, in a stable order."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(p for p in path.rglob("*.xml")
                            if p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts))
        else:
            found.append(path)
    unique = []
    for path in found:
        if path not in unique:
            unique.append(path)
    return unique


def load_all(paths: list[Path], report: BuildReport, *, tei_only: bool = True) -> list[Source]:
    sources = []
    for path in paths:
        try:
            source = load(path, display_name(path))
            if tei_only:
                require_tei(source)
            sources.append(source)
        except SourceError as error:
            report.failures.append(error.problem)
    return sources


def display_name(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def write_atomic(path: Path, data: bytes | str) -> None:
    """Write a file so that readers only ever see the old whole file or the new whole file."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def remove_stale_temporaries(out: Path) -> None:
    """Temporary files left by a build that was killed before its renames."""
    if out.is_dir():
        for stale in out.rglob(".*.tmp"):
            stale.unlink(missing_ok=True)


def build(paths: list[Path], out: Path, formats: tuple[str, ...] = FORMATS, *, strict: bool = False,
          text_width: int = 78, log=None) -> BuildReport:
    log = log or (lambda message: print(message, file=sys.stderr))
    report = BuildReport()
    sources = load_all(discover(paths), report)
    registers = [s for s in sources if s.is_register]
    documents = [s for s in sources if not s.is_register]
    ids = register_ids(sources)

    validator = Validator()
    for source in sources:
        problems = validator.validate(source, ids)
        if strict:
            report.failures += problems
        else:
            report.warnings += [Problem(p.file, p.line, p.column, p.message, p.rule, "warning") for p in problems]
    if strict:
        invalid = {p.file for p in report.failures}
        documents = [d for d in documents if d.name not in invalid]

    documents = _unique_ids(documents, report)
    outputs = [o for o in OUTPUTS if o.format in formats]
    stylesheets = Stylesheets(tuple(sorted({o.stylesheet for o in outputs})))
    nodes = {source.name: stylesheets.document(source) for source in documents}
    stylesheets.set_corpus([stylesheets.document(r) for r in registers], list(nodes.values()))

    try:
        remove_stale_temporaries(out)
        for number, source in enumerate(documents, 1):
            log(f"[{number}/{len(documents)}] {source.name}")
            try:
                for output in outputs:
                    result = stylesheets.apply(output.stylesheet, nodes[source.name], view=output.view,
                                               source_file=source.path.name, text_width=text_width)
                    report.warnings += _message_problems(source, result.messages)
                    target = out / output.path.format(id=source.id)
                    write_atomic(target, result.text)
                    report.written.append(target)
                    if output.stylesheet == "typst":
                        pdf_path = target.with_suffix(".pdf")
                        write_atomic(pdf_path, pdf.compile_typst(result.text, source, target))
                        report.written.append(pdf_path)
                report.built.append(source.name)
            except TransformError as error:
                report.failures.append(Problem(source.name, 1, 1, str(error)))
            except pdf.PdfError as error:
                element = _resolve_path(source, error.tei_path) if error.tei_path else None
                report.failures.append(source.problem(element if element is not None else source.root, str(error)))
        if "html" in formats and documents:
            for template, path in CORPUS_PAGES.items():
                result = stylesheets.call("html", template)
                write_atomic(out / path, result.text)
                report.written.append(out / path)
            for asset in resources.asset_files():
                write_atomic(out / "html" / asset.name, asset.read_bytes())
            for source in documents + registers:
                write_atomic(out / "tei" / source.path.name, source.data)
    except TransformError as error:
        report.failures.append(Problem("(corpus pages)", 1, 1, str(error)))
    except OSError as error:
        raise BuildError(f"cannot write to {error.filename or out}: {error.strerror}") from None
    report.warnings = _dedupe(report.warnings)
    return report


def _unique_ids(documents: list[Source], report: BuildReport) -> list[Source]:
    """Outputs are named by xml:id: refuse unsafe ids and a second document with an id already taken."""
    seen: dict[str, str] = {}
    kept = []
    for source in documents:
        if not _SAFE_ID.fullmatch(source.id):
            report.failures.append(source.problem(source.root, f'xml:id "{source.id}" cannot name an output file'))
        elif source.id in seen:
            report.failures.append(source.problem(
                source.root, f'xml:id "{source.id}" is also the id of {seen[source.id]}: outputs would collide'))
        else:
            seen[source.id] = source.name
            kept.append(source)
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
                                           severity="warning"))
        else:
            problems.append(Problem(source.name, 1, 1, message.strip(), severity="warning"))
    return problems


def _resolve_path(source: Source, path: str):
    """An XPath from Saxon's path() (Q{uri}name[n] steps) evaluated on the lxml tree."""
    steps = []
    for step in path.strip("/").split("/"):
        match = re.fullmatch(r"Q\{([^}]*)\}([\w.\-]+)\[(\d+)\]", step)
        if not match:
            return None
        uri, name, index = match.groups()
        steps.append(f"*[local-name()='{name}' and namespace-uri()='{uri}'][{index}]")
    if not steps:
        return None
    found = source.tree.xpath("/" + "/".join(steps))
    return found[0] if found else None


def _dedupe(problems: list[Problem]) -> list[Problem]:
    seen = set()
    unique = []
    for problem in problems:
        if problem not in seen:
            seen.add(problem)
            unique.append(problem)
    return unique
