"""The output folder of a build or an export: kept apart from the sources, locked, and cleaned only of its own
temporary files.

- `--out` may not be a source folder, lie inside one, or contain one (nor a source file): a build would
  otherwise write over its sources, or read its own outputs back as sources.
- One build or export at a time writes into a folder: a lock (flock on OUT/.edition-lock, released by the
  kernel when the process ends, however it ends) refuses a second one with a clear message.
- Temporary files carry a tag of the build that made them (see atomic.py); the lock file lists the tags of
  builds that were stopped before they finished, and only their temporaries are removed by the next build. A
  user's file that happens to end in .tmp is never touched.
"""

from __future__ import annotations

import fcntl
import os
import secrets
from pathlib import Path

from . import atomic

LOCK = ".edition-lock"


class BuildError(Exception):
    """A problem that stops the whole build or export (not one document): e.g. an output folder that cannot be
    written, that holds the sources, or that another build is writing into."""


def check_apart(out: Path, sources: list[Path]) -> None:
    """Refuse an output folder that is, lies inside or contains a source folder, or contains a source file."""
    target = Path(os.path.realpath(out))
    for source in sources:
        real = Path(os.path.realpath(source))
        if source.is_dir():
            if target == real:
                raise BuildError(f"the output folder {out} is the source folder {source}: choose another --out")
            if real in target.parents:
                raise BuildError(f"the output folder {out} lies inside the source folder {source}: its outputs "
                                 "would be read as sources; choose an --out outside it")
            if target in real.parents:
                raise BuildError(f"the output folder {out} contains the source folder {source}: outputs could "
                                 "replace sources; choose an --out beside it")
        elif target == real or target in real.parents:
            raise BuildError(f"the output folder {out} contains the source {source}: outputs could replace it; "
                             "choose another --out")


class OutputFolder:
    """`with OutputFolder(out):` holds the folder's lock, removes the temporaries of stopped builds, and tags
    this build's temporaries; on leaving, removes any of its own left (an interrupted write) and the lock."""

    def __init__(self, out: Path):
        self.out = out
        self.tag = f"edition-{secrets.token_hex(8)}"
        self._descriptor: int | None = None
        self._previous_tag = ""
        self.resumed = False  # the folder holds what a stopped build began

    def __enter__(self) -> OutputFolder:
        try:
            self.out.mkdir(parents=True, exist_ok=True)
            self._descriptor = _acquire(self.out / LOCK)
        except BlockingIOError:
            raise BuildError(f"another build or export is writing into {self.out} (it holds {self.out / LOCK}): "
                             "wait for it to finish, or choose another --out") from None
        except OSError as error:
            raise BuildError(f"cannot write to {error.filename or self.out}: {error.strerror}") from None
        try:
            stale = _tags(os.pread(self._descriptor, 1 << 16, 0))
            self.resumed = bool(stale)
            _write_tags(self._descriptor, stale + [self.tag])  # recorded before anything is written
            remove_temporaries(self.out, stale)
            _write_tags(self._descriptor, [self.tag])
        except OSError as error:
            self._release(remove=False)
            raise BuildError(f"cannot write to {error.filename or self.out}: {error.strerror}") from None
        self._previous_tag = atomic.set_tag(self.tag)
        return self

    def __exit__(self, kind, error, trace) -> None:
        atomic.set_tag(self._previous_tag)
        try:
            remove_temporaries(self.out, [self.tag])
        except OSError:
            self._release(remove=False)
            return
        self._release(remove=True)

    def _release(self, remove: bool) -> None:
        if self._descriptor is None:
            return
        if remove:
            # the folder is left as a finished build leaves it; a build waiting on this lock file finds it gone
            # and takes a new one (see _acquire)
            (self.out / LOCK).unlink(missing_ok=True)
        os.close(self._descriptor)
        self._descriptor = None


def _acquire(path: Path) -> int:
    """An exclusive, non-blocking lock on the file at `path`, which still is that file once locked."""
    while True:
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            try:
                same = os.path.samestat(os.fstat(descriptor), os.stat(path, follow_symlinks=False))
            except FileNotFoundError:
                same = False
        except BaseException:
            os.close(descriptor)
            raise
        if same:
            return descriptor
        os.close(descriptor)  # removed by the build that held it: lock the new one


def _tags(data: bytes) -> list[str]:
    found = []
    for line in data.decode("ascii", "replace").split():
        if line.startswith("edition-") and len(line) == 24 and all(c in "0123456789abcdef" for c in line[8:]):
            found.append(line)
    return found


def _write_tags(descriptor: int, tags: list[str]) -> None:
    os.ftruncate(descriptor, 0)
    os.pwrite(descriptor, "".join(f"{tag}\n" for tag in dict.fromkeys(tags)).encode("ascii"), 0)
    os.fsync(descriptor)


def remove_temporaries(out: Path, tags: list[str]) -> None:
    """The temporary files of the builds with these tags, anywhere below `out` (symbolic links not followed)."""
    if not tags or not out.is_dir():
        return
    markers = tuple(f".{tag}-" for tag in tags)
    for folder, _, files in os.walk(out):
        for name in files:
            if name.startswith(".") and name.endswith(".tmp") and any(marker in name for marker in markers):
                Path(folder, name).unlink(missing_ok=True)
