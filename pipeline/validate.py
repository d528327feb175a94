"""Validation: each file against its schema, and the one report the `validate` command and the export give.

A file's schema is, in this order: the one given (`--schema`: a RELAX NG grammar in either syntax, with the
Schematron it embeds, or a Schematron file); else the schemas it declares with xml-model (pipeline.schemas);
else the edition's own (schema/edition.rng and the rules of schema/edition.sch). A declared schema that cannot be
had (missing, not available offline, unreadable) is one problem of kind "schema" and the file is not checked
against anything else: it never claimed to follow the edition's rules.

Grammars are compiled once per process (another grammar once per set of element names, see _Grammar), rules
once per schema; both are applied to trees the hardened loader produced. Every finding is a Problem with
FILE:LINE:COL, its kind and, for Schematron, the rule id.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from lxml import etree

from . import names, resources
from .catalog import Catalog
from .rng_subset import R, Reducer, ReductionUnsupported
from .schemas import (Declaration, Part, SchemaError, SchemaReader, declarations, files_read, locate, read_grammar,
                      read_schematron)
from .schematron import SCH_NS, Rules, SchematronError, extract_embedded
from .xmlload import XML_ID, Problem, Source, SourceError, load

# Problem.kind, for every finding the pipeline reports (the build's warnings too):
KINDS = {
    "source": "the loader refused the file (not well-formed, not XML, beyond a limit)",
    "grammar": "RELAX NG",
    "rule": "Schematron",
    "schema": "the file's schema cannot be used (declared but missing, not available offline, unreadable)",
    "validation": "a build's summary of a document's grammar and rule problems",
    "unknown-element": "an element the stylesheets do not know, rendered as generic text",
    "stylesheet": "another message of the stylesheets",
    "pdf": "a note of the PDF step",
    "conversion": "a TEI P4 file converted to P5 in memory",
}
EDITION_LABEL = "the edition schema (edition.rng, edition.sch)"
# Values the edition's rules need from outside the document; see schema/edition.sch.
_EDITION_PARAMETERS = ("file-name", "register-ids")
# Reduced grammars kept compiled, per grammar: a folder of documents uses a few element sets again and again.
_REDUCED_GRAMMARS = 32
# Above this many element names a reduced grammar is validated without content-model automata (see _Grammar).
_AUTOMATA_ELEMENTS = 150
POINTER_ATTRIBUTES = ("resp", "ref", "corresp", "target", "who", "change")


class _Grammar:
    """A RELAX NG grammar, compiled whole or, when `reduce`, once per set of element names a document uses.

    Why: libxml2 compiles each element's content model into an automaton and checks it for determinism by
    comparing, state by state, its transitions pairwise (xmlFAComputesDeterminism), which grows with about the
    cube of the alternatives a content model offers. TEI all's content models offer hundreds of elements: 13 s
    to compile, nearly all of it in that check. Reduced to the elements of one document (rng_subset.Reducer,
    the same verdicts for that document), the grammar compiles in milliseconds. A document with very many element
    names (over _AUTOMATA_ELEMENTS) would make even its reduction slow to compile: libxml2 then validates it
    without automata (the same verdicts, in less time, but with fewer and less precise messages).
    """

    def __init__(self, grammar: etree._Element, name: str, reduce: bool):
        self.name = name
        self.reducer = None
        if reduce:
            try:
                self.reducer = Reducer(grammar)
            except ReductionUnsupported:
                pass
        try:
            self.whole = etree.RelaxNG(etree.ElementTree(grammar)) if self.reducer is None else None
        except etree.RelaxNGParseError as error:
            raise SchemaError(f"{name}: not a usable RELAX NG grammar: {_first_error(error)}") from None
        self._compiled = lru_cache(maxsize=_REDUCED_GRAMMARS)(self._compile)

    def element_names(self, source: Source) -> frozenset[str] | None:
        """The element names of the document that the grammar knows (None: the grammar is not reduced)."""
        if self.reducer is None:
            return None
        tags = {element.tag for element in source.root.iter(etree.Element)}
        return frozenset(tag.rpartition("}")[2] for tag in tags) & self.reducer.element_names

    def compiled(self, names: frozenset[str] | None) -> etree.RelaxNG:
        return self.whole if names is None else self._compiled(names)

    def _compile(self, names: frozenset[str]) -> etree.RelaxNG:
        grammar = self.reducer.reduce(names)
        try:
            if len(names) > _AUTOMATA_ELEMENTS:
                try:
                    return etree.RelaxNG(_without_automata(grammar))
                except etree.RelaxNGParseError:  # a start element with data content: nothing to gain
                    grammar = self.reducer.reduce(names)
            return etree.RelaxNG(grammar)
        except etree.RelaxNGParseError as error:
            raise SchemaError(f"{self.name}: not a usable RELAX NG grammar: {_first_error(error)}") from None

    def problems(self, source: Source) -> list[Problem]:
        names = self.element_names(source)
        compiled = self.compiled(names)
        if compiled.validate(source.tree):
            return []
        # libxml2 gives no column: the column of the line's first start tag, found once per line
        first_on_line, columns = {}, {}
        for element in source.root.iter(etree.Element):
            first_on_line.setdefault(element.sourceline, element)
        problems = []
        for entry in compiled.error_log:
            line = entry.line or source.root.sourceline or 1
            if line not in columns:
                columns[line] = source.column_of(first_on_line[line]) if line in first_on_line else 1
            problems.append(Problem(source.name, line, entry.column or columns[line], _tidy(entry.message),
                                    kind="grammar"))
        if not problems:
            problems = [source.problem(element, _tidy(message), kind="grammar")
                        for element, message in self.explain(source, names)]
        return problems

    def explain(self, source: Source, names: frozenset[str] | None) -> list[tuple[etree._Element, str]]:
        """Why a document is invalid when libxml2 gave no reason: a reduced grammar whose start cannot match."""
        root = source.root
        expected = self.reducer.start_elements if self.reducer else None
        if expected is not None and _qname(root) not in expected:
            return [(root, _unexpected_root(root, expected))]
        if self.reducer is not None:
            lacking = self.reducer.unsatisfiable(names)
            found = _innermost(root, lambda element: _qname(element) in lacking)
            if found:
                return [(element, _incomplete(element, lacking[_qname(element)])) for element in found]
        return [(root, f"Element {etree.QName(root).localname} is not valid against {self.name}")]


def _first_error(error: Exception) -> str:
    return " ".join(str(error).split())[:300]


def _without_automata(grammar: etree._Element) -> etree._Element:
    """The same grammar, which libxml2 compiles without content-model automata.

    libxml2 compiles the content of an element only if every pattern in it can be compiled (an element with a name
    class cannot), and it compiles no element below one it could not. Every element a document may start with
    gets an optional element of any name and notAllowed content: it never matches, so the language is the same.
    """
    defines = {define.get("name"): define for define in grammar.iterchildren(R + "define")}
    for ref in grammar.find(R + "start").iter(R + "ref"):
        element = defines[ref.get("name")][0]
        if element.tag == R + "element":
            never = etree.SubElement(etree.SubElement(element, R + "optional"), R + "element")
            etree.SubElement(never, R + "anyName")
            etree.SubElement(never, R + "notAllowed")
    return grammar


def _qname(element: etree._Element) -> tuple[str, str]:
    name = etree.QName(element)
    return name.namespace or "", name.localname


def _unexpected_root(root: etree._Element, expected: frozenset[tuple[str, str]]) -> str:
    namespace, local = _qname(root)
    namespaces = sorted(ns for ns, name in expected if name == local)
    if namespaces and not namespace:
        return f"Expecting a namespace for element {local}"
    if namespaces:
        return f"Element {local} has wrong namespace: expecting {namespaces[0]}"
    return f"Expecting element {' or '.join(sorted(name for _, name in expected))}, got {local}"


def _incomplete(element: etree._Element, lacking: list[str]) -> str:
    local = etree.QName(element).localname
    if len(lacking) == 1:
        return f"Element {local} is incomplete: missing required element {lacking[0]}"
    shown = ", ".join(lacking[:12]) + (", ..." if len(lacking) > 12 else "")
    return f"Element {local} is incomplete: missing one of the required elements {shown}"


def _innermost(root: etree._Element, matches) -> list[etree._Element]:
    """The elements that match and hold no element that matches, in document order (no two are nested)."""
    found, below = [], {}
    for _, element in etree.iterwalk(root, events=("end",), tag=etree.Element):
        inner = any([below.pop(child, False) for child in element])
        if matches(element) and not inner:
            found.append(element)
        below[element] = inner or matches(element)
    return found


def _tidy(message: str) -> str:
    """libxml2's RELAX NG messages, made readable."""
    message = message.strip()
    message = re.sub(r"\{http://www\.tei-c\.org/ns/1\.0\}", "", message)
    return message


