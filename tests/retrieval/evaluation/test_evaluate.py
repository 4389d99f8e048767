"""The evaluation metrics, the eval command, the exclusion filter and the reranker code path."""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from bot import cli
from config import Settings
from embeddings import Embedder
from embeddings.hashing import HashingEmbedder
from retrieval.evaluation import evaluate as ev
from retrieval.library import Library
from retrieval.query.fusion import RankedChunk, rank_by_article
from retrieval.types import ArticleDraft

# Read by a skipif mark when tests are collected, so a constant rather than `shared_dir`.
RTQA_DEV = Path(__file__).resolve().parents[4] / "shared" / "eval" / "rtqa-dev"
REPORT_KEYS = {
    "hits@1",
    "hits@4",
    "hits@10",
    "mrr@10",
    "answer@quotes",
    "not_found",
    "latency_p50_ms",
    "latency_p95_ms",
    "baselines",
    "abstention",
    "questions",
    "articles",
}


def test_a_subset_keeps_its_gold_articles_and_a_few_distractors() -> None:
    articles = [ev.EvalArticle(f"a{i}", f"T{i}", "text") for i in range(20)]
    questions = [ev.EvalQuestion(f"q{i}", "?", "x", (f"a{19 - i}",)) for i in range(5)]
    chosen_articles, chosen_questions = ev.select(articles, questions, 2)
    assert [q.id for q in chosen_questions] == ["q0", "q1"]
    ids = {a.id for a in chosen_articles}
    assert {"a19", "a18"} <= ids and len(ids) == 2 + 2 * ev.SUBSET_DISTRACTORS


# -- the exclusion filter and article aggregation ------------------------------------------------


def test_excluded_articles_never_reach_search_or_answers(
    hashing_library: Library, fixture_articles: Path
) -> None:
    ids = _add_fixtures(hashing_library, fixture_articles)
    question = "How much will the waterfront tram line cost?"
    top = hashing_library.search("local", question)[0].source.article_id
    assert top == ids["harbor-tram-vote"]
    excluded = frozenset({top})
    passages = hashing_library.search("local", question, 50, exclude_articles=excluded)
    assert passages and all(p.source.article_id != top for p in passages)
    answer = hashing_library.ask("local", question, exclude_articles=excluded)
    assert all(p.source.article_id != top for p in answer.passages)
    assert all(q.article_id != top for q in answer.quotes)
    for retrievers in ("dense", "lexical"):
        plain = hashing_library.search(
            "local", question, 50, exclude_articles=excluded, retrievers=retrievers
        )
        assert all(p.source.article_id != top for p in plain)


def test_articles_rank_by_their_best_chunk_plus_part_of_the_second() -> None:
    ranked = [RankedChunk(1, 0.50, 1, None), RankedChunk(2, 0.45, 2, None)]
    ranked += [RankedChunk(3, 0.44, 3, None), RankedChunk(4, 0.10, 4, None)]
    article_of = {1: 100, 2: 200, 3: 200, 4: 100}
    order = rank_by_article(ranked, article_of, second_weight=0.5)
    # Article 200 scores 0.45 + 0.22 = 0.67 against 0.50 + 0.05 = 0.55.
    assert [r.chunk_id for r in order] == [2, 3, 1, 4]
    assert [r.chunk_id for r in rank_by_article(ranked, article_of, 0.0)] == [1, 4, 2, 3]


# -- the eval command ------------------------------------------------------------------------


def _write_tiny_set(folder: Path, fixture_articles: Path) -> tuple[Path, Path]:
    articles = []
    for path in sorted(fixture_articles.iterdir()):
        title, text = _fixture(path)
        articles.append({"id": path.stem, "title": title, "text": text})
    articles.append(dict(articles[0], id="copy-of-first"))  # a duplicate is skipped, not fatal
    questions = [
        ("How much will the waterfront tram cost?", "410 million", "harbor-tram-vote"),
        ("How many jobs will the Verantis plant create?", "1,400", "chip-plant"),
        ("How much plastic did volunteers remove from the Serra river?", "two tonnes", ""),
    ]
    questions_rows = [
        {"id": f"q{i}", "question": q, "answer": a, "gold": [g or "river-cleanup"]}
        for i, (q, a, g) in enumerate(questions)
    ]
    a_path, q_path = folder / "articles.jsonl", folder / "questions.jsonl"
    a_path.write_text("\n".join(json.dumps(a) for a in articles) + "\n", encoding="utf-8")
    q_path.write_text("\n".join(json.dumps(q) for q in questions_rows) + "\n", encoding="utf-8")
    return a_path, q_path


