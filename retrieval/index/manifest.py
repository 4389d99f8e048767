"""The index file every vector store writes: a manifest saying what the vectors reflect.

Layout: magic line, manifest length, manifest JSON, the store's payload (FAISS bytes, or nothing
when the vectors live in Qdrant) and the HNSW tombstones.
"""

from __future__ import annotations

import json
import struct
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np

from retrieval.store.atomic import atomic_write

_MAGIC = b"ARTICLEBOT-INDEX-1\n"


class IndexFileError(Exception):
    """The index file is missing, truncated or not an index file."""


@dataclass(frozen=True)
class IndexManifest:
    """What an index file reflects: which model, chunker and database state built it."""

    model: str
    dim: int
    chunker_version: int
    generation: int
    revision: int
    count: int
    index_type: str = "flat"
    deleted: int = 0  # HNSW tombstones stored after the FAISS payload
    trained_for: int = 0  # IVF: the vector count its lists were sized for
    store: str = ""  # Qdrant: the collection holding the vectors


def write_index_file(
    path: Path,
    fields: dict[str, Any],
    deleted: Iterable[int],
    payload: Callable[[BinaryIO], object] | None = None,
) -> None:
    """Write an index file atomically: magic, manifest length, manifest JSON, payload, and
    the tombstones."""
    header = json.dumps(fields).encode("utf-8")
    tombstones = np.fromiter(sorted(deleted), dtype="<i8").tobytes()

    def write(handle: BinaryIO) -> None:
        handle.write(_MAGIC + struct.pack("<I", len(header)) + header)
        if payload is not None:
            payload(handle)
        handle.write(tombstones)

    atomic_write(path, write)


def read_manifest_from(handle: BinaryIO, path: Path) -> IndexManifest:
    """Read the manifest at the start of an open index file, leaving the handle at the payload."""
    head = handle.read(len(_MAGIC) + 4)
    if len(head) < len(_MAGIC) + 4 or not head.startswith(_MAGIC):
        raise IndexFileError(f"{path} is not an index file")
    (length,) = struct.unpack("<I", head[len(_MAGIC) :])
    try:
        return IndexManifest(**json.loads(handle.read(length).decode("utf-8")))
    except (ValueError, TypeError) as error:
        raise IndexFileError(f"{path} has an unreadable manifest") from error


def read_manifest(path: Path) -> IndexManifest:
    """Read only the manifest of an index file; a missing file raises FileNotFoundError."""
    with path.open("rb") as handle:
        return read_manifest_from(handle, path)


def read_manifest_or_error(path: Path) -> IndexManifest:
    """Read only the manifest; a missing file is an IndexFileError too."""
    try:
        return read_manifest(path)
    except FileNotFoundError as error:
        raise IndexFileError(f"{path} does not exist") from error
