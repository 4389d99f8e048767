"""Asking: a question checked, passages retrieved and ranked, an answer composed from quotes."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date
from functools import partial
from types import MappingProxyType
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from embeddings.base import Vectors
from retrieval.errors import InvalidQuestion
from retrieval.index.bm25 import LexicalIndex, weighted_share
from retrieval.library.access import CollectionAccess
from retrieval.library.speaking import answer_about_speaker
from retrieval.library.stored_reading import (
    StoredSentenceVectors,
    neighbouring_passages,
    rest_of_articles,
    statements_of,
    taking_in,
)
from retrieval.library.topic_search import widened
from retrieval.query.answer import (
    FUNCTION_WORDS,
    AnswerConfig,
    Evidence,
    Lexicon,
    Scorers,
    compose_answer,
    shipped_scorers,
)
from retrieval.query.features import Candidate, candidates_of
from retrieval.query.question import as_statement, named_words
from retrieval.query.rescoring import RESCORE_DEPTH, PassageEvidence, passage_features, rescore
from retrieval.query.search import Reranker, Retrievers, SearchConfig, hybrid_search
from retrieval.query.speaker_rephrasing import rephrased
from retrieval.query.speakers import SpeakerQuestion, speaker_question
from retrieval.query.stories import (
    Copies,
    collapse_copied_passages,
    credit_copies,
    prefer_earliest_copies,
)
from retrieval.types import Answer, Passage

# Passages whose sentences the hand-set weights choose among (what they were tuned on).
HAND_SET_PASSAGES = 4
# Passages read past those wanted, to fill the places of copies of a story collapsed into one.
COPY_SLACK = 8


class Retrieval(NamedTuple):
    """The checked question, its ranked passages, its vector and the BM25 index searched."""

    question: str
    passages: list[Passage]
    query_vector: npt.NDArray[np.float32]
    lexical: LexicalIndex | None
    # The fused passages re-scoring saw, in fused order, with their feature rows (training
    # reads them); empty when nothing was re-scored.
    fused: tuple[Passage, ...] = ()
    fused_rows: npt.NDArray[np.float32] | None = None
    # The story copies of the articles the search read (none for the plain baselines).
    copies: Copies = MappingProxyType({})
    searched_articles: frozenset[int] = frozenset()


class Gathered(NamedTuple):
    """Everything an answer is composed from: what training reads, and what ask scores."""

    retrieval: Retrieval
    considered: list[Passage]
    candidates: list[Candidate]
    evidence: Evidence
    embed_sentences: Callable[[list[str]], Vectors]
    config: AnswerConfig  # the answer settings of the scoring chosen
    learned: bool  # learned scoring, or the hand-set weights


class QuestionAnswerer:
    """Search a collection for a question and answer it with verbatim quotes."""

    def __init__(
        self, access: CollectionAccess, search_config: SearchConfig, answer_config: AnswerConfig
    ) -> None:
        self._access = access
        self._store = access.store
        self._search_config = search_config
        self._answer_config = answer_config
        # The hand-set weights were tuned on the top few passages alone.
        self._hand_set_config = replace(
            answer_config, passages_considered=HAND_SET_PASSAGES, quotes_per_article=2
        )
        settings = access.settings
        self._max_question_chars = settings.max_question_chars
        self._normalise_questions = settings.question_normalisation
        self._answer_context = settings.answer_context
        self._reranker_model = settings.reranker_model
        self._speaker_questions = settings.speaker_questions
        self._reranker: Reranker | None = None
        self._reranker_loaded = False
        self._reranker_lock = threading.Lock()
        scorers = shipped_scorers() if settings.answer_scoring == "learned" else None
        if scorers is not None and not settings.passage_rescoring:
            scorers = replace(scorers, passage=None)
        self._scorers: Scorers | None = scorers
        # Training reads the fused rows even before a passage model exists.
        self._rescore_passages = settings.passage_features or bool(
            self._scorers and self._scorers.passage
        )

    def validate_question(self, question: str) -> str:
        """Return the question stripped, or raise InvalidQuestion with the reason."""
        stripped = " ".join((question or "").split())
        if not stripped:
            raise InvalidQuestion("the question is empty: ask something about the articles")
        if len(stripped) > self._max_question_chars:
            raise InvalidQuestion(
                f"the question is {len(stripped):,} characters long; the limit is "
                f"{self._max_question_chars:,}"
            )
        return stripped

    def search(
        self,
        collection: str,
        question: str,
        limit: int | None,
        exclude_articles: frozenset[int],
        retrievers: Retrievers,
        as_of: date | None,
    ) -> Retrieval:
        """Check the question and return its ranked passages, vector and the BM25 index searched."""
        question = self.validate_question(question)
        live = self._access.live_index(collection)
        if live is None or len(live.dense) == 0:
            return Retrieval(question, [], np.zeros(0, dtype=np.float32), None)
        query_text = as_statement(question) if self._normalise_questions else question
        query_vector = self._access.embedder.embed([query_text])[0]
        lexical = self._access.indexes.lexical(collection, live)
        # Single retrievers are the plain baselines: no aggregation, dates or reranking.
        plain = retrievers != "hybrid"
        config = self._search_config
        if plain:
            config = replace(config, article_second_weight=0.0)
        reranker = None if plain else self._get_reranker()
        wanted = config.max_passages if limit is None else limit
        rescoring = not plain and self._rescore_passages
        with live.lock:
            passages = hybrid_search(
                question,
                query_vector,
                live.dense,
                lexical,
                lambda ids: self._store.chunks(collection, ids),
                lambda ids: self._store.chunk_vectors(ids, live.dense.dim),
                config,
                limit=(max(wanted, RESCORE_DEPTH) if rescoring else wanted)
                + (0 if plain else COPY_SLACK),
                exclude_articles=exclude_articles,
                retrievers=retrievers,
                reranker=reranker,
                as_of=None if plain else as_of,
            )
        if plain:
            return Retrieval(question, passages[:wanted], query_vector, lexical)
        searched = frozenset(p.source.article_id for p in passages)
        copies = self._store.story_copies(collection, searched)
        found = Retrieval(
            question,
            collapse_copied_passages(passages, copies),
            query_vector,
            lexical,
            copies=copies,
            searched_articles=searched,
        )
        if not rescoring:
            return found._replace(passages=found.passages[:wanted])
        return self._rescored(found, lexical, wanted, live.dense.dim, as_of)

    def _rescored(
        self,
        found: Retrieval,
        lexical: LexicalIndex,
        wanted: int,
        dim: int,
        as_of: date | None,
    ) -> Retrieval:
        """Reorder the fused top passages by the passage model, once their entities are in."""
        passages = found.passages
        fused = passages[:RESCORE_DEPTH]
        if any(p.entities is None for p in fused):
            return found._replace(passages=passages[:wanted])
        evidence = PassageEvidence(
            found.query_vector,
            lexical.term_weights(found.question, FUNCTION_WORDS),
            self._store.sentence_vectors([p.chunk_id for p in fused], dim),
            as_of,
        )
        rows = passage_features(found.question, fused, evidence, lexical.text_terms)
        model = self._scorers.passage if self._scorers else None
        ordered = rescore(model, fused, rows) if model else list(fused)
        ranked = [*ordered, *passages[RESCORE_DEPTH:]][:wanted]
        return found._replace(passages=ranked, fused=tuple(fused), fused_rows=rows)

    def gather(
        self,
        collection: str,
        question: str,
        exclude_articles: frozenset[int],
        as_of: date | None,
        learned: bool | None = None,
        quote_for: str | None = None,
        searched: Retrieval | None = None,
    ) -> Gathered | None:
        """Retrieve a question's passages and lay out its quote candidates; None if nothing.

        Learned scoring reads more passages and their neighbouring chunks than the hand-set
        weights, which were tuned on fewer; `learned` forces either (training forces it on).
        `quote_for` weighs the candidates against other words than the ones searched with (a
        follow-up's own, while its rewritten form finds the passages). `searched` is the
        question's search when it was already made.
        """
        retrieval = searched or self.search(
            collection, question, None, exclude_articles, "hybrid", as_of
        )
        passages, lexical = retrieval.passages, retrieval.lexical
        if not passages or lexical is None:
            return None
        if quote_for is not None and quote_for != retrieval.question:
            vector = self._access.embedder.embed([quote_for])[0]
            retrieval = retrieval._replace(question=quote_for, query_vector=vector)
        if learned is None:
            learned = self._learned_scoring(passages)
        config = self._answer_config if learned else self._hand_set_config
        considered = passages[: config.passages_considered]
        with_context = learned and self._answer_context
        context = neighbouring_passages(self._store, collection, considered) if with_context else []
        # The question's rare words, weighed once, against the top passage and all of them.
        weights = lexical.term_weights(retrieval.question, FUNCTION_WORDS)
        top, held = _held(lexical, passages[:1]), _held(lexical, considered)
        # A name no passage holds marks a story the library lacks ("Who leads Hezbollah?"); a
        # plain word may only be written otherwise ("take off" for "took off"), and in a small
        # library any word it never uses weighs as rare as a name.
        named = lexical.text_terms(" ".join(named_words(retrieval.question)))
        missing = {t: w for t, w in weights.items() if t not in held and t in named}
        evidence = Evidence(
            coverage=weighted_share(weights, top),
            union_coverage=weighted_share(weights, held),
            missing_rare=max(missing.values(), default=0.0) / (sum(weights.values()) or 1.0),
            context=context,
            as_of=as_of,
            lexicon=Lexicon(weights, lexical.text_terms),
        )
        candidates = candidates_of(considered, context, config.min_sentence_words)
        copies = self._story_copies(
            collection, retrieval, {p.source.article_id for p in considered}
        )
        candidates = prefer_earliest_copies(candidates, copies)
        embed = StoredSentenceVectors(self._store, self._access.embedder, [*considered, *context])
        return Gathered(retrieval, considered, candidates, evidence, embed, config, learned)

    def ask(
        self,
        collection: str,
        question: str,
        exclude_articles: frozenset[int],
        as_of: date | None,
        quote_for: str | None = None,
        threshold: float | None = None,
    ) -> Answer:
        """Answer a question with verbatim quotes from the collection's articles.

        `quote_for`, when given, is the wording quotes are picked for (a follow-up's own words,
        while passages were found with its rewritten question). `threshold`, when given, is the
        confidence below which the answer is "not found", in place of the configured one (a
        server's own setting).
        """
        canonical = self._speaker_form(question) if quote_for is None else None
        if canonical is not None:
            # Asked once more with its own words to quote for, so it is reworded once.
            answer = self.ask(collection, canonical, exclude_articles, as_of, canonical, threshold)
            return replace(answer, question=self.validate_question(question))
        gathered = self.gather(collection, question, exclude_articles, as_of, quote_for=quote_for)
        if gathered is None:
            question = self.validate_question(question)
            return Answer(question, found=False, confidence=0.0, quotes=(), sources=())
        scorers = self._scorers if gathered.learned else None
        if threshold is not None:
            config = replace(
                gathered.config, confidence_threshold=threshold, found_threshold=threshold
            )
            gathered = gathered._replace(config=config)
        if self._speaker_questions and (asked := speaker_question(question)) is not None:
            answer = self._about_speaker(
                collection, asked, gathered, scorers, exclude_articles, as_of
            )
        else:
            retrieval = gathered.retrieval
            answer = compose_answer(
                retrieval.question,
                retrieval.query_vector,
                retrieval.passages,
                gathered.embed_sentences,
                gathered.config,
                gathered.evidence,
                scorers,
                gathered.candidates,
            )
        cited = {source.article_id for source in answer.sources}
        answer = credit_copies(answer, self._story_copies(collection, gathered.retrieval, cited))
        if quote_for is None:
            return answer
        # The answer is to the question searched with, whatever words weighed its quotes.
        return replace(answer, question=self.validate_question(question))

    def _about_speaker(
        self,
        collection: str,
        asked: SpeakerQuestion,
        gathered: Gathered,
        scorers: Scorers | None,
        exclude_articles: frozenset[int],
        as_of: date | None,
    ) -> Answer:
        """Answer a question about what someone said, reading more for their statements."""
        # Whatever more is read for the speaker's statements brings its stored vectors.
        vectors = gathered.embed_sentences
        # The topic is searched once: for the speaker's statements, and again, if need be,
        # for what others said about it.
        searches: dict[str, Retrieval] = {}
        topic_search = self._topic_search(collection, exclude_articles, as_of, searches)
        return answer_about_speaker(
            asked,
            gathered,
            scorers,
            widened(asked, gathered, taking_in(topic_search, vectors)),
            taking_in(rest_of_articles(self._store, collection), vectors),
            taking_in(partial(neighbouring_passages, self._store, collection), vectors),
            partial(self._gather_topic, collection, exclude_articles, as_of, searches),
            taking_in(statements_of(self._store, collection, exclude_articles), vectors),
        )

    def _speaker_form(self, question: str) -> str | None:
        """Return the form a question about a speaker asked another way means ("What did the
        embassy have to say about…" is "what did the embassy say about…"), which it is searched
        and answered as; None for a question in that form already, or about no speaker."""
        if not self._speaker_questions:
            return None
        canonical = rephrased(question)
        if canonical == question or speaker_question(question) is None:
            return None
        return canonical

    def _gather_topic(
        self,
        collection: str,
        exclude_articles: frozenset[int],
        as_of: date | None,
        searches: dict[str, Retrieval],
        topic: str,
    ) -> Gathered | None:
        """Gather a speaker question's topic as a question of its own; None if it finds none."""
        try:
            searched = searches.get(topic)
            return self.gather(collection, topic, exclude_articles, as_of, searched=searched)
        except InvalidQuestion:
            return None

    def _story_copies(self, collection: str, retrieval: Retrieval, articles: set[int]) -> Copies:
        """Return the articles' story copies, reading only those the search did not look up."""
        unread = articles - retrieval.searched_articles
        if not unread:
            return retrieval.copies
        return {**retrieval.copies, **self._store.story_copies(collection, unread)}

    def _topic_search(
        self,
        collection: str,
        exclude_articles: frozenset[int],
        as_of: date | None,
        searches: dict[str, Retrieval],
    ) -> Callable[[str], list[Passage]]:
        """Return a search of the collection for other words, as the question was searched,
        which keeps each search made in `searches`."""

        def search(words: str) -> list[Passage]:
            found = self.search(collection, words, None, exclude_articles, "hybrid", as_of)
            searches[words] = found
            return found.passages

        return search

    def _learned_scoring(self, passages: Sequence[Passage]) -> bool:
        """Return whether learned scoring answers: models loaded, entities computed."""
        scorers = self._scorers
        if scorers is None or scorers.sentence is None or scorers.confidence is None:
            return False
        considered = passages[: self._answer_config.passages_considered]
        return all(p.entities is not None for p in considered)

    @property
    def scorers(self) -> Scorers | None:
        """The learned scorers answers use; None when the hand-set weights decide."""
        return self._scorers

    def use_scorers(self, scorers: Scorers | None) -> None:
        """Answer with these scorers from now on (training swaps in the models it fits)."""
        self._scorers = scorers
        self._rescore_passages = self._rescore_passages or bool(scorers and scorers.passage)

    def _get_reranker(self) -> Reranker | None:
        """Return the configured cross-encoder, loading it on first use; None when unset."""
        with self._reranker_lock:
            if not self._reranker_loaded:
                from retrieval.query.rerank import load_reranker

                self._reranker = load_reranker(self._reranker_model)
                self._reranker_loaded = True
            return self._reranker


def _held(lexical: LexicalIndex, passages: Sequence[Passage]) -> set[str]:
    """Return the terms the passages and their articles' titles hold, as BM25 sees them."""
    return lexical.text_terms("\n".join(f"{p.source.title}\n{p.text}" for p in passages))
