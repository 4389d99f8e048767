"""Follow-up figures: the pairs file, matching the expected sentence, and the command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot import cli
from bot.cli import opening
from config import Settings
from embeddings import Embedder
from retrieval.errors import InvalidInput
from retrieval.evaluation.data import EvalArticle, load_articles
from retrieval.evaluation.followups import holds, load_pairs
from retrieval.library import Library
from retrieval.types import Answer, Quote

PAIRS = Path(__file__).resolve().parents[3] / "eval" / "followups" / "pairs.jsonl"
RTQA_DEV = Path(__file__).resolve().parents[4] / "shared" / "eval" / "rtqa-dev"
SENTENCE = "Semiconductor firm Verantis will build its first advanced chip packaging plant"


@pytest.mark.skipif(not RTQA_DEV.is_dir(), reason="the shared rtqa-dev set is not present")
def test_the_shipped_pairs_point_at_whole_sentences_of_the_dev_articles() -> None:
    articles = load_articles(RTQA_DEV / "articles.jsonl")
    texts = {a.id: a.text for a in articles}

    pairs = load_pairs(PAIRS, articles)

    assert len(pairs) >= 30
    assert len({p.follow_up for p in pairs}) == len(pairs)
    for pair in pairs:
        text = texts[pair.article]
        sentence = text[pair.start : pair.end]
        assert sentence == sentence.strip() and sentence[-1] in '.?!”"', sentence
        before = text[: pair.start].rstrip()
        assert not before or before[-1] in '.?!”"\n' or text[pair.start - 1] == "\n", sentence


def test_pairs_with_unknown_articles_or_offsets_are_refused(tmp_path: Path) -> None:
    articles = [EvalArticle("a1", "Plant", "One sentence. Two sentences.")]
    path = tmp_path / "pairs.jsonl"
    for record, message in (
        ({"first": "q", "follow_up": "f", "article": "zz", "start": 0, "end": 3}, "not in the"),
        ({"first": "q", "follow_up": "f", "article": "a1", "start": 5, "end": 99}, "offsets"),
        ({"first": "q", "follow_up": "f", "article": "a1"}, "needs 'start'"),
    ):
        path.write_text(json.dumps(record) + "\n", encoding="utf-8")
        with pytest.raises(InvalidInput, match=message):
            load_pairs(path, articles)


def test_the_first_quote_holds_the_sentence_whatever_its_whitespace() -> None:
    def answer(text: str, found: bool = True) -> Answer:
        return Answer("q", found, 0.9, (Quote(1, 1, text, 0, len(text), 1.0),), ())

    sentence = "The cooperative now expects\n2.1 million bags of arabica this season."
    assert holds(
        answer("The cooperative now expects 2.1 million bags of arabica this season."), sentence
    )
    assert holds(answer("The cooperative now expects 2.1 million bags of arabica"), sentence)
    assert not holds(answer("The cooperative now expects"), sentence)  # too small a part
    assert not holds(answer(sentence, found=False), sentence)  # held back is not shown


def test_eval_followups_reports_both_figures(
    tmp_path: Path,
    fixture_articles: Path,
    real_embedder: Embedder,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr(opening, "open_eval_library", lambda s: Library(s, embedder=real_embedder))
    articles = tmp_path / "articles.jsonl"
    records = []
    for path in sorted(fixture_articles.iterdir()):
        text = path.read_text(encoding="utf-8").split("---\n", 2)[-1]
        records.append({"id": path.stem, "title": path.stem, "text": text})
    articles.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    plant = next(r["text"] for r in records if r["id"] == "chip-plant")
    start = plant.index(SENTENCE)
    end = plant.index(".", plant.index("1,400 jobs")) + 1
    pairs = tmp_path / "pairs.jsonl"
    pair = {
        "first": "Which county will Verantis build its chip plant in?",
        "follow_up": "How many jobs will it create?",
        "article": "chip-plant",
        "start": start,
        "end": end,
    }
    pairs.write_text(json.dumps(pair) + "\n", encoding="utf-8")

    code = cli.main(
        [
            "--data-dir",
            str(tmp_path / "data"),
            "eval-followups",
            str(articles),
            str(pairs),
            "--json",
        ]
    )

    assert code == 0
    report = json.loads(capsys.readouterr().out)
    assert report["pairs"] == 1 and report["rewritten"] == 1
    assert report["results"][0]["asked_as"] == "How many jobs will Verantis create?"
    assert report["first_quote_holds_with_rewriting"] == 1.0
    assert set(report) >= {"first_quote_holds_without_rewriting", "results"}


def test_eval_followups_refuses_a_bad_pairs_file_in_one_line(
    tmp_path: Path, settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    articles = tmp_path / "articles.jsonl"
    articles.write_text(json.dumps({"id": "a", "text": "Some text."}) + "\n", encoding="utf-8")
    pairs = tmp_path / "pairs.jsonl"
    pairs.write_text("not json\n", encoding="utf-8")

    code = cli.main(
        ["--data-dir", str(tmp_path / "d"), "eval-followups", str(articles), str(pairs)]
    )

    assert code == 1
    error = capsys.readouterr().err.strip()
    assert "not valid JSON" in error and "\n" not in error
