"""Copies in answers: one sentence quoted once, from the earliest copy; other outlets named."""

from __future__ import annotations

from dataclasses import replace

from retrieval.query.features import Candidate
from retrieval.query.stories import (
    also_reported,
    collapse_copied_passages,
    credit_copies,
    prefer_earliest_copies,
)
from retrieval.types import Answer, Passage, SourceRef, Span, StoryCopy

AP = SourceRef(41, "Bridge to close", None, "AP", "2026-03-02", 1)
REUTERS = SourceRef(42, "Port Alder shuts bridge", None, "Reuters", "2026-03-03", 2)
KYODO = SourceRef(43, "Bridge repairs", "https://www.kyodo.example/a", None, "2026-03-04", 3)
OTHER = SourceRef(44, "Ferries brace", None, "AP", "2026-03-03", 4)
STORY = tuple(
    StoryCopy(s.article_id, s.number, s.title, s.outlet, s.url, s.published, "x")
    for s in (AP, REUTERS, KYODO)
)
COPIES = {copy.key: STORY for copy in STORY}


def _passage(source: SourceRef, text: str) -> Passage:
    return Passage(source.article_id, source, 0, len(text), text, 0.5, 0.5, 1, 1)


def _candidate(source: SourceRef, text: str) -> Candidate:
    return Candidate(_passage(source, text), Span(0, len(text)), text, None, False)


def test_a_sentence_every_copy_holds_is_kept_from_the_earliest_only() -> None:
    cost = "The repair will cost 214 million dollars, officials said."
    candidates = [
        _candidate(REUTERS, f"PORT ALDER (Reuters) — {cost}"),  # retrieved first
        _candidate(KYODO, cost),
        _candidate(AP, cost),
        _candidate(OTHER, cost),  # another story saying the same: kept
        _candidate(REUTERS, "Reuters alone kept this paragraph about the ferries."),
    ]
    kept = prefer_earliest_copies(candidates, COPIES)
    assert [(c.passage.source.number, c.text) for c in kept] == [
        (1, cost),
        (4, cost),
        (2, "Reuters alone kept this paragraph about the ferries."),
    ]


def test_without_links_nothing_is_dropped() -> None:
    candidates = [_candidate(AP, "One sentence here."), _candidate(REUTERS, "One sentence here.")]
    assert prefer_earliest_copies(candidates, {}) == candidates


def test_sources_name_the_other_outlets_and_not_found_shows_one_per_story() -> None:
    found = credit_copies(Answer("q", True, 0.9, (), (AP, OTHER)), COPIES)
    assert [s.also_reported_by for s in found.sources] == [("Reuters", "kyodo.example"), ()]
    assert also_reported(found.sources[0]) == "also reported by Reuters, kyodo.example"
    assert also_reported(found.sources[1]) is None
    closest = credit_copies(Answer("q", False, 0.1, (), (REUTERS, AP, OTHER)), COPIES)
    assert [s.number for s in closest.sources] == [2, 4]
    assert closest.sources[0].also_reported_by == ("AP", "kyodo.example")


CABLES = (
    "The council voted to close the bridge for eighteen months while engineers replace its "
    "corroded cables, a repair officials say will cost 214 million dollars."
)


def test_copies_of_a_passage_take_one_place_at_the_best_rank_from_the_earliest_copy() -> None:
    ranked = [
        _passage(REUTERS, f"PORT ALDER (Reuters) — {CABLES}"),
        _passage(OTHER, "Ferries will run every ten minutes while the bridge is shut."),
        _passage(AP, CABLES),
        _passage(KYODO, CABLES),
        _passage(REUTERS, "Only the Reuters copy kept this paragraph about the toll booths."),
    ]
    kept = collapse_copied_passages(ranked, COPIES)
    assert [(p.source.number, p.text) for p in kept] == [
        (1, CABLES),  # in the place the Reuters copy ranked, from AP, the earliest
        (4, ranked[1].text),
        (2, ranked[4].text),  # what one copy alone says stays
    ]


def test_passages_of_unlinked_articles_are_all_kept() -> None:
    ranked = [_passage(AP, CABLES), _passage(REUTERS, CABLES), _passage(OTHER, CABLES)]
    assert collapse_copied_passages(ranked, {}) == ranked
    # Two passages of one article are never copies of each other.
    same_article = [_passage(AP, CABLES), _passage(AP, CABLES)]
    assert collapse_copied_passages(same_article, COPIES) == same_article


def _sentenced(source: SourceRef, *sentences: str) -> Passage:
    text = " ".join(sentences)
    spans, at = [], 0
    for sentence in sentences:
        spans.append(Span(at, at + len(sentence)))
        at += len(sentence) + 1
    return replace(_passage(source, text), sentences=tuple(spans))


def test_an_update_that_changed_one_statement_keeps_its_passage() -> None:
    opening = "The council debated the harbour tram plan on Tuesday evening."
    closing = "The vote was postponed to a later session after a long debate."
    first = _sentenced(AP, opening, "Mayor Ortiz said the tram plan is worth its cost.", closing)
    update = _sentenced(
        REUTERS, opening, "Mayor Ortiz said the tram plan costs far too much now.", closing
    )
    trimmed = _sentenced(KYODO, opening, closing)  # says nothing the first one does not
    kept = collapse_copied_passages([first, update, trimmed], COPIES)
    assert [p.source.number for p in kept] == [1, 2]
