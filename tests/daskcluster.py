"""A Dask cluster on 127.0.0.1 from the `dask` command line, as an archive would start one (for the cluster tests
and bench/run.py --cluster): a scheduler and `workers` workers of one thread each, without a nanny, so that a
killed worker stays dead."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

DASK = Path(sys.executable).parent / "dask"


@contextmanager
def dask_cluster(folder: Path, workers: int = 2):
    """Yields the scheduler's address and the worker processes; stops them all when left."""
    from distributed import Client
    address_file = folder / "scheduler.json"
    started = [subprocess.Popen([str(DASK), "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
                                 "--scheduler-file", str(address_file)], cwd=folder,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)]
    try:
        deadline = time.monotonic() + 60
        while not (address_file.exists() and address_file.read_text().strip()):
            if time.monotonic() > deadline or started[0].poll() is not None:
                raise RuntimeError("the Dask scheduler did not start")
            time.sleep(0.2)
        address = json.loads(address_file.read_text())["address"]
        processes = [subprocess.Popen([str(DASK), "worker", address, "--nthreads", "1", "--no-nanny", "--no-dashboard",
                                       "--host", "127.0.0.1", "--local-directory", str(folder / f"worker-{n}")],
                                      cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                     for n in range(workers)]
        started += processes
        with Client(address, timeout=30) as client:
            client.wait_for_workers(workers, timeout=120)
        yield address, processes
    finally:
        for process in reversed(started):
            process.send_signal(signal.SIGTERM)
        for process in reversed(started):
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
