"""The `edition` command: parses arguments and hands them to plain functions.

Every command takes -q/--quiet (failures and the summary only), -v/--verbose (each file as it is done too) and
--report text|json (the report on standard output for people, or one JSON object for programs; `validate
--format json` is kept as another spelling of `--report json`: `build --format` names the outputs). Settings come
from the command line, else the configuration file (pipeline/config.py), else the defaults.

Exit codes: 0 success, 1 when documents have problems, 2 on usage errors (click's own).
"""

from __future__ import annotations

import json
import signal
import sys
from collections import Counter
from contextlib import contextmanager
from pathlib import Path

import click

from . import __version__, config
from .build import FORMATS, BuildError, BuildReport, build, discover, display_name
from .catalog import Catalog, CatalogError
from .validate import SchemaError, validation_report
from .xmlload import Problem

DEFAULT_SOURCES = Path("tei")
DEFAULT_TEXT_WIDTH = 78
_existing = click.Path(exists=True, path_type=Path)


def report_options(command):
    """-q, -v and --report, the same on every command."""
    command = click.option("--report", "report_format", type=click.Choice(["text", "json"]), default=None,
                           help="The report on standard output: text (the default) or one JSON object.")(command)
    command = click.option("-v", "--verbose", is_flag=True, help="Say what is done with each file too.")(command)
    command = click.option("-q", "--quiet", is_flag=True, help="Print only failures and the summary.")(command)
    return command


def edition_options(command):
    """What a build makes and how (build and serve): each option overrides the configuration file."""
    for option in reversed([
        click.option("--format", "formats", default=None, metavar="LIST",
                     help="Comma-separated outputs to build: html, txt, pdf (default: all)."),
        click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("output"),
                     show_default=True, help="Output folder."),
        click.option("--strict", is_flag=True, help="Treat schema problems as errors and skip invalid documents."),
        click.option("--text-width", type=click.IntRange(20, 1000), default=None,
                     help=f"Wrap width of prose in the plain-text output (default: {DEFAULT_TEXT_WIDTH})."),
        click.option("-j", "--jobs", type=click.IntRange(1, 256), default=None,
                     help="Documents built at once, each in its own process (default: the number of cores)."),
        click.option("--title", default=None, help="The edition's title (default: the header's series title)."),
        click.option("--base-url", default=None, metavar="URL",
                     help="The address the output folder is served at, for citations and canonical links."),
        click.option("--edition-version", default=None, metavar="VERSION",
                     help="The edition's version, for citations (default: the header's editionStmt)."),
    ]):
        command = option(command)
    return command


def _verbosity(quiet: bool, verbose: bool) -> str:
    if quiet and verbose:
        raise click.UsageError("-q and -v say opposite things: give one")
    return "quiet" if quiet else "verbose" if verbose else "normal"


def _configuration(paths: list[Path]) -> config.Config:
    """The configuration file's settings for these sources (a file that cannot be used is a usage error)."""
    try:
        return config.load(config.find(paths))
    except config.ConfigError as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(2)


def _build_settings(paths: list[Path], formats: str | None, text_width: int | None, jobs: int | None,
                    title: str | None, base_url: str | None, edition_version: str | None,
                    scheduler: str | None = None) -> config.Config:
    """The configuration with the command line's options laid over it, each checked as the file's would be."""
    given = {}
    for name, value, parse in (("formats", formats, config.formats), ("base_url", base_url, config.base_url),
                               ("scheduler", scheduler, config.scheduler)):
        try:
            given[name] = parse(value) if value is not None else None
        except (TypeError, ValueError) as error:
            raise click.BadParameter(str(error), param_hint="--" + name.replace("_", "-").removesuffix("s")) from None
    return _configuration(paths).with_options(**given, text_width=text_width, jobs=jobs, title=title,
                                              version=edition_version)


def _json(value, one_line: bool = False) -> None:
    click.echo(json.dumps(value, indent=None if one_line else 2, ensure_ascii=False))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="edition")
