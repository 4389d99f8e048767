"""Answering a question about what someone said: that speaker's statements first, or say so."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from retrieval.query.answer import Scorers, compose_answer
from retrieval.query.features import Candidate
from retrieval.query.speakers import SpeakerQuestion, speaks_as
from retrieval.types import Answer, Speaker

if TYPE_CHECKING:
    from retrieval.library.asking import Gathered


def speaker_of(candidate: Candidate) -> Speaker | None:
    """Return who a quote candidate reports as speaking, if anyone."""
    return candidate.passage.speaker_at(candidate.span)


def answer_about_speaker(
    asked: SpeakerQuestion, gathered: Gathered, scorers: Scorers | None
) -> Answer:
    """Quote the asked speaker's statements about the topic, best first.

    Whether the question is answered at all is decided as for any question (the confidence
    reads all the candidates); which sentences are quoted is then the speaker's, ranked by the
    same scorer. When the retrieved passages hold no statement by the speaker, the answer says
    so and quotes what others said about the topic. An "according to X, how many…" question
    asks for a fact: it keeps its own quotes, X's first.
    """
    candidates = gathered.candidates
    plain = _compose(gathered, scorers, candidates)
    by_speaker = [c for c in candidates if speaks_as(asked.speaker, speaker_of(c))]
    if not plain.found:
        return replace(plain, asked_speaker=asked.speaker, speaker_found=bool(by_speaker))
    if asked.factoid:
        return _speaker_first(plain, asked.speaker, candidates, bool(by_speaker))
    if by_speaker:
        answer = _quoting(plain, _compose(gathered, scorers, by_speaker), candidates)
        ordered = _newest_first(answer) if asked.present else answer
        return replace(ordered, asked_speaker=asked.speaker)
    others = [c for c in candidates if speaker_of(c) is not None]
    if others and not asked.factoid:
        plain = _quoting(plain, _compose(gathered, scorers, others), candidates)
    return replace(plain, asked_speaker=asked.speaker, speaker_found=False)


def _speaker_first(
    answer: Answer, speaker: str, candidates: Sequence[Candidate], spoke: bool
) -> Answer:
    """Keep a question of fact's own quotes, the asked source's first ("according to X, …")."""
    quotes = sorted(answer.quotes, key=lambda q: not speaks_as(speaker, q.speaker))
    ordered = _quoting(answer, replace(answer, quotes=tuple(quotes)), candidates)
    return replace(ordered, asked_speaker=speaker, speaker_found=spoke)


def _quoting(answer: Answer, chosen: Answer, candidates: Sequence[Candidate]) -> Answer:
    """Return a found answer with the quotes another composition chose (given or held back)."""
    quotes = chosen.quotes or chosen.withheld
    if not quotes:
        return answer
    source_of = {c.passage.chunk_id: c.passage.source for c in candidates}
    sources = tuple(dict.fromkeys(source_of[q.chunk_id] for q in quotes))
    return replace(answer, quotes=tuple(quotes), sources=sources)


def _compose(
    gathered: Gathered, scorers: Scorers | None, candidates: Sequence[Candidate]
) -> Answer:
    retrieval = gathered.retrieval
    return compose_answer(
        retrieval.question,
        retrieval.query_vector,
        retrieval.passages,
        gathered.embed_sentences,
        gathered.config,
        gathered.evidence,
        scorers if gathered.learned else None,
        candidates,
    )


def _newest_first(answer: Answer) -> Answer:
    """Order the quotes by their article's date, newest first (undated last), ties by score."""
    published = {s.article_id: s.published or "" for s in answer.sources}
    quotes = sorted(answer.quotes, key=lambda q: published.get(q.article_id, ""), reverse=True)
    order = {q.article_id: i for i, q in reversed(list(enumerate(quotes)))}
    sources = sorted(answer.sources, key=lambda s: order.get(s.article_id, len(order)))
    return replace(answer, quotes=tuple(quotes), sources=tuple(sources))
