"""The budget of a build's document and site tasks in a worker process (pipeline/tasks.py): the kernel ends a
worker whose task runs beyond its CPU seconds or memory, and the build reports that document as failed, naming
the budget."""

from __future__ import annotations

import signal
import subprocess
import sys
from concurrent.futures.process import BrokenProcessPool

from pipeline import tasks
from pipeline.build import _failed


def test_the_budget_grows_with_what_a_task_reads():
    document = tasks.DocumentTask(tasks.SourceFile("x.xml", "x.xml", b""), "x", (), size=2 * 2 ** 20)
    assert tasks.task_seconds(document) == tasks.TASK_SECONDS + 2 * tasks.TASK_SECONDS_PER_MB
    site = tasks.SiteTask((("a.xml", "s" * 2 ** 20),))
    assert tasks.task_seconds(site) == tasks.TASK_SECONDS + tasks.TASK_SECONDS_PER_MB


def test_a_task_beyond_its_cpu_seconds_ends_its_worker():
    """What a worker does for each task (run): its CPU time may grow by the budget, then the kernel ends it."""
    runaway = "from pipeline import tasks\ntasks._limit_cpu(1)\nwhile True:\n    pass\n"
    ended = subprocess.run([sys.executable, "-c", runaway], timeout=60)
    assert ended.returncode in (-signal.SIGXCPU, -signal.SIGKILL)


def test_a_limit_is_lifted_after_the_task():
    lifted = "import resource\nfrom pipeline import tasks\ntasks._limit_cpu(1)\ntasks._limit_cpu(None)\n" \
             "print(resource.getrlimit(resource.RLIMIT_CPU)[0] == resource.getrlimit(resource.RLIMIT_CPU)[1])\n"
    assert subprocess.run([sys.executable, "-c", lifted], capture_output=True, text=True, timeout=60).stdout == "True\n"


def test_a_document_whose_worker_ended_twice_fails_naming_the_budget():
    task = tasks.DocumentTask(tasks.SourceFile("big.xml", "big.xml", b""), "big", (), size=2 ** 20)
    result = _failed(task, BrokenProcessPool("a process in the pool was terminated abruptly"))
    [problem] = result.failures
    assert f"beyond the budget of {tasks.TASK_SECONDS + tasks.TASK_SECONDS_PER_MB} CPU seconds" in str(problem)
    assert str(problem).startswith("big.xml:1:1")
