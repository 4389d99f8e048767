"""The chunks table: lookups cost what they fetch, not what the collection holds."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from retrieval.store.sqlite import NewChunk, Store, content_hash
from retrieval.types import ArticleDraft, ChunkDraft, Entity, Span


def _fill(store: Store, collection: str, articles: int, chunks_each: int) -> list[int]:
    row = store.ensure_collection(collection)
    rng = np.random.default_rng(0)
    with store.transaction() as db:
        for number in range(articles):
            text = f"Article {number} body. " * chunks_each
            draft = ArticleDraft(text=text, title=f"Article {number}", url=None, source="test")
            article_id = store.insert_article(db, collection, draft, content_hash(text), None)
            chunks = [
                NewChunk(
                    ChunkDraft(i, 0, 10, text[:10], (Span(0, 10),)),
                    rng.standard_normal(8).astype(np.float32),
                )
                for i in range(chunks_each)
            ]
            store.insert_chunks(db, collection, row.generation, article_id, chunks)
    return [chunk_id for chunk_id, _, _ in store.chunk_texts(collection, row.generation)]


def _steps(store: Store, call: object) -> int:
    """Count SQLite virtual-machine steps (in thousands) a call makes: a deterministic cost."""
    steps = 0

    def tick() -> int:
        nonlocal steps
        steps += 1
        return 0

    store.read().set_progress_handler(tick, 1000)
    try:
        call()  # type: ignore[operator]
    finally:
        store.read().set_progress_handler(None, 0)
    return steps


def test_fetching_a_few_chunks_does_not_scan_the_collection(tmp_path: Path) -> None:
    small = Store(tmp_path / "small.sqlite3")
    large = Store(tmp_path / "large.sqlite3")
    few = _fill(small, "c", 10, 10)[:5]
    many = _fill(large, "c", 400, 50)  # 20,000 chunks
    assert len(small.chunks("c", few)) == 5
    assert len(large.chunks("c", many[:5])) == 5
    # A scan of 20,000 rows takes hundreds of thousands of steps; id lookups take the same few
    # whatever the collection's size.
    assert _steps(large, lambda: large.chunks("c", many[:5])) <= 2 + _steps(
        small, lambda: small.chunks("c", few)
    )
    assert large.chunks("other", many[:5]) == {}  # ids of another collection are not leaked


def test_neighbours_are_the_chunks_before_and_after_in_the_same_article(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.sqlite3")
    ids = _fill(store, "c", 2, 5)  # two articles of five chunks each, in order
    first, second = ids[:5], ids[5:]
    assert store.neighbours("c", [first[2]]) == [(first[2], first[1]), (first[2], first[3])]
    assert store.neighbours("c", [first[4]]) == [(first[4], first[3])]  # never the next article
    assert store.neighbours("c", [second[0]]) == [(second[0], second[1])]
    assert store.neighbours("other", [first[2]]) == []


def test_entities_read_back_as_stored_and_none_where_never_computed(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.sqlite3")
    ids = _fill(store, "c", 2, 3)
    found = (
        (Entity("PERSON", 0, 7), Entity("GPE", 12, 14)),
        (),
    )
    with store.transaction() as db:
        store.set_entities(db, [(ids[0], found)])

    chunks = store.chunks("c", ids)
    assert chunks[ids[0]].entities == found
    assert all(chunks[i].entities is None for i in ids[1:])
    assert store.chunks_without_entities("c") == len(ids) - 1
    assert [c.id for c in store.untagged_chunks("c", 1, after_id=ids[1], limit=2)] == ids[2:4]
    assert store.chunks_without_entities("other") == 0


def test_counting_chunks_without_entities_costs_what_is_left_to_tag(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.sqlite3")
    ids = _fill(store, "c", 200, 50)  # 10,000 chunks
    with store.transaction() as db:
        store.set_entities(db, [(i, ((),)) for i in ids[:-10]])
    # Through the partial index: ten rows to count, not 10,000 to read.
    assert store.chunks_without_entities("c") == 10
    assert _steps(store, lambda: store.chunks_without_entities("c")) <= 1
