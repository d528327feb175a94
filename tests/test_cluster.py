"""`edition build --scheduler`: the same build on a real Dask cluster (a scheduler and two workers started with the
`dask` command line on 127.0.0.1): every output the same bytes as a local build's, and a worker killed during a
build costs a retry, not a document."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from conftest import REPO, TEI
from pipeline.build import build

pytest.importorskip("distributed", reason="the [distributed] extra")
from daskcluster import dask_cluster  # noqa: E402 (it needs distributed)

CORPUS = REPO.parent / "shared" / "corpus"
LETTERS = 12


def digests(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and p.name != ".build-manifest.json"}


@pytest.fixture(scope="module")
def sources(tmp_path_factory) -> list[Path]:
    """The edition, a folder of the third-party corpus as it is (tillich-briefe/meta), and a few letters."""
    letters = tmp_path_factory.mktemp("letters")
    for path in sorted((CORPUS / "tillich-briefe" / "editions").glob("*.xml"))[:LETTERS]:
        shutil.copyfile(path, letters / path.name)
    return [TEI, CORPUS / "tillich-briefe" / "meta", letters]


@pytest.fixture(scope="module")
def local_build(sources, tmp_path_factory) -> dict[str, str]:
    out = tmp_path_factory.mktemp("local") / "out"
    report = build(sources, out, jobs=2)
    assert report.ok, [str(f) for f in report.failures]
    return digests(out)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    """A scheduler and two workers (one thread each, no nanny: a killed worker stays dead)."""
    with dask_cluster(tmp_path_factory.mktemp("cluster"), workers=2) as running:
        yield running


def test_a_cluster_build_is_byte_identical_to_a_local_one(cluster, sources, local_build, tmp_path):
    address, _ = cluster
    out = tmp_path / "out"
    report = build(sources, out, scheduler=address)
    assert report.ok, [str(f) for f in report.failures]
    assert len(report.built) == 3 + 2 + LETTERS
    assert digests(out) == local_build
    again = build(sources, out, scheduler=address)  # incremental on the cluster too: nothing to make
    assert again.built == [] and len(again.up_to_date) == 3 + 2 + LETTERS


def test_the_configured_title_address_and_version_reach_the_workers(cluster, tmp_path):
    """The configuration travels in the build's context, sent once to each worker: a cluster build's pages, CSL-JSON
    records, search page and index are those of a local build with the same settings."""
    address, _ = cluster
    edition = {"edition-title": "Letters on a cluster", "base-url": "https://example.org/cluster/",
               "edition-version": "9.9"}
    local, remote = tmp_path / "local", tmp_path / "remote"
    assert build([TEI], local, ("html",), jobs=1, edition=edition).ok
    report = build([TEI], remote, ("html",), scheduler=address, edition=edition)
    assert report.ok, [str(f) for f in report.failures]
    assert digests(remote) == digests(local)
    item, = json.loads((remote / "html" / "cwihp77-report.csl.json").read_text(encoding="utf-8"))
    assert item["URL"] == "https://example.org/cluster/html/cwihp77-report.html"
    assert item["container-title"] == "Letters on a cluster" and item["version"] == "9.9"


def test_the_configuration_file_names_the_scheduler(cluster, tmp_path, monkeypatch):
    """`scheduler = ADDRESS` in edition.toml runs `edition build` on that cluster, with a local build's outputs; a
    configured scheduler that does not answer stops the build (so the setting is what the build used)."""
    from click.testing import CliRunner
    from pipeline.cli import main
    address, _ = cluster
    sources = tmp_path / "tei"
    shutil.copytree(TEI, sources)
    (sources / "edition.toml").write_text(f'scheduler = "{address}"\nformats = ["html", "txt"]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["build", "tei", "--out", "remote", "-q"])
    assert result.exit_code == 0, result.output
    assert build([TEI], tmp_path / "local", ("html", "txt"), jobs=1).ok
    assert digests(tmp_path / "remote") == digests(tmp_path / "local")
    (sources / "edition.toml").write_text('scheduler = "tcp://127.0.0.1:9"\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "tei", "--out", "elsewhere", "-q"])
    assert result.exit_code != 0 and "127.0.0.1:9" in result.output, result.output


def test_a_worker_killed_during_a_build_costs_a_retry_not_a_document(cluster, sources, local_build, tmp_path):
    address, workers = cluster
    out = tmp_path / "out"
    done = []

    def progress(line: str) -> None:
        done.append(line)
        if len(done) == 5:  # both workers busy, tasks queued: one worker dies in the middle of its task
            workers[0].kill()
    report = build(sources, out, scheduler=address, log=progress)
    assert workers[0].poll() is not None, "the worker was not killed during the build"
    assert report.ok, [str(f) for f in report.failures]
    assert len(report.built) == 3 + 2 + LETTERS
    assert digests(out) == local_build
    assert not list(out.rglob("*.tmp"))
