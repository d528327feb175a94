"""A probe in the build's worker processes, for tests that count what a worker does (tests/test_build.py): with
this folder on PYTHONPATH and EDITION_TEST_PROBE naming a file, each source a worker parses and each prepare pass
it runs (its document path and source file) is appended to that file, one line each. The PDF helper (python -I) never loads it."""

import os

_log = os.environ.get("EDITION_TEST_PROBE")
if _log:
    from pathlib import Path

    from pipeline import tasks, transform

    def _note(line: str) -> None:
        with open(_log, "a", encoding="utf-8") as log:
            log.write(line + "\n")

    _parse, _prepare = tasks.parse_bytes, transform.Stylesheets.prepare

    def parse_bytes(data, path, name):
        if b"<e:summary" not in data[:200]:  # sources, not the summaries
            _note(f"parse {Path(path).name}")
        return _parse(data, path, name)

    def prepare(self, *args, **kwargs):
        _note(f"prepare {kwargs.get('document_path')}\t{kwargs.get('source_file')}")
        return _prepare(self, *args, **kwargs)

    tasks.parse_bytes = parse_bytes
    transform.Stylesheets.prepare = prepare
