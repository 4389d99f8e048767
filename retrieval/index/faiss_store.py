"""Dense vector index per collection (FAISS), saved with a manifest that says what it reflects.

The index type follows the collection's size: exact flat search while small, then IVF with 8-bit
scalar quantisation (a quarter of the memory, native removal) or HNSW (fastest search; removals
are tombstones filtered inside the search) when large. A type change is a rebuild from the
database, which holds every vector.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import faiss
import numpy as np
import numpy.typing as npt

# load() returns and raises these, so FAISS callers may take them from here.
from config import settings_for
from retrieval.index.manifest import SEAL_BYTES, is_seal, read_manifest_from, write_index_file
from retrieval.index.manifest import IndexFileError as IndexFileError
from retrieval.index.manifest import IndexManifest as IndexManifest
from retrieval.index.protocol import DenseHits

if TYPE_CHECKING:
    from config import Settings

log = logging.getLogger(__name__)

IndexType = Literal["flat", "hnsw", "ivf-sq8"]
INDEX_TYPES: tuple[IndexType, ...] = ("flat", "hnsw", "ivf-sq8")
VectorBatches = Callable[[], Iterable[tuple[npt.NDArray[np.int64], npt.NDArray[np.float32]]]]


@dataclass(frozen=True)
class IndexParams:
    """How to choose and tune the index type."""

    index_type: Literal["auto", "flat", "hnsw", "ivf-sq8"] = "auto"
    flat_max: int = 50_000
    large_type: Literal["hnsw", "ivf-sq8"] = "ivf-sq8"
    hnsw_m: int = 32
    hnsw_ef_construction: int = 80
    hnsw_ef_search: int = 128
    ivf_nprobe: int = 32
    # Rebuild when tombstones pass this share of an HNSW index, or an IVF index outgrows the
    # list count it was trained for by this factor (lists get long and searches slow).
    max_deleted_share: float = 0.2
    ivf_regrow_factor: float = 4.0

    @classmethod
    def from_settings(cls, settings: Settings) -> IndexParams:
        """Read the index settings."""
        return cls(
            **settings_for(
                cls,
                settings,
                renamed={"flat_max": "index_flat_max", "large_type": "index_large_type"},
            )
        )

    def choose(self, count: int) -> IndexType:
        """Return the index type for a collection of this many vectors."""
        if self.index_type != "auto":
            return self.index_type
        return "flat" if count < self.flat_max else self.large_type


def ivf_lists(count: int) -> int:
    """Return an IVF list count for this many vectors (about 4·√n, as FAISS suggests)."""
    return int(min(65536, max(16, 4 * math.sqrt(max(count, 1)))))


class DenseIndex:
    """Inner-product search over unit vectors, addressed by chunk id (the FAISS vector store)."""

    def __init__(
        self,
        dim: int,
        index: faiss.Index | None = None,
        *,
        index_type: IndexType = "flat",
        params: IndexParams | None = None,
        deleted: Iterable[int] = (),
        trained_for: int = 0,
    ) -> None:
        self.dim = dim
        self.params = params or IndexParams()
        self._type: IndexType = index_type
        self._deleted: set[int] = set(int(i) for i in deleted)
        self._trained_for = trained_for
        self._index = index if index is not None else self._new_index(index_type, 0)
        self._apply_search_params()

    # -- construction ----------------------------------------------------------------------------

    def _new_index(self, index_type: IndexType, count: int) -> faiss.Index:
        metric = faiss.METRIC_INNER_PRODUCT
        if index_type == "flat":
            return faiss.IndexIDMap2(faiss.IndexFlatIP(self.dim))
        if index_type == "hnsw":
            hnsw = faiss.IndexHNSWFlat(self.dim, self.params.hnsw_m, metric)
            hnsw.hnsw.efConstruction = self.params.hnsw_ef_construction
            # IDMap, not IDMap2: no reverse map to hold for a million ids.
            return faiss.IndexIDMap(hnsw)
        if index_type == "ivf-sq8":
            quantiser = faiss.IndexFlatIP(self.dim)
            ivf = faiss.IndexIVFScalarQuantizer(
                quantiser, self.dim, ivf_lists(count), faiss.ScalarQuantizer.QT_8bit, metric
            )
            self._trained_for = count
            return ivf
        raise ValueError(f"unknown index type {index_type!r}")

    @classmethod
    def build(
        cls,
        dim: int,
        count: int,
        batches: VectorBatches,
        params: IndexParams | None = None,
        index_type: IndexType | None = None,
    ) -> DenseIndex:
        """Build an index of the type for `count` vectors from a re-iterable source of batches."""
        params = params or IndexParams()
        chosen = index_type or params.choose(count)
        dense = cls(dim, index_type=chosen, params=params)
        if chosen == "ivf-sq8":
            dense._index = dense._new_index(chosen, count)
            dense._train(batches, count)
            dense._apply_search_params()
        for ids, vectors in batches():
            dense.add(ids, vectors)
        log.info("built a %s index of %d vectors", chosen, len(dense))
        return dense

    def _train(self, batches: VectorBatches, count: int) -> None:
        """Train IVF centroids and quantiser ranges on an even sample of the vectors."""
        lists = ivf_lists(count)
        wanted = min(count, max(lists * 40, 20_000))
        # Every k-th vector: an even sample, not just the oldest articles.
        step = max(1, count // max(wanted, 1))
        sample: list[npt.NDArray[np.float32]] = []
        seen = 0
        for _ids, vectors in batches():
            take = [i for i in range(len(vectors)) if (seen + i) % step == 0]
            sample.append(np.asarray(vectors[take], dtype=np.float32))
            seen += len(vectors)
        data = np.ascontiguousarray(np.concatenate(sample) if sample else np.zeros((0, self.dim)))
        if len(data) < lists:
            # Too few to train this many lists: pad with noise around the data (tests, tiny sets).
            rng = np.random.default_rng(0)
            extra = rng.standard_normal((lists * 4, self.dim)).astype(np.float32)
            data = np.concatenate([data, extra]) if len(data) else extra
        self._index.train(np.ascontiguousarray(data, dtype=np.float32))

    def _apply_search_params(self) -> None:
        inner = faiss.downcast_index(
            self._index.index if isinstance(self._index, faiss.IndexIDMap) else self._index
        )
        if isinstance(inner, faiss.IndexHNSW):
            inner.hnsw.efSearch = self.params.hnsw_ef_search
        if isinstance(inner, faiss.IndexIVF):
            inner.nprobe = min(self.params.ivf_nprobe, inner.nlist)

    # -- the vector-store interface --------------------------------------------------------------

    def __len__(self) -> int:
        return int(self._index.ntotal) - len(self._deleted)

    @property
    def index_type(self) -> str:
        return self._type

    @property
    def exact(self) -> bool:
        """Whether scores are exact cosines (flat and HNSW keep full vectors; IVF-SQ8 codes)."""
        return self._type != "ivf-sq8"

    def needs_rebuild(self) -> bool:
        """Tell whether the size or the tombstones call for a new index of the wanted type."""
        count = len(self)
        if self.params.choose(count) != self._type:
            # Hysteresis: shrink back to flat only well below the boundary, not on every removal.
            if self._type != "flat" and self.params.index_type == "auto":
                return count < self.params.flat_max // 2
            return True
        if self._deleted and len(self._deleted) > self.params.max_deleted_share * max(count, 1):
            return True
        return self._type == "ivf-sq8" and count > self.params.ivf_regrow_factor * max(
            self._trained_for, 1
        )

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
        if self._type == "hnsw":
            # HNSW cannot unlink nodes; tombstones are filtered inside the graph search.
            self._deleted.update(int(i) for i in ids)
            return
        # The SWIG wrapper accepts an id array; the stubs only know the IDSelector form.
        self._index.remove_ids(np.ascontiguousarray(ids, dtype=np.int64))  # type: ignore[arg-type]

    def ids(self) -> npt.NDArray[np.int64]:
        """Return the chunk ids the index holds (tombstoned ones left out), in no set order."""
        if isinstance(self._index, faiss.IndexIDMap):
            held = faiss.vector_to_array(self._index.id_map).astype(np.int64)
        else:  # IVF keeps each vector's id in its inverted list
            ivf = faiss.extract_index_ivf(self._index)
            lists = ivf.invlists
            assert lists is not None
            unpack = faiss.rev_swig_ptr
            sizes = [lists.list_size(n) for n in range(ivf.nlist)]
            parts = [unpack(lists.get_ids(n), size).copy() for n, size in enumerate(sizes) if size]
            held = np.concatenate(parts).astype(np.int64) if parts else np.zeros(0, np.int64)
        if self._deleted:
            held = held[~np.isin(held, np.fromiter(self._deleted, dtype=np.int64))]
        return held

    def search(self, query: npt.NDArray[np.float32], k: int) -> DenseHits:
        """Return the k nearest chunk ids to one query vector."""
        if len(self) == 0 or k <= 0:
            return DenseHits.empty()
        query = np.ascontiguousarray(query, dtype=np.float32).reshape(1, self.dim)
        k = min(k, len(self))
        if self._deleted:
            selector = faiss.IDSelectorNot(
                faiss.IDSelectorBatch(np.fromiter(self._deleted, dtype=np.int64))
            )
            search_params = faiss.SearchParametersHNSW(  # type: ignore[attr-defined]
                sel=selector, efSearch=max(self.params.hnsw_ef_search, k)
            )
            scores, ids = self._index.search(query, k, params=search_params)
        else:
            scores, ids = self._index.search(query, k)
        keep = ids[0] >= 0
        return DenseHits(ids[0][keep].astype(np.int64), scores[0][keep].astype(np.float32))

    # -- files -----------------------------------------------------------------------------------

    def manifest_fields(self) -> dict[str, Any]:
        """Return what the manifest must record about this index besides the database state."""
        return {
            "index_type": self._type,
            "deleted": len(self._deleted),
            "trained_for": self._trained_for,
        }

    def save(self, path: Path, manifest: IndexManifest) -> None:
        """Write manifest, index and tombstones into one file atomically."""
        fields = asdict(manifest) | self.manifest_fields()
        fields["count"] = len(self)
        # Streamed into the file: serialising first would hold the index twice more in memory.
        write_index_file(
            path,
            fields,
            self._deleted,
            lambda handle: faiss.write_index(
                self._index,
                faiss.PyCallbackIOWriter(handle.write),  # type: ignore[attr-defined]
            ),
        )

    @classmethod
    def load(
        cls, path: Path, params: IndexParams | None = None
    ) -> tuple[DenseIndex, IndexManifest]:
        """Read an index file; raise IndexFileError when it is missing or damaged."""
        try:
            handle = path.open("rb")
        except FileNotFoundError as error:
            raise IndexFileError(f"{path} does not exist") from error
        with handle:
            manifest = read_manifest_from(handle, path)
            if manifest.index_type not in INDEX_TYPES:
                raise IndexFileError(f"{path} holds an unknown index type {manifest.index_type!r}")
            # FAISS reads straight from the file: a million-vector index is never held twice.
            # The callback readers are in the SWIG module, not in the type stubs.
            reader = faiss.PyCallbackIOReader(handle.read)  # type: ignore[attr-defined]
            try:
                index = faiss.read_index(reader)
            except RuntimeError as error:
                raise IndexFileError(f"{path} is damaged: {error}") from error
            tail = handle.read()
            end = handle.tell()
        if manifest.sealed:
            tail, seal = tail[:-SEAL_BYTES], tail[-SEAL_BYTES:]
            if not is_seal(seal, end - SEAL_BYTES):
                raise IndexFileError(f"{path} is truncated")
        if len(tail) != 8 * manifest.deleted:
            raise IndexFileError(f"{path} is truncated")
        deleted = np.frombuffer(tail, dtype="<i8") if manifest.deleted else ()
        if index.d != manifest.dim or index.ntotal - manifest.deleted != manifest.count:
            raise IndexFileError(f"{path} does not match its manifest")
        dense = cls(
            manifest.dim,
            index,
            index_type=manifest.index_type,
            params=params,
            deleted=(int(i) for i in deleted),
            trained_for=manifest.trained_for,
        )
        return dense, manifest
