"""A build killed midway (SIGKILL, no chance to clean up) leaves every output either old and whole or new and
whole, and the next build finishes the job: the same bytes as a build that was never interrupted."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import REPO

EDITION = Path(sys.executable).parent / "edition"


MANIFEST = ".build-manifest.json"
LOCK = ".edition-lock"  # a stopped build leaves it, with its tag: the next build removes its temporaries


def snapshot(out: Path) -> dict[str, str]:
    """Every file below the folder (temporaries too) by relative path, as a digest; the build's manifest,
    which records the outputs' modification times, and its lock are checked apart."""
    return {str(p.relative_to(out)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(out.rglob("*")) if p.is_file() and p.name not in (MANIFEST, LOCK)}


def edition(*args, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(EDITION), *map(str, args)], cwd=cwd, capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def versions(tmp_path_factory):
    """The edition's sources (old), the same with a word added to every document's text (new), and a complete build
    of each."""
    root = tmp_path_factory.mktemp("interrupted")
    old, new = root / "old", root / "new"
    shutil.copytree(REPO / "tei", old)
    shutil.copytree(REPO / "tei", new)
    for path in new.glob("*.xml"):
        if path.name != "registers.xml":
            text = path.read_text(encoding="utf-8")
            body = text.index("<body")
            path.write_text(text[:body] + text[body:].replace("</p>", " Revised.</p>", 1), encoding="utf-8")
    for folder in (old, new):
        done = edition("build", "--out", root / f"{folder.name}-out", folder, cwd=root)
        assert done.returncode == 0, done.stderr
    return root, snapshot(root / "old-out"), snapshot(root / "new-out")


def kill_midway(root: Path, out: Path, changed_before_kill: int) -> bool:
    """Build the new sources into `out` (which holds the old build) and SIGKILL the whole process group once
    `changed_before_kill` outputs have become new. True if it was killed (not finished by then)."""
    old = snapshot(out)
    process = subprocess.Popen([str(EDITION), "build", "--out", str(out), str(root / "new")], cwd=root,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    killed = False
    try:
        deadline = time.monotonic() + 300
        while process.poll() is None and time.monotonic() < deadline:
            now = {name: digest for name, digest in _quiet_snapshot(out).items()
                   if not name.endswith(".tmp") and name not in (MANIFEST, LOCK)}
            if sum(1 for name, digest in now.items() if old.get(name) != digest) >= changed_before_kill:
                break
            time.sleep(0.005)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            killed = True
        process.wait()
    return killed


def _quiet_snapshot(out: Path) -> dict[str, str]:
    """As snapshot(), but a file renamed away while it is read is skipped."""
    found = {}
    for path in out.rglob("*"):
        try:
            found[str(path.relative_to(out))] = hashlib.sha256(path.read_bytes()).hexdigest()
        except (IsADirectoryError, FileNotFoundError):
            pass
    return found


@pytest.mark.parametrize("changed_before_kill", [1, 6, 14])
def test_a_killed_build_leaves_whole_outputs_and_the_next_build_recovers(versions, tmp_path, changed_before_kill):
    root, old, new = versions
    assert old != new
    out = tmp_path / "out"
    shutil.copytree(root / "old-out", out)
    assert kill_midway(root, out, changed_before_kill), "the build finished before it could be killed"

    after_kill = snapshot(out)
    whole = {name: digest for name, digest in after_kill.items() if not name.endswith(".tmp")}
    changed = [name for name, digest in whole.items() if digest != old.get(name)]
    assert changed, "the build was killed before it wrote anything"
    for name, digest in whole.items():
        assert digest in (old.get(name), new.get(name)), f"{name} is neither the old nor the new output"
    assert set(old) <= set(whole), "an output vanished"
    json.loads((out / MANIFEST).read_text(encoding="utf-8"))  # whole, old or new

    done = edition("build", "--out", out, root / "new", cwd=root)
    assert done.returncode == 0, done.stderr
    assert snapshot(out) == new
    assert not [name for name in snapshot(out) if name.endswith(".tmp")], "temporary files left behind"
    assert not (out / LOCK).exists()
