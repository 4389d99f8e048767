"""Upgrades: a data directory written at an older schema opens, migrates and keeps answering."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from config import Settings
from embeddings.hashing import HashingEmbedder
from retrieval.library import Library
from retrieval.store.chunk_table import StoredChunk
from retrieval.store.schema import SCHEMA, SCHEMA_VERSION, NewerSchema
from retrieval.store.sqlite import Store
from retrieval.store.vector_codes import decode_int8, encode_int8
from retrieval.types import Answer

QUESTION = "How much plastic did volunteers pull out of the river?"


def _library(data_dir: Path) -> Library:
    return Library(Settings(data_dir=data_dir), embedder=HashingEmbedder())


def _without(schema: str, *changes: tuple[str, str]) -> str:
    """Apply each (pattern, replacement) to the schema; each must match exactly once."""
    for pattern, replacement in changes:
        schema, found = re.subn(pattern, replacement, schema, flags=re.S)
        assert found == 1, pattern
    return schema


def _version_8_schema() -> str:
    """Return the tables as version 8 created them: no index of the speakers' names."""
    return _without(
        SCHEMA, (r"CREATE TABLE IF NOT EXISTS speaker_words.*?\(chunk_id, word\);\n", "")
    )


def _version_7_schema() -> str:
    """Return the tables as version 7 created them: no record of the speakers' rules."""
    return _without(
        _version_8_schema(), (r"DEFAULT 0,([^\n]*)\n\s*speaker_rules[^\n]*", r"DEFAULT 0\1")
    )


def _version_6_schema() -> str:
    """Return the tables as version 6 created them: feeds known by their row id alone."""
    return _without(
        _version_7_schema(),
        (r"DEFAULT 0,([^\n]*)\n\s*last_feed_number[^\n]*", r"DEFAULT 0\1"),
        (r"\n\s*number INTEGER,  -- the feed's[^\n]*", ""),
    )


def _version_5_schema() -> str:
    """Return the tables as version 5 created them: no speakers column, nor its index, and no
    stories of syndicated copies."""
    return _without(
        _version_6_schema(),
        (r"\n-- Syndication:.*?story_bands \(article_id\);", ""),
        (r"TEXT,([^\n]*)\n\s*sentence_speakers TEXT[^\n]*", r"TEXT\1"),
        (r"\nCREATE INDEX IF NOT EXISTS chunks_without_speakers[^;]*;", ""),
    )


def _version_4_schema() -> str:
    """Return the tables as version 4 created them: no entities column, nor its index."""
    return _without(
        _version_5_schema(),
        (r"BLOB,([^\n]*)\n\s*sentence_entities TEXT[^\n]*", r"BLOB\1"),
        (r"\n--[^\n]*\nCREATE INDEX IF NOT EXISTS chunks_without_entities[^;]*;", ""),
    )


def _version_1_schema() -> str:
    """Return the tables as version 1 created them: no int8 column, no article numbers."""
    return _without(
        _version_4_schema(),
        (r"BLOB,([^\n]*)\n\s*sentence_codes BLOB[^\n]*", r"BLOB\1"),
        (r"chunker_version INTEGER,\n\s*last_number[^\n]*", "chunker_version INTEGER"),
        (r"\n\s*number INTEGER,[^\n]*", ""),
        (r"\nCREATE UNIQUE INDEX IF NOT EXISTS articles_by_number[^\n]*", ""),
        (r"\nCREATE TABLE IF NOT EXISTS departures \([^;]*\);", ""),
    )


def _copy_columns(source: sqlite3.Connection, target: sqlite3.Connection, table: str) -> None:
    """Copy a table's rows, only the columns the older target layout has."""
    names = ", ".join(row[1] for row in target.execute(f"PRAGMA table_info({table})"))
    rows = source.execute(f"SELECT {names} FROM {table}").fetchall()
    marks = ",".join("?" * len(names.split(", ")))
    target.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)


