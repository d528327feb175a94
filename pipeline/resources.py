"""Files that ship inside the package: stylesheets, schemas, web assets, fonts.

In a wheel they are the subpackages pipeline.xslt and pipeline.schema (mapped from the repository's xslt/
and schema/ folders in pyproject.toml); in a source checkout they are those folders themselves.
"""

from importlib.resources import files
from pathlib import Path

_SOURCE_TREE = Path(__file__).resolve().parent.parent


def _folder(folder: str) -> Path:
    packaged = Path(str(files("pipeline"))) / folder
    return packaged if packaged.is_dir() else _SOURCE_TREE / folder


def xslt(name: str) -> Path:
    return _folder("xslt") / name


def schema(name: str) -> Path:
    return _folder("schema") / name


def asset_files() -> list[Path]:
    """The web edition's static files (stylesheet, script), copied beside the pages."""
    folder = xslt("assets")
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith(("_", ".")))


def font_dir() -> Path:
    return xslt("fonts")


def tools_digest() -> str:
    """The stylesheets, assets, fonts and schemas, and the package version: a change rebuilds everything (and a
    worker whose digest is not the command's does not build for it)."""
    import hashlib
    from . import __version__
    digest = hashlib.sha256(__version__.encode())
    for folder in (xslt(""), schema("")):
        for path in sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            digest.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()
