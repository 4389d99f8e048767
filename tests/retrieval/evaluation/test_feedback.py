"""Votes on answers come back out as an evaluation set that `eval` can read."""

from __future__ import annotations

from pathlib import Path

from retrieval.evaluation.evaluate import evaluate, load_articles, load_questions
from retrieval.evaluation.feedback import export_feedback
from retrieval.library import Library


def test_votes_export_as_an_evaluation_set(
    hashing_library: Library, tmp_path: Path, fixture_articles: Path
) -> None:
    for path in sorted(fixture_articles.iterdir()):
        hashing_library.add_file("guild-1", path)
    good = hashing_library.ask("guild-1", "How much will the waterfront tram line cost?")
    bad = hashing_library.ask("guild-1", "Which county did Verantis pick?")
    hashing_library.record_feedback("guild-1", good, True, "1001")
    hashing_library.record_feedback("guild-1", bad, False, "1002")
    hashing_library.record_feedback("guild-2", good, True, "1003")  # another server's vote

    result = export_feedback(hashing_library.store, "guild-1", tmp_path / "out")

    assert (result.questions, result.helpful) == (2, 1)
    questions = load_questions(result.questions_path)
    articles = load_articles(result.articles_path)
    assert [q.question for q in questions] == [good.question, bad.question]
    assert list(questions[0].gold) == [str(s.article_id) for s in good.sources]
    assert list(questions[1].gold) == []  # a not-helpful vote names no gold article
    assert {a.id for a in articles} == {str(s.article_id) for s in good.sources}
    assert "410 million" in " ".join(a.text for a in articles)
    raw = result.questions_path.read_text()
    assert "1001" not in raw and "1002" not in raw  # voters are not exported

    # The export is a valid input for the evaluation itself.
    report = evaluate(hashing_library, articles, questions, collection="feedback-eval")
    assert report.questions == 1 and report.ranking.hits_10 == 1.0