def _write_version_1(source: Path, target: Path) -> None:
    """Copy a current database into a new file the way version 1 laid it out and wrote it."""
    target.parent.mkdir(parents=True)
    old = sqlite3.connect(target)
    old.executescript(_version_1_schema())
    old.execute("INSERT INTO meta VALUES ('schema_version', '1')")
    new = sqlite3.connect(source)
    for table in ("collections", "articles"):
        _copy_columns(new, old, table)
    columns = "id, article_id, collection, generation, ordinal, start, end, text, sentences, vector"
    for *row, codes in new.execute(f"SELECT {columns}, sentence_codes FROM chunks"):
        # Version 1 kept sentence vectors as float16 rows.
        half = decode_int8(codes, HashingEmbedder().dim).astype(np.float16).tobytes()
        old.execute(
            f"INSERT INTO chunks ({columns}, sentence_vectors) VALUES ({'?,' * 10}?)", (*row, half)
        )
    old.commit()
    old.close()
    new.close()


def _write_version_4(source: Path, target: Path) -> None:
    """Copy a current database into a new file the way version 4 laid it out: no entities."""
    _write_old(source, target, _version_4_schema(), 4)


def _write_version_5(source: Path, target: Path) -> None:
    """Copy a current database into a new file the way version 5 laid it out: no speakers, no
    stories."""
    _write_old(source, target, _version_5_schema(), 5)


def _write_old(source: Path, target: Path, schema: str, version: int) -> None:
    """Copy a current database's tables into a new file of an older layout."""
    target.parent.mkdir(parents=True)
    old = sqlite3.connect(target)
    old.executescript(schema)
    old.execute("INSERT INTO meta VALUES ('schema_version', ?)", (str(version),))
    new = sqlite3.connect(source)
    for table in ("collections", "articles", "chunks"):
        _copy_columns(new, old, table)
    old.commit()
    old.close()
    new.close()


def _answer_then_downgrade(
    tmp_path: Path, fixture_articles: Path, write_old: Callable[[Path, Path], None]
) -> Answer:
    """Add the fixtures with today's code, ask, and write the database as an older version.

    Returns the answer today's code gave; the older database is at tmp_path / "old".
    """
    with _library(tmp_path / "current") as library:
        for path in sorted(fixture_articles.iterdir()):
            library.add_file("local", path)
        before = library.ask("local", QUESTION)
    write_old(tmp_path / "current" / "articlebot.sqlite3", tmp_path / "old" / "articlebot.sqlite3")
    return before


def test_a_version_4_database_opens_without_entities_until_a_reindex_fills_them(
    tmp_path: Path, fixture_articles: Path
) -> None:
    before = _answer_then_downgrade(tmp_path, fixture_articles, _write_version_4)

    with _library(tmp_path / "old") as library:
        passages = library.search("local", QUESTION)
        stored = library.store.chunks("local", [p.chunk_id for p in passages])
        status = library.status("local")
        after = library.ask("local", QUESTION)
        library.reindex("local")
        reindexed = library.search("local", QUESTION)
        tagged = library.store.chunks("local", [p.chunk_id for p in reindexed])
        left = library.status("local").chunks_without_entities

    assert stored and all(chunk.entities is None for chunk in stored.values())
    assert all(passage.entities is None for passage in passages)
    assert status.chunks_without_entities == status.chunks > 0
    assert [q.text for q in after.quotes] == [q.text for q in before.quotes]
    assert left == 0
    assert all(
        chunk.entities is not None and len(chunk.entities) == len(chunk.sentences)
        for chunk in tagged.values()
    )


