"""Shared paths and helpers. Tests may read ../shared (seeds, corpus, TEI all); the product never does."""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from click.testing import CliRunner

from pipeline.cli import main

REPO = Path(__file__).resolve().parent.parent
TEI = REPO / "tei"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED = REPO.parent / "shared"
TEI_ALL = SHARED / "schema" / "tei_all.rng"
SEEDS = SHARED / "seeds"
CORPUS = SHARED / "corpus"


def pytest_addoption(parser):
    parser.addoption("--update-goldens", nargs="?", const="html,txt,typ", default="",
                     help="rewrite the golden outputs of the element fixtures, optionally only some formats "
                          "(--update-goldens=html); review them before committing")


@pytest.fixture
def update_goldens(request) -> set[str]:
    """The output formats (file suffixes) whose golden files are to be rewritten; empty to compare only."""
    return {suffix for suffix in request.config.getoption("--update-goldens").split(",") if suffix}


@pytest.fixture
def cli():
    """Run the edition command in-process: returns (exit code, stdout, stderr)."""
    def run(*args: str):
        result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
        return result.exit_code, result.stdout, result.stderr
    return run


@pytest.fixture(scope="session")
def built_edition(tmp_path_factory) -> Path:
    """The whole edition built once for the tests that read its outputs."""
    from pipeline.build import build
    out = tmp_path_factory.mktemp("edition") / "output"
    report = build([TEI], out, jobs=2)
    assert report.ok, [str(f) for f in report.failures]
    return out


def needs_shared(path: Path):
    return pytest.mark.skipif(not path.exists(), reason=f"{path} is not beside the repository")


def copy_sources(target: Path) -> Path:
    shutil.copytree(TEI, target)
    return target


def broken_links(out: Path) -> tuple[list[str], int]:
    """Every link of every page of a build's html/ folder that does not land: a relative href, src or
    stylesheet link whose file is missing, or whose fragment is no id of the page it names; and the number of
    links checked. Each page is parsed once (a corpus of a thousand pages is read in seconds)."""
    from lxml import html
    folder = (out / "html").resolve()
    pages = sorted(folder.rglob("*.html"))
    ids = {page: set(html.parse(str(page)).getroot().xpath("//@id")) for page in pages}
    broken, checked = [], 0
    for page in pages:
        root = html.parse(str(page)).getroot()
        for link in root.xpath("//a/@href | //link/@href | //script/@src | //img/@src"):
            parts = urlsplit(link)
            if parts.scheme or parts.netloc:
                continue
            checked += 1
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if not target.is_file():
                broken.append(f"{page.relative_to(folder)}: {link} (no such file)")
            elif parts.fragment and target.suffix == ".html" and unquote(parts.fragment) not in ids.get(target, ()):
                broken.append(f"{page.relative_to(folder)}: {link} (no such id)")
    return broken, checked
