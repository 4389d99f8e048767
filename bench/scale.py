"""Build a collection of N chunks and measure dense, BM25 and whole-ask latency, memory, recall.

    python bench/scale.py 100000 [--json] [--index-type auto|flat|hnsw|ivf-sq8] [--data-dir D]

Vectors derive from real embeddings of real eval chunks, perturbed so they cluster like real
data; texts are the same real chunks under variant titles. Rows go straight into the store.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from _common import (
    EvalArticle,
    emit,
    eval_articles,
    eval_questions,
    peak_rss_mb,
    percentile_ms,
    rss_mb,
)

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import numpy as np
import numpy.typing as npt

from config import load_settings
from embeddings.factory import create_embedder
from retrieval.ingest.chunking import CHUNKER_VERSION, ChunkingConfig, chunk_article, embedding_text
from retrieval.library import Library
from retrieval.query.search import dense_search
from retrieval.store.sqlite import NewChunk, Store, content_hash
from retrieval.types import ArticleDraft, ChunkDraft

NOISE = 0.02  # per dimension: cosine to the source vector ≈ 0.93 in 384 dimensions
COLLECTION = "scale"
CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "articlebot-bench"


def base_sentence_vectors(
    embedder: Any, articles: list[EvalArticle], drafts: list[list[ChunkDraft]], key: str
) -> list[list[npt.NDArray[np.float32]]]:
    """Embed every sentence of the base articles once (cached), as the library does at ingest."""
    spans = [list(dict.fromkeys(span for d in ds for span in d.sentences)) for ds in drafts]
    cache = CACHE / f"sentences-{key}.npy"
    if cache.is_file():
        vectors = np.load(cache)
    else:
        texts = [a.text[s.start : s.end] for a, ss in zip(articles, spans, strict=True) for s in ss]
        vectors = embedder.embed(texts)
        CACHE.mkdir(parents=True, exist_ok=True)
        np.save(cache, vectors)
    out: list[list[npt.NDArray[np.float32]]] = []
    offset = 0
    for ds, ss in zip(drafts, spans, strict=True):
        row = {span: offset + i for i, span in enumerate(ss)}
        out.append([vectors[[row[span] for span in d.sentences]] for d in ds])
        offset += len(ss)
    return out


def base_chunks(
    embedder: Any, n_articles: int, chunking: ChunkingConfig
) -> list[tuple[EvalArticle, list[ChunkDraft], npt.NDArray[np.float32], list[Any]]]:
    """Chunk and embed real articles and their sentences once (cached on disk between runs)."""
    articles = eval_articles()[:n_articles]
    out = []
    key = hashlib.sha256(f"{embedder.name}{n_articles}{chunking}".encode()).hexdigest()[:12]
    cache = CACHE / f"base-{key}.npy"
    drafts = [chunk_article(a.text, a.title, embedder.count_tokens, chunking) for a in articles]
    if cache.is_file():
        vectors = np.load(cache)
    else:
        texts = [
            embedding_text(a.title, d.text)
            for a, ds in zip(articles, drafts, strict=True)
            for d in ds
        ]
        vectors = embedder.embed(texts)
        CACHE.mkdir(parents=True, exist_ok=True)
        np.save(cache, vectors)
    sentences = base_sentence_vectors(embedder, articles, drafts, key)
    offset = 0
    for article, ds, sentence_vectors in zip(articles, drafts, sentences, strict=True):
        out.append((article, ds, vectors[offset : offset + len(ds)], sentence_vectors))
        offset += len(ds)
    return out


def fill(store: Store, collection: str, n: int, base: list[Any], embedder: Any) -> int:
    """Insert copies of the base articles with perturbed vectors until n chunks are stored."""
    rng = np.random.default_rng(0)
    stored = copy = 0
    row = store.ensure_collection(collection)
    while stored < n:
        with store.transaction() as db:
            for position, (article, drafts, vectors, sentence_vectors) in enumerate(base):
                if stored >= n:
                    break
                take = min(len(drafts), n - stored)
                text = f"{article.text}\n\n(copy {copy}.{position})"
                draft = ArticleDraft(
                    text=text, title=f"{article.title} v{copy}", url=None, source="bench"
                )
                noisy = vectors[:take] + NOISE * rng.standard_normal(vectors[:take].shape)
                noisy /= np.linalg.norm(noisy, axis=1, keepdims=True)
                article_id = store.insert_article(db, collection, draft, content_hash(text), None)
                chunks = [
                    NewChunk(d, v.astype(np.float32), sv)
                    for d, v, sv in zip(drafts[:take], noisy, sentence_vectors, strict=False)
                ]
                store.insert_chunks(db, collection, row.generation, article_id, chunks)
                stored += take
            if copy == 0:
                store.set_model(db, collection, embedder.name, embedder.dim, CHUNKER_VERSION)
            store.bump_revision(db, collection)
        copy += 1
    return stored


def exact_top10(
    store: Store, collection: str, generation: int, dim: int, queries: npt.NDArray[np.float32]
) -> list[set[int]]:
    """Find the true top 10 of every query by streaming all stored vectors."""
    best_scores = np.full((len(queries), 10), -np.inf, dtype=np.float32)
    best_ids = np.zeros((len(queries), 10), dtype=np.int64)
    for ids, vectors in store.vectors(collection, generation, dim):
        scores = queries @ vectors.T
        all_scores = np.concatenate([best_scores, scores], axis=1)
        all_ids = np.concatenate([best_ids, np.broadcast_to(ids, scores.shape)], axis=1)
        top = np.argsort(-all_scores, axis=1)[:, :10]
        best_scores = np.take_along_axis(all_scores, top, axis=1)
        best_ids = np.take_along_axis(all_ids, top, axis=1)
    return [set(row.tolist()) for row in best_ids]


def serve(args: argparse.Namespace) -> dict[str, Any]:
    """Open the built collection as a freshly started bot would and time its searches."""
    settings = load_settings(data_dir=args.data_dir, index_type=args.index_type)
    embedder = create_embedder(settings)
    questions = eval_questions()
    asked = [questions[i % len(questions)].question for i in range(args.questions)]
    query_vectors = embedder.embed(asked)
    with Library(settings, embedder=embedder) as library:
        started = time.perf_counter()
        live = library.live_index(COLLECTION)
        assert live is not None
        load_s = time.perf_counter() - started
        started = time.perf_counter()
        lexical = library.indexes.lexical(COLLECTION, live)  # read from the file the build wrote
        bm25_load_s = time.perf_counter() - started
        load_rss = rss_mb()

        def exact_vectors(ids: Sequence[int]) -> dict[int, npt.NDArray[np.float32]]:
            return library.store.chunk_vectors(ids, embedder.dim)

        dense_times: list[float] = []
        found: list[set[int]] = []
        for vector in query_vectors:
            t = time.perf_counter()
            hits = dense_search(
                live.dense, vector, settings.dense_k, exact_vectors, settings.dense_refine
            )
            dense_times.append(time.perf_counter() - t)
            found.append(set(hits.ids[:10].tolist()))
        bm25_times: list[float] = []
        for question in asked:
            t = time.perf_counter()
            lexical.search(question, settings.lexical_k)
            bm25_times.append(time.perf_counter() - t)
        library.ask(COLLECTION, asked[0])
        ask_times: list[float] = []
        for question in asked:
            t = time.perf_counter()
            library.ask(COLLECTION, question)
            ask_times.append(time.perf_counter() - t)
        memory, peak = rss_mb(), peak_rss_mb()
        embed_times: list[float] = []
        for question in asked[:50]:
            t = time.perf_counter()
            embedder.embed([question])
            embed_times.append(time.perf_counter() - t)
        truth = exact_top10(library.store, COLLECTION, live.generation, embedder.dim, query_vectors)
        recall = float(np.mean([len(f & t) / 10 for f, t in zip(found, truth, strict=True)]))
        return {
            "index_type": live.dense.index_type,
            "load_s": round(load_s, 2),
            "bm25_load_s": round(bm25_load_s, 2),
            "loaded_rss_mb": load_rss,
            "bm25_segments": lexical.segment_count,
            "rss_mb": memory,
            "peak_rss_mb": peak,
            "dense_p50_ms": percentile_ms(dense_times, 50),
            "dense_p95_ms": percentile_ms(dense_times, 95),
            "bm25_p50_ms": percentile_ms(bm25_times, 50),
            "bm25_p95_ms": percentile_ms(bm25_times, 95),
            "query_embed_p50_ms": percentile_ms(embed_times, 50),
            "ask_p50_ms": percentile_ms(ask_times, 50),
            "ask_p95_ms": percentile_ms(ask_times, 95),
            "recall_at_10": round(recall, 4),
            "questions": len(asked),
        }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("n", type=int)
    parser.add_argument("--index-type", default="auto")
    parser.add_argument("--base-articles", type=int, default=240)
    parser.add_argument("--questions", type=int, default=142)
    parser.add_argument("--data-dir", type=Path, default=None)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    if args.serve:
        print(json.dumps(serve(args)))
        return 0
    say = (lambda *a: print(*a, file=sys.stderr, flush=True)) if args.json else print

    data_dir = args.data_dir or Path(tempfile.mkdtemp(prefix="articlebot-scale-"))
    settings = load_settings(data_dir=data_dir, index_type=args.index_type)
    embedder = create_embedder(settings)
    chunking = ChunkingConfig(settings.chunk_target_words, settings.chunk_max_tokens)
    base = base_chunks(embedder, args.base_articles, chunking)
    say(f"{sum(len(d) for _, d, _, _ in base)} base chunks")

    store = Store(data_dir / "articlebot.sqlite3")
    started = time.perf_counter()
    n = fill(store, COLLECTION, args.n, base, embedder)
    insert_s = time.perf_counter() - started
    store.close()
    say(f"inserted {n} chunks in {insert_s:.1f} s")

    with Library(settings, embedder=embedder) as library:
        started = time.perf_counter()
        live = library.live_index(COLLECTION)  # builds the index and writes its file
        assert live is not None
        index_s = time.perf_counter() - started
        started = time.perf_counter()
        library.indexes.lexical(COLLECTION, live)  # builds BM25 and writes its file
        bm25_s = time.perf_counter() - started
        build_peak = peak_rss_mb()
        say(f"{live.dense.index_type} index in {index_s:.1f} s, BM25 in {bm25_s:.1f} s")

    # Searches are timed in a fresh process, as a bot restarting on this data directory: the
    # builder's transient buffers would otherwise count as the bot's memory. The builder's own
    # peak is reported beside it (a reindex or first start of that size needs that much).
    command = [sys.executable, __file__, str(args.n), "--serve", "--data-dir", str(data_dir)]
    command += ["--index-type", args.index_type, "--questions", str(args.questions)]
    served = json.loads(subprocess.run(command, check=True, stdout=subprocess.PIPE).stdout)
    result = {
        "n_chunks": n,
        "index_type": served.pop("index_type"),
        "build_s": round(index_s + bm25_s, 2),
        "index_build_s": round(index_s, 2),
        "bm25_build_s": round(bm25_s, 2),
        "build_peak_rss_mb": build_peak,
        "insert_s": round(insert_s, 2),
        **served,
        "cpu_count": os.cpu_count(),
    }
    emit(result, args.json)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