def test_a_version_5_database_gets_its_speakers_in_place_without_re_embedding(
    tmp_path: Path, fixture_articles: Path, seed_article: Path
) -> None:
    with _library(tmp_path / "current") as library:
        for path in [seed_article, *sorted(fixture_articles.iterdir())]:
            library.add_file("local", path)
        attributed = {c.id: c.speakers for c in _all_chunks(library).values()}
        before = library.ask("local", QUESTION)
    _write_version_5(
        tmp_path / "current" / "articlebot.sqlite3", tmp_path / "old" / "articlebot.sqlite3"
    )

    with _library(tmp_path / "old") as library:
        missing = library.status("local").chunks_without_speakers
        unattributed = _all_chunks(library)
        after = library.ask("local", QUESTION)
        vectors = library.store.chunk_vectors(list(unattributed), HashingEmbedder().dim)
        filled = library.fill_speakers("local")
        status = library.status("local")
        refilled = _all_chunks(library)
        vectors_after = library.store.chunk_vectors(list(refilled), HashingEmbedder().dim)

    assert missing == len(unattributed) == filled > 0
    assert all(chunk.speakers is None for chunk in unattributed.values())
    assert [q.text for q in after.quotes] == [q.text for q in before.quotes]
    assert status.chunks_without_speakers == 0
    # The same speakers an add gives, the vectors untouched.
    assert {c.id: c.speakers for c in refilled.values()} == attributed
    assert any(
        s is not None and s.name == "Hamas" for c in refilled.values() for s in c.speakers or ()
    )
    assert all(np.array_equal(vectors[i], vectors_after[i]) for i in vectors)


def test_speakers_found_by_older_rules_are_found_again_by_the_fill(
    tmp_path: Path, seed_article: Path
) -> None:
    with _library(tmp_path / "current") as library:
        library.add_file("local", seed_article)
        attributed = {c.id: c.speakers for c in _all_chunks(library).values()}
    old_file = tmp_path / "old" / "articlebot.sqlite3"
    _write_old(tmp_path / "current" / "articlebot.sqlite3", old_file, _version_7_schema(), 7)
    # What older rules might have stored: another name for Hamas.
    with sqlite3.connect(old_file) as old:
        old.execute(
            "UPDATE chunks SET sentence_speakers = replace(sentence_speakers, "
            "'\"Hamas\"', '\"Hamas negotiators\"')"
        )

    with _library(tmp_path / "old") as library:
        waiting = library.status("local").chunks_without_speakers
        stale = _all_chunks(library)
        filled = library.fill_speakers("local")
        status = library.status("local")
        refilled = _all_chunks(library)

    assert waiting == len(stale) == filled > 0
    assert any(
        s is not None and s.name == "Hamas negotiators"
        for c in stale.values()
        for s in c.speakers or ()
    )
    assert status.chunks_without_speakers == 0
    assert {c.id: c.speakers for c in refilled.values()} == attributed


def _all_chunks(library: Library) -> dict[int, StoredChunk]:
    generation = library.store.ensure_collection("local").generation
    ids = [int(i) for i in library.store.chunk_ids("local", generation)]
    return library.store.chunks("local", ids)


def test_a_version_1_data_directory_migrates_and_answers_as_before(
    tmp_path: Path, fixture_articles: Path
) -> None:
    before = _answer_then_downgrade(tmp_path, fixture_articles, _write_version_1)

    with _library(tmp_path / "old") as library:
        after = library.ask("local", QUESTION)
        added = library.add_text(
            "local", "A new ferry route opens on Monday between the two towns."
        )
        version = (
            library.store.read()
            .execute("SELECT value FROM meta WHERE key = 'schema_version'")
            .fetchone()[0]
        )

    assert int(version) == SCHEMA_VERSION
    assert after.found and before.found
    assert [q.text for q in after.quotes] == [q.text for q in before.quotes]
    assert added.article.chunk_count >= 1


def test_a_version_3_database_numbers_each_servers_articles_from_1_in_the_order_added(
    tmp_path: Path, fixture_articles: Path
) -> None:
    paths = sorted(fixture_articles.iterdir())
    with _library(tmp_path / "current") as library:
        # Two servers adding in turn: their rows interleave in the one articles table.
        titles = [
            library.add_file("guild-1" if n % 2 == 0 else "guild-2", path).article.title
            for n, path in enumerate(paths)
        ]
    _write_version_1(
        tmp_path / "current" / "articlebot.sqlite3",
        tmp_path / "old" / "articlebot.sqlite3",
    )

    with _library(tmp_path / "old") as library:
        first = library.articles("guild-1")[::-1]  # oldest first
        second = library.articles("guild-2")[::-1]
        removed = library.remove("guild-2", second[-1].id)
        added = library.add_text("guild-2", "The night bus now stops at the hospital as well.")

    assert [a.id for a in first] == list(range(1, len(first) + 1))
    assert [a.id for a in second] == list(range(1, len(second) + 1))
    assert [a.title for a in second] == titles[1::2]
    # A removed number is not given out again: an old answer's "#N" never names another.
    assert added.article.id == removed.id + 1


