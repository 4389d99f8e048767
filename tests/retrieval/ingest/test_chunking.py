"""Chunks keep exact offsets, respect paragraphs, overlap by a sentence and fit the model."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from config import Settings
from embeddings import Embedder
from embeddings.hashing import HashingEmbedder
from retrieval.ingest.chunking import ChunkingConfig, chunk_article, embedding_text
from retrieval.ingest.sentences import sentence_spans
from retrieval.types import ChunkDraft


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


def _one_token_per_word(texts: list[str]) -> list[int]:
    """Count as a word-piece tokenizer does for words it does not know: one token each."""
    return [len(text.split()) + 2 for text in texts]  # + [CLS] and [SEP]


def test_a_five_megabyte_word_becomes_chunks_no_longer_than_the_character_cap() -> None:
    text = "Harbor tram vote tonight. " + "x" * 5_242_880 + " The council met."
    config = ChunkingConfig(max_chars=2000)
    chunks = chunk_article(text, "Blob", _one_token_per_word, config)
    assert max(len(c.text) for c in chunks) <= 2000
    assert all(text[c.start : c.end] == c.text for c in chunks)
    assert _uncovered(text, chunks).strip() == ""


def _uncovered(text: str, chunks: list[ChunkDraft]) -> str:
    gaps, reached = [], 0
    for chunk in chunks:
        gaps.append(text[reached : max(reached, chunk.start)])
        reached = max(reached, chunk.end)
    return "".join(gaps) + text[reached:]


def test_sentences_of_long_unknown_words_are_packed_under_the_character_cap() -> None:
    sentence = " ".join(["y" * 700] * 2) + "."
    text = " ".join([sentence] * 30)
    chunks = chunk_article(text, "", _one_token_per_word, ChunkingConfig(120, 256, max_chars=3000))
    assert len(chunks) >= 10
    assert all(len(c.text) <= 3000 and text[c.start : c.end] == c.text for c in chunks)


def test_the_character_cap_is_a_setting(make_settings: Callable[..., Settings]) -> None:
    assert ChunkingConfig.from_settings(make_settings(chunk_max_chars=500)).max_chars == 500
    assert ChunkingConfig.from_settings(make_settings()).max_chars == 2000


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet="ab .\n", max_size=3000))
def test_no_chunk_is_longer_than_the_character_cap_for_any_text(text: str) -> None:
    chunks = chunk_article(text, "T", _one_token_per_word, ChunkingConfig(40, 64, max_chars=100))
    for chunk in chunks:
        assert text[chunk.start : chunk.end] == chunk.text
        assert len(chunk.text) <= 100


def test_a_paragraph_of_thousands_of_sentences_splits_into_each_of_them() -> None:
    sentences = [f"Sentence {i} says the council met on Tuesday." for i in range(1500)]
    text = "Intro.\n\n" + " ".join(sentences)
    spans = sentence_spans(text)
    assert [text[s.start : s.end] for s in spans] == ["Intro.", *sentences]


def test_a_comma_before_closing_quotes_ends_no_sentence() -> None:
    text = (
        "\"They lump us into this monolithic 'Asian,'\" Kim said. Next. "
        "“Sure,” he said. “It ends ‘here.’” Then more."
    )
    spans = sentence_spans(text)
    assert [text[s.start : s.end] for s in spans] == [
        "\"They lump us into this monolithic 'Asian,'\" Kim said.",
        "Next.",
        "“Sure,” he said.",
        "“It ends ‘here.’”",
        "Then more.",
    ]


def test_a_closing_quotation_mark_stays_with_the_sentence_it_closes() -> None:
    # The segmenter cut each closing mark off as a sentence of its own, where the paragraph
    # opened no quotation or the quotation's first sentence was left unmarked.
    text = (
        "“I just want people to know,” she said.\n\n"
        "He was my only one and I don't think this pain will ever go away.\"\n\n"
        '"It is a leak," Roberts said. I have directed the Marshal to investigate."'
    )
    found = [text[s.start : s.end] for s in sentence_spans(text)]
    assert found == [
        "“I just want people to know,” she said.",
        "He was my only one and I don't think this pain will ever go away.\"",
        '"It is a leak," Roberts said.',
        'I have directed the Marshal to investigate."',
    ]


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        (
            "Shortly after 12:30 p.m. EDT, Twitter Support shared that the site was up. It held.",
            ["Shortly after 12:30 p.m. EDT, Twitter Support shared that the site was up."],
        ),
        (
            "The game starts at 7 p.m. Tuesday at the arena. Tickets are gone.",
            ["The game starts at 7 p.m. Tuesday at the arena."],
        ),
        (
            "The launch is set for 11 a.m. ET on Friday, NASA said. It slipped.",
            ["The launch is set for 11 a.m. ET on Friday, NASA said."],
        ),
        (
            "The storm hit at 4 p.m. Eastern time, officials said. Roads closed.",
            ["The storm hit at 4 p.m. Eastern time, officials said."],
        ),
        (
            "Bids close at 5 p.m. Oct. 3, the city said. Few came.",
            ["Bids close at 5 p.m. Oct. 3, the city said."],
        ),
        (
            "Voters rejected Prop. 205 on Tuesday, the campaign said. It failed.",
            ["Voters rejected Prop. 205 on Tuesday, the campaign said."],
        ),
    ],
)
def test_a_clock_time_followed_by_its_zone_day_or_date_or_a_numbered_prop_ends_no_sentence(
    text: str, sentences: list[str]
) -> None:
    # A quote cut after "p.m." would read "EDT, Twitter Support shared…", its time lost.
    found = [text[s.start : s.end] for s in sentence_spans(text)]
    assert found[:1] == sentences and len(found) == 2


def test_a_clock_time_or_a_place_at_a_sentence_end_still_ends_it() -> None:
    text = (
        "Police were called at 2 a.m. The suspect fled. Polls closed at 8 p.m.\nMonday came. "
        "He lives in Puerto Rico. 2021 was hard."
    )
    found = [text[s.start : s.end] for s in sentence_spans(text)]
    assert found == [
        "Police were called at 2 a.m.",
        "The suspect fled.",
        "Polls closed at 8 p.m.",
        "Monday came.",
        "He lives in Puerto Rico.",
        "2021 was hard.",
    ]
