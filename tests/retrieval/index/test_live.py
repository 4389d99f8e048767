"""The live indexes of a data directory: leftovers of interrupted writes, and trusting files."""

from __future__ import annotations

import fcntl
import os
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from config import Settings
from embeddings.hashing import HashingEmbedder
from retrieval.index.faiss_store import DenseIndex
from retrieval.index.manifest import read_manifest
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


TOPICS = {
    "Tram": "The harbour tram line will cost 410 million and open along the waterfront in 2027.",
    "Water": "Jackson's water plant failed again and residents were told to boil tap water.",
    "Court": "Ketanji Brown Jackson wrote the dissent in the court's ruling on the appeal.",
    "Coffee": "A drought in the highlands pushed coffee prices to their highest in a decade.",
}
OTHER_TOPICS = {
    "Ferry": "The island ferry timetable changes in May with two more evening crossings.",
    "School": "The school board approved a later start time for the district's high schools.",
    "Bridge": "Repairs closed the old river bridge to trucks heavier than ten tonnes.",
    "Market": "The farmers market moves to the square on Saturdays from June onward.",
}


def _library_of(settings: Settings, topics: dict[str, str]) -> Path:
    with Library(settings, embedder=HashingEmbedder()) as library:
        for title, text in topics.items():
            library.add_text("local", f"{text} " * 6, title=title)
    (index_file,) = (Path(settings.data_dir) / "indexes").glob("*.faiss")
    return index_file


def _dense_top(settings: Settings, question: str) -> str:
    with Library(settings, embedder=HashingEmbedder()) as library:
        return library.search("local", question, 1, retrievers="dense")[0].source.title


def test_an_index_file_of_another_library_with_matching_numbers_is_rebuilt(
    make_settings: Callable[..., Settings], tmp_path: Path
) -> None:
    ours = make_settings()
    index_file = _library_of(ours, TOPICS)
    theirs = _library_of(make_settings(data_dir=tmp_path / "other"), OTHER_TOPICS)
    foreign, _ = DenseIndex.load(theirs)
    manifest = read_manifest(index_file)
    assert len(foreign) == manifest.count  # same numbers: the manifest alone cannot tell
    foreign.save(index_file, manifest)
    assert _dense_top(ours, "Was Jackson's water plant fixed or do residents boil water?") == (
        "Water"
    )
    # Rebuilt from this library's vectors: each stored vector is its own chunk's again.
    rebuilt, _ = DenseIndex.load(index_file)
    with Library(ours, embedder=HashingEmbedder()) as library:
        stored = library.store.chunk_vectors([int(i) for i in rebuilt.ids()], rebuilt.dim)
    for chunk_id, vector in stored.items():
        assert rebuilt.search(vector, 1).ids.tolist() == [chunk_id]


def test_an_index_file_holding_other_chunk_ids_is_rebuilt(settings: Settings) -> None:
    index_file = _library_of(settings, TOPICS)
    ours, manifest = DenseIndex.load(index_file)
    ids = np.sort(ours.ids())
    vectors = np.stack([ours._index.reconstruct(int(i)) for i in ids])
    shifted = DenseIndex(ours.dim)
    shifted.add(ids + 1000, vectors)  # the same vectors under ids this database never had
    shifted.save(index_file, manifest)
    assert _dense_top(settings, "How much will the harbour tram line cost?") == "Tram"
    rebuilt, _ = DenseIndex.load(index_file)
    assert np.array_equal(np.sort(rebuilt.ids()), ids)


def test_status_reports_a_truncated_index_file(settings: Settings) -> None:
    index_file = _library_of(settings, TOPICS)
    with Library(settings, embedder=HashingEmbedder()) as library:
        assert library.status("local").index.healthy
    data = index_file.read_bytes()
    index_file.write_bytes(data[: len(data) - 200])
    with Library(settings, embedder=HashingEmbedder()) as library:
        health = library.status("local").index
        assert not health.healthy and "truncated" in health.detail
        assert _dense_top(settings, "How much will the harbour tram line cost?") == "Tram"
    with Library(settings, embedder=HashingEmbedder()) as library:
        assert library.status("local").index.healthy
