"""Where a build's tasks (pipeline/tasks.py) run: in this process (one job), in local worker processes, or on a
Dask cluster (pipeline/cluster.py). Only this differs between them: the build decides what to make and writes
every output itself, from the bytes the tasks return.

An executor offers `capacity` (how many tasks it takes at once), `submit(task)` (a future), `wait(futures)`
(those done, at least one) and `close(kill)`. A task whose worker died is reported by `died(future)`: the build
gives it one more try (Dask gives its own), so that a worker killed mid-task costs a retry, not the document.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool

from . import pdf, tasks


class InProcess:
    """One job: each task runs here when it is submitted."""

    capacity = 1

    def __init__(self, context: tasks.BuildContext):
        tasks.start_worker(context, in_process=True)

    def submit(self, task) -> Future:
        future: Future = Future()
        try:
            future.set_result(tasks.run(task))
        except Exception as error:  # a task's own failures are in its result; this is a bug, reported as one
            future.set_exception(error)
        return future

    def wait(self, futures) -> set:
        return {f for f in futures if f.done()}

    @staticmethod
    def died(future: Future) -> bool:
        return False

    def close(self, kill: bool = False) -> None:
        pdf.stop_helper(kill=True)


class LocalPool:
    """Worker processes (spawned: Saxon must not be forked), each started once with the build's context. A pool
    that loses a process (killed, out of memory) is replaced for the tasks still to run."""

    def __init__(self, jobs: int, context: tasks.BuildContext):
        self.capacity = jobs
        self.context = context
        # a spawned worker starts as `python -c ...`, which would import from the current folder before the
        # package's own path is set: PYTHONSAFEPATH keeps the current folder out of its sys.path
        os.environ["PYTHONSAFEPATH"] = "1"
        self.pool = self._start()

    def _start(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(max_workers=self.capacity, mp_context=multiprocessing.get_context("spawn"),
                                   initializer=tasks.start_worker, initargs=(self.context,))

    def submit(self, task) -> Future:
        try:
            return self.pool.submit(tasks.run, task)
        except BrokenProcessPool:
            self._kill(self.pool)
            self.pool = self._start()
            return self.pool.submit(tasks.run, task)

    def wait(self, futures) -> set:
        return wait(futures, return_when=FIRST_COMPLETED).done

    @staticmethod
    def died(future: Future) -> bool:
        return isinstance(future.exception(), BrokenProcessPool)

    def close(self, kill: bool = False) -> None:
        if kill:
            self._kill(self.pool)
        else:
            self.pool.shutdown()

    @staticmethod
    def _kill(pool: ProcessPoolExecutor) -> None:
        """Kill the pool's workers now (their PDF helpers die with them), rather than wait for their documents."""
        processes = list((pool._processes or {}).values())  # the executor offers no other way to stop a running task
        for process in processes:
            if process.is_alive():
                process.kill()
        for process in processes:
            process.join(10)
        pool.shutdown(wait=False, cancel_futures=True)


def local(jobs: int, context: tasks.BuildContext):
    return InProcess(context) if jobs <= 1 else LocalPool(jobs, context)
