"""Where a build's tasks, and the checks of validate, import and export (pipeline/tasks.py), run: in local worker
processes, or on a Dask cluster (pipeline/cluster.py); never in the command's own process, where no budget could end
a task. Only this differs between them: the build decides what to make and writes every output itself, from the
bytes the tasks return.

An executor offers `capacity` (how many tasks it takes at once), `submit(task)` (a future), `wait(futures)`
(those done, at least one) and `close(kill)`. A task whose worker died is reported by `died(future)`: the build
gives it one more try (Dask gives its own), so that a worker killed mid-task costs a retry, not the document.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool

from . import tasks


class LocalPool:
    """Worker processes (spawned: Saxon must not be forked), each started once with the build's context. A pool
    that loses a process (killed, out of memory) is replaced for the tasks still to run."""

    def __init__(self, jobs: int, context: tasks.BuildContext | None = None):
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


def local(jobs: int, context: tasks.BuildContext | None = None) -> LocalPool:
    return LocalPool(max(1, jobs), context)


class Retrying:
    """Tasks on an executor, each retried once where its worker died (its budget, or killed from outside). A
    pool that loses a worker ends every task it was running, so a task that died is tried again alone (nothing
    else beside it): one that dies alone is the one to blame, and `finished` gives it with its failed future."""

    def __init__(self, executor):
        self.executor = executor
        self.running: dict[Future, tuple[object, bool]] = {}  # future -> (task, tried alone)
        self.suspects: deque = deque()  # tasks whose worker died, to be tried again one at a time

    def room(self) -> bool:
        """Whether a new task may start now."""
        return not self.suspects and len(self.running) < self.executor.capacity

    def submit(self, task) -> None:
        self.running[self.executor.submit(task)] = (task, False)

    @property
    def busy(self) -> bool:
        return bool(self.running or self.suspects)

    def finished(self) -> list[tuple[object, Future]]:
        """Wait for tasks to end: those done, each with its future (one that died alone holds its error)."""
        if self.suspects and not self.running:
            task = self.suspects.popleft()
            self.running[self.executor.submit(task)] = (task, True)
        done = []
        for future in self.executor.wait(list(self.running)):
            task, alone = self.running.pop(future)
            if self.executor.died(future) and not alone:
                self.suspects.append(task)
            else:
                done.append((task, future))
        return done


def run_each(executor, work: list, failed) -> list:
    """Each task's result, in the order given (Retrying); `failed(task, error)` is the result of a task that could
    not run. The executor is closed at the end."""
    results: dict[int, object] = {}
    number_of = {id(task): number for number, task in enumerate(work)}
    waiting = deque(work)
    retrying = Retrying(executor)
    try:
        while waiting or retrying.busy:
            while waiting and retrying.room():
                retrying.submit(waiting.popleft())
            for task, future in retrying.finished():
                error = future.exception()
                results[number_of[id(task)]] = failed(task, error) if error else future.result()
    finally:
        executor.close(kill=bool(waiting or retrying.busy))
    return [results[number] for number in range(len(work))]
