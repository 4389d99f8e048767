"""Write files so that a crash leaves either the old file or the new one, never half of one."""

from __future__ import annotations

import fcntl
import logging
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

log = logging.getLogger(__name__)

TEMP_SUFFIX = ".tmp"


def atomic_write(path: Path, write: Callable[[BinaryIO], object]) -> None:
    """Let `write` fill a temp file beside path, fsync it, rename it over path, fsync the folder.

    Streaming into the file spares holding a second copy of a large index in memory. The temp
    file is locked while it is written, which tells `remove_stale_temps` it is not a leftover.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMP_SUFFIX, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
            # Renamed while still open and locked, so a cleaner never takes it for a leftover.
            os.replace(temp_name, path)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


def remove_stale_temps(folder: Path, older_than: float) -> int:
    """Delete the temp files a crashed write left in folder; return how many went.

    A temp file is stale when it was last written before `older_than` (a time.time() value,
    e.g. when this process started) and no writer holds its lock.
    """
    removed = 0
    for temp in folder.glob(f".*{TEMP_SUFFIX}"):
        try:
            if temp.stat().st_mtime >= older_than:
                continue
            with temp.open("rb") as handle:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    continue  # a writer in another process is still filling it
                temp.unlink()
            removed += 1
        except OSError as error:
            log.warning("could not remove the leftover %s: %s", temp, error)
    if removed:
        log.info("removed %d temp file(s) left by an interrupted write in %s", removed, folder)
    return removed
