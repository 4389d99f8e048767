"""Chunks keep exact offsets, respect paragraphs, overlap by a sentence and fit the model."""

from __future__ import annotations

import itertools
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from embeddings import Embedder
from embeddings.hashing import HashingEmbedder
from retrieval.ingest.chunking import ChunkingConfig, chunk_article, embedding_text
from retrieval.ingest.sentences import sentence_spans


def _paragraphs(words_per_paragraph: list[int]) -> str:
    paragraphs = []
    for p, count in enumerate(words_per_paragraph):
        sentences = []
        for s in range(0, count, 10):
            words = " ".join(f"word{p}x{s + i}" for i in range(min(10, count - s)))
            sentences.append(words.capitalize() + ".")
        paragraphs.append(" ".join(sentences))
    return "\n\n".join(paragraphs)


def test_every_chunk_and_sentence_is_a_verbatim_slice_of_the_article(
    fixture_articles: Path,
) -> None:
    text = (fixture_articles / "harbor-tram-vote.md").read_text()
    chunks = chunk_article(text, "Tram vote", HashingEmbedder().count_tokens, ChunkingConfig())
    assert chunks
    for chunk in chunks:
        assert text[chunk.start : chunk.end] == chunk.text
        for sentence in chunk.sentences:
            assert chunk.start <= sentence.start < sentence.end <= chunk.end


def test_chunks_are_about_a_hundred_words_and_break_between_paragraphs() -> None:
    text = _paragraphs([60, 60, 60, 60, 60])
    chunks = chunk_article(text, "", HashingEmbedder().count_tokens, ChunkingConfig(120, 256))
    assert len(chunks) >= 2
    for chunk in chunks[:-1]:
        assert 50 <= len(chunk.text.split()) <= 150
    # Apart from the one-sentence overlap, each chunk ends where a paragraph ends.
    for chunk in chunks[:-1]:
        assert text[chunk.end : chunk.end + 2] == "\n\n"


def test_consecutive_chunks_share_exactly_one_sentence() -> None:
    text = _paragraphs([300])
    chunks = chunk_article(text, "", HashingEmbedder().count_tokens, ChunkingConfig(100, 256))
    assert len(chunks) >= 3
    for previous, current in itertools.pairwise(chunks):
        assert current.sentences[0] == previous.sentences[-1]


def test_a_sentence_longer_than_the_cap_is_split_into_pieces_that_fit() -> None:
    text = " ".join(f"token{i}" for i in range(2000)) + "."
    counter = HashingEmbedder().count_tokens
    chunks = chunk_article(text, "Title", counter, ChunkingConfig(120, 128))
    assert len(chunks) > 5
    assert all(counter([embedding_text("Title", c.text)])[0] <= 128 for c in chunks)
    assert "".join(text[c.start : c.end] for c in chunks).replace(" ", "") != ""


def test_real_tokenizer_cap_holds_for_title_plus_chunk(
    real_embedder: Embedder, fixture_articles: Path
) -> None:
    title = "A fairly long headline about budgets, transit and the future of the waterfront"
    text = "\n\n".join(
        (fixture_articles / name).read_text()
        for name in ("harbor-tram-vote.md", "coffee-drought.md", "chip-plant.md")
    )
    text += "\n\n" + "Antidisestablishmentarianism " * 400
    config = ChunkingConfig(target_words=120, max_tokens=256)
    chunks = chunk_article(text, title, real_embedder.count_tokens, config)
    counts = real_embedder.count_tokens([embedding_text(title, c.text) for c in chunks])
    assert max(counts) <= 256
    assert all(text[c.start : c.end] == c.text for c in chunks)


def test_empty_text_gives_no_chunks() -> None:
    assert chunk_article("  \n\n ", "T", HashingEmbedder().count_tokens, ChunkingConfig()) == []


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=3000))
def test_offsets_are_exact_for_any_text(text: str) -> None:
    chunks = chunk_article(text, "T", HashingEmbedder().count_tokens, ChunkingConfig(40, 64))
    for chunk in chunks:
        assert text[chunk.start : chunk.end] == chunk.text
        assert chunk.text.strip() == chunk.text
    for span in sentence_spans(text):
        assert text[span.start : span.end].strip() == text[span.start : span.end]
