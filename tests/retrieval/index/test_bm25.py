"""The BM25 index: scores as the reference implementation gives them, kept right as it grows."""

from __future__ import annotations

from pathlib import Path

import bm25s
import numpy as np
import pytest
import Stemmer

from config import Settings
from embeddings.hashing import HashingEmbedder
from retrieval.index import bm25 as lexical
from retrieval.index.bm25 import LexicalIndex
from retrieval.library import Library
from retrieval.query.answer import FUNCTION_WORDS

Rows = list[tuple[int, str]]
QUESTIONS = [
    "Where will Verantis build its chip packaging plant?",
    "How many jobs did the company promise?",
    "drought coffee prices growers",
    "What did the council decide about the tram?",
    "river cleanup volunteers",
]


@pytest.fixture
def paragraphs(fixture_articles: Path) -> Rows:
    """The fixture articles' paragraphs as (chunk id, text) rows."""
    texts = [p.read_text() for p in sorted(fixture_articles.iterdir())]
    found = [p for t in texts for p in t.split("\n\n") if len(p.split()) > 5]
    return [(1000 + i, p) for i, p in enumerate(found)]


def _reference(rows: list[tuple[int, str]], question: str, k: int) -> dict[int, float]:
    """Top-k chunk ids and scores from bm25s, the reference BM25 (Lucene variant)."""
    stemmer = Stemmer.Stemmer("english")
    retriever = bm25s.BM25()
    corpus = bm25s.tokenize([t for _, t in rows], stopwords="en", stemmer=stemmer)
    retriever.index(corpus, show_progress=False)
    query = bm25s.tokenize([question], stopwords="en", stemmer=stemmer, return_ids=False)[0]
    known = [t for t in query if t in retriever.vocab_dict]
    positions, scores = retriever.retrieve([known], k=k, show_progress=False)
    return {rows[p][0]: float(s) for p, s in zip(positions[0], scores[0], strict=True) if s > 0}


def _as_dict(index: LexicalIndex, question: str, k: int = 5) -> dict[int, float]:
    hits = index.search(question, k)
    return dict(zip(hits.ids.tolist(), hits.scores.tolist(), strict=True))


@pytest.mark.parametrize("question", QUESTIONS)
def test_scores_match_the_reference_bm25(question: str, paragraphs: Rows) -> None:
    rows = paragraphs
    found = _as_dict(LexicalIndex(rows), question)
    expected = _reference(rows, question, 5)
    assert found
    assert list(found) == list(expected)
    assert np.allclose(list(found.values()), list(expected.values()), rtol=1e-4)


@pytest.mark.parametrize("question", QUESTIONS)
def test_an_index_grown_article_by_article_scores_like_one_built_at_once(
    question: str, paragraphs: Rows
) -> None:
    rows = paragraphs
    grown = LexicalIndex(rows[:3])
    for start in range(3, len(rows), 2):
        grown.add(rows[start : start + 2])
    assert grown.segment_count <= lexical.MAX_SMALL_SEGMENTS
    built = _as_dict(LexicalIndex(rows), question)
    assert list(_as_dict(grown, question)) == list(built)
    assert np.allclose(list(_as_dict(grown, question).values()), list(built.values()), rtol=1e-4)


