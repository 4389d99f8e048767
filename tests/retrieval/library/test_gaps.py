"""The gap queue: unanswered questions and unhelpful answers, grouped, with the closest articles."""

from __future__ import annotations

from pathlib import Path

import pytest

from retrieval.library import Library
from retrieval.library.gaps import group_entries
from retrieval.store.gap_table import UNANSWERED_KEPT, GapEntry

GUILD = "guild-1"
OTHER = "guild-2"


def entry(question: str, kind: str = "not covered", at: str = "2026-01-01T00:00:00") -> GapEntry:
    return GapEntry(question, "not covered" if kind == "not covered" else "not helpful", at)


def test_near_identical_wordings_are_one_gap_and_others_stay_apart() -> None:
    entries = [  # newest first, as the store returns them
        entry("what did council decide on the tram", at="2026-01-03T00:00:00"),
        entry("Who won the regional football final?", at="2026-01-02T12:00:00"),
        entry("What did the council decide about the tram?", "not helpful", "2026-01-02"),
        entry("What did the council decide about the tram?", at="2026-01-01T00:00:00"),
        entry("What did the council decide about the trams?", at="2026-01-01T00:00:00"),
    ]

    gaps = group_entries(entries)

    assert [g.asked for g in gaps] == [4, 1]
    tram = gaps[0]
    assert tram.question == "What did the council decide about the tram?"  # the most asked
    assert tram.not_covered == 3 and tram.not_helpful == 1
    assert tram.last_at == "2026-01-03T00:00:00"
    assert set(tram.wordings) == {
        "what did council decide on the tram",
        "What did the council decide about the trams?",
    }
    assert gaps[1].question == "Who won the regional football final?"


def test_equally_asked_gaps_list_the_latest_first() -> None:
    gaps = group_entries(
        [entry("How tall is the lighthouse?", at="2026-02-01"), entry("Who owns the ferry?")]
    )

    assert [g.question for g in gaps] == ["How tall is the lighthouse?", "Who owns the ferry?"]


def test_gaps_combine_unanswered_questions_and_unhelpful_votes_with_closest_articles(
    hashing_library: Library, fixture_articles: Path
) -> None:
    for path in sorted(fixture_articles.iterdir()):
        hashing_library.add_file(GUILD, path)
    question = "How many tonnes of plastic came out of the Serra river?"
    hashing_library.record_unanswered(GUILD, question)
    hashing_library.record_unanswered(
        GUILD, "how many tonnes of plastic came out of the serra river"
    )
    answered = hashing_library.ask(GUILD, question)
    hashing_library.record_feedback(GUILD, answered, False, "42")
    hashing_library.record_feedback(GUILD, answered, True, "43")  # helpful: not a gap
    hashing_library.record_unanswered(OTHER, "Something else entirely?")

    [gap] = hashing_library.gaps(GUILD)

    assert gap.asked == 3 and gap.not_covered == 2 and gap.not_helpful == 1
    assert gap.closest, "the closest articles are named"
    titles = [s.title for s in gap.closest]
    assert len(titles) == len(set(titles)) <= 3
    assert any("plastic" in t.lower() or "river" in t.lower() for t in titles), titles


def test_the_queue_keeps_the_newest_questions_per_collection(
    hashing_library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("retrieval.store.gap_table.UNANSWERED_KEPT", 3)
    for n in range(5):
        hashing_library.record_unanswered(GUILD, f"Question number {n} about topic {n}?")
    hashing_library.record_unanswered(OTHER, "Kept in the other server?")

    questions = [e.question for e in hashing_library.store.gap_entries(GUILD)]

    assert sorted(questions) == [f"Question number {n} about topic {n}?" for n in (2, 3, 4)]
    assert len(hashing_library.store.gap_entries(OTHER)) == 1
    assert UNANSWERED_KEPT >= 1000  # the real cap leaves room for a busy server's month


def test_the_queue_is_deleted_with_the_servers_data(hashing_library: Library) -> None:
    hashing_library.record_unanswered(GUILD, "Who opened the new bridge?")
    hashing_library.record_unanswered(OTHER, "Who opened the new bridge?")

    hashing_library.delete_collection(GUILD, for_good=True)

    assert hashing_library.gaps(GUILD) == []
    assert len(hashing_library.gaps(OTHER)) == 1


def test_a_vote_on_a_not_covered_answer_is_not_counted_twice(hashing_library: Library) -> None:
    answer = hashing_library.ask(GUILD, "Who opened the new bridge?")  # no articles: not covered
    assert not answer.found and not answer.quotes
    hashing_library.record_unanswered(GUILD, answer.question)
    hashing_library.record_feedback(GUILD, answer, False, "42")

    [gap] = hashing_library.gaps(GUILD)

    assert (gap.asked, gap.not_covered, gap.not_helpful) == (1, 1, 0)


def test_a_question_the_articles_answer_now_leaves_the_queue(
    real_library: Library, fixture_articles: Path
) -> None:
    covered_later = "How much will the waterfront tram cost?"
    never_covered = "Who won the regional football final?"
    real_library.add_file(GUILD, fixture_articles / "coffee-drought.md")
    for question in (covered_later, covered_later, never_covered):
        real_library.record_unanswered(GUILD, question)
    assert [g.question for g in real_library.gaps(GUILD)] == [covered_later, never_covered]

    real_library.add_file(GUILD, fixture_articles / "harbor-tram-vote.md")

    assert real_library.ask(GUILD, covered_later).found
    [left] = real_library.gaps(GUILD)
    assert left.question == never_covered
    assert [s.title for s in left.closest]  # still shows what comes nearest


def test_clearing_empties_the_queue_and_keeps_the_votes_for_export(
    hashing_library: Library, fixture_articles: Path
) -> None:
    for path in sorted(fixture_articles.iterdir()):
        hashing_library.add_file(GUILD, path)
    question = "How many tonnes of plastic came out of the Serra river?"
    hashing_library.record_unanswered(GUILD, "Who won the regional football final?")
    answered = hashing_library.ask(GUILD, question)
    hashing_library.record_feedback(GUILD, answered, False, "42")
    hashing_library.record_unanswered(OTHER, "Kept in the other server?")
    assert len(hashing_library.store.gap_entries(GUILD)) == 2

    assert hashing_library.clear_gaps(GUILD) == 2

    assert hashing_library.gaps(GUILD) == []
    assert len(hashing_library.gaps(OTHER)) == 1
    assert len(hashing_library.store.feedback(GUILD)) == 1  # the export still has it
    hashing_library.record_feedback(GUILD, answered, False, "43")  # voted after: listed
    [gap] = hashing_library.gaps(GUILD)
    assert (gap.question, gap.not_helpful) == (question, 1)
