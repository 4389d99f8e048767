"""Named entities through the library: tagged at every add, kept by reindex, filled in place."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pytest

from config import Settings
from embeddings.hashing import HashingEmbedder
from retrieval.errors import InvalidInput
from retrieval.ingest.entities import EntityTagger
from retrieval.library import Library
from retrieval.store.chunk_table import StoredChunk
from retrieval.types import Span

ARTICLE = (
    "Maria Delgado, the mayor of Harbor City, said on Tuesday that Verantis will open a plant "
    "in Ohio. The company expects to hire 400 workers by March 2026.\n\n"
    "Officials at the European Commission in Brussels welcomed the plan. Critics in Ohio said "
    "the subsidy of $120 million was too generous."
)
QUESTION = "Where will Verantis open a plant?"

MakeLibrary = Callable[..., Library]


@pytest.fixture
def make_library(make_settings: Callable[..., Settings]) -> Iterator[MakeLibrary]:
    """Open libraries over the hashing embedder; each is closed at the end of the test."""
    opened: list[Library] = []

    def make(**overrides: object) -> Library:
        library = Library(make_settings(**overrides), embedder=HashingEmbedder())
        opened.append(library)
        return library

    yield make
    for library in opened:
        library.close()


def _stored(library: Library, collection: str = "local") -> dict[int, StoredChunk]:
    ids = [int(i) for i in library.store.chunk_ids(collection, _generation(library, collection))]
    return library.store.chunks(collection, ids)


def _generation(library: Library, collection: str) -> int:
    row = library.store.collection(collection)
    assert row is not None
    return row.generation


def _texts(library: Library, chunk: StoredChunk) -> set[tuple[str, str]]:
    text = library.get("local", chunk.source.number).text
    assert chunk.entities is not None
    return {(text[e.start : e.end], e.label) for sentence in chunk.entities for e in sentence}


def test_retrieved_passages_carry_entities_aligned_with_their_sentences(
    make_library: MakeLibrary,
) -> None:
    library = make_library()
    library.add_text("local", ARTICLE, title="Verantis picks Ohio")
    passages = library.search("local", QUESTION)
    chunks = library.store.chunks("local", [p.chunk_id for p in passages])

    assert passages and set(chunks) == {p.chunk_id for p in passages}
    for chunk in chunks.values():
        assert chunk.entities is not None
        assert len(chunk.entities) == len(chunk.sentences)
        for span, entities in zip(chunk.sentences, chunk.entities, strict=True):
            assert all(span.start <= e.start < e.end <= span.end for e in entities)
    found = set().union(*(_texts(library, c) for c in chunks.values()))
    assert {("Maria Delgado", "PERSON"), ("Ohio", "GPE"), ("March 2026", "DATE")} <= found
    assert ("$120 million", "MONEY") in found
    assert library.status("local").chunks_without_entities == 0


def test_bulk_adds_and_reindexes_tag_every_chunk(
    make_library: MakeLibrary, fixture_articles: Path
) -> None:
    library = make_library()
    added = library.add_folder("local", fixture_articles)
    assert added.added and not added.failed
    assert all(c.entities is not None for c in _stored(library).values())

    library.reindex("local")

    after = _stored(library)
    assert after and all(c.entities is not None for c in after.values())
    assert library.status("local").chunks_without_entities == 0


def test_entities_switched_off_store_none_and_adds_still_work(make_library: MakeLibrary) -> None:
    library = make_library(entity_model="")
    added = library.add_text("local", ARTICLE, title="Verantis picks Ohio")

    assert added.article.chunk_count >= 1
    assert all(c.entities is None for c in _stored(library).values())
    # Off is what was asked for: status does not ask for a reindex.
    assert library.status("local").chunks_without_entities == 0
    with pytest.raises(InvalidInput, match="named entities are off"):
        library.fill_entities("local")


def test_a_model_that_cannot_load_is_logged_and_the_add_goes_on(
    make_library: MakeLibrary, caplog: pytest.LogCaptureFixture
) -> None:
    library = make_library(entity_model="no_such_spacy_model")
    with caplog.at_level(logging.WARNING):
        added = library.add_text("local", ARTICLE, title="Verantis picks Ohio")
        library.add_text("local", "A second story about the harbour tram vote on Monday.")

    assert added.article.chunk_count >= 1
    assert sum("no_such_spacy_model" in r.getMessage() for r in caplog.records) == 1
    assert all(c.entities is None for c in _stored(library).values())
    assert library.status("local").chunks_without_entities == len(_stored(library))


def test_filling_in_place_gives_the_entities_an_add_would_and_re_embeds_nothing(
    make_library: MakeLibrary, tmp_path: Path
) -> None:
    tagged_at_add = make_library(data_dir=tmp_path / "tagged")
    tagged_at_add.add_text("local", ARTICLE, title="Verantis picks Ohio")
    settings = Settings(data_dir=tmp_path / "later", entity_model="")
    with Library(settings, embedder=HashingEmbedder()) as untagged:
        untagged.add_text("local", ARTICLE, title="Verantis picks Ohio")
        vectors_before = untagged.store.chunk_vectors(
            list(_stored(untagged)), HashingEmbedder().dim
        )

    later = make_library(data_dir=tmp_path / "later")
    missing = later.status("local").chunks_without_entities
    steps: list[tuple[int, int]] = []
    filled = later.fill_entities(
        "local", progress=lambda done, total, _: steps.append((done, total))
    )

    assert missing == filled == len(_stored(later)) > 0
    assert steps[-1] == (filled, filled)
    assert later.status("local").chunks_without_entities == 0
    assert [c.entities for c in _stored(later).values()] == [
        c.entities for c in _stored(tagged_at_add).values()
    ]
    after = later.store.chunk_vectors(list(_stored(later)), later.embedder.dim)
    assert all((after[i] == vectors_before[i]).all() for i in vectors_before)
    assert _generation(later, "local") == 1  # no new generation: the index stays as it is
    assert later.fill_entities("local") == 0


def test_a_bulk_add_tags_on_its_preparing_thread_beside_the_embedding(
    make_library: MakeLibrary, fixture_articles: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    threads: set[str] = set()
    tag = EntityTagger.tag

    def recording(self: EntityTagger, text: str, spans: Sequence[Span]) -> object:
        threads.add(threading.current_thread().name)
        return tag(self, text, spans)

    monkeypatch.setattr(EntityTagger, "tag", recording)
    make_library().add_folder("local", fixture_articles)

    assert threads == {"articlebot-bulk"}
