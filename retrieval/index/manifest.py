"""The index file every vector store writes: a manifest saying what the vectors reflect.

Layout: magic line, manifest length, manifest JSON, the store's payload (FAISS bytes, or nothing
when the vectors live in Qdrant), the HNSW tombstones and a seal: an end marker with the length
of all before it, so a truncated file is told from its last bytes without reading the rest.
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
_SEAL = b"ARTICLEBOT-INDEX-END"
SEAL_BYTES = len(_SEAL) + 8


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
    sealed: bool = False  # ends in the seal (files of earlier versions do not)


def write_index_file(
    path: Path,
    fields: dict[str, Any],
    deleted: Iterable[int],
    payload: Callable[[BinaryIO], object] | None = None,
) -> None:
    """Write an index file atomically: magic, manifest length, manifest JSON, payload, the
    tombstones and the seal."""
    header = json.dumps(fields | {"sealed": True}).encode("utf-8")
    tombstones = np.fromiter(sorted(deleted), dtype="<i8").tobytes()

    def write(handle: BinaryIO) -> None:
        handle.write(_MAGIC + struct.pack("<I", len(header)) + header)
        if payload is not None:
            payload(handle)
        handle.write(tombstones)
        handle.write(_SEAL + struct.pack("<Q", handle.tell()))

    atomic_write(path, write)


def check_seal(path: Path, manifest: IndexManifest) -> None:
    """Raise IndexFileError when a sealed index file lost its end (a truncated copy or write)."""
    if not manifest.sealed:
        return
    size = path.stat().st_size
    with path.open("rb") as handle:
        handle.seek(max(size - SEAL_BYTES, 0))
        tail = handle.read()
    if not is_seal(tail, size - SEAL_BYTES):
        raise IndexFileError(f"{path} is truncated")


def is_seal(tail: bytes, length: int) -> bool:
    """Tell whether bytes are the seal of a file whose content before it is `length` long."""
    return (
        len(tail) == SEAL_BYTES
        and tail.startswith(_SEAL)
        and struct.unpack("<Q", tail[len(_SEAL) :])[0] == length
    )


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
