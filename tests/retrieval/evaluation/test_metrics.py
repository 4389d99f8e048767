"""Ranking and answer metrics on hand-made rankings: Hits@k, MRR, percentiles, answer matching."""

from __future__ import annotations

import pytest

from retrieval.evaluation import metrics
from retrieval.types import Passage, SourceRef

RANKINGS = [[1, 2, 3], [4, 5, 6, 7, 8], [9, 10], [11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21]]
GOLDS = [frozenset({1}), frozenset({7, 6}), frozenset({99}), frozenset({21})]


def test_hits_count_a_question_once_its_first_gold_article_is_within_k() -> None:
    assert metrics.hits_at(RANKINGS, GOLDS, 1) == 0.25
    assert metrics.hits_at(RANKINGS, GOLDS, 3) == 0.5
    assert metrics.hits_at(RANKINGS, GOLDS, 4) == 0.5
    assert metrics.hits_at(RANKINGS, GOLDS, 10) == 0.5
    assert metrics.hits_at(RANKINGS, GOLDS, 11) == 0.75
    assert metrics.hits_at([], [], 1) == 0.0


def test_mrr_uses_the_first_gold_article_and_ignores_ranks_beyond_k() -> None:
    # 1/1 + 1/3 (article 6 comes before 7) + 0 + 0 (rank 11 is past 10), over four questions.
    assert metrics.mrr_at(RANKINGS, GOLDS, 10) == pytest.approx((1 + 1 / 3) / 4)
    assert metrics.ranking_metrics(RANKINGS, GOLDS) == metrics.RankingMetrics(
        0.25, 0.5, 0.5, 0.3333
    )


def test_chunk_rankings_collapse_to_unique_articles_in_order() -> None:
    passages = [_passage(chunk, article) for chunk, article in [(1, 5), (2, 3), (3, 5), (4, 8)]]
    assert metrics.collapse_to_articles(passages) == [5, 3, 8]


def test_percentiles_interpolate_between_order_statistics() -> None:
    values = [40.0, 10.0, 30.0, 20.0, 50.0]
    assert metrics.percentile(values, 50) == 30.0
    assert metrics.percentile(values, 95) == pytest.approx(48.0)
    assert metrics.percentile([], 50) == 0.0


@pytest.mark.parametrize(
    ("answer", "text", "expected"),
    [
        ("“Squid Game”", 'Netflix renewed "Squid Game" for a second season.', True),
        ("Biden", "President Biden’s speech drew praise.", True),
        ("5.9", "The quake had a magnitude of 5.9, officials said.", True),
        ("New York", "The new   YORK office opened.", True),
        ("Idaho", "An Idahoan official spoke.", False),
        ("5.9", "The quake had a magnitude of 5.95.", False),
        ("", "anything", False),
    ],
)
def test_answers_match_after_folding_case_quotes_punctuation_and_spaces(
    answer: str, text: str, expected: bool
) -> None:
    assert metrics.answer_in(answer, [text]) is expected


def test_normalised_answers_fold_typographic_quotes_and_apostrophes() -> None:
    assert metrics.normalise_answer("  “O’Neil’s”  Bar! ") == "o neil s bar"
    assert metrics.normalise_answer("U.S.-Mexico") == "u s mexico"


def _passage(chunk_id: int, article_id: int) -> Passage:
    source = SourceRef(article_id, f"Article {article_id}", None, None, None)
    return Passage(chunk_id, source, 0, 1, "x", 0.0, 0.0, None, None)


def test_an_answer_counts_as_written_only_where_a_gold_article_has_its_words_in_order() -> None:
    texts = {
        1: f" {metrics.normalise_answer('Drivers in New Jersey and Oregon may not pump gas.')} ",
        2: f" {metrics.normalise_answer('New Jersey & Oregon ban self-service.')} ",
    }
    assert not metrics.answer_in_gold("New Jersey & Oregon", frozenset({1}), texts)
    assert metrics.answer_in_gold("New Jersey and Oregon", frozenset({1}), texts)
    assert metrics.answer_in_gold("New Jersey & Oregon", frozenset({1, 2}), texts)
    assert metrics.answer_elsewhere("New Jersey & Oregon", frozenset({1}), texts)
    assert not metrics.answer_in_gold("New Jersey", frozenset({3}), texts)  # not stored