def main():
    """Validate TEI sources and build the edition (HTML, plain text, PDF/A)."""


@main.command()
@click.argument("paths", nargs=-1, type=_existing)
@click.option("--schema", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Validate every file against this schema instead of the one it declares or the edition's: a "
                   "RELAX NG grammar (.rng, or .rnc in the compact syntax, with the Schematron it embeds) or a "
                   "Schematron file (.sch).")
@click.option("--catalog", "catalogs", multiple=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="An OASIS XML catalogue mapping schema addresses to local files (repeatable; the files of "
                   "XML_CATALOG_FILES are read after these). Nothing is ever fetched from the network.")
@click.option("--format", "format_alias", type=click.Choice(["text", "json"]), default=None, hidden=True,
              help="Another spelling of --report (kept for scripts written before it).")
@click.option("-j", "--jobs", type=click.IntRange(1, 256), default=None,
              help="Files checked at once, each in a worker process with its budget (default: the number of cores).")
@report_options
def validate(paths: tuple[Path, ...], schema: Path | None, catalogs: tuple[Path, ...], format_alias: str | None,
             jobs: int | None, quiet: bool, verbose: bool, report_format: str | None):
    """Validate TEI files or folders (default: tei/), each against the schema it declares with xml-model (RELAX
    NG, compact or XML syntax, Schematron, Schematron embedded in a grammar), else the edition's RELAX NG grammar
    and Schematron rules; or all against --schema (or the configuration's schema)."""
    if format_alias and report_format and format_alias != report_format:
        raise click.UsageError("--format is another spelling of --report: give one")
    report_format = report_format or format_alias or "text"
    verbosity = _verbosity(quiet, verbose)
    sources = list(paths) or [_default_sources()]
    schema = schema or _configuration(sources).schema
    files = discover(sources)
    try:
        report = validation_report(files, schema=schema, catalog=Catalog.from_environment(list(catalogs)), jobs=jobs)
    except (SchemaError, CatalogError) as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(2)
    if report_format == "json":
        _json(report.as_dict())
    else:
        lines = report.lines()
        if verbosity == "verbose":  # each file and what it was checked against, before the problems
            lines = [f"{f.file}: {'valid' if f.valid else 'invalid'}" + (f" ({f.schema})" if f.schema else "")
                     for f in report.files] + lines
        elif verbosity == "quiet":  # the errors and the summary
            lines = [line for line in lines if ": warning: " not in line and not line.startswith("checked against")]
        for line in lines:
            click.echo(line)
    sys.exit(0 if report.ok else 1)


@main.command("build")
@click.argument("paths", nargs=-1, type=_existing)
@edition_options
@click.option("--force", is_flag=True, help="Rebuild every output, even those whose sources have not changed.")
@click.option("--scheduler", metavar="ADDRESS",
              help="Run the documents' work on the Dask cluster whose scheduler is at ADDRESS (tcp://host:8786) "
                   "instead of local processes (the [distributed] extra); the outputs are written here, the same "
                   "bytes as a local build's.")
@report_options
def build_command(paths, formats: str | None, out: Path, strict: bool, text_width: int | None, jobs: int | None,
                  title: str | None, base_url: str | None, edition_version: str | None, force: bool,
                  scheduler: str | None, quiet: bool, verbose: bool, report_format: str | None):
    """Build the edition from TEI files or folders (default: tei/) into the output folder: web pages with their
    citation records and search index, plain text, PDF."""
    sources = list(paths) or [_default_sources()]
    settings = _build_settings(sources, formats, text_width, jobs, title, base_url, edition_version, scheduler)
    verbosity = _verbosity(quiet, verbose)
    with _stopped_by_signals("build"):
        report = _run_build(sources, out, settings, strict=strict, force=force, verbosity=verbosity,
                            report_format=report_format or "text", scheduler=settings.scheduler)
    sys.exit(0 if report.ok else 1)


