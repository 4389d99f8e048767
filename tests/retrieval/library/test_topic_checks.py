"""Whether a speaker's statements speak to the topic asked, read off the text around them."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, cast

import numpy as np

from retrieval.library.topic_checks import article_texts, in_context, speaks_to_topic
from retrieval.query.features import Candidate
from retrieval.query.speakers import SpeakerQuestion
from retrieval.types import Passage, SourceRef, Span

if TYPE_CHECKING:
    from retrieval.library.asking import Gathered

ARTICLE = (
    "Russian forces shelled the ports of Crimea on Monday, officials said.\n\n"
    "“This winter will be the hardest in three decades,” Zelensky said. “We are buying gas "
    "wherever we can find it.”"
)
CRIMEA = SpeakerQuestion("Zelensky", "Crimea", False, "say about Crimea")


class _Read:
    """What was read for a question: its candidates, and no model to embed with (the checks
    below decide on words alone)."""

    def __init__(self, candidates: Sequence[Candidate]) -> None:
        self.candidates = list(candidates)

    def embed_sentences(self, texts: list[str]) -> np.ndarray:
        raise AssertionError("decided on words, without embedding")


def _statements() -> list[Candidate]:
    source = SourceRef(1, "Strikes on Crimea", None, None, None)
    starts = [0, ARTICLE.index("“This winter"), ARTICLE.index("“We are")]
    ends = [ARTICLE.index("\n\n"), ARTICLE.index(" “We are"), len(ARTICLE)]
    spans = tuple(Span(a, b) for a, b in zip(starts, ends, strict=True))
    passage = Passage(1, source, 0, len(ARTICLE), ARTICLE, 0.5, 0.5, 1, 1, sentences=spans)
    return [
        Candidate(passage, span, ARTICLE[span.start : span.end], None, False) for span in spans[1:]
    ]


def test_a_statement_in_an_article_naming_the_topic_speaks_to_it() -> None:
    statements = _statements()
    read = cast("Gathered", _Read(statements))
    assert speaks_to_topic(CRIMEA, read, statements, article_texts(statements))


def test_when_the_question_found_next_to_nothing_only_words_beside_the_statement_count() -> None:
    statements = _statements()
    read = cast("Gathered", _Read(statements))
    # The article names Crimea a paragraph up; the statement and its neighbours do not.
    assert not speaks_to_topic(CRIMEA, read, statements[1:], article_texts(statements), unsure=True)
    # The first statement's neighbour is that paragraph: it is read beside it.
    assert speaks_to_topic(CRIMEA, read, statements[:1], article_texts(statements), unsure=True)


class _Words:
    """Embeds a text as its words, hashed into a few dimensions: near texts share words."""

    def __init__(self, candidates: Sequence[Candidate]) -> None:
        self.candidates = list(candidates)

    def embed_sentences(self, texts: list[str]) -> np.ndarray:
        vectors = np.zeros((len(texts), 97), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in re.findall(r"[a-z]+", text.lower()):
                vectors[row, sum(map(ord, word)) % 97] += 1.0
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors / np.where(norms == 0, 1, norms)


def _passage(id_: int, sentences: list[str]) -> tuple[Passage, tuple[Span, ...]]:
    text = " ".join(sentences)
    starts = [text.index(s) for s in sentences]
    spans = tuple(Span(a, a + len(s)) for a, s in zip(starts, sentences, strict=True))
    source = SourceRef(id_, "Council", None, None, None)
    return Passage(id_, source, 0, len(text), text, 0.5, 0.5, 1, 1, sentences=spans), spans


def test_a_statement_is_read_with_the_topic_set_out_two_sentences_before_it() -> None:
    said = "“We will see what the budget allows,” Ruiz said."
    topical, spans = _passage(1, ["Ruiz was asked about the ferry fares.", "He paused.", said])
    other, other_spans = _passage(2, ["Ruiz spoke at the harbour gala.", "He paused.", said])
    statements = [
        Candidate(topical, spans[2], said, None, False),
        Candidate(other, other_spans[2], said, None, False),
    ]
    read = _Words(statements)
    near = in_context(cast("Gathered", read), statements) @ read.embed_sentences(["ferry fares"])[0]
    assert near[0] > near[1]
    # The statement's own words still count most.
    context = in_context(cast("Gathered", read), statements[:1])[0]
    own, asked = read.embed_sentences([said, "Ruiz was asked about the ferry fares."])
    assert context @ own > context @ asked


def test_a_statement_at_the_start_of_a_chunk_is_read_with_the_chunk_before_it() -> None:
    opening = ["Ruiz was asked about the ferry fares.", "He paused."]
    said = "“We will see what the budget allows,” Ruiz said."
    text = " ".join([*opening, said])
    spans = [Span(text.index(s), text.index(s) + len(s)) for s in [*opening, said]]
    source = SourceRef(1, "Council", None, None, None)
    before = Passage(
        1, source, 0, spans[1].end, text[: spans[1].end], 0.5, 0.5, 1, 1, sentences=tuple(spans[:2])
    )
    after = Passage(
        2, source, spans[2].start, len(text), said, 0.5, 0.5, 2, 2, sentences=(spans[2],)
    )
    statement = Candidate(after, spans[2], said, None, False)
    read_before = Candidate(before, spans[0], opening[0], None, False)
    topic = _Words([]).embed_sentences(["ferry fares"])[0]
    # Only the statement's own chunk read: nothing of the fares.
    alone = in_context(cast("Gathered", _Words([statement])), [statement]) @ topic
    # The chunk before it read too: the question put to Ruiz counts.
    both = in_context(cast("Gathered", _Words([read_before, statement])), [statement]) @ topic
    assert alone[0] == 0 and both[0] > 0
    # A sentence read further off, with unread text between, does not.
    asked = "Ruiz was asked about the ferry fares."
    far_text = asked + " " + "x" * 200 + " " + said
    far_span, asked_span = Span(far_text.index(said), len(far_text)), Span(0, len(asked))
    far_before = Passage(3, source, 0, len(asked), asked, 0.5, 0.5, 1, 1, sentences=(asked_span,))
    far_after = Passage(
        4, source, far_span.start, far_span.end, said, 0.5, 0.5, 2, 2, sentences=(far_span,)
    )
    far_statement = Candidate(far_after, far_span, said, None, False)
    far_read = Candidate(far_before, asked_span, asked, None, False)
    far = in_context(cast("Gathered", _Words([far_read, far_statement])), [far_statement]) @ topic
    assert far[0] == 0


def test_what_is_set_out_before_a_statement_counts_more_than_what_follows_it() -> None:
    said = "“We will see what the budget allows,” Ruiz said."
    before, spans = _passage(1, ["Ruiz was asked about the ferry fares.", said, "He left."])
    after, after_spans = _passage(2, ["He arrived.", said, "Ruiz was asked about the ferry fares."])
    statements = [
        Candidate(before, spans[1], said, None, False),
        Candidate(after, after_spans[1], said, None, False),
    ]
    read = _Words(statements)
    near = in_context(cast("Gathered", read), statements) @ read.embed_sentences(["ferry fares"])[0]
    assert near[0] > near[1] > 0
