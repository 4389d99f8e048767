"""Measure embedding throughput per backend, bulk ingest and ask latency on real news articles.

python bench/ingest.py [--articles 240] [--questions 142] [--json]
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from _common import EvalArticle, EvalQuestion, emit, eval_articles, eval_questions, percentile_ms

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")  # before onnxruntime is imported

from config import Settings, load_settings
from embeddings.default_model import default_model_path, force_offline
from embeddings.factory import create_embedder
from retrieval.ingest.chunking import ChunkingConfig, chunk_article, embedding_text
from retrieval.library import Library
from retrieval.types import ArticleDraft

# The same ~150-word chunks for every backend.
CHUNKING = ChunkingConfig(target_words=150, max_tokens=256)
BACKENDS = ("torch", "onnx", "onnx-int8")


def pick_articles(n: int, questions: list[EvalQuestion]) -> list[EvalArticle]:
    """Take the questions' gold articles first, then fill up to n in file order."""
    articles = eval_articles()
    gold = {url for q in questions for url in q.gold}
    first = [a for a in articles if a.url in gold or a.id in gold]
    rest = [a for a in articles if a not in first]
    return (first + rest)[: max(n, len(first))]


def chunk_texts(articles: list[EvalArticle], count_tokens: Any) -> list[str]:
    """Chunk every article the way the library does and return the texts it embeds."""
    texts: list[str] = []
    for article in articles:
        for chunk in chunk_article(article.text, article.title, count_tokens, CHUNKING):
            texts.append(embedding_text(article.title, chunk.text))
    return texts


def timed_rate(embed: Any, texts: list[str]) -> tuple[float, float]:
    """Embed once to warm up; return chunks per second and CPU milliseconds per chunk.

    The CPU time is summed over every core the work ran on, so it says what a chunk costs the
    machine whether the work ran on one thread or several.
    """
    embed(texts[:16])
    started, cpu = time.perf_counter(), time.process_time()
    embed(texts)
    cpu_ms = (time.process_time() - cpu) * 1000 / len(texts)
    return len(texts) / (time.perf_counter() - started), cpu_ms


def library_rates(
    base: Settings, articles: list[EvalArticle], plain_rate: float, say: Any
) -> dict[str, Any]:
    """Time the library's whole bulk path (chunks and sentence vectors) per sentence mode.

    The library chunks like `CHUNKING`, so its chunks/s compares with plain encode's.
    """
    rates: dict[str, Any] = {}
    default_mode = Settings.model_fields["sentence_vectors"].default
    for mode in ("separate", "in-context"):
        settings = _library_settings(base, mode, sentence_vectors=mode)
        with Library(settings) as library:
            library.embedder.embed(["warm up"])
            started = time.perf_counter()
            library.add_drafts("bench", [_draft(a) for a in articles])
            seconds = time.perf_counter() - started
            rate = library.status("bench").chunks / seconds
        key = f"library_{mode.replace('-', '_')}_chunks_per_s"
        rates[key] = round(rate, 2)
        say(f"library bulk path, sentences {mode}: {rates[key]} chunks/s")
    rates["library_sentence_vectors"] = default_mode
    rates["library_chunks_per_s"] = rates[f"library_{default_mode.replace('-', '_')}_chunks_per_s"]
    rates["library_speedup"] = round(rates["library_chunks_per_s"] / plain_rate, 2)
    rates["library_in_context_speedup"] = round(
        rates["library_in_context_chunks_per_s"] / plain_rate, 2
    )
    return rates


def _library_settings(base: Settings, name: str, **update: Any) -> Settings:
    """Return settings for a library of its own that chunks like `CHUNKING`."""
    return base.model_copy(
        update={
            "data_dir": base.data_dir / f"library-{name}",
            "chunk_target_words": CHUNKING.target_words,
            "chunk_max_tokens": CHUNKING.max_tokens,
            **update,
        }
    )


def _timed_add(
    settings: Settings, articles: list[EvalArticle], warm_up: str
) -> tuple[float, float]:
    """Bulk-add the articles to a library of its own; return its chunks/s and articles/s."""
    with Library(settings) as library:
        # Loads the embedder and the spaCy models (when on) outside the timing.
        library.add_text("warm-up", warm_up)
        started = time.perf_counter()
        library.add_drafts("bench", [_draft(a) for a in articles])
        seconds = time.perf_counter() - started
        chunks = library.status("bench").chunks
    return round(chunks / seconds, 2), round(len(articles) / seconds, 2)