def test_old_float16_rows_and_new_int8_rows_read_alike(
    tmp_path: Path, fixture_articles: Path
) -> None:
    with _library(tmp_path / "current") as library:
        library.add_file("local", sorted(fixture_articles.iterdir())[0])
    _write_version_1(
        tmp_path / "current" / "articlebot.sqlite3",
        tmp_path / "old" / "articlebot.sqlite3",
    )
    dim = HashingEmbedder().dim
    current = Store(tmp_path / "current" / "articlebot.sqlite3")
    migrated = Store(tmp_path / "old" / "articlebot.sqlite3")
    ids = [row[0] for row in current.read().execute("SELECT id FROM chunks")]
    new_rows, old_rows = current.sentence_vectors(ids, dim), migrated.sentence_vectors(ids, dim)
    assert set(new_rows) == set(old_rows) == set(ids)
    for chunk_id in ids:
        np.testing.assert_allclose(new_rows[chunk_id], old_rows[chunk_id], atol=2e-3)
    current.close()
    migrated.close()


def test_a_database_from_a_newer_version_is_refused_with_a_reason(tmp_path: Path) -> None:
    Store(tmp_path / "articlebot.sqlite3").close()
    db = sqlite3.connect(tmp_path / "articlebot.sqlite3")
    db.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(SCHEMA_VERSION + 1),))
    db.commit()
    db.close()
    with pytest.raises(NewerSchema, match="newer articlebot"):
        Store(tmp_path / "articlebot.sqlite3")


