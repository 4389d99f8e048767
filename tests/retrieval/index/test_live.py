"""The live indexes of a data directory: leftovers of interrupted writes, and trusting files."""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

import pytest

from config import Settings
from embeddings.hashing import HashingEmbedder
from retrieval.library import Library
from retrieval.store.atomic import atomic_write


def _leftover(folder: Path, name: str) -> Path:
    """A temp file as a write killed mid-way leaves it, last touched an hour ago."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(b"half an index")
    hour_ago = path.stat().st_mtime - 3600
    os.utime(path, (hour_ago, hour_ago))
    return path


def test_opening_a_library_removes_temp_files_of_a_crashed_write(settings: Settings) -> None:
    indexes = settings.data_dir / "indexes"
    stale = _leftover(indexes, ".local-1234abcd.faiss.x7k2p9.tmp")
    stale_bm25 = _leftover(indexes, ".local-1234abcd.bm25.q1w2e3.tmp")
    # Another process is still writing this one: it holds the temp file's lock.
    busy = _leftover(indexes, ".local-1234abcd.faiss.busy01.tmp")
    with busy.open("rb") as writer:
        fcntl.flock(writer, fcntl.LOCK_EX)
        library = Library(settings, embedder=HashingEmbedder())
    assert not stale.exists() and not stale_bm25.exists()
    assert busy.exists()
    library.close()


def test_an_interrupted_atomic_write_leaves_no_temp_file_and_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "index.faiss"
    atomic_write(target, lambda handle: handle.write(b"old"))

    def fail(handle: object) -> None:
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        atomic_write(target, fail)
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["index.faiss"]
