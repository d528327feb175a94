"""The edition's configuration: `edition.toml` in the sources folder, else `[tool.edition]` in `pyproject.toml` in
the current folder. The command line overrides what a file says; a file overrides the defaults.

    title = "Letters of ..."                  # the edition's title (else the header's seriesStmt title)
    base-url = "https://example.org/letters/" # where the output folder is served (citations, canonical links)
    version = "1.2"                           # the edition's version (else the header's editionStmt)
    formats = ["html", "txt"]                 # what `build` and `serve` make
    schema = "schema/letters.rng"             # what `validate` and `import` check against (relative to the file)
    text-width = 72                           # the plain text's wrap
    jobs = 2                                  # worker processes
    scheduler = "tcp://10.0.0.5:8786"         # build on this Dask cluster (the [distributed] extra)

A file that cannot be read, a key that is not one of these or a value of the wrong kind is a usage error naming
the file (and, for TOML syntax, the line and column).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path

EDITION_TOML = "edition.toml"
PYPROJECT = "pyproject.toml"
FORMATS = ("html", "txt", "pdf")


class ConfigError(Exception):
    """A configuration file that cannot be used: the message names the file and what is wrong."""


@dataclass(frozen=True)
class Config:
    """Settings from a file (None where the file says nothing) and the file they came from."""

    title: str | None = None
    base_url: str | None = None
    version: str | None = None
    formats: tuple[str, ...] | None = None
    schema: Path | None = None
    text_width: int | None = None
    jobs: int | None = None
    scheduler: str | None = None
    source: Path | None = field(default=None, compare=False)

    def stylesheet_parameters(self) -> dict[str, str]:
        """What the stylesheets are told (common.xsl's edition-title, base-url, edition-version): '' where unset."""
        return {"edition-title": self.title or "", "base-url": self.base_url or "",
                "edition-version": self.version or ""}

    def with_options(self, **options) -> "Config":
        """This configuration with the command line's options laid over it (an option given as None is not given)."""
        given = {name: value for name, value in options.items() if value is not None}
        unknown = set(given) - {f.name for f in fields(self)}
        if unknown:
            raise TypeError(f"not a setting: {', '.join(sorted(unknown))}")
        return Config(**{f.name: given.get(f.name, getattr(self, f.name)) for f in fields(self)})


def find(sources: list[Path], cwd: Path | None = None) -> Path | None:
    """The file that configures a run on these sources: edition.toml in the first sources folder (or the folder of
    the first file), else pyproject.toml in the current folder when it has a [tool.edition] table."""
    cwd = cwd or Path.cwd()
    if sources:
        first = sources[0]
        folder = first if first.is_dir() else first.parent
        if (folder / EDITION_TOML).is_file():
            return folder / EDITION_TOML
    pyproject = cwd / PYPROJECT
    if pyproject.is_file():
        try:
            if "edition" in _read(pyproject).get("tool", {}):
                return pyproject
        except ConfigError:
            return pyproject  # reported when it is loaded
    return None


def load(path: Path | None) -> Config:
    """The settings in a configuration file (edition.toml: the whole file; pyproject.toml: [tool.edition])."""
    if path is None:
        return Config()
    data = _read(path)
    if path.name == PYPROJECT:
        data = data.get("tool", {}).get("edition", {})
        where = f"{path}: [tool.edition]"
    else:
        where = str(path)
    if not isinstance(data, dict):
        raise ConfigError(f"{where}: not a table of settings")
    settings = {}
    for key, value in data.items():
        parse = _SETTINGS.get(key)
        if parse is None:
            raise ConfigError(f"{where}: unknown setting {key!r} (settings: {', '.join(_SETTINGS)})")
        try:
            settings[key.replace("-", "_")] = parse(value, path.parent)
        except (TypeError, ValueError) as error:
            raise ConfigError(f"{where}: {key}: {error}") from None
    return Config(**settings, source=path)


def _read(path: Path) -> dict:
    try:
        with path.open("rb") as stream:
            return tomllib.load(stream)
    except tomllib.TOMLDecodeError as error:
        # tomllib says "... (at line 3, column 7)": the editor's form FILE:LINE:COL
        found = re.search(r"\(at line (\d+), column (\d+)\)", str(error))
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(error))
        location = f"{path}:{found.group(1)}:{found.group(2)}" if found else str(path)
        raise ConfigError(f"{location}: {message}") from None
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: cannot be read: {getattr(error, 'strerror', None) or error}") from None


def _text(value, folder: Path) -> str:
    if not isinstance(value, str) or not value.strip():
        raise TypeError("must be a non-empty string")
    if re.search(r"[\x00-\x1f\x7f]", value):
        raise ValueError("must not hold control characters")
    return value.strip()


def base_url(value, folder: Path | None = None) -> str:
    """An absolute http(s) address, as the stylesheets write it into pages and citations: no spaces, quotes,
    angle brackets or controls; ending in '/' (the output folder's address)."""
    text = _text(value, folder or Path("."))
    if not re.fullmatch(r"https?://[A-Za-z0-9.\-]+(:\d{1,5})?(/[A-Za-z0-9\-._~!$&'()*+,;=:@%/]*)?", text) or "'" in text:
        raise ValueError(f"{text!r} is not an http(s) address (the folder the output is served at)")
    return text if text.endswith("/") else text + "/"


def formats(value, folder: Path | None = None) -> tuple[str, ...]:
    """Outputs to build, as a list or a comma-separated string: html, txt, pdf."""
    items = value.split(",") if isinstance(value, str) else value
    if not isinstance(items, list | tuple) or not all(isinstance(i, str) for i in items):
        raise TypeError("must be a list of output names or a comma-separated string")
    wanted = tuple(dict.fromkeys(i.strip() for i in items if i.strip()))
    unknown = [f for f in wanted if f not in FORMATS]
    if unknown or not wanted:
        raise ValueError(f"unknown format {', '.join(unknown) or '(none)'}; choose from {', '.join(FORMATS)}")
    return wanted


def scheduler(value, folder: Path | None = None) -> str:
    """A Dask scheduler's address: tcp:// or tls:// (or a bare host:port), host and port only."""
    text = _text(value, folder or Path("."))
    if not re.fullmatch(r"((tcp|tls)://)?[A-Za-z0-9.\-]+:\d{1,5}|((tcp|tls)://)?\[[0-9A-Fa-f:]+\]:\d{1,5}", text):
        raise ValueError(f"{text!r} is not a scheduler's address (tcp://HOST:PORT)")
    return text


def _integer(low: int, high: int):
    def parse(value, folder: Path) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError("must be a whole number")
        if not low <= value <= high:
            raise ValueError(f"must be between {low} and {high}")
        return value
    return parse


def _schema(value, folder: Path) -> Path:
    path = folder / _text(value, folder)
    if not path.is_file():
        raise ValueError(f"{path} is not a file")
    return path


_SETTINGS = {
    "title": _text,
    "base-url": base_url,
    "version": _text,
    "formats": formats,
    "schema": _schema,
    "text-width": _integer(20, 1000),
    "jobs": _integer(1, 256),
    "scheduler": scheduler,
}
