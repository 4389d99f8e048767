"""`articlebot train`: the scorers learned from a question set, written where answers load them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bot import cli
from config import Settings
from embeddings import Embedder
from retrieval.library import Library
from retrieval.query.answer import CONFIDENCE_FEATURES
from retrieval.query.features import FEATURES
from retrieval.query.scoring import LogisticModel
from tests.retrieval.evaluation.test_evaluate import _fixture

# Three quiz weeks of questions over the fixture articles, answers in the articles' words.
QUESTIONS = [
    (
        "20240320_0",
        "Which councillor led the opponents of the tram?",
        "Ray Okafor",
        "harbor-tram-vote",
    ),
    (
        "20240320_1",
        "How much is the waterfront tram expected to cost?",
        "410 million dollars",
        "harbor-tram-vote",
    ),
    ("20240320_2", "Who is the mayor of Harbor City?", "Ines Calder", "harbor-tram-vote"),
    (
        "20240605_0",
        "Who is the president of the coffee cooperative?",
        "Lucia Ferraz",
        "coffee-drought",
    ),
    (
        "20240605_1",
        "How many bags of arabica does the cooperative expect?",
        "2.1 million",
        "coffee-drought",
    ),
    (
        "20240605_2",
        "By what percent did arabica futures rise in New York?",
        "4 percent",
        "coffee-drought",
    ),
    ("20240920_0", "Which county will host the chip plant?", "Lakeshore County", "chip-plant"),
    ("20240920_1", "How many jobs will the Verantis plant create?", "1,400", "chip-plant"),
    ("20240920_2", "Who is the chief executive of Verantis?", "Marcus Lindqvist", "chip-plant"),
]
DATES = {
    "harbor-tram-vote": "2024-03-14",
    "coffee-drought": "2024-06-02",
    "chip-plant": "2024-09-19",
}


def _write_set(folder: Path, fixture_articles: Path) -> tuple[Path, Path]:
    rows: list[dict[str, Any]] = []
    for path in sorted(fixture_articles.iterdir()):
        title, text = _fixture(path)
        rows.append(
            {"id": path.stem, "title": title, "text": text, "published": DATES.get(path.stem)}
        )
    questions = [
        {
            "id": i,
            "question": q,
            "answer": a,
            "gold": [g],
            "date": i[:4] + "-" + i[4:6] + "-" + i[6:8],
        }
        for i, q, a, g in QUESTIONS
    ]
    articles_path, questions_path = folder / "articles.jsonl", folder / "questions.jsonl"
    articles_path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    questions_path.write_text("".join(json.dumps(q) + "\n" for q in questions), encoding="utf-8")
    return articles_path, questions_path


def test_train_writes_models_that_answers_can_load(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    fixture_articles: Path,
    real_embedder: Embedder,
) -> None:
    def open_eval(settings: Settings) -> Library:
        return Library(settings, embedder=real_embedder, cache_vectors=True)

    monkeypatch.setattr(cli.opening, "open_eval_library", open_eval)
    articles, questions = _write_set(tmp_path, fixture_articles)
    out = tmp_path / "models"
    args = ["--data-dir", str(tmp_path / "data"), "train", str(articles), str(questions)]
    assert cli.main([*args, "--weeks", "3", "--out", str(out), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["questions"] == len(QUESTIONS)
    assert 0.0 <= report["answer_at_quotes_oof"] <= 1.0
    sentence = LogisticModel.load(out / "sentence_scorer.json", FEATURES)
    confidence = LogisticModel.load(out / "answer_confidence.json", CONFIDENCE_FEATURES)
    assert confidence.info["threshold"] == report["threshold"]
    assert sentence.info["seed"] == 7
    # A second run with the same seed writes the same weights.
    again = tmp_path / "again"
    assert cli.main([*args, "--weeks", "3", "--out", str(again), "--json"]) == 0
    assert (again / "sentence_scorer.json").read_text() == (
        out / "sentence_scorer.json"
    ).read_text()


def test_train_refuses_too_few_weeks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fixture_articles: Path
) -> None:
    articles, questions = _write_set(tmp_path, fixture_articles)
    args = ["--data-dir", str(tmp_path / "data"), "train", str(articles), str(questions)]
    assert cli.main([*args, "--weeks", "1"]) == 1
    assert "--weeks must be at least 2" in capsys.readouterr().err
