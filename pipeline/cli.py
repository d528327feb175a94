"""The `edition` command: parses arguments and hands them to plain functions.

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

from . import __version__
from .build import FORMATS, BuildError, build, discover, display_name
from .catalog import Catalog, CatalogError
from .validate import SchemaError, validation_report
from .xmlload import Problem

DEFAULT_SOURCES = Path("tei")
_existing = click.Path(exists=True, path_type=Path)


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
@click.option("--format", "report_format", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Report format.")
def validate(paths: tuple[Path, ...], schema: Path | None, catalogs: tuple[Path, ...], report_format: str):
    """Validate TEI files or folders (default: tei/), each against the schema it declares with xml-model (RELAX
    NG, compact or XML syntax, Schematron, Schematron embedded in a grammar), else the edition's RELAX NG grammar
    and Schematron rules; or all against --schema."""
    files = discover(list(paths) or [_default_sources()])
    try:
        report = validation_report(files, schema=schema, catalog=Catalog.from_environment(list(catalogs)))
    except (SchemaError, CatalogError) as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(2)
    if report_format == "json":
        click.echo(json.dumps(report.as_dict(), indent=2, ensure_ascii=False))
    else:
        for line in report.lines():
            click.echo(line)
    sys.exit(0 if report.ok else 1)


@main.command("build")
@click.argument("paths", nargs=-1, type=_existing)
@click.option("--format", "formats", default=",".join(FORMATS), show_default=True,
              help="Comma-separated outputs to build: html, txt, pdf.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("output"),
              show_default=True, help="Output folder.")
@click.option("--strict", is_flag=True, help="Treat schema problems as errors and skip invalid documents.")
@click.option("--text-width", type=click.IntRange(20, 1000), default=78, show_default=True,
              help="Wrap width of prose in the plain-text output.")
@click.option("-j", "--jobs", type=click.IntRange(1, 256), default=None,
              help="Documents built at once, each in its own process (default: the number of cores).")
@click.option("--force", is_flag=True, help="Rebuild every output, even those whose sources have not changed.")
@click.option("--scheduler", metavar="ADDRESS",
              help="Run the documents' work on the Dask cluster whose scheduler is at ADDRESS (tcp://host:8786) "
                   "instead of local processes (the [distributed] extra); the outputs are written here, the same "
                   "bytes as a local build's.")
@click.option("-q", "--quiet", is_flag=True, help="Print only failures and the summary.")
def build_command(paths, formats: str, out: Path, strict: bool, text_width: int, jobs: int | None, force: bool,
                  scheduler: str | None, quiet: bool):
    """Build the edition from TEI files or folders (default: tei/) into the output folder."""
    wanted = tuple(f.strip() for f in formats.split(",") if f.strip())
    unknown = [f for f in wanted if f not in FORMATS]
    if unknown or not wanted:
        raise click.BadParameter(f"unknown format {', '.join(unknown) or '(none)'}; choose from "
                                 f"{', '.join(FORMATS)}", param_hint="--format")
    progress = (lambda message: None) if quiet or not sys.stderr.isatty() else \
        (lambda message: click.echo(f"\r\x1b[K{message}", nl=False, err=True))
    with _stopped_by_signals("build"):
        try:
            report = build(list(paths) or [_default_sources()], out, wanted, strict=strict,
                           text_width=text_width, jobs=jobs, force=force, log=progress, scheduler=scheduler)
        except BuildError as error:
            click.echo(f"error: {error}", err=True)
            sys.exit(1)
    if not quiet and sys.stderr.isatty():
        click.echo("\r\x1b[K", nl=False, err=True)
    if not quiet:
        _print_warnings(report.warnings)
    for failure in report.failures:
        click.echo(str(failure), err=True)
    up_to_date = f" ({len(report.up_to_date)} up to date)" if report.up_to_date else ""
    click.echo(f"{_plural(len(report.built), 'document')} built into {display_name(out)}{up_to_date}, "
               f"{len(set(report.refused))} refused, {_plural(len(report.failures), 'failure')}, "
               f"{_plural(len(report.warnings), 'warning')}")
    sys.exit(0 if report.ok else 1)


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
def import_command(files: tuple[Path, ...], into: Path, grammar: Path | None, replace: bool, new_id: str | None):
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
    with _stopped_by_signals("import"):
        try:
            results = import_files(list(files), into, grammar=grammar, replace=replace, new_id=new_id)
        except SchemaError as error:  # --schema cannot be read: a usage error, as in validate
            click.echo(f"error: {error}", err=True)
            sys.exit(2)
    for result in results:
        for problem in result.problems:
            click.echo(str(problem))
        click.echo(result.line())
    counts = Counter(result.status for result in results)
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
def export_command(paths: tuple[Path, ...], out: Path, outputs: Path | None, dts_base: str, schema: Path | None,
                   catalogs: tuple[Path, ...]):
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
    for warning in report.warnings:
        click.echo(warning if ": warning: " in warning else f"warning: {warning}", err=True)
    click.echo(f"{_plural(len(report.sources), 'source')} exported into {out}: bag/ (BagIt 1.0, "
               f"{_plural(report.payload_files, 'payload file')}, valid), dc/ "
               f"({_plural(report.files['dc'], 'Dublin Core record')}), tei-corpus.xml, dts/ "
               f"({_plural(report.files['dts'], 'file')})")