# ===== compiled schemas, once per process =====

def _stamp(path: Path) -> tuple:
    """A schema file's identity for the caches: a file changed on disk is read again."""
    try:
        stat = path.stat()
        return str(path.resolve()), stat.st_mtime_ns, stat.st_size
    except OSError:
        return str(path), 0, 0


# compiled schemas by (file, catalogue, href, how read): the stamps of every file read for it, and the schema
_COMPILED: dict[tuple, tuple[tuple, object]] = {}
_COMPILED_KEPT = 64


def _compiled(key: tuple, make):
    """A compiled schema from the cache while none of the files it was read from (includes too) has changed on
    disk, else made again: `make(reader)` reads through the reader, which records the files."""
    kept = _COMPILED.get(key)
    if kept is not None and all(_stamp(Path(stamp[0])) == stamp for stamp in kept[0]):
        return kept[1]
    reader = SchemaReader(key[1])
    value = make(reader)
    _COMPILED.pop(key, None)
    _COMPILED[key] = (tuple(_stamp(path) for path in reader.paths), value)
    while len(_COMPILED) > _COMPILED_KEPT:
        del _COMPILED[next(iter(_COMPILED))]
    return value


def _grammar(path: Path, catalog: Catalog, href: str, reduce: bool) -> _Grammar:
    return _compiled((str(path.resolve()), catalog, href, "grammar", reduce), lambda reader: _Grammar(
        read_grammar(path, catalog, href, reader), Path(href).name or href, reduce))


