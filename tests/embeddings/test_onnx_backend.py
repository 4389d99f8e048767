"""The ONNX Runtime embedder: agreement with torch, batching order, export reuse and races."""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
import pytest

from config import Settings
from embeddings import Embedder, create_embedder, onnx_backend
from embeddings.base import SpanEmbedder
from embeddings.default_model import DEFAULT_MODEL_NAME, default_model_path
from embeddings.onnx_backend import OnnxEmbedder, ensure_export, token_batches

TEXTS = [
    "The city council voted to extend the harbour tram line by four stops.",
    "Drought in the highlands cut this year's coffee harvest by a third, growers said.",
    "Short.",
    "Who won?",
    " ".join(["The chip plant will employ about 1,200 people when it opens next spring."] * 12),
    "Ein gemischter Text mit Umlauten: Überschwemmung, Größe, Straße.",
    "Volunteers pulled 3 tonnes of plastic out of the river over the weekend.",
]


@pytest.fixture(scope="session")
def models_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("onnx-models")


@pytest.fixture(scope="session")
def torch_embedder(models_dir: Path) -> Embedder:
    return create_embedder(Settings(data_dir=models_dir, embedding_backend="torch"))


@pytest.fixture(scope="session")
def onnx_embedder(models_dir: Path) -> Embedder:
    return create_embedder(Settings(data_dir=models_dir, embedding_backend="onnx"))


@pytest.fixture(scope="session")
def int8_embedder(models_dir: Path) -> Embedder:
    return create_embedder(Settings(data_dir=models_dir, embedding_backend="onnx-int8"))


def test_onnx_vectors_match_torch(torch_embedder: Embedder, onnx_embedder: Embedder) -> None:
    expected = torch_embedder.embed(TEXTS)
    got = onnx_embedder.embed(TEXTS)
    assert got.shape == expected.shape and got.dtype == np.float32
    assert np.allclose(np.linalg.norm(got, axis=1), 1.0, atol=1e-4)
    assert float((got * expected).sum(axis=1).min()) >= 0.99
    # Same vectors, so the same name: collections built by either backend stay usable.
    assert onnx_embedder.name == torch_embedder.name == DEFAULT_MODEL_NAME
    assert onnx_embedder.dim == torch_embedder.dim
    assert onnx_embedder.max_tokens == torch_embedder.max_tokens == 256


def test_onnx_counts_tokens_like_torch(torch_embedder: Embedder, onnx_embedder: Embedder) -> None:
    long = " ".join(["word"] * 600)  # past both the baked-in 128 and the model's 256
    assert onnx_embedder.count_tokens([*TEXTS, long]) == torch_embedder.count_tokens([*TEXTS, long])


def test_onnx_reads_256_tokens_not_128(torch_embedder: Embedder, onnx_embedder: Embedder) -> None:
    # Words past token 128 change the vector only if the tokenizer does not cut at 128.
    head = " ".join(["harbour"] * 150)
    a, b = onnx_embedder.embed([head + " tram", head + " coffee drought plant"])
    assert float(a @ b) < 0.9999
    expected = torch_embedder.embed([head + " coffee drought plant"])[0]
    assert float(b @ expected) >= 0.99


def test_int8_is_close_but_named_apart(torch_embedder: Embedder, int8_embedder: Embedder) -> None:
    expected = torch_embedder.embed(TEXTS)
    got = int8_embedder.embed(TEXTS)
    cosines = (got * expected).sum(axis=1)
    # Per-channel int8 measured 0.99-0.995 on news chunks: close enough to answer well, not
    # close enough to share an index with fp32 vectors, hence its own model name.
    assert float(cosines.min()) >= 0.97
    assert float(cosines.mean()) >= 0.985
    assert int8_embedder.name == f"{DEFAULT_MODEL_NAME}+int8"


def test_mixed_lengths_come_back_in_input_order(onnx_embedder: Embedder) -> None:
    together = onnx_embedder.embed(TEXTS)
    one_by_one = np.stack([onnx_embedder.embed([t])[0] for t in TEXTS])
    assert np.allclose(together, one_by_one, atol=1e-4)
    assert onnx_embedder.embed([]).shape == (0, onnx_embedder.dim)


def test_token_batches_stay_under_budget_and_cover_every_text() -> None:
    lengths = [5, 200, 7, 256, 30, 31, 180, 2, 64, 64]
    batches = token_batches(lengths, token_budget=300, max_batch=3)
    assert sorted(i for batch in batches for i in batch) == list(range(len(lengths)))
    for batch in batches:
        assert len(batch) <= 3
        assert max(lengths[i] for i in batch) * len(batch) <= 300 or len(batch) == 1
    # Similar lengths share a batch: the short texts are not padded to the long ones.
    assert {7, 0, 2} in [set(b) for b in batches]
    assert {1, 3} not in [set(b) for b in batches]  # 200 + 256 wide would pass the budget


