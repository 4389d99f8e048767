"""Dense index types: true neighbours, removal, automatic choice by size and file round trips."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest

from retrieval.index.faiss_store import DenseIndex, IndexParams
from retrieval.index.manifest import IndexFileError, IndexManifest, read_manifest
from retrieval.query.search import dense_search


def clustered(n: int, dim: int = 32, clusters: int = 40, seed: int = 0) -> npt.NDArray[np.float32]:
    """Unit vectors around random centres, like embeddings of texts on a few topics."""
    rng = np.random.default_rng(seed)
    centres = rng.standard_normal((clusters, dim))
    points = centres[rng.integers(0, clusters, n)] + 0.35 * rng.standard_normal((n, dim))
    points /= np.linalg.norm(points, axis=1, keepdims=True)
    return points.astype(np.float32)


def batches_of(ids: npt.NDArray[np.int64], vectors: npt.NDArray[np.float32], size: int = 500):  # type: ignore[no-untyped-def]
    return lambda: ((ids[i : i + size], vectors[i : i + size]) for i in range(0, len(ids), size))


def exact_top(
    vectors: npt.NDArray[np.float32],
    ids: npt.NDArray[np.int64],
    query: npt.NDArray[np.float32],
    k: int,
) -> set[int]:
    scores = vectors @ query
    return {int(i) for i in ids[np.argsort(-scores)[:k]]}


def manifest(count: int, index_type: str = "flat") -> IndexManifest:
    return IndexManifest("m", 32, 1, 1, 1, count, index_type)


PARAMS = IndexParams()  # the shipped defaults must reach the recall target


@pytest.mark.parametrize("index_type", ["flat", "hnsw", "ivf-sq8"])
def test_every_type_finds_the_true_neighbours_and_supports_removal(
    index_type: str, tmp_path: Path
) -> None:
    vectors = clustered(4000)
    ids = np.arange(10_000, 14_000, dtype=np.int64)
    dense = DenseIndex.build(32, len(ids), batches_of(ids, vectors), PARAMS, index_type)  # type: ignore[arg-type]
    assert dense.index_type == index_type and len(dense) == 4000
    queries = clustered(50, seed=1)
    recall = np.mean(
        [
            len(set(dense.search(q, 10).ids.tolist()) & exact_top(vectors, ids, q, 10)) / 10
            for q in queries
        ]
    )
    assert recall >= 0.95

    # Remove the current best hits of every query: none may come back, others take their place.
    removed = np.unique(np.concatenate([dense.search(q, 3).ids for q in queries[:10]]))
    dense.remove(removed)
    assert len(dense) == 4000 - len(removed)
    for q in queries[:10]:
        hits = dense.search(q, 10)
        assert len(hits.ids) == 10 and not set(hits.ids.tolist()) & set(removed.tolist())

    # Removals survive a save and load.
    path = tmp_path / "index.faiss"
    dense.save(path, manifest(len(dense), index_type))
    loaded, saved = DenseIndex.load(path, PARAMS)
    assert saved.index_type == index_type and saved.count == len(dense) == len(loaded)
    for q in queries[:10]:
        assert not set(loaded.search(q, 10).ids.tolist()) & set(removed.tolist())


def test_auto_picks_the_type_by_size() -> None:
    params = IndexParams(flat_max=1000)
    assert params.choose(10) == "flat"
    assert params.choose(999) == "flat"
    assert params.choose(1000) == "ivf-sq8"
    assert IndexParams(flat_max=1000, large_type="hnsw").choose(5000) == "hnsw"
    assert IndexParams(index_type="hnsw").choose(3) == "hnsw"
    vectors = clustered(300)
    ids = np.arange(300, dtype=np.int64)
    assert DenseIndex.build(32, 300, batches_of(ids, vectors), params).index_type == "flat"
    assert (
        DenseIndex.build(32, 300, batches_of(ids, vectors), IndexParams(flat_max=100)).index_type
        == "ivf-sq8"
    )


def test_crossing_the_boundary_asks_for_a_rebuild() -> None:
    params = IndexParams(flat_max=500, max_deleted_share=0.2)
    vectors = clustered(800)
    ids = np.arange(800, dtype=np.int64)
    dense = DenseIndex(32, params=params)
    dense.add(ids[:400], vectors[:400])
    assert not dense.needs_rebuild()
    dense.add(ids[400:], vectors[400:])
    assert dense.needs_rebuild()  # 800 ≥ 500: time for the large type

    hnsw = DenseIndex.build(32, 800, batches_of(ids, vectors), IndexParams(index_type="hnsw"))
    hnsw.remove(ids[:100])
    assert not hnsw.needs_rebuild()
    hnsw.remove(ids[100:200])
    assert hnsw.needs_rebuild()  # tombstones past a fifth of the index


def test_damaged_files_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "index.faiss"
    path.write_bytes(b"not an index")
    with pytest.raises(IndexFileError):
        DenseIndex.load(path)
    with pytest.raises(IndexFileError):
        DenseIndex.load(tmp_path / "missing.faiss")


@pytest.mark.parametrize("index_type", ["flat", "hnsw", "ivf-sq8"])
def test_a_file_cut_short_anywhere_is_refused(index_type: str, tmp_path: Path) -> None:
    vectors = clustered(1000)
    ids = np.arange(1000, dtype=np.int64)
    dense = DenseIndex.build(32, 1000, batches_of(ids, vectors), PARAMS, index_type)  # type: ignore[arg-type]
    dense.remove(ids[:5])  # HNSW keeps these as tombstones at the end of the file
    path = tmp_path / "index.faiss"
    dense.save(path, manifest(len(dense), index_type))
    whole = path.read_bytes()
    assert len(DenseIndex.load(path)[0]) == 995
    for cut in (len(whole) // 3, len(whole) // 2, len(whole) - 8):
        path.write_bytes(whole[:cut])
        with pytest.raises(IndexFileError):
            DenseIndex.load(path)


def test_library_rebuilds_with_the_new_type_when_an_add_crosses_the_boundary(make_settings) -> None:  # type: ignore[no-untyped-def]
    from embeddings.hashing import HashingEmbedder
    from retrieval.library import Library
    from retrieval.types import ArticleDraft

    settings = make_settings(index_flat_max=40)
    drafts = [
        ArticleDraft(
            text=f"Report {i} on the tram line and harbour works number {i}. " * 40,
            title=f"Report {i}",
        )
        for i in range(12)
    ]
    with Library(settings, embedder=HashingEmbedder()) as library:
        ids = [library.add_draft("news", d).article.id for d in drafts[:2]]
        path = library.indexes.path("news")
        assert read_manifest(path).index_type == "flat"
        for draft in drafts[2:]:
            ids.append(library.add_draft("news", draft).article.id)
        chunks = library.status("news").chunks
        assert chunks >= 40
        manifest = read_manifest(path)
        assert manifest.index_type == "ivf-sq8" and manifest.count == chunks
        assert library.search("news", "report 7 tram harbour")
        # Removing most articles shrinks it back to exact search.
        for article_id in ids[2:]:
            library.remove("news", article_id)
        assert read_manifest(path).index_type == "flat"

    # A file whose type no longer fits its size is rebuilt on load.
    with Library(
        make_settings(index_flat_max=40, index_type="hnsw"), embedder=HashingEmbedder()
    ) as library:
        assert library.search("news", "report 1")
        assert read_manifest(library.indexes.path("news")).index_type == "hnsw"


def test_lossy_candidates_are_rescored_with_exact_vectors() -> None:
    # Many near-copies of a few stories, as when outlets run the same wire text: 8-bit codes
    # blur their scores enough to swap neighbours; re-scoring with stored vectors does not.
    rng = np.random.default_rng(3)
    stories = clustered(60, dim=64)
    vectors = np.repeat(stories, 100, axis=0) + 0.01 * rng.standard_normal((6000, 64))
    vectors = (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32)
    ids = np.arange(5000, 11000, dtype=np.int64)
    dense = DenseIndex.build(64, len(ids), batches_of(ids, vectors), PARAMS, "ivf-sq8")
    assert not dense.exact
    stored = dict(zip(ids.tolist(), vectors, strict=True))

    def load(chunk_ids):  # type: ignore[no-untyped-def]
        return {i: stored[i] for i in chunk_ids}

    queries = stories[:20] + 0.05 * rng.standard_normal((20, 64))
    queries = (queries / np.linalg.norm(queries, axis=1, keepdims=True)).astype(np.float32)

    def recall(refine: int) -> float:
        found = [dense_search(dense, q, 10, load, refine).ids.tolist() for q in queries]
        return float(
            np.mean(
                [
                    len(set(f) & exact_top(vectors, ids, q, 10)) / 10
                    for f, q in zip(found, queries, strict=True)
                ]
            )
        )

    assert recall(refine=1) < 1.0
    assert recall(refine=4) == 1.0
    refined = dense_search(dense, queries[0], 10, load, refine=4)
    assert np.allclose(refined.scores, vectors[refined.ids - 5000] @ queries[0], atol=1e-6)