def _run_build(sources: list[Path], out: Path, settings: config.Config, *, strict: bool, force: bool = False,
               verbosity: str = "normal", report_format: str = "text", one_line: bool = False,
               scheduler: str | None = None) -> BuildReport:
    """One build and its report (the build command's, and each of serve's: a JSON report on one line each)."""
    progress = (lambda message: None) if verbosity == "quiet" or not sys.stderr.isatty() else \
        (lambda message: click.echo(f"\r\x1b[K{message}", nl=False, err=True))
    try:
        report = build(sources, out, settings.formats or FORMATS, strict=strict,
                       text_width=settings.text_width or DEFAULT_TEXT_WIDTH, jobs=settings.jobs, force=force,
                       log=progress, edition=settings.stylesheet_parameters(), scheduler=scheduler)
    except BuildError as error:
        if report_format == "json":
            _json({"ok": False, "error": str(error)}, one_line)
        click.echo(f"error: {error}", err=True)
        if one_line:  # serve goes on: the next change may mend it
            return BuildReport(failures=[Problem(str(out), 1, 1, str(error))])
        sys.exit(1)
    if verbosity != "quiet" and sys.stderr.isatty():
        click.echo("\r\x1b[K", nl=False, err=True)
    if verbosity == "verbose":
        for name in report.built:
            click.echo(f"built {name}", err=True)
        for name in report.up_to_date:
            click.echo(f"up to date {name}", err=True)
    if verbosity != "quiet":
        _print_warnings(report.warnings)
    for failure in report.failures:
        click.echo(str(failure), err=True)
    if report_format == "json":
        _json({"ok": report.ok, "out": str(out), "formats": list(settings.formats or FORMATS),
               "built": report.built, "up_to_date": report.up_to_date, "refused": sorted(set(report.refused)),
               "failures": [p.as_dict() for p in report.failures], "warnings": [p.as_dict() for p in report.warnings]},
              one_line)
    else:
        up_to_date = f" ({len(report.up_to_date)} up to date)" if report.up_to_date else ""
        click.echo(f"{_plural(len(report.built), 'document')} built into {display_name(out)}{up_to_date}, "
                   f"{len(set(report.refused))} refused, {_plural(len(report.failures), 'failure')}, "
                   f"{_plural(len(report.warnings), 'warning')}")
    return report


class _Stopped(Exception):
    def __init__(self, number: int):
        super().__init__(signal.Signals(number).name)
        self.number = number


