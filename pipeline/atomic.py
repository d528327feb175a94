"""Writing files so that a reader, or a build killed at any moment, sees the old whole file or the new whole file.

A temporary file is named `.NAME.TAG-RANDOM.tmp`, TAG being the build's (outfolder.OutputFolder sets it, in
every worker too): a later build removes the temporaries of a stopped build by its tag, and nothing else.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# mkstemp creates files readable by their owner only; an output is an ordinary file, as open() would make it
# (a web server must be able to read the edition it publishes).
_FILE_MODE = 0o666 & ~_umask()


_tag = "edition-untagged"


def set_tag(tag: str) -> str:
    """Tag this process's temporary files with `tag`; returns the tag it replaces."""
    global _tag
    previous, _tag = _tag, tag or "edition-untagged"
    return previous


def write_atomic(path: Path, data: bytes | str) -> None:
    """Write a file so that readers only ever see the old whole file or the new whole file."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.{_tag}-", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, _FILE_MODE)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_if_changed(path: Path, data: bytes) -> bool:
    if path.is_file() and not path.is_symlink() and path.stat().st_size == len(data) and path.read_bytes() == data:
        return False
    write_atomic(path, data)
    return True