def test_export_is_reused_on_second_load(
    onnx_embedder: Embedder, models_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_export(*args: object) -> None:
        raise AssertionError("exported again")

    monkeypatch.setattr(onnx_backend, "_export_fp32", no_export)
    again = OnnxEmbedder(default_model_path(), DEFAULT_MODEL_NAME, models_dir)
    assert again.path == getattr(onnx_embedder, "path")  # noqa: B009
    assert np.allclose(again.embed(TEXTS[:2]), onnx_embedder.embed(TEXTS[:2]), atol=1e-5)


def test_racing_exports_export_once_and_leave_no_scratch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[Path] = []
    release = threading.Event()

    def slow_export(model_dir: Path, target: Path) -> None:
        calls.append(target)
        release.wait(1.0)
        target.write_bytes(b"onnx")

    monkeypatch.setattr(onnx_backend, "_export_fp32", slow_export)
    model = tmp_path / "model"
    model.mkdir()
    (model / "config.json").write_text("{}")
    results: list[Path] = []
    threads = [
        threading.Thread(
            target=lambda: results.append(ensure_export(model, tmp_path / "out", quantized=False))
        )
        for _ in range(3)
    ]
    for thread in threads:
        thread.start()
    release.set()
    for thread in threads:
        thread.join()
    assert len(calls) == 1
    assert len(set(results)) == 1 and results[0].read_bytes() == b"onnx"
    assert [p.name for p in (tmp_path / "out").iterdir() if p.name.startswith(".export-")] == []


def test_failed_export_leaves_nothing_half_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken_export(model_dir: Path, target: Path) -> None:
        target.write_bytes(b"half")
        raise RuntimeError("killed")

    monkeypatch.setattr(onnx_backend, "_export_fp32", broken_export)
    model = tmp_path / "model"
    model.mkdir()
    (model / "config.json").write_text("{}")
    with pytest.raises(RuntimeError):
        ensure_export(model, tmp_path / "out", quantized=False)
    assert not list((tmp_path / "out").glob("*.onnx"))
    assert not list((tmp_path / "out").glob(".export-*"))


@pytest.mark.model  # builds the torch embedder itself, not through a model fixture
def test_factory_picks_the_backend(models_dir: Path) -> None:
    from embeddings.sentence_transformer import SentenceTransformerEmbedder

    assert Settings().embedding_backend == "onnx-int8"
    torch_one = create_embedder(Settings(data_dir=models_dir, embedding_backend="torch"))
    assert isinstance(torch_one, SentenceTransformerEmbedder)
    with pytest.raises(ValueError, match="local model folder"):
        create_embedder(
            Settings(data_dir=models_dir, embedding_backend="onnx", embedding_model="org/x")
        )


def _span(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return start, start + len(part)


def test_span_pass_gives_the_same_text_vectors(int8_embedder: Embedder) -> None:
    assert isinstance(int8_embedder, SpanEmbedder)
    texts = TEXTS[:3]
    vectors, spans = int8_embedder.embed_spans(texts, [[], [], []])
    np.testing.assert_allclose(vectors, int8_embedder.embed(texts), atol=1e-5)
    assert [s.shape for s in spans] == [(0, int8_embedder.dim)] * 3


def test_spans_pooled_in_context_keep_their_own_meaning(int8_embedder: Embedder) -> None:
    assert isinstance(int8_embedder, SpanEmbedder)
    tram, coffee, river = TEXTS[0], TEXTS[1], TEXTS[6]
    text = f"{tram} {coffee} {river}"
    _, (pooled,) = int8_embedder.embed_spans(
        [text], [[_span(text, tram), _span(text, coffee), _span(text, river)]]
    )
    questions = int8_embedder.embed(
        [
            "Where will the tram line be extended?",
            "How much did the coffee harvest fall?",
            "How much plastic came out of the river?",
        ]
    )
    np.testing.assert_allclose(np.linalg.norm(pooled, axis=1), 1.0, atol=1e-5)
    # Each question finds its own sentence among the spans pooled from one shared pass.
    assert list(np.argmax(questions @ pooled.T, axis=1)) == [0, 1, 2]


def test_spans_past_truncation_come_back_empty(int8_embedder: Embedder) -> None:
    assert isinstance(int8_embedder, SpanEmbedder)
    tail = "The last sentence is never read."
    text = "word " * 400 + tail
    _, (pooled,) = int8_embedder.embed_spans([text], [[(0, 4), _span(text, tail)]])
    assert np.linalg.norm(pooled[0]) == pytest.approx(1.0, abs=1e-5)
    assert not pooled[1].any()