def _use_embedder(monkeypatch: pytest.MonkeyPatch, embedder: Embedder) -> None:
    def open_eval(settings: Settings) -> Library:
        return Library(settings, embedder=embedder, cache_vectors=True)

    monkeypatch.setattr(cli.opening, "open_eval_library", open_eval)


def _check_report(report: dict[str, Any], questions: int) -> None:
    assert report.keys() >= REPORT_KEYS
    assert report["questions"] == questions
    for key in ("hits@1", "hits@4", "hits@10", "mrr@10", "answer@quotes", "not_found"):
        assert 0.0 <= report[key] <= 1.0, key
    assert report["hits@1"] <= report["hits@4"] <= report["hits@10"]
    assert 0 < report["latency_p50_ms"] <= report["latency_p95_ms"]
    for name in ("bm25", "dense"):
        assert set(report["baselines"][name]) == {"hits@1", "hits@4", "hits@10", "mrr@10"}
    abstention = report["abstention"]
    assert {"threshold", "precision", "recall", "answered_rate", "curve"} <= abstention.keys()
    assert abstention["curve"] and all(0 <= p["precision"] <= 1 for p in abstention["curve"])


@pytest.fixture
def tiny_set(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fixture_articles: Path
) -> tuple[Path, Path]:
    """The tiny question set on disk, evaluated with the hashing embedder."""
    _use_embedder(monkeypatch, HashingEmbedder())
    return _write_tiny_set(tmp_path, fixture_articles)


def test_eval_command_reports_every_figure_as_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], tiny_set: tuple[Path, Path]
) -> None:
    a_path, q_path = tiny_set
    data = tmp_path / "data"
    argv = ["--data-dir", str(data), "eval", str(a_path), str(q_path), "--json"]
    assert cli.main(argv) == 0
    report = json.loads(capsys.readouterr().out)
    _check_report(report, questions=3)
    assert report["articles"] == 4  # the duplicate maps to the article it copies
    assert report["hits@4"] == 1.0
    # A second run reuses the stored collection instead of adding everything again.
    assert cli.main(argv) == 0
    assert json.loads(capsys.readouterr().out)["hits@1"] == report["hits@1"]
    assert not (tmp_path / "articlebot.sqlite3").exists()
    assert (data / "eval" / "articlebot.sqlite3").exists()


def test_eval_command_prints_a_table_and_honours_limit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], tiny_set: tuple[Path, Path]
) -> None:
    a_path, q_path = tiny_set
    argv = ["--data-dir", str(tmp_path / "d"), "eval", str(a_path), str(q_path), "--limit", "1"]
    assert cli.main(argv) == 0
    printed = capsys.readouterr().out
    assert "Hits@1" in printed and "bm25" in printed and "dense" in printed
    assert "1 questions" in printed and "abstention precision" in printed
    assert "made-up name" not in printed  # the tram question names nothing to swap
    assert cli.main([*argv[:-1], "0"]) == 1


def test_eval_command_refuses_a_malformed_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x", "text": "t"}\nnot json\n', encoding="utf-8")
    assert cli.main(["--data-dir", str(tmp_path), "eval", str(bad), str(bad)]) == 1
    assert "bad.jsonl:2" in capsys.readouterr().err


@pytest.mark.skipif(not RTQA_DEV.is_dir(), reason="the shared rtqa-dev set is not present")
def test_eval_on_real_news_questions_with_the_real_model(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    real_embedder: Embedder,
) -> None:
    _use_embedder(monkeypatch, real_embedder)
    argv = [
        "--data-dir",
        str(tmp_path),
        "eval",
        str(RTQA_DEV / "articles.jsonl"),
        str(RTQA_DEV / "questions.jsonl"),
        "--limit",
        "8",
        "--json",
    ]
    assert cli.main(argv) == 0
    report = json.loads(capsys.readouterr().out)
    _check_report(report, questions=8)
    assert report["articles"] >= 8 + 8 * ev.SUBSET_DISTRACTORS - 2
    # Each question's gold story among a handful of others: retrieval should nearly always find it.
    assert report["hits@4"] >= 0.75 and report["mrr@10"] >= 0.5


# -- the reranker code path ----------------------------------------------------------------------


def _tiny_cross_encoder(folder: Path, articles: Path) -> Path:
    """Build a one-layer BERT cross-encoder with random weights; nothing is downloaded."""
    from transformers import BertConfig, BertForSequenceClassification, BertTokenizer

    words = sorted(
        {w.lower().strip(".,?!:;\"'()") for p in articles.iterdir() for w in p.read_text().split()}
    )
    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", *[w for w in words if w]]
    folder.mkdir()
    (folder / "vocab.txt").write_text("\n".join(vocab) + "\n", encoding="utf-8")
    BertTokenizer(str(folder / "vocab.txt")).save_pretrained(str(folder))
    config = BertConfig(
        vocab_size=len(vocab),
        hidden_size=16,
        num_hidden_layers=1,
        num_attention_heads=2,
        intermediate_size=32,
        max_position_embeddings=512,
        num_labels=1,
    )
    BertForSequenceClassification(config).save_pretrained(str(folder))
    return folder


