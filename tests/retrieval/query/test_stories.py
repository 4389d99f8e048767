"""Copies in answers: one sentence quoted once, from the earliest copy; other outlets named."""

from __future__ import annotations

from retrieval.query.features import Candidate
from retrieval.query.stories import also_reported, credit_copies, prefer_earliest_copies
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


def _candidate(source: SourceRef, text: str) -> Candidate:
    passage = Passage(source.article_id, source, 0, len(text), text, 0.5, 0.5, 1, 1)
    return Candidate(passage, Span(0, len(text)), text, None, False)


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
