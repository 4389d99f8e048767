"""Syndication through the library: copies stored and linked, removal, bulk adds, fill-in."""

from __future__ import annotations

from pathlib import Path

import pytest

from retrieval.errors import DuplicateArticle
from retrieval.library import Library

STORIES = Path(__file__).parents[2] / "fixtures" / "syndication"
STORY = (STORIES / "harbour_bridge.txt").read_text(encoding="utf-8")
FERRIES = (STORIES / "harbour_ferries.txt").read_text(encoding="utf-8")


def reprint(text: str, byline: str) -> str:
    """Another outlet's copy: its own byline and dateline, the last paragraph cut."""
    first, *paragraphs = text.strip().split("\n\n")
    return "\n\n".join([f"PORT ALDER ({byline}) — {first}", *paragraphs[:-1]])


def _add(library: Library, text: str, title: str, outlet: str, published: str) -> int:
    added = library.add_text("local", text, title=title, outlet=outlet, published=published)
    return added.article.id


def _copies(library: Library, number: int) -> list[tuple[int, str]]:
    return [(c.number, c.outlet_name) for c in library.story_copies("local", number)]


def test_a_reprint_from_another_outlet_is_stored_and_linked(hashing_library: Library) -> None:
    first = _add(hashing_library, STORY, "Harbour Bridge to close", "AP", "2026-03-02")
    second = _add(
        hashing_library,
        reprint(STORY, "By Ana Ruiz, Reuters"),
        "Port Alder shuts its bridge for cable repairs",
        "Reuters",
        "2026-03-03",
    )
    other = _add(hashing_library, FERRIES, "Ferries brace for bridge closure", "AP", "2026-03-03")
    assert hashing_library.count("local") == 3
    assert _copies(hashing_library, second) == [(first, "AP"), (second, "Reuters")]
    assert _copies(hashing_library, first) == _copies(hashing_library, second)
    assert _copies(hashing_library, other) == []  # same topic, another story
    assert hashing_library.story_sizes("local") == [2]


def test_an_exact_copy_is_still_refused(hashing_library: Library) -> None:
    _add(hashing_library, STORY, "Harbour Bridge to close", "AP", "2026-03-02")
    with pytest.raises(DuplicateArticle):
        _add(hashing_library, STORY, "Another headline", "Reuters", "2026-03-03")
    assert hashing_library.count("local") == 1


def test_the_earliest_copy_comes_first_whatever_the_order_added(hashing_library: Library) -> None:
    late = _add(
        hashing_library, reprint(STORY, "By Ana Ruiz"), "Bridge shut", "Reuters", "2026-03-05"
    )
    early = _add(hashing_library, STORY, "Harbour Bridge to close", "AP", "2026-03-02")
    assert _copies(hashing_library, late) == [(early, "AP"), (late, "Reuters")]


def test_removing_the_first_copy_keeps_the_story_together(hashing_library: Library) -> None:
    first = _add(hashing_library, STORY, "Harbour Bridge to close", "AP", "2026-03-02")
    second = _add(hashing_library, reprint(STORY, "By A. Ruiz"), "Shut", "Reuters", "2026-03-03")
    third = _add(hashing_library, reprint(STORY, "By K. Ito"), "Closed", "Kyodo", "2026-03-04")
    hashing_library.remove("local", first)
    assert _copies(hashing_library, third) == [(second, "Reuters"), (third, "Kyodo")]
    # A copy arriving after the first one went still finds the story.
    fourth = _add(hashing_library, reprint(STORY, "By L. Berg"), "Repairs", "TT", "2026-03-05")
    assert [n for n, _ in _copies(hashing_library, fourth)] == [second, third, fourth]


def test_copies_in_one_bulk_add_are_linked(hashing_library: Library) -> None:
    from retrieval.types import ArticleDraft

    drafts = [
        ArticleDraft(text=STORY, title="Bridge to close", outlet="AP", published="2026-03-02"),
        ArticleDraft(text=reprint(STORY, "By Ana Ruiz"), title="Bridge shut", outlet="Reuters"),
    ]
    result = hashing_library.add_drafts("local", drafts)
    assert len(result.added) == 2
    assert len(_copies(hashing_library, result.added[0].id)) == 2


def test_articles_stored_before_syndication_are_linked_by_fill(hashing_library: Library) -> None:
    first = _add(hashing_library, STORY, "Harbour Bridge to close", "AP", "2026-03-02")
    second = _add(hashing_library, reprint(STORY, "By Ana Ruiz"), "Shut", "Reuters", "2026-03-03")
    with hashing_library.store.transaction() as db:  # as an older version left them
        db.execute("DELETE FROM stories")
        db.execute("DELETE FROM story_bands")
    assert _copies(hashing_library, second) == []
    assert hashing_library.fill_stories("local") == 2
    assert _copies(hashing_library, second) == [(first, "AP"), (second, "Reuters")]
    assert hashing_library.fill_stories("local") == 0  # nothing left to do


def test_reindex_links_articles_stored_without_a_story(hashing_library: Library) -> None:
    _add(hashing_library, STORY, "Harbour Bridge to close", "AP", "2026-03-02")
    second = _add(hashing_library, reprint(STORY, "By Ana Ruiz"), "Shut", "Reuters", "2026-03-03")
    with hashing_library.store.transaction() as db:
        db.execute("DELETE FROM stories")
    hashing_library.reindex("local")
    assert len(_copies(hashing_library, second)) == 2


def test_an_answer_quotes_a_story_once_and_lists_the_other_outlet(real_library: Library) -> None:
    first = _add(real_library, STORY, "Harbour Bridge to close", "AP", "2026-03-02")
    _add(
        real_library, reprint(STORY, "Reuters"), "Port Alder shuts bridge", "Reuters", "2026-03-03"
    )
    _add(real_library, FERRIES, "Ferries brace for bridge closure", "AP", "2026-03-03")
    answer = real_library.ask("local", "How much will replacing the Harbour Bridge cables cost?")
    assert answer.found
    quoted = [q.text for q in answer.quotes]
    assert any("214 million dollars" in text for text in quoted)
    assert len(quoted) == len(set(quoted))  # no sentence twice, from two copies
    assert sum("214 million dollars" in text for text in quoted) == 1
    story = next(s for s in answer.sources if s.number == first)  # quoted from the earliest copy
    assert story.also_reported_by == ("Reuters",)
    assert all(q.article_id == story.article_id for q in answer.quotes if "214" in q.text)


def test_a_story_carried_twice_leaves_room_for_other_articles_in_the_passages(
    real_library: Library,
) -> None:
    first = _add(real_library, STORY, "Harbour Bridge to close", "AP", "2026-03-02")
    _add(
        real_library, reprint(STORY, "Reuters"), "Port Alder shuts bridge", "Reuters", "2026-03-03"
    )
    ferries = _add(real_library, FERRIES, "Ferries brace for bridge closure", "AP", "2026-03-03")
    passages = real_library.search("local", "Why is the Harbour Bridge closing to cars?", limit=4)
    numbers = [p.source.number for p in passages]
    assert numbers[0] == first  # the story at its best rank, from the earliest copy
    assert ferries in numbers  # not crowded out by the second copy of the bridge story
    texts = [" ".join(p.text.split()) for p in passages]
    assert not any(a in b or b in a for i, a in enumerate(texts) for b in texts[i + 1 :])
