"""Hybrid search over a hand-made collection: passages per article, limits, exclusions, modes."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
import pytest

from retrieval.index.bm25 import LexicalIndex
from retrieval.index.faiss_store import DenseIndex
from retrieval.query.search import SearchConfig, hybrid_search
from retrieval.store.sqlite import StoredChunk
from retrieval.types import Passage, SourceRef

# chunk id: (article id, text, direction of its vector)
CORPUS = {
    1: (10, "The council voted on what the tram line will cost.", [1.0, 0.0, 0.0, 0.0]),
    2: (10, "Tram depot works push the cost of the line up.", [0.9, 0.3, 0.0, 0.0]),
    3: (10, "The tram timetable starts in May.", [0.8, 0.0, 0.4, 0.0]),
    4: (20, "Ferry fares to the harbour islands rise.", [0.1, 1.0, 0.0, 0.0]),
    5: (20, "Harbour ferry crews ask what the tram will cost the port.", [0.2, 0.9, 0.0, 0.3]),
    6: (30, "River clean-up volunteers meet on Sunday.", [0.0, 0.0, 1.0, 0.2]),
}
QUESTION = "What will the tram line cost?"
QUERY = np.array([1.0, 0.0, 0.0, 0.0], dtype=np.float32)


def unit(direction: Sequence[float]) -> npt.NDArray[np.float32]:
    vector = np.asarray(direction, dtype=np.float32)
    return vector / np.linalg.norm(vector)


VECTORS = {chunk_id: unit(direction) for chunk_id, (_, _, direction) in CORPUS.items()}
CHUNKS = {
    chunk_id: StoredChunk(
        id=chunk_id,
        article_id=article_id,
        ordinal=0,
        start=0,
        end=len(text),
        text=text,
        sentences=(),
        source=SourceRef(article_id, f"Article {article_id}", None, None, None),
    )
    for chunk_id, (article_id, text, _) in CORPUS.items()
}


def search(
    config: SearchConfig | None = None, question: str = QUESTION, **options: object
) -> list[Passage]:
    dense = DenseIndex(4)
    ids = np.array(sorted(VECTORS), dtype=np.int64)
    dense.add(ids, np.stack([VECTORS[int(i)] for i in ids]))
    lexical = LexicalIndex((chunk_id, text) for chunk_id, (_, text, _) in CORPUS.items())
    return hybrid_search(
        question,
        QUERY,
        dense,
        lexical,
        lambda wanted: {i: CHUNKS[i] for i in wanted if i in CHUNKS},
        lambda wanted: {i: VECTORS[i] for i in wanted if i in VECTORS},
        config or SearchConfig(),
        **options,  # type: ignore[arg-type]
    )


def articles(passages: list[Passage]) -> list[int]:
    return [p.source.article_id for p in passages]


def test_the_closest_chunks_come_first_and_an_article_gives_only_a_few() -> None:
    passages = search(SearchConfig(passages_per_article=2))
    assert passages[0].chunk_id == 1
    assert articles(passages).count(10) == 2
    assert {20, 30} & set(articles(passages))


def test_a_limit_cuts_the_passages() -> None:
    assert len(search(limit=1)) == 1
    assert len(search(SearchConfig(max_passages=3))) == 3


def test_excluded_articles_never_appear_yet_others_fill_their_place() -> None:
    passages = search(exclude_articles=frozenset({10}))
    assert passages and 10 not in articles(passages)


def test_one_retriever_alone_leaves_the_other_rank_empty() -> None:
    dense_only = search(retrievers="dense")
    assert dense_only and all(p.lexical_rank is None for p in dense_only)
    lexical_only = search(retrievers="lexical")
    assert lexical_only and all(p.dense_rank is None for p in lexical_only)


def test_lexical_candidates_still_carry_their_cosine_with_the_question() -> None:
    by_chunk = {p.chunk_id: p for p in search(retrievers="lexical")}
    assert by_chunk[1].dense_score == pytest.approx(1.0, abs=1e-5)
    assert by_chunk[5].dense_score == pytest.approx(float(VECTORS[5] @ QUERY), abs=1e-5)


def test_nothing_to_find_gives_no_passages() -> None:
    assert search(question="Zeppelin quotas?", retrievers="lexical") == []
    assert search(exclude_articles=frozenset({10, 20, 30})) == []
