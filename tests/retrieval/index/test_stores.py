"""The Qdrant vector store in local mode, and migrating a collection between stores."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from embeddings.hashing import HashingEmbedder
from retrieval.index.faiss_store import DenseIndex
from retrieval.index.manifest import IndexManifest, read_manifest
from retrieval.index.protocol import VectorStore
from retrieval.index.qdrant_store import QdrantStore, close_qdrant_clients, qdrant_client
from retrieval.library import Library
from retrieval.types import ArticleDraft

pytest.importorskip("qdrant_client")


@pytest.fixture(autouse=True)
def _close_clients() -> Iterator[None]:
    yield
    close_qdrant_clients()  # local mode locks its folder per client


def test_qdrant_store_adds_searches_and_removes(tmp_path: Path) -> None:
    from qdrant_client import QdrantClient

    rng = np.random.default_rng(0)
    vectors = rng.standard_normal((200, 16)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    ids = np.arange(1000, 1200, dtype=np.int64)
    client = QdrantClient(path=str(tmp_path / "q"))
    try:
        store = QdrantStore(client, "test", 16, create=True)
        assert isinstance(store, VectorStore) and isinstance(DenseIndex(16), VectorStore)
        store.add(ids, vectors)
        assert len(store) == 200
        hits = store.search(vectors[5], 10)
        assert hits.ids[0] == 1005 and hits.scores[0] == pytest.approx(1.0, abs=1e-4)
        exact = ids[np.argsort(-(vectors @ vectors[5]))[:10]]
        assert set(hits.ids.tolist()) == set(exact.tolist())
        store.remove(np.array([1005, 1006], dtype=np.int64))
        assert len(store) == 198
        assert not {1005, 1006} & set(store.search(vectors[5], 10).ids.tolist())
    finally:
        client.close()


@pytest.fixture(params=["faiss", "qdrant"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[VectorStore]:
    """An empty 16-dimensional store of each kind."""
    if request.param == "faiss":
        yield DenseIndex(16)
        return
    from qdrant_client import QdrantClient

    client = QdrantClient(path=str(tmp_path / "q"))
    try:
        yield QdrantStore(client, "test", 16, create=True)
    finally:
        client.close()


def _unit_vectors(n: int, seed: int = 0) -> np.ndarray:  # type: ignore[type-arg]
    rng = np.random.default_rng(seed)
    vectors = rng.standard_normal((n, 16)).astype(np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def test_every_store_finds_what_exact_search_finds(store: VectorStore) -> None:
    assert isinstance(store, VectorStore) and store.dim == 16 and store.exact
    assert len(store.search(_unit_vectors(1)[0], 5).ids) == 0  # empty store: nothing found
    vectors = _unit_vectors(120)
    ids = np.arange(500, 620, dtype=np.int64)
    store.add(ids, vectors)
    assert len(store) == 120
    for query in _unit_vectors(5, seed=1):
        hits = store.search(query, 8)
        assert hits.ids.tolist() == ids[np.argsort(-(vectors @ query))[:8]].tolist()
        assert hits.scores.tolist() == pytest.approx(np.sort(vectors @ query)[::-1][:8], abs=1e-4)
    assert len(store.search(vectors[0], 0).ids) == 0

    store.remove(np.array([500, 501], dtype=np.int64))
    assert len(store) == 118
    hits = store.search(vectors[0], 3)
    assert 500 not in hits.ids.tolist() and 501 not in hits.ids.tolist()
    assert (
        hits.ids.tolist()
        == [int(i) for i in ids[np.argsort(-(vectors @ vectors[0]))] if i not in (500, 501)][:3]
    )


def test_every_store_writes_a_manifest_of_what_it_holds(store: VectorStore, tmp_path: Path) -> None:
    store.add(np.arange(1, 31, dtype=np.int64), _unit_vectors(30))
    path = tmp_path / "index.faiss"
    store.save(path, IndexManifest("m", 16, 1, 2, 3, count=0))
    manifest = read_manifest(path)
    assert (manifest.index_type, manifest.count, manifest.generation) == (store.index_type, 30, 2)


def _drafts(n: int) -> list[ArticleDraft]:
    return [
        ArticleDraft(
            text=f"Dispatch {i}: the ferry to island {i} runs twice a day. " * 20,
            title=f"Ferry {i}",
        )
        for i in range(n)
    ]


def test_migrate_round_trip_between_faiss_and_qdrant(make_settings) -> None:  # type: ignore[no-untyped-def]
    faiss_settings = make_settings()
    with Library(faiss_settings, embedder=HashingEmbedder()) as library:
        library.add_drafts("news", _drafts(8))
        before = [p.chunk_id for p in library.search("news", "ferry to island 3", 5)]
        assert library.migrate_vectors("news", "qdrant") == library.status("news").chunks

    qdrant_settings = make_settings(vector_store="qdrant")
    with Library(qdrant_settings, embedder=HashingEmbedder()) as library:
        path = library.indexes.path("news")
        manifest = read_manifest(path)
        assert manifest.index_type == "qdrant" and manifest.store
        assert [p.chunk_id for p in library.search("news", "ferry to island 3", 5)] == before
        # Adds and removals go to Qdrant and are visible at once.
        added = library.add_draft("news", _drafts(9)[8]).article.id
        assert any(
            p.source.article_id == added for p in library.search("news", "ferry to island 8", 3)
        )
        library.remove("news", added)
        assert all(
            p.source.article_id != added for p in library.search("news", "ferry to island 8", 5)
        )
        assert library.status("news").index.healthy
        count = library.migrate_vectors("news", "faiss")
    close_qdrant_clients()

    with Library(faiss_settings, embedder=HashingEmbedder()) as library:
        manifest = read_manifest(library.indexes.path("news"))
        assert manifest.index_type == "flat" and manifest.count == count
        assert [p.chunk_id for p in library.search("news", "ferry to island 3", 5)] == before


def test_deleting_a_collection_drops_its_qdrant_collection(make_settings) -> None:  # type: ignore[no-untyped-def]
    settings = make_settings(vector_store="qdrant")
    with Library(settings, embedder=HashingEmbedder()) as library:
        library.add_drafts("news", _drafts(3))
        library.search("news", "ferry to island 1", 3)
        name = read_manifest(library.indexes.path("news")).store
        client = qdrant_client(settings)
        assert client.collection_exists(name)
        library.delete_collection("news")
        assert not client.collection_exists(name)
        assert not library.indexes.path("news").exists()
        assert not library.indexes.lexical_path("news").exists()


def test_the_cli_migrates(make_settings, capsys) -> None:  # type: ignore[no-untyped-def]
    from bot.cli import main

    settings = make_settings()
    with Library(settings, embedder=HashingEmbedder()) as library:
        library.add_drafts("local", _drafts(3))
    # The CLI builds its own embedder: the hashing one is not what it would load, so check
    # only that the command is wired (a model mismatch is reported, not a crash).
    code = main(["migrate", "--to", "qdrant", "--data-dir", str(settings.data_dir)])
    output = capsys.readouterr()
    assert code in (0, 1) and ("Copied" in output.out or "reindex" in (output.out + output.err))