def test_a_large_build_is_split_into_bounded_segments(
    monkeypatch: pytest.MonkeyPatch, paragraphs: Rows
) -> None:
    monkeypatch.setattr(lexical, "SEGMENT_DOCS", 8)
    rows = paragraphs
    index = LexicalIndex(rows)
    assert index.segment_count == -(-len(rows) // 8)
    for question in QUESTIONS:
        expected = _reference(rows, question, 5)
        found = _as_dict(index, question)
        assert list(found) == list(expected)
        assert np.allclose(list(found.values()), list(expected.values()), rtol=1e-4)


def test_removed_chunks_are_never_returned_and_compaction_restores_exact_scores(
    paragraphs: Rows,
) -> None:
    rows = paragraphs
    index = LexicalIndex(rows)
    question = "Where will Verantis build its chip packaging plant?"
    top = index.search(question, 1).ids[0]
    index.remove([int(top)])
    assert int(top) not in index.search(question, len(rows)).ids
    assert len(index) == len(rows) - 1
    # Past the tombstone share the segment is rewritten and statistics are exact again.
    gone = {int(top)} | {i for i, _ in rows[: int(len(rows) * 0.3)]}
    index.remove(gone)
    kept = [r for r in rows if r[0] not in gone]
    assert _as_dict(index, question) == pytest.approx(_as_dict(LexicalIndex(kept), question))


def test_questions_of_stop_words_or_unknown_words_find_nothing(paragraphs: Rows) -> None:
    index = LexicalIndex(paragraphs)
    assert len(index.search("what is the", 5).ids) == 0
    assert len(index.search("zyxwvut qqqq", 5).ids) == 0
    assert len(LexicalIndex().search("Verantis", 5).ids) == 0


def test_repeated_words_count_once_in_the_question(paragraphs: Rows) -> None:
    index = LexicalIndex(paragraphs)
    assert _as_dict(index, "Verantis Verantis plant") == _as_dict(index, "Verantis plant")


def test_an_added_article_is_searchable_without_rebuilding_the_index(
    hashing_library: Library, fixture_articles: Path
) -> None:
    for path in sorted(fixture_articles.iterdir()):
        hashing_library.add_file("local", path)
    live = hashing_library.live_index("local")
    assert live is not None
    before = hashing_library.indexes.lexical("local", live)
    added = hashing_library.add_text(
        "local", "Quillfeather Bakery opened a second shop on Mercer Street this week."
    ).article.id
    live = hashing_library.live_index("local")
    assert live is not None
    after = hashing_library.indexes.lexical("local", live)
    assert after is before  # grown in place, not rebuilt from the database
    best = hashing_library.search("local", "Quillfeather bakery", retrievers="lexical")[0]
    assert best.source.article_id == added
    hashing_library.remove("local", added)
    assert all(
        p.source.article_id != added
        for p in hashing_library.search("local", "Quillfeather bakery", retrievers="lexical")
    )


def test_coverage_weighs_the_rare_words_of_a_question_more_than_the_common_ones(
    paragraphs: Rows,
) -> None:
    index = LexicalIndex(paragraphs)
    question = "Did the council promise new jobs?"  # "jobs" is in one paragraph, "council" in 4
    assert index.coverage(question, "The council promised new jobs.", FUNCTION_WORDS) == 1.0
    without_rare = index.coverage(question, "The council promised new homes.", FUNCTION_WORDS)
    without_common = index.coverage(question, "They promised new jobs.", FUNCTION_WORDS)
    assert 0 < without_rare < without_common < 1
    assert index.coverage(question, "Coffee prices rose.", FUNCTION_WORDS) == 0.0


def test_coverage_skips_words_that_name_no_topic(paragraphs: Rows) -> None:
    index = LexicalIndex(paragraphs)
    question = "What did Verantis say?"
    assert index.coverage(question, "Verantis announced a plant.", FUNCTION_WORDS) == 1.0
    assert index.coverage(question, "Verantis announced a plant.") < 1.0
    assert index.coverage("what did they say", "Verantis", FUNCTION_WORDS) == 0.0


def test_a_word_no_article_uses_weighs_most(paragraphs: Rows) -> None:
    index = LexicalIndex(paragraphs)
    assert index.coverage("Verantis Zorblatt", "Verantis") < 0.5


def test_a_saved_index_loads_with_its_segments_and_tombstones(
    tmp_path: Path, paragraphs: Rows
) -> None:
    rows = paragraphs
    index = LexicalIndex(rows[:10])
    index.add(rows[10:])
    index.remove([rows[0][0]])
    path = tmp_path / "c.bm25"
    index.save(path, {"revision": 7})
    loaded, fields = LexicalIndex.load(path)
    assert fields["revision"] == 7
    assert loaded.segment_count == index.segment_count and len(loaded) == len(index)
    for question in QUESTIONS:
        assert _as_dict(loaded, question) == _as_dict(index, question)


def test_a_damaged_or_foreign_bm25_file_is_refused(tmp_path: Path, paragraphs: Rows) -> None:
    path = tmp_path / "c.bm25"
    LexicalIndex(paragraphs).save(path, {})
    with pytest.raises(lexical.LexicalFileError):
        LexicalIndex.load(path, stemming=False)
    path.write_bytes(path.read_bytes()[:100])
    with pytest.raises(lexical.LexicalFileError):
        LexicalIndex.load(path)
    with pytest.raises(lexical.LexicalFileError):
        LexicalIndex.load(tmp_path / "missing.bm25")


def test_a_restarted_library_reads_bm25_from_its_file_not_the_database(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, fixture_articles: Path
) -> None:
    with Library(settings, embedder=HashingEmbedder()) as library:
        for path in sorted(fixture_articles.iterdir()):
            library.add_file("local", path)
        library.search("local", "Verantis plant")  # builds BM25 and writes its file
        added = library.add_text("local", "Quillfeather Bakery opened on Mercer Street.")
    with Library(settings, embedder=HashingEmbedder()) as library:
        monkeypatch.setattr(
            library.store, "chunk_texts", lambda *a: pytest.fail("BM25 rebuilt from the database")
        )
        best = library.search("local", "Quillfeather bakery", retrievers="lexical")[0]
        assert best.source.article_id == added.article.id


def test_a_stale_bm25_file_is_rebuilt(settings: Settings, fixture_articles: Path) -> None:
    with Library(settings, embedder=HashingEmbedder()) as library:
        for path in sorted(fixture_articles.iterdir()):
            library.add_file("local", path)
        library.search("local", "Verantis plant")
        file = library.indexes.lexical_path("local")
        old = file.read_bytes()
        added = library.add_text("local", "Quillfeather Bakery opened on Mercer Street.")
    file.write_bytes(old)  # as if the process died before writing the newer file
    with Library(settings, embedder=HashingEmbedder()) as library:
        best = library.search("local", "Quillfeather bakery", retrievers="lexical")[0]
        assert best.source.article_id == added.article.id
