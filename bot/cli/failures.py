"""One line for each way a command can fail that is not the user's typing: disk, files, database."""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

from retrieval.errors import ArticlebotError


def describe(error: BaseException, data_dir: Path) -> str:
    """Return the one line that tells the user what went wrong and, where known, what to do."""
    if isinstance(error, ArticlebotError):
        return error.message
    if isinstance(error, sqlite3.Error):
        return _database(error, data_dir / "articlebot.sqlite3")
    if isinstance(error, OSError):
        return _file(error)
    if isinstance(error, MemoryError):
        return "not enough memory to finish; try a smaller file"
    # Anything else is unexpected: its own first line, the details with --verbose.
    first = next(iter(str(error).strip().splitlines()), "") or type(error).__name__
    return f"{first} (run with -v for details)"


def _database(error: sqlite3.Error, path: Path) -> str:
    name = getattr(error, "sqlite_errorname", "")
    text = str(error)
    if name == "SQLITE_FULL" or "disk is full" in text:
        return f"the disk is full: cannot write {path}; free some space and run it again"
    if name in ("SQLITE_NOTADB", "SQLITE_CORRUPT") or "not a database" in text:
        return f"{path} is damaged ({text}): restore it from a backup or move it aside"
    if name == "SQLITE_READONLY" or "readonly" in text:
        return f"cannot write {path}: the data directory is read-only"
    if name == "SQLITE_CANTOPEN" or "unable to open" in text:
        return f"cannot open {path}: check that the data directory is a writable folder"
    if name == "SQLITE_BUSY" or "locked" in text:
        return f"{path} is busy: another articlebot is writing to it; try again"
    return f"database error in {path}: {text}"


def _file(error: OSError) -> str:
    name = error.filename
    if name is None:
        return error.strerror or str(error)
    path = Path(str(name))
    if error.errno == errno.ENOSPC:
        return f"the disk is full: cannot write {path}; free some space and run it again"
    if error.errno in (errno.ENOTDIR, errno.EEXIST):
        blocker = next((p for p in (path, *path.parents) if p.is_file()), None)
        if blocker is not None:
            return f"{blocker} is a file where a folder is needed"
    if error.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return f"cannot write {path}: {error.strerror.lower() if error.strerror else error}"
    return f"{path}: {error.strerror or error}"
