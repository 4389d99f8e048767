"""Fusing dense and BM25 candidates into one ranking, and leaning it towards recent news."""

from __future__ import annotations

from datetime import date

import pytest

from retrieval.query.fusion import RankedChunk, fuse_ranks, fuse_scores, weigh_by_date

AS_OF = date(2024, 3, 15)


def order(ranked: list[RankedChunk]) -> list[int]:
    return [r.chunk_id for r in ranked]


# -- reciprocal-rank fusion ------------------------------------------------------------------------


def test_a_chunk_both_retrievers_found_outranks_each_retrievers_own_first() -> None:
    ranked = fuse_ranks([1, 2], [3, 2], rrf_k=60)
    assert order(ranked)[0] == 2
    assert set(order(ranked)) == {1, 2, 3}


def test_fused_chunks_remember_their_place_in_each_list() -> None:
    by_id = {r.chunk_id: r for r in fuse_ranks([1, 2], [3, 2], rrf_k=60)}
    assert (by_id[2].dense_rank, by_id[2].lexical_rank) == (2, 2)
    assert (by_id[1].dense_rank, by_id[1].lexical_rank) == (1, None)
    assert (by_id[3].dense_rank, by_id[3].lexical_rank) == (None, 1)


def test_weights_decide_between_the_retrievers_first_places() -> None:
    assert order(fuse_ranks([1], [2], rrf_k=60, dense_weight=2.0)) == [1, 2]
    assert order(fuse_ranks([1], [2], rrf_k=60, lexical_weight=2.0)) == [2, 1]


def test_a_zero_weight_leaves_the_other_retrievers_order() -> None:
    ranked = fuse_ranks([1, 2, 3], [3, 4, 1], rrf_k=60, dense_weight=0.0)
    assert order(ranked)[:3] == [3, 4, 1]


def test_a_small_rrf_k_lets_one_first_place_beat_two_third_places() -> None:
    dense, lexical = [1, 2, 3], [4, 5, 3]
    assert order(fuse_ranks(dense, lexical, rrf_k=60))[0] == 3
    assert order(fuse_ranks(dense, lexical, rrf_k=0.5))[:2] == [1, 4]


def test_rank_fusion_of_one_list_keeps_its_order() -> None:
    assert order(fuse_ranks([7, 3, 9], [], rrf_k=60)) == [7, 3, 9]
    assert order(fuse_ranks([], [7, 3, 9], rrf_k=60)) == [7, 3, 9]
    assert fuse_ranks([], [], rrf_k=60) == []


# -- score fusion ----------------------------------------------------------------------------------


def test_bm25_scores_do_not_swamp_cosines() -> None:
    dense = [(1, 0.90), (2, 0.50), (3, 0.10)]
    lexical = [(2, 12.0), (3, 11.0), (1, 10.0)]
    # Raw sums would put 3 second on its BM25 score alone; normalised, dense's clear favourite is.
    assert order(fuse_scores(dense, lexical)) == [2, 1, 3]


def test_score_fusion_ignores_the_scale_and_offset_of_a_list() -> None:
    dense = [(1, 0.81), (2, 0.62), (3, 0.55), (4, 0.20)]
    lexical = [(3, 9.0), (4, 7.5), (5, 4.0), (1, 1.0)]
    rescaled = [(chunk_id, 100.0 + 40.0 * score) for chunk_id, score in lexical]
    assert order(fuse_scores(dense, lexical)) == order(fuse_scores(dense, rescaled))


def test_score_fusion_weights_shift_the_order() -> None:
    dense = [(1, 0.9), (2, 0.1)]
    lexical = [(2, 8.0), (1, 2.0)]
    assert order(fuse_scores(dense, lexical, dense_weight=2.0)) == [1, 2]
    assert order(fuse_scores(dense, lexical, lexical_weight=2.0)) == [2, 1]


def test_score_fusion_of_one_list_keeps_its_order() -> None:
    hits = [(7, 3.0), (3, 2.0), (9, 1.0)]
    assert order(fuse_scores(hits, [])) == [7, 3, 9]
    assert order(fuse_scores([], hits)) == [7, 3, 9]
    assert fuse_scores([], []) == []


# -- date weighting --------------------------------------------------------------------------------


def ranked_by_dense(ids: list[int]) -> list[RankedChunk]:
    return fuse_ranks(ids, [], rrf_k=60)


def test_a_recent_article_moves_up_near_the_questions_date() -> None:
    ranked = ranked_by_dense([1, 2, 3])
    published = {1: "2023-03-01", 2: "2023-02-01", 3: "2024-03-14T09:00:00+00:00"}
    weighted = weigh_by_date(ranked, published, AS_OF, weight=0.5, scale_days=30)
    assert order(weighted) == [3, 1, 2]


def test_a_stronger_date_weight_moves_a_recent_article_further() -> None:
    ranked = ranked_by_dense([1, 2, 3, 4, 5])
    published = {i: "2023-01-01" for i in range(1, 5)} | {5: "2024-03-10"}

    def place_of_recent(weight: float) -> int:
        weighted = weigh_by_date(ranked, published, AS_OF, weight=weight, scale_days=30)
        return order(weighted).index(5)

    assert place_of_recent(0.0) > place_of_recent(0.02) > place_of_recent(0.5)


def test_without_dates_the_order_is_unchanged() -> None:
    ranked = ranked_by_dense([4, 1, 3, 2])
    for published in ({}, {1: None, 2: "", 3: "not a date", 4: None}):
        weighted = weigh_by_date(ranked, published, AS_OF, weight=0.8, scale_days=30)
        assert order(weighted) == [4, 1, 3, 2]


def test_a_zero_date_weight_changes_nothing() -> None:
    ranked = ranked_by_dense([1, 2, 3])
    published = {1: "2001-01-01", 2: "2012-06-01", 3: "2024-03-15"}
    weighted = weigh_by_date(ranked, published, AS_OF, weight=0.0, scale_days=30)
    assert weighted == ranked


def test_an_undated_article_is_neither_favoured_nor_penalised() -> None:
    # Two dated articles, one close and one far; the undated one sits between them in time.
    ranked = [RankedChunk(1, 1.0, 1, None), RankedChunk(2, 1.0, 2, None)]
    ranked += [RankedChunk(3, 1.0, 3, None)]
    published = {1: "2024-03-15", 2: None, 3: "2020-03-15"}
    weighted = weigh_by_date(ranked, published, AS_OF, weight=0.5, scale_days=30)
    assert order(weighted) == [1, 2, 3]


def test_date_weighting_an_empty_ranking_is_empty() -> None:
    assert weigh_by_date([], {}, AS_OF, weight=0.5, scale_days=30) == []


@pytest.mark.parametrize("days", [5, -5])
def test_closeness_counts_days_either_side_of_the_question(days: int) -> None:
    # An article dated after the question (a follow-up, a time zone) is as close as one before.
    ranked = ranked_by_dense([1, 2])
    near = date.fromordinal(AS_OF.toordinal() + days).isoformat()
    weighted = weigh_by_date(ranked, {1: "2023-06-01", 2: near}, AS_OF, weight=0.5, scale_days=30)
    assert order(weighted) == [2, 1]
