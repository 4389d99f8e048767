"""Compare the ways of embedding quote candidates on the rtqa-dev gold articles.

python bench/sentence_vectors.py [--set rtqa-train] [--questions 120] [--share 0.5 0.7] [--json]

For every question, the sentences of its gold articles are ranked by cosine to the question,
with sentence vectors made each way the encoder can make them: each sentence embedded on its own
("separate") or pooled from its chunk's forward pass ("in-context"). A sentence is right when it
holds the question's answer string. `--share` also scores in-context vectors with that share of
their chunk's vector taken out (`centre_in_context`), to choose `sentence_context_share` on
rtqa-train (weak gold) before checking it on rtqa-dev. Reports, per mode, how often the top
sentence is right (`top1`), the mean reciprocal rank of the first right one (`mrr`), and the
encode time of the same chunks (`chunks_per_s`), all from one run. `articlebot eval` gives the
end-to-end figures.
"""

from __future__ import annotations

import argparse
import time
from dataclasses import replace
from typing import Any

import numpy as np
from _common import ROOT, EvalArticle, EvalQuestion, emit

from config import Settings
from embeddings.factory import create_embedder
from retrieval.evaluation.data import load_articles, load_questions
from retrieval.evaluation.metrics import answer_in
from retrieval.ingest.chunking import ChunkingConfig
from retrieval.ingest.encoding import ChunkEncoder, centre_in_context
from retrieval.store.sqlite import NewChunk

MODES = ("separate", "in-context")


def encode(
    encoder: ChunkEncoder, articles: list[EvalArticle]
) -> tuple[dict[str, list[NewChunk]], float]:
    """Chunk and encode each article; return its chunks by id and the encode seconds."""
    drafts = {a.id: encoder.chunk(a.title, a.text) for a in articles}
    started = time.perf_counter()
    encoded = encoder.encode([(a.title, a.text, drafts[a.id]) for a in articles])
    return dict(zip(drafts, encoded, strict=True)), time.perf_counter() - started


def rank_of_first_answer(
    question: np.ndarray[Any, Any], answer: str, article: EvalArticle, chunks: list[NewChunk]
) -> int | None:
    """Rank the article's sentences by cosine (a sentence's best chunk counts); 1-based."""
    best: dict[tuple[int, int], float] = {}
    for chunk in chunks:
        assert chunk.sentence_vectors is not None
        scores = chunk.sentence_vectors @ question
        for span, score in zip(chunk.draft.sentences, scores, strict=True):
            key = (span.start, span.end)
            best[key] = max(best.get(key, -1.0), float(score))
    ranked = sorted(best, key=lambda k: -best[k])
    for rank, (start, end) in enumerate(ranked, start=1):
        if answer_in(answer, [article.text[start:end]]):
            return rank
    return None


def score(
    questions: list[EvalQuestion],
    vectors: np.ndarray[Any, Any],
    by_key: dict[str, EvalArticle],
    chunks: dict[str, list[NewChunk]],
) -> dict[str, float]:
    """Return top-1 and MRR of the first sentence holding the answer, over answerable ones."""
    ranks = []
    for question, vector in zip(questions, vectors, strict=True):
        found = [
            rank_of_first_answer(vector, question.answer, by_key[g], chunks[by_key[g].id])
            for g in question.gold
            if g in by_key
        ]
        ranks.append(min((r for r in found if r), default=None))
    scored = [r for r in ranks if r is not None]
    return {
        "top1": round(sum(r == 1 for r in scored) / len(scored), 3),
        "mrr": round(sum(1 / r for r in scored) / len(scored), 3),
        "answerable": len(scored),
    }


def centred(chunks: dict[str, list[NewChunk]], share: float) -> dict[str, list[NewChunk]]:
    """Return the chunks with their in-context sentence vectors centred by `share`."""
    return {
        key: [
            replace(c, sentence_vectors=centre_in_context(c.sentence_vectors, c.vector, share))
            for c in article_chunks
            if c.sentence_vectors is not None
        ]
        for key, article_chunks in chunks.items()
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--set", default="rtqa-dev", help="a folder of ../shared/eval")
    parser.add_argument("--questions", type=int, default=0, help="the first N (0: all)")
    parser.add_argument("--share", type=float, nargs="*", default=[])
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    folder = ROOT.parent / "shared" / "eval" / args.set
    settings = Settings()
    embedder = create_embedder(settings)
    questions = load_questions(folder / "questions.jsonl")[: args.questions or None]
    by_key = {key: a for a in load_articles(folder / "articles.jsonl") for key in (a.id, a.url)}
    gold = {by_key[g].id: by_key[g] for q in questions for g in q.gold if g in by_key}
    articles = list(gold.values())
    query_vectors = embedder.embed([q.question for q in questions])
    result: dict[str, Any] = {"set": args.set, "questions": len(questions)}
    result["articles"] = len(articles)
    for mode in MODES:
        encoder = ChunkEncoder(
            lambda: embedder,
            ChunkingConfig.from_settings(settings),
            in_context=mode == "in-context",
            context_share=0.0,
        )
        encoder.encode([("warm", "Warm up the model.", encoder.chunk("warm", "Warm up."))])
        chunks, seconds = encode(encoder, articles)
        key = mode.replace("-", "_")
        figures = score(questions, query_vectors, by_key, chunks)
        result.update({f"{key}_{name}": value for name, value in figures.items()})
        result[f"{key}_chunks_per_s"] = round(sum(map(len, chunks.values())) / seconds, 1)
        if mode == "in-context":
            for share in args.share:
                figures = score(questions, query_vectors, by_key, centred(chunks, share))
                result.update({f"{key}_share_{share}_{n}": v for n, v in figures.items()})
    emit(result, args.json)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
