"""Who said it on the command line: speakers in `ask`, `ask --json`, `status` and the fill."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.cli import main

# These build a Library the way the CLI does, so they load the real model.
pytestmark = pytest.mark.model


def _ask_json(data: Path, question: str, capsys: pytest.CaptureFixture[str]) -> dict[str, object]:
    assert main(["--data-dir", str(data), "ask", "--json", question]) == 0
    payload: dict[str, object] = json.loads(capsys.readouterr().out)
    return payload


def test_ask_json_gives_each_quote_its_speaker_or_null(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], seed_article: Path
) -> None:
    data = tmp_path / "data"
    assert main(["--data-dir", str(data), "add", str(seed_article)]) == 0
    capsys.readouterr()

    posted = _ask_json(data, "What did Blinken post on X?", capsys)
    ceasefire = _ask_json(data, "What did Hamas say about a ceasefire?", capsys)
    embassy = _ask_json(data, "What did the embassy say about Hezbollah?", capsys)
    took_off = _ask_json(data, "When did Blinken take off for Israel?", capsys)

    assert isinstance(posted["quotes"], list) and isinstance(took_off["quotes"], list)
    assert posted["quotes"][0]["speaker"] == {
        "written": "The Secretary of State",
        "name": "Antony Blinken",
        "role": "US Secretary of State",
    }
    assert posted["asked_speaker"] == "Blinken" and posted["speaker_found"] is True
    assert isinstance(ceasefire["quotes"], list) and isinstance(embassy["quotes"], list)
    assert ceasefire["quotes"][0]["speaker"]["name"] == "Hamas"
    assert "immediate" in ceasefire["quotes"][0]["text"]
    assert "Resolution 1701" in embassy["quotes"][0]["text"]
    assert embassy["quotes"][0]["speaker"]["name"] == "US Embassy in Israel"
    narration = next(q for q in took_off["quotes"] if "took off" in q["text"])
    assert narration["speaker"] is None
    assert took_off["asked_speaker"] is None


def test_the_terminal_names_the_speaker_and_says_when_there_is_no_statement(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], seed_article: Path
) -> None:
    data = tmp_path / "data"
    assert main(["--data-dir", str(data), "add", str(seed_article)]) == 0
    capsys.readouterr()
    assert main(["--data-dir", str(data), "ask", "What did the embassy say about Hezbollah?"]) == 0
    shown = " ".join(capsys.readouterr().out.split())
    assert "the US Embassy stated.” — US Embassy in Israel, in [1]" in shown
    assert main(["--data-dir", str(data), "ask", "What did Netanyahu say about Gaza?"]) == 0
    shown = " ".join(capsys.readouterr().out.split())
    assert "No statement by Netanyahu on this in these articles. Here is what others said:" in shown


def test_status_counts_passages_without_speakers_until_the_fill(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    seed_article: Path,
) -> None:
    data = tmp_path / "data"
    monkeypatch.setenv("ARTICLEBOT_SPEAKER_ATTRIBUTION", "false")  # as older versions stored
    assert main(["--data-dir", str(data), "add", str(seed_article)]) == 0
    monkeypatch.delenv("ARTICLEBOT_SPEAKER_ATTRIBUTION")
    capsys.readouterr()
    assert main(["--data-dir", str(data), "status"]) == 0
    shown = " ".join(capsys.readouterr().out.split())
    assert "passages have no speakers yet, or ones older rules found: run reindex" in shown
    assert main(["--data-dir", str(data), "reindex", "--entities-only"]) == 0
    assert "nothing was re-embedded" in capsys.readouterr().out
    assert main(["--data-dir", str(data), "status", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["chunks_without_speakers"] == 0
    posted = _ask_json(data, "What did Blinken post on X?", capsys)
    assert isinstance(posted["quotes"], list)
    assert posted["quotes"][0]["speaker"]["name"] == "Antony Blinken"


def test_eval_speakers_reports_first_quotes_with_and_without_and_attribution(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], seed_article: Path
) -> None:
    text = seed_article.read_text(encoding="utf-8")
    hamas = text.index("Last month, Hamas")
    articles = tmp_path / "articles.jsonl"
    articles.write_text(
        json.dumps({"id": "tram", "title": "Tram vote", "text": TRAM}) + "\n", encoding="utf-8"
    )
    questions = tmp_path / "questions.jsonl"
    questions.write_text(
        json.dumps(
            {
                "question": "What did Blinken post on X?",
                "speaker": "Blinken",
                "article": "seed",
                "start": text.index("The Secretary of State posted"),
                "end": text.index("The trip is") - 2,
            }
        )
        + "\n",
        encoding="utf-8",
    )
    sample = tmp_path / "sample.jsonl"
    sample.write_text(
        json.dumps({"article": "seed", "start": hamas, "end": len(text), "speaker": "Hamas"})
        + "\n",
        encoding="utf-8",
    )
    argv = ["--data-dir", str(tmp_path / "data"), "eval-speakers", str(articles), str(questions)]
    assert (
        main([*argv, "--sample", str(sample), "--seed-article", str(seed_article), "--json"]) == 0
    )
    report = json.loads(capsys.readouterr().out)
    assert report["questions"] == 1
    # The post never names Blinken: without the feature the embassy's statement comes first.
    assert (report["first_quote_with"], report["first_quote_without"]) == (1.0, 0.0)
    # How long the quote read runs is reported beside the share it scores.
    assert report["first_quote_chars_with"] == len(report["results"][0]["first_quote"]) > 0
    assert report["attribution"]["precision"] == report["attribution"]["recall"] == 1.0


def test_eval_speakers_scores_several_sets_a_row_each_and_lists_misses(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], seed_article: Path
) -> None:
    text = seed_article.read_text(encoding="utf-8")
    articles = tmp_path / "articles.jsonl"
    articles.write_text(
        json.dumps({"id": "tram", "title": "Tram vote", "text": TRAM}) + "\n", encoding="utf-8"
    )
    post = text.index("The Secretary of State posted")
    case = {
        "speaker": "Blinken",
        "article": "seed",
        "start": post,
        "end": text.index("The trip is") - 2,
    }
    hits = tmp_path / "hits.jsonl"
    hits.write_text(json.dumps({**case, "question": "What did Blinken post on X?"}) + "\n")
    # The tram mayor's statement is not what a question about the weather in Gaza quotes.
    mayor = TRAM.index("Mayor Ines")
    end = TRAM.index("bridge.") + len("bridge.")
    misses = tmp_path / "misses.jsonl"
    misses.write_text(
        json.dumps(
            {
                "question": "How did the Swiss mountain guide describe the avalanche?",
                "speaker": "Ines Duarte",
                "article": "tram",
                "start": mayor,
                "end": end,
            }
        )
        + "\n"
    )
    argv = ["--data-dir", str(tmp_path / "data"), "eval-speakers", str(articles)]
    sets = [str(hits), str(misses), "--seed-article", str(seed_article)]
    assert main([*argv, *sets, "--misses"]) == 0
    shown = " ".join(capsys.readouterr().out.split())
    assert "hits │ 1 │ 1.000" in shown and "misses │ 1 │ 0.000" in shown
    assert "misses: How did the Swiss mountain guide describe the avalanche?" in shown
    assert "hits: What did Blinken post" not in shown
    # Each set's misses are counted by where they went wrong, before they are listed.
    assert "hits: 0 missed (none)" in shown
    assert "misses: 1 missed (name matched none 1)" in shown
    assert main([*argv, *sets, "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["sets"][str(hits)]["first_quote_with"] == 1.0
    assert report["sets"][str(misses)]["first_quote_with"] == 0.0
    assert report["sets"][str(misses)]["misses"] == {"name matched none": 1}


TRAM = (
    "The harbour council approved the tram line on Tuesday after a long debate. Mayor Ines "
    "Duarte said the line would open in 2026 and cost less than the bridge. Opponents said the "
    "budget was too optimistic and asked for a second study of the route."
)


def test_a_quote_that_opens_with_its_own_marks_is_printed_in_no_second_pair(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fixture_articles: Path
) -> None:
    data = tmp_path / "data"
    assert (
        main(["--data-dir", str(data), "add", str(fixture_articles / "harbor-tram-vote.md")]) == 0
    )
    capsys.readouterr()
    assert main(["--data-dir", str(data), "ask", "What did Ray Okafor say about the tram?"]) == 0
    shown = " ".join(capsys.readouterr().out.split())
    assert '"We are buying a postcard, not a transit system," Okafor said' in shown
    assert '“"We are buying' not in shown


def _speaker_set(folder: Path, articles: Path, article: str, sentence: str) -> Path:
    """Write a one-question speaker set whose expected sentence is found in the article."""
    text = next(
        json.loads(line)["text"]
        for line in articles.read_text(encoding="utf-8").splitlines()
        if json.loads(line)["id"] == article
    )
    start = text.index(sentence)
    record = {
        "question": "What did Okafor say about the tram?",
        "speaker": "Ray Okafor",
        "article": article,
        "start": start,
        "end": start + len(sentence),
    }
    path = folder / "speaker_questions.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    return path


def test_eval_speakers_reads_the_articles_of_the_quiz_weeks_sampled(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fixture_articles: Path
) -> None:
    from tests.bot.cli.test_train import _write_set

    articles, quiz = _write_set(tmp_path, fixture_articles)
    okafor = '"We are buying a postcard, not a transit system," Okafor said during the session.'
    questions = _speaker_set(tmp_path, articles, "harbor-tram-vote", okafor)
    data = ["--data-dir", str(tmp_path / "data")]
    args = [*data, "eval-speakers", str(articles), str(questions), "--json"]
    assert main([*args, "--weeks", "3", "--quiz", str(quiz)]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["questions"] == 1 and report["first_quote_with"] == 1.0
    # Without the quiz to sample from, the sample cannot be drawn.
    assert main([*args, "--weeks", "3"]) == 1
    assert "--weeks needs --quiz" in capsys.readouterr().err


def test_eval_speakers_scores_a_sample_outside_the_quiz_weeks_sampled(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fixture_articles: Path
) -> None:
    """A labelled sample may point at any article of the file, not only those of the quiz
    weeks --weeks draws for the questions."""
    from retrieval.evaluation.evaluate import load_articles, load_questions
    from retrieval.evaluation.sampling import sample_weeks
    from tests.bot.cli.test_train import _write_set

    articles, quiz = _write_set(tmp_path, fixture_articles)
    every = load_articles(articles)
    sampled, _ = sample_weeks(every, load_questions(quiz), 3, 7)
    left_out = next(a for a in every if a.id not in {s.id for s in sampled})
    first = left_out.text.split("\n")[0].strip()
    start = left_out.text.index(first)
    sample = tmp_path / "sample.jsonl"
    labelled = {"article": left_out.id, "start": start, "end": start + len(first)}
    sample.write_text(json.dumps({**labelled, "speaker": None}) + "\n", encoding="utf-8")
    okafor = '"We are buying a postcard, not a transit system," Okafor said during the session.'
    questions = _speaker_set(tmp_path, articles, "harbor-tram-vote", okafor)
    argv = ["--data-dir", str(tmp_path / "data"), "eval-speakers", str(articles), str(questions)]
    weeks = ["--weeks", "3", "--quiz", str(quiz), "--sample", str(sample), "--json"]
    assert main([*argv, *weeks]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["attribution"]["sentences"] == 1
