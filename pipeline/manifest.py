"""The build manifest (OUT/.build-manifest.json): what each output was made from, so that a build remakes only
what changed. It is read as untrusted: anything damaged (not JSON, not the shape written here) is ignored with a
warning, and every output is made again."""

from __future__ import annotations

import json
from pathlib import Path

from .xmlload import Problem

MANIFEST = ".build-manifest.json"
_PROBLEM_FIELDS = {"file": str, "line": int, "column": int, "message": str, "rule": str, "severity": str, "kind": str}


def read_manifest(out: Path) -> tuple[dict, Problem | None]:
    """The manifest of an earlier build ({} if there is none) and a warning when it is damaged."""
    path = out / MANIFEST
    if not path.exists():
        return {}, None
    try:
        manifest = json.loads(path.read_bytes().decode("utf-8"))
        problem = _shape_problem(manifest)
    except (OSError, ValueError, RecursionError) as error:
        problem = str(error).split("\n")[0][:200] or type(error).__name__
    if problem is None:
        return manifest, None
    return {}, Problem(str(path), 1, 1, f"the build manifest is damaged ({problem}): ignored, every output is "
                                        "made again", "manifest", "warning")


def _shape_problem(manifest) -> str | None:
    if not isinstance(manifest, dict):
        return "not a JSON object"
    outputs = manifest.get("outputs", {})
    if not isinstance(outputs, dict):
        return '"outputs" is not an object'
    for relative, entry in outputs.items():
        if not (isinstance(entry, dict) and isinstance(entry.get("key"), str) and isinstance(entry.get("stat"), list)
                and len(entry["stat"]) == 2 and all(type(n) is int for n in entry["stat"])):
            return f'the entry of output "{relative[:100]}" is not one this build writes'
    documents = manifest.get("documents", {})
    if not isinstance(documents, dict):
        return '"documents" is not an object'
    for entry in documents.values():
        if not isinstance(entry, dict) or not _problems_ok(entry.get("warnings", [])):
            return "a document's entry is not one this build writes"

    return None


def _problems_ok(problems) -> bool:
    return isinstance(problems, list) and all(
        isinstance(p, dict) and set(p) == set(_PROBLEM_FIELDS)
        and all(type(p[name]) is kind for name, kind in _PROBLEM_FIELDS.items()) for p in problems)


def is_current(manifest: dict, out: Path, relative: str, key: str) -> bool:
    """True when the output is there as the manifest recorded it, made from inputs with this key."""
    entry = manifest.get("outputs", {}).get(relative)
    try:
        stat = (out / relative).stat()
    except OSError:
        return False
    # size and modification time as recorded: an output another build (or a killed one) wrote since is redone
    return bool(entry) and entry.get("key") == key and [stat.st_size, stat.st_mtime_ns] == entry.get("stat")


def entry(out: Path, relative: str, key: str) -> dict:
    stat = (out / relative).stat()
    return {"key": key, "stat": [stat.st_size, stat.st_mtime_ns]}
