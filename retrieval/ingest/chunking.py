"""Cut an article into paragraph-aware chunks of about a hundred words, with exact offsets."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from config import settings_for
from retrieval.ingest.sentences import paragraph_spans, sentence_spans
from retrieval.types import ChunkDraft, Span

if TYPE_CHECKING:
    from config import Settings

# Bump when chunk boundaries change: stored chunks from another version need a reindex.
CHUNKER_VERSION = 1

_WORD = re.compile(r"\S+")

TokenCounter = Callable[[list[str]], list[int]]


@dataclass(frozen=True)
class ChunkingConfig:
    """How big chunks are: a target in words, hard caps in model word pieces and characters."""

    target_words: int = 120
    max_tokens: int = 256
    # A word-piece tokenizer reads a word of any length as one unknown token, so a 5 MB
    # "word" fits the token cap; characters bound what is stored, shown and embedded.
    max_chars: int = 2000

    @classmethod
    def from_settings(cls, settings: Settings) -> ChunkingConfig:
        """Read the chunk size settings."""
        return cls(**settings_for(cls, settings, prefix="chunk_"))


@dataclass(frozen=True)
class _Sentence:
    span: Span
    paragraph: int
    words: int
    tokens: int


def embedding_text(title: str, chunk_text: str) -> str:
    """Return the text embedded for a chunk: its article's title, then the chunk."""
    return f"{title}\n{chunk_text}" if title else chunk_text


def chunk_article(
    text: str, title: str, count_tokens: TokenCounter, config: ChunkingConfig
) -> list[ChunkDraft]:
    """Split text into chunks that respect paragraphs and sentences, overlapping by a sentence."""
    sentences = _sentences(text, count_tokens)
    if not sentences:
        return []
    title_tokens = count_tokens([title])[0] if title else 0
    # The title and a newline are embedded with every chunk, so they share its budget.
    budget = max(16, config.max_tokens - title_tokens)
    sentences = _split_oversized(text, sentences, budget, config.max_chars, count_tokens)
    groups = _pack(sentences, config.target_words, budget, config.max_chars)
    return [_to_chunk(text, ordinal, group) for ordinal, group in enumerate(groups)]


def _sentences(text: str, count_tokens: TokenCounter) -> list[_Sentence]:
    spans: list[tuple[Span, int]] = []
    for paragraph_index, paragraph in enumerate(paragraph_spans(text)):
        for span in sentence_spans(text, paragraph.start, paragraph.end):
            spans.append((span, paragraph_index))
    # Special tokens ([CLS], [SEP]) are counted once per chunk, not once per sentence.
    tokens = count_tokens([text[span.start : span.end] for span, _ in spans])
    special = max(0, count_tokens([""])[0]) if spans else 0
    return [
        _Sentence(
            span=span,
            paragraph=paragraph_index,
            words=len(_WORD.findall(text[span.start : span.end])),
            tokens=max(1, count - special),
        )
        for (span, paragraph_index), count in zip(spans, tokens, strict=True)
    ]


def _split_oversized(
    text: str,
    sentences: list[_Sentence],
    budget: int,
    max_chars: int,
    count_tokens: TokenCounter,
) -> list[_Sentence]:
    """Cut any sentence over the token budget or the character cap into word runs that fit."""
    result: list[_Sentence] = []
    for sentence in sentences:
        if sentence.tokens <= budget and sentence.span.end - sentence.span.start <= max_chars:
            result.append(sentence)
            continue
        words = _word_spans(text, sentence.span, max_chars)
        word_tokens = count_tokens([text[w.start : w.end] for w in words])
        special = count_tokens([""])[0]
        piece: list[Span] = []
        piece_tokens = 0
        for word, count in zip(words, word_tokens, strict=True):
            cost = max(1, count - special)
            if piece and (piece_tokens + cost > budget or word.end - piece[0].start > max_chars):
                result.append(_piece(piece, sentence.paragraph, piece_tokens))
                piece, piece_tokens = [], 0
            piece.append(word)
            piece_tokens += cost
        if piece:
            result.append(_piece(piece, sentence.paragraph, piece_tokens))
    return result


def _word_spans(text: str, span: Span, max_chars: int) -> list[Span]:
    """Return the words of a span, a word longer than the cap cut into pieces of the cap."""
    words: list[Span] = []
    for match in _WORD.finditer(text, span.start, span.end):
        start, end = match.span()
        words.extend(Span(at, min(at + max_chars, end)) for at in range(start, end, max_chars))
    return words


def _piece(words: list[Span], paragraph: int, tokens: int) -> _Sentence:
    return _Sentence(Span(words[0].start, words[-1].end), paragraph, len(words), tokens)


def _pack(
    sentences: list[_Sentence], target_words: int, budget: int, max_chars: int
) -> list[list[_Sentence]]:
    """Group consecutive sentences into chunks; each new chunk repeats the previous last one."""
    groups: list[list[_Sentence]] = []
    current: list[_Sentence] = []
    words = tokens = 0
    fresh = 0  # sentences in current that are not the carried-over overlap
    for index, sentence in enumerate(sentences):
        over_budget = tokens + sentence.tokens > budget or _too_long(current, sentence, max_chars)
        over_target = words + sentence.words > target_words
        # Prefer to break between paragraphs: keep filling a paragraph unless it would overflow.
        new_paragraph = bool(current) and sentence.paragraph != current[-1].paragraph
        remaining = _paragraph_words(sentences, index) if new_paragraph else 0
        paragraph_fits = words + remaining <= target_words
        if fresh and (over_budget or (over_target and (new_paragraph or not paragraph_fits))):
            groups.append(current)
            overlap = current[-1]
            fits = not _too_long([overlap], sentence, max_chars)
            if fits and overlap.tokens + sentence.tokens <= budget:
                current, words, tokens = [overlap], overlap.words, overlap.tokens
            else:
                current, words, tokens = [], 0, 0
            fresh = 0
        elif not fresh and current and over_budget:
            current, words, tokens = [], 0, 0
        current.append(sentence)
        words += sentence.words
        tokens += sentence.tokens
        fresh += 1
    if fresh:
        groups.append(current)
    return groups


def _too_long(group: list[_Sentence], sentence: _Sentence, max_chars: int) -> bool:
    """Tell whether adding the sentence would stretch the group's span past the cap."""
    return bool(group) and sentence.span.end - group[0].span.start > max_chars


def _paragraph_words(sentences: list[_Sentence], index: int) -> int:
    paragraph = sentences[index].paragraph
    total = 0
    for sentence in sentences[index:]:
        if sentence.paragraph != paragraph:
            break
        total += sentence.words
    return total


def _to_chunk(text: str, ordinal: int, group: list[_Sentence]) -> ChunkDraft:
    start, end = group[0].span.start, group[-1].span.end
    return ChunkDraft(
        ordinal=ordinal,
        start=start,
        end=end,
        text=text[start:end],
        sentences=tuple(sentence.span for sentence in group),
    )
