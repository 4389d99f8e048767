"""Widening a speaker question's pool: a search on its topic alone, the chunks beside the
speaker's statements, and the rest of the articles found, for statements the question's own
search misses."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from retrieval.errors import InvalidQuestion
from retrieval.library.stored_reading import SpokenAsked
from retrieval.query.features import candidates_of
from retrieval.query.speaker_names import proper_words, speaks_as
from retrieval.query.speakers import SpeakerQuestion
from retrieval.store.speaker_words import name_words
from retrieval.types import Passage

if TYPE_CHECKING:
    from retrieval.library.asking import Gathered


def widened(
    asked: SpeakerQuestion, gathered: Gathered, search: Callable[[str], list[Passage]]
) -> Gathered:
    """Return the gathered candidates with those of a search on the question's topic added.

    "What did the NWS meteorologist say about the flooding?" searches with the speaker's
    words, which the sentence quoting them seldom holds ("It is catastrophic," Hurley said):
    the topic alone finds statements the whole question ranks low. Only the speaker's
    statements are drawn from the added ones; a question of fact ("according to X, how
    many…") or one with no topic keeps what it gathered.
    """
    if asked.factoid or not asked.topic.strip():
        return gathered
    try:
        found = search(asked.topic)
    except InvalidQuestion:  # a topic left empty once stripped: nothing more to search for
        return gathered
    return _with_passages(gathered, found)


def with_rest_of_articles(
    gathered: Gathered, read: Callable[[Sequence[Passage]], list[Passage]], speaker: str = ""
) -> Gathered:
    """Return the gathered candidates with those of the other passages of the first articles.

    "What did Abby Silverman's lawyer say about taking legal action?" finds the article about
    her, but not the passage where the lawyer speaks ("all legal remedies"): before saying the
    lawyer made no statement, the rest of the articles found is read. The articles whose
    passages found name the speaker asked about ("Silverman") are read first.
    """
    return _with_passages(gathered, read(naming_first(gathered.retrieval.passages, speaker)))


# An article titled for the speaker is read whole only among the first this many found.
_TITLED_AMONG = 2


def with_articles_titled_for(
    gathered: Gathered,
    read: Callable[[Sequence[Passage]], list[Passage]],
    speaker: str,
    read_already: set[int],
) -> Gathered:
    """Return the gathered candidates with the rest of the articles found whose title names
    the speaker ("Blinken Israel Visit" for "what did Blinken say about Gaza?"), where none of
    the speaker's statements was found yet: the statement on the topic is likely there."""
    names = [n.casefold() for n in proper_words(speaker.title())]
    # Only among the articles the question itself found first: a likely place, not a sure one.
    found = list(dict.fromkeys(p.source.article_id for p in gathered.retrieval.passages))
    leading = set(found[:_TITLED_AMONG])
    titled = [
        p
        for p in gathered.retrieval.passages
        if p.source.article_id in leading
        and p.source.article_id not in read_already
        and any(n in p.source.title.casefold() for n in names)
    ]
    if not titled:
        return gathered
    first = titled[
        0
    ].source.article_id  # one article read whole: this is a likely place, not a sure one
    return _with_passages(gathered, read([p for p in titled if p.source.article_id == first]))


def with_statements_of(
    gathered: Gathered, read: Callable[[SpokenAsked], list[Passage]], asked: SpeakerQuestion
) -> Gathered:
    """Return the gathered candidates with those of the asked speaker's statements nearest the
    topic anywhere in the collection, found by name in the speaker index.

    "Does Warren want Roe brought back through legislation?" finds the articles on Roe, but
    not the one where Warren speaks on it. Only the capitalised words of the asked name are
    looked up, and a speaker's name or description must hold them all ("Warren", "Goldman
    Sachs", "Artemis mission manager Sarafin"): "the embassy" or "his attorney" could be
    anyone's, across articles.
    """
    words = looked_up_words(asked.speaker)
    if not words:
        return gathered
    topic = gathered.embed_sentences([asked.wording or asked.speaker])[0]
    found = read(SpokenAsked(words, topic))
    # The index holds words ("Utah" of "Utah lawmaker" for "Utah's outgoing senator"): a
    # passage is taken in only where someone in it is the one asked.
    theirs = [p for p in found if any(speaks_as(asked.speaker, s) for s in p.speakers or ())]
    return _with_passages(gathered, theirs)


def searched(passage: Passage) -> bool:
    """Tell whether a search ranked a passage, or one it was read beside (its scores are
    borrowed); False for one found by a speaker's name alone."""
    return passage.dense_rank is not None or passage.lexical_rank is not None


def looked_up_words(speaker: str) -> frozenset[str]:
    """Return the words an asked speaker is looked up by in the speaker index: those of the
    name asked, titles, possessives and descriptions aside; none for a description alone."""
    return frozenset(name_words(" ".join(proper_words(speaker))))


def naming_first(passages: Sequence[Passage], speaker: str) -> list[Passage]:
    """Return the passages that name the speaker asked about (in title or text) first."""
    names = proper_words(speaker)
    naming = {
        p.chunk_id for p in passages if any(n in f"{p.source.title}\n{p.text}" for n in names)
    }
    return sorted(passages, key=lambda p: p.chunk_id not in naming)


def with_passages_beside(
    gathered: Gathered,
    read: Callable[[Sequence[Passage]], list[Passage]],
    passages: Sequence[Passage],
) -> Gathered:
    """Return the gathered candidates with those of the chunks beside some passages.

    "“I'm embarrassed for my university,” Patterson told USA TODAY." may be found while the
    paragraph after it, where he goes on, is not.
    """
    return _with_passages(gathered, read(passages))


def _with_passages(gathered: Gathered, found: Sequence[Passage]) -> Gathered:
    """Add the sentences of the passages not gathered yet as candidates."""
    held = {p.chunk_id for p in gathered.retrieval.passages}
    held |= {c.passage.chunk_id for c in gathered.candidates}
    new = [p for p in found if p.chunk_id not in held]
    if not new:
        return gathered
    extra = candidates_of(new, [], gathered.config.min_sentence_words)
    retrieval = gathered.retrieval._replace(passages=[*gathered.retrieval.passages, *new])
    return gathered._replace(retrieval=retrieval, candidates=[*gathered.candidates, *extra])
