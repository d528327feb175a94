"""A build's tasks on a Dask cluster (`edition build --scheduler ADDRESS`; the package's [distributed] extra).

Only where the tasks run differs from a local build: the command decides what to make (the manifest) and writes
every output itself, from the bytes the tasks return, so the outputs are the same bytes as a local build's. The
workers need no shared file system: each task carries its source's bytes, and the build's registers and options
are scattered to every worker once (BuildContext). A worker keeps its compiled stylesheets, validator and PDF
helper across tasks and builds (pipeline/tasks.py: WorkerState; the plugin below stops the helper with the
worker).

A worker that dies mid-task: the scheduler runs the task again on another worker (Dask's own retry, up to its
`allowed-failures`, after which the task is that document's failure); nothing is torn, since nothing was written.
Results travel back as bytes: a document's outputs are bounded by the loader's 64 MB per source (a few times that
for its page and PDFs), Dask splits large messages into frames, and the command keeps at most two tasks per
worker thread in flight, so the command's memory is bounded by a few documents, not the corpus.

Every worker must run the same edition (package version, stylesheets, schemas) as the command: checked when the
build starts (and by each worker for every build), or the build stops with the workers that differ.
"""

from __future__ import annotations

from . import pdf, resources, tasks
from .outfolder import BuildError

try:
    import distributed
except ImportError:  # the default install: a local build needs none of it
    distributed = None

CONNECT_SECONDS = 30  # to reach the scheduler
WORKER_SECONDS = 60  # for a first worker to join it
SCATTER_BYTES = 1024 * 1024  # a task whose source is larger goes to a worker directly, not through the scheduler
TASKS_PER_THREAD = 2  # in flight: a worker never waits for the command to hand it its next task


class DaskExecutor:
    """The executor of pipeline/executor.py, on the Dask cluster whose scheduler is at `address`."""

    def __init__(self, address: str, context: tasks.BuildContext):
        if distributed is None:
            raise BuildError("--scheduler needs Dask: install the package with its [distributed] extra "
                             "(pip install 'tei-edition[distributed]')")
        self._submitted: list = []
        try:
            self.client = distributed.Client(address, timeout=CONNECT_SECONDS, set_as_default=False)
        except (OSError, TimeoutError) as error:
            raise BuildError(f"cannot reach the Dask scheduler at {address}: {error}") from None
        try:
            self.client.wait_for_workers(1, timeout=WORKER_SECONDS)
            self.client.register_plugin(EditionWorker(), name="edition")
            self._check_workers(context.tools)
            self.context = self.client.scatter(context, broadcast=True, hash=False)
            threads = sum(self.client.nthreads().values())
        except BuildError:
            self.client.close()
            raise
        except (OSError, TimeoutError) as error:
            self.client.close()
            raise BuildError(f"the Dask cluster at {address} has no worker ready: {error}") from None
        self.capacity = max(2, TASKS_PER_THREAD * threads)

    def _check_workers(self, tools: str) -> None:
        found = self.client.run(resources.tools_digest)
        other = sorted(address for address, digest in found.items() if digest != tools)
        if other:
            raise BuildError(f"{len(other)} Dask worker(s) run another edition (package version, stylesheets or "
                             f"schemas) than this command: {', '.join(other[:5])}; install the same on every machine")

    def submit(self, task):
        carried = task
        if len(getattr(getattr(task, "source", None), "data", b"")) > SCATTER_BYTES:
            carried = self.client.scatter(task, hash=False)
        future = self.client.submit(tasks.run, carried, self.context, pure=False)
        self._submitted = [f for f in self._submitted if not f.done()] + [future]
        return future

    def wait(self, futures) -> set:
        with self.client.as_current():
            return set(distributed.wait(futures, return_when="FIRST_COMPLETED").done)

    @staticmethod
    def died(future) -> bool:
        return False  # the scheduler retries a task whose worker died, and says KilledWorker when it gives up

    def close(self, kill: bool = False) -> None:
        """Let the cluster go: tasks of this build still queued are cancelled (a running one finishes, unused)."""
        try:
            if kill:
                self.client.cancel([f for f in self._submitted if not f.done()])
            self.client.close()
        except Exception:  # a cluster gone already: nothing to let go
            pass


class EditionWorker(distributed.WorkerPlugin if distributed else object):
    """The worker plugin: what a worker keeps across tasks and builds lives in pipeline.tasks (WorkerState: its
    stylesheets, validator, the build's registers) and pipeline.pdf (its PDF helper, one typst.Compiler); the
    plugin ends the helper with the worker."""

    name = "edition"
    idempotent = True

    def setup(self, worker) -> None:
        # the worker's memory budget, as a local worker's (each task's CPU budget is set as it runs: per task where
        # the worker has one thread, as the README asks; with more, the threads' tasks share it)
        tasks.limit_worker_memory()

    def teardown(self, worker) -> None:
        pdf.stop_helper(kill=True)
