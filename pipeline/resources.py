"""Files that ship inside the package: stylesheets, schemas, web assets, fonts."""

from importlib.resources import as_file, files
from pathlib import Path


def resource_path(package: str, name: str) -> Path:
    """A real file system path to a packaged file (stylesheets import each other by relative path)."""
    with as_file(files(package).joinpath(name)) as path:
        return Path(path)


def xslt(name: str) -> Path:
    return resource_path("pipeline.xslt", name)


def schema(name: str) -> Path:
    return resource_path("pipeline.schema", name)


def asset_files() -> list[Path]:
    folder = files("pipeline.xslt.assets")
    return sorted(resource_path("pipeline.xslt.assets", entry.name) for entry in folder.iterdir()
                  if entry.is_file() and not entry.name.startswith(("_", ".")))


def font_dir() -> Path:
    return resource_path("pipeline.xslt.fonts", "")