def test_a_local_cross_encoder_reorders_the_candidates(
    tmp_path: Path, make_settings: Callable[..., Settings], fixture_articles: Path
) -> None:
    from retrieval.query.rerank import load_reranker

    model = _tiny_cross_encoder(tmp_path / "tiny-cross-encoder", fixture_articles)
    reranker = load_reranker(str(model))
    assert reranker is not None
    scores = reranker("Which county?", ["The plant goes to Lake County.", "Coffee prices rose."])
    assert len(scores) == 2 and all(isinstance(s, float) for s in scores)

    settings = make_settings(reranker_model=str(model), rerank_k=50, article_second_weight=0)
    with Library(settings, embedder=HashingEmbedder()) as library:
        _add_fixtures(library, fixture_articles)
        question = "How much will the waterfront tram cost?"
        passages = library.search("local", question, 50)
        assert passages
        expected = reranker(question, [f"{p.source.title}\n{p.text}" for p in passages])
        # Passages come out in the cross-encoder's order, however its random weights fell.
        assert all(a >= b - 1e-4 for a, b in itertools.pairwise(expected))
        assert library.ask("local", question).passages


def test_a_reranker_name_that_is_not_a_local_folder_is_ignored(tmp_path: Path) -> None:
    from retrieval.query.rerank import load_reranker

    assert load_reranker("") is None
    assert load_reranker("cross-encoder/ms-marco-MiniLM-L-6-v2") is None
    assert load_reranker(str(tmp_path / "missing")) is None


# -- helpers -------------------------------------------------------------------------------------


def _add_fixtures(library: Library, articles: Path, collection: str = "local") -> dict[str, int]:
    ids = {}
    for path in sorted(articles.iterdir()):
        title, text = _fixture(path)
        ids[path.stem] = library.add_draft(collection, ArticleDraft(text, title)).article.id
    return ids


def _fixture(path: Path) -> tuple[str, str]:
    """Return a fixture article's title and body, front matter or first line as the title."""
    raw = path.read_text(encoding="utf-8")
    if raw.startswith("---"):
        front, body = raw[3:].split("\n---", 1)
        meta = dict(line.split(": ", 1) for line in front.strip().splitlines())
        return meta["title"], body.strip()
    title, body = raw.split("\n", 1)
    return title.strip(), body.strip()


def test_a_question_other_coverage_answers_is_not_counted_unanswerable(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], tiny_set: tuple[Path, Path]
) -> None:
    a_path, q_path = tiny_set
    follow_up = {
        "id": "river-follow-up",
        "title": "Serra river clean-up, a week on",
        "text": "Organisers confirmed that two tonnes of plastic were pulled from the river. " * 3,
    }
    with a_path.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps(follow_up) + "\n")
    data = tmp_path / "data"
    assert cli.main(["--data-dir", str(data), "eval", str(a_path), str(q_path), "--json"]) == 0
    abstention = json.loads(capsys.readouterr().out)["abstention"]
    # The river question is still answered by the follow-up: two questions remain strictly
    # unanswerable, while all three count under the plain gold-removed reading.
    assert abstention["unanswerable_questions"] == 3
    assert abstention["strict"]["questions"] == 2
    assert abstention["strict"]["threshold"] == abstention["threshold"]
    # Asked again about a made-up name in place of Verantis and of the Serra: the waterfront
    # tram question names nothing past its first word to swap.
    assert abstention["renamed"]["questions"] == 2
    assert abstention["renamed"]["threshold"] == abstention["threshold"]


def test_answers_no_gold_article_writes_out_are_reported_as_beyond_any_quote(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], tiny_set: tuple[Path, Path]
) -> None:
    a_path, q_path = tiny_set
    weak = {
        "id": "q-weak",
        "question": "Which two harbour projects were voted on?",
        "answer": "The tram and the ferry pier",  # a gloss: no article writes it so
        "gold": ["harbor-tram-vote"],
    }
    with q_path.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps(weak) + "\n")
    data = tmp_path / "data"
    argv = ["--data-dir", str(data), "eval", str(a_path), str(q_path)]
    assert cli.main([*argv, "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["answer_written_in_gold"] == 0.75
    # Over the three whose answer is written out, the share held is the plain one, rescaled.
    assert report["answer@quotes_where_written"] == round(report["answer@quotes"] * 4 / 3, 4)
    assert cli.main(argv) == 0
    assert "writes out the answer for 75.0% of the questions" in capsys.readouterr().out