def _timed_fill(
    settings: Settings, warm_up: str, fill: Callable[[Library], int]
) -> tuple[float, float]:
    """Fill in place what a library's earlier add left out; return chunks/s and CPU ms a chunk."""
    with Library(settings) as library:
        library.add_text("warm-up-2", warm_up)
        started, cpu = time.perf_counter(), time.process_time()
        filled = fill(library)
        cpu_ms = (time.process_time() - cpu) * 1000 / max(filled, 1)
        return round(filled / (time.perf_counter() - started), 2), round(cpu_ms, 2)


def entity_rates(base: Settings, articles: list[EvalArticle], say: Any) -> dict[str, Any]:
    """Time the bulk path with named entities tagged and without, and the in-place fill.

    Both adds run the default sentence mode on the same articles in this run; the fill tags
    the chunks the add without entities left, which is what an upgraded collection pays.
    """
    rates: dict[str, Any] = {}
    model = Settings.model_fields["entity_model"].default
    for name, entity_model in (("no_entities", ""), ("entities", model)):
        settings = _library_settings(base, name, entity_model=entity_model)
        warm_up = "Warm up. Ada Lovelace met Charles Babbage in London."
        rates[f"library_{name}_chunks_per_s"], _ = _timed_add(settings, articles, warm_up)
        say(f"library bulk path, {name.replace('_', ' ')}: {rates[f'library_{name}_chunks_per_s']}")
    rates["entity_model"] = model
    rates["entities_slowdown"] = round(
        rates["library_no_entities_chunks_per_s"] / rates["library_entities_chunks_per_s"], 3
    )
    rates["fill_entities_chunks_per_s"], rates["fill_entities_cpu_ms_per_chunk"] = _timed_fill(
        base.model_copy(update={"data_dir": base.data_dir / "library-no_entities"}),
        "Warm up. Grace Hopper joined the US Navy in 1943.",
        lambda library: library.fill_entities("bench"),
    )
    say(f"entities filled in place: {rates['fill_entities_chunks_per_s']} chunks/s")
    return rates


def speaker_rates(base: Settings, articles: list[EvalArticle], say: Any) -> dict[str, Any]:
    """Time the bulk path with speakers attributed and without, and the in-place fill.

    Both adds tag entities (attribution names speakers from them) on the same articles in this
    run, so the difference is what attribution costs an add.
    """
    rates: dict[str, Any] = {}
    for name, on in (("no_speakers", False), ("speakers", True)):
        settings = _library_settings(base, name, speaker_attribution=on)
        warm_up = "Warm up. “We met in London,” Ada Lovelace said."
        (
            rates[f"library_{name}_chunks_per_s"],
            rates[f"library_{name}_articles_per_s"],
        ) = _timed_add(settings, articles, warm_up)
        say(f"library bulk path, {name.replace('_', ' ')}: {rates[f'library_{name}_chunks_per_s']}")
    rates["speakers_slowdown"] = round(
        rates["library_no_speakers_chunks_per_s"] / rates["library_speakers_chunks_per_s"], 3
    )
    rates["fill_speakers_chunks_per_s"], rates["fill_speakers_cpu_ms_per_chunk"] = _timed_fill(
        base.model_copy(update={"data_dir": base.data_dir / "library-no_speakers"}),
        "Warm up. “We sailed in 1943,” Grace Hopper said.",
        lambda library: library.fill_speakers("bench"),
    )
    say(f"speakers filled in place: {rates['fill_speakers_chunks_per_s']} chunks/s")
    return rates


def cpu_bound(result: dict[str, Any], say: Any) -> dict[str, Any]:
    """Bound the default bulk path's speed by the CPU its three heaviest stages need.

    The chunk vectors (the default backend on the chunks alone, no sentence vectors), the
    named entities and the speakers are each measured above with the CPU time they took. Even
    if sentence vectors came free from the chunks' pass, chunking and storing cost nothing and
    every core were kept busy all the time, a chunk cannot go in faster than those three
    stages' CPU time spread over all the cores.
    """
    default = Settings.model_fields["embedding_backend"].default.replace("-", "_")
    cpu_ms = (
        result[f"{default}_cpu_ms_per_chunk"]
        + result["fill_entities_cpu_ms_per_chunk"]
        + result["fill_speakers_cpu_ms_per_chunk"]
    )
    rate = (os.cpu_count() or 1) * 1000 / cpu_ms
    bound = {
        "cpu_bound_chunks_per_s": round(rate, 2),
        "cpu_bound_speedup": round(rate / result["plain_st_chunks_per_s"], 2),
    }
    say(f"CPU bound of the default path: {bound['cpu_bound_chunks_per_s']} chunks/s")
    return bound


