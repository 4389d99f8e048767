"""Chunk encoding: one batch per call, each shared sentence embedded once, cached vectors reused."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from embeddings.hashing import HashingEmbedder
from retrieval.ingest.chunking import ChunkingConfig, embedding_text
from retrieval.ingest.encoding import ChunkEncoder, centre_in_context

SMALL_CHUNKS = ChunkingConfig(target_words=30, max_tokens=64)


class CountingEmbedder(HashingEmbedder):
    """The hashing embedder, recording the texts of each embed call."""

    def __init__(self, name: str = "hashing-test-embedder") -> None:
        super().__init__(name=name)
        self.calls: list[list[str]] = []

    def embed(self, texts: list[str]) -> npt.NDArray[np.float32]:
        self.calls.append(list(texts))
        return super().embed(texts)

    @property
    def embedded(self) -> list[str]:
        return [text for call in self.calls for text in call]


class DictCache:
    """An in-memory vector cache, as the store keeps one in SQLite."""

    def __init__(self) -> None:
        self.vectors: dict[str, npt.NDArray[np.float32]] = {}

    def cached_vectors(self, keys: Sequence[str], dim: int) -> dict[str, npt.NDArray[np.float32]]:
        return {k: self.vectors[k] for k in keys if k in self.vectors}

    def cache_vectors(self, items: Sequence[tuple[str, npt.NDArray[np.float32]]]) -> None:
        self.vectors.update(items)


def _sentence(topic: str, i: int) -> str:
    return f"The {topic} report number {i} names the harbour, the council and the tram."


def _story(topic: str, sentences: int = 12) -> str:
    return " ".join(_sentence(topic, i) for i in range(sentences))


def test_each_sentence_shared_by_overlapping_chunks_is_embedded_once() -> None:
    embedder = CountingEmbedder()
    encoder = ChunkEncoder(lambda: embedder, SMALL_CHUNKS)
    text = _story("ferry")
    drafts = encoder.chunk("Ferry", text)
    shared = set(drafts[0].sentences) & set(drafts[1].sentences)
    assert len(drafts) > 2 and shared  # the chunks overlap by a sentence

    [chunks] = encoder.encode([("Ferry", text, drafts)])

    assert len(embedder.calls) == 1  # chunks and sentences in one model call
    spans = {span for draft in drafts for span in draft.sentences}
    assert len(embedder.embedded) == len(drafts) + len(spans)
    for chunk in chunks:
        title_and_text = embedding_text("Ferry", chunk.draft.text)
        assert np.allclose(chunk.vector, embedder.embed([title_and_text])[0])
        assert chunk.sentence_vectors is not None
        sentences = [text[span.start : span.end] for span in chunk.draft.sentences]
        assert np.allclose(chunk.sentence_vectors, embedder.embed(sentences))


def test_several_articles_are_embedded_in_one_call_each_keeping_its_own_vectors() -> None:
    embedder = CountingEmbedder()
    encoder = ChunkEncoder(lambda: embedder, SMALL_CHUNKS)
    articles = [(title, _story(title), encoder.chunk(title, _story(title))) for title in "ABC"]

    encoded = encoder.encode(articles)

    assert len(embedder.calls) == 1
    for (title, _, drafts), chunks in zip(articles, encoded, strict=True):
        assert [c.draft for c in chunks] == drafts
        expected = embedder.embed([embedding_text(title, d.text) for d in drafts])
        assert np.allclose(np.stack([c.vector for c in chunks]), expected)


def test_the_vector_cache_skips_texts_already_cached() -> None:
    cache = DictCache()
    first = CountingEmbedder()
    ChunkEncoder(lambda: first, SMALL_CHUNKS, cache).chunk_and_encode("Tram", _story("tram"))
    assert len(cache.vectors) == len(set(first.embedded))

    again = CountingEmbedder()
    encoder = ChunkEncoder(lambda: again, SMALL_CHUNKS, cache)
    chunks = encoder.chunk_and_encode("Tram", _story("tram"))
    assert again.calls == []  # every text was cached
    assert chunks and all(c.sentence_vectors is not None for c in chunks)

    vectors = encoder.embed(["A new sentence.", _sentence("tram", 0)])
    assert again.embedded == ["A new sentence."]  # the stored sentence came from the cache
    assert np.allclose(vectors, first.embed(["A new sentence.", _sentence("tram", 0)]))


def test_cached_vectors_are_kept_per_model() -> None:
    cache = DictCache()
    ChunkEncoder(lambda: CountingEmbedder(), SMALL_CHUNKS, cache).embed(["Same text."])
    other = CountingEmbedder(name="another-model")
    ChunkEncoder(lambda: other, SMALL_CHUNKS, cache).embed(["Same text."])
    assert other.embedded == ["Same text."]
    assert len(cache.vectors) == 2


def test_without_a_cache_every_text_is_embedded_each_time() -> None:
    embedder = CountingEmbedder()
    encoder = ChunkEncoder(lambda: embedder, SMALL_CHUNKS)
    encoder.embed(["One.", "Two."])
    encoder.embed(["One.", "Two."])
    assert embedder.embedded == ["One.", "Two.", "One.", "Two."]


def test_nothing_to_embed_gives_an_empty_array_of_the_model_dimension() -> None:
    embedder = CountingEmbedder()
    vectors = ChunkEncoder(lambda: embedder, SMALL_CHUNKS, DictCache()).embed([])
    assert vectors.shape == (0, embedder.dim) and vectors.dtype == np.float32
    assert ChunkEncoder(lambda: embedder, SMALL_CHUNKS).encode([]) == []


class SpanPoolingEmbedder(CountingEmbedder):
    """Pools a span as the hashing vector of its words; spans past `reads` chars are cut off."""

    def __init__(self, reads: int = 10_000) -> None:
        super().__init__()
        self.reads = reads
        self.span_calls: list[list[str]] = []

    def embed_spans(
        self, texts: list[str], spans: list[list[tuple[int, int]]]
    ) -> tuple[npt.NDArray[np.float32], list[npt.NDArray[np.float32]]]:
        self.span_calls.append(list(texts))
        pooled = []
        for text, chunk_spans in zip(texts, spans, strict=True):
            rows = HashingEmbedder.embed(self, [text[s:e] for s, e in chunk_spans])
            rows[[e > self.reads for _, e in chunk_spans]] = 0.0
            pooled.append(rows)
        return HashingEmbedder.embed(self, texts), pooled


def test_in_context_sentences_come_from_the_chunks_own_pass() -> None:
    embedder = SpanPoolingEmbedder()
    encoder = ChunkEncoder(lambda: embedder, SMALL_CHUNKS, in_context=True)
    text = _story("ferry")
    drafts = encoder.chunk("Ferry", text)
    (chunks,) = encoder.encode([("Ferry", text, drafts)])
    assert embedder.calls == []  # no separate pass for the sentences
    assert embedder.span_calls == [[embedding_text("Ferry", d.text) for d in drafts]]
    for chunk in chunks:
        assert chunk.sentence_vectors is not None
        sentences = [text[s.start : s.end] for s in chunk.draft.sentences]
        # Each row pooled the sentence's own characters, found through the title line.
        np.testing.assert_allclose(chunk.sentence_vectors, HashingEmbedder().embed(sentences))


def test_sentences_the_model_never_read_are_embedded_on_their_own() -> None:
    # The title line and each chunk's first sentence fit in what the model reads; no more.
    embedder = SpanPoolingEmbedder(reads=len("Ferry\n" + _sentence("ferry", 10)))
    encoder = ChunkEncoder(lambda: embedder, SMALL_CHUNKS, in_context=True)
    text = _story("ferry")
    (chunks,) = encoder.encode([("Ferry", text, encoder.chunk("Ferry", text))])
    late = [text[s.start : s.end] for c in chunks for s in c.draft.sentences[1:]]
    assert late and embedder.embedded == late
    for chunk in chunks:
        assert chunk.sentence_vectors is not None
        assert np.all(np.linalg.norm(chunk.sentence_vectors, axis=1) > 0.99)


def test_in_context_vectors_are_cached_whole_per_chunk() -> None:
    embedder = SpanPoolingEmbedder()
    cache = DictCache()
    encoder = ChunkEncoder(lambda: embedder, SMALL_CHUNKS, cache, in_context=True)
    text = _story("ferry")
    first = encoder.encode([("Ferry", text, encoder.chunk("Ferry", text))])[0]
    again = encoder.encode([("Ferry", text, encoder.chunk("Ferry", text))])[0]
    assert len(embedder.span_calls) == 1
    for a, b in zip(first, again, strict=True):
        np.testing.assert_array_equal(a.vector, b.vector)
        np.testing.assert_array_equal(a.sentence_vectors, b.sentence_vectors)


def test_an_embedder_without_span_pooling_embeds_sentences_separately() -> None:
    embedder = CountingEmbedder()
    encoder = ChunkEncoder(lambda: embedder, SMALL_CHUNKS, in_context=True)
    text = _story("ferry")
    drafts = encoder.chunk("Ferry", text)
    encoder.encode([("Ferry", text, drafts)])
    assert text[drafts[0].sentences[0].start : drafts[0].sentences[0].end] in embedder.embedded


def test_centring_takes_the_shared_context_out_of_pooled_sentences() -> None:
    chunk = np.array([1.0, 0.0, 0.0], dtype=np.float32)
    pooled = np.array([[0.8, 0.6, 0.0], [0.8, 0.0, 0.6], [0.0, 0.0, 0.0]], dtype=np.float32)
    centred = centre_in_context(pooled, chunk, 0.5)
    # Two sentences that mostly share their chunk's context move apart once part of it is out.
    assert float(centred[0] @ centred[1]) < float(pooled[0] @ pooled[1])
    np.testing.assert_allclose(np.linalg.norm(centred[:2], axis=1), 1.0, atol=1e-6)
    assert not centred[2].any()  # a sentence the model never read stays for embedding alone
    np.testing.assert_array_equal(centre_in_context(pooled, chunk, 0.0), pooled)


def test_the_encoder_centres_in_context_sentences_by_its_share() -> None:
    text = _story("ferry")
    plain = ChunkEncoder(lambda: SpanPoolingEmbedder(), SMALL_CHUNKS, in_context=True)
    shared = ChunkEncoder(
        lambda: SpanPoolingEmbedder(), SMALL_CHUNKS, in_context=True, context_share=0.5
    )
    drafts = plain.chunk("Ferry", text)
    (before,) = plain.encode([("Ferry", text, drafts)])
    (after,) = shared.encode([("Ferry", text, drafts)])
    for a, b in zip(before, after, strict=True):
        assert a.sentence_vectors is not None and b.sentence_vectors is not None
        np.testing.assert_allclose(
            b.sentence_vectors, centre_in_context(a.sentence_vectors, a.vector, 0.5), atol=1e-6
        )