@contextmanager
def _stopped_by_signals(command: str):
    """Ctrl-C (SIGINT) and SIGTERM stop the command: its workers and PDF helpers are killed (build.py), every
    output written is whole (atomic.py), and it says so in one line and exits with 128 + the signal's number."""
    def stop(number, frame):
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # the cleanup is not interrupted again
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        raise _Stopped(number)

    previous = {number: signal.signal(number, stop) for number in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    except _Stopped as stopped:
        click.echo(f"\r\x1b[K" if sys.stderr.isatty() else "", nl=False, err=True)
        click.echo(f"edition {command}: stopped by {stopped}; every output written is whole, and the next "
                   f"{command} completes the job", err=True)
        sys.exit(128 + stopped.number)
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def _print_warnings(warnings: list[Problem]) -> None:
    """One line per warning: a document's schema problems are already summed in one (kind "validation"), the
    stylesheets' are listed one by one (kinds in pipeline.validate.KINDS)."""
    for warning in warnings:
        click.echo(str(warning), err=True)


def _default_sources() -> Path:
    if not DEFAULT_SOURCES.is_dir():
        raise click.UsageError("no PATH given and no tei/ folder here")
    return DEFAULT_SOURCES


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


@main.command("import")
@click.argument("files", nargs=-1, required=True, type=_existing)
@click.option("--into", type=click.Path(file_okay=False, path_type=Path), default=DEFAULT_SOURCES,
              show_default=True, help="The sources folder to copy the files into.")
@click.option("--schema", "grammar", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Check against this schema (.rng, .rnc, .sch) instead of the one each file declares or the "
                   "project's schema and rules.")
@click.option("--replace", is_flag=True, help="Overwrite a source that has the same xml:id.")
@click.option("--id", "new_id", metavar="NAME",
              help="The xml:id for a file that has none (one FILE only); it is added to the file's root element.")
@report_options
def import_command(files: tuple[Path, ...], into: Path, grammar: Path | None, replace: bool, new_id: str | None,
                   quiet: bool, verbose: bool, report_format: str | None):
    """Check TEI files from elsewhere (well-formed, TEI P5, valid) and copy them into the sources folder under
    their xml:id, as UTF-8 in Unicode NFC; a file without one is given one from its file name (as the build
    names it). A folder stands for the XML files below it. An existing source is never overwritten without
    --replace."""
    from . import names
    from .exchange import import_files, is_xml_id
    given, files = files, tuple(discover(list(files)))
    if not files:
        raise click.UsageError("no XML files (*.xml, *.tei) in the folders given")
    if new_id is not None and (len(given) != 1 or len(files) != 1):
        raise click.UsageError("--id names a single file: give exactly one FILE with it")
    if new_id is not None and not (names.is_name(new_id) and is_xml_id(new_id)):
        raise click.BadParameter(f'"{names.readable(new_id)}" is not an xml:id that can name a file',
                                 param_hint="--id")
    verbosity = _verbosity(quiet, verbose)
    with _stopped_by_signals("import"):
        try:
            results = import_files(list(files), into, grammar=grammar, replace=replace, new_id=new_id)
        except SchemaError as error:  # --schema cannot be read: a usage error, as in validate
            click.echo(f"error: {error}", err=True)
            sys.exit(2)
    counts = Counter(result.status for result in results)
    if report_format == "json":
        _json({"ok": not counts["refused"], "into": str(into),
               "files": [{"file": r.file, "status": r.status, "target": r.target or None, "reason": r.reason or None,
                          "problems": [p.as_dict() for p in r.problems]} for r in results],
               "summary": {status: counts[status] for status in ("imported", "replaced", "unchanged", "refused")}})
        sys.exit(1 if counts["refused"] else 0)
    for result in results:
        if verbosity == "quiet" and result.status != "refused":
            continue
        for problem in result.problems:
            click.echo(str(problem))
        click.echo(result.line())
    click.echo(", ".join(f"{counts[status]} {status}" for status in ("imported", "replaced", "unchanged", "refused")
                         if counts[status] or status in ("imported", "refused")))
    sys.exit(1 if counts["refused"] else 0)


@main.command("export")
@click.argument("paths", nargs=-1, type=_existing)
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("output/export"),
              show_default=True, help="Output folder: bag/, dc/, dts/ and tei-corpus.xml are written there.")