def compiled_grammar(path: Path, catalog: Catalog | None = None) -> _Grammar:
    """A grammar file as the validator compiles it (reduced per document where it can be)."""
    return _grammar(path, catalog or Catalog(), str(path), True)


def _rules(path: Path, catalog: Catalog, href: str, embedded: bool) -> Rules | None:
    def make(reader) -> Rules | None:
        try:
            if embedded:
                schema = extract_embedded(read_grammar(path, catalog, href, reader))
                return Rules(schema) if schema is not None else None
            return Rules(read_schematron(path, catalog, reader))
        except SchematronError as error:
            raise SchemaError(f"{href}: {error}") from None
    return _compiled((str(path.resolve()), catalog, href, "rules", embedded), make)


@lru_cache(maxsize=1)
def _edition_rules() -> Rules:
    """The edition's rules, with the schema-level lets the validator sets for each document as parameters."""
    rules = etree.parse(str(resources.schema("edition.sch")), etree.XMLParser(resolve_entities=False, no_network=True,
                                                                             load_dtd=False))
    return Rules(rules.getroot(), _EDITION_PARAMETERS)


@lru_cache(maxsize=1)
def _edition_grammar() -> _Grammar:
    path = resources.schema("edition.rng")
    return _Grammar(etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True,
                                                           load_dtd=False)).getroot(), path.name, reduce=False)


def schematron_rule_ids() -> list[str]:
    rules = etree.parse(str(resources.schema("edition.sch")))
    return sorted(rules.xpath("//sch:assert/@id | //sch:report/@id", namespaces={"sch": SCH_NS}))


class _Schema:
    """What one file is checked against: the edition's schema, or a list of parts (grammars and rule sets)."""

    def __init__(self, label: str, parts: tuple[Part, ...], catalog: Catalog):
        self.label = label
        self.parts = parts
        self.catalog = catalog
        self.edition = not parts

    def load(self) -> None:
        """Read and compile every part now (SchemaError when one cannot be)."""
        for part in self.parts:
            self._checker(part)

    def _checker(self, part: Part):
        if part.kind == "relaxng" and not part.embedded:
            return compiled_grammar(part.path, self.catalog)
        return _rules(part.path, self.catalog, part.href, part.embedded)

    def problems(self, source: Source, registers) -> list[Problem]:
        if self.edition:
            # the registers matter only to a document that points somewhere: their ids resolve its pointers, and
            # an id of its own that is also a register's would make them ambiguous (rule xml-id-not-in-registers)
            parameters = {"file-name": _file_name(source), "register-ids": " "}
            if _has_pointers(source):
                parameters["register-ids"] = " " + " ".join(sorted(registers())) + " "
            return _edition_grammar().problems(source) + _edition_rules().problems(source, parameters)
        problems = []
        for part in self.parts:
            checker = self._checker(part)
            if checker is not None:
                problems += checker.problems(source)
        return problems


