"""Dense vector index per collection (FAISS), saved with a manifest that says what it reflects."""

from __future__ import annotations

import json
import logging
import struct
from dataclasses import asdict, dataclass
from pathlib import Path

import faiss
import numpy as np
import numpy.typing as npt

from retrieval.atomic import atomic_write_bytes

log = logging.getLogger(__name__)

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


@dataclass(frozen=True)
class DenseHits:
    """Search results for one query: chunk ids and cosine scores, best first."""

    ids: npt.NDArray[np.int64]
    scores: npt.NDArray[np.float32]


class DenseIndex:
    """Exact inner-product search over unit vectors, addressed by chunk id."""

    def __init__(self, dim: int, index: faiss.Index | None = None) -> None:
        self.dim = dim
        self._index = index if index is not None else faiss.IndexIDMap2(faiss.IndexFlatIP(dim))

    def __len__(self) -> int:
        return int(self._index.ntotal)

    @property
    def index_type(self) -> str:
        return "flat"

    def add(self, ids: npt.NDArray[np.int64], vectors: npt.NDArray[np.float32]) -> None:
        """Add vectors under the given chunk ids."""
        if len(ids) == 0:
            return
        vectors = np.ascontiguousarray(vectors, dtype=np.float32).reshape(-1, self.dim)
        self._index.add_with_ids(vectors, np.ascontiguousarray(ids, dtype=np.int64))

    def remove(self, ids: npt.NDArray[np.int64]) -> None:
        """Remove the vectors of these chunk ids."""
        if len(ids) == 0:
            return
        # The SWIG wrapper accepts an id array; the stubs only know the IDSelector form.
        self._index.remove_ids(np.ascontiguousarray(ids, dtype=np.int64))  # type: ignore[arg-type]

    def search(self, query: npt.NDArray[np.float32], k: int) -> DenseHits:
        """Return the k nearest chunk ids to one query vector."""
        if len(self) == 0 or k <= 0:
            return DenseHits(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32))
        query = np.ascontiguousarray(query, dtype=np.float32).reshape(1, self.dim)
        scores, ids = self._index.search(query, min(k, len(self)))
        keep = ids[0] >= 0
        return DenseHits(ids[0][keep].astype(np.int64), scores[0][keep].astype(np.float32))

    def save(self, path: Path, manifest: IndexManifest) -> None:
        """Write manifest and index into one file atomically."""
        header = json.dumps(asdict(manifest)).encode("utf-8")
        payload = faiss.serialize_index(self._index)
        data = _MAGIC + struct.pack("<I", len(header)) + header + payload.tobytes()
        atomic_write_bytes(path, data)

    @staticmethod
    def read_manifest(path: Path) -> IndexManifest:
        """Read only the manifest of an index file."""
        with path.open("rb") as handle:
            head = handle.read(len(_MAGIC) + 4)
            header = _parse_head(head, path)
            return _manifest(handle.read(header), path)

    @classmethod
    def load(cls, path: Path) -> tuple[DenseIndex, IndexManifest]:
        """Read an index file; raise IndexFileError when it is missing or damaged."""
        try:
            data = path.read_bytes()
        except FileNotFoundError as error:
            raise IndexFileError(f"{path} does not exist") from error
        header_length = _parse_head(data[: len(_MAGIC) + 4], path)
        start = len(_MAGIC) + 4
        manifest = _manifest(data[start : start + header_length], path)
        payload = np.frombuffer(data, dtype=np.uint8, offset=start + header_length)
        try:
            index = faiss.deserialize_index(payload)
        except RuntimeError as error:
            raise IndexFileError(f"{path} is damaged: {error}") from error
        if index.d != manifest.dim or index.ntotal != manifest.count:
            raise IndexFileError(f"{path} does not match its manifest")
        return cls(manifest.dim, index), manifest


def _parse_head(head: bytes, path: Path) -> int:
    if len(head) < len(_MAGIC) + 4 or not head.startswith(_MAGIC):
        raise IndexFileError(f"{path} is not an index file")
    (length,) = struct.unpack("<I", head[len(_MAGIC) :])
    return int(length)


def _manifest(raw: bytes, path: Path) -> IndexManifest:
    try:
        return IndexManifest(**json.loads(raw.decode("utf-8")))
    except (ValueError, TypeError) as error:
        raise IndexFileError(f"{path} has an unreadable manifest") from error
