"""Two libraries (two processes) on one data directory: no acknowledged article loses passages."""

from __future__ import annotations

import multiprocessing
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from config import Settings, load_settings
from embeddings.base import Vectors
from embeddings.hashing import HashingEmbedder
from retrieval.errors import InvalidInput
from retrieval.library import Library


def _story(n: int) -> str:
    return f"Story {n} reports that the harbour board approved berth {n} for ferries. " * 12


def _passages_by_article(library: Library, collection: str) -> dict[int, int]:
    """Return each article's chunk count in the live generation, zero included."""
    row = library.store.collection(collection)
    assert row is not None
    rows = library.store.read().execute(
        "SELECT a.id, (SELECT count(*) FROM chunks c WHERE c.article_id = a.id "
        "AND c.generation = ?) FROM articles a WHERE a.collection = ?",
        (row.generation, collection),
    )
    return {int(article): int(chunks) for article, chunks in rows}


class CallbackEmbedder(HashingEmbedder):
    """Hashing vectors; runs a callback once, on the first call after it is armed."""

    def __init__(self) -> None:
        super().__init__()
        self.armed: Callable[[], object] | None = None

    def embed(self, texts: list[str]) -> Vectors:
        callback, self.armed = self.armed, None
        if callback is not None:
            callback()
        return super().embed(texts)


def test_an_add_by_another_process_while_a_reindex_switches_keeps_its_passages(
    settings: Settings,
) -> None:
    reindexing_model = CallbackEmbedder()
    reindexer = Library(settings, embedder=reindexing_model)
    adder = Library(settings, embedder=HashingEmbedder())  # the other process's library
    for n in range(3):
        reindexer.add_text("local", _story(n), title=f"Story {n}")

    def add_during_catch_up() -> None:
        # Runs while the reindex embeds the article added at the end of its first pass: this
        # add commits after the reindex listed the articles to catch up, before it switches.
        adder.add_text("local", _story(11), title="Added during the switch")

    def progress(done: int, total: int, title: str) -> None:
        if done == total:
            adder.add_text("local", _story(10), title="Added after the first pass")
            reindexing_model.armed = add_during_catch_up

    reindexer.reindex("local", progress=progress)
    assert reindexing_model.armed is None  # the catch-up did run
    counts = _passages_by_article(reindexer, "local")
    assert len(counts) == 5 and all(counts.values()), counts
    found = reindexer.search("local", "Story 11 berth 11", 3)
    assert "Added during the switch" in [p.source.title for p in found]
    adder.close()
    reindexer.close()


def _add_stories(data_dir: str, first: int, count: int) -> None:
    library = Library(load_settings(data_dir=Path(data_dir)), embedder=HashingEmbedder())
    for n in range(first, first + count):
        library.add_text("local", _story(n), title=f"Story {n}")
    library.close()


def _reindex_until(data_dir: str, stop: multiprocessing.synchronize.Event, rounds: int) -> None:
    library = Library(load_settings(data_dir=Path(data_dir)), embedder=HashingEmbedder())
    for _ in range(rounds):
        library.reindex("local")
        if stop.is_set():
            break
    library.close()


def test_reindexing_in_one_process_while_another_adds_loses_no_article(
    settings: Settings,
) -> None:
    with Library(settings, embedder=HashingEmbedder()) as library:
        for n in range(4):
            library.add_text("local", _story(n), title=f"Story {n}")
    context = multiprocessing.get_context("spawn")
    stop = context.Event()
    data_dir = str(settings.data_dir)
    reindexer = context.Process(target=_reindex_until, args=(data_dir, stop, 30))
    adder = context.Process(target=_add_stories, args=(data_dir, 100, 16))
    reindexer.start()
    adder.start()
    adder.join(120)
    stop.set()
    reindexer.join(120)
    assert adder.exitcode == 0 and reindexer.exitcode == 0
    with Library(settings, embedder=HashingEmbedder()) as library:
        counts = _passages_by_article(library, "local")
        assert len(counts) == 20
        assert all(counts.values()), {a: c for a, c in counts.items() if not c}
        found = library.search("local", "Story 110 berth 110", 3)
        assert "Story 110" in [p.source.title for p in found]


def test_a_second_reindex_of_a_collection_elsewhere_is_refused_in_one_line(
    make_settings: Callable[..., Settings],
) -> None:
    first = Library(make_settings(), embedder=HashingEmbedder())
    second = Library(make_settings(write_lock_timeout_s=0), embedder=HashingEmbedder())
    for n in range(3):
        first.add_text("local", _story(n), title=f"Story {n}")
    halfway, release = threading.Event(), threading.Event()

    def pause(done: int, total: int, title: str) -> None:
        if done == 1:
            halfway.set()
            assert release.wait(30)

    worker = threading.Thread(target=first.reindex, args=("local",), kwargs={"progress": pause})
    worker.start()
    assert halfway.wait(30)
    with pytest.raises(InvalidInput) as refused:
        second.reindex("local")
    release.set()
    worker.join(30)
    assert refused.value.message.startswith("another articlebot is reindexing local in ")
    second.reindex("local")  # free again once the first is done
    counts = _passages_by_article(second, "local")
    all_chunks = second.store.read().execute("SELECT count(*) FROM chunks").fetchone()[0]
    assert all(counts.values()) and sum(counts.values()) == all_chunks
    first.close()
    second.close()