def test_int8_codes_keep_sentence_rankings_at_a_quarter_of_the_size() -> None:
    rng = np.random.default_rng(7)
    vectors = rng.standard_normal((50, 384)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    blob = encode_int8(vectors)
    decoded = decode_int8(blob, 384)
    assert len(blob) == 50 * (384 + 4)
    cosines = np.sum(decoded * vectors, axis=1) / np.linalg.norm(decoded, axis=1)
    assert cosines.min() > 0.999
    query = rng.standard_normal(384).astype(np.float32)
    assert np.argsort(decoded @ query)[-5:].tolist() == np.argsort(vectors @ query)[-5:].tolist()
    assert not decode_int8(encode_int8(np.zeros((2, 384), np.float32)), 384).any()


def test_a_version_5_database_links_its_copies_once_filled_in(tmp_path: Path) -> None:
    story = (
        Path(__file__).parents[2] / "fixtures" / "syndication" / "harbour_bridge.txt"
    ).read_text()
    first, *rest = story.split("\n\n")
    copy = "\n\n".join([f"PORT ALDER (Reuters) — {first}", *rest[:-1]])
    question = "How much will replacing the Harbour Bridge cables cost?"
    with _library(tmp_path / "current") as library:
        library.add_text("local", story, title="Bridge to close", outlet="AP")
        library.add_text("local", copy, title="Bridge shut", outlet="Reuters")
    _write_version_5(
        tmp_path / "current" / "articlebot.sqlite3", tmp_path / "old" / "articlebot.sqlite3"
    )

    with _library(tmp_path / "old") as library:
        unlinked = library.story_copies("local", 2)
        waiting = library.status("local").articles_without_story
        before = library.search("local", question)
        filled = library.fill_stories("local")
        status = library.status("local")
        linked = [(c.number, c.outlet) for c in library.story_copies("local", 2)]
        after = library.search("local", question)
        added = library.add_text(
            "local", "\n\n".join([f"PORT ALDER (Kyodo) — {first}", *rest[:-2]]), outlet="Kyodo"
        )
        third = [c.number for c in library.story_copies("local", added.article.id)]

    assert unlinked == ()  # nothing known until filled in: answers work as before meanwhile
    assert filled == waiting == 2
    assert (status.articles_without_story, status.stories_with_copies) == (0, 1)
    assert linked == [(1, "AP"), (2, "Reuters")]
    # Once linked, a copy's passage that repeats the original's takes no place of its own; the
    # rest keep their order.
    kept = {p.chunk_id for p in after}
    assert len(after) < len(before)
    assert [p.chunk_id for p in after] == [p.chunk_id for p in before if p.chunk_id in kept]
    assert third == [1, 2, 3]


def test_a_version_6_database_numbers_each_servers_feeds_from_1(tmp_path: Path) -> None:
    path = tmp_path / "old" / "articlebot.sqlite3"
    path.parent.mkdir(parents=True)
    old = sqlite3.connect(path)
    old.executescript(_version_6_schema())
    old.execute("INSERT INTO meta VALUES ('schema_version', '6')")
    for name in ("guild-1", "guild-2"):
        old.execute("INSERT INTO collections (name, created_at) VALUES (?, '2026-01-01')", (name,))
    for n, collection in enumerate(("guild-1", "guild-2", "guild-1", "guild-2", "guild-2")):
        old.execute(
            "INSERT INTO feeds (collection, url, interval_s, next_poll_at, added_at) "
            "VALUES (?, ?, 3600, 0, '2026-01-01')",
            (collection, f"https://feeds.example/{n}.xml"),
        )
    old.commit()
    old.close()

    store = Store(path)

    assert [(f.number, f.url[-5:]) for f in store.feeds("guild-2")] == [
        (1, "1.xml"),
        (2, "3.xml"),
        (3, "4.xml"),
    ]
    assert [f.number for f in store.feeds("guild-1")] == [1, 2]
    assert store.delete_feed("guild-1", 2)
    added = store.insert_feed("guild-1", "https://feeds.example/new.xml", None, 3600, None)
    assert added.number == 3  # never reused: "#2" stays the feed removed
    assert store.feed("guild-2", 3) is not None and store.feed("guild-1", 5) is None


def test_a_version_7_database_has_its_speakers_found_again_by_the_fill(tmp_path: Path) -> None:
    with _library(tmp_path / "current") as library:
        library.add_text("local", "The mayor said the bridge would reopen in May.", title="Bridge")
    _write_old(
        tmp_path / "current" / "articlebot.sqlite3",
        tmp_path / "old" / "articlebot.sqlite3",
        _version_7_schema(),
        7,
    )

    store = Store(tmp_path / "old" / "articlebot.sqlite3")

    # Stored by the first rules: every passage waits for the fill, the speakers stay meanwhile.
    assert store.speakers_outdated("local")
    assert store.chunks_without_speakers("local") == store.chunk_count("local", 1) == 1
    store.speakers_found_again("local")
    assert store.chunks_without_speakers("local") == 0
    created = store.ensure_collection("new")  # made by this version: nothing to find again
    assert created.name == "new" and not store.speakers_outdated("new")


def test_a_version_8_database_indexes_the_speakers_it_stored_as_it_opens(
    tmp_path: Path, seed_article: Path
) -> None:
    with _library(tmp_path / "current") as library:
        library.add_file("local", seed_article)
        generation = library.store.ensure_collection("local").generation
        indexed = library.store.spoken_by("local", generation, ["hamas"], 100)
        blinken = library.store.spoken_by("local", generation, ["antony", "blinken"], 100)
    _write_old(
        tmp_path / "current" / "articlebot.sqlite3",
        tmp_path / "old" / "articlebot.sqlite3",
        _version_8_schema(),
        8,
    )
    with sqlite3.connect(tmp_path / "old" / "articlebot.sqlite3") as old:
        assert not old.execute(
            "SELECT name FROM sqlite_master WHERE name = 'speaker_words'"
        ).fetchall()

    store = Store(tmp_path / "old" / "articlebot.sqlite3")

    # No reindex: the speakers stored are indexed by the upgrade itself.
    assert indexed and blinken
    assert store.spoken_by("local", generation, ["hamas"], 100) == indexed
    assert store.spoken_by("local", generation, ["antony", "blinken"], 100) == blinken
    assert store.chunks_without_speakers("local") == 0
