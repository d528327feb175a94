"""The one writer of a build: every output goes through it, in the command's process, whichever machine made it.

Each write is checked last, here (names.output_path: a path made of names, inside the output folder, through no
symbolic link, over nothing but a regular file), and made atomically (atomic.write_atomic: a temporary file,
synced, renamed), unless the file there already holds those bytes. Writes run on a few threads, so that the syncing of one file overlaps the next and the
build's scheduling does not wait for the disk."""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor, wait
from pathlib import Path

from . import names
from .atomic import write_if_changed

WRITE_THREADS = 4


class Writer:
    def __init__(self, out: Path):
        self.out = out
        self._threads = ThreadPoolExecutor(max_workers=WRITE_THREADS, thread_name_prefix="edition-write")
        self._pending: set[Future] = set()

    def write(self, relative: str, data: bytes) -> Future:
        """Write one output (the future's result is its path; its exception names.UnsafePath or OSError)."""
        future = self._threads.submit(self._write, relative, data)
        self._pending.add(future)
        future.add_done_callback(self._pending.discard)
        return future

    def _write(self, relative: str, data: bytes) -> Path:
        target = names.output_path(self.out, relative)
        write_if_changed(target, data)  # an output made again the same is left as it was (the search index reads that)
        return target

    def drain(self) -> None:
        """Wait for every write asked for so far."""
        wait(list(self._pending))

    def close(self, cancel: bool = False) -> None:
        """Finish (or, stopped, drop those not begun: a write begun is finished, whole) and stop the threads."""
        self._threads.shutdown(wait=True, cancel_futures=cancel)
