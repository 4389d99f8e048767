"""The speaker index: a speaker's statements anywhere in a collection, looked up by name."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from retrieval.store.speaker_words import name_words
from retrieval.store.sqlite import NewChunk, Store, content_hash
from retrieval.types import ArticleDraft, ChunkDraft, Span, Speaker
from tests.retrieval.store.test_chunk_table import _steps


def _add(store: Store, collection: str, title: str, speakers: list[Speaker | None]) -> list[int]:
    """Store an article of one chunk per speaker given (None: a sentence no one says)."""
    row = store.ensure_collection(collection)
    text = f"{title}. " + " ".join(f"Sentence {i}." for i in range(len(speakers)))
    rng = np.random.default_rng(len(title))
    with store.transaction() as db:
        draft = ArticleDraft(text=text, title=title, url=None, source="test")
        article_id = store.insert_article(db, collection, draft, content_hash(text), None)
        chunks = [
            NewChunk(
                ChunkDraft(i, 0, 5, text[:5], (Span(0, 5),), speakers=(speaker,)),
                rng.standard_normal(8).astype(np.float32),
            )
            for i, speaker in enumerate(speakers)
        ]
        return store.insert_chunks(db, collection, row.generation, article_id, chunks)


WARREN = Speaker("she", "Elizabeth Warren")
COUNTY = Speaker("the county", "Warren County")
ROMNEY = Speaker("Romney", "Mitt Romney")


def test_a_name_finds_the_chunks_its_speaker_speaks_in_and_no_others(tmp_path: Path) -> None:
    store = Store(tmp_path / "db.sqlite3")
    warren, county, romney, nobody = _add(store, "c", "Roe", [WARREN, COUNTY, ROMNEY, None])
    _add(store, "other", "Elsewhere", [WARREN])  # another server's collection

    assert store.spoken_by("c", 1, ["warren"], 10) == [county, warren]  # newest first
    assert store.spoken_by("c", 1, ["elizabeth", "warren"], 10) == [warren]  # every word
    assert store.spoken_by("c", 1, ["romney"], 10) == [romney]
    assert store.spoken_by("c", 1, [], 10) == []
    assert store.spoken_by("c", 1, ["warren"], 1) == [county]  # at most the limit
    assert nobody not in store.spoken_by("c", 1, ["sentence"], 10)


def test_new_speakers_replace_the_old_and_removed_articles_leave_the_index(
    tmp_path: Path,
) -> None:
    store = Store(tmp_path / "db.sqlite3")
    (chunk,) = _add(store, "c", "Roe", [Speaker("Warren", "Warren")])
    article = store.chunks("c", [chunk])[chunk].article_id

    with store.transaction() as db:
        store.set_speakers(db, "c", [(chunk, (ROMNEY,))])
    assert store.spoken_by("c", 1, ["warren"], 10) == []
    assert store.spoken_by("c", 1, ["mitt", "romney"], 10) == [chunk]

    with store.transaction() as db:
        store.delete_article(db, "c", article)
    assert store.spoken_by("c", 1, ["romney"], 10) == []
    assert store.read().execute("SELECT count(*) FROM speaker_words").fetchone() == (0,)


def test_only_the_asked_generation_is_looked_up(tmp_path: Path) -> None:
    store = Store(tmp_path / "db.sqlite3")
    (old,) = _add(store, "c", "Roe", [WARREN])
    store.ensure_collection("c")
    with store.transaction() as db:
        db.execute("UPDATE collections SET generation = 2 WHERE name = 'c'")
    (new,) = _add(store, "c", "Roe again", [WARREN])
    assert store.spoken_by("c", 2, ["warren"], 10) == [new]
    assert store.spoken_by("c", 1, ["warren"], 10) == [old]


def test_names_are_indexed_by_their_words_as_a_question_writes_them() -> None:
    assert name_words("Beto O’Rourke") == {"beto", "o'rourke"}
    assert name_words("Abdel Fattah al-Sisi") == {"abdel", "fattah", "al-sisi"}
    assert name_words("J. Michael Luttig") == {"michael", "luttig"}  # initials name no one
    assert name_words("Goldman Sachs's analysts") == {"goldman", "sachs", "analysts"}
    assert name_words("Tedros Adhanom Ghebreyesus") == name_words("tedros adhanom GHEBREYESUS")


def _crowd(store: Store, articles: int) -> None:
    """Store articles of ten chunks, each chunk said by someone of its own name."""
    row = store.ensure_collection("c")
    rng = np.random.default_rng(0)
    with store.transaction() as db:
        for number in range(articles):
            text = f"Article {number}. " * 10
            draft = ArticleDraft(text=text, title=f"Article {number}", url=None, source="test")
            article_id = store.insert_article(db, "c", draft, content_hash(text), None)
            chunks = [
                NewChunk(
                    ChunkDraft(
                        i,
                        0,
                        5,
                        text[:5],
                        (Span(0, 5),),
                        speakers=(Speaker("he", f"Ann Q{number}x{i}"),),
                    ),
                    rng.standard_normal(8).astype(np.float32),
                )
                for i in range(10)
            ]
            store.insert_chunks(db, "c", row.generation, article_id, chunks)


def _lookup_steps(store: Store, words: list[str]) -> int:
    """Count SQLite virtual-machine steps (in thousands) of a lookup: a deterministic cost."""
    return _steps(store, lambda: store.spoken_by("c", 1, words, 500))


def test_looking_up_a_name_costs_what_it_finds_not_what_the_collection_holds(
    tmp_path: Path,
) -> None:
    small, large = Store(tmp_path / "small.sqlite3"), Store(tmp_path / "large.sqlite3")
    _crowd(small, 10)
    _crowd(large, 2000)  # 20,000 chunks, every one with a speaker whose name holds "ann"
    assert large.spoken_by("c", 1, ["ann", "q7x3"], 500) == small.spoken_by(
        "c", 1, ["ann", "q7x3"], 500
    )
    # The rare word's rows are read by the index, whatever the collection's size; the common
    # first name beside it is counted only up to a bound (reading all 20,000 of its rows takes
    # over a hundred thousand steps).
    assert _lookup_steps(large, ["q7x3"]) <= 2 + _lookup_steps(small, ["q7x3"])
    assert _lookup_steps(large, ["ann", "q7x3"]) <= 20 + _lookup_steps(small, ["ann", "q7x3"])


def test_a_speaker_is_found_by_how_the_article_writes_and_describes_them(tmp_path: Path) -> None:
    store = Store(tmp_path / "db.sqlite3")
    sarafin = Speaker("Artemis mission manager Mike Sarafin", "Mike Sarafin")
    lowry = Speaker("Lowry", "Rachel Lowry", "chief conservation officer at WWF Australia")
    first, second = _add(store, "c", "Artemis", [sarafin, lowry])
    assert store.spoken_by("c", 1, ["artemis", "sarafin"], 10) == [first]
    assert store.spoken_by("c", 1, ["wwf", "australia"], 10) == [second]
    # Unresolved speakers ("she", with no name) are not indexed at all.
    (unresolved,) = _add(store, "c", "Unresolved", [Speaker("she", None)])
    assert unresolved not in store.spoken_by("c", 1, ["she"], 10)