def _file_name(source: Source) -> str:
    """The file's name without suffix, as the rule file-name-matches-id is given it: a name that is not UTF-8
    (which a Schematron parameter cannot hold) in its escaped form, as messages show it (`caf\\xe9`). The one
    place for `validate`, `build`, `import` and `export` alike."""
    return names.readable(source.path.stem)


def _files_digest(part: Part, catalog: Catalog) -> str:
    """The digest of the bytes of the files a schema part reads, or of why it cannot be read."""
    digest = hashlib.sha256()
    try:
        for path in files_read(part, catalog):
            digest.update(str(path).encode("utf-8", "surrogateescape") + b"\0" + path.read_bytes() + b"\0")
    except (SchemaError, OSError) as error:
        digest.update(f"unreadable\0{error}".encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


def _has_pointers(source: Source) -> bool:
    """Whether a document has "#id" pointers, which may point into a register (the edition's rules read the
    registers' ids only then)."""
    for element in source.root.iter(etree.Element):
        for name in POINTER_ATTRIBUTES:
            value = element.get(name)
            if value and "#" in value:
                return True
    return False


def _option_parts(path: Path, catalog: Catalog) -> tuple[Part, ...]:
    """--schema FILE: a grammar (.rng, .rnc, with the rules it embeds) or a Schematron file (.sch)."""
    suffix = path.suffix.lower()
    if suffix in (".rng", ".rnc"):
        return (Part("relaxng", path, str(path)), Part("schematron", path, str(path), embedded=True))
    if suffix in (".sch", ".xml"):
        return (Part("schematron", path, str(path)),)
    raise SchemaError(f"{path}: --schema takes a RELAX NG grammar (.rng, .rnc) or a Schematron file (.sch)")


# ===== the validator and its report =====

@dataclass
class FileReport:
    """One file: what it was checked against (empty: it could not be checked) and what was found."""

    file: str
    schema: str
    problems: list[Problem] = field(default_factory=list)
    parts: tuple[Part, ...] = ()  # the schema's files (none: the edition's own, or not checked)

    @property
    def checked(self) -> bool:
        return bool(self.schema)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def valid(self) -> bool:
        return self.checked and not self.errors

    def as_dict(self) -> dict:
        return {"file": self.file, "schema": self.schema or None, "valid": self.valid,
                "problems": [p.as_dict() for p in self.problems]}

    def warnings(self) -> list[Problem]:
        """What a build that goes on despite problems says of this file: one line (a count and the schema, or
        why it was not checked), never one line per problem."""
        if not self.checked:
            return [_as_warning(p) for p in self.problems]
        if not self.problems:
            return []
        counts = Counter(p.kind for p in self.problems)
        what = ", ".join(f"{n} {KINDS_SHORT.get(kind, kind)}" for kind, n in sorted(counts.items()))
        count = len(self.problems)
        return [Problem(self.file, 1, 1, f"{count} problem{'' if count == 1 else 's'} against {self.schema}: "
                        f"{what} (see: edition validate {self.file})", severity="warning", kind="validation")]


KINDS_SHORT = {"grammar": "RELAX NG", "rule": "Schematron"}


def _as_warning(problem: Problem) -> Problem:
    return Problem(problem.file, problem.line, problem.column, problem.message, problem.rule, "warning", problem.kind)


class Validator:
    """Checks sources against their schema: the one given, else the ones they declare, else the edition's.

    `schema` (a .rng, .rnc or .sch file) is read and compiled at once: a SchemaError says why it cannot be used.
    """

    def __init__(self, schema: Path | None = None, *, catalog: Catalog | None = None, declared: bool = True):
        self.catalog = catalog if catalog is not None else Catalog.from_environment()
        self.declared = declared
        self.fixed = None
        if schema is not None:
            path = Path(schema)
            self.fixed = _Schema(str(path), _option_parts(path, self.catalog), self.catalog)
            self.fixed.load()
        self._declared: dict[tuple, _Schema | Problem] = {}
        self._digests: dict[Part, str] = {}

    def schema_for(self, source: Source) -> _Schema | Problem:
        """The schema a source is checked against, or the problem that says why it cannot be checked."""
        if self.fixed is not None:
            return self.fixed
        found = declarations(source) if self.declared else []
        readable = [d for d in found if d.kind]
        if not readable:
            if found:
                return source.problem(source.root, f"declared schema {found[0].href} is of a kind not read here "
                                                   f"({found[0].schematypens}): not checked", kind="schema")
            return _Schema(EDITION_LABEL, (), self.catalog)
        parts, failures = self._declared_parts(readable, source.path)
        if failures:
            declaration, message = failures[0]
            return Problem(source.name, declaration.line, 1, f"declared schema unavailable: {message}: not checked",
                           kind="schema")
        key = tuple(parts)
        if key not in self._declared:
            schema = _Schema(" + ".join(dict.fromkeys(p.label for p in parts)), key, self.catalog)
            try:
                schema.load()
                self._declared[key] = schema
            except SchemaError as error:
                self._declared[key] = Problem("", declarations(source)[0].line, 1,
                                              f"declared schema cannot be used: {error}: not checked", kind="schema")
        chosen = self._declared[key]
        if isinstance(chosen, Problem):
            return Problem(source.name, chosen.line, chosen.column, chosen.message, kind="schema")
        return chosen

    def _declared_parts(self, readable: list[Declaration], source_path: Path
                        ) -> tuple[list[Part], list[tuple[Declaration, str]]]:
        """The schema files declarations name, located (relative to the file, or through the catalogue), and the
        declarations that cannot be had, with why."""
        parts, failures = [], []
        for declaration in readable:
            try:
                path, mapped = locate(declaration.href, source_path, self.catalog)
                if not path.is_file():
                    raise SchemaError(f"{declaration.href} not found" + ("" if mapped else f" ({_shown(path)})"))
                embedded = declaration.kind == "schematron" and path.suffix.lower() in (".rng", ".rnc")
                parts.append(Part(declaration.kind, path, declaration.href, embedded, mapped))
            except SchemaError as error:
                failures.append((declaration, str(error)))
        return parts, failures

    def declared_digest(self, found: list[Declaration], source_path: Path) -> str:
        """What checking a file that declares these schemas reads, as one digest: the bytes of every schema file
        (includes too), or why one cannot be had; "" for a file that declares none (checked against the edition's
        schema, one of the build's tools). For the build's key: a changed schema checks its documents again."""
        readable = [d for d in found if d.kind] if self.declared and self.fixed is None else []
        if not readable:
            return ""
        parts, failures = self._declared_parts(readable, source_path)
        digest = hashlib.sha256()
        for declaration, message in failures:
            digest.update(f"unavailable\0{declaration.href}\0{message}\0".encode("utf-8", "surrogateescape"))
        for part in parts:  # once per part for a validator (a build's): a folder declares one schema again and again
            if part not in self._digests:
                self._digests[part] = _files_digest(part, self.catalog)
            digest.update(f"{part.kind}\0{part.embedded}\0{self._digests[part]}".encode())
        return digest.hexdigest()

    def check(self, source: Source, register_ids=frozenset()) -> FileReport:
        """The file's report. `register_ids`: the ids of the registers, or a function giving them (called only
        when the edition's rules need them)."""
        schema = self.schema_for(source)
        if isinstance(schema, Problem):
            return FileReport(source.name, "", [schema])
        registers = register_ids if callable(register_ids) else (lambda: register_ids)
        try:
            problems = schema.problems(source, registers)
        except (SchemaError, SchematronError) as error:
            return FileReport(source.name, "", [source.problem(source.root, f"{error}: not checked", kind="schema")])
        return FileReport(source.name, schema.label, sorted(set(problems)), schema.parts)

    def validate(self, source: Source, register_ids=frozenset()) -> list[Problem]:
        return self.check(source, register_ids).problems


@dataclass
class ValidationReport:
    files: list[FileReport]

    @property
    def errors(self) -> int:
        return sum(len(f.errors) for f in self.files)

    @property
    def ok(self) -> bool:
        return all(f.valid for f in self.files)

    def as_dict(self) -> dict:
        schemas = Counter(f.schema for f in self.files if f.checked)
        return {"schemas": [{"schema": label, "files": count} for label, count in sorted(schemas.items())],
                "files": [f.as_dict() for f in self.files],
                "summary": {"files": len(self.files), "errors": self.errors}}

    def lines(self) -> list[str]:
        """The text report: each problem in compiler style, then one line per schema with its files, the files
        not checked, and the summary."""
        lines = [str(p) for f in self.files for p in f.problems]
        by_schema: dict[str, list[FileReport]] = {}
        for report in self.files:
            by_schema.setdefault(report.schema, []).append(report)
        for label, reports in sorted(by_schema.items(), key=lambda item: (not item[0], item[0])):
            errors = sum(len(r.errors) for r in reports)
            count = _plural(len(reports), "file")
            if label:
                lines.append(f"checked against {label}: {count}, {_plural(errors, 'error')}")
            else:
                lines.append(f"not checked: {count} (see above)")
        lines.append(f"{_plural(len(self.files), 'file')}, {_plural(self.errors, 'error')}")
        return lines


def _shown(path: Path) -> str:
    """A path as the user would write it from here."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return os.path.relpath(path)


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def validation_report(files: list[Path], *, schema: Path | None = None, catalog: Catalog | None = None,
                      names: list[str] | None = None, jobs: int | None = None) -> ValidationReport:
    """Each file checked (see Validator), in the order given, under its display name (or the names given).

    The registers whose ids the edition's rules need are looked for only when a file has pointers: among the
    files given and, found by the build's quick look, the XML files beside them."""
    from .build import display_name  # the build imports this module
    names = names or [display_name(f) for f in files]
    sources, reports = [], {}
    for path, name in zip(files, names):
        try:
            sources.append(load(path, name))
        except SourceError as error:
            problem = error.problem
            reports[name] = FileReport(name, "", [Problem(problem.file, problem.line, problem.column, problem.message,
                                                          problem.rule, problem.severity, "source")])
    known: list[frozenset[str]] = []

    def registers() -> frozenset[str]:
        if not known:
            known.append(register_ids(sources + _registers_beside(files, sources)))
        return known[0]
    for source, report in zip(sources, check_files(sources, schema, catalog, registers, jobs)):
        reports[source.name] = report
    return ValidationReport([reports[name] for name in names])


def check_files(sources: list[Source], schema: Path | None, catalog: Catalog | None, registers,
                jobs: int | None = None) -> list[FileReport]:
    """Each source's report (Validator.check), made in worker processes under the task budget (pipeline/tasks.py:
    a declared Schematron's XPath runs there, where the budget can end it); a file whose check goes beyond it is
    reported not checked, and the others are checked all the same. `registers`: a function giving the registers'
    ids, called only when a file checked against the edition's schema points somewhere; `jobs`: workers at once
    (default: the number of cores). SchemaError: the `schema` given cannot be used."""
    from . import executor, tasks  # they run this module's Validator
    catalog = catalog if catalog is not None else Catalog.from_environment()

    def ids_for(source: Source) -> frozenset[str]:
        edition = schema is None and not any(d.kind for d in declarations(source))
        return registers() if edition and _has_pointers(source) else frozenset()
    work = [tasks.CheckTask(tasks.SourceFile(s.name, str(s.path), s.data), str(schema) if schema else None, catalog,
                            ids_for(s), len(s.data)) for s in sources]
    if not work:
        if schema is not None:
            Validator(schema, catalog=catalog)  # says now whether it can be used
        return []
    pool = executor.local(min(jobs or os.cpu_count() or 1, len(work)))
    results = executor.run_each(pool, work, _check_ended)
    for result in results:
        if result.schema_error:
            raise SchemaError(result.schema_error)
    return [result.report for result in results]


def _check_ended(task, error: BaseException):
    from . import tasks
    if type(error).__name__ == "BrokenProcessPool":
        message = tasks.beyond_budget(task, "its check ended, and again when it ran alone") + ": not checked"
    else:
        message = f"its check failed: {type(error).__name__}: {' '.join(str(error).split())[:300]}: not checked"
    return tasks.CheckResult(task.name, FileReport(task.name, "", [Problem(task.name, 1, 1, message, kind="schema")]))


def _registers_beside(files: list[Path], sources: list[Source]) -> list[Source]:
    """The registers among the XML files in the folders of the files given (not those given), found by the
    build's quick look at each file; only registers are loaded as sources."""
    from .build import scan
    given = {s.path.resolve() for s in sources} | {f.resolve() for f in files}
    found = []
    for folder in sorted({f.resolve().parent for f in files}):
        for path in sorted(folder.glob("*.xml")):
            if path.resolve() in given or not path.is_file():
                continue
            if scan(path).is_register:
                try:
                    found.append(load(path))
                except SourceError:  # a broken neighbour is not the file being validated
                    continue
    return found


def register_ids(sources: list[Source]) -> frozenset[str]:
    ids = set()
    for source in sources:
        if source.is_register:
            ids.update(source.root.xpath("//@xml:id"))
    return frozenset(ids)


__all__ = ["Validator", "ValidationReport", "FileReport", "validation_report", "check_files", "register_ids",
           "schematron_rule_ids", "SchemaError", "KINDS", "XML_ID"]