@click.option("--outputs", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Put this existing build output folder in the bag instead of building into a temporary one.")
@click.option("--dts-base", default="/dts/", show_default=True, metavar="URL",
              help="Where the dts/ folder will be served: every DTS @id and URI template starts with it.")
@click.option("--schema", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Check every source against this schema instead of the one it declares or the edition's (as "
                   "`edition validate --schema`): .rng, .rnc or .sch.")
@click.option("--catalog", "catalogs", multiple=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="An OASIS XML catalogue mapping declared schema addresses to local files (repeatable).")
@report_options
def export_command(paths: tuple[Path, ...], out: Path, outputs: Path | None, dts_base: str, schema: Path | None,
                   catalogs: tuple[Path, ...], quiet: bool, verbose: bool, report_format: str | None):
    """Export the sources (default: tei/) for other archives: a BagIt bag (sources, the schemas they were checked
    against and the report, outputs), a Dublin Core record per source, a teiCorpus file and a static DTS 1.0
    tree. Each source must be valid against its declared schema, else the edition's, or --schema."""
    from .exchange import ExportError, export
    base = dts_base if dts_base.endswith("/") else dts_base + "/"
    try:
        catalog = Catalog.from_environment(list(catalogs))
        with _stopped_by_signals("export"):
            report = export(list(paths) or [_default_sources()], out, outputs=outputs, dts_base=base,
                            schema=schema, catalog=catalog)
    except (SchemaError, CatalogError) as error:  # --schema or --catalog cannot be read: a usage error
        click.echo(f"error: {error}", err=True)
        sys.exit(2)
    except ExportError as error:
        for problem in error.problems:
            click.echo(str(problem), err=True)
        click.echo(f"error: {error}", err=True)
        sys.exit(1)
    except BuildError as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(1)
    except OSError as error:
        click.echo(f"error: cannot write to {error.filename or out}: {error.strerror}", err=True)
        sys.exit(1)
    verbosity = _verbosity(quiet, verbose)
    if verbosity != "quiet":
        for warning in report.warnings:
            click.echo(warning if ": warning: " in warning else f"warning: {warning}", err=True)
    if verbosity == "verbose":
        for source in report.sources:
            click.echo(f"exported {source}", err=True)
    if report_format == "json":
        _json({"ok": True, "out": str(out), "sources": report.sources, "files": report.files,
               "payload_files": report.payload_files, "warnings": report.warnings})
        return
    click.echo(f"{_plural(len(report.sources), 'source')} exported into {out}: bag/ (BagIt 1.0, "
               f"{_plural(report.payload_files, 'payload file')}, valid), dc/ "
               f"({_plural(report.files['dc'], 'Dublin Core record')}), tei-corpus.xml, dts/ "
               f"({_plural(report.files['dts'], 'file')})")


@main.command("serve")
@click.argument("paths", nargs=-1, type=_existing)
@edition_options
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="The port on 127.0.0.1 (0: any free port; the address is printed).")
@click.option("--watch", is_flag=True,
              help="Rebuild when a source, a register, a stylesheet or the configuration changes; open pages reload.")
@report_options
def serve_command(paths, formats: str | None, out: Path, strict: bool, text_width: int | None, jobs: int | None,
                  title: str | None, base_url: str | None, edition_version: str | None, port: int, watch: bool,
                  quiet: bool, verbose: bool, report_format: str | None):
    """Build the edition (as build does, incrementally), then serve the output folder on this machine
    (127.0.0.1) with the media types the web edition needs: its search (which a page opened from a folder cannot
    run), the CSL-JSON records, an exported DTS tree (output/export/dts/ at /dts/). Ctrl-C stops it."""
    from . import serve
    sources = list(paths) or [_default_sources()]
    found = config.find(sources)
    settings = _build_settings(sources, formats, text_width, jobs, title, base_url, edition_version)
    verbosity = _verbosity(quiet, verbose)
    report_format = report_format or "text"

    def rebuild() -> None:
        _run_build(sources, out, settings, strict=strict, verbosity=verbosity, report_format=report_format,
                   one_line=True)

    def watched() -> list[Path]:
        return discover(sources) + ([found] if found else []) + serve.package_files()

    with _stopped_by_signals("serve"):
        rebuild()
        try:
            server = serve.Server(out, port=port, watched=watched if watch else None, rebuild=rebuild,
                                  log=(lambda line: click.echo(line, err=True)) if verbosity == "verbose" else None)
        except OSError as error:
            click.echo(f"error: cannot serve on 127.0.0.1:{port}: {error.strerror} (choose another --port)", err=True)
            sys.exit(1)
        server.start()
        if report_format == "json":
            click.echo(json.dumps({"serving": str(out), "url": server.url, "watching": watch}))
        else:
            click.echo(f"Serving {display_name(out)} at {server.url}" + (", rebuilding on changes" if watch else "")
                       + " (Ctrl-C stops)")
        server.wait()