def _draft(article: EvalArticle) -> ArticleDraft:
    return ArticleDraft(text=article.text, title=article.title, url=article.url, source="eval")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=240)
    parser.add_argument("--questions", type=int, default=142, help="asked in order, cycling")
    parser.add_argument("--threads", type=int, default=0, help="0: the runtime's default")
    parser.add_argument("--json", action="store_true")
    parser.add_argument(
        "--speakers-only", action="store_true", help="only time the add with and without speakers"
    )
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    force_offline()
    say = (lambda *a: print(*a, file=sys.stderr, flush=True)) if args.json else print

    questions = eval_questions()
    articles = pick_articles(args.articles, questions)
    scratch = Path(tempfile.mkdtemp(prefix="articlebot-bench-"))
    base = load_settings(data_dir=scratch / "data", embedding_threads=args.threads)
    if args.threads:
        import torch

        torch.set_num_threads(args.threads)

    if args.speakers_only:
        result = {"articles": len(articles), **speaker_rates(base, articles, say)}
        emit(result, args.json)
        return 0

    from sentence_transformers import SentenceTransformer

    plain = SentenceTransformer(str(default_model_path()), device="cpu", local_files_only=True)
    torch_embedder = create_embedder(base.model_copy(update={"embedding_backend": "torch"}))
    texts = chunk_texts(articles, torch_embedder.count_tokens)
    say(f"{len(articles)} articles, {len(texts)} chunks")

    result: dict[str, Any] = {"articles": len(articles), "chunks": len(texts)}
    plain_rate, _ = timed_rate(
        lambda t: plain.encode(t, batch_size=32, normalize_embeddings=True), texts
    )
    result["plain_st_chunks_per_s"] = round(plain_rate, 2)
    say(f"plain SentenceTransformer.encode: {result['plain_st_chunks_per_s']} chunks/s")
    for backend in BACKENDS:
        settings = base.model_copy(update={"embedding_backend": backend})
        embedder = torch_embedder if backend == "torch" else create_embedder(settings)
        key = backend.replace("-", "_") + "_chunks_per_s"
        rate, cpu_ms = timed_rate(embedder.embed, texts)
        result[key] = round(rate, 2)
        result[backend.replace("-", "_") + "_cpu_ms_per_chunk"] = round(cpu_ms, 2)
        say(f"{backend}: {result[key]} chunks/s")

    default = Settings.model_fields["embedding_backend"].default
    result["default_backend"] = default
    default_rate = result[default.replace("-", "_") + "_chunks_per_s"]
    result["default_speedup"] = round(default_rate / result["plain_st_chunks_per_s"], 2)
    for backend in BACKENDS:
        rate = result[backend.replace("-", "_") + "_chunks_per_s"]
        result[backend.replace("-", "_") + "_speedup"] = round(
            rate / result["plain_st_chunks_per_s"], 2
        )

    result.update(library_rates(base, articles, result["plain_st_chunks_per_s"], say))
    result.update(entity_rates(base, articles, say))
    result.update(speaker_rates(base, articles, say))
    result.update(cpu_bound(result, say))

    # End to end with the default backend: bulk add, then questions.
    settings = base.model_copy(update={"embedding_backend": default})
    with Library(settings) as library:
        library.embedder.embed(["warm up"])
        drafts = [_draft(a) for a in articles]
        started = time.perf_counter()
        added = library.add_drafts("bench", drafts)
        ingest_s = time.perf_counter() - started
        stored_chunks = library.status("bench").chunks
        result["ingest_articles"] = len(added.added)
        result["ingest_s"] = round(ingest_s, 2)
        result["ingest_articles_per_s"] = round(len(added.added) / ingest_s, 2)
        result["ingest_chunks_per_s"] = round(stored_chunks / ingest_s, 2)
        say(f"bulk ingest: {result['ingest_articles_per_s']} articles/s")
        asked = [questions[i % len(questions)].question for i in range(args.questions)]
        library.ask("bench", asked[0])  # builds BM25 once, outside the timings
        latencies: list[float] = []
        for question in asked:
            started = time.perf_counter()
            library.ask("bench", question)
            latencies.append(time.perf_counter() - started)
        result["ask_questions"] = len(asked)
        result["ask_unique_questions"] = len(set(asked))
        result["ask_p50_ms"] = percentile_ms(latencies, 50)
        result["ask_p95_ms"] = percentile_ms(latencies, 95)
    result["cpu_count"] = os.cpu_count()

    emit(result, args.json)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
